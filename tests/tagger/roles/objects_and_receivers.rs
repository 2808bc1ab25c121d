//! Who imposes on whom, third round: objects before a date ("on Monday"), bodies tied to a
//! party by a reduced relative clause, receivers of a measure, counted lists of
//! nationalities, long objects of "hit … with", and gazetteer entries (informal demonyms,
//! capitals of small states, leaders named in sanctions news). Invented sentences, each
//! class with a case where the rule must not fire.

use crate::tagging::{
    all_measures as all, body_roles as roles, measures, sorted_codes as sorted, tag,
};
use newstag::tagger::EventType;

#[test]
fn a_day_or_month_after_on_is_no_target_phrase() {
    roles(
        "Ottawa sanctioned 14 Russian oligarchs on Monday.",
        &["CA"],
        &["RU"],
    );
    roles(
        "Canberra imposed travel bans on Friday on 30 Iranian officials.",
        &["AU"],
        &["IR"],
    );
    roles(
        "Seoul will raise the duties on July 1, the trade ministry said.",
        &["KR"],
        &[],
    );
}

#[test]
fn bodies_tied_to_a_party_target_it() {
    roles(
        "Washington sanctioned 12 companies tied to North Korea's missile program.",
        &["US"],
        &["KP"],
    );
    roles(
        "Britain blacklisted eight firms linked to the Iranian military.",
        &["GB"],
        &["IR"],
    );
    roles(
        "Canada sanctioned six firms linked to Iran on Monday.",
        &["CA"],
        &["IR"],
    );
    // The tie is to a thing, and the country after it is only where that thing happened.
    roles(
        "Britain is considering asset freezes on two officials linked to a bomb plot near Paris.",
        &["GB"],
        &[],
    );
}

#[test]
fn the_receiver_of_a_measure_is_its_target() {
    roles(
        "Thailand and Tunisia received U.S. tariff letters on Monday.",
        &["US"],
        &["TH", "TN"],
    );
    roles("China got new U.S. tariffs on its steel.", &["US"], &["CN"]);
    // A relief received from the measure: the receiver is still the party it bears on.
    roles(
        "China got relief from U.S. tariffs after the talks.",
        &["US"],
        &["CN"],
    );
    // A request to act is no measure received.
    let e = tag(
        "",
        "Japan received a request to impose sanctions on Russia.",
        "2025-06-02",
    );
    assert!(
        all(&e).iter().all(|m| !m.target.iter().any(|c| c == "JP")),
        "{e:#?}"
    );
}

#[test]
fn a_counted_nationality_continues_the_list() {
    roles(
        "Treasury designates two Lebanese, one Brazilian national as Hezbollah financiers.",
        &["US"],
        &["BR", "LB"],
    );
    // A count of officials who speak is an attribution, not a listed target.
    let e = tag(
        "",
        "The U.S. sanctioned three Iranian firms, two U.S. officials said.",
        "2025-06-02",
    );
    let found = all(&e);
    assert_eq!(found.len(), 1, "{e:#?}");
    assert_eq!(sorted(&found[0].target), ["IR"], "{e:#?}");
}

#[test]
fn a_long_object_of_hit_with_is_targeted() {
    roles(
        "The EU hit Belarus potash, tobacco sectors and Lukashenko cronies with asset freezes.",
        &["EU"],
        &["BY"],
    );
    // A clause break ends the object: Mexico is in another clause.
    let e = tag(
        "",
        "Mexico protested; the U.S. hit steel with a 25% tariff.",
        "2025-06-02",
    );
    assert!(
        all(&e).iter().all(|m| !m.target.iter().any(|c| c == "MX")),
        "{e:#?}"
    );
}

#[test]
fn gazetteer_names_informal_demonyms_capitals_and_leaders() {
    roles(
        "The Aussie government slapped travel bans on 13 Iranian officials.",
        &["AU"],
        &["IR"],
    );
    roles(
        "Washington imposed sanctions on Milorad Dodik.",
        &["US"],
        &["BA"],
    );
    roles(
        "The EU froze the assets of Khalifa Haftar.",
        &["EU"],
        &["LY"],
    );
    roles(
        "Lome froze the assets of three Malian officials.",
        &["TG"],
        &["ML"],
    );
}

#[test]
fn a_plural_verb_after_a_listed_subject_takes_an_object() {
    roles(
        "Saudi Arabia, UAE blacklist 25 Iranian entities",
        &["AE", "SA"],
        &["IR"],
    );
}

#[test]
fn the_owner_of_a_passive_subject_is_hit_not_acting() {
    roles(
        "Iran's central bank was sanctioned by Washington and London.",
        &["GB", "US"],
        &["IR"],
    );
    // An owner of the measure itself still imposes.
    roles(
        "Russia's new tariffs on Polish apples were announced on Monday.",
        &["RU"],
        &["PL"],
    );
}

#[test]
fn a_retaliation_is_against_the_party_named_after_it() {
    roles(
        "China retaliated against the U.S. with 15% tariffs on coal.",
        &["CN"],
        &["US"],
    );
    roles(
        "Ottawa hit back at Washington with a 25% surtax on steel.",
        &["CA"],
        &["US"],
    );
    // Against a measure, not a party: the target comes from the goods.
    roles(
        "Brazil retaliated against the tariffs with levies on U.S. wheat.",
        &["BR"],
        &["US"],
    );
}

#[test]
fn a_headline_addressed_to_a_party_targets_it() {
    let e = tag(
        "Trump to EU: scrap digital rules by Friday or face new tariffs",
        "",
        "2025-08-26",
    );
    let found = all(&e);
    assert_eq!(found.len(), 1, "{e:#?}");
    assert_eq!(
        (sorted(&found[0].imposer), sorted(&found[0].target)),
        (vec!["US"], vec!["EU"]),
        "{e:#?}"
    );
    let e = tag(
        "Biden to Putin: invade Ukraine and face severe sanctions",
        "",
        "2022-01-20",
    );
    assert!(
        all(&e)
            .iter()
            .any(|m| sorted(&m.imposer) == ["US"] && sorted(&m.target) == ["RU"]),
        "{e:#?}"
    );
    // Speaking to a party is no address: who faces the measure is named before "face".
    roles(
        "Trump, speaking to EU leaders, said Iran must comply or face sanctions.",
        &["US"],
        &["IR"],
    );
}

#[test]
fn where_a_faced_measure_applies_imposes_it() {
    roles(
        "Goods from Vietnam face 46% tariffs in the United States.",
        &["US"],
        &["VN"],
    );
    roles(
        "Chinese exporters face anti-dumping duties in the EU.",
        &["EU"],
        &["CN"],
    );
    // Bodies in a state that face a measure: the state is targeted.
    roles(
        "Banks in China could face U.S. sanctions.",
        &["US"],
        &["CN"],
    );
    // Bodies in a country are targets, not where the measure applies.
    let e = tag(
        "",
        "The EU said 61 companies will be subject to export restrictions, including firms in China.",
        "2025-06-02",
    );
    assert!(
        all(&e).iter().all(|m| !m.imposer.iter().any(|c| c == "CN")),
        "{e:#?}"
    );
}

/// "Britain sanctions eight Iranian firms": any counted object after the verb makes the
/// trigger a verb, so the actor before it is the imposer (not only "two" to "five").
#[test]
fn a_counted_object_of_any_size_makes_sanctions_a_verb() {
    for text in [
        "Britain sanctions eight Iranian firms over drone supplies.",
        "EU sanctions a dozen Russian officials over the jailing of an activist.",
        "Canada sanctions twelve Haitian gang leaders.",
    ] {
        let e = tag(text, "", "2025-06-02");
        let found = measures(&e, EventType::Sanction);
        assert_eq!(found.len(), 1, "{text}: {e:#?}");
        assert!(!found[0].imposer.is_empty(), "{text}: no imposer: {e:#?}");
    }
    // A noun use stays a noun: "EU sanctions eight years on" is no imposition.
    let e = tag(
        "EU sanctions eight years on: what changed for Moscow",
        "",
        "2025-06-02",
    );
    assert!(
        measures(&e, EventType::Sanction)
            .iter()
            .all(|m| m.action != newstag::tagger::Action::Imposed || m.imposer.is_empty()),
        "{e:#?}"
    );
}
