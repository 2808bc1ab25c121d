//! The daemon binary (`newstag run --config FILE`) against tansu: SIGTERM drains and commits
//! so a restart repeats nothing; kill -9 mid-stream loses nothing.

mod common;

use std::collections::HashSet;
use std::time::Duration;

use common::*;

fn expected(prefix: &str, n: usize) -> HashSet<String> {
    (0..n).map(|i| format!("{prefix}-{i}")).collect()
}

fn total_committed(broker: &Tansu, topics: &Topics) -> i64 {
    committed(&broker.bootstrap(), &topics.group, &topics.input, 3)
        .iter()
        .map(|&o| o.max(0))
        .sum()
}

#[test]
fn sigterm_drains_and_commits_so_a_restart_repeats_nothing() {
    let broker = Tansu::start();
    let topics = Topics::create(&broker, 3);
    let n = 20_000;
    // Only the first half exists before the stop: the stop is mid-stream by construction.
    produce(
        &broker.bootstrap(),
        &topics.input,
        &news_items("t", 0..n / 2, 3),
    );
    let toml = daemon_toml(&broker.bootstrap(), &topics, "");

    let mut d = Daemon::start(&toml);
    let first = consume(&broker.bootstrap(), &topics.output, 3, 200, Duration::ZERO);
    assert!(first.len() >= 200, "daemon is producing");
    let status = d.terminate();
    assert!(
        status.success(),
        "SIGTERM exits 0 after the drain: {status:?}"
    );
    let after_first = total_committed(&broker, &topics);
    assert!(after_first >= 200, "drain committed what was produced");
    produce(
        &broker.bootstrap(),
        &topics.input,
        &news_items("t", n / 2..n, 3),
    );

    let mut d = Daemon::start(&toml);
    let out = read_until_ids(&broker.bootstrap(), &topics.output, 3, &expected("t", n));
    let status = d.terminate();
    assert!(status.success(), "{status:?}");
    let distinct: HashSet<String> = ids(&out).into_iter().collect();
    assert_eq!(distinct.len(), n, "every item came out");
    let all = consume(
        &broker.bootstrap(),
        &topics.output,
        3,
        n,
        Duration::from_secs(2),
    );
    assert_eq!(all.len(), n, "the restart repeated nothing");
    assert_eq!(total_committed(&broker, &topics), n as i64);
}

#[test]
fn kill_9_mid_stream_then_restart_loses_nothing() {
    let broker = Tansu::start();
    let topics = Topics::create(&broker, 3);
    let n = 20_000;
    // Only the first half exists before the kill: the kill is mid-stream by construction.
    produce(
        &broker.bootstrap(),
        &topics.input,
        &news_items("k", 0..n / 2, 3),
    );
    let toml = daemon_toml(&broker.bootstrap(), &topics, "");

    let mut d = Daemon::start(&toml);
    let first = consume(&broker.bootstrap(), &topics.output, 3, 500, Duration::ZERO);
    assert!(first.len() >= 500, "daemon is producing");
    d.kill9();
    produce(
        &broker.bootstrap(),
        &topics.input,
        &news_items("k", n / 2..n, 3),
    );

    let mut d = Daemon::start(&toml);
    let out = read_until_ids(&broker.bootstrap(), &topics.output, 3, &expected("k", n));
    let distinct: HashSet<String> = ids(&out).into_iter().collect();
    assert_eq!(
        distinct.len(),
        n,
        "every input id is in the output at least once"
    );
    assert!(d.terminate().success());
    assert_eq!(total_committed(&broker, &topics), n as i64);
}

#[test]
fn passthrough_is_a_hidden_flag_and_no_environment_variable_disables_enrichment() {
    let help = std::process::Command::new(env!("CARGO_BIN_EXE_newstag"))
        .args(["run", "--help"])
        .output()
        .expect("newstag run --help");
    assert!(help.status.success());
    assert!(
        !String::from_utf8_lossy(&help.stdout).contains("passthrough"),
        "--passthrough is hidden"
    );

    let broker = Tansu::start();
    let topics = Topics::create(&broker, 3);
    produce(
        &broker.bootstrap(),
        &topics.input,
        &news_items("e", 0..6, 3),
    );
    let toml = daemon_toml(&broker.bootstrap(), &topics, "");
    // The former benchmark switch has no effect any more: records are enriched.
    let mut d = Daemon::start_with_env(&toml, &[("NEWSTAG_BENCH_PASSTHROUGH", "1")]);
    let out = consume(&broker.bootstrap(), &topics.output, 3, 6, Duration::ZERO);
    assert_eq!(out.len(), 6);
    assert!(out.iter().all(|m| json(m)["enrichment"].is_object()));
    assert!(d.terminate().success());

    // The explicit flag selects the baseline: the input comes out unchanged.
    produce(
        &broker.bootstrap(),
        &topics.input,
        &news_items("p", 0..6, 3),
    );
    let mut d = Daemon::start_with(&toml, &[], &["--passthrough"]);
    let out = consume(&broker.bootstrap(), &topics.output, 3, 12, Duration::ZERO);
    assert_eq!(out.len(), 12);
    let raw: Vec<_> = out
        .iter()
        .filter(|m| json(m)["id"].as_str().unwrap_or("").starts_with("p-"))
        .collect();
    assert_eq!(raw.len(), 6);
    assert!(raw.iter().all(|m| json(m).get("enrichment").is_none()));
    assert!(d.terminate().success());
}
