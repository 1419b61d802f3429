//! The `From` conversions every client crate's error enum writes the same way.

/// Implements the conversions every client crate's error has, for an error enum with the
/// variants `Config(InvalidInput)`, `InvalidInput(InvalidInput)` and `Engine(Error)`:
///
/// * `From<client_core::Error>`: a refused setting or input keeps its variant, an API error
///   becomes what `api` makes of the `Box<ApiError>` (the vendor's kind, its field errors),
///   anything else is `Engine`;
/// * `From<InvalidInput>`, as `InvalidInput`;
/// * `From<PathError>`: a caller's path segment that would change the route's shape is
///   refused input, naming its placeholder.
///
/// ```
/// use client_core::{ApiError, InvalidInput};
///
/// #[derive(Debug)]
/// enum ShopError {
///     Config(InvalidInput),
///     InvalidInput(InvalidInput),
///     Api(Box<ApiError>),
///     Engine(client_core::Error),
/// }
/// client_core::client_error_conversions!(ShopError, api: ShopError::Api);
///
/// let refused = ShopError::from(InvalidInput::new("sku", "at most 40 characters"));
/// assert!(matches!(refused, ShopError::InvalidInput(_)));
/// ```
#[macro_export]
macro_rules! client_error_conversions {
    ($error:ty, api: $api:expr) => {
        impl ::core::convert::From<$crate::Error> for $error {
            fn from(error: $crate::Error) -> Self {
                match error {
                    $crate::Error::Config(refusal) => Self::Config(refusal),
                    $crate::Error::InvalidInput(refusal) => Self::InvalidInput(refusal),
                    $crate::Error::Api(api) => ($api)(api),
                    other => Self::Engine(other),
                }
            }
        }

        impl ::core::convert::From<$crate::InvalidInput> for $error {
            fn from(refusal: $crate::InvalidInput) -> Self {
                Self::InvalidInput(refusal)
            }
        }

        impl ::core::convert::From<$crate::path::PathError> for $error {
            fn from(error: $crate::path::PathError) -> Self {
                Self::InvalidInput(error.into())
            }
        }
    };
}
