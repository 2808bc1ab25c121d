//! Shared helpers for the pipeline integration tests: a tansu broker per test on a free port,
//! random topic and group names, produce/consume helpers, committed-offset queries, and
//! `wait_until` helpers that return as soon as a condition holds (bounded by a deadline).
#![allow(dead_code)]

pub mod raw_produce;
pub mod txn_log;

use std::collections::BTreeMap;
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use arc_swap::ArcSwap;
use rand::Rng;
use rdkafka::config::ClientConfig;
use rdkafka::consumer::{BaseConsumer, Consumer};
use rdkafka::message::{Header, Headers, Message, OwnedHeaders, OwnedMessage};
use rdkafka::producer::{BaseRecord, DefaultProducerContext, Producer, ThreadedProducer};
use rdkafka::{Offset, TopicPartitionList};

use newstag::config::Config;
use newstag::health::Health;
use newstag::metrics::Metrics;
use newstag::pipeline::PipelineContext;
use newstag::tagger::Tagger;

/// Sends logs to the test output when `RUST_LOG` is set (captured per test by libtest).
pub fn init_logging() {
    if std::env::var_os("RUST_LOG").is_some() {
        let _ = tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
            .with_test_writer()
            .try_init();
    }
}

/// Generous bound for anything a test waits for.
pub const TIMEOUT: Duration = Duration::from_secs(60);

/// Path of the tansu binary: `$NEWSTAG_TANSU`, else `.cache/tansu/tansu`. Panics with a
/// pointer to `scripts/fetch-tansu.sh` when it is missing: these tests never skip silently.
pub fn tansu_binary() -> PathBuf {
    let path = std::env::var_os("NEWSTAG_TANSU")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(".cache/tansu/tansu"));
    assert!(
        path.is_file(),
        "tansu broker not found at {}: run scripts/fetch-tansu.sh (or set NEWSTAG_TANSU)",
        path.display()
    );
    path
}

/// A tansu broker child process, killed on drop.
pub struct Tansu {
    child: Option<Child>,
    /// Its port on 127.0.0.1.
    pub port: u16,
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("no free port")
}

/// Whether the socket listening on 127.0.0.1:`port` (or any address) belongs to process
/// `pid`, from `/proc/net/tcp{,6}` and `/proc/<pid>/fd`; `None` when `/proc` cannot tell.
pub fn listener_owner_is(pid: u32, port: u16) -> Option<bool> {
    let mut inodes = Vec::new();
    let mut readable = false;
    for table in ["/proc/net/tcp", "/proc/net/tcp6"] {
        let Ok(text) = std::fs::read_to_string(table) else {
            continue;
        };
        readable = true;
        for line in text.lines().skip(1) {
            // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
            let f: Vec<&str> = line.split_whitespace().collect();
            if f.len() < 10 || f[3] != "0A" {
                continue; // not LISTEN
            }
            let local_port = f[1]
                .rsplit(':')
                .next()
                .and_then(|p| u16::from_str_radix(p, 16).ok());
            if local_port == Some(port) {
                inodes.push(format!("socket:[{}]", f[9]));
            }
        }
    }
    if !readable {
        return None;
    }
    if inodes.is_empty() {
        return Some(false);
    }
    let fds = std::fs::read_dir(format!("/proc/{pid}/fd")).ok()?;
    Some(fds.flatten().any(|fd| {
        std::fs::read_link(fd.path())
            .map(|target| inodes.iter().any(|i| target.as_os_str() == i.as_str()))
            .unwrap_or(false)
    }))
}

impl Tansu {
    /// Starts a broker with in-memory storage on a free port and waits until it accepts
    /// connections.
    pub fn start() -> Tansu {
        Tansu::start_with(&[])
    }

    /// [`Tansu::start`] with extra broker arguments (e.g. `--authentication`).
    pub fn start_with(extra: &[&str]) -> Tansu {
        let bin = tansu_binary();
        for _ in 0..5 {
            let port = free_port();
            let url = format!("tcp://127.0.0.1:{port}");
            let mut child = Command::new(&bin)
                .args([
                    "broker",
                    "--listener-url",
                    &url,
                    "--advertised-listener-url",
                    &url,
                ])
                .args(["--storage-engine", "memory://tansu/"])
                .args(extra)
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("cannot start tansu");
            // The port was free when picked but released before tansu binds it, so another
            // test's broker may take it first: a connection alone does not prove it is ours.
            // Ours must still be running and own the listening socket; otherwise retry on a
            // new port.
            let pid = child.id();
            let ready = wait_until(Duration::from_secs(20), || {
                if let Ok(Some(_)) = child.try_wait() {
                    return Some(false); // exited: port taken, retry with another
                }
                TcpStream::connect(("127.0.0.1", port)).ok()?;
                match listener_owner_is(pid, port) {
                    Some(false) => return Some(false), // someone else's listener
                    Some(true) => {}
                    // No /proc: settle for our child still running a moment later.
                    None => std::thread::sleep(Duration::from_millis(200)),
                }
                Some(matches!(child.try_wait(), Ok(None)))
            });
            match ready {
                Some(true) => {
                    return Tansu {
                        child: Some(child),
                        port,
                    }
                }
                _ => {
                    let _ = child.kill();
                    let _ = child.wait();
                }
            }
        }
        panic!("tansu did not start");
    }

    /// The broker's process id (`None` once it was killed).
    pub fn pid(&self) -> Option<u32> {
        self.child.as_ref().map(|c| c.id())
    }

    /// `bootstrap.servers` for clients.
    pub fn bootstrap(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    /// Creates a topic with `partitions` partitions.
    pub fn create_topic(&self, name: &str, partitions: u32) {
        let status = Command::new(tansu_binary())
            .args(["topic", "create", "--broker"])
            .arg(format!("tcp://127.0.0.1:{}", self.port))
            .args(["--partitions", &partitions.to_string(), name])
            .stdout(Stdio::null())
            .status()
            .expect("cannot run tansu topic create");
        assert!(status.success(), "tansu topic create {name} failed");
    }

    /// Freezes the broker process (SIGSTOP): it keeps its sockets and data but answers
    /// nothing, like a broker that hangs or drops off the network, until [`Tansu::thaw`].
    pub fn freeze(&self) {
        self.signal("-STOP");
    }

    /// Resumes a broker frozen by [`Tansu::freeze`] (SIGCONT).
    pub fn thaw(&self) {
        self.signal("-CONT");
    }

    fn signal(&self, sig: &str) {
        let pid = self.child.as_ref().expect("broker running").id();
        let status = Command::new("kill")
            .args([sig, &pid.to_string()])
            .status()
            .expect("cannot run kill");
        assert!(status.success(), "kill {sig} {pid} failed");
    }

    /// Kills the broker (its in-memory data is lost).
    pub fn kill(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

impl Drop for Tansu {
    fn drop(&mut self) {
        self.kill();
    }
}

/// Polls `f` until it returns `Some`, or `timeout` passes (then `None`). Checks often, so it
/// returns as soon as the awaited event has happened.
pub fn wait_until<T>(timeout: Duration, mut f: impl FnMut() -> Option<T>) -> Option<T> {
    let deadline = Instant::now() + timeout;
    loop {
        if let Some(v) = f() {
            return Some(v);
        }
        if Instant::now() >= deadline {
            return None;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Async variant of [`wait_until`] for use inside tokio tests.
pub async fn wait_until_async<T>(timeout: Duration, mut f: impl FnMut() -> Option<T>) -> Option<T> {
    let deadline = Instant::now() + timeout;
    loop {
        if let Some(v) = f() {
            return Some(v);
        }
        if Instant::now() >= deadline {
            return None;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// A random name with `prefix`, unique per test run.
pub fn rand_name(prefix: &str) -> String {
    let n: u64 = rand::rng().random();
    format!("{prefix}-{n:016x}")
}

/// Topic names of one test.
#[derive(Debug, Clone)]
pub struct Topics {
    /// Input topic.
    pub input: String,
    /// Output topic.
    pub output: String,
    /// Dead-letter topic.
    pub dead_letter: String,
    /// Consumer group of the pipeline.
    pub group: String,
}

impl Topics {
    /// Random names; creates the topics on `broker` with `partitions` partitions each.
    pub fn create(broker: &Tansu, partitions: u32) -> Topics {
        let t = Topics {
            input: rand_name("in"),
            output: rand_name("out"),
            dead_letter: rand_name("dlq"),
            group: rand_name("group"),
        };
        for name in [&t.input, &t.output, &t.dead_letter] {
            broker.create_topic(name, partitions);
        }
        t
    }
}

/// A pipeline configuration for the tests: the daemon's test configuration ([`daemon_toml`]),
/// short session timeout included (see tansu's join delay).
pub fn config(bootstrap: &str, topics: &Topics, extra: &str) -> Config {
    Config::from_toml_str(&daemon_toml(bootstrap, topics, extra)).expect("test config")
}

/// A pipeline running on the test's tokio runtime, stopped by [`Running::stop`].
pub struct Running {
    /// Its metrics.
    pub metrics: Metrics,
    /// Its health flags.
    pub health: Arc<Health>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<Result<(), newstag::pipeline::PipelineError>>>,
}

impl Running {
    /// Starts `pipeline::run_with_mode` for `config`.
    pub fn start(config: Config, mode: newstag::pipeline::Mode) -> Running {
        Running::start_context(context(config), mode)
    }

    /// [`Running::start`] with a prepared context (e.g. with a test probe).
    pub fn start_context(ctx: PipelineContext, mode: newstag::pipeline::Mode) -> Running {
        init_logging();
        let metrics = ctx.metrics.clone();
        let health = ctx.health.clone();
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let task = tokio::spawn(newstag::pipeline::run_with_mode(ctx, mode, async {
            let _ = rx.await;
        }));
        Running {
            metrics,
            health,
            stop: Some(tx),
            task: Some(task),
        }
    }

    /// Requests shutdown and returns the pipeline's result.
    pub async fn stop(mut self) -> Result<(), newstag::pipeline::PipelineError> {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
        self.join().await
    }

    /// Waits for the pipeline to end on its own (a fatal error).
    pub async fn join(&mut self) -> Result<(), newstag::pipeline::PipelineError> {
        match self.task.take() {
            Some(t) => t.await.expect("pipeline task panicked"),
            None => Ok(()),
        }
    }

    /// Whether the pipeline task has ended.
    pub fn is_finished(&self) -> bool {
        self.task.as_ref().is_none_or(|t| t.is_finished())
    }

    /// Waits until the pipeline has acknowledged `n` records (output plus dead letters).
    pub async fn wait_acked(&self, n: u64) -> bool {
        let m = self.metrics.clone();
        wait_until_async(TIMEOUT, move || (acked(&m) >= n).then_some(()))
            .await
            .is_some()
    }
}

/// Records acknowledged by the broker so far (output plus dead letters).
pub fn acked(m: &Metrics) -> u64 {
    let dl: u64 = newstag::metrics::DEAD_LETTER_REASONS
        .iter()
        .map(|r| m.dead_letters.with_label_values(&[r]).get())
        .sum();
    m.records_produced.get() + dl
}

/// The `id` field of every message, as strings.
pub fn ids(msgs: &[OwnedMessage]) -> Vec<String> {
    msgs.iter()
        .map(|m| json(m)["id"].as_str().unwrap_or("").to_string())
        .collect()
}

/// A pipeline context with fresh metrics and health.
pub fn context(config: Config) -> PipelineContext {
    PipelineContext {
        config: Arc::new(config),
        tagger: Arc::new(ArcSwap::from_pointee(
            Tagger::builtin().expect("built-in rules"),
        )),
        metrics: Metrics::new().expect("metrics"),
        health: Health::new(),
        mode: newstag::pipeline::Mode::Enrich,
        probe: None,
    }
}

/// One record to produce.
#[derive(Debug, Clone)]
pub struct Rec {
    /// Key (None: key-less).
    pub key: Option<Vec<u8>>,
    /// Payload.
    pub payload: Vec<u8>,
    /// Headers.
    pub headers: Vec<(String, Vec<u8>)>,
    /// Partition (None: partitioner).
    pub partition: Option<i32>,
}

impl Rec {
    /// A keyed record with no headers, partitioned by key.
    pub fn new(key: &str, payload: impl Into<Vec<u8>>) -> Rec {
        Rec {
            key: Some(key.as_bytes().to_vec()),
            payload: payload.into(),
            headers: Vec::new(),
            partition: None,
        }
    }

    /// Sends it to `partition`.
    pub fn partition(mut self, p: i32) -> Rec {
        self.partition = Some(p);
        self
    }

    /// Adds a header.
    pub fn header(mut self, k: &str, v: &str) -> Rec {
        self.headers.push((k.to_string(), v.as_bytes().to_vec()));
        self
    }
}

/// Produces `records` to `topic` and waits until all are acknowledged.
pub fn produce(bootstrap: &str, topic: &str, records: &[Rec]) {
    let producer: ThreadedProducer<DefaultProducerContext> = ClientConfig::new()
        .set("bootstrap.servers", bootstrap)
        .set("enable.idempotence", "true")
        .set("linger.ms", "5")
        .create()
        .expect("test producer");
    for r in records {
        let mut headers = OwnedHeaders::new();
        for (k, v) in &r.headers {
            headers = headers.insert(Header {
                key: k,
                value: Some(v),
            });
        }
        let mut rec = BaseRecord::<[u8], [u8]>::to(topic)
            .payload(&r.payload)
            .headers(headers);
        if let Some(k) = &r.key {
            rec = rec.key(k);
        }
        if let Some(p) = r.partition {
            rec = rec.partition(p);
        }
        let mut rec = rec;
        loop {
            match producer.send(rec) {
                Ok(()) => break,
                Err((_, r)) => {
                    rec = r;
                    producer.poll(Duration::from_millis(10));
                }
            }
        }
    }
    producer.flush(TIMEOUT).expect("test produce flush");
}

/// Reads `topic` from the beginning of all `partitions` (no group) until `n` messages were
/// read (or [`TIMEOUT`] passed), then for `quiet` longer to catch any message beyond `n`
/// (pass `Duration::ZERO` when extra messages do not matter). Returns what was read.
pub fn consume(
    bootstrap: &str,
    topic: &str,
    partitions: i32,
    n: usize,
    quiet: Duration,
) -> Vec<OwnedMessage> {
    consume_with(bootstrap, topic, partitions, n, quiet, "read_uncommitted")
}

/// [`consume`] with an explicit `isolation.level`.
pub fn consume_with(
    bootstrap: &str,
    topic: &str,
    partitions: i32,
    n: usize,
    quiet: Duration,
    isolation: &str,
) -> Vec<OwnedMessage> {
    let consumer: BaseConsumer = ClientConfig::new()
        .set("bootstrap.servers", bootstrap)
        .set("group.id", rand_name("reader"))
        .set("enable.auto.commit", "false")
        .set("enable.partition.eof", "false")
        .set("isolation.level", isolation)
        .create()
        .expect("test consumer");
    let mut tpl = TopicPartitionList::new();
    for p in 0..partitions {
        tpl.add_partition_offset(topic, p, Offset::Beginning)
            .expect("tpl");
    }
    consumer.assign(&tpl).expect("assign");
    let mut out = Vec::new();
    let mut deadline = Instant::now() + TIMEOUT;
    let mut reached = false;
    while Instant::now() < deadline {
        if !reached && out.len() >= n {
            reached = true;
            deadline = Instant::now() + quiet;
            continue;
        }
        if let Some(Ok(m)) = consumer.poll(Duration::from_millis(50)) {
            out.push(m.detach());
        }
    }
    out
}

/// Committed offsets of `group` for `topic` partitions `0..partitions` (-1: none).
pub fn committed(bootstrap: &str, group: &str, topic: &str, partitions: i32) -> Vec<i64> {
    let consumer: BaseConsumer = ClientConfig::new()
        .set("bootstrap.servers", bootstrap)
        .set("group.id", group)
        .create()
        .expect("offset consumer");
    let mut out = Vec::new();
    {
        let mut tpl = TopicPartitionList::new();
        for p in 0..partitions {
            tpl.add_partition(topic, p);
        }
        // The returned list must be dropped before the consumer (dropping a consumer while a
        // list from `committed_offsets` is alive hangs).
        let got = consumer
            .committed_offsets(tpl, Duration::from_secs(10))
            .expect("committed offsets");
        for p in 0..partitions {
            let off = got
                .find_partition(topic, p)
                .map(|e| match e.offset() {
                    Offset::Offset(o) => o,
                    _ => -1,
                })
                .unwrap_or(-1);
            out.push(off);
        }
    }
    out
}

/// Header value as a string.
pub fn header(m: &OwnedMessage, key: &str) -> Option<String> {
    m.headers().and_then(|h| {
        h.iter()
            .find(|x| x.key == key)
            .and_then(|x| x.value.map(|v| String::from_utf8_lossy(v).into_owned()))
    })
}

/// Key as a string.
pub fn key(m: &OwnedMessage) -> String {
    String::from_utf8_lossy(m.key().unwrap_or(b"")).into_owned()
}

/// Payload parsed as JSON.
pub fn json(m: &OwnedMessage) -> serde_json::Value {
    serde_json::from_slice(m.payload().unwrap_or(b"")).unwrap_or(serde_json::Value::Null)
}

/// A news item with id `id`, as JSON bytes.
pub fn news_item(id: &str, title: &str) -> Vec<u8> {
    serde_json::json!({
        "id": id,
        "title": title,
        "body": "The EU said on Monday it would impose new sanctions on Russian banks by 1 March.",
        "published_at": "2025-08-06T10:00:00Z",
    })
    .to_string()
    .into_bytes()
}

/// News items `PREFIX-i` for `i` in `range`, keyed `k{i}`, spread round-robin over
/// `partitions` input partitions.
pub fn news_items(prefix: &str, range: std::ops::Range<usize>, partitions: i32) -> Vec<Rec> {
    range
        .map(|i| {
            Rec::new(&format!("k{i}"), news_item(&format!("{prefix}-{i}"), "t"))
                .partition(i as i32 % partitions)
        })
        .collect()
}

/// Counts messages per key, in order, grouped by partition (to check order preservation).
pub fn by_partition(msgs: &[OwnedMessage]) -> BTreeMap<i32, Vec<OwnedMessage>> {
    let mut m: BTreeMap<i32, Vec<OwnedMessage>> = BTreeMap::new();
    for msg in msgs {
        m.entry(msg.partition()).or_default().push(msg.clone());
    }
    m
}

/// A `newstag run --config FILE` child process (the daemon binary), killed on drop.
pub struct Daemon {
    child: Option<Child>,
    _dir: tempfile::TempDir,
}

/// The daemon's configuration file for `topics` on `bootstrap`.
pub fn daemon_toml(bootstrap: &str, topics: &Topics, extra: &str) -> String {
    format!(
        r#"
{extra}
[kafka]
brokers = "{bootstrap}"
group_id = "{group}"
input_topic = "{input}"
output_topic = "{output}"
dead_letter_topic = "{dlq}"
[kafka.consumer_properties]
"session.timeout.ms" = "6000"
"heartbeat.interval.ms" = "500"
"auto.commit.interval.ms" = "500"
[http]
listen = "127.0.0.1:0"
[log]
format = "text"
level = "warn"
[shutdown]
drain_timeout_ms = 10000
"#,
        group = topics.group,
        input = topics.input,
        output = topics.output,
        dlq = topics.dead_letter,
    )
}

impl Daemon {
    /// Writes `toml` to a temporary file and starts the daemon binary on it.
    pub fn start(toml: &str) -> Daemon {
        Daemon::start_with_env(toml, &[])
    }

    /// [`Daemon::start`] with extra environment variables.
    pub fn start_with_env(toml: &str, env: &[(&str, &str)]) -> Daemon {
        Daemon::start_with(toml, env, &[])
    }

    /// [`Daemon::start`] with extra environment variables and extra `newstag run` arguments.
    pub fn start_with(toml: &str, env: &[(&str, &str)], args: &[&str]) -> Daemon {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("newstag.toml");
        std::fs::write(&path, toml).expect("write config");
        let child = Command::new(env!("CARGO_BIN_EXE_newstag"))
            .arg("run")
            .arg("--config")
            .arg(&path)
            .args(args)
            .envs(env.iter().copied())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("cannot start the newstag binary");
        Daemon {
            child: Some(child),
            _dir: dir,
        }
    }

    /// SIGKILL: no drain, no commit.
    pub fn kill9(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }

    /// SIGTERM, then waits for the exit (bounded by [`TIMEOUT`]); returns the exit status.
    pub fn terminate(&mut self) -> std::process::ExitStatus {
        let mut c = self.child.take().expect("daemon running");
        nix::sys::signal::kill(
            nix::unistd::Pid::from_raw(c.id() as i32),
            nix::sys::signal::Signal::SIGTERM,
        )
        .expect("SIGTERM");
        let status = wait_until(TIMEOUT, || c.try_wait().ok().flatten());
        match status {
            Some(s) => s,
            None => {
                let _ = c.kill();
                panic!("daemon did not exit within {TIMEOUT:?} of SIGTERM");
            }
        }
    }

    /// Freezes the process (SIGSTOP): it sends and commits nothing until [`Daemon::thaw`],
    /// so a test can look at the broker's state and then kill it in exactly that state.
    /// Returns once every thread of the process is stopped.
    pub fn freeze(&self) {
        self.signal(nix::sys::signal::Signal::SIGSTOP);
        let pid = self.child.as_ref().expect("daemon running").id();
        let stopped = wait_until(TIMEOUT, || {
            let tasks = std::fs::read_dir(format!("/proc/{pid}/task")).ok()?;
            let all = tasks.flatten().all(|t| {
                std::fs::read_to_string(t.path().join("stat"))
                    .ok()
                    // The state follows the parenthesised command name.
                    .and_then(|s| s.rsplit_once(") ").map(|(_, rest)| rest.starts_with('T')))
                    .unwrap_or(false)
            });
            all.then_some(())
        });
        assert!(stopped.is_some(), "the daemon did not stop on SIGSTOP");
    }

    /// Resumes a process frozen by [`Daemon::freeze`] (SIGCONT).
    pub fn thaw(&self) {
        self.signal(nix::sys::signal::Signal::SIGCONT);
    }

    fn signal(&self, signal: nix::sys::signal::Signal) {
        let c = self.child.as_ref().expect("daemon running");
        nix::sys::signal::kill(nix::unistd::Pid::from_raw(c.id() as i32), signal)
            .expect("signal the daemon");
    }

    /// Whether the process is still running.
    pub fn is_running(&mut self) -> bool {
        self.child
            .as_mut()
            .is_some_and(|c| matches!(c.try_wait(), Ok(None)))
    }
}

impl Drop for Daemon {
    fn drop(&mut self) {
        self.kill9();
    }
}

/// Reads `topic` from the beginning until every id in `expected` was seen (or [`TIMEOUT`]);
/// returns all messages read.
pub fn read_until_ids(
    bootstrap: &str,
    topic: &str,
    partitions: i32,
    expected: &std::collections::HashSet<String>,
) -> Vec<OwnedMessage> {
    let consumer: BaseConsumer = ClientConfig::new()
        .set("bootstrap.servers", bootstrap)
        .set("group.id", rand_name("reader"))
        .set("enable.auto.commit", "false")
        .create()
        .expect("test consumer");
    let mut tpl = TopicPartitionList::new();
    for p in 0..partitions {
        tpl.add_partition_offset(topic, p, Offset::Beginning)
            .expect("tpl");
    }
    consumer.assign(&tpl).expect("assign");
    let mut out = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let deadline = Instant::now() + TIMEOUT;
    while seen.len() < expected.len() && Instant::now() < deadline {
        if let Some(Ok(m)) = consumer.poll(Duration::from_millis(50)) {
            let m = m.detach();
            let id = json(&m)["id"].as_str().unwrap_or("").to_string();
            if expected.contains(&id) {
                seen.insert(id);
            }
            out.push(m);
        }
    }
    out
}
