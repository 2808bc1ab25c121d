//! Helpers for the tagger's behaviour tests: tag a title and body on a reference day, and
//! pick events by type. The built-in rules are compiled once for the whole test binary.

use std::sync::OnceLock;

use chrono::NaiveDate;
use newstag::tagger::{DeadlineEvent, Document, Enrichment, Event, EventType, Field};
use newstag::tagger::{MeasureEvent, Tagger};

/// The built-in rules, compiled on first use.
pub fn tagger() -> &'static Tagger {
    static TAGGER: OnceLock<Tagger> = OnceLock::new();
    TAGGER.get_or_init(|| Tagger::builtin().expect("rules"))
}

/// Tags `title` and `body` as published on `date` (`YYYY-MM-DD`).
pub fn tag(title: &str, body: &str, date: &str) -> Enrichment {
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
    tagger().tag(&Document {
        fields: &fields,
        reference_date: reference,
    })
}

/// The sanction or tariff events of type `ty`.
pub fn measures(e: &Enrichment, ty: EventType) -> Vec<&MeasureEvent> {
    e.events
        .iter()
        .filter_map(|ev| match ev {
            Event::Sanction(m) if ty == EventType::Sanction => Some(m),
            Event::Tariff(m) if ty == EventType::Tariff => Some(m),
            _ => None,
        })
        .collect()
}

/// The tariff events of a title and body on reference day `date`, owned.
pub fn tariffs_on(title: &str, body: &str, date: &str) -> Vec<MeasureEvent> {
    let e = tag(title, body, date);
    measures(&e, EventType::Tariff)
        .into_iter()
        .cloned()
        .collect()
}

/// The rates of the tariff events of a title and body on day `date`, sorted.
pub fn sorted_rates(title: &str, body: &str, date: &str) -> Vec<f64> {
    let mut r: Vec<f64> = tariffs_on(title, body, date)
        .iter()
        .filter_map(|m| m.rate_pct)
        .collect();
    r.sort_by(f64::total_cmp);
    r
}

/// All sanction and tariff events, in output order.
pub fn all_measures(e: &Enrichment) -> Vec<&MeasureEvent> {
    let mut v = measures(e, EventType::Sanction);
    v.extend(measures(e, EventType::Tariff));
    v
}

/// Sorted codes, for order-free comparison.
pub fn sorted_codes(codes: &[String]) -> Vec<&str> {
    let mut v: Vec<&str> = codes.iter().map(String::as_str).collect();
    v.sort_unstable();
    v
}

/// Tags a one-sentence body and checks the roles of its only measure (codes in any order).
pub fn body_roles(text: &str, imposer: &[&str], target: &[&str]) {
    let e = tag("", text, "2025-06-02");
    let found = all_measures(&e);
    assert_eq!(found.len(), 1, "{text}: {e:#?}");
    let mut want_i = imposer.to_vec();
    let mut want_t = target.to_vec();
    want_i.sort_unstable();
    want_t.sort_unstable();
    assert_eq!(
        (
            sorted_codes(&found[0].imposer),
            sorted_codes(&found[0].target)
        ),
        (want_i, want_t),
        "{text}"
    );
}

/// The deadline events.
pub fn deadlines(e: &Enrichment) -> Vec<&DeadlineEvent> {
    e.events
        .iter()
        .filter_map(|ev| match ev {
            Event::Deadline(d) => Some(d),
            _ => None,
        })
        .collect()
}

/// The one event of type `ty` that `title` and `body` (published on `date`) yield; fails,
/// printing the enrichment, when there is not exactly one.
pub fn one_measure(ty: EventType, title: &str, body: &str, date: &str) -> MeasureEvent {
    let e = tag(title, body, date);
    let found = measures(&e, ty);
    assert_eq!(found.len(), 1, "{e:#?}");
    found[0].clone()
}
