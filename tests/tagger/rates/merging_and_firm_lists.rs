//! Tariff rates, actions and merging, seventh round: a headline's rounded rate and the body's
//! precise one are one measure; firms' rates listed "for" each of them are separate events;
//! a leader's letter telling a partner of a rate is a threat; an easing verb takes back a
//! "tariff threat" across its modifiers. Invented sentences only; each rule has look-alikes
//! that must not change.

use newstag::tagger::{Action, EventType};

const DAY: &str = "2025-06-02";

fn rates(title: &str, body: &str) -> Vec<f64> {
    crate::tagging::sorted_rates(title, body, DAY)
}

fn title_actions(title: &str) -> Vec<Action> {
    let e = crate::tagging::tag(title, "", DAY);
    crate::tagging::measures(&e, EventType::Tariff)
        .iter()
        .map(|m| m.action)
        .collect()
}

#[test]
fn a_rounded_headline_rate_is_the_body_rate() {
    assert_eq!(
        rates(
            "Peru sets anti-dumping duties of up to 95% on Thai tuna",
            "Lima will levy provisional anti-dumping duties of up to 94.7% on canned tuna from \
             Thailand, the trade ministry said on Monday."
        ),
        vec![94.7]
    );
    // Different goods: two measures, even when one rate rounds to the other.
    assert_eq!(
        rates(
            "Peru puts 12% duty on Thai rice",
            "Peru also imposed a 12.4% duty on Thai sugar, the trade ministry said on Monday."
        ),
        vec![12.0, 12.4]
    );
}

#[test]
fn rates_listed_for_firms_are_separate_events() {
    assert_eq!(
        rates(
            "",
            "Ankara will impose anti-dumping duties on Vietnamese plywood. The rates will be \
             11.2 percent for Sonha, 14.5 percent for Hoa Binh and 20.3 percent for Minh Long."
        ),
        vec![11.2, 14.5, 20.3]
    );
    // Months are no payers.
    assert_eq!(
        rates(
            "",
            "Ankara will impose anti-dumping duties on Vietnamese plywood. The rate will be \
             11.2 percent for January and 14.5 percent for February."
        ),
        vec![11.2]
    );
}

#[test]
fn a_letter_telling_of_a_rate_is_a_threat() {
    assert_eq!(
        title_actions("A Trump letter tells Lima that Peruvian goods face 30% tariff from Sept. 1"),
        vec![Action::Threatened]
    );
    // A newsletter is no letter.
    assert_eq!(
        title_actions(
            "A trade newsletter tells readers that Peru imposed 30% tariffs on Chilean wine"
        ),
        vec![Action::Imposed]
    );
}

#[test]
fn dropping_a_tariff_threat_eases_it() {
    assert_eq!(
        title_actions("Ottawa drops Peru steel tariff threat after talks"),
        vec![Action::Eased]
    );
    // A verb of another clause does not reach the threat.
    assert_eq!(
        title_actions("Ottawa drops talks and issues Peru steel tariff threat"),
        vec![Action::Threatened]
    );
}
