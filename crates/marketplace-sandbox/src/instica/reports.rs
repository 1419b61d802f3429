//! Analytics, CSV import and export, reference data, audit logs and export jobs.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde_json::{Map, Value, json};

use super::items::{apply_fields, title};
use super::model::{ASSET_TYPES, CARRIERS, ExportJob, INSTICA_CONDITIONS, ITEM_TYPES, STATUSES};
use super::{Call, FieldErrors, State, detail, not_found, paginate};
use crate::support::clock;
use crate::support::http::{
    Reply, json, money_string, or_return, query_value, raw, request_header,
};

/// `GET /api/v1/inventory/analytics/summary/`
pub(crate) fn summary(state: &State) -> Reply {
    let items: Vec<_> = state.items.iter().filter(|item| !item.deleted).collect();
    let count = |status: &str| items.iter().filter(|item| item.status == status).count();
    let sum = |values: Vec<Option<Decimal>>| values.into_iter().flatten().sum::<Decimal>();
    let cost = |item: &&super::InsticaItem| {
        item.price_purchased_item.unwrap_or_default()
            + item.price_for_purchases_shipping.unwrap_or_default()
    };
    let sold: Vec<_> = items.iter().filter(|item| item.status == "sold").collect();
    let sold_revenue = sum(sold.iter().map(|item| item.price_total_usd).collect());
    let sold_cost: Decimal = sold.iter().map(|item| cost(item)).sum();
    let total = items.len();
    let breakdown: Vec<Value> = STATUSES
        .iter()
        .map(|(code, label)| json!({ "status": code, "label": label, "count": count(code) }))
        .filter(|entry| entry.get("count").and_then(Value::as_u64) != Some(0))
        .collect();
    let sell_through = if total == 0 {
        0.0
    } else {
        (sold.len() as f64 / total as f64 * 1000.0).round() / 1000.0
    };
    json(
        200,
        &json!({
            "total_items": total,
            "sellable_items": count("ready-to-sell") + count("listed"),
            "listed_items": count("listed"),
            "sold_items": sold.len(),
            "total_cost_basis": money_string(items.iter().map(cost).sum()),
            "expected_value": money_string(sum(items.iter().map(|item| item.price_expected_usd.or(item.price_total_usd)).collect())),
            "listed_value": money_string(sum(items.iter().filter(|item| item.status == "listed").map(|item| item.price_total_usd).collect())),
            "sold_revenue": money_string(sold_revenue),
            "sold_profit": money_string(sold_revenue - sold_cost),
            "sell_through_rate": sell_through,
            "average_days_to_sell": null,
            "status_breakdown": breakdown,
            "updated_at": clock::rfc3339_z(clock::now_unix()),
        }),
    )
}

/// `GET /api/v1/inventory/analytics/trends/?days=30`: daily series over the range; days with no
/// activity are left out.
pub(crate) fn trends(call: &Call<'_>, state: &State) -> Reply {
    let days = query_value(call.request, "days")
        .or_else(|| query_value(call.request, "range_days"))
        .and_then(|text| text.trim().parse::<i64>().ok())
        .unwrap_or(30)
        .clamp(1, 365);
    let end = clock::now_unix();
    let start = end - days * 86_400;
    let series = |events: Vec<(i64, Option<Decimal>)>| -> Vec<Value> {
        let mut by_day: BTreeMap<String, (u64, Decimal)> = BTreeMap::new();
        for (at, value) in events
            .into_iter()
            .filter(|(at, _)| *at >= start && *at <= end)
        {
            let entry = by_day.entry(clock::date(at)).or_default();
            entry.0 += 1;
            entry.1 += value.unwrap_or_default();
        }
        by_day
            .into_iter()
            .map(|(date, (count, value))| json!({ "date": date, "count": count, "value": money_string(value) }))
            .collect()
    };
    let items: Vec<_> = state.items.iter().filter(|item| !item.deleted).collect();
    json(
        200,
        &json!({
            "range_days": days,
            "range_start": clock::date(start),
            "range_end": clock::date(end),
            "purchases": series(items.iter().map(|item| (item.created, item.price_purchased_item)).collect()),
            "listings": series(items.iter().filter_map(|item| item.listed_at.map(|at| (at, item.price_total_usd))).collect()),
            "sales": series(items.iter().filter(|item| item.status == "sold").map(|item| (item.updated, item.price_total_usd)).collect()),
        }),
    )
}

const CSV_COLUMNS: [&str; 13] = [
    "uid",
    "title",
    "name",
    "product_title",
    "catalog_number",
    "status",
    "condition_item",
    "condition_container",
    "price_total_usd",
    "price_shipping_usd",
    "price_purchased_item",
    "manual_sku",
    "created",
];

/// The columns an import may write: the export's, less the ones the fake derives (`uid`,
/// `title`, `created`) and the catalogue number, which is written to the product.
const WRITABLE_COLUMNS: [&str; 9] = {
    let [
        _uid,
        _title,
        name,
        product,
        _catalog,
        status,
        item,
        container,
        total,
        shipping,
        cost,
        sku,
        _created,
    ] = CSV_COLUMNS;
    [
        name, product, status, item, container, total, shipping, cost, sku,
    ]
};

/// The current inventory as CSV.
pub(crate) fn inventory_csv(state: &State) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let _ = writer.write_record(CSV_COLUMNS);
    let money =
        |value: Option<Decimal>| value.map(|value| format!("{value:.2}")).unwrap_or_default();
    for item in state.items.iter().filter(|item| !item.deleted) {
        let product = item
            .product_uid
            .as_ref()
            .and_then(|uid| state.products.get(uid));
        let _ = writer.write_record([
            item.uid.clone(),
            title(state, item),
            item.name.clone().unwrap_or_default(),
            product
                .map(|product| product.title.clone())
                .unwrap_or_default(),
            product
                .and_then(|product| product.catalog_number.clone())
                .unwrap_or_default(),
            item.status.clone(),
            item.condition_item.clone().unwrap_or_default(),
            item.condition_container.clone().unwrap_or_default(),
            money(item.price_total_usd),
            money(item.price_shipping_usd),
            money(item.price_purchased_item),
            item.manual_sku.clone().unwrap_or_default(),
            clock::rfc3339_z(item.created),
        ]);
    }
    writer
        .into_inner()
        .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
        .unwrap_or_default()
}

/// `GET /api/v1/inventory/export/csv/`
pub(crate) fn export_csv_now(state: &State) -> Reply {
    raw(200, inventory_csv(state), "text/csv").with_header(
        "content-disposition",
        "attachment; filename=\"inventory_export.csv\"",
    )
}

/// `POST /api/v1/inventory/import/csv/` with a multipart `file`. Rows with a `uid` update that
/// item; rows without one create an item (they need a `name` or `product_title`).
pub(crate) fn import_csv(call: &Call<'_>, state: &mut State) -> Reply {
    let parts = or_return!(call.multipart());
    let Some(file) = parts.iter().find(|part| part.name == "file") else {
        let mut errors = FieldErrors::default();
        errors.add("file", "No file was submitted.");
        return errors.into_reply();
    };
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .flexible(true)
        .from_reader(file.data.as_slice());
    let headers: Vec<String> = match reader.headers() {
        Ok(headers) => headers.iter().map(str::to_string).collect(),
        Err(error) => return detail(400, &format!("The CSV file could not be read: {error}.")),
    };
    let (mut created, mut updated) = (0_usize, 0_usize);
    let mut failures = Vec::new();
    for (index, record) in reader.records().enumerate() {
        let row_number = index + 1;
        let record = match record {
            Ok(record) => record,
            Err(error) => {
                failures.push(json!({ "row": row_number, "errors": { "non_field_errors": [error.to_string()] } }));
                continue;
            }
        };
        let cell = |name: &str| {
            headers
                .iter()
                .position(|header| header == name)
                .and_then(|position| record.get(position))
                .filter(|value| !value.is_empty())
        };
        let mut fields = Map::new();
        for column in WRITABLE_COLUMNS {
            if let Some(value) = cell(column) {
                fields.insert(column.to_string(), Value::String(value.to_string()));
            }
        }
        if let Some(catalog) = cell("catalog_number") {
            fields.insert(
                "product_catalog_number".to_string(),
                Value::String(catalog.to_string()),
            );
        }
        let mut errors = FieldErrors::default();
        let now = clock::now_unix();
        match cell("uid") {
            Some(uid) => match state.item(uid).cloned() {
                None => errors.add("uid", "Item not found."),
                Some(mut item) => {
                    fields.remove("product_title");
                    apply_fields(state, &mut item, &fields, &mut errors);
                    if errors.is_empty() {
                        item.updated = now;
                        state.insert_item(item);
                        updated += 1;
                    }
                }
            },
            None => {
                if !fields.contains_key("name") && !fields.contains_key("product_title") {
                    errors.add(
                        "name",
                        "A name or product_title is required to create an item.",
                    );
                } else {
                    let mut item = super::InsticaItem::new(String::new());
                    item.name = None;
                    item.created = now;
                    item.updated = now;
                    apply_fields(state, &mut item, &fields, &mut errors);
                    if errors.is_empty() {
                        state.insert_item(item);
                        created += 1;
                    }
                }
            }
        }
        if !errors.is_empty() {
            failures.push(json!({ "row": row_number, "errors": errors.into_value() }));
        }
    }
    json(
        200,
        &json!({
            "created_count": created,
            "updated_count": updated,
            "failed_count": failures.len(),
            "errors": failures,
        }),
    )
}

/// `GET /api/v1/inventory/types/`, `…/types/search/?q=` and
/// `…/types/platform/{slug}/search/?q=` (`search` is `None`, `Some(None)`, `Some(Some(slug))`).
pub(crate) fn item_types(call: &Call<'_>, search: Option<Option<&str>>) -> Reply {
    let needle = query_value(call.request, "q")
        .unwrap_or_default()
        .to_lowercase();
    let body: Vec<Value> = ITEM_TYPES
        .iter()
        .filter(|(_, name, slug)| {
            search.is_none()
                || name.to_lowercase().contains(&needle)
                || slug.contains(needle.as_str())
        })
        .map(|(uid, name, slug)| match search {
            Some(Some(platform)) => json!({
                "uid": format!("{uid}_{platform}"),
                "name": name,
                "slug": slug,
                "platform": platform,
            }),
            _ => json!({ "uid": uid, "name": name, "slug": slug }),
        })
        .collect();
    json(200, &Value::Array(body))
}

/// `GET /api/v1/inventory/choices/{kind}/`
pub(crate) fn choices(kind: &str) -> Reply {
    let pairs: &[(&str, &str)] = match kind {
        "conditions" => &INSTICA_CONDITIONS,
        "statuses" => &STATUSES,
        "shipment-carriers" => &CARRIERS,
        "asset-types" => &ASSET_TYPES,
        _ => return not_found(),
    };
    let body: Vec<Value> = pairs
        .iter()
        .map(|(value, label)| json!({ "value": value, "label": label }))
        .collect();
    json(200, &Value::Array(body))
}

/// `GET /api/v1/inventory/{uid}/audit-logs/`, oldest first.
pub(crate) fn audit_logs(call: &Call<'_>, state: &State, uid: &str) -> Reply {
    let Some(item) = state.item(uid) else {
        return not_found();
    };
    let item_title = title(state, item);
    let entries: Vec<Value> = state
        .audit
        .iter()
        .filter(|entry| entry.item_uid == uid)
        .map(|entry| {
            json!({
                "uid": entry.uid,
                "action": entry.action,
                "source": "api",
                "actor_uid": "usr_sandbox",
                "organization_uid": "org_sandbox",
                "listing_uid": state.listings.iter()
                    .find(|listing| listing.item_uid == uid && Some(&listing.platform) == entry.platform.as_ref())
                    .map(|listing| listing.uid.clone()),
                "inventory_item_uid": entry.item_uid,
                "inventory_item_title": item_title,
                "platform_slug": entry.platform,
                "status_before": entry.status_before,
                "status_after": entry.status_after,
                "message": entry.message,
                "metadata": entry.metadata,
                "request_id": format!("req_{}", entry.uid.trim_start_matches("log_")),
                "ip_address": "127.0.0.1",
                "user_agent": request_header(call.request, "user-agent").unwrap_or_default(),
                "severity": entry.severity,
                "created": clock::rfc3339_z(entry.created),
            })
        })
        .collect();
    paginate(call, entries, |entry| entry)
}

fn export_json(call: &Call<'_>, job: &ExportJob) -> Value {
    let completed = job.status == "completed";
    json!({
        "uid": job.uid,
        "status": if completed { "completed" } else { "pending" },
        "file_url": if completed { Some(format!("{}/media/exports/{}.csv", call.base, job.uid)) } else { None },
        "created_at": clock::rfc3339_z(job.created),
    })
}

/// `GET /api/v1/exports/`, newest first.
pub(crate) fn list_exports(call: &Call<'_>, state: &State) -> Reply {
    let jobs = state
        .exports
        .iter()
        .rev()
        .map(|job| export_json(call, job))
        .collect();
    paginate(call, jobs, |job| job)
}

/// `POST /api/v1/exports/inventory/csv/`: a job that is `pending` until polled.
pub(crate) fn create_export(call: &Call<'_>, state: &mut State) -> Reply {
    let uid = state.next_uid("exp");
    let job = ExportJob {
        uid,
        status: "pending".to_string(),
        created: clock::now_unix(),
        csv: None,
    };
    let body = export_json(call, &job);
    state.exports.push(job);
    json(201, &body)
}

/// `GET /api/v1/exports/{uid}/`: the first poll starts the job (still `pending`), and it is
/// `completed` from the next request on.
pub(crate) fn show_export(call: &Call<'_>, state: &mut State, uid: &str) -> Reply {
    let csv = inventory_csv(state);
    let Some(job) = state.exports.iter_mut().find(|job| job.uid == uid) else {
        return not_found();
    };
    if job.status == "pending" {
        job.status = "processing".to_string();
        job.csv = Some(csv);
    }
    json(200, &export_json(call, job))
}

/// `GET /media/exports/{uid}.csv`: the finished file.
pub(crate) fn export_file(state: &State, file: &str) -> Reply {
    let uid = file.trim_end_matches(".csv");
    match state
        .exports
        .iter()
        .find(|job| job.uid == uid && job.status == "completed")
        .and_then(|job| job.csv.clone())
    {
        Some(csv) => raw(200, csv, "text/csv"),
        None => not_found(),
    }
}
