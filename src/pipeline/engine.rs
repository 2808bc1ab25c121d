//! The pipeline thread: creates the clients, checks the topics, then loops
//! poll → enrich → produce, applying delivery reports, storing offsets, applying
//! backpressure, and finally drains and commits on shutdown.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use arc_swap::ArcSwap;
use chrono::DateTime;
use rdkafka::consumer::{BaseConsumer, Consumer};
use rdkafka::message::{BorrowedMessage, Header, Headers, Message};
use rdkafka::producer::{BaseRecord, Producer as _};
use rdkafka::types::RDKafkaRespErr;

use crate::config::{Config, DeliveryMode, OutputPartitioning};
use crate::pipeline::acks::{DeadLetterForm, RejectedRecord, Rerouter, SlotKind, OUTPUT_REJECTED};
use crate::pipeline::consumer::{classify_poll_error, PipelineConsumerContext};
use crate::pipeline::dead_letter::{dead_letter_headers, DeadLetterInfo};
use crate::pipeline::instruments::{reason_index, Instruments};
use crate::pipeline::kafka_config::{consumer_config, producer_config};
use crate::pipeline::offsets::RegisterError;
use crate::pipeline::pool::{Batch, HeldBytesGauge, ItemFn, Pool, Rejected, PANIC_REASON};
use crate::pipeline::probe::{BatchView, PolledMessage, Probe};
use crate::pipeline::producer::{self, output_headers, DeliveryContext, Producer, SendError};
use crate::pipeline::record::RecordCodec;
use crate::pipeline::shared::Shared;
use crate::pipeline::transactional::{Transaction, TxnIdentity, WrittenTopics};
use crate::pipeline::{
    Mode, PipelineContext, PipelineError, DEAD_LETTER_RETRY_BYTES, DEAD_LETTER_TRUNCATED_BYTES,
    HEADER_DELIVERY_ERROR, HEADER_KEY_AND_HEADERS_DROPPED, HEADER_PAYLOAD_TRUNCATED,
};
use crate::tagger::Tagger;

/// The consumer type the pipeline uses.
pub type PipelineConsumer = BaseConsumer<PipelineConsumerContext>;

/// How often acknowledged watermarks are handed to librdkafka (which commits them every
/// `auto.commit.interval.ms`, and on revoke and shutdown).
const STORE_INTERVAL: Duration = Duration::from_millis(200);
/// Delivery reports are applied at least every this many messages.
const HOUSEKEEPING_EVERY: u32 = 64;
/// How long the in-flight limit may stay reached before the partitions are paused (until
/// then the loop just stops polling; pausing discards librdkafka's prefetched messages, which
/// are fetched again on resume, so it is kept for long stalls).
const PAUSE_AFTER: Duration = Duration::from_secs(1);
/// Timeout of metadata requests at start-up.
const METADATA_TIMEOUT: Duration = Duration::from_secs(5);
/// Exactly-once: in-process resumes after abortable transaction errors allowed in a row
/// without a successful commit in between; one more such error stops the pipeline (exit
/// non-zero), so that a permanent fault reaches the supervisor instead of looping here.
pub const MAX_RESUMES_IN_A_ROW: u32 = 5;
/// Pause before the first resume of a row; doubled for each further one (0.5 s to 8 s).
const RESUME_BACKOFF: Duration = Duration::from_millis(500);

/// Exactly-once mode: inputs whose records the brokers rejected for good in an aborted
/// transaction, by (partition, offset). When the pipeline consumes one of them again it
/// dead-letters it instead of producing the same record again.
type Poisoned = HashMap<(i32, i64), RejectedRecord>;

/// In-flight totals as of the last look at the acknowledgement state.
#[derive(Debug, Clone, Copy, Default)]
struct Status {
    /// Messages registered and not yet acknowledged.
    in_flight: usize,
    /// Their payload bytes, or the bytes of the input batches they keep alive if more.
    in_flight_bytes: usize,
    /// Whether the assigned partitions are paused for backpressure.
    paused: bool,
}

/// Processing state owned by the pipeline thread.
struct Processor {
    /// Topics, partitioning and limits.
    config: Arc<Config>,
    /// Enrich, or passthrough for the benchmark.
    mode: Mode,
    /// Decodes and tags each batch on `pipeline.workers` threads (enrich mode only).
    pool: Pool,
    /// The copied inputs (payload, key, headers) of the current batch: handed to the pool,
    /// and kept by each in-flight slot until its record is acknowledged, so that an input
    /// whose output the brokers reject can still be dead-lettered.
    batch: Arc<Batch>,
    /// The empty batch `batch` is reset to after each batch, so that the processor itself
    /// never keeps a batch's bytes held (only unacknowledged records do).
    no_batch: Arc<Batch>,
    /// Bytes copied for the previous batch: the next batch's capacity hint.
    last_batch_bytes: usize,
    /// Bytes of the batches still alive (kept by unacknowledged records): counted against
    /// `limits.max_in_flight_bytes` beside the tracker's payload bytes, so that input copies
    /// pinned by a slow record stay bounded by configuration.
    held_bytes: HeldBytesGauge,
    /// The in-flight slot of each message of the current batch (`None`: not processed, its
    /// partition was revoked meanwhile); reused.
    slots: Vec<Option<usize>>,
    /// Output and dead-letter producer.
    producer: Producer,
    /// Metric handles.
    instruments: Instruments,
    /// Partition count of the output topic (for key-less records in `key` mode).
    output_partitions: i32,
    /// Set on shutdown: a send blocked on a full producer queue gives up.
    stop: Arc<AtomicBool>,
    /// Rejected inputs to dead-letter when consumed again (exactly-once mode; usually empty).
    /// An entry stays until the consumer starts its partition past it: a transaction that
    /// dead-letters it may still abort, and the input then comes round again.
    poisoned: Poisoned,
    /// Partitions whose first message of this pass has pruned `poisoned` (see
    /// [`Processor::poisoned_entry`]).
    poison_pruned: HashSet<i32>,
    /// Test instrumentation (`None` in the daemon).
    probe: Option<Arc<dyn Probe>>,
}

/// One message polled for the current batch.
struct Polled<'c> {
    /// The message (borrowed from the consumer; it cannot leave the pipeline thread).
    msg: BorrowedMessage<'c>,
    /// The rebalance generation right after the poll that returned it: a rebalance with a
    /// later generation that touched its partition makes it stale (see [`AckState::touched`]).
    ///
    /// [`AckState::touched`]: crate::pipeline::acks::AckState::touched
    generation: u64,
    /// Whether its header names can be read (see [`producer::headers_readable`]); if not, it
    /// is dead-lettered without its headers.
    headers_readable: bool,
}

impl<'c> Polled<'c> {
    /// A message just polled, with the rebalance generation after that poll.
    fn new(msg: BorrowedMessage<'c>, generation: u64) -> Polled<'c> {
        let headers_readable = producer::headers_readable(msg.headers());
        Polled {
            msg,
            generation,
            headers_readable,
        }
    }
}

/// Dead-letter reason of a message whose header names cannot be read.
const BAD_HEADER: &str = "bad_header";

/// Whether a record was queued.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    /// Queued: its delivery report will come.
    Queued,
    /// Not queued because of shutdown (the producer queue stayed full): the rest of the batch
    /// must not be produced either, or a later offset could be committed before it.
    GaveUp,
}

/// The per-item work of enrich mode: decode, tag, splice; metrics counted on the calling
/// (pool) thread, which touches only atomics.
fn enrich_fn(
    config: &Config,
    tagger: Arc<ArcSwap<Tagger>>,
    instruments: Instruments,
) -> Arc<ItemFn> {
    let codec = RecordCodec::new(&config.fields, &config.limits);
    Arc::new(
        move |payload: &[u8], timestamp_ms: Option<i64>, out: &mut Vec<u8>| {
            let started = Instant::now();
            let tagger = tagger.load();
            let message_time = timestamp_ms.and_then(DateTime::from_timestamp_millis);
            let result = codec.enrich(&tagger, payload, message_time, out);
            instruments
                .processing
                .observe(started.elapsed().as_secs_f64());
            match result {
                Ok(enrichment) => {
                    instruments.count_events(&enrichment);
                    Ok(())
                }
                Err(e) => Err(Rejected {
                    reason: e.reason(),
                    message: e.to_string(),
                }),
            }
        },
    )
}

fn other(context: &str, e: impl std::fmt::Display) -> PipelineError {
    PipelineError::Other(format!("{context}: {e}"))
}

/// The `transactional.id` of this pipeline, `<prefix>-<host>-<slot>`, and the per-host slot
/// it holds while the pipeline runs (see [`TxnIdentity::claim`]).
fn transactional_identity(config: &Config) -> TxnIdentity {
    let prefix = config
        .kafka
        .transactional_id
        .clone()
        .unwrap_or_else(|| config.kafka.group_id.clone());
    let host = std::env::var("HOSTNAME")
        .ok()
        .filter(|h| !h.is_empty())
        .or_else(|| {
            std::fs::read_to_string("/proc/sys/kernel/hostname")
                .ok()
                .map(|h| h.trim().to_string())
        })
        .unwrap_or_else(|| "localhost".to_string());
    TxnIdentity::claim(&prefix, &host)
}

/// Runs the pipeline on the calling (dedicated) thread until `stop` is set or a fatal error.
///
/// In exactly-once mode a record the brokers reject for good fails the whole open
/// transaction, so it cannot be re-routed in place as in at-least-once mode, and exiting
/// would only crash-loop on the same input. Instead the transaction is aborted, the clients
/// are rebuilt (resuming from the last committed offsets, with the same `transactional.id`),
/// and the rejected inputs are dead-lettered when they come round again.
///
/// Any other error librdkafka calls abortable (not fatal) is resumed from the same way,
/// after a growing pause, at most [`MAX_RESUMES_IN_A_ROW`] times without a successful commit
/// in between: exiting would cost an outage for what a restart of the clients fixes.
pub fn run_blocking(
    ctx: PipelineContext,
    mode: Mode,
    stop: Arc<AtomicBool>,
) -> Result<(), PipelineError> {
    let exactly_once = ctx.config.delivery == DeliveryMode::ExactlyOnce;
    // Held until the pipeline ends: the slot stays ours across in-process restarts.
    let identity = exactly_once.then(|| transactional_identity(&ctx.config));
    let txn_id = identity.as_ref().map(|i| i.transactional_id.clone());
    let mut poisoned = Poisoned::new();
    // Successful transaction commits (exactly-once counts only those): a pass that committed
    // something ends a row of resumes.
    let commits = ctx.metrics.offset_commits.with_label_values(&["success"]);
    let mut resumes_in_a_row = 0u32;
    loop {
        let commits_before = commits.get();
        let result = run_pass(&ctx, mode, &stop, txn_id.as_deref(), &mut poisoned);
        if commits.get() > commits_before {
            resumes_in_a_row = 0;
        }
        match result {
            Err(PipelineError::TransactionAborted(cause)) => {
                if stop.load(Ordering::Relaxed) {
                    // Nothing of the aborted transaction is committed: the next run redoes it.
                    tracing::warn!(
                        error = %cause,
                        "exactly-once: stopping after an aborted transaction; its input is \
                         processed again after the restart"
                    );
                    return Ok(());
                }
                if resumes_in_a_row >= MAX_RESUMES_IN_A_ROW {
                    return Err(PipelineError::Other(format!(
                        "exactly-once: gave up after {resumes_in_a_row} in-process resumes in \
                         a row without a commit; last error: {cause}"
                    )));
                }
                let backoff = RESUME_BACKOFF * 2u32.pow(resumes_in_a_row);
                resumes_in_a_row += 1;
                ctx.metrics.transaction_resumes.inc();
                tracing::warn!(
                    error = %cause,
                    resume = resumes_in_a_row,
                    of = MAX_RESUMES_IN_A_ROW,
                    backoff_ms = backoff.as_millis() as u64,
                    "exactly-once: abortable transaction error; the transaction is aborted, \
                     the clients are rebuilt and the pipeline resumes from the last committed \
                     offsets"
                );
                if !pause_unless_stopped(&ctx, &stop, backoff) {
                    return Ok(());
                }
                // The closed pass left the pipeline draining; the next one is not. A
                // shutdown begun meanwhile stays in force (a flag of its own).
                ctx.health.set_pipeline_draining(false);
            }
            Err(PipelineError::RecordsRejected { records, cause }) => {
                tracing::warn!(
                    records = records.len(),
                    error = %cause,
                    "exactly-once: the brokers rejected records for good; the transaction is \
                     aborted and the pipeline resumes from the last committed offsets, \
                     dead-lettering those inputs"
                );
                if stop.load(Ordering::Relaxed) {
                    // Nothing of the aborted transaction is committed: the next run redoes it.
                    return Ok(());
                }
                ctx.metrics.transaction_resumes.inc();
                poisoned.extend(records.into_iter().map(|r| ((r.partition, r.offset), r)));
                // The closed pass left the pipeline draining; the next one is not (a
                // shutdown begun meanwhile stays in force).
                ctx.health.set_pipeline_draining(false);
            }
            other => return other,
        }
    }
}

/// Waits `pause` (ticking liveness) unless `stop` is set first; returns whether it was not.
fn pause_unless_stopped(ctx: &PipelineContext, stop: &AtomicBool, pause: Duration) -> bool {
    let until = Instant::now() + pause;
    loop {
        if stop.load(Ordering::Relaxed) {
            return false;
        }
        ctx.health.tick();
        let left = until.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return true;
        }
        std::thread::sleep(left.min(Duration::from_millis(50)));
    }
}

/// One run of the clients: from creating them to closing them.
fn run_pass(
    ctx: &PipelineContext,
    mode: Mode,
    stop: &Arc<AtomicBool>,
    txn_id: Option<&str>,
    poisoned: &mut Poisoned,
) -> Result<(), PipelineError> {
    let config = ctx.config.clone();
    let secrets: BTreeMap<String, String> = config
        .kafka
        .resolve_secrets()
        .map_err(|e| other("configuration", e))?;
    let instruments = Instruments::new(&ctx.metrics);
    let shared = Shared::new(ctx.health.clone(), instruments.clone());
    let exactly_once = config.delivery == DeliveryMode::ExactlyOnce;

    let (deliveries_tx, deliveries_rx) = mpsc::channel();
    let producer: Producer = producer_config(&config, &secrets, txn_id)
        .create_with_context(DeliveryContext {
            deliveries: deliveries_tx,
            shared: shared.clone(),
        })
        .map_err(|e| other("creating the Kafka producer", e))?;
    let consumer: PipelineConsumer = consumer_config(&config, &secrets)
        .create_with_context(PipelineConsumerContext {
            shared: shared.clone(),
            state: Mutex::new(crate::pipeline::acks::AckState::new(
                deliveries_rx,
                instruments.clone(),
                &config.kafka.input_topic,
                // In exactly-once mode a rejected record fails the transaction: no re-route.
                (!exactly_once).then(|| Rerouter {
                    producer: producer.clone(),
                    dead_letter_topic: config.kafka.dead_letter_topic.clone(),
                    input_topic: config.kafka.input_topic.clone(),
                }),
            )),
            input_topic: config.kafka.input_topic.clone(),
            drain_timeout: config.shutdown.drain_timeout(),
            delivery: config.delivery,
            stopping: AtomicBool::new(false),
            rebalances: std::sync::atomic::AtomicU64::new(0),
            on_revoke: Mutex::new(None),
            on_lost: Mutex::new(None),
        })
        .map_err(|e| other("creating the Kafka consumer", e))?;
    drop(secrets);

    let Some(output_partitions) = check_topics(&producer, &config, &shared, stop)? else {
        return Ok(()); // stopped while waiting for the cluster
    };
    shared.health.set_connected(true);

    let txn = match txn_id {
        Some(id) => {
            let written = WrittenTopics {
                output: config.kafka.output_topic.clone(),
                dead_letter: config.kafka.dead_letter_topic.clone(),
            };
            let started = Transaction::start(
                &producer,
                &consumer,
                id.to_string(),
                written,
                stop,
                ctx.probe.clone(),
                crate::pipeline::kafka_config::transaction_timeout(&config),
            )?;
            let Some(txn) = started else {
                // Stopped while the transaction coordinator did not answer (logged there).
                return Ok(());
            };
            Some(txn)
        }
        None => None,
    };

    consumer
        .subscribe(&[&config.kafka.input_topic])
        .map_err(|e| other("subscribing to the input topic", e))?;
    tracing::info!(
        input = %config.kafka.input_topic,
        output = %config.kafka.output_topic,
        dead_letter = %config.kafka.dead_letter_topic,
        group = %config.kafka.group_id,
        delivery = ?config.delivery,
        ?mode,
        "pipeline started"
    );

    let workers = match mode {
        Mode::Enrich => config.pipeline.effective_workers(),
        Mode::Passthrough => 1,
    };
    let pool = Pool::new(
        workers,
        enrich_fn(&config, ctx.tagger.clone(), instruments.clone()),
    )
    .map_err(|e| other("starting the enrichment threads", e))?;
    tracing::info!(workers, "enrichment threads started");
    let mut processor = Processor {
        config: config.clone(),
        mode,
        pool,
        batch: Arc::new(Batch::with_capacity(0, 0)),
        no_batch: Arc::new(Batch::with_capacity(0, 0)),
        last_batch_bytes: 0,
        held_bytes: HeldBytesGauge::default(),
        slots: Vec::with_capacity(config.pipeline.batch_max_messages.min(100_000)),
        producer,
        instruments,
        output_partitions,
        stop: stop.clone(),
        poisoned: std::mem::take(poisoned),
        poison_pruned: HashSet::new(),
        probe: ctx.probe.clone(),
    };
    let result = main_loop(&consumer, &mut processor, &shared, stop, txn.as_deref());
    // Not yet consumed again (their partitions may have moved): kept for the next pass.
    *poisoned = std::mem::take(&mut processor.poisoned);
    finish(consumer, processor, &shared, result, txn)
}

/// Waits for the cluster and checks that the three topics exist; returns the output topic's
/// partition count, or `None` when stopped before the cluster answered.
fn check_topics(
    producer: &Producer,
    config: &Config,
    shared: &Shared,
    stop: &AtomicBool,
) -> Result<Option<i32>, PipelineError> {
    let k = &config.kafka;
    let mut counts = Vec::with_capacity(3);
    for topic in [&k.input_topic, &k.output_topic, &k.dead_letter_topic] {
        loop {
            shared.health.tick();
            if stop.load(Ordering::Relaxed) {
                return Ok(None);
            }
            if let Some(f) = shared.fatal() {
                return Err(PipelineError::Other(f));
            }
            match producer
                .client()
                .fetch_metadata(Some(topic), METADATA_TIMEOUT)
            {
                Ok(md) => {
                    let t = md.topics().iter().find(|t| t.name() == topic.as_str());
                    match t.map(|t| (t.error(), t.partitions().len())) {
                        Some((None, n)) if n > 0 => {
                            counts.push(n as i32);
                            break;
                        }
                        Some((
                            Some(RDKafkaRespErr::RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART),
                            _,
                        ))
                        | None => {
                            return Err(PipelineError::Other(format!(
                                "topic {topic:?} does not exist (create it, or enable automatic topic creation on the brokers)"
                            )));
                        }
                        Some((
                            Some(RDKafkaRespErr::RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED),
                            _,
                        )) => {
                            return Err(PipelineError::Other(format!(
                                "not authorized to access topic {topic:?}"
                            )));
                        }
                        Some((err, _)) => {
                            tracing::warn!(topic = %topic, error = ?err, "topic not ready; retrying");
                            std::thread::sleep(Duration::from_millis(500));
                        }
                    }
                }
                Err(e) => {
                    shared.health.set_connected(false);
                    tracing::warn!(error = %e, "cannot reach the Kafka cluster; retrying");
                    std::thread::sleep(Duration::from_millis(500));
                }
            }
        }
    }
    let (input, output) = (counts[0], counts[1]);
    if config.kafka.output_partitioning == OutputPartitioning::Same && output < input {
        return Err(PipelineError::Other(format!(
            "output_partitioning = \"same\" needs the output topic {:?} to have at least as many partitions ({output}) as the input topic {:?} ({input})",
            k.output_topic, k.input_topic
        )));
    }
    Ok(Some(output))
}

fn pause_all(consumer: &PipelineConsumer, pause: bool) {
    let result = consumer.assignment().and_then(|tpl| {
        if pause {
            consumer.pause(&tpl)
        } else {
            consumer.resume(&tpl)
        }
    });
    if let Err(e) = result {
        tracing::warn!(error = %e, pause, "pause/resume failed");
    }
}

fn main_loop(
    consumer: &PipelineConsumer,
    processor: &mut Processor,
    shared: &Shared,
    stop: &AtomicBool,
    txn: Option<&Transaction>,
) -> Result<(), PipelineError> {
    let ctx = consumer.context().clone();
    let config = processor.config.clone();
    let limits = &config.limits;
    let (batch_msgs, batch_bytes) = (
        config.pipeline.batch_max_messages.max(1),
        config.pipeline.batch_max_bytes.max(1),
    );
    let mut polled: Vec<Polled<'_>> = Vec::with_capacity(batch_msgs.min(100_000));
    let (max_msgs, max_bytes) = (
        limits.max_in_flight_messages.max(1),
        limits.max_in_flight_bytes.max(1),
    );
    let mut status = Status::default();
    let mut last_store = Instant::now();
    let mut since_housekeeping = 0u32;
    let mut idle = true;
    let mut over_since: Option<Instant> = None;
    loop {
        shared.health.tick();
        if let Some(f) = shared.fatal() {
            return Err(PipelineError::Other(f));
        }
        // Aborted for an abortable error (e.g. by a commit in the revoke callback): nothing
        // can be produced into it any more, the pass ends and the pipeline resumes.
        if let Some(e) = txn.and_then(Transaction::failure) {
            return Err(e);
        }
        if stop.load(Ordering::Relaxed) {
            return Ok(());
        }
        if idle || since_housekeeping >= HOUSEKEEPING_EVERY {
            since_housekeeping = 0;
            let mut st = ctx.lock();
            // No message is polled-but-unregistered between batches, so no rebalance record
            // is needed any more (an idle member would otherwise keep one per rebalance).
            st.touched.clear();
            st.pump();
            if let Some(e) = st.take_failure() {
                return Err(e);
            }
            if let Some(t) = txn {
                t.maybe_commit(consumer, &mut st, stop)?;
            } else if st.dirty && last_store.elapsed() >= STORE_INTERVAL {
                if let Err(e) = st.store_offsets(consumer) {
                    tracing::debug!(error = %e, "storing offsets failed");
                }
                last_store = Instant::now();
            }
            status = Status {
                in_flight: st.tracker.in_flight(),
                in_flight_bytes: st.tracker.in_flight_bytes().max(processor.held_bytes()),
                paused: st.paused,
            };
        }
        let over = status.in_flight >= max_msgs || status.in_flight_bytes >= max_bytes;
        let timeout = if over {
            let since = *over_since.get_or_insert_with(Instant::now);
            if !status.paused && since.elapsed() >= PAUSE_AFTER {
                // A long stall (broker slow or down): pause fetching so that `poll` keeps
                // serving group events (rebalances, max.poll.interval.ms) without messages.
                pause_all(consumer, true);
                ctx.lock().set_paused(true);
                status.paused = true;
            }
            // Wait for acknowledgements to free room; meanwhile new messages stay in
            // librdkafka's prefetch queue (bounded by queued.max.messages.kbytes).
            ctx.lock().wait(Duration::from_millis(50));
            idle = true;
            if !status.paused {
                continue;
            }
            Duration::ZERO
        } else {
            over_since = None;
            if status.paused
                && status.in_flight <= max_msgs / 2
                && status.in_flight_bytes <= max_bytes / 2
            {
                pause_all(consumer, false);
                ctx.lock().set_paused(false);
                status.paused = false;
            }
            if status.in_flight > 0 {
                Duration::from_millis(10)
            } else {
                Duration::from_millis(100)
            }
        };
        match consumer.poll(timeout) {
            None => idle = true,
            Some(Ok(msg)) => {
                idle = false;
                // The batch counts against the in-flight limits as if already registered.
                let room_msgs = max_msgs
                    .saturating_sub(status.in_flight)
                    .clamp(1, batch_msgs);
                let room_bytes = max_bytes
                    .saturating_sub(status.in_flight_bytes)
                    .clamp(1, batch_bytes);
                let mut bytes = msg.payload_len();
                polled.push(Polled::new(msg, ctx.rebalance_generation()));
                // Take what librdkafka has already fetched, without waiting (a test probe
                // may hold the batch open, polling with a short wait).
                let mut wait = Duration::ZERO;
                while polled.len() < room_msgs && bytes < room_bytes {
                    match consumer.poll(wait) {
                        None => {
                            if !processor.hold_batch(consumer, &polled) {
                                break;
                            }
                            wait = Duration::from_millis(10);
                        }
                        Some(Ok(msg)) => {
                            bytes += msg.payload_len();
                            polled.push(Polled::new(msg, ctx.rebalance_generation()));
                        }
                        Some(Err(e)) => {
                            if let Some(f) = classify_poll_error(shared, &e) {
                                return Err(PipelineError::Other(f));
                            }
                            break;
                        }
                    }
                }
                since_housekeeping = since_housekeeping.saturating_add(polled.len() as u32);
                let result = processor.process_batch(&ctx, &polled);
                if result.is_ok() {
                    processor.report_queued(consumer, &polled);
                }
                polled.clear();
                status = result?;
            }
            Some(Err(e)) => {
                idle = true;
                if let Some(f) = classify_poll_error(shared, &e) {
                    return Err(PipelineError::Other(f));
                }
            }
        }
    }
}

impl Processor {
    /// Bytes of the input batches still kept alive by unacknowledged records.
    fn held_bytes(&self) -> usize {
        self.held_bytes.load(Ordering::Relaxed)
    }

    /// Whether a test probe keeps the batch being gathered open (always `false` without one).
    fn hold_batch(&self, consumer: &PipelineConsumer, polled: &[Polled<'_>]) -> bool {
        let Some(probe) = &self.probe else {
            return false;
        };
        let view = BatchView {
            polled: polled
                .iter()
                .map(|p| PolledMessage {
                    partition: p.msg.partition(),
                    offset: p.msg.offset(),
                    generation: p.generation,
                })
                .collect(),
            generation: consumer.context().rebalance_generation(),
            assignment: consumer
                .assignment()
                .map(|tpl| tpl.elements().iter().map(|e| e.partition()).collect())
                .unwrap_or_default(),
        };
        probe.batch_open(&view)
    }

    /// Enriches (or dead-letters) a batch of messages and queues the results in input order;
    /// returns the in-flight totals seen while registering them.
    ///
    /// Messages are registered with the offset tracker only here, after tagging: a message
    /// polled but not registered is not in flight, so a revoke drain running inside a later
    /// `poll` never waits for it, and a stale one (its partition revoked or re-assigned by a
    /// rebalance after it was polled) is dropped unprocessed.
    fn process_batch(
        &mut self,
        ctx: &PipelineConsumerContext,
        polled: &[Polled<'_>],
    ) -> Result<Status, PipelineError> {
        let result = self.enrich_and_queue(ctx, polled);
        // From here on only the in-flight records keep the batch (and its held bytes).
        self.last_batch_bytes = self.batch.bytes();
        self.batch = self.no_batch.clone();
        result
    }

    /// Tells a test probe which inputs of the batch just processed were registered.
    fn report_queued(&self, consumer: &PipelineConsumer, polled: &[Polled<'_>]) {
        let Some(probe) = &self.probe else {
            return;
        };
        let registered: Vec<(i32, i64)> = polled
            .iter()
            .zip(&self.slots)
            .filter(|(_, slot)| slot.is_some())
            .map(|(p, _)| (p.msg.partition(), p.msg.offset()))
            .collect();
        probe.batch_queued(&registered, &|| consumer.assignment_lost());
    }

    /// [`Processor::process_batch`] while `self.batch` is the batch being processed.
    fn enrich_and_queue(
        &mut self,
        ctx: &PipelineConsumerContext,
        polled: &[Polled<'_>],
    ) -> Result<Status, PipelineError> {
        self.instruments.consumed.inc_by(polled.len() as u64);
        // A new batch each time: the in-flight slots keep the previous ones (their inputs)
        // until their records are acknowledged.
        let mut batch = Batch::with_capacity(self.last_batch_bytes, polled.len());
        for p in polled {
            let m = &p.msg;
            let headers = m.headers().filter(|_| p.headers_readable);
            batch.push_message(
                m.payload().unwrap_or(&[]),
                m.timestamp().to_millis(),
                m.key(),
                headers
                    .into_iter()
                    .flat_map(|h| h.iter().map(|h| (h.key, h.value))),
            );
        }
        batch.hold_in(&self.held_bytes);
        self.batch = Arc::new(batch);
        if self.mode == Mode::Enrich {
            self.pool
                .run(&self.batch)
                .map_err(|e| other("enrichment", e))?;
        }

        // Register the whole batch under one lock.
        let status = {
            let mut st = ctx.lock();
            st.pump();
            self.slots.clear();
            for (i, p) in polled.iter().enumerate() {
                let m = &p.msg;
                let partition = m.partition();
                let stale = st.polled_before_rebalance(partition, p.generation);
                if stale {
                    self.slots.push(None);
                    continue;
                }
                match st.register(
                    partition,
                    m.offset(),
                    m.payload_len(),
                    m.timestamp().to_millis(),
                    SlotKind::Output,
                    // Kept for re-routing a rejected record (at-least-once mode only).
                    (self.config.delivery == DeliveryMode::AtLeastOnce)
                        .then(|| (self.batch.clone(), i)),
                ) {
                    Ok(slot) => self.slots.push(Some(slot)),
                    // A message of a partition revoked meanwhile: not ours to process.
                    Err(RegisterError::NotAssigned(_)) => self.slots.push(None),
                    Err(e) => {
                        for slot in self.slots.iter().rev().flatten() {
                            st.withdraw(*slot);
                        }
                        return Err(other("offset tracking", e));
                    }
                }
            }
            st.touched.clear();
            st.update_gauges();
            Status {
                in_flight: st.tracker.in_flight(),
                in_flight_bytes: st.tracker.in_flight_bytes().max(self.held_bytes()),
                paused: st.paused,
            }
        };
        shared_connected(ctx);

        let missing = Rejected {
            reason: PANIC_REASON,
            message: "no enrichment result".to_string(),
        };
        let mut results = self.pool.results();
        for (i, p) in polled.iter().enumerate() {
            let payload = p.msg.payload().unwrap_or(&[]);
            let result = match self.mode {
                Mode::Passthrough => Ok(payload),
                Mode::Enrich => results.next().unwrap_or(Err(&missing)),
            };
            let Some(slot) = self.slots[i] else {
                continue;
            };
            let poison = if self.poisoned.is_empty() {
                None
            } else {
                Self::poisoned_entry(
                    &mut self.poisoned,
                    &mut self.poison_pruned,
                    p.msg.partition(),
                    p.msg.offset(),
                )
            };
            let outcome = match (poison, result) {
                (None, _) if !p.headers_readable => self.dead_letter(
                    ctx,
                    &p.msg,
                    slot,
                    BAD_HEADER,
                    "a header name is not valid UTF-8; the headers are not carried over",
                    None,
                ),
                (Some(poison), result) => {
                    self.dead_letter_rejected(ctx, &p.msg, slot, &poison, result.err())
                }
                (None, Ok(body)) => self.send_output(ctx, &p.msg, slot, body),
                (None, Err(rejected)) => {
                    self.dead_letter(ctx, &p.msg, slot, rejected.reason, &rejected.message, None)
                }
            };
            match outcome {
                Ok(Outcome::Queued) => {}
                Ok(Outcome::GaveUp) => {
                    // Shutdown while the producer queue was full: this record and the rest
                    // of the batch are not produced, so their offsets are never stored; the
                    // next owner processes them.
                    self.withdraw_from(ctx, i);
                    break;
                }
                Err(e) => {
                    self.withdraw_from(ctx, i);
                    return Err(e);
                }
            }
        }
        Ok(status)
    }

    /// Releases the slots of batch messages `from..` (none of them queued), newest first:
    /// the tracker withdraws only the most recent registration of a partition.
    fn withdraw_from(&self, ctx: &PipelineConsumerContext, from: usize) {
        let mut st = ctx.lock();
        for slot in self.slots[from..].iter().rev().flatten() {
            st.withdraw(*slot);
        }
        st.update_gauges();
    }

    /// Queues the output record of one message.
    fn send_output(
        &self,
        ctx: &PipelineConsumerContext,
        msg: &BorrowedMessage<'_>,
        slot: usize,
        body: &[u8],
    ) -> Result<Outcome, PipelineError> {
        let partition = msg.partition();
        let topic = self.config.kafka.output_topic.as_str();
        let mut record = BaseRecord::with_opaque_to(topic, slot)
            .payload(body)
            .headers(output_headers(msg.headers(), 0));
        if let Some(key) = msg.key() {
            record = record.key(key);
        }
        match (self.config.kafka.output_partitioning, msg.key()) {
            (OutputPartitioning::Same, _) => record = record.partition(partition),
            // Key-less records keep their input partition's order by staying together.
            (OutputPartitioning::Key, None) => {
                record = record.partition(partition % self.output_partitions.max(1))
            }
            (OutputPartitioning::Key, Some(_)) => {}
        }
        let stop = &self.stop;
        match producer::send(&self.producer, record, || {
            ctx.shared.health.tick();
            ctx.lock().wait(Duration::from_millis(10));
            !stop.load(Ordering::Relaxed)
        }) {
            Ok(()) => Ok(Outcome::Queued),
            Err(SendError::GaveUp) => Ok(Outcome::GaveUp),
            Err(SendError::TooLarge(e)) => {
                let message = format!("enriched record rejected by the producer: {e}");
                self.dead_letter(ctx, msg, slot, "too_large", &message, None)
            }
            Err(SendError::Other(e)) => {
                Err(self.send_failed(ctx, "producing to the output topic", e))
            }
        }
    }

    /// The error that ends the pass when a record cannot be queued. In exactly-once mode the
    /// producer refuses new records (`State`) once an earlier error made the open transaction
    /// abortable: then the pass ends with [`PipelineError::TransactionAborted`] and the
    /// pipeline resumes, unless the client has a fatal error.
    fn send_failed(
        &self,
        ctx: &PipelineConsumerContext,
        what: &str,
        e: rdkafka::error::KafkaError,
    ) -> PipelineError {
        let abortable = self.config.delivery == DeliveryMode::ExactlyOnce
            && e.rdkafka_error_code() == Some(rdkafka::types::RDKafkaErrorCode::State)
            && ctx.shared.fatal().is_none();
        if abortable {
            PipelineError::TransactionAborted(format!(
                "exactly-once: {what}: {e}: an earlier error made the open transaction \
                 abortable; it is aborted and the pipeline resumes from the last committed \
                 offsets"
            ))
        } else {
            other(what, with_fatal(e, &ctx.shared))
        }
    }

    /// The poison entry of an input, if any. A pass (or a new assignment) starts each
    /// partition at its committed offset, so the first message of a partition in a pass drops
    /// the partition's entries below it: they are committed and never consumed again.
    fn poisoned_entry(
        poisoned: &mut Poisoned,
        pruned: &mut HashSet<i32>,
        partition: i32,
        offset: i64,
    ) -> Option<RejectedRecord> {
        if pruned.insert(partition) {
            poisoned.retain(|&(p, o), _| p != partition || o >= offset);
        }
        poisoned.get(&(partition, offset)).cloned()
    }

    /// Exactly-once mode: queues the dead letter of an input whose record the brokers
    /// rejected for good in an aborted transaction: the input with reason `output_rejected`,
    /// or, when the rejected record was already its dead letter, that dead letter again in
    /// the next smaller [`DeadLetterForm`] with the broker's error (a rejection of the last
    /// form is fatal).
    fn dead_letter_rejected(
        &self,
        ctx: &PipelineConsumerContext,
        msg: &BorrowedMessage<'_>,
        slot: usize,
        poison: &RejectedRecord,
        bad_input: Option<&Rejected>,
    ) -> Result<Outcome, PipelineError> {
        let rejected = format!("output record rejected by the broker: {}", poison.error);
        if poison.resend_as == DeadLetterForm::Whole {
            return self.dead_letter(ctx, msg, slot, OUTPUT_REJECTED, &rejected, None);
        }
        let (reason, message) = match bad_input {
            Some(r) => (r.reason, r.message.as_str()),
            None => (OUTPUT_REJECTED, rejected.as_str()),
        };
        let resend = Resend {
            form: poison.resend_as,
            error: &poison.error,
        };
        self.dead_letter(ctx, msg, slot, reason, message, Some(resend))
    }

    /// Queues the dead-letter record of one message (its slot becomes a dead letter).
    /// `resend`: the brokers rejected an earlier form of this dead letter for good; it is
    /// sent in the given smaller form, with their error in `newstag-delivery-error`.
    fn dead_letter(
        &self,
        ctx: &PipelineConsumerContext,
        msg: &BorrowedMessage<'_>,
        slot: usize,
        kind: &str,
        message: &str,
        resend: Option<Resend<'_>>,
    ) -> Result<Outcome, PipelineError> {
        ctx.lock()
            .set_dead_letter(slot, reason_index(kind), message);
        let info = DeadLetterInfo {
            topic: msg.topic(),
            partition: msg.partition(),
            offset: msg.offset(),
            kind,
            message,
        };
        let payload = msg.payload().unwrap_or(&[]);
        // The whole payload first; if the producer rejects the record as too large (it never
        // will be accepted, and failing would crash-loop on this offset), a bounded prefix
        // with a header giving the original size, and finally no payload at all.
        let first = match resend {
            Some(_) => payload.len().min(DEAD_LETTER_RETRY_BYTES),
            None => payload.len(),
        };
        // The key and input headers count against the limit too: the last resort leaves them
        // out (a header gives their size), since a record of them alone may be too large. A
        // re-send in the bare form leaves them out from the start.
        let bare_from_start = resend.is_some_and(|r| r.form == DeadLetterForm::Bare);
        let attempts = [
            (first, bare_from_start),
            (first.min(DEAD_LETTER_TRUNCATED_BYTES), bare_from_start),
            (0, bare_from_start),
            (0, true),
        ];
        let delivery_error = resend.map(|r| r.error);
        let original_size = payload.len().to_string();
        let mut last_error = None;
        for (attempt, &(keep, bare)) in attempts.iter().enumerate() {
            if attempt > 0 && (keep, bare) == attempts[attempt - 1] {
                continue; // nothing more cut: the same record would fail the same way
            }
            // Unreadable headers (reason `bad_header`) are left out rather than read.
            let input_headers = msg
                .headers()
                .filter(|h| !bare && producer::headers_readable(Some(*h)));
            let mut headers = dead_letter_headers(input_headers, &info);
            let dropped_size = bare.then(|| key_and_headers_size(msg).to_string());
            if let Some(size) = &dropped_size {
                headers = headers.insert(Header {
                    key: HEADER_KEY_AND_HEADERS_DROPPED,
                    value: Some(size.as_str()),
                });
            }
            if keep < payload.len() {
                headers = headers.insert(Header {
                    key: HEADER_PAYLOAD_TRUNCATED,
                    value: Some(original_size.as_str()),
                });
            }
            if let Some(error) = delivery_error {
                headers = headers.insert(Header {
                    key: HEADER_DELIVERY_ERROR,
                    value: Some(error),
                });
            }
            let mut record =
                BaseRecord::with_opaque_to(self.config.kafka.dead_letter_topic.as_str(), slot)
                    .payload(&payload[..keep])
                    .headers(headers);
            if let Some(key) = msg.key().filter(|_| !bare) {
                record = record.key(key);
            }
            let stop = &self.stop;
            let sent = producer::send(&self.producer, record, || {
                ctx.shared.health.tick();
                ctx.lock().wait(Duration::from_millis(10));
                !stop.load(Ordering::Relaxed)
            });
            match sent {
                Ok(()) => {
                    // A rejection by the brokers re-sends the next smaller form (none after
                    // the bare one, which the producer's own cuts may already have reached).
                    let form = match resend {
                        _ if bare => DeadLetterForm::Bare,
                        Some(r) => r.form,
                        None => DeadLetterForm::Whole,
                    };
                    if form != DeadLetterForm::Whole {
                        ctx.lock().set_form(slot, form);
                    }
                    if keep < payload.len() || bare {
                        tracing::warn!(
                            partition = info.partition,
                            offset = info.offset,
                            size = payload.len(),
                            kept = keep,
                            key_and_headers_dropped = bare,
                            "dead-letter record cut: it was too large to produce"
                        );
                    }
                    return Ok(Outcome::Queued);
                }
                Err(SendError::TooLarge(e)) => last_error = Some(e),
                Err(SendError::GaveUp) => return Ok(Outcome::GaveUp),
                Err(SendError::Other(e)) => {
                    return Err(self.send_failed(ctx, "producing to the dead-letter topic", e));
                }
            }
        }
        Err(other(
            "producing to the dead-letter topic",
            last_error.map_or_else(|| "record too large".to_string(), |e| e.to_string()),
        ))
    }
}

/// A dead letter sent again after the brokers rejected an earlier form of it for good.
#[derive(Debug, Clone, Copy)]
struct Resend<'a> {
    /// The form to send now ([`DeadLetterForm::Truncated`] or [`DeadLetterForm::Bare`]).
    form: DeadLetterForm,
    /// The brokers' error (in `newstag-delivery-error`).
    error: &'a str,
}

/// Bytes of a message's key and readable headers (names and values).
fn key_and_headers_size(msg: &BorrowedMessage<'_>) -> usize {
    let headers = msg
        .headers()
        .filter(|h| producer::headers_readable(Some(*h)))
        .map_or(0, |h| {
            h.iter()
                .map(|h| h.key.len() + h.value.map_or(0, <[u8]>::len))
                .sum()
        });
    msg.key_len() + headers
}

/// A send error, with the client's fatal error when there is one (librdkafka's send error
/// then only says "Fatal").
fn with_fatal(e: impl std::fmt::Display, shared: &Shared) -> String {
    match shared.fatal() {
        Some(f) => format!("{e}: {f}"),
        None => e.to_string(),
    }
}

fn shared_connected(ctx: &PipelineConsumerContext) {
    ctx.shared.health.set_connected(true);
}

/// Drains, commits and closes, whether the loop ended by shutdown or by an error.
fn finish(
    consumer: PipelineConsumer,
    processor: Processor,
    shared: &Shared,
    result: Result<(), PipelineError>,
    txn: Option<Arc<Transaction>>,
) -> Result<(), PipelineError> {
    let ctx = consumer.context().clone();
    ctx.stopping.store(true, Ordering::Relaxed);
    shared.health.set_pipeline_draining(true);
    // Stop fetching; in-flight work finishes below.
    pause_all(&consumer, true);
    let mut outcome = result;
    // The transaction failed with an error no resume can fix (see
    // `Transaction::permanent_failure`): stop, whatever the pass saw.
    let mut permanent = false;
    {
        let mut st = ctx.lock();
        let parts: Vec<i32> = st.tracker.assigned().collect();
        if outcome.is_ok() {
            let drained = ctx.drain(&mut st, &parts, processor.config.shutdown.drain_timeout());
            if let Some(e) = st.take_failure() {
                outcome = Err(e);
            } else if !drained {
                tracing::warn!(
                    "shutdown drain incomplete; unacknowledged input will be re-delivered"
                );
            }
        } else {
            st.pump();
        }
        match &txn {
            Some(t) => {
                if outcome.is_ok() {
                    // Stopping: one attempt, no retries (the shutdown deadline is short).
                    if let Err(e) = t.commit(&consumer, &mut st, &|| false) {
                        outcome = Err(e);
                    }
                } else {
                    // Before the abort: what the pass saw may be only a symptom (records
                    // purged, sends refused in the failed transaction's state); the
                    // transaction itself knows the cause, e.g. a missing permission.
                    if let Some(e) = t.permanent_failure() {
                        outcome = Err(e);
                        permanent = true;
                    } else if let Some(cause) = st.unresumable.take() {
                        // A denied or fatal delivery behind a rejected record, which is all
                        // the transaction stored: resuming cannot fix it.
                        outcome = Err(PipelineError::Other(format!(
                            "exactly-once: {cause}; the transaction is aborted and the \
                             pipeline stops without resuming"
                        )));
                        permanent = true;
                    }
                    // Stopping on an error: end the open transaction now rather than leave
                    // it to the transaction timeout (read_committed readers would stall).
                    t.abort_covering(&st, "stopping on an error");
                }
            }
            // Even after an error, what was acknowledged is committed: it is in the output.
            None => ctx.commit_sync(&consumer, &mut st),
        }
        let fatal = outcome.is_err().then(|| shared.fatal()).flatten();
        if let Some(fatal) = fatal.clone() {
            // A fatal client error (e.g. fencing) came with it: no resume can help, and a
            // rebuilt producer with the same transactional.id would fence the instance that
            // fenced us.
            outcome = Err(PipelineError::Other(fatal));
        } else if txn.is_some() && !st.rejected.is_empty() && !permanent {
            if let Err(e) = &outcome {
                // The transaction is aborted: the pipeline resumes and dead-letters these.
                outcome = Err(PipelineError::RecordsRejected {
                    records: std::mem::take(&mut st.rejected),
                    cause: e.to_string(),
                });
            }
        }
        st.closing = true;
    }
    // Leaves the group (revoke callback commits nothing new). No TopicPartitionList from
    // `committed()` is alive here: holding one while the consumer is dropped hangs.
    drop(consumer);
    // Everything acknowledged is committed; anything still queued after an incomplete drain
    // is purged here and, never committed, re-processed by the next owner.
    drop(processor);
    tracing::info!("pipeline stopped");
    outcome
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rejected(partition: i32, offset: i64) -> ((i32, i64), RejectedRecord) {
        let record = RejectedRecord {
            partition,
            offset,
            error: "too large".to_string(),
            resend_as: DeadLetterForm::Whole,
        };
        ((partition, offset), record)
    }

    #[test]
    fn a_poison_entry_outlives_its_use_until_a_pass_starts_past_it() {
        let mut poisoned: Poisoned = [rejected(0, 10), rejected(0, 20), rejected(1, 5)]
            .into_iter()
            .collect();
        // A pass starting partition 0 at 10: both entries of partition 0 may come again.
        let mut pruned = HashSet::new();
        let hit = Processor::poisoned_entry(&mut poisoned, &mut pruned, 0, 10);
        assert_eq!(hit.map(|r| r.offset), Some(10));
        let hit = Processor::poisoned_entry(&mut poisoned, &mut pruned, 0, 20);
        assert_eq!(hit.map(|r| r.offset), Some(20));
        assert_eq!(poisoned.len(), 3, "kept: the transaction may still abort");
        // That transaction aborted; the next pass starts partition 0 at 15 (10 was
        // committed meanwhile by an earlier transaction): 10 is gone for good, 20 stays,
        // and partition 1 is untouched.
        let mut pruned = HashSet::new();
        assert!(Processor::poisoned_entry(&mut poisoned, &mut pruned, 0, 15).is_none());
        let mut left: Vec<_> = poisoned.keys().copied().collect();
        left.sort_unstable();
        assert_eq!(left, vec![(0, 20), (1, 5)]);
    }
}
