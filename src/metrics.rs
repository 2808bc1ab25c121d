//! Prometheus metrics. Every series newstag exports is declared here, once, so that the
//! names the alert rules and dashboards in `deploy/` rely on live in one place.
//!
//! Label values are bounded: reasons, event types and actions are closed sets, and
//! partitions are bounded by the input topic's partition count.

use prometheus::{
    Encoder, Histogram, HistogramOpts, IntCounter, IntCounterVec, IntGauge, IntGaugeVec, Opts,
    Registry, TextEncoder,
};

/// All newstag metrics, registered in their own [`Registry`].
#[derive(Clone)]
pub struct Metrics {
    /// The registry `/metrics` renders.
    pub registry: Registry,
    /// `newstag_messages_consumed_total`: input messages read from Kafka.
    pub messages_consumed: IntCounter,
    /// `newstag_records_produced_total`: enriched records acknowledged by the broker.
    pub records_produced: IntCounter,
    /// `newstag_dead_letters_total{reason}`: dead-letter records acknowledged, by reason.
    pub dead_letters: IntCounterVec,
    /// `newstag_events_tagged_total{type,action}`: events found; `action="none"` for deadlines.
    pub events_tagged: IntCounterVec,
    /// `newstag_processing_duration_seconds`: parse + tag + encode time per message.
    pub processing_seconds: Histogram,
    /// `newstag_end_to_end_latency_seconds`: output acknowledged minus input message timestamp.
    pub end_to_end_latency_seconds: Histogram,
    /// `newstag_in_flight_messages`: consumed, not yet acknowledged downstream.
    pub in_flight_messages: IntGauge,
    /// `newstag_in_flight_bytes`: payload bytes consumed, not yet acknowledged downstream.
    pub in_flight_bytes: IntGauge,
    /// `newstag_consumption_paused`: 1 while fetching is paused for backpressure.
    pub consumption_paused: IntGauge,
    /// `newstag_consumer_lag_messages{topic,partition}`: high watermark minus committed position.
    pub consumer_lag: IntGaugeVec,
    /// `newstag_rebalances_total{kind}`: `assign` and `revoke` events.
    pub rebalances: IntCounterVec,
    /// `newstag_offset_commits_total{result}`: offset commits, `success` or `failure`.
    pub offset_commits: IntCounterVec,
    /// `newstag_transaction_retries_total`: exactly-once commit calls repeated after an error
    /// librdkafka calls retriable (coordinator unreachable).
    pub transaction_retries: IntCounter,
    /// `newstag_transaction_resumes_total`: exactly-once in-process resumes after an error
    /// librdkafka calls abortable (transaction aborted, clients rebuilt).
    pub transaction_resumes: IntCounter,
    /// `newstag_rules_reloads_total{result}`: SIGHUP reloads, `success` or `failure`.
    pub rules_reloads: IntCounterVec,
    /// `newstag_ready`: 1 while `/readyz` answers 200.
    pub ready: IntGauge,
    /// `newstag_build_info{version,rules_digest}`: always 1; labels carry the build.
    pub build_info: IntGaugeVec,
}

/// Dead-letter reasons; the closed set of `reason` label values.
pub const DEAD_LETTER_REASONS: &[&str] = &[
    "not_utf8",
    "not_json",
    "not_object",
    "no_text",
    "too_large",
    "too_deep",
    "bad_field",
    "tagger_panic",
    "output_rejected",
    "bad_header",
];

/// `(type, action)` label pairs of `newstag_events_tagged_total`; `action="none"` for deadlines.
pub const EVENT_LABELS: [(&str, &str); 7] = [
    ("sanction", "imposed"),
    ("sanction", "threatened"),
    ("sanction", "eased"),
    ("tariff", "imposed"),
    ("tariff", "threatened"),
    ("tariff", "eased"),
    ("deadline", "none"),
];

impl Metrics {
    /// Creates and registers every metric. Fails only on a programming error (duplicate name).
    pub fn new() -> Result<Metrics, prometheus::Error> {
        let registry = Registry::new();
        let latency_buckets = vec![
            0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0,
            60.0,
        ];
        let processing_buckets = vec![
            0.000_01, 0.000_025, 0.000_05, 0.000_1, 0.000_25, 0.000_5, 0.001, 0.002_5, 0.005, 0.01,
            0.025, 0.05, 0.1,
        ];
        let m = Metrics {
            messages_consumed: IntCounter::new(
                "newstag_messages_consumed_total",
                "Input messages read from Kafka.",
            )?,
            records_produced: IntCounter::new(
                "newstag_records_produced_total",
                "Enriched records acknowledged by the broker.",
            )?,
            dead_letters: IntCounterVec::new(
                Opts::new(
                    "newstag_dead_letters_total",
                    "Dead-letter records acknowledged by the broker, by reason.",
                ),
                &["reason"],
            )?,
            events_tagged: IntCounterVec::new(
                Opts::new(
                    "newstag_events_tagged_total",
                    "Events tagged, by type and action (action=none for deadlines).",
                ),
                &["type", "action"],
            )?,
            processing_seconds: Histogram::with_opts(
                HistogramOpts::new(
                    "newstag_processing_duration_seconds",
                    "Time to parse, tag and encode one message.",
                )
                .buckets(processing_buckets),
            )?,
            end_to_end_latency_seconds: Histogram::with_opts(
                HistogramOpts::new(
                    "newstag_end_to_end_latency_seconds",
                    "Output acknowledged minus the input message timestamp.",
                )
                .buckets(latency_buckets),
            )?,
            in_flight_messages: IntGauge::new(
                "newstag_in_flight_messages",
                "Messages consumed and not yet acknowledged downstream.",
            )?,
            in_flight_bytes: IntGauge::new(
                "newstag_in_flight_bytes",
                "Payload bytes consumed and not yet acknowledged downstream.",
            )?,
            consumption_paused: IntGauge::new(
                "newstag_consumption_paused",
                "1 while fetching is paused because the in-flight limits held for over a second.",
            )?,
            consumer_lag: IntGaugeVec::new(
                Opts::new(
                    "newstag_consumer_lag_messages",
                    "High watermark minus the consumer's position, per input partition.",
                ),
                &["topic", "partition"],
            )?,
            rebalances: IntCounterVec::new(
                Opts::new(
                    "newstag_rebalances_total",
                    "Consumer group rebalance events.",
                ),
                &["kind"],
            )?,
            offset_commits: IntCounterVec::new(
                Opts::new("newstag_offset_commits_total", "Offset commits by result."),
                &["result"],
            )?,
            transaction_retries: IntCounter::new(
                "newstag_transaction_retries_total",
                "Exactly-once commit calls repeated after a retriable error.",
            )?,
            transaction_resumes: IntCounter::new(
                "newstag_transaction_resumes_total",
                "Exactly-once in-process resumes after an abortable transaction error.",
            )?,
            rules_reloads: IntCounterVec::new(
                Opts::new("newstag_rules_reloads_total", "Rule reloads by result."),
                &["result"],
            )?,
            ready: IntGauge::new("newstag_ready", "1 while the daemon reports ready.")?,
            build_info: IntGaugeVec::new(
                Opts::new("newstag_build_info", "Build information; always 1."),
                &["version", "rules_digest"],
            )?,
            registry,
        };
        m.registry.register(Box::new(m.messages_consumed.clone()))?;
        m.registry.register(Box::new(m.records_produced.clone()))?;
        m.registry.register(Box::new(m.dead_letters.clone()))?;
        m.registry.register(Box::new(m.events_tagged.clone()))?;
        m.registry
            .register(Box::new(m.processing_seconds.clone()))?;
        m.registry
            .register(Box::new(m.end_to_end_latency_seconds.clone()))?;
        m.registry
            .register(Box::new(m.in_flight_messages.clone()))?;
        m.registry.register(Box::new(m.in_flight_bytes.clone()))?;
        m.registry
            .register(Box::new(m.consumption_paused.clone()))?;
        m.registry.register(Box::new(m.consumer_lag.clone()))?;
        m.registry.register(Box::new(m.rebalances.clone()))?;
        m.registry.register(Box::new(m.offset_commits.clone()))?;
        m.registry
            .register(Box::new(m.transaction_retries.clone()))?;
        m.registry
            .register(Box::new(m.transaction_resumes.clone()))?;
        m.registry.register(Box::new(m.rules_reloads.clone()))?;
        m.registry.register(Box::new(m.ready.clone()))?;
        m.registry.register(Box::new(m.build_info.clone()))?;
        #[cfg(target_os = "linux")]
        m.registry.register(Box::new(
            prometheus::process_collector::ProcessCollector::for_self(),
        ))?;
        // Pre-create the closed label sets so every series exists (at 0) from the first scrape.
        for reason in DEAD_LETTER_REASONS {
            m.dead_letters.with_label_values(&[reason]);
        }
        for kind in ["assign", "revoke"] {
            m.rebalances.with_label_values(&[kind]);
        }
        for result in ["success", "failure"] {
            m.offset_commits.with_label_values(&[result]);
            m.rules_reloads.with_label_values(&[result]);
        }
        for (t, a) in EVENT_LABELS {
            m.events_tagged.with_label_values(&[t, a]);
        }
        Ok(m)
    }

    /// Renders the registry in the Prometheus text exposition format.
    pub fn render(&self) -> Result<String, prometheus::Error> {
        let mut buf = Vec::with_capacity(8 * 1024);
        TextEncoder::new().encode(&self.registry.gather(), &mut buf)?;
        Ok(String::from_utf8_lossy(&buf).into_owned())
    }
}
