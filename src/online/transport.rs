//! How evidence travels: the [`Transport`] trait (one HTTP exchange), so a
//! service can plug its own HTTP stack, and [`HttpTransport`], the default
//! on `ureq` with timeouts, a size cap, retries with backoff and proxies
//! from the environment.

use std::sync::Arc;
use std::time::Duration;

/// One HTTP request: GET when `body` is `None`, else POST with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpRequest {
    /// The address (`http://` or `https://`).
    pub url: String,
    /// The POST body, if any.
    pub body: Option<Vec<u8>>,
    /// Content-Type of the body.
    pub content_type: Option<&'static str>,
    /// Accept header.
    pub accept: Option<&'static str>,
    /// `If-None-Match` (a conditional GET with the cached ETag).
    pub if_none_match: Option<String>,
    /// `If-Modified-Since` (a conditional GET with the cached Last-Modified).
    pub if_modified_since: Option<String>,
}

impl HttpRequest {
    /// A plain GET of `url`.
    pub fn get(url: &str) -> Self {
        HttpRequest {
            url: url.to_owned(),
            body: None,
            content_type: None,
            accept: None,
            if_none_match: None,
            if_modified_since: None,
        }
    }

    /// A POST of `body` as `content_type` to `url`.
    pub fn post(url: &str, content_type: &'static str, body: Vec<u8>) -> Self {
        HttpRequest {
            content_type: Some(content_type),
            body: Some(body),
            ..Self::get(url)
        }
    }
}

/// An HTTP answer, whatever its status.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HttpResponse {
    /// The status code (200, 304, 404 ...).
    pub status: u16,
    /// The body (empty for 304).
    pub body: Vec<u8>,
    /// Content-Type, if sent.
    pub content_type: Option<String>,
    /// ETag, if sent.
    pub etag: Option<String>,
    /// Last-Modified, if sent.
    pub last_modified: Option<String>,
}

/// Why an exchange failed before an HTTP status could be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TransportError {
    /// The connection was refused or could not be made.
    Connect(String),
    /// No answer within the timeout.
    Timeout,
    /// The body is larger than the cap (bytes).
    TooLarge(u64),
    /// The address is not one this transport can reach.
    BadAddress(String),
    /// Anything else (protocol, TLS, I/O), as text.
    Other(String),
}

impl std::fmt::Display for TransportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TransportError::Connect(d) => write!(f, "connection failed: {d}"),
            TransportError::Timeout => write!(f, "timed out"),
            TransportError::TooLarge(n) => write!(f, "response larger than {n} bytes"),
            TransportError::BadAddress(d) => write!(f, "bad address: {d}"),
            TransportError::Other(d) => write!(f, "{d}"),
        }
    }
}

impl std::error::Error for TransportError {}

/// One HTTP exchange. Implement it to send the library's requests through
/// a service's own HTTP stack (its proxies, TLS, metrics); the library
/// retries and judges the answers itself.
pub trait Transport: Send + Sync + std::fmt::Debug {
    /// Sends `request` and returns the answer, whatever its status.
    fn send(&self, request: &HttpRequest) -> Result<HttpResponse, TransportError>;
}

/// Settings of [`HttpTransport`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransportConfig {
    /// Whole-exchange timeout per attempt (default 30 s).
    pub timeout: Duration,
    /// Connect timeout per attempt (default 10 s).
    pub connect_timeout: Duration,
    /// Largest body accepted (default 256 MiB: the national CA's full CRLs
    /// are tens of megabytes).
    pub max_size: u64,
    /// Attempts after the first one, for connection failures, timeouts and
    /// 5xx answers (default 2).
    pub retries: u32,
    /// Wait before the first retry, doubled at each next one (default 500 ms).
    pub backoff: Duration,
    /// Use `HTTP_PROXY` / `HTTPS_PROXY` / `ALL_PROXY` / `NO_PROXY` from the
    /// environment (default true).
    pub proxy_from_env: bool,
    /// The PEM bundle of CA certificates HTTPS servers are checked against
    /// (default: `$SSL_CERT_FILE`, else the system bundle:
    /// `/etc/ssl/certs/ca-certificates.crt`, `/etc/pki/tls/certs/ca-bundle.crt`,
    /// `/etc/ssl/cert.pem`). Without one, HTTPS fails; HTTP (what the
    /// national CA publishes CRLs, OCSP and time-stamps over) works.
    pub ca_file: Option<std::path::PathBuf>,
}

impl Default for TransportConfig {
    fn default() -> Self {
        TransportConfig {
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            max_size: 256 << 20,
            retries: 2,
            backoff: Duration::from_millis(500),
            proxy_from_env: true,
            ca_file: None,
        }
    }
}

/// The default [`Transport`]: a blocking `ureq` agent (HTTP/1.1, TLS on
/// rustls with aws-lc-rs and the webpki roots), with the timeouts, size
/// cap, retries and proxy of its [`TransportConfig`]. Redirects are
/// followed (at most 5).
#[derive(Debug, Clone)]
pub struct HttpTransport {
    agent: ureq::Agent,
    config: TransportConfig,
}

impl Default for HttpTransport {
    fn default() -> Self {
        Self::new(TransportConfig::default())
    }
}

impl HttpTransport {
    /// A transport with `config`.
    pub fn new(config: TransportConfig) -> Self {
        let tls = ureq::tls::TlsConfig::builder()
            .provider(ureq::tls::TlsProvider::Rustls)
            .root_certs(ureq::tls::RootCerts::Specific(Arc::new(roots(
                config.ca_file.as_deref(),
            ))))
            .unversioned_rustls_crypto_provider(Arc::new(
                rustls::crypto::aws_lc_rs::default_provider(),
            ))
            .build();
        let proxy = if config.proxy_from_env {
            ureq::Proxy::try_from_env()
        } else {
            None
        };
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .timeout_global(Some(config.timeout))
            .timeout_connect(Some(config.connect_timeout))
            .http_status_as_error(false)
            .max_redirects(5)
            .proxy(proxy)
            .tls_config(tls)
            .user_agent(concat!("qoltanba/", env!("CARGO_PKG_VERSION")))
            .build()
            .into();
        HttpTransport { agent, config }
    }

    /// The settings in force.
    pub fn config(&self) -> &TransportConfig {
        &self.config
    }

    fn once(&self, request: &HttpRequest) -> Result<HttpResponse, TransportError> {
        let result = match &request.body {
            None => {
                let mut r = self.agent.get(&request.url);
                if let Some(a) = request.accept {
                    r = r.header("Accept", a);
                }
                if let Some(e) = &request.if_none_match {
                    r = r.header("If-None-Match", e);
                }
                if let Some(m) = &request.if_modified_since {
                    r = r.header("If-Modified-Since", m);
                }
                r.call()
            }
            Some(body) => {
                let mut r = self.agent.post(&request.url);
                if let Some(c) = request.content_type {
                    r = r.header("Content-Type", c);
                }
                if let Some(a) = request.accept {
                    r = r.header("Accept", a);
                }
                r.send(&body[..])
            }
        };
        let mut response = result.map_err(|e| self.map_error(e))?;
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        let content_type = header("content-type");
        let etag = header("etag");
        let last_modified = header("last-modified");
        let status = response.status().as_u16();
        let body = response
            .body_mut()
            .with_config()
            .limit(self.config.max_size)
            .read_to_vec()
            .map_err(|e| self.map_error(e))?;
        Ok(HttpResponse {
            status,
            body,
            content_type,
            etag,
            last_modified,
        })
    }

    fn map_error(&self, e: ureq::Error) -> TransportError {
        match e {
            ureq::Error::Timeout(_) => TransportError::Timeout,
            ureq::Error::BodyExceedsLimit(_) => TransportError::TooLarge(self.config.max_size),
            ureq::Error::ConnectionFailed | ureq::Error::HostNotFound => {
                TransportError::Connect(e.to_string())
            }
            ureq::Error::Io(io) => match io.kind() {
                std::io::ErrorKind::ConnectionRefused
                | std::io::ErrorKind::ConnectionReset
                | std::io::ErrorKind::ConnectionAborted
                | std::io::ErrorKind::NotConnected
                | std::io::ErrorKind::AddrNotAvailable => TransportError::Connect(io.to_string()),
                std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock => {
                    TransportError::Timeout
                }
                _ => TransportError::Other(io.to_string()),
            },
            ureq::Error::BadUri(d) => TransportError::BadAddress(d),
            other => TransportError::Other(other.to_string()),
        }
    }
}

/// The CA certificates of the first readable PEM bundle among `ca_file`,
/// `$SSL_CERT_FILE` and the usual system paths (none: an empty list).
fn roots(ca_file: Option<&std::path::Path>) -> Vec<ureq::tls::Certificate<'static>> {
    let mut candidates: Vec<std::path::PathBuf> = Vec::new();
    if let Some(f) = ca_file {
        candidates.push(f.to_path_buf());
    } else {
        if let Some(f) = std::env::var_os("SSL_CERT_FILE") {
            candidates.push(f.into());
        }
        for f in [
            "/etc/ssl/certs/ca-certificates.crt",
            "/etc/pki/tls/certs/ca-bundle.crt",
            "/etc/ssl/cert.pem",
        ] {
            candidates.push(f.into());
        }
    }
    for path in candidates {
        let Ok(pem) = std::fs::read(&path) else {
            continue;
        };
        let certs: Vec<_> = ureq::tls::parse_pem(&pem)
            .filter_map(|item| match item {
                Ok(ureq::tls::PemItem::Certificate(c)) => Some(c),
                _ => None,
            })
            .collect();
        if !certs.is_empty() {
            return certs;
        }
    }
    Vec::new()
}

impl Transport for HttpTransport {
    /// Sends with retries: a connection failure, a timeout or a 5xx answer
    /// is tried again after the backoff (doubling), up to
    /// [`TransportConfig::retries`] more times; the last outcome is returned.
    fn send(&self, request: &HttpRequest) -> Result<HttpResponse, TransportError> {
        let mut wait = self.config.backoff;
        let mut attempt = 0;
        loop {
            let outcome = self.once(request);
            let retry = match &outcome {
                Ok(r) => r.status >= 500,
                Err(TransportError::Connect(_) | TransportError::Timeout) => true,
                Err(_) => false,
            };
            if !retry || attempt >= self.config.retries {
                return outcome;
            }
            attempt += 1;
            std::thread::sleep(wait);
            wait = wait.saturating_mul(2);
        }
    }
}
