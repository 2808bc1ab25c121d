//! Configuration: a TOML file, overridden key by key by `NEWSTAG_*` environment variables
//! (`NEWSTAG_KAFKA__BROKERS` sets `kafka.brokers`). `config/newstag.toml` documents every key.
//!
//! [`Config::load`] parses and checks everything that needs no I/O beyond reading the file;
//! [`Config::check_secrets`] additionally opens the secret files (used by `validate`).

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use figment::providers::{Env, Format, Toml};
use figment::Figment;
use serde::Deserialize;

/// Prefix of environment variables that override configuration keys.
pub const ENV_PREFIX: &str = "NEWSTAG_";

/// Top-level keys and sections; `NEWSTAG_*` variables outside these are not configuration
/// (so a deployment may set e.g. `NEWSTAG_CONFIG` for its own use without tripping the
/// unknown-key check), while a typo inside a section (`NEWSTAG_KAFKA__BROKER`) is reported.
const SECTIONS: &[&str] = &[
    "delivery", "kafka", "fields", "limits", "pipeline", "rules", "http", "log", "shutdown",
];

/// Largest accepted `pipeline.workers` (a typo like 1000000 must not start a million threads).
pub const MAX_WORKERS: usize = 256;

/// Largest accepted `limits.max_json_depth`: serde_json refuses nesting beyond 128 on its own,
/// and the codec's cheaper byte scan must be the check that fires.
pub const MAX_JSON_DEPTH_LIMIT: usize = 127;

/// Why a configuration cannot be used. Every variant names the offending key or file.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The configuration file cannot be read.
    #[error("cannot read configuration file {path}: {error}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error (in the message, so not also a `source`).
        error: std::io::Error,
    },
    /// The file or an environment variable does not parse into the configuration.
    #[error("{}", .0.join("; "))]
    Parse(Vec<String>),
    /// A key parses but its value is unusable.
    #[error("config key `{key}`: {message}")]
    Invalid {
        /// Dotted key path, e.g. `kafka.brokers`.
        key: String,
        /// What is wrong with the value.
        message: String,
    },
}

impl Config {
    /// Loads `path`, applies `NEWSTAG_*` environment overrides, and checks the values
    /// ([`Config::check`]). Errors name the key (and the file or variable it came from).
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        // figment silently treats a missing file as empty: open it first for a clear error.
        std::fs::File::open(path).map_err(|error| ConfigError::Io {
            path: path.to_path_buf(),
            error,
        })?;
        let env = Env::prefixed(ENV_PREFIX)
            .filter(|key| {
                let first = key.as_str().split("__").next().unwrap_or_default();
                SECTIONS.iter().any(|s| first.eq_ignore_ascii_case(s))
            })
            .split("__");
        let config = Self::extract(Figment::new().merge(Toml::file_exact(path)).merge(env))?;
        config.check()?;
        Ok(config)
    }

    /// Parses a TOML document without environment overrides (for tests and embedded mode).
    pub fn from_toml_str(toml: &str) -> Result<Config, ConfigError> {
        let config = Self::extract(Figment::new().merge(Toml::string(toml)))?;
        config.check()?;
        Ok(config)
    }

    fn extract(figment: Figment) -> Result<Config, ConfigError> {
        figment.extract::<Config>().map_err(|err| {
            ConfigError::Parse(
                err.into_iter()
                    .map(|e| describe_figment_error(&e))
                    .collect(),
            )
        })
    }

    /// Checks values that parse but cannot work: empty brokers, topics that collide,
    /// limits out of range. No I/O.
    pub fn check(&self) -> Result<(), ConfigError> {
        let invalid = |key: &str, message: &str| {
            Err(ConfigError::Invalid {
                key: key.to_string(),
                message: message.to_string(),
            })
        };
        let k = &self.kafka;
        if k.brokers.split(',').all(|b| b.trim().is_empty()) {
            return invalid("kafka.brokers", "must name at least one host:port");
        }
        if k.group_id.trim().is_empty() {
            return invalid("kafka.group_id", "must not be empty");
        }
        for (key, topic) in [
            ("kafka.input_topic", &k.input_topic),
            ("kafka.output_topic", &k.output_topic),
            ("kafka.dead_letter_topic", &k.dead_letter_topic),
        ] {
            if topic.trim().is_empty() {
                return invalid(key, "must not be empty");
            }
        }
        if k.output_topic == k.input_topic {
            return invalid("kafka.output_topic", "must differ from kafka.input_topic");
        }
        if k.dead_letter_topic == k.input_topic {
            return invalid(
                "kafka.dead_letter_topic",
                "must differ from kafka.input_topic",
            );
        }
        if k.dead_letter_topic == k.output_topic {
            return invalid(
                "kafka.dead_letter_topic",
                "must differ from kafka.output_topic",
            );
        }
        if self.fields.title.is_empty() && self.fields.body.is_empty() {
            return invalid(
                "fields.body",
                "fields.title and fields.body cannot both be empty",
            );
        }
        let l = &self.limits;
        for (key, v) in [
            ("limits.max_in_flight_messages", l.max_in_flight_messages),
            ("limits.max_in_flight_bytes", l.max_in_flight_bytes),
            ("limits.max_message_bytes", l.max_message_bytes),
            ("limits.max_json_depth", l.max_json_depth),
            ("limits.consumer_queue_kbytes", l.consumer_queue_kbytes),
            ("limits.producer_queue_kbytes", l.producer_queue_kbytes),
        ] {
            if v == 0 {
                return invalid(key, "must be greater than 0");
            }
        }
        if l.max_json_depth > MAX_JSON_DEPTH_LIMIT {
            return invalid(
                "limits.max_json_depth",
                &format!("must be at most {MAX_JSON_DEPTH_LIMIT}"),
            );
        }
        if l.max_message_bytes > l.max_in_flight_bytes {
            return invalid(
                "limits.max_message_bytes",
                "must not exceed limits.max_in_flight_bytes (one message could never fit)",
            );
        }
        let p = &self.pipeline;
        if p.workers > MAX_WORKERS {
            return invalid(
                "pipeline.workers",
                &format!("must be at most {MAX_WORKERS} (0: one per available CPU)"),
            );
        }
        if p.batch_max_messages == 0 {
            return invalid("pipeline.batch_max_messages", "must be greater than 0");
        }
        if p.batch_max_bytes == 0 {
            return invalid("pipeline.batch_max_bytes", "must be greater than 0");
        }
        if self.shutdown.drain_timeout_ms == 0 {
            return invalid("shutdown.drain_timeout_ms", "must be greater than 0");
        }
        if self.http.liveness_timeout_ms == 0 {
            return invalid("http.liveness_timeout_ms", "must be greater than 0");
        }
        if self.log.level.trim().is_empty() {
            return invalid("log.level", "must not be empty");
        }
        Ok(())
    }

    /// Opens every `kafka.secret_files` entry and reads every `kafka.secret_env` variable, so
    /// a missing secret is reported at validation time rather than as an authentication
    /// failure later.
    pub fn check_secrets(&self) -> Result<(), ConfigError> {
        self.kafka.resolve_secrets().map(|_| ())
    }
}

impl KafkaConfig {
    /// Reads `secret_files` (trailing newline removed) and `secret_env` into property values.
    /// The values are secrets: never log them.
    pub fn resolve_secrets(&self) -> Result<BTreeMap<String, String>, ConfigError> {
        let mut out = BTreeMap::new();
        for (prop, var) in &self.secret_env {
            // Not `VarError`'s text: for a value that is not Unicode it quotes the secret.
            let value = std::env::var(var).map_err(|e| ConfigError::Invalid {
                key: format!("kafka.secret_env.\"{prop}\""),
                message: match e {
                    std::env::VarError::NotPresent => {
                        format!("environment variable {var} is not set")
                    }
                    std::env::VarError::NotUnicode(_) => {
                        format!("environment variable {var} is not valid UTF-8")
                    }
                },
            })?;
            out.insert(prop.clone(), value);
        }
        for (prop, path) in &self.secret_files {
            let mut value = std::fs::read_to_string(path).map_err(|e| ConfigError::Invalid {
                key: format!("kafka.secret_files.\"{prop}\""),
                message: format!("cannot read {}: {e}", path.display()),
            })?;
            while value.ends_with('\n') || value.ends_with('\r') {
                value.pop();
            }
            out.insert(prop.clone(), value);
        }
        Ok(out)
    }
}

/// One figment error as `key: problem (source)`, with the environment variable's name when an
/// override is at fault.
fn describe_figment_error(e: &figment::Error) -> String {
    use figment::error::Kind;
    let mut path = e.path.clone();
    // figment puts values under the profile; the profile is not part of our keys.
    if path.first().is_some_and(|p| p == "default") {
        path.remove(0);
    }
    let (key, what) = match &e.kind {
        Kind::UnknownField(name, expected) => {
            let mut full = path.clone();
            if full.last() != Some(name) {
                full.push(name.clone());
            }
            (
                full,
                format!("unknown key (expected one of: {})", expected.join(", ")),
            )
        }
        Kind::MissingField(name) => {
            let mut full = path.clone();
            if full.last().map(String::as_str) != Some(name.as_ref()) {
                full.push(name.to_string());
            }
            (full, "missing required key".to_string())
        }
        other => (path.clone(), other.to_string()),
    };
    let key = if key.is_empty() {
        "(top level)".to_string()
    } else {
        key.join(".")
    };
    let source = match &e.metadata {
        Some(md) if md.name.contains("environment") => {
            let var = format!("{ENV_PREFIX}{}", key.replace('.', "__").to_uppercase());
            format!(" (from environment variable {var})")
        }
        Some(md) => match &md.source {
            Some(src) => format!(" (in {src})"),
            None => String::new(),
        },
        None => String::new(),
    };
    format!("config key `{key}`: {what}{source}")
}

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
    /// Parallel enrichment: worker threads and batch bounds.
    #[serde(default)]
    pub pipeline: PipelineConfig,
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

impl DeliveryMode {
    /// The configuration spelling: `at-least-once` or `exactly-once`.
    pub fn as_str(self) -> &'static str {
        match self {
            DeliveryMode::AtLeastOnce => "at-least-once",
            DeliveryMode::ExactlyOnce => "exactly-once",
        }
    }
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
    /// librdkafka properties whose value is read from an environment variable (property →
    /// variable name), e.g. `sasl.password` from a Kubernetes `secretKeyRef`. A property name
    /// holds dots, which `NEWSTAG_*` overrides cannot express.
    #[serde(default)]
    pub secret_env: BTreeMap<String, String>,
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

/// Parallel enrichment. The pipeline thread polls a batch of messages, has it decoded and
/// tagged by `workers` threads (itself included), then produces the results in input order.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PipelineConfig {
    /// Threads that decode and tag, the pipeline thread included; 0 (the default) means one
    /// per available CPU, 1 tags on the pipeline thread alone. Tagging is CPU-bound, so more
    /// than the CPUs available only adds switching.
    #[serde(default)]
    pub workers: usize,
    /// Most messages in one batch: bounds the latency a batch adds and the work lost to a
    /// rebalance in the middle of one.
    #[serde(default = "default_batch_max_messages")]
    pub batch_max_messages: usize,
    /// Most payload bytes in one batch (the batch holds a copy of each payload while it is
    /// tagged): bounds the batch's memory on top of the `limits.*` in-flight bounds.
    #[serde(default = "default_batch_max_bytes")]
    pub batch_max_bytes: usize,
}

impl PipelineConfig {
    /// The number of enrichment threads to use: `workers`, or the available parallelism
    /// when it is 0.
    pub fn effective_workers(&self) -> usize {
        match self.workers {
            0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
            n => n,
        }
    }
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
    /// `/healthz` answers 503 (and systemd watchdog pings stop) once the pipeline's main loop
    /// has not ticked for this many milliseconds: it is stuck, and a restart is the remedy.
    #[serde(default = "default_liveness_timeout_ms")]
    pub liveness_timeout_ms: u64,
}

impl HttpConfig {
    /// The liveness bound as a [`Duration`].
    pub fn liveness_timeout(&self) -> Duration {
        Duration::from_millis(self.liveness_timeout_ms)
    }
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
    /// Human-readable on a terminal, JSON otherwise (journald, Kubernetes log collectors).
    #[default]
    Auto,
    /// One JSON object per line, for log collectors.
    Json,
    /// Human-readable lines.
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
fn default_batch_max_messages() -> usize {
    500
}
fn default_batch_max_bytes() -> usize {
    1024 * 1024
}
fn default_http_listen() -> SocketAddr {
    SocketAddr::from(([0, 0, 0, 0], 9464))
}
fn default_liveness_timeout_ms() -> u64 {
    30_000
}
fn default_log_level() -> String {
    "info".to_string()
}
fn default_drain_timeout_ms() -> u64 {
    5_000
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

impl Default for PipelineConfig {
    fn default() -> Self {
        PipelineConfig {
            workers: 0,
            batch_max_messages: default_batch_max_messages(),
            batch_max_bytes: default_batch_max_bytes(),
        }
    }
}

impl Default for HttpConfig {
    fn default() -> Self {
        HttpConfig {
            listen: default_http_listen(),
            liveness_timeout_ms: default_liveness_timeout_ms(),
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

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = r#"
[kafka]
brokers = "localhost:9092"
input_topic = "in"
output_topic = "out"
dead_letter_topic = "dlq"
"#;

    #[test]
    fn pipeline_section_defaults() {
        let c = Config::from_toml_str(MINIMAL).unwrap();
        assert_eq!(c.pipeline.workers, 0);
        assert_eq!(c.pipeline.batch_max_messages, 500);
        assert_eq!(c.pipeline.batch_max_bytes, 1024 * 1024);
        let auto = std::thread::available_parallelism().map_or(1, |n| n.get());
        assert_eq!(c.pipeline.effective_workers(), auto);
    }

    #[test]
    fn pipeline_section_is_read_and_checked() {
        let c = Config::from_toml_str(&format!(
            "{MINIMAL}[pipeline]\nworkers = 3\nbatch_max_messages = 10\nbatch_max_bytes = 4096\n"
        ))
        .unwrap();
        assert_eq!(c.pipeline.effective_workers(), 3);
        assert_eq!(c.pipeline.batch_max_messages, 10);
        assert_eq!(c.pipeline.batch_max_bytes, 4096);
        for (line, key) in [
            ("workers = 100000", "pipeline.workers"),
            ("batch_max_messages = 0", "pipeline.batch_max_messages"),
            ("batch_max_bytes = 0", "pipeline.batch_max_bytes"),
        ] {
            let err = Config::from_toml_str(&format!("{MINIMAL}[pipeline]\n{line}\n"))
                .unwrap_err()
                .to_string();
            assert!(err.contains(key), "{line}: {err}");
        }
        let err = Config::from_toml_str(&format!("{MINIMAL}[pipeline]\nthreads = 2\n"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("pipeline.threads"), "{err}");
    }

    #[test]
    fn shipped_config_documents_the_pipeline_keys() {
        let text = include_str!("../config/newstag.toml");
        for key in [
            "workers = 0",
            "batch_max_messages = 500",
            "batch_max_bytes = 1048576",
        ] {
            assert!(text.contains(key), "config/newstag.toml lacks {key}");
        }
    }
}
