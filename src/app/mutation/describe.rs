//! What a change changes, in words: for the confirmation dialog, the status line and the audit log.

/// One thing that changes, from what to what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delta {
    pub what: String,
    pub from: String,
    pub to: String,
}

impl Delta {
    pub fn new(what: &str, from: impl Into<String>, to: impl Into<String>) -> Delta {
        Delta {
            what: what.to_string(),
            from: from.into(),
            to: to.into(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Description {
    /// "Scale service payments".
    pub title: String,
    pub changes: Vec<Delta>,
    /// Every ARN it touches.
    pub targets: Vec<String>,
    /// How it is done, when that is worth knowing (which API, what ECS then does).
    pub how: String,
}

impl Description {
    /// A resource deleted by one call.
    pub fn deleted(title: String, target: &str, how: &str) -> Description {
        Description {
            title,
            changes: vec![Delta::new("state", "exists", "deleted")],
            targets: vec![target.to_string()],
            how: how.to_string(),
        }
    }
}
