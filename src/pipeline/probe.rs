//! Test instrumentation: a [`Probe`] sees the pipeline thread at the points an integration
//! test must synchronise with (a batch between two polls, a batch just queued, a transaction
//! committed or aborted), so that a test can force a rebalance at an exact point by events
//! instead of sleeps. The daemon never sets one ([`super::PipelineContext::probe`] is
//! `None`), and then nothing is computed or allocated for it.

/// One message polled for the batch being gathered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PolledMessage {
    /// Input partition.
    pub partition: i32,
    /// Input offset.
    pub offset: i64,
    /// The rebalance generation right after the poll that returned it.
    pub generation: u64,
}

/// The batch being gathered, as [`Probe::batch_open`] sees it.
#[derive(Debug, Clone)]
pub struct BatchView {
    /// The messages polled so far, in poll order.
    pub polled: Vec<PolledMessage>,
    /// The rebalance generation now (it grows by one per assign or revoke callback).
    pub generation: u64,
    /// The input partitions assigned to the consumer now (librdkafka's view).
    pub assignment: Vec<i32>,
}

/// Consumed input of one partition covered by a transaction: offsets `from..to`; `from` is
/// `None` for the first commit of a partition in this run (its start is the position the
/// assignment began at).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TxnRange {
    /// Input partition.
    pub partition: i32,
    /// First offset, when known.
    pub from: Option<i64>,
    /// Offset after the last one.
    pub to: i64,
}

/// Hooks called on the pipeline thread. Each may block (the pipeline waits, as it would on a
/// slow broker); default methods do nothing.
pub trait Probe: Send + Sync {
    /// A poll while gathering a batch returned nothing new. Return `true` to keep the batch
    /// open (poll again, waiting up to 10 ms) instead of processing it.
    fn batch_open(&self, _batch: &BatchView) -> bool {
        false
    }

    /// A batch was registered and its records queued (`(partition, offset)` of each input it
    /// registered; stale messages are not in it). `assignment_lost` asks librdkafka whether
    /// the consumer's assignment is lost now (session or `max.poll.interval.ms` exceeded).
    fn batch_queued(&self, _registered: &[(i32, i64)], _assignment_lost: &dyn Fn() -> bool) {}

    /// Exactly-once: a transaction was committed (`committed = true`) or aborted, covering
    /// the consumed input in `ranges`.
    fn transaction(&self, _committed: bool, _ranges: &[TxnRange]) {}
}
