//! `newstag eval`: precision, recall and field accuracy against a labeled corpus.

use std::path::PathBuf;
use std::process::ExitCode;

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
    let _ = args;
    anyhow::bail!("not implemented yet")
}
