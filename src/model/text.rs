//! Untrusted text made safe to draw, once, where it enters wharf.
//!
//! Every string from AWS or the sandbox was written by someone else: a stopped reason, a log line, an event
//! or an error message can carry terminal escape sequences (`ESC ] 0 ;` retitles the terminal, OSC 52 sets the
//! clipboard, `ESC [ 2 J` clears the screen) or bidirectional overrides that make text read other than it is.
//! The backends pass every model value they return through `clean` (via `Texts`), so the rest of wharf only
//! ever handles clean text; the drawing code keeps its own filter (`is_unsafe`) as a second line.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};

use unicode_width::UnicodeWidthChar;

/// What an unsafe character is drawn as: visible, one cell wide, and never part of an escape sequence.
pub const PLACEHOLDER: char = '\u{FFFD}';

/// Columns between tab stops when tabs are expanded.
const TAB_STOP: usize = 4;

/// How a string may be shown, which decides what happens to its line breaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// A name, an ARN, a status, an image: one line. Line breaks and tabs become spaces.
    Line,
    /// A message a view may wrap (an event, a log line, a stopped reason, an error): line breaks are kept as
    /// `\n` (`\r\n` and a lone `\r` included), trailing ones dropped; tabs are expanded.
    Prose,
}

/// A character that can drive a terminal or disguise text: C0 and C1 controls (ESC, BEL, the single-byte
/// CSI 0x9B, ...), DEL, the bidirectional marks, embeddings, overrides and isolates (U+061C, U+200E,
/// U+200F, U+202A-U+202E, U+2066-U+2069), and the invisible characters whose width terminals and ratatui
/// disagree on, so that a line holding them runs over its neighbours: the soft hyphen, the Hangul fillers,
/// zero-width spaces and joiners but ZWJ (which emoji sequences need), the line and paragraph separators, the
/// word joiner and invisible operators, the byte-order mark, interlinear annotations and the tag characters.
/// Tabs and line breaks are controls too: `clean` turns them into spaces or keeps `\n`.
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{00AD}'
                | '\u{061C}'
                | '\u{115F}'
                | '\u{1160}'
                | '\u{17B4}'
                | '\u{17B5}'
                | '\u{180B}'..='\u{180F}'
                | '\u{200B}'
                | '\u{200C}'
                | '\u{200E}'..='\u{200F}'
                | '\u{2028}'..='\u{202E}'
                | '\u{2060}'..='\u{206F}'
                | '\u{3164}'
                | '\u{FEFF}'
                | '\u{FFA0}'
                | '\u{FFF9}'..='\u{FFFB}'
                | '\u{E0000}'..='\u{E007F}'
        )
}

/// True when `s` holds nothing `clean` would change for this shape.
pub fn is_clean(s: &str, shape: Shape) -> bool {
    // Every unsafe character starts with one of these bytes in UTF-8: below 0x20, DEL, 0xC2 (C1 controls and
    // the soft hyphen), 0xD8 (U+061C), 0xE1 (U+1xxx), 0xE2 (U+2xxx), 0xE3 (U+3164), 0xEF (U+FExx, U+FFxx)
    // or 0xF3 (the tags), so most strings are passed on a byte scan alone.
    let suspect = s
        .bytes()
        .any(|b| b < 0x20 || matches!(b, 0x7F | 0xC2 | 0xD8 | 0xE1 | 0xE2 | 0xE3 | 0xEF | 0xF3));
    if !suspect {
        return true;
    }
    match shape {
        Shape::Line => !s.chars().any(is_unsafe),
        Shape::Prose => !s.chars().any(|c| c != '\n' && is_unsafe(c)) && !s.ends_with('\n'),
    }
}

/// `s` made safe for `shape`: unsafe characters become `PLACEHOLDER`, tabs are expanded, line breaks kept
/// only in prose. Borrowed when there was nothing to change.
pub fn clean(s: &str, shape: Shape) -> Cow<'_, str> {
    if is_clean(s, shape) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut column = 0;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\t' => {
                let spaces = TAB_STOP - column % TAB_STOP;
                out.extend(std::iter::repeat_n(' ', spaces));
                column += spaces;
            }
            '\r' | '\n' => {
                if c == '\r' && chars.peek() == Some(&'\n') {
                    chars.next();
                }
                match shape {
                    Shape::Line => {
                        out.push(' ');
                        column += 1;
                    }
                    Shape::Prose => {
                        out.push('\n');
                        column = 0;
                    }
                }
            }
            c if is_unsafe(c) => {
                out.push(PLACEHOLDER);
                column += 1;
            }
            c => {
                out.push(c);
                column += UnicodeWidthChar::width(c).unwrap_or(0);
            }
        }
    }
    if shape == Shape::Prose {
        out.truncate(out.trim_end_matches('\n').len());
    }
    Cow::Owned(out)
}

/// `clean` in place: no allocation when there was nothing to change.
pub fn clean_in_place(s: &mut String, shape: Shape) {
    if let Cow::Owned(cleaned) = clean(s, shape) {
        *s = cleaned;
    }
}

/// A value whose every string can be visited, each with the shape it is shown in. Implemented by every model
/// type that holds text (see `text_fields`); `cleaned` uses it to clean a whole answer at once, and the tests
/// use it to fill every string field with hostile text.
pub trait Texts {
    fn texts(&mut self, visit: &mut dyn FnMut(&mut String, Shape));
}

/// Every string of `value` cleaned in place.
pub fn clean_all<T: Texts + ?Sized>(value: &mut T) {
    value.texts(&mut |s, shape| clean_in_place(s, shape));
}

/// Visits every string of `value` as prose, whatever its own shape says: for the message fields of a type.
pub fn as_prose<T: Texts + ?Sized>(value: &mut T, visit: &mut dyn FnMut(&mut String, Shape)) {
    value.texts(&mut |s, _| visit(s, Shape::Prose));
}

impl Texts for String {
    fn texts(&mut self, visit: &mut dyn FnMut(&mut String, Shape)) {
        visit(self, Shape::Line);
    }
}

impl<T: Texts> Texts for Option<T> {
    fn texts(&mut self, visit: &mut dyn FnMut(&mut String, Shape)) {
        if let Some(v) = self {
            v.texts(visit);
        }
    }
}

impl<T: Texts> Texts for Vec<T> {
    fn texts(&mut self, visit: &mut dyn FnMut(&mut String, Shape)) {
        for v in self {
            v.texts(visit);
        }
    }
}

impl<T: Texts> Texts for Box<T> {
    fn texts(&mut self, visit: &mut dyn FnMut(&mut String, Shape)) {
        (**self).texts(visit);
    }
}

impl<A: Texts, B: Texts> Texts for (A, B) {
    fn texts(&mut self, visit: &mut dyn FnMut(&mut String, Shape)) {
        self.0.texts(visit);
        self.1.texts(visit);
    }
}

impl<A: Texts, B: Texts, C: Texts> Texts for (A, B, C) {
    fn texts(&mut self, visit: &mut dyn FnMut(&mut String, Shape)) {
        self.0.texts(visit);
        self.1.texts(visit);
        self.2.texts(visit);
    }
}

/// Keys are visited too: the map is rebuilt (keys and values moved, not copied; these maps hold a few
/// entries), and two keys that clean to the same text keep the later value.
fn map_texts<M, V>(map: &mut M, visit: &mut dyn FnMut(&mut String, Shape))
where
    M: Default + IntoIterator<Item = (String, V)> + Extend<(String, V)>,
    V: Texts,
{
    let entries = std::mem::take(map);
    map.extend(entries.into_iter().map(|(mut k, mut v)| {
        visit(&mut k, Shape::Line);
        v.texts(visit);
        (k, v)
    }));
}

impl<V: Texts> Texts for BTreeMap<String, V> {
    fn texts(&mut self, visit: &mut dyn FnMut(&mut String, Shape)) {
        map_texts(self, visit);
    }
}

impl<V: Texts, S: std::hash::BuildHasher + Default> Texts for HashMap<String, V, S> {
    fn texts(&mut self, visit: &mut dyn FnMut(&mut String, Shape)) {
        map_texts(self, visit);
    }
}

/// Values with no text in them, so that containers of them (`(HashMap, u32)`, `Vec<()>`) can be visited.
macro_rules! no_texts {
    ($($ty:ty),* $(,)?) => {
        $(impl Texts for $ty {
            fn texts(&mut self, _: &mut dyn FnMut(&mut String, Shape)) {}
        })*
    };
}
no_texts!((), bool, u8, u16, u32, u64, i32, i64, f64, usize);

/// `Texts` for a struct from the list of its fields that hold text; `prose:` names those shown wrapped.
#[macro_export]
#[doc(hidden)]
macro_rules! impl_texts {
    ($ty:ty { $($field:ident),* $(,)? $(; prose: $($prose:ident),* $(,)?)? }) => {
        impl $crate::model::Texts for $ty {
            fn texts(&mut self, visit: &mut dyn FnMut(&mut String, $crate::model::Shape)) {
                $( $crate::model::Texts::texts(&mut self.$field, visit); )*
                $($( $crate::model::as_prose(&mut self.$prose, visit); )*)?
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_become_placeholders_and_the_rest_is_kept() {
        let hostile = "deploy \x1b]0;PWNED-TITLE\x07 \x1b[31mRED\x1b[0m \x1b[2J\x1b[H owned";
        let line = clean(hostile, Shape::Line);
        assert!(!line.chars().any(is_unsafe), "{line:?}");
        assert_eq!(line, "deploy �]0;PWNED-TITLE� �[31mRED�[0m �[2J�[H owned");
        // C1 (the one-byte CSI), DEL and every bidi override or isolate.
        for c in [
            '\u{9b}', '\u{85}', '\u{7f}', '\u{0}', '\u{202e}', '\u{2066}', '\u{2069}',
        ] {
            let s = format!("a{c}b");
            assert_eq!(clean(&s, Shape::Line), "a\u{FFFD}b", "{c:?}");
            assert_eq!(clean(&s, Shape::Prose), "a\u{FFFD}b", "{c:?}");
        }
        // Invisible characters whose width terminals and ratatui disagree on: a line with them would run
        // over the next one (seen with the Hangul filler and the soft hyphen in a stopped reason).
        for c in [
            '\u{3164}',
            '\u{00AD}',
            '\u{2028}',
            '\u{200B}',
            '\u{FEFF}',
            '\u{E0041}',
            '\u{115F}',
        ] {
            assert_eq!(clean(&format!("a{c}b"), Shape::Line), "a\u{FFFD}b", "{c:?}");
        }
        // Ordinary text, wide characters, combining marks and emoji sequences are left alone, unallocated.
        for s in [
            "payments-api",
            "日本語 🚀",
            "e\u{301}",
            "👩\u{200D}💻",
            "ｶﾀｶﾅ",
            "한국어",
            "",
        ] {
            assert!(matches!(clean(s, Shape::Line), Cow::Borrowed(_)), "{s:?}");
        }
    }

    #[test]
    fn line_breaks_are_kept_only_in_prose() {
        assert_eq!(
            clean("one\ntwo\r\nthree\rfour", Shape::Line),
            "one two three four"
        );
        assert_eq!(
            clean("one\ntwo\r\nthree\rfour\n\n", Shape::Prose),
            "one\ntwo\nthree\nfour"
        );
        assert!(matches!(clean("one\ntwo", Shape::Prose), Cow::Borrowed(_)));
    }

    #[test]
    fn tabs_expand_to_the_next_stop() {
        assert_eq!(clean("\tat x", Shape::Prose), "    at x");
        assert_eq!(clean("ab\tc", Shape::Line), "ab  c");
        assert_eq!(clean("a\n\tb", Shape::Prose), "a\n    b");
    }

    #[test]
    fn clean_is_idempotent_and_total() {
        let samples = [
            "\u{1b}\u{9b}\u{7f}\t\r\n",
            "\u{202a}x\u{202c}",
            "plain",
            "\r",
            "\n\n\n",
            "tab\tend\t",
        ];
        for s in samples {
            for shape in [Shape::Line, Shape::Prose] {
                let once = clean(s, shape).into_owned();
                assert!(is_clean(&once, shape), "{s:?} -> {once:?}");
                assert_eq!(clean(&once, shape), once.as_str(), "{s:?}");
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn any_string_cleans_to_safe_text(s in "(?s).{0,40}|[\\x00-\\x20\\x7f-\\x{9f}\\x{202a}-\\x{202e}\\x{2066}-\\x{2069}a]{0,20}") {
            for shape in [Shape::Line, Shape::Prose] {
                let once = clean(&s, shape).into_owned();
                proptest::prop_assert!(!once.chars().any(|c| is_unsafe(c) && !(shape == Shape::Prose && c == '\n')));
                proptest::prop_assert!(is_clean(&once, shape));
                proptest::prop_assert_eq!(clean(&once, shape), once.as_str());
            }
        }
    }

    #[test]
    fn maps_clean_their_keys() {
        let mut m: BTreeMap<String, String> = [("k\x1b".to_string(), "v\x07".to_string())]
            .into_iter()
            .collect();
        clean_all(&mut m);
        assert_eq!(m.get("k\u{FFFD}").map(String::as_str), Some("v\u{FFFD}"));
    }
}
