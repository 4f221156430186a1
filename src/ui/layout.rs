use crate::app::Screen;

/// Table rows the current screen shows at a terminal size. Placeholder until the views land.
pub fn body_rows(_screen: &Screen, size: (u16, u16)) -> usize {
    usize::from(size.1.saturating_sub(6))
}
