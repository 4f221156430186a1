//! The cleanup dialog's plan: every step in the order it runs, the two opt-in groups with their boxes, and
//! what is left alone and why.

use ratatui::text::Line;

use crate::app::cleanup::{Group, Plan};
use crate::app::{Dialog, Mutation};
use crate::ui::text::fit;
use crate::ui::Theme;

/// At most `room` lines: the heading, the three groups, as many steps as fit, and what is left alone.
pub fn lines(dialog: &Dialog, theme: &Theme, cols: usize, room: usize) -> Vec<Line<'static>> {
    let Mutation::Cleanup(draft) = &dialog.draft else {
        return Vec::new();
    };
    let Some(Ok(full)) = &draft.found else {
        return Vec::new();
    };
    let (load_balancing, task_definitions) = (&draft.load_balancing, &draft.task_definitions);
    let chosen = full.chosen(*load_balancing, *task_definitions);
    let kept_shown = full.kept.len().min(room / 4);
    let kept_lines = if full.kept.is_empty() {
        0
    } else {
        1 + kept_shown + usize::from(kept_shown < full.kept.len())
    };
    // The heading, the three group lines and "… more" take 5.
    let room = room.saturating_sub(5 + kept_lines).max(1);
    let mut out = vec![Line::styled(
        format!("The plan, in order ({} steps):", chosen.steps.len()),
        theme.header,
    )];
    let text = |out: &mut Vec<Line<'static>>, t: String, style| {
        out.push(Line::styled(fit(&t, cols).into_owned(), style));
    };
    let mut number = 0;
    let mut shown = 0;
    let total = chosen.steps.len();
    // Scrolled with PageDown, never past the last page.
    let skip = dialog.scroll.min(total.saturating_sub(room));
    if skip > 0 {
        text(
            &mut out,
            format!("    … {skip} steps above (PageUp)"),
            theme.muted,
        );
    }
    let groups = [
        (Group::Ecs, None),
        (Group::LoadBalancing, Some((0, *load_balancing))),
        (Group::TaskDefinitions, Some((1, *task_definitions))),
    ];
    for (group, opt_in) in groups {
        let steps = steps_of(full, group);
        let included = opt_in.is_none_or(|(_, on)| on);
        match opt_in {
            None => text(&mut out, format!("  {}", group.title()), theme.muted),
            Some((row, on)) => {
                let cursor = if dialog.selected == row { "›" } else { " " };
                let mark = if on { "[x]" } else { "[ ]" };
                let what = match (steps, on) {
                    (0, _) => " (nothing to delete)".to_string(),
                    (_, true) => format!(" ({steps} step{}; space leaves out)", plural(steps)),
                    (_, false) => format!(" ({steps} step{}; space includes)", plural(steps)),
                };
                let style = if dialog.selected == row {
                    theme.selection
                } else {
                    theme.text
                };
                text(
                    &mut out,
                    format!("{cursor} {mark} {}{what}", group.title()),
                    style,
                );
            }
        }
        if !included {
            continue;
        }
        for step in full.steps.iter().filter(|s| s.group() == group) {
            number += 1;
            if number <= skip {
                continue;
            }
            shown += 1;
            if shown <= room {
                text(
                    &mut out,
                    format!("    {number:>2}. {}", step.describe()),
                    theme.text,
                );
            }
        }
    }
    if shown > room {
        text(
            &mut out,
            format!(
                "    … and {} more step{} (PageDown)",
                shown - room,
                plural(shown - room)
            ),
            theme.muted,
        );
    }
    if !full.kept.is_empty() {
        text(&mut out, "Left alone:".into(), theme.header);
        for k in full.kept.iter().take(4) {
            text(&mut out, format!("  {k}"), theme.muted);
        }
        if full.kept.len() > 4 {
            text(
                &mut out,
                format!("  … and {} more", full.kept.len() - 4),
                theme.muted,
            );
        }
    }
    out
}

fn steps_of(plan: &Plan, group: Group) -> usize {
    plan.steps.iter().filter(|s| s.group() == group).count()
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
