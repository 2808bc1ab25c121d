//! Exactly-once mode: output records, dead letters and the consumed input offsets are
//! committed together in one Kafka transaction.
//!
//! A transaction is open at all times while the pipeline runs. Every
//! [`COMMIT_INTERVAL`] (when something was consumed), on revocation and on shutdown, the
//! offsets after the last consumed message of each assigned partition are sent to the
//! transaction with the consumer group metadata (`send_offsets_to_transaction`, so a zombie
//! from an older group generation is fenced) and the transaction is committed; then a new one
//! begins. A commit that fails with an error librdkafka calls retriable (the coordinator
//! unreachable for a while) is repeated until the broker's own transaction timeout. One that
//! librdkafka calls abortable (not fatal, e.g. the group coordinator failing for longer than
//! an attempt) aborts the transaction and ends the pass with
//! [`PipelineError::TransactionAborted`]: the engine rebuilds the clients and resumes from the
//! last committed offsets. Any other transaction error stops the pipeline (after aborting
//! when possible): the restart resumes from the last committed offsets. Either way
//! read-committed readers of the output never see the aborted records.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rdkafka::consumer::Consumer;
use rdkafka::error::KafkaError;
use rdkafka::producer::Producer as _;
use rdkafka::types::RDKafkaErrorCode;
use rdkafka::{Offset, TopicPartitionList};

use crate::pipeline::acks::AckState;
use crate::pipeline::engine::PipelineConsumer;
use crate::pipeline::probe::{Probe, TxnRange};
use crate::pipeline::producer::Producer;
use crate::pipeline::shared::{is_fatal_code, Shared};
use crate::pipeline::PipelineError;

/// How often an open transaction with new input is committed.
pub const COMMIT_INTERVAL: Duration = Duration::from_millis(100);
/// How `init_transactions` and `abort_transaction` are repeated: in attempts of 5 s, 30 s in
/// all. librdkafka goes on with a timed-out call in the background and the next call resumes
/// it; between attempts liveness is ticked (a 30 s call would outlast the default liveness
/// timeout with the coordinator unreachable) and a shutdown is noticed.
const TXN_ATTEMPTS: Attempts = Attempts {
    bound: Duration::from_secs(30),
    each: Duration::from_secs(5),
    backoff: Duration::from_millis(200),
};
/// Timeout of a `send_offsets_to_transaction` attempt. librdkafka turns a retriable error of
/// the call's second stage (the group coordinator's `TxnOffsetCommit`) into an abortable one
/// once this passes, so it stays long; below the default liveness timeout (30 s), so that a
/// loop waiting on it is not taken for a stuck one.
const TXN_SEND_OFFSETS_TIMEOUT: Duration = Duration::from_secs(20);
/// Timeout of a `commit_transaction` attempt: a timed-out commit goes on in the background
/// and the next attempt resumes it, so attempts are short and the loop can check for a
/// shutdown or a lost assignment between them.
const TXN_COMMIT_ATTEMPT_TIMEOUT: Duration = Duration::from_secs(5);
/// Pause between two attempts of a transactional call.
const TXN_RETRY_BACKOFF: Duration = Duration::from_millis(200);
/// Why the pipeline stops when the assignment is lost with output in the open transaction.
const LOST: &str = "exactly-once: the consumer group assignment was lost while the open \
                    transaction held output for it; the transaction is aborted and a restart \
                    resumes from the last committed offsets";

/// How a blocking transactional call is repeated in short attempts (see [`TXN_ATTEMPTS`]).
#[derive(Debug, Clone, Copy)]
struct Attempts {
    /// Time allowed in all, counted from the first attempt.
    bound: Duration,
    /// Timeout of one attempt.
    each: Duration,
    /// Pause after a failed attempt, so that one failing at once does not spin.
    backoff: Duration,
}

/// Why [`Attempts::run`] gave up, with the last error.
#[derive(Debug)]
enum GaveUp<E> {
    /// The call failed with an error that repeating cannot fix.
    Failed(E),
    /// `stopped` said so (shutdown).
    Stopped(E),
    /// The bound passed.
    OutOfTime(E),
}

impl<E> GaveUp<E> {
    /// The last error.
    fn error(&self) -> &E {
        match self {
            GaveUp::Failed(e) | GaveUp::Stopped(e) | GaveUp::OutOfTime(e) => e,
        }
    }
}

/// Time as [`Attempts`] sees it: the system's, or one a test advances by hand.
trait Clock {
    /// The current instant.
    fn now(&self) -> Instant;
    /// Waits for `pause`.
    fn sleep(&self, pause: Duration);
}

/// The system clock.
struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Instant {
        Instant::now()
    }

    fn sleep(&self, pause: Duration) {
        std::thread::sleep(pause);
    }
}

impl Attempts {
    /// Calls `call` with each attempt's timeout until it succeeds, fails with an error that
    /// is not `retriable`, `stopped` says so, or the bound has passed. `tick` runs after every
    /// attempt and pause (liveness: the loop is alive, waiting for the broker); the first
    /// attempt always runs.
    fn run<E: std::fmt::Display>(
        &self,
        what: &str,
        tick: &dyn Fn(),
        stopped: &dyn Fn() -> bool,
        retriable: impl Fn(&E) -> bool,
        call: impl FnMut(Duration) -> Result<(), E>,
    ) -> Result<(), GaveUp<E>> {
        self.run_on(&SystemClock, what, tick, stopped, retriable, call)
    }

    /// [`Attempts::run`] with the time of `clock`.
    fn run_on<E: std::fmt::Display>(
        &self,
        clock: &dyn Clock,
        what: &str,
        tick: &dyn Fn(),
        stopped: &dyn Fn() -> bool,
        retriable: impl Fn(&E) -> bool,
        mut call: impl FnMut(Duration) -> Result<(), E>,
    ) -> Result<(), GaveUp<E>> {
        let started = clock.now();
        let mut timeout = self.each.min(self.bound);
        loop {
            let e = match call(timeout) {
                Ok(()) => return Ok(()),
                Err(e) => e,
            };
            tick();
            if !retriable(&e) {
                return Err(GaveUp::Failed(e));
            }
            if stopped() {
                return Err(GaveUp::Stopped(e));
            }
            let left = self
                .bound
                .saturating_sub(clock.now().saturating_duration_since(started));
            if left <= self.backoff {
                return Err(GaveUp::OutOfTime(e));
            }
            tracing::warn!(call = what, error = %e, "exactly-once: retrying");
            clock.sleep(self.backoff);
            tick();
            timeout = self.each.min(left - self.backoff);
        }
    }
}

/// Slots tried per `transactional.id` prefix before falling back to a process counter.
const MAX_SLOTS: usize = 256;

/// The `transactional.id` of a pipeline, `<prefix>-<host>-<slot>`, and the claim on its slot.
///
/// The slot is the lowest number not held by another live pipeline with the same prefix on
/// this host (strictly: in this network namespace, which a container or pod has of its own):
/// each slot is an abstract Unix socket name, bound while the pipeline runs and released by the
/// kernel when the process ends, however it ends. So two instances of one group on one host
/// get distinct ids and do not fence each other, while an instance restarted after a crash
/// finds its predecessor's slot free, takes the same id, and its `init_transactions` fences
/// the zombie and aborts its open transaction at once.
pub struct TxnIdentity {
    /// The `transactional.id`.
    pub transactional_id: String,
    /// The slot number within the prefix on this host.
    pub slot: usize,
    /// Holds the slot until dropped (`None`: the fallback counter, no claim).
    _claim: Option<std::os::unix::net::UnixDatagram>,
}

impl TxnIdentity {
    /// Claims the lowest free slot of `prefix` on this host.
    pub fn claim(prefix: &str, host: &str) -> TxnIdentity {
        let (slot, claim) = match claim_slot(prefix) {
            Ok((slot, socket)) => (slot, Some(socket)),
            Err(e) => {
                // Without the claim, pipelines in this process still get distinct ids; two
                // processes on one host with one prefix fence each other (give each its own
                // `kafka.transactional_id`).
                static COUNTER: std::sync::atomic::AtomicUsize =
                    std::sync::atomic::AtomicUsize::new(0);
                let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                tracing::warn!(error = %e, slot = n, "exactly-once: cannot claim a per-host \
                    transactional.id slot; using a per-process counter");
                (n, None)
            }
        };
        TxnIdentity {
            transactional_id: format!("{prefix}-{host}-{slot}"),
            slot,
            _claim: claim,
        }
    }
}

/// The abstract socket name of `slot` of `prefix` (hashed: names are limited to 107 bytes).
fn slot_name(prefix: &str, slot: usize) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(prefix.as_bytes());
    let hex: String = digest[..16].iter().map(|b| format!("{b:02x}")).collect();
    format!("newstag/transactional-id/{hex}/{slot}")
}

#[cfg(target_os = "linux")]
fn claim_slot(prefix: &str) -> std::io::Result<(usize, std::os::unix::net::UnixDatagram)> {
    use std::os::linux::net::SocketAddrExt;
    use std::os::unix::net::{SocketAddr, UnixDatagram};
    for slot in 0..MAX_SLOTS {
        let addr = SocketAddr::from_abstract_name(slot_name(prefix, slot).as_bytes())?;
        match UnixDatagram::bind_addr(&addr) {
            Ok(socket) => return Ok((slot, socket)),
            Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => continue,
            Err(e) => return Err(e),
        }
    }
    Err(std::io::Error::other(format!(
        "all {MAX_SLOTS} slots are taken"
    )))
}

#[cfg(not(target_os = "linux"))]
fn claim_slot(_prefix: &str) -> std::io::Result<(usize, std::os::unix::net::UnixDatagram)> {
    Err(std::io::Error::other(
        "abstract Unix sockets exist on Linux only",
    ))
}

struct TxnState {
    /// When the open transaction began.
    started: Instant,
    /// Offsets last committed through the transaction, per input partition.
    committed: HashMap<i32, i64>,
    /// The transaction was aborted (lost assignment, error): nothing more is committed.
    aborted: bool,
    /// Why it was aborted, when that was an abortable error the pipeline resumes from
    /// (reported by [`Transaction::failure`], also when the revoke callback met it).
    abortable: Option<String>,
}

/// The topics a transaction writes to, for naming the one an authorization failure concerns.
#[derive(Debug, Clone)]
pub struct WrittenTopics {
    /// `kafka.output_topic`.
    pub output: String,
    /// `kafka.dead_letter_topic`.
    pub dead_letter: String,
}

/// The transactional producer's state; shared with the rebalance callback.
pub struct Transaction {
    /// The transactional producer (a clone sharing the pipeline's client).
    producer: Producer,
    /// Liveness (ticked while a transactional call is repeated) and metrics.
    shared: Arc<Shared>,
    /// Set on shutdown: repeated calls give up.
    stop: Arc<AtomicBool>,
    /// Output and dead-letter topics.
    written: WrittenTopics,
    /// Input topic, for the offset list.
    input_topic: String,
    /// Timing and last committed offsets; locked per commit, not per message.
    state: Mutex<TxnState>,
    /// Test instrumentation: told what each commit or abort covered.
    probe: Option<Arc<dyn Probe>>,
    /// How long a retriable commit error is retried: the broker aborts an open transaction
    /// after `transaction.timeout.ms` anyway.
    retry_budget: Duration,
}

/// Whether librdkafka says the failed transactional call may simply be repeated.
fn is_retriable(e: &KafkaError) -> bool {
    match e {
        KafkaError::Transaction(e) => e.is_retriable() && !e.txn_requires_abort() && !e.is_fatal(),
        _ => false,
    }
}

/// Whether a failed `abort_transaction` may be repeated: retriable, except when another
/// transactional call is still pending (`__CONFLICT`, `__PREV_IN_PROGRESS`). librdkafka
/// creates those retriable, but after a `commit_transaction` that failed retriably (timed
/// out) it keeps the commit as the call to resume, so every abort fails the same way: the
/// attempts would spin for their whole bound.
fn is_retriable_abort(e: &KafkaError) -> bool {
    is_retriable(e)
        && !matches!(
            e.rdkafka_error_code(),
            Some(RDKafkaErrorCode::Conflict | RDKafkaErrorCode::PreviousInProgress)
        )
}

/// Whether librdkafka says the failed transactional call leaves the transaction to be
/// aborted, the producer still usable (not fatal). Authorization and authentication failures
/// are excluded: librdkafka calls some of them abortable, but repeating cannot fix them.
fn is_abortable(e: &KafkaError) -> bool {
    match e {
        KafkaError::Transaction(e) => {
            e.txn_requires_abort() && !e.is_fatal() && !is_fatal_code(e.code())
        }
        _ => false,
    }
}

/// What became of the transaction when a transactional call failed, for the error message.
const ABORTED: &str = "the transaction is aborted";
/// The same for `init_transactions`, which fails before any transaction is begun.
const NONE_BEGUN: &str = "no transaction was begun";

/// The error that stops the pipeline when `what` failed on an open transaction.
fn txn_error(what: &str, e: &KafkaError) -> PipelineError {
    txn_error_with(what, e, ABORTED)
}

/// The error that stops the pipeline when `what` failed; `then` says what became of the
/// transaction ([`ABORTED`], [`NONE_BEGUN`]).
fn txn_error_with(what: &str, e: &KafkaError, then: &str) -> PipelineError {
    PipelineError::Other(format!(
        "exactly-once: {what} failed: {e}; {then} and a restart resumes from the last \
         committed offsets"
    ))
}

/// Authorization failures: a permission is missing, which neither a retry nor a resume (nor
/// a restart) grants.
fn is_authorization_code(code: RDKafkaErrorCode) -> bool {
    matches!(
        code,
        RDKafkaErrorCode::TopicAuthorizationFailed
            | RDKafkaErrorCode::GroupAuthorizationFailed
            | RDKafkaErrorCode::ClusterAuthorizationFailed
            | RDKafkaErrorCode::TransactionalIdAuthorizationFailed
    )
}

/// The error that stops the pipeline when `what` failed for lack of a permission: one
/// message naming the authorization failure and, for a topic, which topic when librdkafka's
/// text tells (a failed `Produce` names it; a failed `AddPartitionsToTxn` does not).
/// `then` says what became of the transaction ([`ABORTED`], [`NONE_BEGUN`]).
fn unauthorized(
    what: &str,
    code: RDKafkaErrorCode,
    e: &KafkaError,
    written: &WrittenTopics,
    then: &str,
) -> PipelineError {
    let topic = match code {
        RDKafkaErrorCode::TopicAuthorizationFailed => denied_topic(&e.to_string(), written),
        _ => String::new(),
    };
    PipelineError::Other(format!(
        "exactly-once: authorization failed ({code:?}): not authorized{topic}; {what} failed: \
         {e}; {then} and the pipeline stops without resuming (grant the permission, then \
         restart)"
    ))
}

/// Which written topic a `TOPIC_AUTHORIZATION_FAILED` concerns, as a phrase for the error
/// message, from librdkafka's text ("ProduceRequest for <topic> [<partition>] ..."). Matched
/// with the "for " before the name, so that `news` is not found in `dlq-news [`.
fn denied_topic(text: &str, written: &WrittenTopics) -> String {
    let names = |topic: &str| text.contains(&format!("for {topic} ["));
    match (names(&written.output), names(&written.dead_letter)) {
        (true, false) => format!(" to write to the output topic {:?}", written.output),
        (false, true) => format!(
            " to write to the dead-letter topic {:?}",
            written.dead_letter
        ),
        _ => format!(
            " to write to the output topic {:?} or the dead-letter topic {:?} (librdkafka \
             does not say which)",
            written.output, written.dead_letter
        ),
    }
}

/// The message of an abortable failure of `what` (see [`is_abortable`]).
fn abortable_message(what: &str, e: &KafkaError) -> String {
    format!(
        "exactly-once: {what} failed: {e}; the transaction is aborted and the pipeline resumes \
         from the last committed offsets"
    )
}

impl Transaction {
    /// Initialises transactions (fencing older producers with the same `transactional.id`),
    /// begins the first one, and installs the revoke hook that commits before release.
    /// Returns `None` when `stop` was set while the coordinator did not answer.
    pub fn start(
        producer: &Producer,
        consumer: &PipelineConsumer,
        transactional_id: String,
        written: WrittenTopics,
        stop: &Arc<AtomicBool>,
        probe: Option<Arc<dyn Probe>>,
        retry_budget: Duration,
    ) -> Result<Option<Arc<Transaction>>, PipelineError> {
        let shared = consumer.context().shared.clone();
        let initialised = TXN_ATTEMPTS.run(
            "init_transactions",
            &|| shared.health.tick(),
            &|| stop.load(Ordering::Relaxed),
            is_retriable,
            |timeout| producer.init_transactions(timeout),
        );
        match initialised {
            Ok(()) => {}
            Err(GaveUp::Stopped(e)) => {
                tracing::info!(
                    error = %e,
                    "exactly-once: stopping while init_transactions waited for the transaction \
                     coordinator; no transaction was begun"
                );
                return Ok(None);
            }
            Err(GaveUp::Failed(e) | GaveUp::OutOfTime(e)) => {
                return Err(match e.rdkafka_error_code() {
                    Some(code) if is_authorization_code(code) => {
                        unauthorized("init_transactions", code, &e, &written, NONE_BEGUN)
                    }
                    _ => txn_error_with("init_transactions", &e, NONE_BEGUN),
                });
            }
        }
        producer
            .begin_transaction()
            .map_err(|e| txn_error_with("begin_transaction", &e, NONE_BEGUN))?;
        tracing::info!(transactional_id = %transactional_id, "transactions initialised");
        let txn = Arc::new(Transaction {
            producer: producer.clone(),
            shared,
            stop: stop.clone(),
            written,
            input_topic: consumer.context().input_topic.clone(),
            state: Mutex::new(TxnState {
                started: Instant::now(),
                committed: HashMap::new(),
                aborted: false,
                abortable: None,
            }),
            probe,
            retry_budget,
        });
        let hook_txn = txn.clone();
        let hook: crate::pipeline::consumer::RevokeHook = Box::new(move |consumer, st| {
            // A revoke retries while the assignment is not lost (checked per retry). An
            // abortable failure is not fatal: the loop finds it (`failure`) and resumes.
            match hook_txn.commit(consumer, st, &|| true) {
                Ok(()) | Err(PipelineError::TransactionAborted(_)) => {}
                Err(e) => consumer.context().shared.set_fatal(e.to_string()),
            }
        });
        if let Ok(mut slot) = consumer.context().on_revoke.lock() {
            *slot = Some(hook);
        }
        let lost_txn = txn.clone();
        let on_lost: crate::pipeline::consumer::RevokeHook = Box::new(move |consumer, st| {
            if lost_txn.holds_uncommitted(st) {
                lost_txn.abort_covering(st, "the assignment was lost");
                consumer.context().shared.set_fatal(LOST.to_string());
            }
        });
        if let Ok(mut slot) = consumer.context().on_lost.lock() {
            *slot = Some(on_lost);
        }
        Ok(Some(txn))
    }

    /// Commits when the open transaction is older than [`COMMIT_INTERVAL`].
    /// Retriable failures are retried until `stop` is set.
    pub fn maybe_commit(
        &self,
        consumer: &PipelineConsumer,
        st: &mut AckState,
        stop: &AtomicBool,
    ) -> Result<(), PipelineError> {
        let due = self
            .state
            .lock()
            .map(|s| s.started.elapsed() >= COMMIT_INTERVAL)
            .unwrap_or(true);
        if due {
            self.commit(consumer, st, &|| !stop.load(Ordering::Relaxed))?;
        }
        Ok(())
    }

    /// The abortable error the transaction was aborted for, if any: the pass must end so that
    /// the pipeline resumes (nothing can be produced into an aborted transaction).
    pub fn failure(&self) -> Option<PipelineError> {
        let state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        state
            .abortable
            .clone()
            .map(PipelineError::TransactionAborted)
    }

    /// The error librdkafka stored for the open transaction if it failed (abortable or
    /// fatal). Delivery reports of a failed transaction often say only that the records were
    /// purged (`__PURGE_QUEUE`) and sends fail with `__STATE`: the cause is only here.
    /// Asked through `begin_transaction`, which returns that error in those states. Else:
    /// with a transaction open it fails with `__STATE` and changes nothing; with none open
    /// (`READY`) it begins one, which the pass's end aborts right after; with a timed-out
    /// transactional call still pending it fails with `__CONFLICT` (no stored error then).
    /// (`commit_transaction` returns the stored error too, but would commit an open
    /// transaction that did not fail.) Not asked once the transaction was aborted.
    fn stored_error(&self) -> Option<KafkaError> {
        match self.producer.begin_transaction() {
            // None was open: an empty one is now (the pass ends and aborts it).
            Ok(()) => None,
            Err(e)
                if matches!(
                    e.rdkafka_error_code(),
                    Some(RDKafkaErrorCode::State | RDKafkaErrorCode::Conflict)
                ) =>
            {
                None
            }
            Err(e) => Some(e),
        }
    }

    /// For a pass ending with an error, before the transaction is aborted: the error that
    /// must stop the pipeline instead of a resume, if the transaction failed with one (an
    /// authorization failure or a fatal error), whatever the pass itself saw.
    pub fn permanent_failure(&self) -> Option<PipelineError> {
        let state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        if state.aborted {
            return None; // the call that failed saw the transaction's own error
        }
        let e = self.stored_error()?;
        let fatal = matches!(&e, KafkaError::Transaction(t) if t.is_fatal());
        match e.rdkafka_error_code() {
            Some(code) if is_authorization_code(code) => Some(unauthorized(
                "the transaction",
                code,
                &e,
                &self.written,
                ABORTED,
            )),
            Some(code) if fatal || is_fatal_code(code) => Some(txn_error("the transaction", &e)),
            _ => {
                tracing::debug!(error = %e, "exactly-once: the transaction's own error");
                None
            }
        }
    }

    /// Whether the open transaction covers consumed input not yet committed (i.e. holds
    /// output or dead letters for it).
    pub fn holds_uncommitted(&self, st: &AckState) -> bool {
        let state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        st.tracker.assigned().any(|p| {
            st.tracker
                .consumed_next(p)
                .is_some_and(|next| state.committed.get(&p) != Some(&next))
        })
    }

    /// Aborts the open transaction (once); nothing more is committed through it. Returns
    /// whether this call aborted it.
    pub fn abort(&self, why: &str) -> bool {
        let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        if state.aborted {
            return false;
        }
        state.aborted = true;
        match self.abort_transaction() {
            Ok(()) => tracing::warn!(reason = why, "exactly-once: transaction aborted"),
            Err(e) => tracing::warn!(
                reason = why,
                error = %e.error(),
                "abort_transaction failed; the broker ends the transaction at its timeout"
            ),
        }
        true
    }

    /// `abort_transaction` in attempts ([`TXN_ATTEMPTS`]), ticking liveness between them.
    fn abort_transaction(&self) -> Result<(), GaveUp<KafkaError>> {
        TXN_ATTEMPTS.run(
            "abort_transaction",
            &|| self.shared.health.tick(),
            &|| self.stop.load(Ordering::Relaxed),
            is_retriable_abort,
            |timeout| self.producer.abort_transaction(timeout),
        )
    }

    /// [`Transaction::abort`], telling a test probe which consumed input it covered.
    pub fn abort_covering(&self, st: &AckState, why: &str) {
        let ranges = self.probe.as_ref().map(|_| self.uncommitted(st));
        if self.abort(why) {
            if let (Some(probe), Some(ranges)) = (&self.probe, ranges) {
                probe.transaction(false, &ranges);
            }
        }
    }

    /// The consumed input of the assigned partitions not yet committed (for the probe).
    fn uncommitted(&self, st: &AckState) -> Vec<TxnRange> {
        let state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        st.tracker
            .assigned()
            .filter_map(|p| {
                let to = st.tracker.consumed_next(p)?;
                let from = state.committed.get(&p).copied();
                (from != Some(to)).then_some(TxnRange {
                    partition: p,
                    from,
                    to,
                })
            })
            .collect()
    }

    /// Tells a test probe, if any, what a transaction covered: per partition, from the last
    /// committed offset to `to`.
    fn report(&self, committed: bool, changed: &[(i32, i64)], last: &HashMap<i32, i64>) {
        if let Some(probe) = &self.probe {
            let ranges: Vec<TxnRange> = changed
                .iter()
                .map(|&(partition, to)| TxnRange {
                    partition,
                    from: last.get(&partition).copied(),
                    to,
                })
                .collect();
            probe.transaction(committed, &ranges);
        }
    }

    /// Calls `call` until it succeeds, fails with an error that is not retriable, or retrying
    /// is no longer wanted: the retry budget counted from `since` is spent, or `keep_trying`
    /// says no (shutdown, lost assignment). librdkafka marks an error retriable when repeating
    /// the same call is safe: the coordinator could not be reached in time, and a commit goes
    /// on in the background. Each retry is counted (`newstag_transaction_retries_total`),
    /// logged, and ticks liveness: the loop is alive, waiting for the broker.
    fn retrying(
        &self,
        what: &'static str,
        shared: &Shared,
        since: Instant,
        keep_trying: &dyn Fn() -> bool,
        mut call: impl FnMut() -> Result<(), KafkaError>,
    ) -> Result<(), (&'static str, KafkaError)> {
        loop {
            match call() {
                Ok(()) => return Ok(()),
                Err(e)
                    if is_retriable(&e) && since.elapsed() < self.retry_budget && keep_trying() =>
                {
                    shared.instruments.transaction_retries.inc();
                    shared.health.tick();
                    tracing::warn!(call = what, error = %e, "exactly-once: retrying");
                    std::thread::sleep(TXN_RETRY_BACKOFF);
                }
                Err(e) => return Err((what, e)),
            }
        }
    }

    /// Sends the consumed offsets to the transaction, commits it, and begins the next one.
    /// Does nothing when nothing was consumed since the last commit.
    /// `retry`: whether a retriable failure may be retried (not when stopping: the shutdown
    /// deadline is short; the lost-assignment check runs before every retry anyway).
    pub fn commit(
        &self,
        consumer: &PipelineConsumer,
        st: &mut AckState,
        retry: &dyn Fn() -> bool,
    ) -> Result<(), PipelineError> {
        let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        if state.aborted {
            return Err(match &state.abortable {
                Some(cause) => PipelineError::TransactionAborted(cause.clone()),
                None => PipelineError::Other(
                    "exactly-once: the transaction was aborted; nothing is committed".to_string(),
                ),
            });
        }
        state.started = Instant::now();
        let mut tpl = TopicPartitionList::new();
        let mut changed = Vec::new();
        for p in st.tracker.assigned() {
            if let Some(next) = st.tracker.consumed_next(p) {
                if state.committed.get(&p) != Some(&next) {
                    tpl.add_partition_offset(&self.input_topic, p, Offset::Offset(next))
                        .map_err(|e| txn_error("building the offset list", &e))?;
                    changed.push((p, next));
                }
            }
        }
        if changed.is_empty() {
            return Ok(());
        }
        if consumer.assignment_lost() {
            // The revoke callback has not run yet, but another member may own the partitions
            // already: committing would publish this output a second time (a broker that
            // does not check the group generation would accept it).
            drop(state);
            self.abort_covering(st, "the assignment was lost");
            return Err(PipelineError::Other(LOST.to_string()));
        }
        let Some(cgm) = consumer.group_metadata() else {
            return Err(PipelineError::Other(
                "exactly-once: no consumer group metadata".to_string(),
            ));
        };
        let shared = &consumer.context().shared;
        let since = Instant::now();
        // Another member may own the partitions once the assignment is lost: no retry then.
        let keep_trying = || retry() && !consumer.assignment_lost();
        let result = self
            .retrying(
                "send_offsets_to_transaction",
                shared,
                since,
                &keep_trying,
                || {
                    self.producer
                        .send_offsets_to_transaction(&tpl, &cgm, TXN_SEND_OFFSETS_TIMEOUT)
                },
            )
            .and_then(|()| {
                self.retrying("commit_transaction", shared, since, &keep_trying, || {
                    self.producer.commit_transaction(TXN_COMMIT_ATTEMPT_TIMEOUT)
                })
            });
        let instruments = &shared.instruments;
        match result {
            Ok(()) => {
                instruments.commits_ok.inc();
                self.report(true, &changed, &state.committed);
                for (p, next) in changed {
                    state.committed.insert(p, next);
                }
                st.pump();
                self.producer
                    .begin_transaction()
                    .map_err(|e| txn_error("begin_transaction", &e))
            }
            Err((what, e)) => {
                instruments.commits_failed.inc();
                state.aborted = true;
                if what == "commit_transaction" && is_retriable(&e) {
                    // librdkafka keeps a retriably failed commit as the call to resume, so an
                    // abort could only fail with __CONFLICT. The broker ends the transaction
                    // after transaction.timeout.ms unless the commit completes meanwhile.
                    tracing::warn!(
                        error = %e,
                        "exactly-once: commit_transaction still pending; not aborting, the \
                         broker ends the transaction at its timeout"
                    );
                } else if let Err(abort) = self.abort_transaction() {
                    // The broker ends the transaction after transaction.timeout.ms; nothing
                    // of it is committed by this instance.
                    tracing::warn!(
                        error = %abort.error(),
                        "abort_transaction failed; the broker ends the transaction at its timeout"
                    );
                }
                self.report(false, &changed, &state.committed);
                if is_abortable(&e) {
                    let cause = abortable_message(what, &e);
                    state.abortable = Some(cause.clone());
                    return Err(PipelineError::TransactionAborted(cause));
                }
                Err(match e.rdkafka_error_code() {
                    Some(code) if is_authorization_code(code) => {
                        unauthorized(what, code, &e, &self.written, ABORTED)
                    }
                    _ => txn_error(what, &e),
                })
            }
        }
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;

    fn prefix() -> String {
        format!("test-{}-{:?}", std::process::id(), Instant::now())
    }

    /// An error of the injected call: retriable (a timed-out attempt) or not.
    #[derive(Debug, PartialEq)]
    struct Failed {
        retriable: bool,
    }

    impl std::fmt::Display for Failed {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            write!(f, "failed (retriable: {})", self.retriable)
        }
    }

    const QUICK: Attempts = Attempts {
        bound: Duration::from_secs(30),
        each: Duration::from_secs(5),
        backoff: Duration::from_millis(1),
    };

    /// Runs `attempts` over a call that fails retriably `fails` times, then succeeds; with
    /// `stop_after` calls `stopped` turns true. Returns the outcome, the calls' timeouts and
    /// the ticks.
    fn run_injected(
        attempts: Attempts,
        fails: usize,
        stop_after: Option<usize>,
    ) -> (Result<(), GaveUp<Failed>>, Vec<Duration>, usize) {
        let ticks = std::cell::Cell::new(0);
        let timeouts = std::cell::RefCell::new(Vec::new());
        let outcome = attempts.run(
            "injected",
            &|| ticks.set(ticks.get() + 1),
            &|| stop_after.is_some_and(|n| timeouts.borrow().len() >= n),
            |e: &Failed| e.retriable,
            |timeout| {
                timeouts.borrow_mut().push(timeout);
                if timeouts.borrow().len() > fails {
                    Ok(())
                } else {
                    Err(Failed { retriable: true })
                }
            },
        );
        (outcome, timeouts.into_inner(), ticks.get())
    }

    #[test]
    fn a_call_failing_retriably_is_repeated_in_short_attempts_ticking_liveness() {
        let (outcome, timeouts, ticks) = run_injected(QUICK, 3, None);
        assert!(outcome.is_ok(), "{outcome:?}");
        assert_eq!(timeouts.len(), 4, "three retries, then the success");
        assert!(timeouts.iter().all(|t| *t <= QUICK.each), "{timeouts:?}");
        // After each failed attempt and after each pause.
        assert_eq!(ticks, 6);
    }

    #[test]
    fn repeated_attempts_stop_on_shutdown_and_on_an_error_that_is_not_retriable() {
        let (outcome, timeouts, ticks) = run_injected(QUICK, 100, Some(2));
        assert!(
            matches!(outcome, Err(GaveUp::Stopped(Failed { retriable: true }))),
            "{outcome:?}"
        );
        assert_eq!(timeouts.len(), 2, "no attempt after the stop");
        assert!(ticks >= 2);

        let calls = std::cell::Cell::new(0);
        let outcome = QUICK.run(
            "injected",
            &|| {},
            &|| false,
            |e: &Failed| e.retriable,
            |_| {
                calls.set(calls.get() + 1);
                Err(Failed { retriable: false })
            },
        );
        assert!(matches!(outcome, Err(GaveUp::Failed(_))), "{outcome:?}");
        assert_eq!(calls.get(), 1, "not repeated");
    }

    /// A clock that moves only when told: by a pause, or by an injected call taking time.
    struct ManualClock(std::cell::Cell<Instant>);

    impl ManualClock {
        fn advance(&self, by: Duration) {
            self.0.set(self.0.get() + by);
        }
    }

    impl Clock for ManualClock {
        fn now(&self) -> Instant {
            self.0.get()
        }

        fn sleep(&self, pause: Duration) {
            self.advance(pause);
        }
    }

    #[test]
    fn repeated_attempts_give_up_at_the_bound() {
        let bound = Duration::from_millis(300);
        let attempts = Attempts {
            bound,
            each: Duration::from_millis(100),
            backoff: Duration::from_millis(10),
        };
        let start = Instant::now();
        let clock = ManualClock(std::cell::Cell::new(start));
        let timeouts = std::cell::RefCell::new(Vec::new());
        let outcome = attempts.run_on(
            &clock,
            "injected",
            &|| {},
            &|| false,
            |e: &Failed| e.retriable,
            |timeout| {
                // Each attempt takes its whole timeout, as a timed-out call does.
                timeouts.borrow_mut().push(timeout);
                clock.advance(timeout);
                Err(Failed { retriable: true })
            },
        );
        assert!(matches!(outcome, Err(GaveUp::OutOfTime(_))), "{outcome:?}");
        let ms = Duration::from_millis;
        // 100 + 10 + 100 + 10 + the 80 left: the last attempt is cut to the bound.
        assert_eq!(timeouts.into_inner(), [ms(100), ms(100), ms(80)]);
        assert_eq!(clock.now() - start, bound, "no time spent past the bound");
    }

    #[test]
    fn the_denied_topic_is_named_when_one_name_ends_with_the_other() {
        let written = |output: &str, dead_letter: &str| WrittenTopics {
            output: output.to_string(),
            dead_letter: dead_letter.to_string(),
        };
        let text = |topic: &str| {
            format!(
                "Transaction error: ProduceRequest for {topic} [0] with 3 message(s) failed: \
                 Broker: Topic authorization failed"
            )
        };
        let output = |name: &str| format!(" to write to the output topic {name:?}");
        let dead_letter = |name: &str| format!(" to write to the dead-letter topic {name:?}");
        let w = written("news", "dlq-news");
        assert_eq!(denied_topic(&text("dlq-news"), &w), dead_letter("dlq-news"));
        assert_eq!(denied_topic(&text("news"), &w), output("news"));
        let w = written("tagged-news", "news");
        assert_eq!(
            denied_topic(&text("tagged-news"), &w),
            output("tagged-news")
        );
        assert_eq!(denied_topic(&text("news"), &w), dead_letter("news"));
        assert!(denied_topic("Broker: Topic authorization failed", &w)
            .contains("librdkafka does not say which"));
    }

    /// librdkafka failed the transaction (`AddPartitionsToTxn` denied): it purges the records
    /// and keeps the cause in the transaction only. `permanent_failure` finds it there, with
    /// nothing but a purged delivery seen, so the pass stops instead of resuming. (The
    /// pipeline test of this may also stop through a commit that meets the stored error.)
    #[test]
    fn a_transaction_failed_for_a_denied_topic_is_found_behind_purged_deliveries() {
        use crate::pipeline::producer::DeliveryContext;
        use rdkafka::producer::BaseRecord;
        use rdkafka::types::{RDKafkaApiKey, RDKafkaRespErr};
        let cluster = rdkafka::mocking::MockCluster::new(1).expect("mock cluster");
        cluster.create_topic("dlq-news", 1, 1).expect("topic");
        let metrics = crate::metrics::Metrics::new().expect("metrics");
        let shared = Shared::new(
            crate::health::Health::new(),
            crate::pipeline::instruments::Instruments::new(&metrics),
        );
        let (deliveries, reports) = std::sync::mpsc::channel();
        let producer: Producer = rdkafka::ClientConfig::new()
            .set("bootstrap.servers", cluster.bootstrap_servers())
            .set("transactional.id", prefix())
            .create_with_context(DeliveryContext {
                deliveries,
                shared: shared.clone(),
            })
            .expect("producer");
        let wait = Duration::from_secs(10);
        producer.init_transactions(wait).expect("init_transactions");
        producer.begin_transaction().expect("begin_transaction");
        let denied = RDKafkaRespErr::RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED;
        cluster.request_errors(RDKafkaApiKey::AddPartitionsToTxn, &[denied; 10]);
        let record = BaseRecord::<(), str, usize>::with_opaque_to("dlq-news", 0).payload("x");
        producer.send(record).map_err(|(e, _)| e).expect("send");
        let report = reports.recv_timeout(wait).expect("a delivery report");
        assert!(report.result.is_err(), "{report:?}");
        let txn = Transaction {
            producer: producer.clone(),
            shared,
            stop: Arc::new(AtomicBool::new(false)),
            written: WrittenTopics {
                output: "news".to_string(),
                dead_letter: "dlq-news".to_string(),
            },
            input_topic: "in".to_string(),
            state: Mutex::new(TxnState {
                started: Instant::now(),
                committed: HashMap::new(),
                aborted: false,
                abortable: None,
            }),
            probe: None,
            retry_budget: wait,
        };
        let failure = txn.permanent_failure().map(|e| e.to_string());
        assert!(
            failure.as_deref().is_some_and(|f| f
                .contains("authorization failed (TopicAuthorizationFailed)")
                && f.contains("the transaction failed:")),
            "{failure:?}"
        );
    }

    /// A timed-out `init_transactions` stays the call to resume, as a timed-out commit does:
    /// `abort_transaction` then fails with a retriable `__CONFLICT`, which must end the
    /// abort's attempts at once instead of spinning for their bound.
    #[test]
    fn an_abort_conflicting_with_a_pending_call_is_not_repeated() {
        use rdkafka::producer::BaseProducer;
        let producer: BaseProducer = match rdkafka::ClientConfig::new()
            .set("bootstrap.servers", "127.0.0.1:1")
            .set("transactional.id", prefix())
            .set("log_level", "0")
            .create()
        {
            Ok(p) => p,
            Err(e) => panic!("producer: {e}"),
        };
        let pending = producer.init_transactions(Duration::from_millis(100));
        assert!(
            pending.as_ref().is_err_and(is_retriable),
            "init_transactions should time out retriably: {pending:?}"
        );
        let calls = std::cell::Cell::new(Vec::new());
        let outcome = QUICK.run(
            "abort_transaction",
            &|| {},
            &|| false,
            is_retriable_abort,
            |timeout| {
                let mut seen = calls.take();
                let result = producer.abort_transaction(timeout);
                seen.push(result.as_ref().err().and_then(|e| e.rdkafka_error_code()));
                calls.set(seen);
                result
            },
        );
        let calls = calls.into_inner();
        assert_eq!(calls, [Some(RDKafkaErrorCode::Conflict)], "{outcome:?}");
        assert!(
            matches!(&outcome, Err(GaveUp::Failed(e)) if is_retriable(e)),
            "librdkafka calls it retriable, the abort's attempts must not: {outcome:?}"
        );
    }

    #[test]
    fn two_live_pipelines_of_one_prefix_get_distinct_ids() {
        let p = prefix();
        let a = TxnIdentity::claim(&p, "h");
        let b = TxnIdentity::claim(&p, "h");
        assert_eq!(a.transactional_id, format!("{p}-h-0"));
        assert_eq!(b.transactional_id, format!("{p}-h-1"));
        let other = TxnIdentity::claim(&format!("{p}-other"), "h");
        assert_eq!(other.slot, 0, "slots are per prefix");
    }

    #[test]
    fn a_restart_takes_the_slot_its_predecessor_released() {
        let p = prefix();
        let a = TxnIdentity::claim(&p, "h");
        let b = TxnIdentity::claim(&p, "h");
        drop(a); // the process ended (a crash releases the socket too)
        let restarted = TxnIdentity::claim(&p, "h");
        assert_eq!(restarted.transactional_id, format!("{p}-h-0"));
        assert_eq!(b.slot, 1, "the live one keeps its slot");
    }
}
