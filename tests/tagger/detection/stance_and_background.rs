//! Event detection beyond the word "sanctions": stance and background sentences that are no
//! event (a measure kept in place, blocked, opposed, held off, not yet taken, or naming what
//! it hit), sanction wording by other names, deadlines without the word "deadline", and
//! look-alikes of each. Invented sentences only.

use crate::tagging::*;

use newstag::tagger::{Enrichment, EventType};

const DAY: &str = "2026-03-16";

fn body(text: &str) -> Enrichment {
    tag("", text, DAY)
}

/// The event types found in a text (title only), deadline included.
fn types(text: &str) -> Vec<EventType> {
    let e = tag(text, "", DAY);
    let mut out = Vec::new();
    for ty in [EventType::Sanction, EventType::Tariff] {
        if !measures(&e, ty).is_empty() {
            out.push(ty);
        }
    }
    if !deadlines(&e).is_empty() {
        out.push(EventType::Deadline);
    }
    out
}

/// Each text must yield an event of type `ty`.
fn all_fire(ty: EventType, texts: &[&str]) {
    for t in texts {
        assert!(
            types(t).contains(&ty),
            "{ty:?} expected: {t}\n{:#?}",
            tag(t, "", DAY)
        );
    }
}

/// None of the texts may yield any event.
fn none_fire(texts: &[&str]) {
    for t in texts {
        let e = tag(t, "", DAY);
        assert!(e.events.is_empty(), "no event expected: {t}\n{e:#?}");
    }
}

/// A measure kept as it is, blocked or opposed by another party, held off or not yet taken
/// is stance, not news.
#[test]
fn sanction_stance_is_no_event() {
    none_fire(&[
        "Sanctions remain in place, EU says after talks with Moscow",
        "The embargo remains in force, a UN spokesman said.",
        "Sanctions already in force will not be changed, the Commission said.",
        "Hungary blocked a sanctions package against Russia at Monday's meeting",
        "Hungary again blocked new EU sanctions on Russian oligarchs.",
        "Italy vetoed a proposed round of sanctions on Belarus.",
        "Germany opposes sanctions on Chinese chipmakers, minister says",
        "France voiced opposition to fresh sanctions on Beijing on Tuesday.",
        "Brussels held off on new sanctions against Minsk on Monday",
        "Washington has not yet announced any new sanctions, a spokesman said.",
        "The bank's shares fell on fears of new U.S. sanctions.",
        "Iran's rial hit a record low as sanctions bite.",
    ]);
}

/// The same verbs still leave a measure reported as news alone.
#[test]
fn sanction_news_beside_stance_words_still_fires() {
    all_fire(
        EventType::Sanction,
        &[
            "The EU adopted new sanctions on Russia after Hungary dropped its opposition.",
            "Germany imposed sanctions on two Iranian generals, the foreign ministry said.",
            "U.S. lifts sanctions on Syrian central bank",
            "Washington blacklisted 12 Chinese firms on Tuesday for aiding Russia's military.",
        ],
    );
}

/// "sanctions-hit", "tariff-hit": the compound names what a measure hit, not a new measure;
/// a survey of measures across a century is history.
#[test]
fn hit_compounds_and_histories_are_background() {
    none_fire(&[
        "U.S. sanctions-hit Huawei posts record revenue",
        "Sanctions-stricken Venezuela ramps up oil exports to China",
        "The sanctions-battered economy grew 1.2% in the second quarter, the central bank said.",
        "Tariff-hit farmers in Iowa get $12 bln aid package",
        "The book traces a century of embargoes, from Napoleon to Cuba.",
    ]);
}

/// Opposing or blocking tariffs is no tariff event; a tariff figure of speech is none either.
#[test]
fn tariff_stance_and_metaphor_are_no_event() {
    none_fire(&[
        "Berlin opposes tariffs on Chinese EVs, says trade wars have no winners",
        "Sweden opposed the proposed tariffs on Chinese electric cars, diplomats said.",
        "Bankers say negative rates are a tariff on saving, imposed by the European Central Bank.",
    ]);
    all_fire(
        EventType::Tariff,
        &["EU imposes 35% duties on Chinese electric cars as Berlin opposes the move"],
    );
}

/// Frozen food is a product, not a freeze: a duty on it is a tariff and nothing more.
#[test]
fn frozen_food_is_no_freeze() {
    let e = body("South Africa imposes provisional duties on Brazilian, Polish frozen chicken.");
    assert!(measures(&e, EventType::Sanction).is_empty(), "{e:#?}");
    assert!(!measures(&e, EventType::Tariff).is_empty(), "{e:#?}");
    none_fire(&["Supermarkets in Britain cut prices of frozen chicken and frozen vegetables."]);
    all_fire(
        EventType::Sanction,
        &["The EU froze the assets of six Russian businessmen on Monday."],
    );
}

/// A freeze or travel ban whose object comes a few words later ("freezes C$26 mln in assets
/// of …", "a travel ban … for Colombian government officials") is a sanction; one on the
/// state's own people in a storm is not.
#[test]
fn generic_ban_with_a_later_object() {
    all_fire(
        EventType::Sanction,
        &[
            "Ottawa freezes C$26 mln in assets of Russian oligarch's firm",
            "Ottawa imposes travel bans on Hamas leaders",
        ],
    );
    none_fire(&[
        "Police froze the assets of the gang's leaders.",
        "The city imposed a travel ban on school staff during the storm.",
    ]);
}

/// Export restrictions by other names, aimed at a party, are sanctions; a country limiting its
/// own exports to keep prices low is not.
#[test]
fn export_restrictions_by_other_names() {
    all_fire(
        EventType::Sanction,
        &[
            "Washington imposes new restrictions on chip exports to China",
            "China imposes controls on exports of drone parts to the United States.",
            "U.S. cuts off Russian banks from dollar system",
        ],
    );
    none_fire(&[
        "India imposes restrictions on sugar exports to keep domestic prices low.",
        "The airline moved its hub away from the dollar system, analysts said.",
    ]);
}

/// A scheduled ending in the present ("expire on Dec. 31", "ends on Nov. 10") looks ahead:
/// a day months back in the year is next year's, so the limit is kept.
#[test]
fn present_endings_look_ahead() {
    let e = tag(
        "The U.S. tariffs on Chinese goods expire on Dec. 31.",
        "",
        DAY,
    );
    let d: Vec<_> = deadlines(&e).iter().map(|d| d.date).collect();
    assert_eq!(d, vec![Some("2026-12-31".parse().unwrap())], "{e:#?}");
    let e = tag(
        "The EU's sanctions on Russia expire on Jan. 31 unless renewed.",
        "",
        DAY,
    );
    let d: Vec<_> = deadlines(&e).iter().map(|d| d.date).collect();
    assert_eq!(d, vec![Some("2027-01-31".parse().unwrap())], "{e:#?}");
    // past narrative keeps the past day: no limit
    let e = tag(
        "The U.S. tariffs on Chinese goods took effect on Jan. 2.",
        "",
        DAY,
    );
    assert!(deadlines(&e).is_empty(), "{e:#?}");
}

/// A change announced for a coming day is a deadline; the same verb dating a past act is not.
#[test]
fn future_change_on_a_day_is_a_deadline() {
    all_fire(
        EventType::Deadline,
        &[
            "The 25% levy on steel will be lifted on July 1, Ottawa said.",
            "Canada's surtax on U.S. steel is to be raised from April 1.",
            "A 90-day tariff pause announced on April 9 is due to end on July 8.",
        ],
    );
    // what ends must still be a measure or a limit
    let e = tag(
        "A trade fair opened on April 9 is due to end on July 8.",
        "",
        DAY,
    );
    assert!(deadlines(&e).is_empty(), "{e:#?}");
    let e = tag("Washington lifted sanctions on Syria on Monday.", "", DAY);
    assert!(deadlines(&e).is_empty(), "{e:#?}");
}

/// Deadlines without the word: "must … by", "has until", "no later than", "within", "in two
/// weeks", "takes effect on".
#[test]
fn deadline_wording_without_the_word() {
    all_fire(
        EventType::Deadline,
        &[
            "Iran must halt enrichment by Friday or face new sanctions, EU says",
            "Mexico has until Aug. 1 to reach a deal or face 30% tariffs, Trump says",
            "Exporters must wind down dealings with the sanctioned bank no later than March 31.",
            "The new 15% tariff on Japanese cars takes effect on Aug. 7, the White House said.",
            "Turkey must comply within 48 hours or face U.S. sanctions, Pompeo says",
            "The EU has two weeks to accept the terms or face 30% tariffs, Trump said.",
        ],
    );
}

/// Tax filing, sports windows and publishing limits are no deadline.
#[test]
fn deadline_look_alikes() {
    none_fire(&[
        "Households must file their taxes by April 30, the revenue agency reminded.",
        "Taxpayers must file returns by April 15, the IRS reminds",
        "Arsenal sign striker before transfer window closes on Friday",
        "Editors face a Friday deadline for the magazine's holiday issue",
        "The promotion expires on Dec. 31.",
        "Her contract with the broadcaster ends on Nov. 10.",
    ]);
}
