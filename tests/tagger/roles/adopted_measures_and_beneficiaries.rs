//! Who imposes on whom, fourth round: measures adopted from another party, rates changed by
//! a state for goods of another, beneficiaries after "for", the two sides of holdings,
//! conditions on a party's act, pairs trading measures, "both countries" as a subject, list
//! members after a preposition, "its" after a named state, longer "hit … with" objects,
//! banned shipments to a destination, the object of a barred trade, pronouns that skip
//! prepositional objects, goods lists ending at their origin, objects of a measure verb after
//! a modal and spun prepositions.
//! Invented sentences, each class with a case where the rule must not fire.

use crate::tagging::{all_measures as all, body_roles as roles, sorted_codes as sorted, tag};

/// The (imposer, target) pairs of all measures of a title and body, sorted codes each.
fn pairs(title: &str, body: &str) -> Vec<(Vec<String>, Vec<String>)> {
    let e = tag(title, body, "2025-06-02");
    let mut v: Vec<(Vec<String>, Vec<String>)> = all(&e)
        .iter()
        .map(|m| {
            let owned = |c: &[String]| sorted(c).iter().map(|s| s.to_string()).collect();
            (owned(&m.imposer), owned(&m.target))
        })
        .collect();
    v.sort();
    v
}

fn pair(imposer: &[&str], target: &[&str]) -> (Vec<String>, Vec<String>) {
    let owned = |c: &[&str]| {
        let mut v: Vec<String> = c.iter().map(|s| s.to_string()).collect();
        v.sort();
        v
    };
    (owned(imposer), owned(target))
}

#[test]
fn the_party_adopting_a_measure_imposes_it() {
    roles(
        "Norway adopted the EU sanctions on Belarusian fertiliser exporters.",
        &["NO"],
        &["BY"],
    );
    roles(
        "Japan will match U.S. tariffs on Chinese electric vehicles.",
        &["JP"],
        &["CN"],
    );
    roles(
        "Iceland took over the European Union's new sanctions against Russia.",
        &["IS"],
        &["RU"],
    );
    // A stance on the measure is no adoption: its author still imposes.
    roles(
        "Norway criticised U.S. tariffs on Chinese electric vehicles.",
        &["US"],
        &["CN"],
    );
}

#[test]
fn a_demonym_after_a_rate_change_by_another_state_is_the_target() {
    roles("Ottawa halves Japanese tariff to 5%.", &["CA"], &["JP"]);
    roles(
        "Washington raised the Brazilian tariff to 50% on Monday.",
        &["US"],
        &["BR"],
    );
    // The subject's own demonym: its own tariff, aimed at whoever the phrase names.
    roles(
        "The U.S. and Britain agreed a deal that will reduce American import levies on British cars.",
        &["US"],
        &["GB"],
    );
}

#[test]
fn the_party_a_rate_or_relief_is_for_is_the_target() {
    roles(
        "Mexico will waive its 15% corn tariff for U.S. growers.",
        &["MX"],
        &["US"],
    );
    roles(
        "Seoul cut the beef tariff to 10% for Australia.",
        &["KR"],
        &["AU"],
    );
    roles(
        "Washington ended the tariff exemptions for Canada, Mexico and Brazil.",
        &["US"],
        &["BR", "CA", "MX"],
    );
    // A reason or the imposer's own public is no beneficiary.
    roles(
        "Canada imposed new sanctions for Russia's abduction of Ukrainian children.",
        &["CA"],
        &[],
    );
    roles(
        "Ottawa raised the 25% tariff for Canadian consumers.",
        &["CA"],
        &[],
    );
}

#[test]
fn the_other_side_of_holdings_is_the_target() {
    roles(
        "The U.S. Treasury on Friday froze any U.S. assets of Hong Kong's police chief.",
        &["US"],
        &["HK"],
    );
    roles(
        "Washington banned new American investment in Russia.",
        &["US"],
        &["RU"],
    );
    // Investment coming into the imposer: the investors' state is targeted.
    roles(
        "Britain banned Chinese investment in British nuclear plants.",
        &["GB"],
        &["CN"],
    );
    // The owner before "assets" without "of" stays the target.
    roles("Japan froze Russian assets in Tokyo.", &["JP"], &["RU"]);
}

#[test]
fn the_party_a_measure_depends_on_is_the_target() {
    roles(
        "Trump said he would impose 20% tariffs on more goods if Beijing retaliates.",
        &["US"],
        &["CN"],
    );
    roles(
        "Brussels will lift the sanctions unless Minsk frees political prisoners.",
        &["EU"],
        &["BY"],
    );
    // A party doing the same is no condition on the measure.
    roles(
        "Norway will impose the sanctions if the EU does.",
        &["NO"],
        &[],
    );
    // Nor is the seller when buyers are hit.
    roles(
        "Washington threatened tariffs on countries that buy Iranian oil unless Tehran agrees to talks.",
        &["US"],
        &[],
    );
}

#[test]
fn a_pair_trading_measures_imposes_each_way() {
    assert_eq!(
        pairs("Peru, Chile trade 20% tariffs in fishing row", ""),
        vec![pair(&["CL"], &["PE"]), pair(&["PE"], &["CL"])]
    );
    assert_eq!(
        pairs(
            "",
            "Kenya and Tanzania have traded new retaliatory tariffs."
        ),
        vec![pair(&["KE"], &["TZ"]), pair(&["TZ"], &["KE"])]
    );
    // Trade as a noun before the measure is no exchange.
    let p = pairs(
        "",
        "Kenya and Tanzania trade ministers imposed tariffs on Ugandan sugar.",
    );
    assert!(p.iter().all(|(_, t)| t == &vec!["UG".to_string()]), "{p:?}");
}

#[test]
fn both_countries_as_subject_names_the_pair_before() {
    let p = pairs(
        "",
        "Washington will lift its 20% tariff on lumber from Chile and Peru, and both \
         countries will drop their duties on American wine.",
    );
    assert!(
        p.iter()
            .any(|(i, t)| i == &pair(&["CL", "PE"], &[]).0 && t == &vec!["US".to_string()]),
        "{p:?}"
    );
    // With no pair named before, nobody is guessed.
    let p = pairs(
        "",
        "Both countries will drop their duties on American wine, officials said.",
    );
    assert!(p.iter().all(|(i, _)| i.is_empty()), "{p:?}");
}

#[test]
fn a_list_after_a_preposition_holds_no_subject() {
    let p = pairs(
        "",
        "Trump said tariffs on goods from Peru and Chile would go ahead, and signed an \
         order raising a levy on Brazilian beef to 30%.",
    );
    assert!(
        p.iter()
            .any(|(i, t)| i == &vec!["US".to_string()] && t == &vec!["BR".to_string()]),
        "{p:?}"
    );
    assert!(
        p.iter()
            .all(|(i, _)| !i.contains(&"CL".to_string()) && !i.contains(&"PE".to_string())),
        "{p:?}"
    );
    // A coordinated subject after a ", and" clause still imposes.
    roles(
        "Germany halted the pipeline from Russia, and Britain and France announced sanctions on Russian banks.",
        &["FR", "GB"],
        &["RU"],
    );
}

#[test]
fn its_after_a_named_state_refers_to_it() {
    roles(
        "Canberra cut ties with Myanmar and imposed a travel ban on its generals.",
        &["AU"],
        &["MM"],
    );
    roles(
        "Ottawa suspended talks with Caracas and froze the assets of its ministers.",
        &["CA"],
        &["VE"],
    );
    // Across a relative clause, "their"/"its" is not that state.
    roles(
        "Japan signed a deal with the United States, which lowers tariffs on its car exports.",
        &["JP"],
        &[],
    );
}

#[test]
fn hit_with_takes_a_longer_quoted_modifier() {
    roles(
        "Biden signed an order hitting Cuba's leaders with 'hard-hitting' new financial sanctions.",
        &["US"],
        &["CU"],
    );
    roles(
        "The EU hit Iran's drone makers with \"far-reaching\" asset freezes.",
        &["EU"],
        &["IR"],
    );
    // Across a comma the "with" belongs to another phrase.
    let e = tag(
        "",
        "After talks with Peru ended, with no deal in sight, Chile imposed new tariffs.",
        "2025-06-02",
    );
    assert!(
        all(&e).iter().all(|m| !m.target.iter().any(|c| c == "PE")),
        "{e:#?}"
    );
}

#[test]
fn banned_shipments_go_to_their_destination() {
    roles(
        "Beijing prohibits outward shipment of antimony and graphite to America.",
        &["CN"],
        &["US"],
    );
    roles(
        "Moscow banned the sale of enriched uranium to the United States.",
        &["RU"],
        &["US"],
    );
    // Goods shipped to the taxing state are imports: the destination imposes, not hit.
    roles(
        "Washington raised tariffs on steel shipped to the United States.",
        &["US"],
        &[],
    );
}

#[test]
fn a_barred_trade_targets_what_is_traded() {
    roles(
        "The United States barred Americans from buying new Venezuelan bonds.",
        &["US"],
        &["VE"],
    );
    roles(
        "Britain banned the London Metal Exchange from accepting Russian nickel.",
        &["GB"],
        &["RU"],
    );
    // The barred public, when not the imposer's own, stays the target.
    roles(
        "The EU banned Russian banks from using European payment systems.",
        &["EU"],
        &["RU"],
    );
}

#[test]
fn list_and_preposition_guards() {
    // "to blacklist" after a permission moves nobody onto the list.
    let e = tag(
        "",
        "An order signed by President Joe Biden also allows Washington to blacklist anyone \
         operating in Iran's oil sector.",
        "2025-06-02",
    );
    assert!(
        all(&e).iter().all(|m| !m.target.iter().any(|c| c == "US")),
        "{e:#?}"
    );
    // A target word after a clause break is another clause's verb.
    roles(
        "Canada blacklists six Iranian officials; Tehran hits back.",
        &["CA"],
        &["IR"],
    );
    // "former"/"current" open the object of a verbal trigger.
    roles(
        "Beijing sanctions former U.S. officials over Hong Kong.",
        &["CN"],
        &["US"],
    );
    // Spun copy's "upon" and "versus" read as "on" and "against".
    roles(
        "Canberra places financial penalties upon six Iranian nationals.",
        &["AU"],
        &["IR"],
    );
    roles(
        "The American administration unveiled penalties versus a Cuban state firm.",
        &["US"],
        &["CU"],
    );
    // "sanctions Chinese officials over Xinjiang": "over" is no target preposition.
    roles(
        "Ottawa sanctions two Chinese officials over Hong Kong crackdown.",
        &["CA"],
        &["CN"],
    );
}

#[test]
fn a_pronoun_skips_parties_after_a_preposition() {
    let p = pairs(
        "",
        "The package adds 20 companies based in mainland China to the list. It also \
         extends a ban on Russian trucks.",
    );
    assert!(
        p.iter().all(|(i, _)| !i.contains(&"CN".to_string())),
        "{p:?}"
    );
    // A subject after a fronted phrase is still found.
    let p = pairs(
        "",
        "In a call with Xi, Trump warned of new tariffs. He later imposed 30% tariffs on \
         Chinese steel.",
    );
    assert!(
        p.iter()
            .any(|(i, t)| i == &vec!["US".to_string()] && t == &vec!["CN".to_string()]),
        "{p:?}"
    );
}

#[test]
fn a_goods_list_ends_at_its_origin() {
    roles(
        "Trump would place a 200% tariff on cheeses, wines and other farm goods from France.",
        &["US"],
        &["FR"],
    );
    roles(
        "Canada set a 25% duty on furniture, cabinets and vanities from Vietnam.",
        &["CA"],
        &["VN"],
    );
    // A named party inside the list stops it: the origin is that list's own.
    roles(
        "Canada set a 25% duty on furniture, Chinese cabinets and vanities, a ministry said.",
        &["CA"],
        &["CN"],
    );
}

#[test]
fn a_measure_verb_after_a_modal_has_its_object() {
    roles(
        "Tokyo said it would sanction former Russian officials.",
        &["JP"],
        &["RU"],
    );
    roles(
        "Ottawa plans to blacklist several Iranian drone makers.",
        &["CA"],
        &["IR"],
    );
    // A plural after "to" is the noun: the relative clause's subject imposes, not a target.
    roles(
        "The firms are exposed to sanctions the EU imposed on Chinese banks.",
        &["EU"],
        &["CN"],
    );
}

#[test]
fn a_place_the_public_may_not_enter_is_no_target() {
    // The party barred from entering is the target; the place it may not enter imposes.
    roles(
        "Beijing barred the sanctioned lawmakers and their families from entering China and Macau.",
        &["CN"],
        &[],
    );
    roles(
        "Moscow barred nine British journalists from entering Russia.",
        &["RU"],
        &["GB"],
    );
}
