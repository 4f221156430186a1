//! Where each pane of the service screen goes. Every pane gets a little; the focused one gets what it wants
//! first; the space left over goes to the panes with more to show, so that nothing is cut while rows stay
//! empty. A zoomed pane takes the whole body. The caller says what each pane wants in `Wants` (counts of
//! lines); `app` builds it from the state.

use ratatui::layout::Rect;

/// The panes of the service screen, in the order Tab visits them. The layout places them, so the type is
/// here; what the app does with them (titles, Tab's step, `:events`) is in `app::panes`, which re-exports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Pane {
    Deployments,
    Targets,
    Events,
    #[default]
    Tasks,
}

impl Pane {
    pub const ALL: [Pane; 4] = [Pane::Deployments, Pane::Targets, Pane::Events, Pane::Tasks];
}

pub struct ServiceAreas {
    pub summary: Rect,
    pub deployments: Rect,
    pub targets: Rect,
    pub events: Rect,
    pub tasks: Rect,
}

impl ServiceAreas {
    pub fn of(&self, pane: Pane) -> Rect {
        match pane {
            Pane::Deployments => self.deployments,
            Pane::Targets => self.targets,
            Pane::Events => self.events,
            Pane::Tasks => self.tasks,
        }
    }

    /// How many of a pane's lines it shows (its title, and its table header, take the rest).
    pub fn lines(&self, pane: Pane) -> usize {
        usize::from(self.of(pane).height.saturating_sub(chrome(pane)))
    }
}

/// What the layout needs to know of the screen: the focus, the zoom, and how many lines each pane has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Wants {
    pub focus: Pane,
    pub zoomed: bool,
    pub deployments: u16,
    pub targets: u16,
    pub events: u16,
    pub tasks: u16,
    /// Deployments' lines above the first live deployment (a pause hook waiting, a rollout's stage): shown
    /// with it before any other pane grows.
    pub deployments_lead: u16,
    /// The events' lines when each wraps at the full width: stacked, rows left over let them wrap (up to
    /// this) before the tasks take the rest.
    pub events_wrapped: u16,
}

impl Wants {
    fn lines(&self, pane: Pane) -> u16 {
        match pane {
            Pane::Deployments => self.deployments,
            Pane::Targets => self.targets,
            Pane::Events => self.events,
            Pane::Tasks => self.tasks,
        }
    }
}

/// Rows a pane spends on its title and its table's header.
pub fn chrome(pane: Pane) -> u16 {
    match pane {
        Pane::Deployments | Pane::Tasks => 2,
        Pane::Targets | Pane::Events => 1,
    }
}

/// Targets and events side by side at this width and above (with enough height).
const SIDE_BY_SIDE: u16 = 140;

pub fn service_areas(body: Rect, wants: &Wants) -> ServiceAreas {
    let empty = Rect { height: 0, ..body };
    if wants.zoomed {
        let mut areas = ServiceAreas {
            summary: empty,
            deployments: empty,
            targets: empty,
            events: empty,
            tasks: empty,
        };
        match wants.focus {
            Pane::Deployments => areas.deployments = body,
            Pane::Targets => areas.targets = body,
            Pane::Events => areas.events = body,
            Pane::Tasks => areas.tasks = body,
        }
        return areas;
    }
    let summary_height = 2.min(body.height);
    // Side by side only when stacking would cut rows: a half-width events pane cuts its lines at the edge,
    // which is no gain while rows are left over below the tasks.
    let stacked: u16 = Pane::ALL
        .iter()
        .map(|&p| chrome(p).saturating_add(wants.lines(p)))
        .fold(summary_height, u16::saturating_add);
    let side_by_side = body.width >= SIDE_BY_SIDE && body.height >= 30 && stacked > body.height;
    let heights = allocate(body.height - summary_height, wants, side_by_side);
    let mut y = body.y;
    let mut take = |height: u16| {
        let r = Rect { y, height, ..body };
        y += height;
        r
    };
    let summary = take(summary_height);
    let deployments = take(heights[0]);
    let (targets, events) = if side_by_side {
        let band = take(heights[1].max(heights[2]));
        let left = band.width / 2;
        (
            Rect {
                width: left,
                ..band
            },
            Rect {
                x: band.x + left + 1,
                width: band.width - left - 1,
                ..band
            },
        )
    } else {
        (take(heights[1]), take(heights[2]))
    };
    let tasks = take(heights[3]);
    ServiceAreas {
        summary,
        deployments,
        targets,
        events,
        tasks,
    }
}

/// What each pane is sure of, given in this order while rows last: a title (and header) with a line each,
/// then a few more lines.
const FLOORS: [(Pane, u16); 8] = [
    (Pane::Tasks, 3),
    (Pane::Deployments, 3),
    (Pane::Targets, 1),
    (Pane::Events, 1),
    (Pane::Targets, 1),
    (Pane::Events, 1),
    (Pane::Tasks, 2),
    (Pane::Events, 1),
];

/// Heights of deployments, targets, events and tasks in `height` rows. Side by side, targets and events share
/// one band (both get its height).
fn allocate(height: u16, wants: &Wants, side_by_side: bool) -> [u16; 4] {
    let want = |p: Pane| chrome(p).saturating_add(wants.lines(p));
    let mut h = [0u16; 4];
    let index = |p: Pane| Pane::ALL.iter().position(|x| *x == p).unwrap_or(3);
    // The band's two panes move together: the targets' slot holds the band, the events' slot follows it.
    let band = |h: &mut [u16; 4]| {
        if side_by_side {
            h[2] = h[1];
        }
    };
    let wanted = |p: Pane| {
        if side_by_side && matches!(p, Pane::Targets | Pane::Events) {
            want(Pane::Targets).max(want(Pane::Events))
        } else {
            want(p)
        }
    };
    let panes: Vec<Pane> = if side_by_side {
        vec![Pane::Deployments, Pane::Targets, Pane::Tasks]
    } else {
        Pane::ALL.to_vec()
    };
    let mut left = height;
    // Floors first, a little at a time so that a small terminal still shows every pane's title (and the
    // tasks, where the cursor is, before the others' rows).
    for (p, rows) in FLOORS {
        if !panes.contains(&p) {
            continue;
        }
        let i = index(p);
        let more = rows.min(wanted(p).saturating_sub(h[i])).min(left);
        h[i] += more;
        left -= more;
    }
    // A pause hook and a rollout's stage come with the primary deployment: they are what to watch.
    let lead = (chrome(Pane::Deployments) + wants.deployments_lead + 1)
        .min(wanted(Pane::Deployments))
        .saturating_sub(h[0])
        .min(left);
    h[0] += lead;
    left -= lead;
    // The focused pane next, up to what it wants, or two thirds of what is left: the others still show some.
    let focus = if side_by_side && wants.focus == Pane::Events {
        Pane::Targets
    } else {
        wants.focus
    };
    let more = wanted(focus)
        .saturating_sub(h[index(focus)])
        .min((left * 2).div_ceil(3));
    h[index(focus)] += more;
    left -= more;
    // Then a row at a time to each pane that wants more, so that all of them show as much as they can.
    loop {
        let mut gave = false;
        for p in [Pane::Events, Pane::Targets, Pane::Deployments, Pane::Tasks] {
            if left == 0 || !panes.contains(&p) || p == focus || h[index(p)] >= wanted(p) {
                continue;
            }
            h[index(p)] += 1;
            left -= 1;
            gave = true;
        }
        if !gave || left == 0 {
            break;
        }
    }
    // The focused pane again, now that the others show what they have.
    let more = wanted(focus).saturating_sub(h[index(focus)]).min(left);
    h[index(focus)] += more;
    left -= more;
    // Everything shown whole. Stacked, long events wrap with what is left; the rest goes to the tasks, since
    // rows left empty below the last task read better than a gap between panes.
    if !side_by_side {
        let wrap = chrome(Pane::Events)
            .saturating_add(wants.events_wrapped)
            .saturating_sub(h[index(Pane::Events)])
            .min(left);
        h[index(Pane::Events)] += wrap;
        left -= wrap;
    }
    h[index(Pane::Tasks)] += left;
    band(&mut h);
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wants(d: u16, t: u16, e: u16, k: u16) -> Wants {
        Wants {
            deployments: d,
            targets: t,
            events: e,
            tasks: k,
            ..Wants::default()
        }
    }

    #[test]
    fn every_pane_shows_whole_when_it_fits() {
        let h = allocate(40, &wants(3, 1, 5, 8), false);
        assert_eq!(h[0], 5);
        assert_eq!(
            h[1], 2,
            "one line for 'no load balancer', not half the screen"
        );
        assert!(h[3] >= 10, "{h:?}");
        assert_eq!(h[2], 6, "events show whole, no more: none wraps");
        assert_eq!(h.iter().sum::<u16>(), 40, "the rest goes to the tasks");
    }

    #[test]
    fn long_events_wrap_before_the_tasks_take_the_rest() {
        let mut w = wants(3, 1, 5, 8);
        w.events_wrapped = 9;
        let h = allocate(40, &w, false);
        assert_eq!(h[2], 10, "{h:?}");
        assert_eq!(h.iter().sum::<u16>(), 40);
        w.events_wrapped = 90;
        let h = allocate(26, &w, false);
        assert!(h[3] >= 10, "the tasks still show whole: {h:?}");
    }

    #[test]
    fn the_focused_pane_gets_what_it_wants_first() {
        let mut w = wants(3, 8, 100, 8);
        w.focus = Pane::Events;
        let h = allocate(20, &w, false);
        assert_eq!(h.iter().sum::<u16>(), 20);
        assert!(h[2] > h[1] && h[2] > h[3], "{h:?}");
        assert!(h[3] > chrome(Pane::Tasks), "tasks keep a row: {h:?}");
    }

    #[test]
    fn a_small_body_never_overflows() {
        for height in 0..12 {
            let h = allocate(height, &wants(5, 9, 50, 30), false);
            assert!(h.iter().sum::<u16>() <= height, "{height}: {h:?}");
        }
    }

    #[test]
    fn a_waiting_hook_and_the_stage_show_with_the_primary_deployment() {
        let mut w = wants(6, 8, 20, 9);
        w.deployments_lead = 2;
        let h = allocate(18, &w, false);
        assert!(h[0] >= chrome(Pane::Deployments) + 3, "{h:?}");
        assert_eq!(h.iter().sum::<u16>(), 18);
    }

    #[test]
    fn zoom_gives_the_body_to_the_focus() {
        let body = Rect::new(0, 2, 80, 20);
        let mut w = wants(3, 4, 90, 8);
        w.zoomed = true;
        w.focus = Pane::Events;
        let a = service_areas(body, &w);
        assert_eq!(a.events, body);
        assert_eq!(a.tasks.height, 0);
    }
}
