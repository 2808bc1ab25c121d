//! Tariff rates and actions, third round: the first half of a hyphenated word is no action
//! cue ("cut-off", "end-user"), scheduled changes ("are due to rise") are threats while a
//! scheduled start ("are due to take effect") imposes, a measure that "kicks in" is imposed,
//! and percentages that are no tariff rate (growth, shares, polls, price moves) are never
//! taken. Invented sentences only; each class has a case that must not change.

use crate::tagging::{measures, tag};
use newstag::tagger::{Action, EventType, MeasureEvent};

const DAY: &str = "2025-06-02";

/// The tariff events of a title and body.
fn tariffs(title: &str, body: &str) -> Vec<MeasureEvent> {
    crate::tagging::tariffs_on(title, body, DAY)
}

/// The only tariff event of a headline.
fn one_tariff(title: &str) -> MeasureEvent {
    let t = tariffs(title, "");
    assert_eq!(t.len(), 1, "{title}: {t:#?}");
    t[0].clone()
}

/// The sorted rates of the tariff events of a headline.
fn rates(title: &str) -> Vec<f64> {
    crate::tagging::sorted_rates(title, "", DAY)
}

#[test]
fn a_cut_off_date_cuts_nothing() {
    let m = one_tariff(
        "Negotiators race the March 1 cut-off as duties on Chinese goods set to climb to 25%",
    );
    assert_eq!(m.action, Action::Threatened, "{m:#?}");
    assert_eq!(m.rate_pct, Some(25.0));
    // The verb itself still eases.
    assert_eq!(
        one_tariff("India cuts duties on US almonds to 10%").action,
        Action::Eased
    );
}

#[test]
fn an_end_user_list_ends_nothing() {
    let e = tag(
        "Britain adds 12 Iranian firms to end-user export control list",
        "",
        DAY,
    );
    let s = measures(&e, EventType::Sanction);
    assert_eq!(s.len(), 1, "{e:#?}");
    assert_eq!(s[0].action, Action::Imposed);
    // "ends" as a verb still eases.
    let e = tag("Japan ends sanctions on Iranian banks", "", DAY);
    let s = measures(&e, EventType::Sanction);
    assert_eq!(s.len(), 1, "{e:#?}");
    assert_eq!(s[0].action, Action::Eased);
}

#[test]
fn a_face_saving_deal_is_not_the_measure_s_verb() {
    let m = one_tariff("Seoul seeks face-saving deal as 25% U.S. tariff kicks in");
    assert_eq!(m.action, Action::Imposed, "{m:#?}");
    assert_eq!(m.rate_pct, Some(25.0));
}

#[test]
fn a_change_due_to_come_is_a_threat() {
    let t = tariffs(
        "Lumber duties set to jump",
        "The U.S. Commerce Department said duties on Canadian softwood lumber are due to \
         climb to 35% from 14.5% next month.",
    );
    assert_eq!(t.len(), 1, "{t:#?}");
    assert_eq!(t[0].action, Action::Threatened);
    assert_eq!(t[0].rate_pct, Some(35.0));
}

#[test]
fn a_start_due_to_come_is_imposed() {
    for title in [
        "Tariffs on Canadian goods are due to take effect on Friday",
        "Higher EU duties on Chinese EVs are due to start in July",
    ] {
        assert_eq!(one_tariff(title).action, Action::Imposed, "{title}");
    }
}

#[test]
fn due_to_as_because_of_is_no_cue() {
    let t = tariffs(
        "Steel prices climb",
        "Steel prices rose 5% due to the 25% tariff Washington imposed on Chinese steel in \
         March.",
    );
    assert!(t.iter().all(|m| m.action != Action::Threatened), "{t:#?}");
}

#[test]
fn a_measure_that_kicks_in_is_imposed() {
    for title in [
        "U.S. tariffs of 25% on Mexican goods kicked in on Tuesday",
        "Canada's 100% surtax on Chinese EVs kicks in",
    ] {
        assert_eq!(one_tariff(title).action, Action::Imposed, "{title}");
    }
}

#[test]
fn percentages_of_other_figures_are_no_rates() {
    // Growth, market moves, polls and shares beside a stated duty.
    assert_eq!(
        rates("US imposes 10% tariff on Brazil; exports fell 12% and the real lost 3%"),
        vec![10.0]
    );
    assert_eq!(
        rates("Canada slaps 25% tariff on US steel, poll shows 70% support"),
        vec![25.0]
    );
    assert_eq!(
        rates("Thai exports grow 5% despite 19% US tariff"),
        vec![19.0]
    );
    let t = tariffs(
        "Brazil scraps duties on US ethanol",
        "Brazil scrapped its tariff on U.S. ethanol on Tuesday. Shares of sugar producers fell \
         4% and exports rose 12% in March.",
    );
    assert!(t.iter().all(|m| m.rate_pct.is_none()), "{t:#?}");
}

/// The sorted rates of the tariff events of a title and body.
fn body_rates(title: &str, body: &str) -> Vec<f64> {
    let mut r: Vec<f64> = tariffs(title, body)
        .iter()
        .filter_map(|m| m.rate_pct)
        .collect();
    r.sort_by(f64::total_cmp);
    r
}

#[test]
fn rates_of_one_schedule_across_sentences_are_events_each() {
    let t = tariffs(
        "Vietnam trims tariffs",
        "Vietnam cut its import tariff on American cars to 32% from 45%. Duties on ethanol \
         were reduced to 5%.",
    );
    assert_eq!(t.len(), 2, "{t:#?}");
    assert!(t
        .iter()
        .all(|m| m.action == Action::Eased && m.imposer == ["VN"] && m.target == ["US"]));
    assert_eq!(
        body_rates(
            "Turkey doubles tariffs on US goods",
            "Turkey doubled tariffs on some U.S. imports on Wednesday. The duty on passenger \
             cars rose to 120%, and the levy on alcoholic drinks to 140%.",
        ),
        vec![120.0, 140.0]
    );
}

#[test]
fn other_figures_and_old_or_later_values_make_no_schedule() {
    // A figure with no tariff word, a rate of the past, a later step of the same cut.
    for body in [
        "India cut its tariff on large motorcycles to 30% on Saturday. Inflation fell to 3.5% \
         in May.",
        "India cut its tariff on large motorcycles to 30% on Saturday. In 2019 the duty on \
         cars rose to 70%.",
    ] {
        assert_eq!(body_rates("India cuts tariff", body), vec![30.0], "{body}");
    }
    // A value with no change verb ("set at") stays off the schedule.
    let t = tariffs(
        "India cuts tariff",
        "India cut its tariff on large motorcycles to 30% on Saturday. A duty on cars, set at \
         70% in 2019, stays.",
    );
    assert_eq!(t.len(), 1, "{t:#?}");
}

#[test]
fn a_duty_rising_to_a_level_is_raised_a_figure_rising_is_not() {
    let t = tariffs(
        "Duty on walnuts rises to 120%",
        "The duty on U.S. walnuts imposed by India rose to 120% on Sunday.",
    );
    assert!(t.iter().all(|m| m.action == Action::Imposed), "{t:#?}");
    // "exports rose 5%": a move, no rate, no change of the measure.
    assert_eq!(
        rates("Thai exports rose 5% despite the 19% US tariff"),
        vec![19.0]
    );
}

#[test]
fn a_decimal_rate_between_the_verb_and_the_duty_is_the_duty_s() {
    let m = one_tariff("China scraps 80.5% barley duties on Australia");
    assert_eq!(m.action, Action::Eased, "{m:#?}");
    assert_eq!(m.rate_pct, Some(80.5));
    // A figure's decimal move is still no easing of a measure named later.
    let t = tariffs(
        "Wheat prices",
        "Wheat futures dropped 2.5 percent in Chicago as traders weighed new Chinese tariffs \
         on U.S. farm goods announced on Monday.",
    );
    assert!(t.iter().all(|m| m.action != Action::Eased), "{t:#?}");
}

#[test]
fn rewritten_took_impact_imposes() {
    let t = tariffs(
        "Levies take impact",
        "Washington's customs charges of 10 percent on $200 billion of imports from China \
         took impact on Monday, with the rate set to climb later.",
    );
    assert!(!t.is_empty(), "{t:#?}");
    assert!(t.iter().all(|m| m.action == Action::Imposed), "{t:#?}");
}

#[test]
fn and_it_would_goes_on_with_the_report() {
    let t = tariffs(
        "UK steps",
        "Britain said its new rules on luxury exports to Russia would apply from Friday, and \
         it would add a 35% tariff on Russian vodka.",
    );
    assert_eq!(t.len(), 1, "{t:#?}");
    assert_eq!(t[0].action, Action::Imposed);
    // A condition keeps it a threat; no report keeps the modal's threat.
    for body in [
        "Britain said it would review the rules, and it would add a 35% tariff on Russian \
         vodka if talks fail.",
        "Talks stalled on Monday, and it would take a 35% tariff on Russian vodka to change \
         that, Britain's critics argue.",
    ] {
        let t = tariffs("UK steps", body);
        assert!(
            t.iter().all(|m| m.action != Action::Imposed),
            "{body}: {t:#?}"
        );
    }
}

#[test]
fn extending_a_relief_eases_extending_a_measure_imposes() {
    assert_eq!(
        one_tariff("EU extends tariff truce with US by 90 days").action,
        Action::Eased
    );
    assert_eq!(
        one_tariff("US extends 25% tariffs on Chinese steel for another year").action,
        Action::Imposed
    );
    // A truce named farther on is no object of "extends".
    let e = tag(
        "EU extends sanctions on Russia by six months despite a Black Sea truce",
        "",
        DAY,
    );
    let s = measures(&e, EventType::Sanction);
    assert_eq!(s.len(), 1, "{e:#?}");
    assert_eq!(s[0].action, Action::Imposed);
}

#[test]
fn a_percentage_before_a_comparative_is_a_difference_not_a_rate() {
    for title in [
        "India raises tariffs on US apples, now 40% higher than Vietnam's",
        "EU tariff leaves Chinese EVs 20% cheaper than European models",
    ] {
        assert_eq!(rates(title), Vec::<f64>::new(), "{title}");
    }
    assert_eq!(
        body_rates(
            "Canada imposes duties on Chinese steel",
            "Canada imposed anti-dumping duties on Chinese steel on Monday, making imports \
             about 30% more expensive.",
        ),
        Vec::<f64>::new()
    );
    // The rate itself stays.
    assert_eq!(
        rates("US imposes 20% tariff on Vietnamese shoes, 30% cheaper than Chinese ones"),
        vec![20.0]
    );
}

#[test]
fn a_standard_duty_in_force_is_no_new_rate() {
    let t = tariffs(
        "EU threatens duties on Chinese EVs",
        "The European Commission said it would impose duties of 38.1% on Chinese electric \
         vehicles from July. The duties would come on top of the EU's standard 10% tariff on \
         imported cars.",
    );
    assert!(t.iter().all(|m| m.rate_pct != Some(10.0)), "{t:#?}");
    assert!(t.iter().any(|m| m.rate_pct == Some(38.1)), "{t:#?}");
}
