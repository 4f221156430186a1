//! The API budget: a line in the header (calls a minute, paused, slowed) and `:budget`, bucket by bucket.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;
use strum::IntoEnumIterator;

use crate::app::budget::Category;
use crate::app::State;
use crate::model::Age;
use crate::ui::text::fit;
use crate::ui::widgets::panel;
use crate::ui::Theme;

/// A short name for the header.
fn short(category: Category) -> &'static str {
    match category {
        Category::ClusterRead => "cl",
        Category::ServiceRead => "svc",
        Category::ClusterResourceRead => "task",
        Category::TaskDefinitionRead => "td",
        Category::ServiceDeploymentRead => "dep",
        Category::ElbRead => "elb",
        Category::Logs => "log",
        Category::Metrics => "cw",
        Category::Alarms => "alm",
        Category::AutoScaling => "aas",
    }
}

/// The header's right side on its second row: how old the data on screen is, the calls of the last minute
/// by category, and whether polling is paused or slowed by throttling. Widest first; the caller drops what
/// does not fit.
pub fn header_spans(
    state: &State,
    data_age: Option<i64>,
    theme: &Theme,
) -> Vec<Vec<Span<'static>>> {
    let now = state.now;
    let budget = &state.session.budget;
    let mut parts: Vec<Vec<Span<'static>>> = Vec::new();
    if state.paused {
        parts.push(vec![Span::styled("⏸ polling paused", theme.warn)]);
    }
    let slowed = budget.slowed_categories();
    if let Some(first) = slowed.first() {
        let pct = (budget.bucket(*first).slowed * 100.0).round();
        parts.push(vec![Span::styled(
            format!("⚠ throttled: {} at {pct}%", first.label()),
            theme.warn,
        )]);
    }
    if let Some(age) = data_age {
        parts.push(vec![
            Span::styled("data ", theme.muted),
            Span::styled(Age(age).to_string(), theme.text),
        ]);
    }
    let calls: Vec<String> = Category::iter()
        .filter_map(|c| {
            let n = budget.calls_last_minute(c, now);
            (n > 0).then(|| format!("{} {n}", short(c)))
        })
        .collect();
    parts.push(vec![
        Span::styled("calls/min ", theme.muted),
        Span::styled(
            if calls.is_empty() {
                "0".to_string()
            } else {
                calls.join(" ")
            },
            theme.text,
        ),
    ]);
    parts
}

/// `:budget`: each bucket's documented rate, polling's share of it, what is left, what was spent.
pub fn draw(frame: &mut Frame, area: Rect, state: &State, scroll: u16, theme: &Theme) {
    let Some(popup) = panel::full_area(area) else {
        return;
    };
    let budget = &state.session.budget;
    let note = format!(
        " polling keeps to {:.0}% of each rate ",
        budget.share * 100.0
    );
    let inner = panel::popup(
        frame,
        popup,
        theme,
        "API budget",
        Some(Line::styled(note, theme.muted)),
        Line::styled(" esc close · j/k scroll · p pause polling ", theme.muted),
    );
    let cols = usize::from(inner.width);
    let mut lines = vec![Line::styled(
        fit(
            &format!(
                "{:<21} {:>8} {:>5} {:>5} {:>8} {:>6}  {}",
                "BUCKET", "RATE/s", "POLL", "LEFT", "LAST MIN", "TOTAL", "THROTTLED"
            ),
            cols,
        )
        .into_owned(),
        theme.header,
    )];
    for category in Category::iter() {
        let b = budget.bucket(category);
        let (burst, rate) = category.limits();
        let throttled = match b.throttled_at {
            Some(at) => format!("{} ago, {:.0}%", Age(state.now.since(at)), b.slowed * 100.0),
            None => "never".into(),
        };
        let style = if b.slowed < 1.0 {
            theme.warn
        } else {
            theme.text
        };
        let text = format!(
            "{:<21} {:>8} {:>5} {:>5.0} {:>8} {:>6}  {}",
            category.label(),
            format!("{rate:.0} ({burst:.0})"),
            format!("{:.1}", rate * budget.share * b.slowed),
            b.steady.max(0.0),
            budget.calls_last_minute(category, state.now),
            b.total_calls,
            throttled,
        );
        lines.push(Line::styled(fit(&text, cols).into_owned(), style));
    }
    lines.push(Line::raw(""));
    lines.extend(metric_spend(state, cols, theme));
    lines.push(Line::raw(""));
    let about = "RATE is AWS's sustained rate a second (burst in brackets), shared by everything that uses \
        this account and region. Reads you wait for (a view opened, r, after a change) may use all of it; \
        polling keeps to POLL. A throttled bucket is halved, and recovers over minutes. LEFT is what polling \
        may still spend at once. `[budget] share` in the settings sets polling's share.";
    for text in crate::ui::text::wrap(about, cols) {
        lines.push(Line::styled(text, theme.muted));
    }
    let shown: Vec<Line> = lines
        .into_iter()
        .skip(usize::from(scroll))
        .take(usize::from(inner.height))
        .collect();
    frame.render_widget(Paragraph::new(shown), inner);
}

/// What CloudWatch metrics cost this session: they are billed per metric asked, whatever the rate.
fn metric_spend(state: &State, cols: usize, theme: &Theme) -> Vec<Line<'static>> {
    let policy = state.refresh.metrics;
    if !policy.enabled {
        let off = "Metrics: off ([metrics] enabled = false): nothing is asked of CloudWatch.";
        return vec![Line::styled(fit(off, cols).into_owned(), theme.muted)];
    }
    let spend = &state.session.metric_spend;
    let last = spend.last_minute(state.now);
    let simulated = if state.session.info.simulated {
        " (the sandbox's: nothing is billed)"
    } else {
        ""
    };
    let lines = [
        (
            format!(
                "Metrics asked this session: {} in {} GetMetricData calls, about ${:.4}{simulated}",
                crate::ui::text::thousands(spend.total as usize),
                spend.calls,
                spend.cost_usd()
            ),
            theme.text,
        ),
        (
            format!(
                "Last minute: {last} of {} allowed ([metrics] max_per_minute); rows or charts that waited for it: {}",
                policy.max_per_minute, spend.held_back
            ),
            if last >= policy.max_per_minute {
                theme.warn
            } else {
                theme.text
            },
        ),
        (
            "GetMetricData is billed per metric asked: about $0.01 per 1,000 in us-east-1. wharf asks for the \
             rows on screen (two each) once a minute, and for a service's charts while they are open."
                .to_string(),
            theme.muted,
        ),
    ];
    lines
        .into_iter()
        .flat_map(|(text, style)| {
            crate::ui::text::wrap(&text, cols)
                .into_iter()
                .map(move |l| Line::styled(l, style))
        })
        .collect()
}
