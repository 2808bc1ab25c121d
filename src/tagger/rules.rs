//! Rule files: reading, parsing and the shared line format.
//!
//! Every rule file is plain text an analyst can edit without recompiling:
//!
//! ```text
//! # comment to end of line
//! [section]
//! phrase                    # bare entry
//! phrase | attributes       # entry with attributes after `|`
//! ```
//!
//! `{a,b,}` inside a phrase expands to alternatives (several groups multiply), so
//! `tariff{,s}` is `tariff` and `tariffs`. Errors name the file and the line.

use std::path::Path;

use sha2::{Digest, Sha256};

use super::RulesError;

/// The rule files, in the order they are digested. All are required.
pub(crate) const RULE_FILES: [&str; 7] = [
    "triggers.rules",
    "cues.rules",
    "exclusions.rules",
    "actors.rules",
    "products.rules",
    "dates.rules",
    "sentence.rules",
];

/// The rules shipped in the binary.
pub(crate) const BUILTIN: [(&str, &str); 7] = [
    (
        "triggers.rules",
        include_str!("../../config/rules/triggers.rules"),
    ),
    ("cues.rules", include_str!("../../config/rules/cues.rules")),
    (
        "exclusions.rules",
        include_str!("../../config/rules/exclusions.rules"),
    ),
    (
        "actors.rules",
        include_str!("../../config/rules/actors.rules"),
    ),
    (
        "products.rules",
        include_str!("../../config/rules/products.rules"),
    ),
    (
        "dates.rules",
        include_str!("../../config/rules/dates.rules"),
    ),
    (
        "sentence.rules",
        include_str!("../../config/rules/sentence.rules"),
    ),
];

/// The text of every rule file, by name.
#[derive(Debug, Clone)]
pub(crate) struct RuleSources {
    pub files: Vec<(String, String)>,
}

impl RuleSources {
    pub fn builtin() -> RuleSources {
        RuleSources {
            files: BUILTIN
                .iter()
                .map(|(n, t)| ((*n).to_string(), (*t).to_string()))
                .collect(),
        }
    }

    pub fn from_dir(dir: &Path) -> Result<RuleSources, RulesError> {
        let mut files = Vec::with_capacity(RULE_FILES.len());
        for name in RULE_FILES {
            let path = dir.join(name);
            let text = std::fs::read_to_string(&path).map_err(|source| RulesError::Io {
                path: path.display().to_string(),
                source,
            })?;
            files.push((name.to_string(), text));
        }
        Ok(RuleSources { files })
    }

    /// The text of file `name` (always present: both constructors load every file).
    pub fn get(&self, name: &str) -> &str {
        self.files
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, t)| t.as_str())
            .unwrap_or("")
    }

    /// `sha256:<hex>` over every file's name and text, so a tag traces to its rules.
    pub fn digest(&self) -> String {
        let mut h = Sha256::new();
        for (name, text) in &self.files {
            h.update(name.as_bytes());
            h.update([0u8]);
            h.update(text.as_bytes());
            h.update([0u8]);
        }
        let out = h.finalize();
        let mut s = String::with_capacity(7 + 64);
        s.push_str("sha256:");
        for b in out {
            s.push_str(&format!("{b:02x}"));
        }
        s
    }
}

/// One entry of a rule file, after brace expansion (one per alternative).
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    pub phrase: String,
    /// Raw text after `|`, trimmed; empty when none.
    pub attrs: String,
    pub line: usize,
}

/// A `[section]` and its entries.
#[derive(Debug, Clone)]
pub(crate) struct Section {
    pub name: String,
    pub entries: Vec<Entry>,
}

/// Builds the error for `file` at `line`.
pub(crate) fn invalid(file: &str, line: usize, message: impl Into<String>) -> RulesError {
    RulesError::Invalid {
        path: format!("{file}:{line}"),
        message: message.into(),
    }
}

/// Parses one file into sections. Entries before any section header are an error.
pub(crate) fn parse(file: &str, text: &str) -> Result<Vec<Section>, RulesError> {
    let mut sections: Vec<Section> = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line_no = i + 1;
        let line = match raw.find('#') {
            Some(p) => &raw[..p],
            None => raw,
        }
        .trim();
        if line.is_empty() {
            continue;
        }
        if let Some(rest) = line.strip_prefix('[') {
            let name = rest
                .strip_suffix(']')
                .ok_or_else(|| invalid(file, line_no, "section header must end with `]`"))?
                .trim();
            if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                return Err(invalid(file, line_no, format!("bad section name `{name}`")));
            }
            sections.push(Section {
                name: name.to_string(),
                entries: Vec::new(),
            });
            continue;
        }
        let section = sections
            .last_mut()
            .ok_or_else(|| invalid(file, line_no, "entry before any [section] header"))?;
        let (phrase, attrs) = match line.split_once('|') {
            Some((p, a)) => (p.trim(), a.trim()),
            None => (line, ""),
        };
        if phrase.is_empty() {
            return Err(invalid(file, line_no, "empty phrase"));
        }
        for alt in expand_braces(phrase).map_err(|m| invalid(file, line_no, m))? {
            let alt = alt.split_whitespace().collect::<Vec<_>>().join(" ");
            if alt.is_empty() {
                return Err(invalid(file, line_no, "phrase expands to an empty string"));
            }
            section.entries.push(Entry {
                phrase: alt,
                attrs: attrs.to_string(),
                line: line_no,
            });
        }
    }
    Ok(sections)
}

/// Expands `{a,b}` groups: `x{a,b}y{1,2}` gives `xay1 xay2 xby1 xby2`.
pub(crate) fn expand_braces(phrase: &str) -> Result<Vec<String>, String> {
    let Some(open) = phrase.find('{') else {
        if phrase.contains('}') {
            return Err("unmatched `}`".to_string());
        }
        return Ok(vec![phrase.to_string()]);
    };
    let close = phrase[open..]
        .find('}')
        .map(|c| open + c)
        .ok_or_else(|| "unmatched `{`".to_string())?;
    let head = &phrase[..open];
    let body = &phrase[open + 1..close];
    if body.contains('{') {
        return Err("nested `{` is not supported".to_string());
    }
    let tails = expand_braces(&phrase[close + 1..])?;
    let mut out = Vec::new();
    for alt in body.split(',') {
        for tail in &tails {
            // Kept verbatim: `{the ,}end` must give "the end" (spaces are normalised later).
            out.push(format!("{head}{alt}{tail}"));
        }
    }
    Ok(out)
}

/// Key/value attributes (`weight=2 verb`): the value of `key`, if present.
pub(crate) fn attr<'a>(attrs: &'a str, key: &str) -> Option<&'a str> {
    attrs
        .split_whitespace()
        .find_map(|a| match a.split_once('=') {
            Some((k, v)) if k == key => Some(v),
            None if a == key => Some(""),
            _ => None,
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn braces_expand_and_multiply() {
        assert_eq!(
            expand_braces("tariff{,s}").unwrap_or_default(),
            vec!["tariff", "tariffs"]
        );
        assert_eq!(expand_braces("{a,b} {1,2}").unwrap_or_default().len(), 4);
        assert_eq!(
            expand_braces("by {the ,}end").unwrap_or_default(),
            vec!["by the end", "by end"]
        );
        assert!(expand_braces("x{a").is_err());
        assert!(expand_braces("x}a").is_err());
    }

    #[test]
    fn parse_sections_and_errors_name_the_line() {
        let s = parse("t.rules", "# c\n[a]\nfoo | x=1 # c\nbar{,s}\n").unwrap_or_default();
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].entries.len(), 3);
        assert_eq!(s[0].entries[0].attrs, "x=1");
        let err = parse("t.rules", "\n\nfoo\n").err().map(|e| e.to_string());
        assert!(err.unwrap_or_default().contains("t.rules:3"));
        let err = parse("t.rules", "[a\n").err().map(|e| e.to_string());
        assert!(err.unwrap_or_default().contains("t.rules:1"));
    }

    #[test]
    fn attributes() {
        assert_eq!(attr("weight=2 verb", "weight"), Some("2"));
        assert_eq!(attr("weight=2 verb", "verb"), Some(""));
        assert_eq!(attr("weight=2 verb", "cs"), None);
    }

    #[test]
    fn builtin_rules_parse() {
        for (name, text) in BUILTIN {
            assert!(parse(name, text).is_ok(), "{name}");
        }
    }
}
