//! Deadline forms of the fourth round: a date moved by a change verb with its object between,
//! "from next Monday", "the first of November", wind-down and grace periods, "in force until",
//! a second measure "following on" a date, effect dates kept by a measure named without an
//! action; and what is no limit: a wire dateline, a limit that passed, the date of an act on a
//! non-measure, a period that had already run, a private vague limit. Invented sentences only.

use crate::tagging::{deadlines, tag};

const DAY: &str = "2026-05-12"; // a Tuesday

/// The resolved dates of the item's deadlines, as ISO strings (`null` when undated).
fn dates_on(title: &str, body: &str, day: &str) -> Vec<String> {
    let e = tag(title, body, day);
    deadlines(&e)
        .iter()
        .map(|d| d.date.map_or("null".to_string(), |d| d.to_string()))
        .collect()
}

fn dates(title: &str, body: &str) -> Vec<String> {
    dates_on(title, body, DAY)
}

#[test]
fn a_date_moved_by_a_change_verb_with_its_object_between() {
    assert_eq!(
        dates(
            "India delays retaliatory duties on U.S. almonds and apples to June 16",
            ""
        ),
        vec!["2026-06-16"]
    );
    assert_eq!(
        dates(
            "",
            "The Commission said it would extend its pause on countermeasures against U.S. steel \
             duties until early August, to Aug. 6, to keep talking."
        ),
        vec!["2026-08-06"]
    );
    assert_eq!(
        dates(
            "",
            "Washington pushed the start of the chip export controls back to Monday, officials said."
        ),
        vec!["2026-05-18"]
    );
}

#[test]
fn a_change_verb_moving_no_measure_sets_no_limit() {
    assert!(dates(
        "",
        "Washington delayed the tariff talks with Ottawa to Monday."
    )
    .is_empty());
    assert_eq!(
        dates(
            "",
            "Washington delayed the tariffs on Mexican tomatoes to Monday."
        ),
        vec!["2026-05-18"]
    );
}

#[test]
fn to_a_date_without_a_change_verb_is_no_limit() {
    let found = dates(
        "",
        "Tariff talks between the two sides will run from June 2 to July 1 in Geneva.",
    );
    assert!(!found.contains(&"2026-07-01".to_string()), "{found:?}");
}

#[test]
fn from_next_monday_and_the_first_of_a_month() {
    assert_eq!(
        dates(
            "",
            "Japan will add nine Chinese firms to its end-user list, with the change applying \
             from next Monday."
        ),
        vec!["2026-05-18"]
    );
    assert_eq!(
        dates(
            "",
            "Border taxes of 50 per cent on Chinese goods will apply from the first of November, \
             the president said."
        ),
        vec!["2026-11-01"]
    );
    assert_eq!(
        dates_on(
            "",
            "Beijing will suspend extra duties on U.S. cars from the first day of January till \
             March 31.",
            "2026-11-20"
        ),
        vec!["2027-01-01", "2027-03-31"]
    );
}

#[test]
fn a_wire_dateline_dates_the_story_not_the_limit() {
    let found = dates(
        "",
        "WASHINGTON, July 28 - President Trump said he would shorten the deadline he gave Russia \
         to end the war.",
    );
    assert!(!found.contains(&"2026-07-28".to_string()), "{found:?}");
    assert!(dates(
        "",
        "LONDON, May 13 (Reuters) - Britain said it would impose sanctions on two Georgian officials."
    )
    .is_empty());
}

#[test]
fn a_limit_that_passed_is_over_one_that_stands_is_not() {
    assert!(dates(
        "",
        "The letters went out after the Aug. 1 deadline Trump had set for a deal passed without \
         agreement."
    )
    .is_empty());
    assert_eq!(
        dates(
            "",
            "The Aug. 1 deadline for a deal stands, the White House said on Monday, threatening \
             new tariffs."
        ),
        vec!["2026-08-01"]
    );
}

#[test]
fn an_act_participle_after_a_non_measure_dates_the_act() {
    assert!(dates(
        "",
        "India raised customs duties on toys to 70% in its annual budget introduced on Saturday."
    )
    .is_empty());
    assert_eq!(
        dates(
            "",
            "The export controls on gallium will be implemented on Dec. 1, the ministry said."
        ),
        vec!["2026-12-01"]
    );
}

#[test]
fn a_period_that_had_already_run_is_no_limit() {
    assert!(dates(
        "",
        "Tariffs on Chinese steel had already been suspended for four months in March."
    )
    .is_empty());
    assert_eq!(
        dates(
            "",
            "Washington suspended the tariffs on Chinese steel for four months."
        ),
        vec!["2026-09-12"]
    );
}

#[test]
fn a_vague_private_limit_is_no_deadline_a_state_one_is() {
    assert!(dates(
        "",
        "The founder of a robotics startup told staff they must ship the new app by the end of \
         the quarter."
    )
    .is_empty());
    assert_eq!(
        dates(
            "",
            "Iran must answer by the end of the week or face new sanctions, Washington said."
        ),
        vec!["null"]
    );
}

#[test]
fn wind_down_and_grace_periods() {
    assert_eq!(
        dates(
            "Washington bans Iranian oil imports",
            "Under the order, existing contracts may be wound down over 30 days."
        ),
        vec!["2026-06-11"]
    );
    assert_eq!(
        dates(
            "Brussels adopts curbs on Minsk",
            "Firms will get grace periods of 60 days for existing contracts."
        ),
        vec!["2026-07-11"]
    );
    assert!(dates(
        "Washington bans Iranian oil imports",
        "The new customs portal will be rolled out over 30 days."
    )
    .is_empty());
}

#[test]
fn a_measure_named_without_an_action_keeps_the_items_effect_date() {
    assert_eq!(
        dates(
            "Trump okays import levies on solar panels",
            "The measures come into force June 7, the trade office said."
        ),
        vec!["2026-06-07"]
    );
    assert!(dates(
        "City council approves new bike lanes",
        "The new rules come into force June 7, the mayor said."
    )
    .is_empty());
}

#[test]
fn in_force_until_is_the_expiry_of_a_measure() {
    assert_eq!(
        dates(
            "",
            "The Serbian anti-dumping duties on Chinese steel will remain in force until March 31, 2027."
        ),
        vec!["2027-03-31"]
    );
    assert!(dates(
        "",
        "The ceasefire between the two groups will remain in force until Friday."
    )
    .is_empty());
}

#[test]
fn a_second_measure_following_on_a_date() {
    assert_eq!(
        dates(
            "",
            "Washington announced a 25% tariff on cars from June 3, with duties on parts following \
             on July 3."
        ),
        vec!["2026-06-03", "2026-07-03"]
    );
    assert_eq!(
        dates(
            "",
            "The U.S. tariffs start on June 3, with talks in Geneva following on July 3."
        ),
        vec!["2026-06-03"]
    );
}

#[test]
fn a_span_before_a_cut_off_is_its_length() {
    assert_eq!(
        dates(
            "",
            "Trump gave Moscow a 50-day cut-off date to agree a truce or face secondary tariffs."
        ),
        vec!["2026-07-01"]
    );
}

#[test]
fn tax_beside_a_state_measure_is_no_filing_reminder() {
    assert_eq!(
        dates(
            "",
            "Beijing will put a retaliatory tax on U.S. pork from Sept. 24."
        ),
        vec!["2026-09-24"]
    );
    assert!(dates(
        "",
        "Households must file their taxes by April 15, the revenue agency reminded."
    )
    .is_empty());
}

#[test]
fn a_private_ultimatum_needs_a_measure_in_the_item() {
    assert!(dates(
        "",
        "The carmaker's founder gave engineers an ultimatum: deliver the prototype by Friday or leave."
    )
    .is_empty());
    assert_eq!(
        dates(
            "Washington threatens new sanctions on Caracas",
            "The government must free the prisoners by Friday or face the consequences."
        ),
        vec!["2026-05-15"]
    );
}

#[test]
fn existing_contracts_run_until_a_wind_down_date_the_signing_date_says_which() {
    assert_eq!(
        dates(
            "EU bans Belarusian potash imports",
            "Contracts concluded before Friday may still be executed until Sept. 30, the \
             official journal said."
        ),
        vec!["2026-09-30"]
    );
    assert!(dates(
        "EU bans Belarusian potash imports",
        "Contracts signed before Friday were the focus of the trade fair."
    )
    .is_empty());
}
