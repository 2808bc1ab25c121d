//! The producer side: a librdkafka producer whose delivery reports are forwarded, as small
//! plain values over a channel, to the pipeline thread that owns the offset tracker.
//!
//! The delivery opaque is the index of the in-flight slot ([`super::inflight`]) the message
//! was registered under, so a delivery report costs no allocation.

use std::sync::mpsc::Sender;
use std::sync::Arc;

use rdkafka::client::ClientContext;
use rdkafka::config::RDKafkaLogLevel;
use rdkafka::error::KafkaError;
use rdkafka::message::{BorrowedHeaders, Header, Headers, OwnedHeaders};
use rdkafka::producer::{BaseRecord, DeliveryResult, ProducerContext, ThreadedProducer};
use rdkafka::types::RDKafkaErrorCode;

use crate::pipeline::shared::Shared;
use crate::pipeline::HEADER_VERSION;

/// One delivery report: which slot, and whether the broker acknowledged it.
#[derive(Debug)]
pub struct Delivery {
    /// The in-flight slot index given as delivery opaque.
    pub slot: usize,
    /// `Ok` once acknowledged (acks=all); the error otherwise.
    pub result: Result<(), KafkaError>,
}

/// Producer context: forwards delivery reports and classifies client errors.
pub struct DeliveryContext {
    /// Where delivery reports go (the pipeline thread).
    pub deliveries: Sender<Delivery>,
    /// Fatal-error slot and health.
    pub shared: Arc<Shared>,
}

impl ClientContext for DeliveryContext {
    fn log(&self, level: RDKafkaLogLevel, fac: &str, log_message: &str) {
        super::consumer::log_librdkafka("producer", level, fac, log_message);
    }

    fn error(&self, error: KafkaError, reason: &str) {
        self.shared.client_error("producer", &error, reason);
    }
}

impl ProducerContext for DeliveryContext {
    type DeliveryOpaque = usize;

    fn delivery(&self, result: &DeliveryResult<'_>, slot: usize) {
        let result = match result {
            Ok(_) => Ok(()),
            Err((e, _)) => Err(e.clone()),
        };
        // The receiver is gone only when the pipeline has stopped; nothing to do then.
        let _ = self.deliveries.send(Delivery { slot, result });
    }
}

/// The producer type the pipeline uses.
pub type Producer = ThreadedProducer<DeliveryContext>;

/// Whether every header name of a message can be read.
///
/// rust-rdkafka (0.39) unwraps the UTF-8 conversion of each header name when it reads one
/// (`Headers::try_get`), but Kafka header names are bytes on the wire: any non-Java producer
/// can send one that is not UTF-8, and reading it would panic the pipeline thread at the same
/// offset after every restart. This reads each name once under `catch_unwind`; a message
/// whose headers cannot be read is dead-lettered (reason `bad_header`) without them.
pub fn headers_readable(input: Option<&BorrowedHeaders>) -> bool {
    let Some(headers) = input else {
        return true;
    };
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        (0..headers.count()).all(|i| headers.try_get(i).is_some())
    }))
    .unwrap_or(false)
}

/// Copies the input headers and appends `newstag-version`, leaving room for `extra` more.
pub fn output_headers(input: Option<&BorrowedHeaders>, extra: usize) -> OwnedHeaders {
    let n = input.map_or(0, |h| h.count());
    let mut headers = OwnedHeaders::new_with_capacity(n + 1 + extra);
    if let Some(input) = input {
        for h in input.iter() {
            headers = headers.insert(Header {
                key: h.key,
                value: h.value,
            });
        }
    }
    headers.insert(Header {
        key: HEADER_VERSION,
        value: Some(crate::VERSION),
    })
}

/// Outcome of [`send`] when the record was not queued.
pub enum SendError {
    /// The queue stayed full and `wait` gave up (shutdown): the record was not queued.
    GaveUp,
    /// The record can never be produced as is (e.g. larger than `message.max.bytes`).
    TooLarge(KafkaError),
    /// Anything else: fatal.
    Other(KafkaError),
}

/// Queues `record`, calling `wait` (which should process delivery reports for a short while,
/// and return `false` to give up, e.g. on shutdown) each time the producer queue is full:
/// backpressure, not loss.
pub fn send<K, P>(
    producer: &Producer,
    mut record: BaseRecord<'_, K, P, usize>,
    mut wait: impl FnMut() -> bool,
) -> Result<(), SendError>
where
    K: rdkafka::message::ToBytes + ?Sized,
    P: rdkafka::message::ToBytes + ?Sized,
{
    loop {
        match producer.send(record) {
            Ok(()) => return Ok(()),
            Err((KafkaError::MessageProduction(RDKafkaErrorCode::QueueFull), r)) => {
                record = r;
                if !wait() {
                    return Err(SendError::GaveUp);
                }
            }
            Err((e @ KafkaError::MessageProduction(RDKafkaErrorCode::MessageSizeTooLarge), _)) => {
                return Err(SendError::TooLarge(e))
            }
            Err((e, _)) => return Err(SendError::Other(e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_headers_carry_input_headers_then_version() {
        let input = OwnedHeaders::new()
            .insert(Header {
                key: "trace",
                value: Some("abc"),
            })
            .insert(Header::<&[u8]> {
                key: "empty",
                value: None,
            });
        let out = output_headers(Some(input.as_borrowed()), 0);
        let got: Vec<(String, Option<Vec<u8>>)> = out
            .iter()
            .map(|h| (h.key.to_string(), h.value.map(|v| v.to_vec())))
            .collect();
        assert_eq!(
            got,
            vec![
                ("trace".to_string(), Some(b"abc".to_vec())),
                ("empty".to_string(), None),
                (
                    HEADER_VERSION.to_string(),
                    Some(crate::VERSION.as_bytes().to_vec())
                ),
            ]
        );
        assert_eq!(output_headers(None, 0).count(), 1);
        assert!(headers_readable(None));
    }
}
