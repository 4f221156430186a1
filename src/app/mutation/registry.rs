//! `changes!`: the one list of the kinds of change. From it come the `Mutation` enum (one variant a kind,
//! each holding its module's struct), `MutationKind`, what the read-only message calls each kind, and the
//! way from a `Mutation` to its `Change`.

macro_rules! changes {
    ($($(#[$doc:meta])* $variant:ident($ty:ty) $activity:literal,)*) => {
        /// A change to an account, or the draft of one in the dialog. Targets are ARNs; `from` values are
        /// what wharf saw when the dialog opened.
        #[derive(Debug, Clone, PartialEq, Eq, Hash, strum::EnumDiscriminants)]
        #[strum_discriminants(
            name(MutationKind),
            derive(strum::EnumIter, strum::IntoStaticStr, Hash),
            strum(serialize_all = "kebab-case")
        )]
        pub enum Mutation {
            $($(#[$doc])* $variant($ty),)*
        }

        impl Mutation {
            /// What it is and does, whatever its kind.
            pub fn change(&self) -> &dyn Change {
                match self {
                    $(Mutation::$variant(c) => c,)*
                }
            }

            pub fn change_mut(&mut self) -> &mut dyn Change {
                match self {
                    $(Mutation::$variant(c) => c,)*
                }
            }
        }

        $(impl From<$ty> for Mutation {
            fn from(change: $ty) -> Mutation {
                Mutation::$variant(change)
            }
        })*

        impl MutationKind {
            /// What the read-only message calls it: "read-only (profile prod): scaling is off".
            pub fn activity(self) -> &'static str {
                match self {
                    $(MutationKind::$variant => $activity,)*
                }
            }
        }
    };
}
