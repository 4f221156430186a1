//! What an image's tag makes a task do.

/// What an image's tag makes its container do (see the module documentation of `sim`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Behavior {
    Healthy,
    /// Exits with code 1 after 20-60 s running.
    Crash,
    /// Killed for memory after 20-60 s running: exit code 137.
    Oom,
    /// Runs, but never passes load balancer health checks.
    Broken,
    /// The image cannot be pulled: the task never reaches RUNNING.
    Missing,
}

impl Behavior {
    /// The behaviour an image's tag asks for: the tag itself or its last `-` part (`web:1.2-crash`).
    pub fn from_image(image: &str) -> Behavior {
        let tag = match image.rsplit_once(':') {
            Some((_, tag)) if !tag.contains('/') => tag,
            _ => return Behavior::Healthy,
        };
        match tag.rsplit('-').next().unwrap_or(tag) {
            "crash" => Behavior::Crash,
            "oom" => Behavior::Oom,
            "broken" => Behavior::Broken,
            "missing" => Behavior::Missing,
            _ => Behavior::Healthy,
        }
    }
}

pub const ESSENTIAL_EXITED: &str = "Essential container in task exited";
pub const OOM_REASON: &str = "OutOfMemoryError: Container killed due to memory usage";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_carry_behaviour() {
        assert_eq!(Behavior::from_image("repo/web:crash"), Behavior::Crash);
        assert_eq!(Behavior::from_image("repo/web:1.2.0-oom"), Behavior::Oom);
        assert_eq!(
            Behavior::from_image("registry:5000/web:broken"),
            Behavior::Broken
        );
        assert_eq!(Behavior::from_image("web:9-missing"), Behavior::Missing);
        assert_eq!(Behavior::from_image("web:1.2.0"), Behavior::Healthy);
        assert_eq!(Behavior::from_image("registry:5000/web"), Behavior::Healthy);
        assert_eq!(Behavior::from_image("web"), Behavior::Healthy);
        assert_eq!(Behavior::from_image("web:crashed"), Behavior::Healthy);
    }
}
