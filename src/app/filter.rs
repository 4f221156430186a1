//! The `/` filter: a case-insensitive regular expression, or plain text when it is not a valid one;
//! a leading `!` keeps the rows that do *not* match.

use regex::{Regex, RegexBuilder};

#[derive(Debug, Clone)]
pub struct Filter {
    /// As typed, `!` included.
    pub text: String,
    pub inverted: bool,
    matcher: Matcher,
}

#[derive(Debug, Clone)]
enum Matcher {
    Regex(Regex),
    /// Lower-cased text, for input that is not a valid regular expression (`web(`).
    Literal(String),
}

impl PartialEq for Filter {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
    }
}

impl Eq for Filter {}

impl Filter {
    /// `None` for an empty filter (or a lone `!`), which shows every row.
    pub fn parse(text: &str) -> Option<Filter> {
        let (inverted, pattern) = match text.strip_prefix('!') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        if pattern.is_empty() {
            return None;
        }
        let matcher = match RegexBuilder::new(pattern)
            .case_insensitive(true)
            .size_limit(1 << 20)
            .build()
        {
            Ok(re) => Matcher::Regex(re),
            Err(_) => Matcher::Literal(pattern.to_lowercase()),
        };
        Some(Filter {
            text: text.to_string(),
            inverted,
            matcher,
        })
    }

    /// Whether the text was taken literally because it is not a valid regular expression.
    pub fn is_literal(&self) -> bool {
        matches!(self.matcher, Matcher::Literal(_))
    }

    /// Does a row whose searchable text is `haystack` stay?
    pub fn keeps(&self, haystack: &str) -> bool {
        let found = match &self.matcher {
            Matcher::Regex(re) => re.is_match(haystack),
            Matcher::Literal(text) => haystack.to_lowercase().contains(text.as_str()),
        };
        found != self.inverted
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn substring_regex_and_inversion() {
        let f = Filter::parse("WEB").unwrap();
        assert!(f.keeps("prod web-api") && !f.keeps("payments"));
        let f = Filter::parse("^pay|search$").unwrap();
        assert!(f.keeps("payments") && f.keeps("search") && !f.keeps("web"));
        let f = Filter::parse("!web").unwrap();
        assert!(!f.keeps("web-api") && f.keeps("payments"));
        let f = Filter::parse("web(").unwrap();
        assert!(f.is_literal() && f.keeps("a web( b") && !f.keeps("web"));
        assert!(Filter::parse("").is_none() && Filter::parse("!").is_none());
    }
}
