//! Exactly-once mode: output and consumed offsets are committed in one transaction, so a
//! restart produces no duplicates.

mod common;

use std::collections::HashSet;
use std::time::Duration;

use common::*;
use newstag::pipeline::Mode;

fn items(prefix: &str, n: usize) -> Vec<Rec> {
    let mut recs = news_items(prefix, 0..n, 2);
    recs.push(Rec::new("bad", b"not json".to_vec()).partition(0));
    recs
}

async fn wait_committed(broker: &Tansu, topics: &Topics, expected: Vec<i64>) -> bool {
    let (b, t) = (broker.bootstrap(), topics.clone());
    let want = expected.clone();
    tokio::task::spawn_blocking(move || {
        wait_until(TIMEOUT, || {
            (committed(&b, &t.group, &t.input, 2) == want).then_some(())
        })
        .is_some()
    })
    .await
    .unwrap_or(false)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exactly_once_restart_produces_no_duplicates() {
    let broker = Tansu::start();
    let topics = Topics::create(&broker, 2);
    let eos = "delivery = \"exactly-once\"";

    produce(&broker.bootstrap(), &topics.input, &items("a", 100));
    let p = Running::start(config(&broker.bootstrap(), &topics, eos), Mode::Enrich);
    assert!(p.wait_acked(101).await);
    assert!(
        wait_committed(&broker, &topics, vec![51, 50]).await,
        "offsets committed through the transaction while running"
    );
    p.stop().await.expect("clean shutdown");

    produce(&broker.bootstrap(), &topics.input, &items("b", 100));
    let p = Running::start(config(&broker.bootstrap(), &topics, eos), Mode::Enrich);
    assert!(p.wait_acked(101).await);
    let metrics = p.metrics.clone();
    p.stop().await.expect("clean shutdown");
    assert_eq!(
        metrics.messages_consumed.get(),
        101,
        "restart resumed after the committed input"
    );
    assert_eq!(
        committed(&broker.bootstrap(), &topics.group, &topics.input, 2),
        vec![102, 100]
    );

    let out = consume_with(
        &broker.bootstrap(),
        &topics.output,
        2,
        200,
        Duration::from_secs(2),
        "read_committed",
    );
    let distinct: HashSet<String> = ids(&out).into_iter().collect();
    assert_eq!(distinct.len(), 200, "every item");
    assert_eq!(out.len(), 200, "no duplicates");
    let dlq = consume_with(
        &broker.bootstrap(),
        &topics.dead_letter,
        2,
        2,
        Duration::from_secs(1),
        "read_committed",
    );
    assert_eq!(dlq.len(), 2, "dead letters are in the transaction too");
}
