//! The metrics, drawn: a line each (label, last value, a Sparkline across the width, the highest value)
//! where room is short, a Chart each (two to a row) where it is not; each deployment's start marked on the
//! time axis (a bar in the accent colour, a vertical line).

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Axis, Block, Borders, Chart, Dataset, GraphType, Paragraph, Sparkline, SparklineBar,
};
use ratatui::Frame;

use super::series::{column_of, columns};
use crate::model::{MetricId, MetricKind, MetricOwner, MetricSeries, Timestamp};
use crate::ui::text::fit;
use crate::ui::Theme;

/// One metric to draw.
pub struct Plot<'a> {
    pub id: &'a MetricId,
    pub series: Option<&'a MetricSeries>,
}

/// The window the charts cover, and the deployments' starts in it.
pub struct Axis2 {
    pub window: (Timestamp, Timestamp),
    /// The time axis's left label: a time of day for ranges within a day, `24h ago` past that (the clock
    /// alone would read the same at both ends).
    pub start_label: String,
    pub deploys: Vec<Timestamp>,
}

const LABEL: u16 = 16;
const VALUE: u16 = 10;
const PEAK: u16 = 12;
/// A chart needs this many rows to say anything.
pub const CHART_ROWS: u16 = 7;

fn label(id: &MetricId) -> String {
    match (&id.owner, id.kind) {
        (MetricOwner::TargetGroup { target_group, .. }, MetricKind::Requests) => {
            let name = target_group.split('/').nth(1).unwrap_or(target_group);
            format!("{name} requests")
        }
        (_, kind) => format!("  {}", kind.label()),
    }
}

fn label_short(id: &MetricId) -> String {
    match id.owner {
        MetricOwner::Service { .. } => id.kind.label().to_string(),
        MetricOwner::TargetGroup { .. } => label(id).trim().to_string(),
    }
}

/// Percentages are drawn against 100; the rest against their highest point.
fn ceiling(id: &MetricId, series: &MetricSeries) -> f64 {
    match id.kind {
        MetricKind::Cpu | MetricKind::Memory => 100.0,
        // A time: room above its highest point (seconds: a scale of one would flatten milliseconds).
        MetricKind::ResponseTime => (series.max().unwrap_or(0.0) * 1.2).max(0.001),
        // A count: the same, and a scale of one even when all are zero.
        _ => (series.max().unwrap_or(0.0) * 1.2).max(1.0),
    }
}

fn value_style(id: &MetricId, last: f64, theme: &Theme) -> Style {
    match id.kind {
        MetricKind::Cpu | MetricKind::Memory if last >= 95.0 => theme.error,
        MetricKind::Cpu | MetricKind::Memory if last >= 80.0 => theme.warn,
        MetricKind::Errors5xx if last > 0.0 => theme.error,
        _ => theme.text,
    }
}

/// A line per metric, then one marking the deployments. Rows left over stay empty.
pub fn draw_lines(frame: &mut Frame, area: Rect, plots: &[Plot], axis: &Axis2, theme: &Theme) {
    let spark_width = area.width.saturating_sub(LABEL + VALUE + PEAK) as usize;
    let deploy_cols: Vec<usize> = axis
        .deploys
        .iter()
        .filter_map(|t| column_of(*t, axis.window, spark_width))
        .collect();
    let mut y = area.y;
    for plot in plots {
        if y >= area.bottom() {
            return;
        }
        let row = Rect::new(area.x, y, area.width, 1);
        y += 1;
        let [name, value, spark, peak] = Layout::horizontal([
            Constraint::Length(LABEL),
            Constraint::Length(VALUE),
            Constraint::Length(spark_width as u16),
            Constraint::Length(PEAK),
        ])
        .areas(row);
        let text = fit(&label(plot.id), LABEL as usize - 1).to_string();
        frame.render_widget(Paragraph::new(Span::styled(text, theme.muted)), name);
        let Some(series) = plot.series.filter(|s| !s.points.is_empty()) else {
            let why = if plot.series.is_some() {
                "no data"
            } else {
                "…"
            };
            frame.render_widget(Paragraph::new(Span::styled(why, theme.muted)), value);
            continue;
        };
        let last = series.last().unwrap_or(0.0);
        let shown = fit(&plot.id.kind.value_text(last), VALUE as usize - 1).to_string();
        let style = value_style(plot.id, last, theme);
        frame.render_widget(Paragraph::new(Span::styled(shown, style)), value);
        let top = ceiling(plot.id, series);
        // Sparkline bars are whole numbers: a thousand steps to the ceiling.
        let bars = columns(series, axis.window, spark_width)
            .into_iter()
            .enumerate()
            .map(|(col, v)| {
                let bar = SparklineBar::from(v.map(|v| (v / top * 1000.0).round().max(0.0) as u64));
                if deploy_cols.contains(&col) {
                    bar.style(Some(theme.accent))
                } else {
                    bar
                }
            });
        let sparkline = Sparkline::default()
            .data(bars)
            .max(1000)
            .style(theme.text)
            .absent_value_symbol(" ");
        frame.render_widget(sparkline, spark);
        let max = series.max().unwrap_or(0.0);
        let peak_text = format!(" max {}", plot.id.kind.value_text(max));
        frame.render_widget(Paragraph::new(Span::styled(peak_text, theme.muted)), peak);
    }
    if y < area.bottom() {
        let mut marks = vec![' '; spark_width];
        for col in &deploy_cols {
            marks[*col] = '▲';
        }
        let line = Line::from(vec![
            Span::styled(
                format!(
                    "{:<width$}",
                    "  deployments",
                    width = usize::from(LABEL + VALUE)
                ),
                theme.muted,
            ),
            Span::styled(marks.into_iter().collect::<String>(), theme.accent),
        ]);
        frame.render_widget(Paragraph::new(line), Rect::new(area.x, y, area.width, 1));
    }
}

/// Two charts to a row, each boxed with its name and last value.
pub fn draw_charts(frame: &mut Frame, area: Rect, plots: &[Plot], axis: &Axis2, theme: &Theme) {
    let rows = plots.len().div_ceil(2).max(1) as u16;
    let height = (area.height / rows).max(CHART_ROWS);
    for (i, plot) in plots.iter().enumerate() {
        let (row, col) = ((i / 2) as u16, (i % 2) as u16);
        let y = area.y + row * height;
        if y + height > area.bottom() {
            return;
        }
        let half = area.width / 2;
        let cell = Rect::new(area.x + col * half, y, half, height);
        draw_chart(frame, cell, plot, axis, theme);
    }
}

fn draw_chart(frame: &mut Frame, area: Rect, plot: &Plot, axis: &Axis2, theme: &Theme) {
    let (start, end) = axis.window;
    let minutes = |t: Timestamp| t.since(start) as f64 / 60_000.0;
    let span = minutes(end);
    let series = plot.series.filter(|s| !s.points.is_empty());
    let last = series.and_then(MetricSeries::last);
    let title = match last {
        Some(v) => format!(" {} {} ", label_short(plot.id), plot.id.kind.value_text(v)),
        None => format!(" {} (no data) ", label_short(plot.id)),
    };
    let style = last.map_or(theme.muted, |v| value_style(plot.id, v, theme));
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border)
        .title(Span::styled(title, style));
    let points: Vec<(f64, f64)> = series
        .map(|s| s.points.iter().map(|(t, v)| (minutes(*t), *v)).collect())
        .unwrap_or_default();
    let top = series.map_or(1.0, |s| ceiling(plot.id, s));
    let marks: Vec<[(f64, f64); 2]> = axis
        .deploys
        .iter()
        .filter(|t| **t >= start && **t < end)
        .map(|t| [(minutes(*t), 0.0), (minutes(*t), top)])
        .collect();
    let mut datasets: Vec<Dataset> = marks
        .iter()
        .map(|m| {
            Dataset::default()
                .marker(Marker::Braille)
                .graph_type(GraphType::Line)
                .style(theme.accent)
                .data(m)
        })
        .collect();
    datasets.push(
        Dataset::default()
            .marker(Marker::Braille)
            .graph_type(GraphType::Line)
            .style(theme.text)
            .data(&points),
    );
    let x_labels = vec![
        Line::from(Span::styled(axis.start_label.clone(), theme.muted)),
        Line::from(Span::styled(end.clock_minutes(), theme.muted)),
    ];
    let y_labels = vec![
        Line::from(Span::styled("0", theme.muted)),
        Line::from(Span::styled(plot.id.kind.value_text(top), theme.muted)),
    ];
    let chart = Chart::new(datasets)
        .block(block)
        .x_axis(
            Axis::default()
                .bounds([0.0, span])
                .labels(x_labels)
                .style(theme.muted),
        )
        .y_axis(
            Axis::default()
                .bounds([0.0, top])
                .labels(y_labels)
                .style(theme.muted),
        )
        .legend_position(None);
    frame.render_widget(chart, area);
}
