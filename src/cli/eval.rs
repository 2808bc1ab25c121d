//! `newstag eval`: precision, recall and field accuracy against a labeled corpus.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use newstag::eval::{parse_items, score, tag_item};
use newstag::tagger::Tagger;

/// Arguments of `newstag eval`.
#[derive(Debug, clap::Args)]
pub struct EvalArgs {
    /// Labeled corpus (JSON Lines with a `gold` object per item).
    pub file: PathBuf,
    /// Rules directory (the built-in rules when unset).
    #[arg(long)]
    pub rules: Option<PathBuf>,
    /// Machine-readable output.
    #[arg(long)]
    pub json: bool,
    /// Also print gold and predicted events of every item that differs (error analysis).
    #[arg(long)]
    pub diff: bool,
    /// Print each item's id and predicted enrichment as JSON Lines instead of scores.
    #[arg(long)]
    pub dump: bool,
}

pub fn run(args: EvalArgs) -> anyhow::Result<ExitCode> {
    let tagger = match &args.rules {
        Some(dir) => Tagger::from_dir(dir)?,
        None => Tagger::builtin()?,
    };
    let text = std::fs::read_to_string(&args.file)
        .with_context(|| format!("cannot read {}", args.file.display()))?;
    let today = chrono::Utc::now().date_naive();
    let items =
        parse_items(&text, today).map_err(|e| anyhow::anyhow!("{}: {e}", args.file.display()))?;
    let labeled: Vec<_> = items
        .iter()
        .filter_map(|i| i.gold.as_ref().map(|g| (i, g)))
        .collect();
    if labeled.is_empty() {
        anyhow::bail!("{}: no item has a `gold` object", args.file.display());
    }
    let preds: Vec<_> = labeled.iter().map(|(i, _)| tag_item(&tagger, i)).collect();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let report = score(
        labeled
            .iter()
            .zip(&preds)
            .map(|((i, g), p)| (i.id.as_str(), *g, p)),
    );
    if args.dump {
        for ((item, _), pred) in labeled.iter().zip(&preds) {
            writeln!(
                out,
                "{}",
                serde_json::json!({"id": item.id, "enrichment": pred})
            )?;
        }
        out.flush()?;
        return Ok(ExitCode::SUCCESS);
    }
    if args.diff {
        for ((item, gold), pred) in labeled.iter().zip(&preds) {
            print_diff(&mut out, item, gold, pred)?;
        }
    }
    if args.json {
        writeln!(out, "{}", serde_json::to_string_pretty(&report)?)?;
    } else {
        write!(out, "{report}")?;
        if !report.tag_errors.is_empty() {
            writeln!(
                out,
                "items with tag errors: {}",
                report.tag_errors.join(" ")
            )?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn gold_line(g: &newstag::eval::GoldEvent) -> String {
    match g.ty {
        newstag::tagger::EventType::Deadline => format!(
            "deadline {} {}",
            g.date.map_or("null".into(), |d| d.to_string()),
            g.date_end.map_or(String::new(), |d| d.to_string())
        ),
        t => format!(
            "{} {} {:?}->{:?} rate={:?} {:?}",
            t.as_str(),
            g.action.map_or("?", |a| a.as_str()),
            g.imposer,
            g.target,
            g.rate_pct,
            g.products
        ),
    }
}

fn pred_line(e: &newstag::tagger::Event) -> String {
    use newstag::tagger::Event;
    match e {
        Event::Deadline(d) => format!(
            "deadline {} {}  [{}]",
            d.date.map_or("null".into(), |d| d.to_string()),
            d.date_end.map_or(String::new(), |d| d.to_string()),
            d.expression
        ),
        Event::Sanction(m) | Event::Tariff(m) => format!(
            "{} {} {:?}->{:?} rate={:?} {:?}",
            e.event_type().as_str(),
            m.action.as_str(),
            m.imposer,
            m.target,
            m.rate_pct,
            m.products
        ),
    }
}

fn print_diff(
    out: &mut impl Write,
    item: &newstag::eval::Item,
    gold: &newstag::eval::Gold,
    pred: &newstag::tagger::Enrichment,
) -> anyhow::Result<()> {
    let mut g: Vec<String> = gold.events.iter().map(gold_line).collect();
    let mut p: Vec<String> = pred.events.iter().map(pred_line).collect();
    g.sort();
    p.sort();
    let strip = |s: &String| s.split("  [").next().unwrap_or("").trim().to_string();
    let gs: Vec<String> = g.iter().map(strip).collect();
    let ps: Vec<String> = p.iter().map(strip).collect();
    if gs == ps {
        return Ok(());
    }
    writeln!(
        out,
        "### {}  ({})  {}",
        item.id, item.reference_date, item.title
    )?;
    for l in &g {
        writeln!(out, "  gold {l}")?;
    }
    for l in &p {
        writeln!(out, "  pred {l}")?;
    }
    Ok(())
}
