//! Bad input of every kind goes to the dead-letter topic, unchanged, with headers saying
//! where it came from and why; processing continues and every offset is committed.

mod common;

use std::time::Duration;

use std::collections::HashMap;

use common::*;
use newstag::pipeline::{
    Mode, DEAD_LETTER_TRUNCATED_BYTES, HEADER_ERROR_KIND, HEADER_ERROR_MESSAGE,
    HEADER_KEY_AND_HEADERS_DROPPED, HEADER_PAYLOAD_TRUNCATED, HEADER_SOURCE_OFFSET,
    HEADER_SOURCE_PARTITION, HEADER_SOURCE_TOPIC, HEADER_VERSION,
};
use rdkafka::message::Message;

fn bad_inputs() -> Vec<(&'static str, Vec<u8>)> {
    let deep = format!(
        "{{\"title\":\"t\",\"x\":{}1{}}}",
        "[".repeat(20),
        "]".repeat(20)
    );
    vec![
        ("not_utf8", b"{\"title\":\"\xff\xfe\"}".to_vec()),
        ("not_json", b"{\"title\": oops".to_vec()),
        ("not_json", Vec::new()),
        ("not_object", b"[1,2,3]".to_vec()),
        ("no_text", b"{\"id\":\"x\"}".to_vec()),
        (
            "too_large",
            format!("{{\"title\":\"{}\"}}", "a".repeat(3000)).into_bytes(),
        ),
        ("too_deep", deep.into_bytes()),
        ("bad_field", b"{\"title\":5}".to_vec()),
    ]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_inputs_go_to_the_dead_letter_topic_and_processing_continues() {
    let broker = Tansu::start();
    let topics = Topics::create(&broker, 2);
    let bad = bad_inputs();
    // good, bad, good, bad, ... on both partitions, each bad one with a header to carry over.
    let mut records = Vec::new();
    let mut good = 0;
    for (i, (_, payload)) in bad.iter().enumerate() {
        for part in 0..2 {
            records.push(Rec::new("g", news_item(&format!("id-{i}-{part}"), "t")).partition(part));
            good += 1;
            records.push(
                Rec::new(&format!("bad-{i}"), payload.clone())
                    .partition(part)
                    .header("trace", &format!("bad-{i}-{part}")),
            );
        }
    }
    for part in 0..2 {
        records.push(Rec::new("g", news_item(&format!("last-{part}"), "t")).partition(part));
        good += 1;
    }
    produce(&broker.bootstrap(), &topics.input, &records);

    let cfg = config(
        &broker.bootstrap(),
        &topics,
        "[limits]\nmax_message_bytes = 2000\nmax_json_depth = 8",
    );
    let p = Running::start(cfg, Mode::Enrich);
    let out = consume(&broker.bootstrap(), &topics.output, 2, good, Duration::ZERO);
    assert_eq!(out.len(), good, "good items around bad ones all come out");
    assert!(out.iter().all(|m| json(m)["enrichment"].is_object()));
    let dlq = consume(
        &broker.bootstrap(),
        &topics.dead_letter,
        2,
        bad.len() * 2,
        Duration::ZERO,
    );
    assert_eq!(dlq.len(), bad.len() * 2);

    // Where each bad record really was in the input.
    let input = consume(
        &broker.bootstrap(),
        &topics.input,
        2,
        records.len(),
        Duration::ZERO,
    );
    let mut position: HashMap<String, (i32, i64)> = HashMap::new();
    for m in &input {
        if let Some(t) = header(m, "trace") {
            position.insert(t, (m.partition(), m.offset()));
        }
    }
    for m in &dlq {
        let trace = header(m, "trace").expect("input headers carried over");
        let i: usize = trace.split('-').nth(1).unwrap().parse().unwrap();
        let (kind, payload) = &bad[i];
        assert_eq!(m.payload().unwrap_or(b""), &payload[..], "original bytes");
        assert_eq!(key(m), format!("bad-{i}"), "original key");
        assert_eq!(
            header(m, HEADER_ERROR_KIND).as_deref(),
            Some(*kind),
            "{trace}"
        );
        assert!(!header(m, HEADER_ERROR_MESSAGE)
            .unwrap_or_default()
            .is_empty());
        assert_eq!(header(m, HEADER_SOURCE_TOPIC), Some(topics.input.clone()));
        let (part, off) = position[&trace];
        assert_eq!(header(m, HEADER_SOURCE_PARTITION), Some(part.to_string()));
        assert_eq!(header(m, HEADER_SOURCE_OFFSET), Some(off.to_string()));
        assert_eq!(header(m, HEADER_VERSION).as_deref(), Some(newstag::VERSION));
    }

    assert!(p.wait_acked(records.len() as u64).await);
    let metrics = p.metrics.clone();
    p.stop().await.expect("clean shutdown");
    for reason in newstag::metrics::DEAD_LETTER_REASONS {
        let expected = bad.iter().filter(|(k, _)| k == reason).count() as u64 * 2;
        assert_eq!(
            metrics.dead_letters.with_label_values(&[reason]).get(),
            expected,
            "{reason}"
        );
    }
    let per_partition = (records.len() / 2) as i64;
    assert_eq!(
        committed(&broker.bootstrap(), &topics.group, &topics.input, 2),
        vec![per_partition; 2],
        "dead-lettered offsets are committed too"
    );
}

/// The pipeline of [`around_a_record_too_large`] acknowledged all three inputs, is still
/// running, stops cleanly and has committed all three.
async fn kept_running_and_committed_all_three(p: Running, broker: &Tansu, topics: &Topics) {
    assert!(p.wait_acked(3).await);
    assert!(!p.is_finished(), "the pipeline keeps running");
    p.stop().await.expect("clean shutdown");
    assert_eq!(
        committed(&broker.bootstrap(), &topics.group, &topics.input, 1),
        vec![3]
    );
}

/// Produces `middle` between two good items, starts a pipeline whose producer takes records
/// of at most 100,000 bytes, checks that the good items come out, and returns the pipeline
/// and the one dead letter (the middle item's).
async fn around_a_record_too_large(
    broker: &Tansu,
    topics: &Topics,
    middle: Rec,
) -> (Running, rdkafka::message::OwnedMessage) {
    let records = vec![
        Rec::new("g", news_item("before", "t")),
        middle,
        Rec::new("g", news_item("after", "t")),
    ];
    produce(&broker.bootstrap(), &topics.input, &records);
    let cfg = config(
        &broker.bootstrap(),
        topics,
        "[kafka.producer_properties]\n\"message.max.bytes\" = \"100000\"\n\"batch.size\" = \"100000\"",
    );
    let p = Running::start(cfg, Mode::Enrich);
    let out = consume(&broker.bootstrap(), &topics.output, 1, 2, Duration::ZERO);
    assert_eq!(ids(&out), vec!["before".to_string(), "after".to_string()]);
    let mut dlq = consume(
        &broker.bootstrap(),
        &topics.dead_letter,
        1,
        1,
        Duration::ZERO,
    );
    assert_eq!(dlq.len(), 1);
    (p, dlq.remove(0))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_record_too_large_to_produce_is_dead_lettered_truncated_and_processing_continues() {
    let broker = Tansu::start();
    let topics = Topics::create(&broker, 1);
    // Under limits.max_message_bytes (1 MiB), over the producer's message.max.bytes: neither
    // the enriched record nor the original bytes can be produced.
    let big = news_item("big", &"word ".repeat(40_000));
    assert!(big.len() > 150_000);
    let middle = Rec::new("big", big.clone()).header("trace", "big");
    let (p, dead) = around_a_record_too_large(&broker, &topics, middle).await;
    let m = &dead;
    assert_eq!(key(m), "big");
    assert_eq!(header(m, "trace").as_deref(), Some("big"));
    assert_eq!(header(m, HEADER_ERROR_KIND).as_deref(), Some("too_large"));
    assert_eq!(
        header(m, HEADER_PAYLOAD_TRUNCATED),
        Some(big.len().to_string())
    );
    assert_eq!(
        m.payload().unwrap_or(b""),
        &big[..DEAD_LETTER_TRUNCATED_BYTES],
        "a bounded prefix of the original bytes"
    );

    kept_running_and_committed_all_three(p, &broker, &topics).await;
}

/// A key (or headers) too large for the producer on its own: even the dead letter with no
/// payload cannot carry it, so the last resort leaves the key and input headers out (their
/// size in a header) rather than stop the pipeline at that offset on every restart.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_key_too_large_to_produce_is_dropped_from_the_dead_letter_and_processing_continues() {
    let broker = Tansu::start();
    let topics = Topics::create(&broker, 1);
    let huge_key = "k".repeat(120_000);
    let middle = Rec::new(&huge_key, news_item("huge-key", "t")).header("trace", "x");
    let (p, dead) = around_a_record_too_large(&broker, &topics, middle).await;
    let m = &dead;
    assert!(m.key().is_none(), "the key is left out");
    assert_eq!(header(m, "trace"), None, "input headers are left out");
    assert_eq!(header(m, HEADER_ERROR_KIND).as_deref(), Some("too_large"));
    assert_eq!(
        header(m, HEADER_KEY_AND_HEADERS_DROPPED),
        Some((huge_key.len() + "trace".len() + 1).to_string())
    );
    assert_eq!(header(m, HEADER_SOURCE_OFFSET).as_deref(), Some("1"));
    kept_running_and_committed_all_three(p, &broker, &topics).await;
}

/// Kafka header names are bytes; rust-rdkafka panics reading one that is not UTF-8. Such a
/// message must become a dead letter (its payload and key, without the unreadable headers)
/// while the messages around it are enriched, instead of crashing the pipeline at that offset
/// on every restart.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_header_name_that_is_not_utf8_is_dead_lettered_and_processing_continues() {
    let broker = Tansu::start();
    let topics = Topics::create(&broker, 1);
    let bootstrap = broker.bootstrap();
    produce(
        &bootstrap,
        &topics.input,
        &[Rec::new("k", news_item("before", "t")).partition(0)],
    );
    let bad = news_item("bad-header", "t");
    let headers: [(&[u8], &[u8]); 2] = [(b"trace", b"x"), (b"\xff\xfename", b"v")];
    let code = common::raw_produce::produce_raw(
        &bootstrap,
        &topics.input,
        0,
        Some(b"bad-key"),
        &bad,
        &headers,
    );
    assert_eq!(code, 0, "the broker appended the raw record");
    produce(
        &bootstrap,
        &topics.input,
        &[Rec::new("k", news_item("after", "t")).partition(0)],
    );

    let p = Running::start(config(&bootstrap, &topics, ""), Mode::Enrich);
    let out = consume(&bootstrap, &topics.output, 1, 2, Duration::ZERO);
    assert_eq!(
        ids(&out),
        ["before", "after"],
        "the neighbours are enriched"
    );
    let dlq = consume(&bootstrap, &topics.dead_letter, 1, 1, Duration::ZERO);
    assert_eq!(dlq.len(), 1);
    let m = &dlq[0];
    assert_eq!(m.payload().unwrap_or(b""), &bad[..], "original bytes");
    assert_eq!(key(m), "bad-key");
    assert_eq!(header(m, HEADER_ERROR_KIND).as_deref(), Some("bad_header"));
    assert_eq!(header(m, HEADER_SOURCE_OFFSET).as_deref(), Some("1"));
    assert_eq!(
        header(m, "trace"),
        None,
        "unreadable headers are not carried"
    );
    assert_eq!(header(m, HEADER_VERSION).as_deref(), Some(newstag::VERSION));

    assert!(p.wait_acked(3).await);
    let metrics = p.metrics.clone();
    p.stop().await.expect("clean shutdown");
    assert_eq!(
        metrics
            .dead_letters
            .with_label_values(&["bad_header"])
            .get(),
        1
    );
    assert_eq!(
        committed(&bootstrap, &topics.group, &topics.input, 1),
        vec![3],
        "the dead-lettered offset is committed too"
    );
}
