//! Deadline detection and date resolution on invented sentences: the date grammar (number
//! words, weekdays with dates, spans counted from a stated date), the deadline/effect split,
//! and look-alikes that must not become deadlines.

use chrono::NaiveDate;
use newstag::tagger::{DeadlineEvent, Enrichment, Event, Field, Tagger};

fn tag(title: &str, body: &str, date: &str) -> Enrichment {
    let tagger = Tagger::builtin().expect("rules");
    let fields = [
        Field {
            name: "title",
            text: title,
        },
        Field {
            name: "body",
            text: body,
        },
    ];
    let reference = NaiveDate::parse_from_str(date, "%Y-%m-%d").expect("date");
    tagger.tag(&newstag::tagger::Document {
        fields: &fields,
        reference_date: reference,
    })
}

fn deadlines(e: &Enrichment) -> Vec<&DeadlineEvent> {
    e.events
        .iter()
        .filter_map(|ev| match ev {
            Event::Deadline(d) => Some(d),
            _ => None,
        })
        .collect()
}

/// The resolved dates of the item's deadlines, as ISO strings (`null` when undated).
fn dates(title: &str, body: &str, date: &str) -> Vec<String> {
    let e = tag(title, body, date);
    deadlines(&e)
        .iter()
        .map(|d| d.date.map_or("null".to_string(), |d| d.to_string()))
        .collect()
}

#[test]
fn hyphenated_number_word_span() {
    assert_eq!(
        dates(
            "",
            "The ministry gave importers forty-five days to comply with the new anti-dumping duties.",
            "2024-02-05",
        ),
        vec!["2024-03-21"]
    );
}

#[test]
fn span_counted_from_the_day_of_the_act() {
    // Published Thursday 2026-03-05; the act is dated two days earlier.
    assert_eq!(
        dates(
            "",
            "The tariffs on imported trucks, signed into law on Tuesday, March 3, take effect in 30 days.",
            "2026-03-05",
        ),
        vec!["2026-04-02"]
    );
}
