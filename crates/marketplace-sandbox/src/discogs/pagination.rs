//! Discogs pagination: `page`/`per_page` in, a `pagination` object with `urls` and a `Link`
//! header out.

use serde_json::{Map, Value, json};

use super::Call;
use crate::support::http::{Reply, json, query_number, query_pairs, url_with_query};

const DEFAULT_PER_PAGE: usize = 50;
const MAX_PER_PAGE: usize = 100;

/// One page cut out of a full result list.
struct Page<T> {
    items: Vec<T>,
    pagination: Value,
    /// The `Link` header, when there is more than one page.
    link: Option<String>,
}

/// The page of `items` the request asks for: `{"pagination": …, <key>: [...]}` with each item
/// written by `to_json`, and the `Link` header when there is more than one page.
pub(crate) fn page_reply<T>(
    call: &Call<'_>,
    items: Vec<T>,
    key: &str,
    to_json: impl Fn(&T) -> Value,
) -> Reply {
    let page = paginate(call, items);
    let mut body = Map::new();
    body.insert("pagination".to_string(), page.pagination);
    body.insert(
        key.to_string(),
        page.items.iter().map(to_json).collect::<Vec<_>>().into(),
    );
    let reply = json(200, &Value::Object(body));
    match &page.link {
        Some(link) => reply.with_header("link", link),
        None => reply,
    }
}

/// The page a request asks for: `page`, 1 when absent or unreadable.
pub(crate) fn requested_page(call: &Call<'_>) -> usize {
    query_number(&query_pairs(call.request), "page")
        .flatten()
        .unwrap_or(1)
        .max(1)
}

/// Cuts `items` to the requested page. Out-of-range pages are empty; `per_page` is clamped to
/// 1–100 and unreadable numbers fall back to the defaults.
fn paginate<T>(call: &Call<'_>, items: Vec<T>) -> Page<T> {
    let pairs = query_pairs(call.request);
    let number = |key: &str| query_number(&pairs, key).flatten();
    let per_page = number("per_page")
        .unwrap_or(DEFAULT_PER_PAGE)
        .clamp(1, MAX_PER_PAGE);
    let page = number("page").unwrap_or(1).max(1);
    let total = items.len();
    let pages = total.div_ceil(per_page).max(1);
    let items: Vec<T> = items
        .into_iter()
        .skip((page - 1).saturating_mul(per_page))
        .take(per_page)
        .collect();

    let kept: Vec<(String, String)> = pairs
        .into_iter()
        .filter(|(name, _)| name != "page" && name != "per_page" && name != "token")
        .collect();
    let page_url = |target: usize| {
        let mut query = kept.clone();
        query.push(("per_page".to_string(), per_page.to_string()));
        query.push(("page".to_string(), target.to_string()));
        url_with_query(call.base, call.request.url.path(), &query)
    };
    let mut urls = serde_json::Map::new();
    let mut links = Vec::new();
    if page > 1 {
        let previous = page.min(pages + 1) - 1;
        urls.insert("first".to_string(), Value::String(page_url(1)));
        urls.insert("prev".to_string(), Value::String(page_url(previous)));
        links.push(format!("<{}>; rel=\"first\"", page_url(1)));
        links.push(format!("<{}>; rel=\"prev\"", page_url(previous)));
    }
    if page < pages {
        urls.insert("last".to_string(), Value::String(page_url(pages)));
        urls.insert("next".to_string(), Value::String(page_url(page + 1)));
        links.push(format!("<{}>; rel=\"last\"", page_url(pages)));
        links.push(format!("<{}>; rel=\"next\"", page_url(page + 1)));
    }
    Page {
        items,
        pagination: json!({
            "per_page": per_page,
            "items": total,
            "page": page,
            "urls": urls,
            "pages": pages,
        }),
        link: (!links.is_empty()).then(|| links.join(", ")),
    }
}
