//! Regression gate: the dev split must not drop below the scores recorded in
//! `tests/corpus/thresholds.toml` (set just below what was measured).

use newstag::eval::{parse_items, score, tag_item};
use newstag::tagger::Tagger;

#[test]
fn dev_split_meets_recorded_thresholds() {
    let text = include_str!("../corpus/dev.jsonl");
    let th: toml::Table =
        toml::from_str(include_str!("../corpus/thresholds.toml")).expect("thresholds.toml parses");
    let items = parse_items(text, chrono::NaiveDate::MIN).expect("dev.jsonl parses");
    let tagger = Tagger::builtin().expect("builtin rules compile");
    let labeled: Vec<_> = items
        .iter()
        .filter_map(|i| i.gold.as_ref().map(|g| (i, g)))
        .collect();
    let preds: Vec<_> = labeled.iter().map(|(i, _)| tag_item(&tagger, i)).collect();
    let r = score(
        labeled
            .iter()
            .zip(&preds)
            .map(|((i, g), p)| (i.id.as_str(), *g, p)),
    );
    let get = |k: &str| {
        th.get(k)
            .and_then(|v| v.as_float())
            .unwrap_or_else(|| panic!("thresholds.toml lacks {k}"))
    };
    let measured = [
        ("sanction_precision", r.types.sanction.precision),
        ("sanction_recall", r.types.sanction.recall),
        ("tariff_precision", r.types.tariff.precision),
        ("tariff_recall", r.types.tariff.recall),
        ("deadline_precision", r.types.deadline.precision),
        ("deadline_recall", r.types.deadline.recall),
        ("action_accuracy", r.action.value),
        ("imposer_f1", r.imposer.f1),
        ("target_f1", r.target.f1),
        ("rate_exact", r.rate.value),
        ("date_exact", r.date.value),
    ];
    let mut failures = Vec::new();
    for (k, v) in measured {
        if v < get(k) {
            failures.push(format!("{k}: {v:.3} < {:.3}", get(k)));
        }
    }
    assert!(
        failures.is_empty(),
        "below thresholds:\n{}\n{r}",
        failures.join("\n")
    );
}
