//! The per-document pass: one trigger-automaton scan per field; each sentence with a trigger
//! is analysed once (exclusions, negation, history, action, actors, rate, products, dates);
//! repeated mentions are merged afterwards (`merge.rs`).

use aho_corasick::Anchored;
use chrono::NaiveDate;

use super::action;
use super::actors;
use super::context::{gap, Sentence};
use super::dates::{find_dates, DateExpr, SPAN_STARTS};
use super::deadline::{deadline, DeadlineCand};
use super::lexicon::{
    on_word_boundary, ActorKind, CtxEntry, CtxGroup, DateWords, Lexicon, Payload, TriggerInfo,
};
use super::model::{Action, EventType, Evidence, MeasureEvent};
use super::products::products_near;
use super::rate::{find_rates, has_range, owner, rate_for, split_rates, Lead, Rate};
use super::sentence::{char_offset, sentence_at};
use super::{Document, Field};

/// A measure candidate before merging.
#[derive(Debug, Clone)]
pub(crate) struct MeasureCand {
    pub ty: EventType,
    pub ev: MeasureEvent,
}
/// Everything found in one document, before merging.
#[derive(Debug, Default)]
pub(crate) struct Found {
    pub measures: Vec<MeasureCand>,
    pub deadlines: Vec<DeadlineCand>,
    /// Rates of tariff mentions dropped for naming no party (`merge::carry_rates`).
    pub loose_rates: Vec<LooseRate>,
    /// A measure named beside a state with no action of its own ("Trump OKs border taxes"):
    /// enough of a measure for the item's effect dates (`DeadlineCand::needs_measure`).
    pub measure_mention: bool,
}

/// A rate stated by a tariff mention with no party of its own ("The duties, set at 218.4%,
/// …"), with the action its own cue gives, if any.
#[derive(Debug, Clone, Copy)]
pub(crate) struct LooseRate {
    pub rate: f64,
    pub action: Option<Action>,
    /// The value a change goes "to" ("The levy on cars fell to 70%").
    pub new_value: bool,
}

/// Optional trace sink for `explain`.
pub(crate) struct Trace<'a>(pub Option<&'a mut Vec<String>>);

impl Trace<'_> {
    pub(super) fn on(&self) -> bool {
        self.0.is_some()
    }
    pub(super) fn line(&mut self, f: impl FnOnce() -> String) {
        if let Some(v) = self.0.as_mut() {
            v.push(f());
        }
    }
}

/// Runs the pass over every field of `doc`.
pub(crate) fn analyze(lex: &Lexicon, doc: &Document<'_>, trace: &mut Trace<'_>) -> Found {
    let mut found = Found::default();
    // Types whose look-alike cues fired earlier in the document (a hotel piece): later
    // mentions of that type need a state party in their own sentence.
    let mut domain = [false; 3];
    // One automaton pass per field collects the trigger hits (all fields first: the gate
    // must know whether the item names a measure anywhere); sentences are then cut only
    // around them. Each field's hits end with `FIELD_END`, so no per-field index is kept.
    let mut all_hits: Vec<(usize, usize, usize)> = Vec::new();
    for field in doc.fields {
        let text = field.text;
        lex.trigger_scan
            .for_each_word(text, 0, text.len(), |s, e, pid| all_hits.push((s, e, pid)));
        all_hits.push(FIELD_END);
    }
    // A measure trigger anywhere in the item can make a deadline of a weak limit or a span
    // in any sentence (wind-down periods, effect dates of a measure named elsewhere), so in
    // items that name one the gate skips only triggers that come to nothing whatever the
    // item holds (`Fate::Nothing`).
    let item_names_measure = all_hits.iter().any(|h| {
        lex.triggers
            .get(h.2)
            .is_some_and(|t| t.ty != EventType::Deadline)
    });
    // One sentence buffer for the whole document (refilled per sentence, no allocation).
    let mut sent = Sentence::empty();
    let mut scratch = Scratch::default();
    let mut deferred = Deferred::default();
    let per_field = all_hits.split(|h| *h == FIELD_END);
    for ((fi, field), hits) in doc.fields.iter().enumerate().zip(per_field) {
        let text = field.text;
        let mut cursor = CharCursor::default();
        let mut cur_end = 0usize;
        let mut prev: Option<(usize, Action)> = None;
        let mut i = 0;
        while let Some(&(hs, he, _)) = hits.get(i) {
            let (s, e) = sentence_at(text, hs, cur_end, lex);
            let e = e.max(he);
            let j = i + hits[i..].iter().take_while(|h| h.0 < e).count();
            cur_end = e;
            let group = &hits[i..j.max(i + 1)];
            if group.iter().all(|h| !worth_a_look(lex, text, h)) {
                i = j.max(i + 1);
                continue;
            }
            let dl = EventType::Deadline as usize;
            let deadline_domain = domain.get(dl).copied().unwrap_or(false);
            if yields_nothing(lex, text, (s, e), group, item_names_measure) {
                #[cfg(debug_assertions)]
                {
                    // Proves the gate on every debug run: the skipped group, analysed in
                    // full, yields nothing (its look-alike mark is deferred, below).
                    let before = (
                        found.measures.len(),
                        found.deadlines.len(),
                        found.loose_rates.len(),
                        prev,
                    );
                    sent.rebuild(text, s, e, lex);
                    analyze_sentence(
                        lex,
                        field,
                        &sent,
                        group,
                        &mut { cursor },
                        doc.reference_date,
                        &mut prev,
                        &mut { domain },
                        &mut found,
                        &mut scratch,
                        &mut Trace(None),
                    );
                    let after = (
                        found.measures.len(),
                        found.deadlines.len(),
                        found.loose_rates.len(),
                        prev,
                    );
                    debug_assert!(
                        before == after,
                        "the gate skipped a sentence that yields something: {:?}",
                        text.get(s..e)
                    );
                }
                // A deadline look-alike in it ("club", "season") would mark the item as a
                // look-alike one (`domain`); only later deadline triggers read that mark, so
                // it is settled when one of them is analysed.
                if !deadline_domain {
                    deferred.sentences.push((fi, s, e, deferred.hits.len()));
                    deferred.hits.extend_from_slice(group);
                }
                i = j.max(i + 1);
                continue;
            }
            if !deadline_domain
                && !deferred.sentences.is_empty()
                && group.iter().any(|h| {
                    lex.triggers
                        .get(h.2)
                        .is_some_and(|t| t.ty == EventType::Deadline)
                })
            {
                // The deferred sentences, in order, until one marks the item (their only
                // possible effect; no other state goes into it).
                for k in 0..deferred.sentences.len() {
                    let Some(&(f, ds, de, h0)) = deferred.sentences.get(k) else {
                        break;
                    };
                    let h1 = deferred
                        .sentences
                        .get(k + 1)
                        .map_or(deferred.hits.len(), |d| d.3);
                    let (Some(dfield), Some(dhits)) =
                        (doc.fields.get(f), deferred.hits.get(h0..h1))
                    else {
                        continue;
                    };
                    if lex.gate_cues.present(
                        &lex.dates,
                        dfield.text,
                        (ds, de),
                        GateCues::LOOK_ALIKE,
                    ) == 0
                    {
                        continue;
                    }
                    sent.rebuild(dfield.text, ds, de, lex);
                    analyze_sentence(
                        lex,
                        dfield,
                        &sent,
                        dhits,
                        &mut CharCursor::default(),
                        doc.reference_date,
                        &mut prev,
                        &mut domain,
                        &mut found,
                        &mut scratch,
                        &mut Trace(None),
                    );
                    if domain.get(dl).copied().unwrap_or(false) {
                        break;
                    }
                }
                deferred.sentences.clear();
                deferred.hits.clear();
            }
            sent.rebuild(text, s, e, lex);
            analyze_sentence(
                lex,
                field,
                &sent,
                &hits[i..j.max(i + 1)],
                &mut cursor,
                doc.reference_date,
                &mut prev,
                &mut domain,
                &mut found,
                &mut scratch,
                trace,
            );
            i = j.max(i + 1);
        }
    }
    // "The new rate is 145%": a rate stated in a sentence with no tariff word.
    super::rate::rate_sentences(lex, doc, &mut sent, &mut found.measures, trace);
    found
}

/// Ends one field's trigger hits in `analyze`'s list (no pattern has this id).
const FIELD_END: (usize, usize, usize) = (usize::MAX, usize::MAX, usize::MAX);

/// Sentences the gate skipped whose look-alike mark is not settled yet: (field index,
/// start, end, first of its hits in `hits`).
#[derive(Default)]
struct Deferred {
    sentences: Vec<(usize, usize, usize, usize)>,
    hits: Vec<(usize, usize, usize)>,
}

/// Per-sentence working lists, kept for the whole document so that each sentence refills
/// them instead of allocating its own.
#[derive(Default)]
struct Scratch<'a, 'l> {
    /// Triggers of the sentence: token range, what the pattern means, the matched text.
    trigs: Vec<Trig<'a, 'l>>,
    rates: Vec<Rate>,
    dates: Vec<DateExpr>,
}

/// A trigger of the sentence: token range, what the pattern means, the matched text.
type Trig<'a, 'l> = ((usize, usize), &'l TriggerInfo, &'a str);

/// A year at least two years before the reference date near the trigger ("first imposed in
/// 1960", "the Smoot-Hawley Tariff Act of 1930"): background history.
/// "In 1963, after …, Johnson retaliated with a tariff": a clause opened by "in <year>" dates
/// everything after it in the sentence.
fn past_year(sent: &Sentence<'_, '_>, trig: (usize, usize), reference: NaiveDate) -> Option<i32> {
    use chrono::Datelike;
    let hi = (trig.1 + 10).min(sent.toks.len());
    (0..hi).find_map(|i| {
        let w = sent.w(i);
        if w.len() != 4 || !(w.starts_with("19") || w.starts_with("20")) {
            return None;
        }
        let near = i + 10 >= trig.0;
        let opens_clause = i > 0 && sent.w(i - 1).eq_ignore_ascii_case("in");
        if !(near || opens_clause) {
            return None;
        }
        let y: i32 = w.parse().ok()?;
        (y <= reference.year() - 2 && !sent.w(i + 1).starts_with('%')).then_some(y)
    })
}

/// Cheap pre-check before a sentence is analysed: a unit-word trigger ("days", "-year")
/// only matters right after a number ("50 days", "90-day"), a weak deadline trigger only
/// with a date word nearby; everything else does.
fn worth_a_look(lex: &Lexicon, text: &str, hit: &(usize, usize, usize)) -> bool {
    let Some(info) = lex.triggers.get(hit.2) else {
        return false;
    };
    if info.span {
        let before = text[..hit.0].trim_end_matches([' ', '-']);
        let word_start = before
            .char_indices()
            .rev()
            .find(|(_, c)| !c.is_alphanumeric())
            .map_or(0, |(p, c)| p + c.len_utf8());
        let word = &before[word_start..];
        return !word.is_empty() && lex.dates.number(word).is_some();
    }
    if info.ty == EventType::Deadline && info.weak {
        // A weak deadline trigger needs a date word nearby ("effective Aug. 1").
        let lo = floor_char(text, hit.0.saturating_sub(60));
        let hi = floor_char(text, (hit.1 + 60).min(text.len()));
        return text[lo..hi]
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| !w.is_empty() && lex.dates.is_starter(w));
    }
    true
}

/// The largest char boundary at or below `i`.
fn floor_char(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The gate: a group of trigger hits (one sentence's) that provably comes to nothing is
/// skipped before the sentence is tokenized and scanned. Mostly off-topic copy: "a 20-year
/// high", "sentenced to 25 years", "on Friday", "from 3.6%". Only deadline triggers can be
/// proved dead here (a measure trigger is always analysed), and the proofs mirror the
/// conditions of `deadline::deadline` and `dates::parse_at`; when unsure, analyse. In debug
/// builds `analyze` runs the full analysis on every skipped group and asserts it changed
/// nothing. In an item that names a measure (`item_names_measure`) only `Fate::Nothing`
/// counts ("on Friday" with no measure in its sentence, "by 5 p.m.", "a 20-year high"): a
/// dated weak limit there may stand for that measure.
fn yields_nothing(
    lex: &Lexicon,
    text: &str,
    sentence: (usize, usize),
    group: &[(usize, usize, usize)],
    item_names_measure: bool,
) -> bool {
    let mut needs_no_cue = false;
    let mut needs_no_date = false;
    for &(hs, he, pid) in group {
        // Not a trigger of the sentence for `analyze_sentence` either.
        let Some(info) = lex.triggers.get(pid) else {
            continue;
        };
        let Some(matched) = text.get(hs..he) else {
            return false;
        };
        if info.exact.as_deref().is_some_and(|x| x != matched) {
            continue;
        }
        if info.ty != EventType::Deadline {
            return false;
        }
        match deadline_fate(lex, text, sentence, (hs, he), info, matched) {
            Fate::Nothing => {}
            _ if item_names_measure => return false,
            Fate::NothingWithoutCue => needs_no_cue = true,
            Fate::NothingWithoutDate => needs_no_date = true,
            Fate::Maybe => return false,
        }
    }
    if needs_no_date {
        if may_hold_date(&lex.dates, text, sentence) {
            return false;
        }
        // No date: no weak deadline trigger of the sentence has one to pick.
        needs_no_cue = false;
    }
    let wanted = if needs_no_cue {
        GateCues::ULTIMATUM | GateCues::HOLD
    } else {
        0
    };
    wanted == 0 || lex.gate_cues.present(&lex.dates, text, sentence, wanted) == 0
}

/// What a deadline trigger in a sentence with no measure trigger can come to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fate {
    /// No deadline, whatever else the sentence holds.
    Nothing,
    /// No deadline unless the sentence holds an ultimatum cue ([deadline_context]) or a
    /// holding verb before a span ("Iran got 48 hours to answer").
    NothingWithoutCue,
    /// No deadline unless a date expression can open in the sentence (every weak trigger
    /// needs one).
    NothingWithoutDate,
    /// Possibly a deadline: analyse.
    Maybe,
}

/// The fate of one deadline trigger, from the text around it (see [`yields_nothing`]).
fn deadline_fate(
    lex: &Lexicon,
    text: &str,
    (s, e): (usize, usize),
    (hs, he): (usize, usize),
    info: &TriggerInfo,
    matched: &str,
) -> Fate {
    if !info.weak {
        return Fate::Maybe;
    }
    // "on Friday" is a limit only in a conditional threat after a measure trigger of the
    // sentence (`deadline::conditional_threat_on`); here there is none.
    let on = |p: &str| p.eq_ignore_ascii_case("on ");
    let on_or = |p: &str| p.eq_ignore_ascii_case("or ");
    if matched.get(..3).is_some_and(on) && !matched.get(3..6).is_some_and(on_or) {
        return Fate::Nothing;
    }
    // "by 5", "from 3": the date must open at the trigger's own number.
    if matched.ends_with(|c: char| c.is_ascii_digit()) && !day_number_opens(lex, text, he, e) {
        return Fate::Nothing;
    }
    // An effect date ("starts Monday") may stand for a measure named elsewhere in the item.
    if info.effect {
        return Fate::NothingWithoutDate;
    }
    if info.span {
        return match span_fate(lex, text, (s, e), (hs, he), matched) {
            Fate::Maybe => Fate::NothingWithoutDate,
            fate => fate,
        };
    }
    // A weak limit with a date needs a measure, an ultimatum cue, a held span or (for a
    // unit word) a limit noun: only the cue or the held span remain to be ruled out.
    Fate::NothingWithoutCue
}

/// Words after a number that join it to a date or span: "5 of August", "10 or 12 days",
/// "10-12 days", "between 10 and 12", "10 working days", "a single week".
const JOINERS: [&str; 9] = [
    "of", "or", "to", "and", "-", "working", "business", "calendar", "single",
];

/// Can a date expression open at the number that ends a trigger ("by 5 August", "from 3
/// days")? `false` when the token after it is no month, unit or range word ("from 3.6%",
/// "by 5 p.m."), as in `dates::parse_at`.
fn day_number_opens(lex: &Lexicon, text: &str, he: usize, e: usize) -> bool {
    let next = next_token(text, he, e).map_or("", |t| t.1);
    JOINERS.iter().any(|j| j.eq_ignore_ascii_case(next))
        || lex.dates.month(next).is_some()
        || lex.dates.unit(next).is_some()
}

/// Words before a span's number that make it a limit ("in 30 days", "for five years"), join
/// it to a range ("10 to 12 days"), count it from a date or end a wind-down ("wound down
/// over 45 days"; any "over", to be safe): the span may be live.
const SPAN_GOVERNORS: [&str; 15] = [
    "over",
    "in",
    "within",
    "inside",
    "for",
    "next",
    "subsequent",
    "of",
    "from",
    "after",
    "between",
    "and",
    "or",
    "to",
    "-",
];

/// Words after a unit that count the span from the date after them ("90 days from July
/// 15", "90 days from that date").
const COUNTED_FROM: [&str; 3] = ["from", "after", "of"];

/// Other words after a unit that make the span a limit or extend it ("50 days to respond",
/// "a 90-day window that …"), beside `dates::SPAN_STARTS` ("90 days starting from …").
const SPAN_EXTENDERS: [&str; 3] = ["to", "that", "which"];

/// Words before a unit with no number that may open a phrase covering it ("next week", "the
/// coming weeks", "end of the month", "10 working days").
const PHRASE_BEFORE_UNIT: [&str; 9] = [
    "of",
    "the",
    "this",
    "next",
    "subsequent",
    "coming",
    "working",
    "business",
    "calendar",
];

/// The fate of a unit-word trigger ("years", "-day"): a deadline only inside a live span
/// expression that covers it (`deadline`'s pick for span triggers), which is bare ("three
/// years", "a 20-year high") unless governed as in `dates::parse_at`.
fn span_fate(
    lex: &Lexicon,
    text: &str,
    (s, e): (usize, usize),
    (hs, he): (usize, usize),
    matched: &str,
) -> Fate {
    let next = next_token(text, he, e);
    let after = next.map_or("", |t| t.1);
    // "month-end", "month's end": a date of its own.
    let unit = text.get(unit_start(matched, hs)..he).unwrap_or("");
    if ["month", "year"]
        .iter()
        .any(|u| u.eq_ignore_ascii_case(unit))
        && ends_period(&tokens_after(text, he, e))
    {
        return Fate::Maybe;
    }
    // The span's end is the unit unless it extends ("… from July 15") or a limit noun
    // follows; only then can it be a limit without an ultimatum cue.
    let extends = if COUNTED_FROM.iter().any(|w| w.eq_ignore_ascii_case(after)) {
        // "from July 15", "of that date", "from now", "after its publication": only a date
        // (or "that", or the reference day) or the act the item reports counts the span.
        let [w1, w2, _] = next.map_or(["", "", ""], |t| tokens_after(text, t.0 + t.1.len(), e));
        let one_of = |set: &[&str], x: &str| set.iter().any(|a| a.eq_ignore_ascii_case(x));
        one_of(&["that", "now", "today"], w1)
            || could_open(&lex.dates, w1)
            || (after.eq_ignore_ascii_case("after")
                && (one_of(&super::dates::CLOCK_ACTS, w1)
                    || (one_of(&["the", "its", "their", "this"], w1)
                        && one_of(&super::dates::CLOCK_ACTS, w2))))
    } else {
        SPAN_EXTENDERS
            .iter()
            .chain(SPAN_STARTS.iter())
            .any(|w| w.eq_ignore_ascii_case(after))
            || (after.len() > 1 && lex.dates.is_span_noun(after))
    };
    let unlimited = if extends {
        Fate::Maybe
    } else {
        Fate::NothingWithoutCue
    };
    let Some(mut before) = prev_token(text, s, unit_start(matched, hs)) else {
        return Fate::Nothing;
    };
    let hyphen = before.1 == "-";
    if hyphen {
        let Some(t) = prev_token(text, s, before.0) else {
            return Fate::Nothing;
        };
        before = t;
    }
    let governor = |set: &[&str]| {
        let w = prev_token(text, s, before.0).map_or("", |t| t.1);
        set.iter().any(|g| g.eq_ignore_ascii_case(w))
    };
    // "a week", "one year": a span only when counted ("in a week", "a week from now", "a
    // week to answer") or as the end of a range ("10 or a week").
    if ["a", "one"]
        .iter()
        .any(|a| a.eq_ignore_ascii_case(before.1))
    {
        let counted = governor(&["in", "within", "or", "to", "-", "and"])
            || ["to", "from"].iter().any(|w| w.eq_ignore_ascii_case(after));
        return if counted { unlimited } else { Fate::Nothing };
    }
    if lex.dates.number(before.1).is_some() {
        let governed = before.1.eq_ignore_ascii_case("single") || governor(&SPAN_GOVERNORS);
        if governed || extends {
            return unlimited;
        }
        return Fate::Nothing;
    }
    if !hyphen
        && PHRASE_BEFORE_UNIT
            .iter()
            .any(|w| w.eq_ignore_ascii_case(before.1))
    {
        return unlimited;
    }
    Fate::Nothing
}

/// Can any date expression open in `text[s..e]` (`dates::parse_at`)? `false` when no
/// token is a weekday, month, relative day or phrase opener, no number is followed by a
/// unit, month or range word, and no "end"/"month" is followed by what makes it a date
/// ("end of", "month-end"). Conservative: a capitalised "May" counts.
fn may_hold_date(dates: &DateWords, text: &str, (s, e): (usize, usize)) -> bool {
    // Words only: no punctuation token opens a date.
    let mut p = s;
    while p < e {
        let Some(ws) = next_word_start(text, p, e) else {
            return false;
        };
        p = word_end(text, ws, e);
        let Some(w) = text.get(ws..p) else {
            return true;
        };
        if dates.may_open(w) && may_open_date(dates, text, w, (p, e)) {
            return true;
        }
    }
    false
}

/// The start of the first word (alphanumeric run) at or after `p`, before `e`.
fn next_word_start(text: &str, mut p: usize, e: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    while p < e {
        let b = *bytes.get(p)?;
        if b.is_ascii() {
            if b.is_ascii_alphanumeric() {
                return Some(p);
            }
            p += 1;
        } else {
            let c = text.get(p..)?.chars().next()?;
            if c.is_alphanumeric() {
                return Some(p);
            }
            p += c.len_utf8();
        }
    }
    None
}

/// The end of the word starting at `p` (at most `e`).
fn word_end(text: &str, mut p: usize, e: usize) -> usize {
    let bytes = text.as_bytes();
    while let Some(&b) = bytes.get(p).filter(|_| p < e) {
        if b.is_ascii() {
            if !b.is_ascii_alphanumeric() {
                break;
            }
            p += 1;
        } else {
            match text.get(p..).and_then(|t| t.chars().next()) {
                Some(c) if c.is_alphanumeric() => p += c.len_utf8(),
                _ => break,
            }
        }
    }
    p
}

/// Can a date expression open at the token `w`, followed by `text[after..e]`?
fn may_open_date(dates: &DateWords, text: &str, w: &str, (after, e): (usize, usize)) -> bool {
    let one_of = |set: &[&str], x: &str| set.iter().any(|a| a.eq_ignore_ascii_case(x));
    let next = || tokens_after(text, after, e);
    // "the end of the month", "the tip of the yr"
    if one_of(&["end", "finish", "tip", "top"], w) {
        return next()[0].eq_ignore_ascii_case("of");
    }
    // "month-end", "year's end"
    if one_of(&["month", "year"], w) {
        return ends_period(&next());
    }
    if one_of(&super::dates::PHRASE_OPENERS, w) {
        return true;
    }
    if !dates.is_starter(w) {
        return false;
    }
    let opener = dates.opener(w).copied().unwrap_or_default();
    // "may", "march" in lower case are a verb and a noun, never a month.
    let ambiguous = one_of(&["may", "mar", "march", "jan", "dec"], w)
        && !w.starts_with(|c: char| c.is_uppercase());
    if opener.weekday.is_some()
        || opener.relative.is_some()
        || (opener.month.is_some() && !ambiguous)
    {
        return true;
    }
    if opener.number.is_some() || w.starts_with(|c: char| c.is_ascii_digit()) {
        return number_opens(dates, &next());
    }
    // Any other starter: unsure.
    !ambiguous
}

/// Where the unit word of a span trigger starting at `hs` begins ("-day": after the dash).
fn unit_start(matched: &str, hs: usize) -> usize {
    matched
        .char_indices()
        .rev()
        .find(|(_, c)| !c.is_alphanumeric())
        .map_or(hs, |(p, c)| hs + p + c.len_utf8())
}

/// "-end", "'s end" after "month"/"year": the end of the period (`dates::parse_at`).
fn ends_period(after: &[&str; 3]) -> bool {
    let is = |k: usize, w: &str| after.get(k).is_some_and(|a| a.eq_ignore_ascii_case(w));
    (is(0, "-") && is(1, "end")) || (is(0, "'") && is(1, "s") && is(2, "end"))
}

/// The texts of the (up to) three tokens after byte `pos`, "" past `e`.
fn tokens_after(text: &str, mut pos: usize, e: usize) -> [&str; 3] {
    let mut out = [""; 3];
    for slot in &mut out {
        let Some((at, w)) = next_token(text, pos, e) else {
            break;
        };
        *slot = w;
        pos = at + w.len();
    }
    out
}

/// Can a date expression open at `w` at all (`dates::parse_at`: a starter or a phrase
/// opener)?
fn could_open(dates: &DateWords, w: &str) -> bool {
    dates.may_open(w)
        && (dates.is_starter(w)
            || super::dates::PHRASE_OPENERS
                .iter()
                .any(|p| p.eq_ignore_ascii_case(w)))
}

/// Do the tokens after a number make a date or span of it ("5 August", "5 of August",
/// "30 days", "10 or 12 days", "10-12 days", "90-day", "10 working days", "a single week")?
fn number_opens(dates: &DateWords, after: &[&str; 3]) -> bool {
    let [n0, n1, _] = *after;
    let one_of = |set: &[&str], x: &str| set.iter().any(|a| a.eq_ignore_ascii_case(x));
    let weekdays_only = ["working", "business", "calendar"];
    dates.unit(n0).is_some()
        || dates.month(n0).is_some()
        || one_of(&["single"], n0)
        || (one_of(&["of"], n0) && dates.month(n1).is_some())
        || (one_of(&["or", "to", "and"], n0) && dates.number(n1).is_some())
        || (n0 == "-"
            && (dates.number(n1).is_some()
                || dates.unit(n1).is_some()
                || one_of(&weekdays_only, n1)))
        || (one_of(&weekdays_only, n0) && dates.unit(n1).is_some())
}

/// Is `c` space to the tokenizer (`sentence::each_token`: ASCII whitespace by byte, other
/// characters by `char::is_whitespace`)?
fn token_space(c: char) -> bool {
    if c.is_ascii() {
        u8::try_from(c).is_ok_and(|b| b.is_ascii_whitespace())
    } else {
        c.is_whitespace()
    }
}

/// The token ending at or before byte `pos` (not before `lo`), as the tokenizer cuts it: a
/// run of alphanumeric characters or one other character. Returns its start and text.
fn prev_token(text: &str, lo: usize, pos: usize) -> Option<(usize, &str)> {
    let head = text.get(lo..pos)?;
    let trimmed = head.trim_end_matches(token_space);
    let last = trimmed.chars().next_back()?;
    let start = if last.is_alphanumeric() {
        trimmed
            .char_indices()
            .rev()
            .find(|(_, c)| !c.is_alphanumeric())
            .map_or(0, |(p, c)| p + c.len_utf8())
    } else {
        trimmed.len() - last.len_utf8()
    };
    Some((lo + start, trimmed.get(start..)?))
}

/// The token starting at or after byte `pos` (ending by `hi`), as [`prev_token`].
fn next_token(text: &str, pos: usize, hi: usize) -> Option<(usize, &str)> {
    let tail = text.get(pos..hi)?;
    let trimmed = tail.trim_start_matches(token_space);
    let skipped = tail.len() - trimmed.len();
    let first = trimmed.chars().next()?;
    let len = if first.is_alphanumeric() {
        trimmed
            .find(|c: char| !c.is_alphanumeric())
            .unwrap_or(trimmed.len())
    } else {
        first.len_utf8()
    };
    Some((pos + skipped, trimmed.get(..len)?))
}

/// Does a span follow the holding verb ending at `pos` ("has 50 days", "got only a week"),
/// as `deadline::held_span` requires (the span opens with its number, right after the verb
/// or one adverb)?
fn holds_a_span(dates: &DateWords, text: &str, pos: usize, e: usize) -> bool {
    const ADVERB: [&str; 4] = ["now", "just", "only", "still"];
    let Some((at, w)) = next_token(text, pos, e) else {
        return false;
    };
    if ADVERB.iter().any(|a| a.eq_ignore_ascii_case(w)) {
        return next_token(text, at + w.len(), e).is_some_and(|t| dates.number(t.1).is_some());
    }
    dates.number(w).is_some()
}

/// One automaton over the context phrases the gate must rule out in a sentence it skips:
/// ultimatum cues ([deadline_context]), deadline look-alikes ([deadline] of
/// exclusions.rules) and the verbs that hold a span ("has 50 days to"). Standard semantics,
/// stepped byte by byte: every state reports every pattern ending there, so any phrase the
/// context scan would find (whatever longer match it prefers) is found here too.
#[derive(Debug)]
pub(crate) struct GateCues {
    dfa: aho_corasick::dfa::DFA,
    /// Per pattern: its class bits.
    classes: Vec<u8>,
}

impl GateCues {
    pub const ULTIMATUM: u8 = 1;
    pub const LOOK_ALIKE: u8 = 2;
    pub const HOLD: u8 = 4;
    /// The verbs of `deadline::held_span` ("has", "got", "given" … a span "to" act).
    const HOLD_WORDS: [&'static str; 7] = ["has", "have", "had", "get", "gets", "got", "given"];

    /// Collects the classes' phrases from the compiled context lexicon.
    pub(crate) fn compile(
        patterns: &[String],
        entries: &[CtxEntry],
        groups: &[CtxGroup],
    ) -> Result<GateCues, aho_corasick::BuildError> {
        let mut pats: Vec<&str> = Vec::new();
        let mut classes: Vec<u8> = Vec::new();
        for (pattern, group) in patterns.iter().zip(groups) {
            let bits = entries
                .get(group.start..group.end)
                .unwrap_or_default()
                .iter()
                .fold(0u8, |bits, entry| match entry.payload {
                    Payload::DeadlineContext => bits | Self::ULTIMATUM,
                    Payload::Exclusion {
                        ty: EventType::Deadline,
                        ..
                    } => bits | Self::LOOK_ALIKE,
                    _ => bits,
                });
            if bits != 0 {
                pats.push(pattern);
                classes.push(bits);
            }
        }
        for w in Self::HOLD_WORDS {
            pats.push(w);
            classes.push(Self::HOLD);
        }
        let dfa = aho_corasick::dfa::DFA::builder()
            .ascii_case_insensitive(true)
            .match_kind(aho_corasick::MatchKind::Standard)
            .prefilter(false)
            .build(&pats)?;
        Ok(GateCues { dfa, classes })
    }

    /// The classes among `wanted` with a phrase on word boundaries in `text[s..e]`.
    pub fn present(&self, dates: &DateWords, text: &str, (s, e): (usize, usize), wanted: u8) -> u8 {
        use aho_corasick::automaton::Automaton;
        let aut = &self.dfa;
        let (Some(hay), Ok(mut sid)) = (text.get(s..e), aut.start_state(Anchored::No)) else {
            return wanted;
        };
        let mut got = 0u8;
        for (p, &b) in hay.as_bytes().iter().enumerate() {
            sid = aut.next_state(Anchored::No, sid, b);
            if aut.is_special(sid) && aut.is_match(sid) {
                got |= self.matches_at(dates, text, (sid, s + p + 1), e, wanted & !got);
                if got == wanted {
                    return got;
                }
            }
        }
        got
    }

    /// The classes among `wanted` of the patterns matching in state `sid` at `me`, on word
    /// boundaries (a holding verb only before a span).
    fn matches_at(
        &self,
        dates: &DateWords,
        text: &str,
        (sid, me): (aho_corasick::automaton::StateID, usize),
        e: usize,
        wanted: u8,
    ) -> u8 {
        use aho_corasick::automaton::Automaton;
        let aut = &self.dfa;
        let mut got = 0u8;
        for k in 0..aut.match_len(sid) {
            let pid = aut.match_pattern(sid, k);
            let mut bits = self.classes.get(pid.as_usize()).copied().unwrap_or(0) & wanted;
            if bits & Self::HOLD != 0 && !holds_a_span(dates, text, me, e) {
                bits &= !Self::HOLD;
            }
            let ms = me.saturating_sub(aut.pattern_len(pid));
            if bits & !got != 0 && on_word_boundary(text, ms, me) {
                got |= bits;
            }
        }
        got
    }
}

/// Byte → character offsets for increasing positions without rescanning from the start.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct CharCursor {
    byte: usize,
    chars: usize,
}

impl CharCursor {
    fn at(&mut self, text: &str, pos: usize) -> usize {
        if pos < self.byte {
            *self = CharCursor::default();
        }
        self.chars += text.get(self.byte..pos).map_or(0, |s| s.chars().count());
        self.byte = pos;
        self.chars
    }
}

// The gate's tests sit beside the gate (the rest of this file belongs to the analysis).
#[cfg(test)]
#[allow(clippy::items_after_test_module)]
mod gate_tests {
    use super::*;
    use crate::tagger::rules::RuleSources;
    use crate::tagger::sentence::tokenize;

    fn lexicon() -> Lexicon {
        match Lexicon::compile(&RuleSources::builtin()) {
            Ok(lex) => lex,
            Err(e) => panic!("builtin rules: {e}"),
        }
    }

    /// Every ultimatum cue and deadline look-alike of the rules is found by the gate's
    /// automaton in a sentence that holds it, so the gate never misses one the context
    /// scan would see.
    #[test]
    fn gate_cues_find_every_phrase() {
        let lex = lexicon();
        let mut checked = 0;
        for (pattern, group) in lex.ctx_patterns.iter().zip(&lex.ctx_groups) {
            let entries = lex
                .ctx_entries
                .get(group.start..group.end)
                .unwrap_or_default();
            let wanted = entries.iter().fold(0u8, |b, entry| match entry.payload {
                Payload::DeadlineContext => b | GateCues::ULTIMATUM,
                Payload::Exclusion {
                    ty: EventType::Deadline,
                    ..
                } => b | GateCues::LOOK_ALIKE,
                _ => b,
            });
            if wanted == 0 {
                continue;
            }
            let text = format!("Officials said {pattern} on Monday.");
            let got = lex
                .gate_cues
                .present(&lex.dates, &text, (0, text.len()), wanted);
            assert_eq!(got, wanted, "`{pattern}` not found");
            checked += 1;
        }
        assert!(checked > 100, "only {checked} phrases");
        // Not inside a word, and a holding verb only before a span.
        let lex_has = |t: &str, w: u8| lex.gate_cues.present(&lex.dates, t, (0, t.len()), w);
        assert_eq!(lex_has("The clubhouse opened.", GateCues::LOOK_ALIKE), 0);
        assert_eq!(
            lex_has("Iran has 30 days to answer.", GateCues::HOLD),
            GateCues::HOLD
        );
        assert_eq!(
            lex_has("Iran has now 30 days.", GateCues::HOLD),
            GateCues::HOLD
        );
        assert_eq!(lex_has("Iran has rejected it.", GateCues::HOLD), 0);
    }

    /// The gate's token reading agrees with the tokenizer (words, single punctuation,
    /// non-ASCII letters and spaces).
    #[test]
    fn gate_tokens_match_the_tokenizer() {
        for text in [
            "a 20-year high \u{2014} \u{ab}Friday\u{bb}\u{2019}s 3.6% in Z\u{fc}rich,\u{a0}two  weeks",
            "Shares fell 5.1% from 3.4%; forty-five days (or 10-12 days) later.",
        ] {
            let mut toks = Vec::new();
            tokenize(text, 0, text.len(), &mut toks);
            let word = |k: usize| toks.get(k).map(|t| &text[t.s..t.e]);
            for k in 0..toks.len() {
                let from = if k == 0 { 0 } else { toks[k - 1].e };
                assert_eq!(next_token(text, from, text.len()).map(|t| t.1), word(k));
                let to = toks.get(k + 1).map_or(text.len(), |t| t.s);
                assert_eq!(prev_token(text, 0, to).map(|t| t.1), word(k));
            }
        }
    }

    #[test]
    fn gate_reads_spans_as_the_date_grammar() {
        let lex = lexicon();
        let fate = |text: &str, trigger: &str| {
            let hs = text.find(trigger).unwrap_or(0);
            span_fate(
                &lex,
                text,
                (0, text.len()),
                (hs, hs + trigger.len()),
                trigger,
            )
        };
        assert_eq!(fate("a 20-year high", "-year"), Fate::Nothing);
        assert_eq!(fate("served 25 years in prison", "years"), Fate::Nothing);
        // "to" may close a range ("10 to 12 years"): not provably bare.
        assert_eq!(
            fate("sentenced to 25 years in prison", "years"),
            Fate::NothingWithoutCue
        );
        assert_eq!(
            fate("reopens five years after fire", "years"),
            Fate::Nothing
        );
        assert_eq!(fate("after a week of floods", "week"), Fate::Nothing);
        assert_eq!(
            fate("ruled out for six weeks", "weeks"),
            Fate::NothingWithoutCue
        );
        assert_eq!(fate("within a week", "week"), Fate::NothingWithoutCue);
        assert_eq!(fate("a 90-day pause", "-day"), Fate::Maybe);
        assert_eq!(fate("had 50 days to respond", "days"), Fate::Maybe);
        assert_eq!(fate("90 days from July 15", "days"), Fate::Maybe);
        assert_eq!(fate("10 to 12 months", "months"), Fate::NothingWithoutCue);
        assert_eq!(fate("by month-end", "month"), Fate::Maybe);
        // Governors of the date grammar beyond the words before the number.
        assert_ne!(
            fate("contracts may be wound down over 45 days", "days"),
            Fate::Nothing
        );
        assert_ne!(
            fate("comes into force 30 days after its publication", "days"),
            Fate::Nothing
        );
        assert_ne!(fate("expires 60 days from now", "days"), Fate::Nothing);
    }

    /// In an item that names a measure, only triggers that come to nothing whatever the
    /// item holds are skipped.
    #[test]
    fn gate_in_items_that_name_a_measure() {
        let lex = lexicon();
        let skips = |text: &str, triggers: &[&str], names_measure: bool| {
            let group: Vec<(usize, usize, usize)> = triggers
                .iter()
                .map(|t| {
                    let hs = text.find(t).unwrap_or(0);
                    let pid = lex
                        .trigger_patterns
                        .iter()
                        .position(|p| p.eq_ignore_ascii_case(t))
                        .unwrap_or(usize::MAX);
                    (hs, hs + t.len(), pid)
                })
                .collect();
            assert!(group.iter().all(|h| h.2 != usize::MAX), "{triggers:?}");
            yields_nothing(&lex, text, (0, text.len()), &group, names_measure)
        };
        let dated_act = "The minister met her Peruvian counterpart on Monday in Lima.";
        assert!(skips(dated_act, &["on Monday"], true));
        let bare = "Exports fell to a 20-year low.";
        assert!(skips(bare, &["-year"], true));
        // A weak limit with a date may be the deadline of the item's measure.
        let limit = "The firms must comply within 30 days, the agency said Tuesday.";
        assert!(!skips(limit, &["within", "days"], true));
    }
}

pub(super) fn evidence(
    field: &Field<'_>,
    sent: &Sentence<'_, '_>,
    chars: (usize, usize),
) -> Evidence {
    let text = field.text;
    let (start, end) = chars;
    Evidence {
        field: field.name.to_string(),
        start,
        end,
        text: text[sent.start..sent.end].to_string(),
    }
}

#[allow(clippy::too_many_arguments)]
fn analyze_sentence<'a, 'l>(
    lex: &'l Lexicon,
    field: &Field<'_>,
    sent: &Sentence<'a, '_>,
    hits: &[(usize, usize, usize)],
    cursor: &mut CharCursor,
    reference: NaiveDate,
    prev: &mut Option<(usize, Action)>,
    domain: &mut [bool; 3],
    found: &mut Found,
    scratch: &mut Scratch<'a, 'l>,
    trace: &mut Trace<'_>,
) {
    let Scratch {
        trigs,
        rates,
        dates,
    } = scratch;
    trigs.clear();
    rates.clear();
    dates.clear();
    let mut dates_done = false;
    let text = sent.text;
    let slice = &text[sent.start..sent.end];
    trace.line(|| {
        format!(
            "[{}@{}] {}",
            field.name,
            char_offset(text, sent.start),
            slice
        )
    });
    let chars = (cursor.at(text, sent.start), cursor.at(text, sent.end));
    // Triggers in this sentence (token ranges + info).
    for &(s, e, pid) in hits {
        if let Some(info) = lex.triggers.get(pid) {
            if info.exact.as_deref().is_some_and(|x| x != &text[s..e]) {
                continue;
            }
            let ts = super::sentence::tok_at(&sent.toks, s);
            let te = super::sentence::tok_at(&sent.toks, e.saturating_sub(1)) + 1;
            trigs.push(((ts, te), info, &text[s..e]));
        }
    }
    let state = sent.has_state_actor();
    let party = sent.has_state_party();
    let mut measure_in_sentence = false;
    let mut sentence_action: Option<Action> = None;
    let mut deadline_done = false;
    let first_here = found.measures.len();

    for &(trig, info, matched) in trigs.iter() {
        let ty = info.ty;
        let name = ty.as_str();
        // Exclusions: overlapping ones kill this trigger; others the type in this sentence,
        // unless the cue is a word of a firm trade-measure phrase ("tax" in "import tax" is
        // no tax-filing look-alike for the deadline beside it).
        let excl = sent.hits.iter().find(|h| match h.entry.payload {
            Payload::Exclusion { ty: t, soft, local } if t == ty => {
                overlaps((h.ts, h.te), trig)
                    || (!info.firm
                        && !local
                        && (!soft || !party)
                        && !trigs
                            .iter()
                            .any(|&(f, fi, _)| fi.firm && f.0 <= h.ts && h.te <= f.1))
            }
            _ => false,
        });
        let slot = ty as usize;
        if let Some(h) = excl {
            if let Some(d) = domain.get_mut(slot) {
                *d = true;
            }
            trace.line(|| {
                format!(
                    "  {name} `{matched}`: excluded by look-alike cue `{}`",
                    h.entry.phrase
                )
            });
            continue;
        }
        let in_domain = domain.get(slot).copied().unwrap_or(false);
        if in_domain && !party && !info.firm {
            trace.line(|| {
                format!("  {name} `{matched}`: look-alike document and no state party here")
            });
            continue;
        }
        // "FIFA-sanctioned", "state-sanctioned": the approval sense.
        if ty == EventType::Sanction
            && text[..sent.span(trig.0, trig.1).0].ends_with('-')
            && matched.to_ascii_lowercase().starts_with("sanction")
        {
            trace.line(|| format!("  {name} `{matched}`: hyphenated compound, the approval sense"));
            continue;
        }
        if ty == EventType::Deadline {
            if deadline_done {
                continue;
            }
            // "The earlier cut-off, voted through by clubs, … rivals in Spain and Italy":
            // in an item whose deadline look-alike fired and that has named no measure, a
            // limit noun with no measure and no ultimatum cue of its own is the look-alike's.
            if in_domain
                && !info.weak
                && found.measures.is_empty()
                && !found.measure_mention
                && !trigs.iter().any(|(_, i, _)| i.ty != EventType::Deadline)
                && !sent
                    .hits
                    .iter()
                    .any(|h| matches!(h.entry.payload, Payload::DeadlineContext))
            {
                trace.line(|| {
                    format!(
                        "  {name} `{matched}`: look-alike document, no measure or ultimatum here"
                    )
                });
                continue;
            }
            if !dates_done {
                find_dates(sent.words(), &lex.dates, reference, dates);
                dates_done = true;
            }
            let doc_measure = !found.measures.is_empty();
            let cands = deadline(
                lex,
                field,
                sent,
                trig,
                info,
                matched,
                dates,
                trigs,
                doc_measure,
                reference,
                chars,
                trace,
            );
            if !cands.is_empty() {
                let mention = found.measure_mention;
                found.deadlines.extend(cands.into_iter().map(|mut c| {
                    c.needs_measure &= !mention;
                    c
                }));
                deadline_done = true;
            }
            continue;
        }
        if info.weak && !state {
            trace.line(|| format!("  {name} `{matched}`: weak trigger without a state actor"));
            if ty == EventType::Tariff {
                loose_rate(lex, sent, trig, info, rates, &mut found.loose_rates);
            }
            continue;
        }
        if info.verb && goods_compound(sent, trig, matched) {
            trace.line(|| format!("  {name} `{matched}`: a noun after a product, goods"));
            continue;
        }
        if ty == EventType::Sanction && approves_money(sent, trig, matched) {
            trace.line(|| format!("  {name} `{matched}`: approving a sum, the approval sense"));
            continue;
        }
        if ty == EventType::Sanction && takes_tariff_form(sent, trig, trigs) {
            trace.line(|| {
                format!("  {name} `{matched}`: takes the form of the tariff named after it")
            });
            continue;
        }
        if ty == EventType::Sanction {
            if let Some(w) = approves_thing(sent, trig, matched) {
                trace.line(|| format!("  {name} `{matched}`: approving a {w}, the approval sense"));
                continue;
            }
        }
        if ty == EventType::Sanction && designation_as_role(lex, sent, trig, matched) {
            trace.line(|| format!("  {name} `{matched}`: a designation to a role, not a listing"));
            continue;
        }
        if let Some(y) = past_year(sent, trig, reference).filter(|&y| !year_names_accord(sent, y)) {
            trace.line(|| format!("  {name} `{matched}`: background history (the year {y})"));
            continue;
        }
        if let Some(when) = past_month(lex, sent, trig, reference) {
            trace.line(|| format!("  {name} `{matched}`: background history (`{when}`)"));
            continue;
        }
        if let Some(ago) = years_ago(sent, trig) {
            trace.line(|| format!("  {name} `{matched}`: background history (`{ago}`)"));
            continue;
        }
        // "Japan imposes no tariff on imported cars", "no sanctions were discussed".
        if trig.0 > 0 && sent.w(trig.0 - 1).eq_ignore_ascii_case("no") {
            trace.line(|| format!("  {name} `{matched}`: negated by `no`"));
            continue;
        }
        if let Some(who) = advocates_call(sent, trig) {
            trace.line(|| {
                format!("  {name} `{matched}`: a call by `{who}`, no state's own measure")
            });
            continue;
        }
        if let Some(neg) = action::negated(sent, trig) {
            trace.line(|| format!("  {name} `{matched}`: negated by `{neg}`"));
            continue;
        }
        if let Some(h) = action::history(sent, trig) {
            trace.line(|| format!("  {name} `{matched}`: background history (`{h}`)"));
            continue;
        }
        if in_force_since(sent, trig) {
            trace.line(|| format!("  {name} `{matched}`: an existing regime (`… since`)"));
            continue;
        }
        // "… even if tariffs did not": the measure as the subject of a negated do-support
        // verb is a counterfactual or a denial, not news of it.
        if ["did", "does", "do"]
            .iter()
            .any(|a| a.eq_ignore_ascii_case(sent.w(trig.1)))
            && ["not", "n't"]
                .iter()
                .any(|n| n.eq_ignore_ascii_case(sent.w(trig.1 + 1)))
        {
            trace.line(|| format!("  {name} `{matched}`: the subject of a negated verb"));
            continue;
        }
        if action::opinion_question(sent, trig) {
            trace.line(|| format!("  {name} `{matched}`: a 'should' question, an opinion"));
            continue;
        }
        if let Some(w) = action::aggregate(sent, trig) {
            trace.line(|| format!("  {name} `{matched}`: `{w}`: a sum of measures, not one"));
            continue;
        }
        let mut confidence: f32 = 0.95;
        let choice = action::choose(sent, trig, info);
        let anchor = choice.and_then(|c| c.cue);
        if let Some(c) =
            choice.filter(|c| c.action == Action::Eased && measure_as_subject(sent, trig, c.cue))
        {
            trace.line(|| {
                format!(
                    "  {name} `{matched}`: the measure is the subject of `{}`: its effect, not news about it",
                    c.phrase
                )
            });
            continue;
        }
        if let Some(when) = anchor.and_then(|cue| dated_past(lex, sent, cue)) {
            trace.line(|| {
                format!(
                    "  {name} `{matched}`: background history (its action dated `{}`)",
                    when.join(" ")
                )
            });
            continue;
        }
        // A threat already made still stands ("Beijing has already warned it could …").
        if choice.is_some_and(|c| c.action != Action::Threatened)
            && already_done(sent, anchor.unwrap_or(trig))
        {
            trace.line(|| format!("  {name} `{matched}`: background history (`has already …`)"));
            continue;
        }
        let object = choice.is_some_and(|c| c.object);
        let mut roles = actors::resolve(
            sent,
            trig,
            anchor,
            object,
            info.inverse,
            info.verb,
            trace.on(),
            lex,
        );
        // "a $60 cap on Russian seaborne oil": the party named inside the trigger phrase.
        if roles.target.is_empty() {
            for m in sent.mentions.iter().filter(|m| {
                !m.code.is_empty()
                    && m.ts >= trig.0
                    && m.te <= trig.1
                    && !roles.imposer.iter().any(|c| c == m.code)
            }) {
                trace.line(|| format!("    target {} ← named inside the trigger", m.code));
                roles.target.push(m.code.to_string());
            }
        }
        if roles.imposer.is_empty() && roles.pronoun_subject {
            if let Some(code) =
                actors::resolve_pronoun(text, sent.start, lex).filter(|c| !roles.target.contains(c))
            {
                trace.line(|| {
                    format!("    imposer {code} ← pronoun subject resolved to an earlier sentence")
                });
                roles.target.retain(|c| *c != code);
                roles.imposer.push(code);
            }
        }
        // "The commerce ministry added …": the body acts for the item's latest imposer.
        if roles.imposer.is_empty() && roles.role_subject {
            if let Some(code) = found
                .measures
                .iter()
                .rev()
                .find_map(|m| m.ev.imposer.first())
                .filter(|c| !roles.target.contains(c))
                .cloned()
            {
                trace.line(|| {
                    format!(
                        "    imposer {code} ← the role subject acts for the item's latest imposer"
                    )
                });
                roles.imposer.push(code);
            }
        }
        // No subject in reach: the measure continues the item's latest actor ("…; the levies
        // on Chinese steel take effect Friday"), unless a non-state body is named here.
        // Only with an action cue: a bare mention must not become concrete by borrowing.
        if roles.imposer.is_empty()
            && choice.is_some()
            && !roles.target.is_empty()
            && !sent.mentions.iter().any(|m| m.code.is_empty())
        {
            if let Some(code) = found
                .measures
                .iter()
                .rev()
                // The latest one that aimed at the same party or named none ("Canada's levies
                // on U.S. goods … 10% on China" has no single actor to continue; "25% on
                // Canada and Mexico, 10% on China … Canadian energy will face 10%" continues
                // the one on Canada).
                .filter(|m| !m.ev.imposer.is_empty())
                .find(|m| {
                    m.ev.target.is_empty() || m.ev.target.iter().any(|c| roles.target.contains(c))
                })
                .and_then(|m| m.ev.imposer.first())
                .filter(|c| !roles.target.contains(c))
                .cloned()
            {
                trace.line(|| format!("    imposer {code} ← the item's latest imposer"));
                roles.imposer.push(code);
            }
        }
        if ty == EventType::Tariff && rates.is_empty() {
            find_rates(sent, &lex.dates, rates);
        }
        // A firm trigger ("customs duties") is a state measure by its very name.
        if (info.weak || (!info.firm && (!state || in_domain)))
            && roles.imposer.is_empty()
            && roles.target.is_empty()
        {
            trace.line(|| format!("  {name} `{matched}`: no state party anywhere in reach"));
            if ty == EventType::Tariff {
                loose_rate(lex, sent, trig, info, rates, &mut found.loose_rates);
            }
            continue;
        }
        if ty == EventType::Sanction
            && info.weak
            // "the new rule bars Australian children from social media": a demonym target
            // with no imposer is the bar's own public, unless it qualifies goods ("a price
            // cap on Russian oil"); domestic_sense still asks for no named state and no
            // trade object.
            && (roles.target.is_empty()
                || (roles.imposer.is_empty() && !product_after(sent, trig)))
            && !found.measures.iter().any(|m| m.ty == EventType::Sanction)
            && domestic_sense(lex, sent, trig, info, &roles.imposer)
        {
            trace.line(|| {
                format!("  {name} `{matched}`: a generic ban or freeze with no target and no trade object; domestic policy")
            });
            continue;
        }
        // "a fuel surcharge on long-haul fares", "adds a surcharge for parcels to the United
        // States", "the departure levy for tourists": a generic tariff word is a trade
        // measure only aimed at a party, on goods or after a tariff in the item. Other
        // states in the sentence do not vouch for it.
        if ty == EventType::Tariff
            && info.generic
            && roles.target.is_empty()
            && !found.measures.iter().any(|m| m.ty == EventType::Tariff)
            && !on_goods(lex, sent, trig)
        {
            trace.line(|| {
                format!("  {name} `{matched}`: a generic charge with no target and no goods; a price, not a tariff")
            });
            continue;
        }
        // No target named or phrased: the item's earlier measures say where it aims.
        if roles.target.is_empty()
            && !roles.imposer.is_empty()
            && !roles.phrase
            && !roles.secondary
            && choice.is_some()
        {
            let earlier = found
                .measures
                .iter()
                .rev()
                .map(|m| (m.ev.imposer.as_slice(), m.ev.target.as_slice()));
            if let Some((codes, retaliation)) =
                actors::inherited_target(sent, &roles.imposer, earlier)
            {
                trace.line(|| {
                    let how = if retaliation {
                        "retaliation: the party that last targeted the imposer"
                    } else {
                        "the imposer's latest target"
                    };
                    format!("    target {codes:?} ← {how}")
                });
                roles.target = codes.to_vec();
            }
        }
        // "a 100% tariff …, along with export controls on software": a measure added to the
        // sentence's previous one shares its action.
        let added = sentence_action.filter(|_| {
            (trig.0.saturating_sub(3)..trig.0).any(|i| {
                let (a, b) = (sent.w(i), sent.w(i + 1));
                (a.eq_ignore_ascii_case("along") || a.eq_ignore_ascii_case("together"))
                    && b.eq_ignore_ascii_case("with")
                    || (a.eq_ignore_ascii_case("as") && b.eq_ignore_ascii_case("well"))
            })
        });
        let act = match choice {
            _ if added.is_some() => {
                let a = added.unwrap_or(Action::Imposed);
                trace.line(|| {
                    format!(
                        "  {name} `{matched}`: action {} shared with the measure it is added to",
                        a.as_str()
                    )
                });
                a
            }
            // "restores South Korea to its white list": returning to it is the easing.
            Some(c)
                if info.inverse
                    && c.action == Action::Imposed
                    && ["restor", "reinstat", "readmit"].iter().any(|p| {
                        c.phrase
                            .get(..p.len())
                            .is_some_and(|x| x.eq_ignore_ascii_case(p))
                    }) =>
            {
                trace.line(|| {
                    format!(
                        "  {name} `{matched}`: returning to `{}` is the easing (cue `{}`)",
                        info.phrase, c.phrase
                    )
                });
                Action::Eased
            }
            // "lifting the duty on Chinese imports to 125%": lifted to a rate is raised.
            Some(c)
                if c.action == Action::Eased
                    && c.phrase
                        .get(..4)
                        .is_some_and(|p| p.eq_ignore_ascii_case("lift"))
                    && c.cue.is_some_and(|(_, e)| {
                        (e..e + 10).any(|i| {
                            sent.w(i).eq_ignore_ascii_case("to")
                                && sent
                                    .w(i + 1)
                                    .bytes()
                                    .next()
                                    .is_some_and(|b| b.is_ascii_digit())
                        })
                    }) =>
            {
                trace.line(|| {
                    format!(
                        "  {name} `{matched}`: `{}` to a rate raises it: imposed",
                        c.phrase
                    )
                });
                Action::Imposed
            }
            Some(c) if info.inverse && c.action == Action::Eased => {
                trace.line(|| {
                    format!(
                        "  {name} `{matched}`: leaving `{}` is the restriction: imposed (cue `{}`)",
                        info.phrase, c.phrase
                    )
                });
                Action::Imposed
            }
            Some(c) => {
                trace.line(|| {
                    format!(
                        "  {name} `{matched}`: action {} ← cue `{}`",
                        c.action.as_str(),
                        c.phrase
                    )
                });
                c.action
            }
            None => {
                match prev {
                    Some((end, a))
                        if sent.starts_with_anaphora()
                            && text[*end..sent.start].trim().is_empty() =>
                    {
                        trace.line(|| format!("  {name} `{matched}`: action {} inherited from the previous sentence", a.as_str()));
                        confidence -= 0.15;
                        *a
                    }
                    _ if roles.verbal && !roles.imposer.is_empty() => {
                        trace.line(|| {
                            format!("  {name} `{matched}`: used as its subject's verb: imposed")
                        });
                        Action::Imposed
                    }
                    // A rate alone needs a party too: "the tariff, higher than the 10% others
                    // pay, hurts exporters" is commentary.
                    _ if (ty == EventType::Tariff
                        && rate_for(sent, rates, trig).is_some()
                        && !(roles.imposer.is_empty() && roles.target.is_empty()))
                        // A generic word needs its cue: "Spain missed two penalties
                        // against Italy" names two parties and no measure.
                        || (!info.generic
                            && !roles.imposer.is_empty()
                            && !roles.target.is_empty()) =>
                    {
                        trace.line(|| format!("  {name} `{matched}`: no action cue, but a concrete measure (rate or both parties): imposed"));
                        confidence -= 0.15;
                        Action::Imposed
                    }
                    _ => {
                        trace.line(|| {
                            format!("  {name} `{matched}`: no action cue; a mention, not an event")
                        });
                        if (state || info.firm) && !info.generic {
                            note_measure_mention(found);
                        }
                        continue;
                    }
                }
            }
        };
        measure_in_sentence = true;
        sentence_action = Some(act);
        if info.weak {
            confidence -= 0.1;
        }
        if info.typo {
            confidence -= 0.1;
        }
        for w in &roles.why {
            trace.line(|| format!("    {w}"));
        }
        if roles.imposer.is_empty() {
            confidence -= 0.05;
        }
        let ev = |rate_pct: Option<f64>,
                  products: Vec<String>,
                  imposer: &[String],
                  target: &[String]| MeasureEvent {
            action: act,
            imposer: imposer.to_vec(),
            target: target.to_vec(),
            rate_pct,
            products,
            evidence: evidence(field, sent, chars),
            confidence: confidence.clamp(0.0, 1.0),
        };
        // "The U.S. and Britain agreed to cut tariffs", "India and Pakistan imposed tariffs on
        // each other": each acts on the other, two events with the roles swapped.
        if (act == Action::Eased || roles.reciprocal)
            && roles.joint
            && roles.imposer.len() == 2
            && roles.target.is_empty()
        {
            let rate = if ty == EventType::Tariff {
                rate_for(sent, rates, trig)
            } else {
                None
            };
            trace.line(|| "    reciprocal: one event each way".to_string());
            let products = products_near(sent, trig, None);
            for k in 0..2 {
                let imposer = &roles.imposer[k..=k];
                let target = &roles.imposer[1 - k..2 - k];
                found.measures.push(MeasureCand {
                    ty,
                    ev: ev(rate, products.clone(), imposer, target),
                });
            }
            continue;
        }
        if ty == EventType::Tariff {
            // Each rate belongs to one tariff trigger of the sentence ("an extra 25% tariff
            // …, taking the total duty to 50%": the 50 is the total's).
            let tariff_trigs: Vec<(usize, usize)> = trigs
                .iter()
                .filter(|(_, i, _)| i.ty == EventType::Tariff)
                .map(|(t, _, _)| *t)
                .collect();
            let owned: Vec<Rate> = rates
                .iter()
                .filter(|r| owner(sent, r, &tariff_trigs) == Some(trig))
                .copied()
                .collect();
            let split = split_rates(sent, &owned, trig);
            if !split.is_empty() {
                for r in split {
                    let products = products_near(sent, (r.te, r.te + 1), Some(4));
                    // "25% on Canada and Mexico and 10% on China": each rate's own targets.
                    // "tariffs: Canada 35%, Mexico 30%": a rate table's own party.
                    // "… while Vietnamese material will face 9.3%": the subject of its clause.
                    let own = match super::rate::rate_parties(sent, &owned, &r) {
                        p if p.is_empty() => actors::targets_after(sent, lex, r.te),
                        p => p,
                    };
                    let target: Vec<String> = if own.is_empty() {
                        roles.target.clone()
                    } else {
                        own.into_iter()
                            .filter(|c| !roles.imposer.contains(c))
                            .collect()
                    };
                    trace.line(|| {
                        format!(
                            "    rate {} (one of several rates in the sentence) → {:?}",
                            r.pct, target
                        )
                    });
                    found.measures.push(MeasureCand {
                        ty,
                        ev: ev(Some(r.pct), products, &roles.imposer, &target),
                    });
                }
                continue;
            }
            // "responded with duties of the same size": the rate of the measure just stated.
            let rate = rate_for(sent, &owned, trig).or_else(|| {
                // The measure answered: the one its target imposed, when it names a target.
                let prev = found.measures.iter().rev().find(|m| {
                    m.ty == ty
                        && (roles.target.is_empty()
                            || m.ev.imposer.iter().any(|c| roles.target.contains(c)))
                });
                prev.and_then(|m| m.ev.rate_pct)
                    .filter(|_| super::rate::same_rate(sent, trig))
            });
            if let Some(r) = rate {
                trace.line(|| format!("    rate {r}"));
            }
            found.measures.push(MeasureCand {
                ty,
                ev: ev(
                    rate,
                    products_near(sent, trig, None),
                    &roles.imposer,
                    &roles.target,
                ),
            });
        } else {
            found.measures.push(MeasureCand {
                ty,
                ev: ev(
                    None,
                    products_near(sent, trig, None),
                    &roles.imposer,
                    &roles.target,
                ),
            });
        }
    }
    // "Trump signs steel tariffs; Canada and Mexico spared for now": a relief in its own
    // clause is an easing of the sentence's measure for the parties it names.
    let here = &found.measures[first_here.min(found.measures.len())..];
    if measure_in_sentence && here.iter().all(|m| m.ev.action != Action::Eased) {
        let relief = here
            .last()
            .zip(actors::relief_clause(sent))
            .map(|(last, (cue, codes))| {
                // Goods relieved: the measure's own target.
                let codes = if codes.is_empty() {
                    last.ev.target.clone()
                } else {
                    codes
                };
                (last, cue, codes)
            });
        if let Some((last, cue, codes)) = relief.filter(|(_, _, codes)| !codes.is_empty()) {
            let imposer: Vec<String> = last
                .ev
                .imposer
                .iter()
                .filter(|c| !codes.contains(c))
                .cloned()
                .collect();
            trace.line(|| format!("  relief `{cue}` in its own clause: eased for {codes:?}"));
            let ev = MeasureEvent {
                action: Action::Eased,
                imposer,
                target: codes,
                rate_pct: None,
                products: last.ev.products.clone(),
                evidence: last.ev.evidence.clone(),
                confidence: 0.8,
            };
            found.measures.push(MeasureCand { ty: last.ty, ev });
        }
    }
    if let Some(a) = sentence_action {
        *prev = Some((sent.end, a));
    }
}

/// A state measure named without an action ("The measures come into drive February 7" after
/// "Trump OKs border taxes …"): the item's effect dates that waited for a measure stand.
fn note_measure_mention(found: &mut Found) {
    found.measure_mention = true;
    for c in &mut found.deadlines {
        c.needs_measure = false;
    }
}

/// A weak sanction trigger read in its generic sense ("France banned smoking on beaches", "a
/// price cap on tortillas", "froze the salaries"): a [generic_restriction] of the rules with
/// no [restriction_object] ("assets", "imports", "entering") in the next few words and no
/// state named in the sentence besides its imposer ("Washington threatened Russia with severe
/// penalties" names the party it aims at even where no target phrase was read; a demonym
/// only qualifies goods: "ending a three-year freeze on Australian wine"). Called only
/// when no target was found and the item has no sanction yet, so a later "ban on" in a
/// sanctions story still counts.
fn domestic_sense(
    lex: &Lexicon,
    sent: &Sentence<'_, '_>,
    trig: (usize, usize),
    info: &TriggerInfo,
    imposer: &[String],
) -> bool {
    // eight words, within the clause: "freezes C$26 mln in assets of …", "a travel ban and
    // visa revocations for Colombian government officials"
    info.generic
        && !(trig.1..trig.1 + 8)
            .take_while(|&i| !matches!(sent.w(i), "," | ";" | ":"))
            .any(|i| lex.is_restriction_object(sent.w(i)) && !own_side(sent, i))
        && !sent.mentions.iter().any(|m| {
            !m.code.is_empty()
                && m.kind != ActorKind::Demonym
                && !imposer.iter().any(|c| c == m.code)
        })
}

/// A restriction object the banning state holds itself or acts for ("banned parties for
/// officials", "barred its own officials from using iPhones"): no party is aimed at.
fn own_side(sent: &Sentence<'_, '_>, obj: usize) -> bool {
    obj > 0
        && ["for", "own"]
            .iter()
            .any(|w| w.eq_ignore_ascii_case(sent.w(obj - 1)))
}

/// "the regulator has sanctioned a $2.1 billion expansion", "sanctions Rs 5,000 crore for
/// roads": a "sanction" verb whose object opens with a sum of money approves spending.
fn approves_money(sent: &Sentence<'_, '_>, trig: (usize, usize), matched: &str) -> bool {
    const SCALE: [&str; 8] = [
        "million", "billion", "bln", "mln", "bn", "crore", "lakh", "trillion",
    ];
    let verb = matched
        .as_bytes()
        .get(..8)
        .is_some_and(|p| p.eq_ignore_ascii_case(b"sanction"));
    if !verb {
        return false;
    }
    let first = if ["a", "an", "the"]
        .iter()
        .any(|d| d.eq_ignore_ascii_case(sent.w(trig.1)))
    {
        trig.1 + 1
    } else {
        trig.1
    };
    let w = sent.w(first);
    let currency = w.starts_with(['$', '£', '€', '₹', '¥'])
        || ["rs", "rs.", "inr", "usd", "eur"]
            .iter()
            .any(|c| c.eq_ignore_ascii_case(w));
    let number = w.bytes().next().is_some_and(|b| b.is_ascii_digit());
    currency
        || (number
            && (first + 1..first + 3)
                .any(|k| SCALE.iter().any(|s| s.eq_ignore_ascii_case(sent.w(k)))))
}

/// What a "sanction" verb approves rather than punishes: plans, rises, frameworks and
/// projects, and the fights and matches a sports body sanctions. No party is ever one.
const APPROVED_THINGS: [&str; 35] = [
    "sequel",
    "film",
    "remake",
    "friendly",
    "friendlies",
    "plan",
    "plans",
    "framework",
    "increase",
    "increases",
    "hike",
    "hikes",
    "rise",
    "rises",
    "project",
    "projects",
    "scheme",
    "schemes",
    "proposal",
    "proposals",
    "expansion",
    "merger",
    "programme",
    "mission",
    "route",
    "fight",
    "bout",
    "match",
    "race",
    "tournament",
    "fixture",
    "event",
    "contest",
    "championship",
    "marathon",
];

/// Determiners and words that make a following "sanction(s/ed)" a noun or an adjective.
const NOUN_MARKERS: [&str; 12] = [
    "the", "a", "an", "its", "their", "his", "her", "of", "new", "these", "those", "any",
];

/// "the regulator sanctioned electricity tariff increases", "sanctions a new pricing
/// framework", "sanctioned South Korea's plan to build submarines", "a fight sanctioned by
/// four governing bodies": a "sanction" verb whose object (or passive subject) is a thing
/// to approve. Returns that thing. The object is read up to its first preposition or
/// clause break; a plural noun right before the thing is a compound ("the sanctions plan").
fn approves_thing<'a>(
    sent: &Sentence<'a, '_>,
    trig: (usize, usize),
    matched: &str,
) -> Option<&'a str> {
    const STOP: [&str; 14] = [
        ",", ";", ":", "on", "against", "to", "over", "by", "with", "in", "after", "and", "for",
        "from",
    ];
    let is = |w: &str, set: &[&str]| set.iter().any(|x| x.eq_ignore_ascii_case(w));
    let lower = matched.to_ascii_lowercase();
    if !lower.starts_with("sanction") || lower.contains(' ') {
        return None;
    }
    // "a fight sanctioned by …": the passive's subject.
    if lower == "sanctioned" && trig.0 > 0 && sent.w(trig.1).eq_ignore_ascii_case("by") {
        let before = sent.w(trig.0 - 1);
        if is(before, &APPROVED_THINGS) {
            return Some(before);
        }
    }
    if trig.0 > 0 && is(sent.w(trig.0 - 1), &NOUN_MARKERS) {
        return None;
    }
    let first = if lower == "sanctioned" {
        trig.1
    } else {
        trig.1 + 1
    };
    (trig.1..trig.1 + 7)
        .take_while(|&k| !is(sent.w(k), &STOP) && !sent.w(k).is_empty())
        .filter(|&k| k >= first)
        .map(|k| sent.w(k))
        .find(|w| is(w, &APPROVED_THINGS))
}

/// "the penalties on Russia would take the form of secondary tariffs": a sanction word whose
/// own clause says it is a tariff names that tariff, not a second measure.
fn takes_tariff_form(
    sent: &Sentence<'_, '_>,
    trig: (usize, usize),
    trigs: &[((usize, usize), &TriggerInfo, &str)],
) -> bool {
    let Some(form) = (trig.1..trig.1 + 10)
        .take_while(|&k| !matches!(sent.w(k), "," | ";" | ":" | ""))
        .find(|&k| {
            sent.w(k).eq_ignore_ascii_case("form") && sent.w(k + 1).eq_ignore_ascii_case("of")
        })
    else {
        return false;
    };
    trigs
        .iter()
        .any(|(t, i, _)| i.ty == EventType::Tariff && t.0 > form + 1 && t.0 <= form + 8)
}

/// Offices whose designation verb is a blacklisting ("Treasury designates", "OFAC
/// designated", "the Treasury Department designated").
const DESIGNATING_OFFICES: [&str; 3] = ["treasury", "ofac", "department"];

/// A designation verb that is no listing: not after a sanctions office or a named state
/// ("Washington designated Qatar a major ally" is a role, "Norway designates parks" names no
/// people), setting money aside ("designated $2 billion"), or giving its object a role, with
/// "as" or a second noun phrase within eight words ("designated five banks as primary
/// dealers", "… Qatar a major non-NATO ally"). A terrorist role is a listing whoever names
/// it ("redesignates the Houthis as terrorists"); "relists" is one only then. The object's own
/// article ("designated a network of firms") is not a role.
fn designation_as_role(
    lex: &Lexicon,
    sent: &Sentence<'_, '_>,
    trig: (usize, usize),
    matched: &str,
) -> bool {
    let bytes = matched.as_bytes();
    let stem = [&b"re-"[..], &b"re"[..]]
        .iter()
        .find(|p| {
            bytes
                .get(..p.len())
                .is_some_and(|x| x.eq_ignore_ascii_case(p))
                && !bytes
                    .get(p.len()..p.len() + 2)
                    .is_some_and(|x| x.eq_ignore_ascii_case(b"st"))
        })
        .and_then(|p| bytes.get(p.len()..))
        .unwrap_or(bytes);
    let starts = |p: &[u8]| {
        stem.get(..p.len())
            .is_some_and(|x| x.eq_ignore_ascii_case(p))
    };
    let (designation, listing) = (starts(b"designat"), starts(b"list"));
    if !designation && !listing {
        return false;
    }
    if terrorist_role(sent, trig) {
        return false;
    }
    if listing {
        return true;
    }
    let office = trig.0 > 0
        && DESIGNATING_OFFICES
            .iter()
            .any(|o| o.eq_ignore_ascii_case(sent.w(trig.0 - 1)));
    // "designated $2 billion for flood relief", "designates funds for hospitals": money set
    // aside, not a listing.
    let first = sent.w(trig.1);
    let money = first.starts_with(['$', '£', '€'])
        || ["funds", "money", "spending"]
            .iter()
            .any(|m| m.eq_ignore_ascii_case(first));
    if !(office || state_subject_names_people(lex, sent, trig)) || money {
        return true;
    }
    (trig.1 + 1..trig.1 + 9)
        .take_while(|&i| {
            !matches!(
                sent.w(i),
                "," | ";" | ":" | "" | "for" | "over" | "under" | "on" | "in"
            )
        })
        .any(|i| {
            ["as", "a", "an"]
                .iter()
                .any(|r| r.eq_ignore_ascii_case(sent.w(i)))
        })
}

/// "… as terrorists", "… as a foreign terrorist organisation" within ten words after the
/// designation verb, in its clause.
fn terrorist_role(sent: &Sentence<'_, '_>, trig: (usize, usize)) -> bool {
    let terror = |i: usize| {
        sent.w(i)
            .as_bytes()
            .get(..6)
            .is_some_and(|p| p.eq_ignore_ascii_case(b"terror"))
    };
    (trig.1..trig.1 + 10)
        .take_while(|&i| !matches!(sent.w(i), ";" | ""))
        .any(|i| sent.w(i).eq_ignore_ascii_case("as") && (i + 1..i + 5).any(terror))
}

/// "Australia designates 67 more Russians": a state named right before the verb, whose object
/// (the next six words) names people or bodies, by a party or a word like "individuals".
fn state_subject_names_people(
    lex: &Lexicon,
    sent: &Sentence<'_, '_>,
    trig: (usize, usize),
) -> bool {
    let subject = sent
        .mentions
        .iter()
        .any(|m| !m.code.is_empty() && m.kind != ActorKind::Demonym && m.te == trig.0);
    let object = (trig.1..trig.1 + 6).any(|i| {
        let w = sent.w(i);
        sent.mentions
            .iter()
            .any(|m| !m.code.is_empty() && m.ts == i)
            || [
                super::lexicon::RoleList::People,
                super::lexicon::RoleList::Based,
            ]
            .iter()
            .any(|&l| lex.role_word(l, w))
    });
    subject && object
}

/// A charge levied on goods: a rate right before it ("25% charges"), or a
/// [restriction_object] ("goods", "imports") or a product ("steel") in the next few words.
fn on_goods(lex: &Lexicon, sent: &Sentence<'_, '_>, trig: (usize, usize)) -> bool {
    let rate_before = trig.0 > 0 && {
        let w = sent.w(trig.0 - 1);
        w.ends_with('%') || w.eq_ignore_ascii_case("percent")
    };
    rate_before
        || (trig.1..trig.1 + 5).any(|i| lex.is_restriction_object(sent.w(i)))
        || product_after(sent, trig)
}

/// "anti-dumping duties on aluminium bars and profiles": a verb trigger's plural form right
/// after a product and inside a list of goods ("and", "or" or a comma after it) is a noun
/// naming goods of that product, not the verb; "seafood bans on Japan" stays a measure.
fn goods_compound(sent: &Sentence<'_, '_>, trig: (usize, usize), matched: &str) -> bool {
    trig.1 == trig.0 + 1
        && matched.ends_with('s')
        && ["and", "or", ","]
            .iter()
            .any(|w| w.eq_ignore_ascii_case(sent.w(trig.1)))
        && sent
            .hits
            .iter()
            .any(|h| matches!(h.entry.payload, Payload::Product { .. }) && h.te == trig.0)
}

/// A product ("steel", "oil") named inside the trigger ("cap on Russian oil") or within six
/// words after it.
fn product_after(sent: &Sentence<'_, '_>, trig: (usize, usize)) -> bool {
    sent.hits.iter().any(|h| {
        matches!(h.entry.payload, Payload::Product { .. }) && h.ts >= trig.0 && h.ts < trig.1 + 6
    })
}

/// "sanctions that were reimposed on Iran last year", "a tariff that took effect last month":
/// the deciding cue is dated in the past by a [dated_past] phrase within its own clause (the
/// next eight words, up to a comma or conjunction), so the measure is background. Not when
/// the sentence has another action cue: "duties first announced a year ago but repeatedly
/// delayed take effect Sunday" is news.
fn dated_past<'l>(
    lex: &'l Lexicon,
    sent: &Sentence<'_, '_>,
    cue: (usize, usize),
) -> Option<&'l [String]> {
    // Only a cue after the dated one can be the measure's news; one before it belongs to
    // another subject ("The proposal follows a tariff that took effect last month").
    let other_cue = sent.hits.iter().any(|h| {
        matches!(h.entry.payload, Payload::Cue { .. }) && (h.ts, h.te) != cue && h.ts > cue.0
    });
    if other_cue {
        return None;
    }
    // "Trump last month postponed …": the phrase right before the cue.
    if let Some(p) = (1..=3).find_map(|k| {
        cue.0
            .checked_sub(k)
            .and_then(|i| lex.dated_past_at(sent, i))
            .filter(|p| p.len() == k)
    }) {
        return Some(p);
    }
    (cue.1..cue.1 + 8)
        .take_while(|&i| !matches!(sent.w(i), "," | ";" | ":" | "and" | "but" | "while"))
        .find_map(|i| lex.dated_past_at(sent, i))
}

/// "slaps duties after quitting the 2019 pact", "under a 2020 truce": a year naming an
/// accord dates the accord, not the measure.
fn year_names_accord(sent: &Sentence<'_, '_>, year: i32) -> bool {
    const ACCORDS: [&str; 8] = [
        "pact",
        "deal",
        "agreement",
        "accord",
        "treaty",
        "truce",
        "settlement",
        "suspension",
    ];
    // Up to two words between ("the 2015 nuclear deal", "a 2020 phase-one agreement").
    (0..sent.toks.len()).any(|i| {
        sent.w(i).parse::<i32>().ok() == Some(year)
            && (i + 1..=i + 3).any(|k| ACCORDS.iter().any(|a| sent.w(k).eq_ignore_ascii_case(a)))
    })
}

/// "in October 2006", "were suspended in March 2022 after Britain and the EU sanctioned
/// him": a month and year at least twelve months before the reference date, near the trigger
/// (ten words either side) or opening a clause with "in" anywhere before it, dates the
/// measure as background history, as [`past_year`] does for years long past. Returns the
/// month's word.
fn past_month<'a>(
    lex: &Lexicon,
    sent: &Sentence<'a, '_>,
    trig: (usize, usize),
    reference: NaiveDate,
) -> Option<&'a str> {
    use chrono::Datelike;
    let hi = (trig.1 + 10).min(sent.toks.len());
    (2..hi).find_map(|i| {
        let w = sent.w(i);
        if w.len() != 4 || !(w.starts_with("19") || w.starts_with("20")) {
            return None;
        }
        // "Oct. 2006": the tokenizer splits the abbreviation's point off.
        let m = if sent.w(i - 1) == "." { i - 2 } else { i - 1 };
        let month = lex.dates.month(sent.w(m))?;
        let near = i + 10 >= trig.0;
        let opens_clause = m > 0 && sent.w(m - 1).eq_ignore_ascii_case("in");
        if !(near || opens_clause) || sent.w(i + 1).starts_with('%') {
            return None;
        }
        let y: i32 = w.parse().ok()?;
        if year_names_accord(sent, y) {
            return None;
        }
        let ago = (reference.year() - y) * 12 + reference.month() as i32 - month as i32;
        (ago >= 12).then_some(sent.w(m))
    })
}

/// "froze the central bank's reserves … four years ago", "sanctions imposed decades ago":
/// "<two or more> years ago" or "decades ago" in the trigger's clause dates it as
/// background, unless a cue after it in the clause reports the news ("… imposed two years
/// ago were lifted on Monday"). Returns the unit word.
fn years_ago<'a>(sent: &Sentence<'a, '_>, trig: (usize, usize)) -> Option<&'a str> {
    let brk = |k: usize| matches!(sent.w(k), "," | ";" | ":" | "—");
    let start = (0..trig.0).rev().find(|&k| brk(k)).map_or(0, |k| k + 1);
    let end = (trig.1..sent.toks.len())
        .find(|&k| brk(k))
        .unwrap_or(sent.toks.len());
    let ago = (start.max(2)..end).find(|&k| {
        if !sent.w(k).eq_ignore_ascii_case("ago") {
            return false;
        }
        let unit = sent.w(k - 1);
        unit.eq_ignore_ascii_case("decades")
            || (unit.eq_ignore_ascii_case("years")
                && !["a", "one", "1", "few", "two", "2", "couple"]
                    .iter()
                    .any(|n| n.eq_ignore_ascii_case(sent.w(k - 2))))
    })?;
    let news_after = sent
        .hits
        .iter()
        .any(|h| matches!(h.entry.payload, Payload::Cue { .. }) && h.ts > ago && h.te <= end);
    (!news_after).then_some(sent.w(ago - 1))
}

/// Who calls for measures without being a state: "Rights groups urge the EU to sanction …",
/// "a coalition of campaigners called on Britain to impose sanctions".
const ADVOCATES: [&str; 22] = [
    "group",
    "groups",
    "activists",
    "campaigners",
    "ngo",
    "ngos",
    "coalition",
    "charity",
    "charities",
    "organisations",
    "organizations",
    "watchdog",
    "watchdogs",
    "unions",
    "lobbyists",
    "advocates",
    "diaspora",
    "protesters",
    "protestors",
    "petitioners",
    "exiles",
    "dissidents",
];

/// Verbs of calling on someone to act.
const CALLS: [&str; 14] = [
    "urge",
    "urges",
    "urged",
    "urging",
    "called",
    "calls",
    "calling",
    "appealed",
    "pressed",
    "petitioned",
    "lobbied",
    "demanded",
    "demand",
    "demands",
];

/// "Rights groups urge EU, Britain to sanction Myanmar firms": a measure a non-state body
/// calls for (an advocacy noun before the calling verb in its clause, no state named
/// between them) is nobody's decision or threat. Returns the advocate's word.
fn advocates_call<'a>(sent: &Sentence<'a, '_>, trig: (usize, usize)) -> Option<&'a str> {
    let is = |k: usize, set: &[&str]| set.iter().any(|w| w.eq_ignore_ascii_case(sent.w(k)));
    // Most words cannot be a calling verb: check the first letter before the list.
    let call = (0..trig.0).rev().find(|&k| {
        matches!(
            sent.w(k).as_bytes().first(),
            Some(b'u' | b'c' | b'a' | b'p' | b'l' | b'd' | b'U' | b'C' | b'A' | b'P' | b'L' | b'D')
        ) && is(k, &CALLS)
    })?;
    let start = (0..call)
        .rev()
        .find(|&k| matches!(sent.w(k), ";" | ":" | "—"))
        .map_or(0, |k| k + 1);
    let advocate = (start..call).find(|&k| is(k, &ADVOCATES))?;
    // A state named between the advocates and the call may be the caller ("groups said
    // Canada urged …"); one before them only qualifies them ("Kenyan activists urge …") or
    // is the dateline.
    if sent
        .mentions
        .iter()
        .any(|m| !m.code.is_empty() && m.ts > advocate && m.te <= call)
    {
        return None;
    }
    Some(sent.w(advocate))
}

/// "the sanctions on its aviation sector, in place since the 1990s", "the bloc has maintained
/// sanctions on the junta since the coup": a measure said to hold since a past point is an
/// existing regime, background. Read in the trigger's clause after it ("in place/force/
/// effect since"), or a perfect of holding on ("has maintained", "have kept", "had been
/// under") up to four words before the trigger with "since" after it; other perfects report
/// news ("has adopted its largest package since the invasion"). Commas between the trigger and "since" may only separate the items of a
/// coordinated list ("on the military, its leaders and state firms since the coup"), not
/// open another clause.
fn in_force_since(sent: &Sentence<'_, '_>, trig: (usize, usize)) -> bool {
    let is = |k: usize, set: &[&str]| set.iter().any(|w| w.eq_ignore_ascii_case(sent.w(k)));
    let Some(since) = (trig.1..trig.1 + 14)
        .take_while(|&k| !sent.w(k).is_empty() && !matches!(sent.w(k), ";" | ":" | "—"))
        .find(|&k| sent.w(k).eq_ignore_ascii_case("since"))
    else {
        return false;
    };
    let in_force = since >= trig.1 + 2
        && sent.w(since - 2).eq_ignore_ascii_case("in")
        && is(since - 1, &["place", "force", "effect"]);
    let perfect = (trig.0.saturating_sub(4)..trig.0)
        .any(|k| is(k, &["has", "have", "had"]) && is(k + 1, &HOLDING_ON))
        && only_list_commas(sent, trig.1, since);
    in_force || perfect
}

/// Participles of a measure kept in force, after a perfect auxiliary.
const HOLDING_ON: [&str; 8] = [
    "maintained",
    "kept",
    "upheld",
    "enforced",
    "had",
    "been",
    "retained",
    "sustained",
];

/// True when every comma in `from..to` separates items of one coordinated list: no
/// semicolon, and an "and"/"or" after the last comma ("X, Y and Z"). A comma with no
/// conjunction after it opens an aside or another clause.
fn only_list_commas(sent: &Sentence<'_, '_>, from: usize, to: usize) -> bool {
    if (from..to).any(|k| sent.w(k) == ";") {
        return false;
    }
    let Some(last) = (from..to).rev().find(|&k| sent.w(k) == ",") else {
        return true;
    };
    (last + 1..to)
        .any(|k| sent.w(k).eq_ignore_ascii_case("and") || sent.w(k).eq_ignore_ascii_case("or"))
}

/// "The EU has already banned imports of Russian coal": a perfect with "already" right
/// before the deciding cue (or the verb trigger) reports a measure in force before the
/// news, background.
fn already_done(sent: &Sentence<'_, '_>, cue: (usize, usize)) -> bool {
    cue.0 >= 2
        && sent.w(cue.0 - 1).eq_ignore_ascii_case("already")
        && ["has", "have", "had"]
            .iter()
            .any(|a| a.eq_ignore_ascii_case(sent.w(cue.0 - 2)))
}

/// "Chinese tariffs on American soybeans cut U.S. exports by three-quarters": an easing verb
/// whose subject is the measure and which takes an object of its own reports what the
/// measure did, not a change to it. The cue is a finite verb ("aimed at cutting" is not)
/// following the trigger within seven words with no comma, conjunction or relative pronoun
/// between ("duties on brandy but spares …" has another subject), is not led by an auxiliary
/// or "to" ("were cut", "agreed to cut"), and is followed by an object rather than a
/// preposition or a rate ("cut to 10%", "cut in half").
fn measure_as_subject(
    sent: &Sentence<'_, '_>,
    trig: (usize, usize),
    cue: Option<(usize, usize)>,
) -> bool {
    const LEADS: [&str; 25] = [
        "was", "were", "be", "been", "being", "is", "are", "will", "would", "to", "has", "have",
        "had", "get", "got", "should", "could", "may", "might", "must", "can", "at", "of", "for",
        "by",
    ];
    const NOT_OBJECT: [&str; 24] = [
        "to", "by", "from", "in", "on", "at", "for", "back", "off", "down", "after", "before",
        "under", "as", "and", "but", "until", "since", "over", "with", "this", "last", "next",
        "its",
    ];
    let Some((cs, ce)) = cue else {
        return false;
    };
    let is = |w: &str, list: &[&str]| list.iter().any(|x| x.eq_ignore_ascii_case(w));
    let next = sent.w(ce);
    cs >= trig.1
        && cs - trig.1 <= 7
        && cs > 0
        && !(trig.1..cs).any(|i| {
            matches!(sent.w(i), "," | ";" | ":" | "—" | "-")
                || is(sent.w(i), &["and", "but", "or", "while", "which"])
        })
        && !sent.w(ce - 1).to_ascii_lowercase().ends_with("ing")
        && !is(sent.w(cs - 1), &LEADS)
        && next
            .chars()
            .next()
            .is_some_and(|c| c.is_alphabetic() && !c.is_ascii_digit())
        && !is(next, &NOT_OBJECT)
}

pub(super) fn overlaps(a: (usize, usize), b: (usize, usize)) -> bool {
    a.0 < b.1 && b.0 < a.1
}

/// Keeps the rate of a tariff mention dropped for naming no party, for `merge` to carry to
/// the item's measure; a negated or historical mention keeps none.
fn loose_rate(
    lex: &Lexicon,
    sent: &Sentence<'_, '_>,
    trig: (usize, usize),
    info: &TriggerInfo,
    rates: &mut Vec<Rate>,
    out: &mut Vec<LooseRate>,
) {
    if rates.is_empty() {
        find_rates(sent, &lex.dates, rates);
    }
    let Some(rate) = rate_for(sent, rates, trig) else {
        return;
    };
    // An old value or one in force ("on top of the standard 10% duty") is no new rate.
    let old_only = rates.iter().all(|r| r.pct != rate || r.lead == Lead::From);
    if old_only
        || has_range(sent, rates)
        || action::negated(sent, trig).is_some()
        || action::history(sent, trig).is_some()
    {
        return;
    }
    // A cue far from the mention is another clause's change ("a 10% tariff stays in place
    // through the pause"): the rate is one in force, not the item's new one.
    let choice = action::choose(sent, trig, info);
    // "The levy, set at 12.5%, takes effect": the verb right after an aside set off by
    // commas is the mention's own.
    let after_aside = |cue: (usize, usize)| {
        sent.w(trig.1) == ","
            && cue.0 > trig.1 + 1
            && (cue.0.saturating_sub(2)..cue.0).any(|k| k > trig.1 && sent.w(k) == ",")
    };
    if choice.is_some_and(|c| {
        c.cue
            .is_some_and(|cue| gap(cue, trig) > 5 && !after_aside(cue))
    }) {
        return;
    }
    out.push(LooseRate {
        rate,
        action: choice.map(|c| c.action),
        new_value: rates.iter().any(|r| r.pct == rate && r.lead == Lead::To),
    });
}
