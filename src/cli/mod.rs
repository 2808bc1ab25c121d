//! Subcommands. Each lives in its own module; this one only parses and dispatches.

mod eval;
mod explain;
mod run;
mod tag;
mod validate;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Tags sanction, tariff and deadline events in news items from Kafka.
#[derive(Debug, Parser)]
#[command(name = "newstag", version, about)]
pub struct Cli {
    /// The subcommand to run.
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the daemon.
    Run(run::RunArgs),
    /// Tag JSON Lines from files or stdin; enriched JSON Lines on stdout.
    Tag(tag::TagArgs),
    /// Check a configuration file and its rules; non-zero exit on any problem.
    Validate {
        /// The configuration file.
        #[arg(long)]
        config: PathBuf,
    },
    /// Score the tagger against a labeled corpus (JSON Lines with `gold`).
    Eval(eval::EvalArgs),
    /// Show which rules fired for each item and why.
    Explain(explain::ExplainArgs),
}

/// Runs the chosen subcommand.
pub fn dispatch(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Run(args) => run::run(args),
        Command::Tag(args) => tag::run(args),
        Command::Validate { config } => validate::run(&config),
        Command::Eval(args) => eval::run(args),
        Command::Explain(args) => explain::run(args),
    }
}
