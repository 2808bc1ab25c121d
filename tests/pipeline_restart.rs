//! Shutdown drains and commits: a restart re-delivers nothing that was already produced.

mod common;

use std::collections::HashMap;
use std::time::Duration;

use common::*;
use newstag::pipeline::Mode;

fn count_ids(msgs: &[rdkafka::message::OwnedMessage]) -> HashMap<String, usize> {
    let mut m = HashMap::new();
    for id in ids(msgs) {
        *m.entry(id).or_insert(0) += 1;
    }
    m
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn restart_after_shutdown_redelivers_nothing() {
    let broker = Tansu::start();
    let topics = Topics::create(&broker, 3);
    let first = news_items("a", 0..90, 3);
    produce(&broker.bootstrap(), &topics.input, &first);
    let p = Running::start(config(&broker.bootstrap(), &topics, ""), Mode::Enrich);
    assert!(p.wait_acked(90).await);
    p.stop().await.expect("clean shutdown");
    assert_eq!(
        committed(&broker.bootstrap(), &topics.group, &topics.input, 3),
        vec![30, 30, 30]
    );

    let second = news_items("b", 0..60, 3);
    produce(&broker.bootstrap(), &topics.input, &second);
    let p = Running::start(config(&broker.bootstrap(), &topics, ""), Mode::Enrich);
    assert!(p.wait_acked(60).await);
    let metrics = p.metrics.clone();
    p.stop().await.expect("clean shutdown");
    assert_eq!(
        metrics.messages_consumed.get(),
        60,
        "the restart consumed only the new items"
    );
    assert_eq!(
        committed(&broker.bootstrap(), &topics.group, &topics.input, 3),
        vec![50, 50, 50]
    );
    let out = consume(
        &broker.bootstrap(),
        &topics.output,
        3,
        150,
        Duration::from_secs(2),
    );
    assert_eq!(out.len(), 150, "no duplicates in the output");
    let counts = count_ids(&out);
    assert_eq!(counts.len(), 150);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_mid_stream_drains_in_flight_work_and_commits_it() {
    let broker = Tansu::start();
    let topics = Topics::create(&broker, 3);
    let n = 10_000;
    let all = news_items("m", 0..n, 3);
    // Only the first half exists before the stop: the stop is mid-stream by construction.
    produce(&broker.bootstrap(), &topics.input, &all[..n / 2]);
    // A small in-flight window so that shutdown finds work in flight.
    let extra = "[limits]\nmax_in_flight_messages = 50";
    let p = Running::start(config(&broker.bootstrap(), &topics, extra), Mode::Enrich);
    assert!(p.wait_acked(100).await);
    let metrics = p.metrics.clone();
    p.stop().await.expect("clean shutdown");
    let done = acked(&metrics);
    assert_eq!(
        metrics.in_flight_messages.get(),
        0,
        "nothing left in flight after the drain"
    );
    let committed_first: i64 = committed(&broker.bootstrap(), &topics.group, &topics.input, 3)
        .iter()
        .map(|&o| o.max(0))
        .sum();
    assert_eq!(
        committed_first as u64, done,
        "exactly what was acknowledged is committed"
    );
    produce(&broker.bootstrap(), &topics.input, &all[n / 2..]);

    let p = Running::start(config(&broker.bootstrap(), &topics, extra), Mode::Enrich);
    assert!(p.wait_acked(n as u64 - done).await);
    let metrics2 = p.metrics.clone();
    p.stop().await.expect("clean shutdown");
    assert_eq!(metrics2.messages_consumed.get(), n as u64 - done);
    let out = consume(
        &broker.bootstrap(),
        &topics.output,
        3,
        n,
        Duration::from_secs(2),
    );
    let counts = count_ids(&out);
    assert_eq!(counts.len(), n, "every item came out");
    assert_eq!(out.len(), n, "and none twice");
}
