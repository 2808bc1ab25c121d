//! Who imposes on whom, fifth round: owners named in a relative clause or owning a barred
//! place are no targets; parties told of a measure are its targets; a fronted condition
//! opening a quotation; the object of a subject's first predicate; a measure inside a
//! list's description; "the bloc" referring back; a bare country before plain noun
//! modifiers; a target preposition after a stated amount; subjects placed under a measure.
//! Invented sentences, each class with a case where the rule must not fire.

use crate::tagging::body_roles as roles;

#[test]
fn an_owner_in_a_relative_clause_is_no_target() {
    roles(
        "Britain blacklisted the Turkish shipper Arkas, which is partly owned by Gazprom.",
        &["GB"],
        &["TR"],
    );
    // the company itself is still a target
    roles(
        "Britain blacklisted Gazprom and three Turkish shippers.",
        &["GB"],
        &["RU", "TR"],
    );
}

#[test]
fn the_owner_of_a_barred_place_bans() {
    roles(
        "Ottawa barred Russian ships from Canadian ports on Friday.",
        &["CA"],
        &["RU"],
    );
    roles(
        "The package bars Belarusian lorries from EU roads.",
        &["EU"],
        &["BY"],
    );
    // a party after "from" that owns no place is still hit
    roles(
        "Canada banned imports from Belarus on Tuesday.",
        &["CA"],
        &["BY"],
    );
}

#[test]
fn a_party_told_of_a_measure_is_its_target() {
    roles(
        "Thailand was told a 36% tariff will apply to its exports from August.",
        &[],
        &["TH"],
    );
    roles(
        "Chile, Peru told to brace for 20% U.S. tariffs.",
        &["US"],
        &["CL", "PE"],
    );
    // the teller is not told
    roles(
        "Germany told reporters it would impose tariffs on Chinese bicycles.",
        &["DE"],
        &["CN"],
    );
}

#[test]
fn a_fronted_condition_in_a_quotation_is_skipped() {
    // the party of the condition is no imposer
    roles(
        "\"If Belarus keeps the border closed, Poland will impose sanctions,\" the minister said.",
        &["PL"],
        &[],
    );
}

#[test]
fn the_first_predicates_object_is_the_target() {
    roles(
        "Canada expels Venezuelan envoy, announces sanctions.",
        &["CA"],
        &["VE"],
    );
    roles(
        "Australia recalls ambassador from Myanmar, imposes sanctions.",
        &["AU"],
        &[],
    );
    // the second predicate names its own target
    roles(
        "Canada expels Venezuelan envoy, announces sanctions on Cuba.",
        &["CA"],
        &["CU"],
    );
}

#[test]
fn a_party_removed_from_a_list_of_privileged_states_is_the_target() {
    roles(
        "Seoul approved removing Japan from its list of partners that enjoy minimal export restrictions.",
        &["KR"],
        &["JP"],
    );
}

#[test]
fn the_bloc_refers_back_to_the_union() {
    roles(
        "The European Union met on Monday. Washington threatened a 20% tariff on imports from the bloc.",
        &["US"],
        &["EU"],
    );
}

#[test]
fn a_bare_country_before_noun_modifiers_is_the_target() {
    roles(
        "Washington eased Syria banking sanctions.",
        &["US"],
        &["SY"],
    );
    // a verb after the country is no modifier
    roles(
        "Turkey triples import levies on Chinese cars.",
        &["TR"],
        &["CN"],
    );
    // nor a plural verb after a coordinated subject
    roles(
        "Norway, Iceland tighten sanctions on Russian trawlers.",
        &["NO", "IS"],
        &["RU"],
    );
}

#[test]
fn a_target_preposition_follows_a_stated_amount() {
    roles(
        "Brazil imposed anti-dumping duties of up to 1,200 US dollars per tonne on steel pipes from Korea.",
        &["BR"],
        &["KR"],
    );
}

#[test]
fn subjects_placed_under_a_measure_are_targets() {
    roles(
        "Two Iranian airlines were placed under Canadian sanctions.",
        &["CA"],
        &["IR"],
    );
}
