//! Who imposes on whom, second round: appositions and lists in the target phrase, where goods
//! go, and targets carried over from the item's earlier measures. Invented sentences, each
//! class with a case where the rule must not fire.

use crate::tagging::{all_measures as all, body_roles as roles, sorted_codes as sorted, tag};
use newstag::tagger::Enrichment;

/// Some event of the item has exactly these roles.
fn has(e: &Enrichment, imposer: &[&str], target: &[&str]) -> bool {
    all(e).iter().any(|m| {
        let (mut i, mut t) = (imposer.to_vec(), target.to_vec());
        i.sort_unstable();
        t.sort_unstable();
        sorted(&m.imposer) == i && sorted(&m.target) == t
    })
}

#[test]
fn an_apposition_names_the_listed_targets() {
    roles(
        "Australia blacklisted 60 people, among them Iranian commanders.",
        &["AU"],
        &["IR"],
    );
    roles(
        "Canada sanctioned 20 entities, most of them North Korean shipping firms.",
        &["CA"],
        &["KP"],
    );
}

#[test]
fn goods_named_as_examples_are_not_parties() {
    let e = tag(
        "",
        "The U.S. imposed a 25% tariff on farm goods, including French cheese and Spanish ham.",
        "2025-06-02",
    );
    assert!(all(&e).iter().all(|m| m.target.is_empty()), "{e:#?}");
}

#[test]
fn a_party_placed_on_a_list_after_the_trigger_is_the_target() {
    roles(
        "Beijing placed 12 U.S. defence firms on its export control list.",
        &["CN"],
        &["US"],
    );
    roles(
        "The Commerce Department added 90 entities, most of them Chinese chip equipment makers and research institutes, to its Entity List.",
        &["US"],
        &["CN"],
    );
}

#[test]
fn where_the_goods_go_is_the_target() {
    roles(
        "Singapore announced export controls on electronics, computers and telecom items destined for Russia.",
        &["SG"],
        &["RU"],
    );
}

#[test]
fn a_retaliation_aims_at_the_party_that_struck_first() {
    let e = tag(
        "",
        "The United States imposed 25% tariffs on Brazilian steel on Monday. Brazil said it would respond with its own levies.",
        "2025-06-02",
    );
    assert!(has(&e, &["US"], &["BR"]), "{e:#?}");
    assert!(has(&e, &["BR"], &["US"]), "{e:#?}");
}

#[test]
fn a_follow_up_measure_keeps_its_imposers_target() {
    let e = tag(
        "",
        "The EU imposed sanctions on Belarus on Monday. Brussels warned that further sanctions could follow.",
        "2025-06-02",
    );
    let found = all(&e);
    assert!(found.iter().all(|m| sorted(&m.target) == ["BY"]), "{e:#?}");
}

#[test]
fn a_phrase_that_names_no_party_is_not_filled_in() {
    let e = tag(
        "",
        "The U.S. imposed tariffs on Chinese steel on Monday. Trump also threatened a 25% tariff on imported cars.",
        "2025-06-02",
    );
    let found = all(&e);
    assert!(
        found
            .iter()
            .any(|m| m.rate_pct == Some(25.0) && m.target.is_empty()),
        "{e:#?}"
    );
}

#[test]
fn exported_goods_go_to_the_target_but_taxed_imports_go_to_the_imposer() {
    roles(
        "Japan announced export controls on chips and other sensitive goods headed to Russia.",
        &["JP"],
        &["RU"],
    );
    let e = tag(
        "",
        "Canada imposed a 25% surtax on U.S. steel. Automakers faced a 25% levy on vehicles shipped to the U.S. since April.",
        "2025-06-02",
    );
    assert!(
        all(&e)
            .iter()
            .all(|m| !(m.imposer.is_empty() && m.target == ["US"])),
        "{e:#?}"
    );
}

#[test]
fn the_seller_to_targeted_buyers_is_not_a_target() {
    roles(
        "Trump imposed a 25% secondary tariff on buyers of Venezuelan oil.",
        &["US"],
        &[],
    );
    roles(
        "The U.S. threatened sanctions on countries that purchase Russian weapons.",
        &["US"],
        &[],
    );
    roles(
        "Trump said the tariffs would hit consumers of Russian crude.",
        &["US"],
        &[],
    );
}

#[test]
fn the_party_warned_or_threatened_with_a_measure_is_its_target() {
    roles("Washington warned India of sanctions.", &["US"], &["IN"]);
    roles(
        "China threatened Lithuania with trade restrictions.",
        &["CN"],
        &["LT"],
    );
}

#[test]
fn an_owner_after_held_by_is_not_the_agent() {
    let e = tag(
        "",
        "Japan announced a freeze on assets held by Russian banks.",
        "2025-06-02",
    );
    let found = all(&e);
    assert!(!found.is_empty(), "{e:#?}");
    assert!(
        found
            .iter()
            .all(|m| m.imposer == ["JP"] && m.target == ["RU"]),
        "{e:#?}"
    );
}

#[test]
fn wire_abbreviations_and_adjectives_between_name_and_measure() {
    roles(
        "S.Africa slaps provisional duties on Brazilian chicken",
        &["ZA"],
        &["BR"],
    );
    roles(
        "EU extends Russia economic sanctions by six months",
        &["EU"],
        &["RU"],
    );
}

#[test]
fn the_public_kept_from_dealing_is_not_the_target() {
    roles(
        "The U.S. Treasury barred Americans from engaging in transactions with Iran's central bank.",
        &["US"],
        &["IR"],
    );
    // the object is the target when the counterparty is the imposer's own
    roles(
        "Japan barred seven Russian lenders from doing business with Japanese banks.",
        &["JP"],
        &["RU"],
    );
}

#[test]
fn a_headline_clause_after_a_comma_has_its_own_subject() {
    let e = tag(
        "Canada sanctions Iranian officials, Tehran vows retaliatory sanctions",
        "",
        "2025-06-02",
    );
    assert!(has(&e, &["IR"], &["CA"]), "{e:#?}");
    assert!(
        all(&e)
            .iter()
            .all(|m| m.imposer != ["CA"] || m.target == ["IR"]),
        "{e:#?}"
    );
}

#[test]
fn a_states_officials_speak_for_it() {
    roles(
        "Turkey has until Friday to drop the deal or face sanctions, U.S. senators warn.",
        &["US"],
        &["TR"],
    );
}

#[test]
fn a_measure_with_no_subject_continues_the_one_on_its_target() {
    let e = tag(
        "",
        "Trump ordered 25% tariffs on Canada and 10% on China. Canadian energy will face a lower 10% levy.",
        "2025-06-02",
    );
    assert!(
        all(&e)
            .iter()
            .all(|m| !m.target.contains(&"CA".to_string()) || m.imposer == ["US"]),
        "{e:#?}"
    );
}

#[test]
fn goods_from_a_party_after_the_measure_name_the_target() {
    roles(
        "The U.S. imposed a 10% tariff on new civil aircraft from the EU.",
        &["US"],
        &["EU"],
    );
}

#[test]
fn an_idiom_or_a_date_is_no_target_phrase() {
    let e = tag(
        "",
        "The EU imposed duties of up to 38% on Chinese electric cars. The duties would come on top of the standard 10% tariff.",
        "2025-06-02",
    );
    assert!(all(&e).iter().all(|m| m.target == ["CN"]), "{e:#?}");
    let e = tag(
        "",
        "Trump imposed a 5% tariff on all Mexican goods. The levy would climb to 10% on July 1.",
        "2025-06-02",
    );
    assert!(all(&e).iter().all(|m| m.target == ["MX"]), "{e:#?}");
}

#[test]
fn its_own_measure_aims_where_the_other_one_did() {
    let e = tag(
        "",
        "The U.S. imposed sanctions on Myanmar's generals. Britain said it was considering its own sanctions.",
        "2025-06-02",
    );
    assert!(has(&e, &["GB"], &["MM"]), "{e:#?}");
}

#[test]
fn secondary_measures_do_not_target_the_party_warned() {
    roles(
        "Trump gave Moscow 50 days to end the war or face secondary tariffs.",
        &["US"],
        &[],
    );
    let e = tag(
        "",
        "The U.S. imposed sanctions on Iran's steel sector. Foreign firms could themselves face secondary sanctions, U.S. officials said.",
        "2025-06-02",
    );
    assert!(
        all(&e)
            .iter()
            .all(|m| m.target == ["IR"] || m.target.is_empty()),
        "{e:#?}"
    );
    assert!(all(&e).iter().any(|m| m.target.is_empty()), "{e:#?}");
}

#[test]
fn commerce_in_a_headline_is_the_us_department_but_not_other_ministries() {
    roles(
        "Commerce adds 140 Chinese chip firms to Entity List",
        &["US"],
        &["CN"],
    );
    roles(
        "China's Commerce Ministry added 10 U.S. defence firms to its unreliable entity list.",
        &["CN"],
        &["US"],
    );
}

#[test]
fn goods_from_a_listed_origin_are_no_subject() {
    roles(
        "Goods from Japan and South Korea will be charged a 25% tariff, Trump said.",
        &["US"],
        &["JP", "KR"],
    );
}

#[test]
fn both_countries_are_the_pair_named_before() {
    let e = tag(
        "",
        "Trump spoke to the Cambodian prime minister and the acting Thai prime minister on Saturday. He urged a ceasefire. Both countries face a 36% U.S. tariff from Aug. 1 unless they reach agreements.",
        "2025-07-27",
    );
    assert!(has(&e, &["US"], &["KH", "TH"]), "{e:#?}");
    // no pair named before: nothing is made up
    let e = tag(
        "",
        "Both countries face a 36% U.S. tariff from Aug. 1 unless they reach agreements.",
        "2025-07-27",
    );
    assert!(all(&e).iter().all(|m| m.target.is_empty()), "{e:#?}");
}

#[test]
fn arms_transfers_to_a_party_and_a_party_removed_from_a_list() {
    roles(
        "The UN Security Council extended its freeze on weapons transfers to Libya.",
        &["UN"],
        &["LY"],
    );
    let e = tag(
        "",
        "The White House said it would remove Cuba from the U.S. list of state sponsors of terrorism and suspend other curbs.",
        "2025-01-14",
    );
    assert!(all(&e).iter().any(|m| m.target == ["CU"]), "{e:#?}");
}

#[test]
fn adjective_demonyms_of_smaller_states() {
    roles(
        "Malaysia cut its customs charge on Philippine bananas to 5%.",
        &["MY"],
        &["PH"],
    );
}

#[test]
fn as_well_as_continues_a_list_of_targets() {
    roles(
        "Britain imposed sanctions against Iran and North Korea as well as Syria.",
        &["GB"],
        &["IR", "KP", "SY"],
    );
}

#[test]
fn a_retaliation_against_another_partys_measure_targets_that_party() {
    let e = tag(
        "",
        "Beijing said it would retaliate against Washington's new tariffs with duties of its own.",
        "2025-06-02",
    );
    assert!(has(&e, &["CN"], &["US"]), "{e:#?}");
}

#[test]
fn curbed_exports_to_a_party_but_not_a_description_of_goods() {
    roles(
        "Japan's trade ministry said it would tighten export curbs on chip materials to South Korea.",
        &["JP"],
        &["KR"],
    );
    roles(
        "Beijing warned it could impose anti-dumping levies on Canadian canola, the country's largest farm export to China.",
        &["CN"],
        &["CA"],
    );
}

#[test]
fn what_a_hitting_verb_puts_before_with_is_hit() {
    roles(
        "Ottawa hammered American steel with a 25% surtax on Monday.",
        &["CA"],
        &["US"],
    );
    roles(
        "Canberra whacked Thai canned tuna with anti-dumping duties.",
        &["AU"],
        &["TH"],
    );
    // "with" after a verb that hits nobody: no target from the with-frame.
    roles(
        "Brussels, speaking with Japan, said it would impose tariffs on steel.",
        &["EU"],
        &[],
    );
}

#[test]
fn leaders_and_capitals_of_the_gazetteer_map_to_their_state() {
    roles(
        "Prime Minister Dick Schoof said the Netherlands would back sanctions on Moscow.",
        &["NL"],
        &["RU"],
    );
    roles(
        "The U.S. imposed sanctions on Daniel Noboa's political rivals.",
        &["US"],
        &["EC"],
    );
}

#[test]
fn an_apposition_gives_the_nationality_of_a_named_target() {
    roles(
        "Washington imposed sanctions on Zentrix, the Chinese drone maker, on Tuesday.",
        &["US"],
        &["CN"],
    );
    roles(
        "The Treasury sanctioned Ivan Petrov, a Russian businessman, for aiding the war.",
        &["US"],
        &["RU"],
    );
    // A speaker after the comma is no apposition.
    roles(
        "The EU imposed tariffs on Halvar Steel, a Chinese official said.",
        &["EU"],
        &[],
    );
}

#[test]
fn a_relative_clause_that_ties_bodies_to_a_party_names_it() {
    roles(
        "The United States imposed sanctions on tankers that it said form part of Russia's shadow fleet.",
        &["US"],
        &["RU"],
    );
    roles(
        "Britain sanctioned 20 vessels which officials say belong to Iran's navy.",
        &["GB"],
        &["IR"],
    );
    // A relative clause about something else names no target.
    roles(
        "Japan imposed sanctions on banks that lent money to Russia.",
        &["JP"],
        &[],
    );
}

#[test]
fn a_retaliation_answers_the_party_of_the_clause_after_it() {
    let e = tag(
        "",
        "Ottawa vowed counter-tariffs after Washington reimposed a 10% duty on Canadian aluminum.",
        "2025-06-02",
    );
    assert!(has(&e, &["CA"], &["US"]), "{e:#?}");
    assert!(has(&e, &["US"], &["CA"]), "{e:#?}");
    // No retaliation word: the later clause lends no target.
    let e = tag(
        "",
        "Brazil announced tariffs after Argentina cut its own duties.",
        "2025-06-02",
    );
    assert!(
        !all(&e)
            .iter()
            .any(|m| m.imposer == ["BR"] && m.target == ["AR"]),
        "{e:#?}"
    );
}

#[test]
fn the_targets_own_exports_go_to_the_imposer_not_to_a_target() {
    roles(
        "Washington warned Brazil and India that they would face tariffs of 100% on their exports to America.",
        &["US"],
        &["BR", "IN"],
    );
    // The imposer's own curbed exports still go to the target.
    roles(
        "Japan tightened curbs on its chip exports to South Korea.",
        &["JP"],
        &["KR"],
    );
}

#[test]
fn a_measure_applied_or_extended_to_a_party_targets_it() {
    roles(
        "Canada will apply a 25% surtax to Chinese steel from October.",
        &["CA"],
        &["CN"],
    );
    roles(
        "Britain extended its sanctions to Belarus.",
        &["GB"],
        &["BY"],
    );
    // A date after "to" is no party.
    roles(
        "The EU extended sanctions on Syria to July 31.",
        &["EU"],
        &["SY"],
    );
}

#[test]
fn bodies_based_or_registered_in_a_state_target_it() {
    roles(
        "The U.S. blacklisted three companies based in the United Arab Emirates.",
        &["US"],
        &["AE"],
    );
    roles(
        "Britain sanctioned two shipping firms registered in the Marshall Islands.",
        &["GB"],
        &["MH"],
    );
    // "based" of a decision, not of a body: no party from it.
    roles(
        "The EU imposed sanctions on Syria, based in part on intelligence from Britain.",
        &["EU"],
        &["SY"],
    );
}

#[test]
fn every_listed_party_moved_onto_a_list_is_targeted() {
    roles(
        "Japan added Chinese and Russian companies to its export control list on Friday.",
        &["JP"],
        &["CN", "RU"],
    );
    // A party after the list is not moved.
    roles(
        "Washington added five Chinese firms to the entity list over their links to Iran's military.",
        &["US"],
        &["CN"],
    );
}
