//! Builds the librdkafka configurations of the consumer and the producer from [`Config`].
//!
//! Precedence, lowest first: newstag's defaults, `kafka.properties`, the client-specific
//! `kafka.consumer_properties` / `kafka.producer_properties`, `kafka.secret_files`, and
//! (read by [`crate::config::KafkaConfig::resolve_secrets`]), and
//! finally the properties the delivery guarantee depends on, which cannot be overridden
//! (a conflicting user value is reported by key, never by value, and replaced).

use std::collections::BTreeMap;

use rdkafka::config::{ClientConfig, RDKafkaLogLevel};

use crate::config::{Config, DeliveryMode};

/// How often librdkafka emits statistics (consumer lag, broker states).
pub const STATISTICS_INTERVAL_MS: &str = "5000";

/// librdkafka's `fetch.queue.backoff.ms` default. When a partition's prefetch queue is full,
/// librdkafka postpones its next fetch by this long; its own default of 1000 ms left the
/// pipeline idle with an empty queue for most of each second once tagging made it consume
/// slower than it fetches (end-to-end bench, feed mix: 27,500 → 64,000 items/s enriched).
/// The re-check it schedules is local and cheap.
pub const FETCH_QUEUE_BACKOFF_MS: &str = "10";

/// librdkafka's default `transaction.timeout.ms`, which newstag keeps.
const DEFAULT_TRANSACTION_TIMEOUT_MS: u64 = 60_000;

/// How long the broker keeps an open transaction before aborting it on its own
/// (`transaction.timeout.ms` of the producer properties): the longest a transactional call is
/// worth retrying, and the producer's message timeout in exactly-once mode.
/// Set in `kafka.producer_properties` or, for both clients, `kafka.properties` (the producer's
/// own map wins, as when the client is configured).
pub fn transaction_timeout(config: &Config) -> std::time::Duration {
    let k = &config.kafka;
    let ms = [&k.producer_properties, &k.properties]
        .into_iter()
        .find_map(|props| props.get("transaction.timeout.ms"))
        .and_then(|v| v.trim().parse::<u64>().ok())
        .unwrap_or(DEFAULT_TRANSACTION_TIMEOUT_MS);
    std::time::Duration::from_millis(ms)
}

/// Sets `forced` properties, warning (by key only) when the user configured a different value.
fn force(cfg: &mut ClientConfig, client: &str, forced: &[(&str, String)]) {
    for (key, value) in forced {
        if let Some(user) = cfg.get(key) {
            if user != value {
                tracing::warn!(
                    client,
                    property = key,
                    "ignoring configured librdkafka property: newstag's delivery guarantee needs its own value"
                );
            }
        }
        cfg.set(*key, value.as_str());
    }
}

fn layered(
    config: &Config,
    defaults: &[(&str, String)],
    specific: &BTreeMap<String, String>,
    secrets: &BTreeMap<String, String>,
) -> ClientConfig {
    let mut cfg = ClientConfig::new();
    cfg.set_log_level(RDKafkaLogLevel::Warning);
    for (k, v) in defaults {
        cfg.set(*k, v.as_str());
    }
    for (k, v) in config.kafka.properties.iter().chain(specific.iter()) {
        cfg.set(k.as_str(), v.as_str());
    }
    for (k, v) in secrets {
        cfg.set(k.as_str(), v.as_str());
    }
    cfg
}

/// The consumer configuration.
pub fn consumer_config(config: &Config, secrets: &BTreeMap<String, String>) -> ClientConfig {
    let k = &config.kafka;
    let defaults = [
        ("bootstrap.servers", k.brokers.clone()),
        ("auto.offset.reset", "earliest".to_string()),
        ("statistics.interval.ms", STATISTICS_INTERVAL_MS.to_string()),
        ("fetch.queue.backoff.ms", FETCH_QUEUE_BACKOFF_MS.to_string()),
        ("client.id", format!("newstag-{}", crate::VERSION)),
    ];
    let mut cfg = layered(config, &defaults, &k.consumer_properties, secrets);
    let exactly_once = config.delivery == DeliveryMode::ExactlyOnce;
    let forced = [
        ("group.id", k.group_id.clone()),
        // Offsets are stored only by newstag, after the output is acknowledged.
        ("enable.auto.offset.store", "false".to_string()),
        // At-least-once: librdkafka commits the *stored* offsets periodically and on revoke.
        // Exactly-once: offsets travel in the producer's transaction instead.
        ("enable.auto.commit", (!exactly_once).to_string()),
        (
            "queued.max.messages.kbytes",
            config.limits.consumer_queue_kbytes.to_string(),
        ),
        ("isolation.level", "read_committed".to_string()),
    ];
    force(&mut cfg, "consumer", &forced);
    cfg
}

/// The producer configuration; `transactional_id` is set in exactly-once mode.
pub fn producer_config(
    config: &Config,
    secrets: &BTreeMap<String, String>,
    transactional_id: Option<&str>,
) -> ClientConfig {
    let k = &config.kafka;
    let defaults = [
        ("bootstrap.servers", k.brokers.clone()),
        ("linger.ms", "5".to_string()),
        ("client.id", format!("newstag-{}", crate::VERSION)),
    ];
    let mut cfg = layered(config, &defaults, &k.producer_properties, secrets);
    let mut forced = vec![
        ("enable.idempotence", "true".to_string()),
        ("acks", "all".to_string()),
        (
            "queue.buffering.max.kbytes",
            config.limits.producer_queue_kbytes.to_string(),
        ),
        // Every queued record belongs to an in-flight input, so the in-flight bound (plus one
        // batch of slack) bounds the queue's record count too; a full queue is waited on.
        (
            "queue.buffering.max.messages",
            (config.limits.max_in_flight_messages + config.pipeline.batch_max_messages).to_string(),
        ),
    ];
    match transactional_id {
        None => {
            // Never give up on a record: a broker outage means backpressure, not loss.
            forced.push(("message.timeout.ms", "0".to_string()));
        }
        Some(id) => {
            // librdkafka requires message.timeout.ms <= transaction.timeout.ms.
            let txn_timeout = transaction_timeout(config).as_millis().to_string();
            forced.push(("transactional.id", id.to_string()));
            forced.push(("message.timeout.ms", txn_timeout));
        }
    }
    force(&mut cfg, "producer", &forced);
    cfg
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(extra: &str) -> Config {
        let text = format!(
            r#"
            [kafka]
            brokers = "b:9092"
            input_topic = "in"
            output_topic = "out"
            dead_letter_topic = "dlq"
            {extra}
            "#
        );
        toml::from_str(&text).unwrap()
    }

    #[test]
    fn user_properties_layer_and_safety_properties_win() {
        let c = config(
            r#"
            [kafka.properties]
            "security.protocol" = "SASL_SSL"
            "linger.ms" = "1"
            [kafka.consumer_properties]
            "enable.auto.offset.store" = "true"
            "session.timeout.ms" = "6000"
            [kafka.producer_properties]
            "acks" = "1"
            "linger.ms" = "20"
            "#,
        );
        let secrets = BTreeMap::new();
        let cons = consumer_config(&c, &secrets);
        assert_eq!(cons.get("security.protocol"), Some("SASL_SSL"));
        assert_eq!(cons.get("session.timeout.ms"), Some("6000"));
        assert_eq!(cons.get("enable.auto.offset.store"), Some("false"));
        assert_eq!(cons.get("enable.auto.commit"), Some("true"));
        assert_eq!(cons.get("queued.max.messages.kbytes"), Some("32768"));
        assert_eq!(cons.get("group.id"), Some("newstag"));
        assert_eq!(cons.get("fetch.queue.backoff.ms"), Some("10"));
        let prod = producer_config(&c, &secrets, None);
        assert_eq!(prod.get("security.protocol"), Some("SASL_SSL"));
        assert_eq!(prod.get("linger.ms"), Some("20"));
        assert_eq!(prod.get("acks"), Some("all"));
        assert_eq!(prod.get("enable.idempotence"), Some("true"));
        assert_eq!(prod.get("message.timeout.ms"), Some("0"));
        assert_eq!(prod.get("queue.buffering.max.kbytes"), Some("65536"));
        assert_eq!(prod.get("queue.buffering.max.messages"), Some("10500"));
        assert_eq!(prod.get("session.timeout.ms"), None);
        assert_eq!(prod.get("fetch.queue.backoff.ms"), None);
    }

    #[test]
    fn fetch_queue_backoff_default_can_be_overridden() {
        let c = config("[kafka.consumer_properties]\n\"fetch.queue.backoff.ms\" = \"500\"");
        let cons = consumer_config(&c, &BTreeMap::new());
        assert_eq!(cons.get("fetch.queue.backoff.ms"), Some("500"));
    }

    #[test]
    fn exactly_once_sets_transactions_and_disables_auto_commit() {
        let c = config("[kafka.producer_properties]\n\"transaction.timeout.ms\" = \"30000\"");
        let c = Config {
            delivery: DeliveryMode::ExactlyOnce,
            ..c
        };
        let secrets = BTreeMap::new();
        assert_eq!(
            consumer_config(&c, &secrets).get("enable.auto.commit"),
            Some("false")
        );
        let prod = producer_config(&c, &secrets, Some("tx-1"));
        assert_eq!(prod.get("transactional.id"), Some("tx-1"));
        assert_eq!(prod.get("message.timeout.ms"), Some("30000"));
    }

    #[test]
    fn the_transaction_timeout_is_librdkafkas_default_unless_configured() {
        let secs = |extra: &str| transaction_timeout(&config(extra)).as_secs();
        assert_eq!(secs(""), 60);
        assert_eq!(
            secs("[kafka.producer_properties]\n\"transaction.timeout.ms\" = \"15000\""),
            15
        );
        assert_eq!(
            secs("[kafka.properties]\n\"transaction.timeout.ms\" = \"20000\""),
            20
        );
    }

    #[test]
    fn secret_env_reads_the_named_variable_and_a_missing_one_names_the_key() {
        // PATH is set in any test environment (no `set_var`: tests run in parallel).
        let path = std::env::var("PATH").unwrap();
        let c = config("[kafka.secret_env]\n\"sasl.password\" = \"PATH\"");
        let secrets = c.kafka.resolve_secrets().unwrap();
        assert_eq!(
            producer_config(&c, &secrets, None).get("sasl.password"),
            Some(path.as_str())
        );
        let missing = config("[kafka.secret_env]\n\"sasl.password\" = \"NEWSTAG_TEST_UNSET_9F3A\"");
        let err = missing.kafka.resolve_secrets().unwrap_err().to_string();
        assert!(err.contains("kafka.secret_env.\"sasl.password\""), "{err}");
        assert!(err.contains("NEWSTAG_TEST_UNSET_9F3A"), "{err}");
    }

    #[test]
    fn secret_files_are_read_trimmed_and_applied() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("pw");
        std::fs::write(&path, "s3cret\n").unwrap();
        let extra = format!(
            "[kafka.secret_files]\n\"sasl.password\" = {:?}",
            path.display().to_string()
        );
        let c = config(&extra);
        let secrets = c.kafka.resolve_secrets().unwrap();
        assert_eq!(
            consumer_config(&c, &secrets).get("sasl.password"),
            Some("s3cret")
        );
        assert_eq!(
            producer_config(&c, &secrets, None).get("sasl.password"),
            Some("s3cret")
        );
    }
}
