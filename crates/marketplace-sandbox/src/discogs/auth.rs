//! Who is calling: Discogs' personal-token, key/secret and OAuth 1.0a credentials, in a header or
//! in the query.

use std::collections::BTreeMap;

use wiremock::Request;

use super::{Caller, Config};
use crate::support::http::{query_value, request_header};

/// Reads the credentials. `Err` means credentials were sent but are not valid.
pub(super) fn identify(config: &Config, request: &Request) -> Result<Caller, ()> {
    if let Some(authorization) = request_header(request, "authorization") {
        let authorization = authorization.trim();
        if let Some(parameters) = strip_scheme(authorization, "Discogs") {
            let parameters = auth_parameters(parameters);
            if let Some(token) = parameters.get("token") {
                return user_by_token(config, token);
            }
            return match (parameters.get("key"), parameters.get("secret")) {
                (Some(key), Some(secret)) => application(config, key, secret),
                _ => Err(()),
            };
        }
        if let Some(parameters) = strip_scheme(authorization, "OAuth") {
            // Signatures are not checked: the right consumer key is enough.
            let parameters = auth_parameters(parameters);
            if parameters.get("oauth_consumer_key").map(String::as_str)
                != Some(config.consumer_key.as_str())
            {
                return Err(());
            }
            return parameters
                .get("oauth_token")
                .and_then(|token| config.account_by_token(token))
                .or_else(|| config.seller())
                .map(|account| Caller::User(account.username.clone()))
                .ok_or(());
        }
        return Err(());
    }
    if let Some(token) = query_value(request, "token") {
        return user_by_token(config, &token);
    }
    match (query_value(request, "key"), query_value(request, "secret")) {
        (Some(key), Some(secret)) => application(config, &key, &secret),
        (Some(_), _) | (_, Some(_)) => Err(()),
        _ => Ok(Caller::Anonymous),
    }
}

fn user_by_token(config: &Config, token: &str) -> Result<Caller, ()> {
    config
        .account_by_token(token)
        .map(|account| Caller::User(account.username.clone()))
        .ok_or(())
}

fn application(config: &Config, key: &str, secret: &str) -> Result<Caller, ()> {
    if key == config.consumer_key && secret == config.consumer_secret {
        Ok(Caller::Application)
    } else {
        Err(())
    }
}

fn strip_scheme<'a>(header: &'a str, scheme: &str) -> Option<&'a str> {
    let (first, rest) = header.split_once(char::is_whitespace)?;
    first.eq_ignore_ascii_case(scheme).then_some(rest)
}

/// `token=abc` or `key=a, secret=b` or OAuth's `name="value", …`.
fn auth_parameters(text: &str) -> BTreeMap<String, String> {
    text.split(',')
        .filter_map(|pair| pair.trim().split_once('='))
        .map(|(key, value)| {
            let value = value.trim().trim_matches('"');
            let value = percent_encoding::percent_decode_str(value)
                .decode_utf8_lossy()
                .into_owned();
            (key.trim().to_string(), value)
        })
        .collect()
}
