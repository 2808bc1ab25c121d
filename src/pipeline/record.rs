//! Input parsing and output encoding: bytes of one Kafka message in, bytes of one enriched
//! record (or a dead-letter reason) out. Pure: no Kafka, shared by the daemon and `newstag tag`.
//!
//! # Output format
//!
//! The output record is the input object's bytes, **verbatim**, with
//! `,"enrichment":{...}` spliced in before the closing `}` (no comma for an empty object).
//! Nothing of the input is re-serialised, so key order, number formatting, escapes and
//! whitespace survive exactly; bytes after the closing `}` (trailing whitespace) are kept too.
//!
//! If the input already has a top-level `enrichment` member (for instance an output record fed
//! back in), that member is **removed** and replaced by the new one, so the output never has two
//! `enrichment` keys and re-processing a record is idempotent.
//!
//! # Checks, in order
//!
//! 1. size against `limits.max_message_bytes` (before anything else looks at the bytes);
//! 2. UTF-8;
//! 3. nesting depth against `limits.max_json_depth`, by a byte scan (serde_json's own
//!    recursion limit of 128 is never reached: `validate` caps the setting below it);
//! 4. JSON syntax and object-ness;
//! 5. field types: the chosen title and body must be strings, `id` a string or a number,
//!    `published_at` a string in RFC 3339 or `YYYY-MM-DD` form. A `null` counts as absent.
//! 6. at least one text field (title or body) present. An empty string is present.
//!
//! # Allocation
//!
//! The top-level object is visited with serde without building a tree: keys and text values
//! are borrowed from the payload when they contain no escapes, other values are skipped as
//! raw slices. The output buffer is the caller's and is reused across messages.

use std::borrow::Cow;
use std::fmt;

use chrono::{DateTime, NaiveDate, Utc};
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::Deserialize;
use serde_json::value::RawValue;

use crate::config::{FieldsConfig, LimitsConfig};
use crate::tagger::{Document, Enrichment, Field, Tagger};

/// The key the enrichment is written under.
pub const ENRICHMENT_KEY: &str = "enrichment";

/// Why an input message cannot be enriched; each becomes a dead-letter record.
#[derive(Debug, thiserror::Error)]
pub enum RecordError {
    /// Payload is not valid UTF-8.
    #[error("payload is not valid UTF-8 at byte {0}")]
    NotUtf8(usize),
    /// Payload is not JSON.
    #[error("payload is not JSON: {0}")]
    NotJson(String),
    /// Payload is JSON but not an object.
    #[error("payload is JSON but not an object")]
    NotObject,
    /// None of the configured text fields is present.
    #[error("no text field (looked for {0})")]
    NoText(String),
    /// Payload exceeds `limits.max_message_bytes`.
    #[error("payload of {size} bytes exceeds the limit of {limit}")]
    TooLarge {
        /// The payload's size in bytes.
        size: usize,
        /// The configured `limits.max_message_bytes`.
        limit: usize,
    },
    /// JSON nesting exceeds `limits.max_json_depth`.
    #[error("JSON nesting deeper than {0}")]
    TooDeep(usize),
    /// A known field has the wrong type (e.g. `title` is a number).
    #[error("field {field}: {message}")]
    BadField {
        /// The field's name as it appears in the input.
        field: String,
        /// What is wrong with it.
        message: String,
    },
}

impl RecordError {
    /// The dead-letter reason label, one of [`crate::metrics::DEAD_LETTER_REASONS`].
    pub fn reason(&self) -> &'static str {
        match self {
            RecordError::NotUtf8(_) => "not_utf8",
            RecordError::NotJson(_) => "not_json",
            RecordError::NotObject => "not_object",
            RecordError::NoText(_) => "no_text",
            RecordError::TooLarge { .. } => "too_large",
            RecordError::TooDeep(_) => "too_deep",
            RecordError::BadField { .. } => "bad_field",
        }
    }
}

/// Turns input payloads into output records. Built once from config; reused per message.
#[derive(Debug, Clone)]
pub struct RecordCodec {
    /// Which input field names carry title, body, id and date (kept: looked up per record).
    fields: FieldsConfig,
    /// Size bounds checked on every record, so an oversized item is rejected, not tagged.
    limits: LimitsConfig,
}

impl RecordCodec {
    /// Builds a codec for the configured field names and limits.
    pub fn new(fields: &FieldsConfig, limits: &LimitsConfig) -> RecordCodec {
        RecordCodec {
            fields: fields.clone(),
            limits: limits.clone(),
        }
    }

    /// Parses `payload`, tags it, and writes the output record (input object plus
    /// `enrichment`) into `out`, which is cleared first. `message_time` (the Kafka
    /// timestamp) is the reference time when the item has no `published_at`.
    ///
    /// On error `out` is left empty.
    pub fn enrich(
        &self,
        tagger: &Tagger,
        payload: &[u8],
        message_time: Option<DateTime<Utc>>,
        out: &mut Vec<u8>,
    ) -> Result<Enrichment, RecordError> {
        out.clear();
        let item = self.parse(payload)?;
        let enrichment = item.with_document(message_time, |doc| tagger.tag(doc));
        item.splice(&enrichment, out)?;
        Ok(enrichment)
    }

    /// Runs every check on `payload` and extracts what the tagger needs, without tagging.
    pub fn parse<'a>(&self, payload: &'a [u8]) -> Result<ParsedItem<'a>, RecordError> {
        if payload.len() > self.limits.max_message_bytes {
            return Err(RecordError::TooLarge {
                size: payload.len(),
                limit: self.limits.max_message_bytes,
            });
        }
        let text =
            std::str::from_utf8(payload).map_err(|e| RecordError::NotUtf8(e.valid_up_to()))?;
        check_depth(text.as_bytes(), self.limits.max_json_depth)?;

        let first = text
            .bytes()
            .position(|b| !is_ws(b))
            .ok_or_else(|| RecordError::NotJson("empty payload".to_string()))?;
        if text.as_bytes()[first] != b'{' {
            return Err(match serde_json::from_str::<de::IgnoredAny>(text) {
                Ok(_) => RecordError::NotObject,
                Err(e) => RecordError::NotJson(e.to_string()),
            });
        }

        let mut de = serde_json::Deserializer::from_str(text);
        let visitor = TopLevel {
            fields: &self.fields,
            src: text,
        };
        let scan = de
            .deserialize_map(visitor)
            .and_then(|scan| de.end().map(|()| scan))
            .map_err(|e| RecordError::NotJson(e.to_string()))?;
        let scan = scan?;

        let title = text_field(scan.title)?;
        let body = text_field(scan.body)?;
        if title.is_none() && body.is_none() {
            let mut looked = self.fields.title.clone();
            looked.extend(self.fields.body.iter().cloned());
            return Err(RecordError::NoText(looked.join(", ")));
        }
        if let Some((name, raw)) = scan.id {
            let v = raw.get().as_bytes();
            let ok = v
                .first()
                .is_some_and(|b| *b == b'"' || *b == b'-' || b.is_ascii_digit());
            if !ok {
                return Err(RecordError::BadField {
                    field: name.into_owned(),
                    message: "expected a string or a number".to_string(),
                });
            }
        }
        let published = match scan.published {
            None => None,
            Some((name, raw)) => {
                let s = as_str(&name, raw)?;
                Some(parse_published(&s).ok_or_else(|| RecordError::BadField {
                    field: name.into_owned(),
                    // Bounded: the message travels in a dead-letter header.
                    message: format!(
                        "{:?} is neither RFC 3339 nor YYYY-MM-DD",
                        s.chars().take(64).collect::<String>()
                    ),
                })?)
            }
        };

        let bytes = text.as_bytes();
        let close = bytes
            .iter()
            .rposition(|b| !is_ws(*b))
            .ok_or(RecordError::NotObject)?;
        Ok(ParsedItem {
            src: text,
            open: first,
            close,
            remove: scan.enrichment_members,
            title,
            body,
            published,
        })
    }
}

/// A text field as found in the input: (its name there, its text), borrowed when unescaped.
pub type TextField<'a> = (Cow<'a, str>, Cow<'a, str>);

/// One checked input item: its text fields and where to splice the enrichment.
#[derive(Debug)]
pub struct ParsedItem<'a> {
    /// The raw input payload, kept so the output can be spliced from it without re-encoding.
    src: &'a str,
    /// Byte offset of the opening `{`.
    open: usize,
    /// Byte offset of the closing `}`.
    close: usize,
    /// Byte ranges of existing top-level `enrichment` members to drop, in order.
    remove: Vec<(usize, usize)>,
    /// The chosen title field.
    pub title: Option<TextField<'a>>,
    /// The chosen body field.
    pub body: Option<TextField<'a>>,
    /// The UTC day of `published_at`, when present.
    pub published: Option<NaiveDate>,
}

impl ParsedItem<'_> {
    /// Calls `f` with the tagger's view of the item. The reference date is the publication
    /// day, else the day of `message_time`, else today (UTC).
    pub fn with_document<R>(
        &self,
        message_time: Option<DateTime<Utc>>,
        f: impl FnOnce(&Document<'_>) -> R,
    ) -> R {
        let reference_date = self
            .published
            .or_else(|| message_time.map(|t| t.date_naive()))
            .unwrap_or_else(|| Utc::now().date_naive());
        let mut slots = [Field { name: "", text: "" }; 2];
        let mut n = 0;
        for (name, text) in [&self.title, &self.body].into_iter().flatten() {
            slots[n] = Field { name, text };
            n += 1;
        }
        f(&Document {
            fields: &slots[..n],
            reference_date,
        })
    }

    /// Writes the input bytes with `enrichment` spliced in before the closing brace.
    fn splice(&self, enrichment: &Enrichment, out: &mut Vec<u8>) -> Result<(), RecordError> {
        let src = self.src.as_bytes();
        out.reserve(src.len() + 512);
        let mut pos = 0;
        for &(start, end) in &self.remove {
            // Ranges come in input order and never overlap (see `member_range`); `max`
            // keeps a slice from running backwards even if they did.
            out.extend_from_slice(src.get(pos..start.max(pos)).unwrap_or_default());
            pos = end.max(pos);
        }
        out.extend_from_slice(&src[pos..self.close]);
        // Empty once the removed members are gone: only whitespace after the `{`.
        let empty = out[self.open + 1..].iter().all(|b| is_ws(*b));
        if !empty {
            out.push(b',');
        }
        out.extend_from_slice(b"\"enrichment\":");
        serde_json::to_writer(&mut *out, enrichment).map_err(|e| {
            out.clear();
            // Serialising our own plain structs cannot fail; report rather than panic.
            RecordError::BadField {
                field: ENRICHMENT_KEY.to_string(),
                message: e.to_string(),
            }
        })?;
        out.extend_from_slice(&src[self.close..]);
        Ok(())
    }
}

fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

/// Rejects nesting deeper than `max` with one pass over the bytes, ignoring brackets inside
/// strings. Malformed JSON is left for serde to report.
fn check_depth(bytes: &[u8], max: usize) -> Result<(), RecordError> {
    let mut depth = 0usize;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        i += 1;
        match b {
            // String contents are most of a news item's bytes: jump from one quote or
            // backslash to the next instead of stepping through every byte.
            b'"' => loop {
                let Some(k) = bytes
                    .get(i..)
                    .and_then(|rest| memchr::memchr2(b'"', b'\\', rest))
                else {
                    return Ok(()); // unterminated: the JSON parser reports it
                };
                let quote = bytes.get(i + k) == Some(&b'"');
                i += k + if quote { 1 } else { 2 };
                if quote {
                    break;
                }
            },
            b'{' | b'[' => {
                depth += 1;
                if depth > max {
                    return Err(RecordError::TooDeep(max));
                }
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

fn parse_published(s: &str) -> Option<NaiveDate> {
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t.with_timezone(&Utc).date_naive());
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

fn text_field<'a>(
    found: Option<(Cow<'a, str>, &'a RawValue)>,
) -> Result<Option<TextField<'a>>, RecordError> {
    match found {
        None => Ok(None),
        Some((name, raw)) => {
            let text = as_str(&name, raw)?;
            Ok(Some((name, text)))
        }
    }
}

fn as_str<'a>(name: &str, raw: &'a RawValue) -> Result<Cow<'a, str>, RecordError> {
    let json = raw.get();
    if !json.starts_with('"') {
        return Err(RecordError::BadField {
            field: name.to_string(),
            message: format!("expected a string, found {}", json_kind(json)),
        });
    }
    if let Some(text) = unescape(json) {
        return Ok(text);
    }
    // Anything irregular (a lone surrogate, a bad escape): serde_json decides and words the
    // error.
    serde_json::from_str::<CowStr<'a>>(json)
        .map(|c| c.0)
        .map_err(|e| RecordError::BadField {
            field: name.to_string(),
            message: e.to_string(),
        })
}

/// Decodes a JSON string literal (quotes included) that the parser has already accepted:
/// borrowed when it has no escape, else one allocation of the literal's size (serde_json
/// grows a fresh scratch buffer several times, then copies it). `None` for anything but
/// well-formed escapes and complete surrogate pairs: those are left to serde_json.
fn unescape(json: &str) -> Option<Cow<'_, str>> {
    let inner = json.strip_prefix('"')?.strip_suffix('"')?;
    let bytes = inner.as_bytes();
    let Some(mut next) = memchr::memchr(b'\\', bytes) else {
        return Some(Cow::Borrowed(inner));
    };
    let mut out = String::with_capacity(inner.len());
    let mut start = 0;
    loop {
        out.push_str(inner.get(start..next)?);
        let escape = *bytes.get(next + 1)?;
        start = next + 2;
        let c = match escape {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let hi = hex4(bytes.get(start..start + 4)?)?;
                start += 4;
                match hi {
                    0xD800..=0xDBFF => {
                        if bytes.get(start..start + 2)? != b"\\u" {
                            return None;
                        }
                        let lo = hex4(bytes.get(start + 2..start + 6)?)?;
                        if !(0xDC00..=0xDFFF).contains(&lo) {
                            return None;
                        }
                        start += 6;
                        char::from_u32(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00))?
                    }
                    _ => char::from_u32(hi)?,
                }
            }
            _ => return None,
        };
        out.push(c);
        match memchr::memchr(b'\\', bytes.get(start..)?) {
            Some(k) => next = start + k,
            None => {
                out.push_str(inner.get(start..)?);
                return Some(Cow::Owned(out));
            }
        }
    }
}

/// The value of four hex digits.
fn hex4(digits: &[u8]) -> Option<u32> {
    digits
        .iter()
        .try_fold(0u32, |acc, &d| Some(acc * 16 + char::from(d).to_digit(16)?))
}

fn json_kind(json: &str) -> &'static str {
    match json.as_bytes().first() {
        Some(b'{') => "an object",
        Some(b'[') => "an array",
        Some(b't' | b'f') => "a boolean",
        Some(b'n') => "null",
        _ => "a number",
    }
}

/// A string borrowed from the input when it has no escapes, owned otherwise.
struct CowStr<'a>(Cow<'a, str>);

impl<'de> Deserialize<'de> for CowStr<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = CowStr<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(CowStr(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(CowStr(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
                Ok(CowStr(Cow::Owned(v)))
            }
        }
        d.deserialize_str(V)
    }
}

/// A field found in the top-level object: its input name and its raw JSON value.
type Found<'a> = Option<(Cow<'a, str>, &'a RawValue)>;

/// What one pass over the top-level object found.
struct Scan<'a> {
    /// Best-ranked title candidate and its rank in `fields.title`.
    title: Found<'a>,
    /// Rank of `title` in `fields.title`: a later candidate replaces it only when ranked
    /// higher (lower index).
    title_rank: usize,
    /// Best-ranked body candidate and its rank in `fields.body`.
    body: Found<'a>,
    /// Rank of `body` in `fields.body`, compared the same way as `title_rank`.
    body_rank: usize,
    /// The first `fields.id` member, if any: checked to be a string or a number.
    id: Found<'a>,
    /// The first `fields.published_at` member, if any: its day is the reference date.
    published: Found<'a>,
    /// Byte ranges of existing `enrichment` members (with one adjacent comma).
    enrichment_members: Vec<(usize, usize)>,
}

/// Visits the top-level object without building a tree.
struct TopLevel<'c, 'a> {
    /// The configured field names, to recognise title/body/id/date members while visiting.
    fields: &'c FieldsConfig,
    /// The payload being visited, to turn borrowed slices into byte offsets.
    src: &'a str,
}

impl<'de> Visitor<'de> for TopLevel<'_, 'de> {
    /// Inner `Result`: a JSON-valid object whose fields break our rules.
    type Value = Result<Scan<'de>, RecordError>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut scan = Scan {
            title: None,
            title_rank: usize::MAX,
            body: None,
            body_rank: usize::MAX,
            id: None,
            published: None,
            enrichment_members: Vec::new(),
        };
        while let Some(CowStr(key)) = map.next_key::<CowStr<'de>>()? {
            let value: &'de RawValue = map.next_value()?;
            let is_null = value.get() == "null";
            if key == ENRICHMENT_KEY {
                let taken = scan.enrichment_members.last().map_or(0, |r| r.1);
                scan.enrichment_members
                    .push(member_range(self.src, value, taken));
                continue;
            }
            if is_null {
                continue;
            }
            if let Some(rank) = self.fields.title.iter().position(|f| *f == key) {
                if rank < scan.title_rank {
                    scan.title_rank = rank;
                    scan.title = Some((key.clone(), value));
                }
            }
            if let Some(rank) = self.fields.body.iter().position(|f| *f == key) {
                if rank < scan.body_rank {
                    scan.body_rank = rank;
                    scan.body = Some((key.clone(), value));
                }
            }
            if key == self.fields.id.as_str() && scan.id.is_none() {
                scan.id = Some((key.clone(), value));
            }
            if key == self.fields.published_at.as_str() && scan.published.is_none() {
                scan.published = Some((key, value));
            }
        }
        Ok(Ok(scan))
    }
}

/// The byte range to cut to remove the top-level member whose value is `value`: the key, the
/// colon, the value, and the comma joining it to a neighbour (the preceding one when there is
/// one, else the following one), so what remains is still a valid object. Bytes before
/// `taken` are already cut by the previous removal: a preceding comma there is not ours (two
/// adjacent members share it), so the following one is taken instead.
fn member_range(src: &str, value: &RawValue, taken: usize) -> (usize, usize) {
    let bytes = src.as_bytes();
    // `value` borrows from `src`: its offset is the pointer difference.
    let v_start = value.get().as_ptr() as usize - src.as_ptr() as usize;
    let v_end = v_start + value.get().len();
    // Back over whitespace, ':', whitespace to the key's closing quote.
    let mut i = v_start;
    while i > 0 && (is_ws(bytes[i - 1]) || bytes[i - 1] == b':') {
        i -= 1;
    }
    // bytes[i - 1] is the key's closing quote; find its unescaped opening quote.
    let mut k = i.saturating_sub(1);
    while k > 0 {
        k -= 1;
        if bytes[k] == b'"' {
            let backslashes = bytes[..k].iter().rev().take_while(|b| **b == b'\\').count();
            if backslashes % 2 == 0 {
                break;
            }
        }
    }
    let key_start = k;
    let mut p = key_start;
    while p > 0 && is_ws(bytes[p - 1]) {
        p -= 1;
    }
    if p > 0 && bytes[p - 1] == b',' && p > taken {
        return (p - 1, v_end);
    }
    // First member, or its preceding comma already cut: eat the following comma (and the
    // whitespace before it), if any.
    let mut e = v_end;
    while e < bytes.len() && is_ws(bytes[e]) {
        e += 1;
    }
    if e < bytes.len() && bytes[e] == b',' {
        return (key_start, e + 1);
    }
    (key_start, v_end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codec() -> RecordCodec {
        RecordCodec::new(&FieldsConfig::default(), &LimitsConfig::default())
    }

    fn enrich(payload: &[u8]) -> Result<(String, Enrichment), RecordError> {
        let tagger = Tagger::builtin().expect("builtin rules");
        let mut out = Vec::new();
        let e = codec().enrich(&tagger, payload, None, &mut out)?;
        Ok((String::from_utf8(out).expect("utf8 output"), e))
    }

    fn enrichment_json() -> String {
        let tagger = Tagger::builtin().expect("builtin rules");
        let doc = Document {
            fields: &[Field {
                name: "title",
                text: "",
            }],
            reference_date: NaiveDate::from_ymd_opt(2025, 1, 1).expect("date"),
        };
        serde_json::to_string(&tagger.tag(&doc)).expect("serialise")
    }

    #[test]
    fn splice_preserves_input_bytes_verbatim() {
        let input = r#"{ "title" : "A \u00e9 b",  "n": 1.50e3, "z":[1, {"a":null}] ,"body":"x"}"#;
        let (out, _) = enrich(input.as_bytes()).expect("ok");
        let prefix = &input[..input.len() - 1];
        assert!(out.starts_with(prefix), "{out}");
        assert!(out.ends_with('}'));
        let inserted = &out[prefix.len()..out.len() - 1];
        assert!(inserted.starts_with(",\"enrichment\":{"), "{inserted}");
        let v: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
        assert_eq!(v["n"].to_string(), "1500.0");
        assert!(v["enrichment"]["schema_version"].is_number());
    }

    #[test]
    fn splice_keeps_trailing_whitespace() {
        let (out, _) = enrich(b"{\"title\":\"t\"}\n  ").expect("ok");
        assert!(out.ends_with("}\n  "), "{out:?}");
        serde_json::from_str::<serde_json::Value>(&out).expect("valid JSON");
    }

    #[test]
    fn existing_enrichment_is_replaced() {
        let e = enrichment_json();
        for input in [
            r#"{"enrichment":{"old":true},"title":"t"}"#,
            r#"{"title":"t", "enrichment" : [1,2] }"#,
            r#"{"title":"t","enrichment":1,"body":"b","enrichment":"x"}"#,
            // Adjacent duplicates share a comma: each removal must take its own.
            r#"{"enrichment":1,"enrichment":2,"title":"t"}"#,
            r#"{"title":"t","enrichment":1,"enrichment":2}"#,
            r#"{"enrichment":1, "enrichment":2 ,"enrichment":3,"title":"t"}"#,
            r#"{"title":"t","enrichment":1,"enrichment":2,"body":"b"}"#,
        ] {
            let (out, _) = enrich(input.as_bytes()).expect("ok");
            let v: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
            assert_eq!(out.matches("\"enrichment\"").count(), 1, "{out}");
            assert_eq!(
                v["enrichment"],
                serde_json::from_str::<serde_json::Value>(&e).expect("e")
            );
            assert_eq!(v["title"], "t");
        }
        // Only members are enrichments, but no text: still no_text.
        assert!(matches!(
            enrich(br#"{"enrichment":1,"enrichment":2}"#),
            Err(RecordError::NoText(_))
        ));
        assert!(matches!(
            enrich(br#"{"enrichment":{}}"#),
            Err(RecordError::NoText(_))
        ));
    }

    #[test]
    fn reprocessing_output_is_idempotent() {
        let (once, _) = enrich(br#"{"id":"a","title":"Tariffs"}"#).expect("ok");
        let (twice, _) = enrich(once.as_bytes()).expect("ok");
        assert_eq!(once, twice);
    }

    #[test]
    fn output_buffer_is_cleared_and_reused() {
        let tagger = Tagger::builtin().expect("builtin rules");
        let mut out = b"garbage".to_vec();
        codec()
            .enrich(&tagger, br#"{"title":"t"}"#, None, &mut out)
            .expect("ok");
        assert!(out.starts_with(br#"{"title":"t","enrichment":"#));
        let err = codec().enrich(&tagger, b"[]", None, &mut out);
        assert!(err.is_err());
        assert!(out.is_empty());
    }

    #[test]
    fn empty_string_body_with_title_is_fine() {
        assert!(enrich(br#"{"title":"Tariff news","body":""}"#).is_ok());
        assert!(enrich(br#"{"body":""}"#).is_ok());
    }

    #[test]
    fn headline_and_text_are_found_with_their_names() {
        let item = codec()
            .parse(br#"{"text":"b","headline":"h","content":"c"}"#)
            .expect("ok");
        let (name, text) = item.title.expect("title");
        assert_eq!((name.as_ref(), text.as_ref()), ("headline", "h"));
        let (name, text) = item.body.expect("body");
        assert_eq!((name.as_ref(), text.as_ref()), ("text", "b"));
    }

    #[test]
    fn first_configured_candidate_wins_regardless_of_input_order() {
        let item = codec().parse(br#"{"content":"c","body":"b"}"#).expect("ok");
        assert_eq!(item.body.expect("body").1, "b");
    }

    #[test]
    fn unescaped_text_is_borrowed() {
        let item = codec()
            .parse(br#"{"title":"plain","body":"a\nb"}"#)
            .expect("ok");
        assert!(matches!(item.title.expect("title").1, Cow::Borrowed(_)));
        assert_eq!(item.body.expect("body").1, "a\nb");
    }

    #[test]
    fn published_at_sets_the_reference_date() {
        let c = codec();
        let d = |s: &str| c.parse(s.as_bytes()).expect("ok").published;
        assert_eq!(
            d(r#"{"title":"t","published_at":"2025-08-06T23:30:00-04:00"}"#),
            NaiveDate::from_ymd_opt(2025, 8, 7)
        );
        assert_eq!(
            d(r#"{"title":"t","published_at":"2025-08-06"}"#),
            NaiveDate::from_ymd_opt(2025, 8, 6)
        );
        assert_eq!(d(r#"{"title":"t","published_at":null}"#), None);
    }

    #[test]
    fn reference_date_falls_back_to_message_time() {
        let c = codec();
        let t = DateTime::parse_from_rfc3339("2025-08-06T23:59:00-02:00")
            .expect("time")
            .with_timezone(&Utc);
        let undated = c.parse(br#"{"title":"t"}"#).expect("ok");
        assert_eq!(
            undated.with_document(Some(t), |d| d.reference_date),
            NaiveDate::from_ymd_opt(2025, 8, 7).expect("date")
        );
        let dated = c
            .parse(br#"{"title":"t","published_at":"2025-01-02"}"#)
            .expect("ok");
        assert_eq!(
            dated.with_document(Some(t), |d| d.reference_date),
            NaiveDate::from_ymd_opt(2025, 1, 2).expect("date")
        );
        let fields = undated.with_document(None, |d| {
            d.fields
                .iter()
                .map(|f| (f.name.to_string(), f.text.to_string()))
                .collect::<Vec<_>>()
        });
        assert_eq!(fields, vec![("title".to_string(), "t".to_string())]);
    }

    #[test]
    fn error_not_utf8() {
        let err = enrich(b"{\"title\":\"\xff\"}").expect_err("bad");
        assert!(matches!(err, RecordError::NotUtf8(10)), "{err:?}");
        assert_eq!(err.reason(), "not_utf8");
    }

    #[test]
    fn error_not_json() {
        for bad in [
            &b"{\"title\":"[..],
            b"",
            b"  ",
            b"nope",
            b"{\"title\":\"t\"} x",
        ] {
            let err = enrich(bad).expect_err("bad");
            assert_eq!(err.reason(), "not_json", "{bad:?}: {err}");
        }
    }

    #[test]
    fn error_not_object() {
        for bad in [&b"[1]"[..], b"\"s\"", b" 42 ", b"null"] {
            let err = enrich(bad).expect_err("bad");
            assert_eq!(err.reason(), "not_object", "{bad:?}: {err}");
        }
    }

    #[test]
    fn error_no_text() {
        let err = enrich(br#"{"id":"x","summary":"tariffs"}"#).expect_err("bad");
        assert_eq!(err.reason(), "no_text");
        assert!(err.to_string().contains("title, headline, body"), "{err}");
        let err = enrich(br#"{"title":null}"#).expect_err("bad");
        assert_eq!(err.reason(), "no_text");
        assert_eq!(enrich(b"{}").expect_err("bad").reason(), "no_text");
    }

    #[test]
    fn error_too_large_checked_before_parsing() {
        let limits = LimitsConfig {
            max_message_bytes: 8,
            ..LimitsConfig::default()
        };
        let c = RecordCodec::new(&FieldsConfig::default(), &limits);
        let err = c
            .parse(b"\xff\xff\xff\xff\xff\xff\xff\xff\xff")
            .expect_err("bad");
        assert!(
            matches!(err, RecordError::TooLarge { size: 9, limit: 8 }),
            "{err:?}"
        );
        assert_eq!(err.reason(), "too_large");
    }

    #[test]
    fn error_too_deep_checked_before_serde() {
        let limits = LimitsConfig {
            max_json_depth: 3,
            ..LimitsConfig::default()
        };
        let c = RecordCodec::new(&FieldsConfig::default(), &limits);
        assert!(c.parse(br#"{"title":"t","a":[{"b":1}]}"#).is_ok());
        let err = c
            .parse(br#"{"title":"t","a":[{"b":[1]}]}"#)
            .expect_err("bad");
        assert_eq!(err.reason(), "too_deep");
        // Brackets inside strings do not count.
        assert!(c.parse(br#"{"title":"[[[[{{{{ \" [[[["}"#).is_ok());
        // An escaped backslash ends before the quote: the brackets after it count.
        assert_eq!(
            c.parse(br#"{"title":"x\\","a":[[[[1]]]]}"#)
                .expect_err("bad")
                .reason(),
            "too_deep"
        );
        // Unterminated strings and a trailing backslash are the parser's to report.
        for bad in [
            &br#"{"title":"abc\"#[..],
            br#"{"title":"abc"#,
            br#"{"t":"\"#,
        ] {
            assert_eq!(c.parse(bad).expect_err("bad").reason(), "not_json");
        }
        // Far beyond serde's own limit of 128: still our error, not a serde one.
        let deep = format!(
            "{{\"title\":\"t\",\"a\":{}{}}}",
            "[".repeat(10_000),
            "]".repeat(10_000)
        );
        assert_eq!(
            codec().parse(deep.as_bytes()).expect_err("bad").reason(),
            "too_deep"
        );
    }

    #[test]
    fn error_bad_field_types() {
        for (bad, field) in [
            (r#"{"title":42}"#, "title"),
            (r#"{"title":"t","body":["x"]}"#, "body"),
            (r#"{"headline":{"a":1}}"#, "headline"),
            (r#"{"title":"t","id":true}"#, "id"),
            (r#"{"title":"t","published_at":20250806}"#, "published_at"),
            (
                r#"{"title":"t","published_at":"yesterday"}"#,
                "published_at",
            ),
        ] {
            let err = enrich(bad.as_bytes()).expect_err(bad);
            assert_eq!(err.reason(), "bad_field", "{bad}: {err}");
            match err {
                RecordError::BadField { field: f, .. } => assert_eq!(f, field),
                other => panic!("{other:?}"),
            }
        }
        assert!(enrich(br#"{"title":"t","id":12}"#).is_ok());
    }

    #[test]
    fn unescape_matches_serde_json() {
        let cases = [
            r#""plain text""#,
            r#""""#,
            r#""a \"quoted\" word""#,
            r#""back\\slash \/ \b\f\n\r\t end""#,
            r#""\u00e9t\u00E9 \u20ac""#,
            r#""emoji \ud83d\ude00 pair""#,
            r#""\\""#,
            r#""trailing escape \n""#,
            r#""\u0000 nul""#,
        ];
        for json in cases {
            let ours = unescape(json).expect(json);
            let theirs: String = serde_json::from_str(json).expect(json);
            assert_eq!(ours, theirs, "{json}");
            let borrowed = !json.contains('\\');
            assert_eq!(matches!(ours, Cow::Borrowed(_)), borrowed, "{json}");
        }
        // A raw control character never gets this far: the first pass rejects the item.
        assert!(matches!(
            codec().parse(b"{\"title\":\"a\tb \\n\"}"),
            Err(RecordError::NotJson(_))
        ));
        // Left to serde_json, which rejects them with its own message.
        for json in [
            r#""lone \ud83d high""#,
            r#""lone \ude00 low""#,
            r#""high then \ud83d\u0041""#,
            r#""bad \x escape""#,
            r#""short \u12""#,
        ] {
            assert_eq!(unescape(json), None, "{json}");
        }
    }

    #[test]
    fn member_range_handles_escaped_keys_and_positions() {
        let (out, _) =
            enrich(r#"{"title":"t","a\"":1, "enrichment" : {"x":"}"} , "b":2}"#.as_bytes())
                .expect("ok");
        let v: serde_json::Value = serde_json::from_str(&out).expect("valid");
        assert_eq!(v["b"], 2);
        assert_eq!(v["a\""], 1);
        assert!(v["enrichment"]["tags"].is_array());
    }
}
