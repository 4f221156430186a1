//! When to draw, and how much. A frame at most every `FRAME` while something changed. A second that changed
//! only the time redraws the header and footer over the last frame where the body shows no ages
//! (`ui::body_keeps_still`, `ui::draw_chrome`): any other change, and every `BODY_EVERY_S`, draws the
//! whole frame.

use std::time::Duration;

use ratatui::buffer::Buffer;
use ratatui::DefaultTerminal;
use tokio::time::Instant;

use crate::app::State;
use crate::ui::{self, theme::Theme};

/// The shortest time between two frames.
const FRAME: Duration = Duration::from_millis(16);
/// How often, in seconds, a tick draws the body again though only the time changed: as often as `update`
/// rearranges the rows (`REARRANGE_EVERY_MS`), which is when the alerts' window moves them.
const BODY_EVERY_S: i64 = crate::app::REARRANGE_EVERY_MS / 1_000;

pub struct Frames {
    /// Something on screen changed since the last frame.
    dirty: bool,
    /// Something besides the time changed since the last whole frame.
    body_stale: bool,
    /// The second of the clock the last tick was in.
    second: i64,
    /// When the next frame may be drawn.
    next: Instant,
    /// The last whole frame.
    last: Option<Buffer>,
}

impl Frames {
    pub fn new() -> Frames {
        Frames {
            dirty: true,
            body_stale: true,
            second: i64::MIN,
            next: Instant::now(),
            last: None,
        }
    }

    /// When to draw, if something changed.
    pub fn due(&self) -> Option<Instant> {
        self.dirty.then_some(self.next)
    }

    /// Draw what changed: the header and footer over the last frame when only the time did and the body
    /// keeps still, else the whole frame (kept as the last).
    pub fn draw(
        &mut self,
        terminal: &mut DefaultTerminal,
        state: &State,
        theme: &Theme,
    ) -> std::io::Result<()> {
        let over = match &self.last {
            Some(last) if !self.body_stale && ui::body_keeps_still(state) => Some(last),
            _ => None,
        };
        let mut whole = over.is_none();
        let drawn = terminal.draw(|frame| match over {
            Some(last) => whole = !ui::draw_chrome(frame, last, state, theme),
            None => ui::draw(frame, state, theme),
        })?;
        if whole {
            keep_frame(&mut self.last, drawn.buffer);
        }
        self.body_stale = false;
        self.dirty = false;
        self.next = Instant::now() + FRAME;
        Ok(())
    }

    /// A tick of the clock, at `ms`; `changed`: it changed more than the time (it sent effects, or forgot
    /// data). A tick inside the second already drawn changes nothing on screen (ages and the clock show
    /// whole seconds) unless it changed more.
    pub fn ticked(&mut self, ms: i64, changed: bool) {
        let second = ms.div_euclid(1_000);
        let previous = std::mem::replace(&mut self.second, second);
        // The rows are rearranged every 10 s (the alerts' window): the body is drawn again then.
        let rearranged = previous.div_euclid(BODY_EVERY_S) != second.div_euclid(BODY_EVERY_S);
        self.dirty |= previous != second || changed;
        self.body_stale |= rearranged || changed;
    }

    /// Anything but a tick (a key, an answer); `quiet`: an answer that changed nothing on screen, which
    /// shows at the next second's frame, with its age.
    pub fn acted(&mut self, quiet: bool) {
        self.dirty |= !quiet;
        self.body_stale |= !quiet;
    }
}

/// Keeps `drawn` as the last whole frame, in the kept frame's cells when it has the same size: a second
/// copy of a 160x48 frame is 370 KB, a third of the heap's peak on a services list.
fn keep_frame(last: &mut Option<Buffer>, drawn: &Buffer) {
    match last {
        Some(kept) if kept.area == drawn.area => kept.content.clone_from_slice(&drawn.content),
        _ => {
            *last = None; // the old frame goes before the new one is copied
            *last = Some(drawn.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use ratatui::layout::Rect;

    use super::*;

    #[test]
    fn a_kept_frame_of_the_same_size_is_copied_into_the_same_cells() {
        let mut last = None;
        let mut drawn = Buffer::empty(Rect::new(0, 0, 160, 48));
        drawn.set_string(0, 0, "first", ratatui::style::Style::default());
        keep_frame(&mut last, &drawn);
        let cells = last.as_ref().unwrap().content.as_ptr();

        drawn.set_string(0, 0, "second", ratatui::style::Style::default());
        keep_frame(&mut last, &drawn);
        assert_eq!(last.as_ref(), Some(&drawn));
        assert_eq!(last.as_ref().unwrap().content.as_ptr(), cells);

        let resized = Buffer::empty(Rect::new(0, 0, 80, 24));
        keep_frame(&mut last, &resized);
        assert_eq!(last.as_ref(), Some(&resized));
    }
}
