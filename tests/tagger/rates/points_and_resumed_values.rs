//! Tariff rates and actions, sixth round: a duty's size in points ("a 20-point duty hike",
//! "30 percentage points of its tariff"); the new value of a change verb resumed after a long
//! object (", to 12.5%"); a participle whose object is the measure's rate ("…, lifting the
//! rate to 40%") keeps the rate; a reported measure with a step of its schedule ("the ministry
//! said the duties would apply from Monday") is announced, and "10% or 5%" is a list, no open
//! choice; rates a leader's letters set are threats. Invented sentences only; each rule has
//! look-alikes that must not change.

use newstag::tagger::{Action, EventType};

const DAY: &str = "2025-06-02";

/// The sorted tariff rates of an item dated [`DAY`].
pub(super) fn rates(title: &str, body: &str) -> Vec<f64> {
    crate::tagging::sorted_rates(title, body, DAY)
}

/// The tariff actions of a one-field item dated [`DAY`].
pub(super) fn actions(body: &str) -> Vec<Action> {
    let e = crate::tagging::tag("", body, DAY);
    crate::tagging::measures(&e, EventType::Tariff)
        .iter()
        .map(|m| m.action)
        .collect()
}

#[test]
fn a_duty_hike_in_points_is_its_rate() {
    assert_eq!(
        rates("Norway slaps 20-point duty hike on Chilean salmon feed", ""),
        vec![20.0]
    );
    // Points of a figure's move are no rate.
    assert_eq!(
        rates(
            "",
            "Oslo raised tariffs on Chilean salmon feed, a move economists said would cut 2-point growth forecasts."
        ),
        Vec::<f64>::new()
    );
}

#[test]
fn points_of_a_tariff_are_its_rate() {
    assert_eq!(
        rates(
            "",
            "Ottawa will keep suspended 30 percentage points of its tariff on Brazilian beef until March."
        ),
        vec![30.0]
    );
    assert_eq!(
        rates(
            "",
            "Ottawa imposed tariffs on Brazilian beef, which analysts said would shave 0.4 percentage points off growth."
        ),
        Vec::<f64>::new()
    );
}

#[test]
fn a_new_value_resumed_after_a_long_object() {
    assert_eq!(
        rates(
            "",
            "Under the accord, Canada will halve the 25% tariff it imposed last spring on Peruvian textiles, including yarn and knitwear, to 12.5%."
        ),
        vec![12.5]
    );
    // A new value with a verb of its own is a step of its own, not the first rate's change.
    assert_eq!(
        rates(
            "",
            "Canada imposed a 25% tariff on Peruvian textiles, including yarn, rising to 40% next year."
        ),
        vec![25.0, 40.0]
    );
}

#[test]
fn a_participle_on_the_same_rate_keeps_it() {
    assert_eq!(
        rates(
            "",
            "Chile more than doubled tariffs on Argentine wheat on Monday, lifting the rate to 40% from 15%."
        ),
        vec![40.0]
    );
    // A verb with another object after the comma is another measure.
    assert_eq!(
        rates(
            "",
            "Chile paused tariffs on Argentine wheat for 60 days, raises Bolivia rate to 40%."
        ),
        Vec::<f64>::new()
    );
}

#[test]
fn a_reported_measure_with_a_schedule_step_is_announced() {
    assert_eq!(
        actions("The Thai finance ministry said the duties on Malaysian rubber would apply from Monday."),
        vec![Action::Imposed]
    );
    // An effect of the measure is no announcement.
    assert_eq!(
        actions("Thai exporters said the duties on Malaysian rubber would hurt tyre makers."),
        vec![Action::Threatened]
    );
    // A condition keeps it a threat.
    assert_eq!(
        actions("The Thai finance ministry said the duties on Malaysian rubber would apply from Monday unless Kuala Lumpur relents."),
        vec![Action::Threatened]
    );
}

#[test]
fn a_list_of_rates_is_no_open_choice() {
    assert_eq!(
        actions("Peru's trade ministry said it would impose tariffs of 15% or 8% on 300 Ecuadorian products."),
        vec![Action::Imposed, Action::Imposed]
    );
    // One rate each.
    assert_eq!(
        rates(
            "",
            "Peru's trade ministry said it would impose tariffs of 15% or 8% on 300 Ecuadorian products."
        ),
        vec![8.0, 15.0]
    );
    // A spread is no list.
    assert_eq!(
        rates(
            "",
            "Peru's trade ministry said it would impose tariffs of between 15% and 8% on 300 Ecuadorian products."
        ),
        Vec::<f64>::new()
    );
    assert_eq!(
        actions("Peru's trade ministry said it would impose tariffs on Ecuadorian products in May or June."),
        vec![Action::Threatened]
    );
}

#[test]
fn rates_set_in_letters_are_threats() {
    assert_eq!(
        actions("Trump letters set 20% tariffs on Peru and Chile from Sept. 1."),
        vec![Action::Threatened]
    );
    assert_eq!(
        actions("The White House, in a letter to Lima, said a 20% duty on Peruvian copper will start on Sept. 1."),
        vec![Action::Threatened]
    );
    // Letter paper is goods, not a letter.
    assert_eq!(
        actions("Lima imposed a 20% tariff on Chilean letter paper on Monday."),
        vec![Action::Imposed]
    );
}
