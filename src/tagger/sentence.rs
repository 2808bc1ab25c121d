//! Sentence boundaries and tokens. Only the sentences around trigger hits are ever
//! segmented, so this is written to start from any byte position.

use super::lexicon::Lexicon;

/// A token: a run of letters/digits, or one punctuation character. Byte offsets into the
/// field text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Tok {
    pub s: usize,
    pub e: usize,
}

/// Does a sentence end at the terminator byte `i` (`.`, `!`, `?`) of `text`?
fn ends_at(text: &str, i: usize, lex: &Lexicon) -> Option<usize> {
    let bytes = text.as_bytes();
    // Closing quotes/brackets may follow the terminator.
    let mut j = i + 1;
    while j < bytes.len() && matches!(bytes[j], b'"' | b'\'' | b')') {
        j += 1;
    }
    // Curly closing quotes (3 bytes each).
    while matches!(bytes.get(j..j + 3), Some(b"\xe2\x80\x9d" | b"\xe2\x80\x99")) {
        j += 3;
    }
    let rest = &text[j..];
    let next = match rest.as_bytes() {
        // The usual case, one space and an ASCII character, read without decoding.
        &[b' ', n, ..] if n.is_ascii() && !char::from(n).is_whitespace() => char::from(n),
        _ => {
            let mut chars = rest.chars();
            match chars.next() {
                None => return Some(j),
                Some(c) if c.is_whitespace() => {}
                Some(_) => return None,
            }
            let next = rest.trim_start().chars().next();
            let Some(next) = next else { return Some(j) };
            next
        }
    };
    if !(next.is_uppercase() || next.is_ascii_digit() || "\"'\u{201c}\u{2018}(".contains(next)) {
        return None;
    }
    if bytes[i] != b'.' {
        return Some(j);
    }
    // The word before the period: an abbreviation or a single initial does not end it.
    let head = &text[..i];
    let word = &head[word_start_before(head)..];
    let mut word_chars = word.chars();
    if matches!((word_chars.next(), word_chars.next()), (Some(c), None) if c.is_alphabetic()) {
        return None;
    }
    match lex.abbreviation(word) {
        None => Some(j),
        Some(false) => None,
        // "in the U.S. The ministry said" ends; "U.S. Treasury", "12:01 a.m. EDT" go on.
        Some(true) => {
            // Only an opener word ends it: a quote or number goes on ("a 26% U.S.
            // \"reciprocal\" tariff").
            let first = rest.trim_start();
            let w_end = first
                .find(|c: char| !c.is_alphanumeric())
                .unwrap_or(first.len());
            (w_end > 0 && lex.is_opener(&first[..w_end])).then_some(j)
        }
    }
}

/// Byte offset of the word that ends `head`: after the last whitespace, `(` or `"`.
fn word_start_before(head: &str) -> usize {
    let bytes = head.as_bytes();
    // ASCII bytes are tested directly; a non-ASCII byte before the word's start sends the
    // search to the decoded characters (Unicode whitespace).
    for (p, &b) in bytes.iter().enumerate().rev() {
        if b >= 0x80 {
            break;
        }
        if b.is_ascii_whitespace() || b == 0x0B || b == b'(' || b == b'"' {
            return p + 1;
        }
        if p == 0 {
            return 0;
        }
    }
    head.char_indices()
        .rev()
        .find(|(_, c)| c.is_whitespace() || *c == '(' || *c == '"')
        .map(|(p, c)| p + c.len_utf8())
        .unwrap_or(0)
}

/// The sentence `[start, end)` containing byte `pos`, not starting before `floor`.
/// Newlines always end sentences; `.`, `!`, `?` end one before a capital or digit.
///
/// Terminators are found with `memchr` (SIMD) rather than byte by byte: the search visits
/// only the candidate terminators, and a newline is looked for only between the previous
/// candidate and the next, so the work stays bounded by the sentence as before.
pub(crate) fn sentence_at(text: &str, pos: usize, floor: usize, lex: &Lexicon) -> (usize, usize) {
    let bytes = text.as_bytes();
    let mut start = floor;
    let mut i = pos.min(bytes.len());
    while i > floor {
        let window = bytes.get(floor..i).unwrap_or_default();
        let term = memchr::memrchr3(b'.', b'!', b'?', window).map(|q| floor + q);
        let nl_from = term.map_or(floor, |q| q + 1);
        let nl_window = bytes.get(nl_from..i).unwrap_or_default();
        if let Some(nl) = memchr::memrchr(b'\n', nl_window) {
            start = nl_from + nl + 1;
            break;
        }
        let Some(q) = term else { break };
        if let Some(after) = ends_at(text, q, lex) {
            start = after.min(pos.max(q + 1));
            break;
        }
        i = q;
    }
    let mut end = bytes.len();
    let mut k = pos.min(bytes.len());
    while k < bytes.len() {
        let window = bytes.get(k..).unwrap_or_default();
        let term = memchr::memchr3(b'.', b'!', b'?', window).map(|q| k + q);
        let nl_window = bytes
            .get(k..term.unwrap_or(bytes.len()))
            .unwrap_or_default();
        if let Some(nl) = memchr::memchr(b'\n', nl_window) {
            end = k + nl;
            break;
        }
        let Some(q) = term else { break };
        if let Some(after) = ends_at(text, q, lex) {
            end = after;
            break;
        }
        k = q + 1;
    }
    // Trim whitespace at both ends (ASCII and Unicode).
    let slice = &text[start..end];
    let lead = slice.len() - slice.trim_start().len();
    let trail = slice.len() - slice.trim_end().len();
    let s = start + lead;
    let e = (end - trail).max(s);
    (s, e)
}

/// Token classes of bytes: an ASCII letter or digit, ASCII whitespace
/// (`u8::is_ascii_whitespace`), other ASCII (punctuation: a token of its own), or the
/// lead/continuation byte of a non-ASCII character (decoded and classified as a `char`).
const WORD: u8 = 1;
const SPACE: u8 = 2;
const PUNCT: u8 = 0;
const NON_ASCII: u8 = 3;
const CLASS: [u8; 256] = {
    let mut t = [NON_ASCII; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        t[b] = if c.is_ascii_alphanumeric() {
            WORD
        } else if c.is_ascii_whitespace() {
            SPACE
        } else {
            PUNCT
        };
        b += 1;
    }
    t
};

/// Tokenizes `text[range]` into `out` (cleared first).
#[cfg(test)]
pub(crate) fn tokenize(text: &str, start: usize, end: usize, out: &mut Vec<Tok>) {
    out.clear();
    each_token(text, start, end, |t| out.push(t));
}

/// Tokenizes `text[range]` into `toks` and the token texts into `words` (both cleared
/// first), in one pass.
#[inline]
pub(crate) fn tokenize_words<'a>(
    text: &'a str,
    start: usize,
    end: usize,
    toks: &mut Vec<Tok>,
    words: &mut Vec<&'a str>,
) {
    toks.clear();
    words.clear();
    each_token(text, start, end, |t| {
        toks.push(t);
        words.push(text.get(t.s..t.e).unwrap_or(""));
    });
}

/// Calls `out` with every token of `text[range]`, in order.
#[inline(always)]
fn each_token(text: &str, start: usize, end: usize, mut out: impl FnMut(Tok)) {
    // Reading through `get` on the prefix ending at `end` tests each position once, for
    // the end of the range and the bounds together.
    let Some(bytes) = text.as_bytes().get(..end) else {
        return;
    };
    let mut word: Option<usize> = None;
    let mut p = start;
    while let Some(&b) = bytes.get(p) {
        // ASCII is classified by table (runs of word bytes in one inner loop); other
        // characters are decoded.
        let (alnum, space, len) = match CLASS[usize::from(b)] {
            WORD => {
                if word.is_none() {
                    word = Some(p);
                }
                p = word_run_end(bytes, p + 1);
                continue;
            }
            SPACE => (false, true, 1),
            PUNCT => (false, false, 1),
            _ => match text.get(p..).and_then(|r| r.chars().next()) {
                Some(c) => (c.is_alphanumeric(), c.is_whitespace(), c.len_utf8()),
                None => break,
            },
        };
        if alnum {
            if word.is_none() {
                word = Some(p);
            }
        } else {
            if let Some(ws) = word.take() {
                out(Tok { s: ws, e: p });
            }
            if !space {
                out(Tok { s: p, e: p + len });
            }
        }
        p += len;
    }
    if let Some(ws) = word {
        out(Tok { s: ws, e: end });
    }
}

/// The end of the run of ASCII letters and digits that goes on at `p`. While eight bytes
/// remain they are tested as one `[u8; 8]` chunk, which the compiler unrolls (one end test
/// per chunk instead of per byte); words are the bulk of every tokenized sentence.
#[inline(always)]
fn word_run_end(bytes: &[u8], mut p: usize) -> usize {
    while let Some(Ok(chunk)) = bytes.get(p..p + 8).map(<&[u8; 8]>::try_from) {
        for (i, &b) in chunk.iter().enumerate() {
            if CLASS[usize::from(b)] != WORD {
                return p + i;
            }
        }
        p += 8;
    }
    while bytes.get(p).is_some_and(|&b| CLASS[usize::from(b)] == WORD) {
        p += 1;
    }
    p
}

/// Index of the first token ending after byte `pos`.
pub(crate) fn tok_at(toks: &[Tok], pos: usize) -> usize {
    toks.partition_point(|t| t.e <= pos)
}

/// Character offset of byte `pos` in `text`.
pub(crate) fn char_offset(text: &str, pos: usize) -> usize {
    text.get(..pos).map_or(0, |s| s.chars().count())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tagger::rules::RuleSources;

    fn lex() -> Option<Lexicon> {
        Lexicon::compile(&RuleSources::builtin()).ok()
    }

    #[test]
    fn abbreviations_do_not_split() {
        let Some(lex) = lex() else { panic!("rules") };
        let t = "The U.S. Treasury acted on Aug. 1 against Iran. Then China replied.";
        let p = t.find("Iran").unwrap_or(0);
        let (s, e) = sentence_at(t, p, 0, &lex);
        assert_eq!(&t[s..e], "The U.S. Treasury acted on Aug. 1 against Iran.");
        let p = t.find("China").unwrap_or(0);
        let (s, e) = sentence_at(t, p, 0, &lex);
        assert_eq!(&t[s..e], "Then China replied.");
    }

    #[test]
    fn abbreviations_that_may_close_a_sentence() {
        let Some(lex) = lex() else { panic!("rules") };
        let one = |t: &str, at: &str| {
            let (s, e) = sentence_at(t, t.find(at).unwrap_or(0), 0, &lex);
            t[s..e].to_string()
        };
        // A time zone or a name goes on; an opener word starts a new sentence.
        let t = "The duties start at 12:01 a.m. EDT on Thursday. Then it ends.";
        assert_eq!(
            one(t, "Thursday"),
            "The duties start at 12:01 a.m. EDT on Thursday."
        );
        let t = "Fees apply after 5 p.m. Eastern time on Friday, a U.S. Customs notice said.";
        assert_eq!(one(t, "Friday"), t);
        let t = "Steel flooded into the U.S. The ministry said it would act by Friday.";
        assert_eq!(
            one(t, "ministry"),
            "The ministry said it would act by Friday."
        );
        let t = "The vote ended at 4 p.m. It was close.";
        assert_eq!(one(t, "close"), "It was close.");
        // Titles, "No." and months never close one.
        let t = "Gov. Smith signed law No. 12 on Jan. Friday.";
        assert_eq!(one(t, "Friday"), t);
    }

    #[test]
    fn newline_and_quotes() {
        let Some(lex) = lex() else { panic!("rules") };
        let t = "He said “no.” Then more\nnext line é.";
        let p = t.find("more").unwrap_or(0);
        let (s, e) = sentence_at(t, p, 0, &lex);
        assert_eq!(&t[s..e], "Then more");
        let p = t.find("next").unwrap_or(0);
        let (s, e) = sentence_at(t, p, 0, &lex);
        assert_eq!(&t[s..e], "next line é.");
    }

    #[test]
    fn word_before_a_period() {
        for head in [
            "",
            "U.S",
            "the U.S",
            "(Gov",
            "said \"No",
            "a\u{b}Jan",
            "tab\tNo",
            "x\u{a0}Gov",
            "é Aug",
            "Zürich",
            "in Zürich",
            "a\u{2003}b",
            "(",
            "end ",
        ] {
            let want = head
                .char_indices()
                .rev()
                .find(|(_, c)| c.is_whitespace() || *c == '(' || *c == '"')
                .map(|(p, c)| p + c.len_utf8())
                .unwrap_or(0);
            assert_eq!(word_start_before(head), want, "{head:?}");
        }
    }

    /// The tokenizer against a plain char-by-char reading, on words of every length around
    /// the unrolled chunk (1 to 20 bytes), ASCII and not, at every cut of the text.
    #[test]
    fn tokens_match_a_char_by_char_reading() {
        let reference = |t: &str, start: usize, end: usize| -> Vec<Tok> {
            let mut out = Vec::new();
            let mut word: Option<usize> = None;
            for (i, c) in t[start..end].char_indices() {
                let p = start + i;
                if c.is_alphanumeric() {
                    word.get_or_insert(p);
                    continue;
                }
                if let Some(ws) = word.take() {
                    out.push(Tok { s: ws, e: p });
                }
                if !c.is_whitespace() {
                    out.push(Tok {
                        s: p,
                        e: p + c.len_utf8(),
                    });
                }
            }
            if let Some(ws) = word {
                out.push(Tok { s: ws, e: end });
            }
            out
        };
        let mut text = String::new();
        for n in 1..=20 {
            text.push_str(&"abcdefghij0123456789"[..n]);
            text.push_str([" ", ", ", "-", "é", "\u{a0}", "’s "][n % 6]);
        }
        let mut got = Vec::new();
        for start in (0..text.len()).filter(|&i| text.is_char_boundary(i)) {
            tokenize(&text, start, text.len(), &mut got);
            assert_eq!(got, reference(&text, start, text.len()), "from {start}");
        }
        for end in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
            tokenize(&text, 0, end, &mut got);
            assert_eq!(got, reference(&text, 0, end), "to {end}");
        }
    }

    #[test]
    fn sentence_ends_after_spaces_of_any_kind() {
        let Some(lex) = lex() else { panic!("rules") };
        let one = |t: &str, at: &str| {
            let (s, e) = sentence_at(t, t.find(at).unwrap_or(0), 0, &lex);
            t[s..e].to_string()
        };
        assert_eq!(one("It ended.\u{b}Then more.", "Then"), "Then more.");
        assert_eq!(one("It ended. \u{b}Then more.", "Then"), "Then more.");
        assert_eq!(one("It ended.\u{a0}Then more.", "Then"), "Then more.");
        assert_eq!(one("It ended. then more.", "then"), "It ended. then more.");
        assert_eq!(one("It ended.’ Then more.", "Then"), "Then more.");
        assert_eq!(one("It ended.” “Then more.", "Then"), "“Then more.");
        assert_eq!(one("Ask Mr. X. He went.", "went"), "Ask Mr. X. He went.");
    }

    #[test]
    fn tokens_and_char_offsets() {
        let t = "25% é-tariff";
        let mut v = Vec::new();
        tokenize(t, 0, t.len(), &mut v);
        let words: Vec<&str> = v.iter().map(|k| &t[k.s..k.e]).collect();
        assert_eq!(words, vec!["25", "%", "é", "-", "tariff"]);
        assert_eq!(char_offset(t, t.find("tariff").unwrap_or(0)), 6);
    }
}
