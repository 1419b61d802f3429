//! The pattern shared by every string-valued Discogs enum.

/// Defines an open wire enum: known values with Discogs' exact spelling, plus
/// `Unknown(String)` keeping any value Discogs adds later, so that decoding never fails on a new
/// spelling. Parsing is exact first, then ignores ASCII case and surrounding spaces.
macro_rules! wire_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $(
                $(#[$variant_meta:meta])*
                $variant:ident => $wire:literal,
            )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $(
                $(#[$variant_meta])*
                $variant,
            )+
            /// A value this version of the crate does not know, kept as Discogs sent it.
            Unknown(String),
        }

        impl $name {
            /// Every known value, in Discogs' documented order.
            pub const KNOWN: &'static [$name] = &[$($name::$variant),+];

            /// Discogs' exact spelling.
            #[must_use]
            pub fn as_str(&self) -> &str {
                match self {
                    $($name::$variant => $wire,)+
                    $name::Unknown(other) => other,
                }
            }

            /// Reads Discogs' spelling; anything unrecognised becomes `Unknown`.
            #[must_use]
            pub fn from_wire(text: &str) -> Self {
                $(
                    if text == $wire {
                        return $name::$variant;
                    }
                )+
                let trimmed = text.trim();
                $(
                    if trimmed.eq_ignore_ascii_case($wire) {
                        return $name::$variant;
                    }
                )+
                $name::Unknown(text.to_owned())
            }

            /// Whether this is a value the crate knows (not `Unknown`).
            #[must_use]
            pub fn is_known(&self) -> bool {
                !matches!(self, $name::Unknown(_))
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;

            /// Never fails: unrecognised text becomes `Unknown`.
            fn from_str(text: &str) -> Result<Self, Self::Err> {
                Ok(Self::from_wire(text))
            }
        }

        impl From<&str> for $name {
            fn from(text: &str) -> Self {
                Self::from_wire(text)
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = <::std::borrow::Cow<'de, str> as ::serde::Deserialize>::deserialize(deserializer)?;
                Ok(Self::from_wire(&text))
            }
        }
    };
}

pub(crate) use wire_enum;
