//! Everyday news must stay untagged: the 160 ordinary items of `tests/corpus/offtopic.jsonl`
//! (markets, sport, weather, science, politics... written with no sanction, tariff or
//! deadline event) are most of what a real feed carries, so every event tagged there is a
//! false alert a user would see.

use newstag::eval::{parse_items, tag_item};
use newstag::tagger::Tagger;

#[test]
fn ordinary_news_yields_no_events() {
    let items = parse_items(
        include_str!("../corpus/offtopic.jsonl"),
        chrono::NaiveDate::MIN,
    )
    .expect("offtopic.jsonl parses");
    assert_eq!(items.len(), 160, "offtopic.jsonl holds 160 items");
    let tagger = Tagger::builtin().expect("builtin rules compile");
    let mut found = Vec::new();
    for item in &items {
        for event in tag_item(&tagger, item).events {
            found.push(format!(
                "{}: {}",
                item.id,
                serde_json::to_string(&event).unwrap_or_default()
            ));
        }
    }
    assert!(
        found.is_empty(),
        "events tagged in ordinary news:\n{}",
        found.join("\n")
    );
}

/// "Demand" the economists' noun is no ultimatum; a party's demand with a limit is one.
#[test]
fn economic_demand_is_no_obligation_but_a_demand_with_a_limit_is() {
    let none = crate::tagging::tag(
        "",
        "Analysts expect copper to reach $12,000 a ton by the end of next year, citing strong \
         demand from grid builders.",
        "2025-10-08",
    );
    assert!(none.events.is_empty(), "{none:#?}");
    let some = crate::tagging::tag(
        "",
        "Washington demanded that Caracas free the detained Americans by Friday or face new \
         sanctions.",
        "2025-10-08",
    );
    let d = crate::tagging::deadlines(&some);
    assert_eq!(d.len(), 1, "{some:#?}");
    assert_eq!(
        d[0].date.map(|x| x.to_string()).as_deref(),
        Some("2025-10-10")
    );
}
