//! The pipeline's metric handles, resolved once at start-up so the per-message path touches
//! only atomics (no label lookups, which take a lock inside `prometheus`).

use prometheus::{Histogram, IntCounter, IntGauge, IntGaugeVec};

use crate::metrics::{Metrics, DEAD_LETTER_REASONS, EVENT_LABELS};
use crate::tagger::{Action, Enrichment, EventType};

/// Pre-resolved metric handles used by the pipeline.
#[derive(Clone)]
pub struct Instruments {
    /// `newstag_messages_consumed_total`.
    pub consumed: IntCounter,
    /// `newstag_records_produced_total`.
    pub produced: IntCounter,
    /// `newstag_dead_letters_total{reason}`, indexed like [`DEAD_LETTER_REASONS`].
    pub dead_letters: Vec<IntCounter>,
    /// `newstag_events_tagged_total{type,action}`, indexed by [`event_index`].
    pub events: Vec<IntCounter>,
    /// `newstag_processing_duration_seconds`.
    pub processing: Histogram,
    /// `newstag_end_to_end_latency_seconds`.
    pub end_to_end: Histogram,
    /// `newstag_in_flight_messages`.
    pub in_flight_messages: IntGauge,
    /// `newstag_in_flight_bytes`.
    pub in_flight_bytes: IntGauge,
    /// `newstag_consumption_paused`.
    pub consumption_paused: IntGauge,
    /// `newstag_consumer_lag_messages{topic,partition}`.
    pub consumer_lag: IntGaugeVec,
    /// `newstag_rebalances_total{kind="assign"}`.
    pub assigns: IntCounter,
    /// `newstag_rebalances_total{kind="revoke"}`.
    pub revokes: IntCounter,
    /// `newstag_offset_commits_total{result="success"}`.
    pub commits_ok: IntCounter,
    /// `newstag_offset_commits_total{result="failure"}`.
    pub commits_failed: IntCounter,
    /// `newstag_transaction_retries_total`.
    pub transaction_retries: IntCounter,
}

/// Index of an event's `(type, action)` pair in [`Instruments::events`].
pub fn event_index(event_type: EventType, action: Option<Action>) -> usize {
    let a = match action {
        Some(Action::Imposed) | None => 0,
        Some(Action::Threatened) => 1,
        Some(Action::Eased) => 2,
    };
    match event_type {
        EventType::Sanction => a,
        EventType::Tariff => 3 + a,
        EventType::Deadline => 6,
    }
}

/// Index of a dead-letter reason in [`Instruments::dead_letters`] (unknown reasons map to
/// the last entry rather than panicking).
pub fn reason_index(reason: &str) -> usize {
    DEAD_LETTER_REASONS
        .iter()
        .position(|r| *r == reason)
        .unwrap_or(DEAD_LETTER_REASONS.len() - 1)
}

impl Instruments {
    /// Resolves every handle from the shared [`Metrics`].
    pub fn new(m: &Metrics) -> Instruments {
        Instruments {
            consumed: m.messages_consumed.clone(),
            produced: m.records_produced.clone(),
            dead_letters: DEAD_LETTER_REASONS
                .iter()
                .map(|r| m.dead_letters.with_label_values(&[*r]))
                .collect(),
            events: EVENT_LABELS
                .iter()
                .map(|(t, a)| m.events_tagged.with_label_values(&[*t, *a]))
                .collect(),
            processing: m.processing_seconds.clone(),
            end_to_end: m.end_to_end_latency_seconds.clone(),
            in_flight_messages: m.in_flight_messages.clone(),
            in_flight_bytes: m.in_flight_bytes.clone(),
            consumption_paused: m.consumption_paused.clone(),
            consumer_lag: m.consumer_lag.clone(),
            assigns: m.rebalances.with_label_values(&["assign"]),
            revokes: m.rebalances.with_label_values(&["revoke"]),
            commits_ok: m.offset_commits.with_label_values(&["success"]),
            commits_failed: m.offset_commits.with_label_values(&["failure"]),
            transaction_retries: m.transaction_retries.clone(),
        }
    }

    /// Counts the events of one enrichment.
    pub fn count_events(&self, enrichment: &Enrichment) {
        for e in &enrichment.events {
            if let Some(c) = self.events.get(event_index(e.event_type(), e.action())) {
                c.inc();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indices_match_labels() {
        for (i, (t, a)) in EVENT_LABELS.iter().enumerate() {
            let et = match *t {
                "sanction" => EventType::Sanction,
                "tariff" => EventType::Tariff,
                _ => EventType::Deadline,
            };
            let act = match *a {
                "imposed" => Some(Action::Imposed),
                "threatened" => Some(Action::Threatened),
                "eased" => Some(Action::Eased),
                _ => None,
            };
            assert_eq!(event_index(et, act), i);
        }
        for (i, r) in DEAD_LETTER_REASONS.iter().enumerate() {
            assert_eq!(reason_index(r), i);
        }
    }

    #[test]
    fn handles_feed_the_registry() {
        let m = Metrics::new().unwrap();
        let i = Instruments::new(&m);
        i.dead_letters[reason_index("not_json")].inc();
        i.events[event_index(EventType::Tariff, Some(Action::Eased))].inc();
        let text = m.render().unwrap();
        assert!(text.contains("newstag_dead_letters_total{reason=\"not_json\"} 1"));
        assert!(text.contains("newstag_events_tagged_total{action=\"eased\",type=\"tariff\"} 1"));
    }
}
