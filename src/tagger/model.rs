//! The `enrichment` object: the tagger's output schema (version 1).
//!
//! These types are the contract with downstream consumers of the output topic; changing a
//! field name or meaning requires bumping [`SCHEMA_VERSION`].

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Version of the `enrichment` object layout.
pub const SCHEMA_VERSION: u32 = 1;

/// Everything the tagger found in one news item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Enrichment {
    /// Layout version of this object, [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// Event types present, sorted and unique.
    pub tags: Vec<EventType>,
    /// One entry per event, in text order.
    pub events: Vec<Event>,
    /// Version of the tagging engine that produced this object.
    pub tagger_version: String,
    /// `sha256:<hex>` over the rule files in force, so a tag can be traced to its rules.
    pub rules_digest: String,
}

/// The three kinds of event newstag tags.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EventType {
    Deadline,
    Sanction,
    Tariff,
}

impl EventType {
    /// Lowercase name, as used in JSON and metric labels.
    pub fn as_str(self) -> &'static str {
        match self {
            EventType::Deadline => "deadline",
            EventType::Sanction => "sanction",
            EventType::Tariff => "tariff",
        }
    }
}

/// What the text says happens to a sanction or tariff.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    /// Announced, signed, took effect, extended, raised.
    Imposed,
    /// Warned, would, could, considering, proposed, unless, if.
    Threatened,
    /// Lifted, suspended, paused, delayed, reduced, exempted, waived, removed.
    Eased,
}

impl Action {
    /// Lowercase name, as used in JSON and metric labels.
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Imposed => "imposed",
            Action::Threatened => "threatened",
            Action::Eased => "eased",
        }
    }
}

/// One tagged event. Serialised with a `type` field naming the variant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum Event {
    Sanction(MeasureEvent),
    Tariff(MeasureEvent),
    Deadline(DeadlineEvent),
}

impl Event {
    /// The event's type.
    pub fn event_type(&self) -> EventType {
        match self {
            Event::Sanction(_) => EventType::Sanction,
            Event::Tariff(_) => EventType::Tariff,
            Event::Deadline(_) => EventType::Deadline,
        }
    }

    /// The action of a sanction or tariff; `None` for deadlines.
    pub fn action(&self) -> Option<Action> {
        match self {
            Event::Sanction(m) | Event::Tariff(m) => Some(m.action),
            Event::Deadline(_) => None,
        }
    }

    /// Where in the item the event was read from.
    pub fn evidence(&self) -> &Evidence {
        match self {
            Event::Sanction(m) | Event::Tariff(m) => &m.evidence,
            Event::Deadline(d) => &d.evidence,
        }
    }
}

/// A sanction or tariff measure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MeasureEvent {
    /// Imposed, threatened or eased.
    pub action: Action,
    /// ISO 3166-1 alpha-2 codes (plus `EU`, `UN`) of who imposes; empty when unsaid.
    pub imposer: Vec<String>,
    /// ISO 3166-1 alpha-2 codes (plus `EU`, `UN`) of who is targeted; empty when unsaid.
    pub target: Vec<String>,
    /// Stated ad-valorem rate in percent; absent when no rate is stated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate_pct: Option<f64>,
    /// Short phrases naming the goods or sectors, when named.
    #[serde(default)]
    pub products: Vec<String>,
    /// The sentence or clause supporting the event.
    pub evidence: Evidence,
    /// 0..=1; how sure the rules are. Written with two decimals (`0.8`, not `0.79999995`).
    #[serde(serialize_with = "two_decimals")]
    pub confidence: f32,
}

/// A deadline: a time limit or the date a measure takes effect or expires.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeadlineEvent {
    /// The resolved day; `None` when the expression cannot be pinned to a day.
    pub date: Option<NaiveDate>,
    /// Last day of a range ("10 or 12 days"); `None` for a single day.
    pub date_end: Option<NaiveDate>,
    /// The date expression as written ("by Aug. 1", "Friday").
    pub expression: String,
    /// The sentence or clause supporting the event.
    pub evidence: Evidence,
    /// 0..=1; how sure the rules are. Written with two decimals (`0.8`, not `0.79999995`).
    #[serde(serialize_with = "two_decimals")]
    pub confidence: f32,
}

/// Where an event was read: field name and character offsets (Unicode scalar values).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    /// The input field name as it appears in the item (e.g. `title`, `body`, `headline`).
    pub field: String,
    /// Start offset in characters (not bytes) into that field's text.
    pub start: usize,
    /// End offset (exclusive) in characters.
    pub end: usize,
    /// The supporting text itself, `field[start..end]`.
    pub text: String,
}

/// Writes a computed `f32` score as the nearest two-decimal number, so arithmetic noise
/// (`0.9 - 0.1` is `0.79999995` in `f32`) does not reach downstream readers.
fn two_decimals<S: serde::Serializer>(v: &f32, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64((f64::from(*v) * 100.0).round() / 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn confidence_is_written_with_two_decimals() {
        let d = DeadlineEvent {
            date: None,
            date_end: None,
            expression: "Friday".to_string(),
            evidence: Evidence {
                field: "title".to_string(),
                start: 0,
                end: 1,
                text: "x".to_string(),
            },
            confidence: 0.9_f32 - 0.1_f32,
        };
        let json = serde_json::to_string(&Event::Deadline(d)).expect("serialises");
        assert!(json.ends_with(r#""confidence":0.8}"#), "{json}");
    }
}
