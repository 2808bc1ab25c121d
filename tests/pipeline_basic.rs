//! End-to-end pipeline behaviour against a real (tansu) broker.

mod common;

use common::*;
use newstag::pipeline::{self, Mode, HEADER_VERSION};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn passthrough_moves_every_item_keeps_keys_headers_order_and_commits() {
    let broker = Tansu::start();
    let topics = Topics::create(&broker, 3);
    let n = 300;
    let records: Vec<Rec> = (0..n)
        .map(|i| {
            Rec::new(&format!("k{}", i % 7), news_item(&format!("id-{i}"), "t"))
                .partition(i % 3)
                .header("trace", &format!("tr-{i}"))
        })
        .collect();
    produce(&broker.bootstrap(), &topics.input, &records);

    let cfg = config(&broker.bootstrap(), &topics, "");
    let ctx = context(cfg);
    let metrics = ctx.metrics.clone();
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let task = tokio::spawn(pipeline::run_with_mode(ctx, Mode::Passthrough, async {
        let _ = stop_rx.await;
    }));

    let out = consume(&broker.bootstrap(), &topics.output, 3, n as usize, TIMEOUT);
    assert_eq!(out.len(), n as usize, "every item comes out");
    for m in &out {
        assert_eq!(header(m, HEADER_VERSION).as_deref(), Some(newstag::VERSION));
        let v = json(m);
        let id = v["id"].as_str().unwrap().to_string();
        let i: usize = id.trim_start_matches("id-").parse().unwrap();
        assert_eq!(key(m), format!("k{}", i % 7));
        assert_eq!(header(m, "trace"), Some(format!("tr-{i}")));
    }
    // Per key (same input partition), order is kept.
    let mut last: std::collections::HashMap<String, usize> = Default::default();
    for m in &out {
        let i: usize = json(m)["id"].as_str().unwrap()[3..].parse().unwrap();
        let k = format!("{}:{}", key(m), i % 3);
        if let Some(prev) = last.insert(k, i) {
            assert!(prev < i, "order kept within key and input partition");
        }
    }
    let produced = wait_until_async(TIMEOUT, || {
        (metrics.records_produced.get() == n as u64).then_some(())
    })
    .await;
    assert!(produced.is_some());

    stop_tx.send(()).unwrap();
    task.await.unwrap().expect("clean shutdown");
    let per_partition = (n / 3) as i64;
    assert_eq!(
        committed(&broker.bootstrap(), &topics.group, &topics.input, 3),
        vec![per_partition; 3],
        "everything produced is committed on shutdown"
    );
    assert_eq!(metrics.messages_consumed.get(), n as u64);
}
