//! The daemon: process lifecycle around the pipeline (config, HTTP endpoints, signals,
//! systemd notification, rule reload, embedded mode).
//!
//! [`Daemon::start`] is the library-level entry: it takes a loaded [`Config`] and a shutdown
//! future, binds the HTTP listener (port 0 works; read [`Daemon::http_addr`]), starts the
//! pipeline, and returns a handle. Tests use it directly; [`run_until_signalled`] wires it
//! to Unix signals for `newstag run`.

pub mod embedded;
pub mod http;
pub mod notify;
pub mod reload;
pub mod signals;

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use arc_swap::ArcSwap;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::config::Config;
use crate::health::Health;
use crate::metrics::Metrics;
use crate::pipeline::{self, PipelineContext, PipelineError};
use crate::tagger::{RulesError, Tagger};

use self::http::HttpState;
use self::reload::Reloader;

/// What the pipeline may still do after a drain that used its whole
/// `shutdown.drain_timeout_ms`: the producer's purge-and-flush when it is dropped (librdkafka
/// bounds it well below this; a healthy flush takes milliseconds).
pub const FLUSH_ALLOWANCE: Duration = Duration::from_secs(2);

/// The other post-drain steps: the synchronous offset commit (or the transaction commit in
/// exactly-once mode) and the consumer close, which leaves the group.
pub const COMMIT_CLOSE_ALLOWANCE: Duration = Duration::from_secs(2);

/// Time past `shutdown.drain_timeout_ms` after which the daemon gives up on the pipeline and
/// exits non-zero: the pipeline gets its full drain budget, then the flush, commit and close
/// that follow it (`engine::finish`). The whole stop is bounded by drain timeout + 4 s (9 s
/// with the default drain timeout of 5 s: the issue asks for a default under 10 s);
/// systemd's `TimeoutStopSec` and Kubernetes' `terminationGracePeriodSeconds` must stay above
/// that (`scripts/check-deploy.sh` checks it).
pub const HARD_DEADLINE_GRACE: Duration =
    Duration::from_secs(FLUSH_ALLOWANCE.as_secs() + COMMIT_CLOSE_ALLOWANCE.as_secs());

/// Why the daemon could not start or did not stop cleanly.
#[derive(Debug, thiserror::Error)]
pub enum DaemonError {
    /// The rules named by `rules.dir` (or the built-in ones) do not load.
    #[error("{0}")]
    Rules(#[from] RulesError),
    /// The metrics registry could not be built (a programming error).
    #[error("metrics registry: {0}")]
    Metrics(prometheus::Error),
    /// The HTTP listener could not bind.
    #[error("config key `http.listen`: cannot listen on {addr}: {error}")]
    Bind {
        /// The configured address.
        addr: SocketAddr,
        /// Why (in the message, so not also a `source`).
        error: std::io::Error,
    },
    /// Signal handlers could not be installed.
    #[error("cannot install signal handlers: {0}")]
    Signals(std::io::Error),
    /// The pipeline stopped with a fatal error.
    #[error("pipeline failed: {0}")]
    Pipeline(PipelineError),
    /// The pipeline returned although no shutdown was requested.
    #[error("pipeline stopped without a shutdown request")]
    PipelineStopped,
    /// The pipeline task panicked.
    #[error("pipeline task panicked: {0}")]
    Panicked(String),
    /// The drain did not finish within `shutdown.drain_timeout_ms` plus the grace period.
    #[error(
        "drain did not finish within {0:?} (shutdown.drain_timeout_ms plus grace); exiting anyway"
    )]
    DrainTimeout(Duration),
    /// The HTTP server failed.
    #[error("HTTP server: {0}")]
    Http(std::io::Error),
    /// Embedded mode could not set up its mock cluster or feed it.
    #[error("embedded mode: {0}")]
    Embedded(String),
}

/// A running daemon.
pub struct Daemon {
    /// Where `/metrics`, `/healthz` and `/readyz` are served.
    http_addr: SocketAddr,
    /// The metrics the pipeline updates.
    metrics: Metrics,
    /// The health flags the pipeline updates.
    health: Arc<Health>,
    /// The rules in force.
    tagger: Arc<ArcSwap<Tagger>>,
    /// Rebuilds and swaps the rules.
    reloader: Reloader,
    /// Turns true when shutdown was requested (by the injected future).
    stopping: watch::Receiver<bool>,
    /// The supervisor: pipeline outcome, bounded by the hard deadline.
    supervisor: JoinHandle<Result<(), DaemonError>>,
    /// Stops the HTTP listener; sent by [`Daemon::wait`] once the pipeline is done, so the
    /// endpoints answer (readyz 503) throughout the drain.
    http_stop: watch::Sender<bool>,
    /// The HTTP server task.
    http_task: JoinHandle<std::io::Result<()>>,
}

impl Daemon {
    /// Starts the daemon: rules, metrics, health, HTTP listener, pipeline. Returns once the
    /// listener is bound; the pipeline connects in the background (watch `/readyz`).
    /// When `shutdown` completes the daemon drains and stops.
    pub async fn start(
        config: Config,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> Result<Daemon, DaemonError> {
        Daemon::start_with_mode(config, pipeline::Mode::Enrich, shutdown).await
    }

    /// [`Daemon::start`] with an explicit pipeline [`pipeline::Mode`] (passthrough is the
    /// benchmark baseline only).
    pub async fn start_with_mode(
        config: Config,
        mode: pipeline::Mode,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> Result<Daemon, DaemonError> {
        let config = Arc::new(config);
        let metrics = Metrics::new().map_err(DaemonError::Metrics)?;
        let health = Health::new();
        let rules_dir = config.rules.dir.clone();
        let tagger = tokio::task::spawn_blocking(move || reload::load_rules(rules_dir.as_deref()))
            .await
            .map_err(|e| DaemonError::Panicked(e.to_string()))??;
        reload::set_build_info(&metrics, None, tagger.rules_digest());
        tracing::info!(
            version = crate::VERSION,
            rules_digest = tagger.rules_digest(),
            rules_dir = ?config.rules.dir,
            "rules loaded"
        );
        let tagger = Arc::new(ArcSwap::from_pointee(tagger));
        let reloader = Reloader::new(config.rules.dir.clone(), tagger.clone(), metrics.clone());

        let listener = http::bind(config.http.listen)
            .await
            .map_err(|error| DaemonError::Bind {
                addr: config.http.listen,
                error,
            })?;
        let http_addr = listener.local_addr().map_err(DaemonError::Http)?;
        let (http_stop, http_stop_rx) = watch::channel(false);
        let http_task = tokio::spawn(http::serve(
            listener,
            HttpState {
                metrics: metrics.clone(),
                health: health.clone(),
                liveness_timeout: config.http.liveness_timeout(),
            },
            became_true(http_stop_rx),
        ));
        tracing::info!(%http_addr, "serving /metrics, /healthz, /readyz");

        let (stop_tx, stop_rx) = watch::channel(false);
        {
            let health = health.clone();
            let metrics = metrics.clone();
            let drain = config.shutdown.drain_timeout();
            tokio::spawn(async move {
                shutdown.await;
                health.set_shutting_down();
                metrics.ready.set(0);
                notify::stopping();
                tracing::info!(drain_timeout_ms = drain.as_millis() as u64, "draining");
                stop_tx.send_replace(true);
            });
        }
        tokio::spawn(notify::monitor(
            health.clone(),
            metrics.clone(),
            config.http.liveness_timeout(),
            stop_rx.clone(),
        ));

        let ctx = PipelineContext {
            config: config.clone(),
            tagger: tagger.clone(),
            metrics: metrics.clone(),
            health: health.clone(),
            mode,
            probe: None,
        };
        // Liveness counts from the pipeline's start: compiling the rules above may take longer
        // than a short `http.liveness_timeout_ms`.
        health.tick();
        let pipeline = tokio::spawn(pipeline::run(ctx, became_true(stop_rx.clone())));
        let hard_deadline = config.shutdown.drain_timeout() + HARD_DEADLINE_GRACE;
        let supervisor = tokio::spawn(supervise(pipeline, stop_rx.clone(), hard_deadline));

        Ok(Daemon {
            http_addr,
            metrics,
            health,
            tagger,
            reloader,
            stopping: stop_rx,
            supervisor,
            http_stop,
            http_task,
        })
    }

    /// The bound address of the HTTP listener (the real port when `http.listen` used 0).
    pub fn http_addr(&self) -> SocketAddr {
        self.http_addr
    }

    /// The daemon's metrics.
    pub fn metrics(&self) -> &Metrics {
        &self.metrics
    }

    /// The daemon's health flags.
    pub fn health(&self) -> &Arc<Health> {
        &self.health
    }

    /// The rules in force right now.
    pub fn tagger(&self) -> Arc<Tagger> {
        self.tagger.load_full()
    }

    /// The reloader SIGHUP uses; tests call it directly.
    pub fn reloader(&self) -> Reloader {
        self.reloader.clone()
    }

    /// Whether shutdown has been requested.
    pub fn is_stopping(&self) -> bool {
        *self.stopping.borrow()
    }

    /// Waits for the pipeline to finish (after shutdown, or on a fatal error), then stops the
    /// HTTP listener. `Ok` only for a clean drain after a requested shutdown.
    pub async fn wait(self) -> Result<(), DaemonError> {
        let outcome = match self.supervisor.await {
            Ok(r) => r,
            Err(e) => Err(DaemonError::Panicked(e.to_string())),
        };
        self.http_stop.send_replace(true);
        if !matches!(outcome, Err(DaemonError::DrainTimeout(_))) {
            match self.http_task.await {
                Ok(Ok(())) => {}
                Ok(Err(e)) => tracing::warn!(error = %e, "HTTP server stopped with an error"),
                Err(e) => tracing::warn!(error = %e, "HTTP server task failed"),
            }
        }
        outcome
    }
}

/// Waits for the pipeline; after a shutdown request bounds the wait by `hard_deadline`.
async fn supervise(
    mut pipeline: JoinHandle<Result<(), PipelineError>>,
    mut stopping: watch::Receiver<bool>,
    hard_deadline: Duration,
) -> Result<(), DaemonError> {
    let deadline = async {
        let _ = stopping.wait_for(|s| *s).await;
        tokio::time::sleep(hard_deadline).await;
    };
    let result = tokio::select! {
        r = &mut pipeline => r,
        () = deadline => return Err(DaemonError::DrainTimeout(hard_deadline)),
    };
    match result {
        Ok(Ok(())) if *stopping.borrow() => Ok(()),
        Ok(Ok(())) => Err(DaemonError::PipelineStopped),
        Ok(Err(e)) => Err(DaemonError::Pipeline(e)),
        Err(e) => Err(DaemonError::Panicked(e.to_string())),
    }
}

/// A future that completes once `rx` holds `true` (or its sender is gone).
async fn became_true(mut rx: watch::Receiver<bool>) {
    let _ = rx.wait_for(|v| *v).await;
}

/// `newstag run --config`: the daemon with SIGTERM/SIGINT as shutdown and SIGHUP as reload.
/// Installs the handlers before anything else so an early signal is not lost.
/// `mode` is [`pipeline::Mode::Enrich`] except for the benchmark's `--passthrough` baseline.
pub async fn run_until_signalled(config: Config, mode: pipeline::Mode) -> Result<(), DaemonError> {
    let (shutdown, hangup) = signals::Signals::install()
        .map_err(DaemonError::Signals)?
        .split();
    let daemon = Daemon::start_with_mode(config, mode, shutdown).await?;
    let hup = tokio::spawn(hangup.reload_on_signal(daemon.reloader()));
    let result = daemon.wait().await;
    hup.abort();
    if result.is_ok() {
        tracing::info!("stopped cleanly");
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stopping(v: bool) -> (watch::Sender<bool>, watch::Receiver<bool>) {
        watch::channel(v)
    }

    #[test]
    fn the_grace_covers_flush_commit_and_close() {
        assert_eq!(HARD_DEADLINE_GRACE, Duration::from_secs(4));
        let default_stop =
            crate::config::ShutdownConfig::default().drain_timeout() + HARD_DEADLINE_GRACE;
        assert!(default_stop < Duration::from_secs(10), "{default_stop:?}");
    }

    #[tokio::test]
    async fn a_pipeline_stuck_in_drain_hits_the_hard_deadline() {
        let (_tx, rx) = stopping(true);
        let stuck = tokio::spawn(std::future::pending::<Result<(), PipelineError>>());
        let r = supervise(stuck, rx, Duration::from_millis(10)).await;
        assert!(matches!(r, Err(DaemonError::DrainTimeout(_))), "{r:?}");
    }

    #[tokio::test]
    async fn no_deadline_runs_before_shutdown_is_requested() {
        let (_tx, rx) = stopping(false);
        let (done_tx, done_rx) = tokio::sync::oneshot::channel::<()>();
        let pipeline = tokio::spawn(async move {
            let _ = done_rx.await;
            Err(PipelineError::Other("broker gone".to_string()))
        });
        let sup = tokio::spawn(supervise(pipeline, rx, Duration::ZERO));
        // With a zero deadline, only the missing shutdown request keeps the deadline off.
        tokio::task::yield_now().await;
        let _ = done_tx.send(());
        let r = sup.await.expect("supervisor");
        assert!(
            matches!(&r, Err(DaemonError::Pipeline(e)) if e.to_string() == "broker gone"),
            "{r:?}"
        );
    }

    #[tokio::test]
    async fn outcomes_are_classified() {
        let (_tx, rx) = stopping(true);
        let ok = tokio::spawn(async { Ok::<(), PipelineError>(()) });
        assert!(supervise(ok, rx, Duration::from_secs(60)).await.is_ok());

        let (_tx, rx) = stopping(false);
        let early = tokio::spawn(async { Ok::<(), PipelineError>(()) });
        let r = supervise(early, rx, Duration::from_secs(60)).await;
        assert!(matches!(r, Err(DaemonError::PipelineStopped)), "{r:?}");
    }
}
