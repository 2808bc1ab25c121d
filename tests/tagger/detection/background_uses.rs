//! Detection of the sixth round: background uses of a measure (a party already listed named
//! after a preposition, a measure said to exist, existing measures cited, retrospectives
//! "N years after/on", measures a party has faced, a trade body's ruling that a measure broke
//! its rules, a study's finding, a measure kept in place or changed since), a member's
//! discipline by its own body, a non-binding resolution, calls turned down; deadlines of a
//! measure's run ("now run until"), spans counted from an act without a determiner ("30 days
//! after publication"), and dates that are no limit (match days, drills, how long a protest
//! has run). Invented sentences only.

use crate::tagging::*;

use newstag::tagger::EventType;

/// The reference day of this module and of `dated_background_and_advocates`.
pub(super) const DAY: &str = "2026-05-12"; // a Tuesday

/// How many events of `ty` the item holds.
pub(super) fn count(ty: EventType, title: &str, body: &str) -> usize {
    measures(&tag(title, body, DAY), ty).len()
}

/// The item's deadline dates ("null" for an unresolved one).
pub(super) fn dates(title: &str, body: &str) -> Vec<String> {
    deadlines(&tag(title, body, DAY))
        .iter()
        .map(|d| d.date.map_or("null".to_string(), |d| d.to_string()))
        .collect()
}

/// No text of `texts` (a body each) holds an event of `ty`.
pub(super) fn none_fire(ty: EventType, texts: &[&str]) {
    for t in texts {
        assert_eq!(
            count(ty, "", t),
            0,
            "no {ty:?} expected: {t}\n{:#?}",
            tag("", t, DAY)
        );
    }
}

/// Every text of `texts` (a body each) holds an event of `ty`.
pub(super) fn all_fire(ty: EventType, texts: &[&str]) {
    for t in texts {
        assert!(
            count(ty, "", t) > 0,
            "{ty:?} expected: {t}\n{:#?}",
            tag("", t, DAY)
        );
    }
}

#[test]
fn a_party_already_listed_is_background() {
    none_fire(
        EventType::Sanction,
        &[
            "A jet belonging to sanctioned Belarusian financier Pavel Orlov was auctioned in Malta.",
            "Two villas linked to blacklisted Iranian traders were sold by a court in Dubai.",
        ],
    );
    all_fire(
        EventType::Sanction,
        &[
            "Australia on Monday sanctioned three Belarusian financiers over the crackdown.",
            "Britain imposed sanctions on two Iranian traders linked to drone shipments.",
        ],
    );
}

#[test]
fn existing_measures_cited_or_stated_are_background() {
    none_fire(
        EventType::Sanction,
        &[
            "\"Sanctions exist for a reason, and we will enforce them,\" a Canadian prosecutor said.",
            "Rome said pressure on Moscow holds, pointing to existing measures including the freezing of central bank assets.",
        ],
    );
    all_fire(
        EventType::Sanction,
        &["Japan froze the assets of four Russian shipping firms on Friday."],
    );
}

#[test]
fn discipline_of_a_member_and_non_binding_calls_are_no_sanction() {
    none_fire(
        EventType::Sanction,
        &[
            "The Italian Senate president sanctioned a senator for sexist remarks, docking a month of his daily allowance.",
            "Deputies in Lisbon backed a non-binding resolution urging the government to consider restrictive measures against Belarus.",
            "Tokyo's trade minister dismissed calls from some lawmakers to restrict exports of chip chemicals to China.",
        ],
    );
    all_fire(
        EventType::Sanction,
        &["Portugal's government adopted restrictive measures against Belarus on Monday."],
    );
}

#[test]
fn retrospectives_are_background() {
    none_fire(
        EventType::Tariff,
        &[
            "Four years after Canada imposed tariffs of 20% on Chinese steel, economists still disagree on the gains.",
            "Six years on, India's duties on Japanese steel have done little for its mills, analysts say.",
        ],
    );
    none_fire(
        EventType::Sanction,
        &["Seven years after Washington placed the carmaker on its Entity List, its sales are recovering."],
    );
    all_fire(
        EventType::Tariff,
        &["Canada imposed tariffs of 20% on Chinese steel on Monday."],
    );
}

#[test]
fn measures_faced_ruled_on_studied_or_kept_are_background() {
    none_fire(
        EventType::Tariff,
        &[
            "Chilean exporters have faced a 10% duty on most shipments to the United States since March.",
            "A WTO panel ruled on Monday that Indian tariffs on Japanese phones violated global trade rules.",
            "A study by Brazil's central bank found the tariffs raised local steel prices by 4%.",
            "The Brazilian government has kept the duties in place for most countries.",
            "Mexico has since replaced the tariffs on Korean steel with a quota.",
            "The Indian government has given no indication that it intends to lift the duties on Chinese steel.",
        ],
    );
    all_fire(
        EventType::Tariff,
        &[
            "India raised tariffs on Japanese phones to 20% on Monday.",
            "Brazil will impose duties of 15% on Chinese steel from June 1.",
        ],
    );
}

#[test]
fn a_measure_running_until_a_day_is_a_deadline() {
    assert_eq!(
        dates(
            "Canada renews sanctions on Belarus for another year",
            "The listings now run until March 3, 2027, Ottawa said.",
        ),
        ["2027-03-03"]
    );
}

#[test]
fn a_span_after_an_act_without_a_determiner_counts_from_the_reference() {
    assert_eq!(
        dates(
            "Peru slaps 30% tariff on Chinese tyres",
            "Peru will impose a 30% tariff on Chinese tyres. The duty will take effect 20 days after publication, the decree said.",
        ),
        ["2026-06-01"]
    );
}

#[test]
fn match_days_drills_and_protests_are_no_limits() {
    assert!(dates(
        "Oman, Qatar to meet in FIFA-sanctioned friendly",
        "Oman and Qatar will meet in a FIFA-sanctioned friendly in Doha early next month, the federation said.",
    )
    .is_empty());
    assert!(dates(
        "Myanmar generals sanctioned by Canada",
        "Canada imposed sanctions on four Myanmar generals. Thousands of people have marched in Mandalay for six days demanding their release.",
    )
    .is_empty());
}

#[test]
fn a_year_naming_an_accord_does_not_date_the_measure() {
    assert!(
        count(
            EventType::Tariff,
            "Canada slaps 12.5% anti-dumping duty on Peruvian avocados after quitting 2021 pact",
            "",
        ) > 0
    );
    none_fire(
        EventType::Tariff,
        &["Peru imposed anti-dumping duties on Canadian wheat in 2019, trade data show."],
    );
}
