//! End-to-end throughput of the release daemon against tansu, enrich vs. passthrough.
//!
//! Run with `scripts/bench-e2e.sh` (or `cargo bench --bench pipeline_e2e`). Starts a tansu
//! broker, preloads `NEWSTAG_BENCH_ITEMS` (default 100000) news items — a mix of headlines,
//! ordinary items and long articles built from `samples/news.jsonl`, or with
//! `NEWSTAG_BENCH_MIX=feed` four in five replaced by ordinary news from
//! `tests/corpus/offtopic.jsonl` — then runs the daemon
//! binary (`newstag run --config FILE`, built with the bench profile, i.e. release) once in
//! each mode, as a subprocess with its own consumer group and output topic:
//!
//! * `passthrough`: consume, produce the input unchanged (`newstag run --passthrough`), same
//!   client settings, headers and offset handling;
//! * `enrich`: the product (parse, tag, splice).
//!
//! Each run is timed from the first consumed message to the moment all items are
//! acknowledged (scraped from `/metrics` every 10 ms), so the consumer-group join is not
//! counted. Reports items/s, MB/s (input payload bytes), the enrich/passthrough ratio, and
//! the daemon's peak RSS (`VmHWM` from `/proc/<pid>/status`).

#[path = "../tests/common/mod.rs"]
mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{produce, rand_name, Rec, Tansu, Topics};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

const PARTITIONS: u32 = 3;

/// Which items the bench preloads (`NEWSTAG_BENCH_MIX`).
#[derive(Clone, Copy, PartialEq)]
enum Mix {
    /// Every item is about sanctions, tariffs or deadlines: the tagger's worst case.
    Dense,
    /// A news feed: one item in five on-topic (drawn as in `Dense`), four ordinary news
    /// items from `tests/corpus/offtopic.jsonl` (headlines and 400-900-word articles).
    Feed,
}

/// Builds the item mix. On-topic items: 50% headlines (title only), 35% sample items as
/// shipped, 15% long articles (the longest sample body, repeated to 6-12 KB). `Mix::Feed`
/// replaces four draws in five with an off-topic item taken as written.
fn items(n: usize, mix: Mix) -> (Vec<Rec>, usize) {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/samples/news.jsonl"))
        .expect("samples/news.jsonl");
    // The samples include deliberately bad lines (for embedded mode's dead-letter demo):
    // the bench uses only the good items.
    let samples: Vec<serde_json::Value> = text
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|v| v["title"].is_string())
        .collect();
    assert!(!samples.is_empty(), "no usable items in samples/news.jsonl");
    let longest = samples
        .iter()
        .filter_map(|s| s["body"].as_str())
        .max_by_key(|b| b.len())
        .unwrap_or("")
        .to_string();
    let offtopic: Vec<serde_json::Value> = if mix == Mix::Feed {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/corpus/offtopic.jsonl"
        ))
        .expect("tests/corpus/offtopic.jsonl");
        text.lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .map(|mut v| {
                if let Some(o) = v.as_object_mut() {
                    o.remove("gold");
                    o.remove("meta");
                }
                v
            })
            .collect()
    } else {
        Vec::new()
    };
    let mut rng = StdRng::seed_from_u64(7);
    let mut bytes = 0;
    let recs = (0..n)
        .map(|i| {
            let s = &samples[rng.random_range(0..samples.len())];
            let id = format!("bench-{i}");
            let roll: f64 = rng.random();
            let v = if !offtopic.is_empty() && rng.random::<f64>() < 0.8 {
                let mut v = offtopic[rng.random_range(0..offtopic.len())].clone();
                v["id"] = serde_json::Value::String(id);
                v
            } else if roll < 0.5 {
                serde_json::json!({
                    "id": id,
                    "published_at": s["published_at"],
                    "source": s["source"],
                    "title": s["title"],
                })
            } else if roll < 0.85 {
                let mut v = s.clone();
                v["id"] = serde_json::Value::String(id);
                v
            } else {
                let target = rng.random_range(6_000..12_000);
                let mut body = String::with_capacity(target + longest.len());
                while body.len() < target {
                    body.push_str(&longest);
                    body.push_str("\n\n");
                }
                let mut v = s.clone();
                v["id"] = serde_json::Value::String(id);
                v["body"] = serde_json::Value::String(body);
                v
            };
            let payload = v.to_string().into_bytes();
            bytes += payload.len();
            Rec::new(&format!("key-{}", i % 1000), payload)
        })
        .collect();
    (recs, bytes)
}

/// Reads a counter or summed labelled series from the daemon's `/metrics`.
fn scrape(port: u16) -> Option<(u64, u64)> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(2))).ok()?;
    s.write_all(b"GET /metrics HTTP/1.0\r\nHost: localhost\r\n\r\n")
        .ok()?;
    let mut body = String::new();
    s.read_to_string(&mut body).ok()?;
    let (mut consumed, mut acked) = (0u64, 0u64);
    for line in body.lines() {
        let mut parts = line.rsplitn(2, ' ');
        let value = parts.next().and_then(|v| v.parse::<f64>().ok());
        let name = parts.next().unwrap_or("");
        let Some(value) = value else { continue };
        if name == "newstag_messages_consumed_total" {
            consumed = value as u64;
        } else if name == "newstag_records_produced_total"
            || name.starts_with("newstag_dead_letters_total{")
        {
            acked += value as u64;
        }
    }
    Some((consumed, acked))
}

fn vm_hwm_kb(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("free port")
}

struct RunResult {
    seconds: f64,
    hwm_kb: u64,
    /// CPU seconds (user + system) the daemon used during the timed span.
    daemon_cpu: f64,
    /// CPU seconds the broker used during the timed span.
    broker_cpu: f64,
}

/// User plus system CPU seconds process `pid` has used so far, from `/proc/<pid>/stat`
/// (fields 14 and 15, in clock ticks; Linux reports them at USER_HZ = 100).
fn cpu_seconds(pid: Option<u32>) -> f64 {
    let Some(stat) = pid.and_then(|p| std::fs::read_to_string(format!("/proc/{p}/stat")).ok())
    else {
        return 0.0;
    };
    // The command name (field 2) may contain spaces: count fields after its closing ')'.
    let after = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let ticks: Vec<u64> = after
        .split_whitespace()
        .skip(11)
        .take(2)
        .filter_map(|v| v.parse().ok())
        .collect();
    ticks.iter().sum::<u64>() as f64 / 100.0
}

fn run_mode(broker: &Tansu, input: &str, n: usize, passthrough: bool) -> RunResult {
    let topics = Topics {
        input: input.to_string(),
        output: rand_name("bench-out"),
        dead_letter: rand_name("bench-dlq"),
        group: rand_name("bench-group"),
    };
    broker.create_topic(&topics.output, PARTITIONS);
    broker.create_topic(&topics.dead_letter, PARTITIONS);
    let port = free_port();
    let toml = common::daemon_toml(&broker.bootstrap(), &topics, "").replace(
        "listen = \"127.0.0.1:0\"",
        &format!("listen = \"127.0.0.1:{port}\""),
    );
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("bench.toml");
    std::fs::write(&path, toml).expect("config");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_newstag"));
    cmd.arg("run")
        .arg("--config")
        .arg(&path)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::inherit());
    if passthrough {
        cmd.arg("--passthrough");
    }
    let mut child: Child = cmd.spawn().expect("start the daemon");
    let pid = child.id();
    let deadline = Instant::now() + Duration::from_secs(600);
    let mut first: Option<Instant> = None;
    let mut cpu_at_first = (0.0, 0.0);
    let done = loop {
        assert!(Instant::now() < deadline, "bench run did not finish");
        if let Ok(Some(status)) = child.try_wait() {
            panic!("daemon exited early: {status}");
        }
        if let Some((consumed, acked)) = scrape(port) {
            let now = Instant::now();
            if consumed > 0 && first.is_none() {
                first = Some(now);
                cpu_at_first = (cpu_seconds(Some(pid)), cpu_seconds(broker.pid()));
            }
            if acked >= n as u64 {
                break now;
            }
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let hwm_kb = vm_hwm_kb(pid).unwrap_or(0);
    let daemon_cpu = cpu_seconds(Some(pid)) - cpu_at_first.0;
    let broker_cpu = cpu_seconds(broker.pid()) - cpu_at_first.1;
    let _ = nix::sys::signal::kill(
        nix::unistd::Pid::from_raw(pid as i32),
        nix::sys::signal::Signal::SIGTERM,
    );
    let _ = child.wait();
    RunResult {
        seconds: (done - first.unwrap_or(done)).as_secs_f64().max(1e-3),
        hwm_kb,
        daemon_cpu,
        broker_cpu,
    }
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --all-targets` does not, and then this runs
    // as a smoke test: a few hundred items through both modes, every one acknowledged.
    let full = std::env::args().any(|a| a == "--bench");
    let n: usize = std::env::var("NEWSTAG_BENCH_ITEMS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(if full { 100_000 } else { 300 });
    let rounds: usize = std::env::var("NEWSTAG_BENCH_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1);
    let mix = match std::env::var("NEWSTAG_BENCH_MIX").as_deref() {
        Ok("feed") => Mix::Feed,
        Ok("dense") | Err(_) => Mix::Dense,
        Ok(other) => panic!("NEWSTAG_BENCH_MIX={other}: expected dense or feed"),
    };
    let broker = Tansu::start();
    let input = rand_name("bench-in");
    broker.create_topic(&input, PARTITIONS);
    let (recs, bytes) = items(n, mix);
    let mb = bytes as f64 / 1e6;
    eprintln!(
        "preloading {n} items, {mb:.1} MB (avg {} B) into {PARTITIONS} partitions ...",
        bytes / n.max(1)
    );
    let t = Instant::now();
    produce(&broker.bootstrap(), &input, &recs);
    drop(recs);
    eprintln!("preloaded in {:.1} s", t.elapsed().as_secs_f64());

    let mut best = [f64::MAX, f64::MAX];
    let mut hwm = [0u64, 0u64];
    for round in 0..rounds {
        for (i, passthrough) in [true, false].into_iter().enumerate() {
            let r = run_mode(&broker, &input, n, passthrough);
            let name = if passthrough { "passthrough" } else { "enrich" };
            println!(
                "round {round} {name:<11}: {:>8.0} items/s {:>7.1} MB/s  {:.2} s  peak RSS {:.1} MB  \
                 CPU daemon {:.2} s broker {:.2} s",
                n as f64 / r.seconds,
                mb / r.seconds,
                r.seconds,
                r.hwm_kb as f64 / 1024.0,
                r.daemon_cpu,
                r.broker_cpu
            );
            best[i] = best[i].min(r.seconds);
            hwm[i] = hwm[i].max(r.hwm_kb);
        }
    }
    let [pass, enrich] = best;
    println!();
    println!(
        "mix: {}, items: {n}, input bytes: {mb:.1} MB, partitions: {PARTITIONS}, rounds: {rounds} (best of)",
        if mix == Mix::Feed { "feed" } else { "dense" }
    );
    println!(
        "passthrough: {:.0} items/s, {:.1} MB/s, peak RSS {:.1} MB",
        n as f64 / pass,
        mb / pass,
        hwm[0] as f64 / 1024.0
    );
    println!(
        "enrich:      {:.0} items/s, {:.1} MB/s, peak RSS {:.1} MB",
        n as f64 / enrich,
        mb / enrich,
        hwm[1] as f64 / 1024.0
    );
    println!(
        "ratio enrich/passthrough: {:.2} (target >= 0.7)",
        pass / enrich
    );
}
