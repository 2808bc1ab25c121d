//! Who imposes on whom, sixth round: the home countries of listed bodies named after the
//! measure ("including firms in mainland China and Malaysia"); a "hit with" cue read past the
//! measure's own rate and imposer; a trigger ending in its target preposition reads the
//! phrase after it even when a count opens it ("a ban on 300 … officials"); a party facing a
//! rate of the measure in a "with" clause after it.
//! Invented sentences, each class with a case where the rule must not fire.

use crate::tagging::body_roles as roles;

#[test]
fn listed_bodies_name_their_home_countries() {
    roles(
        "Canada sanctioned 40 entities on Tuesday, including firms in mainland China and Malaysia.",
        &["CA"],
        &["CN", "MY"],
    );
    roles(
        "Australia imposed sanctions on Iran, among them companies in Oman, Kenya and the United Arab Emirates.",
        &["AU"],
        &["IR", "OM", "KE", "AE"],
    );
    // one body, singular
    roles(
        "Norway blacklisted two Russian banks, listing a refinery in India.",
        &["NO"],
        &["RU", "IN"],
    );
}

#[test]
fn bystander_bodies_are_no_targets() {
    // the bodies are not what the measure names
    roles(
        "Washington raised tariffs on Chinese steel, pushing companies in Vietnam to expand.",
        &["US"],
        &["CN"],
    );
    roles(
        "Britain sanctioned three Syrian officials as firms in Germany voiced concern.",
        &["GB"],
        &["SY"],
    );
}

#[test]
fn hit_with_reads_past_the_measures_rate_and_imposer() {
    roles(
        "Peruvian asparagus hit with provisional 3.71% U.S. anti-dumping duty.",
        &["US"],
        &["PE"],
    );
    roles(
        "Korean washers hit with a provisional 9.2% U.S. countervailing duty.",
        &["US"],
        &["KR"],
    );
}

#[test]
fn a_count_after_a_ban_on_keeps_the_target_phrase() {
    roles(
        "Beijing announced a ban on 12 Japanese lawmakers.",
        &["CN"],
        &["JP"],
    );
    roles(
        "Ottawa imposed a travel ban on 300 Belarusian officials.",
        &["CA"],
        &["BY"],
    );
    // a day after "ban on" names nobody: no measure on anyone
    let e = crate::tagging::tag("", "Tokyo announced a ban on Monday.", "2025-06-02");
    assert!(crate::tagging::all_measures(&e).is_empty(), "{e:#?}");
}

#[test]
fn a_party_facing_a_rate_after_the_measure_is_its_target() {
    roles(
        "Brazil will impose duties on steel imports, with Chinese coil facing a 25% rate.",
        &["BR"],
        &["CN"],
    );
    roles(
        "Mexico will impose tariffs on Asian imports, with Thai shoes facing 20%.",
        &["MX"],
        &["TH"],
    );
    // what faces no rate is no party
    roles(
        "Brazil will impose duties on steel imports, with prices facing pressure.",
        &["BR"],
        &[],
    );
}
