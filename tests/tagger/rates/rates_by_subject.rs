//! Tariff rates, fourth round: rates stated as what their own subject pays ("while Korean
//! pipes will face 8.5%", "wire rod will be charged 14% and steel bars 21%", "Imports from
//! Cambodia will be taxed at 41%, Laos at 38%"), in the measure's sentence or a later one
//! with no tariff word, are one event each; "35 per cent, up from 25 per cent" is a new value;
//! "per centum" is a unit; a "usual" duty is the one in force. Invented sentences only; each
//! rule has look-alikes that must not change.

use crate::tagging::sorted_codes;
use newstag::tagger::{Action, MeasureEvent};

const DAY: &str = "2025-06-02";

fn tariffs(title: &str, body: &str) -> Vec<MeasureEvent> {
    crate::tagging::tariffs_on(title, body, DAY)
}

fn rates(title: &str, body: &str) -> Vec<f64> {
    crate::tagging::sorted_rates(title, body, DAY)
}

/// The targets of the tariff event with rate `pct` (exactly one such event).
fn targets_at(events: &[MeasureEvent], pct: f64) -> Vec<&str> {
    let at: Vec<&MeasureEvent> = events.iter().filter(|m| m.rate_pct == Some(pct)).collect();
    assert_eq!(at.len(), 1, "one event at {pct}: {events:#?}");
    sorted_codes(&at[0].target)
}

#[test]
fn a_clause_with_its_own_subject_and_rate_is_its_own_event() {
    let t = tariffs(
        "",
        "Brazil imposed anti-dumping duties of 22% on Chinese steel pipes, while Korean pipes will face 8.5%.",
    );
    assert_eq!(
        rates("", "Brazil imposed anti-dumping duties of 22% on Chinese steel pipes, while Korean pipes will face 8.5%."),
        vec![8.5, 22.0]
    );
    assert_eq!(targets_at(&t, 8.5), vec!["KR"]);
    assert_eq!(targets_at(&t, 22.0), vec!["CN"]);
    // Past tense, another order: the party in the subject, the rate after "pay".
    let t = tariffs(
        "",
        "Shipments from Vietnam will pay a duty of 17% under the ruling, and Thai shipments will pay 6%, Jakarta said.",
    );
    assert!(
        t.iter()
            .all(|m| m.rate_pct != Some(17.0) || m.target.contains(&"VN".to_string())),
        "{t:#?}"
    );
    // Not a rate: what shoppers face is a figure, not a duty.
    assert_eq!(
        rates(
            "",
            "Canada imposed 25% tariffs on U.S. steel, while shoppers will face 3% inflation."
        ),
        vec![25.0]
    );
}

#[test]
fn rates_a_later_sentence_lists_for_goods_are_events_of_the_measure() {
    let title = "Chile slaps safeguard duties on imported steel";
    let t = tariffs(
        title,
        "Wire rod will be charged 14% and steel bars 21% for two years, the finance ministry said.",
    );
    assert_eq!(rates(title, "Wire rod will be charged 14% and steel bars 21% for two years, the finance ministry said."), vec![14.0, 21.0]);
    assert!(
        t.iter()
            .all(|m| m.imposer == vec!["CL".to_string()] && m.action == Action::Imposed),
        "{t:#?}"
    );
    // A quote, "will now be", capitalised goods.
    let title = "Philippines raises tariffs on Vietnamese cement";
    assert_eq!(
        rates(
            title,
            "\"Bagged cement will now be 12% and Bulk cement 9%,\" the trade secretary said."
        ),
        vec![9.0, 12.0]
    );
    // Look-alikes: a price move, a share move, a comparative.
    for body in [
        "Builders will pay 4% more for rebar, analysts said.",
        "Shares of the mills rose 6% on the news.",
        "Local mills will face 3% inflation in energy costs.",
    ] {
        assert_eq!(
            rates("Chile slaps safeguard duties on imported steel", body),
            Vec::<f64>::new(),
            "{body}"
        );
    }
}

#[test]
fn a_rate_table_names_each_entry_party() {
    let title = "U.S. unveils new tariffs on Asian imports";
    let t = tariffs(
        title,
        "Imports from Cambodia will be taxed at 41%, Laos at 38% and Myanmar at 40%.",
    );
    assert_eq!(targets_at(&t, 41.0), vec!["KH"]);
    assert_eq!(targets_at(&t, 38.0), vec!["LA"]);
    assert_eq!(targets_at(&t, 40.0), vec!["MM"]);
    // "for" entries, two or more.
    let t = tariffs(
        title,
        "The new rates include 27% for Peru and 18% for Colombia.",
    );
    assert_eq!(targets_at(&t, 27.0), vec!["PE"]);
    assert_eq!(targets_at(&t, 18.0), vec!["CO"]);
    // No verb of paying, one "for": no rate.
    for body in [
        "Imports from Chile rose 12% last year.",
        "Officials expect a 5% rise for retailers.",
    ] {
        assert_eq!(rates(title, body), Vec::<f64>::new(), "{body}");
    }
}

#[test]
fn a_spread_a_restatement_and_the_imposers_own_goods_add_nothing() {
    // A spread is no one rate.
    assert_eq!(
        rates(
            "Washington sets new tariffs on Indian goods",
            "Partners that signed deals will face rates of 10% to 20%."
        ),
        Vec::<f64>::new()
    );
    // The same value again is the same event.
    let t = tariffs(
        "EU slaps duties on Chinese tyres",
        "Car tyres will face 15%. Truck tyres will face 15% as well.",
    );
    assert_eq!(t.len(), 1, "{t:#?}");
    assert_eq!(t[0].rate_pct, Some(15.0));
    // The imposer's own goods paying another party's duty are not this measure's rate.
    assert_eq!(
        rates(
            "U.S. raises tariffs on Chinese goods",
            "U.S. farm goods will face 10% in China."
        ),
        Vec::<f64>::new()
    );
}

#[test]
fn up_from_marks_the_new_value() {
    assert_eq!(
        rates(
            "",
            "Ghana raised its import duty on rice to 20% from 15%, while sugar will bear 35 per cent, up from 25 per cent."
        ),
        vec![20.0, 35.0]
    );
    assert_eq!(
        rates("Kenya's duty on wheat will rise to 35%, up from 10%", ""),
        vec![35.0]
    );
    // "up" alone is still a move, not a new value of a duty.
    assert_eq!(
        rates("Kenya imposes 10% duty on wheat as prices jump up 4%", ""),
        vec![10.0]
    );
}

#[test]
fn per_centum_and_a_usual_duty() {
    assert_eq!(
        rates("Peru slaps 12 per centum duty on Chilean onions", ""),
        vec![12.0]
    );
    assert_eq!(
        rates(
            "",
            "Ecuador will charge import duties of 18 per centum on Peruvian rice from Monday."
        )
        .len(),
        1
    );
    // "centum" alone is no unit.
    assert_eq!(
        rates("Peru slaps duty on Chilean onions after 12 centum rise", ""),
        Vec::<f64>::new()
    );
    assert_eq!(
        rates(
            "EU sets extra duties of 21% on Chinese EVs, on top of the usual 10% car duty",
            ""
        ),
        vec![21.0]
    );
}
