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
    /// Shutdown in progress: not ready to take work, for good.
    shutting_down: AtomicBool,
    /// The pipeline drains on its own (a revoke, a pass ending before an in-process resume):
    /// not ready until that ends. Kept apart from `shutting_down` so that the end of such a
    /// drain can never clear a shutdown that began meanwhile.
    pipeline_draining: AtomicBool,
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

    /// Marks the daemon as shutting down (SIGTERM, or the pipeline told to stop), for good:
    /// nothing clears it. The pipeline's own drains use [`Health::set_pipeline_draining`].
    pub fn set_shutting_down(&self) {
        self.shutting_down.store(true, Ordering::Relaxed);
    }

    /// Marks a drain of the pipeline's own (a revoke, the end of a pass before an in-process
    /// resume) as begun or ended; ending it leaves a shutdown in force.
    pub fn set_pipeline_draining(&self, v: bool) {
        self.pipeline_draining.store(v, Ordering::Relaxed);
    }

    /// Alive: the main loop ticked within `max_silence`.
    pub fn is_live(&self, max_silence: Duration) -> bool {
        now_ms().saturating_sub(self.last_tick_ms.load(Ordering::Relaxed))
            <= max_silence.as_millis() as u64
    }

    /// Ready: connected, assignment normal, neither shutting down nor draining.
    pub fn is_ready(&self) -> bool {
        self.connected.load(Ordering::Relaxed)
            && self.assignment_ok.load(Ordering::Relaxed)
            && !self.shutting_down.load(Ordering::Relaxed)
            && !self.pipeline_draining.load(Ordering::Relaxed)
    }
}

fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ready_health() -> Arc<Health> {
        let h = Health::new();
        h.set_connected(true);
        h.set_assignment_ok(true);
        h
    }

    #[test]
    fn a_pipeline_drain_is_not_ready_until_it_ends() {
        let h = ready_health();
        assert!(h.is_ready());
        h.set_pipeline_draining(true);
        assert!(!h.is_ready());
        h.set_pipeline_draining(false);
        assert!(h.is_ready());
    }

    /// SIGTERM arrives while the pipeline is between two passes of an in-process resume:
    /// the resume ending its drain must not make `/readyz` answer 200 while stopping.
    #[test]
    fn the_end_of_a_pipeline_drain_does_not_clear_a_shutdown_begun_meanwhile() {
        let h = ready_health();
        h.set_pipeline_draining(true); // the pass ended; a resume follows
        h.set_shutting_down(); // SIGTERM
        h.set_pipeline_draining(false); // the resume starts the next pass
        assert!(!h.is_ready(), "ready while shutting down");
        // The same with the shutdown first.
        let h = ready_health();
        h.set_shutting_down();
        h.set_pipeline_draining(true);
        h.set_pipeline_draining(false);
        assert!(!h.is_ready(), "ready while shutting down");
    }
}
