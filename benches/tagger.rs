//! Tagger throughput against a raw multi-pattern scan of the same bytes.
//!
//! The mix is built deterministically from text in the repository (the dev corpus and
//! `samples/`): every title as a headline item, and ~1,000-word articles made by joining
//! corpus bodies in file order. Two measurements over the same bytes:
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

fn bench(c: &mut Criterion) {
    let tagger = Tagger::builtin().unwrap_or_else(|e| panic!("rules: {e}"));
    let items = mix();
    let bytes: usize = items.iter().map(|i| i.title.len() + i.body.len()).sum();
    let ac = AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::LeftmostLongest)
        .kind(Some(AhoCorasickKind::DFA))
        .build(tagger.trigger_patterns())
        .unwrap_or_else(|e| panic!("automaton: {e}"));
    eprintln!(
        "mix: {} items ({} headlines), {} bytes, {} trigger patterns",
        items.len(),
        items.iter().filter(|i| i.body.is_empty()).count(),
        bytes,
        tagger.trigger_patterns().len()
    );

    let tag_all = || {
        let mut events = 0usize;
        for it in &items {
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
        for it in &items {
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

    let mut g = c.benchmark_group("bytes");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function("tagger", |b| b.iter(|| black_box(tag_all())));
    g.bench_function("raw_scan", |b| b.iter(|| black_box(scan_all())));
    g.finish();

    let mut g = c.benchmark_group("items");
    g.throughput(Throughput::Elements(items.len() as u64));
    g.bench_function("tagger", |b| b.iter(|| black_box(tag_all())));
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
