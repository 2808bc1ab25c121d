//! Per-partition acknowledgement tracking: which input offsets may be stored for commit.
//!
//! Output records of one input partition can be acknowledged out of order (they may go to
//! different output partitions, or to the dead-letter topic). An input offset `N` becomes
//! committable only once every consumed offset `<= N` of that partition is acknowledged; the
//! tracker keeps, per partition, the consumed-but-unacknowledged offsets in consumption order
//! and advances a "next offset to commit" watermark as the front of that queue is acknowledged.
//!
//! Each assignment of a partition gets a fresh *epoch*; acknowledgements carry the epoch they
//! were registered under, so an acknowledgement arriving after the partition was revoked (and
//! perhaps assigned again) can never move the watermark of the new assignment.

use std::collections::{HashMap, VecDeque};

/// Identifies one registered input message, handed back on acknowledgement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AckTicket {
    /// Input partition of the message.
    pub partition: i32,
    /// Input offset of the message.
    pub offset: i64,
    /// Assignment epoch the message was consumed under (stale tickets are ignored).
    pub epoch: u64,
}

/// Why a message could not be registered.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RegisterError {
    /// The partition is not (or no longer) assigned: the message must not be processed.
    #[error("partition {0} is not assigned")]
    NotAssigned(i32),
    /// The consumer went backwards within a partition; the watermark would become wrong.
    #[error("partition {partition}: offset {offset} consumed after offset {last}")]
    OutOfOrder {
        /// Partition concerned.
        partition: i32,
        /// Offset just consumed.
        offset: i64,
        /// Highest offset already in flight.
        last: i64,
    },
}

#[derive(Debug)]
struct Pending {
    /// Input offset.
    offset: i64,
    /// Payload size, for the in-flight byte count.
    bytes: usize,
    /// Acknowledged (it may still wait for earlier offsets before it is committable).
    acked: bool,
}

#[derive(Debug)]
struct PartitionState {
    /// Assignment epoch; tickets of other epochs are stale.
    epoch: u64,
    /// Consumed offsets from the first unacknowledged one on, in consumption order.
    pending: VecDeque<Pending>,
    /// Next offset to commit: everything below it is acknowledged.
    committable: Option<i64>,
    /// The value last handed out by [`OffsetTracker::take_committable`].
    taken: Option<i64>,
    /// Offset after the last registered message (the consumer's position as processed).
    consumed_next: Option<i64>,
}

/// Tracks in-flight input messages and the committable offset of every assigned partition.
#[derive(Debug, Default)]
pub struct OffsetTracker {
    /// State per assigned input partition.
    partitions: HashMap<i32, PartitionState>,
    /// Last epoch handed out.
    next_epoch: u64,
    /// Unacknowledged messages across partitions (backpressure).
    in_flight: usize,
    /// Their payload bytes (backpressure).
    in_flight_bytes: usize,
}

impl OffsetTracker {
    /// An empty tracker with no partitions assigned.
    pub fn new() -> OffsetTracker {
        OffsetTracker::default()
    }

    /// Starts tracking `partition` under a new epoch (forgetting any previous state of it).
    pub fn assign(&mut self, partition: i32) -> u64 {
        self.revoke(partition);
        self.next_epoch += 1;
        self.partitions.insert(
            partition,
            PartitionState {
                epoch: self.next_epoch,
                pending: VecDeque::new(),
                committable: None,
                taken: None,
                consumed_next: None,
            },
        );
        self.next_epoch
    }

    /// Stops tracking `partition`; its unacknowledged messages no longer count as in flight
    /// and their late acknowledgements will be ignored. Returns how many were unacknowledged.
    pub fn revoke(&mut self, partition: i32) -> usize {
        let Some(state) = self.partitions.remove(&partition) else {
            return 0;
        };
        let mut dropped = 0;
        for p in state.pending.iter().filter(|p| !p.acked) {
            dropped += 1;
            self.in_flight -= 1;
            self.in_flight_bytes -= p.bytes;
        }
        dropped
    }

    /// Whether `ticket` belongs to the current assignment of its partition (not revoked, not
    /// re-assigned since it was registered).
    pub fn is_current(&self, ticket: AckTicket) -> bool {
        self.partitions
            .get(&ticket.partition)
            .is_some_and(|s| s.epoch == ticket.epoch)
    }

    /// Whether `partition` is currently assigned.
    pub fn is_assigned(&self, partition: i32) -> bool {
        self.partitions.contains_key(&partition)
    }

    /// The assigned partitions, in no particular order.
    pub fn assigned(&self) -> impl Iterator<Item = i32> + '_ {
        self.partitions.keys().copied()
    }

    /// Records a consumed message of `bytes` payload bytes as in flight.
    pub fn register(
        &mut self,
        partition: i32,
        offset: i64,
        bytes: usize,
    ) -> Result<AckTicket, RegisterError> {
        let state = self
            .partitions
            .get_mut(&partition)
            .ok_or(RegisterError::NotAssigned(partition))?;
        let last = state
            .pending
            .back()
            .map(|p| p.offset)
            .or(state.committable.map(|c| c - 1));
        if let Some(last) = last {
            if offset <= last {
                return Err(RegisterError::OutOfOrder {
                    partition,
                    offset,
                    last,
                });
            }
        }
        state.pending.push_back(Pending {
            offset,
            bytes,
            acked: false,
        });
        state.consumed_next = Some(offset + 1);
        self.in_flight += 1;
        self.in_flight_bytes += bytes;
        Ok(AckTicket {
            partition,
            offset,
            epoch: state.epoch,
        })
    }

    /// Forgets a registered message that was never handed to the producer (no ack will come).
    /// Only the most recently registered message of its partition can be withdrawn.
    pub fn withdraw(&mut self, ticket: AckTicket) -> bool {
        let Some(state) = self.partitions.get_mut(&ticket.partition) else {
            return false;
        };
        if state.epoch != ticket.epoch {
            return false;
        }
        match state.pending.back() {
            Some(p) if p.offset == ticket.offset && !p.acked => {
                self.in_flight -= 1;
                self.in_flight_bytes -= p.bytes;
                state.pending.pop_back();
                state.consumed_next = state
                    .pending
                    .back()
                    .map(|p| p.offset + 1)
                    .or(state.committable);
                true
            }
            _ => false,
        }
    }

    /// Marks a message acknowledged. Returns `false` (and changes nothing) for a stale or
    /// unknown ticket.
    pub fn ack(&mut self, ticket: AckTicket) -> bool {
        let Some(state) = self.partitions.get_mut(&ticket.partition) else {
            return false;
        };
        if state.epoch != ticket.epoch {
            return false;
        }
        let Ok(idx) = state
            .pending
            .binary_search_by_key(&ticket.offset, |p| p.offset)
        else {
            return false;
        };
        let entry = &mut state.pending[idx];
        if entry.acked {
            return false;
        }
        entry.acked = true;
        self.in_flight -= 1;
        self.in_flight_bytes -= entry.bytes;
        while let Some(front) = state.pending.front() {
            if !front.acked {
                break;
            }
            state.committable = Some(front.offset + 1);
            state.pending.pop_front();
        }
        true
    }

    /// Appends `(partition, next offset to commit)` for every partition whose watermark moved
    /// since the last call.
    pub fn take_committable(&mut self, out: &mut Vec<(i32, i64)>) {
        for (&partition, state) in self.partitions.iter_mut() {
            if let Some(c) = state.committable {
                if state.taken != Some(c) {
                    state.taken = Some(c);
                    out.push((partition, c));
                }
            }
        }
    }

    /// The next offset to commit for `partition`, if any message of it was acknowledged.
    pub fn committable(&self, partition: i32) -> Option<i64> {
        self.partitions.get(&partition).and_then(|s| s.committable)
    }

    /// The offset after the last message registered for `partition` (what a transaction
    /// commits: everything consumed so far is in the transaction).
    pub fn consumed_next(&self, partition: i32) -> Option<i64> {
        self.partitions
            .get(&partition)
            .and_then(|s| s.consumed_next)
    }

    /// Unacknowledged messages of `partition` (0 when not assigned).
    pub fn pending(&self, partition: i32) -> usize {
        self.partitions
            .get(&partition)
            .map(|s| s.pending.iter().filter(|p| !p.acked).count())
            .unwrap_or(0)
    }

    /// Messages in flight across all partitions.
    pub fn in_flight(&self) -> usize {
        self.in_flight
    }

    /// Payload bytes in flight across all partitions.
    pub fn in_flight_bytes(&self) -> usize {
        self.in_flight_bytes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn taken(t: &mut OffsetTracker) -> Vec<(i32, i64)> {
        let mut v = Vec::new();
        t.take_committable(&mut v);
        v.sort_unstable();
        v
    }

    #[test]
    fn in_order_acks_advance_the_watermark() {
        let mut t = OffsetTracker::new();
        t.assign(0);
        let a = t.register(0, 10, 5).unwrap();
        let b = t.register(0, 11, 7).unwrap();
        assert_eq!((t.in_flight(), t.in_flight_bytes()), (2, 12));
        assert!(t.ack(a));
        assert_eq!(taken(&mut t), vec![(0, 11)]);
        assert!(t.ack(b));
        assert_eq!(taken(&mut t), vec![(0, 12)]);
        assert_eq!(taken(&mut t), vec![]);
        assert_eq!((t.in_flight(), t.in_flight_bytes()), (0, 0));
    }

    #[test]
    fn out_of_order_ack_waits_for_the_gap() {
        let mut t = OffsetTracker::new();
        t.assign(1);
        let a = t.register(1, 0, 1).unwrap();
        let b = t.register(1, 1, 1).unwrap();
        let c = t.register(1, 5, 1).unwrap(); // offsets may have gaps (compaction, markers)
        assert!(t.ack(c));
        assert!(t.ack(b));
        assert_eq!(taken(&mut t), vec![]);
        assert_eq!(t.committable(1), None);
        assert_eq!(t.pending(1), 1);
        assert!(t.ack(a));
        assert_eq!(taken(&mut t), vec![(1, 6)]);
        assert_eq!(t.pending(1), 0);
    }

    #[test]
    fn partitions_are_independent() {
        let mut t = OffsetTracker::new();
        t.assign(0);
        t.assign(1);
        let a0 = t.register(0, 0, 1).unwrap();
        let _a1 = t.register(1, 0, 1).unwrap();
        let b1 = t.register(1, 1, 1).unwrap();
        assert!(t.ack(b1));
        assert!(t.ack(a0));
        assert_eq!(taken(&mut t), vec![(0, 1)]);
    }

    #[test]
    fn stale_tickets_are_ignored_after_revoke_and_reassign() {
        let mut t = OffsetTracker::new();
        t.assign(0);
        let old = t.register(0, 3, 100).unwrap();
        assert_eq!(t.revoke(0), 1);
        assert_eq!((t.in_flight(), t.in_flight_bytes()), (0, 0));
        assert!(!t.ack(old));
        t.assign(0);
        let new = t.register(0, 3, 100).unwrap();
        assert_ne!(old.epoch, new.epoch);
        assert!(!t.ack(old));
        assert_eq!(t.committable(0), None);
        assert!(t.ack(new));
        assert_eq!(t.committable(0), Some(4));
    }

    #[test]
    fn unassigned_and_backwards_messages_are_rejected() {
        let mut t = OffsetTracker::new();
        assert_eq!(t.register(2, 0, 1), Err(RegisterError::NotAssigned(2)));
        t.assign(2);
        let a = t.register(2, 7, 1).unwrap();
        assert!(matches!(
            t.register(2, 7, 1),
            Err(RegisterError::OutOfOrder { last: 7, .. })
        ));
        assert!(t.ack(a));
        assert!(matches!(
            t.register(2, 6, 1),
            Err(RegisterError::OutOfOrder { last: 7, .. })
        ));
        assert!(t.register(2, 8, 1).is_ok());
    }

    #[test]
    fn double_ack_counts_once_and_withdraw_undoes_register() {
        let mut t = OffsetTracker::new();
        t.assign(0);
        let a = t.register(0, 0, 4).unwrap();
        let b = t.register(0, 1, 4).unwrap();
        assert!(t.withdraw(b));
        assert!(!t.withdraw(b));
        assert_eq!(t.consumed_next(0), Some(1));
        assert_eq!((t.in_flight(), t.in_flight_bytes()), (1, 4));
        assert!(t.ack(a));
        assert!(!t.ack(a));
        assert_eq!((t.in_flight(), t.in_flight_bytes()), (0, 0));
        // The withdrawn offset can be registered again (it will be re-processed).
        assert!(t.register(0, 1, 4).is_ok());
    }
}
