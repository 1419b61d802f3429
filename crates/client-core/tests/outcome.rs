//! [`ClientError::outcome`]: which failures prove that the server did nothing, and which leave
//! it unknown.
#![allow(clippy::panic)]

use std::time::Duration;

use client_core::{
    ApiError, ClientError, Error, ErrorView, Method, Outcome, RequestSummary, StatusCode,
    TransportKind, UnexpectedContent,
};

fn summary() -> RequestSummary {
    RequestSummary {
        method: Method::POST,
        route: "/things",
        path: "/things".into(),
    }
}

fn api(status: u16, retry_after: Option<Duration>) -> Error {
    Error::Api(Box::new(ApiError {
        request: summary(),
        status: StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
        code: None,
        message: None,
        body: String::new(),
        retry_after,
        after_unanswered_attempt: false,
    }))
}

fn transport(kind: TransportKind) -> Error {
    Error::Transport {
        request: summary(),
        kind,
        source: None,
    }
}

#[test]
fn only_failures_that_prove_nothing_was_done_are_not_applied() {
    let not_applied = [
        Error::invalid_input("sku", "empty"),
        Error::config("user_agent", "empty"),
        transport(TransportKind::Connect),
        Error::Deadline {
            request: summary(),
            deadline: Duration::from_secs(3),
            attempts: 0,
        },
        api(400, None),
        api(404, None),
        api(409, None),
        api(422, None),
        api(429, Some(Duration::from_secs(1))),
        api(503, None),
    ];
    for error in &not_applied {
        assert_eq!(error.outcome(), Outcome::NotApplied, "{error:?}");
    }
    let unknown = [
        transport(TransportKind::Timeout),
        transport(TransportKind::Interrupted),
        transport(TransportKind::Body),
        transport(TransportKind::Other),
        Error::Deadline {
            request: summary(),
            deadline: Duration::from_secs(3),
            attempts: 1,
        },
        Error::Decode {
            request: summary(),
            status: StatusCode::OK,
            reason: "expected an object".into(),
            body: String::new(),
        },
        Error::UnexpectedContentType(Box::new(UnexpectedContent {
            request: summary(),
            status: StatusCode::CREATED,
            expected: "json".into(),
            got: "text/html".into(),
            body: String::new(),
        })),
        Error::BodyTooLarge {
            request: summary(),
            limit: 10,
            declared: None,
        },
        Error::Redirect {
            request: summary(),
            status: StatusCode::SEE_OTHER,
            location: None,
        },
        api(500, None),
        api(502, None),
        api(504, None),
    ];
    for error in &unknown {
        assert_eq!(error.outcome(), Outcome::Unknown, "{error:?}");
    }
}

#[test]
fn a_refusal_after_an_unanswered_attempt_is_unknown() {
    let Error::Api(mut answer) = api(429, None) else {
        panic!("api() builds an API error");
    };
    answer.after_unanswered_attempt = true;
    let error = Error::Api(answer);
    assert_eq!(error.outcome(), Outcome::Unknown);
    assert_eq!(ErrorView::Other.outcome(), Outcome::Unknown);
}
