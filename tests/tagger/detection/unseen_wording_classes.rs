//! Type-level recall for wording classes the rules had not seen (pressure-named measures,
//! gerund freezes, visa curbs, singular charges, trade-remedy penalties), each with a
//! look-alike that must not fire. Invented sentences only.

use crate::tagging::{measures, tag};
use newstag::tagger::EventType;

/// How many events of `ty` the tagger reads in a headline-only item.
fn count(ty: EventType, title: &str) -> usize {
    let e = tag(title, "", "2024-05-02");
    measures(&e, ty).len()
}

fn fires(ty: EventType, title: &str) {
    assert!(count(ty, title) >= 1, "expected {ty:?} in {title:?}");
}

fn silent(ty: EventType, title: &str) {
    assert_eq!(count(ty, title), 0, "unexpected {ty:?} in {title:?}");
}

/// Each headline gets exactly one sanction, imposed.
fn assert_imposed_sanctions(titles: &[&str]) {
    for title in titles {
        let e = tag(title, "", "2024-05-02");
        let s = measures(&e, EventType::Sanction);
        assert_eq!(s.len(), 1, "{title:?}: {e:#?}");
        assert_eq!(s[0].action, newstag::tagger::Action::Imposed, "{title:?}");
    }
}

#[test]
fn pressure_named_measures_are_sanctions() {
    fires(
        EventType::Sanction,
        "Washington readies secondary measures against Venezuelan oil buyers",
    );
    fires(
        EventType::Sanction,
        "Canberra adopts prohibitive measures against Iranian officials",
    );
    fires(
        EventType::Sanction,
        "London weighs coercive measures against Russian oligarchs",
    );
    silent(
        EventType::Sanction,
        "Factory owner promises corrective measures after the boiler fire",
    );
}

#[test]
fn gerund_freeze_of_a_party_is_a_sanction() {
    fires(
        EventType::Sanction,
        "Ottawa announces freezing of Belarusian officials' assets",
    );
    fires(
        EventType::Sanction,
        "Tokyo orders freezing of holdings of Russian banks",
    );
    fires(
        EventType::Sanction,
        "Brussels backs freezing the accounts of Syrian ministers",
    );
    silent(
        EventType::Sanction,
        "Freezing temperatures grip Ottawa as storm closes schools",
    );
}

#[test]
fn visa_restrictions_on_a_party_are_sanctions() {
    fires(
        EventType::Sanction,
        "Beijing imposes visa restrictions on U.S. officials",
    );
    fires(
        EventType::Sanction,
        "Washington announces visa restrictions on Nicaraguan officials",
    );
    fires(
        EventType::Sanction,
        "Canada slaps visa restrictions on Iranian individuals",
    );
    silent(
        EventType::Sanction,
        "Thailand eases visa restrictions for tourists ahead of peak season",
    );
}

#[test]
fn singular_charge_on_goods_is_a_tariff() {
    fires(
        EventType::Tariff,
        "Washington sets 10% charge on Mexican goods from next month",
    );
    fires(
        EventType::Tariff,
        "India puts 5% charge on imports from China",
    );
    fires(
        EventType::Tariff,
        "Ottawa weighs 15% charge on U.S. merchandise",
    );
    silent(EventType::Tariff, "Airline adds $20 charge on checked bags");
}

#[test]
fn trade_remedy_penalties_are_tariffs_not_sanctions() {
    for title in [
        "Seoul imposes anti-dumping penalties on Chinese plywood",
        "Canberra lifts countervailing penalties on Malaysian steel pipes",
        "Delhi weighs anti-subsidy penalties on Vietnamese solar glass",
    ] {
        silent(EventType::Sanction, title);
    }
    fires(
        EventType::Tariff,
        "Seoul imposes anti-dumping penalties on Chinese plywood",
    );
    // a plain penalty against a party still reads as a sanction
    fires(
        EventType::Sanction,
        "Washington imposes financial penalties on Iranian banks",
    );
}

/// Deadline events of a headline-only item.
fn deadline_count(title: &str) -> usize {
    let e = tag(title, "", "2024-05-02");
    crate::tagging::deadlines(&e).len()
}

#[test]
fn tariff_tax_phrase_is_no_tax_filing_look_alike() {
    for title in [
        "Washington says 20% import tax on Korean cars starts June 1",
        "Ottawa's border tax on U.S. steel takes effect July 1",
        "Jakarta sets export tax on nickel ore from June 15",
    ] {
        assert_eq!(deadline_count(title), 1, "expected a deadline in {title:?}");
    }
    assert_eq!(
        deadline_count("Accountants warn the tax filing deadline is June 1"),
        0
    );
}

#[test]
fn cut_off_from_dollar_system_is_an_imposed_sanction() {
    assert_imposed_sanctions(&[
        "Iranian bank cut off from the U.S. financial system by Washington",
        "Washington cuts Syrian lenders off: banks cut off from the dollar system",
        "U.S. Treasury cuts off from dollar system three Russian banks",
    ]);
    silent(
        EventType::Sanction,
        "Power cut off from the global financial system servers, bank says",
    );
}

#[test]
fn eating_challenge_ultimatum_is_no_deadline() {
    for title in [
        "Diner gives patrons an ultimatum: eat the giant pizza in 20 minutes",
        "Eatery issues ultimatum to patrons over the 3-kilo steak",
        "Seaside diner sets 45-minute deadline for its eating challenge",
    ] {
        assert_eq!(deadline_count(title), 0, "unexpected deadline in {title:?}");
    }
    // a state party keeps the deadline even beside a look-alike word
    assert_eq!(
        deadline_count(
            "U.S. gives Iran until Friday to free the diners held hostage or face sanctions"
        ),
        1
    );
}

#[test]
fn revoked_export_licences_for_arms_are_an_imposed_sanction() {
    assert_imposed_sanctions(&[
        "Rome revokes export licences for Saudi-bound military parts",
        "Berlin suspends export licences for weapons shipped to Turkey",
        "Ottawa cancels export permits for arms sales to Riyadh",
    ]);
    // a domestic licence clean-up names no party and no arms
    silent(
        EventType::Sanction,
        "Ministry revokes export licences of seafood firms over hygiene lapses",
    );
}
