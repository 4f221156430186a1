//! The service screen's panes: which one has the focus, which is zoomed to the whole screen, and where each
//! one's cursor is. The tasks pane keeps its cursor in the screen's `TableView` (it filters, sorts and
//! marks); the others have a plain cursor over their lines.

/// The panes of the service screen. The type is `geometry`'s, which places them; what they mean to the app
/// is here.
pub use crate::geometry::service::Pane;

impl Pane {
    pub fn title(self) -> &'static str {
        match self {
            Pane::Deployments => "Deployments",
            Pane::Targets => "Target health",
            Pane::Events => "Events",
            Pane::Tasks => "Tasks",
        }
    }

    /// The next pane (`step` 1) or the previous one (-1), round the cycle.
    pub fn step(self, step: isize) -> Pane {
        let i = Pane::ALL.iter().position(|p| *p == self).unwrap_or(0) as isize;
        Pane::ALL[(i + step).rem_euclid(Pane::ALL.len() as isize) as usize]
    }

    /// What `:name` opens zoomed.
    pub fn from_command(name: &str) -> Option<Pane> {
        match name {
            "events" | "ev" => Some(Pane::Events),
            "deployments" | "deploys" | "history" => Some(Pane::Deployments),
            "targets" | "target-health" => Some(Pane::Targets),
            _ => None,
        }
    }
}

/// A cursor over a pane's lines. `offset` is the first line drawn; it moves only when the cursor would leave
/// the pane. `key` names the selected line (an event's id, a target, a deployment), so that the cursor stays
/// on it while new lines arrive above it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PaneCursor {
    pub selected: usize,
    pub offset: usize,
    pub key: Option<String>,
}

impl PaneCursor {
    /// Move by `by` lines (or to an end with `isize::MIN`/`MAX`) over the lines named `keys`, shown `height`
    /// at a time.
    pub fn step(&mut self, by: isize, keys: &[String], height: usize) {
        let last = keys.len().saturating_sub(1);
        self.selected = self.selected.saturating_add_signed(by).min(last);
        self.keep_visible(keys.len(), height);
        self.key = keys.get(self.selected).cloned();
    }

    /// After the lines changed: back on the line it was on (by key) when the user had moved off the first;
    /// on the first line, it stays there, so that what arrives on top shows.
    pub fn follow(&mut self, keys: &[String], height: usize) {
        if self.selected > 0 {
            if let Some(at) = self
                .key
                .as_ref()
                .and_then(|k| keys.iter().position(|x| x == k))
            {
                let moved = at as isize - self.selected as isize;
                self.selected = at;
                self.offset = self.offset.saturating_add_signed(moved);
            }
        }
        self.keep_visible(keys.len(), height);
        self.key = keys.get(self.selected).cloned();
    }

    /// After the lines or the pane's height changed: the cursor stays in range and in view.
    pub fn keep_visible(&mut self, len: usize, height: usize) {
        self.selected = self.selected.min(len.saturating_sub(1));
        let height = height.max(1);
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + height {
            self.offset = self.selected + 1 - height;
        }
        self.offset = self.offset.min(len.saturating_sub(height));
    }
}

/// The key the active keymap gives `action` on the screen on top, for hints (`tab to the tasks first`).
pub fn key(state: &super::State, action: super::UserAction) -> Option<&str> {
    state.keymap.key_for(action, &state.screen_contexts())
}

/// The service screen's panes.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ServicePanes {
    pub focus: Pane,
    /// The focused pane takes the whole body.
    pub zoomed: bool,
    pub deployments: PaneCursor,
    pub targets: PaneCursor,
    pub events: PaneCursor,
    /// What the events are filtered by, when the filter line was used on the events pane (text or a regular
    /// expression, `!` to keep what does not match, as in every table).
    pub events_filter: Option<super::Filter>,
}

impl ServicePanes {
    /// The cursor of a pane other than the tasks.
    pub fn cursor(&self, pane: Pane) -> Option<&PaneCursor> {
        match pane {
            Pane::Deployments => Some(&self.deployments),
            Pane::Targets => Some(&self.targets),
            Pane::Events => Some(&self.events),
            Pane::Tasks => None,
        }
    }

    pub fn cursor_mut(&mut self, pane: Pane) -> Option<&mut PaneCursor> {
        match pane {
            Pane::Deployments => Some(&mut self.deployments),
            Pane::Targets => Some(&mut self.targets),
            Pane::Events => Some(&mut self.events),
            Pane::Tasks => None,
        }
    }

    /// A pane zoomed and focused, as `:events` and `:deployments` open it.
    pub fn zoomed_on(pane: Pane) -> Self {
        ServicePanes {
            focus: pane,
            zoomed: true,
            ..Default::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tab_cycles_both_ways() {
        assert_eq!(Pane::Tasks.step(1), Pane::Deployments);
        assert_eq!(Pane::Deployments.step(-1), Pane::Tasks);
        assert_eq!(Pane::Targets.step(1), Pane::Events);
    }

    #[test]
    fn cursor_scrolls_only_when_it_leaves_the_pane() {
        let ten: Vec<String> = (0..10).map(|i| i.to_string()).collect();
        let mut c = PaneCursor::default();
        c.step(3, &ten, 4);
        assert_eq!((c.selected, c.offset), (3, 0));
        c.step(1, &ten, 4);
        assert_eq!((c.selected, c.offset), (4, 1));
        c.step(-2, &ten, 4);
        assert_eq!((c.selected, c.offset), (2, 1));
        c.step(isize::MAX, &ten, 4);
        assert_eq!((c.selected, c.offset), (9, 6));
        c.keep_visible(3, 4);
        assert_eq!((c.selected, c.offset), (2, 0));
    }

    #[test]
    fn the_cursor_stays_on_its_line_while_new_ones_arrive_on_top() {
        let keys = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let mut c = PaneCursor::default();
        c.follow(&keys(&["e3", "e2", "e1"]), 2);
        c.step(1, &keys(&["e3", "e2", "e1"]), 2);
        c.follow(&keys(&["e3", "e2", "e1"]), 2);
        assert_eq!(c.key.as_deref(), Some("e2"));
        c.follow(&keys(&["e5", "e4", "e3", "e2", "e1"]), 2);
        assert_eq!((c.selected, c.key.as_deref()), (3, Some("e2")));
        assert!(c.offset <= 3 && c.offset + 2 > 3, "in view: {c:?}");
        // On the first line, the newest stays in sight.
        let mut top = PaneCursor::default();
        top.follow(&keys(&["e3"]), 2);
        top.follow(&keys(&["e4", "e3"]), 2);
        assert_eq!((top.selected, top.key.as_deref()), (0, Some("e4")));
    }
}
