//! `newstag eval`: precision, recall and field accuracy against a labeled corpus.

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
    let report = score(
        labeled
            .iter()
            .zip(&preds)
            .map(|((i, g), p)| (i.id.as_str(), *g, p)),
    );
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print!("{report}");
        if !report.tag_errors.is_empty() {
            println!("items with tag errors: {}", report.tag_errors.join(" "));
        }
    }
    Ok(ExitCode::SUCCESS)
}
