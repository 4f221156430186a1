//! A service's metrics: what its tasks used and what its users saw over the chosen range, each deployment's
//! start marked, then the alarms on those metrics and the service's auto scaling.

mod charts;
mod series;
mod text;

use ratatui::layout::Rect;
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use crate::app::explore::read::{self, got, Got};
use crate::app::explore::Read;
use crate::app::{service_items, MetricsScreen, State};
use crate::model::{MetricRange, Timestamp};
use crate::ui::widgets::{message, panel};
use crate::ui::Theme;
use charts::{Axis2, Plot, CHART_ROWS};

/// The charts take at most this share of the body when they are charts; the text keeps the rest.
const TEXT_ROWS: u16 = 12;

pub fn draw(frame: &mut Frame, area: Rect, state: &State, screen: &MetricsScreen, theme: &Theme) {
    let name = screen.service_name();
    let range = screen.range;
    let key = state
        .keymap
        .key_for(
            crate::app::UserAction::MetricsRange,
            &state.screen_contexts(),
        )
        .map(|k| format!("{k}: {}", range.next().label()))
        .unwrap_or_default();
    let title = format!("Metrics of {name} over {}", range_words(range));
    let inner = panel::boxed(frame, area, theme, &title, &key);
    let Some(service) = screen.service(state) else {
        message::draw(
            frame,
            inner,
            message::loading(&format!("service {name}"), theme),
        );
        return;
    };
    let read = screen.metrics_read(state);
    let (ids, data) = match &read {
        Some(r @ Read::Metrics { metrics, .. }) => {
            (metrics.as_slice(), got(state, r, read::metric_series))
        }
        _ => (&[][..], Got::Loading),
    };
    let plots: Vec<Plot> = ids
        .iter()
        .enumerate()
        .map(|(i, id)| Plot {
            id,
            series: match &data {
                Got::Data(all) => all.get(i),
                _ => None,
            },
        })
        .collect();
    let deploys: Vec<Timestamp> = service_items::deployments_of(state, service)
        .and_then(|l| l.data.as_ref())
        .map(|ds| {
            ds.iter()
                .filter_map(|d| d.started_at.or(d.created_at))
                .collect()
        })
        .unwrap_or_default();
    let window = range.window(state.now);
    let start_label = match range {
        MetricRange::Hour | MetricRange::SixHours => window.0.clock_minutes(),
        longer => format!("{} ago", longer.label()),
    };
    let axis = Axis2 {
        window,
        start_label,
        deploys,
    };
    let lines_needed = plots.len() as u16 + 1;
    let chart_rows = (plots.len() as u16).div_ceil(2) * CHART_ROWS;
    let roomy = inner.width >= 100 && inner.height >= chart_rows + TEXT_ROWS;
    let top = if !state.refresh.metrics.enabled {
        1
    } else if roomy {
        // Taller charts where there is room, up to a dozen rows each.
        let rows = (plots.len() as u16).div_ceil(2).max(1);
        (inner.height - TEXT_ROWS).min(rows * 12).max(chart_rows)
    } else {
        lines_needed.min(inner.height / 2).max(1)
    };
    let (charts_area, text_area) = split(inner, top);
    if !state.refresh.metrics.enabled {
        let off = "Metrics are off ([metrics] enabled = false in the settings file): nothing is asked of CloudWatch.";
        frame.render_widget(Paragraph::new(off).style(theme.muted), charts_area);
    } else if let Got::Failed(e) = &data {
        message::draw(frame, charts_area, message::failed("metrics", e, theme));
    } else if roomy {
        charts::draw_charts(frame, charts_area, &plots, &axis, theme);
    } else {
        charts::draw_lines(frame, charts_area, &plots, &axis, theme);
    }
    let lines = text::lines(state, screen, service, usize::from(text_area.width), theme);
    // Never past the last screenful: the bound the keys keep to is a generous one.
    let scroll = screen
        .scroll
        .min(lines.len().saturating_sub(usize::from(text_area.height)));
    let shown: Vec<_> = lines.into_iter().skip(scroll).collect();
    frame.render_widget(Paragraph::new(shown), text_area);
}

fn range_words(range: MetricRange) -> &'static str {
    match range {
        MetricRange::Hour => "the last hour",
        MetricRange::SixHours => "the last 6 hours",
        MetricRange::Day => "the last 24 hours",
        MetricRange::Week => "the last 7 days",
    }
}

/// `top` rows for the charts, a blank row, the rest for the text.
fn split(area: Rect, top: u16) -> (Rect, Rect) {
    let top = top.min(area.height);
    let charts = Rect {
        height: top,
        ..area
    };
    let gap = u16::from(area.height > top);
    let text = Rect {
        y: area.y + top + gap,
        height: area.height - top - gap,
        ..area
    };
    (charts, text)
}
