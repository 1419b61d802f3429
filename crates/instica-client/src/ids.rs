//! Opaque identifiers: one type per kind, so an asset UID cannot be passed where an item UID
//! belongs.
//!
//! Instica UIDs carry a prefix (`inv_…`, `prod_…`, `ast_…`), but the prefix is the server's
//! business: these types never parse or check it, they only keep the text apart by kind.

use std::fmt;

use serde::{Deserialize, Serialize};

macro_rules! uid_type {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            /// Wraps an identifier as the server wrote it.
            pub fn new(uid: impl Into<String>) -> Self {
                Self(uid.into())
            }

            /// The identifier's text.
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// The identifier's text, owned.
            pub fn into_string(self) -> String {
                self.0
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({:?})", stringify!($name), self.0)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl From<&str> for $name {
            fn from(uid: &str) -> Self {
                Self(uid.to_owned())
            }
        }

        impl From<String> for $name {
            fn from(uid: String) -> Self {
                Self(uid)
            }
        }

        impl From<&$name> for $name {
            fn from(uid: &$name) -> Self {
                uid.clone()
            }
        }
    };
}

uid_type!(
    /// An inventory item (`inv_…`).
    ItemUid
);
uid_type!(
    /// A product, the catalogue entry items belong to (`prod_…`).
    ProductUid
);
uid_type!(
    /// An asset (photo) attached to an item (`ast_…`).
    AssetUid
);
uid_type!(
    /// A marketplace listing of an item (`lst_…`).
    ListingUid
);
uid_type!(
    /// A marketplace platform (`plat_…`).
    PlatformUid
);
uid_type!(
    /// A platform's slug as used in paths (`ebay`, `discogs`).
    PlatformSlug
);
uid_type!(
    /// An inventory item type (`type_vinyl`).
    ItemTypeUid
);
uid_type!(
    /// An organization (`org_…`).
    OrganizationUid
);
uid_type!(
    /// A user (`usr_…`).
    UserUid
);
uid_type!(
    /// An artist (`art_…`).
    ArtistUid
);
uid_type!(
    /// An asynchronous export job (`exp_…`).
    ExportUid
);
uid_type!(
    /// An audit log entry (`log_…`).
    AuditLogUid
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uids_keep_their_text_and_serialize_transparently() {
        let uid = ItemUid::from("inv_d4e5f6");
        assert_eq!(uid.as_str(), "inv_d4e5f6");
        assert_eq!(uid.to_string(), "inv_d4e5f6");
        assert_eq!(format!("{uid:?}"), "ItemUid(\"inv_d4e5f6\")");
        assert_eq!(serde_json::to_string(&uid).unwrap(), "\"inv_d4e5f6\"");
        let back: ItemUid = serde_json::from_str("\"inv_x\"").unwrap();
        assert_eq!(back, ItemUid::new("inv_x"));
    }
}
