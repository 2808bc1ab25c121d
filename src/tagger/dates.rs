//! The date grammar: finds date expressions in a tokenized sentence and resolves them against
//! the reference date, following the annotation guidelines:
//!
//! - weekday: the next such day after the reference (the same day when it is that weekday);
//!   "next Monday" / "Monday next week" is the Monday of the following week; "last Friday",
//!   "said on Friday" and "on Friday imposed" are past (not deadlines); "Monday, July 14" is
//!   the written-out day;
//! - "Aug. 1" / "1 August" without a year: the occurrence nearest the reference date, except
//!   that after "by/until/before" a day long past means next year's;
//! - "in 30 days", "within 48 hours", "had 50 days", "forty-five days": reference plus the span
//!   (hours rounded up to days, months as calendar months); counted instead from a date the
//!   sentence gives: "50 days from July 15", "90 days from that date", "a 90-day period
//!   starting May 14", or a written-out day of the act just before ("signed on Aug. 6, take
//!   effect in 45 days");
//! - "10 or 12 days", "10-12 days", "between 10 and 12 days": a range (`date`, `date_end`);
//! - "the end of the month" / "end of the year" / "end of 2027": the last day of that period;
//! - "effective immediately": the reference day;
//! - a month alone, "mid-August", "by spring", "next month", "the coming weeks": an
//!   expression with no resolvable day;
//! - "since June 1" and days more than a month before the reference are past (background);
//!   so is a span whose act the sentence dates to an earlier year ("adopted in December 2017,
//!   gave member states 24 months").

use chrono::{Datelike, Days, Months, NaiveDate};

use super::lexicon::{DateWords, Unit};

/// Words after a span that start counting it from a date ("90 days starting July 15", "a
/// 90-day window that began on June 1"); the gate (`analyze::span_fate`) reads them too.
pub(super) const SPAN_STARTS: [&str; 6] = [
    "starting",
    "beginning",
    "began",
    "begins",
    "started",
    "starts",
];

/// One date expression: token range `[ts, te)` and what it resolves to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct DateExpr {
    pub ts: usize,
    pub te: usize,
    pub date: Option<NaiveDate>,
    pub date_end: Option<NaiveDate>,
    /// Refers to the past ("last Friday"): never a deadline.
    pub past: bool,
    /// A bare span ("three years", "20 hours of supply"): a duration, not a limit. Spans
    /// are limits after "in"/"within"/"for"/"next", before "to" ("had 50 days to"), or as a
    /// compound before a limit noun ("a 90-day pause").
    pub bare: bool,
    /// A calendar day written out ("July 14", "Thursday, Aug. 6", ISO): a span later in the
    /// sentence may be counted from it.
    pub explicit: bool,
    /// A span's length in days and whether its start is one the text states ("50 days from
    /// July 14", "signed on Aug. 6 … in 45 days") rather than the reference: the same period
    /// counted from two starts is one limit, and merge keeps the stated start.
    pub span: Option<(i64, bool)>,
}

/// Dates found earlier in the sentence that a span may be counted from.
#[derive(Debug, Clone, Copy, Default)]
struct Prior {
    /// The latest resolved date ("take effect on Wednesday and last 90 days from that date").
    last: Option<NaiveDate>,
    /// The latest written-out day at most [`ANCHOR_DAYS`] before the reference: the day of
    /// the act the item reports ("signed on Thursday, Aug. 6, take effect in 45 days").
    anchor: Option<NaiveDate>,
}

/// How far before the reference a written-out day still anchors a later span.
const ANCHOR_DAYS: i64 = 14;

/// "(The U.S.) on Monday imposed …": a past-tense verb right after a weekday makes it the
/// day of the act. Regular "-ed" forms and the common irregular ones of news copy.
fn past_verb(w: &str) -> bool {
    const IRREGULAR: [&str; 12] = [
        "said", "told", "gave", "took", "made", "set", "hit", "began", "struck", "sent", "won",
        "slapped",
    ];
    (w.len() > 4
        && w.get(w.len() - 2..)
            .is_some_and(|e| e.eq_ignore_ascii_case("ed")))
        || IRREGULAR.iter().any(|v| v.eq_ignore_ascii_case(w))
}

/// Words before "on <weekday>" that make it the day something was said or done.
const REPORTING: [&str; 12] = [
    "said",
    "says",
    "announced",
    "told",
    "wrote",
    "tweeted",
    "posted",
    "confirmed",
    "added",
    "late",
    "early",
    "earlier",
];

/// A day more than this before the reference is background ("came into force on June 30",
/// reported in August), not a live limit; a measure backdated by a week or two still is.
const STALE_DAYS: i64 = 30;

struct Cx<'a> {
    /// The sentence's token texts, sliced once by the caller.
    ws: &'a [&'a str],
    words: &'a DateWords,
    reference: NaiveDate,
}

impl Cx<'_> {
    fn w(&self, i: usize) -> &str {
        self.ws.get(i).copied().unwrap_or("")
    }
    fn is(&self, i: usize, word: &str) -> bool {
        self.w(i).eq_ignore_ascii_case(word)
    }
    /// "next", or "subsequent" (its stand-in in machine-paraphrased copy).
    fn is_next(&self, i: usize) -> bool {
        self.is(i, "next") || self.is(i, "subsequent")
    }
    fn day_num(&self, i: usize) -> Option<u32> {
        let w = self.w(i);
        let digits = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
        let suffix = &w[digits.len()..];
        if !(suffix.is_empty()
            || ["st", "nd", "rd", "th"]
                .iter()
                .any(|s| s.eq_ignore_ascii_case(suffix)))
        {
            return None;
        }
        if digits.is_empty() || digits.len() > 2 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        digits.parse().ok().filter(|d| (1..=31).contains(d))
    }
    fn year(&self, i: usize) -> Option<i32> {
        let w = self.w(i);
        if w.len() == 4 && (w.starts_with("19") || w.starts_with("20")) {
            w.parse().ok()
        } else {
            None
        }
    }
    /// A month name at `i`; "May"/"March" must be capitalised (else modal verb / march).
    fn month(&self, i: usize) -> Option<u32> {
        let w = self.w(i);
        self.month_checked(w, self.words.month(w)?)
    }
    /// The ambiguity check of [`Self::month`] for a month `m` already looked up.
    fn month_checked(&self, w: &str, m: u32) -> Option<u32> {
        let ambiguous = ["may", "mar", "march", "jan", "dec"]
            .iter()
            .any(|a| a.eq_ignore_ascii_case(w));
        if ambiguous && !w.starts_with(|c: char| c.is_uppercase()) {
            return None;
        }
        Some(m)
    }
    /// The number at `i` and the index after it. The tokenizer splits "forty-five" at the
    /// hyphen, so a tens word followed by "-" and a units word is joined here.
    fn number_at(&self, i: usize) -> Option<(u32, usize)> {
        let n = self.words.number(self.w(i))?;
        Some(self.compound(n, i))
    }
    /// Joins "forty" "-" "five" (tens word at `i`, already read as `n`) into 45.
    fn compound(&self, n: u32, i: usize) -> (u32, usize) {
        let word = |k: usize| self.w(k).bytes().all(|b| b.is_ascii_alphabetic());
        if n % 10 == 0 && (20..=90).contains(&n) && word(i) && self.is(i + 1, "-") {
            let units = self.w(i + 2);
            // "a"/"single" are in the number table as 1 but never end a compound.
            if units.len() >= 3 && word(i + 2) {
                if let Some(u) = self.words.number(units).filter(|u| (1..=9).contains(u)) {
                    return (n + u, i + 3);
                }
            }
        }
        (n, i + 1)
    }
    /// Skips an abbreviation period after token `i`.
    fn after_dot(&self, i: usize) -> usize {
        if self.is(i + 1, ".") {
            i + 2
        } else {
            i + 1
        }
    }
}

/// The `month`/`day` occurrence nearest `reference` (year inferred).
pub(crate) fn nearest_month_day(reference: NaiveDate, month: u32, day: u32) -> Option<NaiveDate> {
    let y = reference.year();
    [y - 1, y, y + 1]
        .iter()
        .filter_map(|&yy| NaiveDate::from_ymd_opt(yy, month, day))
        .min_by_key(|d| (*d - reference).num_days().abs())
}

/// A month and day without a year: the occurrence nearest the reference (guidelines), except
/// that a limit ("by March 1", "until Oct. 30", "expires Nov. 4") or a date in a future-tense
/// clause ("will take effect on Jan. 1") is never stale: when the nearest occurrence lies more
/// than [`STALE_DAYS`] back, it is the next one.
fn yearless(cx: &Cx<'_>, i: usize, month: u32, day: u32) -> Option<NaiveDate> {
    let date = nearest_month_day(cx.reference, month, day)?;
    if (cx.reference - date).num_days() <= STALE_DAYS {
        return Some(date);
    }
    let prev = if i > 0 { cx.w(i - 1) } else { "" };
    let limit = [
        "by", "until", "till", "before", "through", "than", "ending", "ends", "expires",
        "expiring", "expire", "lapses",
    ]
    .iter()
    .any(|p| p.eq_ignore_ascii_case(prev));
    // "a deadline of Sept. 30", "a cut-off date of Sept. 30"
    let before2 = if i >= 2 { cx.w(i - 2) } else { "" };
    // "the duties expire on Dec. 31", "the truce ends on Nov. 10": an ending in the present
    // is scheduled, so it is never stale either
    let ends_on = prev.eq_ignore_ascii_case("on")
        && ["expire", "expires", "end", "ends", "lapse", "lapses"]
            .iter()
            .any(|p| p.eq_ignore_ascii_case(before2));
    let deadline_of = prev.eq_ignore_ascii_case("of")
        && ["deadline", "date", "off", "cutoff", "expiry"]
            .iter()
            .any(|p| p.eq_ignore_ascii_case(before2));
    if limit || ends_on || deadline_of || future_clause(cx, i) {
        return date.checked_add_months(Months::new(12));
    }
    Some(date)
}

/// A future modal ("will", "would", "shall") among the few words before `i`, in its clause.
fn future_clause(cx: &Cx<'_>, i: usize) -> bool {
    for k in (i.saturating_sub(8)..i).rev() {
        let w = cx.w(k);
        if w == "," || w == ";" {
            return false;
        }
        if ["will", "would", "shall"]
            .iter()
            .any(|m| m.eq_ignore_ascii_case(w))
        {
            return true;
        }
    }
    false
}

/// The next `weekday` (1 = Monday) on or after `reference`.
pub(crate) fn upcoming_weekday(reference: NaiveDate, weekday: u32) -> Option<NaiveDate> {
    let cur = reference.weekday().number_from_monday();
    let ahead = (weekday + 7 - cur) % 7;
    reference.checked_add_days(Days::new(u64::from(ahead)))
}

/// The latest `weekday` (1 = Monday) on or before `reference`.
pub(crate) fn latest_weekday(reference: NaiveDate, weekday: u32) -> Option<NaiveDate> {
    let cur = reference.weekday().number_from_monday();
    let back = (cur + 7 - weekday) % 7;
    reference.checked_sub_days(Days::new(u64::from(back)))
}

/// A past-tense verb of taking effect or running out ("took effect", "came into force",
/// "kicked in", "the deadline passed on Friday") in the few words before `i`, in its clause.
fn took_effect_before(cx: &Cx<'_>, i: usize) -> bool {
    for k in (i.saturating_sub(6)..i).rev() {
        let w = cx.w(k);
        if w == "," || w == ";" {
            return false;
        }
        if [
            "took", "came", "went", "kicked", "entered", "passed", "expired", "lapsed", "ended",
            "snapped",
        ]
        .iter()
        .any(|v| v.eq_ignore_ascii_case(w))
        {
            return true;
        }
    }
    false
}

/// The `weekday` of the week after the reference's week.
pub(crate) fn next_week_weekday(reference: NaiveDate, weekday: u32) -> Option<NaiveDate> {
    let cur = reference.weekday().number_from_monday();
    let to_monday = 8 - cur;
    reference.checked_add_days(Days::new(u64::from(to_monday + weekday - 1)))
}

fn last_of_month(year: i32, month: u32) -> Option<NaiveDate> {
    let first = NaiveDate::from_ymd_opt(year, month, 1)?;
    first.checked_add_months(Months::new(1))?.pred_opt()
}

fn add_span(base: NaiveDate, n: u32, unit: Unit, unit_word: &str) -> Option<NaiveDate> {
    let u = unit_word.to_ascii_lowercase();
    if u.starts_with("month") {
        return base.checked_add_months(Months::new(n));
    }
    if u.starts_with("year") || u == "yr" {
        return base.checked_add_months(Months::new(n.saturating_mul(12)));
    }
    let days = match unit {
        Unit::Days(d) => u64::from(n) * u64::from(d),
        Unit::Hours(h) => (u64::from(n) * u64::from(h)).div_ceil(24),
    };
    base.checked_add_days(Days::new(days))
}

/// `base` plus `n` working days (Monday to Friday; public holidays are not known).
fn add_weekdays(base: NaiveDate, n: u32) -> Option<NaiveDate> {
    let mut d = base;
    let mut left = n;
    while left > 0 {
        d = d.succ_opt()?;
        if d.weekday().num_days_from_monday() < 5 {
            left -= 1;
        }
    }
    Some(d)
}

/// Finds the date expressions in the token texts `ws` of a sentence, appended to `out`.
pub(crate) fn find_dates(
    ws: &[&str],
    words: &DateWords,
    reference: NaiveDate,
    out: &mut Vec<DateExpr>,
) {
    let cx = Cx {
        ws,
        words,
        reference,
    };
    let mut prior = Prior::default();
    let mut i = 0;
    while i < ws.len() {
        // Most tokens can open nothing: a shape test skips them without parsing.
        if !words.may_open(cx.w(i)) {
            debug_assert!(
                parse_at(&cx, i, prior).is_none(),
                "`{}` opens a date: add it to PHRASE_OPENERS",
                cx.w(i)
            );
            i += 1;
            continue;
        }
        match parse_at(&cx, i, prior) {
            Some(mut d) => {
                let prev = if d.ts > 0 { cx.w(d.ts - 1) } else { "" };
                if ["last", "past", "previous", "since"]
                    .iter()
                    .any(|p| p.eq_ignore_ascii_case(prev))
                {
                    d.past = true;
                }
                if let Some(date) = d.date {
                    if (reference - date).num_days() > STALE_DAYS {
                        d.past = true;
                    }
                    prior.last = Some(date);
                    let age = (reference - date).num_days();
                    if d.explicit && (0..=ANCHOR_DAYS).contains(&age) {
                        prior.anchor = Some(date);
                    }
                }
                i = d.te.max(i + 1);
                out.push(d);
            }
            None => i += 1,
        }
    }
}

/// The words that open the phrases `parse_at` matches outside the date tables (the
/// `immediate_effect`, tip/top `end_of` and `vague_period` branches). `find_dates` skips
/// tokens that are neither these, nor starters, nor numbers: a new phrase branch must add
/// its first word here (a debug assertion in `find_dates` catches a missing one).
pub(crate) const PHRASE_OPENERS: [&str; 13] = [
    "first",
    "immediately",
    "instantly",
    "immediate",
    "tip",
    "top",
    "next",
    "subsequent",
    "matter",
    "coming",
    "later",
    "early",
    "late",
];

fn parse_at(cx: &Cx<'_>, i: usize, prior: Prior) -> Option<DateExpr> {
    let w = cx.w(i);
    if w.len() == 5 && w.eq_ignore_ascii_case("first") {
        return first_of_month(cx, i);
    }
    // Phrases opened by words outside the date tables; the first byte keeps this off
    // the path of most tokens.
    let phrase = match w.as_bytes().first().map(u8::to_ascii_lowercase) {
        Some(b'i') => immediate_effect(cx, i).map(|te| (te, Some(cx.reference))),
        // "the tip of the yr": paraphrasing tools' stand-ins for "end" open no table entry.
        Some(b't') if (cx.is(i, "tip") || cx.is(i, "top")) && i > 0 && !cx.is(i - 1, "on") => {
            end_of(cx, i + 1)
        }
        Some(b'n' | b'c' | b'l' | b'e' | b's' | b'm') => vague_period(cx, i).map(|te| (te, None)),
        _ => None,
    };
    if let Some((te, date)) = phrase {
        return Some(DateExpr {
            ts: i,
            te,
            date,
            date_end: None,
            past: false,
            bare: false,
            explicit: false,
            span: None,
        });
    }
    if !cx.words.is_starter(w) {
        return None;
    }
    // Month, weekday, number and relative entries of `w`, hashed once.
    let opener = cx.words.opener(w).copied().unwrap_or_default();
    let expr = |te: usize, date: Option<NaiveDate>, date_end: Option<NaiveDate>| DateExpr {
        ts: i,
        te,
        date,
        date_end,
        past: false,
        bare: false,
        explicit: false,
        span: None,
    };
    // ISO 2025-08-01
    if let Some(y) = cx.year(i) {
        if cx.is(i + 1, "-") && cx.is(i + 3, "-") {
            let m = cx.w(i + 2).parse().ok();
            let d = cx.w(i + 4).parse().ok();
            if let (Some(m), Some(d)) = (m, d) {
                return NaiveDate::from_ymd_opt(y, m, d).map(|dt| DateExpr {
                    explicit: true,
                    span: None,
                    ..expr(i + 5, Some(dt), None)
                });
            }
        }
    }
    // "end of the month" / "end of this year" / "end of August" / "end of 2027"
    if w.eq_ignore_ascii_case("end") || w.eq_ignore_ascii_case("finish") {
        if let Some((te, date)) = end_of(cx, i + 1) {
            return Some(expr(te, date, None));
        }
    }
    // "month-end", "year-end", "month's end", "year's end"
    let end_at = if cx.is(i + 1, "-") && cx.is(i + 2, "end") {
        Some(i + 3)
    } else if cx.is(i + 1, "'") && cx.is(i + 2, "s") && cx.is(i + 3, "end") {
        Some(i + 4)
    } else {
        None
    };
    if let Some(te) =
        end_at.filter(|_| w.eq_ignore_ascii_case("month") || w.eq_ignore_ascii_case("year"))
    {
        let r = cx.reference;
        let d = if w.eq_ignore_ascii_case("month") {
            last_of_month(r.year(), r.month())
        } else {
            NaiveDate::from_ymd_opt(r.year(), 12, 31)
        };
        return Some(expr(te, d, None));
    }
    // relative words
    if let Some(off) = opener.relative {
        return Some(expr(
            i + 1,
            cx.reference
                .checked_add_signed(chrono::TimeDelta::days(off)),
            None,
        ));
    }
    // weekdays
    if let Some(wd) = opener.weekday {
        let prev = if i > 0 { cx.w(i - 1) } else { "" };
        // "next Monday", "Monday next week": the Monday of the following week.
        let next_week = cx.is_next(i + 1) && cx.is(i + 2, "week");
        let after_next = i > 0 && cx.is_next(i - 1);
        let date = if after_next || next_week {
            next_week_weekday(cx.reference, wd)
        } else if took_effect_before(cx, i) {
            // "the tariffs took effect on Friday", published Saturday: yesterday.
            latest_weekday(cx.reference, wd)
        } else {
            upcoming_weekday(cx.reference, wd)
        };
        // "said on Friday", "late on Friday": the day of the report, already past.
        let before2 = if i >= 2 { cx.w(i - 2) } else { "" };
        let reported = (prev.eq_ignore_ascii_case("on")
            && REPORTING.iter().any(|r| r.eq_ignore_ascii_case(before2)))
            || past_verb(cx.w(i + 1));
        let ts = if after_next
            || prev.eq_ignore_ascii_case("this")
            || prev.eq_ignore_ascii_case("coming")
        {
            i - 1
        } else {
            i
        };
        // "Monday, July 14", "Friday 1 August": the written-out day decides (it may be past:
        // the day of the act).
        let sep = cx.is(i + 1, ",") || cx.is(i + 1, "(");
        let k = if sep { i + 2 } else { i + 1 };
        if cx.month(k).is_some() || (cx.day_num(k).is_some() && cx.month(k + 1).is_some()) {
            if let Some(d) = parse_at(cx, k, Prior::default()).filter(|d| d.date.is_some()) {
                return Some(DateExpr { ts, ..d });
            }
        }
        return Some(DateExpr {
            ts,
            te: if next_week { i + 3 } else { i + 1 },
            date,
            date_end: None,
            past: reported,
            bare: false,
            explicit: false,
            span: None,
        });
    }
    // Month [.] Day[st] [,] [Year]   |   Month alone
    if let Some(m) = opener.month.and_then(|m| cx.month_checked(w, m)) {
        let j = cx.after_dot(i);
        if let Some(d) = cx.day_num(j) {
            let mut te = j + 1;
            let mut year = None;
            let k = if cx.is(te, ",") { te + 1 } else { te };
            if let Some(y) = cx.year(k) {
                year = Some(y);
                te = k + 1;
            }
            let date = match year {
                Some(y) => NaiveDate::from_ymd_opt(y, m, d),
                None => yearless(cx, i, m, d),
            };
            return Some(DateExpr {
                explicit: true,
                span: None,
                ..expr(te, date, None)
            });
        }
        // A month alone is only a date expression after a preposition or qualifier.
        let prev = if i > 0 { cx.w(i - 1) } else { "" };
        let qualifiers = [
            "by", "until", "in", "early", "mid", "late", "before", "end", "from",
        ];
        if qualifiers.iter().any(|q| q.eq_ignore_ascii_case(prev)) || (prev == "-" && i >= 2) {
            // "end-June" (wire shorthand for the end of June): the month's last day.
            if prev == "-" && i >= 2 && cx.is(i - 2, "end") {
                let mid = nearest_month_day(cx.reference, m, 15)?;
                return Some(DateExpr {
                    ts: i - 2,
                    ..expr(j, last_of_month(mid.year(), m), None)
                });
            }
            // The expression opens at "mid-"/"early"/"late", so it stays next to its trigger
            // ("come into effect in mid-April").
            let ts = if prev == "-" && i >= 2 {
                i - 2
            } else if ["early", "mid", "late"]
                .iter()
                .any(|q| q.eq_ignore_ascii_case(prev))
            {
                i - 1
            } else {
                i
            };
            return Some(DateExpr {
                ts,
                ..expr(j, None, None)
            });
        }
        return None;
    }
    // Day Month [Year]  ("1 August", "1st of August")
    if let Some(d) = cx.day_num(i) {
        let j = if cx.is(i + 1, "of") { i + 2 } else { i + 1 };
        if let Some(m) = cx.month(j) {
            let mut te = cx.after_dot(j);
            let date = match cx.year(te) {
                Some(y) => {
                    te += 1;
                    NaiveDate::from_ymd_opt(y, m, d)
                }
                None => yearless(cx, i, m, d),
            };
            return Some(DateExpr {
                explicit: true,
                span: None,
                ..expr(te, date, None)
            });
        }
    }
    // N [or|to|- M] [-] unit [from|after DATE]
    let prev = if i > 0 { cx.w(i - 1) } else { "" };
    let n = if w.eq_ignore_ascii_case("a") || w.eq_ignore_ascii_case("one") {
        // "in a week", "a month from now"; not "a day after", "one year ago" or "fell for a
        // month" (narrative).
        // "given one week to answer": a limit to act, like "had 50 days to".
        let counted = prev.eq_ignore_ascii_case("in")
            || prev.eq_ignore_ascii_case("within")
            || from_now(cx, i + 2)
            || (cx.words.unit(cx.w(i + 1)).is_some() && cx.is(i + 2, "to"));
        counted.then_some(1)
    } else if !w.is_empty() && w.len() <= 4 && w.bytes().all(|b| b.is_ascii_digit()) {
        cx.words.number(w)
    } else {
        opener.number
    }?;
    let (n, mut j) = cx.compound(n, i);
    // "in a single week"
    if n == 1 && cx.is(j, "single") {
        j += 1;
    }
    let mut n_end = None;
    // "10 or 12 days", "seven to 10 days", "10-12 days", "between 10 and 12 days"
    let between = prev.eq_ignore_ascii_case("between") && cx.is(j, "and");
    if cx.is(j, "or") || cx.is(j, "to") || cx.is(j, "-") || between {
        if let Some((m, k)) = cx.number_at(j + 1) {
            if cx.words.unit(cx.w(k)).is_some()
                || (cx.is(k, "-") && cx.words.unit(cx.w(k + 1)).is_some())
            {
                n_end = Some(m);
                j = k;
            }
        }
    }
    if cx.is(j, "-") {
        j += 1;
    }
    // "within 10 working days", "five business days", "30 calendar days": working and
    // business days skip weekends.
    let mut weekdays_only = false;
    if (cx.is(j, "working") || cx.is(j, "business") || cx.is(j, "calendar"))
        && cx.words.unit(cx.w(j + 1)).is_some()
    {
        weekdays_only = !cx.is(j, "calendar");
        j += 1;
    }
    let unit_word = cx.w(j);
    let unit = cx.words.unit(unit_word)?;
    let mut te = j + 1;
    let mut base = cx.reference;
    // "50 days from July 14", "90 days starting from Jan. 10", "90 days from that date":
    // counted from that date, which belongs to this expression.
    let k = if (cx.is(te, "starting") || cx.is(te, "beginning")) && cx.is(te + 1, "from") {
        te + 1
    } else {
        te
    };
    let mut counted_from = false;
    // "phased in over six months from Jan. 1": a period something is spread over; its start
    // stays a date of its own (the day the measure starts).
    // "contracts may be wound down over 45 days" is a limit: the wind-down ends then.
    let wound_down_over = prev.eq_ignore_ascii_case("over") && i >= 2 && cx.is(i - 2, "down");
    let spread = !wound_down_over
        && ["over", "across"]
            .iter()
            .any(|p| p.eq_ignore_ascii_case(prev));
    // "will come into force 30 days after its publication": counted from the act the
    // item reports (its written-out day in the sentence, else the reference).
    let after_act = (!spread)
        .then(|| after_the_act(cx, k))
        .flatten()
        .filter(|_| future_clause(cx, i));
    if let Some(end) = after_act {
        te = end;
    } else if !spread && (cx.is(k, "from") || cx.is(k, "after") || cx.is(k, "of")) {
        if cx.is(k + 1, "that") && (cx.is(k + 2, "date") || cx.is(k + 2, "day")) {
            if let Some(p) = prior.last {
                base = p;
                te = k + 3;
                counted_from = true;
            }
        } else if let Some(bd) =
            parse_at(cx, k + 1, Prior::default()).and_then(|d| d.date.map(|bd| (bd, d.te)))
        {
            base = bd.0;
            te = bd.1;
            counted_from = true;
        }
    } else {
        // "a 90-day period starting May 14": counted from the start, which stays an
        // expression of its own (the date the measure takes effect).
        let k = if cx.words.is_span_noun(cx.w(te)) {
            te + 1
        } else {
            te
        };
        // "a 90-day window that began on Dec. 1"
        let k = if cx.is(k, "that") || cx.is(k, "which") {
            k + 1
        } else {
            k
        };
        if SPAN_STARTS.iter().any(|s| cx.is(k, s)) {
            let k = if cx.is(k + 1, "on") { k + 2 } else { k + 1 };
            if let Some(bd) = parse_at(cx, k, Prior::default()).and_then(|d| d.date) {
                base = bd;
                counted_from = true;
            }
        }
    }
    let compound = cx.is(j - 1, "-") && cx.words.is_span_noun(cx.w(j + 1));
    let governed = !spread
        && ((["in", "within", "inside", "for", "next", "subsequent", "of"]
            .iter()
            .any(|p| p.eq_ignore_ascii_case(prev))
            && !lasted_for(cx, i))
            || after_act.is_some()
            || wound_down_over
            || cx.is(j + 1, "to")
            || from_now(cx, j + 1)
            || counted_from
            || (compound && !existing_period(cx, i))
            || (n_end.is_some() && !cx.is(j + 1, "ago")));
    // A span after a written-out day of the act counts from that day.
    if governed && !counted_from {
        if let Some(a) = prior.anchor {
            base = a;
        }
    }
    let day_unit = matches!(unit, Unit::Days(1));
    let span_of = |m: u32| {
        if weekdays_only && day_unit {
            add_weekdays(base, m)
        } else {
            add_span(base, m, unit, unit_word)
        }
    };
    let date = span_of(n);
    let date_end = n_end.and_then(span_of);
    // "passed in December 2017 …, gave member states 24 months": a span whose start the
    // sentence dates to an earlier year ran from that act, not from the reference. Only a
    // year that dates an act ("in 2017", "December 2017"), not one that names a law ("a
    // 1991 law").
    let from_past_act = governed
        && !counted_from
        && prior.anchor.is_none()
        && (1..i).any(|k| {
            cx.year(k).is_some_and(|y| y < cx.reference.year())
                && (cx.is(k - 1, "in") || cx.month(k - 1).is_some())
        });
    let ago =
        cx.is(j + 1, "ago") || cx.is(j + 1, "earlier") || cx.is(j + 1, "before") || from_past_act;
    Some(DateExpr {
        ts: i,
        te,
        date,
        date_end,
        past: ago,
        bare: !governed,
        explicit: false,
        span: date.map(|d| ((d - base).num_days(), base != cx.reference)),
    })
}

/// "of the month", "of this year", "of next month", "of August", "of 2027" at `k` after a
/// word for the end of a period: the period's last day (`None` for a week or quarter).
/// Returns the end of the expression and the date; `None` when no period follows.
fn end_of(cx: &Cx<'_>, k: usize) -> Option<(usize, Option<NaiveDate>)> {
    if !cx.is(k, "of") {
        return None;
    }
    let mut j = k + 1;
    let mut next = false;
    if cx.is(j, "the") || cx.is(j, "this") {
        j += 1;
    } else if cx.is_next(j) {
        next = true;
        j += 1;
    }
    let r = cx.reference;
    if cx.is(j, "month") {
        let base = if next {
            r.checked_add_months(Months::new(1))?
        } else {
            r
        };
        return Some((j + 1, last_of_month(base.year(), base.month())));
    }
    if cx.is(j, "year") || cx.is(j, "yr") {
        let y = if next { r.year() + 1 } else { r.year() };
        return Some((j + 1, NaiveDate::from_ymd_opt(y, 12, 31)));
    }
    if let Some(m) = cx.month(j) {
        let mid = nearest_month_day(r, m, 15)?;
        return Some((j + 1, last_of_month(mid.year(), m)));
    }
    // "by the end of 2027"
    if let Some(y) = cx.year(j) {
        return Some((j + 1, NaiveDate::from_ymd_opt(y, 12, 31)));
    }
    if cx.is(j, "week") || cx.is(j, "quarter") {
        return Some((j + 1, None));
    }
    None
}

/// "effective immediately", "takes effect immediately", "with immediate effect": the
/// reference day. Only after a word of taking effect: "responded immediately" is no date.
/// Returns the end of the expression.
fn immediate_effect(cx: &Cx<'_>, i: usize) -> Option<usize> {
    // "instantly", "efficient": paraphrasing tools' "immediately", "effective".
    if cx.is(i, "immediately") || cx.is(i, "instantly") {
        let before = |k: usize| if i >= k { cx.w(i - k) } else { "" };
        let one_of = |w: &str, set: &[&str]| set.iter().any(|s| s.eq_ignore_ascii_case(w));
        // "took effect immediately" narrates a past act without stating its day.
        let past = [before(2), before(3)]
            .iter()
            .any(|w| one_of(w, &["took", "came", "went", "entered", "kicked"]));
        let effect = one_of(
            before(1),
            &[
                "effective",
                "efficient",
                "effect",
                "force",
                "apply",
                "applies",
                "starting",
            ],
        );
        return (effect && !past).then_some(i + 1);
    }
    (cx.is(i, "immediate") && cx.is(i + 1, "effect")).then_some(i + 2)
}

/// "the first of November", "the first day of January 2027": the month's first day; the
/// expression takes in "the" so that a limit word before it ("from the first of …") is seen.
fn first_of_month(cx: &Cx<'_>, i: usize) -> Option<DateExpr> {
    let j = if cx.is(i + 1, "of") {
        i + 2
    } else if cx.is(i + 1, "day") && cx.is(i + 2, "of") {
        i + 3
    } else {
        return None;
    };
    let m = cx.month(j)?;
    let mut te = cx.after_dot(j);
    let date = match cx.year(te) {
        Some(y) => {
            te += 1;
            NaiveDate::from_ymd_opt(y, m, 1)
        }
        None => yearless(cx, i, m, 1),
    };
    let ts = if i > 0 && cx.is(i - 1, "the") {
        i - 1
    } else {
        i
    };
    Some(DateExpr {
        ts,
        te,
        date,
        date_end: None,
        past: false,
        bare: false,
        explicit: true,
        span: None,
    })
}

/// "from now", "from today" at `k`: a span counted from the reference.
fn from_now(cx: &Cx<'_>, k: usize) -> bool {
    cx.is(k, "from") && (cx.is(k + 1, "now") || cx.is(k + 1, "today"))
}

/// "next month", "the coming weeks", "later this year": a time with no resolvable day (a
/// deadline with a null date when a measure takes effect then). Returns the end.
fn vague_period(cx: &Cx<'_>, i: usize) -> Option<usize> {
    let one_of = |k: usize, set: &[&str]| set.iter().any(|s| cx.is(k, s));
    let period = ["week", "month", "year"];
    if cx.is_next(i) && one_of(i + 1, &period) {
        return Some(i + 2);
    }
    // "had a matter of weeks to change course": a limit with no countable length.
    if cx.is(i, "matter") && cx.is(i + 1, "of") && one_of(i + 2, &["days", "weeks", "months"]) {
        return Some(i + 3);
    }
    if cx.is(i, "coming")
        && i > 0
        && cx.is(i - 1, "the")
        && one_of(i + 1, &["days", "weeks", "months"])
    {
        return Some(i + 2);
    }
    (one_of(i, &["later", "early", "late"])
        && (cx.is(i + 1, "this") || cx.is_next(i + 1))
        && one_of(i + 2, &period))
    .then_some(i + 3)
}

/// Acts that start a measure's clock ("30 days after its publication", "45 days after the
/// signature"): a span counted from one of them ends on a day, not at a past event ("three
/// years after the invasion" names no such act).
pub(super) const CLOCK_ACTS: [&str; 14] = [
    "signature",
    "signing",
    "publication",
    "order",
    "decree",
    "notice",
    "notification",
    "announcement",
    "adoption",
    "enactment",
    "promulgation",
    "ruling",
    "decision",
    "approval",
];

/// "after the signature", "after its publication", "after publication" at `k`: a span
/// counted from the act. Returns the end of the phrase.
fn after_the_act(cx: &Cx<'_>, k: usize) -> Option<usize> {
    if !cx.is(k, "after") {
        return None;
    }
    let determiner = ["the", "its", "their", "this"]
        .iter()
        .any(|d| cx.is(k + 1, d));
    let act = k + 1 + usize::from(determiner);
    CLOCK_ACTS.iter().any(|a| cx.is(act, a)).then_some(act + 1)
}

/// "talks have stalled for two months", "the ban has been in place for years": a span after
/// a verb of lasting is how long something has run, not a limit.
fn lasted_for(cx: &Cx<'_>, i: usize) -> bool {
    const LASTING: [&str; 12] = [
        "stalled",
        "lasted",
        "waited",
        "dragged",
        "languished",
        "persisted",
        "remained",
        "stayed",
        "existed",
        "simmered",
        "festered",
        "raged",
    ];
    i >= 2 && cx.is(i - 1, "for") && LASTING.iter().any(|v| cx.is(i - 2, v))
}

/// "the 90-day pause", "ending a two-month exemption": a period already running, whose
/// start the sentence does not give, so it is not counted from the reference.
fn existing_period(cx: &Cx<'_>, i: usize) -> bool {
    let before = |k: usize| if i >= k { cx.w(i - k) } else { "" };
    let one_of = |w: &str, set: &[&str]| set.iter().any(|s| s.eq_ignore_ascii_case(w));
    let definite = ["the", "its", "their", "this", "that", "current", "existing"];
    // Verbs and prepositions that take a running or finished period as their object.
    let ending = [
        "ending",
        "ends",
        "ended",
        "end",
        "after",
        "extending",
        "extends",
        "extended",
        "extend",
        "follows",
        "following",
        "during",
        "completed",
        "concluded",
        "follow",
        "followed",
    ];
    one_of(before(1), &definite)
        || one_of(before(1), &ending)
        || (one_of(before(1), &["a", "an"]) && one_of(before(2), &ending))
        || dated_before(cx, i)
}

/// "The cabinet last month approved a two-year moratorium", "set up a 90-day review two
/// years ago": the clause dates the act that set the period in the past.
fn dated_before(cx: &Cx<'_>, i: usize) -> bool {
    (i.saturating_sub(8)..i)
        .rev()
        .take_while(|&k| !matches!(cx.w(k), "," | ";"))
        .any(|k| {
            (cx.is(k, "last") && ["week", "month", "year"].iter().any(|p| cx.is(k + 1, p)))
                || cx.is(k, "ago")
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tagger::lexicon::Lexicon;
    use crate::tagger::rules::RuleSources;
    use crate::tagger::sentence::tokenize;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default()
    }

    /// Resolves the first expression in `text` against `reference`.
    fn first(text: &str, reference: &str) -> Option<DateExpr> {
        all(text, reference).first().copied()
    }

    /// Every expression in `text`, resolved against `reference`.
    fn all(text: &str, reference: &str) -> Vec<DateExpr> {
        let Ok(lex) = Lexicon::compile(&RuleSources::builtin()) else {
            return Vec::new();
        };
        let mut toks = Vec::new();
        tokenize(text, 0, text.len(), &mut toks);
        let ws: Vec<&str> = toks.iter().map(|t| &text[t.s..t.e]).collect();
        let mut out = Vec::new();
        find_dates(&ws, &lex.dates, d(reference), &mut out);
        out
    }

    fn date(text: &str, reference: &str) -> Option<NaiveDate> {
        first(text, reference).and_then(|e| e.date)
    }

    #[test]
    fn weekdays() {
        // 2025-08-06 is a Wednesday.
        assert_eq!(date("deadline Friday", "2025-08-06"), Some(d("2025-08-08")));
        assert_eq!(date("by this Friday", "2025-08-06"), Some(d("2025-08-08")));
        assert_eq!(date("on Monday", "2025-08-06"), Some(d("2025-08-11")));
        assert_eq!(date("next Monday", "2025-08-06"), Some(d("2025-08-11")));
        assert_eq!(date("next Friday", "2025-08-06"), Some(d("2025-08-15")));
        assert_eq!(date("on Wednesday", "2025-08-06"), Some(d("2025-08-06")));
        assert!(first("last Friday", "2025-08-06").is_some_and(|e| e.past));
        // A past-tense effect: the latest such day (2025-08-09 is a Saturday).
        assert_eq!(
            date("the duties took effect on Friday", "2025-08-09"),
            Some(d("2025-08-08"))
        );
        assert_eq!(
            date("came into force at midnight on Saturday", "2025-08-09"),
            Some(d("2025-08-09"))
        );
    }

    #[test]
    fn month_day_with_year_inference() {
        assert_eq!(date("by Aug. 1", "2025-07-09"), Some(d("2025-08-01")));
        assert_eq!(
            date("the July 9 deadline", "2025-07-01"),
            Some(d("2025-07-09"))
        );
        assert_eq!(date("by Jan. 15", "2025-12-20"), Some(d("2026-01-15")));
        assert_eq!(date("since Dec. 20", "2026-01-05"), Some(d("2025-12-20")));
        // A limit whose nearest occurrence is long past is next year's.
        assert_eq!(date("by March 1", "2025-05-10"), Some(d("2026-03-01")));
        assert_eq!(date("until Oct. 30", "2026-03-04"), Some(d("2026-10-30")));
        assert_eq!(date("expires Nov. 4", "2026-03-04"), Some(d("2026-11-04")));
        assert_eq!(
            date("a cut-off date of Sept. 30", "2026-03-04"),
            Some(d("2026-09-30"))
        );
        assert_eq!(
            date("the duties will take effect on Jan. 1", "2026-03-04"),
            Some(d("2027-01-01"))
        );
        // Past narrative keeps the nearest (long past) occurrence.
        assert_eq!(
            date("the duties took effect on Jan. 1", "2026-03-04"),
            Some(d("2026-01-01"))
        );
        assert_eq!(date("by March 1", "2025-03-20"), Some(d("2025-03-01")));
        assert_eq!(
            date("on August 1st, 2026", "2025-07-09"),
            Some(d("2026-08-01"))
        );
        assert_eq!(date("by 1 August", "2025-07-09"), Some(d("2025-08-01")));
        assert_eq!(date("2025-09-30", "2025-07-09"), Some(d("2025-09-30")));
        // "may" the verb is not a month
        assert_eq!(first("they may 5 times", "2025-07-09"), None);
    }

    #[test]
    fn relative_spans() {
        assert_eq!(date("in 30 days", "2025-07-01"), Some(d("2025-07-31")));
        assert_eq!(date("within 48 hours", "2025-07-01"), Some(d("2025-07-03")));
        assert_eq!(date("within 36 hours", "2025-07-01"), Some(d("2025-07-03")));
        assert_eq!(date("in two weeks", "2025-07-01"), Some(d("2025-07-15")));
        assert_eq!(date("within a week", "2025-07-01"), Some(d("2025-07-08")));
        assert_eq!(date("a 90-day pause", "2025-04-09"), Some(d("2025-07-08")));
        assert_eq!(date("tomorrow", "2025-07-01"), Some(d("2025-07-02")));
        assert_eq!(date("in three months", "2025-01-31"), Some(d("2025-04-30")));
        assert_eq!(date("for five years", "2021-06-15"), Some(d("2026-06-15")));
        assert_eq!(
            date("a six-month license", "2023-10-18"),
            Some(d("2024-04-18"))
        );
    }

    #[test]
    fn hyphenated_number_words() {
        // The tokenizer splits at '-': "forty-five" must not resolve as "five".
        assert_eq!(
            date("within forty-five days", "2025-03-01"),
            Some(d("2025-04-15"))
        );
        assert_eq!(
            date("a thirty-one-day grace period", "2025-03-01"),
            Some(d("2025-04-01"))
        );
        // Not a range "twenty to five".
        let e = first("in twenty-one or twenty-eight days", "2025-03-01");
        assert_eq!(e.and_then(|e| e.date), Some(d("2025-03-22")));
        assert_eq!(e.and_then(|e| e.date_end), Some(d("2025-03-29")));
        assert_eq!(
            date("in seventeen days", "2025-03-01"),
            Some(d("2025-03-18"))
        );
    }

    #[test]
    fn more_wordings() {
        // 2026-03-04 is a Wednesday.
        assert_eq!(
            date("by Monday next week", "2026-03-04"),
            Some(d("2026-03-09"))
        );
        assert_eq!(
            date("by Friday next week", "2026-03-04"),
            Some(d("2026-03-13"))
        );
        assert_eq!(
            date("within a fortnight", "2026-03-04"),
            Some(d("2026-03-18"))
        );
        assert!(first("exports fell for a month", "2026-03-04").is_none_or(|e| e.bare));
        assert_eq!(
            date("in a single week", "2026-03-04"),
            Some(d("2026-03-11"))
        );
        assert_eq!(date("within 36 hrs", "2026-03-04"), Some(d("2026-03-06")));
        assert_eq!(date("by year's end", "2026-03-04"), Some(d("2026-12-31")));
        assert_eq!(date("at month's end", "2026-03-04"), Some(d("2026-03-31")));
        assert_eq!(
            date("a month from now", "2026-03-04"),
            Some(d("2026-04-04"))
        );
        assert!(first("30 days from today", "2026-03-04").is_some_and(|e| !e.bare));
        assert!(first("a day after the vote", "2026-03-04").is_none_or(|e| e.bare));
        let e = first("between 10 and 14 days", "2026-03-04");
        assert_eq!(e.and_then(|e| e.date), Some(d("2026-03-14")));
        assert_eq!(e.and_then(|e| e.date_end), Some(d("2026-03-18")));
    }

    #[test]
    fn ranges() {
        let e = first("10 or 12 days", "2025-07-28");
        assert_eq!(e.and_then(|e| e.date), Some(d("2025-08-07")));
        assert_eq!(e.and_then(|e| e.date_end), Some(d("2025-08-09")));
        let e = first("within 10-12 days", "2025-07-28");
        assert_eq!(e.and_then(|e| e.date_end), Some(d("2025-08-09")));
    }

    #[test]
    fn end_of_periods() {
        assert_eq!(
            date("by the end of the month", "2025-02-10"),
            Some(d("2025-02-28"))
        );
        assert_eq!(
            date("by the end of this year", "2025-02-10"),
            Some(d("2025-12-31"))
        );
        assert_eq!(date("by year-end", "2025-02-10"), Some(d("2025-12-31")));
        assert_eq!(
            date("end of next month", "2025-01-10"),
            Some(d("2025-02-28"))
        );
        assert_eq!(
            date("till finish of the month", "2025-02-10"),
            Some(d("2025-02-28"))
        );
        assert_eq!(date("by finish of yr", "2025-02-10"), Some(d("2025-12-31")));
        assert_eq!(
            date("by the end of August", "2025-05-10"),
            Some(d("2025-08-31"))
        );
    }

    #[test]
    fn n_days_from_a_stated_date() {
        assert_eq!(
            date("50 days from July 14", "2025-08-06"),
            Some(d("2025-09-02"))
        );
        assert_eq!(
            date("90 days after April 9", "2025-05-01"),
            Some(d("2025-07-08"))
        );
    }

    #[test]
    fn weekday_with_a_written_out_day() {
        // 2026-03-05 is a Thursday; "Tuesday, March 3" is the day of the act, not next week.
        assert_eq!(
            date("signed on Tuesday, March 3, the order", "2026-03-05"),
            Some(d("2026-03-03"))
        );
    }

    #[test]
    fn spans_counted_from_a_day_the_sentence_gives() {
        let dates = |text: &str| -> Vec<Option<NaiveDate>> {
            all(text, "2026-03-05").iter().map(|e| e.date).collect()
        };
        // The day of the act, written out earlier in the sentence.
        assert_eq!(
            dates("The order, signed on Tuesday, March 3, takes effect in 30 days."),
            vec![Some(d("2026-03-03")), Some(d("2026-04-02"))]
        );
        // "from that date": the date just before.
        assert_eq!(
            dates("The cuts begin on Monday and run for 60 days from that date."),
            vec![Some(d("2026-03-09")), Some(d("2026-05-08"))]
        );
        // A start date after the period stays an expression of its own.
        assert_eq!(
            dates("a 120-day window starting June 2"),
            vec![Some(d("2026-09-30")), Some(d("2026-06-02"))]
        );
        // A running period's start stated after it.
        assert_eq!(
            dates("within a 90-day window that began on Saturday, Feb. 28"),
            vec![Some(d("2026-05-29")), Some(d("2026-02-28"))]
        );
        // "starting from" belongs to the span, like "from".
        assert_eq!(
            dates("for 90 days starting from March 2"),
            vec![Some(d("2026-05-31"))]
        );
    }

    #[test]
    fn running_periods_are_not_counted_from_the_reference() {
        for text in [
            "once the 90-day pause on higher duties runs out",
            "ending a six-month waiver for the refiners",
            "the decision follows a five-month review of the duties",
        ] {
            let e = first(text, "2026-03-05");
            assert!(e.is_some_and(|e| e.bare), "{text}: {e:?}");
        }
        assert!(first("agreed a 90-day pause", "2026-03-05").is_some_and(|e| !e.bare));
    }

    #[test]
    fn past_days_are_not_limits() {
        let past = |text: &str, reference: &str| first(text, reference).is_some_and(|e| e.past);
        assert!(past("in force since June 1", "2026-06-20"));
        // Five weeks before the reference: background, not a live date.
        assert!(past("which came into force on June 30", "2026-08-06"));
        assert!(!past("backdated to Nov. 1", "2026-11-12"));
        // The day of a report, not the next such day.
        assert!(past("the ministry said on Friday", "2026-06-06"));
        assert!(past("late on Friday the president", "2026-06-06"));
        assert!(past("The U.S. on Monday imposed sanctions", "2026-06-03"));
        assert!(past("Beijing on Tuesday said", "2026-06-03"));
        assert!(!past("takes effect on Monday", "2026-06-03"));
    }

    #[test]
    fn immediate_effect() {
        assert_eq!(
            date("the duties are effective immediately", "2026-05-04"),
            Some(d("2026-05-04"))
        );
        assert_eq!(
            date("lifted with immediate effect", "2026-05-04"),
            Some(d("2026-05-04"))
        );
        // No stated day for a past act, and no date without a word of taking effect.
        assert_eq!(first("the ban took effect immediately", "2026-05-04"), None);
        assert_eq!(first("Beijing responded immediately", "2026-05-04"), None);
    }

    #[test]
    fn end_of_a_stated_year() {
        assert_eq!(
            date("by the end of 2027", "2026-05-04"),
            Some(d("2027-12-31"))
        );
    }

    #[test]
    fn unresolvable() {
        for text in [
            "by mid-August",
            "in the coming weeks",
            "will take effect next month",
            "later this year",
        ] {
            let e = first(text, "2025-07-01");
            assert!(e.is_some_and(|e| e.date.is_none()), "{text}: {e:?}");
        }
        assert_eq!(first("the coming storm", "2025-07-01"), None);
        // The qualifier opens the expression.
        assert_eq!(first("in mid-April", "2025-07-01").map(|e| e.ts), Some(1));
        assert_eq!(first("in early May", "2025-07-01").map(|e| e.ts), Some(1));
        assert!(first("early subsequent month", "2025-07-01").is_some_and(|e| e.date.is_none()));
    }

    #[test]
    fn wire_shorthand_and_paraphrased_stand_ins() {
        // Reference: Wednesday 2025-07-02.
        let r = "2025-07-02";
        assert_eq!(date("take effect end-July", r), Some(d("2025-07-31")));
        assert_eq!(date("on Friday 8 August", r), Some(d("2025-08-08")));
        assert_eq!(date("on Friday Aug. 8", r), Some(d("2025-08-08")));
        assert_eq!(date("by the tip of the yr", r), Some(d("2025-12-31")));
        assert_eq!(date("by the top of the month", r), Some(d("2025-07-31")));
        assert_eq!(date("subsequent Monday", r), Some(d("2025-07-07")));
        assert_eq!(date("given one week to answer", r), Some(d("2025-07-09")));
        assert_eq!(date("efficient instantly", r), Some(d("2025-07-02")));
        assert_eq!(
            date("no later than Jan. 15", "2025-11-20"),
            Some(d("2026-01-15"))
        );
        // "on top of" opens no period; a span something is spread over is no limit.
        assert_eq!(first("on top of the year", r), None);
        assert!(first("phased in over six months", r).is_some_and(|e| e.bare));
    }
}
