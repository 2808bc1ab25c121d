//! Dead-letter records: the original key and bytes of a message the codec rejected, with the
//! input headers, `newstag-version`, and headers naming where it came from and why.

use rdkafka::message::{BorrowedHeaders, Header, OwnedHeaders};

use rdkafka::message::Headers;

use crate::pipeline::producer::output_headers;
use crate::pipeline::{
    HEADER_ERROR_KIND, HEADER_ERROR_MESSAGE, HEADER_SOURCE_OFFSET, HEADER_SOURCE_PARTITION,
    HEADER_SOURCE_TOPIC, HEADER_VERSION,
};

/// Where a dead letter came from and why it was rejected.
#[derive(Debug, Clone, Copy)]
pub struct DeadLetterInfo<'a> {
    /// Input topic.
    pub topic: &'a str,
    /// Input partition.
    pub partition: i32,
    /// Input offset.
    pub offset: i64,
    /// Error kind, one of [`crate::metrics::DEAD_LETTER_REASONS`].
    pub kind: &'a str,
    /// Human-readable error message.
    pub message: &'a str,
}

/// Headers of a dead-letter record.
pub fn dead_letter_headers(input: Option<&BorrowedHeaders>, info: &DeadLetterInfo) -> OwnedHeaders {
    with_source_and_error(output_headers(input, 7), info)
}

/// Headers of a dead-letter record whose input headers were copied (`(name, value)` pairs,
/// e.g. from a [`super::pool::Batch`]): the input headers, `newstag-version`, then the
/// source and error headers, as [`dead_letter_headers`] does.
pub fn dead_letter_headers_from<'a>(
    input: impl Iterator<Item = (&'a str, Option<&'a [u8]>)>,
    info: &DeadLetterInfo,
) -> OwnedHeaders {
    let mut headers = OwnedHeaders::new_with_capacity(16);
    for (key, value) in input {
        headers = headers.insert(Header { key, value });
    }
    let headers = headers.insert(Header {
        key: HEADER_VERSION,
        value: Some(crate::VERSION),
    });
    debug_assert!(headers.count() > 0);
    with_source_and_error(headers, info)
}

fn with_source_and_error(headers: OwnedHeaders, info: &DeadLetterInfo) -> OwnedHeaders {
    let partition = info.partition.to_string();
    let offset = info.offset.to_string();
    headers
        .insert(Header {
            key: HEADER_SOURCE_TOPIC,
            value: Some(info.topic),
        })
        .insert(Header {
            key: HEADER_SOURCE_PARTITION,
            value: Some(partition.as_str()),
        })
        .insert(Header {
            key: HEADER_SOURCE_OFFSET,
            value: Some(offset.as_str()),
        })
        .insert(Header {
            key: HEADER_ERROR_KIND,
            value: Some(info.kind),
        })
        .insert(Header {
            key: HEADER_ERROR_MESSAGE,
            value: Some(info.message),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dead_letter_headers_name_source_and_error() {
        let input = OwnedHeaders::new().insert(Header {
            key: "trace",
            value: Some("t1"),
        });
        let h = dead_letter_headers(
            Some(input.as_borrowed()),
            &DeadLetterInfo {
                topic: "news",
                partition: 2,
                offset: 41,
                kind: "not_json",
                message: "payload is not JSON: eof",
            },
        );
        let got: Vec<(&str, &[u8])> = h.iter().map(|h| (h.key, h.value.unwrap_or(b""))).collect();
        assert_eq!(got[0], ("trace", &b"t1"[..]));
        assert_eq!(got[1], (HEADER_VERSION, crate::VERSION.as_bytes()));
        assert_eq!(got[2], (HEADER_SOURCE_TOPIC, &b"news"[..]));
        assert_eq!(got[3], (HEADER_SOURCE_PARTITION, &b"2"[..]));
        assert_eq!(got[4], (HEADER_SOURCE_OFFSET, &b"41"[..]));
        assert_eq!(got[5], (HEADER_ERROR_KIND, &b"not_json"[..]));
        assert_eq!(
            got[6],
            (HEADER_ERROR_MESSAGE, &b"payload is not JSON: eof"[..])
        );
        // The same from copied headers.
        let copied = dead_letter_headers_from(
            [("trace", Some(&b"t1"[..]))].into_iter(),
            &DeadLetterInfo {
                topic: "news",
                partition: 2,
                offset: 41,
                kind: "not_json",
                message: "payload is not JSON: eof",
            },
        );
        let again: Vec<(&str, &[u8])> = copied
            .iter()
            .map(|h| (h.key, h.value.unwrap_or(b"")))
            .collect();
        assert_eq!(again, got);
    }
}
