//! Unix signals: SIGTERM and SIGINT request a graceful shutdown (a second one exits at once),
//! SIGHUP reloads the rules.

use std::future::Future;

use tokio::signal::unix::{signal, Signal, SignalKind};

use super::reload::Reloader;

/// Exit status after a second SIGTERM/SIGINT cut the drain short (128 + SIGINT, by custom).
pub const FORCED_EXIT_STATUS: i32 = 130;

/// The installed handlers. Install early: until then the default action (exit) applies.
pub struct Signals {
    /// SIGTERM (systemd, Kubernetes): the first requests a drain, a second exits at once.
    term: Signal,
    /// SIGINT (Ctrl-C in a terminal): treated exactly like SIGTERM.
    int: Signal,
    /// SIGHUP: reloads the rules; handed to [`Hangup`] by [`Signals::split`].
    hup: Signal,
}

impl Signals {
    /// Installs the handlers. Needs a Tokio runtime.
    pub fn install() -> std::io::Result<Signals> {
        Ok(Signals {
            term: signal(SignalKind::terminate())?,
            int: signal(SignalKind::interrupt())?,
            hup: signal(SignalKind::hangup())?,
        })
    }

    /// Splits into the shutdown future and the SIGHUP handler.
    pub fn split(self) -> (impl Future<Output = ()> + Send + 'static, Hangup) {
        let Signals {
            mut term,
            mut int,
            hup,
        } = self;
        let shutdown = async move {
            let name = tokio::select! {
                _ = term.recv() => "SIGTERM",
                _ = int.recv() => "SIGINT",
            };
            tracing::info!(signal = name, "shutdown requested");
            // A second signal means "now": whoever sends it has given up waiting.
            tokio::spawn(async move {
                let name = tokio::select! {
                    _ = term.recv() => "SIGTERM",
                    _ = int.recv() => "SIGINT",
                };
                tracing::error!(
                    signal = name,
                    "second signal during drain; exiting without finishing it"
                );
                std::process::exit(FORCED_EXIT_STATUS);
            });
        };
        (shutdown, Hangup { hup })
    }
}

/// The SIGHUP handler.
pub struct Hangup {
    /// The installed SIGHUP stream; held so SIGHUP never falls back to its default (exit).
    hup: Signal,
}

impl Hangup {
    /// Reloads the rules on every SIGHUP, forever (abort the task to stop).
    pub async fn reload_on_signal(mut self, reloader: Reloader) {
        while self.hup.recv().await.is_some() {
            tracing::info!(signal = "SIGHUP", "reloading rules");
            // Failures are logged and counted by the reloader.
            let _ = reloader.reload().await;
        }
    }
}
