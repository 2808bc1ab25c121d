//! Tariff rates and actions, eighth round: a headline's combined rate over the separate
//! measures the body lists is no third measure; a reported measure named by its rate and an
//! indefinite article ("said a 12% duty would apply from Monday"), alone or as the second
//! part of a coordinated subject, is announced, not threatened. Invented sentences only; each
//! rule has look-alikes that must not change.

use newstag::tagger::Action;

use super::points_and_resumed_values::{actions, rates};

#[test]
fn a_combined_headline_rate_is_not_a_third_measure() {
    assert_eq!(
        rates(
            "Peru slaps 42.5% duties on Argentine corn",
            "Lima imposed a 30.2% anti-dumping duty and a 12.3% countervailing duty on Argentine corn."
        ),
        vec![12.3, 30.2]
    );
    // Rates that add up to nothing stated stay three measures.
    assert_eq!(
        rates(
            "Peru slaps 40% duties on Argentine corn",
            "Lima imposed a 30.2% anti-dumping duty and a 12.3% countervailing duty on Argentine corn."
        ),
        vec![12.3, 30.2, 40.0]
    );
    // Within one field, rates that happen to add up are a list of measures.
    assert_eq!(
        rates(
            "",
            "Chile on Monday imposed a 25% tariff on Peruvian steel. It also imposed a 10% tariff \
             on Peruvian appliances. A 15% tariff on Peruvian boats was also imposed."
        ),
        vec![10.0, 15.0, 25.0]
    );
}

#[test]
fn a_rated_measure_reported_with_its_start_is_announced() {
    assert_eq!(
        actions("Indonesia's trade ministry said a 15% safeguard duty would apply from Monday."),
        vec![Action::Imposed]
    );
    assert_eq!(
        actions(
            "Indonesia's trade ministry said a 21.4% duty and a 4.1% levy would take effect on Monday."
        ),
        vec![Action::Imposed, Action::Imposed]
    );
    // An indefinite measure with a bare verb after "would" is a hypothesis, not a schedule.
    assert_eq!(
        actions(
            "Analysts said a 25% tariff on Peruvian copper would take a heavy toll on smelters."
        ),
        vec![Action::Threatened]
    );
}

#[test]
fn a_rated_measure_with_an_effect_or_a_condition_stays_a_threat() {
    // What the duty would do is an effect, not a step of its schedule.
    assert_eq!(
        actions("Indonesia's trade ministry said a 15% safeguard duty would hurt importers."),
        vec![Action::Threatened]
    );
    // A condition keeps it open.
    assert_eq!(
        actions(
            "Indonesia's trade ministry said a 15% safeguard duty would apply from Monday if talks fail."
        ),
        vec![Action::Threatened]
    );
}
