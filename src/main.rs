//! `newstag` command line. Errors become one clear message and a non-zero exit here.
#![forbid(unsafe_code)]

mod cli;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    match cli::dispatch(args) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("newstag: error: {err:#}");
            ExitCode::FAILURE
        }
    }
}
