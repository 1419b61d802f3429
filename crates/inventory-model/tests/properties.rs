//! Property tests: every type survives serde and `Display`/`FromStr`, rounding keeps the
//! currency, and grades are totally ordered.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests state their assumptions by unwrapping

use std::cmp::Ordering;

use inventory_model::{
    Country, Currency, Decimal, Grade, InventoryUpdate, ItemCondition, ItemOutcome, ListingState,
    Money, PriceUpdate, PushReport, Quantity, RoundingMode, Sku, SleeveGrade, StockKind,
    StockUpdate, UpdateKind,
};
use proptest::prelude::*;
use proptest::sample::select;
use serde::{Deserialize, Serialize};

fn decimal() -> impl Strategy<Value = Decimal> {
    prop_oneof![
        (any::<i64>(), 0u32..=28).prop_map(|(mantissa, scale)| Decimal::new(mantissa, scale)),
        // The full 96-bit mantissa range.
        (-(1i128 << 96) + 1..(1i128 << 96), 0u32..=28).prop_map(|(mantissa, scale)| {
            Decimal::try_from_i128_with_scale(mantissa, scale).unwrap()
        }),
        // Everyday prices.
        (0i64..10_000_000, 0u32..=4).prop_map(|(mantissa, scale)| Decimal::new(mantissa, scale)),
    ]
}

fn currency() -> impl Strategy<Value = Currency> {
    prop_oneof![
        select(Currency::KNOWN),
        "[A-Za-z]{3}".prop_map(|code| code.parse::<Currency>().unwrap()),
    ]
}

fn money() -> impl Strategy<Value = Money> {
    (decimal(), currency()).prop_map(|(amount, currency)| Money::new(amount, currency))
}

fn rounding_mode() -> impl Strategy<Value = RoundingMode> {
    select(vec![
        RoundingMode::HalfEven,
        RoundingMode::HalfUp,
        RoundingMode::HalfDown,
        RoundingMode::Down,
        RoundingMode::Up,
        RoundingMode::Floor,
        RoundingMode::Ceiling,
    ])
}

fn sku() -> impl Strategy<Value = Sku> {
    prop_oneof!["[A-Za-z0-9][A-Za-z0-9 ._/-]{0,40}", "\\PC{1,100}",]
        .prop_filter_map("not a valid SKU", |text| Sku::new(text).ok())
}

fn country() -> impl Strategy<Value = Country> {
    select(Country::all().collect::<Vec<_>>())
}

fn grade() -> impl Strategy<Value = Grade> {
    select(Grade::ALL.to_vec())
}

fn sleeve_grade() -> impl Strategy<Value = SleeveGrade> {
    prop_oneof![
        grade().prop_map(SleeveGrade::Graded),
        Just(SleeveGrade::Generic),
        Just(SleeveGrade::NotGraded),
        Just(SleeveGrade::NoCover),
    ]
}

fn stock_update() -> impl Strategy<Value = StockUpdate> {
    (
        sku(),
        any::<u32>(),
        proptest::option::of(country()),
        select(StockKind::ALL),
    )
        .prop_map(|(sku, quantity, warehouse, kind)| {
            let update = StockUpdate::new(sku, Quantity::new(quantity)).with_kind(kind);
            match warehouse {
                Some(country) => update.in_warehouse(country),
                None => update,
            }
        })
}

fn inventory_update() -> impl Strategy<Value = InventoryUpdate> {
    prop_oneof![
        stock_update().prop_map(InventoryUpdate::from),
        (sku(), money()).prop_map(|(sku, price)| PriceUpdate::new(sku, price).into()),
    ]
}

fn item_outcome() -> impl Strategy<Value = ItemOutcome> {
    (
        inventory_update(),
        proptest::option::of(("\\PC{0,30}", proptest::option::of("[A-Z0-9]{1,6}"))),
    )
        .prop_map(|(update, rejection)| match rejection {
            None => ItemOutcome::accepted(&update),
            Some((reason, code)) => ItemOutcome::rejected(&update, reason, code),
        })
}

/// Serializes to JSON and back, expecting the same value.
fn serde_round_trip<T>(value: &T) -> Result<(), TestCaseError>
where
    T: Serialize + for<'de> Deserialize<'de> + PartialEq + std::fmt::Debug,
{
    let json = serde_json::to_string(value).map_err(|e| TestCaseError::fail(e.to_string()))?;
    let back: T =
        serde_json::from_str(&json).map_err(|e| TestCaseError::fail(format!("{e}: {json}")))?;
    prop_assert_eq!(&back, value, "{}", json);
    Ok(())
}

/// Displays and parses back, expecting the same value.
fn text_round_trip<T>(value: &T) -> Result<(), TestCaseError>
where
    T: std::fmt::Display + std::str::FromStr + PartialEq + std::fmt::Debug,
    T::Err: std::fmt::Display,
{
    let text = value.to_string();
    let back: T = text
        .parse()
        .map_err(|e: T::Err| TestCaseError::fail(format!("{e}: {text:?}")))?;
    prop_assert_eq!(&back, value, "{:?}", text);
    Ok(())
}

proptest! {
    #[test]
    fn currency_round_trips(currency in currency()) {
        serde_round_trip(&currency)?;
        text_round_trip(&currency)?;
        prop_assert_eq!(currency.to_string().to_lowercase().parse::<Currency>().unwrap(), currency);
    }

    #[test]
    fn money_round_trips_and_keeps_every_digit(money in money()) {
        serde_round_trip(&money)?;
        text_round_trip(&money)?;
        let json = serde_json::to_value(money).unwrap();
        let written = money.amount().to_string();
        prop_assert_eq!(json["amount"].as_str(), Some(written.as_str()));
    }

    #[test]
    fn rounding_keeps_the_currency_and_lands_on_minor_units(money in money(), mode in rounding_mode()) {
        let rounded = money.round_to_minor_units(mode);
        prop_assert_eq!(rounded.currency(), money.currency());
        let places = money.currency().minor_units();
        // Exactly on a minor unit, within one minor unit of the original.
        prop_assert_eq!(rounded.amount().round_dp(places), rounded.amount());
        let unit = Decimal::new(1, places);
        if let Some(distance) = rounded.amount().checked_sub(money.amount()) {
            prop_assert!(distance.abs() < unit, "{} -> {}", money.amount(), rounded.amount());
        }
        prop_assert_eq!(rounded.round_to_minor_units(mode), rounded);
    }

    #[test]
    fn arithmetic_needs_equal_currencies(a in money(), b in money()) {
        let sum = a.checked_add(b);
        if a.currency() == b.currency() {
            if let Ok(sum) = sum {
                prop_assert_eq!(sum.currency(), a.currency());
                prop_assert_eq!(Ok(sum), b.checked_add(a));
            }
        } else {
            prop_assert!(sum.is_err());
            prop_assert!(a.checked_sub(b).is_err());
        }
    }

    #[test]
    fn exact_decimal_helper_round_trips(value in decimal(), optional in proptest::option::of(decimal())) {
        #[derive(Debug, PartialEq, Serialize, Deserialize)]
        struct Wire {
            #[serde(with = "inventory_model::serde_decimal::exact")]
            value: Decimal,
            #[serde(with = "inventory_model::serde_decimal::exact_option")]
            optional: Option<Decimal>,
        }
        let wire = Wire { value, optional };
        let json = serde_json::to_string(&wire).unwrap();
        let back: Wire = serde_json::from_str(&json).unwrap();
        // Same value and same written digits (scale included).
        prop_assert_eq!(back.value.to_string(), value.to_string());
        prop_assert_eq!(back.optional.map(|d| d.to_string()), optional.map(|d| d.to_string()));
        let written: serde_json::Value = serde_json::from_str(&json).unwrap();
        let number = written["value"].as_number().unwrap().as_str();
        prop_assert!(!number.contains(['e', 'E']), "{}", json);
    }

    #[test]
    fn sku_rules_hold_for_any_text(text in "\\PC{0,120}|[ \\t\\n\\x00A-Z]{0,8}") {
        let trimmed = text.trim();
        let valid = !trimmed.is_empty()
            && trimmed.chars().count() <= Sku::MAX_CHARS
            && !trimmed.chars().any(char::is_control);
        prop_assert_eq!(Sku::new(&text).is_ok(), valid);
    }

    #[test]
    fn sku_round_trips(sku in sku()) {
        serde_round_trip(&sku)?;
        text_round_trip(&sku)?;
    }

    #[test]
    fn quantity_round_trips(count in any::<u32>()) {
        let quantity = Quantity::new(count);
        serde_round_trip(&quantity)?;
        text_round_trip(&quantity)?;
    }

    #[test]
    fn negative_quantities_are_refused(count in i64::MIN..0) {
        prop_assert!(Quantity::try_from(count).is_err());
        prop_assert!(serde_json::from_str::<Quantity>(&count.to_string()).is_err());
        prop_assert!(count.to_string().parse::<Quantity>().is_err());
    }

    #[test]
    fn country_round_trips(country in country()) {
        serde_round_trip(&country)?;
        text_round_trip(&country)?;
        prop_assert_eq!(country.as_str().to_lowercase().parse::<Country>().unwrap(), country);
    }

    #[test]
    fn grade_round_trips(grade in grade()) {
        serde_round_trip(&grade)?;
        text_round_trip(&grade)?;
        prop_assert_eq!(grade.abbreviation().parse::<Grade>().unwrap(), grade);
    }

    #[test]
    fn grade_order_is_total_and_follows_the_scale(a in grade(), b in grade(), c in grade()) {
        let index = |g: Grade| Grade::ALL.iter().position(|x| *x == g).unwrap();
        // Better grades come first in ALL and compare greater.
        prop_assert_eq!(a.cmp(&b), index(b).cmp(&index(a)));
        prop_assert_eq!(a.cmp(&b), a.rank().cmp(&b.rank()));
        prop_assert_eq!(a.cmp(&b), b.cmp(&a).reverse());
        prop_assert_eq!(a.cmp(&b) == Ordering::Equal, a == b);
        prop_assert_eq!(a.partial_cmp(&b), Some(a.cmp(&b)));
        if a <= b && b <= c {
            prop_assert!(a <= c);
        }
    }

    #[test]
    fn sleeve_grade_round_trips(sleeve in sleeve_grade()) {
        serde_round_trip(&sleeve)?;
        text_round_trip(&sleeve)?;
    }

    #[test]
    fn labelled_enums_round_trip(
        condition in select(ItemCondition::ALL),
        state in select(ListingState::ALL),
        kind in select(StockKind::ALL),
        update_kind in select(UpdateKind::ALL),
    ) {
        serde_round_trip(&condition)?;
        text_round_trip(&condition)?;
        prop_assert_eq!(condition.as_str().parse::<ItemCondition>().unwrap(), condition);
        serde_round_trip(&state)?;
        text_round_trip(&state)?;
        prop_assert_eq!(state.as_str().parse::<ListingState>().unwrap(), state);
        serde_round_trip(&kind)?;
        text_round_trip(&kind)?;
        serde_round_trip(&update_kind)?;
        text_round_trip(&update_kind)?;
    }

    #[test]
    fn grade_to_condition_and_back_never_improves(grade in grade()) {
        if let Ok(condition) = ItemCondition::try_from(grade) {
            prop_assert!(Grade::try_from(condition).unwrap() <= grade);
        }
    }

    #[test]
    fn rounding_mode_round_trips(mode in rounding_mode()) {
        serde_round_trip(&mode)?;
    }

    #[test]
    fn updates_round_trip(update in inventory_update()) {
        serde_round_trip(&update)?;
        match &update {
            InventoryUpdate::Stock(stock) => serde_round_trip(stock)?,
            InventoryUpdate::Price(price) => serde_round_trip(price)?,
            _ => {}
        }
    }

    #[test]
    fn push_reports_round_trip(outcomes in proptest::collection::vec(item_outcome(), 0..8)) {
        let report = PushReport::new(outcomes);
        serde_round_trip(&report)?;
        prop_assert_eq!(report.accepted_count() + report.rejected_count(), report.len());
    }
}
