//! Who imposes on whom: invented sentences, several wordings per class of wording, each
//! class with a case where the rule must not fire.

use crate::tagging::{measures, tag};
use newstag::tagger::{Enrichment, EventType, MeasureEvent};

/// The only sanction or tariff event of a one-sentence body (either type).
fn only(e: &Enrichment) -> &MeasureEvent {
    let mut all = measures(e, EventType::Sanction);
    all.extend(measures(e, EventType::Tariff));
    assert_eq!(all.len(), 1, "{e:#?}");
    all[0]
}

/// Tags `text` as a headline and checks imposer and target codes (in any order).
fn roles(text: &str, imposer: &[&str], target: &[&str]) {
    let e = tag(text, "", "2025-06-02");
    let m = only(&e);
    let mut got_i: Vec<&str> = m.imposer.iter().map(String::as_str).collect();
    let mut got_t: Vec<&str> = m.target.iter().map(String::as_str).collect();
    let (mut want_i, mut want_t) = (imposer.to_vec(), target.to_vec());
    got_i.sort_unstable();
    got_t.sort_unstable();
    want_i.sort_unstable();
    want_t.sort_unstable();
    assert_eq!((got_i, got_t), (want_i, want_t), "{text}");
}

#[test]
fn quantity_words_do_not_end_the_target_phrase() {
    roles(
        "Britain announced sanctions on up to 100 more tankers carrying Russian oil.",
        &["GB"],
        &["RU"],
    );
    roles(
        "The U.S. imposed tariffs on as many as 300 Chinese products.",
        &["US"],
        &["CN"],
    );
    // "to" still ends the phrase when it is no quantity.
    roles(
        "The EU imposed sanctions on Russian banks to punish Moscow.",
        &["EU"],
        &["RU"],
    );
}

#[test]
fn list_of_countries_continues_past_the() {
    roles(
        "The U.S. will impose a 10% tariff on goods from Denmark, Norway, France, the Netherlands and Finland.",
        &["US"],
        &["DK", "NO", "FR", "NL", "FI"],
    );
    // ", the State Department said" is a speaker, not a list member.
    roles(
        "Washington eased sanctions on Venezuela's oil sector, the State Department said.",
        &["US"],
        &["VE"],
    );
}

#[test]
fn passive_subject_is_the_target() {
    roles(
        "Russian banks were sanctioned by the European Union.",
        &["EU"],
        &["RU"],
    );
    roles(
        "Two Chinese firms have been blacklisted by the U.S. Commerce Department.",
        &["US"],
        &["CN"],
    );
    roles(
        "Several Iranian officials were also sanctioned by Canada on Monday.",
        &["CA"],
        &["IR"],
    );
    // A passive verb has no object: what follows is a reason, not a target.
    roles(
        "The Treasury said two Chinese firms were sanctioned for helping Iran.",
        &["US"],
        &["CN"],
    );
    // Active voice: the subject imposes.
    roles("Canada sanctioned two Russian generals.", &["CA"], &["RU"]);
}

#[test]
fn those_who_face_a_measure_are_its_targets() {
    roles(
        "Canadian lumber faces higher U.S. duties starting next month.",
        &["US"],
        &["CA"],
    );
    roles(
        "Japan and South Korea face 25% U.S. tariffs from August 1.",
        &["US"],
        &["JP", "KR"],
    );
    // Facing pressure to impose a measure is not facing the measure.
    roles(
        "Trump faces pressure to impose sanctions on Russia.",
        &["US"],
        &["RU"],
    );
}

#[test]
fn reported_speech_has_its_own_subject() {
    roles(
        "China said the United States would impose new tariffs on its steel.",
        &["US"],
        &["CN"],
    );
    roles(
        "Officials in Ottawa said the U.S. would raise tariffs on Canadian aluminum.",
        &["US"],
        &["CA"],
    );
    roles(
        "Mexico's economy minister said Washington planned tariffs on Mexican tomatoes.",
        &["US"],
        &["MX"],
    );
    // The party after "warned that" does not act: the speaker stays the imposer.
    roles(
        "Trump warned that Russia had 50 days to agree a ceasefire or face tariffs.",
        &["US"],
        &["RU"],
    );
    // "said it would": no new subject, the speaker imposes.
    roles(
        "China said it would impose tariffs on U.S. soybeans.",
        &["CN"],
        &["US"],
    );
}

#[test]
fn conditions_and_fronted_clauses() {
    roles(
        "Canada will retaliate if the United States raises tariffs on Canadian steel.",
        &["US"],
        &["CA"],
    );
    roles(
        "If Russia invades, the U.S. will impose sanctions.",
        &["US"],
        &[],
    );
    roles(
        "After China retaliated, the EU raised tariffs on Chinese cars.",
        &["EU"],
        &["CN"],
    );
}

#[test]
fn a_stance_on_a_measure_is_not_imposing_it() {
    // Nobody named after the stance verb: the stance-taker imposes nothing (opposing a
    // measure is no event at all; condemning one reports it without an imposer).
    for text in [
        "Germany opposed new sanctions on Russia.",
        "Italy condemned new sanctions on Iran.",
        "China and Russia vetoed new sanctions on North Korea.",
    ] {
        let e = tag(text, "", "2025-06-02");
        let mut all = measures(&e, EventType::Sanction);
        all.extend(measures(&e, EventType::Tariff));
        assert!(all.len() <= 1, "{text}: {e:#?}");
        assert!(all.iter().all(|m| m.imposer.is_empty()), "{text}: {e:#?}");
    }
    roles("Italy condemned new sanctions on Iran.", &[], &["IR"]);
    // The party named after it acts.
    roles(
        "France urged the EU to impose sanctions on Russia.",
        &["EU"],
        &["RU"],
    );
    roles(
        "Ukraine urged Washington to impose sanctions on Russian oil buyers.",
        &["US"],
        &["RU"],
    );
    roles(
        "India welcomed the U.S. decision to lift tariffs on its steel.",
        &["US"],
        &["IN"],
    );
    roles(
        "Beijing demanded that Washington revoke the sanctions on Chinese firms.",
        &["US"],
        &["CN"],
    );
    roles(
        "Slovakia objected to new EU sanctions against Russia.",
        &["EU"],
        &["RU"],
    );
    // No stance verb: the subject imposes.
    roles("Germany imposed new sanctions on Russia.", &["DE"], &["RU"]);
}

#[test]
fn its_and_their_name_the_clause_subject() {
    roles(
        "Brazil slammed the 50% U.S. tariff on its exports.",
        &["US"],
        &["BR"],
    );
    roles(
        "China said the United States would impose new tariffs on its steel.",
        &["US"],
        &["CN"],
    );
    // "its" of the imposer itself names nobody else.
    roles(
        "The U.S. raised tariffs on its steel imports.",
        &["US"],
        &[],
    );
}

#[test]
fn listing_and_frozen_assets() {
    roles(
        "The Commerce Department added 140 Chinese firms to its entity list.",
        &["US"],
        &["CN"],
    );
    roles(
        "China's Huawei was added to the U.S. entity list.",
        &["US"],
        &["CN"],
    );
    roles(
        "Officials in London said Britain would freeze the assets of Iranian generals.",
        &["GB"],
        &["IR"],
    );
    // "to impose" leads to no list: the urged party is no target.
    roles(
        "Poland urged the EU to impose sanctions on Belarus.",
        &["EU"],
        &["BY"],
    );
}

#[test]
fn goods_made_in_a_country() {
    roles(
        "The U.S. imposed anti-dumping duties on solar panels made in Cambodia.",
        &["US"],
        &["KH"],
    );
    roles(
        "The EU set duties on bicycles produced in Vietnam.",
        &["EU"],
        &["VN"],
    );
    // A place of talks is no origin.
    roles(
        "The U.S. agreed in Geneva to cut tariffs on Chinese goods.",
        &["US"],
        &["CN"],
    );
}

#[test]
fn a_relative_clause_after_the_measure_names_who_took_it() {
    roles(
        "The move follows export controls on chips that Washington imposed on Monday.",
        &["US"],
        &[],
    );
    roles(
        "Japan criticised the tariffs Trump announced last week.",
        &["US"],
        &[],
    );
    // Another clause after the measure is no relative clause.
    let e = tag(
        "Trump signs 25% steel tariffs; Canada and Mexico spared for now",
        "",
        "2025-06-02",
    );
    let t = measures(&e, EventType::Tariff);
    assert!(t.iter().all(|m| m.imposer == vec!["US"]), "{e:#?}");
}

#[test]
fn second_verb_of_a_coordinated_predicate() {
    let e = tag(
        "China hits back with 34% tariff on U.S. goods, blacklists 11 American firms",
        "",
        "2025-06-02",
    );
    let s = measures(&e, EventType::Sanction);
    assert_eq!(s.len(), 1, "{e:#?}");
    assert_eq!(s[0].imposer, vec!["CN"]);
    assert_eq!(s[0].target, vec!["US"]);
}

#[test]
fn blocs_modifying_a_measure_impose() {
    roles(
        "The United Nations sanctions on North Korea were tightened.",
        &["UN"],
        &["KP"],
    );
    // A bare country name still names the target.
    roles("Biden tightens Iran sanctions.", &["US"], &["IR"]);
}

#[test]
fn groups_of_states_leave_the_role_empty() {
    roles(
        "Western countries imposed sanctions on Russia after the invasion.",
        &[],
        &["RU"],
    );
    roles("The G-7 agreed a price cap on Russian oil.", &[], &["RU"]);
    // A group modifying the measure keeps a country named nearby from imposing it.
    let e = tag(
        "Russia said Western sanctions on its banks had failed.",
        "",
        "2025-06-02",
    );
    assert!(
        measures(&e, EventType::Sanction)
            .iter()
            .all(|m| !m.imposer.contains(&"RU".to_string())),
        "{e:#?}"
    );
    // "the West Bank" is a place, not "the West".
    roles(
        "Israel expanded settlements in the West Bank, and Canada sanctioned two Israeli ministers.",
        &["CA"],
        &["IL"],
    );
}

#[test]
fn plural_demonyms_and_more_officials() {
    roles(
        "The EU imposed sanctions on 10 Iranians over human rights abuses.",
        &["EU"],
        &["IR"],
    );
    roles(
        "Beijing announced sanctions on 10 Europeans.",
        &["CN"],
        &["EU"],
    );
    roles(
        "Petro said Colombia would impose tariffs on U.S. goods.",
        &["CO"],
        &["US"],
    );
    // Case-sensitive: the word "petro" names nobody.
    let e = tag(
        "The petro economy worried officials; Japan raised tariffs on U.S. beef.",
        "",
        "2025-06-02",
    );
    assert_eq!(only(&e).imposer, vec!["JP"], "{e:#?}");
}

/// Tags a one-sentence title and a body and returns the body's only measure's roles.
fn body_roles(body: &str) -> (Vec<String>, Vec<String>) {
    let e = tag("", body, "2025-06-02");
    let m = only(&e);
    (m.imposer.clone(), m.target.clone())
}

#[test]
fn the_country_refers_back() {
    assert_eq!(
        body_roles(
            "Iran tested a missile on Monday. The U.S. imposed new sanctions on the country on Tuesday."
        ),
        (vec!["US".to_string()], vec!["IR".to_string()])
    );
    assert_eq!(
        body_roles(
            "Russia invaded Ukraine. Britain froze the assets of the country's central bank."
        ),
        (vec!["GB".to_string()], vec!["RU".to_string()])
    );
    // In the same sentence, the country named before it.
    roles(
        "After North Korea fired a missile, Japan imposed sanctions on the country.",
        &["JP"],
        &["KP"],
    );
    // Nothing named before: the target stays empty rather than guessed.
    roles(
        "The U.S. imposed sanctions on the country's largest bank.",
        &["US"],
        &[],
    );
}

#[test]
fn freezing_assets_is_the_subjects_act() {
    roles(
        "Canada froze the assets of Russian oligarchs.",
        &["CA"],
        &["RU"],
    );
    roles(
        "The EU will freeze the assets of 20 Iranian officials.",
        &["EU"],
        &["IR"],
    );
}

#[test]
fn passive_hit_by_a_measure_and_measures_that_target() {
    roles(
        "Chinese exporters were hit by new EU anti-dumping duties.",
        &["EU"],
        &["CN"],
    );
    roles(
        "Russian oil firms were targeted by fresh British sanctions.",
        &["GB"],
        &["RU"],
    );
    roles(
        "The sanctions, imposed by Washington in March, target Iran's oil exports.",
        &["US"],
        &["IR"],
    );
    roles(
        "New U.S. sanctions hit Russia's largest oil producers.",
        &["US"],
        &["RU"],
    );
    // A subject hit by something other than the measure is not its target.
    roles(
        "Markets were hit by fears of new U.S. tariffs on China.",
        &["US"],
        &["CN"],
    );
}

#[test]
fn an_active_relief_verb_has_its_subject_before_it() {
    roles(
        "Seoul urged Washington to exempt Korean cars from tariffs.",
        &["US"],
        &["KR"],
    );
    roles(
        "The U.S. will exempt Canadian energy from the tariffs.",
        &["US"],
        &["CA"],
    );
    // Passive: the party before the cue is the one relieved.
    roles("Canada was exempted from the tariffs.", &[], &["CA"]);
}

#[test]
fn passive_subject_moved_on_or_off_a_list() {
    let (i, t) = body_roles(
        "The bloc's court ruled on Monday. Three Russian businessmen were removed from the EU's asset-freeze list.",
    );
    assert_eq!(i, vec!["EU"]);
    assert_eq!(t, vec!["RU"]);
    roles(
        "Two Chinese firms were added to the U.S. entity list.",
        &["US"],
        &["CN"],
    );
    // "was urged to impose": the complement is another verb; the urged party is no target.
    let e = tag(
        "The U.S. was urged to impose sanctions on Russia.",
        "",
        "2025-06-02",
    );
    assert!(
        measures(&e, EventType::Sanction)
            .iter()
            .all(|m| !m.target.contains(&"US".to_string())),
        "{e:#?}"
    );
}

/// Tags `body` (several sentences, empty headline) and checks the roles of its only event.
fn body_check(body: &str, imposer: &[&str], target: &[&str]) {
    let e = tag("", body, "2025-06-02");
    let m = only(&e);
    let mut got_i: Vec<&str> = m.imposer.iter().map(String::as_str).collect();
    let mut got_t: Vec<&str> = m.target.iter().map(String::as_str).collect();
    let (mut want_i, mut want_t) = (imposer.to_vec(), target.to_vec());
    got_i.sort_unstable();
    got_t.sort_unstable();
    want_i.sort_unstable();
    want_t.sort_unstable();
    assert_eq!((got_i, got_t), (want_i, want_t), "{body}");
}

#[test]
fn a_pronoun_not_opening_its_sentence_resolves_to_an_earlier_one() {
    body_check(
        "Trump met aides at the White House. On Monday, he ordered sanctions on Iran.",
        &["US"],
        &["IR"],
    );
    body_check(
        "Trump met aides at the White House. Late on Friday, they imposed tariffs on Chinese steel.",
        &["US"],
        &["CN"],
    );
}

#[test]
fn a_pronoun_speaker_after_a_comma_is_resolved() {
    body_check(
        "Carney spoke in Ottawa. Tariffs on U.S. steel, he said, will take effect on Friday.",
        &["CA"],
        &["US"],
    );
    body_check(
        "Carney spoke in Ottawa. Tariffs on U.S. steel will take effect on Friday, he said.",
        &["CA"],
        &["US"],
    );
}

#[test]
fn a_named_speaker_after_a_comma_ends_the_target_list() {
    roles(
        "Canada will impose tariffs on U.S. goods, Carney said, on Tuesday.",
        &["CA"],
        &["US"],
    );
    roles(
        "The EU will put duties on Chinese cars, von der Leyen said.",
        &["EU"],
        &["CN"],
    );
    // a list of countries still continues past the comma
    roles(
        "The U.S. imposed tariffs on Canada, Mexico and China.",
        &["US"],
        &["CA", "MX", "CN"],
    );
}

#[test]
fn a_later_targeting_phrase_names_the_targets() {
    roles(
        "Britain announced new sanctions on Monday, targeting Iran, Syria and Belarus.",
        &["GB"],
        &["IR", "SY", "BY"],
    );
    roles(
        "The U.S. imposed new tariffs on Friday, aimed at Canada and Mexico.",
        &["US"],
        &["CA", "MX"],
    );
    // no targeting phrase: no target
    roles(
        "Britain announced new sanctions on Monday, adding that talks would continue.",
        &["GB"],
        &[],
    );
}

#[test]
fn bodies_based_in_a_country_target_it_not_their_owner() {
    roles(
        "The U.S. imposed sanctions on three companies in Hong Kong.",
        &["US"],
        &["HK"],
    );
    roles(
        "The EU sanctioned refiners in India and Turkey.",
        &["EU"],
        &["IN", "TR"],
    );
    roles(
        "Washington sanctioned Iran's oil brokers in the United Arab Emirates.",
        &["US"],
        &["AE"],
    );
    // no home country named: the owner is the target
    roles(
        "Washington sanctioned Iran's oil brokers and tankers.",
        &["US"],
        &["IR"],
    );
    // a place inside a clause is no home country
    roles(
        "The U.S. imposed sanctions on banks that operate in Russia.",
        &["US"],
        &[],
    );
}

/// The tariff events of a one-sentence body as (rate, sorted targets).
fn rate_targets(text: &str) -> Vec<(Option<f64>, Vec<String>)> {
    let e = tag(text, "", "2025-06-02");
    let mut out: Vec<(Option<f64>, Vec<String>)> = measures(&e, EventType::Tariff)
        .iter()
        .map(|m| {
            let mut t = m.target.clone();
            t.sort_unstable();
            (m.rate_pct, t)
        })
        .collect();
    out.sort_by(|a, b| a.0.partial_cmp(&b.0).unwrap_or(std::cmp::Ordering::Equal));
    out
}

#[test]
fn each_rate_has_its_own_targets() {
    let v = |s: &[&str]| s.iter().map(|c| c.to_string()).collect::<Vec<_>>();
    assert_eq!(
        rate_targets("Trump imposed tariffs of 26% on India and 46% on Vietnam."),
        vec![(Some(26.0), v(&["IN"])), (Some(46.0), v(&["VN"]))]
    );
    assert_eq!(
        rate_targets("Trump set a 25% tariff on Japan and a 20% tariff on Vietnam."),
        vec![(Some(20.0), v(&["VN"])), (Some(25.0), v(&["JP"]))]
    );
    // goods first, then shared countries: both rates target them
    assert_eq!(
        rate_targets(
            "The U.S. will impose a 25% tariff on steel and a 10% tariff on aluminum on imports from Canada and Mexico."
        ),
        vec![(Some(10.0), v(&["CA", "MX"])), (Some(25.0), v(&["CA", "MX"]))]
    );
}

#[test]
fn the_destination_of_curbed_exports_is_the_target() {
    roles(
        "The U.S. unveiled sweeping curbs on chip exports to China.",
        &["US"],
        &["CN"],
    );
    roles(
        "Japan imposed new export curbs on shipments to Iran.",
        &["JP"],
        &["IR"],
    );
    // a place the goods pass through is no destination
    roles(
        "The U.S. imposed tariffs on steel shipped via Mexico.",
        &["US"],
        &[],
    );
}

#[test]
fn measures_on_each_other_run_both_ways() {
    let pairs = |text: &str| {
        let e = tag(text, "", "2025-06-02");
        let mut all = measures(&e, EventType::Sanction);
        all.extend(measures(&e, EventType::Tariff));
        let mut v: Vec<(Vec<String>, Vec<String>)> = all
            .iter()
            .map(|m| (m.imposer.clone(), m.target.clone()))
            .collect();
        v.sort();
        v
    };
    let s = |c: &str| vec![c.to_string()];
    assert_eq!(
        pairs("India and Pakistan imposed sanctions on each other."),
        vec![(s("IN"), s("PK")), (s("PK"), s("IN"))]
    );
    assert_eq!(
        pairs("Canada and China will impose tariffs on one another from Monday."),
        vec![(s("CA"), s("CN")), (s("CN"), s("CA"))]
    );
    // one imposer: no second event
    assert_eq!(
        pairs("India imposed sanctions on Pakistan."),
        vec![(s("IN"), s("PK"))]
    );
}

#[test]
fn the_party_permitted_to_act_imposes() {
    roles(
        "The WTO authorised the EU to impose tariffs on U.S. goods.",
        &["EU"],
        &["US"],
    );
    roles(
        "The World Trade Organization gave the United States the green light to impose tariffs on goods from the European Union.",
        &["US"],
        &["EU"],
    );
    roles(
        "The WTO allowed Brazil to impose tariffs on U.S. goods.",
        &["BR"],
        &["US"],
    );
    // no permission: the subject imposes
    roles(
        "The EU agreed to impose tariffs on U.S. goods.",
        &["EU"],
        &["US"],
    );
}

#[test]
fn a_serial_comma_keeps_the_list_of_targets() {
    roles(
        "The U.S. imposed tariffs on Canada, Mexico, and China.",
        &["US"],
        &["CA", "MX", "CN"],
    );
    roles(
        "The EU adopted sanctions targeting Iran, Syria, and Belarus.",
        &["EU"],
        &["IR", "SY", "BY"],
    );
    // a single comma before "and" may start a new clause
    roles(
        "The U.S. imposed sanctions on Iran, and China said it would respond.",
        &["US"],
        &["IR"],
    );
}
