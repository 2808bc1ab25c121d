//! The pipeline: owns all Kafka I/O. Consumes news items, has [`record`] turn each into an
//! enriched record (or a dead-letter reason), produces it, and stores the input offset only
//! once the output is acknowledged, in offset order per partition.

pub mod record;

use std::future::Future;
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
}

/// Runs until `shutdown` completes (then drains, commits and returns `Ok`) or a fatal error.
pub async fn run(
    ctx: PipelineContext,
    shutdown: impl Future<Output = ()> + Send,
) -> Result<(), PipelineError> {
    let _ = ctx;
    shutdown.await;
    Ok(())
}
