//! `screens!`: the one list of the screens. From it come the `Screen` enum (one variant a screen, each
//! holding its module's struct) and the way from a `Screen` to its `ScreenSpec`.

macro_rules! screens {
    ($($(#[$doc:meta])* $variant:ident($ty:ty),)*) => {
        /// One level of the navigation stack: clusters -> services -> service -> task, or clusters -> services
        /// -> tasks (every task of the cluster) -> task, and the exploring views from any of them.
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub enum Screen {
            $($(#[$doc])* $variant($ty),)*
        }

        impl Screen {
            /// What the screen is and shows, whichever it is.
            pub fn spec(&self) -> &dyn ScreenSpec {
                match self {
                    $(Screen::$variant(s) => s,)*
                }
            }

            pub fn spec_mut(&mut self) -> &mut dyn ScreenSpec {
                match self {
                    $(Screen::$variant(s) => s,)*
                }
            }
        }

        $(impl From<$ty> for Screen {
            fn from(screen: $ty) -> Screen {
                Screen::$variant(screen)
            }
        })*
    };
}
