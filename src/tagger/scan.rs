//! The context-lexicon scan: leftmost-longest, non-overlapping matches of an Aho-Corasick
//! automaton, driven directly through its state machine.
//!
//! The context lexicon holds short, frequent words ("on", "by", "new", "he"), so it matches
//! every few bytes of every analysed sentence. `AhoCorasick::find_iter` pays a full search
//! set-up per match (input validation, start state, dynamic dispatch); here the automaton
//! is stepped in one loop and restarted in place after each match. The matches are exactly
//! those `find_iter` reports with the same patterns and options (ASCII case-insensitive,
//! leftmost-longest): the same transitions, the same "last match before the dead state"
//! rule, the same restart at the end of each match.

use aho_corasick::automaton::Automaton;
use aho_corasick::dfa::DFA;
use aho_corasick::nfa::contiguous::NFA;
use aho_corasick::{Anchored, BuildError, MatchKind};

/// A compiled pattern set: a DFA when it fits, else a contiguous NFA (same matches).
#[derive(Debug)]
pub(crate) enum Scanner {
    Dfa(DFA),
    Nfa(NFA),
}

impl Scanner {
    /// Compiles `patterns` (none may be empty: the rule parser rejects empty phrases, and
    /// the restart rule below assumes every match advances).
    pub fn new(patterns: &[String]) -> Result<Scanner, BuildError> {
        let dfa = DFA::builder()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .prefilter(false)
            .build(patterns);
        match dfa {
            Ok(d) => Ok(Scanner::Dfa(d)),
            Err(_) => NFA::builder()
                .ascii_case_insensitive(true)
                .match_kind(MatchKind::LeftmostLongest)
                .prefilter(false)
                .build(patterns)
                .map(Scanner::Nfa),
        }
    }

    /// Calls `f(start, end, pattern)` for every match in `hay`, in text order.
    pub fn for_each(&self, hay: &[u8], f: impl FnMut(usize, usize, usize)) {
        match self {
            Scanner::Dfa(a) => scan(a, hay, f),
            Scanner::Nfa(a) => scan(a, hay, f),
        }
    }
}

fn scan<A: Automaton>(aut: &A, hay: &[u8], mut f: impl FnMut(usize, usize, usize)) {
    let Ok(start) = aut.start_state(Anchored::No) else {
        return;
    };
    let mut at = 0;
    while at < hay.len() {
        let mut sid = start;
        let mut found = None;
        let mut p = at;
        while let Some(&b) = hay.get(p) {
            sid = aut.next_state(Anchored::No, sid, b);
            p += 1;
            if aut.is_special(sid) {
                if aut.is_dead(sid) {
                    break;
                }
                if aut.is_match(sid) {
                    // Leftmost-longest: keep going, a longer match may follow.
                    found = Some((p, aut.match_pattern(sid, 0)));
                }
            }
        }
        let Some((end, pid)) = found else {
            return;
        };
        let len = aut.pattern_len(pid);
        f(end - len, end, pid.as_usize());
        at = end.max(at + 1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aho_corasick::{AhoCorasick, AhoCorasickKind};

    fn both(patterns: &[&str], texts: &[&str]) {
        let pats: Vec<String> = patterns.iter().map(|p| p.to_string()).collect();
        let Ok(scanner) = Scanner::new(&pats) else {
            panic!("scanner")
        };
        let Ok(ac) = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(AhoCorasickKind::DFA))
            .build(&pats)
        else {
            panic!("automaton")
        };
        let Ok(nfa) = NFA::builder()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .build(&pats)
        else {
            panic!("nfa")
        };
        for t in texts {
            let want: Vec<(usize, usize, usize)> = ac
                .find_iter(*t)
                .map(|m| (m.start(), m.end(), m.pattern().as_usize()))
                .collect();
            let mut got = Vec::new();
            scanner.for_each(t.as_bytes(), |s, e, p| got.push((s, e, p)));
            assert_eq!(got, want, "dfa on {t:?}");
            let mut got = Vec::new();
            scan(&nfa, t.as_bytes(), |s, e, p| got.push((s, e, p)));
            assert_eq!(got, want, "nfa on {t:?}");
        }
    }

    #[test]
    fn same_matches_as_find_iter() {
        both(
            &[
                "in",
                "on",
                "in effect",
                "effect",
                "since",
                "since 20",
                "new",
                "new york",
                "u.s.",
                "s",
                "took effect",
                "a",
                "an",
                "ban",
            ],
            &[
                "",
                "within effect; since 2018 the U.S. took effective action",
                "New Yorkers ban bans urban; IN EFFECT, a new tariff on an ant",
                "sssss u.s.s. U.S.-imposed In Effect",
                "éin effect — ’s since 20",
            ],
        );
    }

    #[test]
    fn same_matches_on_the_rule_lexicon() {
        let lex =
            crate::tagger::lexicon::Lexicon::compile(&crate::tagger::rules::RuleSources::builtin());
        let Ok(lex) = lex else { panic!("rules") };
        let pats: Vec<&str> = lex.ctx_patterns.iter().map(String::as_str).collect();
        let sample = include_str!("../../samples/npr-2025-08-06-witkoff-putin.json");
        let dev = include_str!("../../tests/corpus/dev.jsonl");
        let texts: Vec<&str> = std::iter::once(sample)
            .chain(dev.lines().take(40))
            .collect();
        both(&pats, &texts);
    }
}
