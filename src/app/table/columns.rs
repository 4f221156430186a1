//! The columns of the main tables (the clusters, services and task tables, and every exploring view),
//! declared where their screen or view is (`app::screens`, `app::explore`) and laid out here for the width
//! there is. `ui` turns each laid column into a header and each row's cell for it by the column's name
//! (`Laid::id`): it does not decide which columns those tables have. (The panes of the service and task
//! screens still choose theirs in `ui`.)

use super::super::explore::{Cell, ViewRow};
use crate::geometry::{COLUMN_GAP, CURSOR_CELLS};
use crate::model::wrap::width as text_width;

/// How wide a column is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Width {
    /// Takes what the fixed columns leave (shared between the `Fill` columns).
    Fill,
    Fixed(u16),
    /// As wide as its longest cell, between the title's width and this many cells: names. An exploring
    /// view's rows measure it (`lay_out`).
    Fit(u16),
    /// At least this many cells, and the room the others leave: a column that says more the wider it is.
    AtLeast(u16),
    /// The first column of a core table: as wide as its longest value (`longest`, measured by the screen),
    /// giving way to the other columns, never narrower than `least` nor wider than `most`.
    Name {
        longest: u16,
        least: u16,
        most: u16,
    },
}

/// A column of a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ViewColumn {
    pub title: &'static str,
    pub width: Width,
    /// Numbers line up on the right.
    pub right: bool,
    /// Left out, rightmost first, when the table is too narrow for every column.
    pub optional: bool,
}

impl ViewColumn {
    pub const fn optional(self) -> ViewColumn {
        ViewColumn {
            optional: true,
            ..self
        }
    }

    /// Numbers line up on the right.
    pub const fn right(self) -> ViewColumn {
        ViewColumn {
            right: true,
            ..self
        }
    }

    /// A `Name` column's longest value, as the screen measured it in its rows.
    pub fn measured(self, longest: usize) -> ViewColumn {
        let longest = longest.min(usize::from(u16::MAX)) as u16;
        match self.width {
            Width::Name { least, most, .. } => ViewColumn {
                width: Width::Name {
                    longest,
                    least,
                    most,
                },
                ..self
            },
            _ => self,
        }
    }
}

const fn column(title: &'static str, width: Width) -> ViewColumn {
    ViewColumn {
        title,
        width,
        right: false,
        optional: false,
    }
}

pub const fn fill(title: &'static str) -> ViewColumn {
    column(title, Width::Fill)
}

pub const fn fixed(title: &'static str, width: u16) -> ViewColumn {
    column(title, Width::Fixed(width))
}

pub const fn fit(title: &'static str, most: u16) -> ViewColumn {
    column(title, Width::Fit(most))
}

pub const fn number(title: &'static str, width: u16) -> ViewColumn {
    column(title, Width::Fixed(width)).right()
}

pub const fn at_least(title: &'static str, width: u16) -> ViewColumn {
    column(title, Width::AtLeast(width))
}

/// A first column as wide as its longest value (see `Width::Name`); `measured` gives it that value.
pub const fn name(title: &'static str, least: u16, most: u16) -> ViewColumn {
    column(
        title,
        Width::Name {
            longest: 0,
            least,
            most,
        },
    )
}

/// A column as laid out for a table: which of the table's columns it is (`id`, the table's own name for
/// it, by which `ui` draws its cells) and how it is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Laid<C> {
    pub id: C,
    pub column: ViewColumn,
}

impl<C> Laid<C> {
    pub fn new(id: C, column: ViewColumn) -> Laid<C> {
        Laid { id, column }
    }
}

/// `declared` laid out in `width` cells, each named by its index: all of them if they fit, else without
/// the optional ones, the rightmost left out first. `Fit` columns are measured in `rows`.
pub fn lay_out(declared: &[ViewColumn], rows: &[ViewRow], width: u16) -> Vec<Laid<usize>> {
    let measured: Vec<ViewColumn> = declared
        .iter()
        .enumerate()
        .map(|(i, c)| match c.width {
            Width::Fit(most) => ViewColumn {
                width: Width::Fixed(fit_width(rows, i, c.title, most)),
                ..*c
            },
            _ => *c,
        })
        .collect();
    let need = |c: &ViewColumn| match c.width {
        // A Fill column is worth showing from a few cells.
        Width::Fill => 8,
        Width::Fixed(n) | Width::Fit(n) | Width::AtLeast(n) => n,
        Width::Name { longest, least, .. } => longest.max(least),
    };
    let mut shown: Vec<usize> = (0..measured.len()).collect();
    let total = |shown: &[usize]| -> u32 {
        shown
            .iter()
            .map(|&c| u32::from(need(&measured[c]) + COLUMN_GAP))
            .sum::<u32>()
            + u32::from(CURSOR_CELLS)
    };
    while total(&shown) > u32::from(width) {
        match shown.iter().rposition(|&c| measured[c].optional) {
            Some(at) => {
                shown.remove(at);
            }
            None => break,
        }
    }
    shown
        .into_iter()
        .map(|i| Laid::new(i, measured[i]))
        .collect()
}

/// A core table's columns without the optional ones that do not fit in `width`, the rightmost left out
/// first (a name column counts at its least: it gives way by itself).
pub fn give_way<C>(mut laid: Vec<Laid<C>>, width: u16) -> Vec<Laid<C>> {
    let need = |c: &ViewColumn| match c.width {
        Width::Fill => 8,
        Width::Fixed(n) | Width::Fit(n) | Width::AtLeast(n) => n,
        Width::Name { least, .. } => least,
    };
    let total = |laid: &[Laid<C>]| -> u32 {
        laid.iter()
            .map(|l| u32::from(need(&l.column) + COLUMN_GAP))
            .sum::<u32>()
            + u32::from(CURSOR_CELLS)
    };
    while total(&laid) > u32::from(width) {
        match laid.iter().rposition(|l| l.column.optional) {
            Some(at) => {
                laid.remove(at);
            }
            None => break,
        }
    }
    laid
}

/// The width of column `i`'s longest text, at least its title's and at most `most`.
fn fit_width(rows: &[ViewRow], i: usize, title: &str, most: u16) -> u16 {
    let longest = rows
        .iter()
        .filter_map(|r| match r.cells.get(i) {
            Some(Cell::Text(t, _)) => Some(text_width(t)),
            _ => None,
        })
        .max()
        .unwrap_or(0)
        .max(text_width(title));
    (longest.min(usize::from(most)) as u16).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    const COLUMNS: &[ViewColumn] = &[
        fit("NAME", 30),
        fixed("STATE", 10),
        number("N", 4).optional(),
    ];

    fn rows(name: &str) -> Vec<ViewRow> {
        vec![ViewRow::new(
            "k",
            vec![Cell::text(name), Cell::text("ok"), Cell::count(3)],
        )]
    }

    #[test]
    fn a_fit_column_takes_its_longest_cell_within_its_bounds() {
        let laid = lay_out(COLUMNS, &rows("payments-api"), 120);
        assert_eq!(laid[0].column.width, Width::Fixed(12));
        let long = "x".repeat(50);
        assert_eq!(
            lay_out(COLUMNS, &rows(&long), 120)[0].column.width,
            Width::Fixed(30)
        );
        // Never narrower than its title.
        assert_eq!(
            lay_out(COLUMNS, &rows("a"), 120)[0].column.width,
            Width::Fixed(4)
        );
    }

    #[test]
    fn optional_columns_give_way_when_the_width_is_short() {
        let ids = |w| -> Vec<usize> {
            lay_out(COLUMNS, &rows("payments-api"), w)
                .iter()
                .map(|l| l.id)
                .collect()
        };
        assert_eq!(ids(120), [0, 1, 2]);
        // 12 + 1 + 10 + 1 + 4 + 1 + 2 = 31 cells with N; 26 without.
        assert_eq!(ids(31), [0, 1, 2]);
        assert_eq!(ids(30), [0, 1]);
        // Columns that may not go stay, even when they do not fit.
        assert_eq!(ids(10), [0, 1]);
    }

    #[test]
    fn a_name_column_keeps_its_measure_and_bounds() {
        let c = name("NAME", 12, 40).measured(25);
        assert_eq!(
            c.width,
            Width::Name {
                longest: 25,
                least: 12,
                most: 40
            }
        );
        assert_eq!(fixed("X", 3).measured(25).width, Width::Fixed(3));
    }
}
