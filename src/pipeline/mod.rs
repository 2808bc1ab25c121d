//! The pipeline: owns all Kafka I/O. Consumes news items, has [`record`] turn each into an
//! enriched record (or a dead-letter reason), produces it, and stores the input offset only
//! once the output is acknowledged, in offset order per partition.
//!
//! # Design
//!
//! * One dedicated OS thread ([`engine`]) polls a librdkafka `BaseConsumer` in batches, has
//!   the codec run over each batch by a fixed thread [`pool`] (results in input order),
//!   and queues each result on a `ThreadedProducer` (idempotent, `acks=all`, infinite
//!   `message.timeout.ms`). The output buffer is reused; the tagger is read through
//!   `ArcSwap` without locking.
//! * The producer's polling thread forwards delivery reports over a channel ([`producer`]);
//!   the pipeline thread applies them to a per-partition [`offsets::OffsetTracker`], which
//!   yields, per partition, the offset after the longest acknowledged prefix. Only that is
//!   stored (`enable.auto.offset.store=false`); librdkafka's auto-commit commits stored
//!   offsets periodically, and newstag commits synchronously on revoke and on shutdown.
//! * A record the brokers reject for good (too large, invalid, corrupt: see
//!   [`acks::is_permanent_record_error`]) sends its input to the dead-letter topic instead
//!   (reason `output_rejected`); a dead letter rejected that way is re-sent truncated, then
//!   also without key and input headers (a rejection of that last form is fatal).
//!   In exactly-once mode the rejection fails the open transaction: it is aborted, the
//!   clients are rebuilt from the last committed offsets, and those inputs are dead-lettered
//!   when consumed again. Any other error librdkafka calls abortable (not fatal) in
//!   exactly-once mode aborts and resumes the same way, a bounded number of times in a row.
//!   Any other failed delivery stops the pipeline with an error (exit non-zero): its offset
//!   was never stored, so the restart re-processes it. Nothing is skipped.
//! * Rebalances ([`consumer`]): on revoke the callback (running inside `poll` on the pipeline
//!   thread) waits for the revoked partitions' in-flight records to be acknowledged, bounded
//!   by `shutdown.drain_timeout_ms`, commits, and only then lets the partitions go. Late
//!   acknowledgements of a revoked partition are ignored (per-assignment epochs).
//! * Backpressure: when `limits.max_in_flight_messages` or `max_in_flight_bytes` is reached
//!   the assigned partitions are paused (the consumer keeps being polled for group events)
//!   until acknowledgements bring both below half the limit.
//! * Exactly-once ([`transactional`]): the same loop inside Kafka transactions, committing
//!   the consumed offsets with `send_offsets_to_transaction`.
//!
//! `docs/pipeline.md` describes guarantees and failure behaviour in full.

pub mod acks;
pub mod consumer;
pub mod dead_letter;
pub mod engine;
pub mod instruments;
pub mod kafka_config;
pub mod offsets;
pub mod pool;
pub mod probe;
pub mod producer;
pub mod record;
pub mod shared;
pub mod transactional;

use std::future::Future;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use arc_swap::ArcSwap;

use crate::config::Config;
use crate::health::Health;
use crate::metrics::Metrics;
use crate::tagger::Tagger;

/// Header carrying the newstag version on every output and dead-letter record.
pub const HEADER_VERSION: &str = "newstag-version";
/// Dead-letter header: topic the bad message came from.
pub const HEADER_SOURCE_TOPIC: &str = "newstag-source-topic";
/// Dead-letter header: its partition (decimal).
pub const HEADER_SOURCE_PARTITION: &str = "newstag-source-partition";
/// Dead-letter header: its offset (decimal).
pub const HEADER_SOURCE_OFFSET: &str = "newstag-source-offset";
/// Dead-letter header: the error kind, one of [`crate::metrics::DEAD_LETTER_REASONS`].
pub const HEADER_ERROR_KIND: &str = "newstag-error-kind";
/// Dead-letter header: a human-readable error message.
pub const HEADER_ERROR_MESSAGE: &str = "newstag-error-message";
/// Dead-letter header: the original payload size, present when the payload was cut to
/// [`DEAD_LETTER_TRUNCATED_BYTES`] because the whole record was too large to produce.
pub const HEADER_PAYLOAD_TRUNCATED: &str = "newstag-payload-truncated";
/// How many bytes of an oversized dead-letter payload are kept.
pub const DEAD_LETTER_TRUNCATED_BYTES: usize = 64 * 1024;
/// How many payload bytes a dead letter keeps when it is re-sent after the brokers rejected
/// it for good: small, because the reason for the rejection is unknown; the source headers
/// point at the full original in the input topic.
pub const DEAD_LETTER_RETRY_BYTES: usize = 1024;
/// Dead-letter header: the size in bytes of the input's key and headers, present when they
/// were left out because even a record of them alone was too large to produce.
pub const HEADER_KEY_AND_HEADERS_DROPPED: &str = "newstag-key-and-headers-dropped";
/// Dead-letter header on a record re-sent after a permanent rejection: the broker's error.
pub const HEADER_DELIVERY_ERROR: &str = "newstag-delivery-error";

/// Everything the pipeline needs from the daemon.
#[derive(Clone)]
pub struct PipelineContext {
    /// The validated configuration.
    pub config: Arc<Config>,
    /// The rules in force; swapped atomically on reload, read without locking per message.
    pub tagger: Arc<ArcSwap<Tagger>>,
    /// Metrics to update.
    pub metrics: Metrics,
    /// Liveness and readiness flags to update.
    pub health: Arc<Health>,
    /// Enrich (the product) or passthrough (benchmark baseline, `newstag run --passthrough`).
    /// Set explicitly by the caller; nothing in the environment changes it.
    pub mode: Mode,
    /// Test instrumentation (see [`probe`]); `None` in the daemon.
    pub probe: Option<Arc<dyn probe::Probe>>,
}

/// Why the pipeline stopped with an error (fatal: the process should exit non-zero).
#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    /// A Kafka client error that retrying will not fix.
    #[error("fatal Kafka error: {0}")]
    Kafka(#[from] rdkafka::error::KafkaError),
    /// Anything else that stops the pipeline.
    #[error("{0}")]
    Other(String),
    /// Exactly-once mode: the brokers rejected these records for good, so the open
    /// transaction was aborted. Handled inside the pipeline (it resumes and dead-letters
    /// them); returned only if that is impossible.
    #[error("{cause}")]
    RecordsRejected {
        /// The rejected records' inputs.
        records: Vec<acks::RejectedRecord>,
        /// The error that stopped the pass.
        cause: String,
    },
    /// Exactly-once mode: the open transaction failed with an error librdkafka calls
    /// abortable (not fatal), and was aborted. Handled inside the pipeline (it rebuilds the
    /// clients and resumes from the last committed offsets); returned only when that keeps
    /// failing without a commit in between.
    #[error("{0}")]
    TransactionAborted(String),
}

/// What the pipeline does to each message.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Mode {
    /// Parse, tag and encode with the codec (the product).
    #[default]
    Enrich,
    /// Produce every input unchanged, skipping the codec: the benchmark's baseline, with the
    /// same client settings, headers and offset handling.
    Passthrough,
}

/// Runs until `shutdown` completes (then drains, commits and returns `Ok`) or a fatal error.
pub async fn run(
    ctx: PipelineContext,
    shutdown: impl Future<Output = ()> + Send,
) -> Result<(), PipelineError> {
    let mode = ctx.mode;
    run_with_mode(ctx, mode, shutdown).await
}

/// [`run`] with an explicit [`Mode`] (overriding [`PipelineContext::mode`]).
///
/// The Kafka work happens on a dedicated thread; this future only waits for `shutdown` or
/// for that thread to end. Dropping this future without completing `shutdown` leaves the
/// thread running: complete `shutdown` instead.
pub async fn run_with_mode(
    ctx: PipelineContext,
    mode: Mode,
    shutdown: impl Future<Output = ()> + Send,
) -> Result<(), PipelineError> {
    let stop = Arc::new(AtomicBool::new(false));
    let (tx, mut rx) = tokio::sync::oneshot::channel();
    let thread_stop = stop.clone();
    let health = ctx.health.clone();
    std::thread::Builder::new()
        .name("newstag-pipeline".to_string())
        .spawn(move || {
            let _ = tx.send(engine::run_blocking(ctx, mode, thread_stop));
        })
        .map_err(|e| PipelineError::Other(format!("cannot start the pipeline thread: {e}")))?;
    let lost = || PipelineError::Other("the pipeline thread panicked".to_string());
    let shutdown = std::pin::pin!(shutdown);
    tokio::select! {
        result = &mut rx => return result.unwrap_or_else(|_| Err(lost())),
        () = shutdown => {}
    }
    // Not ready from here on, before the pipeline can see `stop`: nothing it does while
    // stopping (ending a drain of its own, say) makes `/readyz` answer 200 again.
    health.set_shutting_down();
    stop.store(true, Ordering::Relaxed);
    rx.await.unwrap_or_else(|_| Err(lost()))
}
