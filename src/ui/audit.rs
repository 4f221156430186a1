//! `:audit`: the latest lines of the audit log over the screen, newest at the bottom, each entry whole: a long
//! one (many targets, an error's message) wraps onto rows of its own, indented under its outcome.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use crate::app::{AuditEntry, AuditOutcome, AuditView};
use crate::model::arn_name;
use crate::ui::text::{fit, wrap};
use crate::ui::widgets::panel;
use crate::ui::Theme;

pub fn draw(frame: &mut Frame, area: Rect, view: &AuditView, theme: &Theme) {
    let Some(popup) = panel::full_area(area) else {
        return;
    };
    let path = view.path.as_deref().unwrap_or("");
    let inner = panel::popup(
        frame,
        popup,
        theme,
        "Audit log",
        Some(Line::styled(format!(" {path} "), theme.muted)),
        Line::styled(" esc close · j/k scroll ", theme.muted),
    );
    let cols = usize::from(inner.width);
    let lines: Vec<Line> = match &view.lines {
        None => vec![Line::styled("reading the audit log…", theme.muted)],
        Some(Err(why)) => vec![Line::styled(
            fit(&format!("✗ {why}"), cols).into_owned(),
            theme.error,
        )],
        Some(Ok(lines)) if lines.is_empty() => vec![Line::styled(
            "No changes recorded yet. Every change wharf makes (or refuses) is written here.",
            theme.muted,
        )],
        Some(Ok(lines)) => lines.iter().flat_map(|l| entry(l, theme, cols)).collect(),
    };
    // Newest at the bottom: start so that the last lines show, `scroll` rows further up.
    let rows = usize::from(inner.height);
    let bottom_first = lines.len().saturating_sub(rows);
    let first = bottom_first.saturating_sub(usize::from(view.scroll));
    let shown: Vec<Line> = lines.into_iter().skip(first).take(rows).collect();
    frame.render_widget(Paragraph::new(shown), inner);
}

/// One entry: time, outcome, action, targets, from -> to, and the message. A line that is not an entry (a
/// file edited by hand) is shown as it is.
fn entry(raw: &str, theme: &Theme, cols: usize) -> Vec<Line<'static>> {
    let Ok(e) = serde_json::from_str::<AuditEntry>(raw) else {
        return wrap(raw, cols.max(1))
            .into_iter()
            .map(|l| Line::styled(l, theme.muted))
            .collect();
    };
    let (word, style) = match e.outcome {
        AuditOutcome::Attempt => ("attempt", theme.text),
        AuditOutcome::Ok => ("ok", theme.ok),
        AuditOutcome::Error => ("error", theme.error),
        AuditOutcome::Unknown => ("unknown", theme.warn),
        AuditOutcome::Refused => ("refused", theme.warn),
        AuditOutcome::Stopped => ("stopped", theme.warn),
    };
    let targets: Vec<&str> = e.targets.iter().map(|t| arn_name(t)).collect();
    let change = match (&e.from, &e.to) {
        (Some(from), Some(to)) => format!(" {from} → {to}"),
        _ => String::new(),
    };
    let message = e.message.map(|m| format!(" · {m}")).unwrap_or_default();
    let rest = format!(
        " {} {} [{}]{change}{message} ({}, {})",
        e.action,
        targets.join(","),
        e.time.get(..19).unwrap_or(&e.time),
        e.profile,
        e.region
    );
    let head = format!("{word:<8}");
    let mut rows = wrap(rest.trim_start(), cols.saturating_sub(8).max(1)).into_iter();
    let first = rows.next().unwrap_or_default();
    let mut out = vec![Line::from(vec![
        Span::styled(head, style),
        Span::styled(first, theme.text),
    ])];
    out.extend(rows.map(|row| Line::styled(format!("{:8}{row}", ""), theme.text)));
    out
}
