//! An order's message log: messages, status changes, shipping changes and refunds.
//!
//! Discogs mixes several kinds of entry in one list and tells them apart by `type`. Each kind
//! is a variant of [`MessageKind`]; a kind this crate does not know is kept, with its fields,
//! as [`MessageKind::Unknown`] rather than dropped or refused.

use client_core::{PageQuery, Request};
use inventory_model::Decimal;
use inventory_model::serde_decimal::{exact, exact_option};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::client::DiscogsClient;
use crate::error::DiscogsError;
use crate::orders::{OrderStatus, Orders, order_route};
use crate::paging::discogs_list;
use crate::wire::{self, UserRef};

const MESSAGES_ROUTE: &str = "/marketplace/orders/{order_id}/messages";

/// One entry of an order's message log.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct OrderMessage {
    /// When it happened.
    pub timestamp: Option<OffsetDateTime>,
    /// The subject (often empty for events).
    pub subject: String,
    /// The text, as Discogs shows it.
    pub message: String,
    /// The order it belongs to.
    pub order: Option<OrderRef>,
    /// What kind of entry it is, with the fields of that kind.
    pub kind: MessageKind,
}

/// The kinds of order-log entries, tagged by `type` on the wire.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum MessageKind {
    /// `message`: a message written by the buyer or the seller. Also the kind of the entry
    /// Discogs returns when a message is posted, which carries no `type`.
    Message {
        /// Who wrote it.
        from: Option<UserRef>,
    },
    /// `status`: the order's status changed.
    Status {
        /// Discogs' number of the new status.
        status_id: Option<u32>,
        /// Who changed it.
        actor: Option<UserRef>,
    },
    /// `shipping`: the shipping amount changed (in the order's currency).
    Shipping {
        /// The amount before.
        original: Option<Decimal>,
        /// The amount after.
        new: Option<Decimal>,
    },
    /// `refund_sent`: the seller sent a refund.
    RefundSent {
        /// The refund.
        refund: Option<Refund>,
    },
    /// `refund_received`: the buyer received a refund.
    RefundReceived {
        /// The refund.
        refund: Option<Refund>,
    },
    /// A `type` this crate does not know, with every field of the entry as sent.
    Unknown {
        /// The `type` as sent.
        kind: String,
        /// The entry's fields as sent.
        fields: serde_json::Map<String, serde_json::Value>,
    },
}

impl MessageKind {
    /// The wire `type`.
    #[must_use]
    pub fn as_str(&self) -> &str {
        match self {
            Self::Message { .. } => "message",
            Self::Status { .. } => "status",
            Self::Shipping { .. } => "shipping",
            Self::RefundSent { .. } => "refund_sent",
            Self::RefundReceived { .. } => "refund_received",
            Self::Unknown { kind, .. } => kind,
        }
    }
}

/// A refund mentioned in the order log.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct Refund {
    /// The amount, in the order's currency.
    #[serde(with = "exact")]
    pub amount: Decimal,
    /// The order refunded.
    #[serde(default, deserialize_with = "wire::object_option")]
    pub order: Option<OrderRef>,
}

/// An order as a message refers to it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct OrderRef {
    /// The order ID.
    pub id: String,
    /// The order's API address.
    #[serde(default)]
    pub resource_url: Option<String>,
}

#[derive(Deserialize)]
struct Common {
    #[serde(default, with = "wire::timestamp_option")]
    timestamp: Option<OffsetDateTime>,
    #[serde(default)]
    subject: Option<String>,
    #[serde(default)]
    message: Option<String>,
    #[serde(default, deserialize_with = "wire::object_option")]
    order: Option<OrderRef>,
    #[serde(default, rename = "type")]
    kind: Option<String>,
}

#[derive(Deserialize)]
struct MessageFields {
    #[serde(default, deserialize_with = "wire::object_option")]
    from: Option<UserRef>,
}

#[derive(Deserialize)]
struct StatusFields {
    #[serde(default)]
    status_id: Option<u32>,
    #[serde(default, deserialize_with = "wire::object_option")]
    actor: Option<UserRef>,
}

#[derive(Deserialize)]
struct ShippingFields {
    #[serde(default, with = "exact_option")]
    original: Option<Decimal>,
    #[serde(default, with = "exact_option")]
    new: Option<Decimal>,
}

#[derive(Deserialize)]
struct RefundFields {
    #[serde(default, deserialize_with = "wire::object_option")]
    refund: Option<Refund>,
}

impl<'de> Deserialize<'de> for OrderMessage {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let value = serde_json::Value::deserialize(deserializer)?;
        let common = Common::deserialize(&value).map_err(D::Error::custom)?;
        let kind = match common.kind.as_deref().unwrap_or("message") {
            "message" => {
                let fields = MessageFields::deserialize(&value).map_err(D::Error::custom)?;
                MessageKind::Message { from: fields.from }
            }
            "status" => {
                let fields = StatusFields::deserialize(&value).map_err(D::Error::custom)?;
                MessageKind::Status {
                    status_id: fields.status_id,
                    actor: fields.actor,
                }
            }
            "shipping" => {
                let fields = ShippingFields::deserialize(&value).map_err(D::Error::custom)?;
                MessageKind::Shipping {
                    original: fields.original,
                    new: fields.new,
                }
            }
            "refund_sent" => MessageKind::RefundSent {
                refund: RefundFields::deserialize(&value)
                    .map_err(D::Error::custom)?
                    .refund,
            },
            "refund_received" => MessageKind::RefundReceived {
                refund: RefundFields::deserialize(&value)
                    .map_err(D::Error::custom)?
                    .refund,
            },
            other => MessageKind::Unknown {
                kind: other.to_owned(),
                fields: match value {
                    serde_json::Value::Object(map) => map,
                    _ => serde_json::Map::new(),
                },
            },
        };
        Ok(OrderMessage {
            timestamp: common.timestamp,
            subject: common.subject.unwrap_or_default(),
            message: common.message.unwrap_or_default(),
            order: common.order,
            kind,
        })
    }
}

/// A message to add to an order's log, possibly changing its status at the same time.
///
/// Discogs needs a message, a status or both; an empty one is refused before sending.
///
/// ```
/// use discogs_client::{NewMessage, OrderStatus};
///
/// let note = NewMessage::text("Your order is on its way!").with_status(OrderStatus::Shipped);
/// # let _ = note;
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct NewMessage {
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<OrderStatus>,
}

impl NewMessage {
    /// A message with text.
    #[must_use]
    pub fn text(message: impl Into<String>) -> Self {
        Self {
            message: Some(message.into()),
            status: None,
        }
    }

    /// A status change only (Discogs writes the message).
    #[must_use]
    pub fn status_only(status: OrderStatus) -> Self {
        Self {
            message: None,
            status: Some(status),
        }
    }

    /// Also changes the order's status.
    #[must_use]
    pub fn with_status(mut self, status: OrderStatus) -> Self {
        self.status = Some(status);
        self
    }

    fn check(&self) -> Result<(), DiscogsError> {
        let has_text = self
            .message
            .as_deref()
            .is_some_and(|text| !text.trim().is_empty());
        if !has_text && self.status.is_none() {
            return Err(DiscogsError::invalid(
                "message",
                "a message needs text, a status, or both",
            ));
        }
        if let Some(status) = &self.status {
            status.check_settable("status")?;
        }
        Ok(())
    }
}

/// The request for an order's messages, newest first; finish it with
/// [`Paged::send`](client_core::Paged::send) (one page) or
/// [`Paged::stream`](client_core::Paged::stream) (every message across pages).
///
/// Discogs answers 403 ([`Forbidden`](crate::DiscogsErrorKind::Forbidden)) for an order the
/// user is not part of and 404 ([`NotFound`](crate::DiscogsErrorKind::NotFound)) for one that
/// does not exist.
#[derive(Debug, Clone)]
#[must_use = "a request does nothing until sent or streamed"]
pub struct MessagesRequest {
    client: DiscogsClient,
    order_id: String,
    paging: PageQuery,
}

impl Orders<'_> {
    /// `GET /marketplace/orders/{order_id}/messages`: the order's log, newest first.
    pub fn messages(&self, order_id: impl Into<String>) -> MessagesRequest {
        MessagesRequest {
            client: self.client.clone(),
            order_id: order_id.into(),
            paging: PageQuery::default(),
        }
    }

    /// `POST /marketplace/orders/{order_id}/messages`: adds a message and/or changes the
    /// status (201), returning the new entry.
    ///
    /// Never retried once Discogs may have seen it: the buyer would get the message twice.
    ///
    /// # Errors
    ///
    /// [`DiscogsError::InvalidInput`] (nothing sent) for a message with neither text nor
    /// status, or a status a seller cannot set;
    /// [`Forbidden`](crate::DiscogsErrorKind::Forbidden) when the user is not part of the order.
    pub async fn add_message(
        &self,
        order_id: &str,
        message: &NewMessage,
    ) -> Result<OrderMessage, DiscogsError> {
        message.check()?;
        let request = Request::post(order_route(MESSAGES_ROUTE, order_id)?)
            .json(message)?
            .non_idempotent();
        Ok(self.client.engine.execute(request).await?.json()?)
    }
}

impl MessagesRequest {
    fn list_request(&self) -> Result<Request, DiscogsError> {
        Ok(Request::get(order_route(MESSAGES_ROUTE, &self.order_id)?))
    }
}

discogs_list!(MessagesRequest => OrderMessage, request: list_request);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_types_are_kept_with_their_fields() {
        let message: OrderMessage = serde_json::from_str(
            r#"{"type": "feedback", "message": "5 stars", "subject": "", "rating": 5,
                "timestamp": "2015-06-02T13:17:54-07:00"}"#,
        )
        .unwrap();
        match &message.kind {
            MessageKind::Unknown { kind, fields } => {
                assert_eq!(kind, "feedback");
                assert_eq!(fields["rating"], serde_json::json!(5));
            }
            other => panic!("expected Unknown, got {other:?}"),
        }
        assert_eq!(message.kind.as_str(), "feedback");
        assert_eq!(message.message, "5 stars");
    }

    #[test]
    fn empty_messages_are_refused() {
        assert!(NewMessage::default().check().is_err());
        assert!(NewMessage::text("  ").check().is_err());
        assert!(
            NewMessage::status_only(OrderStatus::Merged)
                .check()
                .is_err()
        );
        assert!(
            NewMessage::status_only(OrderStatus::Shipped)
                .check()
                .is_ok()
        );
    }
}
