use super::*;
use ratatui::backend::TestBackend;
use ratatui::Terminal;

fn cursor(selected: usize, offset: usize) -> TableView {
    TableView {
        selected,
        offset,
        ..TableView::default()
    }
}

#[test]
fn window_keeps_offset_until_the_selection_leaves_it() {
    assert_eq!(visible_window(&cursor(3, 0), 100, 10), (0, 10, Some(3)));
    assert_eq!(visible_window(&cursor(9, 0), 100, 10), (0, 10, Some(9)));
    assert_eq!(visible_window(&cursor(10, 0), 100, 10), (1, 11, Some(10)));
    assert_eq!(visible_window(&cursor(5, 8), 100, 10), (5, 15, Some(5)));
    assert_eq!(visible_window(&cursor(12, 8), 100, 10), (8, 18, Some(12)));
    // An offset past the end (rows were removed) is pulled back to fill the table.
    assert_eq!(visible_window(&cursor(500, 95), 20, 10), (10, 20, Some(19)));
    assert_eq!(visible_window(&cursor(0, 0), 0, 10), (0, 0, None));
    assert_eq!(visible_window(&cursor(4, 0), 10, 0), (0, 0, None));
}

#[test]
fn a_2000_row_table_builds_only_the_visible_rows() {
    let mut terminal = Terminal::new(TestBackend::new(80, 30)).unwrap();
    let theme = Theme::default();
    let columns = [Column::new("NAME", Constraint::Fill(1))];
    let mut built = Vec::new();
    terminal
        .draw(|f| {
            draw_table(
                f,
                f.area(),
                &theme,
                &columns,
                2000,
                Some((&cursor(1500, 1490), TableKind::Services)),
                |i| {
                    built.push(i);
                    TableRow::new(vec![Label::new(format!("svc-{i}"), Style::new())])
                },
            )
        })
        .unwrap();
    assert_eq!(built.len(), 29);
    assert_eq!(built.first(), Some(&1490));
    assert_eq!(built.last(), Some(&1518));
    let screen = format!("{}", terminal.backend());
    assert!(screen.contains("▸ svc-1500"));
}

#[test]
fn columns_that_do_not_fit_are_dropped_whole_from_the_right() {
    let cols = [
        Column::new("A", Constraint::Fill(1)),
        Column::new("B", Constraint::Length(10)),
        Column::new("C", Constraint::Length(10)),
    ];
    let area = Rect::new(2, 0, 30, 1);
    let r = column_rects(&cols, area);
    assert_eq!(
        (r[0].x, r[0].width),
        (2, 8),
        "fill takes what the fixed columns leave"
    );
    assert_eq!((r[1].x, r[1].width), (11, 10));
    assert_eq!((r[2].x, r[2].width), (22, 10));
    let r = column_rects(&cols, Rect::new(0, 0, 15, 1));
    assert_eq!(r.iter().map(|r| r.width).collect::<Vec<_>>(), [4, 10, 0]);
    let r = column_rects(&cols, Rect::new(0, 0, 0, 1));
    assert!(r.iter().all(|r| r.width == 0));
}

#[test]
fn fill_weights_share_the_spare_room_exactly() {
    let cols = [
        Column::new("A", Constraint::Fill(1)),
        Column::new("B", Constraint::Min(3)),
        Column::new("C", Constraint::Fill(2)),
    ];
    let r = column_rects(&cols, Rect::new(0, 0, 41, 1));
    let widths: Vec<u16> = r.iter().map(|r| r.width).collect();
    assert_eq!(widths.iter().sum::<u16>() + 2, 41);
    assert_eq!(widths, [9, 12, 18]);
}

#[test]
fn a_sorted_header_reads_whole_beside_its_arrow() {
    use crate::app::Sort;
    let mut terminal = Terminal::new(TestBackend::new(60, 4)).unwrap();
    let theme = Theme::default();
    // As narrow as their titles: the sorted one is widened for the arrow, no letter is lost.
    let columns = [
        Column::new("TASK", Constraint::Length(8)),
        Column::right("STOPPED", Constraint::Length(7)),
        Column::new("STOP CODE", Constraint::Min(9)),
    ];
    for (column, reversed, header) in [
        (7, false, "STOPPED ▼"),
        (7, true, "STOPPED ▲"),
        (0, false, "TASK ▲"),
    ] {
        let view = TableView {
            sort: Some(Sort { column, reversed }),
            ..TableView::default()
        };
        terminal
            .draw(|f| {
                draw_table(
                    f,
                    f.area(),
                    &theme,
                    &columns,
                    1,
                    Some((&view, TableKind::Tasks)),
                    |_| TableRow::new(vec![Label::new("1a2b3c4d", Style::new())]),
                )
            })
            .unwrap();
        let screen = format!("{}", terminal.backend());
        let first = screen.lines().next().unwrap();
        assert!(first.contains(header), "{first}");
        assert!(first.contains("STOP CODE"), "{first}");
    }
    assert_eq!(sorted_title("STOPPED", true, 5), "ST… ▼");
}

#[test]
fn marks_are_highlighted_wherever_they_occur_case_aside() {
    use ratatui::style::{Modifier, Style};
    let (plain, mark) = (Style::new(), Style::new().add_modifier(Modifier::BOLD));
    let spans = super::marked(
        "java.lang.OutOfMemoryError: Java heap".to_string(),
        &["java".to_string(), "error".to_string()],
        plain,
        mark,
    );
    let shown: Vec<(&str, bool)> = spans
        .iter()
        .map(|s| (s.content.as_ref(), s.style == mark))
        .collect();
    assert_eq!(
        shown,
        [
            ("java", true),
            (".lang.OutOfMemory", false),
            ("Error", true),
            (": ", false),
            ("Java", true),
            (" heap", false),
        ]
    );
    // Nothing to mark, or text whose case changes its length: one plain span.
    assert_eq!(super::marked("ab".into(), &[], plain, mark).len(), 1);
    assert_eq!(
        super::marked("İx".into(), &["x".into()], plain, mark).len(),
        1
    );
}

#[test]
fn a_wrapping_cell_makes_its_row_taller_and_the_selected_row_stays_whole_on_screen() {
    let mut terminal = Terminal::new(TestBackend::new(24, 6)).unwrap();
    let theme = Theme::default();
    let columns = [
        Column::new("N", Constraint::Length(2)),
        Column::new("MESSAGE", Constraint::Fill(1)),
    ];
    let text = |i: usize| match i % 2 {
        0 => format!("short {i}"),
        _ => format!("line {i} long enough to take three rows here"),
    };
    let mut built = Vec::new();
    terminal
        .draw(|f| {
            draw_table(
                f,
                f.area(),
                &theme,
                &columns,
                10,
                // The app's offset assumes one line a row: rows 0..5 fit, row 3 is selected.
                Some((&cursor(3, 0), TableKind::Services)),
                |i| {
                    built.push(i);
                    TableRow::new(vec![
                        Label::new(i.to_string(), Style::new()),
                        Label::new(text(i), Style::new()).trunc(crate::ui::text::Trunc::Wrap),
                    ])
                },
            )
        })
        .unwrap();
    let screen = format!("{}", terminal.backend());
    // 5 lines under the header: row 3 whole over three lines, row 2 above it and row 4 below; rows 0 and 1
    // left the top for it.
    let lines: Vec<&str> = screen
        .lines()
        .map(|l| l.trim_matches('"').trim_end())
        .collect();
    assert_eq!(
        lines[1..],
        [
            "  2  short 2",
            "▸ 3  line 3 long enough",
            "     to take three rows",
            "     here",
            "  4  short 4"
        ],
        "{screen}"
    );
    assert!(built.iter().all(|&i| i <= 4), "{built:?}");
}

#[test]
fn rows_of_one_line_are_laid_out_as_the_window_says() {
    let laid = lay_out(5, Some(9), 100, 10, |i| (i, 1));
    let rows: Vec<usize> = laid.iter().map(|(i, _, _)| *i).collect();
    assert_eq!(rows, (5..15).collect::<Vec<_>>());
    // Tall rows: the selected one ends the screen, whole.
    let laid = lay_out(0, Some(4), 100, 10, |i| (i, 3));
    let rows: Vec<usize> = laid.iter().map(|(i, _, _)| *i).collect();
    assert_eq!(rows, [2, 3, 4, 5]);
    // A row taller than the screen is still drawn (cut), never skipped.
    let laid = lay_out(0, Some(0), 100, 4, |i| (i, 9));
    assert_eq!(laid.len(), 1);
    // No cursor: from the top.
    assert_eq!(lay_out(0, None, 3, 10, |i| (i, 1)).len(), 3);
}
