//! Acknowledgement bookkeeping, owned by the pipeline thread: the in-flight slots whose index
//! is the producer's delivery opaque, the [`OffsetTracker`], and the delivery-report channel.
//!
//! Only the pipeline thread touches this state: directly in its loop, and from the consumer's
//! rebalance callback, which librdkafka runs on the same thread inside `poll`. The mutex
//! around it (in [`super::consumer::PipelineConsumerContext`]) is therefore never contended;
//! it exists because the consumer context must be `Sync`.

use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use rdkafka::consumer::{BaseConsumer, Consumer, ConsumerContext};
use rdkafka::error::KafkaResult;
use rdkafka::{Offset, TopicPartitionList};

use crate::pipeline::instruments::Instruments;
use crate::pipeline::offsets::{AckTicket, OffsetTracker, RegisterError};
use crate::pipeline::producer::Delivery;

/// What an in-flight slot's record is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SlotKind {
    /// An enriched (or passthrough) record on the output topic.
    Output,
    /// A dead-letter record; the index of its reason in the metric handles.
    DeadLetter(usize),
}

#[derive(Debug, Clone, Copy)]
struct Slot {
    /// The input message this record stands for.
    ticket: AckTicket,
    /// Output or dead letter (which counter to bump).
    kind: SlotKind,
    /// Input message timestamp, for the end-to-end latency histogram.
    timestamp_ms: Option<i64>,
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
    /// registration.
    pub touched: Vec<(u64, i32)>,
    /// Input topic, for offset lists.
    input_topic: String,
    /// Reused buffer for watermarks to store.
    scratch: Vec<(i32, i64)>,
}

impl AckState {
    /// Empty state reading delivery reports from `deliveries`.
    pub fn new(
        deliveries: Receiver<Delivery>,
        instruments: Instruments,
        input_topic: &str,
    ) -> AckState {
        AckState {
            tracker: OffsetTracker::new(),
            slots: Vec::new(),
            free: Vec::new(),
            deliveries,
            instruments,
            failed: None,
            dirty: false,
            paused: false,
            closing: false,
            touched: Vec::new(),
            input_topic: input_topic.to_string(),
            scratch: Vec::new(),
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
    ) -> Result<usize, RegisterError> {
        let ticket = self.tracker.register(partition, offset, bytes)?;
        let slot = Slot {
            ticket,
            kind,
            timestamp_ms,
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

    /// Releases a slot whose record was never queued (no delivery report will come).
    pub fn withdraw(&mut self, slot: usize) {
        if let Some(s) = self.slots.get_mut(slot).and_then(Option::take) {
            self.tracker.withdraw(s.ticket);
            self.free.push(slot);
        }
    }

    /// Applies one delivery report.
    pub fn handle(&mut self, d: Delivery) {
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
                if self.failed.is_none() {
                    let t = slot.ticket;
                    self.failed = Some(format!(
                        "delivery of the record for input partition {} offset {} failed: {e}; \
                         its offset is not committed, a restart re-processes it",
                        t.partition, t.offset
                    ));
                }
            }
        }
    }

    /// Applies every delivery report already received; returns how many.
    pub fn pump(&mut self) -> usize {
        let mut n = 0;
        while let Ok(d) = self.deliveries.try_recv() {
            self.handle(d);
            n += 1;
        }
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
            Err(RecvTimeoutError::Timeout) | Err(RecvTimeoutError::Disconnected) => 0,
        }
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
        let (tx, rx) = channel();
        let mut st = AckState::new(rx, Instruments::new(&m), "in");
        st.tracker.assign(0);
        let a = st.register(0, 0, 10, Some(0), SlotKind::Output).unwrap();
        let b = st.register(0, 1, 10, None, SlotKind::Output).unwrap();
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
        let c = st.register(0, 2, 1, None, SlotKind::Output).unwrap();
        assert!(c == a || c == b);
    }

    #[test]
    fn failed_delivery_is_recorded_and_does_not_advance() {
        let m = Metrics::new().unwrap();
        let (tx, rx) = channel();
        let mut st = AckState::new(rx, Instruments::new(&m), "in");
        st.tracker.assign(3);
        let a = st.register(3, 5, 1, None, SlotKind::Output).unwrap();
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
