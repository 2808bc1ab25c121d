//! Sanction wordings without the word "sanctions" (designations by a named state or as
//! terrorists, bans of exports and imports, the oil price cap by its object, numbered
//! packages, measures that snap back) and the look-alikes each rule could catch. Invented
//! sentences only.

use crate::tagging::*;

use newstag::tagger::{Action, EventType};

const DAY: &str = "2026-05-12";

/// The sanction events of a title.
fn sanctions(title: &str) -> usize {
    measures(&tag(title, "", DAY), EventType::Sanction).len()
}

/// Each title must yield a sanction event.
fn all_fire(titles: &[&str]) {
    for t in titles {
        assert!(
            sanctions(t) > 0,
            "sanction expected: {t}\n{:#?}",
            tag(t, "", DAY)
        );
    }
}

/// No title may yield a sanction event.
fn none_fire(titles: &[&str]) {
    for t in titles {
        assert_eq!(
            sanctions(t),
            0,
            "no sanction expected: {t}\n{:#?}",
            tag(t, "", DAY)
        );
    }
}

/// A state naming people or bodies right after its designation verb lists them; so does any
/// designation of a group as terrorists, with or without the "re-" of a second listing.
#[test]
fn designations_by_a_named_state_or_as_terrorists() {
    all_fire(&[
        "New Zealand designates 40 Belarusian officials over the crackdown",
        "Canada designated six Iranian entities under its special economic measures law",
        "Washington redesignates the militia as terrorists after attacks on shipping",
        "Britain re-lists the rebel movement as a terrorist organisation",
        "Argentina designated the group as a terrorist organisation on Monday",
    ]);
    let m = one_measure(
        EventType::Sanction,
        "New Zealand designates 40 Belarusian officials over the crackdown",
        "",
        DAY,
    );
    assert_eq!(
        (m.imposer.clone(), m.target),
        (vec!["NZ".to_string()], vec!["BY".to_string()])
    );
}

/// A designation to a role, of places or money, or a re-listing with no terrorist role, is no
/// listing.
#[test]
fn designations_that_are_no_listing() {
    none_fire(&[
        "Japan designates three new national parks in Hokkaido",
        "Washington designated Brazil a major non-NATO ally",
        "Norway designated $2 billion for flood defences",
        "Nasdaq relists the shares of a Chinese carmaker after the audit dispute",
    ]);
}

/// The ban family past "bans exports": "ban exports", "ban imports", "banned imports".
#[test]
fn bans_of_exports_and_imports_aimed_at_a_party() {
    all_fire(&[
        "Australia will ban exports of aluminium ore to Russia from next month",
        "Lithuania banned imports of Belarusian fertiliser on Tuesday",
        "Seoul moves to ban all imports from North Korea",
    ]);
}

/// A country's own export ban to keep prices low is supply policy.
#[test]
fn domestic_export_bans_are_no_sanction() {
    none_fire(&[
        "Indonesia will ban exports of palm oil to keep cooking oil prices low",
        "India may ban exports of onions to tame prices",
    ]);
}

/// The oil price cap named by its object; the party inside the phrase is the target.
#[test]
fn cap_on_russian_oil_is_the_price_cap() {
    let m = one_measure(
        EventType::Sanction,
        "Canada imposes a $45 cap on Russian crude oil",
        "",
        DAY,
    );
    assert_eq!(m.target, vec!["RU".to_string()]);
    all_fire(&["The G7 agreed on Friday to lower its cap on Russian seaborne oil to $47.60"]);
}

/// A cap on fuel or rents at home is price policy.
#[test]
fn domestic_caps_are_no_sanction() {
    none_fire(&[
        "Malaysia extends its cap on diesel prices for fishermen",
        "Hungary keeps a cap on petrol prices until the end of the year",
    ]);
}

/// An EU package named only by its number, beside another party.
#[test]
fn numbered_packages_beside_a_party() {
    all_fire(&[
        "Norway adopts the EU's 14th package against Moscow",
        "Swiss government adopts Brussels' 12th package on Belarus",
    ]);
    none_fire(&[
        "Ireland adopts its 4th package of housing reforms",
        "Spain's cabinet approves 5th package of energy relief for households",
    ]);
}

/// A suspended measure coming back is its reimposition.
#[test]
fn sanctions_that_snap_back_are_imposed() {
    for t in [
        "U.N. arms sanctions on Iran snap back on Sunday, diplomats say",
        "Venezuela oil sanctions snapped back at midnight after talks collapsed",
    ] {
        let m = one_measure(EventType::Sanction, t, "", DAY);
        assert_eq!(m.action, Action::Imposed, "{t}");
    }
}

/// "N years into/after sanctions" looks back; news of a measure in the same item still counts.
#[test]
fn years_into_sanctions_is_a_retrospective() {
    none_fire(&[
        "Three years into sanctions, Iranian carmakers find new suppliers",
        "Five years after Washington imposed sanctions, Caracas shops stock Turkish goods",
    ]);
    all_fire(&["The EU imposed new sanctions on Russian banks on Monday"]);
}

/// "leave room for talks" beside a state's duties is no hotel room.
#[test]
fn room_for_talks_leaves_the_duties() {
    let e = tag(
        "",
        "Brussels said it would suspend its duties on U.S. whiskey to leave room for talks.",
        DAY,
    );
    assert_eq!(measures(&e, EventType::Tariff).len(), 1, "{e:#?}");
    let hotel = tag(
        "",
        "The resort raised its room tariffs by 10% for the summer season.",
        DAY,
    );
    assert!(measures(&hotel, EventType::Tariff).is_empty(), "{hotel:#?}");
}

/// "Sanction" approving a sum is the approval sense; a state sanctioning people is not.
#[test]
fn sanctioning_a_sum_is_approval() {
    none_fire(&[
        "Uzbekistan's energy regulator has sanctioned a $1.4 billion upgrade of the gas grid",
        "Pakistan's cabinet sanctioned $300 million for irrigation canals in Sindh",
    ]);
    all_fire(&["Britain sanctions 14 tankers of Russia's shadow fleet"]);
}

/// A freeze of pensions, payments or fees is budget policy, whatever its form.
#[test]
fn frozen_payments_are_no_asset_freeze() {
    none_fire(&[
        "Britain has frozen pension payments for retirees living in Australia",
        "Ottawa froze the fees for students from India for a second year",
    ]);
    all_fire(&["Canada froze the assets of three Russian oligarchs"]);
}
