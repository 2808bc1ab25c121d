//! Who is targeted when two rated duties share one target phrase ("an anti-dumping duty of
//! 12% and an anti-subsidy duty of 4% on …"): a hyphenated duty name between the first rate
//! and the phrase does not end the first duty's phrase. Invented sentences, with a case where
//! a later rate must still start its own phrase.

use crate::tagging::{sorted_codes as sorted, tariffs_on};

/// The target of the tariff event with `rate` in an item of `title` and `body`.
fn target_of(title: &str, body: &str, rate: f64) -> Vec<String> {
    let all = tariffs_on(title, body, "2025-06-02");
    let m = all
        .iter()
        .find(|m| m.rate_pct == Some(rate))
        .unwrap_or_else(|| panic!("no {rate}% tariff in {all:#?}"));
    sorted(&m.target).iter().map(|c| c.to_string()).collect()
}

#[test]
fn two_rated_duties_share_the_target_phrase_after_them() {
    let title = "Turkey slaps 16% duties on Egyptian glass bottles";
    let body = "Turkey will levy an anti-dumping duty of 12% and an anti-subsidy duty of 4% on \
                glass bottles imported from Egypt from next month.";
    assert_eq!(target_of(title, body, 12.0), ["EG"]);
    assert_eq!(target_of(title, body, 4.0), ["EG"]);
    let title = "Mexico sets 35% duties on Danish pork";
    let body = "Mexico will charge an anti-dumping duty of 30% and an anti-subsidy duty of 5% on \
                pork shipped from Denmark, the economy ministry said.";
    assert_eq!(target_of(title, body, 30.0), ["DK"]);
    assert_eq!(target_of(title, body, 5.0), ["DK"]);
}

#[test]
fn a_rate_after_a_named_party_still_starts_its_own_phrase() {
    let title = "Chile slaps duties on flour and sugar";
    let body = "Chile imposed a 15% anti-dumping duty on flour from Argentina and a 7% duty on \
                sugar from Peru, the finance ministry said.";
    assert_eq!(target_of(title, body, 15.0), ["AR"]);
    assert_eq!(target_of(title, body, 7.0), ["PE"]);
}
