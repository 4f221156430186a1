//! A metric's points placed on a time axis of `width` columns: what the sparklines and the deployment
//! marks share.

use crate::model::{MetricSeries, Timestamp};

/// Each column's mean over the window (`None`: no point fell in it).
pub fn columns(
    series: &MetricSeries,
    window: (Timestamp, Timestamp),
    width: usize,
) -> Vec<Option<f64>> {
    let mut sums = vec![(0.0, 0u32); width];
    for (at, value) in &series.points {
        if let Some(col) = column_of(*at, window, width) {
            sums[col].0 += value;
            sums[col].1 += 1;
        }
    }
    sums.into_iter()
        .map(|(sum, n)| (n > 0).then(|| sum / f64::from(n)))
        .collect()
}

/// The column a moment falls in, if inside the window.
pub fn column_of(
    at: Timestamp,
    (start, end): (Timestamp, Timestamp),
    width: usize,
) -> Option<usize> {
    let span = end.since(start);
    if width == 0 || span <= 0 || at < start || at >= end {
        return None;
    }
    let col = (at.since(start) as i128 * width as i128 / span as i128) as usize;
    Some(col.min(width - 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_fall_in_their_columns_and_share_them() {
        let window = (Timestamp(0), Timestamp(60_000));
        let series = MetricSeries {
            points: vec![
                (Timestamp(0), 10.0),
                (Timestamp(5_000), 30.0),
                (Timestamp(59_999), 7.0),
                (Timestamp(60_000), 99.0),
            ],
        };
        let cols = columns(&series, window, 6);
        assert_eq!(cols, vec![Some(20.0), None, None, None, None, Some(7.0)]);
        assert_eq!(column_of(Timestamp(-1), window, 6), None);
    }
}
