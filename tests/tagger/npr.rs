//! The user's real example (NPR, 2025-08-06, machine-paraphrased copy) must come out exactly
//! as: tariff imposed US→IN at 25; sanction threatened US→RU; secondary tariffs threatened by
//! US; one deadline on 2025-08-08 ("Friday", published Wednesday).

use newstag::eval::{parse_items, tag_item};
use newstag::tagger::{Action, Event, EventType, Tagger};

#[test]
fn npr_witkoff_putin() {
    let text = include_str!("../../samples/npr-2025-08-06-witkoff-putin.json");
    let items = parse_items(text, chrono::NaiveDate::MIN).expect("sample parses");
    let tagger = Tagger::builtin().expect("builtin rules compile");
    let e = tag_item(&tagger, &items[0]);
    assert_eq!(
        e.tags,
        vec![EventType::Deadline, EventType::Sanction, EventType::Tariff]
    );
    let mut tariffs = Vec::new();
    let mut sanctions = Vec::new();
    let mut deadlines = Vec::new();
    for ev in &e.events {
        match ev {
            Event::Tariff(m) => tariffs.push(m),
            Event::Sanction(m) => sanctions.push(m),
            Event::Deadline(d) => deadlines.push(d),
        }
    }
    assert_eq!(e.events.len(), 4, "{:#?}", e.events);
    assert_eq!(tariffs.len(), 2);
    let imposed = tariffs
        .iter()
        .find(|m| m.action == Action::Imposed)
        .expect("imposed tariff");
    assert_eq!(imposed.imposer, vec!["US"]);
    assert_eq!(imposed.target, vec!["IN"]);
    assert_eq!(imposed.rate_pct, Some(25.0));
    let secondary = tariffs
        .iter()
        .find(|m| m.action == Action::Threatened)
        .expect("threatened secondary tariffs");
    assert_eq!(secondary.imposer, vec!["US"]);
    assert!(secondary.evidence.text.contains("secondary tariffs"));
    assert_eq!(secondary.rate_pct, None);

    assert_eq!(sanctions.len(), 1);
    assert_eq!(sanctions[0].action, Action::Threatened);
    assert_eq!(sanctions[0].imposer, vec!["US"]);
    assert_eq!(sanctions[0].target, vec!["RU"]);

    assert_eq!(deadlines.len(), 1);
    assert_eq!(
        deadlines[0].date,
        chrono::NaiveDate::from_ymd_opt(2025, 8, 8)
    );
    assert_eq!(deadlines[0].date_end, None);

    // Evidence offsets are character offsets into the field.
    let body = &items[0].body;
    for ev in &e.events {
        let ed = ev.evidence();
        let slice: String = body
            .chars()
            .skip(ed.start)
            .take(ed.end - ed.start)
            .collect();
        assert_eq!(slice, ed.text);
    }
}
