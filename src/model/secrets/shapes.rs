//! Values that look like a key or token by their shape alone, whatever their name.

/// A key or token by its shape: a PEM private key; a JWT; or at least 20 characters of the base64 alphabet
/// that mix upper case, lower case and digits, carry at least 3.5 bits of Shannon entropy per character, and
/// change character class at least 35% of the time. The last keeps out CamelCase words with a number
/// (`MyApplicationServer2024` changes class 27% of the time; 20 random base64 characters, 62% on average).
/// Hex alone (commit SHAs, image digests, UUIDs, request ids) is not hidden by shape: it is an identifier far
/// more often than a key, and a hex key under a secret name is hidden by its name.
pub fn looks_like_token(value: &str) -> bool {
    let v = value.trim();
    if is_private_key(v) {
        return true;
    }
    if is_jwt(v) {
        return true;
    }
    if v.len() < 20
        || !v
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+/=_-".contains(c))
    {
        return false;
    }
    let hex = |lower: bool| {
        v.chars().all(|c| {
            c == '-'
                || c.is_ascii_digit()
                || (c.is_ascii_hexdigit() && c.is_ascii_lowercase() == lower)
        })
    };
    if hex(true) || hex(false) {
        return false;
    }
    let has = |f: fn(&char) -> bool| v.chars().any(|c| f(&c));
    if !(has(char::is_ascii_uppercase)
        && has(char::is_ascii_lowercase)
        && has(char::is_ascii_digit))
    {
        return false;
    }
    entropy(v) >= 3.5 && class_changes(v) >= 0.35
}

/// A PEM private key (`-----BEGIN RSA PRIVATE KEY-----`): hidden whatever its name says.
pub(super) fn is_private_key(v: &str) -> bool {
    v.contains("-----BEGIN") && v.contains("PRIVATE KEY")
}

/// `eyJ…`: three base64url parts joined by dots (the last empty when unsigned).
fn is_jwt(v: &str) -> bool {
    let parts: Vec<&str> = v.split('.').collect();
    v.starts_with("eyJ")
        && v.len() >= 20
        && parts.len() == 3
        && parts.iter().all(|p| {
            p.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        })
}

/// Shannon entropy, bits per character.
pub fn entropy(v: &str) -> f64 {
    let mut counts = std::collections::HashMap::new();
    for c in v.chars() {
        *counts.entry(c).or_insert(0usize) += 1;
    }
    let n = v.chars().count() as f64;
    counts
        .values()
        .map(|&k| {
            let p = k as f64 / n;
            -p * p.log2()
        })
        .sum()
}

/// How often the next character is of another class (upper, lower, digit, other), 0 to 1.
pub fn class_changes(v: &str) -> f64 {
    let class = |c: char| match c {
        'A'..='Z' => 0,
        'a'..='z' => 1,
        '0'..='9' => 2,
        _ => 3,
    };
    let classes: Vec<u8> = v.chars().map(class).collect();
    let pairs = classes.len().saturating_sub(1).max(1);
    let changes = classes.windows(2).filter(|w| w[0] != w[1]).count();
    changes as f64 / pairs as f64
}
