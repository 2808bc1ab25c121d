//! `newstag tag`: JSON Lines in, enriched JSON Lines out, in the daemon's output format.
//!
//! Same codec as the daemon: each output line is the input line's bytes with `enrichment`
//! spliced in. Malformed lines are reported on stderr as `FILE:LINE: reason: message` and
//! skipped; the exit status is 1 when there were any. Blank lines are skipped silently.

use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};

use newstag::config::{Config, FieldsConfig, LimitsConfig};
use newstag::daemon::reload::load_rules;
use newstag::pipeline::record::RecordCodec;
use newstag::tagger::Tagger;

/// Arguments of `newstag tag`.
#[derive(Debug, clap::Args)]
pub struct TagArgs {
    /// Input files (JSON Lines); stdin when none.
    pub files: Vec<PathBuf>,
    /// Rules directory (the built-in rules when unset).
    #[arg(long)]
    pub rules: Option<PathBuf>,
    /// Print which rules fired for each item to stderr.
    #[arg(long)]
    pub explain: bool,
    /// Take field names, limits and `rules.dir` from this daemon configuration, so the
    /// output matches that daemon's exactly (`--rules` still wins).
    #[arg(long)]
    pub config: Option<PathBuf>,
}

/// What one run saw, for the exit status.
#[derive(Default)]
struct Tally {
    /// Lines written to stdout.
    ok: u64,
    /// Lines reported and skipped (or unreadable files).
    bad: u64,
}

/// Everything the per-line loop reuses.
struct Tagging<'a> {
    /// Parses and writes records exactly as the daemon would (same field names and limits).
    codec: RecordCodec,
    /// The rules to apply, loaded once for the whole run.
    tagger: &'a Tagger,
    /// `--explain`: also print which rules fired for each item to stderr.
    explain: bool,
    /// Stdout, locked once and buffered: one lock and few writes for many lines.
    out: BufWriter<io::StdoutLock<'static>>,
    /// The output record buffer, reused across lines.
    record: Vec<u8>,
    /// The input line buffer, reused across lines.
    line: Vec<u8>,
    /// A progress bar (bytes read) on stderr when reading files and stderr is a terminal.
    progress: Option<ProgressBar>,
    /// Good and bad line counts, for the exit status.
    tally: Tally,
}

/// Tags the inputs; exit status 0 when every line was good, 1 otherwise.
pub fn run(args: TagArgs) -> anyhow::Result<ExitCode> {
    let (fields, limits, config_rules) = match &args.config {
        Some(path) => {
            let c = Config::load(path)?;
            (c.fields, c.limits, c.rules.dir)
        }
        None => (FieldsConfig::default(), LimitsConfig::default(), None),
    };
    let rules = args.rules.clone().or(config_rules);
    // Display only: a RulesError's message already includes its source.
    let tagger =
        load_rules(rules.as_deref()).map_err(|e| anyhow::anyhow!("cannot load the rules: {e}"))?;

    let progress = progress_bar(&args.files);
    let mut t = Tagging {
        codec: RecordCodec::new(&fields, &limits),
        tagger: &tagger,
        explain: args.explain,
        out: BufWriter::new(io::stdout().lock()),
        record: Vec::with_capacity(64 * 1024),
        line: Vec::with_capacity(64 * 1024),
        progress,
        tally: Tally::default(),
    };

    let result = if args.files.is_empty() {
        t.process("<stdin>", &mut io::stdin().lock())
    } else {
        let mut r = Ok(());
        for path in &args.files {
            match File::open(path) {
                Ok(f) => {
                    r = t.process(&path.display().to_string(), &mut BufReader::new(f));
                    if r.is_err() {
                        break;
                    }
                }
                Err(e) => {
                    t.tally.bad += 1;
                    t.report(&format!("{}: cannot open: {e}", path.display()));
                }
            }
        }
        r
    };
    let result = result.and_then(|()| t.out.flush());
    if let Some(pb) = &t.progress {
        pb.finish_and_clear();
    }
    match result {
        Ok(()) => {}
        // `newstag tag ... | head`: the reader left; not an error.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => return Ok(ExitCode::SUCCESS),
        Err(e) => return Err(e).context("cannot write to stdout"),
    }
    if t.tally.bad > 0 {
        eprintln!(
            "newstag: {} line(s) skipped, {} tagged",
            t.tally.bad, t.tally.ok
        );
        Ok(ExitCode::FAILURE)
    } else {
        Ok(ExitCode::SUCCESS)
    }
}

/// A byte-count progress bar over the files, only when stderr is a terminal.
fn progress_bar(files: &[PathBuf]) -> Option<ProgressBar> {
    if files.is_empty() || !io::stderr().is_terminal() {
        return None;
    }
    let total: u64 = files
        .iter()
        .filter_map(|p| std::fs::metadata(p).ok())
        .map(|m| m.len())
        .sum();
    let pb = ProgressBar::new(total);
    if let Ok(style) =
        ProgressStyle::with_template("{bar:40} {bytes}/{total_bytes} {bytes_per_sec} eta {eta}")
    {
        pb.set_style(style);
    }
    Some(pb)
}

impl Tagging<'_> {
    /// Prints a diagnostic without tearing the progress bar.
    fn report(&self, msg: &str) {
        match &self.progress {
            Some(pb) => pb.suspend(|| eprintln!("{msg}")),
            None => eprintln!("{msg}"),
        }
    }

    fn process(&mut self, name: &str, input: &mut dyn BufRead) -> io::Result<()> {
        let mut line_no = 0u64;
        loop {
            self.line.clear();
            let n = input.read_until(b'\n', &mut self.line)?;
            if n == 0 {
                return Ok(());
            }
            line_no += 1;
            if let Some(pb) = &self.progress {
                pb.inc(n as u64);
            }
            let mut payload = self.line.as_slice();
            while let [rest @ .., b'\n' | b'\r'] = payload {
                payload = rest;
            }
            if payload.iter().all(|b| b.is_ascii_whitespace()) {
                continue;
            }
            if self.explain {
                self.explain_line(name, line_no, payload);
            }
            match self
                .codec
                .enrich(self.tagger, payload, None, &mut self.record)
            {
                Ok(_) => {
                    self.out.write_all(&self.record)?;
                    self.out.write_all(b"\n")?;
                    self.tally.ok += 1;
                }
                Err(e) => {
                    self.tally.bad += 1;
                    self.report(&format!("{name}:{line_no}: {}: {e}", e.reason()));
                }
            }
        }
    }

    fn explain_line(&self, name: &str, line_no: u64, payload: &[u8]) {
        let Ok(item) = self.codec.parse(payload) else {
            return; // reported by the enrich call that follows
        };
        let (_, explanation) = item.with_document(None, |doc| self.tagger.explain(doc));
        self.report(&format!("--- {name}:{line_no}\n{explanation}"));
    }
}
