//! Tariff rates (`rate_pct`) and actions (imposed / threatened / eased) by class of wording.
//! Invented sentences only; each class has several wordings and a case that must not change.

use crate::tagging::{measures, tag};
use newstag::tagger::{Action, EventType, MeasureEvent};

const DAY: &str = "2025-05-14";

/// The tariff events of a headline or a one-sentence body.
fn tariffs(title: &str, body: &str) -> Vec<MeasureEvent> {
    crate::tagging::tariffs_on(title, body, DAY)
}

/// The rates of the tariff events, sorted.
fn rates(title: &str, body: &str) -> Vec<f64> {
    let mut r: Vec<f64> = tariffs(title, body)
        .iter()
        .filter_map(|m| m.rate_pct)
        .collect();
    r.sort_by(f64::total_cmp);
    r
}

/// The action of the only tariff event.
fn action(title: &str, body: &str) -> Action {
    let t = tariffs(title, body);
    assert_eq!(t.len(), 1, "{title} {body}: {t:#?}");
    t[0].action
}

#[test]
fn rates_in_words_and_other_units() {
    for (text, want) in [
        ("Chile slaps ten% duty on Argentine beef", 10.0),
        (
            "Chile slaps twenty-five percent duty on Argentine beef",
            25.0,
        ),
        ("Chile slaps a 12 per cent duty on Argentine beef", 12.0),
        ("Chile slaps 12 p.c. duty on Argentine beef", 12.0),
        ("Chile slaps 8 pct duty on Argentine beef", 8.0),
        ("Chile slaps 7.5 pc duty on Argentine beef", 7.5),
    ] {
        assert_eq!(rates(text, ""), vec![want], "{text}");
    }
    // A number word with no unit is no rate; "percentage points" are no rate either.
    assert!(rates("Chile slaps duty on ten Argentine products", "").is_empty());
    assert_eq!(
        rates(
            "",
            "Chile imposed a 20% tariff on Peruvian grapes, which economists said would cut \
             half a percentage point from growth."
        ),
        vec![20.0]
    );
}

#[test]
fn a_value_compared_with_is_not_the_rate() {
    for text in [
        "Under the deal, Korean cars will face a 12% U.S. tariff rather than the 30% first announced.",
        "Under the deal, Korean cars will face a 12% U.S. tariff instead of 30%.",
        "Under the deal, Korean cars will face a 12% U.S. tariff, lower than the 30% others pay.",
        "Under the deal, Korean cars will face a 12% U.S. tariff, compared with 30% before.",
        "Under the deal, Korean cars will face a 12% U.S. tariff versus 30% for Japan.",
    ] {
        assert_eq!(rates("", text), vec![12.0], "{text}");
    }
    // "more than 100%" is the (approximate) rate itself.
    assert_eq!(
        rates(
            "Brazil imposes tariffs of more than 100% on Chinese cars",
            ""
        ),
        vec![100.0]
    );
}

#[test]
fn a_change_gives_the_new_rate() {
    for text in [
        "Brazil cut its levy on Argentine wheat to 8% from as much as 20%.",
        "Brazil cut its levy on Argentine wheat to 8% from the 20% set last year.",
        "Brazil cut its levy on Argentine wheat from 20% to 8%.",
    ] {
        assert_eq!(rates("", text), vec![8.0], "{text}");
    }
    // Two new values for two goods are two measures; the old values are neither.
    assert_eq!(
        rates(
            "",
            "Vietnam said its duties on U.S. cars will fall to 32% from 64%, while the rate on \
             ethanol drops to 5% from 10%."
        ),
        vec![5.0, 32.0]
    );
}

#[test]
fn an_average_rate_is_not_a_measure() {
    for text in [
        "The average U.S. tariff rate has climbed to 18%, economists at the bank said.",
        "The effective U.S. tariff rate is now above 17%, according to the researchers.",
    ] {
        assert!(tariffs("", text).is_empty(), "{text}");
    }
    // "effective" after the trigger is a date, not an average.
    assert_eq!(
        rates(
            "",
            "Peru imposed a 15% tariff on Chilean wine, effective June 1, the ministry said."
        ),
        vec![15.0]
    );
}

#[test]
fn a_body_announcing_its_own_measure_imposes_it() {
    for text in [
        "China's commerce ministry said on Monday it would impose tariffs of 15% on U.S. pork starting June 1.",
        "The European Commission said it would apply a 20% duty on Chinese bicycles.",
        "Canada's finance department announced it would put 10% surtaxes on U.S. boats.",
    ] {
        assert_eq!(action("", text), Action::Imposed, "{text}");
    }
    // A condition keeps it a threat, and so does a leader speaking of his intent.
    for text in [
        "China's commerce ministry said it would impose tariffs of 15% on U.S. pork if Washington goes ahead.",
        "The European Commission said it would apply a 20% duty on Chinese bicycles unless talks succeed.",
        "President Trump said he would impose a 20% tariff on Brazilian coffee.",
    ] {
        assert_eq!(action("", text), Action::Threatened, "{text}");
    }
}

#[test]
fn a_verb_of_imposing_under_a_modal_is_a_threat() {
    for text in [
        "Chinese officials have signaled that they could raise duties on American soybeans.",
        "Officials said that if talks fail, Ottawa would then hike tariffs on U.S. steel by 10%.",
        "The bloc said it might move quickly to reinstate its sanctions on Iran.",
    ] {
        let e = tag("", text, DAY);
        let m: Vec<&MeasureEvent> = measures(&e, EventType::Tariff)
            .into_iter()
            .chain(measures(&e, EventType::Sanction))
            .collect();
        assert_eq!(m.len(), 1, "{text}: {e:#?}");
        assert_eq!(m[0].action, Action::Threatened, "{text}");
    }
    // Without a modal the verb decides.
    assert_eq!(
        action("", "Ottawa raised tariffs on U.S. steel to 25% on Monday."),
        Action::Imposed
    );
    // A decisive cue under a modal still decides ("would immediately impose").
    assert_eq!(
        action(
            "",
            "Prime Minister Carney said Canada would immediately impose 25% tariffs on U.S. goods."
        ),
        Action::Imposed
    );
}

#[test]
fn the_noun_end_of_something_else_is_no_easing() {
    for text in [
        "China responded with tariffs on $60 billion of American goods, dashing hopes for a quick end to the dispute.",
        "India will impose a 20% tariff on U.S. almonds by the end of the month.",
    ] {
        assert_eq!(action("", text), Action::Imposed, "{text}");
    }
    // An end to the measure itself eases it.
    assert_eq!(
        action(
            "",
            "Mexico agreed to an end to its tariffs on U.S. pork after the talks."
        ),
        Action::Eased
    );
}

#[test]
fn a_relief_denied_is_no_easing() {
    for text in [
        "U.S. steel tariffs take effect without exemptions for allies",
        "U.S. steel tariffs take effect with no waivers for allies",
    ] {
        assert_eq!(action(text, ""), Action::Imposed, "{text}");
    }
    assert_eq!(
        action("U.S. grants exemptions from steel tariffs to Australia", ""),
        Action::Eased
    );
}

#[test]
fn taking_back_or_dropping_a_measure_eases_it() {
    for text in [
        "Trump rescinds tariffs on Brazilian beef",
        "India repeals duties on U.S. motorcycles",
        "Trump calls off tariffs on Colombian goods",
        "EU shelves tariffs on U.S. whiskey",
        "Canada trims its surtax on U.S. steel",
        "Trump will not go ahead with the 10% tariffs on European goods",
    ] {
        assert_eq!(action(text, ""), Action::Eased, "{text}");
    }
    // Plain negation is still no event.
    assert!(tariffs("Trump will not impose tariffs on European goods", "").is_empty());
}

#[test]
fn intent_verbs_are_threats() {
    for text in [
        "Washington is mulling tariffs on Chinese drones",
        "Brussels is contemplating duties on Chinese steel",
        "Korean trade panel recommended a 27% anti-dumping duty on Chinese steel plate",
        "The White House is exploring tariffs on Mexican tomatoes",
        "Tariffs on Indian shrimp are on the table, U.S. officials say",
    ] {
        assert_eq!(action(text, ""), Action::Threatened, "{text}");
    }
}

#[test]
fn a_past_month_is_background() {
    assert!(tariffs(
        "",
        "The EU grain tariffs of last July on Russia remain in place, the Commission noted."
    )
    .is_empty());
    // A new measure of this month is news.
    assert_eq!(
        action("", "EU tariffs on Russian grain took effect on Monday."),
        Action::Imposed
    );
}

#[test]
fn a_rate_in_force_before_a_change_is_the_old_value() {
    for text in [
        "Ottawa said the present 25% duty on U.S. steel would be raised to 30% next month.",
        "Ottawa said the existing 25% duty on U.S. steel goes up to 30% next month.",
        "Ottawa said its current 25% duty on U.S. steel rises to 30% next month.",
    ] {
        assert_eq!(rates("", text), vec![30.0], "{text}");
    }
    // Alone, the rate in force is still the measure's rate.
    assert_eq!(
        rates(
            "",
            "Ottawa said the existing 25% duty on U.S. steel stays in force."
        ),
        vec![25.0]
    );
}

#[test]
fn a_cue_of_another_clause_does_not_govern_the_trigger() {
    // The main clause's cue before a subordinate clause holding the trigger.
    for text in [
        "Farmers warned of losses after the 25% U.S. tariff on Indian shrimp came into force.",
        "Beijing vowed to respond after Washington imposed tariffs on Chinese drones.",
    ] {
        let t = tariffs("", text);
        assert!(!t.is_empty(), "{text}");
        assert_eq!(t[0].action, Action::Imposed, "{text}");
    }
    // A past perfect after the trigger tells its history; the main verb decides.
    for text in [
        "Trump said the 5% tariff on Mexican goods he had threatened to impose was suspended.",
        "The duty on Chilean wine that Peru had earlier threatened was lifted on Monday.",
    ] {
        assert_eq!(action("", text), Action::Eased, "{text}");
    }
    // With no other verb, the past perfect still decides.
    assert_eq!(
        action(
            "",
            "Peru's tariffs on Chilean wine had been lifted in March."
        ),
        Action::Eased
    );
}

#[test]
fn a_denial_denied_keeps_the_measure_open() {
    for text in [
        "Trump did not rule out tariffs on Spanish olive oil",
        "Ottawa has not ruled out duties on U.S. dairy",
        "Brussels refused to rule out sanctions on Chinese banks",
        "Tokyo won't rule out tariffs on Korean steel",
        "The EU readies tariffs on U.S. motorcycles",
    ] {
        let e = tag(text, "", DAY);
        let m: Vec<&MeasureEvent> = measures(&e, EventType::Tariff)
            .into_iter()
            .chain(measures(&e, EventType::Sanction))
            .collect();
        assert_eq!(m.len(), 1, "{text}: {e:#?}");
        assert_eq!(m[0].action, Action::Threatened, "{text}");
    }
    // A plain denial is still no event.
    for text in [
        "Trump ruled out tariffs on Spanish olive oil",
        "Ottawa did not impose duties on U.S. dairy",
    ] {
        assert!(tariffs(text, "").is_empty(), "{text}");
    }
}

#[test]
fn relief_verbs_without_hyphen_or_as_phrases() {
    for text in [
        "U.S. carves out Canadian potash from new tariffs",
        "Mexican avocados will no longer face U.S. tariffs, officials say",
    ] {
        assert_eq!(action(text, ""), Action::Eased, "{text}");
    }
    // Facing a tariff is still its imposition.
    assert_eq!(
        action("Mexican avocados will face 20% U.S. tariffs from June", ""),
        Action::Imposed
    );
}

#[test]
fn figures_and_their_moves_are_not_rates_or_easings() {
    for text in [
        "Economists said the new U.S. tariffs on Chinese goods would cut GDP by 0.5%.",
        "Inflation rose to 3.1% after the U.S. tariffs on Chinese goods took effect.",
        "China's tariffs on U.S. soybeans took effect as soybean futures fell 2.5 percent.",
        "Trump imposed tariffs on Brazil as his approval rating slipped to 42%.",
        "The U.S. tariffs on Canadian lumber would raise home prices by 5%, builders said.",
    ] {
        let t = tariffs("", text);
        assert_eq!(t.len(), 1, "{text}: {t:#?}");
        assert_eq!(t[0].rate_pct, None, "{text}");
    }
    // A market move after the trigger is not an easing of it.
    assert_eq!(
        action(
            "",
            "The U.S. tariffs on Indian goods hit exporters whose sales dropped 12% in May."
        ),
        Action::Imposed
    );
    // But a measure's own move is its rate, and cutting a rate eases the measure.
    assert_eq!(
        rates(
            "",
            "The tariff on Chinese goods rose to 20% on Tuesday, officials said."
        ),
        vec![20.0]
    );
    for text in [
        "Trump said the U.S. levy on Chinese goods would fall to 10% from 20%.",
        "Canada cut its tariffs on U.S. goods to 10% from 25%.",
    ] {
        let t = tariffs("", text);
        assert_eq!(t.len(), 1, "{text}: {t:#?}");
        assert_eq!(t[0].action, Action::Eased, "{text}");
        assert_eq!(t[0].rate_pct, Some(10.0), "{text}");
    }
}

#[test]
fn a_cue_in_a_later_until_or_unless_clause_is_the_other_partys() {
    for text in [
        "Canada said its tariffs on U.S. goods would remain until Washington eases its stance.",
        "Canada said its tariffs on U.S. goods would stay unless Washington drops its demands.",
    ] {
        let t = tariffs("", text);
        let canada: Vec<&MeasureEvent> = t.iter().filter(|m| m.imposer == ["CA"]).collect();
        assert_eq!(canada.len(), 1, "{text}: {t:#?}");
        assert_ne!(canada[0].action, Action::Eased, "{text}: {t:#?}");
    }
    // The clause's own verb before "until" still decides.
    assert_eq!(
        action(
            "",
            "Canada suspended its tariffs on U.S. goods until August."
        ),
        Action::Eased
    );
}

/// The rate and action of each tariff event, sorted by rate.
fn rate_actions(title: &str, body: &str) -> Vec<(Option<f64>, Action)> {
    let mut v: Vec<(Option<f64>, Action)> = tariffs(title, body)
        .iter()
        .map(|m| (m.rate_pct, m.action))
        .collect();
    v.sort_by(|a, b| a.0.unwrap_or(-1.0).total_cmp(&b.0.unwrap_or(-1.0)));
    v
}

#[test]
fn a_later_rate_without_a_party_is_carried_to_the_item_measure() {
    for (title, body, want) in [
        (
            "Peru imposes anti-dumping duties on Bolivian glass bottles",
            "Peru on Monday imposed anti-dumping duties on glass bottles from Bolivia. The duties, set at 61.5%, run for five years.",
            (Some(61.5), Action::Imposed),
        ),
        (
            "Norway imposes duties on Icelandic salmon feed",
            "Norway imposed duties on salmon feed from Iceland on Tuesday. The final ruling sets a duty of 12.7% for the largest producer.",
            (Some(12.7), Action::Imposed),
        ),
        (
            "Thailand agrees to cut tariffs on Australian beef",
            "Thailand agreed on Friday to cut tariffs on Australian beef. Levies on beef will fall to 18% next year.",
            (Some(18.0), Action::Eased),
        ),
    ] {
        assert_eq!(rate_actions(title, body), vec![want], "{body}");
    }
}

#[test]
fn a_carried_rate_never_overwrites_invents_or_guesses() {
    // The event states its rate: the later figure does not replace it.
    assert_eq!(
        rates(
            "Peru imposes 40% duties on Bolivian glass bottles",
            "Peru on Monday imposed 40% duties on glass bottles from Bolivia. The duties, set at 61.5%, run for five years."
        ),
        vec![40.0]
    );
    // Two rate-less events of the item with the same action: which one the figure belongs
    // to is unknown.
    let two = rate_actions(
        "Peru imposes duties on Bolivian glass and Chilean steel",
        "Peru on Monday imposed duties on glass bottles from Bolivia. Peru also imposed tariffs on steel from Chile. The duties, set at 61.5%, run for five years.",
    );
    assert!(
        two.len() >= 2 && two.iter().all(|(r, _)| r.is_none()),
        "{two:?}"
    );
    // A range in an estimate is no stated rate.
    assert_eq!(
        rate_actions(
            "Peru imposes duties on Bolivian glass bottles",
            "Peru on Monday imposed duties on glass bottles from Bolivia. Duties of 30% to 45% would be needed to shield producers, consultants said."
        ),
        vec![(None, Action::Imposed)]
    );
    // No measure in the item: the figure makes none.
    assert!(tariffs(
        "Glass makers gather in Lima",
        "The duties, set at 61.5% years ago, were often discussed at the fair."
    )
    .is_empty());
}

#[test]
fn a_rate_in_the_trigger_phrase_changed_to_another_is_the_old_value() {
    for (title, want) in [
        ("Japan to cut 25% tariffs on Thai rice to 10%", 10.0),
        ("Brazil cuts its 35% duty on Korean tyres to 12%", 12.0),
        ("Kenya raises 10% tariffs on Ugandan sugar to 30%", 30.0),
    ] {
        assert_eq!(rates(title, ""), vec![want], "{title}");
    }
    // Past a comma the new value belongs to another verb: the stated rate stands.
    let later = rates(
        "Chile imposes a 15% tariff on Peruvian onions, rising to 30% in June",
        "",
    );
    assert!(later.contains(&15.0), "{later:?}");
}

#[test]
fn lifting_by_an_amount_raises() {
    for title in [
        "Ghana lifts tariffs on Nigerian cement by 25%",
        "Ghana will lift import duties on Nigerian cement by 15 percentage points",
        "Ghana lifted its duty on Nigerian cement by 20 percent",
    ] {
        assert_eq!(action(title, ""), Action::Imposed, "{title}");
    }
    // Lifting without an amount, or by a date, removes.
    for title in [
        "Ghana lifts tariffs on Nigerian cement",
        "Ghana to lift tariffs on Nigerian cement by 2027",
    ] {
        assert_eq!(action(title, ""), Action::Eased, "{title}");
    }
}

#[test]
fn a_rate_after_a_comma_and_another_verb_is_that_verbs() {
    for (title, want) in [
        (
            "Kenya suspends tariffs on Ugandan sugar for 60 days, raises Tanzania rate to 40%",
            vec![(None, Action::Eased), (Some(40.0), Action::Imposed)],
        ),
        (
            "Chile pauses duties on Peruvian onions, raises Bolivia rate to 30%",
            vec![(None, Action::Eased), (Some(30.0), Action::Imposed)],
        ),
    ] {
        let got = rate_actions(title, "");
        assert!(
            got.contains(&want[0])
                && !got.contains(&(Some(want[1].0.unwrap_or(0.0)), Action::Eased)),
            "{title}: {got:?}"
        );
    }
    // A relative clause after the comma still describes the trigger's measure.
    assert_eq!(
        rates(
            "Chile imposes tariffs on Peruvian onions, which will reach 30% in June",
            ""
        ),
        vec![30.0]
    );
}

#[test]
fn a_rate_in_force_is_not_carried() {
    // "stays in place": no change of its own, so its rate is not the easing's.
    let got = rate_actions(
        "Kenya suspends tariffs on Ugandan sugar for 60 days",
        "Kenya on Monday suspended tariffs on sugar from Uganda for 60 days. A 10% levy on most imports stays in place through the suspension, officials said.",
    );
    assert!(
        got.contains(&(None, Action::Eased)) && !got.contains(&(Some(10.0), Action::Eased)),
        "{got:?}"
    );
}

#[test]
fn a_carried_rate_without_a_verb_goes_to_the_duty_not_its_exemption() {
    for (title, body) in [
        (
            "Norway imposes duties on Icelandic salmon feed, spares two producers",
            "Norway imposed anti-dumping duties on salmon feed from Iceland on Friday. Norway exempted two Icelandic producers that agreed minimum prices. The final ruling sets a duty of 12.7% on feed from most producers.",
        ),
        (
            "Peru imposes duties on Bolivian glass, exempts small firms",
            "Peru on Monday imposed anti-dumping duties on glass bottles from Bolivia but exempted small firms. The levy amounts to 22.5% of the import price.",
        ),
    ] {
        let got = rate_actions(title, body);
        assert!(
            got.iter()
                .any(|(r, a)| r.is_some() && *a == Action::Imposed)
                && got.iter().all(|(r, a)| *a != Action::Eased || r.is_none()),
            "{body}: {got:?}"
        );
    }
}
