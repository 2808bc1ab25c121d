//! Configuration: a TOML file, overridden key by key by `NEWSTAG_*` environment variables
//! (`NEWSTAG_KAFKA__BROKERS` sets `kafka.brokers`). `config/newstag.toml` documents every key.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use serde::Deserialize;

/// The whole configuration.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Delivery guarantee: at-least-once (default) or exactly-once (Kafka transactions).
    #[serde(default)]
    pub delivery: DeliveryMode,
    /// Brokers, topics, group and librdkafka pass-through properties.
    pub kafka: KafkaConfig,
    /// Which input JSON fields hold text, id and publication time.
    #[serde(default)]
    pub fields: FieldsConfig,
    /// Bounds on memory and on what counts as acceptable input.
    #[serde(default)]
    pub limits: LimitsConfig,
    /// Where the tagging rules live.
    #[serde(default)]
    pub rules: RulesConfig,
    /// The metrics and health HTTP listener.
    #[serde(default)]
    pub http: HttpConfig,
    /// Log format and level.
    #[serde(default)]
    pub log: LogConfig,
    /// Graceful shutdown and rebalance drain.
    #[serde(default)]
    pub shutdown: ShutdownConfig,
}

/// Delivery guarantee.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DeliveryMode {
    /// Offsets committed only after the output is acknowledged; duplicates possible after a crash.
    #[default]
    AtLeastOnce,
    /// Output and offsets committed in one Kafka transaction.
    ExactlyOnce,
}

/// Kafka connection and topics.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KafkaConfig {
    /// `bootstrap.servers`, comma-separated `host:port` list.
    pub brokers: String,
    /// Consumer group id; daemons sharing it split the input partitions.
    #[serde(default = "default_group_id")]
    pub group_id: String,
    /// Topic the news items are read from.
    pub input_topic: String,
    /// Topic the enriched records are written to.
    pub output_topic: String,
    /// Topic bad input is written to, with headers saying why.
    pub dead_letter_topic: String,
    /// Output partitioning: `key` (librdkafka's partitioner on the input key) or `same`
    /// (the input partition number; the output topic needs at least as many partitions).
    #[serde(default)]
    pub output_partitioning: OutputPartitioning,
    /// `transactional.id` prefix for exactly-once mode (the group id when unset).
    #[serde(default)]
    pub transactional_id: Option<String>,
    /// librdkafka properties for both consumer and producer (TLS, SASL, ...).
    #[serde(default)]
    pub properties: BTreeMap<String, String>,
    /// librdkafka properties for the consumer only.
    #[serde(default)]
    pub consumer_properties: BTreeMap<String, String>,
    /// librdkafka properties for the producer only.
    #[serde(default)]
    pub producer_properties: BTreeMap<String, String>,
    /// librdkafka properties whose value is read from a file (e.g. `sasl.password` from a
    /// systemd credential or a mounted Kubernetes Secret), trailing newline removed.
    #[serde(default)]
    pub secret_files: BTreeMap<String, PathBuf>,
}

/// How output partitions are chosen.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum OutputPartitioning {
    /// By the message key, with librdkafka's default partitioner.
    #[default]
    Key,
    /// The same partition number as the input message.
    Same,
}

/// Names of the input fields the tagger reads.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldsConfig {
    /// Candidate title fields, first present wins.
    #[serde(default = "default_title_fields")]
    pub title: Vec<String>,
    /// Candidate body fields, first present wins.
    #[serde(default = "default_body_fields")]
    pub body: Vec<String>,
    /// Item id field (optional in the input).
    #[serde(default = "default_id_field")]
    pub id: String,
    /// Publication time field: RFC 3339 or `YYYY-MM-DD`.
    #[serde(default = "default_published_field")]
    pub published_at: String,
}

/// Memory and input bounds.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LimitsConfig {
    /// Messages consumed but not yet acknowledged downstream, across partitions.
    #[serde(default = "default_max_in_flight_messages")]
    pub max_in_flight_messages: usize,
    /// Payload bytes consumed but not yet acknowledged downstream.
    #[serde(default = "default_max_in_flight_bytes")]
    pub max_in_flight_bytes: usize,
    /// Larger input messages go to the dead-letter topic.
    #[serde(default = "default_max_message_bytes")]
    pub max_message_bytes: usize,
    /// Deeper JSON nesting goes to the dead-letter topic.
    #[serde(default = "default_max_json_depth")]
    pub max_json_depth: usize,
    /// librdkafka `queued.max.messages.kbytes` for the consumer's prefetch queue.
    #[serde(default = "default_consumer_queue_kbytes")]
    pub consumer_queue_kbytes: usize,
    /// librdkafka `queue.buffering.max.kbytes` for the producer's queue.
    #[serde(default = "default_producer_queue_kbytes")]
    pub producer_queue_kbytes: usize,
}

/// Where rules come from.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RulesConfig {
    /// Directory of rule files; the rules built into the binary when unset.
    #[serde(default)]
    pub dir: Option<PathBuf>,
}

/// The HTTP listener for `/metrics`, `/healthz`, `/readyz`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HttpConfig {
    /// Address to listen on; port 0 picks a free port.
    #[serde(default = "default_http_listen")]
    pub listen: SocketAddr,
}

/// Logging.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LogConfig {
    /// `auto` (human on a terminal, JSON otherwise), `json` or `text`.
    #[serde(default)]
    pub format: LogFormat,
    /// A tracing filter such as `info` or `newstag=debug`; `RUST_LOG` wins when set.
    #[serde(default = "default_log_level")]
    pub level: String,
}

/// Log output format.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LogFormat {
    #[default]
    Auto,
    Json,
    Text,
}

/// Shutdown and drain bounds.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShutdownConfig {
    /// How long a drain (SIGTERM or partition revocation) may take, in milliseconds.
    #[serde(default = "default_drain_timeout_ms")]
    pub drain_timeout_ms: u64,
}

impl ShutdownConfig {
    /// The drain bound as a [`Duration`].
    pub fn drain_timeout(&self) -> Duration {
        Duration::from_millis(self.drain_timeout_ms)
    }
}

fn default_group_id() -> String {
    "newstag".to_string()
}
fn default_title_fields() -> Vec<String> {
    vec!["title".to_string(), "headline".to_string()]
}
fn default_body_fields() -> Vec<String> {
    vec![
        "body".to_string(),
        "text".to_string(),
        "content".to_string(),
    ]
}
fn default_id_field() -> String {
    "id".to_string()
}
fn default_published_field() -> String {
    "published_at".to_string()
}
fn default_max_in_flight_messages() -> usize {
    10_000
}
fn default_max_in_flight_bytes() -> usize {
    64 * 1024 * 1024
}
fn default_max_message_bytes() -> usize {
    1024 * 1024
}
fn default_max_json_depth() -> usize {
    64
}
fn default_consumer_queue_kbytes() -> usize {
    32 * 1024
}
fn default_producer_queue_kbytes() -> usize {
    64 * 1024
}
fn default_http_listen() -> SocketAddr {
    SocketAddr::from(([0, 0, 0, 0], 9464))
}
fn default_log_level() -> String {
    "info".to_string()
}
fn default_drain_timeout_ms() -> u64 {
    8_000
}

impl Default for FieldsConfig {
    fn default() -> Self {
        FieldsConfig {
            title: default_title_fields(),
            body: default_body_fields(),
            id: default_id_field(),
            published_at: default_published_field(),
        }
    }
}

impl Default for LimitsConfig {
    fn default() -> Self {
        LimitsConfig {
            max_in_flight_messages: default_max_in_flight_messages(),
            max_in_flight_bytes: default_max_in_flight_bytes(),
            max_message_bytes: default_max_message_bytes(),
            max_json_depth: default_max_json_depth(),
            consumer_queue_kbytes: default_consumer_queue_kbytes(),
            producer_queue_kbytes: default_producer_queue_kbytes(),
        }
    }
}

impl Default for HttpConfig {
    fn default() -> Self {
        HttpConfig {
            listen: default_http_listen(),
        }
    }
}

impl Default for LogConfig {
    fn default() -> Self {
        LogConfig {
            format: LogFormat::default(),
            level: default_log_level(),
        }
    }
}

impl Default for ShutdownConfig {
    fn default() -> Self {
        ShutdownConfig {
            drain_timeout_ms: default_drain_timeout_ms(),
        }
    }
}
