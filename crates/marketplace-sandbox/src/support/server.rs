//! Starting a fake: a wiremock server with one catch-all mock whose responder runs the shared
//! stages (request log, injected failures, random faults, delay, cut bodies) around the
//! vendor's own routing.

use std::sync::Arc;

use http::{Method, StatusCode};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

use super::faults::FaultSwitches;
use super::front_door::{self, CUT_MARKER};
use super::http::{Reply, empty};
use super::random_faults::RandomFault;
use super::request_log::RequestLog;
use super::store::Store;
use crate::SandboxError;

/// What each fake implements for the shared handle ([`crate::Sandbox`]): its settings and how
/// they become a fake, its state, its routes, and the body it sends for an injected failure.
///
/// Nominally public only so that the public [`crate::Fake`] can name it as its supertrait; it is
/// not reachable from outside the crate, which seals `Fake`.
pub trait Service: Send + Sync + Sized + 'static {
    /// What the fake's builder ([`crate::SandboxBuilder`]) collects before the fake starts.
    type Settings: Default + Clone + std::fmt::Debug + Send;

    /// Everything the fake holds; [`Store`] keeps it and the copy a reset returns to.
    type State: Clone + Send + 'static;

    /// What the handle's `Debug` calls itself, e.g. `DiscogsSandbox`.
    const NAME: &'static str;

    /// The path the vendor's API lives under on the fake's origin (`""` when it is the root), as
    /// a client's base URL ends with it.
    const BASE_PATH: &'static str = "";

    /// The fake the settings describe, loaded with its demo data first when `demo_data` is set.
    fn build(settings: Self::Settings, demo_data: bool) -> Self;

    /// The fake's state and rate windows.
    fn store(&self) -> &Store<Self::State>;

    /// Answers a request. `origin` is `http://127.0.0.1:<port>`, without a trailing slash.
    fn handle(&self, request: &Request, origin: &str) -> Reply;

    /// The vendor-shaped answer to a failure injected through [`FaultSwitches`].
    fn injected_failure(&self, request: &Request, status: StatusCode) -> Reply;
}

struct Responder<S> {
    service: Arc<S>,
    faults: FaultSwitches,
    log: RequestLog,
    origin: String,
}

impl<S: Service> Respond for Responder<S> {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let mut random = None;
        let mut reply = if request.method == Method::HEAD {
            // A HEAD answer carries a Content-Length but no body; the fakes serve no HEAD routes.
            empty(405)
        } else if let Some(failure) = self.faults.take_failure() {
            self.refusal(request, failure.status, failure.retry_after)
        } else {
            random = self.faults.draw_random();
            match random {
                // Failures answer before the fake's state is touched, as a proxy or a rate
                // limiter in front of the service would.
                Some(RandomFault::ServerError(status)) => self.refusal(request, status, None),
                Some(RandomFault::RateLimited(wait)) => {
                    self.refusal(request, StatusCode::TOO_MANY_REQUESTS, Some(wait))
                }
                _ => self.service.handle(request, &self.origin),
            }
        };
        self.log.record(request, reply.status);
        // A random delay holds back this answer only; the switch's delay holds back every one.
        let delay = match random {
            Some(RandomFault::Delayed(delay)) => {
                self.faults.count_delay();
                Some(delay)
            }
            _ => self.faults.delay(),
        };
        if let Some(delay) = delay {
            let template = std::mem::replace(&mut *reply.template, ResponseTemplate::new(200u16));
            *reply.template = template.set_delay(delay);
        }
        if reply.body_len > 0 {
            let cut = if random == Some(RandomFault::Cut) {
                self.faults.count_cut();
                true
            } else {
                self.faults.take_cut()
            };
            if cut {
                reply = reply.with_header(CUT_MARKER, "1");
            }
        }
        *reply.template
    }
}

impl<S: Service> Responder<S> {
    /// The vendor's answer to an injected failure, with `Retry-After` in whole seconds when one
    /// is given.
    fn refusal(
        &self,
        request: &Request,
        status: StatusCode,
        retry_after: Option<std::time::Duration>,
    ) -> Reply {
        let reply = self.service.injected_failure(request, status);
        match retry_after {
            Some(wait) => reply.with_header("retry-after", &wait.as_secs().to_string()),
            None => reply,
        }
    }
}

/// A running fake: the wiremock server, the relay in front of it, and the shared switches.
pub(crate) struct SandboxServer {
    _mock: MockServer,
    relay: tokio::task::JoinHandle<()>,
    origin: String,
    faults: FaultSwitches,
    log: RequestLog,
}

impl std::fmt::Debug for SandboxServer {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("SandboxServer")
            .field("origin", &self.origin)
            .finish_non_exhaustive()
    }
}

impl SandboxServer {
    /// Starts the server in front of `service` on `port` of the loopback interface, or on a
    /// free one when `port` is `None`.
    pub(crate) async fn start<S: Service>(
        service: Arc<S>,
        port: Option<u16>,
    ) -> Result<Self, SandboxError> {
        let mock = MockServer::builder()
            .disable_request_recording()
            .start()
            .await;
        let (address, relay) = front_door::open(*mock.address(), port)
            .await
            .map_err(|source| match port {
                Some(port) => SandboxError::Port { port, source },
                None => SandboxError::Bind(source),
            })?;
        let origin = format!("http://{address}");
        let faults = FaultSwitches::default();
        let log = RequestLog::default();
        Mock::given(wiremock::matchers::any())
            .respond_with(Responder {
                service,
                faults: faults.clone(),
                log: log.clone(),
                origin: origin.clone(),
            })
            .mount(&mock)
            .await;
        Ok(Self {
            _mock: mock,
            relay,
            origin,
            faults,
            log,
        })
    }

    pub(crate) fn origin(&self) -> &str {
        &self.origin
    }

    pub(crate) fn faults(&self) -> &FaultSwitches {
        &self.faults
    }

    pub(crate) fn log(&self) -> &RequestLog {
        &self.log
    }
}

impl Drop for SandboxServer {
    fn drop(&mut self) {
        self.relay.abort();
    }
}
