//! One analysed sentence: its tokens and the context-lexicon hits (cues, actors, products,
//! exclusions) mapped to token positions. Built only for sentences that hold a trigger.

use super::lexicon::{on_word_boundary, ActorKind, CtxEntry, Lexicon, Payload};
use super::sentence::{tokenize, Tok};

/// A context-lexicon hit: token range `[ts, te)` and what it means.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Hit<'l> {
    pub ts: usize,
    pub te: usize,
    pub entry: &'l CtxEntry,
}

/// An actor mention.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Mention<'l> {
    pub ts: usize,
    pub te: usize,
    pub code: &'l str,
    pub kind: ActorKind,
}

/// A tokenized sentence of one field with its context hits.
#[derive(Debug)]
pub(crate) struct Sentence<'a, 'l> {
    pub text: &'a str,
    pub start: usize,
    pub end: usize,
    pub toks: Vec<Tok>,
    pub hits: Vec<Hit<'l>>,
    pub mentions: Vec<Mention<'l>>,
    all_caps: std::cell::OnceCell<bool>,
}

impl<'a, 'l> Sentence<'a, 'l> {
    /// An empty sentence, to be filled by [`Self::rebuild`].
    pub fn empty() -> Self {
        Sentence {
            text: "",
            start: 0,
            end: 0,
            toks: Vec::new(),
            hits: Vec::new(),
            mentions: Vec::new(),
            all_caps: std::cell::OnceCell::new(),
        }
    }

    /// Tokenizes `text[start..end]` and runs the context automaton over it.
    pub fn build(text: &'a str, start: usize, end: usize, lex: &'l Lexicon) -> Self {
        let mut sent = Sentence::empty();
        sent.rebuild(text, start, end, lex);
        sent
    }

    /// [`Self::build`] in place: the token and hit buffers are reused, so one `Sentence`
    /// serves every sentence of a document without allocating per sentence.
    pub fn rebuild(&mut self, text: &'a str, start: usize, end: usize, lex: &'l Lexicon) {
        self.text = text;
        self.start = start;
        self.end = end;
        self.all_caps = std::cell::OnceCell::new();
        let Sentence {
            toks,
            hits,
            mentions,
            ..
        } = self;
        tokenize(text, start, end, toks);
        hits.clear();
        mentions.clear();
        // Matches come in text order, so token indices are found by walking forward
        // (same result as `tok_at`, without a binary search per hit).
        let (mut ts_cur, mut te_cur) = (0usize, 0usize);
        lex.ctx_scan
            .for_each(&text.as_bytes()[start..end], |ms, me, pid| {
                let (s, e) = (start + ms, start + me);
                if !on_word_boundary(text, s, e) {
                    return;
                }
                let Some(group) = lex.ctx_groups.get(pid) else {
                    return;
                };
                let Some(entries) = lex.ctx_entries.get(group.start..group.end) else {
                    return;
                };
                let last = e.saturating_sub(1);
                while toks.get(ts_cur).is_some_and(|t| t.e <= s) {
                    ts_cur += 1;
                }
                while toks.get(te_cur).is_some_and(|t| t.e <= last) {
                    te_cur += 1;
                }
                let (ts, te) = (ts_cur, te_cur + 1);
                if !group.inspect {
                    // Plain cue words: no entry needs looking at.
                    hits.extend(entries.iter().map(|entry| Hit { ts, te, entry }));
                    return;
                }
                for entry in entries {
                    if let Some(exact) = &entry.exact {
                        if text.get(s..e) != Some(exact.as_str()) {
                            continue;
                        }
                    }
                    if let Payload::Actor {
                        code: Some(code),
                        kind,
                    } = &entry.payload
                    {
                        mentions.push(Mention {
                            ts,
                            te,
                            code: code.as_str(),
                            kind: *kind,
                        });
                    }
                    hits.push(Hit { ts, te, entry });
                }
            });
        // A dateline ("NYON, Switzerland —", "BRUSSELS/LONDON -") names where the story was
        // filed, not a party.
        if let Some(d) = self.dateline_end() {
            self.mentions.retain(|m| m.ts >= d);
        }
    }

    /// Token index just after a dateline dash, when the sentence opens with one.
    fn dateline_end(&self) -> Option<usize> {
        let first = self.w(0);
        let caps = first.chars().count() >= 3 && first.chars().all(|c| c.is_uppercase());
        if !caps {
            return None;
        }
        // The dash test first: it is cheap, and the all-caps count walks the sentence.
        (1..self.toks.len().min(10))
            .find(|&i| matches!(self.w(i), "—" | "–" | "-"))
            .filter(|_| !self.is_all_caps())
            .map(|i| i + 1)
    }

    /// The text of token `i` ("" past the end).
    pub fn w(&self, i: usize) -> &'a str {
        self.toks.get(i).map_or("", |t| &self.text[t.s..t.e])
    }

    /// Byte range of tokens `[ts, te)`.
    pub fn span(&self, ts: usize, te: usize) -> (usize, usize) {
        let s = self.toks.get(ts).map_or(self.start, |t| t.s);
        let e = te
            .checked_sub(1)
            .and_then(|i| self.toks.get(i))
            .map_or(s, |t| t.e);
        (s, e.max(s))
    }

    /// Is there a state actor (not a blocked look-alike) in the sentence?
    pub fn has_state_actor(&self) -> bool {
        !self.mentions.is_empty()
    }

    /// Is there a state party proper (country, leader, institution; not a demonym or
    /// company, and not a capital, which in a utility or hotel story is the city itself:
    /// "Nairobi's water utility")? Overrides soft look-alike cues.
    pub fn has_state_party(&self) -> bool {
        self.mentions.iter().any(|m| {
            matches!(
                m.kind,
                ActorKind::Country | ActorKind::Leader | ActorKind::Institution
            )
        })
    }

    /// Does the sentence open with an anaphoric word ("He", "The move")?
    pub fn starts_with_anaphora(&self) -> bool {
        let first = self
            .toks
            .iter()
            .position(|t| self.text[t.s..t.e].chars().any(char::is_alphanumeric));
        first.is_some_and(|f| {
            self.hits
                .iter()
                .any(|h| h.ts == f && matches!(h.entry.payload, Payload::Anaphora))
        })
    }

    /// Is the sentence written in capitals (a shouting headline)?
    pub fn is_all_caps(&self) -> bool {
        *self.all_caps.get_or_init(|| {
            let t = &self.text[self.start..self.end];
            // ASCII runs (at most 64 bytes each) are counted with byte filters; other
            // characters are decoded one by one. For ASCII, alphabetic and uppercase are the
            // ASCII classes.
            let (mut letters, mut upper) = (0usize, 0usize);
            let mut rest = t;
            while !rest.is_empty() {
                // Each remaining byte adds at most one capital: once even that cannot reach
                // the threshold, the answer is no.
                if (upper + rest.len()) * 10 < letters * 8 {
                    return false;
                }
                let run = rest
                    .bytes()
                    .take(64)
                    .position(|b| !b.is_ascii())
                    .unwrap_or(rest.len().min(64));
                let (ascii, tail) = rest.split_at(run);
                letters += ascii.bytes().filter(u8::is_ascii_alphabetic).count();
                upper += ascii.bytes().filter(u8::is_ascii_uppercase).count();
                let mut chars = tail.chars();
                if let Some(c) = chars.next() {
                    letters += usize::from(c.is_alphabetic());
                    upper += usize::from(c.is_uppercase());
                }
                rest = chars.as_str();
            }
            letters > 0 && upper * 10 >= letters * 8
        })
    }
}

/// Token distance between two ranges (0 when they overlap or touch).
pub(crate) fn gap(a: (usize, usize), b: (usize, usize)) -> usize {
    if a.1 <= b.0 {
        b.0 - a.1
    } else {
        a.0.saturating_sub(b.1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tagger::rules::RuleSources;

    fn lex() -> Lexicon {
        Lexicon::compile(&RuleSources::builtin()).unwrap_or_else(|e| panic!("rules: {e}"))
    }

    #[test]
    fn rebuild_matches_a_fresh_build() {
        let lex = lex();
        let a = "WASHINGTON — The U.S. slapped new tariffs on Chinese steel, officials said.";
        let b = "Canada and Mexico were spared; the EU may face sanctions by Aug. 1.";
        let mut reused = Sentence::build(a, 0, a.len(), &lex);
        reused.rebuild(b, 0, b.len(), &lex);
        let fresh = Sentence::build(b, 0, b.len(), &lex);
        assert_eq!(reused.toks, fresh.toks);
        let key = |s: &Sentence<'_, '_>| -> Vec<(usize, usize, String)> {
            s.hits
                .iter()
                .map(|h| (h.ts, h.te, h.entry.phrase.clone()))
                .collect()
        };
        assert_eq!(key(&reused), key(&fresh));
        let codes = |s: &Sentence<'_, '_>| -> Vec<(usize, String)> {
            s.mentions
                .iter()
                .map(|m| (m.ts, m.code.to_string()))
                .collect()
        };
        assert_eq!(codes(&reused), codes(&fresh));
        assert!(!fresh.mentions.is_empty());
        // The dateline of the first text is not a party; the reused buffer forgot it.
        let first = Sentence::build(a, 0, a.len(), &lex);
        assert!(first.mentions.iter().all(|m| m.ts > 1));
    }

    #[test]
    fn all_caps_counts_ascii_and_other_letters() {
        let lex = lex();
        let caps = |t: &str| Sentence::build(t, 0, t.len(), &lex).is_all_caps();
        assert!(caps("TRUMP SLAPS TARIFFS ON “CHINA” — ÉTATS-UNIS"));
        assert!(!caps("Trump slaps tariffs on China"));
        assert!(!caps("ÉTATS-unis et l’europe: des droits de douane"));
        assert!(caps("ÉTATS-UNIS ET L’EUROPE: DROITS DE DOUANE sur"));
        assert!(!caps("2025 — 10%"));
        let long = format!("{} tariffs", "US ".repeat(100));
        assert!(caps(&long));
    }
}
