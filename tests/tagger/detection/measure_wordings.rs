//! Which items get a sanction or tariff event at all: wordings of measures the lexicon must
//! know (wire, headline and machine-paraphrased styles) and look-alikes it must leave alone.
//! Invented sentences only.

use crate::tagging::*;

use newstag::tagger::EventType;

const DAY: &str = "2025-06-10";

/// Does the headline `title` get an event of type `ty`?
fn has(title: &str, ty: EventType) -> bool {
    !measures(&tag(title, "", DAY), ty).is_empty()
}

fn assert_all(ty: EventType, want: bool, titles: &[&str]) {
    for t in titles {
        assert_eq!(has(t, ty), want, "{ty:?} expected {want}: {t}");
    }
}

/// Registry wording for blacklists: the SDN list, China's unreliable entity list.
#[test]
fn designation_lists_are_sanctions() {
    assert_all(
        EventType::Sanction,
        true,
        &[
            "OFAC added the tanker operator to the SDN list on Thursday.",
            "The Treasury put two Hong Kong traders on its Specially Designated Nationals list.",
            "Beijing added three U.S. drone makers to its unreliable entity list.",
        ],
    );
}

/// "penalties" is how paraphrasing tools and some desks say sanctions; it counts when it is
/// aimed at a party, and not as a fine, a tax penalty or a sports penalty.
#[test]
fn penalties_aimed_at_a_party_are_sanctions() {
    assert_all(
        EventType::Sanction,
        true,
        &[
            "The EU imposed penalties on 15 Iranian officials over the crackdown.",
            "Washington threatened Russia with severe penalties over Ukraine.",
            "Japan approves new round of penalties against Russia.",
            "West African bloc lifts trade and financial penalties on Mali.",
            "The White House warned of crushing banking penalties on Russian lenders.",
        ],
    );
    assert_all(
        EventType::Sanction,
        false,
        &[
            "Germany imposed penalties on landlords who overcharge tenants.",
            "The referee awarded two penalties in the second half.",
            "Late filers will face penalties from the tax office.",
            "The regulator imposed penalties on the bank for mis-selling loans.",
        ],
    );
}

/// "barred", "bars", "prohibited": a sanction when aimed at a country or at trade, not a
/// domestic rule.
#[test]
fn bars_and_prohibitions_aimed_at_trade_are_sanctions() {
    assert_all(
        EventType::Sanction,
        true,
        &[
            "The U.S. barred exports of advanced AI chips to China.",
            "Canada prohibited the import of Russian steel.",
            "Britain prohibited the export of luxury goods to Russia.",
            "RUSSIA BARS IMPORTS OF EU FOOD IN RETALIATION",
            "The EU bars Belarusian airlines from its skies.",
        ],
    );
    assert_all(
        EventType::Sanction,
        false,
        &[
            "The league barred the player from competing for two years.",
            "Residents were barred from entering the flooded district.",
            "Smoking is prohibited in all public buildings, the ministry said.",
            "The state prohibited the sale of fireworks ahead of the holiday.",
            "France bars children under 15 from social media.",
            "The UK prohibited the use of the pesticide from next year.",
        ],
    );
}

/// Halting trade with a country is an embargo; a factory halting its own exports, or trade
/// talks being halted, is not.
#[test]
fn halting_imports_or_exports_is_a_sanction() {
    // The halting state imposes; the trading partner is the target.
    let e = tag(
        "Turkey has halted all exports and imports with Israel.",
        "",
        DAY,
    );
    let s = measures(&e, EventType::Sanction);
    assert!(
        s.iter().any(|m| m.imposer == ["TR"] && m.target == ["IL"]),
        "{s:?}"
    );
    assert_all(
        EventType::Sanction,
        true,
        &[
            "China halted imports of Japanese seafood over the wastewater release.",
            "Turkey halts all trade with Israel over Gaza.",
            "Beijing halted exports of natural sand to Taiwan.",
        ],
    );
    assert_all(
        EventType::Sanction,
        false,
        &[
            "The factory halted exports after a fire damaged its warehouse.",
            "Shipping lines halted exports from the port because of the strike.",
            "Trump halts trade talks with Canada over an advertisement.",
            // an export halt with no target is domestic policy
            "India halted exports of wheat to tame domestic prices.",
        ],
    );
}

/// Import and trade restrictions, punitive measures, chip curbs: sanctions when aimed at a
/// party; easing import limits on a staple at home is not one.
#[test]
fn restrictions_and_punitive_measures() {
    assert_all(
        EventType::Sanction,
        true,
        &[
            "China lifted import restrictions on Japanese seafood.",
            "Japan imposed trade restrictions on South Korea over the wartime labour ruling.",
            "The U.S. announced new chip curbs on China.",
            "Ottawa adopts punitive economic measures against Tehran.",
        ],
    );
    assert_all(
        EventType::Sanction,
        false,
        &[
            "India eased import restrictions on pulses to curb food prices.",
            "The city council sanctioned the construction of a new bridge.",
            "The president ruled out new sanctions on China.",
        ],
    );
}

/// Surcharges, safeguard and anti-subsidy duties, export taxes: trade duties by other names.
#[test]
fn other_names_for_duties_are_tariffs() {
    assert_all(
        EventType::Tariff,
        true,
        &[
            "Japan imposed a 25% surcharge on U.S. beef imports.",
            "Washington imposed safeguard duties of 30% on solar panels.",
            "Beijing imposed anti-subsidy duties on EU pork.",
            "India slaps 20% export duty on onions.",
            "Canada imposes a 10% import surcharge on Chinese steel.",
        ],
    );
    assert_all(
        EventType::Tariff,
        false,
        &[
            "The airline added a fuel surcharge to all tickets.",
            "Germany scraps the solidarity surcharge for most taxpayers.",
            "Travellers stocked up on perfume at the duty-free shop.",
        ],
    );
}

/// An action dated in the past within its own clause ("imposed last year", "years ago") makes
/// the measure background; the same measure reported as news, or dated but changed now,
/// counts.
#[test]
fn measures_dated_in_the_past_are_background() {
    assert_all(
        EventType::Tariff,
        false,
        &[
            "The tariffs that Canada imposed on Chinese electric vehicles last year were discussed at the meeting.",
            "Mexico introduced duties on Asian steel two years ago, analysts recalled.",
        ],
    );
    assert_all(
        EventType::Sanction,
        false,
        &["The sanctions Norway adopted against Iranian banks a year ago were discussed by the envoy."],
    );
    assert_all(
        EventType::Tariff,
        true,
        &[
            "Canada imposed tariffs on Chinese electric vehicles on Tuesday.",
            "Tariffs on Chinese steel first announced a year ago but postponed twice take effect Monday, Canada said.",
        ],
    );
    assert_all(
        EventType::Sanction,
        true,
        &["Norway adopted sanctions against Iranian banks on Friday."],
    );
}

/// Taxes and charges on imports are tariffs; excise on tobacco or alcohol at home is not,
/// and does not hide a tariff in the same sentence.
#[test]
fn import_taxes_and_charges_are_tariffs_excise_is_not() {
    assert_all(
        EventType::Tariff,
        true,
        &[
            "Trump slaps 25% tax on imports of Mexican tomatoes.",
            "Washington imposed a 35% import charge on Canadian lumber.",
            "The U.S. will impose reciprocal taxes on trading partners next week.",
            "Mexico slaps 30% obligations on Chinese imports.",
            "Germany raised its tobacco duty as the EU imposed tariffs on Chinese bikes.",
        ],
    );
    assert_all(
        EventType::Tariff,
        false,
        &[
            "Germany raised its tobacco duty.",
            "Britain froze alcohol duties in the autumn budget.",
            "The government cut air passenger duty on short flights.",
        ],
    );
}

/// "sanctioned the use of …" is approval, not a measure.
#[test]
fn approving_a_use_or_a_sale_is_not_a_sanction() {
    assert_all(
        EventType::Sanction,
        false,
        &[
            "The EU sanctioned the use of the new vaccine.",
            "The ministry sanctioned the construction of two dams.",
            "Regulators sanctioned the sale of the state airline.",
        ],
    );
    assert_all(
        EventType::Sanction,
        true,
        &["The EU sanctioned three Russian vaccine makers."],
    );
}

/// A measure that is the subject of an easing verb with an object of its own ("tariffs …
/// cut exports") is described by its effect; the same verb applied to the measure is news.
#[test]
fn what_a_measure_cut_is_not_an_easing_of_it() {
    assert_all(
        EventType::Tariff,
        false,
        &[
            "U.S. tariffs on Chinese solar panels slashed imports of the modules by half.",
            "Chinese duties on Australian barley during the row cut shipments to a trickle.",
        ],
    );
    assert_all(
        EventType::Tariff,
        true,
        &[
            "Tariffs on Chinese goods were cut to 30% on Monday, the White House said.",
            "Washington agreed to cut tariffs on Vietnamese shrimp.",
            "The EU tariffs on U.S. whiskey were slashed in half on Friday.",
        ],
    );
}

/// "tariff" as a topic word ("tariff dispute", "tariff worries") is no measure, but does not
/// hide one named in the same sentence.
#[test]
fn tariff_as_a_topic_word() {
    assert_all(
        EventType::Tariff,
        false,
        &[
            "The WTO said it would review the tariff dispute.",
            "Shares fell as tariff jitters returned to Asian markets.",
        ],
    );
    assert_all(
        EventType::Tariff,
        true,
        &["Markets slid on tariff worries as Trump threatened 50% tariffs on the EU."],
    );
}

/// Customs, import, anti-dumping and countervailing duties name a trade measure outright: a
/// hotel or power-price story around them does not hide their relief, and no state needs
/// naming ("the finance ministry waived import duty").
#[test]
fn customs_duties_survive_look_alike_stories() {
    let e = tag(
        "City hotels raise room tariffs for the winter season",
        "Hotels in the capital raised room tariffs by 10% this month. The finance ministry also \
         waived import duty on kitchen equipment for registered hotels.",
        DAY,
    );
    let t = measures(&e, EventType::Tariff);
    assert!(
        t.len() == 1 && t.iter().all(|m| m.action == newstag::tagger::Action::Eased),
        "{t:?}"
    );
    let e = tag(
        "Utility raises household power tariffs",
        "The regulator approved higher electricity tariffs from July. Solar panels were exempted \
         from customs duties under a separate decree.",
        DAY,
    );
    assert_eq!(measures(&e, EventType::Tariff).len(), 1);
    // The room tariffs alone stay look-alikes, and so do duties merely paid or collected.
    assert_all(
        EventType::Tariff,
        false,
        &[
            "City hotels raise room tariffs for the winter season",
            "Customs duties collected rose 12% in May, the revenue office said.",
            "The company paid $3 million in import duties last year.",
        ],
    );
}

/// Import levies and taxes name the measure outright; paraphrased copy says "listing" for
/// a list.
#[test]
fn import_levies_and_paraphrased_lists() {
    assert_all(
        EventType::Tariff,
        true,
        &["The president is ready to impose secondary import levies of 25% on nations buying Russian crude."],
    );
    assert_all(
        EventType::Sanction,
        true,
        &[
            "The commerce ministry will suspend for one year the inclusion of ten U.S. firms on its unreliable entity listing.",
            "Washington adds 30 Chinese firms to its entity listing.",
        ],
    );
    assert_all(
        EventType::Tariff,
        false,
        &["The city raised its tourist levy on hotel stays."],
    );
}

/// "blocklist" is the newer spelling of blacklist; a generic freeze of someone's
/// "belongings" (paraphrased "assets") is a sanction, a freeze of pay is not.
#[test]
fn blocklists_and_paraphrased_assets() {
    assert_all(
        EventType::Sanction,
        true,
        &[
            "Canada slaps blocklist on Chinese drone makers.",
            "Washington blocklisted 12 Chinese firms on Tuesday.",
            "Britain froze the belongings of two tycoons.",
        ],
    );
    assert_all(
        EventType::Sanction,
        false,
        &[
            "Britain froze the salaries of civil servants.",
            "The app store blocklisted the game for cheating.",
        ],
    );
}

/// Look-alikes of the broad sanction words: sports penalties, regulators' penalties,
/// domestic bars, a government's own curbs, sanitary import halts.
#[test]
fn broad_sanction_words_leave_ordinary_news_alone() {
    assert_all(
        EventType::Sanction,
        false,
        &[
            "Spain missed two penalties in the shootout against Italy.",
            "Britain's FCA imposed penalties on Barclays over money laundering failures.",
            "The new rule bars Australian children under 16 from social media.",
            "Singapore bars drivers from using phones at the wheel.",
            "China eased Covid curbs in Shanghai on Monday.",
            "India's central bank announced curbs on unsecured lending.",
            "Brazil halted imports of chicken from a farm in Argentina after a bird flu outbreak.",
            "Italy imposed curbs on tourist rentals in Venice.",
        ],
    );
    assert_all(
        EventType::Sanction,
        true,
        &[
            "Japan imposed curbs on exports of chipmaking tools to China.",
            "Washington bars Americans from dealing with the Iranian bank.",
            "The United States imposed penalties on Russian banks.",
            "Canada barred Russian officials from entering the country.",
            "West freezes Russian central bank reserves.",
        ],
    );
}

/// Surcharges and charges are tariffs only on goods: a rate right before them, or goods,
/// imports or a product after them; fuel surcharges, bank and court charges are not.
#[test]
fn surcharges_and_charges_are_tariffs_only_on_goods() {
    assert_all(
        EventType::Tariff,
        false,
        &[
            "British Airways added a fuel surcharge to long-haul fares.",
            "Japan's postal service adds a surcharge for parcels to the United States.",
            "Lufthansa raises fuel surcharges on flights from Frankfurt.",
            "Russia filed charges against Ukrainian soldiers captured in Kursk.",
            "British banks raised charges on overdrafts from April.",
            "Britain's Ofgem said standing charges on energy bills will rise.",
        ],
    );
    assert_all(
        EventType::Tariff,
        true,
        &[
            "China imposes 25% charges on U.S. goods.",
            "Canada slaps 25% charges on American steel.",
            "Washington slapped a surcharge on imports from Brazil.",
            "China imposed a 10% surcharge on American goods.",
        ],
    );
}

/// Wordings of real sanctions: the Treasury's designation verb, a package of measures aimed
/// at a state, the "sanctiones" misspelling; a designation to a role and a package against
/// a domestic problem stay out.
#[test]
fn designations_packages_and_misspelt_sanctions() {
    assert_all(
        EventType::Sanction,
        true,
        &[
            "Treasury designates five Iranian firms over drone supply.",
            "OFAC designated 12 vessels of the shadow fleet.",
            "The Treasury Department designated a network of 12 firms for supplying Iran.",
            "The EU agreed a fresh package of measures against Belarus.",
            "The U.S. imposed new sanctiones on Russia.",
        ],
    );
    assert_all(
        EventType::Sanction,
        false,
        &[
            "The United States designated Qatar a major non-NATO ally.",
            "The Treasury designated five banks as primary dealers for government bonds.",
            "The State Department designated Qatar a major non-NATO ally.",
            "Britain's Treasury designated the new 30-year gilt as a benchmark.",
            "The Treasury designated $2 billion for flood relief in Texas.",
            "Britain's Treasury designates funds for NHS hospitals.",
            "Germany unveiled a package of measures against the energy crisis.",
            "France announced a round of measures against drug trafficking in Marseille.",
        ],
    );
}

/// Background in feature stories: a measure in force before the news ("has already
/// banned"), one renewed as routine ("extended every year since"), and one dated in the past
/// after another subject's cue ("The proposed rule follows a tariff that took effect last
/// month"). A threat already made still stands.
#[test]
fn measures_in_force_before_the_news_are_background() {
    let body = |b: &str, ty: EventType| !measures(&tag("Farm news", b, DAY), ty).is_empty();
    assert!(!body(
        "Brazil's beef exports grew. Canada has already banned imports of Brazilian beef.",
        EventType::Sanction
    ));
    assert!(!body(
        "Cheesemakers thrived. They are winners of the embargo, which has been extended every year since.",
        EventType::Sanction
    ));
    assert!(!body(
        "The proposed rule follows a 25% tariff on Mexican trucks that took effect last month.",
        EventType::Tariff
    ));
    assert!(body(
        "Beijing has already warned that it could retaliate with higher duties on European pork.",
        EventType::Tariff
    ));
    assert!(body(
        "Canada banned imports of Brazilian beef on Friday.",
        EventType::Sanction
    ));
}

/// A country's own export ban or export restriction is supply policy unless it is aimed at
/// a party: the guidelines count export bans "aimed at a target".
#[test]
fn export_bans_need_a_target() {
    assert_all(
        EventType::Sanction,
        false,
        &[
            "India extended its export ban on onions to keep prices low.",
            "Indonesia lifted its palm oil export ban after three weeks.",
            "Russia imposed an export ban on gasoline to ease domestic shortages.",
            "Malaysia banned chicken exports to stabilise local prices.",
            "Kazakhstan extended export restrictions on sugar.",
        ],
    );
    assert_all(
        EventType::Sanction,
        true,
        &[
            "China imposed an export ban on rare earth technology to the United States.",
            "Russia banned exports of grain to Lithuania.",
            "Britain announced an export ban on luxury goods to Russia.",
        ],
    );
}

/// Travel and visa bans, levies and export bans are generic words: aimed at a party they
/// count; on a country's own staff, tourists or criminal suspects they do not.
#[test]
fn generic_bans_levies_and_charges_need_a_party_or_goods() {
    assert_all(
        EventType::Sanction,
        false,
        &[
            "Spain imposed a travel ban on staff during the storm.",
            "Britain imposed a visa ban on care workers bringing dependants.",
        ],
    );
    assert_all(
        EventType::Sanction,
        true,
        &[
            "Canada imposed a travel ban on Iranian officials.",
            "Washington imposed visa bans on Nicaraguan officials.",
        ],
    );
    assert_all(
        EventType::Tariff,
        false,
        &[
            "Japan raised the departure levy for tourists.",
            "Russian investigators filed charges against a Ukrainian journalist.",
            "Ukraine brought criminal charges against Russian soldiers.",
        ],
    );
    assert_all(
        EventType::Tariff,
        true,
        &[
            "Trump threatened new levies on Canada.",
            "The EU imposed a levy on Russian fertiliser imports.",
        ],
    );
}

/// A measure as the subject of "did/does not" is a denial or a counterfactual.
#[test]
fn measure_subject_of_a_negated_verb_is_no_event() {
    let body = |b: &str| !measures(&tag("Car news", b, DAY), EventType::Tariff).is_empty();
    assert!(!body(
        "The rule would keep Chinese cars out of the U.S. market even if tariffs did not."
    ));
    assert!(body(
        "Washington imposed tariffs on Chinese cars on Monday."
    ));
}
