//! Desired-state files: errors name the file, the line and the field.

use inventory_model::{Country, Quantity};
use inventory_sync::DesiredState;

use crate::fake::{sku, usd};

fn csv_error(text: &str) -> String {
    DesiredState::from_csv(text.as_bytes(), "stock.csv")
        .unwrap_err()
        .to_string()
}

fn json_error(text: &str) -> String {
    DesiredState::from_json(text, "stock.json")
        .unwrap_err()
        .to_string()
}

#[test]
fn csv_reads_every_column() {
    let text = "# the seller's stock\n\
                sku, warehouse, quantity, price, currency, channels\n\
                LP-1,,3,21.50,USD,\n\
                LP-1,,0,,,newegg | discogs\n\
                A006,USA,80,,,newegg\n";
    let desired = DesiredState::from_csv(text.as_bytes(), "stock.csv").unwrap();
    assert_eq!(desired.len(), 3);
    let first = &desired.items()[0];
    assert_eq!(
        (first.quantity, first.price),
        (Some(Quantity::new(3)), Some(usd(2_150)))
    );
    assert_eq!(first.source.as_ref().unwrap().to_string(), "stock.csv:3");
    assert_eq!(desired.items()[1].channels, ["discogs", "newegg"]);
    assert_eq!(desired.items()[2].warehouse, Some(Country::USA));
    let on_newegg = desired.targets_for("newegg");
    assert_eq!(on_newegg[&sku("LP-1")].quantity(None), Some(Quantity::ZERO));
    assert_eq!(on_newegg[&sku("LP-1")].price(), Some(usd(2_150)));
    // The JSON it writes reads back the same.
    let again = DesiredState::from_json(&desired.to_json(), "again.json").unwrap();
    assert_eq!(again.items().len(), 3);
    assert_eq!(again.items()[2].warehouse, Some(Country::USA));
    assert_eq!(again.targets_for("newegg"), on_newegg);
}

#[test]
fn csv_errors_name_file_line_and_column() {
    let header = "sku,warehouse,quantity,price,currency,channels\n";
    let cases = [
        (
            "LP-1,,-1,,,\n",
            "stock.csv:2: quantity: `-1` is not a whole number from 0 to 4294967295",
        ),
        (
            "LP-1,,1,12,50,USD,\n",
            "stock.csv:2: the row has 7 fields, the header 6",
        ),
        (
            "LP-1,,,1e3,USD,\n",
            "stock.csv:2: price: `1e3` is not a decimal number such as 21.50",
        ),
        (
            "LP-1,,,12.50,,\n",
            "stock.csv:2: currency: a price needs its currency",
        ),
        (
            "LP-1,,,12.50,DOLLARS,\n",
            "stock.csv:2: currency: `DOLLARS` is not",
        ),
        ("LP-1,XXA,1,,,\n", "stock.csv:2: warehouse: `XXA` is not"),
        (" ,,1,,,\n", "stock.csv:2: sku: must not be empty"),
        (
            "LP-1,,,,,\n",
            "stock.csv:2: quantity: an item needs a quantity, a price or both",
        ),
        (
            "LP-1,,1,,,\nLP-2,,1,,,\nLP-1,,2,,,\n",
            "stock.csv:4: sku: `LP-1` is already given a quantity for every channel at stock.csv:2",
        ),
        (
            "LP-1,,,-2.00,USD,\n",
            "stock.csv:2: price: -$2.00 is negative",
        ),
    ];
    for (rows, expected) in cases {
        let error = csv_error(&format!("{header}{rows}"));
        assert!(error.starts_with(expected), "{rows:?}: {error}");
    }
    assert_eq!(
        csv_error("sku,qty\nLP-1,1\n"),
        "stock.csv:1: qty: unknown column; the columns are sku, warehouse, quantity, price, currency, channels"
    );
    assert_eq!(
        csv_error("quantity\n1\n"),
        "stock.csv:1: the header has no `sku` column"
    );
    assert_eq!(
        csv_error("sku,sku\nA,B\n"),
        "stock.csv:1: sku: the column is named twice"
    );
}

#[test]
fn json_errors_name_file_line_and_field() {
    let text = r#"[
  {"sku": "LP-1", "quantity": 3, "price": "21.50", "currency": "USD"},
  {"sku": "LP-2",
   "quantity": 2,
   "price": "12,50", "currency": "USD"}
]"#;
    let error = DesiredState::from_json(text, "stock.json").unwrap_err();
    assert_eq!(
        (error.line, error.field.as_deref()),
        (Some(5), Some("price"))
    );
    assert!(
        error.to_string().starts_with("stock.json:5: price: "),
        "{error}"
    );

    let cases = [
        (
            r#"[{"sku": "A", "quantity": 1, "colour": "red"}]"#,
            "stock.json:1: colour: unknown field `colour`",
        ),
        (
            "[\n{\"sku\": \"A\", \"quantity\": 1.5}]",
            "stock.json:2: quantity: ",
        ),
        (
            "[\n\n{\"sku\": \"A\", \"price\": 1}]",
            "stock.json:3: currency: a price needs its currency",
        ),
        (
            r#"{"sku": "A"}"#,
            "stock.json:1: invalid type: map, expected a sequence",
        ),
        (
            "[\n{\"sku\": \"A\", \"quantity\": 1},\n{\"sku\": \"A\", \"quantity\": 2}\n]",
            "stock.json:3: sku: `A` is already given a quantity for every channel at stock.json:2",
        ),
        ("[{\"sku\": \"A\",", "stock.json:1: EOF while parsing"),
    ];
    for (text, expected) in cases {
        let error = json_error(text);
        assert!(error.starts_with(expected), "{text:?}: {error}");
    }
}

#[test]
fn files_are_read_by_extension() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("stock.csv");
    std::fs::write(&csv, "sku,quantity\nLP-1,1\nLP-2,x\n").unwrap();
    let error = DesiredState::from_path(&csv).unwrap_err();
    assert_eq!(
        error.file.as_deref(),
        Some(csv.display().to_string().as_str())
    );
    assert_eq!(
        (error.line, error.field.as_deref()),
        (Some(3), Some("quantity"))
    );
    let json = dir.path().join("stock.json");
    std::fs::write(&json, r#"[{"sku": "LP-1", "quantity": 1}]"#).unwrap();
    assert_eq!(DesiredState::from_path(&json).unwrap().len(), 1);
    let text = dir.path().join("stock.txt");
    assert!(
        DesiredState::from_path(&text)
            .unwrap_err()
            .to_string()
            .contains("neither a .csv nor a .json")
    );
    let absent = dir.path().join("absent.csv");
    assert!(
        DesiredState::from_path(&absent)
            .unwrap_err()
            .to_string()
            .contains("cannot be read")
    );
}
