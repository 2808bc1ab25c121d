//! The tagger must never panic on text: odd Unicode, cut-off sentences, empty fields.
//! Evidence offsets must be character offsets that slice back to the evidence text.

use chrono::NaiveDate;
use newstag::tagger::{Document, Field, Tagger};

fn check(tagger: &Tagger, text: &str) {
    let fields = [Field { name: "body", text }];
    let doc = Document {
        fields: &fields,
        reference_date: NaiveDate::from_ymd_opt(2025, 8, 6).unwrap_or_default(),
    };
    let (e, _) = tagger.explain(&doc);
    for ev in &e.events {
        let ed = ev.evidence();
        let slice: String = text
            .chars()
            .skip(ed.start)
            .take(ed.end - ed.start)
            .collect();
        assert_eq!(slice, ed.text);
    }
}

#[test]
fn odd_text_does_not_panic() {
    let tagger = Tagger::builtin().expect("rules");
    let odd = [
        "",
        ".",
        "…“”‘’—–",
        "TARIFFS",
        "tariff",
        "U.S.",
        "by Aug.",
        "in 99999999 days",
        "Feb. 30 deadline",
        "deadline 2025-13-45",
        "З 1 серпня США запроваджують мито 25% на сталь. Deadline Friday.",
        "美国对中国钢铁征收25%关税，deadline 8月1日。",
        "🚀 Trump slaps 25% tariffs on 🇨🇳 China by Friday!!! 🚀",
        "e\u{301}\u{301} sanctions on Iran\u{200b} lifted, deadline\u{feff} Monday.",
        "He said.\n\n\n“",
        "the U.S.-imposed deadline Friday, or face",
        "50% 50% 50% 50% tariff tariff tariff on on on",
        "sanctions-sanctions—sanctions–deadline",
        "Putin’s “10 or 12 days” ultimatum",
    ];
    for t in odd {
        check(&tagger, t);
    }
    let npr = include_str!("../../samples/npr-2025-08-06-witkoff-putin.json");
    for (i, _) in npr.char_indices().filter(|(i, _)| i % 29 == 0) {
        check(&tagger, &npr[..i]);
        check(&tagger, &npr[i..]);
    }
}
