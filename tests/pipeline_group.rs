//! Two pipelines in one consumer group split the partitions; when one stops, the other takes
//! over its partitions without losing (or repeating) anything.

mod common;

use std::collections::HashMap;
use std::time::Duration;

use common::*;
use newstag::pipeline::Mode;

fn rebalances(r: &Running, kind: &str) -> u64 {
    r.metrics.rebalances.with_label_values(&[kind]).get()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_pipelines_split_partitions_and_take_over_without_loss() {
    let broker = Tansu::start();
    let topics = Topics::create(&broker, 4);
    let a = Running::start(config(&broker.bootstrap(), &topics, ""), Mode::Enrich);
    assert!(
        wait_until_async(TIMEOUT, || (rebalances(&a, "assign") >= 1).then_some(()))
            .await
            .is_some(),
        "first member joined"
    );
    let b = Running::start(config(&broker.bootstrap(), &topics, ""), Mode::Enrich);
    // The second member's join makes the first one give up and get back partitions.
    assert!(
        wait_until_async(TIMEOUT, || {
            (rebalances(&b, "assign") >= 1 && rebalances(&a, "assign") >= 2).then_some(())
        })
        .await
        .is_some(),
        "group rebalanced with two members"
    );

    let n = 400;
    produce(
        &broker.bootstrap(),
        &topics.input,
        &news_items("x", 0..n, 4),
    );
    let (ma, mb) = (a.metrics.clone(), b.metrics.clone());
    assert!(
        wait_until_async(TIMEOUT, || (acked(&ma) + acked(&mb) >= n as u64)
            .then_some(()))
        .await
        .is_some()
    );
    let (from_a, from_b) = (acked(&ma), acked(&mb));
    assert!(
        from_a > 0 && from_b > 0,
        "both members worked: {from_a} / {from_b}"
    );
    assert_eq!(from_a + from_b, n as u64, "no partition processed twice");

    // Stop B in the middle of a second batch; A takes over B's partitions.
    let m = 2000;
    let before_b = acked(&mb);
    produce(
        &broker.bootstrap(),
        &topics.input,
        &news_items("y", 0..m, 4),
    );
    assert!(
        wait_until_async(TIMEOUT, || (acked(&mb) > before_b).then_some(()))
            .await
            .is_some(),
        "b started on the second batch"
    );
    let assigns_a = rebalances(&a, "assign");
    b.stop().await.expect("clean shutdown of b");
    assert!(
        wait_until_async(TIMEOUT, || (rebalances(&a, "assign") > assigns_a)
            .then_some(()))
        .await
        .is_some(),
        "a was assigned b's partitions"
    );
    // A third batch on every partition can only come out through a.
    let k = 400;
    produce(
        &broker.bootstrap(),
        &topics.input,
        &news_items("z", 0..k, 4),
    );
    let total = (n + m + k) as u64;
    assert!(
        wait_until_async(TIMEOUT, || (acked(&ma) + acked(&mb) >= total).then_some(()))
            .await
            .is_some(),
        "a processed the rest"
    );
    a.stop().await.expect("clean shutdown of a");

    let out = consume(
        &broker.bootstrap(),
        &topics.output,
        4,
        n + m + k,
        Duration::from_secs(2),
    );
    let mut counts: HashMap<String, usize> = HashMap::new();
    for id in ids(&out) {
        *counts.entry(id).or_default() += 1;
    }
    let missing: Vec<String> = (0..n)
        .map(|i| format!("x-{i}"))
        .chain((0..m).map(|i| format!("y-{i}")))
        .chain((0..k).map(|i| format!("z-{i}")))
        .filter(|id| !counts.contains_key(id))
        .collect();
    let dups = counts.values().filter(|&&c| c > 1).count();
    eprintln!(
        "out={} missing={} {:?} dups={dups} acked a={} b={}",
        out.len(),
        missing.len(),
        &missing[..missing.len().min(20)],
        acked(&ma),
        acked(&mb)
    );
    for i in 0..n {
        assert!(counts.contains_key(&format!("x-{i}")), "x-{i} lost");
    }
    for i in 0..m {
        assert!(counts.contains_key(&format!("y-{i}")), "y-{i} lost");
    }
    for i in 0..k {
        assert!(counts.contains_key(&format!("z-{i}")), "z-{i} lost");
    }
    assert_eq!(out.len(), n + m + k, "hand-over repeated nothing");
    assert_eq!(
        committed(&broker.bootstrap(), &topics.group, &topics.input, 4),
        vec![((n + m + k) / 4) as i64; 4]
    );
}
