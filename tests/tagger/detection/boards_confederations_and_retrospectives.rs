//! Detection of the second eighth-round pass: a sports confederation reviewing a penalty,
//! retrospectives counted in any number word ("Forty-two years after …"), and a regime
//! maintained since a past point across a coordinated list of targets; and ordinary news
//! beside those exclusions that must still fire. Invented sentences only.

use super::background_uses::{all_fire, none_fire};

use newstag::tagger::EventType;

#[test]
fn news_beside_the_rounds_exclusions_still_fires() {
    all_fire(
        EventType::Sanction,
        &[
            // judges, directors and laws as the targets of a measure
            "Britain on Friday sanctioned a Moscow district judge who jailed an opposition politician.",
            "Norway imposed sanctions on a Belarusian federal judge who sentenced two reporters.",
            "Britain on Monday named six Russian company directors sanctioned for supplying drone parts.",
            "The United States sanctioned Georgian officials behind the foreign agents law on Monday.",
            // a perfect of news, an anniversary, a target rejecting the measure
            "The European Union has adopted its largest sanctions package since Russia's invasion, officials said.",
            "The EU on Monday adopted a 17th package of sanctions against Russia, three years since the invasion.",
            "Beijing rejected sanctions announced by Washington on Tuesday against three Chinese refiners.",
            "ECOWAS on Sunday lifted sanctions on Niger, weeks after three juntas formed a regional confederation.",
            // a ban on a product aimed at a party
            "China lifts seafood bans on Japan",
        ],
    );
}

#[test]
fn a_sports_confederation_reviewing_a_penalty_is_no_measure() {
    none_fire(
        EventType::Sanction,
        &["The football confederation said it would look again at the sanction after Chile's federation appealed."],
    );
}

#[test]
fn a_retrospective_counted_in_any_number_word_is_history() {
    none_fire(
        EventType::Sanction,
        &[
            "Forty-two years after sanctions were first imposed, Cuba's economy remains fragile.",
            "Seventeen years after the embargo ended, Libyan exporters still struggle.",
        ],
    );
    all_fire(
        EventType::Sanction,
        &["Canada imposed sanctions on Cuban officials on Monday."],
    );
}

#[test]
fn a_regime_maintained_since_across_a_list_of_targets_is_background() {
    none_fire(
        EventType::Sanction,
        &["Japan and Canada have kept sanctions on Eritrea's army, its generals and state mining firms since the 2019 raids."],
    );
    all_fire(
        EventType::Sanction,
        &["Japan has imposed sanctions on Eritrea's army, a move welcomed by exiles, since talks collapsed."],
    );
}
