//! The gate (`analyze::yields_nothing`): sentences whose deadline triggers provably come to
//! nothing ("a 52-week high", "on Tuesday" with no measure, "from 3.4%") are skipped before
//! analysis, with output unchanged. Debug builds re-run the full analysis on every skipped
//! sentence and assert it yields nothing, so these tests also prove the gate on their text.

use newstag::eval::{parse_items, tag_item, with_document};
use newstag::tagger::{Event, Tagger};

/// One item with `title` and `body`, published 2026-03-04 (a Wednesday).
fn item(title: &str, body: &str) -> newstag::eval::Item {
    let line = serde_json::json!({
        "id": "gate",
        "published_at": "2026-03-04T06:00:00Z",
        "title": title,
        "body": body,
    })
    .to_string();
    let mut items = parse_items(&line, chrono::NaiveDate::MIN).unwrap_or_default();
    assert_eq!(items.len(), 1, "the test item parses");
    items.remove(0)
}

fn tagger() -> Tagger {
    Tagger::builtin().expect("builtin rules compile")
}

/// The explain trace of the item (analysed sentences only).
fn trace(t: &Tagger, title: &str, body: &str) -> String {
    with_document(&item(title, body), |doc| t.explain(doc).1.to_string())
}

/// The deadline dates the item yields.
fn deadline_dates(t: &Tagger, title: &str, body: &str) -> Vec<String> {
    tag_item(t, &item(title, body))
        .events
        .iter()
        .filter_map(|e| match e {
            Event::Deadline(d) => Some(d.date.map_or("null".into(), |x| x.to_string())),
            _ => None,
        })
        .collect()
}

#[test]
fn bare_spans_dated_acts_and_rates_are_not_analysed() {
    let t = tagger();
    for (title, body) in [
        ("Shares hit a 52-week high on Tuesday", ""),
        ("", "The singer was jailed for two years."),
        (
            "",
            "Inflation eased to 2.1% from 3.4% in the previous quarter.",
        ),
        ("", "The company was founded five years ago."),
        (
            "",
            "Rescuers searched for survivors on Sunday after a week of floods.",
        ),
        ("Novelist wins prize for a 10-year project", ""),
    ] {
        let text = if title.is_empty() { body } else { title };
        let tr = trace(&t, title, body);
        assert!(!tr.contains(text), "analysed: {tr}");
        assert!(deadline_dates(&t, title, body).is_empty(), "{text}");
    }
}

#[test]
fn live_spans_and_limits_are_still_analysed() {
    let t = tagger();
    // A span a party holds ("have three weeks to"), an obligation with "within".
    assert_eq!(
        deadline_dates(&t, "", "Negotiators now have three weeks to reach a deal."),
        vec!["2026-03-25"]
    );
    assert_eq!(
        deadline_dates(
            &t,
            "",
            "The ministry must publish the rules within 30 days."
        ),
        vec!["2026-04-03"]
    );
    assert_eq!(
        deadline_dates(&t, "", "Tenants were given 48 hours to leave."),
        vec!["2026-03-06"]
    );
    // An effect date stands if the item reports a measure, here in the next sentence.
    assert_eq!(
        deadline_dates(
            &t,
            "",
            "The new rules take effect on March 20. Washington imposed sanctions on the firm."
        ),
        vec!["2026-03-20"]
    );
}

#[test]
fn look_alike_mark_of_a_skipped_sentence_still_counts() {
    let t = tagger();
    // "club" in a skipped sentence still marks the item as a sports piece: the later limit
    // with no state party is not a deadline.
    let body = "The club confirmed on Monday that the stadium will close. \
                Players must sign the new contracts by Friday.";
    assert!(!trace(&t, "", body).contains("The club confirmed"));
    assert!(deadline_dates(&t, "", body).is_empty());
    // Without the look-alike sentence the limit is one.
    let body = "The stadium will close for repairs. Players must sign the new contracts by Friday.";
    assert_eq!(deadline_dates(&t, "", body), vec!["2026-03-06"]);
    // The mark also crosses fields: a skipped title, a body limit.
    assert!(deadline_dates(
        &t,
        "Club confirms stadium closure on Monday",
        "Players must sign the new contracts by Friday."
    )
    .is_empty());
}
