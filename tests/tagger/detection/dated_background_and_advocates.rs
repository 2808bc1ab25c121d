//! Detection of the seventh round: background dated by a month long past ("in October
//! 2006", "in March 2022" read in late 2023) or "N years ago" in the trigger's clause, a
//! measure denied by a bare "no" ("imposes no tariff"), calls by non-state advocates ("rights
//! groups urge …"), a year naming an accord a word or two before its noun ("the 2015 nuclear
//! deal"), the approval of a film or a friendly match; deadlines: "immediately" states no
//! day, and "the first … in five years" counts back, not ahead. Invented sentences only.

use super::background_uses::{all_fire, dates, none_fire};

use newstag::tagger::EventType;

#[test]
fn a_month_long_past_dates_the_measure() {
    none_fire(
        EventType::Sanction,
        &[
            "The club's shirt deal lapsed in April 2025 after Canada sanctioned its owner over \
             the war.",
            "When the council first punished Iran for its enrichment in June 2019, the measures \
             were modest: a freeze on assets of a few firms.",
        ],
    );
    all_fire(
        EventType::Sanction,
        &[
            "Canada sanctioned the shipping magnate on Monday over the war.",
            "The EU froze the assets of three Iranian firms in April 2026, officials said.",
        ],
    );
}

/// "this month" dates no action as past: the measure may still be to come.
#[test]
fn this_month_is_no_background() {
    all_fire(
        EventType::Tariff,
        &[
            "Ottawa said its retaliatory duties on U.S. aluminum will take effect this month.",
            "The new levies on Brazilian beef enter into force this month, the ministry said.",
        ],
    );
}

#[test]
fn years_ago_in_the_clause_is_background() {
    none_fire(
        EventType::Sanction,
        &[
            "When Western capitals froze the assets of Iran's central bank six years ago, many \
           expected a quick collapse.",
        ],
    );
    all_fire(
        EventType::Sanction,
        &["The United States froze the assets of Iran's central bank on Monday."],
    );
}

#[test]
fn a_bare_no_denies_the_measure() {
    none_fire(
        EventType::Tariff,
        &["Norway imposes no tariff on imported electric cars, a policy it has kept for years."],
    );
    all_fire(
        EventType::Tariff,
        &["Norway imposes a 20% tariff on imported electric cars from China."],
    );
}

#[test]
fn advocates_calling_for_measures_are_no_state() {
    none_fire(
        EventType::Sanction,
        &[
            "Human rights groups urged Canada and Australia to sanction Eritrean mining firms.",
            "A coalition of campaigners called on Japan on Monday to impose sanctions on \
             Sudan's army leaders.",
        ],
    );
    all_fire(
        EventType::Sanction,
        &[
            "Washington urged its allies to join, and said it would impose sanctions on Sudan's \
             army leaders.",
            "The EU on Monday imposed sanctions on Sudan's army leaders.",
        ],
    );
}

#[test]
fn a_year_naming_an_accord_does_not_date_the_measure() {
    all_fire(
        EventType::Sanction,
        &["Washington reimposes sanctions on Iran that were lifted under the 2015 nuclear deal."],
    );
}

#[test]
fn approving_a_film_or_a_friendly() {
    none_fire(
        EventType::Sanction,
        &["Paramount has sanctioned a sequel to its submarine drama set in Russia."],
    );
}

#[test]
fn immediately_states_no_day() {
    assert!(dates(
        "",
        "Malaysia imposed safeguard duties on imported steel wire from China; the duties take \
         effect immediately, the trade ministry said."
    )
    .is_empty());
    // The span after it still counts.
    assert_eq!(
        dates(
            "",
            "Malaysia imposed safeguard duties on imported steel wire from China, effective \
             immediately and in force until June 30."
        ),
        vec!["2026-06-30"]
    );
}

#[test]
fn record_spans_count_back() {
    assert!(dates(
        "Tokyo imposes first new sanctions on Iran in six years",
        "Japan on Tuesday imposed sanctions on Iran."
    )
    .is_empty());
    assert_eq!(
        dates(
            "",
            "Japan said the first tranche of sanctions on Iran takes effect in 30 days."
        ),
        vec!["2026-06-11"]
    );
}
