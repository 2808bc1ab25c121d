//! Scoring the tagger against a labeled corpus (`newstag eval`). Pure: items in, scores out.
//!
//! # What is measured
//!
//! - **Per type** (sanction, tariff, deadline), at item level: an item is a true positive for a
//!   type when both the gold `tags` and the predicted `tags` contain it; precision, recall, F1.
//! - **Event matching**: within one item and one type, gold and predicted events are paired
//!   one to one so that as many as possible are paired and the pairs agree most in total
//!   (action +4, each shared imposer/target code +1, equal rate +2, equal date +4): an optimal
//!   assignment (Hungarian method), so one missed or extra event cannot shift its siblings'
//!   pairs and be counted as several field errors. Unpaired events count only in type recall
//!   and the "events matched" line.
//! - **Action accuracy**: over matched sanction/tariff gold events.
//! - **Imposer F1 / target F1**: micro F1 over country codes of matched gold/predicted pairs
//!   (a code in both is a true positive; only predicted: false positive; only gold: false
//!   negative). Two empty lists agree but contribute nothing.
//! - **Rate exact**: over matched gold events with a rate; the predicted rate must be equal
//!   (within 1e-6).
//! - **Date exact**: over matched gold deadlines with a non-null date; equal `date`.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::tagger::{Action, Document, Enrichment, Event, EventType, Field, Tagger};

/// A gold event as labeled.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct GoldEvent {
    #[serde(rename = "type")]
    pub ty: EventType,
    #[serde(default)]
    pub action: Option<Action>,
    #[serde(default)]
    pub imposer: Vec<String>,
    #[serde(default)]
    pub target: Vec<String>,
    #[serde(default)]
    pub rate_pct: Option<f64>,
    #[serde(default)]
    pub products: Vec<String>,
    #[serde(default)]
    pub date: Option<NaiveDate>,
    #[serde(default)]
    pub date_end: Option<NaiveDate>,
}

/// The `gold` object of a corpus item.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Gold {
    #[serde(default)]
    pub tags: Vec<EventType>,
    #[serde(default)]
    pub events: Vec<GoldEvent>,
}

/// A news item reduced to what the tagger and the scorer need.
#[derive(Debug, Clone)]
pub struct Item {
    pub id: String,
    pub title: String,
    pub body: String,
    pub reference_date: NaiveDate,
    pub gold: Option<Gold>,
}

/// The UTC date of an RFC 3339 timestamp or a bare `YYYY-MM-DD`.
pub fn reference_date(published_at: &str) -> Option<NaiveDate> {
    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(published_at) {
        return Some(t.with_timezone(&chrono::Utc).date_naive());
    }
    NaiveDate::parse_from_str(published_at.get(..10)?, "%Y-%m-%d").ok()
}

/// Reads one item (with `gold` when present) from a JSON object.
pub fn parse_item(v: &Value, fallback_date: NaiveDate) -> Result<Item, String> {
    let obj = v.as_object().ok_or("item is not a JSON object")?;
    let s = |k: &str| obj.get(k).and_then(Value::as_str).unwrap_or("").to_string();
    let gold = match obj.get("gold") {
        Some(g) => {
            Some(serde_json::from_value::<Gold>(g.clone()).map_err(|e| format!("gold: {e}"))?)
        }
        None => None,
    };
    let reference_date = obj
        .get("published_at")
        .and_then(Value::as_str)
        .and_then(reference_date)
        .unwrap_or(fallback_date);
    let title = if obj.contains_key("title") {
        s("title")
    } else {
        s("headline")
    };
    let body = if obj.contains_key("body") {
        s("body")
    } else {
        s("text")
    };
    Ok(Item {
        id: s("id"),
        title,
        body,
        reference_date,
        gold,
    })
}

/// Parses a file that is either JSON Lines or one (pretty-printed) JSON object.
pub fn parse_items(text: &str, fallback_date: NaiveDate) -> Result<Vec<Item>, String> {
    if let Ok(v) = serde_json::from_str::<Value>(text) {
        if v.is_object() {
            return Ok(vec![parse_item(&v, fallback_date)?]);
        }
    }
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let v: Value = serde_json::from_str(line).map_err(|e| format!("line {}: {e}", i + 1))?;
        out.push(parse_item(&v, fallback_date).map_err(|e| format!("line {}: {e}", i + 1))?);
    }
    Ok(out)
}

/// Tags an item's title and body.
pub fn tag_item(tagger: &Tagger, item: &Item) -> Enrichment {
    with_document(item, |doc| tagger.tag(doc))
}

/// Calls `f` with the tagger's view of an item (title then body, the item's reference date).
pub fn with_document<R>(item: &Item, f: impl FnOnce(&Document<'_>) -> R) -> R {
    let fields = [
        Field {
            name: "title",
            text: &item.title,
        },
        Field {
            name: "body",
            text: &item.body,
        },
    ];
    f(&Document {
        fields: &fields,
        reference_date: item.reference_date,
    })
}

/// Precision, recall and F1 from counts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Prf {
    pub tp: usize,
    pub fp: usize,
    #[serde(rename = "fn")]
    pub fn_: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

impl Prf {
    fn finish(mut self) -> Prf {
        let p = |a: usize, b: usize| {
            if a + b == 0 {
                1.0
            } else {
                a as f64 / (a + b) as f64
            }
        };
        self.precision = p(self.tp, self.fp);
        self.recall = p(self.tp, self.fn_);
        self.f1 = if self.precision + self.recall == 0.0 {
            0.0
        } else {
            2.0 * self.precision * self.recall / (self.precision + self.recall)
        };
        self
    }
}

/// A share of correct answers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Accuracy {
    pub correct: usize,
    pub total: usize,
    pub value: f64,
}

impl Accuracy {
    fn add(&mut self, ok: bool) {
        self.total += 1;
        if ok {
            self.correct += 1;
        }
    }
    fn finish(mut self) -> Accuracy {
        self.value = if self.total == 0 {
            1.0
        } else {
            self.correct as f64 / self.total as f64
        };
        self
    }
}

/// Scores per type.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct TypeScores {
    pub sanction: Prf,
    pub tariff: Prf,
    pub deadline: Prf,
}

/// The whole report.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Report {
    pub items: usize,
    pub types: TypeScores,
    pub gold_events: usize,
    pub predicted_events: usize,
    pub matched_events: usize,
    pub action: Accuracy,
    pub imposer: Prf,
    pub target: Prf,
    pub rate: Accuracy,
    pub date: Accuracy,
    /// Ids of items whose tags differ from gold, for error analysis.
    pub tag_errors: Vec<String>,
}

fn codes(a: &[String], b: &[String], prf: &mut Prf) {
    prf.tp += a.iter().filter(|c| b.contains(c)).count();
    prf.fn_ += a.iter().filter(|c| !b.contains(c)).count();
    prf.fp += b.iter().filter(|c| !a.contains(c)).count();
}

fn similarity(g: &GoldEvent, p: &Event) -> i32 {
    let mut s = 0;
    match p {
        Event::Sanction(m) | Event::Tariff(m) => {
            if g.action == Some(m.action) {
                s += 4;
            }
            s += g.imposer.iter().filter(|c| m.imposer.contains(c)).count() as i32;
            s += g.target.iter().filter(|c| m.target.contains(c)).count() as i32;
            if g.rate_pct.is_some() && g.rate_pct == m.rate_pct {
                s += 2;
            }
        }
        Event::Deadline(d) => {
            if g.date.is_some() && g.date == d.date {
                s += 4;
            }
        }
    }
    s
}

/// Pairs gold and predicted events of one type one to one: as many pairs as the shorter list
/// allows, with the largest total [`similarity`]. Returned in gold order.
fn best_pairs<'g, 'p>(
    golds: &[&'g GoldEvent],
    preds: &[&'p Event],
) -> Vec<(&'g GoldEvent, &'p Event)> {
    let sim = |gi: usize, pi: usize| match (golds.get(gi), preds.get(pi)) {
        (Some(g), Some(p)) => i64::from(similarity(g, p)),
        _ => 0,
    };
    let mut pairs: Vec<(usize, usize)> = if golds.len() <= preds.len() {
        let cost: Vec<Vec<i64>> = (0..golds.len())
            .map(|g| (0..preds.len()).map(|p| -sim(g, p)).collect())
            .collect();
        min_cost_assignment(&cost).into_iter().enumerate().collect()
    } else {
        let cost: Vec<Vec<i64>> = (0..preds.len())
            .map(|p| (0..golds.len()).map(|g| -sim(g, p)).collect())
            .collect();
        min_cost_assignment(&cost)
            .into_iter()
            .enumerate()
            .map(|(p, g)| (g, p))
            .collect()
    };
    pairs.sort_unstable();
    pairs
        .into_iter()
        .filter_map(|(g, p)| Some((*golds.get(g)?, *preds.get(p)?)))
        .collect()
}

/// The Hungarian method with potentials, O(n²·m): for an n×m cost matrix with n ≤ m, the
/// column of each row in an assignment of every row to a distinct column with the least total
/// cost. Rows are few (events of one type in one item), so plain vectors do.
fn min_cost_assignment(cost: &[Vec<i64>]) -> Vec<usize> {
    let n = cost.len();
    let m = cost.first().map_or(0, Vec::len);
    if n == 0 || m < n {
        return Vec::new();
    }
    let c = |i: usize, j: usize| cost.get(i).and_then(|r| r.get(j)).copied().unwrap_or(0);
    // 1-based as in the textbook formulation; column 0 is the virtual start.
    let (mut u, mut v) = (vec![0i64; n + 1], vec![0i64; m + 1]);
    let mut row_of = vec![0usize; m + 1];
    let mut way = vec![0usize; m + 1];
    for i in 1..=n {
        row_of[0] = i;
        let mut j0 = 0usize;
        let mut minv = vec![i64::MAX; m + 1];
        let mut used = vec![false; m + 1];
        loop {
            used[j0] = true;
            let i0 = row_of[j0];
            let mut delta = i64::MAX;
            let mut j1 = 0usize;
            for j in 1..=m {
                if used[j] {
                    continue;
                }
                let cur = c(i0 - 1, j - 1) - u[i0] - v[j];
                if cur < minv[j] {
                    minv[j] = cur;
                    way[j] = j0;
                }
                if minv[j] < delta {
                    delta = minv[j];
                    j1 = j;
                }
            }
            for j in 0..=m {
                if used[j] {
                    u[row_of[j]] += delta;
                    v[j] -= delta;
                } else {
                    minv[j] -= delta;
                }
            }
            j0 = j1;
            if row_of[j0] == 0 {
                break;
            }
        }
        // Flip the augmenting path back to the start.
        loop {
            let j1 = way[j0];
            row_of[j0] = row_of[j1];
            j0 = j1;
            if j0 == 0 {
                break;
            }
        }
    }
    let mut col_of = vec![0usize; n];
    for (j, row) in row_of.iter().enumerate().skip(1) {
        if let Some(slot) = row.checked_sub(1).and_then(|i| col_of.get_mut(i)) {
            *slot = j - 1;
        }
    }
    col_of
}

/// Adds one matched pair's field scores to the report.
fn score_pair(g: &GoldEvent, p: &Event, r: &mut Report) {
    match p {
        Event::Sanction(m) | Event::Tariff(m) => {
            if let Some(a) = g.action {
                r.action.add(a == m.action);
            }
            codes(&g.imposer, &m.imposer, &mut r.imposer);
            codes(&g.target, &m.target, &mut r.target);
            if let Some(rate) = g.rate_pct {
                r.rate
                    .add(m.rate_pct.is_some_and(|x| (x - rate).abs() < 1e-6));
            }
        }
        Event::Deadline(d) => {
            if let Some(date) = g.date {
                r.date.add(d.date == Some(date));
            }
        }
    }
}

/// Scores predictions against gold, item by item (`(id, gold, predicted)`).
pub fn score<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a Gold, &'a Enrichment)>) -> Report {
    let mut r = Report::default();
    for (id, gold, pred) in pairs {
        r.items += 1;
        let mut wrong = false;
        for (ty, prf) in [
            (EventType::Sanction, &mut r.types.sanction),
            (EventType::Tariff, &mut r.types.tariff),
            (EventType::Deadline, &mut r.types.deadline),
        ] {
            match (gold.tags.contains(&ty), pred.tags.contains(&ty)) {
                (true, true) => prf.tp += 1,
                (false, true) => {
                    prf.fp += 1;
                    wrong = true;
                }
                (true, false) => {
                    prf.fn_ += 1;
                    wrong = true;
                }
                (false, false) => {}
            }
        }
        if wrong {
            r.tag_errors.push(id.to_string());
        }
        r.gold_events += gold.events.len();
        r.predicted_events += pred.events.len();
        for ty in [EventType::Sanction, EventType::Tariff, EventType::Deadline] {
            let golds: Vec<&GoldEvent> = gold.events.iter().filter(|g| g.ty == ty).collect();
            let preds: Vec<&Event> = pred
                .events
                .iter()
                .filter(|p| p.event_type() == ty)
                .collect();
            for (g, p) in best_pairs(&golds, &preds) {
                r.matched_events += 1;
                score_pair(g, p, &mut r);
            }
        }
    }
    r.types.sanction = r.types.sanction.finish();
    r.types.tariff = r.types.tariff.finish();
    r.types.deadline = r.types.deadline.finish();
    r.imposer = r.imposer.finish();
    r.target = r.target.finish();
    r.action = r.action.finish();
    r.rate = r.rate.finish();
    r.date = r.date.finish();
    r
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(
            f,
            "items: {}   gold events: {}   predicted events: {}   matched: {}",
            self.items, self.gold_events, self.predicted_events, self.matched_events
        )?;
        writeln!(
            f,
            "{:<10} {:>9} {:>7} {:>6} {:>5} {:>5} {:>5}",
            "type", "precision", "recall", "F1", "tp", "fp", "fn"
        )?;
        for (name, p) in [
            ("sanction", &self.types.sanction),
            ("tariff", &self.types.tariff),
            ("deadline", &self.types.deadline),
        ] {
            writeln!(
                f,
                "{:<10} {:>9.3} {:>7.3} {:>6.3} {:>5} {:>5} {:>5}",
                name, p.precision, p.recall, p.f1, p.tp, p.fp, p.fn_
            )?;
        }
        writeln!(f, "{:<16} {:>6} {:>9}", "field", "score", "n")?;
        writeln!(
            f,
            "{:<16} {:>6.3} {:>4}/{:<4}",
            "action acc", self.action.value, self.action.correct, self.action.total
        )?;
        writeln!(
            f,
            "{:<16} {:>6.3}   tp {} fp {} fn {}",
            "imposer F1", self.imposer.f1, self.imposer.tp, self.imposer.fp, self.imposer.fn_
        )?;
        writeln!(
            f,
            "{:<16} {:>6.3}   tp {} fp {} fn {}",
            "target F1", self.target.f1, self.target.tp, self.target.fp, self.target.fn_
        )?;
        writeln!(
            f,
            "{:<16} {:>6.3} {:>4}/{:<4}",
            "rate exact", self.rate.value, self.rate.correct, self.rate.total
        )?;
        writeln!(
            f,
            "{:<16} {:>6.3} {:>4}/{:<4}",
            "date exact", self.date.value, self.date.correct, self.date.total
        )?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reference_dates() {
        assert_eq!(
            reference_date("2025-08-06T23:30:00-04:00"),
            NaiveDate::from_ymd_opt(2025, 8, 7)
        );
        assert_eq!(
            reference_date("2025-08-06"),
            NaiveDate::from_ymd_opt(2025, 8, 6)
        );
        assert_eq!(reference_date("garbage"), None);
    }

    #[test]
    fn scoring_counts_types_and_fields() {
        let gold: Gold = serde_json::from_str(
            r#"{"tags":["tariff"],"events":[{"type":"tariff","action":"imposed","imposer":["US"],"target":["CN"],"rate_pct":25.0}]}"#,
        )
        .unwrap_or(Gold { tags: vec![], events: vec![] });
        let pred: Enrichment = serde_json::from_str(
            r#"{"schema_version":1,"tags":["deadline","tariff"],"events":[
              {"type":"tariff","action":"imposed","imposer":["US"],"target":["CN","MX"],"rate_pct":25.0,"products":[],
               "evidence":{"field":"title","start":0,"end":1,"text":"x"},"confidence":0.9},
              {"type":"deadline","date":null,"date_end":null,"expression":"x",
               "evidence":{"field":"title","start":0,"end":1,"text":"x"},"confidence":0.9}],
              "tagger_version":"0","rules_digest":"x"}"#,
        )
        .unwrap_or(Enrichment {
            schema_version: 0,
            tags: vec![],
            events: vec![],
            tagger_version: String::new(),
            rules_digest: String::new(),
        });
        let r = score([("a", &gold, &pred)]);
        assert_eq!(r.types.tariff.tp, 1);
        assert_eq!(r.types.deadline.fp, 1);
        assert_eq!(r.action.correct, 1);
        assert_eq!((r.target.tp, r.target.fp), (1, 1));
        assert_eq!(r.rate.correct, 1);
        assert_eq!(r.tag_errors, vec!["a".to_string()]);
    }
    #[test]
    fn assignment_beats_greedy_choice() {
        // Similarities: row 0 likes column 0 (5) a little more than column 1 (4); row 1 likes
        // only column 0 (9 vs 0). Greedy in row order gives 5 + 0; optimal is 4 + 9.
        let cost = vec![vec![-5, -4], vec![-9, 0]];
        assert_eq!(min_cost_assignment(&cost), vec![1, 0]);
    }

    #[test]
    fn assignment_of_a_wide_matrix_uses_distinct_columns() {
        let cost = vec![vec![3, 1, 2], vec![1, 5, 9]];
        assert_eq!(min_cost_assignment(&cost), vec![1, 0]);
        let cost = vec![vec![0, 0, -1]];
        assert_eq!(min_cost_assignment(&cost), vec![2]);
        assert!(min_cost_assignment(&[]).is_empty());
    }

    fn tariff(action: &str, imposer: &str, target: &str, rate: &str) -> String {
        format!(
            r#"{{"type":"tariff","action":"{action}","imposer":[{imposer}],"target":[{target}],"rate_pct":{rate},"products":[],
               "evidence":{{"field":"title","start":0,"end":1,"text":"x"}},"confidence":0.9}}"#
        )
    }

    #[test]
    fn one_extra_prediction_does_not_shift_the_pairs() {
        let gold: Gold = serde_json::from_str(
            r#"{"tags":["tariff"],"events":[
              {"type":"tariff","action":"imposed","imposer":["US"],"target":[]},
              {"type":"tariff","action":"imposed","imposer":["US"],"target":["CN"],"rate_pct":25.0}]}"#,
        )
        .unwrap_or(Gold { tags: vec![], events: vec![] });
        // The first gold event agrees slightly more with the first prediction (the full US→CN
        // tariff) than with the EU one; greedy pairing in gold order would take it and leave
        // the rate of the second gold event unmatched.
        let events = [
            tariff("imposed", r#""US""#, r#""CN""#, "25.0"),
            tariff("imposed", r#""EU""#, "", "null"),
        ];
        let pred: Enrichment = serde_json::from_str(&format!(
            r#"{{"schema_version":1,"tags":["tariff"],"events":[{}],"tagger_version":"0","rules_digest":"x"}}"#,
            events.join(",")
        ))
        .unwrap_or_else(|e| panic!("enrichment: {e}"));
        let r = score([("a", &gold, &pred)]);
        assert_eq!(r.matched_events, 2);
        assert_eq!((r.rate.correct, r.rate.total), (1, 1));
        assert_eq!((r.target.tp, r.target.fn_), (1, 0));
        assert_eq!((r.imposer.tp, r.imposer.fp, r.imposer.fn_), (1, 1, 1));
    }
}
