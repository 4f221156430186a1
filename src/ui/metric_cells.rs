//! Metrics in a table cell: the last value and a sparkline of the hour (`43% ▂▃▅▇`), and auto scaling's
//! range (`auto 6–12`).

use ratatui::symbols::bar::NINE_LEVELS;

use crate::app::Loadable;
use crate::model::{MetricSeries, ScalableTarget, ServiceLoad};
use crate::ui::widgets::Label;
use crate::ui::Theme;

/// Cells a list's sparkline takes.
const SPARK_CELLS: usize = 5;
/// From here a utilisation is shown as a warning...
const WARN_PERCENT: f64 = 80.0;
/// ... and from here as an error: the tasks are saturated.
const HOT_PERCENT: f64 = 95.0;

/// `points` in `cells` steps, each the mean of its share of the points, drawn in eighths of `max`.
pub fn spark(series: &MetricSeries, cells: usize, max: f64) -> String {
    let points = &series.points;
    if points.is_empty() || cells == 0 {
        return String::new();
    }
    let levels = [
        NINE_LEVELS.empty,
        NINE_LEVELS.one_eighth,
        NINE_LEVELS.one_quarter,
        NINE_LEVELS.three_eighths,
        NINE_LEVELS.half,
        NINE_LEVELS.five_eighths,
        NINE_LEVELS.three_quarters,
        NINE_LEVELS.seven_eighths,
        NINE_LEVELS.full,
    ];
    let cells = cells.min(points.len());
    (0..cells)
        .map(|i| {
            let from = i * points.len() / cells;
            let to = ((i + 1) * points.len() / cells).max(from + 1);
            let part = &points[from..to];
            let mean = part.iter().map(|(_, v)| v).sum::<f64>() / part.len() as f64;
            let level = (mean / max.max(f64::EPSILON) * 8.0).round().clamp(0.0, 8.0) as usize;
            // A step with any load shows at least its lowest bar: a blank reads as "no data".
            let level = if mean > 0.0 { level.max(1) } else { level };
            levels[level]
        })
        .collect()
}

/// A utilisation cell of the services list: CPU or memory, as read for the row.
pub fn load_cell(
    load: Option<&Loadable<ServiceLoad>>,
    pick: fn(&ServiceLoad) -> &MetricSeries,
    theme: &Theme,
) -> Label {
    let Some(load) = load else {
        return Label::new("·", theme.muted);
    };
    match (&load.data, &load.status.error) {
        (Some(data), error) => {
            let series = pick(data);
            match series.last() {
                Some(last) => {
                    // The last read failed: the figure is an old one, shown as such.
                    let style = if error.is_some() {
                        theme.muted
                    } else if last >= HOT_PERCENT {
                        theme.error
                    } else if last >= WARN_PERCENT {
                        theme.warn
                    } else {
                        theme.text
                    };
                    let text = format!("{last:.0}% {}", spark(series, SPARK_CELLS, 100.0));
                    Label::new(text, style)
                }
                // No task ran in the hour, or CloudWatch has nothing (Container Insights off is not
                // needed for these two: ECS always publishes them).
                None => Label::new("—", theme.muted),
            }
        }
        // Not a fault of the service: metrics could not be read (no permission, an emulator without
        // CloudWatch). The metrics screen says why.
        (None, Some(_)) => Label::new("?", theme.muted),
        (None, None) => Label::new("·", theme.muted),
    }
}

/// The same without the sparkline (`43%`), where the column is narrow.
pub fn value_cell(
    load: Option<&Loadable<ServiceLoad>>,
    pick: fn(&ServiceLoad) -> &MetricSeries,
    theme: &Theme,
) -> Label {
    let mut cell = load_cell(load, pick, theme);
    if let Some((value, _)) = cell.text.split_once(' ') {
        cell.text = value.to_string();
    }
    cell
}

/// The services list's AUTO SCALING cell.
pub fn scaling_cell(target: Option<&ScalableTarget>, theme: &Theme) -> Label {
    match target {
        Some(t) if t.suspended.dynamic() => Label::new(t.short_text(), theme.warn),
        Some(t) => Label::new(t.short_text(), theme.text),
        None => Label::new("—", theme.muted),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Timestamp;

    fn series(values: &[f64]) -> MetricSeries {
        MetricSeries {
            points: values
                .iter()
                .enumerate()
                .map(|(i, v)| (Timestamp(i as i64 * 60_000), *v))
                .collect(),
        }
    }

    #[test]
    fn a_sparkline_steps_through_the_hour_in_eighths() {
        assert_eq!(spark(&series(&[0.0, 50.0, 100.0]), 3, 100.0), " ▄█");
        // Sixty points in five cells: each the mean of twelve.
        let rising: Vec<f64> = (0..60).map(|i| i as f64 * 100.0 / 59.0).collect();
        let s = spark(&series(&rising), 5, 100.0);
        assert_eq!(s.chars().count(), 5);
        assert_eq!(s, "▁▂▄▆▇");
        assert_eq!(spark(&series(&[]), 5, 100.0), "");
        // A little load still shows a bar.
        assert_eq!(spark(&series(&[1.0]), 5, 100.0), "▁");
    }
}
