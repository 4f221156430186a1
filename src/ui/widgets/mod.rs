//! Pieces shared by the views: tables, status labels, panels and the loading/empty/error messages.

pub mod message;
pub mod panel;
pub mod status;
pub mod table;

pub use status::Label;
pub use table::{draw_table, Column, TableRow};

use crate::app::{Loadable, Status};
use crate::backend::BackendError;

/// What a view can show of a piece of remote data.
pub enum Shown<'a, T> {
    Data(&'a T),
    /// No data yet and no error: the request is out (or about to be).
    Loading,
    /// No data and the last request failed.
    Failed(&'a BackendError),
}

impl<'a, T> Shown<'a, T> {
    /// `None` (never asked for yet) counts as loading: the app asks for what is on screen.
    pub fn of(loadable: Option<&'a Loadable<T>>) -> Self {
        match loadable {
            Some(Loadable {
                data: Some(data), ..
            }) => Shown::Data(data),
            Some(Loadable {
                status: Status { error: Some(e), .. },
                ..
            }) => Shown::Failed(e),
            _ => Shown::Loading,
        }
    }
}
