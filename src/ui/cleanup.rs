//! A cleanup running: every step with its outcome, a progress bar, and how it ended.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use crate::app::cleanup::{CleanupRun, StepState};
use crate::app::FlashLevel;
use crate::model::Age;
use crate::ui::text::fit;
use crate::ui::widgets::panel;
use crate::ui::Theme;

pub fn draw(
    frame: &mut Frame,
    area: Rect,
    run: &CleanupRun,
    now: crate::model::Timestamp,
    theme: &Theme,
) {
    let popup = Rect {
        x: area.x + 2,
        y: area.y + 1,
        width: area.width.saturating_sub(4),
        height: area.height.saturating_sub(3),
    };
    if popup.width < 24 || popup.height < 6 {
        return;
    }
    let hint = if run.is_running() {
        " esc stops after this step "
    } else if run.can_resume() {
        " enter resumes · x x forgets the plan · esc closes "
    } else {
        " esc closes "
    };
    let inner = panel::popup(
        frame,
        popup,
        theme,
        &match &run.kept.earlier {
            Some(at) => format!(
                "Cleaning up {} · left by an earlier run (saved {at})",
                run.plan.scope.name()
            ),
            None => format!("Cleaning up {}", run.plan.scope.name()),
        },
        None,
        Line::styled(hint, theme.muted),
    );
    let inner = Rect {
        x: inner.x + 1,
        width: inner.width.saturating_sub(2),
        ..inner
    };
    let total = run.plan.steps.len().max(1);
    let ratio = run.done() as f64 / total as f64;
    // The count beside the bar, not over it, so that it reads whatever the bar's colour.
    let label = format!(
        " {}/{} steps · {}",
        run.done(),
        run.plan.steps.len(),
        Age(now.since(run.started_at))
    );
    let label_width = (crate::ui::text::width(&label) as u16).min(inner.width);
    let bar = Rect {
        height: 1,
        width: inner.width - label_width,
        ..inner
    };
    // Drawn by hand: ratatui's Gauge leaves a gap where its (empty) label would go.
    let filled = (f64::from(bar.width) * ratio.clamp(0.0, 1.0)).round() as usize;
    frame.render_widget(
        Paragraph::new(Span::styled("█".repeat(filled), theme.ok)),
        bar,
    );
    frame.render_widget(
        Paragraph::new(Span::styled(label, theme.text)),
        Rect {
            x: bar.x + bar.width,
            width: label_width,
            height: 1,
            ..inner
        },
    );
    let cols = usize::from(inner.width);
    let mut lines = vec![Line::default()];
    for (i, (step, st)) in run.plan.steps.iter().zip(&run.states).enumerate() {
        let (glyph, style, note) = match st {
            StepState::Pending => ("·", theme.muted, String::new()),
            StepState::Running => ("⟳", theme.focus, String::new()),
            StepState::Done(said) => ("✓", theme.ok, format!(" · {said}")),
            StepState::Skipped(why) => ("–", theme.muted, format!(" · {why}")),
            StepState::Failed(e) => ("✗", theme.error, format!(" · {e}")),
            StepState::Unknown(e) => ("?", theme.warn, format!(" · {e}")),
        };
        let text = format!("{glyph} {:>2}. {}{note}", i + 1, step.describe());
        lines.push(Line::styled(fit(&text, cols).into_owned(), style));
    }
    if let Some((level, text)) = &run.finished {
        let style = match level {
            FlashLevel::Info => theme.ok,
            FlashLevel::Warn => theme.warn,
            FlashLevel::Error => theme.error,
        };
        lines.push(Line::default());
        lines.push(Line::styled(fit(text, cols).into_owned(), style));
    }
    // Keep the step running (or the last) in view.
    let body = inner.height.saturating_sub(1);
    let rows = usize::from(body);
    let focus = run.current + 2;
    let first = focus
        .saturating_sub(rows.saturating_sub(2))
        .min(lines.len().saturating_sub(rows));
    let area = Rect {
        y: inner.y + 1,
        height: body,
        ..inner
    };
    frame.render_widget(Paragraph::new(lines).scroll((first as u16, 0)), area);
}
