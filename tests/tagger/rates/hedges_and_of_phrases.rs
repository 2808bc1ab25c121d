//! Tariff rates and actions, fifth round: a market move with a hedge ("the lira plunging as
//! much as 18%") is no rate; a rate a trigger introduces with "of" is that trigger's, not the
//! next one's; "at the same 25 percent rate" names the rate past the window; a history cue
//! that takes the older measure as its object ("in retaliation for") leaves the news before
//! it an event; a coordinated verb nearer the trigger governs it; a verb after a comma has
//! its own object; "otherwise", "stood ready to", "told to expect" threaten; "clearing the
//! way for" imposes; lowering a price cap tightens it. Invented sentences only; each rule has
//! look-alikes that must not change.

use newstag::tagger::{Action, EventType, MeasureEvent};

const DAY: &str = "2025-06-02";

fn tariffs(title: &str, body: &str) -> Vec<MeasureEvent> {
    crate::tagging::tariffs_on(title, body, DAY)
}

fn rates(title: &str, body: &str) -> Vec<f64> {
    crate::tagging::sorted_rates(title, body, DAY)
}

fn actions(ty: EventType, body: &str) -> Vec<Action> {
    let e = crate::tagging::tag("", body, DAY);
    crate::tagging::measures(&e, ty)
        .iter()
        .map(|m| m.action)
        .collect()
}

#[test]
fn a_hedged_market_move_is_no_rate() {
    assert_eq!(
        rates(
            "",
            "Washington doubled its tariff on Hungarian steel to 40%, sending the forint sliding as much as 9% against the euro."
        ),
        vec![40.0]
    );
    assert_eq!(
        rates(
            "",
            "Ottawa put a 15% duty on Danish pork, with shares of Nordic packers tumbling by nearly 6%."
        ),
        vec![15.0]
    );
    // The rate itself, hedged, is still a rate.
    assert_eq!(
        rates("", "Ottawa put a duty of as much as 15% on Danish pork."),
        vec![15.0]
    );
}

#[test]
fn a_rate_introduced_by_of_belongs_to_its_trigger() {
    assert_eq!(
        rates(
            "",
            "Morocco will impose anti-dumping duties of 14.2% and a separate countervailing duty of 6.1% on Egyptian rebar."
        ),
        vec![6.1, 14.2]
    );
    // One trigger, one rate: unchanged.
    assert_eq!(
        rates(
            "",
            "Morocco will impose a 14% anti-dumping duty on Egyptian rebar."
        ),
        vec![14.0]
    );
}

#[test]
fn a_rate_named_as_such_after_it_counts_past_the_window() {
    assert_eq!(
        rates(
            "",
            "Officials said duties on a further $20 billion of Brazilian goods, now under public review, would follow soon at the same 15 percent rate."
        ),
        vec![15.0]
    );
    // A figure far away that is no rate stays out.
    assert_eq!(
        rates(
            "",
            "Officials said duties on a further $20 billion of Brazilian goods, now under public review, would follow soon, and inflation could hit 15 percent."
        ),
        Vec::<f64>::new()
    );
}

#[test]
fn forms_of_wire_copy_keep_their_rate() {
    assert_eq!(
        rates("Peru imposes a levy of 12.5 per cent on Chilean wine", ""),
        vec![12.5]
    );
    assert_eq!(
        rates("Brazil announces 25-percent tariffs on Argentine wheat", ""),
        vec![25.0]
    );
    assert_eq!(
        rates(
            "Vietnam imposes duties of up to 35% on Chinese aluminium",
            ""
        ),
        vec![35.0]
    );
    assert_eq!(
        rates(
            "The US will impose an additional 10 percentage points of tariffs on Chinese goods",
            ""
        ),
        vec![10.0]
    );
    // A spread and a specific duty state no ad-valorem rate.
    assert_eq!(
        rates(
            "Kenya slaps tariffs of between 10 and 20% on Ugandan sugar",
            ""
        ),
        Vec::<f64>::new()
    );
    assert_eq!(
        rates(
            "Turkey imposes a duty of $120 per tonne on Russian wheat",
            ""
        ),
        Vec::<f64>::new()
    );
}

#[test]
fn retaliation_marks_only_the_measure_it_answers() {
    let t = tariffs(
        "",
        "Peru slapped 20% duties on Chilean wine in retaliation for Santiago's levies on fishmeal.",
    );
    assert_eq!(t.len(), 1, "{t:#?}");
    assert_eq!(t[0].rate_pct, Some(20.0));
    assert_eq!(t[0].imposer, vec!["PE".to_string()]);
    // A history cue before the trigger still makes it background.
    assert!(actions(
        EventType::Sanction,
        "Three decades of sanctions on Cuba have hurt its economy, the report said."
    )
    .is_empty());
}

#[test]
fn the_nearer_coordinated_verb_governs_the_trigger() {
    let t = tariffs(
        "",
        "Turkey said its new steel regime will start in May, slashing duty-free quotas by a third and imposing a 40% duty on Greek steel above them.",
    );
    assert!(
        t.iter()
            .any(|m| m.rate_pct == Some(40.0) && m.action == Action::Imposed),
        "{t:#?}"
    );
    // A cut alone still eases.
    assert_eq!(
        actions(
            EventType::Tariff,
            "Ankara is cutting its duty on Greek olive oil to 5%."
        ),
        vec![Action::Eased]
    );
}

#[test]
fn a_verb_after_a_comma_has_its_own_object() {
    assert_eq!(
        actions(
            EventType::Tariff,
            "Chile will trim its duty on Korean cars to 6%, under a trade deal signed on Friday."
        ),
        vec![Action::Eased]
    );
    assert_eq!(
        actions(
            EventType::Tariff,
            "Chile lowered its duty on Korean cars to 6% on Friday."
        ),
        vec![Action::Eased]
    );
}

#[test]
fn conditions_and_readiness_threaten() {
    assert_eq!(
        actions(
            EventType::Tariff,
            "Manila must stop rerouting Chinese steel by July, otherwise its exports will be hit with Japanese duties of 30 percent."
        ),
        vec![Action::Threatened]
    );
    assert_eq!(
        actions(
            EventType::Sanction,
            "Nordic ministers said they stood ready to adopt further sanctions on Belarus."
        ),
        vec![Action::Threatened]
    );
    assert_eq!(
        actions(
            EventType::Sanction,
            "Nordic ministers adopted further sanctions on Belarus."
        ),
        vec![Action::Imposed]
    );
    assert_eq!(
        actions(
            EventType::Tariff,
            "Seoul was told to expect 30% US tariffs from March 1."
        ),
        vec![Action::Threatened]
    );
}

#[test]
fn clearing_the_way_for_a_measure_imposes_it() {
    assert_eq!(
        actions(
            EventType::Tariff,
            "Lima withdrew from the suspension pact, clearing the way for duties of 12% on Chilean apples."
        ),
        vec![Action::Imposed]
    );
    // What is cleared the way for comes after the cue, never before it.
    assert!(!actions(
        EventType::Tariff,
        "Ministers failed to stop the commission from putting duties on Thai rice, clearing the way for a wider trade case."
    )
    .contains(&Action::Imposed));
}

#[test]
fn lowering_a_price_cap_tightens_it() {
    assert_eq!(
        actions(
            EventType::Sanction,
            "The EU lowered its price cap on Russian crude to $45 a barrel."
        ),
        vec![Action::Imposed]
    );
    assert_eq!(
        actions(
            EventType::Sanction,
            "The EU lifted its price cap on Russian crude."
        ),
        vec![Action::Eased]
    );
}
