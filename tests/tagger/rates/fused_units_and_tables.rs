//! Tariff rates and actions, second round: fused units ("25pc"), rate tables ("Canada 35%,
//! Mexico 30%"), a change's new value before a later trigger, participle clauses after a comma,
//! and more verbs of dropping a measure. Invented sentences only; each class has a case that
//! must not change.

use crate::tagging::{measures, tag};
use newstag::tagger::{Action, EventType, MeasureEvent};

const DAY: &str = "2025-05-14";

/// The tariff events of a headline.
fn tariffs(title: &str) -> Vec<MeasureEvent> {
    crate::tagging::tariffs_on(title, "", DAY)
}

/// The rates of the tariff events, sorted.
fn rates(title: &str) -> Vec<f64> {
    crate::tagging::sorted_rates(title, "", DAY)
}

/// The action of the only tariff event.
fn action(title: &str) -> Action {
    let t = tariffs(title);
    assert_eq!(t.len(), 1, "{title}: {t:#?}");
    t[0].action
}

/// The target codes of the event with rate `pct`.
fn target_of(title: &str, pct: f64) -> Vec<String> {
    let t = tariffs(title);
    t.iter()
        .find(|m| m.rate_pct == Some(pct))
        .map(|m| m.target.clone())
        .unwrap_or_else(|| panic!("{title}: no event at {pct}: {t:#?}"))
}

#[test]
fn number_and_unit_in_one_token() {
    for (title, want) in [
        ("Peru puts 25pc duty on Chilean wine", 25.0),
        ("Kenya slaps 35pct levy on Ugandan sugar", 35.0),
        ("Egypt imposes 20percent tariff on Turkish steel", 20.0),
    ] {
        assert_eq!(rates(title), vec![want], "{title}");
    }
    // A figure fused with its unit is still a figure: "shares fell 4pc".
    assert_eq!(
        rates("Peru puts 25pc duty on Chilean wine; Lima shares fell 4pc"),
        vec![25.0]
    );
    // A number with letters that are no unit is no rate.
    assert!(rates("Peru puts duty on Chilean wine from 2025pm").is_empty());
}

#[test]
fn rate_tables_give_one_event_per_party() {
    let title = "Washington sets new tariffs: Peru 35%, Chile 20%";
    assert_eq!(rates(title), vec![20.0, 35.0]);
    assert_eq!(target_of(title, 35.0), vec!["PE".to_string()]);
    assert_eq!(target_of(title, 20.0), vec!["CL".to_string()]);
    let title = "Japan imposes duties on Vietnam (18%) and Thailand (12%)";
    assert_eq!(rates(title), vec![12.0, 18.0]);
    assert_eq!(target_of(title, 18.0), vec!["VN".to_string()]);
    // One country and one rate is no table: a single event.
    assert_eq!(tariffs("Washington sets 35% tariff on Peru").len(), 1);
}

#[test]
fn a_new_value_belongs_to_its_own_change() {
    // "to 80% from 20%, while levies on …": the 80 is the first change's new rate, not the
    // prefix of the levies after the comma.
    let title =
        "Ottawa raises duties on Chinese steel to 80% from 20%, while levies on Chinese glass will rise to 40%";
    let r = rates(title);
    assert!(r.contains(&80.0) && r.contains(&40.0), "{r:?}");
    assert!(!r.contains(&20.0), "{r:?}");
    // "raised to 30% tariffs": a rate right before its own trigger still counts.
    assert_eq!(
        rates("Chile raised 30% tariffs on Peruvian fruit"),
        vec![30.0]
    );
}

#[test]
fn participle_after_a_comma_does_not_decide() {
    assert_eq!(
        action("Tokyo proposes 40% tariff on Chinese steel, cutting duty-free quotas"),
        Action::Threatened
    );
    assert_eq!(
        action("Ottawa imposes 30% tariff on Chinese cars, lowering its own quotas"),
        Action::Imposed
    );
    // Alone, the participle still decides: "…, suspending its 25% tariff on Peru".
    assert_eq!(
        action("In a surprise move, Chile said on Monday it was suspending its 25% tariff on Peru"),
        Action::Eased
    );
}

#[test]
fn more_verbs_of_dropping_a_measure() {
    for title in [
        "Tokyo axes 9% duties on Chilean salmon",
        "Lima ditches 12% levy on Bolivian gas",
        "Seoul lets 15% tariffs on U.S. oranges expire",
        "Canberra allows duties on Thai rice to lapse",
    ] {
        assert_eq!(action(title), Action::Eased, "{title}");
    }
    // Ending a relief brings the measure back: "lets the exemption expire" (the imposer's
    // measure is imposed; the relief clause may still read a separate easing).
    let t = tariffs("Washington lets tariff exemption for Chilean copper expire");
    let own = t.iter().find(|m| m.imposer == ["US"]);
    assert_eq!(own.map(|m| m.action), Some(Action::Imposed), "{t:#?}");
    // A verb of the clause still wins over "expire": "imposes a tariff that will expire".
    assert_eq!(
        action("Lima imposes 10% tariff on Chilean wine that will expire in 2027"),
        Action::Imposed
    );
}

#[test]
fn conditions_make_a_plain_verb_a_threat() {
    for title in [
        "If talks collapse, Lima will impose 20% tariffs on Chilean copper",
        "Unless Quito pays, Lima will slap duties on Ecuadorian bananas",
        "Lima will impose 20% tariffs on Chilean copper if talks collapse",
    ] {
        assert_eq!(action(title), Action::Threatened, "{title}");
    }
    // A fact stays a fact: a past verb, a decisive cue, "even if", a condition in another
    // clause.
    for title in [
        "Lima raised tariffs on Chilean copper to 20% if only for a month",
        "Lima's 20% tariffs on Chilean copper took effect, even if talks go on",
        "Lima will impose 20% tariffs on Chilean copper even if talks go on",
    ] {
        assert_eq!(action(title), Action::Imposed, "{title}");
    }
}

#[test]
fn the_end_of_a_period_is_no_ending() {
    let e = tag(
        "",
        "Lima extended until the end of 2027 its ban on imports of Chilean poultry.",
        DAY,
    );
    let s = measures(&e, EventType::Sanction);
    assert!(!s.is_empty(), "{e:#?}");
    assert!(s.iter().all(|m| m.action == Action::Imposed), "{e:#?}");
    // "an end to the duties" still ends them.
    assert_eq!(
        action("Lima puts an end to 10% duties on Chilean wine"),
        Action::Eased
    );
}

#[test]
fn a_spread_of_rates_is_no_one_rate() {
    for title in [
        "Lima imposes tariffs of 10% to 35% on Chilean textiles",
        "Lima imposes duties of between 8 and 12 percent on Chilean glass",
        "Lima slaps tariffs ranging from 5% to 15% on Chilean fruit",
        "Lima slaps 5-15% tariffs on Chilean fruit",
    ] {
        let t = tariffs(title);
        assert_eq!(t.len(), 1, "{title}: {t:#?}");
        assert_eq!(t[0].rate_pct, None, "{title}");
    }
    // A change "from … to …" is no spread: the new value.
    assert_eq!(
        rates("Lima raises tariffs on Chilean wine from 10% to 35%"),
        vec![35.0]
    );
    // A spaced dash after a number is punctuation, not a spread.
    assert_eq!(
        rates("Under decree 117 - 30% tariffs on Chilean fruit take effect in Lima"),
        vec![30.0]
    );
    // Two rates for two goods are two measures, not a spread.
    assert_eq!(
        rates("Lima imposes duties of 5% on Chilean salt and 10% on Chilean wine"),
        vec![5.0, 10.0]
    );
}

#[test]
fn hyphenated_per_cent() {
    assert_eq!(
        rates("Quito adopts 15-per-cent duty on Peruvian rice"),
        vec![15.0]
    );
}

#[test]
fn dropping_a_plan_or_threat_eases() {
    for title in [
        "Quito shelves plan for 20% duties on Peruvian cement",
        "Lima drops its threat of 30% tariffs on Chilean wine",
        "Lima backs off 40% tariffs on Chilean salmon",
    ] {
        assert_eq!(action(title), Action::Eased, "{title}");
    }
    // The plan alone is a threat.
    assert_eq!(
        action("Quito unveils a plan for 20% duties on Peruvian cement"),
        Action::Threatened
    );
}

#[test]
fn a_question_about_a_measure_is_a_threat() {
    assert_eq!(
        action("Will Lima slap 25% tariffs on Chilean cars?"),
        Action::Threatened
    );
    // A statement with the same verb is the measure.
    assert_eq!(
        action("Lima slaps 25% tariffs on Chilean cars"),
        Action::Imposed
    );
}

#[test]
fn a_measure_kept_until_another_party_acts() {
    // "until Santiago drops its levies": the later clause's easing is the other party's.
    let t = tariffs("Lima's tariffs on Chilean wine to stay until Santiago drops its levies");
    let own = t.iter().find(|m| m.imposer == ["PE"]);
    assert_eq!(own.map(|m| m.action), Some(Action::Imposed), "{t:#?}");
}

#[test]
fn a_phrasal_particle_before_a_rate_is_no_move() {
    assert_eq!(
        rates("Lima ramps up 25% tariffs on Chilean copper"),
        vec![25.0]
    );
    // "shares down 5%" is still a move.
    assert_eq!(
        rates("Lima imposes 25% tariffs on Chilean copper, with miners' shares down 5%"),
        vec![25.0]
    );
}

#[test]
fn zero_percent_is_no_rate() {
    let t = tariffs("Lima cuts tariff on Chilean wine to 0% from 8%");
    assert_eq!(t.len(), 1, "{t:#?}");
    assert_eq!(t[0].rate_pct, None);
    assert_eq!(t[0].action, Action::Eased);
    // A nonzero new value is still the rate.
    assert_eq!(
        rates("Lima cuts tariff on Chilean wine to 2% from 8%"),
        vec![2.0]
    );
}

#[test]
fn rates_each_for_their_own_party() {
    assert_eq!(
        rates("Lima sets 41% tariff for Bolivia, 30% for Ecuador and Colombia"),
        vec![30.0, 41.0]
    );
}

#[test]
fn a_participle_with_its_agent_describes_another_noun() {
    // "the 30% rate threatened by Lima" describes the rate avoided, not the accepted tariff.
    let t = tariffs(
        "Quito accepted a 15% Peruvian tariff on its exports, well below the 30% rate threatened by Lima",
    );
    assert!(
        t.iter()
            .any(|m| m.rate_pct == Some(15.0) && m.action == Action::Imposed),
        "{t:#?}"
    );
    // The clause's own passive verb still decides.
    assert_eq!(
        action("New tariffs on Chilean wine were threatened by Lima"),
        Action::Threatened
    );
}

#[test]
fn a_measure_that_will_not_apply_to_a_party_eases() {
    for title in [
        "Lima says its 20% tariffs on copper will not apply to Chile",
        "The 30% tariffs on copper that Lima had floated won't be applied to Chile",
    ] {
        assert_eq!(action(title), Action::Eased, "{title}");
    }
    // Negated before the trigger, there is no measure at all.
    assert!(tariffs("Lima will not impose tariffs on Chilean copper").is_empty());
}

/// The rates of the tariff events of an item with a body, sorted.
fn body_rates(title: &str, body: &str) -> Vec<f64> {
    crate::tagging::sorted_rates(title, body, DAY)
}

#[test]
fn a_named_rate_far_from_its_trigger() {
    assert_eq!(
        body_rates(
            "Quito imposes duties",
            "Ecuador on Friday imposed new duties on imports of Peruvian cement, steel rebar and \
             several other building materials used by contractors in its coastal provinces, at a \
             rate of 20%, the ministry said.",
        ),
        vec![20.0]
    );
    // A far percentage that is no rate stays out.
    assert!(body_rates(
        "Quito imposes duties",
        "Ecuador on Friday imposed new duties on imports of Peruvian cement, steel rebar and \
         several other building materials used by contractors in its coastal provinces, where \
         sales fell 20%.",
    )
    .is_empty());
}

#[test]
fn a_rate_in_an_aside_of_a_later_mention() {
    assert_eq!(
        body_rates(
            "Quito imposes duties",
            "Ecuador on Friday imposed duties on Peruvian cement. The levy, set at 14.5%, takes \
             effect next month.",
        ),
        vec![14.5]
    );
}

#[test]
fn foreseen_hinted_drafted_or_possible_measures_are_threats() {
    for title in [
        "Quito is expected to announce 30% tariffs on Peruvian cement next week",
        "Quito hints at tariffs on Peruvian cement",
        "Quito drafts 30% tariffs on Peruvian cement",
        "Quito could lift its 30% tariffs on Peruvian cement next month",
    ] {
        assert_eq!(action(title), Action::Threatened, "{title}");
    }
    // Scheduled to take effect is the measure; a reported decision to lift it is the easing.
    assert_eq!(
        action("Quito's 30% tariffs on Peruvian cement are expected to take effect on Monday"),
        Action::Imposed
    );
    assert_eq!(
        action("Quito said on Monday it would lift its 30% tariffs on Peruvian cement"),
        Action::Eased
    );
}

#[test]
fn shares_moves_and_figures_are_no_rates() {
    for title in [
        "Quito imposes tariffs on Peruvian cement; Peru sends 40 percent of its cement output there",
        "Quito imposes tariffs on Peruvian cement after a 12% rise in shipments",
        "Quito imposes tariffs on Peruvian cement as imports jumped by 12 percent",
        "Quito imposes tariffs on Peruvian cement, whose market share hit 35%",
    ] {
        assert!(rates(title).is_empty(), "{title}: {:?}", rates(title));
    }
    // A rate stated against the goods' value is still a rate.
    assert_eq!(
        rates("Quito imposes tariffs of 18.9% of their assessed value on Peruvian cement"),
        vec![18.9]
    );
}

#[test]
fn added_percentage_points_are_the_added_rate() {
    assert_eq!(
        rates("Quito slaps an additional 15 percentage points on tariffs for Peruvian cement"),
        vec![15.0]
    );
    // Points of a figure's move are no rate.
    assert!(rates(
        "Quito's tariffs on Peruvian cement would shave 0.4 percentage point off growth"
    )
    .is_empty());
}

#[test]
fn a_question_about_a_past_fact_is_no_threat() {
    assert_eq!(
        action("Why did Lima slap 25% tariffs on Chilean cars?"),
        Action::Imposed
    );
}

#[test]
fn a_rate_named_in_a_sentence_with_no_tariff_word_goes_to_the_rateless_measure() {
    let title = "Washington slaps new tariffs on Swiss watches";
    for (body, want) in [
        (
            "The United States imposed new tariffs on Swiss watches on Thursday. \
             Switzerland will face one of the highest rates, 39%, officials said.",
            vec![39.0],
        ),
        (
            "The United States raised its tariffs on Swiss watches again on Thursday. \
             The new rate is 145 percent.",
            vec![145.0],
        ),
        (
            "The United States imposed new tariffs on Swiss watches on Thursday. \
             Switzerland had hoped for a lower 10% rate.",
            vec![10.0],
        ),
    ] {
        assert_eq!(body_rates(title, body), want, "{body}");
    }
}

#[test]
fn other_rates_and_stated_rates_are_not_carried() {
    let title = "Washington slaps new tariffs on Swiss watches";
    for (body, want) in [
        // Another figure's rate.
        (
            "The United States imposed new tariffs on Swiss watches on Thursday. \
             The central bank kept its benchmark interest rate at 4.5%.",
            vec![],
        ),
        (
            "The United States imposed new tariffs on Swiss watches on Thursday. \
             The unemployment rate rose to 4.1 percent.",
            vec![],
        ),
        // The measure states its own rate.
        (
            "The United States imposed 25% tariffs on Swiss watches on Thursday. \
             Switzerland will face one of the highest rates, 39%, officials said.",
            vec![25.0],
        ),
        // A country that is no party of the measure.
        (
            "The United States imposed new tariffs on Swiss watches on Thursday. \
             Brazil will face one of the highest rates, 50%, officials said.",
            vec![],
        ),
    ] {
        assert_eq!(body_rates(title, body), want, "{body}");
    }
}

#[test]
fn a_duty_of_the_same_size_takes_the_rate_just_stated() {
    let title = "Trade war opens";
    for (body, want) in [
        (
            "The United States imposed 25% tariffs on Chinese machinery on Friday, and Beijing \
             hit back with duties of the same size on American farm goods.",
            vec![25.0, 25.0],
        ),
        (
            "The United States imposed 30% tariffs on Canadian lumber on Monday. Ottawa \
             retaliated with matching levies on U.S. steel.",
            vec![30.0, 30.0],
        ),
        // The same amount of goods is the goods covered, not the rate.
        (
            "The United States imposed 25% tariffs on Chinese machinery on Friday, and Beijing \
             hit back with duties on the same amount of American goods.",
            vec![25.0],
        ),
    ] {
        assert_eq!(body_rates(title, body), want, "{body}");
    }
}

#[test]
fn a_decimal_rate_with_a_fused_unit() {
    assert_eq!(rates("EU sets 35.3pc duty on Chinese e-bikes"), vec![35.3]);
    assert_eq!(
        rates("Canada imposes 12.5pct tariff on U.S. steel"),
        vec![12.5]
    );
    assert_eq!(
        rates("Canada imposes 12pct tariff on U.S. steel"),
        vec![12.0]
    );
}

#[test]
fn a_rate_stated_as_a_fraction_of_the_value() {
    assert_eq!(
        rates("Mexico raises import tariff on steel to a quarter"),
        vec![25.0]
    );
    assert_eq!(
        rates("Brazil proposes duties of up to half the value of imported cars"),
        vec![50.0]
    );
    // Shares and moves are no rates.
    assert_eq!(
        rates("U.S. imposes tariffs on Chinese steel, a quarter of its imports"),
        Vec::<f64>::new()
    );
    assert_eq!(
        rates("Freight costs fell by close to half after U.S. tariffs on Chinese goods"),
        Vec::<f64>::new()
    );
}

#[test]
fn the_new_value_beside_its_old_one_past_the_window() {
    let body = "Mexico would lift what Chinese carmakers pay at the border to 50 per cent from \
                20 per cent, as part of a broad and long-debated package of higher import \
                duties on Asian goods.";
    assert_eq!(body_rates("", body), vec![50.0]);
}

#[test]
fn a_spread_in_the_triggers_own_phrase_states_no_rate() {
    assert_eq!(
        rates("Jakarta floats 100%-200% duties on Chinese textiles, sets 35% fabric safeguard"),
        Vec::<f64>::new()
    );
}

#[test]
fn equivalent_duties_and_superseded_rates_give_no_rate() {
    let title = "Trade row deepens";
    // "Equivalent" compares the goods covered; the answer states no rate.
    let body = "The United States imposed 25% tariffs on Mexican steel on Friday. Mexico said \
                it would put equivalent duties on U.S. pork and apples, without giving rates.";
    assert_eq!(body_rates(title, body), vec![25.0]);
    // A rate that had been set before is superseded.
    let body = "The United States imposed new tariffs on Swiss watches on Thursday. The 39% \
                rate had been announced in a letter last month.";
    assert_eq!(body_rates(title, body), Vec::<f64>::new());
}

#[test]
fn a_rate_table_entry_with_a_verb_of_facing() {
    let t = "U.S. unveils new tariffs, with Thailand facing 36%, Cambodia 49% and Laos 48%";
    assert_eq!(rates(t), vec![36.0, 48.0, 49.0]);
    assert_eq!(target_of(t, 36.0), vec!["TH".to_string()]);
    // One rate is no table.
    assert_eq!(rates("Thailand faces 36% U.S. tariffs on rice"), vec![36.0]);
}

#[test]
fn a_rate_with_a_thousands_comma() {
    assert_eq!(
        rates("U.S. sets 3,521% anti-dumping duty on Cambodian solar cells"),
        vec![3521.0]
    );
    // A list of numbers is no grouped number.
    assert_eq!(
        rates("U.S. sets 25% tariffs on Cambodian solar cells, 1, 200 firms hit"),
        vec![25.0]
    );
}

#[test]
fn rates_each_on_their_goods_after_a_two_word_trigger() {
    let t = "Trump vows a 25% customs charge on Mexican goods, and an added 10% on Chinese goods";
    assert_eq!(rates(t), vec![10.0, 25.0]);
    assert_eq!(target_of(t, 10.0), vec!["CN".to_string()]);
    // The total a measure brings is no rate of its own.
    assert_eq!(
        rates("Trump signs order imposing an extra 40% import levy on Brazilian goods, bringing the total duty to 50%"),
        vec![40.0]
    );
}

/// Litotes: "would not hesitate to impose" is a threat, not a negation; a plain "would not
/// impose" still cancels the measure.
#[test]
fn not_hesitating_to_impose_is_a_threat() {
    let sanction = |text: &str| {
        measures(&tag("", text, "2025-07-09"), EventType::Sanction)
            .into_iter()
            .map(|m| m.action)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        sanction("The EU would not hesitate to impose new sanctions on Belarus, Borrell said."),
        vec![Action::Threatened]
    );
    assert_eq!(
        action("Washington won't hesitate to slap tariffs on Mexican steel"),
        Action::Threatened
    );
    assert!(sanction("The EU would not impose new sanctions on Belarus, Borrell said.").is_empty());
}
