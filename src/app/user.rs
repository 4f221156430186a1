//! What each user action does to the state.

use super::commands::{self, ArgKind, CommandName};
use super::console::{self, ConsoleItem};
use super::navigation::{self, Move};
use super::table::{current_rows, TableKind};
use super::UserAction::{self, *};
use super::{
    Effect, Filter, Flash, FlashLevel, Prompt, PromptKind, Screen, Sort, State, TableView,
};
use crate::model::arn_name;

/// What applying an action asks of `update`: effects to run, and whether to fetch what is on screen now.
#[derive(Default)]
pub struct Outcome {
    pub effects: Vec<Effect>,
    pub refresh: bool,
}

impl Outcome {
    fn effect(effect: Effect) -> Self {
        Outcome {
            effects: vec![effect],
            refresh: false,
        }
    }
}

pub fn apply(state: &mut State, action: UserAction) -> Outcome {
    if state.prompt.is_some() {
        return in_prompt(state, action);
    }
    if state.show_help {
        // The help takes Esc and swallows movement, so a key meant for help never moves a table.
        match action {
            Back | Help => state.show_help = false,
            Quit => state.should_quit = true,
            Up | Down | PageUp | PageDown | Top | Bottom => scroll_help(state, action),
            Refresh => {
                return Outcome {
                    effects: Vec::new(),
                    refresh: true,
                }
            }
            _ => {}
        }
        return Outcome::default();
    }
    match action {
        Up => navigation::move_cursor(state, Move::By(-1)),
        Down => navigation::move_cursor(state, Move::By(1)),
        PageUp => navigation::move_cursor(state, Move::Pages(-1)),
        PageDown => navigation::move_cursor(state, Move::Pages(1)),
        Top => navigation::move_cursor(state, Move::Top),
        Bottom => navigation::move_cursor(state, Move::Bottom),
        Open => {
            navigation::enter(state);
        }
        Back => back(state),
        Refresh => {
            return Outcome {
                effects: Vec::new(),
                refresh: true,
            }
        }
        Help => {
            state.show_help = true;
            state.help_scroll = 0;
        }
        Quit => state.should_quit = true,
        Command => state.prompt = Some(Prompt::new(PromptKind::Command, "", None)),
        Filter => open_filter(state),
        SortNext => step_sort(state, 1),
        SortPrevious => step_sort(state, -1),
        SortReverse => reverse_sort(state),
        Mark => mark(state),
        ClearMarks => clear_marks(state),
        CopyArn => return copy(state, false),
        CopyId => return copy(state, true),
        Console => return console(state),
        Submit | Cancel | Complete | HistoryPrevious | HistoryNext => {}
    }
    Outcome::default()
}

/// Esc: clear the filter first, then go up a level.
fn back(state: &mut State) {
    if let Some(view) = state.screen_mut().cursor_mut() {
        if view.filter.take().is_some() {
            state.flash = Some(Flash::new(FlashLevel::Info, "filter cleared"));
            return;
        }
    }
    navigation::back(state);
}

fn open_filter(state: &mut State) {
    let Some(view) = state.screen().cursor() else {
        state.flash = Some(Flash::new(FlashLevel::Info, "nothing to filter here"));
        return;
    };
    let before = view.filter.clone();
    let text = before.as_ref().map_or("", |f| f.text.as_str());
    state.prompt = Some(Prompt::new(PromptKind::Filter, text, before.clone()));
}

/// After the filter line changed: filter as the user types.
pub fn filter_edited(state: &mut State) {
    let Some(text) = state
        .prompt
        .as_ref()
        .filter(|p| p.kind == PromptKind::Filter)
        .map(|p| p.text().to_string())
    else {
        return;
    };
    if let Some(view) = state.screen_mut().cursor_mut() {
        view.filter = Filter::parse(&text);
    }
}

fn in_prompt(state: &mut State, action: UserAction) -> Outcome {
    let Some(prompt) = state.prompt.as_mut() else {
        return Outcome::default();
    };
    let kind = prompt.kind;
    let text = prompt.text().trim().to_string();
    match action {
        Submit => {
            let prompt = state.prompt.take();
            let history = match kind {
                PromptKind::Command => &mut state.command_history,
                PromptKind::Filter => &mut state.filter_history,
            };
            if !text.is_empty() && history.last() != Some(&text) {
                history.push(text.clone());
            }
            if kind == PromptKind::Command {
                return run_command(state, &text);
            }
            if let Some(filter) = state.screen().cursor().and_then(|v| v.filter.as_ref()) {
                if filter.is_literal() {
                    state.flash = Some(Flash::new(
                        FlashLevel::Info,
                        format!(
                            "`{}` is not a valid regex: matching it as text",
                            prompt.map(|p| p.text().to_string()).unwrap_or_default()
                        ),
                    ));
                }
            }
        }
        Quit => {
            state.prompt = None;
            state.should_quit = true;
        }
        Cancel | Back => {
            let prompt = state.prompt.take();
            if kind == PromptKind::Filter {
                if let Some(view) = state.screen_mut().cursor_mut() {
                    view.filter = prompt.and_then(|p| p.filter_before);
                }
            }
        }
        Complete if kind == PromptKind::Command => {
            let typed = prompt.text().to_string();
            match commands::complete(state, &typed) {
                Some(done) => {
                    if let Some(p) = state.prompt.as_mut() {
                        p.set_text(&done);
                    }
                }
                None => {
                    let found = commands::candidates(state, &typed);
                    if found.len() > 1 {
                        state.flash = Some(Flash::new(FlashLevel::Info, found.join("  ")));
                    }
                }
            }
        }
        HistoryPrevious | HistoryNext => walk_history(state, action == HistoryPrevious),
        _ => {}
    }
    Outcome::default()
}

fn walk_history(state: &mut State, older: bool) {
    let Some(prompt) = state.prompt.as_mut() else {
        return;
    };
    let history = match prompt.kind {
        PromptKind::Command => &state.command_history,
        PromptKind::Filter => &state.filter_history,
    };
    if history.is_empty() {
        return;
    }
    let at = match (prompt.history_at, older) {
        (None, true) => Some(0),
        (None, false) => None,
        (Some(n), true) => Some((n + 1).min(history.len() - 1)),
        (Some(0), false) => None,
        (Some(n), false) => Some(n - 1),
    };
    if prompt.history_at.is_none() {
        prompt.draft = prompt.text().to_string();
    }
    let text = at.map_or(prompt.draft.as_str(), |n| {
        history[history.len() - 1 - n].as_str()
    });
    let text = text.to_string();
    prompt.history_at = at;
    prompt.set_text(&text);
    filter_edited(state);
}

/// Run a command line (without its `:`).
pub fn run_command(state: &mut State, line: &str) -> Outcome {
    let mut words = line.split_whitespace();
    let Some(word) = words.next() else {
        return Outcome::default();
    };
    let arg = words.collect::<Vec<_>>().join(" ");
    let Some(spec) = commands::find(word) else {
        let hint = match commands::closest(word) {
            Some(name) => format!("did you mean :{name}?"),
            None => "Tab completes, :help lists the commands".to_string(),
        };
        state.flash = Some(Flash::new(
            FlashLevel::Error,
            format!("unknown command :{word}; {hint}"),
        ));
        return Outcome::default();
    };
    if spec.arg == ArgKind::None && !arg.is_empty() {
        state.flash = Some(Flash::new(
            FlashLevel::Error,
            format!(":{} takes no argument ({})", spec.name, spec.about),
        ));
        return Outcome::default();
    }
    match spec.command {
        CommandName::Clusters => state.screens.truncate(1),
        CommandName::Services => {
            if let Some(cluster_arn) = cluster_for(state, &arg, spec.name) {
                show_services(state, cluster_arn);
            }
        }
        CommandName::Tasks => {
            if let Some(cluster_arn) = cluster_for(state, &arg, spec.name) {
                show_tasks(state, cluster_arn);
            }
        }
        CommandName::Profile => return switch(state, Some(arg), None),
        CommandName::Region => return switch(state, None, Some(arg)),
        CommandName::Sort => sort_by_name(state, &arg),
        CommandName::Help => {
            state.show_help = true;
            state.help_scroll = 0;
        }
        CommandName::Quit => state.should_quit = true,
    }
    // `update` works out the rows and the cursor of the screen now on top.
    Outcome::default()
}

/// The cluster a command means: the one named, else the one on screen, else the one under the cursor.
fn cluster_for(state: &mut State, name: &str, command: &str) -> Option<String> {
    if !name.is_empty() {
        let clusters = state.clusters.data.as_deref().unwrap_or_default();
        let found = clusters
            .iter()
            .find(|c| c.name == name)
            .or_else(|| clusters.iter().find(|c| c.name.eq_ignore_ascii_case(name)));
        if let Some(c) = found {
            return Some(c.arn.clone());
        }
        let why = if state.clusters.data.is_none() {
            "the clusters are still loading; try again in a moment".to_string()
        } else {
            format!(
                "no cluster named {name} in {}; :clusters lists them",
                state.info.region
            )
        };
        state.flash = Some(Flash::new(FlashLevel::Error, why));
        return None;
    }
    let on_screen = state.screens.iter().rev().find_map(|s| match s {
        Screen::Services { cluster_arn, .. }
        | Screen::Service { cluster_arn, .. }
        | Screen::Tasks { cluster_arn, .. }
        | Screen::Task { cluster_arn, .. } => Some(cluster_arn.clone()),
        Screen::Clusters { cursor } => cursor.selected_key.clone(),
    });
    if on_screen.is_none() {
        state.flash = Some(Flash::new(
            FlashLevel::Error,
            format!("which cluster? :{command} NAME (Tab completes)"),
        ));
    }
    on_screen
}

fn show_services(state: &mut State, cluster_arn: String) {
    let keep = matches!(state.screens.get(1), Some(Screen::Services { cluster_arn: c, .. }) if *c == cluster_arn);
    state.screens.truncate(if keep { 2 } else { 1 });
    if !keep {
        state.screens.push(Screen::Services {
            cluster_arn,
            cursor: TableView::default(),
        });
    }
}

/// The cluster's tasks, one level below its services (so Esc goes to them). A tasks screen of the same cluster
/// already in the stack is kept as it was, with its filter, sort and marks.
fn show_tasks(state: &mut State, cluster_arn: String) {
    let keep = matches!(state.screens.get(2), Some(Screen::Tasks { cluster_arn: c, .. }) if *c == cluster_arn);
    if keep {
        state.screens.truncate(3);
        return;
    }
    show_services(state, cluster_arn.clone());
    state.screens.push(Screen::Tasks {
        cluster_arn,
        cursor: TableView::default(),
    });
}

fn switch(state: &mut State, profile: Option<String>, region: Option<String>) -> Outcome {
    let (what, value) = match (&profile, &region) {
        (Some(p), _) => ("profile", p.clone()),
        (_, Some(r)) => ("region", r.clone()),
        _ => return Outcome::default(),
    };
    if value.is_empty() {
        let known = match what {
            "profile" if state.profiles.is_empty() => String::new(),
            "profile" => format!(" ({})", state.profiles.join(", ")),
            _ => " (e.g. eu-west-1; Tab completes)".to_string(),
        };
        state.flash = Some(Flash::new(
            FlashLevel::Error,
            format!("which {what}? :{what} NAME{known}"),
        ));
        return Outcome::default();
    }
    if region.is_some()
        && !value
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        state.flash = Some(Flash::new(
            FlashLevel::Error,
            format!("{value} is not a region name; regions look like eu-west-1"),
        ));
        return Outcome::default();
    }
    if region.is_some() && state.info.profile == "sandbox" {
        state.flash = Some(Flash::new(
            FlashLevel::Error,
            "the sandbox is one simulated region; :profile NAME opens an AWS account",
        ));
        return Outcome::default();
    }
    state.flash = Some(Flash::new(
        FlashLevel::Info,
        format!("opening {what} {value}…"),
    ));
    Outcome::effect(Effect::Connect { profile, region })
}

fn sort_by_name(state: &mut State, word: &str) {
    let Some(kind) = state.screen().table_kind() else {
        state.flash = Some(Flash::new(FlashLevel::Error, "no table to sort here"));
        return;
    };
    let columns = kind.sort_columns();
    let word = word.to_ascii_lowercase();
    let found = columns
        .iter()
        .position(|c| commands::sort_word(c.label) == word)
        .or_else(|| {
            columns
                .iter()
                .position(|c| !word.is_empty() && commands::sort_word(c.label).starts_with(&word))
        });
    let Some(column) = found else {
        let names: Vec<String> = columns
            .iter()
            .map(|c| commands::sort_word(c.label))
            .collect();
        state.flash = Some(Flash::new(
            FlashLevel::Error,
            format!("sort by what? one of: {}", names.join(", ")),
        ));
        return;
    };
    let current = state.screen().cursor().and_then(|v| v.sort);
    let sort = match current {
        Some(s) if s.column == column => Sort {
            column,
            reversed: !s.reversed,
        },
        _ => Sort {
            column,
            reversed: false,
        },
    };
    set_sort(state, kind, Some(sort));
}

fn step_sort(state: &mut State, step: isize) {
    let Some(kind) = state.screen().table_kind() else {
        return;
    };
    let count = kind.sort_columns().len() as isize;
    let current = state.screen().cursor().and_then(|v| v.sort);
    // The natural order is the position before the first column.
    let position = current.map_or(-1, |s| s.column as isize);
    let next = (position + 1 + step).rem_euclid(count + 1) - 1;
    let sort = (next >= 0).then_some(Sort {
        column: next as usize,
        reversed: false,
    });
    set_sort(state, kind, sort);
}

fn reverse_sort(state: &mut State) {
    let Some(kind) = state.screen().table_kind() else {
        return;
    };
    let current = state.screen().cursor().and_then(|v| v.sort);
    let sort = match current {
        Some(s) => Sort {
            reversed: !s.reversed,
            ..s
        },
        None => Sort {
            column: 0,
            reversed: true,
        },
    };
    set_sort(state, kind, Some(sort));
}

fn set_sort(state: &mut State, kind: TableKind, sort: Option<Sort>) {
    if let Some(view) = state.screen_mut().cursor_mut() {
        view.sort = sort;
    }
    let text = match sort {
        None => "natural order".to_string(),
        Some(s) => {
            let column = &kind.sort_columns()[s.column];
            let direction = match (column.largest_first, s.reversed) {
                (true, false) | (false, true) => "descending",
                _ => "ascending",
            };
            format!("sorted by {} ({direction})", column.label)
        }
    };
    state.flash = Some(Flash::new(FlashLevel::Info, text));
}

fn mark(state: &mut State) {
    let Some(view) = state.screen_mut().cursor_mut() else {
        return;
    };
    let Some(key) = view.selected_key.clone() else {
        return;
    };
    if !view.marks.remove(&key) {
        view.marks.insert(key);
    }
    navigation::move_cursor(state, Move::By(1));
}

fn clear_marks(state: &mut State) {
    if let Some(view) = state.screen_mut().cursor_mut() {
        let n = std::mem::take(&mut view.marks).len();
        state.flash = Some(Flash::new(FlashLevel::Info, format!("unmarked {n}")));
    }
}

/// The ARNs the user means: the marked rows (in the order shown), else the selected row; on the task screen,
/// its task.
fn selection(state: &State) -> Vec<String> {
    if let Screen::Task { task_arn, .. } = state.screen() {
        return vec![task_arn.clone()];
    }
    let (Some(view), Some(rows)) = (state.screen().cursor(), current_rows(state)) else {
        return Vec::new();
    };
    if !view.marks.is_empty() {
        let mut marked: Vec<String> = view
            .rows
            .iter()
            .filter_map(|&i| rows.key(i))
            .filter(|k| view.marks.contains(*k))
            .map(str::to_string)
            .collect();
        // Marked rows the filter hides count too.
        let hidden: Vec<String> = view
            .marks
            .iter()
            .filter(|k| !marked.contains(k))
            .cloned()
            .collect();
        marked.extend(hidden);
        return marked;
    }
    view.selected_key.iter().cloned().collect()
}

fn copy(state: &mut State, ids: bool) -> Outcome {
    let chosen = selection(state);
    if chosen.is_empty() {
        state.flash = Some(Flash::new(FlashLevel::Info, "nothing selected to copy"));
        return Outcome::default();
    }
    let what = if ids { "name" } else { "ARN" };
    let text: Vec<&str> = chosen
        .iter()
        .map(|arn| if ids { arn_name(arn) } else { arn.as_str() })
        .collect();
    let shown = match text.as_slice() {
        [one] => one.to_string(),
        many => format!("{} {what}s", many.len()),
    };
    state.flash = Some(Flash::new(
        FlashLevel::Info,
        format!("copied {shown} (through the terminal: OSC 52)"),
    ));
    Outcome::effect(Effect::Copy {
        text: text.join("\n"),
    })
}

fn console(state: &mut State) -> Outcome {
    let region = state.info.region.clone();
    let selected = state.screen().cursor().and_then(|v| v.selected_key.clone());
    let url = match state.screen() {
        Screen::Clusters { .. } => selected.map(|c| console::url(&region, arn_name(&c), None)),
        Screen::Services { cluster_arn, .. } => selected.map(|s| {
            console::url(
                &region,
                arn_name(cluster_arn),
                Some(ConsoleItem::Service(arn_name(&s))),
            )
        }),
        Screen::Service {
            cluster_arn,
            service_name,
            ..
        } => Some(console::url(
            &region,
            arn_name(cluster_arn),
            Some(ConsoleItem::Service(service_name)),
        )),
        Screen::Tasks { cluster_arn, .. } => selected.map(|t| {
            console::url(
                &region,
                arn_name(cluster_arn),
                Some(ConsoleItem::Task(arn_name(&t))),
            )
        }),
        Screen::Task {
            cluster_arn,
            task_arn,
            ..
        } => Some(console::url(
            &region,
            arn_name(cluster_arn),
            Some(ConsoleItem::Task(arn_name(task_arn))),
        )),
    };
    let Some(url) = url else {
        state.flash = Some(Flash::new(FlashLevel::Info, "nothing selected"));
        return Outcome::default();
    };
    if state.info.profile == "sandbox" {
        state.flash = Some(Flash::new(
            FlashLevel::Info,
            format!("the sandbox has no console; in AWS this is {url}"),
        ));
        return Outcome::default();
    }
    state.flash = Some(Flash::new(FlashLevel::Info, format!("{url} (copied)")));
    Outcome::effect(Effect::Copy { text: url })
}

/// Move the help's view when it does not fit the terminal.
fn scroll_help(state: &mut State, action: UserAction) {
    let max = crate::ui::help::max_scroll(state);
    let page = crate::ui::help::visible_rows(state).max(1);
    let now = state.help_scroll.min(max);
    state.help_scroll = match action {
        Up => now.saturating_sub(1),
        Down => now + 1,
        PageUp => now.saturating_sub(page),
        PageDown => now.saturating_add(page),
        Top => 0,
        _ => max,
    }
    .min(max);
}
