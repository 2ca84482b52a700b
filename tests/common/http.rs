//! A small HTTP/1.1 server on 127.0.0.1 for the online tests: each path
//! serves a configurable answer or fault (status, body, headers, a delay,
//! a dropped connection), or a handler over the request body (OCSP, TSA).
//! Every request is recorded. Standard library only; one thread per
//! connection; `Connection: close` on every answer.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// A request as the server saw it.
#[derive(Debug, Clone)]
pub struct Seen {
    pub method: String,
    pub path: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Seen {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

pub type Handler = Arc<dyn Fn(&Seen) -> Reply + Send + Sync>;

/// What a path answers.
#[derive(Clone)]
pub enum Route {
    Reply(Reply),
    Handler(Handler),
    /// Close the connection without answering.
    Drop,
}

#[derive(Clone, Debug)]
pub struct Reply {
    pub status: u16,
    pub body: Vec<u8>,
    pub headers: Vec<(String, String)>,
    pub delay: Duration,
    /// Answer 304 when the request's If-None-Match is this ETag.
    pub etag: Option<String>,
}

impl Reply {
    pub fn ok(body: Vec<u8>) -> Reply {
        Reply {
            status: 200,
            body,
            headers: Vec::new(),
            delay: Duration::ZERO,
            etag: None,
        }
    }
    pub fn status(status: u16, body: &[u8]) -> Reply {
        Reply {
            status,
            ..Reply::ok(body.to_vec())
        }
    }
    pub fn with_etag(mut self, etag: &str) -> Reply {
        self.etag = Some(etag.to_owned());
        self
    }
    pub fn delayed(mut self, d: Duration) -> Reply {
        self.delay = d;
        self
    }
}

pub struct TestServer {
    pub port: u16,
    routes: Arc<Mutex<HashMap<String, Route>>>,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl TestServer {
    pub fn start() -> TestServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let port = listener.local_addr().expect("addr").port();
        let routes: Arc<Mutex<HashMap<String, Route>>> = Arc::default();
        let seen: Arc<Mutex<Vec<Seen>>> = Arc::default();
        let (r, s) = (Arc::clone(&routes), Arc::clone(&seen));
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (r, s) = (Arc::clone(&r), Arc::clone(&s));
                std::thread::spawn(move || serve(stream, &r, &s));
            }
        });
        TestServer { port, routes, seen }
    }

    /// `http://127.0.0.1:PORT`
    pub fn base(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base())
    }

    pub fn set(&self, path: &str, route: Route) {
        self.routes
            .lock()
            .expect("lock")
            .insert(path.to_owned(), route);
    }

    pub fn reply(&self, path: &str, reply: Reply) {
        self.set(path, Route::Reply(reply));
    }

    pub fn handler(&self, path: &str, f: impl Fn(&Seen) -> Reply + Send + Sync + 'static) {
        self.set(path, Route::Handler(Arc::new(f)));
    }

    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().expect("lock").clone()
    }

    pub fn hits(&self, path: &str) -> usize {
        self.seen().iter().filter(|s| s.path == path).count()
    }
}

fn serve(mut stream: TcpStream, routes: &Mutex<HashMap<String, Route>>, seen: &Mutex<Vec<Seen>>) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i;
        }
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => return,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).to_string();
    let mut lines = head.split("\r\n");
    let first = lines.next().unwrap_or_default().to_owned();
    let mut parts = first.split(' ');
    let method = parts.next().unwrap_or_default().to_owned();
    let target = parts.next().unwrap_or_default().to_owned();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
        .collect();
    let len: usize = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = buf[head_end + 4..].to_vec();
    while body.len() < len {
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => break,
            Ok(n) => body.extend_from_slice(&chunk[..n]),
        }
    }
    // A path with a suffix (OCSP GET: /ocsp/BASE64) matches its prefix route.
    let request = Seen {
        method,
        path: target.clone(),
        headers,
        body,
    };
    seen.lock().expect("lock").push(request.clone());
    let route = {
        let r = routes.lock().expect("lock");
        r.get(&target).cloned().or_else(|| {
            r.iter()
                .filter(|(p, _)| target.starts_with(&format!("{p}/")))
                .map(|(_, v)| v.clone())
                .next()
        })
    };
    let reply = match route {
        None => Reply::status(404, b"not found"),
        Some(Route::Drop) => return,
        Some(Route::Reply(r)) => r,
        Some(Route::Handler(h)) => h(&request),
    };
    if !reply.delay.is_zero() {
        std::thread::sleep(reply.delay);
    }
    let not_modified =
        reply.etag.is_some() && request.header("if-none-match") == reply.etag.as_deref();
    let (status, body): (u16, &[u8]) = if not_modified {
        (304, b"")
    } else {
        (reply.status, &reply.body)
    };
    let mut out = format!(
        "HTTP/1.1 {status} X\r\nContent-Length: {}\r\nConnection: close\r\n",
        body.len()
    );
    if let Some(e) = &reply.etag {
        out.push_str(&format!("ETag: {e}\r\n"));
    }
    for (k, v) in &reply.headers {
        out.push_str(&format!("{k}: {v}\r\n"));
    }
    out.push_str("\r\n");
    let _ = stream.write_all(out.as_bytes());
    let _ = stream.write_all(body);
    let _ = stream.flush();
}
