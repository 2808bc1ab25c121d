//! Embedded mode (`newstag run --embedded`): the whole daemon against librdkafka's in-process
//! mock cluster, fed with the sample news shipped in `samples/news.jsonl`, printing one
//! readable line per output record. Needs no external service: the README's first command.

use std::fmt::Write as _;
use std::net::SocketAddr;
use std::time::Duration;

use rdkafka::config::ClientConfig;
use rdkafka::consumer::{Consumer, StreamConsumer};
use rdkafka::message::{Headers, Message};
use rdkafka::mocking::MockCluster;
use rdkafka::producer::{FutureProducer, FutureRecord};
use rdkafka::{Offset, TopicPartitionList};
use tokio::sync::watch;

use crate::config::{Config, LogConfig, LogFormat};
use crate::pipeline::{
    HEADER_ERROR_KIND, HEADER_ERROR_MESSAGE, HEADER_SOURCE_OFFSET, HEADER_SOURCE_PARTITION,
};

use super::signals::Signals;
use super::{Daemon, DaemonError};

/// The sample news items, one JSON object per line (the last lines are deliberately bad).
pub const SAMPLES: &str = include_str!("../../samples/news.jsonl");

/// Input topic name in embedded mode.
pub const INPUT_TOPIC: &str = "news";
/// Output topic name in embedded mode.
pub const OUTPUT_TOPIC: &str = "news.enriched";
/// Dead-letter topic name in embedded mode.
pub const DEAD_LETTER_TOPIC: &str = "news.dead-letter";
/// Partitions of the input and output topics: more than one, to exercise partitioning.
const PARTITIONS: i32 = 3;
/// With `--exit-after-samples`, give up (non-zero exit) if the samples have not all come
/// out by then: a stuck pipeline must fail a script, not hang it.
const SAMPLES_DEADLINE: Duration = Duration::from_secs(90);

/// Options of `newstag run --embedded`.
#[derive(Debug, Clone)]
pub struct EmbeddedOptions {
    /// Stop once every sample has come out.
    pub exit_after_samples: bool,
    /// Where to serve `/metrics`; when the port is taken, a free one is used instead.
    pub http_listen: SocketAddr,
}

/// Logging for embedded mode: human-readable, warnings and up plus newstag's own info
/// lines, so the record lines on stdout stand out.
pub fn log_config() -> LogConfig {
    LogConfig {
        format: LogFormat::Text,
        level: "warn,newstag=info".to_string(),
    }
}

/// The sample lines, blank lines skipped.
pub fn sample_lines() -> impl Iterator<Item = &'static str> {
    SAMPLES.lines().filter(|l| !l.trim().is_empty())
}

/// The daemon configuration used against the mock cluster at `brokers`.
pub fn config(brokers: &str, http_listen: SocketAddr) -> Result<Config, DaemonError> {
    let toml = format!(
        r#"
[kafka]
brokers = "{brokers}"
group_id = "newstag-embedded"
input_topic = "{INPUT_TOPIC}"
output_topic = "{OUTPUT_TOPIC}"
dead_letter_topic = "{DEAD_LETTER_TOPIC}"
[kafka.consumer_properties]
"auto.offset.reset" = "earliest"
[http]
listen = "{http_listen}"
[shutdown]
drain_timeout_ms = 5000
"#
    );
    Config::from_toml_str(&toml).map_err(|e| DaemonError::Embedded(e.to_string()))
}

fn kafka_err(what: &str) -> impl Fn(rdkafka::error::KafkaError) -> DaemonError + '_ {
    move |e| DaemonError::Embedded(format!("{what}: {e}"))
}

/// Runs embedded mode until Ctrl-C (or, with `exit_after_samples`, until every sample has
/// come out of the output or dead-letter topic).
pub async fn run(opts: EmbeddedOptions) -> Result<(), DaemonError> {
    let cluster = MockCluster::new(1).map_err(kafka_err("cannot start the mock cluster"))?;
    for (topic, partitions) in [
        (INPUT_TOPIC, PARTITIONS),
        (OUTPUT_TOPIC, PARTITIONS),
        (DEAD_LETTER_TOPIC, 1),
    ] {
        cluster
            .create_topic(topic, partitions, 1)
            .map_err(kafka_err("cannot create a topic"))?;
    }
    let brokers = cluster.bootstrap_servers();

    let (stop_tx, stop_rx) = watch::channel(false);
    let (signal_shutdown, hangup) = Signals::install().map_err(DaemonError::Signals)?.split();
    {
        let stop_tx = stop_tx.clone();
        tokio::spawn(async move {
            signal_shutdown.await;
            stop_tx.send_replace(true);
        });
    }
    let stopped = |mut rx: watch::Receiver<bool>| async move {
        let _ = rx.wait_for(|v| *v).await;
    };

    let daemon = match Daemon::start(
        config(&brokers, opts.http_listen)?,
        stopped(stop_rx.clone()),
    )
    .await
    {
        Err(DaemonError::Bind { .. }) if opts.http_listen.port() != 0 => {
            let any_port = SocketAddr::new(opts.http_listen.ip(), 0);
            Daemon::start(config(&brokers, any_port)?, stopped(stop_rx.clone())).await?
        }
        other => other?,
    };
    let hup = tokio::spawn(hangup.reload_on_signal(daemon.reloader()));

    let samples: Vec<&str> = sample_lines().collect();
    println!(
        "newstag {} embedded: an in-process mock Kafka cluster, no external service.",
        crate::VERSION
    );
    println!(
        "  feeding {} sample news items (samples/news.jsonl) into topic {INPUT_TOPIC:?}",
        samples.len()
    );
    println!(
        "  enriched records come out of {OUTPUT_TOPIC:?}, bad input out of {DEAD_LETTER_TOPIC:?}"
    );
    println!(
        "  metrics: http://{}/metrics   (also /healthz, /readyz)",
        daemon.http_addr()
    );
    if !opts.exit_after_samples {
        println!("  press Ctrl-C to stop");
    }
    println!();

    let outcome = feed_and_show(&brokers, &samples, &opts, stop_rx.clone()).await;
    stop_tx.send_replace(true);
    let result = daemon.wait().await;
    hup.abort();
    drop(cluster);
    outcome?;
    result
}

/// Produces the samples and prints every output and dead-letter record as it arrives.
async fn feed_and_show(
    brokers: &str,
    samples: &[&str],
    opts: &EmbeddedOptions,
    mut stop: watch::Receiver<bool>,
) -> Result<(), DaemonError> {
    let viewer: StreamConsumer = ClientConfig::new()
        .set("bootstrap.servers", brokers)
        .set("group.id", "newstag-embedded-viewer")
        .set("enable.auto.commit", "false")
        .set("log_level", "3")
        .create()
        .map_err(kafka_err("cannot create the viewer consumer"))?;
    let mut tpl = TopicPartitionList::new();
    for p in 0..PARTITIONS {
        tpl.add_partition_offset(OUTPUT_TOPIC, p, Offset::Beginning)
            .map_err(kafka_err("cannot assign the output topic"))?;
    }
    tpl.add_partition_offset(DEAD_LETTER_TOPIC, 0, Offset::Beginning)
        .map_err(kafka_err("cannot assign the dead-letter topic"))?;
    viewer
        .assign(&tpl)
        .map_err(kafka_err("cannot assign the viewer"))?;

    let producer: FutureProducer = ClientConfig::new()
        .set("bootstrap.servers", brokers)
        .set("log_level", "3")
        .create()
        .map_err(kafka_err("cannot create the sample producer"))?;
    for line in samples {
        let key = serde_json::from_str::<serde_json::Value>(line)
            .ok()
            .and_then(|v| v.get("id").and_then(|id| id.as_str()).map(str::to_owned));
        let mut record = FutureRecord::to(INPUT_TOPIC).payload(line.as_bytes());
        if let Some(key) = key.as_deref() {
            record = record.key(key);
        }
        producer
            .send(record, Duration::from_secs(10))
            .await
            .map_err(|(e, _)| DaemonError::Embedded(format!("cannot produce a sample: {e}")))?;
    }

    let (mut enriched, mut dead) = (0usize, 0usize);
    let deadline = tokio::time::sleep(SAMPLES_DEADLINE);
    tokio::pin!(deadline);
    while !opts.exit_after_samples || enriched + dead < samples.len() {
        let msg = tokio::select! {
            m = viewer.recv() => m,
            _ = stop.wait_for(|v| *v) => break,
            () = &mut deadline, if opts.exit_after_samples => {
                return Err(DaemonError::Embedded(format!(
                    "only {} of {} samples came out within {:?}",
                    enriched + dead, samples.len(), SAMPLES_DEADLINE
                )));
            }
        };
        let msg = msg.map_err(kafka_err("viewer"))?;
        let payload = msg.payload().unwrap_or_default();
        if msg.topic() == DEAD_LETTER_TOPIC {
            dead += 1;
            println!("{}", dead_letter_line(payload, msg.headers()));
        } else {
            enriched += 1;
            println!("{}", record_line(payload));
        }
    }
    println!();
    println!(
        "{} of {} samples came out: {enriched} enriched, {dead} dead-lettered.",
        enriched + dead,
        samples.len()
    );
    Ok(())
}

fn header<'a>(headers: Option<&'a rdkafka::message::BorrowedHeaders>, name: &str) -> &'a str {
    headers
        .and_then(|h| h.iter().find(|h| h.key == name))
        .and_then(|h| h.value)
        .and_then(|v| std::str::from_utf8(v).ok())
        .unwrap_or("?")
}

fn item_id(v: Option<&serde_json::Value>) -> String {
    match v.and_then(|v| v.get("id")) {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
        None => "(no id)".to_string(),
    }
}

/// `id | DEAD LETTER reason: message`; the input position stands in for an unreadable id.
pub fn dead_letter_line(
    payload: &[u8],
    headers: Option<&rdkafka::message::BorrowedHeaders>,
) -> String {
    let v = serde_json::from_slice::<serde_json::Value>(payload).ok();
    let id = match v.as_ref().and_then(|v| v.get("id")) {
        Some(_) => item_id(v.as_ref()),
        None => format!(
            "(input partition {} offset {})",
            header(headers, HEADER_SOURCE_PARTITION),
            header(headers, HEADER_SOURCE_OFFSET)
        ),
    };
    format!(
        "{id} | DEAD LETTER {}: {}",
        header(headers, HEADER_ERROR_KIND),
        header(headers, HEADER_ERROR_MESSAGE)
    )
}

/// `id | tags | tariff imposed US→IN 25% | deadline 2025-08-08`: one enriched record.
pub fn record_line(payload: &[u8]) -> String {
    let v = match serde_json::from_slice::<serde_json::Value>(payload) {
        Ok(v) => v,
        Err(e) => return format!("(unreadable output record: {e})"),
    };
    let e = &v["enrichment"];
    let mut line = item_id(Some(&v));
    let tags: Vec<&str> = e["tags"]
        .as_array()
        .map(|t| t.iter().filter_map(|t| t.as_str()).collect())
        .unwrap_or_default();
    if tags.is_empty() {
        line.push_str(" | no events");
        return line;
    }
    let _ = write!(line, " | {}", tags.join(","));
    for ev in e["events"].as_array().into_iter().flatten() {
        line.push_str(" | ");
        line.push_str(&event_summary(ev));
    }
    line
}

fn codes(v: &serde_json::Value) -> String {
    let list: Vec<&str> = v
        .as_array()
        .map(|a| a.iter().filter_map(|c| c.as_str()).collect())
        .unwrap_or_default();
    if list.is_empty() {
        "?".to_string()
    } else {
        list.join(",")
    }
}

fn event_summary(ev: &serde_json::Value) -> String {
    let kind = ev["type"].as_str().unwrap_or("?");
    if kind == "deadline" {
        let when = match (ev["date"].as_str(), ev["date_end"].as_str()) {
            (Some(d), Some(end)) => format!("{d}..{end}"),
            (Some(d), None) => d.to_string(),
            _ => format!("{:?}", ev["expression"].as_str().unwrap_or("?")),
        };
        return format!("deadline {when}");
    }
    let mut s = format!(
        "{kind} {} {}→{}",
        ev["action"].as_str().unwrap_or("?"),
        codes(&ev["imposer"]),
        codes(&ev["target"])
    );
    if let Some(rate) = ev["rate_pct"].as_f64() {
        let _ = write!(s, " {rate}%");
    }
    let products: Vec<&str> = ev["products"]
        .as_array()
        .map(|a| a.iter().filter_map(|p| p.as_str()).collect())
        .unwrap_or_default();
    if !products.is_empty() {
        let _ = write!(s, " ({})", products.join(", "));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn record_line_summarises_events() {
        let rec = br#"{"id":"x","enrichment":{"tags":["deadline","tariff"],"events":[
            {"type":"tariff","action":"imposed","imposer":["US"],"target":["IN"],"rate_pct":25.0,
             "products":[],"evidence":{},"confidence":0.9},
            {"type":"deadline","date":"2025-08-08","date_end":null,"expression":"Friday"}]}}"#;
        assert_eq!(
            record_line(rec),
            "x | deadline,tariff | tariff imposed US→IN 25% | deadline 2025-08-08"
        );
        assert_eq!(
            record_line(br#"{"enrichment":{"tags":[],"events":[]}}"#),
            "(no id) | no events"
        );
    }

    #[test]
    fn samples_have_unique_ids_and_parse_except_the_bad_ones() {
        let mut ids = std::collections::HashSet::new();
        let mut bad = 0;
        for line in sample_lines() {
            match serde_json::from_str::<serde_json::Value>(line) {
                Ok(v) => {
                    let id = v["id"]
                        .as_str()
                        .expect("every sample has an id")
                        .to_string();
                    assert!(ids.insert(id), "duplicate id");
                }
                Err(_) => bad += 1,
            }
        }
        assert!(ids.len() >= 18, "{}", ids.len());
        assert!(ids.contains("npr-2025-08-06-witkoff-putin"));
        assert_eq!(bad, 1);
    }
}
