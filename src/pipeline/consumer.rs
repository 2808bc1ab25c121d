//! The consumer side: the librdkafka consumer context that handles rebalances, statistics and
//! errors, and the classification of consumer errors.
//!
//! # Rebalances
//!
//! The consumer is a [`BaseConsumer`] polled by the pipeline thread; librdkafka runs the
//! rebalance callback on that thread, inside `poll`. On revocation the callback *drains*: it
//! waits (bounded by `shutdown.drain_timeout_ms`) for the delivery reports of every in-flight
//! message of the revoked partitions — they arrive over a channel from the producer's own
//! polling thread, so waiting here cannot deadlock — stores the acknowledged watermarks and
//! commits synchronously, and only then returns and lets librdkafka release the partitions.
//! On assignment it starts tracking the new partitions under a fresh epoch. A *lost*
//! assignment (session timed out, another member may already own the partitions) is never
//! committed.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use rdkafka::client::ClientContext;
use rdkafka::config::RDKafkaLogLevel;
use rdkafka::consumer::{BaseConsumer, CommitMode, Consumer, ConsumerContext, Rebalance};
use rdkafka::error::{KafkaError, KafkaResult};
use rdkafka::statistics::Statistics;
use rdkafka::types::RDKafkaErrorCode;
use rdkafka::TopicPartitionList;

use crate::config::DeliveryMode;
use crate::pipeline::acks::AckState;
use crate::pipeline::shared::{is_fatal_code, Shared};

/// Hook run on revocation in exactly-once mode: commits the open transaction (with the
/// consumed offsets) before the partitions are released.
pub type RevokeHook =
    Box<dyn Fn(&BaseConsumer<PipelineConsumerContext>, &mut AckState) + Send + Sync>;

/// The consumer context.
pub struct PipelineConsumerContext {
    /// Fatal-error slot, health and metrics.
    pub shared: Arc<Shared>,
    /// Acknowledgement state; see [`super::acks`] for why a mutex.
    pub state: Mutex<AckState>,
    /// Input topic (label of the lag gauge, filter for assignments).
    pub input_topic: String,
    /// Bound on a revoke drain.
    pub drain_timeout: Duration,
    /// Delivery guarantee (exactly-once commits through the transaction, not the consumer).
    pub delivery: DeliveryMode,
    /// Set when the pipeline is shutting down: a finished revoke drain must not clear the
    /// draining flag then.
    pub stopping: AtomicBool,
    /// Counts rebalance callbacks (assign and revoke). The pipeline thread notes it after each
    /// poll, so it can tell which of the messages polled for a batch (not yet registered)
    /// predate a rebalance; see [`AckState::touched`].
    pub rebalances: AtomicU64,
    /// Exactly-once: commits the open transaction on revoke.
    pub on_revoke: Mutex<Option<RevokeHook>>,
    /// Exactly-once: on a *lost* assignment, aborts the open transaction if it holds output
    /// for those partitions (committing it without its offsets would duplicate) and stops.
    pub on_lost: Mutex<Option<RevokeHook>>,
}

impl PipelineConsumerContext {
    /// Locks the acknowledgement state (never contended; poisoning is survived).
    pub fn lock(&self) -> MutexGuard<'_, AckState> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The rebalance counter (see [`PipelineConsumerContext::rebalances`]).
    pub fn rebalance_generation(&self) -> u64 {
        self.rebalances.load(Ordering::Acquire)
    }

    /// Bumps the rebalance counter and notes `parts` as changed at the new generation.
    fn touch(&self, st: &mut AckState, parts: &[i32]) {
        let generation = self.rebalances.fetch_add(1, Ordering::AcqRel) + 1;
        st.touched.extend(parts.iter().map(|&p| (generation, p)));
    }

    fn partitions(&self, tpl: &TopicPartitionList) -> Vec<i32> {
        tpl.elements_for_topic(&self.input_topic)
            .iter()
            .map(|e| e.partition())
            .collect()
    }

    /// Waits until the given partitions have nothing in flight, a delivery failed, or the
    /// drain timeout passed. Returns whether they are fully drained.
    pub fn drain(&self, st: &mut AckState, partitions: &[i32], timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        loop {
            // Still alive while draining: the liveness check must not fire.
            self.shared.health.tick();
            st.pump();
            if partitions.iter().all(|&p| st.tracker.pending(p) == 0) {
                return true;
            }
            if st.failed.is_some() {
                return false;
            }
            let now = Instant::now();
            if now >= deadline {
                let left: usize = partitions.iter().map(|&p| st.tracker.pending(p)).sum();
                tracing::warn!(
                    in_flight = left,
                    "drain timed out; committing what was acknowledged (the rest will be re-delivered)"
                );
                return false;
            }
            st.wait((deadline - now).min(Duration::from_millis(100)));
        }
    }

    /// Stores the acknowledged watermarks and commits synchronously, counting the result.
    pub fn commit_sync(&self, consumer: &BaseConsumer<Self>, st: &mut AckState) {
        if let Err(e) = st.store_offsets(consumer) {
            tracing::warn!(error = %e, "storing offsets failed");
        }
        match consumer.commit_consumer_state(CommitMode::Sync) {
            Ok(()) => self.shared.instruments.commits_ok.inc(),
            Err(KafkaError::ConsumerCommit(RDKafkaErrorCode::NoOffset)) => {}
            Err(e) => {
                self.shared.instruments.commits_failed.inc();
                tracing::warn!(error = %e, "offset commit failed");
            }
        }
    }

    fn revoke(&self, consumer: &BaseConsumer<Self>, tpl: &TopicPartitionList) {
        self.shared.instruments.revokes.inc();
        let parts = self.partitions(tpl);
        let lost = consumer.assignment_lost();
        let mut st = self.lock();
        self.touch(&mut st, &parts);
        if lost {
            tracing::warn!(
                partitions = ?parts,
                "assignment lost; not committing (another member may own the partitions)"
            );
            if self.delivery == DeliveryMode::ExactlyOnce {
                if let Some(hook) = self.on_lost.lock().ok().as_deref().and_then(|h| h.as_ref()) {
                    hook(consumer, &mut st);
                }
            }
        } else {
            self.shared.health.set_pipeline_draining(true);
            if !st.closing {
                self.drain(&mut st, &parts, self.drain_timeout);
            }
            // When closing, the pipeline has already committed (or must not, after an error).
            match self.delivery {
                _ if st.closing => {}
                DeliveryMode::AtLeastOnce => self.commit_sync(consumer, &mut st),
                DeliveryMode::ExactlyOnce => {
                    if let Some(hook) = self
                        .on_revoke
                        .lock()
                        .ok()
                        .as_deref()
                        .and_then(|h| h.as_ref())
                    {
                        hook(consumer, &mut st);
                    }
                }
            }
        }
        for &p in &parts {
            st.tracker.revoke(p);
            let _ = self
                .shared
                .instruments
                .consumer_lag
                .remove_label_values(&[&self.input_topic, &p.to_string()]);
        }
        st.update_gauges();
        if !self.stopping.load(Ordering::Relaxed) {
            self.shared.health.set_pipeline_draining(false);
        }
        tracing::info!(partitions = ?parts, "partitions revoked");
    }
}

/// Forwards a librdkafka log line to `tracing`.
pub fn log_librdkafka(client: &str, level: RDKafkaLogLevel, fac: &str, message: &str) {
    match level {
        RDKafkaLogLevel::Emerg
        | RDKafkaLogLevel::Alert
        | RDKafkaLogLevel::Critical
        | RDKafkaLogLevel::Error => tracing::error!(client, fac, "librdkafka: {message}"),
        RDKafkaLogLevel::Warning => tracing::warn!(client, fac, "librdkafka: {message}"),
        RDKafkaLogLevel::Notice | RDKafkaLogLevel::Info => {
            tracing::info!(client, fac, "librdkafka: {message}")
        }
        RDKafkaLogLevel::Debug => tracing::debug!(client, fac, "librdkafka: {message}"),
    }
}

impl ClientContext for PipelineConsumerContext {
    fn log(&self, level: RDKafkaLogLevel, fac: &str, log_message: &str) {
        log_librdkafka("consumer", level, fac, log_message);
    }

    fn error(&self, error: KafkaError, reason: &str) {
        self.shared.client_error("consumer", &error, reason);
    }

    fn stats(&self, stats: Statistics) {
        let up = stats.brokers.values().any(|b| b.state == "UP");
        self.shared.health.set_connected(up);
        let Some(topic) = stats.topics.get(&self.input_topic) else {
            return;
        };
        // Runs inside `poll`, when the loop does not hold the lock; try_lock only to be safe.
        let Ok(st) = self.state.try_lock() else {
            return;
        };
        for (&p, ps) in &topic.partitions {
            if p >= 0 && ps.consumer_lag >= 0 && st.tracker.is_assigned(p) {
                self.shared
                    .instruments
                    .consumer_lag
                    .with_label_values(&[&self.input_topic, &p.to_string()])
                    .set(ps.consumer_lag);
            }
        }
    }
}

impl ConsumerContext for PipelineConsumerContext {
    fn pre_rebalance(&self, consumer: &BaseConsumer<Self>, rebalance: &Rebalance<'_>) {
        match rebalance {
            Rebalance::Assign(tpl) => {
                self.shared.instruments.assigns.inc();
                let parts = self.partitions(tpl);
                let mut st = self.lock();
                self.touch(&mut st, &parts);
                for &p in &parts {
                    st.tracker.assign(p);
                }
                // Newly assigned partitions start unpaused (`post_rebalance` resumes them in
                // librdkafka too); the loop re-applies backpressure.
                st.set_paused(false);
                self.shared.health.set_assignment_ok(true);
                tracing::info!(partitions = ?parts, "partitions assigned");
            }
            Rebalance::Revoke(tpl) => self.revoke(consumer, tpl),
            Rebalance::Error(e) => {
                self.shared.health.set_assignment_ok(false);
                tracing::warn!(error = %e, "rebalance error");
            }
        }
    }

    fn post_rebalance(&self, consumer: &BaseConsumer<Self>, rebalance: &Rebalance<'_>) {
        if let Rebalance::Assign(_) = rebalance {
            // librdkafka keeps an application pause across a reassignment (it resets only
            // its own), while the loop was just told it is unpaused: resume everything owned
            // now so the two agree. Otherwise partitions paused for backpressure before a
            // rebalance would stay paused for good once the in-flight work drains.
            if let Err(e) = consumer
                .assignment()
                .and_then(|owned| consumer.resume(&owned))
            {
                tracing::warn!(error = %e, "resuming the new assignment failed");
            }
        }
    }

    fn commit_callback(&self, result: KafkaResult<()>, _offsets: &TopicPartitionList) {
        // Auto-commits report here (synchronous commits are counted where they are made).
        match result {
            Ok(()) => self.shared.instruments.commits_ok.inc(),
            Err(KafkaError::ConsumerCommit(RDKafkaErrorCode::NoOffset)) => {}
            Err(e) => {
                self.shared.instruments.commits_failed.inc();
                tracing::warn!(error = %e, "offset commit failed");
            }
        }
    }
}

/// What the loop should do about an error returned by `poll`.
pub fn classify_poll_error(shared: &Shared, error: &KafkaError) -> Option<String> {
    match error {
        KafkaError::PartitionEOF(_) => None,
        KafkaError::MessageConsumptionFatal(code) => Some(format!("consumer: fatal error: {code}")),
        KafkaError::MessageConsumption(code) if is_fatal_code(*code) => {
            Some(format!("consumer: {error}"))
        }
        KafkaError::MessageConsumption(RDKafkaErrorCode::AllBrokersDown) => {
            shared.health.set_connected(false);
            tracing::warn!(error = %error, "all brokers down; retrying");
            None
        }
        _ => {
            tracing::warn!(error = %error, "consumer error; retrying");
            None
        }
    }
}
