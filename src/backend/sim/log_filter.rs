//! The part of CloudWatch Logs' filter pattern syntax the sandbox understands, for unstructured log lines:
//!
//! - `ERROR` — a term: the line contains it (case-sensitive, as in CloudWatch Logs);
//! - `ERROR timeout` — every term;
//! - `"GET /health 503"` — a quoted phrase, spaces and all;
//! - `?ERROR ?WARN` — terms marked `?`: at least one of them (besides every unmarked term);
//! - `-DEBUG` — a term marked `-`: the line does not contain it;
//! - an empty pattern (or `""`): every line.
//!
//! JSON (`{ $.level = "error" }`) and space-delimited (`[ip, user, ...]`) patterns, regular expressions
//! (`%…%`) and numeric comparisons are refused with InvalidParameterException.

use crate::backend::BackendError;

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Pattern {
    all: Vec<String>,
    any: Vec<String>,
    none: Vec<String>,
}

impl Pattern {
    pub fn parse(text: &str) -> Result<Pattern, BackendError> {
        let text = text.trim();
        if text.starts_with('{') || text.starts_with('[') || text.starts_with('%') {
            return Err(super::errors::invalid_parameter(
                "Invalid filter pattern: the sandbox understands terms, quoted phrases, ?alternatives and -exclusions, not JSON, space-delimited or regular-expression patterns.",
            ));
        }
        let mut pattern = Pattern::default();
        let mut rest = text;
        while let Some(start) = rest.find(|c: char| !c.is_whitespace()) {
            rest = &rest[start..];
            let (mark, body) = match rest.chars().next() {
                Some(m @ ('?' | '-')) => (Some(m), &rest[1..]),
                _ => (None, rest),
            };
            let (term, after) = match body.strip_prefix('"') {
                Some(quoted) => match quoted.find('"') {
                    Some(end) => (&quoted[..end], &quoted[end + 1..]),
                    None => {
                        return Err(super::errors::invalid_parameter(
                            "Invalid filter pattern: a quoted phrase has no closing quote.",
                        ))
                    }
                },
                None => {
                    let end = body.find(char::is_whitespace).unwrap_or(body.len());
                    (&body[..end], &body[end..])
                }
            };
            rest = after;
            if term.is_empty() {
                continue;
            }
            let list = match mark {
                Some('?') => &mut pattern.any,
                Some(_) => &mut pattern.none,
                None => &mut pattern.all,
            };
            list.push(term.to_string());
        }
        Ok(pattern)
    }

    pub fn matches(&self, line: &str) -> bool {
        self.all.iter().all(|t| line.contains(t.as_str()))
            && (self.any.is_empty() || self.any.iter().any(|t| line.contains(t.as_str())))
            && !self.none.iter().any(|t| line.contains(t.as_str()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(pattern: &str, line: &str) -> bool {
        Pattern::parse(pattern).expect(pattern).matches(line)
    }

    #[test]
    fn terms_phrases_alternatives_and_exclusions() {
        assert!(m("", "anything"));
        assert!(m("\"\"", "anything"));
        assert!(m("ERROR", "12 ERROR boom"));
        assert!(!m("ERROR", "12 error boom"), "case-sensitive");
        assert!(m("ERROR boom", "boom ERROR"));
        assert!(!m("ERROR boom", "ERROR bang"));
        assert!(m("\"GET /health\" 503", "\"GET /health HTTP/1.1\" 503"));
        assert!(!m("\"GET /health 503\"", "\"GET /health HTTP/1.1\" 503"));
        assert!(m("?WARN ?ERROR", "WARN x"));
        assert!(m("?WARN ?ERROR", "ERROR x"));
        assert!(!m("?WARN ?ERROR", "INFO x"));
        assert!(m("GET -health", "GET /api"));
        assert!(!m("GET -health", "GET /health"));
    }

    #[test]
    fn other_syntaxes_are_refused() {
        for p in ["{ $.level = \"error\" }", "[ip, user]", "%ERR.*%", "\"open"] {
            let e = Pattern::parse(p).expect_err(p).to_string();
            assert!(e.contains("InvalidParameterException"), "{e}");
        }
    }
}
