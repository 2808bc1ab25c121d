//! One analysed sentence: its tokens and the context-lexicon hits (cues, actors, products,
//! exclusions) mapped to token positions. Built only for sentences that hold a trigger.

use super::lexicon::{ActorKind, CtxEntry, Lexicon, Payload};
use super::sentence::{tokenize_words, Tok};

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
    /// The text of each token (parallel to `toks`), sliced once here: the rules ask for
    /// token words many times each, and a slice of `text` checks its char boundaries.
    words: Vec<&'a str>,
    pub hits: Vec<Hit<'l>>,
    pub mentions: Vec<Mention<'l>>,
    all_caps: std::cell::OnceCell<bool>,
}

/// The buffers of a dropped [`Sentence`], kept per thread so that the next document's
/// sentence starts with their capacity instead of growing its vectors again.
#[derive(Default)]
struct Spare {
    toks: Vec<Tok>,
    words: Vec<&'static str>,
    hits: Vec<Hit<'static>>,
    mentions: Vec<Mention<'static>>,
}

thread_local! {
    static SPARE: std::cell::RefCell<Spare> = std::cell::RefCell::default();
}

/// An empty vector with the allocation of `v`, for elements that differ from `v`'s only
/// in their lifetimes (the in-place `collect` keeps the buffer when the layouts agree; the
/// closure never runs on an empty vector).
fn recycle<T, U>(mut v: Vec<T>) -> Vec<U> {
    v.clear();
    v.into_iter().filter_map(|_| None).collect()
}

impl<'a, 'l> Sentence<'a, 'l> {
    /// An empty sentence, to be filled by [`Self::rebuild`]; it reuses the buffers of this
    /// thread's last dropped sentence when there are some.
    pub fn empty() -> Self {
        let spare = SPARE
            .try_with(|s| s.try_borrow_mut().map(|mut s| std::mem::take(&mut *s)).ok())
            .ok()
            .flatten()
            .unwrap_or_default();
        Sentence {
            text: "",
            start: 0,
            end: 0,
            toks: recycle(spare.toks),
            words: recycle(spare.words),
            hits: recycle(spare.hits),
            mentions: recycle(spare.mentions),
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
            words,
            hits,
            mentions,
            ..
        } = self;
        tokenize_words(text, start, end, toks, words);
        hits.clear();
        mentions.clear();
        // Matches come in text order, so token indices are found by walking forward
        // (same result as `tok_at`, without a binary search per hit).
        let (mut ts_cur, mut te_cur) = (0usize, 0usize);
        lex.ctx_scan.for_each_word(text, start, end, |s, e, pid| {
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

    /// The text of every token, in order.
    pub fn words(&self) -> &[&'a str] {
        &self.words
    }

    /// The text of token `i` ("" past the end).
    #[inline]
    pub fn w(&self, i: usize) -> &'a str {
        self.words.get(i).copied().unwrap_or("")
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
            let t = self.text.get(self.start..self.end).unwrap_or("");
            let bytes = t.as_bytes();
            // Capitals must be four times the lowercase letters, and each byte that is not an
            // ASCII lowercase letter adds at most one capital: once more than a fifth of the
            // bytes are lowercase, the answer is no. Ordinary sentences stop early here.
            let limit = bytes.len() / 5;
            let mut lower = 0usize;
            for &b in bytes {
                lower += usize::from(b.wrapping_sub(b'a') < 26);
                if lower > limit {
                    return false;
                }
            }
            // All ASCII (the usual case): two counting passes the compiler vectorizes.
            if t.is_ascii() {
                let letters = bytes.iter().filter(|b| b.is_ascii_alphabetic()).count();
                let upper = bytes.iter().filter(|b| b.is_ascii_uppercase()).count();
                return letters > 0 && upper * 10 >= letters * 8;
            }
            // One pass over the bytes: ASCII is classified by arithmetic (alphabetic and
            // uppercase are the ASCII classes there), other characters are decoded at their
            // lead byte.
            let (mut letters, mut upper) = (0usize, 0usize);
            for (i, &b) in bytes.iter().enumerate() {
                if b < 0x80 {
                    letters += usize::from((b | 0x20).wrapping_sub(b'a') < 26);
                    upper += usize::from(b.wrapping_sub(b'A') < 26);
                } else if b >= 0xC0 {
                    if let Some(c) = t.get(i..).and_then(|r| r.chars().next()) {
                        letters += usize::from(c.is_alphabetic());
                        upper += usize::from(c.is_uppercase());
                    }
                }
                // Each remaining byte adds at most one capital: once even that cannot
                // reach the threshold, the answer is no.
                if i % 64 == 63 && (upper + (bytes.len() - i - 1)) * 10 < letters * 8 {
                    return false;
                }
            }
            letters > 0 && upper * 10 >= letters * 8
        })
    }
}

impl Drop for Sentence<'_, '_> {
    /// Hands the buffers to the next sentence of this thread (the larger set wins when a
    /// nested sentence was built meanwhile).
    fn drop(&mut self) {
        let toks = std::mem::take(&mut self.toks);
        if toks.capacity() == 0 {
            return;
        }
        let words = recycle(std::mem::take(&mut self.words));
        let hits = recycle(std::mem::take(&mut self.hits));
        let mentions = recycle(std::mem::take(&mut self.mentions));
        // A thread being torn down has no spare slot: the buffers are simply freed.
        let _ = SPARE.try_with(|s| {
            if let Ok(mut s) = s.try_borrow_mut() {
                if s.toks.capacity() < toks.capacity() {
                    *s = Spare {
                        toks,
                        words,
                        hits,
                        mentions,
                    };
                }
            }
        });
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
    fn recycled_buffers_keep_their_capacity() {
        let v: Vec<Tok> = Vec::with_capacity(40);
        let w: Vec<Tok> = recycle(v);
        assert!(w.is_empty() && w.capacity() >= 40);
        // A dropped sentence hands its buffers to the next one on this thread.
        let lex = lex();
        let t = "The U.S. imposed tariffs on Canada, Mexico and China on Tuesday.";
        let cap = Sentence::build(t, 0, t.len(), &lex).toks.capacity();
        let next = Sentence::empty();
        assert!(next.toks.is_empty() && next.toks.capacity() >= cap.min(1));
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
