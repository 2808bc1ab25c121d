//! `newstag explain`: which rules fired for each item, and why each event got its fields.

use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use newstag::eval::{self, parse_items};
use newstag::tagger::Tagger;

/// Arguments of `newstag explain`.
#[derive(Debug, clap::Args)]
pub struct ExplainArgs {
    /// Input files (JSON Lines, or one JSON object per file); stdin when none.
    pub files: Vec<PathBuf>,
    /// Rules directory (the built-in rules when unset).
    #[arg(long)]
    pub rules: Option<PathBuf>,
}

pub fn run(args: ExplainArgs) -> anyhow::Result<ExitCode> {
    let tagger = match &args.rules {
        Some(dir) => Tagger::from_dir(dir)?,
        None => Tagger::builtin()?,
    };
    let mut inputs = Vec::new();
    if args.files.is_empty() {
        let mut s = String::new();
        std::io::stdin().read_to_string(&mut s)?;
        inputs.push(("<stdin>".to_string(), s));
    }
    for f in &args.files {
        let s =
            std::fs::read_to_string(f).with_context(|| format!("cannot read {}", f.display()))?;
        inputs.push((f.display().to_string(), s));
    }
    let today = chrono::Utc::now().date_naive();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    writeln!(out, "rules {}", tagger.rules_digest())?;
    for (name, text) in inputs {
        let items = parse_items(&text, today).map_err(|e| anyhow::anyhow!("{name}: {e}"))?;
        for item in items {
            let (enrichment, explanation) = eval::with_document(&item, |doc| tagger.explain(doc));
            writeln!(out, "=== {} (reference {})", item.id, item.reference_date)?;
            write!(out, "{explanation}")?;
            writeln!(out, "--- events")?;
            for e in &enrichment.events {
                writeln!(out, "{}", serde_json::to_string(e)?)?;
            }
            if let Some(g) = &item.gold {
                let tags: Vec<&str> = g.tags.iter().map(|t| t.as_str()).collect();
                writeln!(out, "--- gold tags: {}", tags.join(","))?;
            }
            writeln!(out)?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
