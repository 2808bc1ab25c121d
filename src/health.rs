//! Liveness and readiness state shared between the pipeline (which updates it) and the HTTP
//! endpoints and systemd watchdog (which read it). Lock-free: plain atomics.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Shared health flags. Clone the `Arc`, not the struct.
#[derive(Debug, Default)]
pub struct Health {
    /// The client has a working connection to the cluster.
    connected: AtomicBool,
    /// Partitions are assigned, or the group is waiting for an assignment normally.
    assignment_ok: AtomicBool,
    /// Shutdown or drain in progress: not ready to take work.
    draining: AtomicBool,
    /// Milliseconds since the epoch of the main loop's last tick.
    last_tick_ms: AtomicU64,
}

impl Health {
    /// A fresh, not-yet-ready state.
    pub fn new() -> Arc<Health> {
        let h = Arc::new(Health::default());
        h.tick();
        h
    }

    /// Called by the main loop each iteration (and at least once per poll timeout).
    pub fn tick(&self) {
        self.last_tick_ms.store(now_ms(), Ordering::Relaxed);
    }

    /// Records whether the client is connected.
    pub fn set_connected(&self, v: bool) {
        self.connected.store(v, Ordering::Relaxed);
    }

    /// Records whether the group assignment is in a normal state.
    pub fn set_assignment_ok(&self, v: bool) {
        self.assignment_ok.store(v, Ordering::Relaxed);
    }

    /// Marks the daemon as draining (irreversible for shutdown; cleared after a revoke drain).
    pub fn set_draining(&self, v: bool) {
        self.draining.store(v, Ordering::Relaxed);
    }

    /// Alive: the main loop ticked within `max_silence`.
    pub fn is_live(&self, max_silence: Duration) -> bool {
        now_ms().saturating_sub(self.last_tick_ms.load(Ordering::Relaxed))
            <= max_silence.as_millis() as u64
    }

    /// Ready: connected, assignment normal, not draining.
    pub fn is_ready(&self) -> bool {
        self.connected.load(Ordering::Relaxed)
            && self.assignment_ok.load(Ordering::Relaxed)
            && !self.draining.load(Ordering::Relaxed)
    }
}

fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0)
}
