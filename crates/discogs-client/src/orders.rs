//! Marketplace orders: view, list and edit (status, shipping, tracking).

use client_core::{PageQuery, Request, Route};
use inventory_model::serde_decimal::exact;
use inventory_model::{Currency, Decimal, Money};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::client::DiscogsClient;
use crate::condition::{MediaCondition, SleeveCondition};
use crate::error::DiscogsError;
use crate::paging::discogs_list;
use crate::rules::check_decimals;
use crate::wire::{self, SortOrder, UserRef};
use client_core::open_enum;

open_enum! {
    /// The status of an order.
    pub enum OrderStatus {
        /// `New Order`.
        NewOrder => "New Order",
        /// `Buyer Contacted`.
        BuyerContacted => "Buyer Contacted",
        /// `Invoice Sent`.
        InvoiceSent => "Invoice Sent",
        /// `Payment Pending`.
        PaymentPending => "Payment Pending",
        /// `Payment Received`.
        PaymentReceived => "Payment Received",
        /// `In Progress`.
        InProgress => "In Progress",
        /// `Shipped`.
        Shipped => "Shipped",
        /// `Refund Sent`.
        RefundSent => "Refund Sent",
        /// `Cancelled (Non-Paying Buyer)`.
        CancelledNonPayingBuyer => "Cancelled (Non-Paying Buyer)",
        /// `Cancelled (Item Unavailable)`.
        CancelledItemUnavailable => "Cancelled (Item Unavailable)",
        /// `Cancelled (Per Buyer's Request)`.
        CancelledPerBuyersRequest => "Cancelled (Per Buyer's Request)",
        /// `Merged`: the order was merged into another one.
        Merged => "Merged",
        /// `Order Changed`.
        OrderChanged => "Order Changed",
        /// `Cancelled`.
        Cancelled => "Cancelled",
        /// `Cancelled (Refund Received)`.
        CancelledRefundReceived => "Cancelled (Refund Received)",
    }
}

impl OrderStatus {
    /// Whether a seller may set this status (the eleven documented settable statuses; the
    /// order must also list it in its `next_status`).
    #[must_use]
    pub fn is_settable(&self) -> bool {
        matches!(
            self,
            Self::NewOrder
                | Self::BuyerContacted
                | Self::InvoiceSent
                | Self::PaymentPending
                | Self::PaymentReceived
                | Self::InProgress
                | Self::Shipped
                | Self::RefundSent
                | Self::CancelledNonPayingBuyer
                | Self::CancelledItemUnavailable
                | Self::CancelledPerBuyersRequest
        )
    }

    /// Refuses a status a seller cannot set, naming `field`.
    pub(crate) fn check_settable(&self, field: &str) -> Result<(), DiscogsError> {
        if self.is_settable() {
            Ok(())
        } else {
            Err(DiscogsError::invalid(
                field,
                format!(
                    "`{self}` cannot be set by a seller; settable statuses are New Order, Buyer \
                     Contacted, Invoice Sent, Payment Pending, Payment Received, In Progress, \
                     Shipped, Refund Sent and the three Cancelled (…) reasons"
                ),
            ))
        }
    }
}

open_enum! {
    /// The shipping carriers Discogs accepts for tracking information.
    pub enum Carrier {
        /// UPS.
        Ups => "UPS",
        /// USPS.
        Usps => "USPS",
        /// DHL.
        Dhl => "DHL",
        /// Deutsche Post.
        DeutschePost => "Deutsche Post",
        /// La Poste.
        LaPoste => "La Poste",
        /// Royal Mail.
        RoyalMail => "Royal Mail",
        /// PostNL.
        PostNl => "PostNL",
        /// DHL Germany.
        DhlGermany => "DHL Germany",
        /// Any other carrier.
        Other => "Other",
    }
}

open_enum! {
    /// What orders can be sorted by.
    pub enum OrderSort {
        /// The order ID.
        Id => "id",
        /// The buyer.
        Buyer => "buyer",
        /// When the order was created.
        Created => "created",
        /// The status.
        Status => "status",
        /// The last activity.
        LastActivity => "last_activity",
    }
}

/// A Marketplace order.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct Order {
    /// The order ID, such as `1-1` (seller number, order number).
    pub id: String,
    /// The status.
    pub status: OrderStatus,
    /// The statuses the order may move to next.
    #[serde(default, deserialize_with = "wire::or_default")]
    pub next_status: Vec<OrderStatus>,
    /// Discogs' fee.
    #[serde(default, with = "wire::price_option")]
    pub fee: Option<Money>,
    /// When the order was placed.
    #[serde(default, with = "wire::timestamp_option")]
    pub created: Option<OffsetDateTime>,
    /// The items.
    #[serde(default, deserialize_with = "wire::or_default")]
    pub items: Vec<OrderItem>,
    /// The shipping method and price (`None` for a missing, `null` or `{}` object).
    #[serde(default, deserialize_with = "wire::object_option")]
    pub shipping: Option<OrderShipping>,
    /// The buyer's shipping address, as one text.
    #[serde(default)]
    pub shipping_address: Option<String>,
    /// The buyer's instructions.
    #[serde(default)]
    pub additional_instructions: Option<String>,
    /// Whether the order is archived.
    #[serde(default, deserialize_with = "wire::or_default")]
    pub archived: bool,
    /// The seller.
    pub seller: UserRef,
    /// The buyer.
    pub buyer: UserRef,
    /// When anything last happened.
    #[serde(default, with = "wire::timestamp_option")]
    pub last_activity: Option<OffsetDateTime>,
    /// The total.
    #[serde(default, with = "wire::price_option")]
    pub total: Option<Money>,
    /// The tracking information, when set (`None` for a missing, `null` or `{}` object).
    #[serde(default, deserialize_with = "wire::object_option")]
    pub tracking: Option<TrackingInfo>,
    /// The order's API address.
    #[serde(default)]
    pub resource_url: Option<String>,
    /// The address of the order's messages.
    #[serde(default)]
    pub messages_url: Option<String>,
    /// The order's web page.
    #[serde(default)]
    pub uri: Option<String>,
}

/// One item of an order.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct OrderItem {
    /// The listing ID of the item.
    pub id: u64,
    /// The release.
    pub release: OrderRelease,
    /// The price.
    #[serde(with = "wire::price")]
    pub price: Money,
    /// The condition of the record.
    #[serde(default)]
    pub media_condition: Option<MediaCondition>,
    /// The condition of the sleeve.
    #[serde(default)]
    pub sleeve_condition: Option<SleeveCondition>,
}

/// The release of an order item.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct OrderRelease {
    /// The release ID.
    pub id: u64,
    /// Artist, title and format in one line.
    #[serde(default)]
    pub description: Option<String>,
    /// The release's API address.
    #[serde(default)]
    pub resource_url: Option<String>,
    /// A thumbnail image.
    #[serde(default)]
    pub thumbnail: Option<String>,
}

/// An order's shipping: `{"currency": "USD", "method": "Standard", "value": 5}`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct OrderShipping {
    /// The shipping method.
    #[serde(default)]
    pub method: Option<String>,
    /// The currency.
    pub currency: Currency,
    /// The amount, exactly.
    #[serde(with = "exact")]
    pub value: Decimal,
}

impl OrderShipping {
    /// The shipping price as [`Money`].
    #[must_use]
    pub fn price(&self) -> Money {
        Money::new(self.value, self.currency)
    }
}

/// Tracking information as Discogs reports it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct TrackingInfo {
    /// The tracking number.
    pub number: String,
    /// The carrier, when one was given.
    #[serde(default)]
    pub carrier: Option<Carrier>,
    /// The tracking page Discogs built from the carrier.
    #[serde(default)]
    pub url: Option<String>,
}

/// Tracking information to set on an order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Tracking {
    number: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    carrier: Option<Carrier>,
}

impl Tracking {
    /// A tracking number without a carrier.
    #[must_use]
    pub fn new(number: impl Into<String>) -> Self {
        Self {
            number: number.into(),
            carrier: None,
        }
    }

    /// Sets the carrier (Discogs builds the tracking URL from it).
    #[must_use]
    pub fn carrier(mut self, carrier: Carrier) -> Self {
        self.carrier = Some(carrier);
        self
    }
}

/// A change to an order: a status, a shipping amount, tracking information.
///
/// Setting the shipping invoices the buyer and moves the order to Invoice Sent, so Discogs
/// refuses shipping and status together; so does this type, before anything is sent.
///
/// ```
/// use discogs_client::{Carrier, OrderEdit, OrderStatus, Tracking};
///
/// let shipped = OrderEdit::new()
///     .status(OrderStatus::Shipped)
///     .tracking(Tracking::new("1Z999999999999999").carrier(Carrier::Ups));
/// # let _ = shipped;
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct OrderEdit {
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<OrderStatus>,
    #[serde(
        skip_serializing_if = "Option::is_none",
        with = "inventory_model::serde_decimal::exact_option"
    )]
    shipping: Option<Decimal>,
    /// Not sent: only checks the shipping amount's decimals.
    #[serde(skip)]
    currency: Option<Currency>,
    #[serde(skip_serializing_if = "Option::is_none")]
    tracking: Option<Tracking>,
}

impl OrderEdit {
    /// An empty edit (sending it is refused: set something first).
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the status (one the order lists in `next_status`).
    #[must_use]
    pub fn status(mut self, status: OrderStatus) -> Self {
        self.status = Some(status);
        self
    }

    /// Sets the shipping amount in the order's currency; this invoices the buyer. It may have
    /// at most as many decimals as that currency allows: name it with
    /// [`currency`](Self::currency), else at most 2 (the most any Discogs marketplace currency
    /// allows) are sent.
    #[must_use]
    pub fn shipping(mut self, amount: Decimal) -> Self {
        self.shipping = Some(amount);
        self
    }

    /// Says which currency the order is in (its `total`'s), so the shipping amount is checked
    /// against that currency's minor units (JPY: none). Not sent.
    #[must_use]
    pub fn currency(mut self, currency: Currency) -> Self {
        self.currency = Some(currency);
        self
    }

    /// Sets tracking information.
    #[must_use]
    pub fn tracking(mut self, tracking: Tracking) -> Self {
        self.tracking = Some(tracking);
        self
    }

    fn check(&self) -> Result<(), DiscogsError> {
        if self.status.is_some() && self.shipping.is_some() {
            return Err(DiscogsError::invalid(
                "shipping",
                "shipping and status cannot be set in the same request (setting shipping \
                 invoices the buyer and sets the status to Invoice Sent)",
            ));
        }
        if self.status.is_none() && self.shipping.is_none() && self.tracking.is_none() {
            return Err(DiscogsError::invalid(
                "order edit",
                "set a status, a shipping amount or tracking information",
            ));
        }
        if let Some(status) = &self.status {
            status.check_settable("status")?;
        }
        if let Some(shipping) = self.shipping {
            if shipping.is_sign_negative() {
                return Err(DiscogsError::invalid("shipping", "must not be negative"));
            }
            check_decimals("shipping", shipping, self.currency)?;
        }
        if let Some(tracking) = &self.tracking {
            if tracking.number.trim().is_empty() {
                return Err(DiscogsError::invalid(
                    "tracking.number",
                    "a tracking number is required",
                ));
            }
            if let Some(carrier) = &tracking.carrier
                && !carrier.is_known()
            {
                return Err(DiscogsError::invalid(
                    "tracking.carrier",
                    format!(
                        "`{carrier}` is not one of UPS, USPS, DHL, Deutsche Post, La Poste, \
                         Royal Mail, PostNL, DHL Germany, Other"
                    ),
                ));
            }
        }
        Ok(())
    }
}

/// The orders endpoints; get it with [`DiscogsClient::orders`].
#[derive(Debug, Clone, Copy)]
pub struct Orders<'a> {
    pub(crate) client: &'a DiscogsClient,
}

pub(crate) fn order_route(template: &'static str, order_id: &str) -> Result<Route, DiscogsError> {
    Ok(Route::new(template).with("order_id", order_id)?.finish()?)
}

impl DiscogsClient {
    /// The orders endpoints (authentication as the seller is required).
    #[must_use]
    pub fn orders(&self) -> Orders<'_> {
        Orders { client: self }
    }
}

impl Orders<'_> {
    /// `GET /marketplace/orders/{order_id}`: one order.
    ///
    /// # Errors
    ///
    /// [`Unauthorized`](crate::DiscogsErrorKind::Unauthorized) without valid credentials;
    /// [`NotFound`](crate::DiscogsErrorKind::NotFound).
    pub async fn get(&self, order_id: &str) -> Result<Order, DiscogsError> {
        let request = Request::get(order_route("/marketplace/orders/{order_id}", order_id)?);
        Ok(self.client.engine.execute(request).await?.json()?)
    }

    /// `POST /marketplace/orders/{order_id}`: changes the status, shipping or tracking and
    /// returns the updated order.
    ///
    /// Not retried once Discogs may have seen it: each status change messages the buyer and
    /// each shipping change sends an invoice, so a repeat is visible to the buyer.
    ///
    /// # Errors
    ///
    /// [`DiscogsError::InvalidInput`] (nothing sent) for an empty edit, shipping with status, a
    /// shipping amount with more decimals than its currency allows, a status a seller cannot
    /// set, an empty tracking number or an unknown carrier;
    /// [`Forbidden`](crate::DiscogsErrorKind::Forbidden) when the user is not the seller.
    pub async fn edit(&self, order_id: &str, edit: &OrderEdit) -> Result<Order, DiscogsError> {
        edit.check()?;
        let request = Request::post(order_route("/marketplace/orders/{order_id}", order_id)?)
            .json(edit)?
            .non_idempotent();
        Ok(self.client.engine.execute(request).await?.json()?)
    }

    /// `GET /marketplace/orders`: the authenticated seller's orders; finish with
    /// [`Paged::send`](client_core::Paged::send) or [`Paged::stream`](client_core::Paged::stream).
    pub fn list(&self) -> OrdersRequest {
        OrdersRequest {
            client: self.client.clone(),
            status: None,
            created_after: None,
            created_before: None,
            archived: None,
            sort: None,
            sort_order: None,
            paging: PageQuery::default(),
        }
    }
}

/// The order list request; finish it with [`Paged::send`](client_core::Paged::send) (one
/// page) or [`Paged::stream`](client_core::Paged::stream) (every order across pages).
///
/// Sending is refused (nothing sent) for bad paging, a sort Discogs does not document or an
/// empty date range; without valid credentials Discogs answers 401
/// ([`Unauthorized`](crate::DiscogsErrorKind::Unauthorized)).
#[derive(Debug, Clone)]
#[must_use = "a request does nothing until sent or streamed"]
pub struct OrdersRequest {
    client: DiscogsClient,
    status: Option<String>,
    created_after: Option<OffsetDateTime>,
    created_before: Option<OffsetDateTime>,
    archived: Option<bool>,
    sort: Option<OrderSort>,
    sort_order: Option<SortOrder>,
    paging: PageQuery,
}

impl OrdersRequest {
    /// Only orders with this status.
    pub fn status(mut self, status: OrderStatus) -> Self {
        self.status = Some(status.as_str().to_owned());
        self
    }

    /// Orders of every status (`status=All`).
    pub fn all_statuses(mut self) -> Self {
        self.status = Some("All".to_owned());
        self
    }

    /// Only orders created after this moment.
    pub fn created_after(mut self, moment: OffsetDateTime) -> Self {
        self.created_after = Some(moment);
        self
    }

    /// Only orders created before this moment.
    pub fn created_before(mut self, moment: OffsetDateTime) -> Self {
        self.created_before = Some(moment);
        self
    }

    /// Only archived (`true`) or only unarchived (`false`) orders.
    pub fn archived(mut self, archived: bool) -> Self {
        self.archived = Some(archived);
        self
    }

    /// Sorts by `field` in `order`.
    pub fn sort(mut self, field: OrderSort, order: SortOrder) -> Self {
        self.sort = Some(field);
        self.sort_order = Some(order);
        self
    }

    fn check_filters(&self) -> Result<(), DiscogsError> {
        if let Some(sort) = &self.sort {
            sort.require_known("sort")?;
        }
        if let Some(order) = &self.sort_order {
            order.require_known("sort_order")?;
        }
        match (self.created_after, self.created_before) {
            (Some(after), Some(before)) if after >= before => Err(DiscogsError::invalid(
                "created_after",
                "must be earlier than created_before",
            )),
            _ => Ok(()),
        }
    }

    fn list_request(&self) -> Result<Request, DiscogsError> {
        Ok(Request::get(Route::new("/marketplace/orders").finish()?)
            .query_opt("status", self.status.as_ref())
            .query_opt("created_after", self.created_after.map(utc_seconds))
            .query_opt("created_before", self.created_before.map(utc_seconds))
            .query_opt("archived", self.archived)
            .query_opt("sort", self.sort.as_ref())
            .query_opt("sort_order", self.sort_order.as_ref()))
    }
}

discogs_list!(OrdersRequest => Order, request: list_request, check: check_filters);

/// In UTC without fractions of a second, as Discogs' examples write it
/// (`2019-06-24T20:58:58Z`).
fn utc_seconds(moment: OffsetDateTime) -> OffsetDateTime {
    let utc = moment.to_offset(time::UtcOffset::UTC);
    utc.replace_nanosecond(0).unwrap_or(utc)
}
