//! Precision of event detection on ordinary news: for each generic trigger word, one sentence
//! where it names a sanction, tariff or deadline and look-alikes from everyday news (weather,
//! courts, police, sport, regulators, domestic taxes, takeovers, publishing) where it must not.
//! Invented sentences only.

use crate::tagging::*;

use newstag::tagger::{Action, Enrichment, EventType};

const DAY: &str = "2025-07-09";

fn body(text: &str) -> Enrichment {
    tag("", text, DAY)
}

/// The deadline dates found in a body text (None for a deadline with no resolvable day).
fn dates_of(text: &str) -> Vec<Option<String>> {
    deadlines(&body(text))
        .iter()
        .map(|d| d.date.map(|x| x.to_string()))
        .collect()
}

/// Does the sentence get an event of type `ty` (deadline included)?
fn fires(text: &str, ty: EventType) -> bool {
    let e = body(text);
    match ty {
        EventType::Deadline => !deadlines(&e).is_empty(),
        _ => !measures(&e, ty).is_empty(),
    }
}

/// `pos` must yield an event of type `ty`; none of `negs` may yield any event at all.
fn check(ty: EventType, pos: &str, negs: &[&str]) {
    assert!(fires(pos, ty), "{ty:?} expected: {pos}\n{:#?}", body(pos));
    for n in negs {
        let e = body(n);
        assert!(e.events.is_empty(), "no event expected: {n}\n{e:#?}");
    }
}

/// "freezing" and "freeze" of the weather are no asset freeze, even with a country named.
#[test]
fn weather_freeze_is_no_sanction() {
    check(
        EventType::Sanction,
        "Britain is freezing the assets of two Iranian generals.",
        &[
            "Freezing temperatures hit Canada on Monday.",
            "Freezing rain is expected in Moscow on Friday.",
            "A hard freeze damaged coffee crops in Brazil.",
        ],
    );
}

/// Judges, courts, police and prosecutors freeze, bar and ban too: judicial orders, not
/// sanctions, even when the person or place named is a state actor.
#[test]
fn judicial_orders_are_no_sanction() {
    check(
        EventType::Sanction,
        "The EU froze the assets of five Russian oligarchs.",
        &[
            "The judge barred Trump from speaking about witnesses.",
            "Police froze the assets of the drug gang in Spain.",
            "Prosecutors froze the bank accounts of the former minister in Ukraine.",
        ],
    );
}

/// A regulator's periodic fines on a company are no sanction; the limit to comply may stay.
#[test]
fn daily_penalties_on_a_company_are_no_sanction() {
    assert!(fires(
        "Washington threatened penalties on Russian banks that deal with Iran.",
        EventType::Sanction
    ));
    for n in [
        "Brussels ordered Meta to comply within 60 days or face daily penalties.",
        "The Commission said the carmaker faces periodic penalty payments in Germany.",
    ] {
        assert!(!fires(n, EventType::Sanction), "{n}");
    }
}

/// A ban on a state's own officials ("for officials", "its own officials") aims at no party.
#[test]
fn own_officials_are_no_target() {
    check(
        EventType::Sanction,
        "The Kremlin banned entry for U.S. officials.",
        &[
            "The Kremlin banned Christmas parties for officials.",
            "China barred its own officials from using iPhones at work.",
        ],
    );
}

/// A generic restriction word in its domestic sense makes no policy context for a date: a
/// phone ban in classrooms taking effect is no deadline.
#[test]
fn domestic_ban_dates_are_no_deadline() {
    check(
        EventType::Deadline,
        "Britain prohibited imports of Russian steel from Sept. 1.",
        &[
            "Phones are prohibited in Dutch classrooms from September.",
            "Phones are banned in Danish schools from Aug. 1.",
        ],
    );
}

/// A household energy price cap set by the regulator is no oil price cap.
#[test]
fn energy_price_cap_is_no_measure() {
    check(
        EventType::Deadline,
        "The price cap on Russian oil falls to $47.60 from Sept. 3, the EU said.",
        &[
            "Britain's Ofgem price cap rises to 1,849 pounds from Oct. 1.",
            "The energy price cap in Britain rises to 1,849 pounds from Oct. 1.",
        ],
    );
}

/// Levies on domestic sectors are taxes, not tariffs; levies on goods or parties are.
#[test]
fn sector_levies_are_no_tariff() {
    check(
        EventType::Tariff,
        "The EU will impose a levy on Chinese steel imports.",
        &[
            "Hungary imposed levies on banks and retailers.",
            "Poland extended its bank levy to 2027.",
            "Australia imposed a responsibility on platforms to verify users' ages.",
        ],
    );
}

/// A whitelist is a sanction only when a party is struck from it.
#[test]
fn whitelist_needs_a_party() {
    check(
        EventType::Sanction,
        "Japan removed South Korea from its white list of trusted trading partners.",
        &[
            "Kenya's whitelist of approved seed suppliers was updated.",
            "Canada published a new white list of approved pesticides.",
        ],
    );
}

/// Takeover and merger limits, and manuscripts, are corporate or publishing dates.
#[test]
fn takeover_and_publishing_limits_are_no_deadline() {
    check(
        EventType::Deadline,
        "Trump gave Russia until Aug. 8 to agree to a ceasefire or face sanctions.",
        &[
            "The merger deadline was extended to Aug. 1 by the regulators in Britain.",
            "The takeover deadline for the Japanese bidder was extended to Friday in Britain.",
            "Authors must submit manuscripts by Sept. 1.",
        ],
    );
}

/// Generic words that already stay quiet in their everyday sense: a regression guard.
#[test]
fn everyday_generic_words_stay_quiet() {
    for n in [
        "Late filers face penalties of up to 500 pounds from the tax office.",
        "Germany missed two penalties in the shootout and lost the final.",
        "Chocolate bars and snacks pushed up food inflation in Britain in June.",
        "The new French law bars children under 15 from social media.",
        "Italy prohibited smoking at bus stops in Milan.",
        "German airports raised landing charges by 8% this year.",
        "Prosecutors in Spain brought charges against the former mayor.",
        "The Bank of Japan unveiled a package of measures against deflation.",
        "France announced a raft of measures against drought.",
        "Trading in the shares was halted after the company announced losses.",
        "Britain eased restrictions on gatherings as infections fell.",
        "India eased import restrictions on pulses to tame food prices.",
        "Australia bans phones in schools.",
        "The striker was blacklisted by several clubs in Italy after the scandal.",
        "The report is under embargo until 00:01 GMT on Tuesday.",
        "Mexico set a price cap on tortillas.",
        "The NBA trade deadline is Feb. 6.",
        "Entries for the photo contest close on Aug. 31.",
        "Americans must file their tax returns by April 15.",
        "The new speed limit takes effect on Jan. 1 in Wales.",
        "The smoking ban in Spanish restaurants comes into force on Monday.",
        "The striker's contract expires at the end of the month.",
        "The strike begins on Monday at Lufthansa.",
        "The ambulance arrived within 10 minutes.",
        "The sprinter was banned for four years for doping.",
        "Officers on duty were called to the scene.",
        "The German government announced a hiring freeze across federal ministries.",
    ] {
        let e = body(n);
        assert!(e.events.is_empty(), "no event expected: {n}\n{e:#?}");
    }
}

/// The whole ban and prohibit family counts, each form generic: aimed at a party or at trade
/// it is a sanction, at a habit at home it is not.
#[test]
fn ban_and_prohibit_inflections() {
    for p in [
        "Britain, Japan and Canada said they are banning imports of Russian gold.",
        "The EU prohibits the purchase of Russian diamonds.",
        "Tokyo curbed exports of chip materials to South Korea.",
        "Beijing restricted imports of Japanese seafood.",
    ] {
        assert!(fires(p, EventType::Sanction), "{p}\n{:#?}", body(p));
    }
    for n in [
        "Spain is banning smoking on beaches from Aug. 1.",
        "The new law banning phones in French schools takes effect in September.",
        "The new rule prohibits smoking in Italian parks.",
        "Japan's central bank moved to curb inflation.",
        "India will curb sales of antibiotics without prescription.",
        "Japan restricted access to the park after bear sightings.",
    ] {
        let e = body(n);
        assert!(e.events.is_empty(), "no event expected: {n}\n{e:#?}");
    }
}

/// Undoing a freeze or a listing is an easing of a sanction; a company's own unfreezing or a
/// stock-exchange delisting is not.
#[test]
fn unfreezing_and_delisting_are_easings() {
    for p in [
        "The U.S. unfroze $6 billion of Iranian funds.",
        "The EU delisted three Russian oligarchs.",
    ] {
        let e = body(p);
        let found = measures(&e, EventType::Sanction);
        assert!(
            found
                .iter()
                .any(|m| m.action == newstag::tagger::Action::Eased),
            "{p}\n{e:#?}"
        );
    }
    for n in [
        "The U.S. company unfroze its hiring plans.",
        "The Chinese company was delisted from Nasdaq.",
    ] {
        let e = body(n);
        assert!(e.events.is_empty(), "no event expected: {n}\n{e:#?}");
    }
}

/// "sanctioned"/"embargoed" as the adjective of goods someone handles is background.
#[test]
fn handled_sanctioned_goods_are_background() {
    check(
        EventType::Sanction,
        "The U.S. sanctioned two tankers that shipped Iranian oil.",
        &[
            "The captain smuggled sanctioned Venezuelan gold to Turkey.",
            "Refiners in India kept buying sanctioned Russian oil.",
            "The crew loaded embargoed oil off Oman.",
        ],
    );
}

/// Plots of films and novels are fiction.
#[test]
fn fiction_is_no_event() {
    for n in [
        "The film follows a Russian oligarch hit by British sanctions.",
        "In the novel, a fictional U.S. president slaps tariffs on China with a 48-hour deadline.",
    ] {
        let e = body(n);
        assert!(e.events.is_empty(), "no event expected: {n}\n{e:#?}");
    }
}

/// A party's demand that a measure be lifted is no easing; the imposer relaxing it is.
#[test]
fn demands_to_lift_are_no_easing() {
    check(
        EventType::Sanction,
        "The EU relaxed sanctions on Syria's banks.",
        &["Moscow said its demands to lift Western sanctions on its farm bank must be met."],
    );
}

/// "contest" is a look-alike as the noun (a photo contest), not as the verb.
#[test]
fn contest_the_verb_keeps_the_limit() {
    check(
        EventType::Deadline,
        "The apps had 72 hours to contest the ban imposed by India on Chinese lenders.",
        &["Entrants in the photo contest have until Aug. 31 in Britain."],
    );
}

/// Deadline grammar: sunsets, relief ending, backdating with its date, working days, and a
/// vague "matter of weeks" (a deadline with no date).
#[test]
fn deadline_grammar() {
    assert_eq!(
        dates_of(
            "U.S. tariff exemptions for Canadian goods are due to sunset at the end of the year."
        ),
        vec![Some("2025-12-31".to_string())]
    );
    assert_eq!(
        dates_of("U.S. sanctions relief for Syria ends on Sept. 30."),
        vec![Some("2025-09-30".to_string())]
    );
    assert_eq!(
        dates_of("The EU's duties on Chinese e-bikes are backdated to Aug. 1."),
        vec![Some("2025-08-01".to_string())]
    );
    // 2025-07-09 is a Wednesday: ten working days later is Wednesday 23 July.
    assert_eq!(
        dates_of("Iran must respond within 10 working days or face renewed UN sanctions."),
        vec![Some("2025-07-23".to_string())]
    );
    assert_eq!(
        dates_of(
            "Russia must comply within five business days or face new sanctions, the EU said."
        ),
        vec![Some("2025-07-16".to_string())]
    );
    assert_eq!(
        dates_of("Ankara had a matter of weeks to drop the purchase or face U.S. sanctions."),
        vec![None]
    );
    for n in [
        "The beach party in Spain runs until sunset on Friday.",
        "Drought relief for British farmers ends on Sept. 30.",
        "The U.S. tariff exemption applies retroactively to goods that entered warehouses from April 5.",
        "The ambulance took a matter of minutes to arrive in Rome.",
    ] {
        assert!(dates_of(n).is_empty(), "no deadline expected: {n}\n{:#?}", body(n));
    }
}

/// Freezing talks, ties or a loan is diplomacy or lending, not an asset freeze.
#[test]
fn frozen_talks_and_loans_are_no_sanction() {
    check(
        EventType::Sanction,
        "Saudi Arabia froze the assets of two Canadian firms.",
        &[
            "China froze diplomatic talks with the United States.",
            "Moscow froze military cooperation with the United States.",
            "The IMF froze Sri Lanka's loan programme.",
        ],
    );
}

/// A ban with a stated domestic purpose (farmers, foreign exchange, prices) is supply or
/// currency policy; a ban on a party's goods is a sanction.
#[test]
fn bans_with_a_domestic_purpose_are_no_sanction() {
    check(
        EventType::Sanction,
        "Canada banned imports of Russian aluminium.",
        &[
            "Pakistan banned imports of luxury goods to save foreign exchange.",
            "Nigeria banned imports of rice to protect local farmers.",
            "Indonesia banned imports of sugar to tame rising prices.",
        ],
    );
}

/// More verbs of a measure taking effect on a day: "take hold", "implemented on".
#[test]
fn take_hold_and_implemented_on() {
    assert_eq!(
        dates_of("The EU's new sanctions on Belarus take hold on Friday."),
        vec![Some("2025-07-11".to_string())]
    );
    assert_eq!(
        dates_of("Beijing's export controls on rare earths will be implemented on Dec. 1."),
        vec![Some("2025-12-01".to_string())]
    );
    for n in [
        "The new hosepipe rules in England will be implemented on Dec. 1.",
        "The U.S. tariffs imposed on Chinese goods hurt farmers.",
        "The flu took hold in Britain on Friday.",
    ] {
        assert!(
            dates_of(n).is_empty(),
            "no deadline expected: {n}\n{:#?}",
            body(n)
        );
    }
}

/// An attributive participle after a preposition (or "frozen" after a determiner) names what
/// is already under a measure ("purchases of sanctioned oil", "use frozen assets"):
/// background.
#[test]
fn attributive_participles_are_background() {
    check(
        EventType::Sanction,
        "The EU froze the assets of five Russian oligarchs.",
        &[
            "India's refiners cut purchases of sanctioned Russian oil.",
            "The frozen Russian assets in Belgium earned 3 billion euros in interest.",
            "Ukraine wants the EU to use frozen Russian assets to fund reconstruction.",
        ],
    );
}

/// A period something is spread over keeps its start as a date of its own.
#[test]
fn phased_in_over_a_period_from_a_date() {
    let e = body("The ban on Russian LNG will be phased in over six months from Jan. 1.");
    let found: Vec<_> = deadlines(&e).iter().map(|d| d.date).collect();
    assert_eq!(
        found,
        vec![chrono::NaiveDate::from_ymd_opt(2026, 1, 1)],
        "{e:#?}"
    );
}

/// "on DATE" is a limit only in a conditional threat and only ahead of the reference day;
/// the day a statement was made or a measure imposed is no limit.
#[test]
fn dated_conditional_threats() {
    let e = body("Trump said the tariffs would hit Mexico on Saturday unless it curbed migration.");
    let found: Vec<_> = deadlines(&e).iter().map(|d| d.date).collect();
    assert_eq!(
        found,
        vec![chrono::NaiveDate::from_ymd_opt(2025, 7, 12)],
        "{e:#?}"
    );
    for n in [
        "The U.S. imposed tariffs on Mexican steel on Friday.",
        "Trump warned on Wednesday that Mexico would face tariffs unless it curbed migration.",
        "Canada raised its duties on U.S. goods on Monday, the finance ministry said.",
        "Trump will meet Xi on Oct. 30, and tariffs will rise unless a deal is reached.",
        "The EU will vote on Monday on sanctions against Russia unless Hungary blocks the package.",
        "Russia must withdraw or face sanctions, leaders said at the summit on Friday.",
    ] {
        assert!(
            deadlines(&body(n)).is_empty(),
            "no deadline expected: {n}\n{:#?}",
            body(n)
        );
    }
}

/// Hyphenated and compound names of sanctions, lists and relief.
#[test]
fn compound_sanction_names() {
    for p in [
        "Washington tightened export-controls on chips to China.",
        "Japan added Russian firms to its end-user list.",
        "Russia retaliated with counter-sanctions on EU officials.",
        "Beijing announced countersanctions against Lithuanian officials.",
        "The U.S. expanded its economic blockade of Cuba.",
        "The U.S. issued a general licence allowing transactions with Syria.",
        "Canada de-listed two Venezuelan officials.",
        "The U.S. revoked visas of Nicaraguan officials.",
    ] {
        assert!(fires(p, EventType::Sanction), "{p}\n{:#?}", body(p));
    }
    for n in [
        "Natural England issued a general licence to control pigeons.",
        "The company was de-listed from the London Stock Exchange.",
        "The navy's electronic countermeasures failed against the drones.",
    ] {
        let e = body(n);
        assert!(e.events.is_empty(), "no event expected: {n}\n{e:#?}");
    }
}

/// Travel and flight bans against a disease are public health; fines for crimes and
/// antitrust breaches are no sanctions.
#[test]
fn health_bans_and_fines_are_no_sanction() {
    check(
        EventType::Sanction,
        "Britain suspended arms export licences to Israel.",
        &[
            "Britain banned flights from South Africa over the new variant.",
            "Thailand barred visitors from Myanmar during the outbreak.",
            "Russia barred entry to Chinese citizens to stop the virus.",
            "India's regulator imposed penalties on Chinese phone maker Vivo for tax evasion.",
        ],
    );
}

/// More names of a limit and verbs of ending or starting, each with look-alikes from
/// everyday news that must stay quiet.
#[test]
fn more_limit_names_and_verbs() {
    let want = |d: &str| vec![Some(d.to_string())];
    assert_eq!(
        dates_of("The EU set a closing date of Aug. 1 for a deal on the tariffs."),
        want("2025-08-01")
    );
    assert_eq!(
        dates_of(
            "The U.S. set a due date of Aug. 1 for Russia to accept a ceasefire or face sanctions."
        ),
        want("2025-08-01")
    );
    assert_eq!(
        dates_of(
            "Trump set a two-week time frame for Russia to agree to a ceasefire or face sanctions."
        ),
        want("2025-07-23")
    );
    assert_eq!(
        dates_of("The U.S. tariff reprieve for Mexico finishes on Sept. 30."),
        want("2025-09-30")
    );
    assert_eq!(
        dates_of("The U.S. tariffs on Canada commence on Aug. 1."),
        want("2025-08-01")
    );
    assert_eq!(
        dates_of("The U.S. tariffs on Mexico go into pressure on Aug. 1."),
        want("2025-08-01")
    );
    assert_eq!(
        dates_of("Trump gave Russia up to Aug. 8 to end the war or face sanctions."),
        want("2025-08-08")
    );
    for n in [
        "The due date for the phone bill in Britain is Aug. 1.",
        "The closing date for entries to the photo contest is Aug. 1.",
        "The project's time frame in Kenya is two years.",
        "The U.S. Open finishes on Sept. 7.",
        "Talks on the tariffs conclude on Friday in Geneva.",
        "The festival commences on Aug. 1 in Edinburgh.",
        "The U.S. tariffs could raise prices by up to 3%, economists said.",
    ] {
        assert!(
            dates_of(n).is_empty(),
            "no deadline expected: {n}\n{:#?}",
            body(n)
        );
    }
}

/// Wire abbreviations and "year-end" as limits.
#[test]
fn abbreviated_spans_and_year_end() {
    assert_eq!(
        dates_of("Russia has 72 hrs to agree to a ceasefire or face sanctions."),
        vec![Some("2025-07-12".to_string())]
    );
    assert_eq!(
        dates_of("Russia must agree to a ceasefire by year-end or face sanctions."),
        vec![Some("2025-12-31".to_string())]
    );
    for n in [
        "The marathon runner finished in 3 hrs in Berlin.",
        "British retail sales should recover by year-end, economists said.",
    ] {
        assert!(
            dates_of(n).is_empty(),
            "no deadline expected: {n}\n{:#?}",
            body(n)
        );
    }
}

/// Supply policy, product safety, insolvency and the approval sense of "sanction" are no
/// sanctions; a sanction on a party's funds still is.
#[test]
fn supply_safety_insolvency_and_approval() {
    check(
        EventType::Sanction,
        "The U.S. sanctioned three funds linked to Iran's Revolutionary Guards.",
        &[
            "China banned exports of its own fertilizer to keep prices low.",
            "The U.S. FDA banned imports of Chinese baby formula after contamination.",
            "The Ministry of Finance froze the assets of a bankrupt state firm in Ukraine.",
            "Britain sanctioned new nuclear power stations.",
        ],
    );
}

/// Freeze look-alikes are local: a hiring freeze or freezing weather in the sentence leaves
/// an asset freeze on a party alone.
#[test]
fn freeze_look_alikes_are_local() {
    for p in [
        "Amid a hiring freeze at home, Britain froze the assets of three Russian banks.",
        "As freezing temperatures hit Kyiv, the EU froze the assets of five Russian oligarchs.",
    ] {
        assert!(fires(p, EventType::Sanction), "{p}\n{:#?}", body(p));
    }
}

/// After a measure in the item, a generic word refers back to it and keeps the date's
/// policy context ("the new bans apply" after a sanctions package).
#[test]
fn generic_word_after_a_measure_keeps_its_context() {
    let e = tag(
        "EU adopts new Russia sanctions",
        "The European Union adopted new sanctions on Russia on Friday. A transition window \
         for existing contracts runs through Sept. 24, after which the new bans apply in full.",
        DAY,
    );
    let found: Vec<_> = deadlines(&e).iter().map(|d| d.date).collect();
    assert!(
        found.contains(&chrono::NaiveDate::from_ymd_opt(2025, 9, 24)),
        "{e:#?}"
    );
}

/// Dodging an existing measure is background; a new measure against the dodgers is news.
#[test]
fn evading_sanctions_is_background() {
    check(
        EventType::Sanction,
        "Washington sanctioned three Dubai firms for helping Russia circumvent sanctions.",
        &[
            "Iran uses a fleet of old tankers to evade U.S. sanctions.",
            "Traders are helping Moscow circumvent Western sanctions, the report said.",
            "Companies in Dubai helped Russian firms skirt sanctions on oil.",
        ],
    );
}

/// Fearing a measure is stance; a party that fears a backlash can still impose one.
#[test]
fn fearing_sanctions_is_stance() {
    check(
        EventType::Sanction,
        "Worried about a backlash, the EU nevertheless imposed new sanctions on Belarus.",
        &[
            "Banks in Turkey are cutting ties with Russian clients, fearing secondary sanctions.",
            "Exporters in India are worried about U.S. sanctions on Russian oil.",
            "The sanctioned economy of North Korea shrank again last year.",
        ],
    );
}

/// A decision not (yet) taken is no event; an expected agreement is.
#[test]
fn undecided_sanctions_are_no_event() {
    check(
        EventType::Sanction,
        "EU leaders are expected to agree new sanctions on Russia this week.",
        &[
            "EU leaders are unlikely to agree new sanctions on Russia this week, diplomats said.",
            "The ministers ended the meeting without agreeing on any new sanctions against Russia.",
        ],
    );
}

/// A measure still being weighed ("has not yet decided whether to") is a threat, not a
/// non-event: the guidelines count "considering" as threatened.
#[test]
fn an_undecided_sanction_is_a_threat() {
    let m = one_measure(
        EventType::Sanction,
        "",
        "The European Union has not yet decided whether to sanction Iranian officials.",
        DAY,
    );
    assert_eq!(m.action, Action::Threatened);
    assert_eq!(m.target, vec!["IR".to_string()]);
}

/// "despite"/"in spite of"/"notwithstanding" an existing measure is background; despite
/// something else, a new measure is news.
#[test]
fn despite_existing_sanctions_is_background() {
    check(
        EventType::Sanction,
        "Despite protests, the EU imposed new sanctions on Iran.",
        &[
            "Russian oil exports rose in May despite U.S. sanctions.",
            "Oil exports continued in spite of Western sanctions on Russia.",
            "Notwithstanding EU sanctions, Hungary kept buying Russian gas.",
        ],
    );
}

/// Effects of an existing measure and life under it are background.
#[test]
fn effects_of_sanctions_are_background() {
    check(
        EventType::Sanction,
        "The United States imposed new sanctions on Iran's oil industry on Tuesday.",
        &[
            "Western sanctions have crippled Iran's oil industry.",
            "The sanctions have hurt Russia's economy, the IMF said.",
            "Venezuela, which is under U.S. sanctions, shipped oil to China.",
            "Economists are studying the impact of sanctions on Russia's budget.",
        ],
    );
}

/// A measure as the subject of an effect verb is background, not a cut: "tariffs have cut
/// imports" eases nothing, while "tariffs have been cut" does.
#[test]
fn effect_verbs_are_no_easing() {
    check(
        EventType::Tariff,
        "Tariffs on Chinese goods have been cut to 10 percent.",
        &[
            "Tariffs have cut Chinese imports of American soybeans by half.",
            "The tariffs have squeezed American farmers, the survey found.",
            "Sanctions have cut Russia's oil revenue by a third.",
        ],
    );
}

/// Failing to agree is negation; an agreement reached is news.
#[test]
fn failing_to_agree_sanctions_is_no_event() {
    check(
        EventType::Sanction,
        "The ministers agreed on new sanctions against Russia without a vote.",
        &[
            "The ministers could not agree on new sanctions against Russia.",
            "EU envoys failed to agree any new sanctions on Belarus.",
        ],
    );
}

/// With a determiner too: "the tariffs have raised prices" is an effect, not a rise; a
/// decision expected not to come is no event, one expected to come is.
#[test]
fn effects_and_expected_no_with_determiners() {
    check(
        EventType::Tariff,
        "The United States has raised tariffs on Chinese steel to 50 percent.",
        &[
            "The tariffs have raised prices for American consumers.",
            "Canada is unlikely to impose new tariffs on American steel, officials said.",
        ],
    );
    check(
        EventType::Sanction,
        "The EU is expected to impose new sanctions on Belarus.",
        &[
            "The EU is not expected to impose new sanctions on Belarus.",
            "These sanctions have pushed up prices in Russia.",
        ],
    );
}
