//! The per-document pass: one trigger-automaton scan per field; each sentence with a trigger
//! is analysed once (exclusions, negation, history, action, actors, rate, products, dates);
//! repeated mentions are merged afterwards (`merge.rs`).

use chrono::NaiveDate;

use super::action;
use super::actors;
use super::context::{gap, Sentence};
use super::dates::{find_dates, DateExpr};
use super::deadline::{deadline, DeadlineCand};
use super::lexicon::{on_word_boundary, ActorKind, Lexicon, Payload, TriggerInfo};
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
    // One automaton pass per field collects the trigger hits; sentences are then cut only
    // around them.
    let mut hits: Vec<(usize, usize, usize)> = Vec::new();
    // One sentence buffer for the whole document (refilled per sentence, no allocation).
    let mut sent = Sentence::empty();
    let mut scratch = Scratch::default();
    for field in doc.fields {
        let text = field.text;
        hits.clear();
        lex.trigger_scan.for_each(text.as_bytes(), |s, e, pid| {
            if on_word_boundary(text, s, e) {
                hits.push((s, e, pid));
            }
        });
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
                found.deadlines.extend(cands);
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
        if ty == EventType::Sanction && designation_as_role(sent, trig, matched) {
            trace.line(|| format!("  {name} `{matched}`: a designation to a role, not a listing"));
            continue;
        }
        if let Some(y) = past_year(sent, trig, reference) {
            trace.line(|| format!("  {name} `{matched}`: background history (the year {y})"));
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

/// Offices whose designation verb is a blacklisting ("Treasury designates", "OFAC
/// designated", "the Treasury Department designated").
const DESIGNATING_OFFICES: [&str; 3] = ["treasury", "ofac", "department"];

/// A designation verb that is no listing: not right after a sanctions office ("Washington
/// designated Qatar a major ally"), setting money aside ("designated $2 billion"), or giving its object a role, with "as" or a second noun
/// phrase within eight words ("designated five banks as primary dealers", "… Qatar a major non-NATO ally"),
/// unless the role is a terrorist one ("… as a terrorist group"). The object's own article
/// ("designated a network of firms") is not a role.
fn designation_as_role(sent: &Sentence<'_, '_>, trig: (usize, usize), matched: &str) -> bool {
    let designation = matched
        .as_bytes()
        .get(..8)
        .is_some_and(|p| p.eq_ignore_ascii_case(b"designat"));
    if !designation {
        return false;
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
    if !office || money {
        return true;
    }
    (trig.1 + 1..trig.1 + 9)
        .take_while(|&i| {
            !matches!(
                sent.w(i),
                "," | ";" | ":" | "" | "for" | "over" | "under" | "on" | "in"
            )
        })
        .find(|&i| {
            ["as", "a", "an"]
                .iter()
                .any(|r| r.eq_ignore_ascii_case(sent.w(i)))
        })
        .is_some_and(|a| {
            !(a + 1..a + 5).any(|i| {
                sent.w(i)
                    .as_bytes()
                    .get(..6)
                    .is_some_and(|p| p.eq_ignore_ascii_case(b"terror"))
            })
        })
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

/// A product ("steel", "oil") named within six words after the trigger.
fn product_after(sent: &Sentence<'_, '_>, trig: (usize, usize)) -> bool {
    sent.hits.iter().any(|h| {
        matches!(h.entry.payload, Payload::Product { .. }) && h.ts >= trig.1 && h.ts < trig.1 + 6
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
    (cue.1..cue.1 + 8)
        .take_while(|&i| !matches!(sent.w(i), "," | ";" | ":" | "and" | "but" | "while"))
        .find_map(|i| lex.dated_past_at(sent, i))
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
