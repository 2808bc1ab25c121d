//! A fixed pool of enrichment threads: the pipeline thread hands it one batch of copied
//! input payloads at a time and gets the results back **in input order**.
//!
//! # Why this shape
//!
//! * Tagging costs tens of microseconds per item while the Kafka path costs a few; on one
//!   thread the tagger bounds the whole daemon. The pool spreads one batch over
//!   `pipeline.workers` threads: `workers - 1` pool threads, created once by [`Pool::new`],
//!   plus the calling (pipeline) thread, which processes the first chunk itself instead of
//!   idling while it waits. `workers = 1` therefore starts no thread at all.
//! * A batch is split into at most `workers` contiguous chunks of roughly equal payload
//!   bytes (tagging time grows with text length, and the bench mix has 200 B headlines next
//!   to 12 KB articles). Chunk `k` goes to thread `k`; results are read back chunk by chunk,
//!   so the output order is the input order whatever the finishing order of the threads.
//! * Handoff is per batch, not per message: one channel message per chunk each way. The
//!   input is one shared [`Batch`] (an `Arc`, one payload arena); each chunk's output is
//!   written into that chunk's own reused buffer. Nothing is locked per message.
//! * `librdkafka` messages cannot leave the polling thread, so the batch holds a copy of each
//!   payload (a memcpy of a few KB, small next to tagging).
//!
//! # Panics
//!
//! A panic while processing one item (a tagger bug) is caught on that item: the item's
//! result is [`Rejected`] with reason [`PANIC_REASON`] (the pipeline dead-letters it, so a
//! poison message cannot crash-loop the daemon), and the thread carries on with the next
//! item. A pool thread dying outside that (a bug in the pool itself) is reported as
//! [`PoolError::WorkerDied`] — never a hang: the thread's exit is noticed by a drop guard that
//! reports it, and by polling the thread handles while waiting.

use std::ops::Range;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

/// Dead-letter reason of an item whose processing panicked.
pub const PANIC_REASON: &str = "tagger_panic";

/// How often the waiting pipeline thread checks that the pool threads are still alive.
const LIVENESS_CHECK: Duration = Duration::from_millis(500);

/// Why an item produced no output record; it becomes a dead letter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejected {
    /// Dead-letter reason label, one of [`crate::metrics::DEAD_LETTER_REASONS`].
    pub reason: &'static str,
    /// Human-readable error message for the dead-letter header.
    pub message: String,
}

/// What is done to one item: write the output record into `out` (cleared by the callee) or
/// say why there is none. Arguments: payload, Kafka timestamp in milliseconds, output buffer.
pub type ItemFn = dyn Fn(&[u8], Option<i64>, &mut Vec<u8>) -> Result<(), Rejected> + Send + Sync;

/// Why a batch could not be processed (fatal for the pipeline).
#[derive(Debug, thiserror::Error)]
pub enum PoolError {
    /// A pool thread could not be started.
    #[error("cannot start enrichment thread {index}: {error}")]
    Spawn {
        /// Which thread.
        index: usize,
        /// The OS error.
        error: std::io::Error,
    },
    /// A pool thread ended while it owned part of a batch (a bug; its items have no result).
    #[error("enrichment thread {index} died: {message}")]
    WorkerDied {
        /// Which thread.
        index: usize,
        /// The panic message, when there was one.
        message: String,
    },
}

/// One input item of a [`Batch`].
#[derive(Debug, Clone)]
struct Item {
    /// Its payload's bytes in [`Batch::data`].
    payload: Range<usize>,
    /// Kafka timestamp (milliseconds), the reference time when the item has none.
    timestamp_ms: Option<i64>,
    /// Its key's bytes in [`Batch::data`], if it has a key.
    key: Option<Range<usize>>,
    /// Its headers, a range of [`Batch::headers`].
    headers: Range<usize>,
}

/// One copied header: name and value ranges in [`Batch::data`].
type HeaderRanges = (Range<usize>, Option<Range<usize>>);

/// The inputs of one batch, copied, in input order: payloads for the enrichment threads,
/// and key and headers so that an input can still be dead-lettered after the broker rejected
/// its output record (the batch lives, shared, until every record of it is acknowledged).
#[derive(Debug, Default)]
pub struct Batch {
    /// All payloads, keys and header names and values back to back (one allocation per
    /// batch, not per message).
    data: Vec<u8>,
    /// Where each item's parts are, and its timestamp.
    items: Vec<Item>,
    /// The headers of all items.
    headers: Vec<HeaderRanges>,
    /// Counts this batch's bytes as held while it lives (see [`Batch::hold_in`]).
    held: Option<HeldBytes>,
}

/// The bytes of live batches, summed: in-flight records keep their batch alive, so this is
/// the input memory that the in-flight byte limit must also cover.
pub type HeldBytesGauge = Arc<std::sync::atomic::AtomicUsize>;

/// A batch's contribution to a [`HeldBytesGauge`], taken back when the batch is dropped.
#[derive(Debug)]
struct HeldBytes {
    /// The gauge shared by all live batches.
    gauge: HeldBytesGauge,
    /// What this batch added to it (its allocated bytes), subtracted on drop.
    bytes: usize,
}

impl Drop for HeldBytes {
    fn drop(&mut self) {
        self.gauge
            .fetch_sub(self.bytes, std::sync::atomic::Ordering::Relaxed);
    }
}

impl Batch {
    /// An empty batch with room for `bytes` payload bytes and `items` items.
    pub fn with_capacity(bytes: usize, items: usize) -> Batch {
        Batch {
            data: Vec::with_capacity(bytes),
            items: Vec::with_capacity(items),
            headers: Vec::new(),
            held: None,
        }
    }

    /// Adds this batch's allocated bytes to `gauge` until the batch is dropped, i.e. until
    /// the last in-flight record that keeps it is acknowledged. Call once, after filling.
    pub fn hold_in(&mut self, gauge: &HeldBytesGauge) {
        let bytes = self.data.capacity();
        gauge.fetch_add(bytes, std::sync::atomic::Ordering::Relaxed);
        self.held = Some(HeldBytes {
            gauge: gauge.clone(),
            bytes,
        });
    }

    /// Appends an item with no key and no headers (copying its payload).
    pub fn push(&mut self, payload: &[u8], timestamp_ms: Option<i64>) {
        self.push_message(payload, timestamp_ms, None, std::iter::empty());
    }

    /// Appends an item, copying its payload, key and headers.
    pub fn push_message<'a>(
        &mut self,
        payload: &[u8],
        timestamp_ms: Option<i64>,
        key: Option<&[u8]>,
        headers: impl IntoIterator<Item = (&'a str, Option<&'a [u8]>)>,
    ) {
        let payload = self.copy(payload);
        let key = key.map(|k| self.copy(k));
        let first = self.headers.len();
        for (name, value) in headers {
            let name = self.copy(name.as_bytes());
            let value = value.map(|v| self.copy(v));
            self.headers.push((name, value));
        }
        self.items.push(Item {
            payload,
            timestamp_ms,
            key,
            headers: first..self.headers.len(),
        });
    }

    fn copy(&mut self, bytes: &[u8]) -> Range<usize> {
        let start = self.data.len();
        self.data.extend_from_slice(bytes);
        start..self.data.len()
    }

    /// The key of item `i`, if any.
    pub fn key(&self, i: usize) -> Option<&[u8]> {
        let range = self.items.get(i)?.key.clone()?;
        self.data.get(range)
    }

    /// The headers of item `i`, in their input order.
    pub fn headers(&self, i: usize) -> impl Iterator<Item = (&str, Option<&[u8]>)> + '_ {
        let range = self.items.get(i).map_or(0..0, |it| it.headers.clone());
        self.headers
            .get(range)
            .unwrap_or(&[])
            .iter()
            .map(move |(name, value)| {
                let name = self
                    .data
                    .get(name.clone())
                    .and_then(|n| std::str::from_utf8(n).ok())
                    .unwrap_or("");
                let value = value.as_ref().and_then(|v| self.data.get(v.clone()));
                (name, value)
            })
    }

    /// Number of items.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether the batch has no item.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Total bytes copied (payloads, keys, headers).
    pub fn bytes(&self) -> usize {
        self.data.len()
    }

    /// Empties the batch, keeping its allocations.
    pub fn clear(&mut self) {
        self.data.clear();
        self.items.clear();
        self.headers.clear();
    }

    /// The payload of item `i` (empty when out of range).
    pub fn payload(&self, i: usize) -> &[u8] {
        self.items
            .get(i)
            .and_then(|it| self.data.get(it.payload.clone()))
            .unwrap_or(&[])
    }
}

/// The results of a contiguous run of items; its buffers are reused batch after batch.
#[derive(Debug, Default)]
struct Chunk {
    /// First item (index into the batch).
    first: usize,
    /// One past the last item.
    end: usize,
    /// The output records of the chunk's items, back to back.
    out: Vec<u8>,
    /// Per item: where its output record is in `out`, or why it has none.
    results: Vec<Result<Range<usize>, Rejected>>,
    /// Scratch buffer handed to the item function.
    scratch: Vec<u8>,
}

/// Work for a pool thread.
enum Job {
    /// Process `chunk` of `batch`; `slot` is the chunk's position in the batch.
    Work {
        /// The batch (shared, read-only).
        batch: Arc<Batch>,
        /// The chunk to fill (its buffers travel with it).
        chunk: Chunk,
        /// Position of the chunk in [`Pool::chunks`].
        slot: usize,
    },
    /// Test only: make the thread die outside the per-item panic guard.
    #[cfg(test)]
    Crash,
}

/// What a pool thread reports.
enum Report {
    /// A chunk is done.
    Done {
        /// Position of the chunk in [`Pool::chunks`].
        slot: usize,
        /// The filled chunk.
        chunk: Chunk,
    },
    /// The thread is dying (sent by its drop guard while unwinding).
    Died {
        /// Which thread.
        index: usize,
        /// The panic message, when known.
        message: String,
    },
}

/// A pool thread, as seen by the pipeline thread.
struct Thread {
    /// Where its jobs go.
    jobs: Sender<Job>,
    /// Joined on drop; polled while waiting to detect a silent death.
    handle: Option<JoinHandle<()>>,
}

/// A fixed pool of enrichment threads (see the module documentation).
pub struct Pool {
    /// The per-item work, also run by the calling thread on the first chunk.
    f: Arc<ItemFn>,
    /// The `workers - 1` pool threads.
    threads: Vec<Thread>,
    /// Completion reports from the pool threads.
    reports: Receiver<Report>,
    /// One reusable chunk per worker (index 0: the calling thread's); after [`Pool::run`],
    /// the first `used` hold the batch's results in order.
    chunks: Vec<Chunk>,
    /// How many chunks the last batch used.
    used: usize,
}

/// Sends [`Report::Died`] if the owning thread unwinds.
struct DeathNotice {
    /// Which thread.
    index: usize,
    /// Where to report.
    reports: Sender<Report>,
}

impl Drop for DeathNotice {
    fn drop(&mut self) {
        if std::thread::panicking() {
            let _ = self.reports.send(Report::Died {
                index: self.index,
                message: "panicked outside item processing".to_string(),
            });
        }
    }
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_string())
}

/// Runs `f` on every item of `chunk`, catching a panic per item.
fn process_chunk(f: &ItemFn, batch: &Batch, chunk: &mut Chunk) {
    chunk.out.clear();
    chunk.results.clear();
    let Chunk {
        first,
        end,
        out,
        results,
        scratch,
    } = chunk;
    for item in batch.items.get(*first..*end).unwrap_or(&[]) {
        let payload = batch.data.get(item.payload.clone()).unwrap_or(&[]);
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            f(payload, item.timestamp_ms, &mut *scratch)
        }));
        results.push(match outcome {
            Ok(Ok(())) => {
                let start = out.len();
                out.extend_from_slice(scratch);
                Ok(start..out.len())
            }
            Ok(Err(rejected)) => Err(rejected),
            Err(panic) => {
                let message = panic_message(panic.as_ref());
                tracing::error!(error = %message, "tagging panicked; the item is dead-lettered");
                Err(Rejected {
                    reason: PANIC_REASON,
                    message: format!("tagging panicked: {message}"),
                })
            }
        });
    }
}

impl Pool {
    /// Starts `workers - 1` threads (`workers` 0 counts as 1) that run `f`.
    pub fn new(workers: usize, f: Arc<ItemFn>) -> Result<Pool, PoolError> {
        let workers = workers.max(1);
        let (report_tx, reports) = mpsc::channel();
        let mut threads = Vec::with_capacity(workers - 1);
        for index in 1..workers {
            let (jobs, rx) = mpsc::channel::<Job>();
            let f = f.clone();
            let report_tx = report_tx.clone();
            let handle = std::thread::Builder::new()
                .name(format!("newstag-enrich-{index}"))
                .spawn(move || {
                    let _notice = DeathNotice {
                        index,
                        reports: report_tx.clone(),
                    };
                    while let Ok(job) = rx.recv() {
                        match job {
                            Job::Work {
                                batch,
                                mut chunk,
                                slot,
                            } => {
                                process_chunk(f.as_ref(), &batch, &mut chunk);
                                // Release the batch before reporting, so that the caller
                                // holds the only reference once all chunks are back.
                                drop(batch);
                                if report_tx.send(Report::Done { slot, chunk }).is_err() {
                                    break;
                                }
                            }
                            #[cfg(test)]
                            Job::Crash => panic!("crash requested by a test"),
                        }
                    }
                })
                .map_err(|error| PoolError::Spawn { index, error })?;
            threads.push(Thread {
                jobs,
                handle: Some(handle),
            });
        }
        Ok(Pool {
            f,
            threads,
            reports,
            chunks: (0..workers).map(|_| Chunk::default()).collect(),
            used: 0,
        })
    }

    /// Number of threads working on a batch, the caller's included.
    pub fn workers(&self) -> usize {
        self.threads.len() + 1
    }

    /// Processes every item of `batch` (blocking until all are done); the results are then
    /// read with [`Pool::results`]. On error the batch has no results.
    pub fn run(&mut self, batch: &Arc<Batch>) -> Result<(), PoolError> {
        self.used = 0;
        let n = batch.len();
        if n == 0 {
            return Ok(());
        }
        let parts = self.workers().min(n);
        // Split points by payload bytes, so that each chunk has about the same work.
        let total: usize = batch.items.iter().map(|it| it.payload.len()).sum();
        let target = total.div_ceil(parts).max(1);
        let mut first = 0;
        let mut acc = 0;
        let mut k = 0;
        for (i, item) in batch.items.iter().enumerate() {
            acc += item.payload.len();
            let left_items = n - (i + 1);
            let left_parts = parts - (k + 1);
            // Cut when this chunk has its share, or when every remaining chunk needs one item.
            if left_parts > 0 && (acc >= target * (k + 1) || left_items == left_parts) {
                self.chunks[k].first = first;
                self.chunks[k].end = i + 1;
                first = i + 1;
                k += 1;
            }
        }
        self.chunks[k].first = first;
        self.chunks[k].end = n;
        let parts = k + 1;
        self.used = parts;
        for slot in 1..parts {
            let chunk = std::mem::take(&mut self.chunks[slot]);
            let job = Job::Work {
                batch: batch.clone(),
                chunk,
                slot,
            };
            if self.threads[slot - 1].jobs.send(job).is_err() {
                // The thread is gone (its chunk's buffers with the job; fatal anyway).
                self.used = 0;
                return Err(self.died(slot - 1));
            }
        }
        process_chunk(self.f.as_ref(), batch, &mut self.chunks[0]);
        let mut pending = parts - 1;
        while pending > 0 {
            match self.reports.recv_timeout(LIVENESS_CHECK) {
                Ok(Report::Done { slot, chunk }) => {
                    self.chunks[slot] = chunk;
                    pending -= 1;
                }
                Ok(Report::Died { index, message }) => {
                    self.used = 0;
                    return Err(PoolError::WorkerDied { index, message });
                }
                Err(RecvTimeoutError::Timeout) | Err(RecvTimeoutError::Disconnected) => {
                    // A thread that ended without its drop guard reporting (cannot happen
                    // short of an abort, but never wait forever on a dead thread).
                    if let Some(i) = (1..parts).find(|&slot| {
                        self.threads[slot - 1]
                            .handle
                            .as_ref()
                            .is_none_or(JoinHandle::is_finished)
                    }) {
                        self.used = 0;
                        return Err(self.died(i - 1));
                    }
                }
            }
        }
        Ok(())
    }

    fn died(&self, thread: usize) -> PoolError {
        PoolError::WorkerDied {
            index: thread + 1,
            message: "the thread has ended".to_string(),
        }
    }

    /// The results of the last [`Pool::run`], in input order: the output record, or why
    /// there is none.
    pub fn results(&self) -> impl Iterator<Item = Result<&[u8], &Rejected>> + '_ {
        self.chunks[..self.used].iter().flat_map(|c| {
            c.results.iter().map(move |r| match r {
                Ok(range) => Ok(c.out.get(range.clone()).unwrap_or(&[])),
                Err(rejected) => Err(rejected),
            })
        })
    }

    /// Test only: makes pool thread `thread` (0-based) die.
    #[cfg(test)]
    fn crash(&self, thread: usize) {
        let _ = self.threads[thread].jobs.send(Job::Crash);
    }
}

impl Drop for Pool {
    fn drop(&mut self) {
        let handles: Vec<JoinHandle<()>> = self
            .threads
            .iter_mut()
            .filter_map(|t| t.handle.take())
            .collect();
        // Closing the job channels ends the threads' loops.
        self.threads.clear();
        for h in handles {
            let _ = h.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn upper() -> Arc<ItemFn> {
        Arc::new(|payload: &[u8], ts: Option<i64>, out: &mut Vec<u8>| {
            out.clear();
            if payload == b"bad" {
                return Err(Rejected {
                    reason: "not_json",
                    message: "bad".to_string(),
                });
            }
            if payload == b"panic" {
                panic!("tagger bug");
            }
            out.extend(payload.iter().map(u8::to_ascii_uppercase));
            out.extend_from_slice(format!("@{}", ts.unwrap_or(-1)).as_bytes());
            Ok(())
        })
    }

    fn batch(items: &[Vec<u8>]) -> Arc<Batch> {
        let mut b = Batch::with_capacity(0, 0);
        for (i, p) in items.iter().enumerate() {
            b.push(p, Some(i as i64));
        }
        Arc::new(b)
    }

    #[test]
    fn held_bytes_last_until_the_last_holder_of_the_batch_is_gone() {
        let gauge = HeldBytesGauge::default();
        let mut first = Batch::with_capacity(100, 1);
        first.push(b"0123456789", None);
        first.hold_in(&gauge);
        let first = Arc::new(first);
        let mut second = Batch::with_capacity(50, 1);
        second.push(b"abc", None);
        second.hold_in(&gauge);
        let load = || gauge.load(std::sync::atomic::Ordering::Relaxed);
        assert_eq!(load(), 150, "allocated bytes of both batches");
        let in_flight_record = first.clone();
        drop(first);
        assert_eq!(load(), 150, "a record still keeps the first batch");
        drop(in_flight_record);
        assert_eq!(load(), 50);
        drop(second);
        assert_eq!(load(), 0);
    }

    fn collect(pool: &Pool) -> Vec<Result<Vec<u8>, Rejected>> {
        pool.results()
            .map(|r| r.map(<[u8]>::to_vec).map_err(Clone::clone))
            .collect()
    }

    #[test]
    fn results_come_back_in_input_order_for_any_pool_size() {
        // Sizes vary a lot (like headlines and long articles) so chunks differ in length.
        let items: Vec<Vec<u8>> = (0..301)
            .map(|i| {
                let len = if i % 7 == 0 { 3000 } else { 1 + i % 13 };
                let mut v = format!("item{i}-").into_bytes();
                v.extend(std::iter::repeat_n(b'x', len));
                v
            })
            .collect();
        let b = batch(&items);
        for workers in [1, 2, 3, 8] {
            let mut pool = Pool::new(workers, upper()).unwrap();
            assert_eq!(pool.workers(), workers);
            for _round in 0..3 {
                pool.run(&b).unwrap();
                let got = collect(&pool);
                assert_eq!(got.len(), items.len(), "workers = {workers}");
                for (i, (r, input)) in got.iter().zip(&items).enumerate() {
                    let mut want = input.to_ascii_uppercase();
                    want.extend_from_slice(format!("@{i}").as_bytes());
                    assert_eq!(r.as_ref().unwrap(), &want, "item {i}, workers {workers}");
                }
            }
        }
    }

    #[test]
    fn batch_keeps_payload_key_and_headers_per_item() {
        let mut b = Batch::with_capacity(0, 0);
        b.push_message(
            b"p0",
            Some(1),
            Some(b"k0"),
            [("h1", Some(&b"v1"[..])), ("h2", None)],
        );
        b.push_message(b"p1", None, None, std::iter::empty());
        assert_eq!(b.payload(0), b"p0");
        assert_eq!(b.key(0), Some(&b"k0"[..]));
        let h: Vec<_> = b.headers(0).collect();
        assert_eq!(h, vec![("h1", Some(&b"v1"[..])), ("h2", None)]);
        assert_eq!(b.payload(1), b"p1");
        assert_eq!(b.key(1), None);
        assert_eq!(b.headers(1).count(), 0);
        assert_eq!(b.payload(2), b"");
    }

    #[test]
    fn fewer_items_than_workers_and_empty_batches() {
        let mut pool = Pool::new(4, upper()).unwrap();
        pool.run(&batch(&[])).unwrap();
        assert_eq!(pool.results().count(), 0);
        pool.run(&batch(&[b"a".to_vec(), b"bad".to_vec()])).unwrap();
        let got = collect(&pool);
        assert_eq!(got[0], Ok(b"A@0".to_vec()));
        assert_eq!(got[1].as_ref().unwrap_err().reason, "not_json");
    }

    #[test]
    fn a_panicking_item_is_rejected_and_the_pool_keeps_working() {
        let mut pool = Pool::new(3, upper()).unwrap();
        let items: Vec<Vec<u8>> = (0..30)
            .map(|i| {
                if i % 10 == 4 {
                    b"panic".to_vec()
                } else {
                    format!("i{i}").into_bytes()
                }
            })
            .collect();
        for _ in 0..2 {
            pool.run(&batch(&items)).unwrap();
            let got = collect(&pool);
            assert_eq!(got.len(), 30);
            for (i, r) in got.iter().enumerate() {
                if i % 10 == 4 {
                    let e = r.as_ref().unwrap_err();
                    assert_eq!(e.reason, PANIC_REASON);
                    assert!(e.message.contains("tagger bug"), "{}", e.message);
                } else {
                    assert_eq!(r.as_ref().unwrap(), format!("I{i}@{i}").as_bytes());
                }
            }
        }
    }

    #[test]
    fn a_dead_pool_thread_is_a_clear_error_not_a_hang() {
        let mut pool = Pool::new(2, upper()).unwrap();
        pool.crash(0);
        let items: Vec<Vec<u8>> = (0..10).map(|i| format!("i{i}").into_bytes()).collect();
        let started = std::time::Instant::now();
        let err = pool.run(&batch(&items)).unwrap_err();
        assert!(
            matches!(err, PoolError::WorkerDied { index: 1, .. }),
            "{err}"
        );
        assert!(
            err.to_string().contains("enrichment thread 1 died"),
            "{err}"
        );
        assert!(started.elapsed() < Duration::from_secs(10));
        assert_eq!(pool.results().count(), 0);
    }
}
