//! Small hand-written cases for the behaviours the issue names: headline style, ALL CAPS,
//! typos, look-alikes, negation, background history, demonyms, dates.

use crate::tagging::{deadlines, measures, one_measure, tag};
use chrono::NaiveDate;
use newstag::tagger::{Action, EventType};

#[test]
fn headline_slaps_duty_with_demonym_target() {
    let t = one_measure(
        EventType::Tariff,
        "U.S. slaps 25% duty on Chinese steel",
        "",
        "2025-03-01",
    );
    assert_eq!(t.action, Action::Imposed);
    assert_eq!(t.imposer, vec!["US"]);
    assert_eq!(t.target, vec!["CN"]);
    assert_eq!(t.rate_pct, Some(25.0));
    assert_eq!(t.products, vec!["steel"]);
}

#[test]
fn all_caps_and_typos() {
    let s = one_measure(
        EventType::Sanction,
        "EU LIFTS SANCTONS ON SYRIA'S CENTRAL BANK",
        "",
        "2025-05-20",
    );
    assert_eq!(s.action, Action::Eased);
    assert_eq!(s.imposer, vec!["EU"]);
    assert_eq!(s.target, vec!["SY"]);
    let e = tag("Canada threatens tarrifs on U.S. goods", "", "2025-03-01");
    let t = measures(&e, EventType::Tariff);
    assert_eq!(t.len(), 1, "{e:#?}");
    assert_eq!(t[0].action, Action::Threatened);
    assert_eq!(t[0].imposer, vec!["CA"]);
    assert_eq!(t[0].target, vec!["US"]);
}

#[test]
fn look_alikes_are_not_events() {
    for (title, body) in [
        ("Hotels raise room tariffs by 20% for the festival", ""),
        (
            "Regulator approves 12% electricity tariff hike",
            "Households will pay more from April 1.",
        ),
        ("FIFA-sanctioned friendly moved to new venue", ""),
        (
            "Judge sanctions lawyer over fake citations",
            "The court fined the attorney $5,000.",
        ),
        (
            "Trade deadline: Lakers add a guard",
            "The NBA trade deadline passed on Thursday.",
        ),
        ("Five tips before the April 15 tax deadline", ""),
    ] {
        let e = tag(title, body, "2025-02-06");
        assert!(e.events.is_empty(), "{title}: {e:#?}");
    }
}

#[test]
fn negation_and_history_are_not_events() {
    let e = tag(
        "",
        "No new sanctions were announced on Thursday. The economy has adapted after more than \
         three years of sanctions. Officials ruled out tariffs on Mexican goods.",
        "2025-02-06",
    );
    assert!(e.events.is_empty(), "{e:#?}");
}

#[test]
fn deadlines_resolve() {
    let e = tag(
        "",
        "The White House gave Russia until the end of the month to accept the terms or face new \
         sanctions.",
        "2026-06-10",
    );
    let d = deadlines(&e);
    assert_eq!(d.len(), 1, "{e:#?}");
    assert_eq!(d[0].date, NaiveDate::from_ymd_opt(2026, 6, 30));
    let s = measures(&e, EventType::Sanction);
    assert_eq!(s[0].action, Action::Threatened);
    assert_eq!(s[0].imposer, vec!["US"]);
    assert_eq!(s[0].target, vec!["RU"]);
}

#[test]
fn several_rates_are_several_events_and_repeats_merge() {
    let e = tag(
        "Trump signs 25% steel, 10% aluminum tariffs",
        "President Donald Trump signed proclamations imposing a 25% tariff on imported steel and \
         a 10% tariff on aluminum. The tariffs take effect in 15 days.",
        "2018-03-08",
    );
    let mut rates: Vec<f64> = measures(&e, EventType::Tariff)
        .iter()
        .filter_map(|m| m.rate_pct)
        .collect();
    rates.sort_by(f64::total_cmp);
    rates.dedup();
    assert_eq!(rates, vec![10.0, 25.0], "{e:#?}");
    assert_eq!(measures(&e, EventType::Tariff).len(), 2, "{e:#?}");
    assert!(e.tags.contains(&EventType::Deadline));
}

#[test]
fn subjectless_measure_takes_the_items_latest_imposer() {
    let e = tag(
        "Turkey raises tariffs on U.S. cars",
        "Turkey imposed tariffs on American cars on Wednesday. Duties of 140% on American alcohol were also announced.",
        "2018-08-15",
    );
    let t = measures(&e, EventType::Tariff);
    let alcohol = t
        .iter()
        .find(|m| m.rate_pct == Some(140.0))
        .unwrap_or_else(|| panic!("{e:#?}"));
    assert_eq!(alcohol.imposer, vec!["TR"], "{e:#?}");
    assert_eq!(alcohol.target, vec!["US"]);
}

#[test]
fn a_country_before_a_verbal_trigger_is_its_subject() {
    let s = one_measure(
        EventType::Sanction,
        "Norway sanctions two Belarusian officials over crackdown",
        "",
        "2025-04-02",
    );
    assert_eq!(s.imposer, vec!["NO"]);
    assert_eq!(s.target, vec!["BY"]);
    let e = tag("Japan blacklists Chinese drone makers", "", "2025-04-02");
    let s = measures(&e, EventType::Sanction);
    assert_eq!(s[0].imposer, vec!["JP"], "{e:#?}");
    assert_eq!(s[0].target, vec!["CN"]);
}

#[test]
fn coordinated_subjects_and_agents_all_impose() {
    let s = one_measure(
        EventType::Sanction,
        "",
        "Japan, Australia and Canada on Monday imposed sanctions on Iranian shipping firms.",
        "2025-04-02",
    );
    assert_eq!(s.imposer, vec!["JP", "AU", "CA"]);
    assert_eq!(s.target, vec!["IR"]);
    let e = tag(
        "",
        "The two shipping firms had already been sanctioned by Britain, the EU and Canada.",
        "2025-04-02",
    );
    let s = measures(&e, EventType::Sanction);
    assert_eq!(s.len(), 1, "{e:#?}");
    assert_eq!(s[0].imposer, vec!["GB", "EU", "CA"]);
    assert!(s[0].target.is_empty(), "{e:#?}");
}

#[test]
fn banned_exports_target_their_destination() {
    let s = one_measure(
        EventType::Sanction,
        "Vietnam bans exports of rice to Cambodia",
        "",
        "2025-04-02",
    );
    assert_eq!(s.imposer, vec!["VN"]);
    assert_eq!(s.target, vec!["KH"]);
}

#[test]
fn a_mutual_easing_runs_both_ways() {
    let e = tag(
        "",
        "Mexico and Brazil agreed on Friday to cut tariffs on farm goods.",
        "2025-04-02",
    );
    let mut pairs: Vec<(Vec<String>, Vec<String>, Action)> = measures(&e, EventType::Tariff)
        .iter()
        .map(|m| (m.imposer.clone(), m.target.clone(), m.action))
        .collect();
    pairs.sort_by(|a, b| a.0.cmp(&b.0));
    let s = |v: &str| vec![v.to_string()];
    assert_eq!(
        pairs,
        vec![
            (s("BR"), s("MX"), Action::Eased),
            (s("MX"), s("BR"), Action::Eased)
        ],
        "{e:#?}"
    );
}

#[test]
fn threatened_to_is_a_threat_not_a_modifier() {
    let t = one_measure(
        EventType::Tariff,
        "",
        "Canada has threatened to put additional tariffs on American dairy.",
        "2025-04-02",
    );
    assert_eq!(t.action, Action::Threatened);
}

#[test]
fn a_thousands_separator_does_not_end_the_target_phrase() {
    let e = tag(
        "",
        "Seoul said it would impose tariffs of 10% on 3,400 Japanese products and 5% on 1,200 \
         Japanese items.",
        "2025-04-02",
    );
    let t = measures(&e, EventType::Tariff);
    assert_eq!(t.len(), 2, "{e:#?}");
    assert!(t.iter().all(|m| m.target == vec!["JP"]), "{e:#?}");
}

#[test]
fn a_total_rate_is_not_a_measure_of_its_own() {
    let t = one_measure(
        EventType::Tariff,
        "",
        "Washington signed an order imposing an extra 20% tariff on Brazilian goods, bringing \
         the combined duty on many products to 60%.",
        "2025-04-02",
    );
    assert_eq!(t.rate_pct, Some(20.0));
    assert_eq!(t.target, vec!["BR"]);
}

#[test]
fn a_rate_before_an_actor_and_its_trigger_is_that_triggers() {
    let e = tag(
        "EU delays levies on American cars as a 30% U.S. tariff looms",
        "",
        "2025-04-02",
    );
    let t = measures(&e, EventType::Tariff);
    let delayed = t
        .iter()
        .find(|m| m.action == Action::Eased)
        .unwrap_or_else(|| panic!("{e:#?}"));
    assert_eq!(delayed.rate_pct, None, "{e:#?}");
}

#[test]
fn imports_from_a_country_name_the_target() {
    let e = tag(
        "",
        "Most shipments from Chile and Peru will now face a 15% tariff, officials in Ottawa said.",
        "2025-04-02",
    );
    let t = measures(&e, EventType::Tariff);
    assert_eq!(t.len(), 1, "{e:#?}");
    assert_eq!(t[0].target, vec!["CL", "PE"], "{e:#?}");
}

#[test]
fn hit_with_makes_the_hit_goods_the_target() {
    let t = one_measure(
        EventType::Tariff,
        "Canada to hit Chinese and Vietnamese solar panels with steep tariffs",
        "",
        "2025-04-02",
    );
    assert_eq!(t.imposer, vec!["CA"]);
    assert_eq!(t.target, vec!["CN", "VN"]);
}

#[test]
fn stopping_short_and_burdens_and_dated_clauses_are_not_events() {
    for body in [
        "Gulf leaders stopped short of new sanctions on Sudan at Sunday's summit.",
        "Brazilian exporters said the tariffs were weighing on orders.",
        "In 1971, after months of talks, Tokyo answered Nixon's import surcharge with a 10% \
         tariff on American oranges and other fruit.",
        "Winemakers in Spain said the tariff, higher than the 10% others pay, hurts them.",
    ] {
        let e = tag("", body, "2025-04-02");
        assert!(e.events.is_empty(), "{body}: {e:#?}");
    }
}

#[test]
fn a_subordinate_clause_has_its_own_subject() {
    let t = one_measure(
        EventType::Tariff,
        "",
        "Peru cheers as Canada lifts tariffs on wine.",
        "2025-04-02",
    );
    assert_eq!(t.action, Action::Eased);
    assert_eq!(t.imposer, vec!["CA"]);
}

#[test]
fn an_active_relief_verb_has_its_subject_before_it() {
    let e = tag(
        "",
        "Ottawa exempted Mexican steel from the new duties on Tuesday.",
        "2025-04-02",
    );
    let t = measures(&e, EventType::Tariff);
    assert_eq!(t.len(), 1, "{e:#?}");
    assert_eq!(t[0].imposer, vec!["CA"], "{e:#?}");
    assert_eq!(t[0].target, vec!["MX"], "{e:#?}");
}

#[test]
fn the_clause_verb_beats_a_noun_trigger_and_a_relative_clause() {
    let s = one_measure(
        EventType::Sanction,
        "",
        "The freeze on the assets of Syria's central bank and two state airlines will be \
         lifted, Britain said.",
        "2025-04-02",
    );
    assert_eq!(s.action, Action::Eased);
    let e = tag(
        "",
        "The EU will restore the sanctions on Iran that had been suspended under the accord.",
        "2025-04-02",
    );
    let s = measures(&e, EventType::Sanction);
    assert_eq!(s.len(), 1, "{e:#?}");
    assert_eq!(s[0].action, Action::Imposed);
}

#[test]
fn rates_that_name_their_own_goods_are_separate_measures() {
    let e = tag("Seoul signs 15% beef, 5% pork tariffs", "", "2025-04-02");
    let mut rates: Vec<f64> = measures(&e, EventType::Tariff)
        .iter()
        .filter_map(|m| m.rate_pct)
        .collect();
    rates.sort_by(f64::total_cmp);
    assert_eq!(rates, vec![5.0, 15.0], "{e:#?}");
}

#[test]
fn scheduled_measures_and_comparative_lower_are_imposed() {
    let t = one_measure(
        EventType::Tariff,
        "",
        "A 12% tariff on Thai rice is set to take effect on Monday, Manila said.",
        "2025-04-02",
    );
    assert_eq!(t.action, Action::Imposed);
    let e = tag(
        "",
        "Canadian lumber will face a lower 8% levy, the White House said.",
        "2025-04-02",
    );
    let t = measures(&e, EventType::Tariff);
    assert_eq!(t.len(), 1, "{e:#?}");
    assert_eq!(t[0].action, Action::Imposed);
}

#[test]
fn ending_a_relief_and_returning_to_a_white_list_flip_the_action() {
    let s = one_measure(
        EventType::Sanction,
        "Washington to end oil sanctions waivers for Iraq",
        "",
        "2025-04-02",
    );
    assert_eq!(s.action, Action::Imposed);
    let e = tag("Tokyo restores Taiwan to its white list", "", "2025-04-02");
    let s = measures(&e, EventType::Sanction);
    assert_eq!(s.len(), 1, "{e:#?}");
    assert_eq!(s[0].action, Action::Eased);
}

#[test]
fn an_infinitive_after_the_trigger_with_its_own_object_is_another_action() {
    let t = one_measure(
        EventType::Tariff,
        "",
        "Brussels proposed import levies on Russian potash in a bid to cut revenue for the \
         Kremlin.",
        "2025-04-02",
    );
    assert_eq!(t.action, Action::Threatened);
}

#[test]
fn a_body_named_by_its_role_acts_for_the_items_imposer() {
    let e = tag(
        "",
        "China imposed tariffs on Canadian canola on Monday. The commerce ministry also added \
         three Canadian firms to its export control list.",
        "2025-04-02",
    );
    let s = measures(&e, EventType::Sanction);
    assert_eq!(s.len(), 1, "{e:#?}");
    assert_eq!(s[0].imposer, vec!["CN"], "{e:#?}");
}

#[test]
fn a_participle_saying_what_the_targets_do_stays_in_the_target_phrase() {
    let e = tag(
        "",
        "Britain announced sanctions on 40 more tankers carrying Iranian oil.",
        "2025-04-02",
    );
    let s = measures(&e, EventType::Sanction);
    assert_eq!(s.len(), 1, "{e:#?}");
    assert_eq!(s[0].imposer, vec!["GB"]);
    assert_eq!(s[0].target, vec!["IR"], "{e:#?}");
}

#[test]
fn the_speaker_of_a_reporting_clause_announces_the_measure() {
    let e = tag(
        "",
        "Steel from Indonesia will face a 30% levy, President Trump said on Friday.",
        "2025-04-02",
    );
    let t = measures(&e, EventType::Tariff);
    assert_eq!(t.len(), 1, "{e:#?}");
    assert_eq!(t[0].imposer, vec!["US"], "{e:#?}");
}

#[test]
fn a_measure_added_along_with_another_shares_its_action() {
    let e = tag(
        "",
        "Seoul said it would impose a steep 25% tariff on Japanese cars and auto parts starting \
         in May or June, along with export controls on chip materials.",
        "2025-04-02",
    );
    let s = measures(&e, EventType::Sanction);
    assert_eq!(s.len(), 1, "{e:#?}");
    assert_eq!(s[0].action, Action::Threatened, "{e:#?}");
}

#[test]
fn the_month_may_is_not_a_modal() {
    let e = tag(
        "",
        "Japan imposed tariffs on Chinese steel in May.",
        "2025-08-02",
    );
    let t = measures(&e, EventType::Tariff);
    assert_eq!(t.len(), 1, "{e:#?}");
    assert_eq!(t[0].action, Action::Imposed, "{e:#?}");
}

#[test]
fn scrap_metal_is_not_an_easing() {
    let e = tag(
        "",
        "Canada imposed a 25% tariff on scrap metal from Japan on Monday.",
        "2025-04-02",
    );
    let t = measures(&e, EventType::Tariff);
    assert_eq!(t.len(), 1, "{e:#?}");
    assert_eq!(t[0].action, Action::Imposed, "{e:#?}");
}

#[test]
fn shares_of_trade_and_hyphenated_words_are_not_rates_or_cues() {
    let e = tag(
        "",
        "Jakarta will remove tariffs on more than 95% of U.S. goods under the deal.",
        "2025-04-02",
    );
    let t = measures(&e, EventType::Tariff);
    assert_eq!(t.len(), 1, "{e:#?}");
    assert_eq!(t[0].rate_pct, None, "{e:#?}");
    let e = tag(
        "",
        "Britain stepped up punitive measures against Russia, covering high-end cars and art.",
        "2025-04-02",
    );
    let s = measures(&e, EventType::Sanction);
    assert!(s.iter().all(|m| m.action != Action::Eased), "{e:#?}");
}

#[test]
fn terminating_a_programme_eases_and_ending_an_exemption_imposes() {
    let e = tag(
        "",
        "Washington signed an order terminating the sanctions programme on Belarus.",
        "2025-04-02",
    );
    let s = measures(&e, EventType::Sanction);
    assert_eq!(s.len(), 1, "{e:#?}");
    assert_eq!(s[0].action, Action::Eased, "{e:#?}");
    let e = tag(
        "",
        "Canada will apply its 15% duty on Korean steel from Monday, ending a three-month \
         exemption.",
        "2025-04-02",
    );
    let t = measures(&e, EventType::Tariff);
    assert_eq!(t.len(), 1, "{e:#?}");
    assert_eq!(t[0].action, Action::Imposed, "{e:#?}");
}

#[test]
fn goods_coming_into_a_country_are_not_its_goods() {
    let e = tag(
        "",
        "Peruvian goods coming into Canada will face a 20% tariff under an order signed by \
         Prime Minister Carney.",
        "2025-04-02",
    );
    let t = measures(&e, EventType::Tariff);
    assert_eq!(t.len(), 1, "{e:#?}");
    assert_eq!(t[0].imposer, vec!["CA"], "{e:#?}");
    assert_eq!(t[0].target, vec!["PE"], "{e:#?}");
}

#[test]
fn the_new_rate_is_the_one_changed_to_and_an_old_rate_stays_with_its_measure() {
    let e = tag(
        "",
        "Seoul will cut tariffs on Australian beef, currently at 40%, to 15% next year.",
        "2025-04-02",
    );
    let t = measures(&e, EventType::Tariff);
    assert_eq!(t.len(), 1, "{e:#?}");
    assert_eq!(t[0].rate_pct, Some(15.0), "{e:#?}");
    let e = tag(
        "",
        "The pact halves Japan's tariff on Chilean wine to 20% from 40% and removes Chilean \
         duties on Japanese cars.",
        "2025-04-02",
    );
    let t = measures(&e, EventType::Tariff);
    assert!(t.iter().all(|m| m.rate_pct != Some(40.0)), "{e:#?}");
}

#[test]
fn lifting_a_duty_to_a_rate_raises_it() {
    let e = tag(
        "",
        "Ottawa is lifting the duty on Chinese steel to 60% from Monday.",
        "2025-04-02",
    );
    let t = measures(&e, EventType::Tariff);
    assert_eq!(t.len(), 1, "{e:#?}");
    assert_eq!(t[0].action, Action::Imposed, "{e:#?}");
    assert_eq!(t[0].rate_pct, Some(60.0));
}

#[test]
fn a_cue_in_a_later_subordinate_clause_and_a_speaker_are_not_the_measures() {
    let e = tag(
        "",
        "EU governments adopted the 20th sanctions package on Russia after Hungary lifted its \
         veto.",
        "2025-04-02",
    );
    let s = measures(&e, EventType::Sanction);
    assert_eq!(s.len(), 1, "{e:#?}");
    assert_eq!(s[0].action, Action::Imposed, "{e:#?}");
    let e = tag(
        "",
        "The Treasury also warned that foreign banks could face sanctions.",
        "2025-04-02",
    );
    let s = measures(&e, EventType::Sanction);
    assert_eq!(s.len(), 1, "{e:#?}");
    assert_eq!(s[0].imposer, vec!["US"], "{e:#?}");
    assert!(s[0].target.is_empty(), "{e:#?}");
}

#[test]
fn terror_designation_lists_are_sanctions_and_abolishing_tariffs_eases() {
    let s = one_measure(
        EventType::Sanction,
        "",
        "Washington placed North Korea back on its list of state sponsors of terrorism on Monday.",
        "2025-04-02",
    );
    assert_eq!(s.action, Action::Imposed);
    assert_eq!(s.imposer, vec!["US"]);
    let e = tag("New Zealand to abolish 300 small tariffs", "", "2025-04-02");
    let t = measures(&e, EventType::Tariff);
    assert_eq!(t.len(), 1, "{e:#?}");
    assert_eq!(t[0].action, Action::Eased);
}

#[test]
fn a_party_put_on_a_list_is_the_target_and_a_far_agent_of_another_verb_is_not() {
    let e = tag(
        "",
        "The White House said it would remove Syria from the U.S. list of state sponsors of \
         terrorism and return assets confiscated by Damascus.",
        "2025-04-02",
    );
    let s = measures(&e, EventType::Sanction);
    assert_eq!(s.len(), 1, "{e:#?}");
    assert_eq!(s[0].action, Action::Eased, "{e:#?}");
    assert_eq!(s[0].imposer, vec!["US"], "{e:#?}");
    assert_eq!(s[0].target, vec!["SY"], "{e:#?}");
}

#[test]
fn a_short_country_name_before_a_trigger_is_no_abbreviation() {
    let e = tag("U.S. tightens Cuba embargo", "", "2025-04-02");
    let s = measures(&e, EventType::Sanction);
    assert_eq!(s.len(), 1, "{e:#?}");
    assert_eq!(s[0].action, Action::Imposed);
    assert_eq!(s[0].imposer, vec!["US"], "{e:#?}");
    assert_eq!(s[0].target, vec!["CU"], "{e:#?}");
    let e = tag(
        "",
        "Hanoi issued a decree reducing import levies on American cars.",
        "2025-04-02",
    );
    let t = measures(&e, EventType::Tariff);
    assert_eq!(t.len(), 1, "{e:#?}");
    assert_eq!(t[0].action, Action::Eased, "{e:#?}");
}

#[test]
fn progressive_forms_of_action_verbs_are_cues() {
    for (body, action) in [
        (
            "Brussels is suspending duties on Ukrainian grain.",
            Action::Eased,
        ),
        (
            "Ottawa is removing tariffs on Mexican avocados.",
            Action::Eased,
        ),
        (
            "Canberra is proposing tariffs on Chinese steel.",
            Action::Threatened,
        ),
    ] {
        let e = tag("", body, "2025-04-02");
        let t = measures(&e, EventType::Tariff);
        assert_eq!(t.len(), 1, "{body}: {e:#?}");
        assert_eq!(t[0].action, action, "{body}: {e:#?}");
    }
}

#[test]
fn more_demonyms_capitals_and_leaders_are_known() {
    let e = tag(
        "",
        "Lisbon imposed anti-dumping duties on Moroccan tomatoes on Monday.",
        "2025-04-02",
    );
    let t = measures(&e, EventType::Tariff);
    assert_eq!(t.len(), 1, "{e:#?}");
    assert_eq!(t[0].imposer, vec!["PT"], "{e:#?}");
    assert_eq!(t[0].target, vec!["MA"], "{e:#?}");
}

#[test]
fn a_capital_city_does_not_override_a_utility_look_alike_nor_a_based_firm_impose() {
    let e = tag(
        "",
        "Residents of several Lima districts protested after the city's water utility raised \
         tariffs by 20%.",
        "2025-04-02",
    );
    assert!(e.events.is_empty(), "{e:#?}");
    let e = tag(
        "",
        "The Belgium-based SWIFT network said it was suspending access for Iranian banks.",
        "2025-04-02",
    );
    let s = measures(&e, EventType::Sanction);
    assert!(s.iter().all(|m| m.imposer.is_empty()), "{e:#?}");
}

#[test]
fn a_relief_in_its_own_clause_is_an_easing_for_the_parties_it_names() {
    let e = tag(
        "Ottawa signs 15% lumber tariffs; Chile and Peru spared for now",
        "",
        "2025-04-02",
    );
    let t = measures(&e, EventType::Tariff);
    let eased = t
        .iter()
        .find(|m| m.action == Action::Eased)
        .unwrap_or_else(|| panic!("{e:#?}"));
    assert_eq!(eased.imposer, vec!["CA"], "{e:#?}");
    assert_eq!(eased.target, vec!["CL", "PE"], "{e:#?}");
    let e = tag(
        "",
        "Washington will end the sanctions waivers for India next month.",
        "2025-04-02",
    );
    let s = measures(&e, EventType::Sanction);
    assert!(s.iter().all(|m| m.action != Action::Eased), "{e:#?}");
}

#[test]
fn a_total_rate_after_the_measure_is_not_another_rate() {
    let e = tag(
        "",
        "Washington imposed an additional 10% tariff on Thai rice, bringing the combined rate \
         to 35%.",
        "2025-04-02",
    );
    let t = measures(&e, EventType::Tariff);
    assert_eq!(t.len(), 1, "{e:#?}");
    assert_eq!(t[0].rate_pct, Some(10.0), "{e:#?}");
}

#[test]
fn exempting_goods_in_a_but_clause_eases_the_measure_for_its_target() {
    let e = tag(
        "",
        "Ottawa imposed a 30% tariff on Chinese steel on Monday, but exempted stainless pipes.",
        "2025-04-02",
    );
    let t = measures(&e, EventType::Tariff);
    let eased = t
        .iter()
        .find(|m| m.action == Action::Eased)
        .unwrap_or_else(|| panic!("{e:#?}"));
    assert_eq!(eased.imposer, vec!["CA"], "{e:#?}");
    assert_eq!(eased.target, vec!["CN"], "{e:#?}");
    assert!(t.iter().any(|m| m.action == Action::Imposed), "{e:#?}");
}

#[test]
fn a_noun_trigger_used_as_its_subjects_verb_is_an_imposition() {
    let e = tag(
        "CANADA SANCTIONS 12 MORE VESSELS IN IRAN'S SHADOW FLEET",
        "",
        "2025-04-02",
    );
    let s = measures(&e, EventType::Sanction);
    assert_eq!(s.len(), 1, "{e:#?}");
    assert_eq!(s[0].action, Action::Imposed);
    assert_eq!(s[0].imposer, vec!["CA"], "{e:#?}");
}

#[test]
fn a_possessive_after_in_is_an_owner_not_a_place() {
    let e = tag(
        "",
        "Britain sanctioned 20 more tankers in Iran's shadow fleet on Monday.",
        "2025-04-02",
    );
    let s = measures(&e, EventType::Sanction);
    assert_eq!(s.len(), 1, "{e:#?}");
    assert_eq!(s[0].target, vec!["IR"], "{e:#?}");
}

#[test]
fn domestic_look_alikes_next_to_a_named_state_are_not_events() {
    for body in [
        "The U.S. Soccer Federation sanctioned the friendly between Mexico and Brazil in Texas.",
        "The U.S. embassy's press release was embargoed until 9 a.m. Washington time.",
        "Germany's Bundesnetzagentur approved new grid tariffs for 2026.",
        "The Australian government imposed a hiring freeze across the public service.",
        "France banned smoking on beaches and in parks from July.",
        "Italy's data protection authority banned ChatGPT temporarily over privacy concerns.",
        "Canada's government froze the salaries of senior civil servants.",
        "The Indian cricket board sanctioned a tour of Australia.",
        "Germany's energy regulator said gas network tariffs would rise 10%.",
        "Britain's Supreme Court froze the assets of a fraudster accused of stealing £10 million.",
        "India's Supreme Court banned firecrackers in Delhi during Diwali.",
        "Japan's airlines imposed a travel ban on staff flying to the typhoon-hit region.",
        "India's GST council raised the levy on online gaming to 28%.",
        "Critics asked whether U.S. sanctions on Venezuela have worked.",
        "Formula One sanctioned the Saudi Grand Prix for another decade.",
        "Apple blacklisted a Chinese developer's apps from the App Store.",
        "EMBARGOED: Not for publication before 00:01 GMT, the UK statistics office said.",
        "The White House lifted the embargo on the speech text at noon.",
        "Chinese authorities put the actor on a social credit blacklist.",
        "India's tax department blacklisted 200 shell companies.",
        "Indian Railways raised its freight tariff for coal by 8%.",
        "Egypt's government raised metro ticket tariffs by 20%.",
        "Turkey's regulator raised natural gas tariffs for homes by 38%.",
    ] {
        let e = tag("", body, "2026-03-01");
        assert!(
            measures(&e, EventType::Sanction).is_empty(),
            "{body}: {e:#?}"
        );
        assert!(measures(&e, EventType::Tariff).is_empty(), "{body}: {e:#?}");
    }
    // Controls: a real measure beside a look-alike is still found.
    let s = one_measure(
        EventType::Sanction,
        "",
        "While the league banned the player, the U.S. Treasury sanctioned the club's Russian owner.",
        "2026-03-01",
    );
    assert_eq!(s.imposer, vec!["US"]);
    let e = tag(
        "",
        "The U.S. imposed 25% tariffs on Chinese railway equipment.",
        "2026-03-01",
    );
    assert_eq!(measures(&e, EventType::Tariff).len(), 1, "{e:#?}");
    let e = tag(
        "UN Security Council renews South Sudan arms embargo until May 31, 2026",
        "",
        "2025-05-30",
    );
    assert_eq!(measures(&e, EventType::Sanction).len(), 1, "{e:#?}");
    let e = tag(
        "",
        "The EU parliament debated whether to impose sanctions on Israel but took no decision.",
        "2026-03-01",
    );
    let s = measures(&e, EventType::Sanction);
    assert!(s.iter().all(|m| m.action != Action::Imposed), "{e:#?}");
}

#[test]
fn percentages_that_are_not_duty_rates_are_skipped() {
    for (body, rate) in [
        (
            "Canada imposed 25-percent tariffs on U.S. steel, which make up 95% of its imports.",
            Some(25.0),
        ),
        (
            "The U.S. imposed tariffs on Vietnamese goods, and shares fell 3%.",
            None,
        ),
        (
            "The EU will impose duties on Chinese EVs; BYD shares dropped 4%.",
            None,
        ),
        (
            "China put a 15% tariff on U.S. coal, with inflation at 2.1%.",
            Some(15.0),
        ),
        ("Brazil added 10% tariffs on US ethanol.", Some(10.0)),
        (
            "The EU will cut its duty on U.S. lobster to zero from 8%.",
            None,
        ),
        (
            "The order brings the total U.S. duty on many Indian goods to 50%.",
            None,
        ),
        (
            "The parliament vote on 25% tariffs on Chinese steel is due next week.",
            Some(25.0),
        ),
        (
            "Turkey set a 40% tariff on US cars, a sector accounting for 12% of the country's exports.",
            Some(40.0),
        ),
    ] {
        let e = tag("", body, "2026-03-01");
        let t = measures(&e, EventType::Tariff);
        assert_eq!(t.len(), 1, "{body}: {e:#?}");
        assert_eq!(t[0].rate_pct, rate, "{body}");
    }
}

#[test]
fn a_generic_ban_or_freeze_needs_a_target_or_a_trade_object() {
    for body in [
        "Mexico's government set a price cap on tortillas.",
        "China banned the sale of crypto mining rigs to domestic buyers.",
        "Kenya's health ministry banned the sale of the cough syrup.",
    ] {
        let e = tag("", body, "2026-03-01");
        assert!(
            measures(&e, EventType::Sanction).is_empty(),
            "{body}: {e:#?}"
        );
    }
    for body in [
        "Britain banned the oligarch from entering the country.",
        "Washington froze the assets of the Venezuelan oil company.",
        "The U.S. banned investment in Chinese military companies.",
        "Canada banned imports of Russian gold.",
        "The EU agreed a price cap on Russian oil.",
    ] {
        let e = tag("", body, "2026-03-01");
        assert_eq!(measures(&e, EventType::Sanction).len(), 1, "{body}: {e:#?}");
    }
}

#[test]
fn should_questions_and_topic_words_are_not_measures() {
    for body in [
        "Our columnist asks: should the EU sanction Israel?",
        "Should Britain impose sanctions on China? Readers respond.",
        "U.S. sanctions policy is the subject of a new book by a former official.",
    ] {
        let e = tag("", body, "2026-03-01");
        assert!(
            measures(&e, EventType::Sanction).is_empty(),
            "{body}: {e:#?}"
        );
    }
    // Controls: the measure beside a topic word is still read.
    let s = one_measure(
        EventType::Sanction,
        "",
        "EU sanctions envoy David O'Sullivan said the bloc imposed sanctions on 20 Chinese firms.",
        "2026-03-01",
    );
    assert_eq!(s.action, Action::Imposed);
    assert_eq!(s.target, vec!["CN"]);
    let e = tag(
        "",
        "A U.S. sanctions official said Washington would sanction Iran's oil minister.",
        "2026-03-01",
    );
    let s = measures(&e, EventType::Sanction);
    assert_eq!(s.len(), 1, "{e:#?}");
    assert_eq!(s[0].action, Action::Threatened);
}

#[test]
fn holding_back_or_turning_down_a_measure_is_not_one() {
    for body in [
        "The EU refrained from imposing new sanctions on Russia.",
        "Japan has no intention of imposing tariffs on U.S. goods, the minister said.",
        "The U.S. is not planning sanctions on India, officials said.",
        "Britain rejected calls for sanctions on Israel.",
        "The EU has rejected a proposal to impose tariffs on Ukrainian grain.",
    ] {
        let e = tag("", body, "2026-03-01");
        assert!(
            measures(&e, EventType::Sanction).is_empty(),
            "{body}: {e:#?}"
        );
        assert!(measures(&e, EventType::Tariff).is_empty(), "{body}: {e:#?}");
    }
    // Another party opposing a measure does not cancel it.
    let e = tag(
        "",
        "China's commerce ministry said it firmly opposed the levies Mexico imposed on Chinese cars.",
        "2026-03-01",
    );
    assert_eq!(measures(&e, EventType::Tariff).len(), 1, "{e:#?}");
}

#[test]
fn a_bill_is_a_proposal_until_signed() {
    let e = tag(
        "",
        "A U.S. sanctions bill on Russia stalled in the Senate for months.",
        "2026-03-01",
    );
    let s = measures(&e, EventType::Sanction);
    assert!(s.iter().all(|m| m.action == Action::Threatened), "{e:#?}");
    let s = one_measure(
        EventType::Sanction,
        "",
        "President Biden signed a bill imposing sanctions on Russian gold.",
        "2026-03-01",
    );
    assert_eq!(s.action, Action::Imposed);
}
