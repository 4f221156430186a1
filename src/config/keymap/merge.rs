//! Laying a keymap file over another: overrides, unbinding, and the checks that need both files.

use std::sync::Arc;

use super::*;

/// The description of `action` for a binding that does not give one: what the bindings already known say
/// about it (the same context first), else its name.
pub(super) fn describe(action: UserAction, context: Context, known: &[&[Binding]]) -> String {
    let all = || {
        known
            .iter()
            .flat_map(|b| b.iter())
            .filter(|b| b.action == action)
    };
    all()
        .find(|b| b.context == context)
        .or_else(|| all().next())
        .map_or_else(
            || action.name().replace('-', " "),
            |b| b.description.clone(),
        )
}

/// `parsed` applied over `bindings`: each key it binds in a context replaces that key's binding there, and
/// `none` removes one. `reference` describes actions the file names without a description.
pub(super) fn apply(
    mut bindings: Vec<Binding>,
    parsed: Parsed,
    reference: &[Binding],
) -> Result<Vec<Binding>, KeymapError> {
    let file = parsed.file.clone();
    let error = |line: usize, message: String| KeymapError {
        file: file.to_string(),
        line: Some(line),
        message,
    };
    let hinted_before: Vec<(Context, UserAction)> = bindings
        .iter()
        .filter(|b| b.hint)
        .map(|b| (b.context, b.action))
        .collect();
    let mut unsaid_hint: Vec<(Context, KeySequence)> = Vec::new();
    for e in parsed.entries {
        let replaced = bindings
            .iter()
            .position(|b| b.context == e.context && b.keys == e.keys);
        let Some(target) = e.target else {
            match replaced {
                Some(i) => {
                    bindings.remove(i);
                }
                None => {
                    let elsewhere: Vec<String> = bindings
                        .iter()
                        .filter(|b| b.keys == e.keys)
                        .map(|b| format!("[{}]", b.context.name()))
                        .collect();
                    let fix = if elsewhere.is_empty() {
                        "remove this line".to_string()
                    } else {
                        format!(
                            "move it to the section that binds it: {}",
                            elsewhere.join(", ")
                        )
                    };
                    return Err(error(
                        e.line,
                        format!(
                            "\"{}\" is not bound in [{}], so there is nothing to unbind; {fix}",
                            e.name,
                            e.context.name()
                        ),
                    ));
                }
            }
            continue;
        };
        let description = target
            .description
            .unwrap_or_else(|| describe(target.action, e.context, &[&bindings, reference]));
        if target.hint.is_none() {
            unsaid_hint.push((e.context, e.keys.clone()));
        }
        let binding = Binding {
            name: e.name,
            keys: e.keys,
            action: target.action,
            description,
            context: e.context,
            hint: target.hint.unwrap_or(false),
            file: file.clone(),
            line: e.line,
        };
        match replaced {
            Some(i) => bindings[i] = binding,
            None => {
                let same_context = |b: &Binding| b.context == binding.context;
                let at = bindings
                    .iter()
                    .rposition(|b| same_context(b) && b.action == binding.action)
                    .or_else(|| bindings.iter().rposition(same_context))
                    .map_or(bindings.len(), |i| i + 1);
                bindings.insert(at, binding);
            }
        }
    }
    // A footer hint whose binding was replaced or removed passes to this file's first binding of the same
    // action there, unless that binding says `hint = false`.
    for (context, action) in hinted_before {
        if bindings
            .iter()
            .any(|b| b.context == context && b.action == action && b.hint)
        {
            continue;
        }
        if let Some(b) = bindings.iter_mut().find(|b| {
            b.context == context
                && b.action == action
                && Arc::ptr_eq(&b.file, &file)
                && unsaid_hint
                    .iter()
                    .any(|(c, k)| *c == context && *k == b.keys)
        }) {
            b.hint = true;
        }
    }
    Ok(bindings)
}

/// The merged keymap's own mistakes: in one context, a key bound alone and as the start of a sequence. Said
/// at the binding from `newest` (the user's file) when one side comes from it.
pub(super) fn check_prefixes(bindings: &[Binding], newest: &Arc<str>) -> Result<(), KeymapError> {
    for a in bindings {
        for b in bindings {
            if a.context != b.context
                || a.keys.len() >= b.keys.len()
                || !b.keys.starts_with(&a.keys)
            {
                continue;
            }
            // Said where the user can change it: their file if one side is theirs, else the later line.
            let b_is_newer = if Arc::ptr_eq(&a.file, &b.file) {
                b.line > a.line
            } else {
                Arc::ptr_eq(&b.file, newest)
            };
            let (here, other) = if b_is_newer { (b, a) } else { (a, b) };
            let fix = if Arc::ptr_eq(&here.file, &other.file) {
                "remove one of them or bind it to another key".to_string()
            } else {
                format!(
                    "bind another key, or remove the other with `\"{}\" = \"none\"` under [{}]",
                    other.name,
                    other.context.name()
                )
            };
            return Err(KeymapError {
                file: here.file.to_string(),
                line: Some(here.line),
                message: format!(
                    "[{}] \"{}\" ({}) and \"{}\" ({}, {}:{}) start with the same key, so wharf could never \
                     wait for the rest of \"{}\"; {fix}",
                    here.context.name(),
                    here.name,
                    here.action.name(),
                    other.name,
                    other.action.name(),
                    other.file,
                    other.line,
                    b.name,
                ),
            });
        }
    }
    Ok(())
}

/// A keymap must leave a way out: a key bound to quit in `[global]`, which every screen reads.
pub(super) fn check_quit(bindings: &[Binding], newest: &Arc<str>) -> Result<(), KeymapError> {
    let quits = bindings
        .iter()
        .any(|b| b.context == Context::Global && b.action == UserAction::Quit);
    if quits {
        return Ok(());
    }
    Err(KeymapError {
        file: newest.to_string(),
        line: None,
        message: "no key quits wharf in [global] any more; keep one, e.g. \"q\" = \"quit\" under [global]"
            .into(),
    })
}
