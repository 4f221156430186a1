//! The frame: a two-line header (who and where; the breadcrumb), the body, a two-line footer (keys; status).

use ratatui::layout::{Alignment, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use crate::app::{Flash, FlashLevel, Loadable, Overlay, Screen, State, UserAction};
use crate::backend::BackendError;
use crate::model::{arn_name, Age, Timestamp};
use crate::ui::text::{fit, short_id, width};
use crate::ui::{widgets, Theme};

pub use crate::geometry::{
    areas, body_rows, boxed_inner, table_row_at, Areas, MIN_HEIGHT, MIN_WIDTH,
};

/// A clear, centred note when the terminal is too small. Safe at any size, including 0x0.
pub fn draw_too_small(frame: &mut Frame, area: Rect, theme: &Theme) {
    if area.is_empty() {
        return;
    }
    let lines = vec![
        Line::from(Span::styled("Terminal too small", theme.warn)),
        Line::from(Span::styled(
            format!(
                "now {}x{}, wharf needs {MIN_WIDTH}x{MIN_HEIGHT}",
                area.width, area.height
            ),
            theme.text,
        )),
        Line::from(Span::styled(
            "Enlarge the window or make the font smaller.",
            theme.muted,
        )),
    ];
    widgets::message::draw(frame, area, lines);
}

pub fn draw_header(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let info = &state.info;
    let mut spans = vec![Span::styled(" wharf ", theme.accent), Span::raw("  ")];
    if info.profile == "sandbox" {
        spans.push(Span::styled("sandbox", theme.warn));
        // The explanation only where it leaves room for the account id.
        if area.width >= 100 {
            spans.push(Span::styled(" (simulated region)", theme.muted));
        }
    } else {
        spans.push(Span::styled("profile ", theme.muted));
        spans.push(Span::styled(info.profile.clone(), theme.focus));
    }
    if state.read_only {
        // Next to the profile, in words: known before any change is attempted, also at 80 columns.
        spans.push(Span::raw("  "));
        spans.push(Span::styled("read-only", theme.warn));
    }
    spans.push(Span::raw("  "));
    spans.push(Span::styled(info.region.clone(), theme.text));
    if let Some(account) = &info.account_id {
        spans.push(Span::styled("  account ", theme.muted));
        spans.push(Span::styled(account.clone(), theme.text));
    }
    if let Some(endpoint) = &info.endpoint {
        spans.push(Span::styled("  endpoint ", theme.muted));
        spans.push(Span::styled(endpoint.clone(), theme.warn));
    }
    let clock = format!("{} UTC ", state.now.clock());
    let room = usize::from(area.width).saturating_sub(width(&clock) + 1);
    let line1 = fit_spans(spans, room);
    let row1 = Rect { height: 1, ..area };
    // A profile's accent (say, red for production) paints the whole row, so it cannot be missed.
    if let Some(bg) = theme.accent.bg {
        frame.buffer_mut().set_style(row1, Style::new().bg(bg));
    }
    frame.render_widget(Paragraph::new(line1), row1);
    if width(&clock) + 20 <= usize::from(area.width) {
        frame.render_widget(
            Paragraph::new(Span::styled(clock, theme.muted)).alignment(Alignment::Right),
            row1,
        );
    }

    let crumbs = breadcrumb(&state.screens);
    let row2 = Rect {
        y: area.y + 1,
        height: 1,
        ..area
    };
    frame.render_widget(
        Paragraph::new(breadcrumb_line(&crumbs, row2.width, theme)),
        row2,
    );
}

/// `clusters › prod-fargate › web › task 1a2b3c4d` (or `clusters › prod-fargate › tasks › task 1a2b3c4d`), one
/// entry per level of the navigation stack.
pub fn breadcrumb(screens: &[Screen]) -> Vec<String> {
    screens
        .iter()
        .map(|s| match s {
            Screen::Clusters { .. } => "clusters".to_string(),
            Screen::Services { cluster_arn, .. } => arn_name(cluster_arn).to_string(),
            Screen::Service { service_name, .. } => service_name.clone(),
            Screen::Tasks { .. } => "tasks".to_string(),
            Screen::Task { task_arn, .. } => format!("task {}", short_id(arn_name(task_arn))),
        })
        .collect()
}

/// The breadcrumb, dropping its oldest levels (shown as `…`) when it does not fit.
fn breadcrumb_line(crumbs: &[String], cols: u16, theme: &Theme) -> Line<'static> {
    const SEP: &str = " › ";
    let room = usize::from(cols).saturating_sub(1);
    let mut first = 0;
    let total = |from: usize| -> usize {
        crumbs[from..].iter().map(|c| width(c)).sum::<usize>()
            + (crumbs.len() - from).saturating_sub(1) * width(SEP)
            + if from > 0 { width(SEP) + 1 } else { 0 }
    };
    while first + 1 < crumbs.len() && total(first) > room {
        first += 1;
    }
    let mut spans = vec![Span::raw(" ")];
    if first > 0 {
        spans.push(Span::styled("…", theme.muted));
        spans.push(Span::styled(SEP, theme.muted));
    }
    for (i, crumb) in crumbs.iter().enumerate().skip(first) {
        if i > first {
            spans.push(Span::styled(SEP, theme.muted));
        }
        let style = if i + 1 == crumbs.len() {
            theme.focus
        } else {
            theme.text
        };
        spans.push(Span::styled(crumb.clone(), style));
    }
    fit_spans(spans, room + 1)
}

/// Spans cut to `max` cells in all, the last one shown ending in `…`.
pub fn fit_spans(spans: Vec<Span<'static>>, max: usize) -> Line<'static> {
    let mut used = 0;
    let mut out = Vec::with_capacity(spans.len());
    for span in spans {
        let w = width(&span.content);
        if used + w <= max {
            used += w;
            out.push(span);
        } else {
            let text = fit(&span.content, max - used).into_owned();
            out.push(Span::styled(text, span.style));
            break;
        }
    }
    Line::from(out)
}

pub fn draw_footer(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let first = Rect { height: 1, ..area };
    match state.overlay.prompt() {
        Some(prompt) => super::prompt::draw(frame, first, state, prompt, theme),
        None => draw_hints(frame, first, state, theme),
    }
    let status_area = Rect {
        y: area.y + 1,
        height: 1,
        ..area
    };
    let running = state.in_flight.first().map(|r| {
        let waiting = if r.unknown_since.is_some() {
            "unknown, checking:"
        } else {
            "⟳"
        };
        let more = match state.in_flight.len() {
            1 => String::new(),
            n => format!(" (+{} more)", n - 1),
        };
        Flash::new(
            FlashLevel::Warn,
            format!("{waiting} {}…{more}", r.mutation.summary()),
        )
    });
    match state.flash.as_ref().or(running.as_ref()) {
        Some(flash) => draw_flash(frame, status_area, flash, theme),
        None => draw_status(frame, status_area, &status(state), state.now, theme),
    }
}

/// The keys that do something here, from the active keymap: no "open" in an empty table, no "back" on the
/// first screen unless it has a filter to clear.
fn draw_hints(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    if let Overlay::Cleanup = state.overlay {
        let text = match &state.cleanup {
            Some(r) if r.is_running() => " esc stop after this step".to_string(),
            Some(r) if r.can_resume() => {
                format!(" enter resume at step {}  esc close", r.current + 1)
            }
            _ => " esc close".to_string(),
        };
        frame.render_widget(Paragraph::new(Span::styled(text, theme.focus)), area);
        return;
    }
    let view = state.screen().cursor();
    let has_rows = view.is_some_and(|c| c.selected_key.is_some());
    let can_go_back = !state.overlay.is_none()
        || state.screens.len() > 1
        || view.is_some_and(|v| v.filter.is_some());
    let mut spans = Vec::new();
    for b in state.keymap.hints(&state.key_contexts()) {
        let shown = match b.action {
            UserAction::Back => can_go_back,
            UserAction::Open => has_rows,
            // Read-only: no key that would only be refused.
            a if state.read_only && a.changes_the_account() => false,
            _ => true,
        };
        if shown {
            spans.push(Span::styled(format!(" {}", b.name), theme.focus));
            spans.push(Span::styled(format!(" {} ", b.description), theme.muted));
        }
    }
    frame.render_widget(
        Paragraph::new(fit_spans(spans, usize::from(area.width))),
        area,
    );
}

fn draw_flash(frame: &mut Frame, area: Rect, flash: &Flash, theme: &Theme) {
    let (glyph, style) = match flash.level {
        FlashLevel::Info => ("›", theme.text),
        FlashLevel::Warn => ("!", theme.warn),
        FlashLevel::Error => ("✗", theme.error),
    };
    let text = format!(" {glyph} {}", flash.text);
    frame.render_widget(
        Paragraph::new(Span::styled(fit(&text, usize::from(area.width)), style)),
        area,
    );
}

/// How fresh the data on screen is, gathered from the loadables the current screen draws.
#[derive(Default)]
pub struct Status<'a> {
    /// The oldest fetch among them, if any has data.
    pub fetched_at: Option<Timestamp>,
    pub error: Option<&'a BackendError>,
    pub in_flight: bool,
    /// Something on screen still has no data.
    pub loading: bool,
}

impl<'a> Status<'a> {
    fn add<T>(&mut self, l: Option<&'a Loadable<T>>) {
        let Some(l) = l else {
            self.loading = true;
            return;
        };
        if l.data.is_some() {
            self.fetched_at = match (self.fetched_at, l.fetched_at) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
        } else if l.error.is_none() {
            self.loading = true;
        }
        self.error = self.error.or(l.error.as_ref());
        self.in_flight |= l.in_flight;
    }
}

pub fn status(state: &State) -> Status<'_> {
    let mut s = Status::default();
    match state.screen() {
        Screen::Clusters { .. } => s.add(Some(&state.clusters)),
        Screen::Services { cluster_arn, .. } => s.add(state.services_of(cluster_arn)),
        Screen::Service {
            cluster_arn,
            service_arn,
            service_name,
            ..
        } => {
            // The service's own describe once it has answered; until then the list's copy is what is shown.
            let detail = state.service_details.get(service_arn.as_str());
            match detail {
                Some(d) if d.data.is_some() => s.add(Some(d)),
                _ => {
                    s.add(state.services_of(cluster_arn));
                    if let Some(d) = detail {
                        s.error = s.error.or(d.error.as_ref());
                        s.in_flight |= d.in_flight;
                    }
                }
            }
            // Without the service nothing else is drawn, so only its own state counts.
            if let Some(service) = state.service(cluster_arn, service_arn) {
                s.add(state.tasks_of(cluster_arn, service_name));
                for binding in &service.load_balancers {
                    s.add(state.target_health.get(&binding.target_group_arn));
                }
            }
        }
        Screen::Tasks { cluster_arn, .. } => s.add(state.cluster_tasks_of(cluster_arn)),
        Screen::Task {
            cluster_arn, from, ..
        } => s.add(state.task_list(cluster_arn, from)),
    }
    s
}

fn draw_status(frame: &mut Frame, area: Rect, s: &Status, now: Timestamp, theme: &Theme) {
    let age = s.fetched_at.map(|t| Age(now.since(t)).to_string());
    let (left, left_style, right): (String, Style, String) = match (s.error, &age) {
        (Some(e), Some(age)) => (
            format!("✗ {e}"),
            theme.error,
            format!("showing data from {age} ago"),
        ),
        (Some(e), None) => (
            format!("✗ {e}"),
            theme.error,
            "retrying · r to retry now".into(),
        ),
        (None, Some(age)) if s.loading => (
            format!("updated {age} ago · loading…"),
            theme.muted,
            String::new(),
        ),
        (None, Some(age)) if s.in_flight => (
            format!("updated {age} ago · refreshing…"),
            theme.muted,
            String::new(),
        ),
        (None, Some(age)) => (format!("updated {age} ago"), theme.muted, String::new()),
        (None, None) => ("◐ loading…".into(), theme.pending, String::new()),
    };
    let right_w = width(&right) + 1;
    let cols = usize::from(area.width);
    let show_right = !right.is_empty() && right_w + 20 <= cols;
    let left_room = if show_right {
        cols - right_w - 2
    } else {
        cols.saturating_sub(1)
    };
    let line = Line::from(Span::styled(
        format!(" {}", fit(&left, left_room)),
        left_style,
    ));
    frame.render_widget(Paragraph::new(line), area);
    if show_right {
        frame.render_widget(
            Paragraph::new(Span::styled(format!("{right} "), theme.warn))
                .alignment(Alignment::Right),
            area,
        );
    }
}
