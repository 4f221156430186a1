//! ELBv2's query protocol as a stub test reads it: a request's form, decoded, to compare with what it should be.

use std::collections::BTreeMap;

use super::stub::Recorded;

fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).expect("ascii");
                out.push(u8::from_str_radix(hex, 16).expect("hex"));
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).expect("utf-8")
}

/// A request's form, decoded: every field and its value.
pub fn form(r: &Recorded) -> BTreeMap<String, String> {
    r.body
        .split('&')
        .filter(|kv| !kv.is_empty())
        .map(|kv| {
            let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
            (decode(k), decode(v))
        })
        .collect()
}

/// The form a request of `action` should be: `fields` beside Action and Version.
pub fn expected(action: &str, fields: &[(&str, &str)]) -> BTreeMap<String, String> {
    let mut all: BTreeMap<String, String> = fields
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    all.insert("Action".into(), action.into());
    all.insert("Version".into(), "2015-12-01".into());
    all
}

/// The ARNs a request asks for, in order (`<field>.member.N`).
pub fn members(form: &BTreeMap<String, String>, field: &str) -> Vec<String> {
    let prefix = format!("{field}.member.");
    let mut numbered: Vec<(usize, String)> = form
        .iter()
        .filter_map(|(k, v)| Some((k.strip_prefix(&prefix)?.parse().ok()?, v.clone())))
        .collect();
    numbered.sort();
    numbered.into_iter().map(|(_, v)| v).collect()
}

/// The forms of the pages of one list: `fields` on each, no marker on the first, then each of `markers`.
pub fn paged(
    action: &str,
    fields: &[(&str, &str)],
    markers: &[&str],
) -> Vec<BTreeMap<String, String>> {
    let first = expected(action, fields);
    let later = markers.iter().map(|m| {
        let mut f = first.clone();
        f.insert("Marker".into(), m.to_string());
        f
    });
    std::iter::once(first.clone()).chain(later).collect()
}
