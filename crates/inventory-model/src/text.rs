//! Small helpers shared by the types that have a text form.

use std::fmt::Display;
use std::str::FromStr;

use serde::Deserialize;

/// Folds a label to a comparable key: trimmed, lower case, `_` and `-` read as spaces, runs of
/// whitespace collapsed. `Used - Like New`, `used_like_new` and `USED LIKE NEW` share one key.
pub(crate) fn label_key(text: &str) -> String {
    let spaced: String = text
        .chars()
        .map(|c| match c {
            '_' | '-' => ' ',
            other => other.to_ascii_lowercase(),
        })
        .collect();
    spaced.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Deserializes a string and parses it with the type's validating `FromStr`, so serde can never
/// build a value the constructor would refuse.
pub(crate) fn deserialize_from_str<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: FromStr,
    T::Err: Display,
{
    let text = std::borrow::Cow::<'de, str>::deserialize(deserializer)?;
    text.parse().map_err(serde::de::Error::custom)
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
                let key = $crate::text::label_key(text);
                Self::ALL
                    .iter()
                    .copied()
                    .find(|value| {
                        key == $crate::text::label_key(value.label())
                            || key == $crate::text::label_key(value.as_str())
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
    use super::label_key;

    #[test]
    fn label_keys_fold_case_separators_and_spacing() {
        assert_eq!(label_key("Used - Like New"), "used like new");
        assert_eq!(label_key("used_like_new"), "used like new");
        assert_eq!(label_key("  USED   LIKE-NEW "), "used like new");
        assert_eq!(label_key("VG+"), "vg+");
    }
}
