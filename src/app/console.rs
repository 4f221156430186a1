//! Addresses of the AWS console's pages for what wharf shows, so a user can go on in the browser.

use super::user::Outcome;
use super::{Effect, Flash, FlashLevel, State};

/// The console page of a cluster, a service or a task in `region`.
pub fn url(region: &str, cluster: &str, item: Option<ConsoleItem<'_>>) -> String {
    let host = if region.starts_with("us-gov-") {
        "console.amazonaws-us-gov.com".to_string()
    } else if region.starts_with("cn-") {
        "console.amazonaws.cn".to_string()
    } else {
        format!("{region}.console.aws.amazon.com")
    };
    let page = match item {
        None => "services".to_string(),
        Some(ConsoleItem::Service(name)) => format!("services/{name}/health"),
        Some(ConsoleItem::Task(id)) => format!("tasks/{id}/configuration"),
    };
    format!("https://{host}/ecs/v2/clusters/{cluster}/{page}?region={region}")
}

#[derive(Debug, Clone, Copy)]
pub enum ConsoleItem<'a> {
    Service(&'a str),
    Task(&'a str),
}

/// `o`: the console address of the selection, shown and copied (the sandbox has none: it says so).
pub(super) fn copy_url(state: &mut State) -> Outcome {
    let region = state.session.info.region.clone();
    let selected = state.screen().cursor().and_then(|v| v.selected_key.clone());
    let url = state
        .screen()
        .spec()
        .console_url(&region, selected.as_deref());
    let Some(url) = url else {
        state.flash = Some(Flash::new(FlashLevel::Info, "nothing selected"));
        return Outcome::default();
    };
    if state.session.info.simulated {
        state.flash = Some(Flash::new(
            FlashLevel::Info,
            format!("the sandbox has no console; in AWS this is {url}"),
        ));
        return Outcome::default();
    }
    state.flash = Some(Flash::new(FlashLevel::Info, format!("{url} (copied)")));
    Outcome::effect(Effect::Copy { text: url })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn console_addresses() {
        assert_eq!(
            url("eu-west-1", "prod", Some(ConsoleItem::Service("web"))),
            "https://eu-west-1.console.aws.amazon.com/ecs/v2/clusters/prod/services/web/health?region=eu-west-1"
        );
        assert_eq!(
            url("us-gov-west-1", "gov", None),
            "https://console.amazonaws-us-gov.com/ecs/v2/clusters/gov/services?region=us-gov-west-1"
        );
        assert!(url("eu-west-1", "prod", Some(ConsoleItem::Task("abc"))).contains("/tasks/abc/"));
    }
}
