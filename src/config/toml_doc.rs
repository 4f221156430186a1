//! A TOML document in which every key and value remembers where it was written, so that theme and settings
//! files can be checked by hand and every complaint can name its line.

use std::fmt;

use std::ops::Range;

use toml::Spanned;
use toml_edit::{ImDocument, Item};

/// A value with its byte range in the file.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    String(String),
    Integer(i64),
    Float(f64),
    Boolean(bool),
    Datetime(String),
    Array(Vec<Spanned<Value>>),
    Table(Table),
}

/// Keys in the order written.
pub type Table = Vec<(Spanned<String>, Spanned<Value>)>;

/// Why a file is not TOML at all, with the 1-based line toml points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub line: Option<usize>,
    pub message: String,
}

/// Parse `text` into a table of spanned keys and values.
///
/// This reads through `toml_edit` rather than `toml::Spanned`, which cannot span the implicit tables of
/// dotted headers such as `[profiles.prod]`.
pub fn parse(text: &str) -> Result<Table, SyntaxError> {
    let doc = ImDocument::parse(text).map_err(|e| SyntaxError {
        line: e.span().map(|s| line_of(text, s.start)),
        message: e.message().trim().replace('\n', ": "),
    })?;
    Ok(table(doc.as_table(), 0))
}

fn table(t: &toml_edit::Table, near: usize) -> Table {
    t.iter()
        .map(|(k, item)| {
            let key = span_or(t.key(k).and_then(|k| k.span()), near);
            let value = from_item(item, key.start);
            (Spanned::new(key, k.to_string()), value)
        })
        .collect()
}

fn from_item(item: &Item, near: usize) -> Spanned<Value> {
    let span = span_or(item.span(), near);
    let value = match item {
        Item::Value(v) => return from_value(v, near),
        Item::Table(t) => Value::Table(table(t, span.start)),
        Item::ArrayOfTables(tables) => Value::Array(
            tables
                .iter()
                .map(|t| {
                    let span = span_or(t.span(), span.start);
                    Spanned::new(span.clone(), Value::Table(table(t, span.start)))
                })
                .collect(),
        ),
        Item::None => Value::Table(Vec::new()),
    };
    Spanned::new(span, value)
}

fn from_value(v: &toml_edit::Value, near: usize) -> Spanned<Value> {
    use toml_edit::Value as V;
    let span = span_or(v.span(), near);
    let value = match v {
        V::String(s) => Value::String(s.value().clone()),
        V::Integer(i) => Value::Integer(*i.value()),
        V::Float(x) => Value::Float(*x.value()),
        V::Boolean(b) => Value::Boolean(*b.value()),
        V::Datetime(d) => Value::Datetime(d.value().to_string()),
        V::Array(items) => Value::Array(items.iter().map(|i| from_value(i, span.start)).collect()),
        V::InlineTable(t) => Value::Table(
            t.iter()
                .map(|(k, v)| {
                    let key = span_or(t.key(k).and_then(|k| k.span()), span.start);
                    let value = from_value(v, key.start);
                    (Spanned::new(key, k.to_string()), value)
                })
                .collect(),
        ),
    };
    Spanned::new(span, value)
}

fn span_or(span: Option<Range<usize>>, near: usize) -> Range<usize> {
    span.unwrap_or(near..near)
}

/// The 1-based line of byte `offset` in `text`.
pub fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// The candidate closest to `word`, if it is close enough to be what was meant.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::damerau_levenshtein(word, c), c))
        .filter(|&(d, c)| d <= 2.max(c.len() / 4) && d < c.len())
        .min_by_key(|&(d, _)| d)
        .map(|(_, c)| c)
}

/// `; did you mean `x`?` or nothing.
pub fn did_you_mean(word: &str, candidates: &[&str]) -> String {
    match closest(word, candidates.iter().copied()) {
        Some(c) => format!("; did you mean `{c}`?"),
        None => format!("; the keys here are {}", candidates.join(", ")),
    }
}

impl Value {
    /// What kind of value this is, for messages: "a string", "a table".
    pub fn kind(&self) -> &'static str {
        match self {
            Value::String(_) => "a string",
            Value::Integer(_) => "a number",
            Value::Float(_) => "a number",
            Value::Boolean(_) => "true or false",
            Value::Datetime(_) => "a date",
            Value::Array(_) => "a list",
            Value::Table(_) => "a table",
        }
    }
}

impl fmt::Display for Value {
    /// Roughly as it was written, for messages.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::String(s) => write!(f, "{s:?}"),
            Value::Integer(i) => write!(f, "{i}"),
            Value::Float(x) => write!(f, "{x}"),
            Value::Boolean(b) => write!(f, "{b}"),
            Value::Datetime(d) => write!(f, "{d}"),
            Value::Array(_) => write!(f, "[…]"),
            Value::Table(_) => write!(f, "{{…}}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_and_values_know_their_lines() {
        let text = "a = 1\n\n[b]\nc = \"x\"\nd = [true]\n[e.f]\ng = 2\n";
        let table = parse(text).unwrap();
        let (a, one) = &table[0];
        assert_eq!(
            (a.get_ref().as_str(), line_of(text, a.span().start)),
            ("a", 1)
        );
        assert_eq!(one.get_ref(), &Value::Integer(1));
        let (b, inner) = &table[1];
        assert_eq!(b.get_ref(), "b");
        let Value::Table(inner) = inner.get_ref() else {
            panic!("b is a table")
        };
        assert_eq!(line_of(text, inner[0].0.span().start), 4);
        assert_eq!(line_of(text, inner[1].1.span().start), 5);
        let Value::Table(e) = table[2].1.get_ref() else {
            panic!("e is a table")
        };
        let Value::Table(f) = e[0].1.get_ref() else {
            panic!("e.f is a table")
        };
        assert_eq!(line_of(text, f[0].0.span().start), 7);
    }

    #[test]
    fn syntax_errors_carry_a_line() {
        let err = parse("a = 1\nb = = 2\n").unwrap_err();
        assert_eq!(err.line, Some(2), "{err:?}");
    }

    #[test]
    fn near_misses_are_suggested_and_strangers_are_not() {
        let keys = ["refresh", "region", "read_only"];
        assert_eq!(closest("refersh", keys), Some("refresh"));
        assert_eq!(closest("regoin", keys), Some("region"));
        assert_eq!(closest("banana", keys), None);
    }
}
