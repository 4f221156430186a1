//! How ECS's event messages read on screen: ARNs to names, task ids to their first 8 characters.

/// An ECS event message made readable: ARNs become the names people use and task ids their first 8
/// characters, as in the tables (`(target-group arn:…:targetgroup/web-blue/6d0e…)` -> `(target-group web-blue)`).
pub fn compact_event(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut after_task = false;
    for (i, token) in message.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        // Keep closing punctuation, e.g. `…/6d0ecf831eec9f09).`
        let core_end = token.trim_end_matches([')', '.', ',']).len();
        let (core, tail) = token.split_at(core_end);
        if core.starts_with("arn:") {
            if core.contains(":targetgroup/") || core.contains(":loadbalancer/") {
                out.push_str(super::elb_name(core));
            } else {
                out.push_str(super::arn_name(core));
            }
        } else if after_task && core.len() == 32 && core.chars().all(|c| c.is_ascii_hexdigit()) {
            out.push_str(short_id(core));
        } else {
            out.push_str(core);
        }
        out.push_str(tail);
        after_task = token == "(task";
    }
    out
}

/// The first 8 characters of a task id, as people quote them.
pub fn short_id(id: &str) -> &str {
    match id.char_indices().nth(8) {
        Some((i, _)) => &id[..i],
        None => id,
    }
}
