//! The breadcrumb: where the user is, one entry per level of the navigation stack.

use ratatui::text::{Line, Span};

use super::fit_spans;
use crate::app::Screen;
use crate::ui::text::width;
use crate::ui::Theme;

/// `clusters › prod-fargate › web › task 1a2b3c4d` (or `clusters › prod-fargate › tasks › task 1a2b3c4d`), one
/// entry per level of the navigation stack.
pub fn breadcrumb(screens: &[Screen]) -> Vec<String> {
    screens.iter().map(|s| s.spec().crumb()).collect()
}

/// The breadcrumb, dropping its oldest levels (shown as `…`) when it does not fit.
pub(super) fn breadcrumb_line(crumbs: &[String], cols: u16, theme: &Theme) -> Line<'static> {
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
