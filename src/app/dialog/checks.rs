//! The checks a dialog's input must pass before anything is sent. Each refusal says what was wrong and what
//! to type instead.

use std::sync::LazyLock;

use regex::Regex;

use crate::app::State;
use crate::model::{arn_name, DesiredStatus, Service, TaskStatus};

/// ECS's quota of tasks per service.
pub const MAX_DESIRED_COUNT: u32 = 5000;
/// StopTask's reason is cut by ECS beyond this.
pub const MAX_REASON_CHARS: usize = 255;

pub fn desired_count(text: &str, service: &Service) -> Result<u32, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err(format!("type the desired count, 0 to {MAX_DESIRED_COUNT}"));
    }
    if let Some(rest) = text.strip_prefix('-') {
        if !rest.is_empty() && rest.chars().all(|c| c.is_ascii_digit()) {
            return Err(format!(
                "a desired count cannot be negative: type 0 to {MAX_DESIRED_COUNT}"
            ));
        }
    }
    if !text.chars().all(|c| c.is_ascii_digit()) {
        return Err(format!(
            "\"{text}\" is not a number: type the desired count in digits, 0 to {MAX_DESIRED_COUNT}"
        ));
    }
    let to = text
        .parse::<u64>()
        .ok()
        .filter(|&n| n <= u64::from(MAX_DESIRED_COUNT))
        .ok_or_else(|| {
            format!("{text} is above ECS's limit of {MAX_DESIRED_COUNT} tasks per service")
        })? as u32;
    if to == service.desired_count {
        return Err(format!(
            "{} already wants {to} tasks: type another count",
            service.name
        ));
    }
    Ok(to)
}

/// Every task can still be stopped: none is stopped or on its way down already.
pub fn stoppable(state: &State, task_arns: &[String]) -> Result<(), String> {
    if task_arns.is_empty() {
        return Err("no task chosen: select one, or mark several with space".into());
    }
    // A task listed and not described yet: what it is and what it runs are unknown; stopping it blind at
    // 3 a.m. is how the wrong task goes.
    let lists = || {
        let cache = &state.session.cache;
        cache.tasks.values().chain(cache.cluster_tasks.values())
    };
    let read = |arn: &String| {
        let own = state.session.cache.task.get(arn.as_str());
        own.is_some_and(|l| l.data.is_some())
            || (lists().filter_map(|l| l.data.as_ref()))
                .any(|list| list.iter().any(|t| t.arn == *arn))
    };
    let unread = task_arns.iter().find(|arn| {
        let placeholder =
            (lists().filter_map(|l| l.data.as_ref())).any(|list| list.is_placeholder(arn));
        placeholder && !read(arn)
    });
    if let Some(arn) = unread {
        return Err(format!(
            "task {} is not read yet: wait for its row to fill in, or open it (Enter) to read it now",
            arn_name(arn)
        ));
    }
    let gone: Vec<&str> = task_arns
        .iter()
        .filter(|arn| {
            lists()
                .filter_map(|l| l.data.as_ref())
                .flatten()
                .find(|t| t.arn == **arn)
                .is_some_and(|t| {
                    t.desired_status == DesiredStatus::Stopped
                        || t.last_status == TaskStatus::Stopped
                })
        })
        .map(|arn| arn_name(arn))
        .collect();
    match gone.as_slice() {
        [] => Ok(()),
        [one] if task_arns.len() == 1 => Err(format!(
            "task {one} is already stopped or stopping: nothing to do"
        )),
        some => Err(format!(
            "{} of these tasks are already stopped or stopping ({}): unmark them (space) and try again",
            some.len(),
            some.join(", ")
        )),
    }
}

/// `CONTAINER=IMAGE`, or just `IMAGE` when the task definition has one container.
pub fn container_image(
    text: &str,
    containers: &[(String, String)],
) -> Result<(String, String), String> {
    let text = text.trim();
    let names: Vec<&str> = containers.iter().map(|(n, _)| n.as_str()).collect();
    let (container, image) = match text.split_once('=') {
        Some((c, i)) => (c.trim().to_string(), i.trim().to_string()),
        None if containers.len() == 1 => (containers[0].0.clone(), text.to_string()),
        None => {
            return Err(format!(
                "type CONTAINER=IMAGE; the containers are {}",
                names.join(", ")
            ))
        }
    };
    if !names.contains(&container.as_str()) {
        return Err(format!(
            "no container named \"{container}\"; the containers are {}",
            names.join(", ")
        ));
    }
    check_image(&image)?;
    Ok((container, image))
}

/// An image reference as Docker and ECS take it: `[registry[:port]/]name[:tag][@digest]`, the name in
/// lowercase, the tag 1-128 of `A-Za-z0-9_.-` not starting with `.` or `-`.
pub fn check_image(image: &str) -> Result<(), String> {
    static REFERENCE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(concat!(
            r"^(?:[a-zA-Z0-9](?:[a-zA-Z0-9.-]*[a-zA-Z0-9])?(?::[0-9]+)?/)?",
            r"[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*",
            r"(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?",
            r"(?:@sha256:[a-f0-9]{64})?$"
        ))
        .expect("a valid regex")
    });
    let fix = "write it as repository:tag or repository@sha256:digest, e.g. nginx:1.27";
    if image.is_empty() {
        return Err(format!("type an image; {fix}"));
    }
    if image.chars().any(char::is_whitespace) {
        return Err(format!("an image reference has no spaces; {fix}"));
    }
    if image.ends_with(':') || image.contains(":@") {
        return Err(format!("the tag after ':' is empty; {fix}"));
    }
    if REFERENCE.is_match(image) {
        return Ok(());
    }
    let repository = image.split(['@']).next().unwrap_or(image);
    let repository = repository
        .rsplit_once(':')
        .filter(|(_, tag)| !tag.contains('/'))
        .map_or(repository, |(r, _)| r);
    let path = repository
        .split_once('/')
        .map_or(repository, |(first, rest)| {
            if first.contains(['.', ':']) || first == "localhost" {
                rest
            } else {
                repository
            }
        });
    if path.chars().any(|c| c.is_ascii_uppercase()) {
        return Err(format!(
            "\"{image}\": a repository name must be lowercase; {fix}"
        ));
    }
    Err(format!("\"{image}\" is not an image reference; {fix}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn image_references() {
        for ok in [
            "nginx",
            "nginx:1.27",
            "public.ecr.aws/nginx/nginx:1.27-alpine",
            "123456789012.dkr.ecr.eu-west-1.amazonaws.com/payments:v2",
            "localhost:5000/app:latest",
            "search:broken",
            "app@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        ] {
            assert_eq!(check_image(ok), Ok(()), "{ok}");
        }
        for (bad, says) in [
            ("", "type an image"),
            ("nginx 1.27", "no spaces"),
            ("Nginx:1.27", "lowercase"),
            ("nginx:", "tag after ':' is empty"),
            ("nginx:-x", "not an image reference"),
            ("app@sha256:xyz", "not an image reference"),
        ] {
            let e = check_image(bad).unwrap_err();
            assert!(e.contains(says), "{bad}: {e}");
        }
    }
}
