//! A real broker (tansu) that stops answering mid-stream and comes back: the pipeline waits,
//! stays alive, and every item comes out; offsets end at the end of the input.
//!
//! The broker is frozen with SIGSTOP rather than killed, because tansu's storage here is in
//! memory: a frozen broker keeps its data and its sockets but answers nothing, which is what
//! a hung broker or a network partition looks like to the client.

mod common;

use std::collections::HashSet;
use std::time::Duration;

use common::*;
use newstag::pipeline::Mode;

/// Items per input partition, before and after the outage.
const BEFORE: usize = 1800;
const AFTER: usize = 300;
const PARTITIONS: i32 = 3;

/// What came out of one outage run.
struct Outcome {
    /// Output records read back (duplicates included).
    records: usize,
    /// Input ids that never reached the output.
    missing: Vec<String>,
    /// Messages the pipeline consumed (re-deliveries included).
    consumed: u64,
}

/// Feeds items, freezes the broker for `outage` mid-stream, thaws it, feeds more, and waits
/// until every offset is committed.
async fn run_outage(outage: Duration) -> Outcome {
    let broker = Tansu::start();
    let topics = Topics::create(&broker, PARTITIONS as u32);
    let before = news_items("before", 0..BEFORE, PARTITIONS);
    produce(&broker.bootstrap(), &topics.input, &before);

    let p = Running::start(config(&broker.bootstrap(), &topics, ""), Mode::Enrich);
    assert!(p.wait_acked(100).await, "the pipeline started working");
    broker.freeze();
    // The fault itself, not a synchronisation: the broker is unreachable for this long.
    tokio::time::sleep(outage).await;
    assert!(
        !p.is_finished(),
        "an unreachable broker is waited for, not treated as fatal"
    );
    broker.thaw();

    let after = news_items("after", 0..AFTER, PARTITIONS);
    produce(&broker.bootstrap(), &topics.input, &after);
    let total = BEFORE + AFTER;
    assert!(p.wait_acked(total as u64).await, "all items acknowledged");
    let end = (total / PARTITIONS as usize) as i64;
    let done = wait_until_async(Duration::from_secs(60), || {
        let c = committed(
            &broker.bootstrap(),
            &topics.group,
            &topics.input,
            PARTITIONS,
        );
        c.iter().all(|&o| o == end).then_some(())
    })
    .await;
    assert!(done.is_some(), "offsets committed to the end of the input");
    let consumed = p.metrics.messages_consumed.get();
    p.stop().await.expect("clean shutdown");

    let out = consume(
        &broker.bootstrap(),
        &topics.output,
        PARTITIONS,
        total,
        Duration::from_secs(2),
    );
    let seen: HashSet<String> = ids(&out).into_iter().collect();
    let missing = (0..BEFORE)
        .map(|i| format!("before-{i}"))
        .chain((0..AFTER).map(|i| format!("after-{i}")))
        .filter(|id| !seen.contains(id))
        .collect();
    Outcome {
        records: out.len(),
        missing,
        consumed,
    }
}

/// A hiccup shorter than the consumer session timeout (6 s in the test configuration): the
/// group survives, so nothing is lost and nothing is repeated.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn short_broker_freeze_loses_and_repeats_nothing() {
    let o = run_outage(Duration::from_secs(2)).await;
    assert!(o.missing.is_empty(), "lost items: {:?}", o.missing);
    assert_eq!(o.records, BEFORE + AFTER, "no duplicates in the output");
    assert_eq!(o.consumed, (BEFORE + AFTER) as u64, "nothing re-delivered");
}

/// An outage longer than the session timeout: the coordinator has expired the member when
/// the broker wakes, so offsets stored after the last successful commit cannot be committed
/// and those items are delivered again (at-least-once). Nothing may be lost.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn long_broker_outage_loses_nothing() {
    let o = run_outage(Duration::from_secs(8)).await;
    assert!(o.missing.is_empty(), "lost items: {:?}", o.missing);
    assert!(o.records >= BEFORE + AFTER);
}
