//! Imposer and target fields for wording classes the rules once missed: a stance word used
//! as a noun inside an ultimatum, and a party placed on a list whose noun carries the cue.

use crate::tagging::{measures, one_measure, tag};
use newstag::tagger::{Action, EventType};

/// "X gives Y N days to accept (the) demands or face …": "demands" is a noun, so X is
/// still the party threatening the measure.
#[test]
fn ultimatum_with_demands_noun_keeps_imposer() {
    for (title, imposer, target) in [
        (
            "Moscow gives Kyiv a week to meet its demands or face new sanctions",
            "RU",
            "UA",
        ),
        (
            "Beijing tells Taipei to accept the demands or face sanctions",
            "CN",
            "TW",
        ),
        (
            "Washington gave Managua until June to accept demands or face sanctions",
            "US",
            "NI",
        ),
    ] {
        let s = one_measure(EventType::Sanction, title, "", "2024-03-01");
        assert_eq!(s.action, Action::Threatened, "{title}");
        assert_eq!(s.imposer, vec![imposer], "{title}");
        assert_eq!(s.target, vec![target], "{title}");
    }
}

/// A stance verb still bars its subject from imposing ("France urges the EU to impose").
#[test]
fn stance_verb_still_blocks_its_subject() {
    let e = tag(
        "France urges the EU to impose sanctions on Belarus",
        "",
        "2024-03-01",
    );
    for m in measures(&e, EventType::Sanction) {
        assert!(!m.imposer.iter().any(|c| c == "FR"), "{e:#?}");
    }
}

/// "places / puts X on a blacklist": the list noun is the cue, the placed party the target.
#[test]
fn placed_on_blacklist_is_target() {
    for (title, imposer, target) in [
        (
            "Washington places two Chinese firms on trade blacklist",
            "US",
            "CN",
        ),
        (
            "Tokyo puts two Russian shipping firms on an export blacklist",
            "JP",
            "RU",
        ),
        (
            "London places Belarusian potash exporter on blacklist",
            "GB",
            "BY",
        ),
    ] {
        let s = one_measure(EventType::Sanction, title, "", "2024-03-01");
        assert_eq!(s.action, Action::Imposed, "{title}");
        assert_eq!(s.imposer, vec![imposer], "{title}");
        assert_eq!(s.target, vec![target], "{title}");
    }
}

/// "places tariffs on French wine" moves nobody onto a list: the imposer is not a target.
#[test]
fn placing_a_measure_is_no_list_move() {
    let t = one_measure(
        EventType::Tariff,
        "Paris protests as Washington places tariffs on French wine",
        "",
        "2024-03-01",
    );
    assert_eq!(t.imposer, vec!["US"]);
    assert_eq!(t.target, vec!["FR"]);
}

/// A demonym before a state noun ("the Japanese cabinet", "the French president") names
/// the state, so it can be the subject who imposes or threatens.
#[test]
fn demonym_with_state_noun_is_imposer() {
    for (ty, title, imposer) in [
        (
            EventType::Sanction,
            "The Japanese cabinet approved sanctions on North Korean shipping firms",
            "JP",
        ),
        (
            EventType::Sanction,
            "The Chinese foreign ministry announced sanctions on three U.S. defense contractors",
            "CN",
        ),
        (
            EventType::Sanction,
            "The French president warned Iran to free the hostages or face sanctions",
            "FR",
        ),
        (
            EventType::Tariff,
            "The British administration imposed tariffs on Chinese steel",
            "GB",
        ),
    ] {
        let m = one_measure(ty, title, "", "2024-03-01");
        assert_eq!(m.imposer, vec![imposer], "{title}");
    }
}

/// A demonym before an ordinary noun ("Russian oil producers") names no state: it suffers
/// the measure rather than imposing it.
#[test]
fn demonym_with_plain_noun_is_no_imposer() {
    let s = one_measure(
        EventType::Sanction,
        "Russian oil producers face sanctions from the EU",
        "",
        "2024-03-01",
    );
    assert!(!s.imposer.iter().any(|c| c == "RU"), "{s:#?}");
    assert_eq!(s.target, vec!["RU"]);
}

/// In an ultimatum ("X has N days to VERB Y … or face"), a party inside the infinitive is
/// neither who faces the measure nor who imposes it.
#[test]
fn party_inside_ultimatum_infinitive_is_no_field() {
    for (title, target) in [
        ("Russia was told to leave Ukraine or face sanctions", "RU"),
        (
            "Iran must agree to let U.N. inspectors in or face sanctions",
            "IR",
        ),
        (
            "Venezuela has a week to allow U.S. observers in or face sanctions",
            "VE",
        ),
    ] {
        let s = one_measure(EventType::Sanction, title, "", "2024-03-01");
        assert_eq!(s.action, Action::Threatened, "{title}");
        assert_eq!(s.target, vec![target], "{title}");
        assert!(s.imposer.is_empty(), "{title}: {s:#?}");
    }
}

/// The party right after `to` and before the infinitive still counts: "Britain told Iran to
/// release the tanker or face sanctions".
#[test]
fn party_before_the_infinitive_still_faces() {
    let s = one_measure(
        EventType::Sanction,
        "Britain told Iran to release the tanker or face sanctions",
        "",
        "2024-03-01",
    );
    assert_eq!(s.imposer, vec!["GB"]);
    assert_eq!(s.target, vec!["IR"]);
}
