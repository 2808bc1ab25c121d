//! Merging repeated mentions of one item into events: the same measure named in the title
//! and again in the body is one event, and so is a deadline restated.

use super::analyze::{Found, Trace};
use super::deadline::merge_deadlines;
use super::model::{DeadlineEvent, EventType, MeasureEvent};

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
            *t == c.ty
                && m.action == c.ev.action
                && compatible(&m.imposer, &c.ev.imposer)
                && compatible(&m.target, &c.ev.target)
                && (m.rate_pct.is_none() || c.ev.rate_pct.is_none() || m.rate_pct == c.ev.rate_pct)
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
                if m.target.is_empty() && !c.ev.target.iter().any(|x| m.imposer.contains(x)) {
                    m.target = c.ev.target;
                }
                if m.rate_pct.is_none() {
                    m.rate_pct = c.ev.rate_pct;
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

    let deadlines = merge_deadlines(&found.deadlines, !measures.is_empty(), trace);
    (measures, deadlines)
}
