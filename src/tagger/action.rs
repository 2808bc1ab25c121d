//! Action, negation and background-history decisions for one trigger.
//!
//! The action is the best-scoring cue in the sentence: `weight * 8 - distance` (tokens), so a
//! decisive cue ("signed", "lifted") beats a modal a few words nearer, and among equal weights
//! the nearest cue wins. A verbal trigger ("sanctioned") is itself a weight-2 cue.

use super::context::{gap, Hit, Sentence};
use super::lexicon::{Payload, TriggerInfo};
use super::model::Action;

/// Cues farther than this from the trigger are ignored.
const CUE_WINDOW: usize = 20;
/// Negation must sit this close before the trigger.
const NEGATION_WINDOW: usize = 6;
/// History cues must sit this close to the trigger.
const HISTORY_WINDOW: usize = 4;

/// The chosen action and the cue that decided it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ActionChoice<'l> {
    pub action: Action,
    /// Token range of the deciding cue; `None` when the trigger itself decided.
    pub cue: Option<(usize, usize)>,
    pub phrase: &'l str,
    /// The cue's neighbours are the relieved party ("Canada and Mexico spared").
    pub object: bool,
}

/// Is there a clause break (`;`, `:`, a dash) between token ranges `a` and `b`?
pub(crate) fn crosses_clause(
    sent: &Sentence<'_, '_>,
    a: (usize, usize),
    b: (usize, usize),
) -> bool {
    let (lo, hi) = if a.1 <= b.0 { (a.1, b.0) } else { (b.1, a.0) };
    (lo..hi).any(|i| matches!(sent.w(i), ";" | ":" | "—" | "–"))
}

/// Picks the action for the trigger at tokens `trig`.
pub(crate) fn choose<'l>(
    sent: &Sentence<'_, 'l>,
    trig: (usize, usize),
    info: &'l TriggerInfo,
) -> Option<ActionChoice<'l>> {
    let mut best: Option<(i64, ActionChoice<'l>)> = None;
    // Whether the best cue so far is decisive (weight 3 and up): a condition cannot undo it.
    let mut decisive = false;
    if let Some(action) = info.action {
        best = Some((
            16,
            ActionChoice {
                action,
                cue: None,
                phrase: info.phrase.as_str(),
                object: false,
            },
        ));
    }
    let after = AfterTrigger::find(sent, trig);
    for h in &sent.hits {
        let Payload::Cue {
            action,
            weight,
            object,
        } = h.entry.payload
        else {
            continue;
        };
        let d = gap((h.ts, h.te), trig);
        if d > CUE_WINDOW {
            continue;
        }
        if look_alike_cue(sent, h, trig) {
            continue;
        }
        // "the ministry said it would impose …": a body reporting its own decision announces
        // it (unless the sentence makes it conditional).
        let announced = action == Action::Threatened && self_announced(sent, h, trig);
        let action = if announced { Action::Imposed } else { action };
        // "could raise duties", "would move swiftly to restore sanctions": a verb of imposing
        // under a modal is what the modal makes of it.
        // Decisive cues ("would immediately impose") and the trigger's own verb ("assets
        // would be frozen") keep their weight.
        let own_word = h.ts < trig.1 && trig.0 < h.te;
        let under_modal = action == Action::Imposed
            && weight <= 2
            && !own_word
            && !announced
            && under_modal(sent, h);
        // "could lift sanctions", "may ease the tariffs": an easing only possible is the
        // modal's ("would lift" often reports a decision and stays).
        let under_modal =
            under_modal || (action == Action::Eased && !own_word && possible(sent, h));
        // "the freeze on Mali's assets will be removed": the trigger as a noun is a weak cue;
        // the clause's verb decides.
        let noun = own_word && trig.0 > 0 && is_determiner(sent.w(trig.0 - 1));
        // "his threatened 25% tariffs": a participle modifying the trigger describes it; the
        // clause's verb decides.
        let modifier = action == Action::Threatened
            && h.te <= trig.0
            && trig.0 - h.te <= 3
            && h.entry.phrase.ends_with("ed")
            // "threatened to put additional tariffs": a verb with its infinitive, not a
            // participle.
            && !sent.w(h.te).eq_ignore_ascii_case("to");
        let weight = if modifier || noun || under_modal {
            1
        } else {
            weight
        };
        let mut score = i64::from(weight) * 8 - d as i64;
        score -= scope_penalty(sent, h, trig, after, action);
        if best.as_ref().is_none_or(|(b, _)| score > *b) {
            decisive = weight >= 3;
            best = Some((
                score,
                ActionChoice {
                    action,
                    cue: Some((h.ts, h.te)),
                    phrase: h.entry.phrase.as_str(),
                    object,
                },
            ));
        }
    }
    best.map(|(_, c)| raised_by(sent, relief_reversed(sent, relief_extended(sent, c))))
        .map(|c| cap_lowered(sent, c))
        .map(|c| plan_dropped(sent, c, trig))
        .map(|c| conditional(sent, c, decisive, trig))
}

/// Nouns of a measure not yet taken ("plan", "proposal", "threat"), as threat cues.
const PLAN_NOUNS: [&str; 6] = [
    "plan",
    "plans",
    "proposal",
    "proposals",
    "threat",
    "threats",
];

/// "shelves plan for 20% duties", "drops its threat of tariffs": an easing verb whose object
/// is the plan or threat takes the planned measure back.
fn plan_dropped<'l>(
    sent: &Sentence<'_, 'l>,
    c: ActionChoice<'l>,
    trig: (usize, usize),
) -> ActionChoice<'l> {
    let Some(cue) = c.cue else {
        return c;
    };
    if c.action != Action::Threatened
        || !PLAN_NOUNS.iter().any(|p| p.eq_ignore_ascii_case(c.phrase))
    {
        return c;
    }
    // Past a determiner and the plan's modifiers: "shelved the plan", "dropped its threat",
    // "drops Mexico tariff threat", "withdrew its 25% duty proposal".
    let mut k = cue.0;
    let mut ender = None;
    for _ in 0..=PLAN_MODIFIERS {
        ender = sent.hits.iter().find(|h| {
            h.te == k
                && matches!(
                    h.entry.payload,
                    Payload::Cue {
                        action: Action::Eased,
                        ..
                    }
                )
        });
        if ender.is_some() || k == 0 || !plan_modifier(sent, k - 1, trig) {
            break;
        }
        k -= 1;
    }
    eased_by(ender, c)
}

/// Most words between an easing verb and the plan noun it takes back.
const PLAN_MODIFIERS: usize = 4;

/// Words that end a run of a plan noun's modifiers: what links clauses or phrases ("drops
/// talks and issues a tariff threat", "shares drop on tariff threat").
const PLAN_BREAKS: [&str; 12] = [
    "and", "or", "but", "as", "on", "after", "over", "amid", "with", "to", "of", "in",
];

/// Whether token `i` may modify a plan noun: the measure's own word ("tariff threat"), a
/// determiner, a name, demonym or good ("Mexico steel tariff threat"), or a rate ("25%").
fn plan_modifier(sent: &Sentence<'_, '_>, i: usize, trig: (usize, usize)) -> bool {
    let w = sent.w(i);
    let word = w
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.');
    (trig.0..trig.1).contains(&i)
        || w == "%"
        || (word && !w.is_empty() && !PLAN_BREAKS.iter().any(|b| b.eq_ignore_ascii_case(w)))
}

/// "If Moscow fails to agree, Washington will impose tariffs": a sentence opened by a
/// condition makes its plain verb of imposing a threat (a decisive cue such as "signed" or
/// "took effect" still reports a fact).
fn conditional<'l>(
    sent: &Sentence<'_, 'l>,
    c: ActionChoice<'l>,
    decisive: bool,
    trig: (usize, usize),
) -> ActionChoice<'l> {
    if c.action != Action::Imposed || decisive {
        return c;
    }
    let first = (0..sent.toks.len().min(3))
        .map(|i| sent.w(i))
        .find(|w| w.bytes().any(|b| b.is_ascii_alphanumeric()));
    let opens =
        first.is_some_and(|w| w.eq_ignore_ascii_case("if") || w.eq_ignore_ascii_case("unless"));
    // "will impose tariffs if talks fail": a condition in the trigger's own clause (no
    // comma between); a past verb ("imposed duties …") reports a fact whatever follows.
    let after = || {
        !c.phrase.ends_with("ed")
            && (trig.1..sent.toks.len())
                .take_while(|&i| !matches!(sent.w(i), "," | ";" | ":" | "—" | "–"))
                .any(|i| {
                    (sent.w(i).eq_ignore_ascii_case("if")
                        || sent.w(i).eq_ignore_ascii_case("unless"))
                        && !["even", "as", "asked", "see", "know", "whether"]
                            .iter()
                            .any(|w| w.eq_ignore_ascii_case(sent.w(i.saturating_sub(1))))
                })
    };
    // "Will Trump slap 25% tariffs on EU cars?": a question about a measure is a threat of
    // it.
    let asked = || {
        let close = (trig.1..sent.toks.len()).find(|&i| matches!(sent.w(i), "?" | "." | "!"));
        // Only a question about the future: "Why did Lima impose tariffs?" asks about a fact.
        close.is_some_and(|i| sent.w(i) == "?")
            && (0..trig.0).any(|i| {
                ["will", "would", "could", "can", "might", "shall", "going"]
                    .iter()
                    .any(|m| m.eq_ignore_ascii_case(sent.w(i)))
            })
    };
    if opens || after() || asked() {
        ActionChoice {
            action: Action::Threatened,
            ..c
        }
    } else {
        c
    }
}

/// Units of a change "by" an amount ("by 25%", "by 10 percentage points").
const BY_UNITS: [&str; 5] = ["%", "percent", "per", "percentage", "points"];

/// "lift tariffs on imports by 25%": lifting by an amount raises the measure (removal has no
/// amount), so the easing cue imposes.
fn raised_by<'l>(sent: &Sentence<'_, 'l>, c: ActionChoice<'l>) -> ActionChoice<'l> {
    let Some(cue) = c.cue else {
        return c;
    };
    let lift = c
        .phrase
        .get(..4)
        .is_some_and(|p| p.eq_ignore_ascii_case("lift"));
    if c.action != Action::Eased || !lift {
        return c;
    }
    let by_amount = (cue.1..cue.1 + CUE_WINDOW).any(|i| {
        sent.w(i).eq_ignore_ascii_case("by")
            && sent
                .w(i + 1)
                .bytes()
                .next()
                .is_some_and(|b| b.is_ascii_digit())
            && BY_UNITS
                .iter()
                .any(|u| u.eq_ignore_ascii_case(sent.w(i + 2)))
    });
    if by_amount {
        ActionChoice {
            action: Action::Imposed,
            ..c
        }
    } else {
        c
    }
}

/// "lowers the oil price ceiling to $47.60", "cut the price cap": lowering a price cap
/// tightens the sanction, so the easing cue imposes.
fn cap_lowered<'l>(sent: &Sentence<'_, 'l>, c: ActionChoice<'l>) -> ActionChoice<'l> {
    let Some((_, te)) = c.cue else {
        return c;
    };
    let lowering = c.action == Action::Eased
        && ["lower", "cut", "reduc", "slash"].iter().any(|v| {
            c.phrase
                .get(..v.len())
                .is_some_and(|p| p.eq_ignore_ascii_case(v))
        });
    let cap = (te..te + 5).any(|k| {
        (sent.w(k).eq_ignore_ascii_case("cap") || sent.w(k).eq_ignore_ascii_case("ceiling"))
            && k >= 1
            && sent.w(k - 1).eq_ignore_ascii_case("price")
    });
    if lowering && cap {
        ActionChoice {
            action: Action::Imposed,
            ..c
        }
    } else {
        c
    }
}

/// Reporting verbs after which "it would" announces the speaker's own decision ("the
/// ministry said on Friday it would impose duties").
const REPORTING: [&str; 6] = ["said", "says", "announced", "stated", "confirmed", "added"];

/// Modals that turn a following verb of imposing into a possibility.
const MODALS: [&str; 4] = ["would", "could", "might", "may"];

/// Is the hit the "would" of "<body> said (on Friday) it would …" or of "<body> said (that)
/// the duties would apply from …" (the measure itself the reported subject), with no
/// condition or open choice in the sentence ("… unless talks succeed", "if Ottawa retaliates",
/// "starting in May or June" keep it a threat; "10% or 5%" is a list of rates, no choice)?
fn self_announced(sent: &Sentence<'_, '_>, h: &Hit<'_>, trig: (usize, usize)) -> bool {
    if !h.entry.phrase.eq_ignore_ascii_case("would") || h.ts == 0 {
        return false;
    }
    let is_reporting = |k: usize| REPORTING.iter().any(|r| r.eq_ignore_ascii_case(sent.w(k)));
    let reported = if sent.w(h.ts - 1).eq_ignore_ascii_case("it") {
        // "Britain said its ban would apply from Friday, and it would add a 35% tariff": a
        // clause joined by "and" goes on with the same report.
        let joined = h.ts >= 2 && sent.w(h.ts - 2).eq_ignore_ascii_case("and");
        (h.ts.saturating_sub(6)..h.ts - 1).any(is_reporting)
            || (joined && (0..h.ts - 2).any(is_reporting))
    } else {
        reported_measure(sent, h, trig, is_reporting)
    };
    reported
        && !(0..sent.toks.len()).any(|k| {
            let w = sent.w(k);
            ["if", "unless", "until", "whether"]
                .iter()
                .any(|c| c.eq_ignore_ascii_case(w))
                || (w.eq_ignore_ascii_case("or") && !rate_list(sent, k))
        })
}

/// Whether the trigger is the reported subject of the "would" hit `h`: "the White House said
/// the duties would apply from Tuesday", "USTR confirmed that the tariff on EVs would rise to
/// 100%" (reporting verb, optional "that", a determiner, the trigger, no comma before
/// "would").
fn reported_measure(
    sent: &Sentence<'_, '_>,
    h: &Hit<'_>,
    trig: (usize, usize),
    is_reporting: impl Fn(usize) -> bool,
) -> bool {
    // Words, not punctuation, measure the distance ("a 6.9% anti-subsidy duty would").
    let words_between = (trig.1..h.ts)
        .filter(|&k| sent.w(k).chars().next().is_some_and(char::is_alphanumeric))
        .count();
    if trig.1 > h.ts || words_between > 8 || (trig.1..h.ts).any(|k| sent.w(k) == ",") {
        return false;
    }
    // What the measure would do is a step of its schedule ("apply from", "rise to", "take
    // effect", "be imposed"), not an effect ("would hurt airlines") or an opinion.
    let mut v = h.te;
    if ["now", "also", "then"]
        .iter()
        .any(|a| a.eq_ignore_ascii_case(sent.w(v)))
    {
        v += 1;
    }
    let is_in = |list: &[&str], w: &str| list.iter().any(|s| s.eq_ignore_ascii_case(w));
    let step = is_in(&SCHEDULE_STEPS, sent.w(v))
        || (sent.w(v).eq_ignore_ascii_case("be") && sent.w(v + 1).ends_with("ed"));
    // "would rise to 100%" is the measure's own step only when confirmed or announced; "said
    // the levy would climb to 10%" often lays out a threatened escalation.
    let change = is_in(&CHANGE_STEPS, sent.w(v));
    if !(step || change) {
        return false;
    }
    let Some(mut k) = trig.0.checked_sub(1) else {
        return false;
    };
    // "said a 20% duty would apply from May 1": the measure's rate before it, and then an
    // indefinite article, name it as well as a definite determiner does.
    let rated = rate_before(sent, k);
    if rated {
        while k > 0 && is_rate_word(sent.w(k)) {
            k -= 1;
        }
    }
    let determiners: &[&str] = if rated {
        &["the", "its", "their", "these", "those", "a", "an"]
    } else {
        &["the", "its", "their", "these", "those"]
    };
    if !determiners
        .iter()
        .any(|d| d.eq_ignore_ascii_case(sent.w(k)))
    {
        return false;
    }
    // "said a 25% tariff would take a heavy toll": an indefinite measure is often a
    // hypothesis; only a dated step of its schedule ("would apply from", "take effect")
    // reports it.
    if is_in(&["a", "an"], sent.w(k)) && !dated_step(sent, v) {
        return false;
    }
    if k >= 1 && sent.w(k - 1).eq_ignore_ascii_case("that") {
        k -= 1;
    }
    // "said a 12% duty and a 3% levy would apply from Monday": the second measure of a
    // coordinated subject is reported by the verb before the first.
    if k >= 2 && sent.w(k - 1).eq_ignore_ascii_case("and") {
        if let Some(r) = reporting_before_conjunct(sent, k - 1, &is_reporting) {
            k = r + 1;
        }
    }
    let firm = |w: &str| w.eq_ignore_ascii_case("confirmed") || w.eq_ignore_ascii_case("announced");
    k >= 1 && is_reporting(k - 1) && (step || firm(sent.w(k - 1)))
}

/// The reporting verb before the first conjunct of a subject whose "and" is at `and`: the
/// nearest reporting verb, with no comma between, followed by a determiner (or "that" and a
/// determiner).
fn reporting_before_conjunct(
    sent: &Sentence<'_, '_>,
    and: usize,
    is_reporting: &impl Fn(usize) -> bool,
) -> Option<usize> {
    let det = |w: &str| {
        ["the", "its", "their", "these", "those", "a", "an"]
            .iter()
            .any(|d| d.eq_ignore_ascii_case(w))
    };
    let mut j = and;
    while j > 0 && and - j < 14 {
        j -= 1;
        if sent.w(j) == "," {
            return None;
        }
        if is_reporting(j) {
            let next = if sent.w(j + 1).eq_ignore_ascii_case("that") {
                j + 2
            } else {
                j + 1
            };
            return det(sent.w(next)).then_some(j);
        }
    }
    None
}

/// Whether token `k` ends a rate ("73.6 %", "25 percent", "5 per cent").
fn rate_before(sent: &Sentence<'_, '_>, k: usize) -> bool {
    let w = sent.w(k);
    let unit = w.ends_with('%')
        || ["percent", "pct", "cent"]
            .iter()
            .any(|u| u.eq_ignore_ascii_case(w));
    unit && (0..k).rev().take(2).any(|j| starts_with_digit(sent.w(j)))
}

/// Whether a token is part of a rate ("73", ".", "6", "%", "per", "cent", "percent", "pct").
fn is_rate_word(w: &str) -> bool {
    starts_with_digit(w)
        || w == "."
        || w.ends_with('%')
        || ["percent", "pct", "per", "cent"]
            .iter()
            .any(|u| u.eq_ignore_ascii_case(w))
}

fn starts_with_digit(w: &str) -> bool {
    w.bytes().next().is_some_and(|b| b.is_ascii_digit())
}

/// Verbs of a measure's own schedule after "would" ("the duties would apply from Tuesday").
const SCHEDULE_STEPS: [&str; 8] = [
    "apply", "take", "go", "come", "start", "begin", "kick", "enter",
];

/// Whether the step at `v` is one of a schedule's fixed phrases ("apply from", "take effect",
/// "kick in", "come/enter into force", "start on"), not a bare verb ("take a toll", "come at a
/// cost").
fn dated_step(sent: &Sentence<'_, '_>, v: usize) -> bool {
    let at = |k: usize, list: &[&str]| list.iter().any(|s| s.eq_ignore_ascii_case(sent.w(k)));
    (at(v, &["apply", "start", "begin"]) && at(v + 1, &["from", "on", "starting"]))
        || (at(v, &["take"]) && at(v + 1, &["effect"]))
        || (at(v, &["kick"]) && at(v + 1, &["in"]))
        || (at(v, &["come", "go", "enter"])
            && at(v + 1, &["into", "in"])
            && at(v + 2, &["force", "effect"]))
}

/// Verbs of a change of the measure after "would" ("the tariff would rise to 100%").
const CHANGE_STEPS: [&str; 4] = ["rise", "increase", "climb", "double"];

/// Whether the "or" at token `k` joins two rates ("additional tariffs of 10% or 5%"): a list,
/// not a choice left open.
fn rate_list(sent: &Sentence<'_, '_>, k: usize) -> bool {
    let digit = |w: &str| w.bytes().next().is_some_and(|b| b.is_ascii_digit());
    k >= 1 && (sent.w(k - 1) == "%" || digit(sent.w(k - 1))) && digit(sent.w(k + 1))
}

/// Is the imposing cue `h` governed by a modal a few words before it in the same clause
/// ("could raise", "would then impose", "might move to restore")? A self-announced "it
/// would" does not count.
fn under_modal(sent: &Sentence<'_, '_>, h: &Hit<'_>) -> bool {
    let mut k = h.ts;
    while k > 0 && h.ts - k < 4 {
        k -= 1;
        let w = sent.w(k);
        if !w.bytes().all(|b| b.is_ascii_alphabetic()) {
            return false;
        }
        // "may" only in lower case: "May" is the month.
        let modal =
            MODALS.iter().any(|m| m.eq_ignore_ascii_case(w)) && (w != "May" || sent.is_all_caps());
        if modal {
            return !(k > 0
                && sent.w(k - 1).eq_ignore_ascii_case("it")
                && (k.saturating_sub(6)..k - 1)
                    .any(|r| REPORTING.iter().any(|v| v.eq_ignore_ascii_case(sent.w(r)))));
        }
    }
    false
}

/// Is cue `h` right after "could", "might" or "may" (up to two words between: "could soon
/// lift", "may partly ease")?
fn possible(sent: &Sentence<'_, '_>, h: &Hit<'_>) -> bool {
    (h.ts.saturating_sub(3)..h.ts).any(|k| {
        let w = sent.w(k);
        ["could", "might"].iter().any(|m| m.eq_ignore_ascii_case(w))
            || (w == "may" || (w == "MAY" && sent.is_all_caps()))
    }) && !(h.ts.saturating_sub(3)..h.ts).any(|k| matches!(sent.w(k), "," | ";" | ":"))
}

/// Cue words that are something else here: "a lower rate", "in May", "scrap metal", the
/// "-end" of "high-end", the noun "end" of something else ("a quick end to the dispute", "the
/// end of the month"), a relief denied ("without exemptions").
fn look_alike_cue(sent: &Sentence<'_, '_>, h: &Hit<'_>, trig: (usize, usize)) -> bool {
    // "an end to sanctions" eases them; "an end to the war" or "the end of the month" is not
    // about the measure.
    if h.entry.phrase.eq_ignore_ascii_case("end")
        && (sent.w(h.te).eq_ignore_ascii_case("to") || sent.w(h.te).eq_ignore_ascii_case("of"))
    {
        let words_to_trigger = (h.te + 1..trig.0)
            .filter(|&i| sent.w(i).bytes().any(|c| c.is_ascii_alphanumeric()))
            .count();
        if trig.0 <= h.te || words_to_trigger > 3 {
            return true;
        }
    }
    // "extended until the end of 2024 the ban", "by the end of March": a point in time, not
    // an ending.
    if h.entry.phrase.eq_ignore_ascii_case("end") && sent.w(h.te).eq_ignore_ascii_case("of") {
        let mut k = h.ts;
        if k > 0 && sent.w(k - 1).eq_ignore_ascii_case("the") {
            k -= 1;
        }
        let before = k.checked_sub(1).map_or("", |p| sent.w(p));
        if [
            "until", "by", "before", "at", "from", "through", "till", "after", "towards", "toward",
        ]
        .iter()
        .any(|w| w.eq_ignore_ascii_case(before))
        {
            return true;
        }
    }
    // "sales dropped 12%", "stocks eased 1.5 percent": a figure's move, not an easing (but
    // "cut 25% tariffs" cuts the measure right after the number, "cuts 13 banks off" counts
    // objects, and "would fall to 10%" gives the measure's new rate).
    if matches!(
        h.entry.payload,
        Payload::Cue {
            action: Action::Eased,
            ..
        }
    ) && sent
        .w(h.te)
        .bytes()
        .next()
        .is_some_and(|b| b.is_ascii_digit())
        && !h.entry.phrase.ends_with(" to")
    {
        // The unit after the number ("12 %", "80.5 %" has three tokens of number).
        let unit = (h.te + 1..h.te + 4).find(|&i| {
            let w = sent.w(i);
            w == "%"
                || ["percent", "per", "pct", "points", "percentage"]
                    .iter()
                    .any(|u| u.eq_ignore_ascii_case(w))
        });
        // "scraps 80.5% barley duties": the trigger right after the rate is the cue's object.
        if unit.is_some_and(|u| trig.0 < h.ts || trig.0 > u + 3) {
            return true;
        }
    }
    // "take effect without exemptions", "no waivers": the relief is denied, not granted.
    if RELIEF
        .iter()
        .chain(&["relief"])
        .any(|r| r.eq_ignore_ascii_case(&h.entry.phrase))
        && (h.ts.saturating_sub(2)..h.ts).any(|k| {
            sent.w(k).eq_ignore_ascii_case("without") || sent.w(k).eq_ignore_ascii_case("no")
        })
    {
        return true;
    }
    // "putting extra duties on cars, clearing the way for a trade case": what is cleared the
    // way for comes after the cue.
    if h.ts >= trig.1 && h.entry.phrase.ends_with("the way for") {
        return true;
    }
    // "a lower 10% levy", "lower than": the comparative, not the verb "to lower".
    if h.entry.phrase.eq_ignore_ascii_case("lower")
        && ((h.ts > 0 && is_determiner(sent.w(h.ts - 1)))
            || sent.w(h.te).eq_ignore_ascii_case("than"))
    {
        return true;
    }
    // "high-end goods", "year-end": the second half of a hyphenated word is no verb.
    if sent
        .toks
        .get(h.ts)
        .is_some_and(|t| t.s > 0 && sent.text.as_bytes().get(t.s - 1) == Some(&b'-'))
    {
        return true;
    }
    // "the March 1 cut-off", "an end-user list", "face-saving": the first half of a
    // hyphenated word is no verb either ("carve-out", a cue itself, spans the hyphen).
    let first_half = sent.w(h.te) == "-"
        && sent
            .w(h.te + 1)
            .bytes()
            .next()
            .is_some_and(|b| b.is_ascii_alphabetic())
        && match (
            h.te.checked_sub(1).and_then(|k| sent.toks.get(k)),
            sent.toks.get(h.te),
            sent.toks.get(h.te + 1),
        ) {
            (Some(a), Some(d), Some(b)) => a.e == d.s && d.e == b.s,
            _ => false,
        };
    if first_half {
        return true;
    }
    // "in May", "May 1": the month, not the modal.
    if h.entry.phrase.eq_ignore_ascii_case("may") {
        let w = sent.w(h.ts);
        let capital_inside = w.starts_with('M') && h.ts > 0 && !sent.is_all_caps();
        let dated = sent
            .w(h.te)
            .bytes()
            .next()
            .is_some_and(|b| b.is_ascii_digit());
        if capital_inside || dated {
            return true;
        }
    }
    // "scrap metal", "aluminum scrap": the noun, not the verb "to scrap".
    if h.entry.phrase.eq_ignore_ascii_case("scrap")
        && (["metal", "iron", "yards"]
            .iter()
            .any(|w| w.eq_ignore_ascii_case(sent.w(h.te)))
            || sent
                .hits
                .iter()
                .any(|p| p.te == h.ts && matches!(p.entry.payload, Payload::Product { .. })))
    {
        return true;
    }
    false
}

/// Where the clauses after the trigger turn: the first subordinating or contrasting word
/// ("after", "because", "but") and the first relative pronoun ("that", "which") after it,
/// looked up once per trigger rather than once per cue.
#[derive(Debug, Clone, Copy)]
struct AfterTrigger {
    subordinate: usize,
    relative: usize,
    /// The last subordinating or contrasting word before the trigger (within the cue
    /// window), if any: the trigger's own clause starts there.
    opens_clause: Option<usize>,
    /// Whether an action cue precedes the trigger within the cue window (a verb that may
    /// govern it).
    cue_before: bool,
}

/// Words that open a later subordinate or contrasting clause after the trigger ("tariffs
/// will remain until Washington lifts its duties": the lifting is the other party's).
const AFTER_SUBORDINATORS: [&str; 9] = [
    "after", "because", "since", "although", "though", "whereas", "but", "until", "unless",
];

/// Words that open a subordinate or contrasting clause before the trigger.
const SUBORDINATORS: [&str; 10] = [
    "after", "because", "since", "although", "though", "whereas", "but", "when", "while", "once",
];

/// Relative pronouns that open a clause describing the trigger.
const RELATIVES: [&str; 3] = ["that", "which", "who"];

/// Whether `w` may be one of the clause words above ([`AFTER_SUBORDINATORS`],
/// [`SUBORDINATORS`], [`RELATIVES`]): their first letters and lengths, tested before the
/// list lookups, which most words never need.
fn may_open_clause(w: &str) -> bool {
    (3..=8).contains(&w.len())
        && matches!(
            w.as_bytes().first().map(u8::to_ascii_lowercase),
            Some(b'a' | b'b' | b'o' | b's' | b't' | b'u' | b'w')
        )
}

impl AfterTrigger {
    fn find(sent: &Sentence<'_, '_>, trig: (usize, usize)) -> Self {
        let end = (trig.1 + CUE_WINDOW + 1).min(sent.toks.len());
        let is_in = |list: &[&str], w: &str| list.iter().any(|x| x.eq_ignore_ascii_case(w));
        let (mut subordinate, mut relative) = (usize::MAX, usize::MAX);
        for i in trig.1..end {
            let w = sent.w(i);
            if !may_open_clause(w) {
                continue;
            }
            if subordinate == usize::MAX && is_in(&AFTER_SUBORDINATORS, w) {
                subordinate = i;
            }
            if relative == usize::MAX && is_in(&RELATIVES, w) {
                relative = i;
            }
            if subordinate != usize::MAX && relative != usize::MAX {
                break;
            }
        }
        AfterTrigger {
            subordinate,
            relative,
            opens_clause: (trig.0.saturating_sub(CUE_WINDOW)..trig.0)
                .rev()
                .find(|&i| {
                    let w = sent.w(i);
                    may_open_clause(w) && is_in(&SUBORDINATORS, w)
                }),
            cue_before: sent.hits.iter().any(|h| {
                matches!(h.entry.payload, Payload::Cue { .. })
                    && h.te <= trig.0
                    && trig.0 - h.te <= CUE_WINDOW
            }),
        }
    }
}

/// How much a cue's scope keeps it from the trigger: 16 for each of a clause break between
/// them, a later subordinate or contrasting clause, an eased infinitive with its own object,
/// and (for eased/threatened cues) a relative clause after the trigger.
fn scope_penalty(
    sent: &Sentence<'_, '_>,
    h: &Hit<'_>,
    trig: (usize, usize),
    after: AfterTrigger,
    action: Action,
) -> i64 {
    let mut penalty = 0;
    if crosses_clause(sent, (h.ts, h.te), trig) {
        penalty += 16;
    }
    // "adopted the sanctions package after Slovakia lifted its veto", "…, but exempted
    // pipes": a cue in a later subordinate or contrasting clause belongs to that clause.
    if h.ts > trig.1 && after.subordinate < h.ts {
        penalty += 16;
    }
    // "exporters warned of job losses after the 25% tariff came into force", "Beijing vowed
    // to hit back after Washington imposed tariffs": the trigger's own subordinate clause
    // has its own verb; a cue of the main clause before it does not govern the trigger.
    if after.opens_clause.is_some_and(|i| h.te <= i) {
        penalty += 16;
    }
    // "the 5% tariff he had threatened to impose was suspended": a past perfect after the
    // trigger tells the measure's earlier history; the main clause's verb decides.
    // ("that the U.S. had threatened will not be applied": a "had" two words back belongs to
    // the verb in between, not to this cue.)
    let verb_between = h.ts > 0
        && sent
            .hits
            .iter()
            .any(|o| o.te == h.ts && matches!(o.entry.payload, Payload::Cue { .. }));
    if h.ts > trig.1
        && (h.ts.saturating_sub(2)..h.ts).any(|i| sent.w(i).eq_ignore_ascii_case("had"))
        && !verb_between
    {
        penalty += 16;
    }
    // "proposes a 50% steel tariff, halving duty-free quotas": a participle clause after a
    // comma adds another measure; a verb before the trigger governs it ("will apply its
    // duty from Monday, ending an exemption" has none: the participle decides).
    if after.cue_before
        && h.ts > trig.1
        && sent.w(h.ts).ends_with("ing")
        && (trig.1..h.ts).any(|i| sent.w(i) == ",")
    {
        penalty += 16;
    }
    // "EU adopts sanctions package, lowers oil price cap", "cut its duty to 15%, under a
    // trade deal signed on Thursday": a finite verb or a participle after a comma, with a verb
    // before the trigger governing it, has an object of its own.
    // (A present-tense verb only right after the comma and never a condition such as
    // ", unless": "grants buyers waivers" has a noun ending in "s".)
    let phrase = h.entry.phrase.as_str();
    let finite = phrase.ends_with('s')
        && !phrase.ends_with("ss")
        && !phrase.contains(' ')
        && action != Action::Threatened
        && h.ts > 0
        && sent.w(h.ts - 1) == ",";
    if after.cue_before
        && h.ts > trig.1
        && (phrase.ends_with("ed") || finite)
        && (trig.1..h.ts).any(|i| sent.w(i) == ",")
        && !AUXILIARIES
            .iter()
            .any(|a| a.eq_ignore_ascii_case(sent.w(h.ts - 1)))
    {
        penalty += 16;
    }
    // "slashing duty-free quotas and imposing a 50% duty", "lifted the ban and imposed
    // tariffs": a verb before the trigger whose coordinated twin of the same form stands
    // nearer the trigger has its own object.
    if h.te <= trig.0 && coordinated_twin(sent, h, trig) {
        penalty += 16;
    }
    // "a 19% tariff, lower than the 32% rate threatened by Trump": a participle with its
    // agent after another noun describes that noun ("tariffs were threatened by" is the
    // clause's verb).
    if h.ts > trig.1
        && h.entry.phrase.ends_with("ed")
        && sent.w(h.te).eq_ignore_ascii_case("by")
        && ![
            "was", "were", "is", "are", "be", "been", "being", "has", "have", "had", "get", "got",
        ]
        .iter()
        .any(|a| a.eq_ignore_ascii_case(sent.w(h.ts - 1)))
        && h.ts - 1 > trig.1
    {
        penalty += 16;
    }
    // "import levies … in a bid to chop revenue": an infinitive after the trigger with its
    // own object is another action ("… and plans to cut them" still counts).
    if action == Action::Eased
        && h.ts > trig.1
        && sent.w(h.ts - 1).eq_ignore_ascii_case("to")
        && !["them", "it", "those", "these"]
            .iter()
            .any(|p| p.eq_ignore_ascii_case(sent.w(h.te)))
    {
        penalty += 16;
    }
    // "sanctions that had been suspended under the deal": a relative clause describes the
    // measure's past; the main clause's verb decides when there is one. ("Tariffs that
    // took effect Friday" is still the news.)
    if action != Action::Imposed && h.ts >= trig.1 && after.relative < h.ts {
        penalty += 16;
    }
    penalty
}

/// Auxiliaries before a participle that make it the clause's verb ("tariffs were lifted").
const AUXILIARIES: [&str; 13] = [
    "was", "were", "is", "are", "be", "been", "being", "has", "have", "had", "get", "got", "will",
];

/// The inflection of a cue phrase that coordination repeats: "-ing", "-ed", or none.
fn verb_form(phrase: &str) -> Option<&'static str> {
    ["ing", "ed"].into_iter().find(|f| phrase.ends_with(f))
}

/// Whether another cue of the same form as `h` ("slashing … and imposing", "lifted … and
/// imposed") stands between `h` and the trigger after a coordinating "and" or comma: that
/// twin governs the trigger, `h` governs its own object.
fn coordinated_twin(sent: &Sentence<'_, '_>, h: &Hit<'_>, trig: (usize, usize)) -> bool {
    let Some(form) = verb_form(h.entry.phrase.as_str()) else {
        return false;
    };
    sent.hits.iter().any(|o| {
        matches!(o.entry.payload, Payload::Cue { .. })
            && o.ts > h.te
            && o.te <= trig.0
            && verb_form(o.entry.phrase.as_str()) == Some(form)
            && (h.te..o.ts).any(|i| sent.w(i) == "," || sent.w(i).eq_ignore_ascii_case("and"))
    })
}

/// Relief nouns: the measure's easing itself ("waivers", "exemptions", "reprieve").
const RELIEF: [&str; 7] = [
    "waiver",
    "waivers",
    "exemption",
    "exemptions",
    "reprieve",
    "carve-out",
    "carve-outs",
];

/// Ending a relief restores the measure: "end sanctions waivers", "ends the tariff reprieve",
/// "…, ending a two-month exemption" are impositions.
fn relief_reversed<'l>(sent: &Sentence<'_, 'l>, c: ActionChoice<'l>) -> ActionChoice<'l> {
    let Some(cue) = c.cue else {
        return c;
    };
    if c.action != Action::Eased {
        return c;
    }
    let is_relief = |p: &str| RELIEF.iter().any(|r| r.eq_ignore_ascii_case(p));
    let eased = |h: &&Hit<'l>| {
        matches!(
            h.entry.payload,
            Payload::Cue {
                action: Action::Eased,
                ..
            }
        )
    };
    // The ender before the relief noun ("ends the reprieve") or right after it ("lets the
    // exemption expire"), or the relief noun after the ender.
    let ender = if is_relief(c.phrase) {
        sent.hits.iter().filter(eased).find(|h| {
            !is_relief(&h.entry.phrase)
                && ((h.te <= cue.0 && cue.0 - h.te <= 3) || (h.ts >= cue.1 && h.ts - cue.1 <= 4))
        })
    } else {
        sent.hits
            .iter()
            .filter(eased)
            .any(|h| h.ts >= cue.1 && h.ts - cue.1 <= 5 && is_relief(&h.entry.phrase))
            .then(|| sent.hits.iter().find(|h| (h.ts, h.te) == cue))
            .flatten()
    };
    match ender {
        Some(h) => ActionChoice {
            action: Action::Imposed,
            cue: Some((h.ts, h.te)),
            phrase: h.entry.phrase.as_str(),
            object: false,
        },
        None => c,
    }
}

/// Easing nouns that an extension prolongs ("extends the tariff truce", "extended the pause
/// on sanctions"), besides the [`RELIEF`] nouns.
const RELIEF_SPANS: [&str; 5] = ["truce", "pause", "suspension", "moratorium", "relief"];

/// Extending a relief eases: "extends the tariff truce by 90 days", "extended its waiver";
/// the noun within four words after the verb "extend" (its object), whatever else scored.
fn relief_extended<'l>(sent: &Sentence<'_, 'l>, c: ActionChoice<'l>) -> ActionChoice<'l> {
    let Some(cue) = c.cue else {
        return c;
    };
    if c.action != Action::Imposed
        || !c
            .phrase
            .get(..6)
            .is_some_and(|p| p.eq_ignore_ascii_case("extend"))
    {
        return c;
    }
    let relief = sent.hits.iter().find(|h| {
        h.ts >= cue.1
            && h.ts - cue.1 <= 4
            && matches!(
                h.entry.payload,
                Payload::Cue {
                    action: Action::Eased,
                    ..
                }
            )
            && RELIEF
                .iter()
                .chain(&RELIEF_SPANS)
                .any(|r| r.eq_ignore_ascii_case(&h.entry.phrase))
    });
    eased_by(relief, c)
}

/// The choice re-decided as eased by the easing cue `h`, or `c` unchanged without one.
fn eased_by<'l>(h: Option<&Hit<'l>>, c: ActionChoice<'l>) -> ActionChoice<'l> {
    match h {
        Some(h) => ActionChoice {
            action: Action::Eased,
            cue: Some((h.ts, h.te)),
            phrase: h.entry.phrase.as_str(),
            object: false,
        },
        None => c,
    }
}

/// The negation cue that cancels the trigger, if any ("no new sanctions", "ruled out tariffs").
pub(crate) fn negated<'l>(sent: &Sentence<'_, 'l>, trig: (usize, usize)) -> Option<&'l str> {
    sent.hits
        .iter()
        .filter(|h| matches!(h.entry.payload, Payload::Negation))
        .find(|h| h.te <= trig.0 + 1 && trig.0.saturating_sub(h.te) <= NEGATION_WINDOW)
        .map(|h| h.entry.phrase.as_str())
}

/// The history cue that makes the trigger background ("years of sanctions"), if any.
/// A cue that takes the background measure as its object ("in retaliation for", "in response
/// to", "years of") marks only a trigger after it: "China imposed tariffs in retaliation for
/// U.S. duties" leaves the news trigger before it an event.
pub(crate) fn history<'l>(sent: &Sentence<'_, 'l>, trig: (usize, usize)) -> Option<&'l str> {
    sent.hits
        .iter()
        .filter(|h| matches!(h.entry.payload, Payload::History))
        .filter(|h| h.te <= trig.0 || !governs_object(h.entry.phrase.as_str()))
        .find(|h| gap((h.ts, h.te), trig) <= HISTORY_WINDOW)
        .map(|h| h.entry.phrase.as_str())
}

/// Whether history cue `phrase` ends in a preposition whose object is the background measure
/// ("retaliation for", "response to", "violation of", "in line with"); "have failed to" has
/// the measure as its subject instead.
fn governs_object(phrase: &str) -> bool {
    let last = phrase.rsplit(' ').next().unwrap_or("");
    ["for", "to", "against", "of", "with"]
        .iter()
        .any(|p| p.eq_ignore_ascii_case(last))
        && !phrase.contains("failed")
}

/// "the total duty", "combined tariffs": a sum of several measures, not a measure of its own;
/// "the average U.S. tariff rate", "the effective tariff rate": a mean of them (up to three
/// words back, "U.S." being several tokens; "effective" only before "rate", not in "tariffs
/// effective Friday").
pub(crate) fn aggregate<'a>(sent: &Sentence<'a, '_>, trig: (usize, usize)) -> Option<&'a str> {
    if let Some(w) = (trig.0.saturating_sub(2)..trig.0)
        .map(|i| sent.w(i))
        .find(|w| {
            ["total", "combined", "cumulative", "overall"]
                .iter()
                .any(|a| a.eq_ignore_ascii_case(w))
        })
    {
        return Some(w);
    }
    let rate_after = sent.w(trig.1).eq_ignore_ascii_case("rate");
    (0..trig.0)
        .rev()
        .filter(|&i| sent.w(i).bytes().any(|c| c.is_ascii_alphanumeric()))
        .take(3)
        .map(|i| sent.w(i))
        .find(|w| {
            w.eq_ignore_ascii_case("average") || (rate_after && w.eq_ignore_ascii_case("effective"))
        })
}

/// "Should the EU sanction Israel?": a question of opinion about a measure, asked by the
/// writer, is neither a measure nor a threat. Only "should" questions: "Will Trump impose
/// tariffs?" reports a live possibility.
pub(crate) fn opinion_question(sent: &Sentence<'_, '_>, trig: (usize, usize)) -> bool {
    // The question mark closing the trigger's own clause (sentences may run past it).
    let close = (trig.1..sent.toks.len()).find(|&i| matches!(sent.w(i), "?" | "." | "!"));
    close.is_some_and(|i| sent.w(i) == "?")
        && (0..trig.0).any(|i| sent.w(i).eq_ignore_ascii_case("should"))
}

fn is_determiner(w: &str) -> bool {
    ["the", "a", "an", "its", "their", "his", "her", "this"]
        .iter()
        .any(|d| d.eq_ignore_ascii_case(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The first-letter test must pass every clause word it guards.
    #[test]
    fn clause_words_pass_the_cheap_test() {
        for w in AFTER_SUBORDINATORS
            .iter()
            .chain(&SUBORDINATORS)
            .chain(&RELATIVES)
        {
            assert!(may_open_clause(w), "{w}");
            assert!(may_open_clause(&w.to_ascii_uppercase()), "{w}");
        }
        assert!(!may_open_clause("duties"));
        assert!(!may_open_clause("on"));
    }
}
