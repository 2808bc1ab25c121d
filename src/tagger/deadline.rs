//! Deadline candidates: a deadline trigger with a live date near it becomes a candidate;
//! candidates of one item are then merged (one event per distinct limit).

use super::action;
use super::analyze::{evidence, overlaps, Trace};
use super::context::{gap, Sentence};
use super::dates::DateExpr;
use super::lexicon::{ActorKind, Lexicon, Payload, TriggerInfo};
use super::model::{Action, DeadlineEvent, EventType};
use super::Field;
use chrono::NaiveDate;

/// Date expressions farther than this from a deadline trigger are not its date.
const DATE_WINDOW: usize = 15;

/// A deadline candidate before merging.
#[derive(Debug, Clone)]
pub(crate) struct DeadlineCand {
    pub ev: DeadlineEvent,
    /// The date is a span: its length in days and whether its start is stated in the text.
    pub span: Option<(i64, bool)>,
    /// Stated as an ultimatum ("or face", "ultimatum", "has until").
    pub ultimatum: bool,
    /// The parties the sentence names, one bit per actor code ([`party_bit`]).
    pub parties: u64,
    /// Backshifted possession of the limit ("Russia had 50 days"): a report of what was said
    /// on some earlier day.
    pub backshifted: bool,
    /// An effect or limit period with no measure in its sentence: an event only when the
    /// item reports a measure anywhere (a title's measure is often named in the body only).
    pub needs_measure: bool,
}

/// One bit of a 64-bit party set for an actor code (a collision only merges two parties'
/// sets, never splits one).
fn party_bit(code: &str) -> u64 {
    let h = code
        .bytes()
        .fold(0u32, |h, b| h.wrapping_mul(31).wrapping_add(u32::from(b)));
    1 << (h % 64)
}

#[allow(clippy::too_many_arguments)]
pub(crate) fn deadline(
    lex: &Lexicon,
    field: &Field<'_>,
    sent: &Sentence<'_, '_>,
    trig: (usize, usize),
    info: &TriggerInfo,
    matched: &str,
    dates: &[DateExpr],
    trigs: &[((usize, usize), &TriggerInfo, &str)],
    doc_measure: bool,
    reference: NaiveDate,
    chars: (usize, usize),
    trace: &mut Trace<'_>,
) -> Vec<DeadlineCand> {
    // "Deadline" capitalised inside a sentence in mixed case is the publication.
    if matched.starts_with('D')
        && matched.get(1..2).is_some_and(|c| c == "e")
        && trig.0 > 0
        && !sent.is_all_caps()
        && !title_case(sent)
        && !sent.w(trig.0 - 1).ends_with(['"', '“', ':'])
    {
        trace.line(|| format!("  deadline `{matched}`: capitalised mid-sentence, the publication"));
        return Vec::new();
    }
    // A date the sentence holds as a live limit or start.
    let live = |d: &DateExpr| !d.past && !d.bare && not_live(sent, dates, d).is_none();
    let tracing = trace.on();
    for d in dates.iter().filter(|d| tracing && !d.past && !d.bare) {
        if let Some(why) = not_live(sent, dates, d) {
            trace.line(|| {
                let (s, e) = sent.span(d.ts, d.te);
                format!("  date `{}`: {why}, not a live date", &sent.text[s..e])
            });
        }
    }
    // "by Thursday's trade deadline" with no state party or measure: the sports sense.
    if !sent.has_state_actor()
        && !trigs.iter().any(|(_, i, _)| i.ty != EventType::Deadline)
        && (1..sent.toks.len()).any(|k| {
            sent.w(k).eq_ignore_ascii_case("deadline")
                && sent.w(k - 1).eq_ignore_ascii_case("trade")
        })
    {
        trace.line(|| format!("  deadline `{matched}`: a trade deadline with no state party"));
        return Vec::new();
    }
    // "running out of cash": what runs out is a supply, not a measure.
    let ends_out = matched
        .get(matched.len().saturating_sub(3)..)
        .is_some_and(|p| p.eq_ignore_ascii_case("out"));
    if ends_out && sent.w(trig.1).eq_ignore_ascii_case("of") {
        trace.line(|| format!("  deadline `{matched}`: runs out of a supply"));
        return Vec::new();
    }
    // "revenue through Feb. 28": "through" sets a limit only for a measure that runs, stays
    // or was extended until then.
    if matched
        .get(..7)
        .is_some_and(|p| p.eq_ignore_ascii_case("through"))
        && !lasts_through(sent, trig.0)
    {
        trace.line(|| format!("  deadline `{matched}`: a period of data, not a limit"));
        return Vec::new();
    }
    if !ends_a_limit(lex, sent, trig, matched, trigs) {
        trace.line(|| format!("  deadline `{matched}`: what ends is no measure or limit"));
        return Vec::new();
    }
    // "to July 1" is a limit only as the new date of a change ("postpones the levy … to July
    // 1"), not the end of a range ("from June 1 to July 1") or a destination.
    let to_a_date = starts_with_word(matched, "to")
        && matched.get(3..).is_some_and(|w| lex.dates.is_starter(w));
    if to_a_date && !moves_a_measure(lex, sent, trig.0, trigs) {
        trace.line(|| format!("  deadline `{matched}`: no verb moves a date to it"));
        return Vec::new();
    }
    if let Some(w) = limit_passed(sent, trig, matched) {
        trace.line(|| format!("  deadline `{matched}`: the limit is over (`{w}`)"));
        return Vec::new();
    }
    if act_participle(lex, sent, trig, matched, trigs) {
        trace.line(|| {
            format!("  deadline `{matched}`: a participle dating the act of a non-measure")
        });
        return Vec::new();
    }
    // "by 1 August": a trigger ending in a day number needs that number to open the date
    // ("by 1 p.m. on Friday" is a time of day).
    let day_number = matched.ends_with(|c: char| c.is_ascii_digit());
    // "will rise to 25% on Jan. 1": a rate step takes the date right after its rate.
    let rate_step = ["rise", "rising", "climb", "increas", "jump"]
        .iter()
        .any(|v| {
            matched
                .get(..v.len())
                .is_some_and(|p| p.eq_ignore_ascii_case(v))
        });
    let pick = dates
        .iter()
        .filter(|d| live(d) && !names_look_alike(sent, d))
        .filter(|d| !rate_step || (d.ts >= trig.1 && d.ts <= trig.1 + 5))
        .filter(|d| !(info.span || day_number) || (d.ts < trig.1 && trig.0 < d.te))
        .filter(|d| !info.adjacent || (d.ts >= trig.1 && d.ts <= trig.1 + 1))
        .map(|d| (gap((d.ts, d.te), trig), d))
        .filter(|(g, _)| *g <= DATE_WINDOW)
        .min_by_key(|(g, d)| (*g, d.ts < trig.0));
    // A measure trigger a look-alike killed ("mobile tariffs") does not make a policy context.
    let measure_here = trigs.iter().any(|(t, i, m)| {
        i.ty != EventType::Deadline
            && !look_alike(sent, *t, i.ty)
            && !approval_compound(sent, *t, m)
            // (after a measure in the item, "the new bans apply" refers back to it, as in
            // analyze's domestic_sense)
            && (doc_measure || !generic_at_home(lex, sent, *t, i))
    });
    // Holding a limit ("have until Friday", "now have three weeks to") is an ultimatum when a
    // state party or a measure is about; fans, patients and taxpayers hold limits too.
    let until = |p: &str| {
        p.get(p.len().saturating_sub(5)..)
            .is_some_and(|e| e.eq_ignore_ascii_case("until"))
    };
    let mut held = pick.is_some_and(|(_, d)| held_span(sent, d));
    let mut obliged = false;
    for h in &sent.hits {
        if matches!(h.entry.payload, Payload::DeadlineContext) {
            if until(&h.entry.phrase) {
                held = true;
            } else {
                obliged = true;
            }
        }
    }
    let context_here = obliged || held;
    // "would hit Mexico on Saturday unless it acts": a date after "on" is a limit only in a
    // conditional threat ("unless", "or face") and only ahead of the reference day; "said
    // on Monday that … unless" and "imposed tariffs on Friday" date an act.
    if matched
        .get(..3)
        .is_some_and(|p| p.eq_ignore_ascii_case("on "))
        && !matched
            .get(3..6)
            .is_some_and(|p| p.eq_ignore_ascii_case("or "))
        && !pick.is_some_and(|(_, d)| {
            d.date.is_some_and(|x| x > reference) && conditional_threat_on(sent, d, trigs)
        })
    {
        trace.line(|| format!("  deadline `{matched}`: a dated act, no conditional threat"));
        return Vec::new();
    }
    // A limit held with no state party and no measure in the sentence ("fans have until
    // Friday"), or an ultimatum so named with only its cue ("Musk gave engineers an
    // ultimatum: deliver by Friday or leave"), is a limit of the item's measure only when the
    // item reports one. (An obligation alone still makes a weak limit: "the firms should pay
    // the penalties inside 15 days".)
    let held_only =
        ((held && !obliged) || (obliged && !info.weak)) && !measure_here && !sent.has_state_actor();
    // Whether the candidate stands only if the item reports a measure somewhere (merge decides).
    let mut needs_measure = held_only;
    if !(info.weak || measure_here || context_here || sent.has_state_actor()) {
        // "… would impose new sanctions. The deadline is Friday.": a dated limit whose
        // measure an earlier sentence names.
        if pick.is_some_and(|(_, d)| d.date.is_some()) {
            needs_measure = true;
        } else {
            trace.line(|| {
                format!(
                    "  deadline `{matched}`: no state actor, measure or ultimatum in the sentence"
                )
            });
            return Vec::new();
        }
    }
    if info.weak {
        let Some((g, d)) = pick else {
            trace.line(|| format!("  deadline `{matched}`: weak trigger without a date"));
            return Vec::new();
        };
        // "will take effect next month": an effect with no resolvable day is a deadline
        // with a null date (dropped when the item has a dated one).
        // So is an ultimatum with a vague limit ("must answer by the end of the week or face
        // sanctions").
        let vague_effect = d.date.is_none() && (info.effect || context_here) && g <= 2;
        // "a six-month license", "a 90-day wind-down": the period itself is the limit when
        // the item reports a measure.
        let limit_noun = ((info.span && limit_period(lex, sent, d)) || wind_down(sent, d.ts))
            && !period_over(sent);
        // "… programme expires Sept. 30" in a title whose measure the body names: the item's
        // measure may come after this sentence, so merge keeps it only if one is found.
        needs_measure =
            (!(measure_here || context_here) && (info.effect || limit_noun)) || held_only;
        if needs_measure && !doc_measure {
            trace.line(|| {
                format!("  deadline `{matched}`: kept only if the item reports a measure")
            });
        }
        // "the company must launch by the end of the quarter": a vague limit to act with no
        // state party and no measure is a private one (a vague effect date waits for the
        // item's measure instead).
        if d.date.is_none() && !info.effect && !(measure_here || sent.has_state_actor()) {
            trace.line(|| {
                format!("  deadline `{matched}`: a vague limit with no state party or measure")
            });
            return Vec::new();
        }
        if (d.date.is_none() && !vague_effect)
            || !(measure_here || context_here || info.effect || limit_noun)
        {
            trace.line(|| format!("  deadline `{matched}`: weak trigger without a resolvable date in a policy context"));
            return Vec::new();
        }
        // "Analysts expect the tariffs to weigh on growth within two years": a forecast's
        // horizon, not a limit (unless a measure takes effect then or a party is obliged).
        if info.span || info.adjacent {
            if let Some(w) = forecast(sent, d.ts).filter(|_| !(context_here || info.effect)) {
                trace.line(|| format!("  deadline `{matched}`: the horizon of a forecast (`{w}`)"));
                return Vec::new();
            }
        }
    }
    if let Some(neg) = action::negated(sent, trig).filter(|_| !conditional_negation(sent, trig)) {
        trace.line(|| format!("  deadline `{matched}`: negated by `{neg}`"));
        return Vec::new();
    }
    let ultimatum = context_here
        || matched
            .get(..7)
            .is_some_and(|p| p.eq_ignore_ascii_case("ultimat"));
    let parties = sent
        .mentions
        .iter()
        .filter(|m| !m.code.is_empty())
        .fold(0, |acc, m| acc | party_bit(m.code));
    let make = |d: Option<&DateExpr>, trace: &mut Trace<'_>| {
        let span = d.and_then(|d| d.span);
        let backshifted = d.is_some_and(|d| {
            (d.ts.saturating_sub(3)..d.ts).any(|k| sent.w(k).eq_ignore_ascii_case("had"))
        });
        let (date, date_end, expression, conf) = match d {
            Some(d) => {
                let mut ts = d.ts;
                if ts > 0 && lex.dates.is_prep(sent.w(ts - 1)) {
                    ts -= 1;
                }
                let (s, e) = sent.span(ts, d.te);
                let conf = if d.date.is_some() { 0.9 } else { 0.6 };
                (d.date, d.date_end, sent.text[s..e].to_string(), conf)
            }
            None => (None, None, matched.to_string(), 0.6),
        };
        trace.line(|| {
            format!(
                "  deadline `{matched}`: `{expression}` → {}{}",
                date.map_or("null".to_string(), |d| d.to_string()),
                date_end.map_or(String::new(), |d| format!(" .. {d}"))
            )
        });
        DeadlineCand {
            ev: DeadlineEvent {
                date,
                date_end,
                expression,
                evidence: evidence(field, sent, chars),
                confidence: if info.weak { conf - 0.05 } else { conf },
            },
            span,
            ultimatum,
            parties,
            backshifted,
            needs_measure,
        }
    };
    let primary = pick.map(|(_, d)| d);
    let mut out = vec![make(primary, trace)];
    // Further dates the sentence sets as limits ("from Oct. 1, ... from Oct. 15"), and dates
    // joined to a limit by "and"/"or" ("beginning Sept. 1 and Dec. 15").
    let mut limit_end = primary.map(|p| p.te);
    for d in dates {
        if primary.is_some_and(|p| p == d) {
            continue;
        }
        if d.date.is_none() || d.ts == 0 || !live(d) {
            continue;
        }
        let is = |k: usize, words: &[&str]| {
            d.ts >= k
                && words
                    .iter()
                    .any(|p| p.eq_ignore_ascii_case(sent.w(d.ts - k)))
        };
        let joined = is(1, &["and", "or"]) && limit_end == Some(d.ts - 1);
        // "starting on Saturday", "rising to 25% on June 1", "and apply for 120 days".
        let on_start =
            is(1, &["on"]) && is(2, &["starting", "beginning", "effective", "%", "percent"]);
        let period = is(1, &["for"]) && !d.explicit;
        // Right after another effect trigger: "China levy starts Tuesday".
        let after_effect = trigs.iter().any(|(t, i, m)| {
            i.ty == EventType::Deadline
                && i.effect
                && (t.1 == d.ts || (t.1 + 1 == d.ts && is(1, &["on"])))
                && ends_a_limit(lex, sent, *t, m, trigs)
        });
        // Gapped effect clause: "would take effect Oct. 1 and the levy on steel on Oct. 15"
        // (the elided verb's subject is a measure between "and" and the date; "and talks
        // resume on Oct. 15" names none).
        let gapped = info.effect
            && is(1, &["on"])
            && limit_end.is_some_and(|end| {
                (end..d.ts).any(|k| sent.w(k).eq_ignore_ascii_case("and"))
                    && !(end..d.ts).any(|k| matches!(sent.w(k), "," | ";"))
                    && trigs
                        .iter()
                        .any(|(t, i, _)| i.ty != EventType::Deadline && t.0 > end && t.1 < d.ts)
            });
        if joined || on_start || period || after_effect || gapped || is(1, &LIMIT_PREPS) {
            // A second limit of the same sentence ("within six months … within eight
            // months") is no restatement of the first ultimatum.
            let mut cand = make(Some(d), trace);
            cand.ultimatum = false;
            out.push(cand);
            limit_end = Some(d.te);
        }
    }
    // The effect's own "immediately" is no deadline; the limits it leads to stand ("effective
    // immediately, will last 180 days").
    if primary.is_some_and(|p| immediate(sent, p)) {
        trace.line(|| "  deadline: 'immediately' states no day of its own".to_string());
        out.remove(0);
    }
    out
}

/// "an ICC-sanctioned fixture", "a state-sanctioned rally": the hyphenated "-sanctioned"
/// approves; it names no measure.
fn approval_compound(sent: &Sentence<'_, '_>, t: (usize, usize), matched: &str) -> bool {
    sent.text
        .get(..sent.span(t.0, t.1).0)
        .is_some_and(|p| p.ends_with('-'))
        && matched
            .get(..8)
            .is_some_and(|p| p.eq_ignore_ascii_case("sanction"))
}

/// "ends on", "resumes on", "snaps back", "was postponed to": only a measure or a limit
/// period ends, resumes or moves as a deadline ("the reprieve on steel tariffs ends on June
/// 2"); talks, trips, hearings and share prices do so too. `true` for every other trigger.
fn ends_a_limit(
    lex: &Lexicon,
    sent: &Sentence<'_, '_>,
    trig: (usize, usize),
    matched: &str,
    trigs: &[((usize, usize), &TriggerInfo, &str)],
) -> bool {
    let ends = [
        "end", "resum", "clos", "snap", "postpon", "delay", "defer", "extend", "termin", "finish",
        "conclud", "follow",
    ]
    .iter()
    .any(|v| {
        matched
            .get(..v.len())
            .is_some_and(|p| p.eq_ignore_ascii_case(v))
    });
    // "a closing date of Aug. 1" names the limit itself.
    let names_limit = matched.ends_with("date") || matched.ends_with("dates");
    if !ends || names_limit || trig.0 == 0 {
        return true;
    }
    let head = subject_head(sent, trig.0);
    let measure = trigs
        .iter()
        .any(|(t, i, _)| i.ty != EventType::Deadline && t.1 == head + 1);
    measure || lex.dates.is_span_noun(sent.w(head))
}

/// The head noun of the subject of the verb at `verb`: the word before the subject's first
/// preposition ("the truce on tariffs between X and Y ends" → "truce"), else the last word
/// before the verb and its auxiliaries ("talks would resume" → "talks"). The subject starts
/// after the last comma, semicolon or relative word before the verb, or after an "and" that
/// opens a clause of its own ("… and talks would resume").
fn subject_head(sent: &Sentence<'_, '_>, verb: usize) -> usize {
    const BREAK: [&str; 6] = [",", ";", ":", "that", "which", "when"];
    const PREP: [&str; 9] = [
        "on", "of", "for", "with", "between", "against", "from", "to", "in",
    ];
    // "is due to end", "is set to expire", "is scheduled to end": the schedule words too
    const AUX: [&str; 15] = [
        "will",
        "would",
        "could",
        "may",
        "might",
        "shall",
        "should",
        "is",
        "are",
        "was",
        "were",
        "to",
        "due",
        "set",
        "scheduled",
    ];
    let one_of = |w: &str, set: &[&str]| set.iter().any(|s| s.eq_ignore_ascii_case(w));
    let mut end = verb;
    while end > 0 && one_of(sent.w(end - 1), &AUX) {
        end -= 1;
    }
    let lo = verb.saturating_sub(12);
    let start = (lo..end)
        .rev()
        .find(|&k| {
            one_of(sent.w(k), &BREAK) || (sent.w(k).eq_ignore_ascii_case("and") && end < verb)
        })
        .map_or(lo, |k| k + 1);
    // a participle before the preposition opens a reduced relative clause ("a tariff pause
    // announced on April 9 ends …"): the head is the noun before it
    (start + 1..end)
        .find(|&k| one_of(sent.w(k), &PREP))
        .map_or(end.saturating_sub(1), |k| {
            let participle = k >= start + 2 && sent.w(k - 1).ends_with("ed");
            if participle {
                k - 2
            } else {
                k - 1
            }
        })
}

/// "by Thursday's trade deadline": the date belongs to a look-alike limit right after it.
fn names_look_alike(sent: &Sentence<'_, '_>, d: &DateExpr) -> bool {
    sent.hits.iter().any(|h| {
        matches!(
            h.entry.payload,
            Payload::Exclusion {
                ty: EventType::Deadline,
                soft: false,
                ..
            }
        ) && h.ts >= d.te
            && h.ts <= d.te + 2
    })
}

/// A headline in title case ("Trump Sets Friday Deadline for Russia"): most longer words
/// capitalised, so a capital says nothing about a name.
fn title_case(sent: &Sentence<'_, '_>) -> bool {
    let (mut words, mut caps) = (0u32, 0u32);
    for k in 0..sent.toks.len() {
        let w = sent.w(k);
        if w.len() >= 4 && w.bytes().all(|b| b.is_ascii_alphabetic()) {
            words += 1;
            caps += u32::from(w.as_bytes().first().is_some_and(u8::is_ascii_uppercase));
        }
    }
    words >= 3 && caps * 4 >= words * 3
}

/// A verb of lasting or extending among the few words before "through" at `at`, in its clause
/// ("extended the exemption through March 31", "remain in place through 2027").
fn lasts_through(sent: &Sentence<'_, '_>, at: usize) -> bool {
    const STEMS: [&str; 12] = [
        "extend", "remain", "run", "last", "valid", "effect", "force", "place", "paus", "suspend",
        "exempt", "waive",
    ];
    for k in (at.saturating_sub(8)..at).rev() {
        let w = sent.w(k);
        if w == "," || w == ";" {
            return false;
        }
        if STEMS
            .iter()
            .any(|s| w.get(..s.len()).is_some_and(|p| p.eq_ignore_ascii_case(s)))
        {
            return true;
        }
    }
    false
}

/// A word of forecasting before `at` ("analysts expect", "is forecast to", "economists").
fn forecast<'a>(sent: &Sentence<'a, '_>, at: usize) -> Option<&'a str> {
    const STEMS: [&str; 7] = [
        "expect",
        "forecast",
        "predict",
        "estimat",
        "projected",
        "analyst",
        "economist",
    ];
    (0..at).map(|k| sent.w(k)).find(|w| {
        STEMS
            .iter()
            .any(|s| w.get(..s.len()).is_some_and(|p| p.eq_ignore_ascii_case(s)))
    })
}

/// "… if Iran does not comply within a month", "unless no deal is reached by Friday": the
/// negation is the condition of an ultimatum, not a denied limit. True when "if" or "unless"
/// opens the negation's clause a few words before it.
fn conditional_negation(sent: &Sentence<'_, '_>, trig: (usize, usize)) -> bool {
    let Some(neg) = sent
        .hits
        .iter()
        .filter(|h| matches!(h.entry.payload, Payload::Negation))
        .find(|h| h.te <= trig.0 + 1)
    else {
        return false;
    };
    for k in (neg.ts.saturating_sub(6)..neg.ts).rev() {
        let w = sent.w(k);
        if w == "," || w == ";" {
            return false;
        }
        if w.eq_ignore_ascii_case("if") || w.eq_ignore_ascii_case("unless") {
            return true;
        }
    }
    false
}

/// "Negotiators now have three weeks to find a compromise", "Iran got 48 hours to answer": a
/// span a party holds to act is an ultimatum, like "has until".
fn held_span(sent: &Sentence<'_, '_>, d: &DateExpr) -> bool {
    const HOLD: [&str; 7] = ["has", "have", "had", "get", "gets", "got", "given"];
    const ADVERB: [&str; 4] = ["now", "just", "only", "still"];
    let one_of = |k: usize, set: &[&str]| set.iter().any(|s| s.eq_ignore_ascii_case(sent.w(k)));
    if d.span.is_none() || !sent.w(d.te).eq_ignore_ascii_case("to") || d.ts == 0 {
        return false;
    }
    let k = d.ts - 1;
    one_of(k, &HOLD) || (k > 0 && one_of(k, &ADVERB) && one_of(k - 1, &HOLD))
}

/// Why a resolved date of the sentence is not a live limit, if it is not.
fn not_live(sent: &Sentence<'_, '_>, dates: &[DateExpr], d: &DateExpr) -> Option<&'static str> {
    if dateline(sent, d) {
        Some("the dateline of the story")
    } else if qualifies_a_deal(sent, d) {
        Some("it says which deals, not by when")
    } else if superseded(sent, dates, d) {
        Some("replaced by a new date")
    } else if measure_term(sent, d) {
        Some("the term of a measure")
    } else if abandoned_plan(sent, d) {
        Some("an abandoned plan")
    } else if retrospective_span(sent, d) {
        Some("a span counted back from a record ('the first in five years')")
    } else {
        None
    }
}

/// Does a firm look-alike cue of the sentence kill the trigger at `trig` of type `ty`
/// ("mobile tariffs", "electricity")? Soft cues ("traders") are too ambiguous to take a
/// policy context away from a deadline.
fn look_alike(sent: &Sentence<'_, '_>, trig: (usize, usize), ty: EventType) -> bool {
    sent.hits.iter().any(|h| match h.entry.payload {
        Payload::Exclusion { ty: t, soft, local } if t == ty => {
            overlaps((h.ts, h.te), trig) || (!soft && !local)
        }
        _ => false,
    })
}

/// "would hit Mexico on Saturday unless it acts": the measure comes before the date and the
/// condition ("unless", "or face") after it, in the same clause (no "; " or ", and" between
/// them): "will meet Xi on Oct. 30, and tariffs will rise unless …" dates a meeting.
fn conditional_threat_on(
    sent: &Sentence<'_, '_>,
    d: &DateExpr,
    trigs: &[((usize, usize), &TriggerInfo, &str)],
) -> bool {
    let measure_before = trigs
        .iter()
        .any(|(t, i, _)| i.ty != EventType::Deadline && t.1 <= d.ts);
    let clause_break = |a: usize, b: usize| {
        (a..b).any(|k| {
            sent.w(k) == ";" || (sent.w(k) == "," && sent.w(k + 1).eq_ignore_ascii_case("and"))
        })
    };
    measure_before
        && sent.hits.iter().any(|h| {
            matches!(h.entry.payload, Payload::DeadlineContext)
                && h.ts >= d.te
                && !clause_break(d.te, h.ts)
                && (h.entry.phrase.eq_ignore_ascii_case("unless")
                    || h.entry
                        .phrase
                        .get(..3)
                        .is_some_and(|p| p.eq_ignore_ascii_case("or ")))
        })
}

/// A generic restriction word in its domestic sense ("phones are prohibited in Dutch
/// classrooms from September", "a departure levy from June 1"): no trade object, listed
/// party or product right after it and no state named but as a demonym. Such a word makes no policy
/// context for a date, just as it makes no sanction or tariff.
fn generic_at_home(
    lex: &Lexicon,
    sent: &Sentence<'_, '_>,
    trig: (usize, usize),
    info: &TriggerInfo,
) -> bool {
    info.generic
        && !(trig.1..trig.1 + 5).any(|i| lex.is_restriction_object(sent.w(i)))
        && !sent.hits.iter().any(|h| {
            matches!(h.entry.payload, Payload::Product { .. })
                && h.ts >= trig.1
                && h.ts < trig.1 + 6
        })
        && !sent
            .mentions
            .iter()
            .any(|m| !m.code.is_empty() && m.kind != ActorKind::Demonym)
}

/// "A 30-day reprieve … expired without a deal": the period the sentence names is over.
fn period_over(sent: &Sentence<'_, '_>) -> bool {
    const OVER: [&str; 5] = ["expired", "ended", "lapsed", "elapsed", "ran"];
    (0..sent.toks.len()).any(|i| OVER.iter().any(|w| w.eq_ignore_ascii_case(sent.w(i))))
}

/// "TURNBERRY, Scotland, July 28 - President …": the date of a wire dateline (capitalised
/// place names and commas before it, a dash or "(Reuters)" after it) dates the story.
fn dateline(sent: &Sentence<'_, '_>, d: &DateExpr) -> bool {
    let mark = sent.w(d.te);
    // "On July 28 - the day …" opens with a preposition, not a place
    let place = !["on", "by", "until", "from", "before", "in", "at"]
        .iter()
        .any(|p| p.eq_ignore_ascii_case(sent.w(0)));
    place
        && (1..=6).contains(&d.ts)
        && matches!(mark, "-" | "—" | "–" | "(")
        && (0..d.ts).all(|k| {
            let w = sent.w(k);
            matches!(w, "," | "/") || w.chars().next().is_some_and(|c| c.is_uppercase())
        })
}

/// "to May 27 from April 3", "from June 1 until July 9": the "from" date is the old one a
/// change replaced, not a live date.
fn superseded(sent: &Sentence<'_, '_>, dates: &[DateExpr], d: &DateExpr) -> bool {
    if d.ts == 0 || !sent.w(d.ts - 1).eq_ignore_ascii_case("from") {
        return false;
    }
    let new_date = |w: &str| {
        ["to", "until", "till"]
            .iter()
            .any(|p| p.eq_ignore_ascii_case(w))
    };
    dates.iter().any(|o| {
        o.date.is_some()
            && o.ts > 0
            && new_date(sent.w(o.ts - 1))
            // "to X from Y" names a change; "from Y to X" may be a period unless a change
            // verb says otherwise ("delays the tariffs from June 1 until July 9").
            && (o.te + 1 == d.ts || (d.te + 1 == o.ts && has_change_verb(sent)))
    })
}

/// Stems of verbs that move a date: delay, postpone, push back, extend, defer, move, shift.
const CHANGE_STEMS: [&str; 8] = [
    "delay", "postpon", "push", "extend", "defer", "move", "moving", "shift",
];

/// Whether `w` is a form of a verb that moves a date.
fn is_change_verb(w: &str) -> bool {
    CHANGE_STEMS
        .iter()
        .any(|s| w.get(..s.len()).is_some_and(|p| p.eq_ignore_ascii_case(s)))
}

/// A verb that moves a date anywhere in the sentence.
fn has_change_verb(sent: &Sentence<'_, '_>) -> bool {
    (0..sent.toks.len()).any(|i| is_change_verb(sent.w(i)))
}

/// A verb that moves a date within the sixteen words before `at`, in the same clause, with a
/// measure or a limit period as its object ("delays the duties on cars to Aug. 1", "extend its
/// pause on countermeasures against U.S. steel duties until early August, to Aug. 6"; not
/// "delayed the talks to Monday"; a semicolon ends the search).
fn moves_a_measure(
    lex: &Lexicon,
    sent: &Sentence<'_, '_>,
    at: usize,
    trigs: &[((usize, usize), &TriggerInfo, &str)],
) -> bool {
    let Some(verb) = (at.saturating_sub(16)..at)
        .rev()
        .take_while(|&k| sent.w(k) != ";")
        .find(|&k| is_change_verb(sent.w(k)))
    else {
        return false;
    };
    trigs.iter().any(|(t, i, _)| {
        i.ty != EventType::Deadline && t.0 > verb && t.1 <= at && !look_alike(sent, *t, i.ty)
    }) || (verb + 1..at).any(|k| lex.dates.is_span_noun(sent.w(k)))
}

/// Whether `matched` opens with the word `word` ("to July" opens with "to").
fn starts_with_word(matched: &str, word: &str) -> bool {
    matched
        .get(..word.len())
        .is_some_and(|p| p.eq_ignore_ascii_case(word))
        && matched.as_bytes().get(word.len()) == Some(&b' ')
}

/// "after the July 9 deadline … passed", "the deadline came and went": a named limit the
/// sentence reports as over. Only for the limit nouns; "expires" itself is an effect word.
fn limit_passed<'a>(
    sent: &Sentence<'a, '_>,
    trig: (usize, usize),
    matched: &str,
) -> Option<&'a str> {
    const OVER: [&str; 5] = ["passed", "expired", "lapsed", "elapsed", "went"];
    let limit_noun = ["deadline", "ultimat"].iter().any(|n| {
        matched
            .get(..n.len())
            .is_some_and(|p| p.eq_ignore_ascii_case(n))
    });
    if !limit_noun {
        return None;
    }
    // "projects that missed the deadline for feed-in tariffs": a limit already run past
    const MISSED: [&str; 2] = ["missed", "overshot"];
    if let Some(w) = (trig.0.saturating_sub(4)..trig.0)
        .rev()
        .map(|k| sent.w(k))
        .take_while(|w| !matches!(*w, "," | ";" | ""))
        .find(|w| MISSED.iter().any(|m| m.eq_ignore_ascii_case(w)))
    {
        return Some(w);
    }
    (trig.1..trig.1 + 8)
        .map(|k| sent.w(k))
        .take_while(|w| !matches!(*w, "," | ";" | ""))
        .find(|w| OVER.iter().any(|o| o.eq_ignore_ascii_case(w)))
}

/// "in its annual budget introduced on Saturday": a participle of putting into practice
/// ("introduced", "implemented on") right after a noun, with no measure in the four words
/// before it, dates the act on that noun, not a measure's start ("the export controls implemented on Dec. 1", "will be
/// introduced on" keep it).
fn act_participle(
    lex: &Lexicon,
    sent: &Sentence<'_, '_>,
    trig: (usize, usize),
    matched: &str,
    trigs: &[((usize, usize), &TriggerInfo, &str)],
) -> bool {
    const PARTICIPLES: [&str; 6] = [
        "implemented",
        "enforced",
        "applied",
        "introduced",
        "levied",
        "collected",
    ];
    let participle = PARTICIPLES.iter().any(|p| starts_with_word(matched, p));
    if !participle || trig.0 == 0 {
        return false;
    }
    let before = sent.w(trig.0 - 1);
    let noun = before
        .bytes()
        .next()
        .is_some_and(|b| b.is_ascii_alphabetic())
        && ![
            "be", "been", "being", "was", "were", "is", "are", "and", "or",
        ]
        .iter()
        .any(|a| a.eq_ignore_ascii_case(before));
    // "the ban on Russian coal imports introduced on Aug. 10": a measure ending in the few
    // words before the participle is what it introduces
    let measure = trigs
        .iter()
        .any(|(t, i, _)| i.ty != EventType::Deadline && t.1 <= trig.0 && t.1 + 4 >= trig.0);
    noun && !measure && !lex.dates.is_span_noun(before)
}

/// The span is the length of a limit period: "a 90-day wind-down", "wind-down periods of 90
/// days", "a grace period of 30 days".
fn limit_period(lex: &Lexicon, sent: &Sentence<'_, '_>, d: &DateExpr) -> bool {
    let noun_after = sent.w(d.te).len() > 1 && lex.dates.is_span_noun(sent.w(d.te));
    let noun_of = d.ts >= 2
        && sent.w(d.ts - 1).eq_ignore_ascii_case("of")
        && lex
            .dates
            .is_span_noun(sent.w(d.ts - 2).trim_end_matches('s'));
    noun_after || noun_of
}

/// "existing contracts may be wound down over 45 days", "must wind down within 30 days",
/// "existing coal contracts may be executed until Aug. 10": a wind-down of dealings (a
/// measure's grace period) in the words before the date, in its clause.
fn wind_down(sent: &Sentence<'_, '_>, at: usize) -> bool {
    (at.saturating_sub(12)..at)
        .rev()
        .take_while(|&k| !matches!(sent.w(k), ";" | ","))
        .any(|k| {
            let w = sent.w(k);
            (["wind", "wound", "winding"]
                .iter()
                .any(|v| v.eq_ignore_ascii_case(w))
                && sent.w(k + 1).eq_ignore_ascii_case("down"))
                || ["wind-down", "contracts"]
                    .iter()
                    .any(|v| v.eq_ignore_ascii_case(w))
        })
}

/// "takes effect immediately", "effective immediately", "with immediate effect": the measure
/// applies from the day of the news, which states no day by which anyone must act (the
/// annotation guidelines' "stated date"; the fresh dev batches and their annotators agree).
fn immediate(sent: &Sentence<'_, '_>, d: &DateExpr) -> bool {
    (d.ts..d.te).any(|k| {
        ["immediately", "instantly", "immediate"]
            .iter()
            .any(|w| w.eq_ignore_ascii_case(sent.w(k)))
    })
}

/// Words that make a following "in five years" a span counted back from now: "the first
/// summit in 12 years", "the third such crackdown in three years", "the biggest rise in a
/// decade".
const RECORD_WORDS: [&str; 19] = [
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "biggest",
    "largest",
    "highest",
    "lowest",
    "worst",
    "best",
    "strongest",
    "weakest",
    "sharpest",
    "steepest",
    "deepest",
    "fastest",
    "slowest",
];

/// Words that give the record word's phrase a verb of its own, so that the span may be its
/// limit after all ("the first tranche takes effect in 30 days", "the first phase will start
/// in a year").
const LIMIT_VERBS: [&str; 16] = [
    "will",
    "would",
    "must",
    "shall",
    "to",
    "has",
    "have",
    "take",
    "takes",
    "effect",
    "effective",
    "start",
    "starts",
    "begin",
    "begins",
    "expire",
];

/// "the first unilateral sanctions on North Korea in five years": a span of months, years or
/// decades after "in" that closes a phrase opened by an ordinal or superlative (within ten
/// words, no clause break or verb of taking effect between) measures the time since the last
/// such thing, not a limit ahead.
fn retrospective_span(sent: &Sentence<'_, '_>, d: &DateExpr) -> bool {
    if d.ts == 0 || !sent.w(d.ts - 1).eq_ignore_ascii_case("in") {
        return false;
    }
    let unit = sent.w(d.te.saturating_sub(1)).to_ascii_lowercase();
    if !["year", "month", "decade"]
        .iter()
        .any(|u| unit.starts_with(u))
    {
        return false;
    }
    let is = |k: usize, set: &[&str]| set.iter().any(|w| w.eq_ignore_ascii_case(sent.w(k)));
    (d.ts.saturating_sub(11)..d.ts - 1)
        .rev()
        .take_while(|&k| !matches!(sent.w(k), "," | ";" | ":" | "—") && !is(k, &LIMIT_VERBS))
        .any(|k| is(k, &RECORD_WORDS))
}

/// "contracts signed before Friday": a date after a participle of making a deal and
/// "before"/"after" says which contracts, not by when to act.
fn qualifies_a_deal(sent: &Sentence<'_, '_>, d: &DateExpr) -> bool {
    const DEALT: [&str; 6] = [
        "signed",
        "concluded",
        "agreed",
        "struck",
        "entered",
        "issued",
    ];
    d.ts >= 2
        && ["before", "after"]
            .iter()
            .any(|p| p.eq_ignore_ascii_case(sent.w(d.ts - 1)))
        && DEALT
            .iter()
            .any(|p| p.eq_ignore_ascii_case(sent.w(d.ts - 2)))
}

/// "anti-dumping duties for five years": the term of a measure, not a limit; unless the
/// sentence eases it ("suspend the levies for five years": they return then).
fn measure_term(sent: &Sentence<'_, '_>, d: &DateExpr) -> bool {
    let years = d.te > 0
        && sent
            .w(d.te - 1)
            .get(..4)
            .is_some_and(|p| p.eq_ignore_ascii_case("year"));
    if d.ts == 0 || !years || !sent.w(d.ts - 1).eq_ignore_ascii_case("for") {
        return false;
    }
    !sent.hits.iter().any(|h| {
        h.te <= d.ts
            && matches!(
                h.entry.payload,
                Payload::Cue {
                    action: Action::Eased,
                    ..
                }
            )
    })
}

/// "was due to take effect on Aug. 1", "which Trump had threatened to impose from June 1":
/// a plan the sentence reports as past or dropped, within the date's clause.
fn abandoned_plan(sent: &Sentence<'_, '_>, d: &DateExpr) -> bool {
    // Not "had announced": news copy uses it for plans that still stand.
    const HAD: [&str; 5] = ["threatened", "planned", "scheduled", "set", "been"];
    const WAS: [&str; 6] = [
        "due",
        "scheduled",
        "set",
        "supposed",
        "originally",
        "initially",
    ];
    let one_of = |w: &str, set: &[&str]| set.iter().any(|s| s.eq_ignore_ascii_case(w));
    let lo = d.ts.saturating_sub(8);
    for k in (lo..d.ts).rev() {
        let w = sent.w(k);
        if w == "," || w == ";" {
            return false;
        }
        // "had already been suspended for four months in March"
        let next = match sent.w(k + 1) {
            a if one_of(a, &["already", "previously", "earlier"]) => sent.w(k + 2),
            a => a,
        };
        if (w.eq_ignore_ascii_case("had") && one_of(next, &HAD))
            || (one_of(w, &["was", "were"]) && one_of(next, &WAS))
            || one_of(w, &["originally", "initially", "previously"])
        {
            return true;
        }
    }
    false
}

/// Words that make a date a limit or a start date ("by", "until", "from", "effective").
const LIMIT_PREPS: [&str; 10] = [
    "by",
    "until",
    "till",
    "before",
    "through",
    "from",
    "starting",
    "beginning",
    "effective",
    "within",
];

/// A later ultimatum that restates the first one: a backshifted span whose start the text
/// does not state ("warned that Russia had 50 days", "had just 10 or 12 days" in a history of
/// the ultimatum), addressed to no party the first one's sentence does not name. A calendar
/// date, a stated start, a limit given now ("giving Canada 48 hours") or a new party make it
/// an ultimatum of its own.
fn restates(first: &DeadlineCand, d: &DeadlineCand) -> bool {
    d.ultimatum
        && d.backshifted
        && !std::ptr::eq(first, d)
        && d.ev.date != first.ev.date
        && matches!(d.span, Some((_, false)))
        && d.parties & !first.parties == 0
}

/// How far apart two countings of one period may end: a stated start is the day of the act,
/// at most two weeks before the reference (as in the date grammar's anchor).
const SAME_PERIOD_DAYS: i64 = 14;

/// The same period counted from the reference ("50 days" in a title) and from a start the
/// text states ("50 days from July 14"): one limit, and the stated start is the better
/// anchor. Returns the mention with the stated start.
fn restated_from_stated_start(all: &[DeadlineCand], d: &DeadlineCand) -> Option<usize> {
    let (n, false) = d.span? else {
        return None;
    };
    let date = d.ev.date?;
    all.iter().position(|o| {
        o.span == Some((n, true))
            && o.ev
                .date
                .is_some_and(|od| (od - date).num_days().abs() <= SAME_PERIOD_DAYS)
    })
}

/// Keeps one deadline event per distinct limit: a period counted from the reference gives
/// way to the same period counted from a start the text states; undated mentions go when any
/// is dated; effect periods need a measure somewhere in the item (`has_measure`).
pub(crate) fn merge_deadlines(
    all: &[DeadlineCand],
    has_measure: bool,
    trace: &mut Trace<'_>,
) -> Vec<DeadlineEvent> {
    let any_dated = all
        .iter()
        .any(|d| d.ev.date.is_some() && (has_measure || !d.needs_measure));
    let first_ultimatum = all.iter().find(|d| d.ultimatum && d.ev.date.is_some());
    let mut deadlines: Vec<DeadlineEvent> = Vec::new();
    for d in all {
        if d.needs_measure && !has_measure {
            trace.line(|| {
                format!(
                    "merge: `{}` dropped: no measure in the item",
                    d.ev.expression
                )
            });
            continue;
        }
        if let Some(f) = first_ultimatum.filter(|f| restates(f, d)) {
            trace.line(|| {
                format!(
                    "merge: `{}` restates the ultimatum `{}` from an unstated start",
                    d.ev.expression, f.ev.expression
                )
            });
            continue;
        }
        if any_dated && d.ev.date.is_none() {
            continue;
        }
        if let Some(j) = restated_from_stated_start(all, d) {
            trace.line(|| {
                format!(
                    "merge: `{}` is `{}` counted from the reference; the stated start wins",
                    d.ev.expression, all[j].ev.expression
                )
            });
            continue;
        }
        if deadlines
            .iter()
            .any(|e| e.date == d.ev.date && e.date_end == d.ev.date_end)
        {
            continue;
        }
        deadlines.push(d.ev.clone());
    }
    if trace.on() {
        let n = all.len();
        let kept = deadlines.len();
        if n > kept {
            trace.line(|| format!("merge: {n} deadline mentions → {kept} deadline events"));
        }
    }
    deadlines
}
