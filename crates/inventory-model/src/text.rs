//! Small helpers shared by the types that have a text form.

use std::fmt::Display;
use std::str::FromStr;

/// Whether two labels say the same, ignoring case, surrounding blanks, runs of whitespace and
/// `_` or `-` read as spaces: `Used - Like New`, `used_like_new` and `USED LIKE NEW` match.
/// Compared word by word without building either folded form.
pub(crate) fn labels_match(a: &str, b: &str) -> bool {
    fn words(text: &str) -> impl Iterator<Item = &str> {
        text.split(|c: char| c.is_whitespace() || c == '_' || c == '-')
            .filter(|word| !word.is_empty())
    }
    let mut left = words(a);
    let mut right = words(b);
    loop {
        match (left.next(), right.next()) {
            (None, None) => return true,
            (Some(l), Some(r)) if l.eq_ignore_ascii_case(r) => {}
            _ => return false,
        }
    }
}

/// Deserializes a string and parses it with the type's validating `FromStr`, so serde can never
/// build a value the constructor would refuse. The text is not copied first
/// ([`deserialize_str_with`](crate::serde_text::deserialize_str_with)).
pub(crate) fn deserialize_from_str<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: FromStr,
    T::Err: Display,
{
    crate::serde_text::deserialize_str_with(deserializer, str::parse)
}

/// Defines a closed, field-less enum whose values have a snake_case identifier (its serde form)
/// and a human label (its `Display` form); `FromStr` accepts either, ignoring case.
macro_rules! labelled_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            field: $field:literal,
            expected: $expected:literal,
            $(
                $(#[$variant_meta:meta])*
                $variant:ident => ($id:literal, $label:literal),
            )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $(
                $(#[$variant_meta])*
                $variant,
            )+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The snake_case identifier used in serialized data.
            #[must_use]
            pub const fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $id,)+
                }
            }

            /// The label shown to people (the `Display` form).
            #[must_use]
            pub const fn label(self) -> &'static str {
                match self {
                    $($name::$variant => $label,)+
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.label())
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = $crate::ModelError;

            /// Parses the label or the identifier, ignoring case and treating `_`/`-` as spaces.
            fn from_str(text: &str) -> Result<Self, Self::Err> {
                Self::ALL
                    .iter()
                    .copied()
                    .find(|value| {
                        $crate::text::labels_match(text, value.label())
                            || $crate::text::labels_match(text, value.as_str())
                    })
                    .ok_or_else(|| $crate::ModelError::Invalid {
                        field: $field,
                        value: text.to_owned(),
                        expected: $expected,
                    })
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                $crate::text::deserialize_from_str(deserializer)
            }
        }
    };
}

pub(crate) use labelled_enum;

#[cfg(test)]
mod tests {
    use super::labels_match;

    #[test]
    fn labels_match_across_case_separators_and_spacing() {
        assert!(labels_match("Used - Like New", "used like new"));
        assert!(labels_match("used_like_new", "Used Like New"));
        assert!(labels_match("  USED   LIKE-NEW ", "used like new"));
        assert!(labels_match("VG+", "vg+"));
        assert!(!labels_match("used like", "used like new"));
        assert!(!labels_match("used like new", "used like"));
        assert!(!labels_match("new", "news"));
    }
}
