//! The frame: a two-line header (who and where; the breadcrumb), the body, a two-line footer (keys; status).

use crate::app::{ServicesScreen, TaskScreen};
use ratatui::layout::{Alignment, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use crate::app::{Flash, FlashLevel, Overlay, Resource, Screen, State};
use crate::backend::BackendError;
use crate::model::{Age, Timestamp};
use crate::ui::text::{fit, width};
use crate::ui::{widgets, Theme};

mod crumbs;
mod hints;

pub use crumbs::breadcrumb;
use crumbs::breadcrumb_line;

pub use crate::app::layout::{body_rows, table_row_at};
pub use crate::geometry::{areas, boxed_inner, Areas, MIN_HEIGHT, MIN_WIDTH};

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
    let info = &state.session.info;
    let mut spans = vec![Span::styled(" wharf ", theme.accent), Span::raw("  ")];
    if info.simulated {
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
    if !state.forwards.is_empty() {
        // Open ports on this machine: in sight while they are open (`:forwards` lists them).
        spans.push(Span::raw("  "));
        let n = state.forwards.len();
        let text = format!("⇄ {n} forward{}", if n == 1 { "" } else { "s" });
        spans.push(Span::styled(text, theme.focus));
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
    let clock = format!("{} UTC{} ", state.now.clock(), speed_note(info, area.width));
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
    let crumb_line = breadcrumb_line(&crumbs, row2.width, theme);
    frame.render_widget(Paragraph::new(crumb_line.clone()), row2);
    // A popup over the screen starts on this row: the budget's line would show beside it.
    if !matches!(state.overlay, Overlay::None | Overlay::Prompt(_)) {
        return;
    }
    // The budget's line on the right, as much of it as leaves the breadcrumb whole.
    let age = status(state).fetched_at.map(|t| state.now.since(t));
    let room = usize::from(row2.width).saturating_sub(crumb_line.width() + 3);
    let mut right: Vec<Span> = Vec::new();
    let mut used = 0;
    for part in crate::ui::budget::header_spans(state, age, theme) {
        let w: usize = part.iter().map(|s| width(&s.content)).sum::<usize>() + 3;
        if used + w > room {
            continue;
        }
        used += w;
        if !right.is_empty() {
            right.push(Span::styled(" · ", theme.muted));
        }
        right.extend(part);
    }
    if !right.is_empty() {
        // One column short of the edge, like the clock above it (and under a popup's right border).
        let inset = Rect {
            width: row2.width.saturating_sub(1),
            ..row2
        };
        frame.render_widget(
            Paragraph::new(Line::from(right)).alignment(Alignment::Right),
            inset,
        );
    }
}

/// ` ×10 sandbox time` beside the clock when the sandbox's clock runs faster or slower than real time (` ×10`
/// alone in a narrow terminal); nothing at real speed.
fn speed_note(info: &crate::backend::BackendInfo, cols: u16) -> String {
    match info.clock_speed {
        Some(speed) if speed != 1.0 => {
            let speed = format!("{speed:.1}");
            let speed = speed.trim_end_matches('0').trim_end_matches('.');
            if cols >= 100 {
                format!(" ×{speed} sandbox time")
            } else {
                format!(" ×{speed}")
            }
        }
        _ => String::new(),
    }
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
        None => hints::draw(frame, first, state, theme),
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

/// How fresh the data on screen is, gathered from what the current screen needs (`Screen::needs`).
#[derive(Default)]
pub struct Status<'a> {
    /// The oldest fetch among them, if any has data.
    pub fetched_at: Option<Timestamp>,
    pub error: Option<&'a BackendError>,
    /// When the read that failed goes again (later after each failure).
    pub retry_at: Option<Timestamp>,
    /// The read failed on a fault that may clear by itself: one read checks every this many ms.
    pub checking_every: Option<i64>,
    pub in_flight: bool,
    /// Something on screen still has no data.
    pub loading: bool,
}

impl<'a> Status<'a> {
    fn add(&mut self, status: Option<&'a crate::app::Status>, interval_ms: i64, ages: bool) {
        let Some(st) = status else {
            self.loading = true;
            return;
        };
        if st.fetched_at.is_some() && !ages {
            // Loaded; its age does not count.
        } else if st.fetched_at.is_some() {
            self.fetched_at = match (self.fetched_at, st.fetched_at) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
        } else if st.error.is_none() {
            self.loading = true;
        }
        if self.error.is_none() && st.error.is_some() {
            self.error = st.error.as_ref();
            if st.waits_for_probe() {
                self.checking_every = Some(crate::app::polling::probe_interval(st, interval_ms));
            } else {
                self.retry_at = st.next_poll(interval_ms);
            }
        }
        self.in_flight |= st.in_flight;
    }
}

pub fn status(state: &State) -> Status<'_> {
    let mut s = Status::default();
    for need in state.screen().needs(state) {
        let interval = need.interval_ms(&state.refresh);
        // What is read once (an immutable task definition) is never stale: its age would only grow.
        let ages = !matches!(need, crate::app::needs::Need::Once(_));
        for resource in need.shown() {
            s.add(shown_status(state, &resource), interval, ages);
        }
    }
    // No row described yet because every describe failed: that error is what is on screen.
    if let (None, Screen::Services(ServicesScreen { cluster_arn, .. })) = (s.error, state.screen())
    {
        let table = state.services_of(cluster_arn).and_then(|l| l.data.as_ref());
        if let Some(row) = table.and_then(|t| t.failed_row()) {
            // Its error, and when it is checked again, as for any read the screen shows.
            s.add(Some(row), state.refresh.list_ms, true);
        }
    }
    s
}

/// A task screen shows the list it came from until its own read answers: that list's row, whose age counts
/// until then, or, when the list has no data because its read failed, that error (which is what the view
/// draws: the status line must not say "loading" beside it).
fn shown_status<'a>(state: &'a State, resource: &Resource) -> Option<&'a crate::app::Status> {
    let answered = |s: &crate::app::Status| s.fetched_at.is_some() || s.error.is_some();
    let own = state.status(resource);
    if own.is_some_and(answered) {
        return own;
    }
    match (resource, state.screen()) {
        (
            Resource::Task { .. },
            Screen::Task(TaskScreen {
                cluster_arn, from, ..
            }),
        ) => state
            .task_list(cluster_arn, from)
            .map(|l| &l.status)
            .filter(|s| answered(s))
            .or(own),
        _ => own,
    }
}

/// When the failed read goes again: ` · retrying in 20 s`, or for a fault that may clear by itself (which
/// one read checks for, `app::polling::probe`) ` · checking every 10 s`.
fn retry(s: &Status, now: Timestamp) -> String {
    if let Some(every) = s.checking_every {
        return format!(" · checking every {} s", (every + 999) / 1000);
    }
    match s.retry_at {
        Some(at) if at.since(now) > 0 => {
            format!(" · retrying in {} s", (at.since(now) + 999) / 1000)
        }
        _ => " · retrying".into(),
    }
}

fn draw_status(frame: &mut Frame, area: Rect, s: &Status, now: Timestamp, theme: &Theme) {
    let age = s.fetched_at.map(|t| Age(now.since(t)).to_string());
    let (left, left_style, right): (String, Style, String) = match (s.error, &age) {
        (Some(e), Some(age)) => (
            format!("✗ {e}"),
            theme.error,
            format!("showing data from {age} ago{}", retry(s, now)),
        ),
        (Some(e), None) => (
            format!("✗ {e}"),
            theme.error,
            format!(
                "{} · r to retry now",
                retry(s, now).trim_start_matches(" · ")
            ),
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
    let cols = usize::from(area.width);
    // An error too long for the line says where it can be read whole.
    let right = if s.error.is_some() && width(&left) + width(&right) + 4 > cols {
        ":messages reads it whole".to_string()
    } else {
        right
    };
    let right_w = width(&right) + 1;
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
