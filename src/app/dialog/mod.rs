//! The one confirmation dialog. It holds a draft of the change; the change's own module says what the
//! dialog asks (a count, a reason, a revision, an image), checks it, and completes the draft from the state
//! on every key, so the dialog always shows from -> to as it stands.

use super::mutation::{Danger, Input, Mutation};
use super::{Field, FlashLevel, State};
use crate::model::Service;

pub mod checks;

pub use checks::{check_image, MAX_DESIRED_COUNT, MAX_REASON_CHARS};

/// A message in the dialog: why Enter was refused, or a warning the next Enter accepts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub level: FlashLevel,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Dialog {
    /// The change being made, with what it needs to know from when it opened; what is typed or chosen
    /// completes it.
    pub draft: Mutation,
    /// What is typed: the count, the reason or the image. `None` for changes without one.
    pub field: Option<Field>,
    /// The name typed to confirm a destructive change.
    pub confirm: Option<Field>,
    /// The row chosen in a list (revisions, the cleanup's groups).
    pub selected: usize,
    /// The first step of a cleanup's plan shown, when it does not fit (PageUp/PageDown).
    pub scroll: usize,
    pub notice: Option<Notice>,
    /// The change a warning was shown for: Enter again with the same change confirms it.
    pub warned: Option<Mutation>,
}

impl Dialog {
    pub fn new(draft: Mutation, field: Option<&str>) -> Self {
        let selected = draft.change().first_choice();
        Dialog {
            draft,
            field: field.map(Field::new),
            confirm: None,
            selected,
            scroll: 0,
            notice: None,
            warned: None,
        }
    }

    /// The field that takes typed characters now, if any.
    pub fn typing(&mut self) -> Option<&mut Field> {
        self.confirm.as_mut().or(self.field.as_mut())
    }

    /// The service this dialog is about, as last read.
    pub fn service<'a>(&self, state: &'a State) -> Option<&'a Service> {
        self.draft.service(state)
    }

    /// The change as it stands, or why there is none yet (what to type or choose).
    pub fn mutation(&self, state: &State) -> Result<Mutation, String> {
        let input = Input {
            text: self.text(),
            selected: self.selected,
        };
        self.draft.change().complete(state, &input)
    }

    /// The ACTIVE revisions of the service's family, newest first, or why they are not there.
    pub fn revisions<'a>(&self, state: &'a State) -> Result<&'a [String], String> {
        let (Some(cluster_arn), Some(service_arn)) =
            (self.draft.cluster_arn(), self.draft.service_arn())
        else {
            return Err("no service".into());
        };
        super::mutation::revisions(state, cluster_arn, service_arn)
    }

    /// What the field holds (empty without one).
    pub fn text(&self) -> &str {
        self.field.as_ref().map_or("", Field::text)
    }

    /// The name that must be typed to confirm, for a destructive change.
    pub fn confirm_name(mutation: &Mutation) -> Option<String> {
        match mutation.danger() {
            Danger::Plain => None,
            Danger::Destructive { confirm_name } => Some(confirm_name),
        }
    }
}

/// A service as last read.
pub fn find_service<'a>(
    state: &'a State,
    cluster_arn: &str,
    service_arn: &str,
) -> Option<&'a Service> {
    state.service(cluster_arn, service_arn)
}
