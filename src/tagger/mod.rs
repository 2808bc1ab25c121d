//! The tagging engine: a pure, deterministic library.
//!
//! No I/O beyond reading rule files at construction, no async, no Kafka: give it text and a
//! reference date, get an [`Enrichment`]. Rules are compiled once into a [`Tagger`], which is
//! immutable and cheap to share (`Arc<Tagger>`); reload means building a new one and swapping.

mod action;
mod actors;
mod analyze;
mod context;
mod dates;
mod deadline;
mod lexicon;
mod merge;
pub mod model;
mod products;
mod rate;
mod rules;
mod scan;
mod sentence;

use std::path::Path;

use chrono::NaiveDate;

pub use model::{Action, DeadlineEvent, Enrichment, Event, EventType, Evidence, MeasureEvent};

/// Version of the tagging engine (the crate version).
pub const TAGGER_VERSION: &str = env!("CARGO_PKG_VERSION");

/// One text field of a news item, as the tagger sees it.
#[derive(Debug, Clone, Copy)]
pub struct Field<'a> {
    /// The field's name in the input item; echoed in [`Evidence::field`].
    pub name: &'a str,
    /// The field's text.
    pub text: &'a str,
}

/// A news item reduced to what the tagger needs.
#[derive(Debug, Clone, Copy)]
pub struct Document<'a> {
    /// Text fields in reading order (title first, then body).
    pub fields: &'a [Field<'a>],
    /// The day relative dates resolve against (publication date, else message timestamp).
    pub reference_date: NaiveDate,
}

/// Why a rule set could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum RulesError {
    /// A rule file could not be read.
    #[error("cannot read rules file {path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    /// A rule file is not valid.
    #[error("invalid rules file {path}: {message}")]
    Invalid { path: String, message: String },
}

/// Compiled rules, ready to tag. Immutable; share with `Arc`.
#[derive(Debug)]
pub struct Tagger {
    rules_digest: String,
    lex: lexicon::Lexicon,
}

impl Tagger {
    /// Compiles the rules shipped inside the binary (`config/rules/` at build time).
    pub fn builtin() -> Result<Tagger, RulesError> {
        Self::compile(&rules::RuleSources::builtin())
    }

    /// Compiles the rule files in `dir`.
    pub fn from_dir(dir: &Path) -> Result<Tagger, RulesError> {
        Self::compile(&rules::RuleSources::from_dir(dir)?)
    }

    fn compile(src: &rules::RuleSources) -> Result<Tagger, RulesError> {
        Ok(Tagger {
            rules_digest: src.digest(),
            lex: lexicon::Lexicon::compile(src)?,
        })
    }

    /// Names of the rule files a rules directory must hold.
    pub fn rule_files() -> &'static [&'static str] {
        &rules::RULE_FILES
    }

    /// `sha256:<hex>` over the rule sources in force.
    pub fn rules_digest(&self) -> &str {
        &self.rules_digest
    }

    /// The trigger lexicon as compiled (lowercased, typo variants included), for measuring
    /// the raw multi-pattern scan floor in benchmarks.
    pub fn trigger_patterns(&self) -> &[String] {
        &self.lex.trigger_patterns
    }

    /// Tags one document and says which rules fired and why (for `newstag explain`).
    pub fn explain(&self, doc: &Document<'_>) -> (Enrichment, Explanation) {
        let mut lines = Vec::new();
        let enrichment = self.run(doc, &mut analyze::Trace(Some(&mut lines)));
        (enrichment, Explanation { lines })
    }

    /// Tags one document.
    pub fn tag(&self, doc: &Document<'_>) -> Enrichment {
        self.run(doc, &mut analyze::Trace(None))
    }

    fn run(&self, doc: &Document<'_>, trace: &mut analyze::Trace<'_>) -> Enrichment {
        let found = analyze::analyze(&self.lex, doc, trace);
        let (measures, deadlines) = merge::merge(found, trace);
        let mut events: Vec<Event> = Vec::with_capacity(measures.len() + deadlines.len());
        for (ty, m) in measures {
            events.push(match ty {
                EventType::Sanction => Event::Sanction(m),
                _ => Event::Tariff(m),
            });
        }
        events.extend(deadlines.into_iter().map(Event::Deadline));
        // Text order: field order is the order of first appearance in `doc.fields`.
        let field_rank = |name: &str| doc.fields.iter().position(|f| f.name == name).unwrap_or(0);
        events.sort_by_key(|e| (field_rank(&e.evidence().field), e.evidence().start));
        let mut tags: Vec<EventType> = events.iter().map(Event::event_type).collect();
        tags.sort();
        tags.dedup();
        Enrichment {
            schema_version: model::SCHEMA_VERSION,
            tags,
            events,
            tagger_version: TAGGER_VERSION.to_string(),
            rules_digest: self.rules_digest.clone(),
        }
    }
}

/// Human-readable trace of the rules that fired for one document.
#[derive(Debug, Clone, Default)]
pub struct Explanation {
    lines: Vec<String>,
}

impl std::fmt::Display for Explanation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for line in &self.lines {
            writeln!(f, "{line}")?;
        }
        Ok(())
    }
}
