//! Detection of the fifth round: the approval sense of "sanction" (plans, rises, frameworks,
//! events a body sanctions), penalties that are a tariff, measures steered clear of or said
//! not to be sanctions, denied reports, sanctions already in place, time on a blacklist,
//! match officials' penalties, price ceilings and tightened exports as sanctions; deadline
//! forms "N days after its publication", and what is no limit: a span something has lasted,
//! a period set in a past-dated clause or followed, a missed deadline, a sports limit noun.
//! Invented sentences only.

use crate::tagging::*;

use newstag::tagger::EventType;

const DAY: &str = "2026-05-12"; // a Tuesday

fn sanctions(title: &str, body: &str) -> usize {
    measures(&tag(title, body, DAY), EventType::Sanction).len()
}

fn dates(title: &str, body: &str) -> Vec<String> {
    deadlines(&tag(title, body, DAY))
        .iter()
        .map(|d| d.date.map_or("null".to_string(), |d| d.to_string()))
        .collect()
}

fn all_fire(titles: &[&str]) {
    for t in titles {
        assert!(
            sanctions(t, "") > 0,
            "sanction expected: {t}\n{:#?}",
            tag(t, "", DAY)
        );
    }
}

fn none_fire(texts: &[&str]) {
    for t in texts {
        assert_eq!(
            sanctions("", t),
            0,
            "no sanction expected: {t}\n{:#?}",
            tag("", t, DAY)
        );
    }
}

#[test]
fn a_sanction_verb_approving_a_thing_is_no_measure() {
    none_fire(&[
        "Kenya's energy ministry on Monday sanctioned water tariff hikes of 6% for Nairobi.",
        "Peru's regulator has sanctioned a revised pricing framework for wind farms.",
        "Ottawa said it had sanctioned Chile's plan to build a new port near the border.",
        "The bout, sanctioned by two governing bodies, takes place in Cairo on Saturday.",
        "A match sanctioned by the national federation will be played in Lima next week.",
    ]);
    all_fire(&[
        "Canada sanctions Iranian officials over the crackdown",
        "Japan sanctioned three Russian banks on Friday",
        "The U.S. sanctions plan for Venezuela targets its gold trade",
    ]);
}

#[test]
fn penalties_that_are_a_tariff_and_measures_steered_clear_of() {
    none_fire(&[
        "She said the penalties on Venezuela would take the form of secondary tariffs of 50%.",
        "Pacific leaders steered clear of sanctions on the junta at their summit.",
        "The duties are not formally sanctions, diplomats in Brussels explained.",
        "Jakarta dismissed a press report that the government was weighing curbs on \
         cobalt exports to Japan.",
        "The new EU listing matters little because broader U.S. sanctions were already in \
         place against the airline.",
        "Six years on the blacklist, the Chinese drone maker reported record sales.",
        "The match referee imposed the sanction after Sri Lanka were ruled two overs short \
         against India.",
    ]);
    // The tariff itself still counts.
    assert_eq!(
        measures(
            &tag(
                "",
                "She said the penalties on Venezuela would take the form of secondary tariffs of 50%.",
                DAY
            ),
            EventType::Tariff
        )
        .len(),
        1
    );
}

#[test]
fn price_ceilings_and_tightened_exports_aimed_at_a_party() {
    all_fire(&[
        "G7 imposes a price ceiling on Russian sea-borne crude from Monday",
        "Seoul to tighten exports of machine tools to Russia from June 1",
    ]);
    none_fire(&[
        "The government tightened exports of onions to bring down soaring domestic prices.",
        "A price ceiling on bread will stay until the harvest, the mayor said.",
    ]);
}

#[test]
fn a_span_after_the_act_that_starts_the_clock() {
    assert_eq!(
        dates(
            "Chile imposes 20% duty on Chinese steel bars",
            "The duty will come into force 30 days after its publication in the official \
             gazette, the ministry said."
        ),
        vec!["2026-06-11"]
    );
    assert_eq!(
        dates(
            "Mexico orders ban on dealings with two Chinese app makers",
            "The ban will take effect 45 days after the signature of the order."
        ),
        vec!["2026-06-26"]
    );
    // A past event names no clock: "three years after the invasion".
    assert!(dates(
        "",
        "The EU imposed new sanctions on Minsk three years after the invasion began."
    )
    .is_empty());
}

#[test]
fn spans_that_ran_and_limits_that_were_missed_are_no_deadlines() {
    for body in [
        "Talks on lifting U.S. tariffs on Thai shrimp have stalled for three months.",
        "The tariffs follow a three-year review of Brazilian steel imports by Washington.",
        "The cabinet last month approved a two-year moratorium on duties for Ghana's cocoa \
         importers.",
        "Vietnam's ministry set new tariffs for wind farms that missed the deadline for the \
         earlier scheme.",
    ] {
        assert!(dates("", body).is_empty(), "no deadline expected: {body}");
    }
    // A limit still counts where the span is one.
    assert_eq!(
        dates(
            "",
            "The U.S. will suspend the tariffs on Swiss watches for three months."
        ),
        vec!["2026-08-12"]
    );
}

#[test]
fn a_limit_noun_in_a_sports_item_is_the_sports_limit() {
    assert!(dates(
        "Transfer deadline day: Porto sign striker as window shuts",
        "The earlier cut-off, agreed by clubs last year, means sides in Portugal can no longer \
         buy players while rivals in Spain keep shopping."
    )
    .is_empty());
    // A state's ultimatum keeps its cut-off.
    assert_eq!(
        dates(
            "",
            "Washington gave Caracas a cut-off of Friday to release the prisoners or face new \
             sanctions."
        )
        .len(),
        1
    );
}
