//! Compiled lexicons: the trigger automaton (scanned over every byte of every item) and the
//! context automaton (cues, actors, products, exclusions; scanned only over sentences that
//! hold a trigger). Both are built once per rule set.

use std::collections::HashMap;

use super::context::Sentence;
use super::model::{Action, EventType};
use super::rules::{attr, invalid, parse, RuleSources, Section};
use super::scan::Scanner;
use super::RulesError;

/// What a trigger pattern means.
#[derive(Debug, Clone)]
pub(crate) struct TriggerInfo {
    pub ty: EventType,
    /// The action the word itself implies ("sanctioned": imposed).
    pub action: Option<Action>,
    /// A verb: the noun phrase after it is the target.
    pub verb: bool,
    /// Counts only with a state actor (or, for deadlines, a resolvable date) in the sentence.
    pub weak: bool,
    /// Matched through a generated typo variant.
    pub typo: bool,
    /// Deadline kind: the date a measure takes effect or expires.
    pub effect: bool,
    /// The lexicon phrase (for explanations).
    pub phrase: String,
    /// Case-sensitive entries: the matched text must equal this.
    pub exact: Option<String>,
    /// Leaving it is the restriction: eased cues read as imposed.
    pub inverse: bool,
    /// A unit word: counts only inside its own span expression.
    pub span: bool,
    /// The date expression must follow right after the trigger.
    pub adjacent: bool,
    /// A generic restriction word ("ban on", "froze"): a sanction only when aimed at someone
    /// or at trade ([generic_restriction] in exclusions.rules).
    pub generic: bool,
    /// Names a trade measure and nothing else ("customs duty", "anti-dumping"): look-alike
    /// cues elsewhere in the sentence or item ("hotels", "electricity") do not remove it.
    pub firm: bool,
}

/// Kind of actor name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ActorKind {
    Country,
    Demonym,
    Capital,
    Leader,
    Institution,
    Company,
}

/// What a context pattern means. One pattern can carry several payloads ("face" is both a
/// threat cue and a target-before cue).
#[derive(Debug, Clone)]
pub(crate) enum Payload {
    Cue {
        action: Action,
        weight: u8,
        object: bool,
    },
    Negation,
    History,
    TargetBefore,
    Agent,
    TargetPrep,
    Locative,
    NpBreak,
    Anaphora,
    /// A verb of stance on someone else's measure ("opposed", "urged"): its subject is no imposer.
    Stance,
    /// Makes a weak deadline trigger count ("must", "or face", "has until").
    DeadlineContext,
    Exclusion {
        ty: EventType,
        /// Too ambiguous to exclude when a state party is in the sentence ("traders").
        soft: bool,
        /// Holds a [local_stem] ("stamp duty"): excludes only the trigger it covers, never
        /// the rest of the sentence.
        local: bool,
    },
    /// `code == None`: a blocking look-alike ("New Mexico").
    Actor {
        code: Option<String>,
        kind: ActorKind,
    },
    Product {
        name: String,
    },
}

/// A context payload with its case-sensitivity requirement.
#[derive(Debug, Clone)]
pub(crate) struct CtxEntry {
    pub payload: Payload,
    /// When set, the matched text must equal this exactly.
    pub exact: Option<String>,
    pub phrase: String,
}

/// The entries of one context pattern (see [`Lexicon::ctx_groups`]).
#[derive(Debug, Clone, Copy)]
pub(crate) struct CtxGroup {
    pub start: usize,
    pub end: usize,
    /// Some entry is case-sensitive or an actor with a code.
    pub inspect: bool,
}

/// Unit of a relative span.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Unit {
    Days(u32),
    Hours(u32),
}

/// Date vocabulary for the deadline grammar.
#[derive(Debug, Clone, Default)]
pub(crate) struct DateWords {
    pub months: WordMap<u32>,
    pub weekdays: WordMap<u32>,
    pub numbers: WordMap<u32>,
    pub units: WordMap<Unit>,
    pub relative: WordMap<i64>,
    pub preps: WordMap<()>,
    pub span_nouns: WordMap<()>,
    /// Every word that can open a date expression (fast reject for all other tokens).
    pub starters: WordMap<()>,
    /// The month, weekday, number and relative entries of each starter, so the grammar
    /// hashes an opening word once instead of once per table (filled by [`Self::seal`]).
    openers: WordMap<Opener>,
    /// Bit filter over the shape (length, first and last byte, lowercased) of every
    /// starter: most tokens ("the", "tariffs") are rejected without hashing. No false
    /// negatives, so a clear bit proves the word is not a starter.
    starter_shapes: [u64; 32],
    /// The longest starter in bytes: longer tokens are rejected before any lookup.
    starter_max: usize,
    /// [`Self::starter_shapes`] plus the shapes of the words that open the phrases
    /// `dates::parse_at` matches outside the tables (`dates::PHRASE_OPENERS`): a clear bit
    /// proves no date expression starts at the word.
    open_shapes: [u64; 32],
}

/// What an opening word of a date expression can be, from the date tables.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Opener {
    pub month: Option<u32>,
    pub weekday: Option<u32>,
    pub number: Option<u32>,
    pub relative: Option<i64>,
}

/// Bit index of a word's shape in [`DateWords::starter_shapes`].
fn shape_bit(w: &[u8]) -> usize {
    let (Some(first), Some(last)) = (w.first(), w.last()) else {
        return 0;
    };
    let h = (w.len() * 131 + usize::from(first.to_ascii_lowercase())) * 131
        + usize::from(last.to_ascii_lowercase());
    h % (32 * 64)
}

/// The [`shape_bit`] set of `keys`.
fn shapes<'k>(keys: impl Iterator<Item = &'k String>) -> [u64; 32] {
    let mut set = [0u64; 32];
    for w in keys {
        let bit = shape_bit(w.as_bytes());
        if let Some(m) = set.get_mut(bit / 64) {
            *m |= 1u64 << (bit % 64);
        }
    }
    set
}

/// Is the [`shape_bit`] of `word` set in `set`? `false` proves `word` is no key of the
/// table the set was built from.
fn has_shape(set: &[u64; 32], word: &str) -> bool {
    let bit = shape_bit(word.as_bytes());
    set.get(bit / 64)
        .is_some_and(|m| m & (1u64 << (bit % 64)) != 0)
}

/// FNV-1a: a fast hasher for the small word tables probed once per token (no DoS concern:
/// the keys are the rule vocabulary, text only probes).
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Fnv(u64);

impl std::hash::Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for b in bytes {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

/// A word table keyed by lowercase word.
pub(crate) type WordMap<V> = HashMap<String, V, std::hash::BuildHasherDefault<Fnv>>;

/// ASCII-lowercases `w` into `buf` without allocating; `None` when it does not fit.
pub(crate) fn lower<'b>(w: &str, buf: &'b mut [u8; 32]) -> Option<&'b str> {
    let b = w.as_bytes();
    let out = buf.get_mut(..b.len())?;
    out.copy_from_slice(b);
    out.make_ascii_lowercase();
    std::str::from_utf8(out).ok()
}

fn lookup<T: Copy>(table: &WordMap<T>, word: &str) -> Option<T> {
    lookup_ref(table, word).copied()
}

/// `table[lowercase(word)]`; a word without capitals is looked up as it is (no copy).
fn lookup_ref<'t, T>(table: &'t WordMap<T>, word: &str) -> Option<&'t T> {
    if word.len() > 32 {
        return None;
    }
    if !word.bytes().any(|b| b.is_ascii_uppercase()) {
        return table.get(word);
    }
    let mut buf = [0u8; 32];
    table.get(lower(word, &mut buf)?)
}

impl DateWords {
    pub fn month(&self, w: &str) -> Option<u32> {
        lookup(&self.months, w)
    }
    pub fn number(&self, w: &str) -> Option<u32> {
        if !w.is_empty() && w.len() <= 4 && w.bytes().all(|b| b.is_ascii_digit()) {
            return w.parse().ok();
        }
        lookup(&self.numbers, w)
    }
    pub fn unit(&self, w: &str) -> Option<Unit> {
        lookup(&self.units, w)
    }
    pub fn is_span_noun(&self, w: &str) -> bool {
        lookup(&self.span_nouns, w).is_some()
    }
    /// Can `w` open a date expression?
    pub fn is_starter(&self, w: &str) -> bool {
        // A byte test: an ASCII digit is never part of a longer UTF-8 sequence.
        w.as_bytes().first().is_some_and(u8::is_ascii_digit)
            || (w.len() <= self.starter_max
                && self.maybe_starter(w)
                && lookup(&self.starters, w).is_some())
    }
    /// The table entries of a starter word (one hash for all four tables); `None` for
    /// words that are not starters.
    pub fn opener(&self, w: &str) -> Option<&Opener> {
        if !self.maybe_starter(w) {
            return None;
        }
        lookup_ref(&self.openers, w)
    }
    /// `false` proves no date expression can open at `w`: not a digit, a starter or a
    /// phrase opener (a shape test, no hashing).
    #[inline]
    pub fn may_open(&self, w: &str) -> bool {
        let b = w.as_bytes();
        if b.first().is_some_and(u8::is_ascii_digit) {
            return true;
        }
        let bit = shape_bit(b);
        self.open_shapes
            .get(bit / 64)
            .is_some_and(|m| m & (1u64 << (bit % 64)) != 0)
    }
    /// `false` proves `w` is not a starter (see `starter_shapes`).
    fn maybe_starter(&self, w: &str) -> bool {
        let bit = shape_bit(w.as_bytes());
        self.starter_shapes
            .get(bit / 64)
            .is_some_and(|m| m & (1u64 << (bit % 64)) != 0)
    }
    /// Builds the derived lookup structures once every table is filled.
    pub fn seal(&mut self) {
        self.starter_shapes = [0; 32];
        self.starter_max = self.starters.keys().map(String::len).max().unwrap_or(0);
        self.openers.clear();
        for w in self.starters.keys() {
            let bit = shape_bit(w.as_bytes());
            if let Some(m) = self.starter_shapes.get_mut(bit / 64) {
                *m |= 1u64 << (bit % 64);
            }
            let opener = Opener {
                month: self.months.get(w).copied(),
                weekday: self.weekdays.get(w).copied(),
                number: self.numbers.get(w).copied(),
                relative: self.relative.get(w).copied(),
            };
            self.openers.insert(w.clone(), opener);
        }
        self.open_shapes = self.starter_shapes;
        for w in super::dates::PHRASE_OPENERS {
            let bit = shape_bit(w.as_bytes());
            if let Some(m) = self.open_shapes.get_mut(bit / 64) {
                *m |= 1u64 << (bit % 64);
            }
        }
    }
    pub fn is_prep(&self, w: &str) -> bool {
        lookup(&self.preps, w).is_some()
    }
}

/// Everything compiled from the rule files.
#[derive(Debug)]
pub(crate) struct Lexicon {
    /// The trigger lexicon's automaton, stepped directly (see [`super::scan`]): the same
    /// leftmost-longest matches as `AhoCorasick::find_iter`, without its per-match search
    /// set-up.
    pub trigger_scan: Scanner,
    pub trigger_patterns: Vec<String>,
    pub triggers: Vec<TriggerInfo>,
    /// The context lexicon's automaton (see [`super::scan`]).
    pub ctx_scan: Scanner,
    /// The context patterns, lowercased, indexed like `ctx_groups` (the scanner's tests check
    /// it against `AhoCorasick::find_iter` over exactly these).
    #[cfg_attr(not(test), allow(dead_code))]
    pub ctx_patterns: Vec<String>,
    /// Every context payload, grouped by pattern and contiguous in memory: the hits of a
    /// sentence point into this one array, which stays in cache.
    pub ctx_entries: Vec<CtxEntry>,
    /// Per pattern: its entries `ctx_entries[start..end]`, and whether any of them needs a
    /// look at the entry itself while scanning (a case-sensitive one, or an actor with a
    /// code), so the scan of plain cue words never dereferences the entries.
    pub ctx_groups: Vec<CtxGroup>,
    pub dates: DateWords,
    /// Abbreviation → may it also close a sentence ([terminal] in sentence.rules)?
    pub abbreviations: WordMap<bool>,
    /// Shapes of the [`Self::abbreviations`] keys (see [`shape_bit`]): the word before
    /// nearly every period is rejected without hashing.
    abbreviation_shapes: [u64; 32],
    /// Words that open a sentence after a [terminal] abbreviation.
    pub openers: WordMap<()>,
    /// What a generic ban or freeze acts on when it is a sanction ([restriction_object]).
    pub restriction_objects: WordMap<()>,
    /// Time phrases that date an action in the past ([dated_past]), as lowercase words.
    pub dated_past: Vec<Vec<String>>,
    /// The closed word lists of actors.rules that steer role resolution: word → the
    /// [`RoleList`] bits it belongs to.
    pub role_words: WordMap<u16>,
    /// Shapes of the [`Self::role_words`] keys (see [`shape_bit`]): most words are rejected
    /// here without hashing.
    role_shapes: [u64; 32],
    // --- gate: the pre-check that skips sentences which cannot yield anything (analyze.rs)
    /// Ultimatum cues, deadline look-alikes and holding verbs, to ask "does this sentence
    /// hold any?" without the full context scan.
    pub gate_cues: super::analyze::GateCues,
    // --- end gate
}

/// A word-list section of actors.rules (single words, no attributes).
#[derive(Debug, Clone, Copy)]
pub(crate) enum RoleList {
    /// [permit]: permission before "to" + measure verb ("allowed the EU to impose").
    Permit = 1,
    /// [noun_before]: after these a stance word is a noun ("accept the demands").
    NounBefore = 2,
    /// [placing]: verbs that move a party onto a list ("places two firms on its blacklist").
    Placing = 4,
    /// [reporting]: verbs after which a clause has its own subject ("China said the U.S. …").
    Reporting = 8,
    /// [state_noun]: a state body named by its role ("the ministry", "the government").
    StateNoun = 16,
    /// [based]: bodies named by where they are based ("firms in China").
    Based = 32,
    /// [people]: people and bodies a listing names ("90 people, among them …").
    People = 64,
    /// [buying]: words of buying; the party after them sells to the target.
    Buying = 128,
    /// [owning]: participles whose by-phrase names an owner ("assets held by …").
    Owning = 256,
    /// [officials]: people who speak for their state ("U.S. officials said").
    Officials = 512,
    /// [goods_compound]: second halves of "Chinese-made", "Israeli-bound".
    GoodsCompound = 1024,
    /// [hitting]: verbs whose object, before "with", is hit ("slaps China with tariffs").
    Hitting = 2048,
    /// [belonging]: words before of/to/by that tie bodies to a party in a relative clause.
    Belonging = 4096,
    /// [applying]: verbs whose measure goes "to" its target ("applies levies to Chinese steel").
    Applying = 8192,
}

/// The word-list sections of actors.rules and the list each fills.
const ROLE_SECTIONS: [(&str, RoleList); 14] = [
    ("permit", RoleList::Permit),
    ("noun_before", RoleList::NounBefore),
    ("placing", RoleList::Placing),
    ("reporting", RoleList::Reporting),
    ("state_noun", RoleList::StateNoun),
    ("based", RoleList::Based),
    ("people", RoleList::People),
    ("buying", RoleList::Buying),
    ("owning", RoleList::Owning),
    ("officials", RoleList::Officials),
    ("goods_compound", RoleList::GoodsCompound),
    ("hitting", RoleList::Hitting),
    ("belonging", RoleList::Belonging),
    ("applying", RoleList::Applying),
];

/// The sections of `exclusions.rules`: look-alike cues per type, then word lists.
const EXCLUSION_SECTIONS: [&str; 7] = [
    "sanction",
    "tariff",
    "deadline",
    "generic_restriction",
    "restriction_object",
    "local_stem",
    "dated_past",
];

/// The word lists of `exclusions.rules` that are not look-alike cues themselves.
struct SenseWords {
    objects: WordMap<()>,
    local_stems: Vec<String>,
    dated_past: Vec<Vec<String>>,
}

impl SenseWords {
    /// Reads [generic_restriction] (marking those triggers `generic`), [restriction_object]
    /// and [local_stem]. Entries take no attributes; objects and stems are single words (they
    /// are compared with one token, or searched in a phrase); a generic restriction must be a
    /// weak [sanction] or [tariff] trigger, the only kinds the domestic reading is tried on.
    fn load(
        file: &str,
        secs: &[Section],
        trig_index: &HashMap<String, usize>,
        triggers: &mut [TriggerInfo],
    ) -> Result<SenseWords, RulesError> {
        let mut generic: Vec<String> = Vec::new();
        let mut words = SenseWords {
            objects: WordMap::default(),
            local_stems: Vec::new(),
            dated_past: Vec::new(),
        };
        let lists = [
            "generic_restriction",
            "restriction_object",
            "local_stem",
            "dated_past",
        ];
        for s in secs.iter().filter(|s| lists.contains(&s.name.as_str())) {
            let name = s.name.as_str();
            for e in &s.entries {
                if !e.attrs.is_empty() {
                    return Err(invalid(
                        file,
                        e.line,
                        format!("[{name}] entries take no attributes"),
                    ));
                }
                let w = e.phrase.to_ascii_lowercase();
                if name == "generic_restriction" {
                    let weak_measure = trig_index
                        .get(&w)
                        .and_then(|&i| triggers.get(i))
                        .is_some_and(|t| t.ty != EventType::Deadline && t.weak && !t.typo);
                    if !weak_measure {
                        return Err(invalid(
                            file,
                            e.line,
                            format!(
                                "`{}` is not a weak [sanction] or [tariff] trigger in triggers.rules",
                                e.phrase
                            ),
                        ));
                    }
                    generic.push(w);
                } else if name == "dated_past" {
                    words
                        .dated_past
                        .push(w.split(' ').map(str::to_string).collect());
                } else if w.contains(' ') {
                    return Err(invalid(
                        file,
                        e.line,
                        format!("[{name}] entries are single words, got `{}`", e.phrase),
                    ));
                } else if name == "restriction_object" {
                    words.objects.insert(w, ());
                } else {
                    words.local_stems.push(w);
                }
            }
        }
        // Typo variants carry their word's phrase, so they are marked too.
        for t in triggers.iter_mut() {
            t.generic = generic.iter().any(|g| g.eq_ignore_ascii_case(&t.phrase));
        }
        Ok(words)
    }

    fn is_local(&self, exclusion: &str) -> bool {
        stem_in(&self.local_stems, exclusion)
    }
}

/// Does `phrase` contain one of the lowercase `stems` (ASCII case-insensitive, no copy)?
fn stem_in(stems: &[String], phrase: &str) -> bool {
    let e = phrase.as_bytes();
    stems.iter().any(|w| {
        e.windows(w.len())
            .any(|x| x.eq_ignore_ascii_case(w.as_bytes()))
    })
}

fn expect_sections(file: &str, sections: &[Section], allowed: &[&str]) -> Result<(), RulesError> {
    for s in sections {
        if !allowed.contains(&s.name.as_str()) {
            let line = s.entries.first().map(|e| e.line).unwrap_or(0);
            return Err(invalid(
                file,
                line,
                format!(
                    "unknown section [{}]; expected one of {}",
                    s.name,
                    allowed.join(", ")
                ),
            ));
        }
    }
    Ok(())
}

fn parse_action(s: &str) -> Option<Action> {
    match s {
        "imposed" => Some(Action::Imposed),
        "threatened" => Some(Action::Threatened),
        "eased" => Some(Action::Eased),
        _ => None,
    }
}

fn parse_type(s: &str) -> Option<EventType> {
    match s {
        "sanction" => Some(EventType::Sanction),
        "tariff" => Some(EventType::Tariff),
        "deadline" => Some(EventType::Deadline),
        _ => None,
    }
}

/// Edit-distance-1 style typo variants of `word` (deletions, adjacent transpositions, a
/// doubled letter, a double moved to a neighbour: "tariffs" → "tarrifs"). ASCII words only.
pub(crate) fn typo_variants(word: &str) -> Vec<String> {
    let b = word.as_bytes();
    let mut out = Vec::new();
    if !word.is_ascii() || b.len() < 5 {
        return out;
    }
    let n = b.len();
    let push = |v: Vec<u8>, out: &mut Vec<String>| {
        if let Ok(s) = String::from_utf8(v) {
            if s != word && !out.contains(&s) {
                out.push(s);
            }
        }
    };
    for i in 1..n {
        // deletion (keep the first letter: typos rarely drop it)
        let mut v = b.to_vec();
        v.remove(i);
        push(v, &mut out);
    }
    for i in 1..n - 1 {
        let mut v = b.to_vec();
        v.swap(i, i + 1);
        push(v, &mut out);
    }
    for i in 1..n {
        let mut v = b.to_vec();
        v.insert(i, b[i]);
        push(v, &mut out);
    }
    for i in 1..n {
        if b[i] == b[i - 1] {
            // "ff" → single f, and double another letter instead
            let mut single = b.to_vec();
            single.remove(i);
            for j in 1..single.len() {
                let mut v = single.clone();
                v.insert(j, single[j]);
                push(v, &mut out);
            }
        }
    }
    out
}

struct CtxBuilder {
    index: HashMap<String, usize>,
    patterns: Vec<String>,
    entries: Vec<Vec<CtxEntry>>,
}

impl CtxBuilder {
    fn add(&mut self, phrase: &str, payload: Payload, cs: bool) {
        let key = phrase.to_ascii_lowercase();
        let id = match self.index.get(&key) {
            Some(&id) => id,
            None => {
                let id = self.patterns.len();
                self.patterns.push(key.clone());
                self.entries.push(Vec::new());
                self.index.insert(key, id);
                id
            }
        };
        if let Some(list) = self.entries.get_mut(id) {
            list.push(CtxEntry {
                payload,
                exact: cs.then(|| phrase.to_string()),
                phrase: phrase.to_string(),
            });
        }
    }
}

impl Lexicon {
    pub fn compile(src: &RuleSources) -> Result<Lexicon, RulesError> {
        // --- triggers
        let file = "triggers.rules";
        let secs = parse(file, src.get(file))?;
        expect_sections(file, &secs, &["sanction", "tariff", "deadline"])?;
        let mut trig_index: HashMap<String, usize> = HashMap::new();
        let mut trigger_patterns = Vec::new();
        let mut triggers = Vec::new();
        let mut typo_queue = Vec::new();
        for s in &secs {
            let ty = parse_type(&s.name).ok_or_else(|| invalid(file, 0, "bad section"))?;
            for e in &s.entries {
                let action =
                    match attr(&e.attrs, "action") {
                        Some(a) => Some(parse_action(a).ok_or_else(|| {
                            invalid(file, e.line, format!("unknown action `{a}`"))
                        })?),
                        None => None,
                    };
                for a in e.attrs.split_whitespace() {
                    let key = a.split('=').next().unwrap_or("");
                    if ![
                        "action", "verb", "weak", "typos", "kind", "cs", "inverse", "span",
                        "adjacent", "firm",
                    ]
                    .contains(&key)
                    {
                        return Err(invalid(file, e.line, format!("unknown attribute `{a}`")));
                    }
                }
                let info = TriggerInfo {
                    ty,
                    action,
                    verb: attr(&e.attrs, "verb").is_some(),
                    weak: attr(&e.attrs, "weak").is_some(),
                    typo: false,
                    effect: attr(&e.attrs, "kind") == Some("effect"),
                    phrase: e.phrase.clone(),
                    exact: attr(&e.attrs, "cs").map(|_| e.phrase.clone()),
                    inverse: attr(&e.attrs, "inverse").is_some(),
                    span: attr(&e.attrs, "span").is_some(),
                    adjacent: attr(&e.attrs, "adjacent").is_some(),
                    generic: false,
                    firm: attr(&e.attrs, "firm").is_some(),
                };
                let key = e.phrase.to_ascii_lowercase();
                if trig_index.contains_key(&key) {
                    return Err(invalid(
                        file,
                        e.line,
                        format!("`{}` is listed twice", e.phrase),
                    ));
                }
                if attr(&e.attrs, "typos").is_some() {
                    typo_queue.push((key.clone(), info.clone()));
                }
                trig_index.insert(key.clone(), triggers.len());
                trigger_patterns.push(key);
                triggers.push(info);
            }
        }
        // Typo variants after all real words, so a real word always wins.
        let mut ctx_words: Vec<String> = Vec::new();
        for f in ["cues.rules", "actors.rules", "products.rules"] {
            for s in parse(f, src.get(f))? {
                ctx_words.extend(s.entries.into_iter().map(|e| e.phrase.to_ascii_lowercase()));
            }
        }
        for (word, info) in typo_queue {
            for v in typo_variants(&word) {
                if trig_index.contains_key(&v) || ctx_words.contains(&v) {
                    continue;
                }
                trig_index.insert(v.clone(), triggers.len());
                trigger_patterns.push(v);
                triggers.push(TriggerInfo {
                    typo: true,
                    ..info.clone()
                });
            }
        }
        let excl_file = "exclusions.rules";
        let excl_secs = parse(excl_file, src.get(excl_file))?;
        let sense = SenseWords::load(excl_file, &excl_secs, &trig_index, &mut triggers)?;
        let trigger_scan = Scanner::new(&trigger_patterns)
            .map_err(|e| invalid(file, 0, format!("cannot compile automaton: {e}")))?;

        // --- context
        let mut cb = CtxBuilder {
            index: HashMap::new(),
            patterns: Vec::new(),
            entries: Vec::new(),
        };
        let file = "cues.rules";
        let secs = parse(file, src.get(file))?;
        expect_sections(
            file,
            &secs,
            &[
                "imposed",
                "threatened",
                "eased",
                "negation",
                "history",
                "target_before",
                "agent",
                "target_prep",
                "locative",
                "np_break",
                "anaphora",
                "deadline_context",
                "stance",
            ],
        )?;
        for s in &secs {
            for e in &s.entries {
                let payload = match s.name.as_str() {
                    name @ ("imposed" | "threatened" | "eased") => {
                        let weight = match attr(&e.attrs, "weight") {
                            Some(w) => w
                                .parse::<u8>()
                                .ok()
                                .filter(|w| (1..=9).contains(w))
                                .ok_or_else(|| {
                                    invalid(file, e.line, format!("weight must be 1..9, got `{w}`"))
                                })?,
                            None => 1,
                        };
                        Payload::Cue {
                            action: parse_action(name).unwrap_or(Action::Imposed),
                            weight,
                            object: attr(&e.attrs, "object").is_some(),
                        }
                    }
                    "negation" => Payload::Negation,
                    "history" => Payload::History,
                    "target_before" => Payload::TargetBefore,
                    "agent" => Payload::Agent,
                    "target_prep" => Payload::TargetPrep,
                    "locative" => Payload::Locative,
                    "np_break" => Payload::NpBreak,
                    "deadline_context" => Payload::DeadlineContext,
                    "stance" => Payload::Stance,
                    _ => Payload::Anaphora,
                };
                cb.add(&e.phrase, payload, false);
            }
        }
        let file = excl_file;
        expect_sections(file, &excl_secs, &EXCLUSION_SECTIONS)?;
        for s in &excl_secs {
            // The word-list sections were read by `SenseWords::load`.
            let Some(ty) = parse_type(&s.name) else {
                continue;
            };
            for e in &s.entries {
                let soft = match e.attrs.as_str() {
                    "" => false,
                    "soft" => true,
                    other => {
                        return Err(invalid(
                            file,
                            e.line,
                            format!("unknown attribute `{other}` (only `soft`)"),
                        ))
                    }
                };
                let local = sense.is_local(&e.phrase);
                cb.add(&e.phrase, Payload::Exclusion { ty, soft, local }, false);
            }
        }
        let file = "actors.rules";
        let secs = parse(file, src.get(file))?;
        expect_sections(
            file,
            &secs,
            &[
                "country",
                "demonym",
                "capital",
                "leader",
                "institution",
                "company",
                "permit",
                "noun_before",
                "placing",
                "reporting",
                "state_noun",
                "based",
                "people",
                "buying",
                "owning",
                "officials",
                "goods_compound",
                "hitting",
                "belonging",
                "applying",
            ],
        )?;
        let mut role_words: WordMap<u16> = WordMap::default();
        for s in &secs {
            if let Some((name, list)) = ROLE_SECTIONS.iter().find(|(n, _)| *n == s.name) {
                for e in &s.entries {
                    if !e.attrs.is_empty() {
                        return Err(invalid(
                            file,
                            e.line,
                            format!("[{name}] entries take no attributes"),
                        ));
                    }
                    if e.phrase.contains(' ') {
                        return Err(invalid(
                            file,
                            e.line,
                            format!("[{name}] entries are single words, got `{}`", e.phrase),
                        ));
                    }
                    *role_words.entry(e.phrase.to_ascii_lowercase()).or_default() |= *list as u16;
                }
                continue;
            }
            let kind = match s.name.as_str() {
                "country" => ActorKind::Country,
                "demonym" => ActorKind::Demonym,
                "capital" => ActorKind::Capital,
                "leader" => ActorKind::Leader,
                "institution" => ActorKind::Institution,
                _ => ActorKind::Company,
            };
            for e in &s.entries {
                let mut it = e.attrs.split_whitespace();
                let code = it
                    .next()
                    .ok_or_else(|| invalid(file, e.line, "missing code after `|`"))?;
                let code = if code == "-" && kind == ActorKind::Institution {
                    Some(String::new())
                } else if code == "-" {
                    None
                } else if (code.len() == 2) && code.bytes().all(|b| b.is_ascii_uppercase()) {
                    Some(code.to_string())
                } else {
                    return Err(invalid(
                        file,
                        e.line,
                        format!("code must be two capital letters or `-`, got `{code}`"),
                    ));
                };
                let mut cs = false;
                for flag in it {
                    if flag == "cs" {
                        cs = true;
                    } else {
                        return Err(invalid(file, e.line, format!("unknown flag `{flag}`")));
                    }
                }
                cb.add(&e.phrase, Payload::Actor { code, kind }, cs);
            }
        }
        let file = "products.rules";
        let secs = parse(file, src.get(file))?;
        expect_sections(file, &secs, &["product"])?;
        for s in &secs {
            for e in &s.entries {
                let name = if e.attrs.is_empty() {
                    e.phrase.to_ascii_lowercase()
                } else {
                    e.attrs.clone()
                };
                cb.add(&e.phrase, Payload::Product { name }, false);
            }
        }
        let mut ctx_entries = Vec::new();
        let mut ctx_groups = Vec::with_capacity(cb.entries.len());
        for list in cb.entries {
            let start = ctx_entries.len();
            let inspect = list.iter().any(|e| {
                e.exact.is_some() || matches!(e.payload, Payload::Actor { code: Some(_), .. })
            });
            ctx_entries.extend(list);
            ctx_groups.push(CtxGroup {
                start,
                end: ctx_entries.len(),
                inspect,
            });
        }
        let ctx_scan = Scanner::new(&cb.patterns)
            .map_err(|e| invalid("cues.rules", 0, format!("cannot compile automaton: {e}")))?;

        // --- dates
        let file = "dates.rules";
        let secs = parse(file, src.get(file))?;
        expect_sections(
            file,
            &secs,
            &[
                "month",
                "weekday",
                "number",
                "unit",
                "relative",
                "deadline_prep",
                "span_noun",
            ],
        )?;
        let mut dates = DateWords::default();
        for s in &secs {
            for e in &s.entries {
                let num = |max: u32| -> Result<u32, RulesError> {
                    e.attrs
                        .parse::<u32>()
                        .ok()
                        .filter(|v| *v <= max)
                        .ok_or_else(|| {
                            invalid(file, e.line, format!("expected a number up to {max}"))
                        })
                };
                let w = e.phrase.to_ascii_lowercase();
                match s.name.as_str() {
                    "month" => _ = dates.months.insert(w, num(12)?),
                    "weekday" => _ = dates.weekdays.insert(w, num(7)?),
                    "number" => _ = dates.numbers.insert(w, num(10_000)?),
                    "unit" => {
                        let u = if let Some(h) = e.attrs.strip_prefix('h') {
                            h.parse().ok().map(Unit::Hours)
                        } else {
                            e.attrs.parse().ok().map(Unit::Days)
                        };
                        let u = u.ok_or_else(|| {
                            invalid(file, e.line, "unit must be a day count or h<hours>")
                        })?;
                        dates.units.insert(w, u);
                    }
                    "relative" => {
                        let v = e
                            .attrs
                            .parse::<i64>()
                            .map_err(|_| invalid(file, e.line, "expected a day offset"))?;
                        dates.relative.insert(w, v);
                    }
                    "span_noun" => _ = dates.span_nouns.insert(w, ()),
                    _ => _ = dates.preps.insert(w, ()),
                }
            }
        }
        for w in dates
            .months
            .keys()
            .chain(dates.weekdays.keys())
            .chain(dates.numbers.keys())
            .chain(dates.relative.keys())
            .cloned()
            .collect::<Vec<_>>()
        {
            dates.starters.insert(w, ());
        }
        // Openers of phrases the grammar reads outside the tables ("takes effect
        // immediately", "with immediate effect").
        for w in [
            "end",
            "finish",
            "month",
            "year",
            "a",
            "one",
            "immediately",
            "immediate",
        ] {
            dates.starters.insert(w.to_string(), ());
        }
        dates.seal();
        let file = "sentence.rules";
        let secs = parse(file, src.get(file))?;
        expect_sections(file, &secs, &["abbreviation", "terminal", "opener"])?;
        let words_of = |name: &'static str, terminal: bool| {
            secs.iter()
                .filter(move |s| s.name == name)
                .flat_map(|s| s.entries.iter())
                .map(move |e| (e.phrase.to_ascii_lowercase(), terminal))
        };
        let abbreviations: WordMap<bool> = words_of("abbreviation", false)
            .chain(words_of("terminal", true))
            .collect();
        let openers = words_of("opener", false).map(|(w, _)| (w, ())).collect();

        // --- gate: built from the context lexicon before it moves into the struct
        let gate_cues = super::analyze::GateCues::compile(&cb.patterns, &ctx_entries, &ctx_groups)
            .map_err(|e| {
                invalid(
                    "cues.rules",
                    0,
                    format!("cannot compile gate automaton: {e}"),
                )
            })?;
        // --- end gate
        Ok(Lexicon {
            trigger_scan,
            trigger_patterns,
            triggers,
            ctx_scan,
            ctx_patterns: cb.patterns,
            ctx_entries,
            ctx_groups,
            dates,
            abbreviation_shapes: shapes(abbreviations.keys()),
            abbreviations,
            openers,
            restriction_objects: sense.objects,
            dated_past: sense.dated_past,
            role_shapes: shapes(role_words.keys()),
            role_words,
            // --- gate
            gate_cues,
        })
    }

    /// Is `word` in the actors.rules word list `list`?
    pub fn role_word(&self, list: RoleList, word: &str) -> bool {
        has_shape(&self.role_shapes, word)
            && lookup(&self.role_words, word).is_some_and(|bits| bits & list as u16 != 0)
    }

    /// Is `word` (without its final period) a known abbreviation? `Some(true)` when it may
    /// also close a sentence ("U.S.", "a.m."), `Some(false)` when a name or number always
    /// follows ("Gov.", "No.", "Jan.").
    pub fn abbreviation(&self, word: &str) -> Option<bool> {
        if !has_shape(&self.abbreviation_shapes, word) {
            return None;
        }
        lookup(&self.abbreviations, word)
    }

    /// Is `word` something a generic ban or freeze acts on as a sanction ("assets",
    /// "imports")?
    pub fn is_restriction_object(&self, word: &str) -> bool {
        lookup_ref(&self.restriction_objects, word).is_some()
    }

    /// The [dated_past] phrase starting at token `i` of `sent` ("last year"), if any.
    pub fn dated_past_at(&self, sent: &Sentence<'_, '_>, i: usize) -> Option<&[String]> {
        // The first word is read once and rejects most phrases by its length alone.
        let first = sent.w(i);
        self.dated_past
            .iter()
            .find(|p| {
                p.first().is_some_and(|w| w.eq_ignore_ascii_case(first))
                    && p.iter()
                        .enumerate()
                        .skip(1)
                        .all(|(k, w)| sent.w(i + k).eq_ignore_ascii_case(w))
            })
            .map(Vec::as_slice)
    }

    /// Does `word` open a new sentence after an abbreviation that may close one?
    pub fn is_opener(&self, word: &str) -> bool {
        lookup(&self.openers, word).is_some()
    }
}

/// Is the character ending at byte `i` alphanumeric? `None` at the start of the text.
/// ASCII is decided from the byte; anything else is decoded.
#[inline]
fn alnum_before(text: &str, i: usize) -> Option<bool> {
    match text.as_bytes().get(i.checked_sub(1)?) {
        Some(b) if b.is_ascii() => Some(b.is_ascii_alphanumeric()),
        _ => text
            .get(..i)?
            .chars()
            .next_back()
            .map(char::is_alphanumeric),
    }
}

/// Is the character starting at byte `i` alphanumeric? `None` at the end of the text.
#[inline]
fn alnum_at(text: &str, i: usize) -> Option<bool> {
    match text.as_bytes().get(i) {
        Some(b) if b.is_ascii() => Some(b.is_ascii_alphanumeric()),
        _ => text.get(i..)?.chars().next().map(char::is_alphanumeric),
    }
}

/// Does the match `[s, e)` sit on word boundaries in `text`?
#[inline]
pub(crate) fn on_word_boundary(text: &str, s: usize, e: usize) -> bool {
    // ASCII neighbours (nearly always) are decided from the bytes alone; past either end
    // of the text stands a space.
    let bytes = text.as_bytes();
    let at = |i: usize| bytes.get(i).copied().unwrap_or(b' ');
    let (before_s, at_s) = (at(s.wrapping_sub(1)), at(s));
    let (before_e, at_e) = (at(e.wrapping_sub(1)), at(e));
    if (before_s | at_s | before_e | at_e) < 0x80 {
        let alnum = |b: u8| b.is_ascii_alphanumeric();
        return (!alnum(before_s) || !alnum(at_s)) && (!alnum(at_e) || !alnum(before_e));
    }
    on_word_boundary_decoded(text, s, e)
}

/// [`on_word_boundary`] with the neighbouring characters decoded.
#[inline(never)]
fn on_word_boundary_decoded(text: &str, s: usize, e: usize) -> bool {
    let before_ok = alnum_before(text, s).is_none_or(|a| !a) || alnum_at(text, s) == Some(false);
    let after_ok = alnum_at(text, e).is_none_or(|a| !a) || alnum_before(text, e) == Some(false);
    before_ok && after_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typo_variants_cover_common_misspellings() {
        let v = typo_variants("tariffs");
        assert!(v.contains(&"tarrifs".to_string()));
        assert!(v.contains(&"tarifs".to_string()));
        assert!(v.contains(&"tariffss".to_string()));
        let v = typo_variants("sanctions");
        assert!(v.contains(&"sanctons".to_string()));
        assert!(v.contains(&"santcions".to_string()));
        assert!(!v.contains(&"sanctions".to_string()));
    }

    #[test]
    fn builtin_compiles() {
        let lex = Lexicon::compile(&RuleSources::builtin());
        assert!(lex.is_ok(), "{:?}", lex.err());
    }

    #[test]
    fn word_boundaries() {
        assert!(on_word_boundary("a tariff.", 2, 8));
        assert!(!on_word_boundary("tariffs", 0, 6));
        assert!(!on_word_boundary("Indiana", 0, 6));
        assert!(on_word_boundary("U.S.-imposed", 0, 4));
        // Non-ASCII neighbours are decoded: a letter joins the word, a dash does not.
        assert!(!on_word_boundary("étariff", 2, 8));
        assert!(on_word_boundary("—tariff—", 3, 9));
        assert!(!on_word_boundary("tariffé", 0, 6));
    }

    /// The compile error (if any) of the built-in rules with `file` replaced by `text`.
    fn compile_error_with(file: &str, text: &str) -> Option<String> {
        let mut src = RuleSources::builtin();
        if let Some(f) = src.files.iter_mut().find(|(n, _)| n == file) {
            f.1 = text.to_string();
        }
        Lexicon::compile(&src).err().map(|e| e.to_string())
    }

    /// The word-list sections of exclusions.rules are checked at load and name their line.
    #[test]
    fn bad_word_list_entries_name_file_and_line() {
        let with = |extra: &str| {
            compile_error_with("exclusions.rules", &format!("[sanction]\nchurch\n{extra}"))
        };
        for (extra, want) in [
            // "tariffs" is not a weak sanction trigger; "ban" is no trigger at all.
            ("[generic_restriction]\ntariffs\n", "exclusions.rules:4"),
            ("[generic_restriction]\nbanned\nban\n", "exclusions.rules:5"),
            (
                "[restriction_object]\nbank accounts\n",
                "exclusions.rules:4",
            ),
            ("[local_stem]\nduty | soft\n", "exclusions.rules:4"),
            ("[local_stems]\nduty\n", "unknown section"),
        ] {
            let err = with(extra);
            assert!(
                err.as_deref().unwrap_or("").contains(want),
                "{extra}: {err:?}"
            );
        }
        let ok = with("[generic_restriction]\nfroze\n[restriction_object]\nassets\n");
        assert!(ok.is_none(), "{ok:?}");
    }

    #[test]
    fn word_lists_load_from_the_rules() {
        let lex = Lexicon::compile(&RuleSources::builtin());
        let Ok(lex) = lex else {
            panic!("builtin rules: {:?}", lex.err());
        };
        let generic = |p: &str| lex.triggers.iter().any(|t| t.phrase == p && t.generic);
        assert!(generic("froze") && generic("ban on"));
        assert!(!generic("sanctions") && !generic("embargo"));
        assert!(lex.is_restriction_object("Assets") && !lex.is_restriction_object("salaries"));
        // Exclusions holding a [local_stem] are marked local when loaded.
        let local = |p: &str| {
            lex.ctx_entries
                .iter()
                .filter(|e| e.phrase == p)
                .find_map(|e| match e.payload {
                    Payload::Exclusion { local, .. } => Some(local),
                    _ => None,
                })
        };
        assert_eq!(local("stamp duty"), Some(true));
        assert_eq!(local("electricity"), Some(false));
    }

    /// The word-list sections of actors.rules load, and bad entries name their line.
    #[test]
    fn role_word_lists_load_and_are_checked() {
        let Ok(lex) = Lexicon::compile(&RuleSources::builtin()) else {
            panic!("builtin rules");
        };
        assert!(lex.role_word(RoleList::Placing, "Placed"));
        assert!(lex.role_word(RoleList::Reporting, "said"));
        assert!(!lex.role_word(RoleList::Reporting, "placed"));
        assert!(lex.role_word(RoleList::StateNoun, "ministry"));
        assert!(
            lex.role_word(RoleList::Buying, "buyers") && lex.role_word(RoleList::Owning, "held")
        );
        assert!(
            lex.role_word(RoleList::Based, "firms") && !lex.role_word(RoleList::People, "goods")
        );
        let with = |text: &str| compile_error_with("actors.rules", text);
        for (text, want) in [
            (
                "[country]\nFrance | FR\n[placing]\nput on\n",
                "actors.rules:4",
            ),
            ("[reporting]\nsaid\nsays | US\n", "actors.rules:3"),
            ("[reporters]\nsaid\n", "unknown section"),
        ] {
            let err = with(text);
            assert!(
                err.as_deref().unwrap_or("").contains(want),
                "{text}: {err:?}"
            );
        }
    }

    #[test]
    fn bad_file_names_file_and_line() {
        let mut src = RuleSources::builtin();
        if let Some(f) = src.files.iter_mut().find(|(n, _)| n == "actors.rules") {
            f.1 = "[country]\nFrance | FR\nSpain | spain\n".to_string();
        }
        let err = Lexicon::compile(&src).err().map(|e| e.to_string());
        assert!(
            err.as_deref().unwrap_or("").contains("actors.rules:3"),
            "{err:?}"
        );
    }
}
