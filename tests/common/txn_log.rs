//! A minimal reader of a partition's raw log (Kafka `Fetch` v4 over a plain TCP socket), for
//! tests that must see transaction markers. librdkafka hides control records and filters
//! aborted records only through the broker's aborted-transactions index in the fetch response,
//! which tansu always sends empty: a `read_committed` librdkafka consumer on tansu also shows
//! records of aborted transactions. tansu does write the commit and abort markers into the
//! log, so [`TxnView::of`] computes from them what a `read_committed` reader must see, and
//! which records were aborted or are still in an open transaction.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

/// One data record of the log.
#[derive(Debug, Clone)]
pub struct LogRecord {
    /// Its offset in the partition.
    pub offset: i64,
    /// The producer id of its batch (-1 when not idempotent).
    pub producer_id: i64,
    /// The producer epoch of its batch.
    pub producer_epoch: i16,
    /// Written inside a transaction.
    pub transactional: bool,
    /// Its value.
    pub value: Option<Vec<u8>>,
}

/// A transaction marker (control record) of the log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Marker {
    /// Its offset in the partition.
    pub offset: i64,
    /// The producer whose transaction it ends.
    pub producer_id: i64,
    /// That producer's epoch when the marker was written.
    pub producer_epoch: i16,
    /// COMMIT (true) or ABORT (false).
    pub commit: bool,
}

/// One entry of the log, in offset order.
#[derive(Debug, Clone)]
pub enum Entry {
    /// A data record.
    Data(LogRecord),
    /// A transaction marker.
    Marker(Marker),
}

struct Cursor<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn take(&mut self, n: usize) -> &'a [u8] {
        assert!(self.pos + n <= self.buf.len(), "truncated Kafka message");
        let s = &self.buf[self.pos..self.pos + n];
        self.pos += n;
        s
    }
    fn i8(&mut self) -> i8 {
        self.take(1)[0] as i8
    }
    fn i16(&mut self) -> i16 {
        i16::from_be_bytes(self.take(2).try_into().expect("2 bytes"))
    }
    fn i32(&mut self) -> i32 {
        i32::from_be_bytes(self.take(4).try_into().expect("4 bytes"))
    }
    fn i64(&mut self) -> i64 {
        i64::from_be_bytes(self.take(8).try_into().expect("8 bytes"))
    }
    /// A zigzag-encoded variable-length integer.
    fn varint(&mut self) -> i64 {
        let mut raw: u64 = 0;
        for shift in (0..64).step_by(7) {
            let b = self.take(1)[0];
            raw |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                break;
            }
        }
        (raw >> 1) as i64 ^ -((raw & 1) as i64)
    }
    /// Varint-length bytes (-1: null).
    fn var_bytes(&mut self) -> Option<Vec<u8>> {
        let n = self.varint();
        (n >= 0).then(|| self.take(n as usize).to_vec())
    }
    fn string(&mut self) -> String {
        let n = self.i16();
        String::from_utf8_lossy(self.take(n.max(0) as usize)).into_owned()
    }
    fn remaining(&self) -> usize {
        self.buf.len() - self.pos
    }
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    out.extend_from_slice(&(s.len() as i16).to_be_bytes());
    out.extend_from_slice(s.as_bytes());
}

/// One `Fetch` v4 (read_uncommitted, so that every batch comes back) of `partition` from
/// `offset`: the partition's high watermark and the raw record-batch bytes.
fn fetch(stream: &mut TcpStream, topic: &str, partition: i32, offset: i64) -> (i64, Vec<u8>) {
    let mut req = Vec::new();
    req.extend_from_slice(&1i16.to_be_bytes()); // api key: Fetch
    req.extend_from_slice(&4i16.to_be_bytes()); // api version
    req.extend_from_slice(&1i32.to_be_bytes()); // correlation id
    put_str(&mut req, "newstag-test-log-reader");
    req.extend_from_slice(&(-1i32).to_be_bytes()); // replica id: a consumer
    req.extend_from_slice(&100i32.to_be_bytes()); // max wait ms
    req.extend_from_slice(&1i32.to_be_bytes()); // min bytes
    req.extend_from_slice(&(4i32 << 20).to_be_bytes()); // max bytes
    req.push(0); // isolation level: read_uncommitted
    req.extend_from_slice(&1i32.to_be_bytes()); // one topic
    put_str(&mut req, topic);
    req.extend_from_slice(&1i32.to_be_bytes()); // one partition
    req.extend_from_slice(&partition.to_be_bytes());
    req.extend_from_slice(&offset.to_be_bytes());
    req.extend_from_slice(&(4i32 << 20).to_be_bytes()); // partition max bytes
    let mut framed = (req.len() as i32).to_be_bytes().to_vec();
    framed.extend_from_slice(&req);
    stream.write_all(&framed).expect("send Fetch");
    let mut len = [0u8; 4];
    stream.read_exact(&mut len).expect("Fetch response size");
    let mut resp = vec![0u8; i32::from_be_bytes(len) as usize];
    stream.read_exact(&mut resp).expect("Fetch response");

    let mut c = Cursor { buf: &resp, pos: 0 };
    let _correlation = c.i32();
    let _throttle = c.i32();
    assert_eq!(c.i32(), 1, "one topic in the Fetch response");
    let _topic = c.string();
    assert_eq!(c.i32(), 1, "one partition in the Fetch response");
    let _partition = c.i32();
    let error = c.i16();
    assert_eq!(error, 0, "Fetch error code for {topic}/{partition}");
    let high_watermark = c.i64();
    let _last_stable = c.i64();
    let aborted = c.i32();
    for _ in 0..aborted.max(0) {
        c.take(16);
    }
    let n = c.i32();
    let records = if n > 0 {
        c.take(n as usize).to_vec()
    } else {
        Vec::new()
    };
    (high_watermark, records)
}

/// Parses the complete record batches in `bytes` (a fetch may end with a partial one) and
/// returns the entries and the offset after the last complete batch.
fn parse_batches(bytes: &[u8], out: &mut Vec<Entry>) -> Option<i64> {
    let mut c = Cursor { buf: bytes, pos: 0 };
    let mut next = None;
    while c.remaining() >= 12 {
        let base_offset = c.i64();
        let length = c.i32() as usize;
        if c.remaining() < length {
            break; // partial batch at the end of the response
        }
        let mut b = Cursor {
            buf: c.take(length),
            pos: 0,
        };
        let _leader_epoch = b.i32();
        let magic = b.i8();
        assert_eq!(magic, 2, "record batch format v2");
        let _crc = b.i32();
        let attributes = b.i16();
        assert_eq!(
            attributes & 0x07,
            0,
            "the log reader handles uncompressed batches only"
        );
        let transactional = attributes & 0x10 != 0;
        let control = attributes & 0x20 != 0;
        let last_offset_delta = b.i32();
        let _base_timestamp = b.i64();
        let _max_timestamp = b.i64();
        let producer_id = b.i64();
        let producer_epoch = b.i16();
        let _base_sequence = b.i32();
        let count = b.i32();
        for _ in 0..count {
            let len = b.varint() as usize;
            let mut r = Cursor {
                buf: b.take(len),
                pos: 0,
            };
            let _attributes = r.i8();
            let _timestamp_delta = r.varint();
            let offset = base_offset + r.varint();
            let key = r.var_bytes();
            let value = r.var_bytes();
            if control {
                let key = key.expect("control record key");
                let mut k = Cursor { buf: &key, pos: 0 };
                let _version = k.i16();
                let kind = k.i16();
                assert!(kind == 0 || kind == 1, "control record type {kind}");
                out.push(Entry::Marker(Marker {
                    offset,
                    producer_id,
                    producer_epoch,
                    commit: kind == 1,
                }));
            } else {
                out.push(Entry::Data(LogRecord {
                    offset,
                    producer_id,
                    producer_epoch,
                    transactional,
                    value,
                }));
            }
        }
        next = Some(base_offset + i64::from(last_offset_delta) + 1);
    }
    next
}

/// Every entry of `topic`/`partition` up to its high watermark, markers included.
pub fn read_log(bootstrap: &str, topic: &str, partition: i32) -> Vec<Entry> {
    let mut stream = TcpStream::connect(bootstrap).expect("connect to the broker");
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .expect("read timeout");
    let mut out = Vec::new();
    let mut offset = 0;
    let deadline = Instant::now() + super::TIMEOUT;
    loop {
        let (high_watermark, bytes) = fetch(&mut stream, topic, partition, offset);
        if offset >= high_watermark {
            return out;
        }
        assert!(
            Instant::now() < deadline,
            "reading {topic}/{partition} did not reach its high watermark {high_watermark}"
        );
        if let Some(next) = parse_batches(&bytes, &mut out) {
            offset = next;
        }
    }
}

/// A partition's records split by the fate of their transaction.
#[derive(Debug, Default)]
pub struct TxnView {
    /// What a `read_committed` reader sees: non-transactional records and records of
    /// committed transactions, in offset order.
    pub committed: Vec<LogRecord>,
    /// Records of aborted transactions.
    pub aborted: Vec<LogRecord>,
    /// Records of transactions not ended by any marker yet.
    pub open: Vec<LogRecord>,
    /// The markers, in offset order.
    pub markers: Vec<Marker>,
}

impl TxnView {
    /// Resolves each transactional record by the next marker of its producer.
    pub fn of(entries: Vec<Entry>) -> TxnView {
        let mut view = TxnView::default();
        let mut pending: HashMap<i64, Vec<LogRecord>> = HashMap::new();
        for e in entries {
            match e {
                Entry::Data(r) if r.transactional => {
                    pending.entry(r.producer_id).or_default().push(r)
                }
                Entry::Data(r) => view.committed.push(r),
                Entry::Marker(m) => {
                    let records = pending.remove(&m.producer_id).unwrap_or_default();
                    if m.commit {
                        view.committed.extend(records);
                    } else {
                        view.aborted.extend(records);
                    }
                    view.markers.push(m);
                }
            }
        }
        view.open = pending.into_values().flatten().collect();
        view.committed.sort_by_key(|r| r.offset);
        view.open.sort_by_key(|r| r.offset);
        view
    }

    /// [`TxnView::of`] over partitions `0..partitions` of `topic`, merged.
    pub fn read(bootstrap: &str, topic: &str, partitions: i32) -> TxnView {
        let mut all = TxnView::default();
        for p in 0..partitions {
            let v = TxnView::of(read_log(bootstrap, topic, p));
            all.committed.extend(v.committed);
            all.aborted.extend(v.aborted);
            all.open.extend(v.open);
            all.markers.extend(v.markers);
        }
        all
    }
}

/// The `id` field of a record's JSON value.
pub fn record_id(r: &LogRecord) -> String {
    r.value
        .as_deref()
        .and_then(|v| serde_json::from_slice::<serde_json::Value>(v).ok())
        .and_then(|j| j["id"].as_str().map(str::to_string))
        .unwrap_or_default()
}
