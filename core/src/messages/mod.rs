//! Every sentence a person reads, one catalogue per language (DOCS-2).
//!
//! A catalogue is a table of stable keys (`error.quote_expired`, `field.exp_month`, ...) and the
//! text for each, with named placeholders in braces (`{max}`). The English and the German tables
//! hold the same keys with the same placeholders; a test fails when they drift apart, when a text
//! is empty, or when a German text is the English one left untranslated.
//!
//! Adding a language is one file beside `de.rs` and `en.rs`, one arm in [`catalogue`] (and the
//! new [`Language`] case), and the language in the tests' list: the tests then check the new table
//! against the English one key by key.
//!
//! The developer text of an error (`Display`) stays English and technical, for logs; the sentence
//! for a person is [`Error::message`](crate::Error::message).
//!
//! ```
//! use corporate_billing::{messages, Error, Language};
//! let e = Error::InvalidInput { field: "exp_month".into(), reason: "must be 1 to 12".into() };
//! assert_eq!(e.message(Language::De), "Der Ablaufmonat muss zwischen 1 und 12 liegen.");
//! assert_eq!(e.message(Language::En), "The expiry month must be between 1 and 12.");
//! assert_eq!(messages::text(Language::De, "reason.too_long", &[("max", "100")]),
//!            "Bitte geben Sie höchstens 100 Zeichen ein.");
//! ```

mod de;
mod en;
mod errors;

use crate::values::Language;
use std::collections::HashMap;
use std::sync::LazyLock;

pub use errors::error_message;

/// One catalogue: every key with its text.
type Entries = &'static [(&'static str, &'static str)];

/// The table of `lang`, as written in its file.
pub fn catalogue(lang: Language) -> &'static [(&'static str, &'static str)] {
    match lang {
        Language::De => de::ENTRIES,
        Language::En => en::ENTRIES,
    }
}

static INDEX: LazyLock<HashMap<(Language, &'static str), &'static str>> = LazyLock::new(|| {
    let mut index = HashMap::new();
    for lang in Language::ALL {
        let entries: Entries = catalogue(lang);
        for (key, text) in entries {
            index.insert((lang, *key), *text);
        }
    }
    index
});

/// The text of `key` in `lang` with its placeholders unfilled, or `None` for an unknown key.
pub fn raw(lang: Language, key: &str) -> Option<&'static str> {
    INDEX.get(&(lang, key)).copied()
}

/// Whether the catalogues know `key`.
pub fn has(key: &str) -> bool {
    raw(Language::En, key).is_some()
}

/// The text of `key` in `lang`, each `{name}` replaced by the value given for `name`.
///
/// An unknown key gives the key itself, and a placeholder without a value stays as written:
/// both show up in the language test, which fails on them, rather than as an empty sentence.
pub fn text(lang: Language, key: &str, args: &[(&str, &str)]) -> String {
    match raw(lang, key) {
        Some(template) => fill(template, args),
        None => key.to_owned(),
    }
}

/// `template` with each `{name}` that `args` names replaced by its value.
pub fn fill(template: &str, args: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                let name = &after[..close];
                match args.iter().find(|(n, _)| *n == name) {
                    Some((_, value)) => out.push_str(value),
                    None => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// The names of the placeholders in `template`, in order of appearance.
pub fn placeholders(template: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else { break };
        names.push(&after[..close]);
        rest = &after[close + 1..];
    }
    names
}

/// Whether `output` still holds a `{name}` placeholder: a text rendered without all its values.
pub fn has_unfilled_placeholder(output: &str) -> bool {
    let mut rest = output;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else { return false };
        let name = &after[..close];
        if !name.is_empty() && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_') {
            return true;
        }
        rest = &after[close + 1..];
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    /// Texts that are rightly the same word in both languages: names, codes, loan words.
    const SAME_IN_BOTH: &[&str] = &[
        "field.iban",
        "field.bic",
        "field.status",
        "field.plan",
        "field.name",
        "field.leitweg_id",
        "error.invalid_input",
    ];

    // DOMAIN: DOCS-2
    #[test]
    fn every_language_has_every_key_with_the_same_placeholders() {
        let english: BTreeSet<&str> = catalogue(Language::En).iter().map(|(k, _)| *k).collect();
        assert_eq!(english.len(), catalogue(Language::En).len(), "a key is listed twice in en");
        for lang in Language::ALL {
            let table = catalogue(lang);
            let keys: BTreeSet<&str> = table.iter().map(|(k, _)| *k).collect();
            assert_eq!(keys.len(), table.len(), "a key is listed twice in {lang:?}");
            let missing: Vec<_> = english.difference(&keys).collect();
            let extra: Vec<_> = keys.difference(&english).collect();
            assert!(missing.is_empty(), "{lang:?} lacks {missing:?}");
            assert!(extra.is_empty(), "{lang:?} has keys English lacks: {extra:?}");
            for (key, text) in table {
                assert!(!text.trim().is_empty(), "{lang:?} {key} is empty");
                let en = raw(Language::En, key).unwrap_or_default();
                let mut ours = placeholders(text);
                let mut theirs = placeholders(en);
                ours.sort_unstable();
                theirs.sort_unstable();
                assert_eq!(ours, theirs, "{lang:?} {key}: placeholders differ from English");
                if lang != Language::En {
                    assert!(text != &en || SAME_IN_BOTH.contains(key), "{lang:?} {key} is the English text: {text}");
                }
            }
        }
    }

    // DOMAIN: DOCS-2
    #[test]
    fn placeholders_are_filled_by_name_and_unfilled_ones_are_seen() {
        assert_eq!(fill("{a} and {b}, {a}", &[("a", "1"), ("b", "2")]), "1 and 2, 1");
        assert_eq!(fill("{a} and {b}", &[("a", "1")]), "1 and {b}");
        assert!(has_unfilled_placeholder(&fill("{a} and {b}", &[("a", "1")])));
        assert!(!has_unfilled_placeholder("a set {} and JSON {\"x\": 1}"));
        assert_eq!(text(Language::En, "no.such.key", &[]), "no.such.key");
        assert_eq!(
            text(Language::De, "reason.too_long", &[("max", "100")]),
            "Bitte geben Sie höchstens 100 Zeichen ein."
        );
    }
}
