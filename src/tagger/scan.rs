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
//!
//! Longer texts are cut into two or four parts, each searched by its own lane, the lanes
//! stepped together ([`Table::lanes`]): one search is a chain of dependent table loads, so
//! independent lanes overlap in the CPU. A cut is made only right after a byte no pattern
//! holds, and only for tables where such a byte ends every search (checked when the rules
//! are compiled), so the lanes find exactly the matches one search finds.

use std::collections::HashMap;

use aho_corasick::automaton::Automaton;
use aho_corasick::dfa::DFA;
use aho_corasick::nfa::contiguous::NFA;
use aho_corasick::{Anchored, BuildError, MatchKind};

use super::lexicon::on_word_boundary;

/// A compiled pattern set: our own transition table when the automaton fits a DFA, else a
/// contiguous NFA (same matches).
#[derive(Debug)]
pub(crate) enum Scanner {
    Table(Table),
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
            Ok(d) => Ok(Scanner::Table(Table::from_automaton(&d, patterns))),
            Err(_) => NFA::builder()
                .ascii_case_insensitive(true)
                .match_kind(MatchKind::LeftmostLongest)
                .prefilter(false)
                .build(patterns)
                .map(Scanner::Nfa),
        }
    }

    /// Calls `f(start, end, pattern)` for every match in `hay`, in text order.
    #[cfg(test)]
    pub fn for_each(&self, hay: &[u8], mut f: impl FnMut(usize, usize, usize)) {
        match self {
            Scanner::Table(t) => {
                let mut lane = Lane::new(t, 0);
                while let Some((s, e, pid)) = t.find(hay, &mut lane) {
                    f(s, e, pid);
                }
            }
            Scanner::Nfa(a) => scan(a, hay, f),
        }
    }

    /// Calls `f(start, end, pattern)` for every match in `text[start..end]` that sits on
    /// word boundaries of `text` ([`on_word_boundary`]), in text order, with offsets into
    /// `text`. The other matches still take their part of the text (leftmost-longest,
    /// non-overlapping, exactly as an unfiltered scan finds them), but are skipped inside
    /// the scan loop: most raw matches of the context lexicon ("on", "he", "us") lie inside
    /// words, and handing each to the caller cost more than finding it.
    #[inline]
    pub fn for_each_word(
        &self,
        text: &str,
        start: usize,
        end: usize,
        mut f: impl FnMut(usize, usize, usize),
    ) {
        let Some(hay) = text.as_bytes().get(..end) else {
            return;
        };
        match self {
            Scanner::Table(t) => {
                if let Some(cuts) = t.cuts::<4>(hay, start) {
                    t.lanes(text, hay, cuts, f);
                } else if let Some(cuts) = t.cuts::<2>(hay, start) {
                    t.lanes(text, hay, cuts, f);
                } else {
                    let mut lane = Lane::new(t, start);
                    while let Some((s, e, pid)) = t.find_word(text, hay, &mut lane) {
                        f(s, e, pid);
                    }
                }
            }
            Scanner::Nfa(a) => scan(a, hay.get(start..).unwrap_or_default(), |s, e, pid| {
                if on_word_boundary(text, start + s, start + e) {
                    f(start + s, start + e, pid);
                }
            }),
        }
    }
}

/// A DFA copied out of an `aho_corasick` automaton into a dense table that the scan loop
/// reads directly: bytes map to classes (a letter and its capital, and every byte no
/// pattern holds, share one), state ids are premultiplied row offsets, the dead state is
/// row 0 and the match states come right after it, so one comparison per byte tells
/// whether anything but a plain transition happened. No trait dispatch, no alphabet
/// indirection, no separate dead/match tests on ordinary bytes.
#[derive(Debug)]
pub(crate) struct Table {
    /// Byte → its column in a row of `trans`.
    classes: [u8; 256],
    /// Row-major transitions; a state id is its row's offset (row × classes).
    trans: Vec<u32>,
    start: u32,
    /// Ids up to this one are the dead state (0) and the match states.
    max_special: u32,
    /// Per match state (row 1, 2, …): its pattern id and length, as the automaton
    /// reports them (`match_pattern(sid, 0)`).
    matches: Vec<(usize, usize)>,
    stride: usize,
    /// Does a byte of class 0 (in no pattern) end every search: from a state on the way to
    /// a longer match it leads to the dead state, from every other state to the start? Then
    /// the scan may be cut after any such byte and both parts scanned apart (see
    /// [`Table::lanes`]).
    class0_resets: bool,
}

/// The least part of a text a lane of [`Table::lanes`] takes: shorter texts are scanned in
/// fewer lanes, as cutting them costs more than a lane saves.
const LANE_BYTES: usize = 24;

/// One leftmost-longest search in progress: where it began, the next byte to read (never
/// past `end`), the state, and the last match state passed (its end and state id).
#[derive(Debug, Clone, Copy)]
struct Lane {
    at: usize,
    p: usize,
    end: usize,
    sid: usize,
    found: Option<(usize, usize)>,
}

impl Lane {
    /// A lane that starts a search at `at`, reading up to the end of the haystack it is
    /// given (its `end` is set by the caller when the lane stops earlier).
    fn new(t: &Table, at: usize) -> Lane {
        Lane {
            at,
            p: at,
            end: usize::MAX,
            sid: t.start as usize,
            found: None,
        }
    }
}

/// What a lane reached after its states were stepped.
enum Step {
    /// Nothing to report yet: step it on.
    Going,
    /// A match on word boundaries: start, end, pattern.
    Word((usize, usize, usize)),
    /// No match left before its end.
    Done,
}

/// The dead state's id in a [`Table`].
const DEAD: u32 = 0;

/// Byte classes for `patterns` under ASCII case-insensitive matching: one class per byte
/// (case-folded) that occurs in a pattern, and class 0 for all other bytes, which take the
/// same transition from every state. Returns the class table and the class count.
fn byte_classes(patterns: &[String]) -> ([u8; 256], usize) {
    let mut class_of_folded = [0u8; 256];
    let mut count = 1usize;
    for b in patterns.iter().flat_map(|p| p.bytes()) {
        let f = usize::from(b.to_ascii_lowercase());
        if class_of_folded.get(f) == Some(&0) && count < 256 {
            class_of_folded[f] = count as u8;
            count += 1;
        }
    }
    let mut classes = [0u8; 256];
    for (b, c) in classes.iter_mut().enumerate() {
        *c = class_of_folded[usize::from((b as u8).to_ascii_lowercase())];
    }
    (classes, count)
}

impl Table {
    /// Copies every state reachable from the unanchored start of `aut`, with one
    /// representative byte per class.
    fn from_automaton<A: Automaton>(aut: &A, patterns: &[String]) -> Table {
        let (classes, stride) = byte_classes(patterns);
        let mut reps = vec![0u8; stride];
        for b in (0..=255u8).rev() {
            if let Some(r) = reps.get_mut(usize::from(classes[usize::from(b)])) {
                *r = b;
            }
        }
        let Ok(start) = aut.start_state(Anchored::No) else {
            return Table::empty(classes, stride);
        };
        // Discover the states in breadth-first order.
        let mut order = vec![start];
        let mut seen: HashMap<usize, ()> = HashMap::from([(start.as_usize(), ())]);
        let mut i = 0;
        while let Some(&sid) = order.get(i) {
            i += 1;
            if aut.is_dead(sid) {
                continue;
            }
            for &b in &reps {
                let next = aut.next_state(Anchored::No, sid, b);
                if seen.insert(next.as_usize(), ()).is_none() {
                    order.push(next);
                }
            }
        }
        // Rows: the dead state, the match states, then the rest.
        let is_match = |s: &&aho_corasick::automaton::StateID| aut.is_match(**s);
        let matching: Vec<_> = order.iter().filter(is_match).copied().collect();
        let rest = order
            .iter()
            .filter(|s| !aut.is_match(**s) && !aut.is_dead(**s));
        let rows: Vec<_> = matching.iter().chain(rest).copied().collect();
        let mut row_of: HashMap<usize, u32> = HashMap::new();
        for (r, sid) in rows.iter().enumerate() {
            row_of.insert(sid.as_usize(), ((r + 1) * stride) as u32);
        }
        let id = |sid: aho_corasick::automaton::StateID| row_of.get(&sid.as_usize()).copied();
        let mut trans = vec![DEAD; stride];
        for &sid in &rows {
            trans.extend(
                reps.iter()
                    .map(|&b| id(aut.next_state(Anchored::No, sid, b)).unwrap_or(DEAD)),
            );
        }
        let matches = matching
            .iter()
            .map(|&sid| {
                let pid = aut.match_pattern(sid, 0);
                (pid.as_usize(), aut.pattern_len(pid))
            })
            .collect();
        let mut table = Table {
            classes,
            trans,
            start: id(start).unwrap_or(DEAD),
            max_special: (matching.len() * stride) as u32,
            matches,
            stride,
            class0_resets: false,
        };
        table.class0_resets = table.check_class0_resets();
        table
    }

    /// Computes [`Table::class0_resets`] from the transitions: the states reachable from a
    /// match state (a search there has a match in hand) must go dead on class 0, every
    /// other state must go to the start. A cut after such a byte then never splits a match
    /// or a search with a match in hand, and the search after it starts afresh, exactly as
    /// a new search from that byte does.
    fn check_class0_resets(&self) -> bool {
        let rows = self.trans.len() / self.stride.max(1);
        let mut after_match = vec![false; rows];
        let mut queue: Vec<usize> = (1..rows)
            .filter(|&r| r * self.stride <= self.max_special as usize)
            .collect();
        for &r in &queue {
            if let Some(m) = after_match.get_mut(r) {
                *m = true;
            }
        }
        while let Some(r) = queue.pop() {
            let row = self.trans.get(r * self.stride..(r + 1) * self.stride);
            for &next in row.unwrap_or_default() {
                let n = next as usize / self.stride;
                match after_match.get_mut(n) {
                    Some(m) if next != DEAD && !*m => {
                        *m = true;
                        queue.push(n);
                    }
                    Some(_) => {}
                    None => return false,
                }
            }
        }
        (1..rows).all(|r| {
            let on_class0 = self.trans.get(r * self.stride).copied();
            let want = match after_match.get(r) {
                Some(true) => DEAD,
                _ => self.start,
            };
            on_class0 == Some(want)
        })
    }

    /// A table that matches nothing.
    fn empty(classes: [u8; 256], stride: usize) -> Table {
        Table {
            classes,
            trans: vec![DEAD; stride],
            start: DEAD,
            max_special: 0,
            matches: Vec::new(),
            stride,
            class0_resets: false,
        }
    }

    /// Where `hay[start..]` may be cut into `N` parts for [`Table::lanes`]: the starts of
    /// the parts, each after the first byte of class 0 from an even share of the text on.
    /// `None` when the text is shorter than `N` × [`LANE_BYTES`] or a cut cannot be made.
    fn cuts<const N: usize>(&self, hay: &[u8], start: usize) -> Option<[usize; N]> {
        let len = hay.len().checked_sub(start)?;
        if !self.class0_resets || len < N * LANE_BYTES {
            return None;
        }
        let mut cuts = [start; N];
        for k in 1..N {
            let from = start + k * len / N;
            let to = start + k * len / N + len / (2 * N);
            let part = hay.get(from..to)?;
            let at = part
                .iter()
                .position(|&b| self.classes[usize::from(b)] == 0)?;
            *cuts.get_mut(k)? = from + at + 1;
        }
        Some(cuts)
    }

    /// The word matches of `hay[cuts[0]..]` (as [`Table::find_word`] finds them one after
    /// the other), found by `N` searches stepped together, one per part between the cuts
    /// (from [`Table::cuts`]). The per-byte work of a search is one dependent load after
    /// another, so independent lanes run in about the time of one. The matches of the
    /// later lanes wait in small buffers while the first lane goes on, so that `f` sees
    /// every match in text order; once a lane ends or a buffer is full, the lanes finish
    /// one after the other.
    fn lanes<const N: usize>(
        &self,
        text: &str,
        hay: &[u8],
        cuts: [usize; N],
        mut f: impl FnMut(usize, usize, usize),
    ) {
        const HELD: usize = 24;
        let mut held = [[(0usize, 0usize, 0usize); HELD]; N];
        let mut n_held = [0usize; N];
        let mut lanes = cuts.map(|at| Lane::new(self, at));
        for k in 0..N {
            let end = cuts.get(k + 1).copied().unwrap_or(hay.len());
            if let Some(lane) = lanes.get_mut(k) {
                lane.end = end;
            }
        }
        let mut going = [true; N];
        // Every lane is settled after each step (a match state left unsettled would lose
        // its match); the lanes stop together after the first that ends or fills its buffer.
        let mut stop = false;
        while !stop {
            self.run_lanes(hay, &mut lanes);
            for k in 0..N {
                let (Some(lane), Some(held), Some(n), Some(go)) = (
                    lanes.get_mut(k),
                    held.get_mut(k),
                    n_held.get_mut(k),
                    going.get_mut(k),
                ) else {
                    continue;
                };
                match self.settle(text, hay, lane) {
                    Step::Going => {}
                    Step::Word((s, e, pid)) if k == 0 => f(s, e, pid),
                    Step::Word(m) => {
                        if let Some(slot) = held.get_mut(*n) {
                            *slot = m;
                            *n += 1;
                        }
                        stop |= *n == HELD;
                    }
                    Step::Done => {
                        *go = false;
                        stop = true;
                    }
                }
            }
        }
        for k in 0..N {
            let (Some(lane), Some(held), Some(&n), Some(&go)) =
                (lanes.get_mut(k), held.get(k), n_held.get(k), going.get(k))
            else {
                break;
            };
            for &(s, e, pid) in held.get(..n).unwrap_or_default() {
                f(s, e, pid);
            }
            if go {
                while let Some((s, e, pid)) = self.find_word(text, hay, lane) {
                    f(s, e, pid);
                }
            }
        }
    }

    /// Steps all lanes together until one needs attention: a dead or match state, or the
    /// end of its part.
    #[inline(always)]
    fn run_lanes<const N: usize>(&self, hay: &[u8], lanes: &mut [Lane; N]) {
        let (classes, trans) = (&self.classes, &self.trans[..]);
        let max_special = self.max_special as usize;
        let ends = lanes.map(|l| l.end.min(hay.len()));
        let mut p = lanes.map(|l| l.p);
        let mut sid = lanes.map(|l| l.sid);
        loop {
            if p.iter().zip(&ends).any(|(p, end)| p >= end) {
                break;
            }
            let mut special = false;
            for (p, sid) in p.iter_mut().zip(sid.iter_mut()) {
                let b = hay.get(*p).copied().unwrap_or(0);
                let next = *sid + usize::from(classes[usize::from(b)]);
                *sid = trans.get(next).map_or(0, |&s| s as usize);
                *p += 1;
                special |= *sid <= max_special;
            }
            if special {
                break;
            }
        }
        for ((lane, p), sid) in lanes.iter_mut().zip(p).zip(sid) {
            (lane.p, lane.sid) = (p, sid);
        }
    }

    /// What `lane` reached after [`Table::run_lanes`], as [`Table::find`] and
    /// [`Table::find_word`] read the same states: a match state is kept (a longer match may
    /// follow), the dead state or the end of the part gives up the match in hand (a match
    /// off word boundaries is dropped and the next search begins after it).
    #[inline(always)]
    fn settle(&self, text: &str, hay: &[u8], lane: &mut Lane) -> Step {
        let at_end = lane.p >= lane.end.min(hay.len());
        if lane.sid > self.max_special as usize {
            if !at_end {
                return Step::Going;
            }
        } else if lane.sid != DEAD as usize {
            lane.found = Some((lane.p, lane.sid));
            if !at_end {
                return Step::Going;
            }
        }
        let Some(m) = self.take_found(lane) else {
            return Step::Done;
        };
        if on_word_boundary(text, m.0, m.1) {
            Step::Word(m)
        } else if lane.at >= lane.end.min(hay.len()) {
            Step::Done
        } else {
            Step::Going
        }
    }

    /// The match in hand of `lane` (start, end, pattern), with the lane set to search again
    /// after it; `None` when it holds none.
    #[inline(always)]
    fn take_found(&self, lane: &mut Lane) -> Option<(usize, usize, usize)> {
        let (end, sid) = lane.found.take()?;
        let row = (sid / self.stride).checked_sub(1)?;
        let &(pid, len) = self.matches.get(row)?;
        lane.at = end.max(lane.at + 1);
        lane.p = lane.at;
        lane.sid = self.start as usize;
        Some((end.saturating_sub(len), end, pid))
    }

    /// The next match of `lane` on word boundaries of `text` (`hay` is a prefix of `text`;
    /// the lane reads no further than its end). Not inlined into the callers, so that the
    /// per-byte loop has the registers to itself.
    #[inline(never)]
    fn find_word(&self, text: &str, hay: &[u8], lane: &mut Lane) -> Option<(usize, usize, usize)> {
        let hay = hay.get(..lane.end.min(hay.len()))?;
        loop {
            let (s, e, pid) = self.find(hay, lane)?;
            if on_word_boundary(text, s, e) {
                return Some((s, e, pid));
            }
        }
    }

    /// Goes on with the search of `lane` to its leftmost-longest match (start, end,
    /// pattern), and sets the lane to search again after it.
    #[inline(always)]
    fn find(&self, hay: &[u8], lane: &mut Lane) -> Option<(usize, usize, usize)> {
        let (mut p, mut sid) = (lane.p, lane.sid);
        while p < hay.len() {
            (p, sid) = self.run(hay, p, sid);
            if sid > self.max_special as usize || sid == DEAD as usize {
                break;
            }
            // Leftmost-longest: keep going, a longer match may follow.
            lane.found = Some((p, sid));
        }
        (lane.p, lane.sid) = (p, sid);
        self.take_found(lane)
    }

    /// Steps from state `sid` over `hay[p..]` until the dead state or a match state, or
    /// the end of `hay`: the position after the last byte read and the state there. The
    /// per-byte loop of the scan (kept free of the caller's variables so they stay out of
    /// its registers).
    #[inline(always)]
    fn run(&self, hay: &[u8], mut p: usize, mut sid: usize) -> (usize, usize) {
        let (classes, trans) = (&self.classes, &self.trans[..]);
        let max_special = self.max_special as usize;
        while let Some(&b) = hay.get(p) {
            let next = sid + usize::from(classes[usize::from(b)]);
            sid = trans.get(next).map_or(0, |&s| s as usize);
            p += 1;
            if sid <= max_special {
                break;
            }
        }
        (p, sid)
    }
}

/// The same search through the `Automaton` trait (the NFA fallback, and the reference the
/// table is tested against).
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
            // The word-boundary scan of a part of the text: the same matches, filtered by
            // the boundaries of the whole text.
            let mut got = Vec::new();
            scanner.for_each_word(t, 0, t.len(), |s, e, p| got.push((s, e, p)));
            let all_words: Vec<(usize, usize, usize)> = want
                .iter()
                .copied()
                .filter(|&(s, e, _)| on_word_boundary(t, s, e))
                .collect();
            assert_eq!(got, all_words, "all words on {t:?}");
            let (from, to) = (t.len() / 3, t.len() - t.len() / 4);
            let (Some(part), true) = (t.get(from..to), t.is_char_boundary(from)) else {
                continue;
            };
            let want: Vec<(usize, usize, usize)> = ac
                .find_iter(part)
                .map(|m| (from + m.start(), from + m.end(), m.pattern().as_usize()))
                .filter(|&(s, e, _)| on_word_boundary(t, s, e))
                .collect();
            let mut got = Vec::new();
            scanner.for_each_word(t, from, to, |s, e, p| got.push((s, e, p)));
            assert_eq!(got, want, "words on {t:?}");
            let mut got = Vec::new();
            Scanner::Nfa(nfa.clone()).for_each_word(t, from, to, |s, e, p| got.push((s, e, p)));
            assert_eq!(got, want, "nfa words on {t:?}");
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

    /// Every transition of the table, for every byte, is the automaton's.
    fn same_transitions(patterns: &[String]) {
        let Ok(dfa) = DFA::builder()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .prefilter(false)
            .build(patterns)
        else {
            panic!("dfa")
        };
        let table = Table::from_automaton(&dfa, patterns);
        let Ok(start) = dfa.start_state(Anchored::No) else {
            panic!("start")
        };
        // Walk both in step from the start over every byte, breadth first.
        let mut pairs = vec![(start, table.start)];
        let mut seen = HashMap::from([(start.as_usize(), table.start)]);
        let mut i = 0;
        while let Some(&(sid, tid)) = pairs.get(i) {
            i += 1;
            assert_eq!(dfa.is_dead(sid), tid == DEAD);
            assert_eq!(dfa.is_match(sid), tid != DEAD && tid <= table.max_special);
            if dfa.is_match(sid) {
                let pid = dfa.match_pattern(sid, 0);
                let row = tid as usize / table.stride - 1;
                assert_eq!(table.matches[row], (pid.as_usize(), dfa.pattern_len(pid)));
            }
            // One byte per class is followed; every other byte must go where its
            // class's first byte goes.
            let mut by_class = HashMap::new();
            for b in 0..=255u8 {
                let next = dfa.next_state(Anchored::No, sid, b);
                let class = table.classes[usize::from(b)];
                if let Some(&first) = by_class.get(&class) {
                    assert_eq!(first, next, "byte {b} in state {sid:?}");
                    continue;
                }
                by_class.insert(class, next);
                let tnext = table.trans[tid as usize + usize::from(class)];
                match seen.insert(next.as_usize(), tnext) {
                    None => pairs.push((next, tnext)),
                    Some(known) => assert_eq!(known, tnext),
                }
            }
        }
    }

    #[test]
    fn table_has_the_automaton_transitions() {
        let lex =
            crate::tagger::lexicon::Lexicon::compile(&crate::tagger::rules::RuleSources::builtin());
        let Ok(lex) = lex else { panic!("rules") };
        same_transitions(&lex.trigger_patterns);
        same_transitions(&lex.ctx_patterns);
        let small: Vec<String> = ["in", "In effect", "u.s.", "é"].map(String::from).into();
        same_transitions(&small);
    }

    /// Long texts take the two-lane scan: the same word matches as one plain search, also
    /// when the second lane finds more matches than it may hold while the first runs.
    #[test]
    fn two_lanes_find_what_one_lane_finds() {
        let pats: Vec<String> = ["a", "ab", "b c", "c d e", "de"].map(String::from).into();
        let Ok(scanner) = Scanner::new(&pats) else {
            panic!("scanner")
        };
        let Scanner::Table(t) = &scanner else {
            panic!("table")
        };
        assert!(t.class0_resets);
        let dense = "a b c d e, ab de; ".repeat(60);
        let sparse = format!("{}a, b c d{}", "x ".repeat(150), " yy".repeat(90));
        for text in [dense.as_str(), sparse.as_str(), "a b c, d e"] {
            let one_lane = |from: usize| {
                let mut lane = Lane::new(t, from);
                let mut got = Vec::new();
                while let Some(m) = t.find_word(text, text.as_bytes(), &mut lane) {
                    got.push(m);
                }
                got
            };
            for from in [0, 1, 7, text.len() / 3] {
                let mut got = Vec::new();
                scanner.for_each_word(text, from, text.len(), |s, e, p| got.push((s, e, p)));
                assert_eq!(got, one_lane(from), "from {from} in {text:?}");
            }
        }
        assert!(t.cuts::<4>(dense.as_bytes(), 0).is_some());
        // The rule lexicon's trigger table can be cut (else the two lanes never run).
        let lex =
            crate::tagger::lexicon::Lexicon::compile(&crate::tagger::rules::RuleSources::builtin());
        let Ok(lex) = lex else { panic!("rules") };
        assert!(matches!(&lex.trigger_scan, Scanner::Table(t) if t.class0_resets));
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
        let triggers: Vec<&str> = lex.trigger_patterns.iter().map(String::as_str).collect();
        both(&triggers, &texts);
    }
}
