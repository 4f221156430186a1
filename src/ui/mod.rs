//! Drawing only: every function here takes `&State` and changes nothing.

pub mod layout;
pub mod theme;

use crate::app::State;
use crate::config::keymap::Keymap;

/// Placeholder until the views land.
pub fn draw(frame: &mut ratatui::Frame, state: &State, _theme: &theme::Theme, _keymap: &Keymap) {
    let text = format!("{:?}", state.screen());
    frame.render_widget(ratatui::widgets::Paragraph::new(text), frame.area());
}
