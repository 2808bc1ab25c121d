//! Acknowledgement bookkeeping, owned by the pipeline thread: the in-flight slots whose index
//! is the producer's delivery opaque, the [`OffsetTracker`], and the delivery-report channel.
//!
//! Only the pipeline thread touches this state: directly in its loop, and from the consumer's
//! rebalance callback, which librdkafka runs on the same thread inside `poll`. The mutex
//! around it (in [`super::consumer::PipelineConsumerContext`]) is therefore never contended;
//! it exists because the consumer context must be `Sync`.

use std::collections::VecDeque;
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use rdkafka::consumer::{BaseConsumer, Consumer, ConsumerContext};
use rdkafka::error::{KafkaError, KafkaResult};
use rdkafka::message::{Header, OwnedHeaders};
use rdkafka::producer::BaseRecord;
use rdkafka::types::RDKafkaErrorCode;
use rdkafka::{Offset, TopicPartitionList};

use crate::metrics::DEAD_LETTER_REASONS;
use crate::pipeline::dead_letter::{dead_letter_headers_from, DeadLetterInfo};
use crate::pipeline::instruments::{reason_index, Instruments};
use crate::pipeline::offsets::{AckTicket, OffsetTracker, RegisterError};
use crate::pipeline::pool::Batch;
use crate::pipeline::producer::{Delivery, Producer};
use crate::pipeline::shared::is_fatal_code;
use crate::pipeline::{
    PipelineError, DEAD_LETTER_RETRY_BYTES, HEADER_DELIVERY_ERROR, HEADER_KEY_AND_HEADERS_DROPPED,
    HEADER_PAYLOAD_TRUNCATED,
};

/// Dead-letter reason of an input whose output record the brokers rejected for good.
pub const OUTPUT_REJECTED: &str = "output_rejected";

/// Whether a delivery error is a permanent rejection of that one record by the broker (or
/// by the client's own checks of it): retrying the same bytes can never succeed, but other
/// records are unaffected, so the input is dead-lettered instead of stopping the pipeline.
pub fn is_permanent_record_error(error: &KafkaError) -> bool {
    matches!(
        error.rdkafka_error_code(),
        Some(
            RDKafkaErrorCode::MessageSizeTooLarge
                | RDKafkaErrorCode::InvalidMessage
                | RDKafkaErrorCode::InvalidMessageSize
                | RDKafkaErrorCode::MessageBatchTooLarge
                | RDKafkaErrorCode::InvalidRecord
                | RDKafkaErrorCode::InvalidTimestamp
                | RDKafkaErrorCode::BadMessage
        )
    )
}

/// Exactly-once mode: whether a failed delivery only makes the open transaction abortable.
/// librdkafka turns every permanent produce failure of a transactional producer into an
/// abortable transaction error, except fatal ones (fencing); authorization and authentication
/// failures are treated as fatal here too, since no resume can fix them.
fn aborts_the_transaction_only(error: &KafkaError) -> bool {
    error
        .rdkafka_error_code()
        .is_some_and(|code| !is_fatal_code(code))
}

/// Bytes of the key and headers (names and values) of input `i` of `batch`.
fn key_and_headers_size(batch: &Batch, i: usize) -> usize {
    let headers: usize = batch
        .headers(i)
        .map(|(name, value)| name.len() + value.map_or(0, <[u8]>::len))
        .sum();
    batch.key(i).map_or(0, <[u8]>::len) + headers
}

/// What re-routing a rejected record needs: the producer and the topics.
pub struct Rerouter {
    /// The pipeline's producer (a clone sharing its client).
    pub producer: Producer,
    /// Where rejected inputs go.
    pub dead_letter_topic: String,
    /// The input topic, for the `newstag-source-topic` header.
    pub input_topic: String,
}

/// The form a dead letter is sent in. Each rejection for good by the brokers sends the next,
/// smaller one; a rejection of the last is fatal (never a silent loss).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeadLetterForm {
    /// The input's bytes, key and headers (cut only as far as the producer's own size limit
    /// requires).
    Whole,
    /// The payload cut to [`DEAD_LETTER_RETRY_BYTES`] (`newstag-payload-truncated`), key and
    /// input headers kept, the broker's error in `newstag-delivery-error`: the cause of the
    /// rejection is unknown, so small.
    Truncated,
    /// As [`DeadLetterForm::Truncated`] but without the key and input headers
    /// (`newstag-key-and-headers-dropped`: their size): they alone may exceed the topic's
    /// `max.message.bytes`. The source headers point at the original.
    Bare,
}

impl DeadLetterForm {
    /// The form to send after this one was rejected for good, if any is left.
    pub fn after_rejection(self) -> Option<DeadLetterForm> {
        match self {
            DeadLetterForm::Whole => Some(DeadLetterForm::Truncated),
            DeadLetterForm::Truncated => Some(DeadLetterForm::Bare),
            DeadLetterForm::Bare => None,
        }
    }
}

/// A record the brokers rejected for good, waiting to be (re-)sent to the dead-letter topic.
#[derive(Debug)]
struct Reroute {
    /// Its in-flight slot (still registered: its offset stays uncommitted until the dead
    /// letter is acknowledged).
    slot: usize,
    /// The broker's error.
    error: String,
}

/// A record the brokers rejected for good in exactly-once mode, where it cannot be re-routed
/// inside the failed transaction: the pipeline aborts, rewinds and dead-letters its input on
/// the next pass (see [`crate::pipeline::engine`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RejectedRecord {
    /// Input partition.
    pub partition: i32,
    /// Input offset.
    pub offset: i64,
    /// The broker's error.
    pub error: String,
    /// The form of the input's next dead letter: [`DeadLetterForm::Whole`] when the rejected
    /// record was its output, a smaller one when it was already a dead letter.
    pub resend_as: DeadLetterForm,
}

/// What an in-flight slot's record is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SlotKind {
    /// An enriched (or passthrough) record on the output topic.
    Output,
    /// A dead-letter record; the index of its reason in the metric handles.
    DeadLetter(usize),
}

/// The input of an in-flight record: its batch (kept alive until the record is acknowledged)
/// and its index there. Needed to dead-letter the original bytes if the brokers reject the
/// record.
pub type InputRef = (Arc<Batch>, usize);

#[derive(Debug, Clone)]
struct Slot {
    /// The input message this record stands for.
    ticket: AckTicket,
    /// Output or dead letter (which counter to bump).
    kind: SlotKind,
    /// Input message timestamp, for the end-to-end latency histogram.
    timestamp_ms: Option<i64>,
    /// The input's bytes, key and headers (`None`: cannot be re-routed).
    input: Option<InputRef>,
    /// For a dead letter: its error message (repeated if it has to be re-sent).
    message: Option<String>,
    /// For a dead letter: the form it was sent in.
    form: DeadLetterForm,
}

impl Slot {
    /// The form of the dead letter to send when the brokers reject this slot's record for
    /// good: its input whole for an output record, the next smaller form for a dead letter;
    /// `None` when no smaller form is left (the rejection is fatal).
    fn resend_form(&self) -> Option<DeadLetterForm> {
        match self.kind {
            SlotKind::Output => Some(DeadLetterForm::Whole),
            SlotKind::DeadLetter(_) => self.form.after_rejection(),
        }
    }
}

/// The mutable acknowledgement state.
pub struct AckState {
    /// Per-partition ack tracking.
    pub tracker: OffsetTracker,
    /// In-flight slots; the index is the delivery opaque.
    slots: Vec<Option<Slot>>,
    /// Free slot indices, reused so that slots are allocated only while the window grows.
    free: Vec<usize>,
    /// Delivery reports from the producer's polling thread.
    deliveries: Receiver<Delivery>,
    /// Metric handles.
    instruments: Instruments,
    /// First failed delivery; the pipeline stops on it (the offset is never stored).
    pub failed: Option<String>,
    /// Exactly-once mode: that failure only made the open transaction abortable (see
    /// [`aborts_the_transaction_only`]), so the pipeline resumes rather than exits.
    failed_abortable: bool,
    /// The first failed delivery with an error no resume can fix (authorization, fatal:
    /// [`is_fatal_code`]), kept apart from `failed`, which a record rejected before it may
    /// hold. librdkafka stores only a transaction's first abortable error, so after such a
    /// rejection the transaction reports the rejection, not this: the pass must stop on it
    /// rather than resume to dead-letter the rejected records.
    pub unresumable: Option<String>,
    /// Acks were applied since offsets were last stored.
    pub dirty: bool,
    /// Consumption is paused for backpressure (reset when partitions are assigned).
    pub paused: bool,
    /// The consumer is closing after a drain: rebalance callbacks must not drain again.
    pub closing: bool,
    /// Partitions assigned or revoked by rebalance callbacks, with the rebalance generation
    /// (see [`super::consumer::PipelineConsumerContext::rebalances`]) of the callback. A
    /// message polled for a batch before such a rebalance and not yet registered is stale
    /// when its partition is listed with a later generation: its assignment ended (or
    /// restarted from the committed offset), so it is dropped unprocessed and the partition's
    /// next owner (or the restarted assignment) consumes it again. Cleared at each batch's
    /// registration and between batches (housekeeping), so it stays small.
    pub touched: Vec<(u64, i32)>,
    /// Input topic, for offset lists.
    input_topic: String,
    /// Reused buffer for watermarks to store.
    scratch: Vec<(i32, i64)>,
    /// Re-routes records rejected for good to the dead-letter topic (at-least-once mode;
    /// `None` in exactly-once mode, where a rejected record fails the transaction).
    rerouter: Option<Rerouter>,
    /// Rejected records not yet re-sent (the producer queue was full), in arrival order.
    reroutes: VecDeque<Reroute>,
    /// Exactly-once mode: records rejected for good in the open transaction (which must
    /// now abort); their inputs are dead-lettered when the pipeline resumes.
    pub rejected: Vec<RejectedRecord>,
}

impl AckState {
    /// Empty state reading delivery reports from `deliveries`.
    pub fn new(
        deliveries: Receiver<Delivery>,
        instruments: Instruments,
        input_topic: &str,
        rerouter: Option<Rerouter>,
    ) -> AckState {
        AckState {
            tracker: OffsetTracker::new(),
            slots: Vec::new(),
            free: Vec::new(),
            deliveries,
            instruments,
            failed: None,
            failed_abortable: false,
            unresumable: None,
            dirty: false,
            paused: false,
            closing: false,
            touched: Vec::new(),
            input_topic: input_topic.to_string(),
            scratch: Vec::new(),
            rerouter,
            reroutes: VecDeque::new(),
            rejected: Vec::new(),
        }
    }

    /// Registers a consumed message; returns the slot index to use as delivery opaque.
    pub fn register(
        &mut self,
        partition: i32,
        offset: i64,
        bytes: usize,
        timestamp_ms: Option<i64>,
        kind: SlotKind,
        input: Option<InputRef>,
    ) -> Result<usize, RegisterError> {
        let ticket = self.tracker.register(partition, offset, bytes)?;
        let slot = Slot {
            ticket,
            kind,
            timestamp_ms,
            input,
            message: None,
            form: DeadLetterForm::Whole,
        };
        Ok(match self.free.pop() {
            Some(i) => {
                self.slots[i] = Some(slot);
                i
            }
            None => {
                self.slots.push(Some(slot));
                self.slots.len() - 1
            }
        })
    }

    /// Changes what a registered slot's record is (output rerouted to the dead-letter topic).
    pub fn set_kind(&mut self, slot: usize, kind: SlotKind) {
        if let Some(Some(s)) = self.slots.get_mut(slot) {
            s.kind = kind;
        }
    }

    /// Whether a message of `partition` polled at rebalance generation `generation` (and not
    /// yet registered) is stale: a later rebalance revoked or re-assigned its partition. See
    /// [`AckState::touched`].
    pub fn polled_before_rebalance(&self, partition: i32, generation: u64) -> bool {
        self.touched
            .iter()
            .any(|&(g, p)| p == partition && g > generation)
    }

    /// Makes a registered slot's record a dead letter with this error message.
    pub fn set_dead_letter(&mut self, slot: usize, reason: usize, message: &str) {
        if let Some(Some(s)) = self.slots.get_mut(slot) {
            s.kind = SlotKind::DeadLetter(reason);
            s.message = Some(message.to_string());
        }
    }

    /// Records the form a registered slot's dead letter was sent in: a rejection of it
    /// re-sends the next smaller form, or is fatal after [`DeadLetterForm::Bare`].
    pub fn set_form(&mut self, slot: usize, form: DeadLetterForm) {
        if let Some(Some(s)) = self.slots.get_mut(slot) {
            s.form = form;
        }
    }

    /// Releases a slot whose record was never queued (no delivery report will come).
    pub fn withdraw(&mut self, slot: usize) {
        if let Some(s) = self.slots.get_mut(slot).and_then(Option::take) {
            self.tracker.withdraw(s.ticket);
            self.free.push(slot);
        }
    }

    /// Applies one delivery report.
    pub fn handle(&mut self, d: Delivery) {
        if let Err(e) = &d.result {
            let reroutable = self.rerouter.is_some()
                && is_permanent_record_error(e)
                && self
                    .slots
                    .get(d.slot)
                    .and_then(Option::as_ref)
                    .is_some_and(|s| s.input.is_some() && s.resend_form().is_some());
            if reroutable {
                // The slot stays registered: its offset is stored only once the dead letter
                // is acknowledged.
                self.reroutes.push_back(Reroute {
                    slot: d.slot,
                    error: e.to_string(),
                });
                return;
            }
        }
        let Some(slot) = self.slots.get_mut(d.slot).and_then(Option::take) else {
            return;
        };
        self.free.push(d.slot);
        match d.result {
            Ok(()) => {
                if self.tracker.ack(slot.ticket) {
                    self.dirty = true;
                }
                match slot.kind {
                    SlotKind::Output => self.instruments.produced.inc(),
                    SlotKind::DeadLetter(r) => {
                        if let Some(c) = self.instruments.dead_letters.get(r) {
                            c.inc();
                        }
                    }
                }
                if let Some(ts) = slot.timestamp_ms {
                    let now = SystemTime::now()
                        .duration_since(UNIX_EPOCH)
                        .map(|d| d.as_millis() as i64)
                        .unwrap_or(ts);
                    self.instruments
                        .end_to_end
                        .observe((now - ts).max(0) as f64 / 1000.0);
                }
            }
            Err(e) => {
                let resend = slot.resend_form();
                if let (None, true, Some(resend_as)) =
                    (&self.rerouter, is_permanent_record_error(&e), resend)
                {
                    self.rejected.push(RejectedRecord {
                        partition: slot.ticket.partition,
                        offset: slot.ticket.offset,
                        error: e.to_string(),
                        resend_as,
                    });
                }
                let abortable = self.rerouter.is_none()
                    && !is_permanent_record_error(&e)
                    && aborts_the_transaction_only(&e);
                // A failure that stops the pipeline outranks one that only aborts the
                // transaction: when one record of a transaction fails, librdkafka purges the
                // others, and their reports ("purged in queue") may come first.
                let unresumable =
                    self.unresumable.is_none() && e.rdkafka_error_code().is_some_and(is_fatal_code);
                let replaces = self.failed.is_none() || (self.failed_abortable && !abortable);
                if replaces || unresumable {
                    let t = slot.ticket;
                    let what = match (slot.kind, slot.form) {
                        (SlotKind::Output, _) => "record",
                        (SlotKind::DeadLetter(_), DeadLetterForm::Whole) => "dead letter",
                        (SlotKind::DeadLetter(_), DeadLetterForm::Truncated) => {
                            "dead letter (already re-sent truncated)"
                        }
                        (SlotKind::DeadLetter(_), DeadLetterForm::Bare) => {
                            "dead letter (already re-sent truncated, without key and headers)"
                        }
                    };
                    let failure = format!(
                        "delivery of the {what} for input partition {} offset {} failed: {e}; \
                         its offset is not committed, a restart re-processes it",
                        t.partition, t.offset
                    );
                    if unresumable {
                        self.unresumable = Some(failure.clone());
                    }
                    if replaces {
                        self.failed = Some(failure);
                        self.failed_abortable = abortable;
                    }
                }
            }
        }
    }

    /// Takes the first failed delivery as the error that ends the pass: in exactly-once mode
    /// one that only made the open transaction abortable ends it with
    /// [`PipelineError::TransactionAborted`] (the pipeline resumes), any other stops it.
    pub fn take_failure(&mut self) -> Option<PipelineError> {
        let failed = self.failed.take()?;
        Some(if std::mem::take(&mut self.failed_abortable) {
            PipelineError::TransactionAborted(format!(
                "exactly-once: {failed}; the open transaction is aborted and the pipeline \
                 resumes from the last committed offsets"
            ))
        } else {
            PipelineError::Other(failed)
        })
    }

    /// Applies every delivery report already received; returns how many.
    pub fn pump(&mut self) -> usize {
        let mut n = 0;
        while let Ok(d) = self.deliveries.try_recv() {
            self.handle(d);
            n += 1;
        }
        self.flush_reroutes();
        if n > 0 {
            self.update_gauges();
        }
        n
    }

    /// Waits up to `timeout` for a delivery report, then applies all that arrived.
    pub fn wait(&mut self, timeout: Duration) -> usize {
        match self.deliveries.recv_timeout(timeout) {
            Ok(d) => {
                self.handle(d);
                let n = 1 + self.pump();
                self.update_gauges();
                n
            }
            Err(RecvTimeoutError::Timeout) | Err(RecvTimeoutError::Disconnected) => {
                self.flush_reroutes();
                0
            }
        }
    }

    /// Sends the dead letters of records the brokers rejected for good (without blocking: a
    /// full producer queue leaves them for the next call), each in the form its rejection
    /// calls for ([`Slot::resend_form`]):
    ///
    /// * an output record: the original input (bytes, key, headers) with reason
    ///   [`OUTPUT_REJECTED`] and the broker's error as message;
    /// * a dead-letter record: once more in the next smaller [`DeadLetterForm`] (cut to
    ///   [`DEAD_LETTER_RETRY_BYTES`], then also without key and input headers); a rejection
    ///   of the last form is fatal (never a silent loss).
    ///
    /// A form the client itself refuses as too large is skipped for the next one at once.
    fn flush_reroutes(&mut self) {
        while let Some(r) = self.reroutes.front() {
            let index = r.slot;
            let Some(slot) = self.slots.get(index).and_then(Option::as_ref) else {
                self.reroutes.pop_front();
                continue;
            };
            if !self.tracker.is_current(slot.ticket) {
                // Revoked meanwhile: the partition's next owner processes the input again.
                self.reroutes.pop_front();
                if self.slots.get_mut(index).and_then(Option::take).is_some() {
                    self.free.push(index);
                }
                continue;
            }
            let error = r.error.clone();
            let slot = slot.clone();
            let first_rejection = slot.kind == SlotKind::Output;
            let mut form = slot.resend_form();
            let outcome = loop {
                let Some(f) = form else {
                    break Err(KafkaError::MessageProduction(
                        RDKafkaErrorCode::MessageSizeTooLarge,
                    ));
                };
                match self.send_dead_letter(index, &slot, &error, f) {
                    Err(e)
                        if e.rdkafka_error_code()
                            == Some(RDKafkaErrorCode::MessageSizeTooLarge) =>
                    {
                        form = f.after_rejection();
                    }
                    other => break other.map(|()| f),
                }
            };
            match outcome {
                Ok(sent) => {
                    self.reroutes.pop_front();
                    let t = slot.ticket;
                    if let Some(Some(s)) = self.slots.get_mut(index) {
                        if first_rejection {
                            s.kind = SlotKind::DeadLetter(reason_index(OUTPUT_REJECTED));
                            s.message =
                                Some(format!("output record rejected by the broker: {error}"));
                        }
                        s.form = sent;
                    }
                    tracing::warn!(
                        partition = t.partition,
                        offset = t.offset,
                        error = %error,
                        form = ?sent,
                        "record rejected by the broker; its input goes to the dead-letter topic"
                    );
                }
                Err(KafkaError::MessageProduction(RDKafkaErrorCode::QueueFull)) => break,
                Err(e) => {
                    self.reroutes.pop_front();
                    let t = slot.ticket;
                    if self.failed.is_none() {
                        self.failed = Some(format!(
                            "the dead letter for input partition {} offset {} cannot be produced: {e} \
                             (the record was rejected by the broker: {error}); its offset is not \
                             committed, a restart re-processes it",
                            t.partition, t.offset
                        ));
                    }
                    if self.slots.get_mut(index).and_then(Option::take).is_some() {
                        self.free.push(index);
                    }
                }
            }
        }
    }

    /// Queues one dead letter for `slot` in `form` under its own delivery opaque.
    fn send_dead_letter(
        &self,
        index: usize,
        slot: &Slot,
        error: &str,
        form: DeadLetterForm,
    ) -> Result<(), KafkaError> {
        let (Some(rerouter), Some((batch, i))) = (&self.rerouter, &slot.input) else {
            return Err(KafkaError::MessageProduction(RDKafkaErrorCode::Fail));
        };
        let payload = batch.payload(*i);
        let (kind, message) = match slot.kind {
            SlotKind::Output => (
                OUTPUT_REJECTED,
                format!("output record rejected by the broker: {error}"),
            ),
            SlotKind::DeadLetter(r) => (
                DEAD_LETTER_REASONS
                    .get(r)
                    .copied()
                    .unwrap_or(OUTPUT_REJECTED),
                slot.message.clone().unwrap_or_default(),
            ),
        };
        let info = DeadLetterInfo {
            topic: &rerouter.input_topic,
            partition: slot.ticket.partition,
            offset: slot.ticket.offset,
            kind,
            message: &message,
        };
        let bare = form == DeadLetterForm::Bare;
        let input_headers = batch.headers(*i).filter(|_| !bare);
        let mut headers: OwnedHeaders = dead_letter_headers_from(input_headers, &info);
        let keep = match form {
            DeadLetterForm::Whole => payload.len(),
            DeadLetterForm::Truncated | DeadLetterForm::Bare => {
                payload.len().min(DEAD_LETTER_RETRY_BYTES)
            }
        };
        let original_size = payload.len().to_string();
        if form != DeadLetterForm::Whole {
            headers = headers
                .insert(Header {
                    key: HEADER_PAYLOAD_TRUNCATED,
                    value: Some(original_size.as_str()),
                })
                .insert(Header {
                    key: HEADER_DELIVERY_ERROR,
                    value: Some(error),
                });
        }
        let dropped_size = bare.then(|| key_and_headers_size(batch, *i).to_string());
        if let Some(size) = &dropped_size {
            headers = headers.insert(Header {
                key: HEADER_KEY_AND_HEADERS_DROPPED,
                value: Some(size.as_str()),
            });
        }
        let mut record = BaseRecord::with_opaque_to(rerouter.dead_letter_topic.as_str(), index)
            .payload(payload.get(..keep).unwrap_or(&[]))
            .headers(headers);
        if let Some(key) = batch.key(*i).filter(|_| !bare) {
            record = record.key(key);
        }
        rerouter.producer.send(record).map_err(|(e, _)| e)
    }

    /// Records whether consumption is paused for backpressure, in the state and the gauge.
    pub fn set_paused(&mut self, paused: bool) {
        self.paused = paused;
        self.instruments.consumption_paused.set(i64::from(paused));
    }

    /// Sets the in-flight gauges.
    pub fn update_gauges(&self) {
        self.instruments
            .in_flight_messages
            .set(self.tracker.in_flight() as i64);
        self.instruments
            .in_flight_bytes
            .set(self.tracker.in_flight_bytes() as i64);
    }

    /// Stores (for librdkafka's next commit) every watermark that moved. Partitions no
    /// longer assigned are never stored: the tracker forgets them on revoke.
    pub fn store_offsets<C: ConsumerContext>(
        &mut self,
        consumer: &BaseConsumer<C>,
    ) -> KafkaResult<()> {
        self.dirty = false;
        self.scratch.clear();
        self.tracker.take_committable(&mut self.scratch);
        if self.scratch.is_empty() {
            return Ok(());
        }
        let mut tpl = TopicPartitionList::with_capacity(self.scratch.len());
        for &(p, next) in &self.scratch {
            tpl.add_partition_offset(&self.input_topic, p, Offset::Offset(next))?;
        }
        consumer.store_offsets(&tpl)
    }

    /// The committable offsets of the given partitions (for transactions and revoke commits).
    pub fn committable_list(&self, partitions: &[i32]) -> KafkaResult<TopicPartitionList> {
        let mut tpl = TopicPartitionList::with_capacity(partitions.len());
        for &p in partitions {
            if let Some(next) = self.tracker.committable(p) {
                tpl.add_partition_offset(&self.input_topic, p, Offset::Offset(next))?;
            }
        }
        Ok(tpl)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::Metrics;
    use std::sync::mpsc::channel;

    #[test]
    fn deliveries_ack_slots_and_count_by_kind() {
        let m = Metrics::new().unwrap();
        let (tx, mut st) = plain_state(&m, 0);
        let a = st
            .register(0, 0, 10, Some(0), SlotKind::Output, None)
            .unwrap();
        let b = st.register(0, 1, 10, None, SlotKind::Output, None).unwrap();
        st.set_kind(b, SlotKind::DeadLetter(1));
        tx.send(Delivery {
            slot: b,
            result: Ok(()),
        })
        .unwrap();
        assert_eq!(st.pump(), 1);
        assert_eq!(st.tracker.committable(0), None);
        tx.send(Delivery {
            slot: a,
            result: Ok(()),
        })
        .unwrap();
        assert_eq!(st.wait(Duration::from_secs(5)), 1);
        assert_eq!(st.tracker.committable(0), Some(2));
        assert!(st.dirty);
        assert_eq!(m.records_produced.get(), 1);
        assert_eq!(m.dead_letters.with_label_values(&["not_json"]).get(), 1);
        assert_eq!(m.in_flight_messages.get(), 0);
        // Slots are reused.
        let c = st.register(0, 2, 1, None, SlotKind::Output, None).unwrap();
        assert!(c == a || c == b);
    }

    /// An ack state without a re-router, owning `partition`, and the sender of its deliveries.
    fn plain_state(m: &Metrics, partition: i32) -> (std::sync::mpsc::Sender<Delivery>, AckState) {
        let (tx, rx) = channel();
        let mut st = AckState::new(rx, Instruments::new(m), "in", None);
        st.tracker.assign(partition);
        (tx, st)
    }

    fn rerouting_state(m: &Metrics) -> (std::sync::mpsc::Sender<Delivery>, AckState) {
        let (tx, rx) = channel();
        let (reports, _) = channel();
        // A producer that never reaches a broker: sends are only queued.
        let producer: Producer = rdkafka::ClientConfig::new()
            .set("bootstrap.servers", "127.0.0.1:1")
            .set("message.timeout.ms", "1000")
            .create_with_context(crate::pipeline::producer::DeliveryContext {
                deliveries: reports,
                shared: crate::pipeline::shared::Shared::new(
                    crate::health::Health::new(),
                    Instruments::new(m),
                ),
            })
            .unwrap();
        let rerouter = Rerouter {
            producer,
            dead_letter_topic: "dlq".to_string(),
            input_topic: "in".to_string(),
        };
        let mut st = AckState::new(rx, Instruments::new(m), "in", Some(rerouter));
        st.tracker.assign(0);
        (tx, st)
    }

    fn input(payload: &[u8]) -> Option<InputRef> {
        let mut b = Batch::with_capacity(0, 0);
        b.push_message(payload, None, Some(b"k"), [("h", Some(&b"v"[..]))]);
        Some((Arc::new(b), 0))
    }

    fn rejected() -> Result<(), KafkaError> {
        Err(KafkaError::MessageProduction(
            RDKafkaErrorCode::MessageSizeTooLarge,
        ))
    }

    #[test]
    fn without_a_rerouter_rejected_records_are_listed_for_the_next_pass() {
        let m = Metrics::new().unwrap();
        let (tx, mut st) = plain_state(&m, 0);
        let out = st.register(0, 3, 10, None, SlotKind::Output, None).unwrap();
        let dl = st.register(0, 4, 10, None, SlotKind::Output, None).unwrap();
        st.set_dead_letter(dl, 1, "not json");
        let again = st.register(0, 5, 10, None, SlotKind::Output, None).unwrap();
        st.set_dead_letter(again, 1, "not json");
        st.set_form(again, DeadLetterForm::Bare);
        let failed = st.register(0, 6, 10, None, SlotKind::Output, None).unwrap();
        for slot in [out, dl, again] {
            tx.send(Delivery {
                slot,
                result: rejected(),
            })
            .unwrap();
        }
        tx.send(Delivery {
            slot: failed,
            result: Err(KafkaError::MessageProduction(RDKafkaErrorCode::Fail)),
        })
        .unwrap();
        st.pump();
        let listed: Vec<(i64, DeadLetterForm)> = st
            .rejected
            .iter()
            .map(|r| (r.offset, r.resend_as))
            .collect();
        // A dead letter already re-sent in its last form, and an error that is not a
        // permanent rejection, are not listed: they stop the pipeline.
        assert_eq!(
            listed,
            vec![(3, DeadLetterForm::Whole), (4, DeadLetterForm::Truncated)]
        );
        assert!(st.rejected[0].error.to_lowercase().contains("too large"));
        assert!(st.failed.is_some(), "the open transaction must abort");
        assert_eq!(st.tracker.committable(0), None, "nothing acknowledged");
    }

    #[test]
    fn a_rejected_output_is_dead_lettered_then_retried_truncated_then_bare_then_fatal() {
        let m = Metrics::new().unwrap();
        let (tx, mut st) = rerouting_state(&m);
        let a = st
            .register(0, 7, 5000, None, SlotKind::Output, input(&[b'x'; 5000]))
            .unwrap();
        tx.send(Delivery {
            slot: a,
            result: rejected(),
        })
        .unwrap();
        st.pump();
        assert!(st.failed.is_none(), "{:?}", st.failed);
        assert_eq!(
            st.tracker.pending(0),
            1,
            "in flight until its dead letter is acked"
        );
        assert_eq!(st.tracker.committable(0), None);
        // The dead letter is rejected too: re-sent truncated, then also without key and
        // headers.
        for _ in 0..2 {
            tx.send(Delivery {
                slot: a,
                result: rejected(),
            })
            .unwrap();
            st.pump();
            assert!(st.failed.is_none(), "{:?}", st.failed);
            assert_eq!(st.tracker.pending(0), 1);
        }
        tx.send(Delivery {
            slot: a,
            result: Ok(()),
        })
        .unwrap();
        st.pump();
        assert_eq!(st.tracker.committable(0), Some(8));
        assert_eq!(
            m.dead_letters.with_label_values(&[OUTPUT_REJECTED]).get(),
            1
        );
        assert_eq!(m.records_produced.get(), 0);

        // Rejected four times (output, dead letter, truncated, bare): fatal.
        let b = st
            .register(0, 8, 10, None, SlotKind::Output, input(b"small"))
            .unwrap();
        for _ in 0..4 {
            tx.send(Delivery {
                slot: b,
                result: rejected(),
            })
            .unwrap();
            st.pump();
        }
        let failed = st.failed.take().unwrap_or_default();
        assert!(failed.contains("offset 8"), "{failed}");
        assert_eq!(
            st.tracker.committable(0),
            Some(8),
            "never committed past it"
        );
    }

    #[test]
    fn exactly_once_only_a_delivery_failure_that_is_not_fatal_resumes() {
        let m = Metrics::new().unwrap();
        for (code, resumes) in [
            (RDKafkaErrorCode::MessageTimedOut, true),
            (RDKafkaErrorCode::NotEnoughReplicas, true),
            (RDKafkaErrorCode::TopicAuthorizationFailed, false),
            (RDKafkaErrorCode::InvalidProducerEpoch, false),
            (RDKafkaErrorCode::Fatal, false),
        ] {
            let (tx, mut st) = plain_state(&m, 0);
            let a = st.register(0, 0, 1, None, SlotKind::Output, None).unwrap();
            tx.send(Delivery {
                slot: a,
                result: Err(KafkaError::MessageProduction(code)),
            })
            .unwrap();
            st.pump();
            let failure = st.take_failure();
            assert_eq!(
                matches!(failure, Some(PipelineError::TransactionAborted(_))),
                resumes,
                "{code:?}: {failure:?}"
            );
            assert!(failure.is_some_and(|f| f.to_string().contains("offset 0")));
        }
        // At-least-once (a rerouter): never a transaction to resume.
        let (tx, mut st) = rerouting_state(&m);
        let a = st.register(0, 0, 1, None, SlotKind::Output, None).unwrap();
        tx.send(Delivery {
            slot: a,
            result: Err(KafkaError::MessageProduction(
                RDKafkaErrorCode::MessageTimedOut,
            )),
        })
        .unwrap();
        st.pump();
        assert!(matches!(st.take_failure(), Some(PipelineError::Other(_))));
    }

    /// A record rejected for good, then a produce denied: the transaction keeps only the
    /// rejection, so the denial is kept apart for the pass to stop on instead of resuming.
    #[test]
    fn exactly_once_a_denial_after_a_rejected_record_is_kept_as_unresumable() {
        let m = Metrics::new().unwrap();
        let (tx, mut st) = plain_state(&m, 0);
        let too_large = st.register(0, 3, 1, None, SlotKind::Output, None).unwrap();
        let denied = st.register(0, 4, 1, None, SlotKind::Output, None).unwrap();
        let fatal = st.register(0, 5, 1, None, SlotKind::Output, None).unwrap();
        for (slot, result) in [
            (too_large, rejected()),
            (
                denied,
                Err(KafkaError::MessageProduction(
                    RDKafkaErrorCode::TopicAuthorizationFailed,
                )),
            ),
            (
                fatal,
                Err(KafkaError::MessageProduction(RDKafkaErrorCode::Fatal)),
            ),
        ] {
            tx.send(Delivery { slot, result }).unwrap();
        }
        st.pump();
        assert_eq!(st.rejected.len(), 1, "the rejection is listed");
        let unresumable = st.unresumable.clone().unwrap_or_default();
        assert!(
            unresumable.contains("offset 4") && unresumable.contains("TopicAuthorizationFailed"),
            "the first unresumable failure: {unresumable:?}"
        );
        assert!(
            st.failed.as_deref().is_some_and(|f| f.contains("offset 3")),
            "the first failure stays the pass's: {:?}",
            st.failed
        );
    }

    #[test]
    fn exactly_once_a_fatal_delivery_failure_outranks_purged_records_reported_first() {
        let m = Metrics::new().unwrap();
        let (tx, mut st) = plain_state(&m, 0);
        st.tracker.assign(1);
        let purged = st.register(0, 0, 1, None, SlotKind::Output, None).unwrap();
        let denied = st.register(1, 7, 1, None, SlotKind::Output, None).unwrap();
        let later = st.register(0, 1, 1, None, SlotKind::Output, None).unwrap();
        for (slot, code) in [
            (purged, RDKafkaErrorCode::PurgeQueue),
            (denied, RDKafkaErrorCode::TopicAuthorizationFailed),
            (later, RDKafkaErrorCode::PurgeQueue),
        ] {
            tx.send(Delivery {
                slot,
                result: Err(KafkaError::MessageProduction(code)),
            })
            .unwrap();
        }
        st.pump();
        let failure = st.take_failure();
        assert!(
            matches!(&failure, Some(PipelineError::Other(f))
                if f.contains("offset 7") && f.contains("TopicAuthorizationFailed")),
            "{failure:?}"
        );
    }

    #[test]
    fn other_delivery_errors_stay_fatal_and_only_per_record_errors_reroute() {
        let m = Metrics::new().unwrap();
        let (tx, mut st) = rerouting_state(&m);
        let a = st
            .register(0, 0, 5, None, SlotKind::Output, input(b"hello"))
            .unwrap();
        tx.send(Delivery {
            slot: a,
            result: Err(KafkaError::MessageProduction(
                RDKafkaErrorCode::TopicAuthorizationFailed,
            )),
        })
        .unwrap();
        st.pump();
        assert!(st.failed.is_some());
        for code in [
            RDKafkaErrorCode::MessageSizeTooLarge,
            RDKafkaErrorCode::InvalidMessage,
            RDKafkaErrorCode::InvalidRecord,
            RDKafkaErrorCode::MessageBatchTooLarge,
        ] {
            assert!(is_permanent_record_error(&KafkaError::MessageProduction(
                code
            )));
        }
        for code in [
            RDKafkaErrorCode::NotEnoughReplicas,
            RDKafkaErrorCode::TopicAuthorizationFailed,
            RDKafkaErrorCode::MessageTimedOut,
        ] {
            assert!(!is_permanent_record_error(&KafkaError::MessageProduction(
                code
            )));
        }
    }

    #[test]
    fn only_messages_polled_before_a_rebalance_of_their_partition_are_stale() {
        let m = Metrics::new().unwrap();
        let (_tx, rx) = channel();
        let mut st = AckState::new(rx, Instruments::new(&m), "in", None);
        // Generation 3 revoked partitions 0 and 1; generation 4 assigned 1 again.
        st.touched.extend([(3, 0), (3, 1), (4, 1)]);
        assert!(
            st.polled_before_rebalance(0, 2),
            "polled at 2, partition 0 revoked at 3"
        );
        assert!(!st.polled_before_rebalance(0, 3), "polled after the revoke");
        assert!(
            st.polled_before_rebalance(1, 3),
            "re-assigned at 4: restarts from the commit"
        );
        assert!(!st.polled_before_rebalance(1, 4));
        assert!(
            !st.polled_before_rebalance(2, 0),
            "partition 2 untouched: kept"
        );
    }

    #[test]
    fn failed_delivery_is_recorded_and_does_not_advance() {
        let m = Metrics::new().unwrap();
        let (tx, mut st) = plain_state(&m, 3);
        let a = st.register(3, 5, 1, None, SlotKind::Output, None).unwrap();
        tx.send(Delivery {
            slot: a,
            result: Err(rdkafka::error::KafkaError::Canceled),
        })
        .unwrap();
        st.pump();
        assert!(st.failed.as_deref().unwrap_or("").contains("offset 5"));
        assert_eq!(st.tracker.committable(3), None);
        assert_eq!(m.records_produced.get(), 0);
    }
}
