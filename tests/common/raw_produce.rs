//! Produces one record by writing the Kafka wire protocol directly (Produce v3, record batch
//! v2), for inputs no client library lets a test make: rust-rdkafka takes header names as
//! `&str`, but on the wire they are bytes, and other producers can send any bytes.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

/// The API key of Produce.
const PRODUCE: i16 = 0;
/// Produce v3: the first version carrying record batches (magic 2).
const PRODUCE_VERSION: i16 = 3;

/// CRC-32C (Castagnoli), the checksum of record batch v2, bit by bit (tests only).
fn crc32c(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0x82F6_3B78
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// Appends a zigzag varint, the length encoding inside records.
fn varint(out: &mut Vec<u8>, v: i64) {
    let mut z = ((v << 1) ^ (v >> 63)) as u64;
    while z >= 0x80 {
        out.push((z as u8) | 0x80);
        z >>= 7;
    }
    out.push(z as u8);
}

/// Appends bytes prefixed by their varint length (`None`: length -1).
fn varbytes(out: &mut Vec<u8>, b: Option<&[u8]>) {
    match b {
        Some(b) => {
            varint(out, b.len() as i64);
            out.extend_from_slice(b);
        }
        None => varint(out, -1),
    }
}

/// Appends a protocol string (i16 length).
fn string(out: &mut Vec<u8>, s: &str) {
    out.extend_from_slice(&(s.len() as i16).to_be_bytes());
    out.extend_from_slice(s.as_bytes());
}

/// A record batch v2 holding one record.
fn record_batch(key: Option<&[u8]>, value: &[u8], headers: &[(&[u8], &[u8])]) -> Vec<u8> {
    let mut record = Vec::new();
    record.push(0); // attributes
    varint(&mut record, 0); // timestamp delta
    varint(&mut record, 0); // offset delta
    varbytes(&mut record, key);
    varbytes(&mut record, Some(value));
    varint(&mut record, headers.len() as i64);
    for (name, v) in headers {
        varbytes(&mut record, Some(name));
        varbytes(&mut record, Some(v));
    }
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64);
    // From `attributes` to the end: what the CRC covers.
    let mut tail = Vec::new();
    tail.extend_from_slice(&0i16.to_be_bytes()); // attributes: no compression
    tail.extend_from_slice(&0i32.to_be_bytes()); // last offset delta
    tail.extend_from_slice(&now.to_be_bytes()); // base timestamp
    tail.extend_from_slice(&now.to_be_bytes()); // max timestamp
    tail.extend_from_slice(&(-1i64).to_be_bytes()); // producer id
    tail.extend_from_slice(&(-1i16).to_be_bytes()); // producer epoch
    tail.extend_from_slice(&(-1i32).to_be_bytes()); // base sequence
    tail.extend_from_slice(&1i32.to_be_bytes()); // record count
    varint(&mut tail, record.len() as i64);
    tail.extend_from_slice(&record);
    let mut batch = Vec::new();
    batch.extend_from_slice(&0i64.to_be_bytes()); // base offset
                                                  // Batch length: everything after this field.
    batch.extend_from_slice(&((4 + 1 + 4 + tail.len()) as i32).to_be_bytes());
    batch.extend_from_slice(&(-1i32).to_be_bytes()); // partition leader epoch
    batch.push(2); // magic
    batch.extend_from_slice(&crc32c(&tail).to_be_bytes());
    batch.extend_from_slice(&tail);
    batch
}

/// Produces one record to `topic`/`partition` of the broker at `bootstrap` (the leader:
/// tests run one broker) with acks=all, and returns the partition's error code from the
/// response (0: appended).
pub fn produce_raw(
    bootstrap: &str,
    topic: &str,
    partition: i32,
    key: Option<&[u8]>,
    value: &[u8],
    headers: &[(&[u8], &[u8])],
) -> i16 {
    let batch = record_batch(key, value, headers);
    let mut body = Vec::new();
    body.extend_from_slice(&PRODUCE.to_be_bytes());
    body.extend_from_slice(&PRODUCE_VERSION.to_be_bytes());
    body.extend_from_slice(&7i32.to_be_bytes()); // correlation id
    string(&mut body, "newstag-test-raw");
    body.extend_from_slice(&(-1i16).to_be_bytes()); // transactional id: null
    body.extend_from_slice(&(-1i16).to_be_bytes()); // acks = all
    body.extend_from_slice(&10_000i32.to_be_bytes()); // timeout
    body.extend_from_slice(&1i32.to_be_bytes()); // one topic
    string(&mut body, topic);
    body.extend_from_slice(&1i32.to_be_bytes()); // one partition
    body.extend_from_slice(&partition.to_be_bytes());
    body.extend_from_slice(&(batch.len() as i32).to_be_bytes());
    body.extend_from_slice(&batch);

    let mut stream = TcpStream::connect(bootstrap).expect("connect to the broker");
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .expect("read timeout");
    stream
        .write_all(&(body.len() as i32).to_be_bytes())
        .and_then(|()| stream.write_all(&body))
        .expect("send the produce request");
    let mut len = [0u8; 4];
    stream.read_exact(&mut len).expect("produce response size");
    let mut resp = vec![0u8; i32::from_be_bytes(len).max(0) as usize];
    stream.read_exact(&mut resp).expect("produce response");
    // correlation id (4), topic count (4), name (2 + n), partition count (4), index (4),
    // then the error code.
    let name_len = topic.len();
    let at = 4 + 4 + 2 + name_len + 4 + 4;
    assert_eq!(
        resp.get(..4),
        Some(&7i32.to_be_bytes()[..]),
        "correlation id"
    );
    let code = resp.get(at..at + 2).expect("a partition response");
    i16::from_be_bytes([code[0], code[1]])
}
