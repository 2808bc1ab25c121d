//! Ad-valorem rates ("25%", "25 percent", "7.5 per cent") near a tariff trigger.
//!
//! "from 10% to 25%" yields 25 (the new rate). Several rates each followed by "on"/"for"
//! ("25% on steel and 10% on aluminum") are separate measures; see [`split_rates`].

use super::context::{gap, Sentence};
use super::lexicon::Payload;

/// Rates farther than this from the trigger are not its rate.
const RATE_WINDOW: usize = 16;

/// A rate: token range and value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Rate {
    pub ts: usize,
    pub te: usize,
    pub pct: f64,
}

fn is_digits(w: &str) -> bool {
    !w.is_empty() && w.bytes().all(|b| b.is_ascii_digit())
}

/// Determiners between "of" and the goods of a trade share ("95% of its imports").
const SHARE_DETERMINERS: [&str; 5] = ["its", "their", "the", "our", "total"];

/// Words right before a percentage that make it a market move or an economic figure
/// ("shares fell 3%", "inflation at 2.5%"), never a duty rate.
const MOVE_BEFORE: [&str; 18] = [
    "fell", "dropped", "gained", "slipped", "slid", "tumbled", "plunged", "surged", "jumped",
    "climbed", "declined", "lost", "down", "up", "grew", "shrank", "soared", "sank",
];

/// Words that may stand between a figure and its percentage ("inflation was at about 3%").
const FIGURE_LINK: [&str; 14] = [
    "at", "of", "by", "to", "is", "was", "stood", "hit", "reached", "rose", "grew", "about",
    "around", "nearly",
];

/// Figures whose percentage is not a duty rate when named just before it ("inflation at 3%",
/// "GDP grew 2%", "won 52% of the vote").
const FIGURE_BEFORE: [&str; 14] = [
    "inflation",
    "gdp",
    "growth",
    "unemployment",
    "shares",
    "stocks",
    "index",
    "yield",
    "yields",
    "stake",
    "vote",
    "votes",
    "poll",
    "approval",
];

/// Nouns right after a percentage that make it a holding, a move or a chance ("a 25% stake",
/// "a 3% drop", "a 40% chance").
const FIGURE_AFTER: [&str; 16] = [
    "stake",
    "stakes",
    "holding",
    "discount",
    "chance",
    "probability",
    "majority",
    "drop",
    "fall",
    "decline",
    "gain",
    "plunge",
    "slump",
    "rally",
    "surge",
    "margin",
];

/// A percentage at tokens `[ts, te)` that is an economic figure, not a duty rate.
fn not_a_rate(sent: &Sentence<'_, '_>, ts: usize, te: usize) -> bool {
    let is_in = |list: &[&str], w: &str| list.iter().any(|x| x.eq_ignore_ascii_case(w));
    let before = if ts > 0 { sent.w(ts - 1) } else { "" };
    if is_in(&MOVE_BEFORE, before) || is_in(&FIGURE_AFTER, sent.w(te)) {
        return true;
    }
    // "inflation at 3%", "GDP grew by 2%", "won 52% of the vote".
    let mut k = ts;
    while k > 0 && ts - k < 3 && is_in(&FIGURE_LINK, sent.w(k - 1)) {
        k -= 1;
    }
    (k > 0 && is_in(&FIGURE_BEFORE, sent.w(k - 1)))
        || (sent.w(te).eq_ignore_ascii_case("of")
            && sent.w(te + 1).eq_ignore_ascii_case("the")
            && is_in(&["vote", "votes", "market"], sent.w(te + 2)))
}

/// All rates in the sentence, in order.
pub(crate) fn find_rates(sent: &Sentence<'_, '_>, out: &mut Vec<Rate>) {
    out.clear();
    let n = sent.toks.len();
    let mut i = 0;
    while i < n {
        let w = sent.w(i);
        if !is_digits(w) || w.len() > 3 {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        let mut value: f64 = w.parse().unwrap_or(0.0);
        if sent.w(j) == "." && is_digits(sent.w(j + 1)) {
            let frac = sent.w(j + 1);
            value = format!("{w}.{frac}").parse().unwrap_or(value);
            j += 2;
        }
        // "25-percent tariffs": the hyphen joins the number to its unit.
        let hyphen = usize::from(
            sent.w(j) == "-"
                && (sent.w(j + 1).eq_ignore_ascii_case("percent")
                    || sent.w(j + 1).eq_ignore_ascii_case("per")),
        );
        j += hyphen;
        let unit_len = if sent.w(j) == "%"
            || sent.w(j).eq_ignore_ascii_case("percent")
            || sent.w(j).eq_ignore_ascii_case("pct")
        {
            1
        } else if sent.w(j).eq_ignore_ascii_case("per")
            && sent.w(j + 1).eq_ignore_ascii_case("cent")
        {
            2
        } else {
            0
        };
        // "99% of U.S. goods", "75% of imports": a share of trade, not a rate ("18.9% of
        // their assessed value" is one).
        let share = sent.w(j + unit_len).eq_ignore_ascii_case("of") && {
            let mut k = j + unit_len + 1;
            // "95% of its imports", "80% of the country's exports": past the determiner.
            if SHARE_DETERMINERS
                .iter()
                .any(|d| d.eq_ignore_ascii_case(sent.w(k)))
            {
                k += 1;
            }
            let next = sent.w(k);
            sent.mentions.iter().any(|m| m.ts == k)
                || [
                    "imports",
                    "exports",
                    "goods",
                    "products",
                    "all",
                    "trade",
                    "shipments",
                ]
                .iter()
                .any(|w| w.eq_ignore_ascii_case(next))
        };
        // "lifting the total to 50%", "a combined rate of 60%": a sum of measures, not one.
        // "brings the total U.S. duty on many Indian goods to 50%": the "to" rate of a sum
        // named further back.
        let reach = if i > 0 && sent.w(i - 1).eq_ignore_ascii_case("to") {
            12
        } else {
            4
        };
        let total = (i.saturating_sub(reach)..i).any(|k| {
            ["total", "combined", "cumulative", "overall"]
                .iter()
                .any(|w| w.eq_ignore_ascii_case(sent.w(k)))
        });
        let not_a_rate = unit_len > 0 && not_a_rate(sent, i, j + unit_len);
        if unit_len > 0 && value <= 1000.0 && !share && !total && !not_a_rate {
            out.push(Rate {
                ts: i,
                te: j + unit_len,
                pct: value,
            });
            i = j + unit_len;
        } else {
            i += 1;
        }
    }
}

/// The rate of the trigger at `trig`: a "to" rate after a "from" rate, else the nearest.
pub(crate) fn rate_for(
    sent: &Sentence<'_, '_>,
    rates: &[Rate],
    trig: (usize, usize),
) -> Option<f64> {
    let near: Vec<&Rate> = rates
        .iter()
        .filter(|r| gap((r.ts, r.te), trig) <= RATE_WINDOW)
        .collect();
    let prev = |r: &Rate| if r.ts > 0 { sent.w(r.ts - 1) } else { "" };
    // "cut its duty to zero from 8%": the old value is not the rate, and zero is no rate.
    let to_zero = (trig.1..sent.toks.len().min(trig.1 + RATE_WINDOW)).any(|i| {
        sent.w(i).eq_ignore_ascii_case("to")
            && ["zero", "nil", "0"]
                .iter()
                .any(|z| z.eq_ignore_ascii_case(sent.w(i + 1)))
            && sent.w(i + 2) != "%"
    });
    if to_zero && near.iter().all(|r| prev(r).eq_ignore_ascii_case("from")) {
        return None;
    }
    if let Some(to) = near.iter().find(|r| prev(r).eq_ignore_ascii_case("to")) {
        if near.iter().any(|r| prev(r).eq_ignore_ascii_case("from")) {
            return Some(to.pct);
        }
    }
    // "a 25% tariff", "25 percent duties": the rate inside the trigger's own phrase wins.
    if let Some(own) = near
        .iter()
        .rev()
        .find(|r| r.te <= trig.0 && trig.0 - r.te <= 3)
    {
        return Some(own.pct);
    }
    // "cut tariffs on cars, currently over 100%, to 10%": the rate it changes to.
    if let Some(to) = near
        .iter()
        .find(|r| r.ts >= trig.1 && prev(r).eq_ignore_ascii_case("to"))
    {
        return Some(to.pct);
    }
    near.iter()
        .min_by_key(|r| gap((r.ts, r.te), trig))
        .map(|r| r.pct)
}

/// Rates that each introduce their own goods ("25% on steel and 10% on aluminum"): returns
/// them when there are at least two distinct ones, else empty.
pub(crate) fn split_rates(
    sent: &Sentence<'_, '_>,
    rates: &[Rate],
    trig: (usize, usize),
) -> Vec<Rate> {
    let own: Vec<Rate> = rates
        .iter()
        .filter(|r| gap((r.ts, r.te), trig) <= RATE_WINDOW * 2)
        .filter(|r| {
            let next = sent.w(r.te);
            let prev = if r.ts > 0 { sent.w(r.ts - 1) } else { "" };
            let after_trigger = sent.w(r.te + 1);
            // "25% steel, 10% aluminum tariffs": a rate naming its own goods.
            let own_goods = sent.hits.iter().any(|h| {
                h.ts == r.te
                    && matches!(h.entry.payload, Payload::Product { .. })
                    && (matches!(sent.w(h.te), "," | "and") || h.te == trig.0)
            });
            own_goods
                || next.eq_ignore_ascii_case("on")
                || next.eq_ignore_ascii_case("for")
                || (r.te == trig.0 && after_trigger.eq_ignore_ascii_case("on"))
                || (prev.eq_ignore_ascii_case("to") && !next.eq_ignore_ascii_case("from"))
        })
        .copied()
        .collect();
    let distinct = own.iter().any(|r| {
        own.first()
            .is_some_and(|f| (f.pct - r.pct).abs() > f64::EPSILON)
    });
    if own.len() >= 2 && distinct {
        own
    } else {
        Vec::new()
    }
}

/// Which of the sentence's tariff triggers (token ranges, in order) owns rate `r`: the one
/// right after it ("a 25% tariff"), else the nearest one before it ("duties of 25%",
/// "tariffs ... to 30%"), else the first.
pub(crate) fn owner(
    sent: &Sentence<'_, '_>,
    r: &Rate,
    triggers: &[(usize, usize)],
) -> Option<(usize, usize)> {
    // Words between, not tokens: "a 15% U.S. levy" has four tokens for two words.
    let words = |a: usize, b: usize| {
        (a..b)
            .filter(|&i| sent.w(i).bytes().any(|c| c.is_ascii_alphanumeric()))
            .count()
    };
    // "… to 75% from 150% and remove duties": a "from" rate is the old value of the measure
    // before it, never the next trigger's own.
    let old_value = r.ts > 0 && sent.w(r.ts - 1).eq_ignore_ascii_case("from");
    if let Some(t) = triggers
        .iter()
        .find(|t| !old_value && t.0 >= r.te && words(r.te, t.0) <= 3)
    {
        return Some(*t);
    }
    triggers
        .iter()
        .filter(|t| t.1 <= r.ts)
        .max_by_key(|t| t.1)
        .or_else(|| triggers.first())
        .copied()
}
