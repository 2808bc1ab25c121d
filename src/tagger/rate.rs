//! Ad-valorem rates ("25%", "25 percent", "7.5 per cent", "ten p.c.", "twenty-five percent")
//! near a tariff trigger.
//!
//! "from 10% to 25%" yields 25 (the new rate); "15% rather than 10%" yields 15 (the value
//! compared with is no rate). Several rates each followed by "on"/"for" ("25% on steel and
//! 10% on aluminum") or each changed "to" ("cars fall to 32%, ethanol to 5%") are separate
//! measures; see [`split_rates`].

use super::analyze::{MeasureCand, Trace};
use super::context::{gap, Sentence};
use super::lexicon::{on_word_boundary, ActorKind, DateWords, Lexicon, Payload};
use super::sentence::{char_offset, sentence_at};
use super::{Action, Document, EventType};

/// Rates farther than this from the trigger are not its rate.
const RATE_WINDOW: usize = 16;

/// A rate: token range, value, and the preposition that introduces it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Rate {
    pub ts: usize,
    pub te: usize,
    pub pct: f64,
    pub lead: Lead,
}

/// The word that introduces a rate, past determiners and hedges ("from the 10%", "to as
/// much as 64%"): the old and the new value of a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Lead {
    From,
    To,
    Other,
}

/// Words skipped when looking for the word that introduces a rate: determiners and hedges
/// ("from the 10% imposed last month", "to about 25%", "from an existing 25%").
const LEAD_SKIP: [&str; 18] = [
    "the", "a", "an", "its", "their", "his", "her", "current", "existing", "present", "standard",
    "usual", "about", "around", "nearly", "roughly", "almost", "some",
];

/// Words before a rate that make it the value in force before a change ("the present 25%
/// duty … raised to 30%", "on top of the usual 10% car duty").
const IN_FORCE: [&str; 5] = ["current", "existing", "present", "standard", "usual"];

/// Index of the word that introduces the rate at token `ts` (past [`LEAD_SKIP`] words and
/// "as much/high/little as"), or `None` at the sentence start.
fn lead_index(sent: &Sentence<'_, '_>, ts: usize) -> Option<usize> {
    let mut k = ts;
    loop {
        let p = k.checked_sub(1)?;
        let w = sent.w(p);
        if LEAD_SKIP.iter().any(|s| s.eq_ignore_ascii_case(w)) {
            k = p;
        } else if w.eq_ignore_ascii_case("as") && p >= 2 && sent.w(p - 2).eq_ignore_ascii_case("as")
        {
            // "from as much as 64%", "to as high as 50%".
            k = p - 2;
        } else {
            return Some(p);
        }
    }
}

/// Words before "than" that make the rate after it an approximate rate ("more than
/// 100%"), not a value compared with ("rather than 10%", "lower than the 25% others pay").
const APPROX_THAN: [&str; 5] = ["more", "less", "fewer", "greater", "over"];

fn is_digits(w: &str) -> bool {
    !w.is_empty() && w.bytes().all(|b| b.is_ascii_digit())
}

/// Determiners between "of" and the goods of a trade share ("95% of its imports").
const SHARE_DETERMINERS: [&str; 5] = ["its", "their", "the", "our", "total"];

/// Words right before a percentage that make it a market move or an economic figure
/// ("shares fell 3%", "inflation at 2.5%"), never a duty rate.
const MOVE_BEFORE: [&str; 37] = [
    "fell",
    "dropped",
    "gained",
    "slipped",
    "slid",
    "tumbled",
    "plunged",
    "surged",
    "jumped",
    "climbed",
    "declined",
    "lost",
    "down",
    "up",
    "grew",
    "shrank",
    "soared",
    "sank",
    "crashed",
    "slumped",
    "rallied",
    "weakened",
    "strengthened",
    // "sending the lira plunging as much as 18%": the participles of a market move.
    "falling",
    "dropping",
    "gaining",
    "slipping",
    "sliding",
    "tumbling",
    "plunging",
    "surging",
    "jumping",
    "climbing",
    "declining",
    "losing",
    "sinking",
    "slumping",
];

/// Hedges between a market move and its size ("plunging as much as 18%", "lost more than
/// 40%", "fell by nearly 3%"), skipped when looking for the move.
const MOVE_HEDGE: [&str; 7] = [
    "by", "about", "around", "nearly", "almost", "roughly", "some",
];

/// The token before the rate at `ts` past [`MOVE_HEDGE`] words, "as much/little as" and
/// "more/less than": where a market move's verb would stand.
fn before_hedges(sent: &Sentence<'_, '_>, ts: usize) -> usize {
    let is = |k: usize, w: &str| sent.w(k).eq_ignore_ascii_case(w);
    let mut k = ts;
    for _ in 0..4 {
        if k >= 1 && MOVE_HEDGE.iter().any(|h| is(k - 1, h)) {
            k -= 1;
        } else if k >= 3 && is(k - 1, "as") && is(k - 3, "as") {
            k -= 3;
        } else if k >= 2 && is(k - 1, "than") && (is(k - 2, "more") || is(k - 2, "less")) {
            k -= 2;
        } else {
            break;
        }
    }
    k
}

/// Words that may stand between a figure and its percentage ("inflation was at about 3%").
const FIGURE_LINK: [&str; 14] = [
    "at", "of", "by", "to", "is", "was", "stood", "hit", "reached", "rose", "grew", "about",
    "around", "nearly",
];

/// Figures whose percentage is not a duty rate when named just before it ("inflation at 3%",
/// "GDP grew 2%", "won 52% of the vote", "sales dropped 12%").
const FIGURE_BEFORE: [&str; 27] = [
    "inflation",
    "share",
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
    "rating",
    "ratings",
    "sales",
    "output",
    "profit",
    "profits",
    "revenue",
    "revenues",
    "earnings",
    "futures",
    "economy",
    "spending",
];

/// Nouns right after a percentage that make it a holding, a move or a chance ("a 25% stake",
/// "a 3% drop", "a 40% chance"), and comparatives that make it a difference ("costs 40%
/// higher than in Vietnam", "30% cheaper").
const FIGURE_AFTER: [&str; 26] = [
    "higher",
    "lower",
    "cheaper",
    "more",
    "less",
    "rise",
    "jump",
    "growth",
    "rebound",
    "contraction",
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
    // "winds down 10% tariffs", "ramps up 25% duties": the particle of a phrasal verb of the
    // measure, not a move.
    let particle = sent
        .hits
        .iter()
        .any(|h| h.te == ts && h.te > h.ts + 1 && matches!(h.entry.payload, Payload::Cue { .. }));
    if (is_in(&MOVE_BEFORE, before) && !particle) || is_in(&FIGURE_AFTER, sent.w(te)) {
        return true;
    }
    // "imports jumped by 12 percent", "the lira plunging as much as 18%": a move by an
    // (approximate) amount.
    let hedged = before_hedges(sent, ts);
    if hedged < ts && hedged > 0 && is_in(&MOVE_BEFORE, sent.w(hedged - 1)) {
        return true;
    }
    // "inflation at 3%", "GDP grew by 2%", "won 52% of the vote".
    let mut k = ts;
    while k > 0 && ts - k < 3 && is_in(&FIGURE_LINK, sent.w(k - 1)) {
        k -= 1;
    }
    // "approval rating slipped to 42%", "sales dropped by 12%": a figure's move (but "the
    // tariff rose to 20%" is a rate).
    let moved = k > 1 && is_in(&MOVE_BEFORE, sent.w(k - 1));
    // "would raise prices by 5%", "costs rose by 3%" (but "customs prices of 10%" may be a
    // duty).
    let by_price = k < ts
        && sent.w(ts - 1).eq_ignore_ascii_case("by")
        && k > 0
        && is_in(&["price", "prices", "cost", "costs"], sent.w(k - 1));
    if by_price {
        return true;
    }
    (k > 0 && is_in(&FIGURE_BEFORE, sent.w(k - 1)))
        || (moved && (2..=3).any(|b| k >= b && is_in(&FIGURE_BEFORE, sent.w(k - b))))
        || (sent.w(te).eq_ignore_ascii_case("of")
            && sent.w(te + 1).eq_ignore_ascii_case("the")
            && is_in(&["vote", "votes", "market"], sent.w(te + 2)))
}

/// Length in tokens of the percent unit at token `j` ("%", "percent", "pct", "pc", "per
/// cent", "p.c." / "p.c"), 0 when there is none.
fn unit_len(sent: &Sentence<'_, '_>, j: usize) -> usize {
    let w = sent.w(j);
    // Every unit starts with '%' or 'p': most tokens are rejected on their first byte.
    if !matches!(w.as_bytes().first(), Some(b'%' | b'p' | b'P')) {
        return 0;
    }
    let is = |k: usize, s: &str| sent.w(k).eq_ignore_ascii_case(s);
    if w == "%"
        || ["percent", "pct", "pc"]
            .iter()
            .any(|u| u.eq_ignore_ascii_case(w))
    {
        1
    } else if is(j, "per") && (is(j + 1, "cent") || is(j + 1, "centum")) {
        // "per centum": the Latin form (and a paraphrasing tool's) of "per cent".
        2
    } else if is(j, "per") && sent.w(j + 1) == "-" && is(j + 2, "cent") {
        // "a 15-per-cent duty".
        3
    } else if is(j, "p") && sent.w(j + 1) == "." && is(j + 2, "c") {
        // "25 p.c." (the closing period, when the sentence holds it, is part of the unit).
        3 + usize::from(sent.w(j + 3) == ".")
    } else {
        0
    }
}

/// A number and its unit written as one token ("25pc", "100pct", "15percent"): the value.
fn fused_rate(w: &str) -> Option<f64> {
    let digits = w.bytes().take_while(u8::is_ascii_digit).count();
    let (num, unit) = (w.get(..digits)?, w.get(digits..)?);
    if digits == 0 || digits > 3 || unit.is_empty() {
        return None;
    }
    ["pc", "pct", "percent"]
        .iter()
        .any(|u| u.eq_ignore_ascii_case(unit))
        .then(|| num.parse().ok())
        .flatten()
}

/// "an additional 10 percentage points", "a further 25 percentage points": the rate of an
/// added duty, stated in points (2 tokens of unit); "24 percentage points of its tariff"
/// (points of a duty); "a 35-point duty hike" (the size of a duty's rise). Elsewhere points
/// measure a figure's move ("shave 0.3 percentage point off growth") and are no rate.
fn added_points(sent: &Sentence<'_, '_>, i: usize, j: usize) -> usize {
    let is = |k: usize, w: &str| sent.w(k).eq_ignore_ascii_case(w);
    let is_in = |k: usize, list: &[&str]| list.iter().any(|w| is(k, w));
    let point = |k: usize| is(k, "points") || is(k, "point");
    if sent.w(j) == "-" && point(j + 1) {
        // "35-point duty hike", "a 10-point tariff increase".
        let rise = (j + 2..j + 5).any(|k| is_in(k, &RISE_NOUNS));
        let duty = (j + 2..j + 4).any(|k| is_in(k, &RATE_NOUNS));
        return if rise && duty { 2 } else { 0 };
    }
    if !(is(j, "percentage") && point(j + 1)) {
        return 0;
    }
    let added = i > 0 && is_in(i - 1, &["additional", "further", "extra", "another"]);
    // "suspended 24 percentage points of its \"reciprocal\" tariff": points of a duty.
    let of_duty = is(j + 2, "of") && (j + 3..j + 8).any(|k| is_in(k, &RATE_NOUNS));
    if added || of_duty {
        2
    } else {
        0
    }
}

/// Nouns of a duty's rise, after its size in points ("a 35-point duty hike").
const RISE_NOUNS: [&str; 6] = ["hike", "hikes", "increase", "increases", "rise", "raise"];

/// The number at token `i` and the token after it: digits ("25", "7.5"), or a number word
/// ("ten", "twenty-five") when a percent unit follows ("ten%", "twenty-five per cent").
fn number_at(sent: &Sentence<'_, '_>, words: &DateWords, i: usize) -> Option<(f64, usize)> {
    let w = sent.w(i);
    if is_digits(w) {
        if w.len() > 3 {
            return None;
        }
        let mut value: f64 = w.parse().ok()?;
        let mut j = i + 1;
        // "3,521%": a thousands comma written tight.
        if grouped(sent, i) {
            value = value * 1000.0 + sent.w(j + 1).parse::<f64>().ok()?;
            j += 2;
        }
        if sent.w(j) == "." && is_digits(sent.w(j + 1)) {
            let frac = sent.w(j + 1);
            value = format!("{w}.{frac}").parse().unwrap_or(value);
            j += 2;
        }
        return Some((value, j));
    }
    // Number words only right before a unit (cheap test first): "a"/"single" are in the
    // number table as 1 but never a rate.
    let compound = sent.w(i + 1) == "-" && unit_len(sent, i + 3) > 0;
    if !(unit_len(sent, i + 1) > 0 || compound)
        || !w.bytes().all(|b| b.is_ascii_alphabetic())
        || w.eq_ignore_ascii_case("a")
        || w.eq_ignore_ascii_case("single")
    {
        return None;
    }
    let n = words.number(w)?;
    if compound {
        // "twenty-five percent": a tens word, a hyphen and a units word.
        let units = words
            .number(sent.w(i + 2))
            .filter(|u| (1..=9).contains(u))?;
        if n % 10 != 0 || !(20..=90).contains(&n) {
            return None;
        }
        return Some((f64::from(n + units), i + 3));
    }
    Some((f64::from(n), i + 1))
}

/// Whether the number at token `i` goes on past a thousands comma written tight ("3,521").
fn grouped(sent: &Sentence<'_, '_>, i: usize) -> bool {
    let next = sent.w(i + 2);
    sent.w(i + 1) == "," && next.len() == 3 && is_digits(next) && tight(sent, i, i + 2)
}

/// A rate stated as a fraction of the goods' value: "raised the tariff to a quarter", "taxes
/// of up to half the value of the cars". A quarter only as a new value ("to a quarter", not
/// "a quarter of its output", a share); half only of the value ("cut in half", "fell by close
/// to half" are moves). The value and the token after the fraction word.
fn fraction_rate(sent: &Sentence<'_, '_>, i: usize) -> Option<(f64, usize)> {
    let w = sent.w(i);
    let prev = i.checked_sub(1).map_or("", |k| sent.w(k));
    let is = |a: &str, b: &str| a.eq_ignore_ascii_case(b);
    if (is(w, "a") || is(w, "one"))
        && is(sent.w(i + 1), "quarter")
        && is(prev, "to")
        && !is(sent.w(i + 2), "of")
        && !sent
            .w(i + 2)
            .starts_with(|c: char| c.is_ascii_alphanumeric())
    {
        return Some((25.0, i + 2));
    }
    let of_value = |k: usize| {
        (is(sent.w(k), "the") && is(sent.w(k + 1), "value"))
            || (is(sent.w(k), "of") && is(sent.w(k + 1), "the") && is(sent.w(k + 2), "value"))
    };
    (is(w, "half") && ["to", "of", "at"].iter().any(|p| is(prev, p)) && of_value(i + 1))
        .then_some((50.0, i + 1))
}

/// Whether token `i` can start a rate at all, tested on first bytes before any lookup (most
/// tokens cannot): digits ("25", "25pc"), a fraction word ("to a quarter", "half the value")
/// or a word before a unit or a hyphen ("ten percent", "twenty-five per cent").
fn may_start_rate(sent: &Sentence<'_, '_>, i: usize) -> bool {
    let w = sent.w(i).as_bytes();
    if w.first().is_some_and(u8::is_ascii_digit) {
        return true;
    }
    let before_unit = matches!(
        sent.w(i + 1).as_bytes().first(),
        Some(b'%' | b'p' | b'P' | b'-')
    );
    let fraction = matches!(w.len(), 1 | 3 | 4)
        && ["a", "one", "half"]
            .iter()
            .any(|f| f.as_bytes().eq_ignore_ascii_case(w));
    before_unit || fraction
}

/// All rates in the sentence, in order. `words` holds the number words ("ten", "twenty").
pub(crate) fn find_rates(sent: &Sentence<'_, '_>, words: &DateWords, out: &mut Vec<Rate>) {
    out.clear();
    let n = sent.toks.len();
    let mut i = 0;
    while i < n {
        if !may_start_rate(sent, i) {
            i += 1;
            continue;
        }
        // "25pc", "100pct": the unit is part of the number's token.
        // "35.3pc": a decimal whose fraction carries the unit.
        let fused_decimal = || {
            let (w, frac) = (sent.w(i), sent.w(i + 2));
            let whole = is_digits(w) && w.len() <= 3 && sent.w(i + 1) == ".";
            if !whole {
                return None;
            }
            let frac_digits = frac.bytes().take_while(u8::is_ascii_digit).count();
            fused_rate(frac).and_then(|_| {
                let value = format!("{w}.{}", frac.get(..frac_digits)?);
                value.parse::<f64>().ok().map(|v| (v, i + 3))
            })
        };
        let fused = fused_rate(sent.w(i))
            .map(|v| (v, i + 1))
            .or_else(fused_decimal)
            .or_else(|| fraction_rate(sent, i));
        let Some((value, mut j)) = fused.or_else(|| number_at(sent, words, i)) else {
            i += 1;
            continue;
        };
        // "25-percent tariffs": the hyphen joins the number to its unit.
        let hyphen = usize::from(
            sent.w(j) == "-"
                && (sent.w(j + 1).eq_ignore_ascii_case("percent")
                    || sent.w(j + 1).eq_ignore_ascii_case("per")),
        );
        j += hyphen;
        let unit_len = if fused.is_some() {
            0
        } else {
            match unit_len(sent, j) {
                0 => added_points(sent, i, j),
                n => n,
            }
        };
        let has_unit = fused.is_some() || unit_len > 0;
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
            // "40 percent of its copper output": goods or a volume of them.
            let goods = sent
                .hits
                .iter()
                .any(|h| h.ts == k && matches!(h.entry.payload, Payload::Product { .. }))
                || (k..k + 3).any(|q| {
                    [
                        "output",
                        "production",
                        "supply",
                        "supplies",
                        "shipments",
                        "sales",
                        "market",
                    ]
                    .iter()
                    .any(|w| w.eq_ignore_ascii_case(sent.w(q)))
                });
            goods
                || sent.mentions.iter().any(|m| m.ts == k)
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
        let not_a_rate = has_unit && not_a_rate(sent, i, j + unit_len);
        let li = lead_index(sent, i);
        // "the present 25% duty … raised to 30%", "keeping the existing 25% rate", "on top of
        // the standard 10% duty": the value in force before the change, like a "from" rate.
        let in_force = (li.map_or(0, |k| k + 1)..i)
            .any(|k| IN_FORCE.iter().any(|w| w.eq_ignore_ascii_case(sent.w(k))));
        let lead_word = li.map_or("", |k| sent.w(k));
        let before_lead = li.and_then(|k| k.checked_sub(1)).map_or("", |k| sent.w(k));
        // "a 10% levy rather than the 27.5% paid now", "instead of 25%", "compared with 25%":
        // the value compared with is not the measure's rate ("more than 100%" is).
        let compared = (lead_word.eq_ignore_ascii_case("than")
            && !APPROX_THAN
                .iter()
                .any(|a| a.eq_ignore_ascii_case(before_lead)))
            || (lead_word.eq_ignore_ascii_case("of")
                && before_lead.eq_ignore_ascii_case("instead"))
            // "15%, compared with 25% for others", "versus 10% before".
            || ((lead_word.eq_ignore_ascii_case("with") || lead_word.eq_ignore_ascii_case("to"))
                && before_lead.eq_ignore_ascii_case("compared"))
            || lead_word.eq_ignore_ascii_case("versus")
            || lead_word.eq_ignore_ascii_case("vs");
        // "to 0%" is no rate, like "to zero".
        if has_unit
            && value > 0.0
            // Anti-dumping rates may run to thousands ("a combined rate of 3,521%").
            && (value <= 1000.0 || (grouped(sent, i) && value < 10000.0))
            && !share
            && !total
            && !not_a_rate
            && !compared
        {
            let lead = if in_force || lead_word.eq_ignore_ascii_case("from") {
                Lead::From
            } else if lead_word.eq_ignore_ascii_case("to") || up_from(sent, j + unit_len) {
                Lead::To
            } else {
                Lead::Other
            };
            out.push(Rate {
                ts: i,
                te: j + unit_len,
                pct: value,
                lead,
            });
            i = j + unit_len;
        } else {
            // Past the whole number: "0.5%" rejected must not leave "5%" behind.
            i = j.max(i + 1);
        }
    }
}

/// Whether the tokens at `k` name the old value of a change the rate before them is the new
/// value of ("60 per cent, up from 20 per cent", "5%, down from 8%").
fn up_from(sent: &Sentence<'_, '_>, k: usize) -> bool {
    let k = if sent.w(k) == "," { k + 1 } else { k };
    (sent.w(k).eq_ignore_ascii_case("up") || sent.w(k).eq_ignore_ascii_case("down"))
        && sent.w(k + 1).eq_ignore_ascii_case("from")
}

/// The rate of the trigger at `trig`: a "to" rate after a "from" rate, else the nearest.
pub(crate) fn rate_for(
    sent: &Sentence<'_, '_>,
    rates: &[Rate],
    trig: (usize, usize),
) -> Option<f64> {
    let near: Vec<&Rate> = rates
        .iter()
        .filter(|r| gap((r.ts, r.te), trig) <= RATE_WINDOW || named_rate(sent, r, trig))
        .filter(|r| !other_verbs(sent, r, trig))
        .collect();
    // "cut its duty to zero from 8%": the old value is not the rate, and zero is no rate.
    let to_zero = (trig.1..sent.toks.len().min(trig.1 + RATE_WINDOW)).any(|i| {
        sent.w(i).eq_ignore_ascii_case("to")
            && ["zero", "nil", "0"]
                .iter()
                .any(|z| z.eq_ignore_ascii_case(sent.w(i + 1)))
    });
    if to_zero && near.iter().all(|r| r.lead == Lead::From) {
        return None;
    }
    // "tariffs of 10% to 35%", "between 20% and 25%", "ranging from 5% to 15%": a spread of
    // rates, not one stated rate (unless another rate stands apart from it).
    let spread = |r: &Rate| {
        bare_range(sent, r)
            || near
                .iter()
                .any(|o| range_pair(sent, r, o) || range_pair(sent, o, r))
    };
    if near.iter().any(|r| spread(r)) && near.iter().all(|r| spread(r)) {
        return None;
    }
    // "100%-200% duties on textiles, sets 35% fabric safeguard": a spread in the trigger's own
    // phrase states no one rate, and a rate apart from it is another measure's.
    if near
        .iter()
        .any(|r| r.te <= trig.0 && trig.0 - r.te <= 3 && spread(r))
    {
        return None;
    }
    let near: Vec<&Rate> = near.iter().filter(|r| !spread(r)).copied().collect();
    if let Some(to) = near.iter().find(|r| r.lead == Lead::To) {
        if near.iter().any(|r| r.lead == Lead::From) {
            return Some(to.pct);
        }
    }
    // "to 50 per cent from 20 per cent", "from 20% to 50%": the new value right beside a near
    // old one is the rate, even past the window.
    let beside = |f: &Rate, o: &Rate| o.te + 1 == f.ts || f.te + 1 == o.ts;
    if let Some(to) = near
        .iter()
        .filter(|f| f.lead == Lead::From)
        .find_map(|f| rates.iter().find(|o| o.lead == Lead::To && beside(f, o)))
    {
        return Some(to.pct);
    }
    // "will halve the 15% tariff … on Chinese imports, including clothing, to 7.5%": the new
    // value of the change verb, resumed after the trigger's long object.
    if let Some(to) = resumed_to(sent, rates, trig) {
        return Some(to.pct);
    }
    // "a 25% tariff", "25 percent duties": the rate inside the trigger's own phrase wins,
    // unless the measure changes to another ("cut its 25% tariffs on rice to 10%").
    if let Some(own) = near
        .iter()
        .rev()
        .find(|r| r.te <= trig.0 && trig.0 - r.te <= 3)
        .filter(|_| !near.iter().any(|r| changed_to(sent, r, trig)))
    {
        return Some(own.pct);
    }
    // "cut tariffs on cars, currently over 100%, to 10%": the rate it changes to.
    if let Some(to) = near.iter().find(|r| r.ts >= trig.1 && r.lead == Lead::To) {
        return Some(to.pct);
    }
    // The old value of a change is the rate only when nothing else is stated.
    near.iter()
        .min_by_key(|r| (r.lead == Lead::From, gap((r.ts, r.te), trig)))
        .map(|r| r.pct)
}

/// Change verbs whose new value a "to" may resume after a long object ("halve the 15%
/// tariff on …, including …, to 7.5%").
const CHANGE_STEMS: [&str; 8] = [
    "halv", "cut", "lower", "reduc", "rais", "lift", "slash", "hik",
];

/// The new value of a change verb right before the trigger, stated after the trigger's
/// object and a comma in the same clause ("will halve the 15% tariff it imposed on $120
/// billion of goods, including clothing, to 7.5%"): ", to N%" with no verb of its own.
fn resumed_to<'r>(
    sent: &Sentence<'_, '_>,
    rates: &'r [Rate],
    trig: (usize, usize),
) -> Option<&'r Rate> {
    let verb = sent.hits.iter().any(|h| {
        matches!(h.entry.payload, Payload::Cue { action, .. } if action != Action::Threatened)
            && h.te <= trig.0
            && trig.0 - h.te <= 5
            && CHANGE_STEMS.iter().any(|v| {
                h.entry
                    .phrase
                    .get(..v.len())
                    .is_some_and(|p| p.eq_ignore_ascii_case(v))
            })
    });
    if !verb {
        return None;
    }
    rates.iter().find(|r| {
        r.lead == Lead::To
            && r.ts > trig.1
            && gap((r.ts, r.te), trig) <= RATE_WINDOW * 2
            && lead_index(sent, r.ts)
                .and_then(|k| k.checked_sub(1))
                .is_some_and(|k| sent.w(k) == ",")
            && !(trig.1..r.ts).any(|k| matches!(sent.w(k), ";" | ":" | "—" | "–" | "("))
    })
}

/// A rate after the trigger, past the window but named as its rate in the same clause:
/// "imposed duties on … (a long list of goods) …, at a rate of 25%", "setting the rate at 25
/// percent".
fn named_rate(sent: &Sentence<'_, '_>, r: &Rate, trig: (usize, usize)) -> bool {
    r.ts > trig.1
        && gap((r.ts, r.te), trig) <= RATE_WINDOW * 2
        && (r.ts.saturating_sub(3)..r.ts)
            // "would follow soon at the same 25 percent rate": the noun after the rate.
            .chain(r.te..=r.te)
            .any(|k| {
                sent.w(k).eq_ignore_ascii_case("rate") || sent.w(k).eq_ignore_ascii_case("rates")
            })
        && !(trig.1..r.ts).any(|k| matches!(sent.w(k), ";" | ":" | "—" | "–"))
}

/// Rates that each introduce their own goods ("25% on steel and 10% on aluminum") or each
/// name a new value ("cars fall to 32% from 64%, ethanol to 5%"): returns them when there are
/// at least two distinct ones, else empty. Old values ("from 64%") are never their own
/// measure.
pub(crate) fn split_rates(
    sent: &Sentence<'_, '_>,
    rates: &[Rate],
    trig: (usize, usize),
) -> Vec<Rate> {
    let changed = rates
        .iter()
        .any(|r| changed_to(sent, r, trig) && gap((r.ts, r.te), trig) <= RATE_WINDOW);
    // Which rates are entries of their own clause, decided once for the list.
    let mut entries: u64 = 0;
    for e in entry_rates(sent, rates) {
        if let Some(k) = rates.iter().position(|r| r.ts == e.ts).filter(|&k| k < 64) {
            entries |= 1 << k;
        }
    }
    let is_entry = |r: &Rate| {
        rates
            .iter()
            .position(|o| o.ts == r.ts)
            .is_some_and(|k| k < 64 && entries & (1 << k) != 0)
    };
    let own: Vec<Rate> = rates
        .iter()
        .filter(|r| gap((r.ts, r.te), trig) <= RATE_WINDOW * 2)
        .filter(|r| r.lead != Lead::From)
        // "cut 25% tariffs on rice to 10%": the rate in the trigger's phrase is the old value.
        .filter(|r| !(changed && r.te <= trig.0 && trig.0 - r.te <= 3))
        .filter(|r| {
            let next = sent.w(r.te);
            // The word after the whole trigger ("a 25% customs charge on …").
            let after_trigger = sent.w(trig.1);
            // "25% steel, 10% aluminum tariffs": a rate naming its own goods.
            let own_goods = sent.hits.iter().any(|h| {
                h.ts == r.te
                    && matches!(h.entry.payload, Payload::Product { .. })
                    && (matches!(sent.w(h.te), "," | "and") || h.te == trig.0)
            });
            // "additional tariffs of 10% or 5% on 5,078 products": a list of rates whose last
            // introduces the goods, one rate each (not a spread "between 10% and 25%").
            let listed = (next.eq_ignore_ascii_case("or") || next.eq_ignore_ascii_case("and"))
                && rates.iter().any(|o| {
                    o.ts == r.te + 1
                        && !range_pair(sent, r, o)
                        && ["on", "for"]
                            .iter()
                            .any(|p| p.eq_ignore_ascii_case(sent.w(o.te)))
                });
            own_goods
                || listed
                || is_entry(r)
                || table_party(sent, r).is_some()
                || next.eq_ignore_ascii_case("on")
                || next.eq_ignore_ascii_case("for")
                || (r.te == trig.0
                    && (after_trigger.eq_ignore_ascii_case("on")
                        || after_trigger.eq_ignore_ascii_case("for")))
                || r.lead == Lead::To
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

/// Verbs whose object is the rate their subject pays: "BYD will face 17.4%", "yarn will be
/// charged 15%", "walnuts will bear 120%", "India is set at 25%", "Thailand was assigned
/// 36%". Past "paid"/"faced" are left out: they state the value before a change.
const INCUR: [&str; 25] = [
    "face", "faces", "facing", "pay", "pays", "paying", "bear", "bears", "carry", "carries",
    "attract", "attracts", "charged", "taxed", "assigned", "set", "levied", "receive", "receives",
    "received", "get", "gets", "got", "handed", "be",
];

/// Tariff nouns that may stand between a verb of [`INCUR`] and its rate ("face a duty of
/// 25%") and right after the rate of an entry ("a 35% rate"): shared by [`INCUR_FILLER`] and
/// [`ENTRY_NEXT`].
const RATE_NOUNS: [&str; 9] = [
    "rate", "rates", "duty", "duties", "tariff", "tariffs", "levy", "levies", "charge",
];

/// Words (besides [`RATE_NOUNS`]) that may stand between a verb of [`INCUR`] and its rate ("face an additional
/// 17.4%", "charged a lower 10% rate", "received a preliminary rate of 3.78%", "face one of
/// the highest rates, 39%", "be subject to a 40% levy").
const INCUR_FILLER: [&str; 32] = [
    "a",
    "an",
    "the",
    "its",
    "their",
    "additional",
    "extra",
    "further",
    "lower",
    "higher",
    "reduced",
    "increased",
    "preliminary",
    "provisional",
    "definitive",
    "final",
    "minimum",
    "maximum",
    "new",
    "flat",
    "blanket",
    "highest",
    "lowest",
    "individual",
    "separate",
    "one",
    "of",
    "at",
    "up",
    "to",
    ",",
    "now",
];

/// Words that may follow the rate of a clause of its own: the end of the entry, a tariff
/// noun ([`RATE_NOUNS`], "fee") ("a 35% rate", "a 50% duty"), or what scopes it ("15% of their value", "20% on the
/// first units", "60 per cent, up from 20"). Any other word makes the figure something else
/// ("face 3% inflation").
const ENTRY_NEXT: [&str; 31] = [
    "and",
    "or",
    "while",
    "whereas",
    "but",
    "from",
    "up",
    "down",
    "on",
    "for",
    "in",
    "plus",
    "of",
    "to",
    "until",
    "with",
    "at",
    "under",
    "after",
    "before",
    "by",
    "starting",
    "beginning",
    "effective",
    "rising",
    "falling",
    "according",
    "respectively",
    "if",
    "unless",
    "fee",
];

/// The verb of [`INCUR`] whose object is rate `r` ("Vietnamese material will face 9.3%"):
/// its token index. "be" counts after a modal ("Aluminum will now be 20%"), "set" before
/// "at" ("India is set at 25%"), "subject" as "subject to", "hit" as "hit with".
fn incurred(sent: &Sentence<'_, '_>, r: &Rate) -> Option<usize> {
    if r.lead == Lead::From || !entry_ends(sent, r) {
        return None;
    }
    let is = |k: usize, w: &str| sent.w(k).eq_ignore_ascii_case(w);
    let mut k = r.ts;
    for _ in 0..7 {
        let v = k.checked_sub(1)?;
        let w = sent.w(v);
        let verb = match w.as_bytes().first().map(u8::to_ascii_lowercase) {
            Some(b'b') if is(v, "be") => v.checked_sub(1).is_some_and(|m| {
                ["will", "would", "shall", "now", "'ll"]
                    .iter()
                    .any(|x| is(m, x))
            }),
            Some(b's') if is(v, "set") => is(v + 1, "at"),
            Some(b's') if is(v, "subject") => is(v + 1, "to"),
            Some(b'w') if is(v, "with") => v.checked_sub(1).is_some_and(|m| is(m, "hit")),
            _ => INCUR.iter().any(|x| x.eq_ignore_ascii_case(w)),
        };
        if verb {
            return Some(v);
        }
        if !INCUR_FILLER
            .iter()
            .chain(RATE_NOUNS.iter())
            .any(|x| x.eq_ignore_ascii_case(w))
        {
            return None;
        }
        k = v;
    }
    None
}

/// Whether the word after rate `r` may end a rate entry ([`ENTRY_NEXT`], punctuation or the
/// sentence end).
fn entry_ends(sent: &Sentence<'_, '_>, r: &Rate) -> bool {
    let next = sent.w(r.te);
    !next.bytes().any(|b| b.is_ascii_alphanumeric())
        || ENTRY_NEXT
            .iter()
            .chain(RATE_NOUNS.iter())
            .any(|x| x.eq_ignore_ascii_case(next))
}

/// Whether rate `r` continues a list opened by the entry `prev` with its own subject and the
/// verb left out: "BYD will face 17.4%, Geely 20% and SAIC 38.1%", "taxed at 20%, Japan at
/// 24%", "billets will be charged 15% of their value and rebar 25%".
fn elliptic(sent: &Sentence<'_, '_>, prev: &Rate, r: &Rate) -> bool {
    if r.lead == Lead::From || r.ts <= prev.te || !entry_ends(sent, r) {
        return false;
    }
    let is = |k: usize, w: &str| sent.w(k).eq_ignore_ascii_case(w);
    let mut k = prev.te;
    // "15% of their value and …": the scope of the first entry.
    if is(k, "of") {
        match (k + 1..k + 5).find(|&v| is(v, "value")) {
            Some(v) if v < r.ts => k = v + 1,
            _ => return false,
        }
    }
    // The separator: ",", "and", ", and".
    let mut seps = 0;
    while k < r.ts && (sent.w(k) == "," || is(k, "and")) {
        seps += 1;
        k += 1;
    }
    if seps == 0 || seps > 2 {
        return false;
    }
    // The subject: one to five words, no verb, optionally ending in "at".
    let end = if r.ts > k && is(r.ts - 1, "at") {
        r.ts - 1
    } else {
        r.ts
    };
    (1..=6).contains(&(end.saturating_sub(k)))
        && (k..end).all(|v| {
            let w = sent.w(v);
            (w.bytes().any(|b| b.is_ascii_alphabetic()) || matches!(w, "-" | "." | "'s"))
                && !INCUR.iter().any(|x| x.eq_ignore_ascii_case(w))
                && !is(v, "while")
                && !is(v, "whereas")
        })
}

/// Rates of `rates` (in order) each stated as what its own subject pays: an [`incurred`]
/// rate and the [`elliptic`] entries after it.
fn entry_rates<'r, 's: 'r>(
    sent: &'r Sentence<'s, '_>,
    rates: &'r [Rate],
) -> impl Iterator<Item = &'r Rate> + 'r {
    let mut prev: Option<&Rate> = None;
    rates.iter().filter(move |r| {
        let entry = !in_spread(sent, rates, r)
            && (incurred(sent, r).is_some() || prev.is_some_and(|p| elliptic(sent, p, r)));
        if entry {
            prev = Some(r);
        } else if r.lead != Lead::From {
            prev = None;
        }
        entry
    })
}

/// Whether `r` is an end of a spread of rates ("rates of 10% to 20%", "between 8 and 12
/// percent"): no one stated rate.
fn in_spread(sent: &Sentence<'_, '_>, rates: &[Rate], r: &Rate) -> bool {
    bare_range(sent, r)
        || rates
            .iter()
            .any(|o| range_pair(sent, r, o) || range_pair(sent, o, r))
}

/// Words that end the subject of a rate entry when read backwards: a clause opener or a
/// reporting verb ("the ministry said Chinese goods will face 25%").
const SUBJECT_STOP: [&str; 12] = [
    "while",
    "whereas",
    "but",
    "said",
    "says",
    "stated",
    "announced",
    "added",
    "that",
    "after",
    "mentioned",
    "with",
];

/// The parties named in the subject of a rate entry (countries, demonyms, capitals): "while
/// Vietnamese material will face 9.3%" → VN; "Imports from the European Union and Japan will
/// face 15%" → EU, JP; "Japan at 24%" → JP. Empty when the entry is none or names no party.
pub(crate) fn entry_parties<'l>(sent: &Sentence<'_, 'l>, rates: &[Rate], r: &Rate) -> Vec<&'l str> {
    let mut prev: Option<&Rate> = None;
    let mut span = None;
    for e in entry_rates(sent, rates) {
        if e.ts == r.ts {
            span = Some(match incurred(sent, e) {
                Some(v) => (subject_start(sent, v, prev), v),
                None => (prev.map_or(0, |p| p.te), e.ts),
            });
            break;
        }
        prev = Some(e);
    }
    let Some((from, to)) = span else {
        return Vec::new();
    };
    let mut out: Vec<&'l str> = Vec::new();
    for m in sent.mentions.iter().filter(|m| m.ts >= from && m.te <= to) {
        let party = matches!(
            m.kind,
            ActorKind::Country | ActorKind::Demonym | ActorKind::Capital
        );
        if party && !out.contains(&m.code) {
            out.push(m.code);
        }
    }
    out
}

/// Where the subject of the entry verb at `v` starts: after the previous entry, a clause
/// break or a [`SUBJECT_STOP`] word.
fn subject_start(sent: &Sentence<'_, '_>, v: usize, prev: Option<&Rate>) -> usize {
    let floor = prev.map_or(0, |p| p.te);
    (floor..v)
        .rev()
        .find(|&k| {
            matches!(sent.w(k), ";" | ":" | "\"" | "(" | "—" | "–")
                || SUBJECT_STOP
                    .iter()
                    .any(|x| x.eq_ignore_ascii_case(sent.w(k)))
        })
        .map_or(floor, |k| k + 1)
}

/// The parties rate `r` (one of the sentence's `rates`) names for itself: a rate table's
/// party ([`table_party`]) or the subject of its own clause ([`entry_parties`]).
pub(crate) fn rate_parties(sent: &Sentence<'_, '_>, rates: &[Rate], r: &Rate) -> Vec<String> {
    match table_party(sent, r) {
        Some(code) => vec![code.to_string()],
        None => entry_parties(sent, rates, r)
            .into_iter()
            .map(str::to_string)
            .collect(),
    }
}

/// The party of a rate-table entry ("tariffs: Canada 35%, Mexico 30%", "Brazil 50% and
/// India 25%"): a country named right before the rate, the entry ending at a separator or
/// the sentence end ("the U.S. 25% tariff" is no entry).
pub(crate) fn table_party<'l>(sent: &Sentence<'_, 'l>, r: &Rate) -> Option<&'l str> {
    let ends = matches!(sent.w(r.te), "," | ";" | ")" | "." | "") || sent.w(r.te) == "and";
    if !ends {
        return None;
    }
    // "Brazil (50%) and India (25%)": the rate in brackets after its party.
    let bracketed = r.ts > 0 && sent.w(r.ts - 1) == "(" && sent.w(r.te) == ")";
    let at = if bracketed { r.ts - 1 } else { r.ts };
    // "with Vietnam facing 46%, Cambodia 49%": a verb of facing between party and rate.
    let linked = !bracketed
        && r.ts > 0
        && TABLE_LINK
            .iter()
            .any(|l| l.eq_ignore_ascii_case(sent.w(r.ts - 1)));
    sent.mentions
        .iter()
        .find(|m| m.te == at || (linked && m.te + 1 == at))
        .map(|m| m.code)
}

/// Verbs between a rate-table entry's party and its rate ("Vietnam facing 46%", "Thailand
/// gets 36%").
const TABLE_LINK: [&str; 8] = [
    "facing", "faces", "face", "gets", "got", "pays", "paying", "assigned",
];

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
    let old_value = r.lead == Lead::From;
    // "raised duties on cars to 100% from 25%, while levies on chips …": a new value after
    // an earlier trigger ends that change; past a comma it is not the next trigger's prefix.
    let new_value = r.lead == Lead::To && triggers.iter().any(|t| t.1 <= r.ts);
    // "anti-dumping duties of 21.8% and a countervailing duty of 9.7%": a rate the trigger
    // introduces with "of" or "at" is that trigger's, not the prefix of the next one.
    if let Some(t) = introduced_by(sent, r, triggers) {
        return Some(t);
    }
    if let Some(t) = triggers.iter().find(|t| {
        !old_value
            && t.0 >= r.te
            && words(r.te, t.0) <= 3
            && !(new_value && (r.te..t.0).any(|i| matches!(sent.w(i), "," | ";")))
    }) {
        return Some(*t);
    }
    triggers
        .iter()
        .filter(|t| t.1 <= r.ts)
        .max_by_key(|t| t.1)
        .or_else(|| triggers.first())
        .copied()
}

/// The trigger right before rate `r` that introduces it with "of" or "at" ("duties of
/// 21.8%", "a levy of up to 35%", "tariffs at 25 percent").
fn introduced_by(
    sent: &Sentence<'_, '_>,
    r: &Rate,
    triggers: &[(usize, usize)],
) -> Option<(usize, usize)> {
    let mut k = lead_index(sent, r.ts)?;
    // "of up to 35%": past the hedge.
    if sent.w(k).eq_ignore_ascii_case("to") && k >= 1 && sent.w(k - 1).eq_ignore_ascii_case("up") {
        k = k.checked_sub(2)?;
    }
    let w = sent.w(k);
    if !(w.eq_ignore_ascii_case("of") || w.eq_ignore_ascii_case("at")) {
        return None;
    }
    triggers.iter().find(|t| t.1 == k).copied()
}

/// Whether rates `a` and `b` are the two ends of a spread: "10% to 35%", "10%-35%",
/// "between 10% and 35%", "ranging from 10% to 35%" (but "from 10% to 35%" is a change).
fn range_pair(sent: &Sentence<'_, '_>, a: &Rate, b: &Rate) -> bool {
    if b.ts != a.te + 1 {
        return false;
    }
    let link = sent.w(a.te);
    let is = |k: usize, w: &str| sent.w(k).eq_ignore_ascii_case(w);
    let before = |k: usize| {
        lead_index(sent, a.ts)
            .and_then(|i| i.checked_sub(k))
            .map_or("", |i| sent.w(i))
    };
    let lead = lead_index(sent, a.ts).map_or("", |i| sent.w(i));
    match link {
        "-" | "–" => a.lead != Lead::From && tight(sent, a.te - 1, b.ts),
        _ if link.eq_ignore_ascii_case("to") => {
            a.lead != Lead::From
                || ["ranging", "range", "ranges", "varying", "vary"]
                    .iter()
                    .any(|w| w.eq_ignore_ascii_case(before(1)))
        }
        _ if link.eq_ignore_ascii_case("and") => {
            lead.eq_ignore_ascii_case("between") && !is(b.te, "respectively")
        }
        _ => false,
    }
}

/// Whether tokens `a`, the dash after it and `b` touch with no space ("10-35%").
fn tight(sent: &Sentence<'_, '_>, a: usize, b: usize) -> bool {
    match (sent.toks.get(a), sent.toks.get(a + 1), sent.toks.get(b)) {
        (Some(x), Some(d), Some(y)) => b == a + 2 && x.e == d.s && d.e == y.s,
        _ => false,
    }
}

/// Whether rate `r` ends a spread whose first number has no unit of its own: "between 8 and
/// 12 percent", "10 to 35 per cent", "ranging from 5 to 15%" (but "from 10 to 25 percent" is
/// a change).
fn bare_range(sent: &Sentence<'_, '_>, r: &Rate) -> bool {
    let Some(link) = r.ts.checked_sub(1) else {
        return false;
    };
    let Some(num) = link.checked_sub(1).filter(|&k| is_digits(sent.w(k))) else {
        return false;
    };
    let w = sent.w(link);
    let before = num.checked_sub(1).map_or("", |k| sent.w(k));
    let ranging = num.checked_sub(2).is_some_and(|k| {
        ["ranging", "range", "ranges", "varying"]
            .iter()
            .any(|x| x.eq_ignore_ascii_case(sent.w(k)))
    });
    if w.eq_ignore_ascii_case("and") {
        before.eq_ignore_ascii_case("between")
    } else if w == "-" || w == "–" {
        // "10-35%" written tight; "Section 232 - 25% tariffs" is no spread.
        tight(sent, num, r.ts)
    } else if w.eq_ignore_ascii_case("to") {
        !before.eq_ignore_ascii_case("from") || ranging
    } else {
        false
    }
}

/// Whether the sentence gives a rate as a range ("duties of 45% to 50%", "between 20% and
/// 25%"): an estimate or a spread, not one stated rate.
pub(crate) fn has_range(sent: &Sentence<'_, '_>, rates: &[Rate]) -> bool {
    rates.windows(2).any(|w| match w {
        [a, b] => {
            b.ts == a.te + 1
                && ["to", "and", "-", "–"]
                    .iter()
                    .any(|x| x.eq_ignore_ascii_case(sent.w(a.te)))
        }
        _ => false,
    })
}

/// Whether `r` is a new value the trigger's own phrase changes to ("cut 25% tariffs on rice
/// to 10%"); past a comma or clause break it is another verb's ("a 5% tariff …, rising to
/// 25%", "a 40% levy, bringing the total to 50%").
fn changed_to(sent: &Sentence<'_, '_>, r: &Rate, trig: (usize, usize)) -> bool {
    r.lead == Lead::To
        && r.ts >= trig.1
        && !(trig.1..r.ts).any(|i| matches!(sent.w(i), "," | ";" | ":" | "—" | "–" | "("))
}

/// Whether rate `r`, after the trigger, follows a comma and then an action verb of its own
/// ("pauses higher tariffs for 90 days, raises China rate to 125%"): that verb's rate, not
/// the trigger's. A relative clause ("tariffs, which will rise to 25%") or a participle after
/// a subject ("The duties, set at 61.5%, …") keeps it.
fn other_verbs(sent: &Sentence<'_, '_>, r: &Rate, trig: (usize, usize)) -> bool {
    if r.ts < trig.1 {
        return false;
    }
    let Some(comma) = (trig.1..r.ts).find(|&i| matches!(sent.w(i), "," | ";")) else {
        return false;
    };
    let relative = ["which", "that", "who"]
        .iter()
        .any(|w| w.eq_ignore_ascii_case(sent.w(comma + 1)));
    // Only when the trigger is itself a verb's object: "The duties, set at 61.5%, …" is a
    // participle describing it.
    let is_cue = |h: &&super::context::Hit<'_>| matches!(h.entry.payload, Payload::Cue { .. });
    let governed = sent
        .hits
        .iter()
        .filter(is_cue)
        .any(|h| h.te <= trig.0 && trig.0 - h.te <= 6);
    // "doubled tariffs on …, raising the rate to 25%": a participle whose object is the
    // measure's rate goes on about the same measure.
    let same_measure = |h: &super::context::Hit<'_>| {
        h.entry.phrase.ends_with("ing")
            && ["the", "its", "their"]
                .iter()
                .any(|d| d.eq_ignore_ascii_case(sent.w(h.te)))
            && RATE_NOUNS
                .iter()
                .any(|n| n.eq_ignore_ascii_case(sent.w(h.te + 1)))
    };
    !relative
        && governed
        && sent.hits.iter().any(|h| {
            h.ts == comma + 1
                && h.te <= r.ts
                && matches!(h.entry.payload, Payload::Cue { .. })
                && !same_measure(h)
        })
}

/// Words before "rate(s)" that make it another figure's rate ("interest rate", "jobless
/// rate", "tax rate"), not a duty's.
const OTHER_RATE: [&str; 40] = [
    "interest",
    "benchmark",
    "policy",
    "lending",
    "deposit",
    "mortgage",
    "exchange",
    "unemployment",
    "jobless",
    "employment",
    "inflation",
    "growth",
    "tax",
    "vat",
    "income",
    "corporate",
    "savings",
    "repo",
    "funds",
    "bond",
    "default",
    "poverty",
    "participation",
    "vacancy",
    "utilisation",
    "utilization",
    "birth",
    "death",
    "mortality",
    "approval",
    "success",
    "response",
    "hourly",
    "prime",
    "key",
    "bank",
    "annual",
    "annualized",
    "annualised",
    "savings",
];

/// Words right after "rate(s)" that make it a central bank's ("rate cut", "rates hike").
const OTHER_RATE_AFTER: [&str; 10] = [
    "cut", "cuts", "hike", "hikes", "decision", "path", "outlook", "futures", "setters", "increase",
];

/// The rate a sentence with no tariff word states by calling it a rate ("The new rate is
/// 145%", "one of the highest rates, 39%", "a lower 10% rate"): the one new value within a
/// few words of "rate(s)" that is no other figure's rate ("interest rates at 4.5%").
fn rate_noun_rate(sent: &Sentence<'_, '_>, rates: &[Rate]) -> Option<f64> {
    if has_range(sent, rates) {
        return None;
    }
    let is_in = |list: &[&str], w: &str| list.iter().any(|x| x.eq_ignore_ascii_case(w));
    let mut found: Option<f64> = None;
    for k in 0..sent.toks.len() {
        let w = sent.w(k);
        if !(w.eq_ignore_ascii_case("rate") || w.eq_ignore_ascii_case("rates")) {
            continue;
        }
        let other = (k.saturating_sub(2)..k).any(|b| is_in(&OTHER_RATE, sent.w(b)))
            || is_in(&OTHER_RATE_AFTER, sent.w(k + 1));
        if other {
            return None;
        }
        // "The 32% rate had been set out in a letter": a rate superseded since.
        if (k + 1..k + 3).any(|b| sent.w(b).eq_ignore_ascii_case("had")) {
            continue;
        }
        // "the rate of inflation": "of" names whose rate it is, unless a rate follows.
        let of = sent.w(k + 1).eq_ignore_ascii_case("of");
        for r in rates.iter().filter(|r| r.lead != Lead::From) {
            let near = if r.te <= k {
                k - r.te <= 1
            } else {
                r.ts > k && r.ts - k <= 4 && (!of || r.ts == k + 2)
            };
            if !near {
                continue;
            }
            match found {
                Some(v) if v != r.pct => return None,
                _ => found = Some(r.pct),
            }
        }
    }
    found
}

/// Searchers for "ate" and "ATE" (the byte search of [`rate_sentences`]), built once.
fn ate_finders() -> &'static (
    memchr::memmem::Finder<'static>,
    memchr::memmem::Finder<'static>,
) {
    static FINDERS: std::sync::OnceLock<(
        memchr::memmem::Finder<'static>,
        memchr::memmem::Finder<'static>,
    )> = std::sync::OnceLock::new();
    FINDERS.get_or_init(|| {
        (
            memchr::memmem::Finder::new(b"ate"),
            memchr::memmem::Finder::new(b"ATE"),
        )
    })
}

/// Sentences with no tariff word that name a rate ("Switzerland faces one of the highest
/// rates, 39%", "The new rate is 145%") give it to the one rate-less tariff measure they can
/// refer back to: stated before them, with every country they name as a party, and not a
/// measure whose parties already have a rate elsewhere. Never a new event. Such sentences are
/// never cut by the trigger pass; they are looked at only when a rate-less tariff exists.
pub(crate) fn rate_sentences<'a, 'l>(
    lex: &'l Lexicon,
    doc: &Document<'a>,
    sent: &mut Sentence<'a, 'l>,
    measures: &mut Vec<MeasureCand>,
    trace: &mut Trace<'_>,
) {
    let rateless = |m: &MeasureCand| m.ty == EventType::Tariff && m.ev.rate_pct.is_none();
    if !measures.iter().any(rateless) {
        return;
    }
    entry_sentences(lex, doc, sent, measures, trace);
    if !measures.iter().any(rateless) {
        return;
    }
    let same_parties = |a: &MeasureCand, b: &MeasureCand| {
        a.ev.imposer == b.ev.imposer && a.ev.target == b.ev.target
    };
    let mut rates: Vec<Rate> = Vec::new();
    for (fi, field) in doc.fields.iter().enumerate() {
        let text = field.text;
        let mut floor = 0usize;
        // Byte search for "ate" behind an 'r' ("r" alone is too common a byte to search
        // for); any 'r' when the field has capitals "ATE" ("RATE" in a headline). Mixed
        // spellings such as "RaTe" are not looked for. ASCII, so byte offsets are char
        // boundaries.
        let bytes = text.as_bytes();
        let (ate, caps_ate) = ate_finders();
        let caps = caps_ate.find(bytes).is_some();
        let any_case = caps.then(|| memchr::memchr2_iter(b'r', b'R', bytes));
        let lower = (!caps).then(|| ate.find_iter(bytes).filter_map(|q| q.checked_sub(1)));
        let hits = any_case.into_iter().flatten();
        for p in hits.chain(lower.into_iter().flatten()) {
            if p < floor
                || !text
                    .get(p..p + 4)
                    .is_some_and(|w| w.eq_ignore_ascii_case("rate"))
            {
                continue;
            }
            let end = if text.get(p + 4..p + 5).is_some_and(|s| s == "s") {
                p + 5
            } else {
                p + 4
            };
            if !on_word_boundary(text, p, end) {
                continue;
            }
            let (s, e) = sentence_at(text, p, floor, lex);
            floor = e.max(p + 1);
            let Some(slice) = text.get(s..e) else {
                continue;
            };
            // A sentence with a tariff word was analysed by the trigger pass.
            if has_tariff_word(lex, slice) {
                continue;
            }
            sent.rebuild(text, s, e, lex);
            // "The 32% rate had been set out in a letter": a rate of the past or one denied.
            if past_or_denied(sent) {
                continue;
            }
            // A company's own rate ("Acme secured an individual rate of 7.8%") is no
            // country measure's.
            if sent.mentions.iter().any(|m| m.kind == ActorKind::Company) {
                continue;
            }
            find_rates(sent, &lex.dates, &mut rates);
            let Some(rate) = rate_noun_rate(sent, &rates) else {
                continue;
            };
            // A value some measure states already is a restatement.
            if measures
                .iter()
                .any(|m| m.ty == EventType::Tariff && m.ev.rate_pct == Some(rate))
            {
                continue;
            }
            let at = char_offset(text, s);
            let refers = |m: &MeasureCand| {
                let before = doc
                    .fields
                    .iter()
                    .position(|f| f.name == m.ev.evidence.field)
                    .is_some_and(|g| g < fi || (g == fi && m.ev.evidence.start < at));
                rateless(m)
                    && before
                    && sent
                        .mentions
                        .iter()
                        .all(|n| m.ev.imposer.iter().chain(&m.ev.target).any(|c| c == n.code))
                    && !measures.iter().any(|o| {
                        o.ty == EventType::Tariff && o.ev.rate_pct.is_some() && same_parties(o, m)
                    })
            };
            let mut cands = measures.iter().filter(|m| refers(m));
            let Some(first) = cands.next() else {
                continue;
            };
            if cands.any(|m| !same_parties(m, first)) {
                trace.line(|| {
                    format!("rate {rate} named as a rate: several measures it may be; none")
                });
                continue;
            }
            let (imposer, target) = (first.ev.imposer.clone(), first.ev.target.clone());
            trace.line(|| {
                format!("rate {rate} named as a rate in a sentence with no tariff word: {imposer:?}->{target:?}")
            });
            for m in measures.iter_mut() {
                if rateless(m) && m.ev.imposer == imposer && m.ev.target == target {
                    m.ev.rate_pct = Some(rate);
                }
            }
        }
    }
}

/// Whether a sentence's bytes may hold a rate entry (see [`sentence_entries`]): a verb of
/// [`INCUR`] in lower case ("be" after a modal), or `fors_needed` rates "for" something. A
/// cheap test before the sentence is cut and tokenized; most percentages have neither near.
fn may_hold_entries(bytes: &[u8], fors_needed: usize) -> bool {
    let mut prev: &[u8] = b"";
    let mut fors = 0;
    let mut start: Option<usize> = None;
    let ends = std::iter::once((bytes.len(), b' '));
    for (i, b) in bytes.iter().copied().enumerate().chain(ends) {
        let in_word = b.is_ascii_alphanumeric() || b == b'%';
        let Some(s) = start.filter(|_| !in_word) else {
            if in_word && start.is_none() {
                start = Some(i);
            }
            continue;
        };
        start = None;
        let w = bytes.get(s..i).unwrap_or_default();
        let verb = match w {
            b"face" | b"faces" | b"facing" | b"pay" | b"pays" | b"paying" | b"bear" | b"bears"
            | b"carry" | b"carries" | b"attract" | b"attracts" | b"charged" | b"taxed"
            | b"assigned" | b"set" | b"levied" | b"receive" | b"receives" | b"received"
            | b"get" | b"gets" | b"got" | b"handed" | b"subject" | b"hit" => true,
            b"be" => matches!(prev, b"will" | b"would" | b"shall" | b"now" | b"ll"),
            b"for" => {
                fors += usize::from(
                    prev.ends_with(b"%") || matches!(prev, b"cent" | b"percent" | b"centum"),
                );
                false
            }
            _ => false,
        };
        if verb || fors >= fors_needed {
            return true;
        }
        prev = w;
    }
    false
}

/// A rate entry of a sentence with no measure of its own: its value and the parties it
/// names.
struct Entry<'l> {
    pct: f64,
    parties: Vec<&'l str>,
}

/// The rate entries of a sentence that states them with no measure of its own: rates each
/// paid by their own subject ("Yarn will be charged 15% and fabric 20%", "Imports from the
/// EU will be taxed at 20%, Japan at 24%"), else at least two rates each "for" a party
/// ("34% for China, 20% for the European Union").
fn sentence_entries<'l>(
    sent: &Sentence<'_, 'l>,
    words: &DateWords,
    rates: &[Rate],
    out: &mut Vec<Entry<'l>>,
) {
    out.clear();
    for r in entry_rates(sent, rates) {
        out.push(Entry {
            pct: r.pct,
            parties: entry_parties(sent, rates, r),
        });
    }
    let paid = out.len();
    for r in rates.iter().filter(|r| r.lead != Lead::From) {
        if !sent.w(r.te).eq_ignore_ascii_case("for") || out.iter().any(|e| e.pct == r.pct) {
            continue;
        }
        let party = sent.mentions.iter().find(|m| {
            (r.te + 1..=r.te + 2).contains(&m.ts)
                && matches!(m.kind, ActorKind::Country | ActorKind::Demonym)
        });
        if let Some(m) = party {
            out.push(Entry {
                pct: r.pct,
                parties: vec![m.code],
            });
        } else if named_payer(sent, words, r.te + 1) {
            // "30.6% for Martell": a firm's own rate of the measure, aimed at its target.
            out.push(Entry {
                pct: r.pct,
                parties: Vec::new(),
            });
        }
    }
    // Rates "for" someone count as a list of at least two (with a paid one before them).
    if out.len() < 2 {
        out.truncate(paid);
    }
}

/// Whether the word at `i` names a payer: a capitalised name, not a date word ("for
/// March") nor an article ("for The ..." in a headline).
fn named_payer(sent: &Sentence<'_, '_>, words: &DateWords, i: usize) -> bool {
    let w = sent.w(i);
    w.starts_with(|ch: char| ch.is_ascii_uppercase())
        && w.len() > 1
        && words.month(w).is_none()
        && !words.is_starter(w)
        && !is_determiner_word(w)
}

/// Articles and possessives that open a noun phrase, in any case.
fn is_determiner_word(w: &str) -> bool {
    [
        "the", "a", "an", "its", "their", "this", "all", "each", "other",
    ]
    .iter()
    .any(|d| d.eq_ignore_ascii_case(w))
}

/// "The 32% rate had been set out in a letter", "no 10% duty": a sentence with a history or
/// negation cue states no live rate.
fn past_or_denied(sent: &Sentence<'_, '_>) -> bool {
    sent.hits
        .iter()
        .any(|h| matches!(h.entry.payload, Payload::History | Payload::Negation))
}

/// Whether `slice` holds a tariff trigger word (then the trigger pass analysed it, and a rate
/// of a party-less mention is carried at merge, never taken here).
fn has_tariff_word(lex: &Lexicon, slice: &str) -> bool {
    let mut tariff_word = false;
    lex.trigger_scan
        .for_each_word(slice, 0, slice.len(), |_, _, pid| {
            tariff_word = tariff_word
                || lex
                    .triggers
                    .get(pid)
                    .is_some_and(|i| i.ty == EventType::Tariff);
        });
    tariff_word
}

/// Sentences after a rate-less tariff measure's own that look at for rate entries: a rate
/// list follows the measure it details ("Egypt has imposed safeguard duties on billets and
/// rebar. It said billets will be charged 15% and rebar 25%.").
const FOLLOWING: usize = 2;

/// Sentences with no measure of their own, right after a rate-less tariff measure's, that
/// state rates as what goods or parties pay ("It said imported billets will be charged 15% of
/// their value and rebar 25%", "Thailand was assigned 36%, Indonesia 32%"): each rate is one
/// event of the item's latest tariff measure stated before them (its imposer and action; the
/// entry's own party as the target, else the measure's). A value that measure's imposer
/// already has is a restatement; a rate-less mention of the same measure takes the first
/// value. Only the few sentences after such a measure are cut, so items pay little for it.
fn entry_sentences<'a, 'l>(
    lex: &'l Lexicon,
    doc: &Document<'a>,
    sent: &mut Sentence<'a, 'l>,
    measures: &mut Vec<MeasureCand>,
    trace: &mut Trace<'_>,
) {
    // Where each such measure's sentence ends: field and character offset, in text order.
    let mut ends: Vec<(usize, usize)> = measures
        .iter()
        .filter(|m| {
            m.ty == EventType::Tariff && m.ev.rate_pct.is_none() && !m.ev.imposer.is_empty()
        })
        .filter_map(|m| {
            let fi = doc
                .fields
                .iter()
                .position(|f| f.name == m.ev.evidence.field)?;
            Some((fi, m.ev.evidence.end))
        })
        .collect();
    ends.sort_unstable();
    ends.dedup();
    // Their byte offsets, walking each field once.
    let mut starts: Vec<(usize, usize)> = Vec::with_capacity(ends.len());
    let mut walk = (usize::MAX, 0usize, 0usize);
    for (fi, end) in ends {
        let Some(text) = doc.fields.get(fi).map(|f| f.text) else {
            continue;
        };
        if walk.0 != fi {
            walk = (fi, 0, 0);
        }
        let (_, mut byte, mut chars) = walk;
        // Every character is at least one byte: jump the characters still to go and count
        // what was passed (a fast count), until the offset is reached.
        while chars < end && byte < text.len() {
            let mut to = (byte + (end - chars)).min(text.len());
            while !text.is_char_boundary(to) {
                to += 1;
            }
            chars += text.get(byte..to).map_or(0, |t| t.chars().count());
            byte = to;
        }
        walk = (fi, byte, chars);
        starts.push((fi, byte));
    }
    let mut rates: Vec<Rate> = Vec::new();
    let mut entries: Vec<Entry<'l>> = Vec::new();
    // The measures as they stood before any entry: entries of one list detail the measure
    // stated before them, not an event an earlier list added or gave a rate.
    let original: Vec<bool> = measures.iter().map(|m| m.ev.rate_pct.is_none()).collect();
    for (mut fi, mut pos) in starts {
        for _ in 0..FOLLOWING {
            let Some(mut field) = doc.fields.get(fi) else {
                break;
            };
            // Past the blank lines between paragraphs; from a title on into the body.
            pos += field
                .text
                .get(pos..)
                .map_or(0, |t| t.len() - t.trim_start().len());
            if pos >= field.text.len() {
                let Some(next) = doc.fields.get(fi + 1) else {
                    break;
                };
                (fi, pos, field) = (fi + 1, 0, next);
            }
            let text = field.text;
            let (s, e) = sentence_at(text, pos, pos, lex);
            pos = e.max(pos + 1);
            let Some(slice) = text.get(s..e) else {
                continue;
            };
            let bytes = slice.as_bytes();
            let unit = memchr::memchr(b'%', bytes).is_some()
                || memchr::memmem::find(bytes, b"cent").is_some();
            if !unit || !may_hold_entries(bytes, 2) || has_tariff_word(lex, slice) {
                continue;
            }
            let at = if text.is_ascii() {
                s
            } else {
                char_offset(text, s)
            };
            // A sentence that gave a measure was that measure's to take.
            if measures
                .iter()
                .any(|m| m.ev.evidence.start == at && m.ev.evidence.field == field.name)
            {
                continue;
            }
            sent.rebuild(text, s, e, lex);
            if past_or_denied(sent) {
                continue;
            }
            find_rates(sent, &lex.dates, &mut rates);
            sentence_entries(sent, &lex.dates, &rates, &mut entries);
            if entries.is_empty() {
                continue;
            }
            let before = |m: &MeasureCand| {
                doc.fields
                    .iter()
                    .position(|f| f.name == m.ev.evidence.field)
                    .is_some_and(|g| g < fi || (g == fi && m.ev.evidence.start < at))
            };
            let Some((rateless, head)) = measures
                .iter()
                .zip(&original)
                .rev()
                .find(|(m, _)| m.ty == EventType::Tariff && !m.ev.imposer.is_empty() && before(m))
                .map(|(m, r)| (*r, m.ev.clone()))
            else {
                continue;
            };
            // The entries detail a measure that stated no rate of its own.
            if !rateless {
                continue;
            }
            let span = (at, at + text.get(s..e).map_or(0, |t| t.chars().count()));
            for entry in &entries {
                add_entry(field, sent, span, &head, entry, measures, trace);
            }
        }
    }
}

/// Adds one rate entry as an event of the measure `head` (see [`entry_sentences`]).
fn add_entry(
    field: &super::Field<'_>,
    sent: &Sentence<'_, '_>,
    chars: (usize, usize),
    head: &super::MeasureEvent,
    entry: &Entry<'_>,
    measures: &mut Vec<MeasureCand>,
    trace: &mut Trace<'_>,
) {
    let own: Vec<String> = entry
        .parties
        .iter()
        .filter(|c| !head.imposer.iter().any(|i| i == *c))
        .map(|c| (*c).to_string())
        .collect();
    // "U.S. goods will face 25%" after a U.S. measure: the imposer's own goods pay another's;
    // a party the measure does not aim at is another measure's.
    let foreign = !head.target.is_empty() && own.iter().any(|c| !head.target.contains(c));
    if (own.is_empty() && !entry.parties.is_empty()) || foreign {
        return;
    }
    // The measure's target, or the one its imposer last named for a measure of that action
    // ("The EU will impose duties on Chinese EVs. The countervailing duties … BYD would pay
    // 17%").
    let target = if !own.is_empty() {
        own
    } else if head.target.is_empty() {
        measures
            .iter()
            .rev()
            .find(|m| {
                m.ty == EventType::Tariff
                    && m.ev.imposer == head.imposer
                    && m.ev.action == head.action
                    && !m.ev.target.is_empty()
            })
            .map_or_else(Vec::new, |m| m.ev.target.clone())
    } else {
        head.target.clone()
    };
    let tariff_of_head =
        |m: &MeasureCand| m.ty == EventType::Tariff && m.ev.imposer == head.imposer;
    if measures
        .iter()
        .any(|m| tariff_of_head(m) && m.ev.rate_pct == Some(entry.pct))
    {
        return;
    }
    trace.line(|| {
        format!(
            "rate {} stated as what its subject pays: {:?}->{:?}",
            entry.pct, head.imposer, target
        )
    });
    let rateless_twin = measures.iter_mut().find(|m| {
        tariff_of_head(m)
            && m.ev.rate_pct.is_none()
            && m.ev.action == head.action
            && m.ev.target == target
    });
    if let Some(m) = rateless_twin {
        m.ev.rate_pct = Some(entry.pct);
        return;
    }
    let mut ev = head.clone();
    ev.target = target;
    ev.rate_pct = Some(entry.pct);
    ev.products.clear();
    ev.evidence = super::analyze::evidence(field, sent, chars);
    ev.confidence = (head.confidence - 0.1).max(0.0);
    measures.push(MeasureCand {
        ty: EventType::Tariff,
        ev,
    });
}

/// Nouns a "same"/"equal" phrase after a duty compares by rate ("duties of the same size",
/// "at an equal rate"); "the same amount of goods" compares the goods covered, not the rate.
const SAME_NOUN: [&str; 7] = [
    "size",
    "rate",
    "rates",
    "level",
    "levels",
    "magnitude",
    "percentage",
];

/// Words right before a duty that make its rate another one's ("matching levies", "identical
/// duties"; not "reciprocal", the name of a kind of tariff, nor "equivalent"/"equal", which
/// often compare the value of goods covered).
const SAME_BEFORE: [&str; 3] = ["matching", "identical", "mirror"];

/// Whether the trigger's duty is stated to have the rate of another ("Beijing responded with
/// duties of the same size", "matching levies", "tariffs at the same rate"): then it takes
/// the rate of the measure just stated.
pub(crate) fn same_rate(sent: &Sentence<'_, '_>, trig: (usize, usize)) -> bool {
    let is_in = |list: &[&str], w: &str| list.iter().any(|x| x.eq_ignore_ascii_case(w));
    let before = (trig.0.saturating_sub(2)..trig.0).any(|k| is_in(&SAME_BEFORE, sent.w(k)));
    // "of the same size", "at an equal rate", "of identical magnitude".
    let after = (trig.1..trig.1 + 3).any(|k| {
        (sent.w(k).eq_ignore_ascii_case("same")
            || sent.w(k).eq_ignore_ascii_case("equal")
            || sent.w(k).eq_ignore_ascii_case("identical"))
            && is_in(&SAME_NOUN, sent.w(k + 1))
            && (trig.1..k).all(|b| is_in(&["of", "at", "the", "an", "a"], sent.w(b)))
    });
    before || after
}
