//! Detection of the second eighth-round pass: "sanctioned" as a board's approval, a sports
//! confederation reviewing a penalty, retrospectives counted in any number word ("Forty-two
//! years after …"), and a regime maintained since a past point across a coordinated list of
//! targets. Invented sentences only.

use super::background_uses::{all_fire, none_fire};

use newstag::tagger::EventType;

#[test]
fn a_board_sanctioning_is_an_approval() {
    none_fire(
        EventType::Sanction,
        &[
            "The new rugby competition, which the board sanctioned last spring, will start in Auckland.",
            "Shareholders had sanctioned the share buyback at the annual meeting in Oslo.",
        ],
    );
    all_fire(
        EventType::Sanction,
        &["Norway sanctioned four Belarusian officials on Tuesday over the crackdown."],
    );
}

#[test]
fn a_sports_confederation_reviewing_a_penalty_is_no_measure() {
    none_fire(
        EventType::Sanction,
        &["The continental confederation said it would look again at the sanction after Chile's federation appealed."],
    );
}

#[test]
fn a_retrospective_counted_in_any_number_word_is_history() {
    none_fire(
        EventType::Sanction,
        &[
            "Forty-two years after sanctions were first imposed, Cuba's economy remains fragile.",
            "Seventeen years since the embargo ended, Libyan exporters still struggle.",
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
