//! Rebalances at exact points of the pipeline loop, forced with a test probe
//! (`newstag::pipeline::probe`) and synchronised by events, never by sleeps:
//!
//! * a second member joins while a batch is being polled in two parts: the revoke inside the
//!   second poll commits only what was acknowledged, the messages polled before it are
//!   dropped, and after the hand-over every input comes out exactly once;
//! * exactly-once mode: the assignment is lost (the broker frozen past the session timeout)
//!   while the open transaction holds output; the pipeline aborts it and stops, and the new
//!   owner resumes from the last committed offsets, so that the committed output holds every
//!   input exactly once.

mod common;

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use std::time::Duration;

use common::*;
use newstag::config::Config;
use newstag::pipeline::probe::{BatchView, Probe, TxnRange};
use newstag::pipeline::Mode;
use tokio::sync::mpsc::{unbounded_channel, UnboundedReceiver, UnboundedSender};

/// What a probe reports to the test.
#[derive(Debug)]
enum Event {
    /// The first part of the held batch was polled.
    Open(BatchView),
    /// A revoke and an assignment ran while the batch was held (the probe now waits for the
    /// gate).
    Rebalanced(BatchView),
    /// The held batch is handed to processing.
    Released(BatchView),
    /// A batch was queued; the probe blocks until librdkafka reports the assignment lost.
    Queued(Vec<(i32, i64)>),
    /// The assignment is lost; the probe blocks until the gate opens.
    Lost,
}

/// When the probe holds the pipeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Plan {
    /// Keep the first non-empty batch open across a rebalance (revoke, then assign) and until
    /// a message of the new assignment joined it; wait for the gate once the rebalance ran.
    AcrossRebalance,
    /// Keep the first non-empty batch open until the gate opens.
    UntilGate,
    /// After the first batch is queued, block until librdkafka reports the assignment lost,
    /// then until the gate opens.
    AfterQueuedUntilLost,
}

/// A probe that holds the pipeline thread at one point, once, when armed.
struct Holder {
    plan: Plan,
    /// `AfterQueuedUntilLost`: the held batch is gathered until it has this many messages.
    min_batch: usize,
    armed: AtomicBool,
    events: UnboundedSender<Event>,
    gate: Mutex<mpsc::Receiver<()>>,
    /// The generation at which the rebalance was seen (`AcrossRebalance`).
    rebalanced_at: Mutex<Option<u64>>,
    opened: AtomicBool,
    /// Transactions as the pipeline reports them: (committed, ranges).
    transactions: Mutex<Vec<(bool, Vec<TxnRange>)>>,
}

struct Handle {
    probe: Arc<Holder>,
    events: UnboundedReceiver<Event>,
    gate: mpsc::Sender<()>,
}

impl Handle {
    fn new(plan: Plan, armed: bool) -> Handle {
        Handle::with_min_batch(plan, armed, 1)
    }

    fn with_min_batch(plan: Plan, armed: bool, min_batch: usize) -> Handle {
        let (tx, rx) = unbounded_channel();
        let (gate_tx, gate_rx) = mpsc::channel();
        Handle {
            probe: Arc::new(Holder {
                plan,
                min_batch,
                armed: AtomicBool::new(armed),
                events: tx,
                gate: Mutex::new(gate_rx),
                rebalanced_at: Mutex::new(None),
                opened: AtomicBool::new(false),
                transactions: Mutex::new(Vec::new()),
            }),
            events: rx,
            gate: gate_tx,
        }
    }

    fn arm(&self) {
        self.probe.armed.store(true, Ordering::SeqCst);
    }

    fn open_gate(&self) {
        self.gate.send(()).expect("probe alive");
    }

    async fn next(&mut self, what: &str) -> Event {
        match tokio::time::timeout(TIMEOUT, self.events.recv()).await {
            Ok(Some(e)) => e,
            _ => panic!("no event from the pipeline: {what}"),
        }
    }

    fn transactions(&self) -> Vec<(bool, Vec<TxnRange>)> {
        self.probe.transactions.lock().unwrap().clone()
    }
}

impl Holder {
    fn wait_gate(&self) -> bool {
        self.gate.lock().unwrap().recv_timeout(TIMEOUT).is_ok()
    }
}

impl Probe for Holder {
    fn batch_open(&self, batch: &BatchView) -> bool {
        if !self.armed.load(Ordering::SeqCst) || batch.polled.is_empty() {
            return false;
        }
        match self.plan {
            Plan::AfterQueuedUntilLost => batch.polled.len() < self.min_batch,
            Plan::UntilGate => {
                self.armed.store(false, Ordering::SeqCst);
                let _ = self.events.send(Event::Open(batch.clone()));
                self.wait_gate();
                false
            }
            Plan::AcrossRebalance => {
                if !self.opened.swap(true, Ordering::SeqCst) {
                    let _ = self.events.send(Event::Open(batch.clone()));
                    return true;
                }
                let first = batch.polled[0].generation;
                let mut at = self.rebalanced_at.lock().unwrap();
                match *at {
                    None => {
                        // Revoke and assign (two callbacks) since the first message.
                        if batch.generation >= first + 2 && !batch.assignment.is_empty() {
                            *at = Some(batch.generation);
                            let _ = self.events.send(Event::Rebalanced(batch.clone()));
                            drop(at);
                            self.wait_gate();
                        }
                        true
                    }
                    Some(g) => {
                        if batch.polled.iter().any(|m| m.generation >= g) {
                            self.armed.store(false, Ordering::SeqCst);
                            let _ = self.events.send(Event::Released(batch.clone()));
                            false
                        } else {
                            true
                        }
                    }
                }
            }
        }
    }

    fn batch_queued(&self, registered: &[(i32, i64)], assignment_lost: &dyn Fn() -> bool) {
        if self.plan != Plan::AfterQueuedUntilLost
            || registered.is_empty()
            || !self.armed.swap(false, Ordering::SeqCst)
        {
            return;
        }
        let _ = self.events.send(Event::Queued(registered.to_vec()));
        // The test freezes the broker: no heartbeat succeeds, and once session.timeout.ms
        // passes librdkafka declares the assignment lost.
        if wait_until(TIMEOUT, || assignment_lost().then_some(())).is_some() {
            let _ = self.events.send(Event::Lost);
            self.wait_gate();
        }
    }

    fn transaction(&self, committed: bool, ranges: &[TxnRange]) {
        self.transactions
            .lock()
            .unwrap()
            .push((committed, ranges.to_vec()));
    }
}

fn start(config: Config, handle: &Handle) -> Running {
    let mut ctx = context(config);
    ctx.probe = Some(handle.probe.clone());
    Running::start_context(ctx, Mode::Enrich)
}

fn assigns(r: &Running) -> u64 {
    r.metrics.rebalances.with_label_values(&["assign"]).get()
}

/// Committed offsets, queried off the async runtime.
async fn committed_now(broker: &Tansu, topics: &Topics, partitions: i32) -> Vec<i64> {
    let (b, t) = (broker.bootstrap(), topics.clone());
    tokio::task::spawn_blocking(move || committed(&b, &t.group, &t.input, partitions))
        .await
        .expect("offset query")
}

/// Waits until `pred` holds for the committed offsets.
async fn wait_committed(
    broker: &Tansu,
    topics: &Topics,
    partitions: i32,
    pred: impl Fn(&[i64]) -> bool + Send + 'static,
) -> Vec<i64> {
    let (b, t) = (broker.bootstrap(), topics.clone());
    tokio::task::spawn_blocking(move || {
        let mut last = Vec::new();
        let ok = wait_until(TIMEOUT, || {
            last = committed(&b, &t.group, &t.input, partitions);
            pred(&last).then_some(())
        });
        assert!(ok.is_some(), "committed offsets stayed {last:?}");
        last
    })
    .await
    .expect("offset query")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_member_joining_between_two_polls_of_a_batch_loses_and_repeats_nothing() {
    let broker = Tansu::start();
    let parts = 4;
    let topics = Topics::create(&broker, parts as u32);
    let mut ha = Handle::new(Plan::AcrossRebalance, false);
    let a = start(config(&broker.bootstrap(), &topics, ""), &ha);
    assert!(
        wait_until_async(TIMEOUT, || (assigns(&a) >= 1).then_some(()))
            .await
            .is_some(),
        "a joined"
    );

    // Wave 1: processed and acknowledged before the rebalance.
    let per = 10;
    let n = per * parts as usize;
    produce(
        &broker.bootstrap(),
        &topics.input,
        &news_items("w1", 0..n, parts),
    );
    assert!(a.wait_acked(n as u64).await, "wave 1 acknowledged");

    // Wave 2: a's next batch is held open after its first poll.
    ha.arm();
    produce(
        &broker.bootstrap(),
        &topics.input,
        &news_items("w2", 0..n, parts),
    );
    let Event::Open(open) = ha.next("batch open").await else {
        panic!("expected the batch to open")
    };
    assert!(open.polled.iter().all(|m| m.offset >= per as i64));

    // b joins while a's batch is open; its own first batch is held until the checks below.
    let mut hb = Handle::new(Plan::UntilGate, true);
    let b = start(config(&broker.bootstrap(), &topics, ""), &hb);
    let Event::Rebalanced(mid) = ha.next("revoke and assign inside the batch").await else {
        panic!("expected the rebalance")
    };
    let owned_a: Vec<i32> = mid.assignment.clone();
    assert!(
        !owned_a.is_empty() && owned_a.len() < parts as usize,
        "a keeps some partitions and b gets the others: {owned_a:?}"
    );
    // The revoke committed exactly what was acknowledged: all of wave 1, none of the wave-2
    // messages a had polled but not processed.
    assert_eq!(
        committed_now(&broker, &topics, parts).await,
        vec![per as i64; parts as usize],
        "commit at revoke = acknowledged watermark"
    );
    let before: Vec<_> = mid
        .polled
        .iter()
        .filter(|m| m.generation < mid.generation)
        .collect();
    assert!(!before.is_empty(), "messages polled before the rebalance");
    ha.open_gate();
    let Event::Released(done) = ha.next("batch released").await else {
        panic!("expected the release")
    };
    let g = mid.generation;
    assert!(
        done.polled.iter().any(|m| m.generation < g)
            && done.polled.iter().any(|m| m.generation >= g),
        "the batch holds messages from both sides of the rebalance: {:?}",
        done.polled
    );

    // a processes wave 2 of its own partitions only (once), and commits them; b is held, so
    // b's partitions keep the offsets a committed at the revoke: a never commits a
    // partition it no longer owns.
    let a_total = (n + per * owned_a.len()) as u64;
    assert!(a.wait_acked(a_total).await, "a processed its partitions");
    assert_eq!(acked(&b.metrics), 0, "b is held");
    let owned = owned_a.clone();
    let offsets = wait_committed(&broker, &topics, parts, move |c| {
        owned.iter().all(|&p| c[p as usize] == 2 * per as i64)
    })
    .await;
    for p in 0..parts {
        if !owned_a.contains(&p) {
            assert_eq!(
                offsets[p as usize], per as i64,
                "partition {p} (b's) committed by a after it lost it: {offsets:?}"
            );
        }
    }
    assert_eq!(acked(&a.metrics), a_total, "a repeated nothing");

    // b resumes its partitions from a's committed offsets.
    let Event::Open(b_first) = hb.next("b's first batch").await else {
        panic!("expected b's batch")
    };
    let mut b_min: BTreeMap<i32, i64> = BTreeMap::new();
    for m in &b_first.polled {
        assert!(!owned_a.contains(&m.partition), "b polled a's partition");
        let e = b_min.entry(m.partition).or_insert(m.offset);
        *e = (*e).min(m.offset);
    }
    assert!(b_min.values().all(|&o| o == per as i64), "{b_min:?}");
    hb.open_gate();
    let total = 2 * n as u64;
    let (ma, mb) = (a.metrics.clone(), b.metrics.clone());
    assert!(
        wait_until_async(TIMEOUT, || (acked(&ma) + acked(&mb) >= total).then_some(()))
            .await
            .is_some(),
        "everything acknowledged"
    );
    a.stop().await.expect("a stops cleanly");
    b.stop().await.expect("b stops cleanly");

    let out = consume(
        &broker.bootstrap(),
        &topics.output,
        parts,
        2 * n,
        Duration::from_secs(2),
    );
    let mut counts: HashMap<String, usize> = HashMap::new();
    for id in ids(&out) {
        *counts.entry(id).or_default() += 1;
    }
    for w in ["w1", "w2"] {
        for i in 0..n {
            let id = format!("{w}-{i}");
            assert_eq!(counts.get(&id), Some(&1), "{id} once");
        }
    }
    assert_eq!(out.len(), 2 * n, "nothing repeated");
    assert_eq!(acked(&ma) + acked(&mb), total);
    assert_eq!(
        committed_now(&broker, &topics, parts).await,
        vec![2 * per as i64; parts as usize]
    );
}

/// The input (partition, offset) of item `prefix-i` produced by [`news_items`] to a fresh
/// topic of `parts` partitions, after `before` items per partition.
fn input_of(i: usize, parts: i32, before: i64) -> (i32, i64) {
    (i as i32 % parts, before + (i as i32 / parts) as i64)
}

fn covers(ranges: &[TxnRange], (p, o): (i32, i64)) -> bool {
    ranges
        .iter()
        .any(|r| r.partition == p && r.from.unwrap_or(0) <= o && o < r.to)
}

/// A batch of fewer than 64 messages: the loop polls next, and the lost-revoke callback
/// aborts the transaction.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exactly_once_lost_assignment_aborts_and_the_new_owner_commits_each_input_once() {
    lost_assignment_mid_transaction(10).await;
}

/// A batch of 100 messages: the loop's housekeeping runs before the next poll and the
/// transaction is due, so the commit meets the lost assignment before the revoke callback
/// does; it must abort rather than commit.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exactly_once_commit_due_after_the_assignment_was_lost_aborts_instead() {
    lost_assignment_mid_transaction(100).await;
}

/// Exactly-once, the assignment lost while the open transaction holds a batch of `m` inputs
/// (all in one batch).
async fn lost_assignment_mid_transaction(m: usize) {
    let broker = Tansu::start();
    let parts = 2;
    let topics = Topics::create(&broker, parts as u32);
    // Each member writes its own output topic, so the test knows who wrote what.
    let out_b = rand_name("out-b");
    broker.create_topic(&out_b, parts as u32);
    let eos = "delivery = \"exactly-once\"";
    let config_a = config(&broker.bootstrap(), &topics, eos);
    let mut config_b = config(&broker.bootstrap(), &topics, eos);
    config_b.kafka.output_topic = out_b.clone();

    let mut ha = Handle::with_min_batch(Plan::AfterQueuedUntilLost, false, m);
    let mut a = start(config_a, &ha);
    assert!(
        wait_until_async(TIMEOUT, || (assigns(&a) >= 1).then_some(()))
            .await
            .is_some(),
        "a joined"
    );
    let per: i64 = 10;
    let n = (per * parts as i64) as usize;
    produce(
        &broker.bootstrap(),
        &topics.input,
        &news_items("e1", 0..n, parts),
    );
    assert!(a.wait_acked(n as u64).await);
    wait_committed(&broker, &topics, parts, move |c| {
        c.iter().all(|&o| o == per)
    })
    .await;

    // Wave 2: a queues a batch into its open transaction, then stops polling.
    ha.arm();
    produce(
        &broker.bootstrap(),
        &topics.input,
        &news_items("e2", 0..m, parts),
    );
    let Event::Queued(in_txn) = ha.next("batch queued").await else {
        panic!("expected the queued batch")
    };
    assert_eq!(in_txn.len(), m, "the whole wave in one batch");

    // The broker stops answering (frozen) until a's session times out: its assignment is
    // lost while the open transaction holds wave 2.
    broker.freeze();
    let lost = ha.next("assignment lost").await;
    broker.thaw();
    assert!(matches!(lost, Event::Lost), "{lost:?}");
    ha.open_gate();
    // a must abort the transaction holding wave 2 and stop.
    let result = tokio::time::timeout(TIMEOUT, a.join())
        .await
        .expect("a stops after losing its assignment");
    let err = result.expect_err("a stops with an error").to_string();
    assert!(err.contains("assignment was lost"), "{err}");

    // The new owner resumes at the offsets a committed (wave 2 was not committed).
    let mut hb = Handle::new(Plan::UntilGate, true);
    let b = start(config_b, &hb);
    let Event::Open(b_first) = hb.next("b's first batch").await else {
        panic!("expected b's batch")
    };
    for p in 0..parts {
        let first = b_first
            .polled
            .iter()
            .filter(|m| m.partition == p)
            .map(|m| m.offset)
            .min();
        assert!(
            first.is_none_or(|o| o == per),
            "b resumes partition {p} at {first:?}"
        );
    }
    assert_eq!(
        committed_now(&broker, &topics, parts).await,
        vec![per; parts as usize],
        "a committed nothing of wave 2"
    );
    let txns_a = ha.transactions();
    let (aborted_flag, aborted) = txns_a.last().cloned().expect("a's transactions");
    assert!(
        !aborted_flag,
        "a's last transaction was aborted: {txns_a:?}"
    );
    for &input in &in_txn {
        assert!(
            covers(&aborted, input),
            "{input:?} in the aborted transaction"
        );
    }
    let committed_a: Vec<TxnRange> = txns_a
        .iter()
        .filter(|(c, _)| *c)
        .flat_map(|(_, r)| r.iter().copied())
        .collect();

    hb.open_gate();
    assert!(b.wait_acked(m as u64).await, "b processed wave 2");
    wait_committed(&broker, &topics, parts, move |c| {
        c.iter().all(|&o| o == per + (m / parts as usize) as i64)
    })
    .await;
    b.stop().await.expect("b stops cleanly");
    let committed_b: Vec<TxnRange> = hb
        .transactions()
        .iter()
        .inspect(|(c, _)| assert!(*c, "b aborted a transaction"))
        .flat_map(|(_, r)| r.iter().copied())
        .collect();

    // The committed output: a's records whose input a committed, and b's records whose input
    // b committed. tansu shows aborted records to read_committed readers too, so records are
    // judged by the transaction that covered their input.
    let where_is = |id: &str| -> (i32, i64) {
        let (w, i) = id.split_once('-').expect("id");
        let i: usize = i.parse().expect("index");
        match w {
            "e1" => input_of(i, parts, 0),
            _ => input_of(i, parts, per),
        }
    };
    let mut counts: HashMap<String, usize> = HashMap::new();
    for (topic, at_least, committed_by, other) in [
        (&topics.output, n, &committed_a, Some(&aborted)),
        (&out_b, m, &committed_b, None),
    ] {
        let out = consume(
            &broker.bootstrap(),
            topic,
            parts,
            at_least,
            Duration::from_secs(2),
        );
        for msg in &out {
            let id = json(msg)["id"].as_str().unwrap_or("").to_string();
            let input = where_is(&id);
            if covers(committed_by, input) {
                *counts.entry(id).or_default() += 1;
            } else {
                assert!(
                    other.is_some_and(|r| covers(r, input)),
                    "{id} ({input:?}) on {topic} is in no transaction of its writer"
                );
            }
        }
    }
    for (w, k) in [("e1", n), ("e2", m)] {
        for i in 0..k {
            let id = format!("{w}-{i}");
            assert_eq!(
                counts.get(&id),
                Some(&1),
                "{id} once in the committed output"
            );
        }
    }
    assert_eq!(counts.len(), n + m);
}
