//! Exactly-once mode across a crash: the daemon binary is killed with SIGKILL mid-stream while
//! its open transaction holds output, then restarted. The restarted producer (same
//! `transactional.id`, so the same producer id with a bumped epoch) fences the zombie and its
//! open transaction is aborted, so a `read_committed` reader sees every input exactly once.
//!
//! tansu answers `Fetch` with an empty aborted-transactions index, so librdkafka's
//! `read_committed` consumer also shows aborted records there; the committed view is computed
//! from the transaction markers in the log instead ([`common::txn_log`]), and the librdkafka
//! reader is checked to show nothing beyond that view and the aborted records.
//!
//! Also: two exactly-once daemons of one group on one host take distinct transactional ids
//! (per-host slots) and do not fence each other.

mod common;

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::time::{Duration, Instant};

use common::txn_log::{record_id, TxnView};
use common::*;
use rdkafka::config::ClientConfig;
use rdkafka::consumer::{BaseConsumer, Consumer};

const PARTITIONS: i32 = 3;

fn committed_now(broker: &Tansu, topics: &Topics) -> Vec<i64> {
    committed(
        &broker.bootstrap(),
        &topics.group,
        &topics.input,
        PARTITIONS,
    )
}

fn total(offsets: &[i64]) -> i64 {
    offsets.iter().map(|&o| o.max(0)).sum()
}

/// How often each id occurs.
fn counts<'a>(ids: impl IntoIterator<Item = &'a String>) -> BTreeMap<String, usize> {
    let mut m = BTreeMap::new();
    for id in ids {
        *m.entry(id.clone()).or_default() += 1;
    }
    m
}

/// The input partition and offset of item `x-i` ([`news_items`] spreads them round-robin,
/// produced in order).
fn input_of(id: &str) -> (i32, i64) {
    let i: i64 = id
        .strip_prefix("x-")
        .and_then(|i| i.parse().ok())
        .unwrap_or_else(|| panic!("unexpected id {id:?}"));
    ((i % PARTITIONS as i64) as i32, i / PARTITIONS as i64)
}

#[test]
fn exactly_once_kill_9_mid_stream_then_restart_commits_each_input_once() {
    let started = Instant::now();
    let broker = Tansu::start();
    let topics = Topics::create(&broker, PARTITIONS as u32);
    let bootstrap = broker.bootstrap();
    let (first, n) = (9_000, 12_000);
    let toml = daemon_toml(&bootstrap, &topics, "delivery = \"exactly-once\"");

    // Only the first part of the input exists before the kill: the kill is mid-stream by
    // construction (the second part is consumed only by the restarted daemon).
    produce(
        &bootstrap,
        &topics.input,
        &news_items("x", 0..first, PARTITIONS),
    );
    let mut d = Daemon::start(&toml);
    wait_until(TIMEOUT, || {
        (total(&committed_now(&broker, &topics)) > 0).then_some(())
    })
    .expect("the first daemon committed a transaction");
    // Freeze the daemon until its open transaction holds output in the log, then kill it in
    // that state: the kill leaves an open transaction with records by construction. Between
    // two looks the daemon runs until it has written to the output log again.
    let watermarks: BaseConsumer = ClientConfig::new()
        .set("bootstrap.servers", &bootstrap)
        .set("isolation.level", "read_uncommitted")
        .create()
        .expect("watermark client");
    let log_end = || -> i64 {
        (0..PARTITIONS)
            .map(|p| {
                watermarks
                    .fetch_watermarks(&topics.output, p, Duration::from_secs(10))
                    .expect("output watermarks")
                    .1
            })
            .sum()
    };
    let mut rounds = 0;
    loop {
        d.freeze();
        if !TxnView::read(&bootstrap, &topics.output, PARTITIONS)
            .open
            .is_empty()
        {
            break;
        }
        rounds += 1;
        assert!(rounds < 200, "never caught an open transaction with output");
        let end = log_end();
        d.thaw();
        wait_until(TIMEOUT, || (log_end() > end).then_some(()))
            .expect("the first daemon writes output");
    }
    d.kill9();

    let zombie_committed = committed_now(&broker, &topics);
    let c = total(&zombie_committed);
    assert!(
        c < first as i64,
        "killed before the first part was done ({c} of {first} committed)"
    );
    let zombie = TxnView::read(&bootstrap, &topics.output, PARTITIONS);
    assert!(
        zombie.aborted.is_empty(),
        "the first daemon aborted nothing"
    );
    assert!(!zombie.open.is_empty(), "the kill left output uncommitted");
    // Output and input offsets were committed together: the committed output is exactly the
    // input below the committed offsets.
    let below = |id: &String| {
        let (p, o) = input_of(id);
        o < zombie_committed[p as usize]
    };
    let zombie_ids: Vec<String> = zombie.committed.iter().map(record_id).collect();
    assert!(
        zombie_ids.iter().all(below),
        "committed output without its input offset"
    );
    assert_eq!(
        zombie_ids.len() as i64,
        c,
        "committed input without its output"
    );
    let open_ids: Vec<String> = zombie.open.iter().map(record_id).collect();
    assert!(
        !open_ids.iter().any(below),
        "uncommitted output of committed input"
    );
    let producers: BTreeSet<(i64, i16)> = zombie
        .open
        .iter()
        .chain(&zombie.committed)
        .map(|r| (r.producer_id, r.producer_epoch))
        .collect();
    assert_eq!(
        producers.len(),
        1,
        "one transactional producer: {producers:?}"
    );
    let (zombie_pid, zombie_epoch) = *producers.first().expect("producer");

    produce(
        &bootstrap,
        &topics.input,
        &news_items("x", first..n, PARTITIONS),
    );
    let restarted = Instant::now();
    let mut d = Daemon::start(&toml);
    let done = wait_until(TIMEOUT, || {
        (total(&committed_now(&broker, &topics)) == n as i64).then_some(())
    });
    assert!(done.is_some(), "the restarted daemon committed every input");
    let recovery = restarted.elapsed();

    let view = TxnView::read(&bootstrap, &topics.output, PARTITIONS);
    // The restart fenced the zombie: its open transaction ended with an abort marker, and the
    // new producer is the same transactional.id (same producer id, later epoch).
    assert!(
        view.markers
            .iter()
            .any(|m| m.producer_id == zombie_pid && !m.commit),
        "the zombie's open transaction was aborted: {:?}",
        view.markers
    );
    let mut aborted_ids: Vec<String> = view.aborted.iter().map(record_id).collect();
    let mut zombie_open = open_ids.clone();
    aborted_ids.sort();
    zombie_open.sort();
    assert_eq!(
        aborted_ids, zombie_open,
        "exactly the zombie's open records were aborted"
    );
    assert!(view.open.is_empty(), "no transaction left open");
    let after: Vec<_> = view
        .committed
        .iter()
        .filter(|r| r.producer_epoch != zombie_epoch || r.producer_id != zombie_pid)
        .collect();
    assert!(
        after
            .iter()
            .all(|r| r.producer_id == zombie_pid && r.producer_epoch > zombie_epoch),
        "the restarted daemon reused the transactional.id (producer {zombie_pid}, epoch > \
         {zombie_epoch})"
    );

    // What a read_committed reader must see: every input exactly once.
    let committed_ids: Vec<String> = view.committed.iter().map(record_id).collect();
    let got = counts(&committed_ids);
    let expected: HashSet<String> = (0..n).map(|i| format!("x-{i}")).collect();
    let missing: Vec<&String> = expected
        .iter()
        .filter(|id| !got.contains_key(*id))
        .collect();
    let repeated: Vec<(&String, &usize)> = got.iter().filter(|(_, &k)| k > 1).collect();
    assert!(
        missing.is_empty(),
        "{} inputs missing from the committed output, e.g. {:?}",
        missing.len(),
        &missing[..missing.len().min(5)]
    );
    assert!(
        repeated.is_empty(),
        "{} inputs more than once in the committed output, e.g. {:?}",
        repeated.len(),
        &repeated[..repeated.len().min(5)]
    );
    assert_eq!(committed_ids.len(), n, "each input exactly once");

    // librdkafka's read_committed consumer: every input, and nothing beyond the aborted
    // records (which a broker with an aborted-transactions index, unlike tansu, hides too).
    let rc = consume_with(
        &bootstrap,
        &topics.output,
        PARTITIONS,
        n,
        Duration::from_secs(1),
        "read_committed",
    );
    let mut rc_counts = counts(&ids(&rc));
    for id in &aborted_ids {
        let want = got.get(id).copied().unwrap_or(0);
        if let Some(k) = rc_counts.get_mut(id).filter(|k| **k > want) {
            *k -= 1;
        }
    }
    assert_eq!(
        rc_counts, got,
        "read_committed: the committed output (plus at most the aborted records)"
    );
    // A read_uncommitted reader sees the aborted records as well.
    let all = consume(
        &bootstrap,
        &topics.output,
        PARTITIONS,
        n + aborted_ids.len(),
        Duration::from_secs(1),
    );
    assert_eq!(all.len(), n + aborted_ids.len(), "read_uncommitted");

    assert!(d.terminate().success(), "clean shutdown after the restart");
    eprintln!(
        "zombie committed {c} inputs and left {} records in its open transaction ({rounds} \
         freeze rounds); restart to all committed {recovery:?}; test {:?}",
        zombie_open.len(),
        started.elapsed()
    );
}

#[test]
fn two_exactly_once_daemons_on_one_host_in_one_group_do_not_fence_each_other() {
    let broker = Tansu::start();
    let parts = 4;
    let topics = Topics::create(&broker, parts as u32);
    let bootstrap = broker.bootstrap();
    let toml = daemon_toml(&bootstrap, &topics, "delivery = \"exactly-once\"");
    // Same configuration, same host: when both took the transactional.id `<group>-<host>-0`,
    // the second one's init_transactions fenced the first, which then exited.
    let mut a = Daemon::start(&toml);
    let mut b = Daemon::start(&toml);
    // Waves of input until both have committed output (the second member's join and the
    // rebalance take a while); each wave waits for its commit, not for a time.
    let wave = 200;
    let mut sent = 0;
    let view = loop {
        produce(
            &bootstrap,
            &topics.input,
            &news_items("x", sent..sent + wave, parts),
        );
        sent += wave;
        let done = wait_until(TIMEOUT, || {
            let c = committed(&bootstrap, &topics.group, &topics.input, parts);
            (total(&c) == sent as i64).then_some(())
        });
        assert!(done.is_some(), "every input committed ({sent})");
        assert!(a.is_running(), "the first daemon is running (not fenced)");
        assert!(b.is_running(), "the second daemon is running (not fenced)");
        let view = TxnView::read(&bootstrap, &topics.output, parts);
        let producers: BTreeSet<i64> = view.committed.iter().map(|r| r.producer_id).collect();
        if producers.len() == 2 {
            break view;
        }
        assert!(
            sent < 20 * wave,
            "two transactional producers never both committed output ({producers:?})"
        );
    };
    assert!(view.aborted.is_empty(), "no transaction aborted");
    let ids: Vec<String> = view.committed.iter().map(record_id).collect();
    assert_eq!(counts(&ids).len(), sent, "every input");
    assert_eq!(ids.len(), sent, "each input exactly once");
    assert!(a.terminate().success());
    assert!(b.terminate().success());
}
