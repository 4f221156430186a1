//! Reading Rust source as text, for `layers.rs`: comments and literals blanked, then the paths that leave a
//! module (`crate::x`, `$crate::x`, `crate::{x, ..}`, `super::` climbing to the root) picked out with their
//! lines. Not a parser: enough of Rust's lexical rules that a path in a string or a comment never counts.

pub fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The text's code with comments and string and character literals blanked (line breaks kept), and the
/// text of its doc comments, line by line.
pub fn split_code(text: &str) -> (String, Vec<(usize, String)>) {
    let chars: Vec<char> = text.chars().collect();
    let mut code = String::with_capacity(text.len());
    let mut docs = Vec::new();
    let mut line = 1;
    let mut i = 0;
    let blank = |c: char| if c == '\n' { '\n' } else { ' ' };
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            let end = chars[i..]
                .iter()
                .position(|c| *c == '\n')
                .map_or(chars.len(), |p| i + p);
            let comment: String = chars[i..end].iter().collect();
            let doc = (comment.starts_with("///") && !comment.starts_with("////"))
                || comment.starts_with("//!");
            if doc {
                docs.push((line, comment));
            }
            code.extend(std::iter::repeat_n(' ', end - i));
            i = end;
        } else if c == '/' && next == Some('*') {
            let mut nesting = 0;
            while i < chars.len() {
                if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                    nesting += 1;
                    code.push_str("  ");
                    i += 2;
                } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                    nesting -= 1;
                    code.push_str("  ");
                    i += 2;
                    if nesting == 0 {
                        break;
                    }
                } else {
                    line += usize::from(chars[i] == '\n');
                    code.push(blank(chars[i]));
                    i += 1;
                }
            }
        } else if let Some(len) = raw_string_start(&chars, i) {
            // r"…", r#"…"#, br#"…"#: ends at the quote followed by as many #.
            let hashes = len - 1 - usize::from(chars[i] == 'b') - 1;
            let closing: Vec<char> = std::iter::once('"')
                .chain(std::iter::repeat_n('#', hashes))
                .collect();
            let mut j = i + len;
            while j < chars.len() && !chars[j..].starts_with(&closing) {
                j += 1;
            }
            let end = (j + closing.len()).min(chars.len());
            for ch in &chars[i..end] {
                line += usize::from(*ch == '\n');
                code.push(blank(*ch));
            }
            i = end;
        } else if c == '"' {
            let mut j = i + 1;
            while j < chars.len() && chars[j] != '"' {
                j += if chars[j] == '\\' { 2 } else { 1 };
            }
            let end = (j + 1).min(chars.len());
            for ch in &chars[i..end] {
                line += usize::from(*ch == '\n');
                code.push(blank(*ch));
            }
            i = end;
        } else if c == '\'' {
            // A character literal ('a', '\n', '\u{7f}'), else a lifetime or a label, left as is.
            let end = if next == Some('\\') {
                chars[i + 2..]
                    .iter()
                    .position(|c| *c == '\'')
                    .map(|p| i + 2 + p + 1)
            } else if chars.get(i + 2) == Some(&'\'') {
                Some(i + 3)
            } else {
                None
            };
            match end {
                Some(end) => {
                    code.extend(std::iter::repeat_n(' ', end - i));
                    i = end;
                }
                None => {
                    code.push(c);
                    i += 1;
                }
            }
        } else {
            line += usize::from(c == '\n');
            code.push(c);
            i += 1;
        }
    }
    (code, docs)
}

/// The length of the opening of a raw string at `i` (`r"`, `r#"`, `br##"` …), if one starts there.
fn raw_string_start(chars: &[char], i: usize) -> Option<usize> {
    if i > 0 && is_ident(chars[i - 1]) {
        return None;
    }
    let mut j = i + usize::from(chars[i] == 'b');
    if chars.get(j) != Some(&'r') {
        return None;
    }
    j += 1;
    while chars.get(j) == Some(&'#') {
        j += 1;
    }
    (chars.get(j) == Some(&'"')).then_some(j + 1 - i)
}

/// `crate::x` in doc comments (intra-doc links).
pub fn doc_paths(docs: &[(usize, String)]) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (line, text) in docs {
        let mut rest = text.as_str();
        while let Some(at) = rest.find("crate::") {
            let before = rest[..at].chars().next_back();
            rest = &rest[at + "crate::".len()..];
            if before.is_some_and(is_ident) {
                continue;
            }
            let name: String = rest.chars().take_while(|c| is_ident(*c)).collect();
            if !name.is_empty() {
                out.push((*line, name));
            }
        }
    }
    out
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Ident(String),
    Path,
    Open,
    Close,
    Other(char),
}

fn tokens(code: &str) -> Vec<(usize, Token)> {
    let chars: Vec<char> = code.chars().collect();
    let mut out = Vec::new();
    let (mut i, mut line) = (0, 1);
    while i < chars.len() {
        let c = chars[i];
        if c == '\n' {
            line += 1;
            i += 1;
        } else if c.is_whitespace() {
            i += 1;
        } else if is_ident(c) {
            let start = i;
            while i < chars.len() && is_ident(chars[i]) {
                i += 1;
            }
            out.push((line, Token::Ident(chars[start..i].iter().collect())));
        } else if c == ':' && chars.get(i + 1) == Some(&':') {
            out.push((line, Token::Path));
            i += 2;
        } else {
            out.push((
                line,
                match c {
                    '{' => Token::Open,
                    '}' => Token::Close,
                    _ => Token::Other(c),
                },
            ));
            i += 1;
        }
    }
    out
}

/// The top-level modules the code's paths reach from outside this file's layer: after `crate::` (or
/// `$crate::`), inside `crate::{…}`, and after enough `super::` to climb above the layer's own module. `depth`
/// is the file's module's depth below the root; inline `mod name { … }` blocks add to it.
pub fn code_paths(code: &str, depth: usize) -> Vec<(usize, String, String)> {
    let toks = tokens(code);
    let ident = |i: usize| match toks.get(i) {
        Some((_, Token::Ident(s))) => Some(s.as_str()),
        _ => None,
    };
    let is = |i: usize, t: &Token| toks.get(i).map(|(_, x)| x) == Some(t);
    let mut out = Vec::new();
    // Brace depth at which each enclosing inline module opened.
    let mut inline: Vec<usize> = Vec::new();
    let mut braces = 0usize;
    let mut i = 0;
    while i < toks.len() {
        let (line, tok) = &toks[i];
        match tok {
            Token::Open => braces += 1,
            Token::Close => {
                braces = braces.saturating_sub(1);
                if inline.last() == Some(&braces) {
                    inline.pop();
                }
            }
            Token::Ident(w) if w == "mod" && ident(i + 1).is_some() && is(i + 2, &Token::Open) => {
                inline.push(braces);
            }
            Token::Ident(w) if w == "crate" && is(i + 1, &Token::Path) => {
                let how = if i > 0 && is(i - 1, &Token::Other('$')) {
                    "`$crate::` in a macro"
                } else {
                    "`crate::`"
                };
                out.extend(after_root(&toks, i + 2, *line, how));
            }
            Token::Ident(w) if w == "super" && !(i > 0 && is(i - 1, &Token::Path)) => {
                let mut n = 0;
                let mut j = i;
                while ident(j) == Some("super") && is(j + 1, &Token::Path) {
                    n += 1;
                    j += 2;
                }
                if n > 0 && n == depth + inline.len() {
                    out.extend(after_root(&toks, j, *line, "`super::` out of the layer"));
                }
                i = j.max(i + 1);
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    out
}

/// The top-level names a path names just after the crate root at token `i`: one name, or each first name
/// of a `{…}` group.
fn after_root(
    toks: &[(usize, Token)],
    i: usize,
    line: usize,
    how: &str,
) -> Vec<(usize, String, String)> {
    match toks.get(i) {
        Some((_, Token::Ident(name))) => vec![(line, name.clone(), how.to_string())],
        Some((_, Token::Open)) => {
            let mut out = Vec::new();
            let mut nesting = 0;
            let mut first = true;
            for (at, tok) in &toks[i..] {
                match tok {
                    Token::Open => {
                        nesting += 1;
                        first = nesting == 1;
                    }
                    Token::Close => {
                        nesting -= 1;
                        if nesting == 0 {
                            break;
                        }
                    }
                    Token::Other(',') if nesting == 1 => first = true,
                    Token::Ident(name) if first && nesting == 1 => {
                        out.push((*at, name.clone(), format!("{how} group")));
                        first = false;
                    }
                    _ => first = false,
                }
            }
            out
        }
        Some((_, Token::Other('*'))) => {
            vec![(line, "*".into(), format!("{how}: a glob of the root"))]
        }
        _ => vec![(line, "$root".into(), how.to_string())],
    }
}
