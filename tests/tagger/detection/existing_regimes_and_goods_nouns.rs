//! Detection of the eighth round: a measure said to hold since a past point (an existing
//! regime), calls by advocates a demonym or dateline qualifies, "sanctioned the bill" (signed
//! into law), a court's money penalty, sanctions turned down, and trigger words naming goods
//! ("steel bars", "fresh or frozen fish"). Invented sentences only.

use super::background_uses::{all_fire, none_fire};

use newstag::tagger::EventType;

#[test]
fn a_regime_in_place_since_a_past_point_is_background() {
    none_fire(
        EventType::Sanction,
        &[
            "Exporters said European sanctions on Belarusian potash, in place since 2021, have pushed shipments to Baltic ports.",
            "Canada has maintained an arms embargo on Eritrea and its militias since the border war.",
        ],
    );
    all_fire(
        EventType::Sanction,
        &[
            "Canada imposed sanctions on three Eritrean generals on Monday, its first new measures since 2019.",
            "Australia has frozen the assets of six Iranian officials.",
        ],
    );
}

#[test]
fn a_call_by_advocates_a_demonym_qualifies_is_no_measure() {
    none_fire(
        EventType::Sanction,
        &[
            "Chilean rights groups urged the government to impose sanctions on Peruvian police commanders.",
            "LIMA, June 3 - Peruvian exile groups called on Washington to sanction Bolivian ministers.",
        ],
    );
    all_fire(
        EventType::Sanction,
        &["Chile imposed sanctions on Peruvian police commanders on Friday."],
    );
}

#[test]
fn sanctioning_a_bill_signs_it_into_law() {
    none_fire(
        EventType::Sanction,
        &["Paraguay's president sanctioned the bill creating a new pension fund on Friday."],
    );
    all_fire(
        EventType::Sanction,
        &["The United States sanctioned two Paraguayan officials over corruption on Friday."],
    );
}

#[test]
fn a_court_money_penalty_is_no_sanction() {
    none_fire(
        EventType::Sanction,
        &["A district judge ordered the Canadian mining company to pay $40,000 in sanctions for withholding documents."],
    );
}

#[test]
fn sanctions_turned_down_are_no_measure() {
    none_fire(
        EventType::Sanction,
        &["African Union leaders rejected sanctions on Sudan's army at the summit."],
    );
    all_fire(
        EventType::Sanction,
        &["Britain imposed new sanctions on Sudanese generals after the summit."],
    );
}

#[test]
fn trigger_words_naming_goods_are_no_measure() {
    none_fire(
        EventType::Sanction,
        &[
            "Egypt set anti-dumping duties on Turkish steel bars and rods for five years.",
            "Norway will scrap duties on fresh and frozen salmon from Chile.",
        ],
    );
    all_fire(
        EventType::Sanction,
        &[
            "Beijing bars Lithuanian beef from its market.",
            "The EU froze the assets of three Syrian ministers.",
        ],
    );
}
