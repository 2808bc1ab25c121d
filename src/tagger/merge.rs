//! Merging repeated mentions of one item into events: the same measure named in the title
//! and again in the body is one event, and so is a deadline restated.

use super::analyze::{Found, LooseRate, Trace};
use super::deadline::merge_deadlines;
use super::model::{Action, DeadlineEvent, EventType, MeasureEvent};
use super::products::GENERIC;

/// Merges repeated mentions. Measures: same type and action, and imposer, target and rate
/// equal or unsaid on one side. Deadlines: one event per distinct date ("each distinct event
/// once": an ultimatum to Canada and another to Mexico stay two); a period counted from the
/// reference gives way to the same period counted from a start the text states; undated
/// mentions go when any is dated.
pub(crate) fn merge(
    found: Found,
    trace: &mut Trace<'_>,
) -> (Vec<(EventType, MeasureEvent)>, Vec<DeadlineEvent>) {
    let mut measures: Vec<(EventType, MeasureEvent)> = Vec::new();
    for c in found.measures {
        let compatible = |a: &[String], b: &[String]| a.is_empty() || b.is_empty() || a == b;
        let hit = measures.iter_mut().find(|(t, m)| {
            let rounded = rounded_pair(m.rate_pct, c.ev.rate_pct)
                && !distinct_goods(&m.products, &c.ev.products);
            // A rounded rate names the measure the precise one does; one of its target
            // lists may then be the other's fuller list.
            let targets = compatible(&m.target, &c.ev.target)
                || (rounded
                    && (subset(&m.target, &c.ev.target) || subset(&c.ev.target, &m.target)));
            *t == c.ty
                && m.action == c.ev.action
                && compatible(&m.imposer, &c.ev.imposer)
                && targets
                && (m.rate_pct.is_none()
                    || c.ev.rate_pct.is_none()
                    || m.rate_pct == c.ev.rate_pct
                    || rounded)
        });
        match hit {
            Some((_, m)) => {
                trace.line(|| {
                    format!(
                        "merge: {} {} mention folded into an earlier event",
                        c.ty.as_str(),
                        c.ev.action.as_str()
                    )
                });
                if m.imposer.is_empty() && !c.ev.imposer.iter().any(|x| m.target.contains(x)) {
                    m.imposer = c.ev.imposer;
                }
                let unsaid =
                    m.target.is_empty() && !c.ev.target.iter().any(|x| m.imposer.contains(x));
                if unsaid || subset(&m.target, &c.ev.target) {
                    m.target = c.ev.target;
                }
                if m.rate_pct.is_none() || m.rate_pct != c.ev.rate_pct {
                    m.rate_pct = precise(m.rate_pct, c.ev.rate_pct);
                }
                for p in c.ev.products {
                    if !m.products.contains(&p) {
                        m.products.push(p);
                    }
                }
                m.confidence = m.confidence.max(c.ev.confidence);
            }
            None => measures.push((c.ty, c.ev)),
        }
    }

    carry_rates(&mut measures, &found.loose_rates, trace);
    drop_combined_totals(&mut measures, trace);
    let deadlines = merge_deadlines(&found.deadlines, !measures.is_empty(), trace);
    (measures, deadlines)
}

/// Whether one rate is a whole number the other, with decimals, rounds to: a
/// headline's "up to 212%" and the body's "up to 212.1%" are one measure's rate.
fn rounded_pair(a: Option<f64>, b: Option<f64>) -> bool {
    let (Some(a), Some(b)) = (a, b) else {
        return false;
    };
    let near = |whole: f64, exact: f64| {
        whole.fract() == 0.0 && exact.fract() != 0.0 && exact.round() == whole
    };
    near(a, b) || near(b, a)
}

/// The more precise of two rates that may be roundings of each other (the one with decimals).
fn precise(a: Option<f64>, b: Option<f64>) -> Option<f64> {
    match (a, b) {
        (Some(x), Some(y)) if x.fract() == 0.0 && y.fract() != 0.0 => Some(y),
        (None, y) => y,
        (x, _) => x,
    }
}

/// Whether two mentions name goods and share none ("12% on rice", "12.4% on sugar"): two
/// measures, whatever their rates.
/// Generic words ("imports", "goods") name no good.
fn distinct_goods(a: &[String], b: &[String]) -> bool {
    let good = |p: &&String| !GENERIC.contains(&p.as_str());
    a.iter().any(|p| good(&p))
        && b.iter().any(|p| good(&p))
        && !a.iter().filter(good).any(|x| b.contains(x))
}

/// Whether `a` is a non-empty strict subset of `b`.
fn subset(a: &[String], b: &[String]) -> bool {
    !a.is_empty() && a.len() < b.len() && a.iter().all(|x| b.contains(x))
}

/// Carries the rate of a party-less tariff mention ("The duties, set at 218.4%, …", "Levies
/// on cars will fall to 32%") to the item's one tariff event that states none. Only one new
/// value (a value some event already has is a restatement), one event it fits (same action
/// when the mention has a cue of its own), never over a stated rate, never a new event.
fn carry_rates(
    measures: &mut Vec<(EventType, MeasureEvent)>,
    loose: &[LooseRate],
    trace: &mut Trace<'_>,
) {
    let stated = |r: f64, ms: &[(EventType, MeasureEvent)]| {
        ms.iter()
            .any(|(t, m)| *t == EventType::Tariff && m.rate_pct == Some(r))
    };
    let mut new = loose.iter().filter(|l| !stated(l.rate, measures));
    let Some(first) = new.next() else {
        return;
    };
    if new.any(|l| l.rate != first.rate) {
        schedule_rates(measures, loose, trace);
        return;
    }
    // The action of the mention, when every repeat of the value agrees on one.
    let mut action: Option<Action> = None;
    for l in loose.iter().filter(|l| l.rate == first.rate) {
        match (action, l.action) {
            (None, a) => action = a,
            (Some(a), Some(b)) if a != b => return,
            _ => {}
        }
    }
    let fits = |(t, m): &(EventType, MeasureEvent), a: Option<Action>| {
        *t == EventType::Tariff && m.rate_pct.is_none() && a.is_none_or(|a| a == m.action)
    };
    // A rate stated with no change verb ("The final ruling sets a duty of 34.9%") is the rate
    // of the duty in force: beside an exemption from it, the imposed event's.
    let count = |a: Option<Action>| measures.iter().filter(|e| fits(e, a)).count();
    let action = match action {
        None if count(None) > 1 && count(Some(Action::Imposed)) == 1 => Some(Action::Imposed),
        a => a,
    };
    if count(action) == 0 {
        schedule_rates(measures, loose, trace);
        return;
    }
    let mut cands = measures.iter_mut().filter(|e| fits(e, action));
    let (Some((_, m)), None) = (cands.next(), cands.next()) else {
        return;
    };
    m.rate_pct = Some(first.rate);
    trace.line(|| {
        format!(
            "merge: rate {} of a party-less mention carried to the item's tariff {} event",
            first.rate,
            m.action.as_str()
        )
    });
}

/// Party-less new values of a change ("to 70%"), each with a verb of its own, in an item whose events
/// of that action all share one imposer and target ("India cut its tariff on motorcycles to
/// 30%. The levy on luxury cars fell to 70%"): a schedule of one measure, one event per rate
/// ("several rates for different goods in one measure are separate events"). The first new
/// value goes to a rate-less event of that action when there is one; each other value is a
/// copy of the measure with its own rate. Nothing when the parties differ or no imposer is
/// known, when a value's mentions disagree on the action or name none.
fn schedule_rates(
    measures: &mut Vec<(EventType, MeasureEvent)>,
    loose: &[LooseRate],
    trace: &mut Trace<'_>,
) {
    let mut done: Vec<f64> = Vec::new();
    for l in loose {
        let (Some(action), true) = (l.action, l.new_value) else {
            continue;
        };
        let stated = measures
            .iter()
            .any(|(t, m)| *t == EventType::Tariff && m.rate_pct == Some(l.rate));
        if stated || done.contains(&l.rate) {
            continue;
        }
        // Every mention of the value names the same action.
        if loose
            .iter()
            .any(|o| o.rate == l.rate && o.action != Some(action))
        {
            continue;
        }
        let group =
            |(t, m): &&(EventType, MeasureEvent)| *t == EventType::Tariff && m.action == action;
        let Some((_, head)) = measures.iter().find(group) else {
            continue;
        };
        let head = head.clone();
        let one_party = measures
            .iter()
            .filter(group)
            .all(|(_, m)| m.imposer == head.imposer && m.target == head.target);
        if !one_party || head.imposer.is_empty() {
            continue;
        }
        done.push(l.rate);
        if let Some((_, m)) = measures
            .iter_mut()
            .find(|(t, m)| *t == EventType::Tariff && m.action == action && m.rate_pct.is_none())
        {
            m.rate_pct = Some(l.rate);
        } else {
            let mut copy = head;
            copy.rate_pct = Some(l.rate);
            copy.products.clear();
            measures.push((EventType::Tariff, copy));
        }
        trace.line(|| {
            format!(
                "merge: rate {} of a party-less {} mention: one more rate of the item's measure",
                l.rate,
                action.as_str()
            )
        });
    }
}

/// Drops a tariff event whose rate is the sum of the rates of the only two other tariff events
/// with the same action and parties, when it is told in another field than both (a headline's
/// "80.5% duties" over the body's "a 73.6% anti-dumping duty and a 6.9% anti-subsidy duty"):
/// the combined level of the two measures, not a third one. Within one field, rates that add
/// up ("10% on appliances, 15% on boats, 25% on steel") are separate measures.
fn drop_combined_totals(measures: &mut Vec<(EventType, MeasureEvent)>, trace: &mut Trace<'_>) {
    let same_measure = |a: &MeasureEvent, b: &MeasureEvent| {
        a.action == b.action && a.imposer == b.imposer && a.target == b.target
    };
    let is_total = |i: usize, ms: &[(EventType, MeasureEvent)]| {
        let Some((EventType::Tariff, total)) = ms.get(i) else {
            return false;
        };
        let Some(sum) = total.rate_pct else {
            return false;
        };
        let mut parts = ms
            .iter()
            .enumerate()
            .filter(|&(j, (t, m))| j != i && *t == EventType::Tariff && same_measure(m, total))
            .map(|(_, (_, m))| m);
        // Exactly the two parts: in a digest of many measures between the same parties, sums
        // of two rates (10% + 15%, 25%) are coincidences.
        let (Some(x), Some(y), None) = (parts.next(), parts.next(), parts.next()) else {
            return false;
        };
        let elsewhere = |m: &MeasureEvent| m.evidence.field != total.evidence.field;
        match (x.rate_pct, y.rate_pct) {
            (Some(a), Some(b)) => {
                a > 0.0 && b > 0.0 && (a + b - sum).abs() < 1e-6 && elsewhere(x) && elsewhere(y)
            }
            _ => false,
        }
    };
    let totals: Vec<usize> = (0..measures.len())
        .filter(|&i| is_total(i, measures))
        .collect();
    for i in totals.into_iter().rev() {
        let removed = measures.remove(i);
        trace.line(|| {
            format!(
                "merge: tariff rate {} is the sum of two of the item's measures, not one more",
                removed.1.rate_pct.unwrap_or_default()
            )
        });
    }
}
