//! End-to-end pipeline behaviour against a real (tansu) broker: every item comes out
//! enriched, with its key and headers, in input-partition order, and is committed.

mod common;

use std::time::Duration;

use std::collections::HashMap;

use common::*;
use newstag::pipeline::{Mode, HEADER_VERSION};
use rdkafka::message::Message;

fn index(m: &rdkafka::message::OwnedMessage) -> usize {
    json(m)["id"].as_str().unwrap()[3..].parse().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_item_comes_out_enriched_with_key_headers_and_order() {
    let broker = Tansu::start();
    let topics = Topics::create(&broker, 3);
    let n = 300usize;
    // Keyed records spread over the input partitions, plus key-less ones.
    let records: Vec<Rec> = (0..n)
        .map(|i| {
            let mut r = Rec::new(&format!("k{}", i % 7), news_item(&format!("id-{i}"), "t"))
                .partition((i % 3) as i32)
                .header("trace", &format!("tr-{i}"));
            if i % 10 == 0 {
                r.key = None;
            }
            r
        })
        .collect();
    produce(&broker.bootstrap(), &topics.input, &records);

    let p = Running::start(config(&broker.bootstrap(), &topics, ""), Mode::Enrich);
    let out = consume(
        &broker.bootstrap(),
        &topics.output,
        3,
        n,
        Duration::from_secs(1),
    );
    assert_eq!(out.len(), n, "every item comes out, once");
    let mut seen = vec![0; n];
    for m in &out {
        let i = index(m);
        seen[i] += 1;
        let v = json(m);
        assert!(v["enrichment"].is_object(), "output is enriched: {v}");
        assert_eq!(v["title"], "t", "input fields kept");
        assert_eq!(header(m, HEADER_VERSION).as_deref(), Some(newstag::VERSION));
        assert_eq!(header(m, "trace"), Some(format!("tr-{i}")));
        if i % 10 == 0 {
            assert_eq!(m.key(), None, "key-less stays key-less");
        } else {
            assert_eq!(key(m), format!("k{}", i % 7), "key kept");
        }
    }
    assert!(seen.iter().all(|&c| c == 1), "each item exactly once");
    // Order within an input partition is kept for records that share an output partition.
    let mut last: HashMap<(i32, usize), usize> = HashMap::new();
    for m in &out {
        let i = index(m);
        if let Some(prev) = last.insert((m.partition(), i % 3), i) {
            assert!(prev < i, "item {i} came out after item {prev}");
        }
    }
    assert!(p.wait_acked(n as u64).await);
    let metrics = p.metrics.clone();
    p.stop().await.expect("clean shutdown");
    assert_eq!(
        committed(&broker.bootstrap(), &topics.group, &topics.input, 3),
        vec![(n / 3) as i64; 3],
        "everything produced is committed on shutdown"
    );
    assert_eq!(metrics.messages_consumed.get(), n as u64);
    assert_eq!(metrics.records_produced.get(), n as u64);
    assert_eq!(metrics.in_flight_messages.get(), 0);
    assert!(metrics.processing_seconds.get_sample_count() >= n as u64);
    assert!(metrics.end_to_end_latency_seconds.get_sample_count() >= n as u64);
    assert!(metrics.offset_commits.with_label_values(&["success"]).get() >= 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn same_partitioning_keeps_partition_and_exact_order() {
    let broker = Tansu::start();
    let topics = Topics::create(&broker, 3);
    let n = 150usize;
    let records: Vec<Rec> = (0..n)
        .map(|i| {
            Rec::new(&format!("k{i}"), news_item(&format!("id-{i}"), "t")).partition((i % 3) as i32)
        })
        .collect();
    produce(&broker.bootstrap(), &topics.input, &records);
    let cfg = config(&broker.bootstrap(), &topics, "");
    let mut cfg = cfg;
    cfg.kafka.output_partitioning = newstag::config::OutputPartitioning::Same;
    let p = Running::start(cfg, Mode::Enrich);
    let out = consume(&broker.bootstrap(), &topics.output, 3, n, Duration::ZERO);
    assert_eq!(out.len(), n);
    for (part, msgs) in by_partition(&out) {
        let idx: Vec<usize> = msgs.iter().map(index).collect();
        assert!(idx.iter().all(|i| (i % 3) as i32 == part), "partition kept");
        assert!(idx.windows(2).all(|w| w[0] < w[1]), "order kept: {idx:?}");
        assert_eq!(idx.len(), n / 3);
    }
    p.stop().await.expect("clean shutdown");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn passthrough_mode_produces_input_unchanged() {
    let broker = Tansu::start();
    let topics = Topics::create(&broker, 1);
    let records: Vec<Rec> = (0..20)
        .map(|i| Rec::new("k", news_item(&format!("id-{i}"), "t")))
        .chain([Rec::new("k", b"not json at all".to_vec())])
        .collect();
    produce(&broker.bootstrap(), &topics.input, &records);
    let p = Running::start(config(&broker.bootstrap(), &topics, ""), Mode::Passthrough);
    let out = consume(&broker.bootstrap(), &topics.output, 1, 21, Duration::ZERO);
    assert_eq!(out.len(), 21);
    for (m, r) in out.iter().zip(&records) {
        assert_eq!(m.payload(), Some(&r.payload[..]), "bytes unchanged");
        assert_eq!(header(m, HEADER_VERSION).as_deref(), Some(newstag::VERSION));
    }
    p.stop().await.expect("clean shutdown");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn parallel_workers_keep_every_item_once_and_per_partition_order() {
    let broker = Tansu::start();
    let partitions = 4;
    let topics = Topics::create(&broker, partitions);
    let n = 800usize;
    // Sizes vary (headline-like and article-like items) so that batches split into chunks of
    // different lengths; bad items in between take the dead-letter path inside a batch.
    let records: Vec<Rec> = (0..n)
        .map(|i| {
            let payload = if i % 97 == 13 {
                b"{not json".to_vec()
            } else {
                let title = if i % 5 == 0 {
                    "Tariffs on steel imports rise. ".repeat(60)
                } else {
                    "t".to_string()
                };
                news_item(&format!("id-{i}"), &title)
            };
            Rec::new(&format!("k{i}"), payload).partition((i % partitions as usize) as i32)
        })
        .collect();
    let bad = records
        .iter()
        .filter(|r| r.payload.starts_with(b"{not"))
        .count();
    produce(&broker.bootstrap(), &topics.input, &records);
    // Small batches: many batches, each split over 4 threads.
    let extra = "[pipeline]\nworkers = 4\nbatch_max_messages = 37\nbatch_max_bytes = 65536";
    let mut cfg = config(&broker.bootstrap(), &topics, extra);
    cfg.kafka.output_partitioning = newstag::config::OutputPartitioning::Same;
    let p = Running::start(cfg, Mode::Enrich);
    let good = n - bad;
    let out = consume(
        &broker.bootstrap(),
        &topics.output,
        partitions as i32,
        good,
        Duration::from_secs(1),
    );
    assert_eq!(out.len(), good, "every good item comes out, once");
    let mut seen = vec![0; n];
    for (part, msgs) in by_partition(&out) {
        let idx: Vec<usize> = msgs.iter().map(index).collect();
        assert!(
            idx.windows(2).all(|w| w[0] < w[1]),
            "partition {part} out of order: {idx:?}"
        );
        for (m, &i) in msgs.iter().zip(&idx) {
            seen[i] += 1;
            assert_eq!(i % partitions as usize, part as usize, "partition kept");
            // Key (taken from the polled message) and body (from the enrichment threads)
            // belong to the same input: results were gathered back in input order.
            assert_eq!(key(m), format!("k{i}"), "key and body of item {i} match");
            assert!(json(m)["enrichment"].is_object());
        }
    }
    for (i, r) in records.iter().enumerate() {
        let expected = usize::from(!r.payload.starts_with(b"{not"));
        assert_eq!(seen[i], expected, "item {i}");
    }
    let dlq = consume(
        &broker.bootstrap(),
        &topics.dead_letter,
        partitions as i32,
        bad,
        Duration::ZERO,
    );
    assert_eq!(dlq.len(), bad, "bad items dead-lettered");
    assert!(p.wait_acked(n as u64).await);
    p.stop().await.expect("clean shutdown");
    assert_eq!(
        committed(
            &broker.bootstrap(),
            &topics.group,
            &topics.input,
            partitions as i32
        ),
        vec![(n / partitions as usize) as i64; partitions as usize],
        "everything committed"
    );
}
