//! systemd notification (`sd_notify`): `READY=1` once the pipeline is ready, `STOPPING=1` on
//! shutdown, `RELOADING=1`/`READY=1` around a rule reload, and `WATCHDOG=1` pings at half of
//! `WATCHDOG_USEC` only while the pipeline's main loop is ticking. Every call is a no-op when
//! `NOTIFY_SOCKET` is unset (not under systemd, or `Type=simple`).

use std::sync::Arc;
use std::time::{Duration, Instant};

use sd_notify::NotifyState;
use tokio::sync::watch;

use crate::health::Health;
use crate::metrics::Metrics;

/// How often the monitor re-reads the health flags when no watchdog asks for faster.
const MONITOR_PERIOD: Duration = Duration::from_millis(500);

/// Sends one notification without ever blocking the caller (an async runtime worker): the
/// datagram socket is non-blocking, so a full receive queue on the manager's side drops the
/// message (`WouldBlock`, logged at debug) instead of stalling the runtime. A lost `WATCHDOG=1`
/// is re-sent at the next ping; losing a state change only delays what systemd shows.
fn send(states: &[NotifyState<'_>]) {
    let Some(path) = std::env::var_os("NOTIFY_SOCKET") else {
        return;
    };
    let mut msg = String::new();
    for s in states {
        msg.push_str(&s.to_string());
        msg.push('\n');
    }
    match send_nonblocking(&path, msg.as_bytes()) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
            tracing::debug!("sd_notify socket full; notification dropped");
        }
        Err(e) => tracing::warn!(error = %e, "sd_notify failed"),
    }
}

/// One datagram to `path` (a file system path, or `@name` for the abstract namespace) from a
/// fresh non-blocking socket.
fn send_nonblocking(path: &std::ffi::OsStr, msg: &[u8]) -> std::io::Result<()> {
    use std::os::unix::ffi::OsStrExt;
    use std::os::unix::net::{SocketAddr, UnixDatagram};

    let sock = UnixDatagram::unbound()?;
    sock.set_nonblocking(true)?;
    let bytes = path.as_bytes();
    if let Some(name) = bytes.strip_prefix(b"@") {
        use std::os::linux::net::SocketAddrExt;
        sock.connect_addr(&SocketAddr::from_abstract_name(name)?)?;
    } else {
        sock.connect(path)?;
    }
    let n = sock.send(msg)?;
    if n == msg.len() {
        Ok(())
    } else {
        Err(std::io::Error::new(
            std::io::ErrorKind::WriteZero,
            "incomplete sd_notify datagram",
        ))
    }
}

/// `READY=1` with a status line.
pub fn ready(status: &str) {
    send(&[NotifyState::Ready, NotifyState::Status(status)]);
}

/// `STOPPING=1`.
pub fn stopping() {
    send(&[NotifyState::Stopping, NotifyState::Status("draining")]);
}

/// `RELOADING=1` with the monotonic timestamp systemd 253+ requires alongside it.
pub fn reloading() {
    match NotifyState::monotonic_usec_now() {
        Ok(now) => send(&[NotifyState::Reloading, now]),
        Err(_) => send(&[NotifyState::Reloading]),
    }
}

/// Mirrors readiness into the `newstag_ready` gauge, sends `READY=1` the first time the
/// pipeline is ready, and pings the watchdog while the main loop is live. Runs until `stop`
/// turns true.
pub async fn monitor(
    health: Arc<Health>,
    metrics: Metrics,
    liveness_timeout: Duration,
    mut stop: watch::Receiver<bool>,
) {
    let watchdog =
        sd_notify::watchdog_enabled().filter(|_| std::env::var_os("NOTIFY_SOCKET").is_some());
    let ping_every = watchdog.map(|w| w / 2);
    let period = ping_every.map_or(MONITOR_PERIOD, |p| p.min(MONITOR_PERIOD));
    let mut ticker = tokio::time::interval(period);
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut sent_ready = false;
    let mut last_ping: Option<Instant> = None;
    loop {
        tokio::select! {
            _ = ticker.tick() => {}
            _ = stop.wait_for(|s| *s) => break,
        }
        let ready = health.is_ready();
        metrics.ready.set(i64::from(ready));
        if ready && !sent_ready {
            sent_ready = true;
            ready_notification();
        }
        if let Some(every) = ping_every {
            let due = last_ping.is_none_or(|t| t.elapsed() >= every);
            if due && health.is_live(liveness_timeout) {
                send(&[NotifyState::Watchdog]);
                last_ping = Some(Instant::now());
            }
        }
    }
    metrics.ready.set(0);
}

fn ready_notification() {
    tracing::info!("pipeline ready");
    ready("processing");
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::net::UnixDatagram;

    #[test]
    fn a_full_notify_socket_drops_instead_of_blocking() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("notify.sock");
        let _receiver = UnixDatagram::bind(&path).expect("bind");
        let start = Instant::now();
        let mut would_block = false;
        // Nobody reads: the receive queue fills and a blocking send would hang here.
        for _ in 0..100_000 {
            match send_nonblocking(path.as_os_str(), b"WATCHDOG=1\n") {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                    would_block = true;
                    break;
                }
                Err(e) => panic!("unexpected error: {e}"),
            }
        }
        assert!(would_block, "the queue never filled");
        assert!(start.elapsed() < Duration::from_secs(10));
    }
}
