//! Tagger throughput against a raw multi-pattern scan of the same bytes.
//!
//! Two mixes, built deterministically from text in the repository:
//! - `bytes` (dense): the dev corpus and `samples/`, every title as a headline item and
//!   ~1,000-word articles made by joining corpus bodies in file order. Every sentence is about
//!   sanctions, tariffs or deadlines (or a look-alike): the tagger's worst case.
//! - `feed`: a news feed in which one item in five is on-topic: the 160 ordinary news items of
//!   `tests/corpus/offtopic.jsonl` (100 headlines, 60 articles of 400-900 words) plus every
//!   k-th item of the dense mix, 40 in all.
//!
//! Two measurements over the same bytes of each mix:
//! - `tagger`: `Tagger::tag` on every item (title + body);
//! - `raw_scan`: ONE aho-corasick pass with the same trigger lexicon and the same automaton
//!   options (ASCII case-insensitive, leftmost-longest, DFA), counting word-boundary hits —
//!   the floor any trigger-driven tagger pays.

use std::hint::black_box;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use chrono::NaiveDate;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use newstag::eval::parse_items;
use newstag::tagger::{Document, Field, Tagger};

const DEV: &str = include_str!("../tests/corpus/dev.jsonl");
const SAMPLE: &str = include_str!("../samples/npr-2025-08-06-witkoff-putin.json");
const OFFTOPIC: &str = include_str!("../tests/corpus/offtopic.jsonl");

struct Item {
    title: String,
    body: String,
    date: NaiveDate,
}

fn mix() -> Vec<Item> {
    let day = NaiveDate::from_ymd_opt(2025, 8, 6).unwrap_or_default();
    let mut src = parse_items(DEV, day).unwrap_or_default();
    src.extend(parse_items(SAMPLE, day).unwrap_or_default());
    let mut out = Vec::new();
    // Headlines: every title alone.
    for it in &src {
        out.push(Item {
            title: it.title.clone(),
            body: String::new(),
            date: it.reference_date,
        });
    }
    // Articles of about 1,000 words: bodies joined in order until the length is reached.
    let mut body = String::new();
    let mut words = 0;
    let mut first_title = String::new();
    for it in src.iter().cycle().take(src.len() * 2) {
        if body.is_empty() {
            first_title = it.title.clone();
        }
        body.push_str(&it.body);
        body.push_str("\n\n");
        words += it.body.split_whitespace().count();
        if words >= 1000 {
            out.push(Item {
                title: std::mem::take(&mut first_title),
                body: std::mem::take(&mut body),
                date: it.reference_date,
            });
            words = 0;
        }
    }
    out
}

/// The feed mix: every off-topic item, and on-topic items from the dense mix at an even
/// stride so that they are one item in five.
fn feed(dense: &[Item]) -> Vec<Item> {
    let day = NaiveDate::from_ymd_opt(2025, 8, 6).unwrap_or_default();
    let off = parse_items(OFFTOPIC, day).unwrap_or_default();
    let on = off.len() / 4;
    let stride = (dense.len() / on.max(1)).max(1);
    let mut out: Vec<Item> = off
        .into_iter()
        .map(|it| Item {
            title: it.title,
            body: it.body,
            date: it.reference_date,
        })
        .collect();
    out.extend(dense.iter().step_by(stride).take(on).map(|it| Item {
        title: it.title.clone(),
        body: it.body.clone(),
        date: it.date,
    }));
    out
}

fn bench(c: &mut Criterion) {
    let tagger = Tagger::builtin().unwrap_or_else(|e| panic!("rules: {e}"));
    let dense = mix();
    let feed = feed(&dense);
    let ac = AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::LeftmostLongest)
        .kind(Some(AhoCorasickKind::DFA))
        .build(tagger.trigger_patterns())
        .unwrap_or_else(|e| panic!("automaton: {e}"));
    bench_mix(c, "bytes", &tagger, &ac, &dense);
    bench_mix(c, "feed", &tagger, &ac, &feed);
}

/// Criterion groups `{name}` (tagger vs raw scan, bytes/s) and `{name}_items` (items/s).
fn bench_mix(c: &mut Criterion, name: &str, tagger: &Tagger, ac: &AhoCorasick, items: &[Item]) {
    let bytes: usize = items.iter().map(|i| i.title.len() + i.body.len()).sum();
    eprintln!(
        "{name} mix: {} items ({} headlines), {} bytes, {} trigger patterns",
        items.len(),
        items.iter().filter(|i| i.body.is_empty()).count(),
        bytes,
        tagger.trigger_patterns().len()
    );

    let tag_all = || {
        let mut events = 0usize;
        for it in items {
            let fields = [
                Field {
                    name: "title",
                    text: &it.title,
                },
                Field {
                    name: "body",
                    text: &it.body,
                },
            ];
            let e = tagger.tag(&Document {
                fields: &fields,
                reference_date: it.date,
            });
            events += e.events.len();
        }
        events
    };
    let scan_all = || {
        let mut hits = 0usize;
        for it in items {
            for text in [&it.title, &it.body] {
                for m in ac.find_iter(text.as_str()) {
                    let b = text.as_bytes();
                    let before = m.start() == 0 || !b[m.start() - 1].is_ascii_alphanumeric();
                    let after = m.end() == b.len() || !b[m.end()].is_ascii_alphanumeric();
                    if before && after {
                        hits += 1;
                    }
                }
            }
        }
        hits
    };

    let mut g = c.benchmark_group(name);
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function("tagger", |b| b.iter(|| black_box(tag_all())));
    g.bench_function("raw_scan", |b| b.iter(|| black_box(scan_all())));
    g.finish();

    // The dense mix's items group keeps its historical name, "items".
    let items_group = if name == "bytes" {
        "items".to_string()
    } else {
        format!("{name}_items")
    };
    let mut g = c.benchmark_group(items_group);
    g.throughput(Throughput::Elements(items.len() as u64));
    g.bench_function("tagger", |b| b.iter(|| black_box(tag_all())));
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
