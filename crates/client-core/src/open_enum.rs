//! Open enums for the text values a vendor may extend.
//!
//! A status, condition or carrier a vendor adds tomorrow must not break a program built today.
//! [`open_enum!`](macro@crate::open_enum) declares such an enum once: the known values with the
//! vendor's exact spelling, plus `Unknown(String)` keeping anything else exactly as sent.

/// Declares a `#[non_exhaustive]` enum of a vendor's spellings with an `Unknown(String)`
/// variant, and gives it `KNOWN`, `as_str`, `from_wire`, `is_known`, `Display`, `FromStr`
/// (never failing), `From<&str>` and serde as the spelling.
///
/// Reading is exact first, then ignores ASCII case and surrounding blanks; anything else is
/// kept in `Unknown`.
///
/// ```
/// client_core::open_enum! {
///     /// How a parcel travels.
///     pub enum Carrier {
///         /// UPS.
///         Ups => "UPS",
///         /// Royal Mail.
///         RoyalMail => "Royal Mail",
///     }
/// }
///
/// assert_eq!(Carrier::from_wire("royal mail"), Carrier::RoyalMail);
/// assert_eq!(Carrier::from_wire("Pigeon"), Carrier::Unknown("Pigeon".into()));
/// assert_eq!(serde_json::to_string(&Carrier::Ups)?, r#""UPS""#);
/// assert!(!serde_json::from_str::<Carrier>(r#""Drone""#)?.is_known());
/// assert!(Carrier::from_wire("Drone").require_known("carrier").is_err());
/// # Ok::<(), serde_json::Error>(())
/// ```
#[macro_export]
macro_rules! open_enum {
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
            /// A value this version of the crate does not know, kept exactly as sent.
            Unknown(::std::string::String),
        }

        impl $name {
            /// Every known value, in the vendor's documented order.
            pub const KNOWN: &'static [$name] = &[$($name::$variant),+];

            /// The vendor's exact spelling.
            #[must_use]
            pub fn as_str(&self) -> &str {
                match self {
                    $($name::$variant => $wire,)+
                    $name::Unknown(other) => other,
                }
            }

            /// Reads the vendor's spelling; anything unrecognised becomes `Unknown`.
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

            /// Refuses a value the vendor does not document, naming `field`: for values a
            /// caller sends, where an unknown spelling is a typo, not news from the vendor.
            pub fn require_known(&self, field: &str) -> ::std::result::Result<(), $crate::InvalidInput> {
                match self {
                    $name::Unknown(other) => Err($crate::InvalidInput::new(
                        field,
                        ::std::format!("`{other}` is not a value the vendor documents"),
                    )),
                    _ => Ok(()),
                }
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
            fn from_str(text: &str) -> ::std::result::Result<Self, Self::Err> {
                Ok(Self::from_wire(text))
            }
        }

        impl $crate::QueryValue for $name {
            fn query_value(&self) -> ::std::borrow::Cow<'_, str> {
                ::std::borrow::Cow::Borrowed(self.as_str())
            }
        }

        impl ::std::convert::From<&str> for $name {
            fn from(text: &str) -> Self {
                Self::from_wire(text)
            }
        }

        impl $crate::__private::serde::Serialize for $name {
            fn serialize<S: $crate::__private::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> $crate::__private::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                // The text is looked up where it lies; only an unknown value is copied.
                $crate::__private::deserialize_str_with(deserializer, |text| {
                    ::std::result::Result::<Self, ::std::convert::Infallible>::Ok(Self::from_wire(text))
                })
            }
        }
    };
}
