//! Deadline detection and date resolution on invented sentences: the date grammar (number
//! words, weekdays with dates, spans counted from a stated date), the deadline/effect split,
//! and look-alikes that must not become deadlines.

use crate::tagging::{deadlines, tag};

/// The resolved dates of the item's deadlines, as ISO strings (`null` when undated).
fn dates(title: &str, body: &str, date: &str) -> Vec<String> {
    let e = tag(title, body, date);
    deadlines(&e)
        .iter()
        .map(|d| d.date.map_or("null".to_string(), |d| d.to_string()))
        .collect()
}

#[test]
fn hyphenated_number_word_span() {
    assert_eq!(
        dates(
            "",
            "The ministry gave importers forty-five days to comply with the new anti-dumping duties.",
            "2024-02-05",
        ),
        vec!["2024-03-21"]
    );
}

#[test]
fn span_counted_from_the_day_of_the_act() {
    // Published Thursday 2026-03-05; the act is dated two days earlier.
    assert_eq!(
        dates(
            "",
            "The tariffs on imported trucks, signed into law on Tuesday, March 3, take effect in 30 days.",
            "2026-03-05",
        ),
        vec!["2026-04-02"]
    );
}

#[test]
fn look_alike_measure_gives_no_policy_context() {
    assert!(dates(
        "",
        "Telecom operator Voxa raises mobile tariffs by 12%, effective March 1.",
        "2026-02-10",
    )
    .is_empty());
}

#[test]
fn term_of_a_measure_is_not_a_deadline_unless_eased() {
    assert!(dates(
        "",
        "Brussels imposed anti-dumping duties on Chinese bicycles for five years.",
        "2026-02-10",
    )
    .is_empty());
    assert_eq!(
        dates(
            "",
            "The two governments agreed to suspend their retaliatory duties for five years.",
            "2026-02-10",
        ),
        vec!["2031-02-10"]
    );
}

#[test]
fn replaced_date_is_not_live() {
    assert_eq!(
        dates(
            "",
            "The Treasury moved the deadline for the refinery's sale of its sanctioned assets to June 30 from May 1.",
            "2026-04-20",
        ),
        vec!["2026-06-30"]
    );
    assert_eq!(
        dates(
            "",
            "Washington delayed the tariffs on Brazilian coffee from March 1 until April 15.",
            "2026-02-20",
        ),
        vec!["2026-04-15"]
    );
}

#[test]
fn dates_joined_by_and() {
    assert_eq!(
        dates(
            "",
            "Beijing will impose the levies on U.S. farm goods in two stages beginning Oct. 1 and Nov. 15.",
            "2026-09-20",
        ),
        vec!["2026-10-01", "2026-11-15"]
    );
}

#[test]
fn limit_noun_period_with_a_measure_in_the_item() {
    let body = "The United States eased sanctions on Venezuela's oil sector. \
                Treasury issued a six-month license for the state oil company.";
    assert_eq!(dates("", body, "2026-02-10"), vec!["2026-08-10"]);
    let over = "The United States imposed sanctions on Venezuela's oil sector. \
                A 60-day wind-down granted to the refiners ended without a deal.";
    assert!(dates("", over, "2026-02-10").is_empty());
}

#[test]
fn term_with_an_exemption_after_it_is_still_a_term() {
    assert_eq!(
        dates(
            "",
            "Ottawa will impose duties on imported steel wire for five years starting on Monday, but small mills will be exempt.",
            "2026-03-05",
        ),
        vec!["2026-03-09"]
    );
}

#[test]
fn abandoned_plans_are_not_live() {
    let body = "The 30% tariff on Thai rice was due to take effect on Aug. 1 without a deal.";
    assert!(dates("", body, "2026-07-20").is_empty());
    let body =
        "The levy on Swiss watches, which the president had threatened to impose from June 1, \
                will now be held off until July 9.";
    assert_eq!(dates("", body, "2026-05-25"), vec!["2026-07-09"]);
}

#[test]
fn further_limits_in_one_sentence() {
    // A measure's period after its start date; 2025-03-05 is a Wednesday.
    assert_eq!(
        dates(
            "",
            "The provisional duty on Korean steel takes effect on Friday and will apply for 120 days.",
            "2025-03-05",
        ),
        vec!["2025-03-07", "2025-07-03"]
    );
    // A step of a rate schedule.
    assert_eq!(
        dates(
            "",
            "The United States will impose a 10% tariff on Danish goods from Feb. 1, rising to 25% on June 1.",
            "2026-01-17",
        ),
        vec!["2026-02-01", "2026-06-01"]
    );
    // A date right after a second effect word ("starts Tuesday"); 2025-02-03 is a Monday.
    assert_eq!(
        dates(
            "Trump pauses Canada tariffs for 30 days; China levy starts Tuesday",
            "",
            "2025-02-03",
        ),
        vec!["2025-03-05", "2025-02-04"]
    );
}

#[test]
fn effect_wordings() {
    assert_eq!(
        dates(
            "Washington cuts tariff on Japanese trucks to 10%, backdated to Nov. 1",
            "",
            "2025-11-12",
        ),
        vec!["2025-11-01"]
    );
    // 2025-09-28 is a Sunday.
    assert_eq!(
        dates(
            "",
            "United Nations sanctions on Iran came back into force on Sunday.",
            "2025-09-28",
        ),
        vec!["2025-09-28"]
    );
    assert_eq!(
        dates(
            "",
            "The country's tariff waiver for garment imports lapses on March 31.",
            "2026-03-10",
        ),
        vec!["2026-03-31"]
    );
    // "immediately" states no day (detect7: the annotators of the newer batches agree).
    assert!(dates(
        "",
        "The ministry said the export ban on rare earths takes effect immediately.",
        "2026-03-10",
    )
    .is_empty());
}

#[test]
fn look_alikes() {
    for (title, body) in [
        (
            "",
            "The judge gave the lawyers 14 days to pay the sanctions he imposed.",
        ),
        (
            "",
            "Negotiators were racing against the clock to finish the tariff text by Friday.",
        ),
        (
            "",
            "Amateur photographers have until the end of the month to enter the awards.",
        ),
        (
            "",
            "Voters have until Oct. 7 to register for the provincial election.",
        ),
        (
            "",
            "Chinese exports to the U.S. fell for a month after the tariffs were imposed.",
        ),
        ("", "Talks on the sanctions have dragged on for a week."),
        ("", "Tariff talks between the two sides end on Friday."),
        (
            "",
            "Tariff revenue for the quarter ending Sept. 30 rose by a third.",
        ),
        (
            "",
            "Customs revenue from the tariffs could climb to $50 billion, analysts said on Friday.",
        ),
        (
            "",
            "The president's Asia trip ends on Thursday, with tariffs high on the agenda.",
        ),
        (
            "",
            "Students have 30 days to appeal the college's academic sanctions.",
        ),
        (
            "",
            "Shareholders have until March 15 to tender their shares to the buyer.",
        ),
        (
            "",
            "The boxer must make weight by Friday or face sanctions from the board.",
        ),
    ] {
        assert!(dates(title, body, "2026-03-10").is_empty(), "{body}");
    }
}

#[test]
fn effect_without_a_day_is_an_undated_deadline() {
    assert_eq!(
        dates(
            "",
            "The trade ministry said the anti-dumping duties on Chinese steel sheet will take effect next month.",
            "2026-03-19",
        ),
        vec!["null"]
    );
    // Not when the vague time belongs to something else.
    assert!(dates(
        "",
        "Shipping lines said tariffs took effect as bookings fell, and expect a surge in the coming weeks.",
        "2026-03-19",
    )
    .is_empty());
}

#[test]
fn day_before_month_after_a_limit_word() {
    assert_eq!(
        dates(
            "",
            "Banks must wind down their dealings with the sanctioned lender by 1 August.",
            "2026-06-10",
        ),
        vec!["2026-08-01"]
    );
    // A time of day is not the date.
    assert!(dates(
        "",
        "Delegates must submit the sanctions report by 1 p.m. at the ministry.",
        "2026-06-10",
    )
    .is_empty());
}

#[test]
fn limit_whose_nearest_occurrence_is_long_past_is_next_years() {
    // Nearest "March 1" to 2025-05-10 is ten weeks back; a limit means the next one.
    assert_eq!(
        dates(
            "",
            "Importers must register for the new tariff quotas by March 1 or face penalties.",
            "2025-05-10",
        ),
        vec!["2026-03-01"]
    );
}

#[test]
fn more_effect_and_span_wordings() {
    let reference = "2026-03-04";
    let cases = [
        (
            "The 90-day reprieve on steel tariffs ends on June 2.",
            "2026-06-02",
        ),
        (
            "Refiners get a longer wind-down period ending Nov. 4 under the oil sanctions.",
            "2026-11-04",
        ),
        (
            "The duty on imported washing machines will rise to 40% on April 1.",
            "2026-04-01",
        ),
        // Nearest "Jan. 1" is two months back; a future-tense clause means the next one.
        (
            "The duty on imported dryers will rise to 40% on Jan. 1.",
            "2027-01-01",
        ),
        (
            "The 25% tariff will apply to cars imported on or after April 3.",
            "2026-04-03",
        ),
        (
            "The levies on Vietnamese shrimp will be raised in a week, officials said.",
            "2026-03-11",
        ),
        (
            "The retaliatory duties will come into effect in mid-April.",
            "null",
        ),
    ];
    for (body, want) in cases {
        assert_eq!(dates("", body, reference), vec![want], "{body}");
    }
}

#[test]
fn weekday_before_a_past_tense_verb_is_the_day_of_the_act() {
    // Published Sunday; "on Friday extended" is two days back, not the next Friday.
    assert_eq!(
        dates(
            "",
            "Trump on Friday extended the deadline for tariffs on Canadian lumber.",
            "2026-03-08",
        ),
        vec!["null"]
    );
}

#[test]
fn an_earlier_announcement_of_a_standing_plan_is_live() {
    assert_eq!(
        dates(
            "",
            "The White House had announced it would impose the tariffs on Brazilian beef from Aug. 1.",
            "2026-07-20",
        ),
        vec!["2026-08-01"]
    );
}

#[test]
fn two_limits_of_one_ultimatum_sentence_both_count() {
    assert_eq!(
        dates(
            "",
            "Under the sanctions, buyers must wind down crude contracts within six months and fuel contracts within eight months.",
            "2026-03-04",
        ),
        vec!["2026-09-04", "2026-11-04"]
    );
}

#[test]
fn past_effect_on_a_weekday_is_the_latest_such_day() {
    // Published Saturday 2025-08-09.
    assert_eq!(
        dates(
            "",
            "The EU's retaliatory duties on U.S. whiskey took effect on Friday.",
            "2025-08-09",
        ),
        vec!["2025-08-08"]
    );
}

#[test]
fn deadline_of_a_day_whose_nearest_occurrence_is_long_past() {
    assert_eq!(
        dates(
            "",
            "Brussels set a cut-off date of Sept. 30 for member states to end Russian gas imports under the sanctions package.",
            "2026-03-04",
        ),
        vec!["2026-09-30"]
    );
}

#[test]
fn ultimatums_to_different_parties_stay_distinct() {
    // Two ultimatums in two sentences, each with its own party and date: two events.
    let got = dates(
        "EU issues sanctions ultimatums to Serbia and Montenegro",
        "The European Union on Monday gave Serbia 30 days to align with its sanctions on \
         Russia or face a freeze of accession funds. Separately, Brussels told Montenegro it \
         had until March 31 to close its ports to sanctioned tankers or face penalties.",
        "2027-01-11",
    );
    assert!(got.contains(&"2027-02-10".to_string()), "{got:?}");
    assert!(got.contains(&"2027-03-31".to_string()), "{got:?}");
}

#[test]
fn title_span_gives_way_to_the_body_span_from_a_stated_day() {
    // The title counts 60 days from publication (Wed May 12); the body counts them from the
    // day of the act it states (Monday, May 10): one limit, the body's date.
    let got = dates(
        "Brussels gives Belgrade 60 days to adopt sanctions or lose funds",
        "The European Commission on Monday, May 10, gave Serbia 60 days to align with EU \
         sanctions on Russia or lose access to pre-accession funds.",
        "2027-05-12",
    );
    assert_eq!(got, vec!["2027-07-09"]);
}

#[test]
fn span_of_an_act_dated_in_an_earlier_year_is_not_live() {
    // The 24 months ran from the 2017 resolution, not from the publication day.
    let got = dates(
        "",
        "Countries hosting the workers must send them home by Dec. 22 under UN sanctions. \
         The resolution, adopted in December 2017, gave member states 24 months to \
         repatriate the workers.",
        "2019-12-10",
    );
    assert_eq!(got, vec!["2019-12-22"]);
}

#[test]
fn backshifted_history_of_an_ultimatum_collapses_into_it() {
    // Published Tuesday 2027-04-06: the live limit is Friday; "had 60 days" and "had only
    // two weeks" report what was said earlier, not new limits counted from today.
    let got = dates(
        "",
        "Iran faces a U.S. deadline on Friday to resume inspections or face new sanctions. \
         In February the president warned that Iran had 60 days to comply or face sanctions. \
         He then shortened the ultimatum, saying Iran had only two weeks to comply.",
        "2027-04-06",
    );
    assert_eq!(got, vec!["2027-04-09"]);
}

#[test]
fn weekday_after_a_time_and_time_zone_reaches_its_trigger() {
    // "a.m." before a capitalised time zone does not end the sentence.
    let got = dates(
        "",
        "The new U.S. tariffs on Brazilian coffee take effect at 12:01 a.m. EDT on Thursday, \
         the trade office said.",
        "2027-06-07",
    );
    assert_eq!(got, vec!["2027-06-10"]);
}

#[test]
fn immediate_effect_needs_no_other_date_word_nearby() {
    // "immediately" alone dates the effect (the reference day), in a sentence of its own
    // with no other date word.
    let got = dates(
        "",
        "Indonesia imposed an export levy on palm oil shipments to India. The decree takes \
         effect immediately, the trade ministry said.",
        "2027-02-03",
    );
    // detect7: "immediately" states no day of its own, so no deadline.
    assert!(got.is_empty());
}

#[test]
fn obligation_put_on_a_party_makes_a_span_a_limit() {
    // No measure word and no state actor in the sentence: the obligation is the context.
    assert_eq!(
        dates(
            "",
            "Officials said the two shipping firms should pay the penalties, set at twice the \
             value of the cargo, inside 15 days.",
            "2027-05-10",
        ),
        vec!["2027-05-25"]
    );
    assert_eq!(
        dates(
            "",
            "The firm's envoy was requested to answer inside 36 hours.",
            "2027-05-10"
        ),
        vec!["2027-05-12"]
    );
    // A forecast with "should" is no obligation.
    assert!(dates(
        "",
        "Analysts said freight prices should ease within two weeks as supply recovers.",
        "2027-05-10",
    )
    .is_empty());
}

#[test]
fn title_effect_date_with_the_measure_named_only_in_the_body() {
    // Published Monday 2027-09-27: the title's "expires Thursday" has no measure of its own;
    // the body names the tariffs. Without any measure in the item it is no deadline.
    let title = "Kenyan garment makers brace as trade preference scheme expires Thursday";
    assert_eq!(
        dates(
            title,
            "Without the scheme, Kenyan apparel will face U.S. tariffs of up to 32%, the \
             exporters' association said, after Washington imposed the duties on other \
             suppliers last year.",
            "2027-09-27",
        ),
        vec!["2027-09-30"]
    );
    assert!(dates(
        title,
        "Factories in Nairobi have started cutting shifts, the association said.",
        "2027-09-27"
    )
    .is_empty());
}

#[test]
fn gapped_effect_clause_dates_its_own_measure() {
    // "… take effect March 1 and the levy … on March 20": the elided verb is "take
    // effect" again, its subject a second measure.
    assert_eq!(
        dates(
            "",
            "Brazil said its duty on U.S. ethanol would take effect March 1 and the levy \
             on American wheat on March 20.",
            "2027-02-15",
        ),
        vec!["2027-03-01", "2027-03-20"]
    );
    // No measure in the second clause: not an effect date.
    assert_eq!(
        dates(
            "",
            "Brazil said its duty on U.S. ethanol would take effect March 1 and talks would \
             resume on March 20.",
            "2027-02-15",
        ),
        vec!["2027-03-01"]
    );
}

#[test]
fn more_verbs_of_taking_effect_and_expiring() {
    // Published Wednesday 2027-03-03.
    for (body, want) in [
        (
            "Beijing's retaliatory duties on U.S. soybeans go into force on March 10.",
            "2027-03-10",
        ),
        (
            "The 90-day pause on reciprocal tariffs runs out on March 28.",
            "2027-03-28",
        ),
        (
            "Sanctions on Iranian oil snap back at the end of the month.",
            "2027-03-31",
        ),
        (
            "The reciprocal tariffs resume on March 12 unless the truce is extended.",
            "2027-03-12",
        ),
        (
            "The levy on imported steel will be implemented from 1 April.",
            "2027-04-01",
        ),
        (
            "The U.S. extended the tariff exemption for Mexican trucks through March 31.",
            "2027-03-31",
        ),
    ] {
        assert_eq!(dates("", body, "2027-03-03"), vec![want], "{body}");
    }
    // What resumes or runs out must be a measure or a limit.
    for body in [
        "Talks on the tariffs resume on March 12 in Geneva.",
        "The warranty on the trucks runs out on March 28.",
    ] {
        assert!(dates("", body, "2027-03-03").is_empty(), "{body}");
    }
}

#[test]
fn what_ends_is_the_head_of_the_subject() {
    for body in [
        "The truce on tariffs between the U.S. and China ends on Nov. 10.",
        "The wind-down period for deals with the sanctioned bank ends on Nov. 10.",
        "The tariff truce ends Wednesday, Nov. 10.",
    ] {
        assert_eq!(dates("", body, "2027-10-20"), vec!["2027-11-10"], "{body}");
    }
    assert!(dates(
        "",
        "The talks on tariffs between the U.S. and China end on Nov. 10.",
        "2027-10-20"
    )
    .is_empty());
}

#[test]
fn paraphrased_copy_stand_ins() {
    // Article spinners write "take impact", "come into drive", "efficient instantly", "the
    // tip of the yr", "subsequent Monday", "earlier than" for the usual wording.
    for (body, want) in [
        (
            "The brand new tariffs on Canadian items will come into drive subsequent Monday.",
            "2027-03-08",
        ),
        (
            "Russia should settle for the ceasefire by the tip of the month or face more durable \
             penalties, Trump mentioned.",
            "2027-03-31",
        ),
        (
            "The duties on Chinese language metal will take impact earlier than Friday, the \
             ministry mentioned.",
            "2027-03-05",
        ),
    ] {
        assert_eq!(dates("", body, "2027-03-03"), vec![want], "{body}");
    }
    // "on top of" is no end of a period.
    assert!(dates(
        "",
        "Shares rose on top of the year's gains as steel tariffs were debated.",
        "2027-03-03"
    )
    .is_empty());
}

#[test]
fn date_shapes_of_wire_copy() {
    for (body, reference, want) in [
        // "end-June": the month's last day
        (
            "The tariffs on Turkish steel will take effect end-June, officials said.",
            "2027-06-05",
            "2027-06-30",
        ),
        // a weekday with the written-out day, no comma
        (
            "The tariffs on Chinese solar panels take effect on Friday 6 August.",
            "2027-07-20",
            "2027-08-06",
        ),
        // "one week to answer": a limit like "50 days to"
        (
            "Iran was given one week to answer the proposal or face UN sanctions.",
            "2027-03-03",
            "2027-03-10",
        ),
        // "no later than" a day long past means next year's
        (
            "Importers must file the forms no later than Jan. 15 to avoid the anti-dumping duties.",
            "2027-11-20",
            "2028-01-15",
        ),
    ] {
        assert_eq!(dates("", body, reference), vec![want], "{body}");
    }
    // A period a measure is spread over is no limit: only the start date is.
    assert_eq!(
        dates(
            "",
            "The tariffs will be phased in over six months starting Jan. 1.",
            "2026-12-15"
        ),
        vec!["2027-01-01"]
    );
}

#[test]
fn ultimatum_with_a_vague_limit_is_an_undated_deadline() {
    assert_eq!(
        dates(
            "",
            "Tehran must respond to the demands by the end of the week or face renewed sanctions.",
            "2027-03-03"
        ),
        vec!["null"]
    );
    // Without an ultimatum cue a vague "by the end of the week" is no deadline.
    assert!(dates(
        "",
        "Steel prices could climb by the end of the week as the tariffs bite.",
        "2027-03-03"
    )
    .is_empty());
}

#[test]
fn obligations_outside_policy_are_not_deadlines() {
    // A date that belongs to a look-alike limit right after it.
    for body in [
        "The Bucks must decide by Thursday's trade deadline whether to move the forward.",
        "Players have until Friday's transfer deadline to agree terms, the club said.",
    ] {
        assert!(dates("", body, "2027-03-03").is_empty(), "{body}");
    }
    // The same cue with a state party is an ultimatum.
    assert_eq!(
        dates(
            "",
            "Serbia has until Friday to align with the EU's sanctions.",
            "2027-03-03"
        ),
        vec!["2027-03-05"]
    );
}

#[test]
fn typos_in_effect_words() {
    for body in [
        "Sanctions on Venezuela's state oil company take efect on Friday.",
        "US TARIFS ON CHINESE EVS TAKE EFFCT FRIDAY",
        "The tariff hike becomes efective on Friday.",
    ] {
        assert_eq!(dates("", body, "2027-03-03"), vec!["2027-03-05"], "{body}");
    }
}

#[test]
fn comment_period_on_a_measure() {
    assert_eq!(
        dates(
            "",
            "The White House opened a 30-day comment period on the proposed tariffs on drones.",
            "2027-03-03"
        ),
        vec!["2027-04-02"]
    );
    // A political transition is no limit.
    assert!(dates(
        "",
        "ECOWAS lifted sanctions on Mali after the junta proposed a 24-month transition.",
        "2027-03-03"
    )
    .is_empty());
}

#[test]
fn moved_closing_and_expiring_limits() {
    // Published Tuesday 2027-07-20.
    for (body, want) in [
        (
            "The tariffs on Mexican tomatoes were postponed to Aug. 1 to allow more talks.",
            "2027-08-01",
        ),
        (
            "Upon expiration of the truce on Aug. 12, the tariffs would rise to 145%.",
            "2027-08-12",
        ),
        (
            "The window for a deal closes on Friday, after which the tariffs will double.",
            "2027-07-23",
        ),
        (
            "The sanctions on the refinery will apply from midnight on Sunday.",
            "2027-07-25",
        ),
    ] {
        assert_eq!(dates("", body, "2027-07-20"), vec![want], "{body}");
    }
    for body in [
        "The EU summit closes on Friday with leaders divided over sanctions on Russia.",
        "The concert was postponed to Aug. 1.",
        "The expiration date on the sanctioned firm's milk cartons was Aug. 12.",
    ] {
        assert!(dates("", body, "2027-07-20").is_empty(), "{body}");
    }
}

#[test]
fn trade_deadline_of_a_trade_deal_is_not_the_sports_one() {
    assert_eq!(
        dates(
            "",
            "Japan races to meet Trump's Aug. 1 trade deadline to avoid 25% tariffs.",
            "2027-07-20"
        ),
        vec!["2027-08-01"]
    );
    for body in [
        "The Bucks must decide by Thursday's trade deadline whether to move the forward.",
        "Washington's hockey club traded its backup goalie before the trade deadline on Monday.",
    ] {
        assert!(dates("", body, "2027-07-20").is_empty(), "{body}");
    }
}

#[test]
fn a_limit_that_passed_on_a_weekday_is_the_latest_such_day() {
    // Published Wednesday 2027-03-03: "passed on Friday" is last Friday, not the next one.
    let got = dates(
        "",
        "Trump's deadline for new tariffs on Canada passed on Friday without a deal.",
        "2027-03-03",
    );
    assert!(!got.contains(&"2027-03-05".to_string()), "{got:?}");
}

#[test]
fn title_case_headline_deadline_is_no_publication() {
    // Published Wednesday 2027-09-01.
    for (title, want) in [
        (
            "Trump Sets Friday Deadline for Russia to Agree Ceasefire",
            "2027-09-03",
        ),
        (
            "U.S. Extends Deadline for Sale of Sanctioned Refinery to Sept. 17",
            "2027-09-17",
        ),
    ] {
        assert_eq!(dates(title, "", "2027-09-01"), vec![want], "{title}");
    }
    // In a mixed-case sentence the capitalised word is still the publication.
    assert!(dates(
        "",
        "The director said in an interview with Deadline that Western sanctions on Russia had \
         halted filming.",
        "2027-03-03"
    )
    .is_empty());
}

#[test]
fn limits_whose_measure_an_earlier_sentence_names() {
    // Published Wednesday 2027-03-03.
    for (body, want) in [
        (
            "Washington warned Moscow on Tuesday that it would impose new sanctions on its oil \
             sector. The deadline is Friday, officials said.",
            "2027-03-05",
        ),
        (
            "The U.S. set new tariffs on Brazilian beef. Negotiators now have three weeks to \
             find a compromise.",
            "2027-03-24",
        ),
        (
            "The EU imposed new tariffs on Russian fertiliser. Importers got 10 days to cancel \
             their orders.",
            "2027-03-13",
        ),
    ] {
        assert_eq!(dates("", body, "2027-03-03"), vec![want], "{body}");
    }
    // No measure anywhere in the item.
    for body in [
        "The school board met on Tuesday. The deadline for applications is Friday.",
        "The students now have three weeks to finish their essays.",
    ] {
        assert!(dates("", body, "2027-03-03").is_empty(), "{body}");
    }
}

#[test]
fn effect_from_a_month_is_an_undated_deadline() {
    assert_eq!(
        dates(
            "",
            "The EU adopted new sanctions on Russia. A ban on Russian LNG will take effect from \
             January 2028.",
            "2027-03-03"
        ),
        vec!["null"]
    );
}

#[test]
fn new_effect_words_in_their_other_senses() {
    // Published Wednesday 2027-03-03: a measure is in every sentence, none sets a limit.
    for body in [
        "Exporters hit by U.S. tariffs are running out of cash, with some set to close on Friday.",
        "Shares in steelmakers snapped back on Monday after the tariffs were announced.",
        "The ministry said tariff revenue through Feb. 28 reached $20 billion.",
        "The sanctions hearing was postponed to Friday.",
    ] {
        assert!(dates("", body, "2027-03-03").is_empty(), "{body}");
    }
    // The same words setting a limit.
    for (body, want) in [
        (
            "The tariff exemption for Mexican trucks will remain in place through March 31.",
            "2027-03-31",
        ),
        (
            "The tariffs on Mexican tomatoes were postponed to Friday.",
            "2027-03-05",
        ),
        (
            "The sanctions on the bank snap back on Friday.",
            "2027-03-05",
        ),
    ] {
        assert_eq!(dates("", body, "2027-03-03"), vec![want], "{body}");
    }
}

#[test]
fn holding_a_limit_needs_a_state_party_or_a_measure() {
    // Published Wednesday 2027-03-03.
    for body in [
        "Fans have until Friday to buy tickets for the final.",
        "Taxpayers have until April 15 to file their returns.",
        "Doctors say patients have 48 hours to seek treatment after a stroke.",
        "The farmers now have three weeks to finish the harvest.",
    ] {
        assert!(dates("", body, "2027-03-03").is_empty(), "{body}");
    }
    for (body, want) in [
        (
            "Serbia now has three weeks to align with the bloc's foreign policy.",
            "2027-03-24",
        ),
        (
            "Apple has until Friday to respond to the European Commission's charges.",
            "2027-03-05",
        ),
    ] {
        assert_eq!(dates("", body, "2027-03-03"), vec![want], "{body}");
    }
}

#[test]
fn ultimatum_by_part_of_a_month_is_undated() {
    assert_eq!(
        dates(
            "",
            "India must agree by mid-March or face the higher tariffs, U.S. officials said.",
            "2027-02-10"
        ),
        vec!["null"]
    );
    // A forecast or a past change by part of a month is no limit.
    for body in [
        "Steel prices could climb by mid-March as the tariffs bite.",
        "The tariffs had pushed prices up 5% by late January.",
    ] {
        assert!(dates("", body, "2027-02-10").is_empty(), "{body}");
    }
}

#[test]
fn negated_condition_of_an_ultimatum_keeps_the_limit() {
    // Published Wednesday 2027-03-03.
    for (body, want) in [
        (
            "The sanctions will be reimposed if Iran does not comply within a month.",
            "2027-04-03",
        ),
        (
            "Tariffs on Mexican steel will double unless no deal is reached by Friday, the \
             White House said.",
            "2027-03-05",
        ),
    ] {
        assert_eq!(dates("", body, "2027-03-03"), vec![want], "{body}");
    }
    // A plain negation still denies the limit.
    assert!(dates(
        "",
        "The White House said the tariffs on Mexican steel would not take effect on Friday.",
        "2027-03-03"
    )
    .is_empty());
}

#[test]
fn horizon_of_a_forecast_is_no_limit() {
    for body in [
        "Analysts expect the tariffs to weigh on growth within two years.",
        "Economists said the sanctions would shrink Russia's output by 3% in the next 18 months.",
        "The tariffs are forecast to cut exports by a fifth within 12 months.",
    ] {
        assert!(dates("", body, "2027-03-03").is_empty(), "{body}");
    }
    // An obligation or an effect in the same sentence is still a limit.
    for (body, want) in [
        (
            "Analysts expect Washington to give Moscow 30 days to comply with the sanctions.",
            "2027-04-02",
        ),
        (
            "Analysts expect the tariffs to take effect within two weeks.",
            "2027-03-17",
        ),
    ] {
        assert_eq!(dates("", body, "2027-03-03"), vec![want], "{body}");
    }
}

#[test]
fn limits_with_a_time_of_day_or_a_floor() {
    // Published Wednesday 2027-03-03.
    for (body, want) in [
        (
            "Ukraine must sign the minerals deal by close of business on Friday or lose U.S. \
             support.",
            "2027-03-05",
        ),
        (
            "The EU gave Minsk until midnight on Friday to free the prisoners or face sanctions.",
            "2027-03-05",
        ),
        (
            "Britain said the sanctions would remain in force until at least Dec. 31.",
            "2027-12-31",
        ),
        (
            "The EU's sanctions against Russia will be up for renewal on July 31.",
            "2027-07-31",
        ),
    ] {
        assert_eq!(dates("", body, "2027-03-03"), vec![want], "{body}");
    }
    // No measure, no party: a shop's hours.
    assert!(dates(
        "",
        "The shop stays open until midnight on Friday for the sale.",
        "2027-03-03"
    )
    .is_empty());
}

#[test]
fn paraphrased_effective_and_into_force() {
    for (body, want) in [
        (
            "The brand new 15% levies on Japanese automobiles are efficient Aug. 1, the White \
             Home mentioned.",
            "2027-08-01",
        ),
        (
            "The tariffs on Canadian lumber will go into drive on Friday, the commerce ministry \
             mentioned.",
            "2027-07-23",
        ),
        (
            "The export ban on Chinese graphite will come into impact on Friday.",
            "2027-07-23",
        ),
    ] {
        assert_eq!(dates("", body, "2027-07-20"), vec![want], "{body}");
    }
    // "efficient" in its own sense, with no date right after it.
    assert!(dates(
        "",
        "Efficient steel mills in Vietnam shrugged off the tariffs imposed on Aug. 1 last year.",
        "2027-07-20"
    )
    .is_empty());
}
