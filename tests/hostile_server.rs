//! The generated client against hostile servers: raw loopback TCP servers that write exact bytes
//! (what wiremock, in `client_wire.rs`, cannot: lying `Content-Length`s, endless chunked bodies,
//! bodies that trickle, resets mid-body, garbage status lines, redirects to another host name).
//! Every case ends in a precise `one_cp::Error` variant with the right `status()`, never a panic
//! or a hang, and a POST or PATCH is never sent twice (a GET or PUT whose connection fails before
//! any response is retried).

use std::sync::{Arc, Mutex};
use std::time::Duration;

use one_cp::{types, Client, Error, FilePart};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

mod support;
use support::{assert_no_secret, call, BASIC_B64, ID, SECRET};

// ---------------------------------------------------------------------------------------------
// A scripted raw HTTP/1.1 server
// ---------------------------------------------------------------------------------------------

/// One request as received: the head (request line and headers, verbatim) and the body.
#[derive(Debug, Clone)]
struct Received {
    head: String,
    body: Vec<u8>,
    /// Which connection it came on (0-based, in accept order).
    connection: usize,
}

impl Received {
    fn request_line(&self) -> &str {
        self.head.lines().next().unwrap_or_default()
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().skip(1).find_map(|line| {
            let (n, v) = line.split_once(':')?;
            n.trim().eq_ignore_ascii_case(name).then(|| v.trim())
        })
    }
}

/// What the server does after reading a request.
#[derive(Clone)]
enum Step {
    /// Write these bytes.
    Write(Vec<u8>),
    /// Wait.
    Sleep(Duration),
    /// Write `chunk` as HTTP chunks forever (until the client goes away).
    EndlessChunks(Vec<u8>),
    /// Write this body one byte at a time, `every` apart.
    Trickle(Vec<u8>, Duration),
    /// Close the connection with a TCP reset.
    Reset,
    /// Close the connection normally.
    Close,
    /// Never answer (keep the connection open).
    Hang,
}

fn write(bytes: impl AsRef<[u8]>) -> Step {
    Step::Write(bytes.as_ref().to_vec())
}

/// A full response with a correct `Content-Length`.
fn response(status_line: &str, content_type: &str, body: impl AsRef<[u8]>) -> Step {
    let body = body.as_ref();
    let mut out = format!(
        "HTTP/1.1 {status_line}\r\ncontent-type: {content_type}\r\ncontent-length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    out.extend_from_slice(body);
    Step::Write(out)
}

struct RawServer {
    addr: std::net::SocketAddr,
    received: Arc<Mutex<Vec<Received>>>,
    connections: Arc<Mutex<usize>>,
}

impl RawServer {
    /// Starts a server answering the n-th request (0-based, over all connections) with
    /// `script(n, &request)`. A connection is kept open for the next request unless the script
    /// closes or resets it.
    async fn start<F>(script: F) -> Self
    where
        F: Fn(usize, &Received) -> Vec<Step> + Send + Sync + 'static,
    {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let received = Arc::new(Mutex::new(Vec::new()));
        let connections = Arc::new(Mutex::new(0usize));
        let script = Arc::new(script);
        let (rec, conns) = (received.clone(), connections.clone());
        tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                let connection = {
                    let mut c = conns.lock().unwrap();
                    *c += 1;
                    *c - 1
                };
                let (rec, script) = (rec.clone(), script.clone());
                tokio::spawn(serve(stream, connection, rec, script));
            }
        });
        Self {
            addr,
            received,
            connections,
        }
    }

    fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    fn received(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }

    fn connections(&self) -> usize {
        *self.connections.lock().unwrap()
    }
}

async fn serve<F>(
    mut stream: TcpStream,
    connection: usize,
    received: Arc<Mutex<Vec<Received>>>,
    script: Arc<F>,
) where
    F: Fn(usize, &Received) -> Vec<Step> + Send + Sync + 'static,
{
    let mut buffer = Vec::new();
    loop {
        let Some(request) = read_request(&mut stream, &mut buffer, connection).await else {
            return;
        };
        let index = {
            let mut all = received.lock().unwrap();
            all.push(request.clone());
            all.len() - 1
        };
        for step in script(index, &request) {
            let ok = match step {
                Step::Write(bytes) => stream.write_all(&bytes).await.is_ok(),
                Step::Sleep(d) => {
                    tokio::time::sleep(d).await;
                    true
                }
                Step::EndlessChunks(chunk) => {
                    let mut framed = format!("{:x}\r\n", chunk.len()).into_bytes();
                    framed.extend_from_slice(&chunk);
                    framed.extend_from_slice(b"\r\n");
                    while stream.write_all(&framed).await.is_ok() {}
                    false
                }
                Step::Trickle(body, every) => {
                    let mut ok = true;
                    for b in body {
                        tokio::time::sleep(every).await;
                        if stream.write_all(&[b]).await.is_err() {
                            ok = false;
                            break;
                        }
                    }
                    ok
                }
                Step::Reset => {
                    let _ = stream.set_zero_linger();
                    return;
                }
                Step::Close => {
                    let _ = stream.shutdown().await;
                    return;
                }
                Step::Hang => {
                    tokio::time::sleep(Duration::from_secs(3600)).await;
                    return;
                }
            };
            if !ok {
                return;
            }
        }
    }
}

/// Reads one request (head, then a `Content-Length` or chunked body); `None` at end of stream.
async fn read_request(
    stream: &mut TcpStream,
    buffer: &mut Vec<u8>,
    connection: usize,
) -> Option<Received> {
    let head_end = loop {
        if let Some(i) = find(buffer, b"\r\n\r\n") {
            break i + 4;
        }
        fill(stream, buffer).await?;
    };
    let head = String::from_utf8_lossy(&buffer[..head_end]).into_owned();
    buffer.drain(..head_end);
    let mut request = Received {
        head,
        body: Vec::new(),
        connection,
    };
    if request
        .header("transfer-encoding")
        .is_some_and(|v| v.eq_ignore_ascii_case("chunked"))
    {
        loop {
            let line_end = loop {
                if let Some(i) = find(buffer, b"\r\n") {
                    break i;
                }
                fill(stream, buffer).await?;
            };
            let size = usize::from_str_radix(
                String::from_utf8_lossy(&buffer[..line_end])
                    .split(';')
                    .next()?
                    .trim(),
                16,
            )
            .ok()?;
            buffer.drain(..line_end + 2);
            while buffer.len() < size + 2 {
                fill(stream, buffer).await?;
            }
            request.body.extend_from_slice(&buffer[..size]);
            buffer.drain(..size + 2);
            if size == 0 {
                break;
            }
        }
    } else {
        let length: usize = request
            .header("content-length")
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        while buffer.len() < length {
            fill(stream, buffer).await?;
        }
        request.body = buffer.drain(..length).collect();
    }
    Some(request)
}

async fn fill(stream: &mut TcpStream, buffer: &mut Vec<u8>) -> Option<()> {
    let mut chunk = [0u8; 8192];
    match stream.read(&mut chunk).await {
        Ok(0) | Err(_) => None,
        Ok(n) => {
            buffer.extend_from_slice(&chunk[..n]);
            Some(())
        }
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

// ---------------------------------------------------------------------------------------------
// Client helpers
// ---------------------------------------------------------------------------------------------

fn client(server: &RawServer) -> Client {
    builder(&server.url()).build().unwrap()
}

fn builder(url: &str) -> one_cp::ClientBuilder {
    Client::builder()
        .base_url(url)
        .basic_auth(ID, SECRET)
        .timeout(Duration::from_secs(10))
}

/// Runs a call with a generous guard: the client must come back on its own, not hang.
async fn within<T>(what: &str, call: impl std::future::IntoFuture<Output = T>) -> T {
    tokio::time::timeout(Duration::from_secs(30), call)
        .await
        .unwrap_or_else(|_| panic!("{what}: the client hung"))
}

/// The operations that are never retried (the POST and the PATCHes).
const UNSAFE_OPERATIONS: &[&str] = &[
    "initialize_transaction",
    "cancel_transaction",
    "cancel_transaction_with_invoice",
];

/// The idempotent operations (the GETs and the PUT), retried when the connection fails before any
/// response.
const IDEMPOTENT_OPERATIONS: &[&str] = &[
    "get_api_status",
    "get_transaction_status",
    "update_transaction",
];

/// The method each operation uses.
fn method_of(operation: &str) -> &'static str {
    match operation {
        "initialize_transaction" => "POST",
        "cancel_transaction" | "cancel_transaction_with_invoice" => "PATCH",
        "update_transaction" => "PUT",
        _ => "GET",
    }
}

#[track_caller]
fn assert_transport(err: &Error) {
    assert!(
        matches!(err, Error::Transport(_)),
        "expected Transport, got {err:?}"
    );
    assert_eq!(err.status(), None);
    assert_no_secret(&format!("{err:?} {err}"));
}

// ---------------------------------------------------------------------------------------------
// Truncated and malformed bodies
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn content_length_promising_more_than_is_sent_is_transport() {
    // The headers promise 100 bytes; 20 arrive, then the server closes.
    let server = RawServer::start(|_, _| {
        vec![
            write("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{\"status\": \"ready\", "),
            Step::Close,
        ]
    })
    .await;
    let err = within("short body", client(&server).get_api_status())
        .await
        .unwrap_err();
    assert_transport(&err);
}

#[tokio::test]
async fn chunked_body_cut_off_before_its_last_chunk_is_transport() {
    let server = RawServer::start(|_, _| {
        vec![
            write("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n10\r\n{\"status\": \"read\r\n"),
            Step::Close,
        ]
    })
    .await;
    let err = within("cut chunked body", client(&server).get_api_status())
        .await
        .unwrap_err();
    assert_transport(&err);
}

#[tokio::test]
async fn complete_but_truncated_json_is_decode_with_status_and_text() {
    // Framing is right; the JSON itself stops half way.
    let text = r#"{"status": "PAID", "checkout": {"title": "Off si"#;
    let server =
        RawServer::start(move |_, _| vec![response("200 OK", "application/json", text)]).await;
    let err = client(&server)
        .get_transaction_status("t1")
        .await
        .unwrap_err();
    match &err {
        Error::Decode {
            status: 200,
            body,
            message,
        } => {
            assert_eq!(body, text);
            assert!(message.contains("EOF"), "{message}");
        }
        other => panic!("expected Decode, got {other:?}"),
    }
    assert_eq!(err.status(), Some(200));
}

#[tokio::test]
async fn body_that_is_not_utf8_is_kept_lossily_not_a_panic() {
    let bytes = b"\xff\xfe{\x00\"\x00s\x00".to_vec();
    // UTF-16 JSON on a documented status: not decodable, kept as (lossy) text.
    let server = RawServer::start(move |_, _| {
        vec![response(
            "200 OK",
            "application/json; charset=utf-16",
            &bytes,
        )]
    })
    .await;
    match client(&server).get_api_status().await {
        Err(Error::Decode {
            status: 200, body, ..
        }) => assert!(body.contains('\u{fffd}'), "{body:?}"),
        other => panic!("expected Decode, got {other:?}"),
    }
    // Invalid UTF-8 on an undocumented status.
    let server = RawServer::start(|_, _| {
        vec![response(
            "418 I'm a teapot",
            "application/octet-stream",
            b"\xc3\x28 short and stout",
        )]
    })
    .await;
    match client(&server).get_api_status().await {
        Err(Error::UnexpectedStatus { status: 418, body }) => {
            assert_eq!(body, "\u{fffd}( short and stout")
        }
        other => panic!("expected UnexpectedStatus, got {other:?}"),
    }
}

#[tokio::test]
async fn garbage_instead_of_a_status_line_is_transport() {
    for garbage in [
        &b"SSH-2.0-OpenSSH_9.6\r\n"[..],
        b"HTTP/1.1 abc OK\r\n\r\n",
        b"HTTP/1.1 200 OK\r\ncontent-length: nope\r\n\r\n{}",
        b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03",
        b"",
    ] {
        let server = RawServer::start(move |_, _| vec![write(garbage), Step::Close]).await;
        let err = within("garbage", client(&server).get_api_status())
            .await
            .unwrap_err();
        assert_transport(&err);
    }
}

#[tokio::test]
async fn oversized_response_headers_are_transport() {
    let server = RawServer::start(|_, _| {
        let mut head = b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n".to_vec();
        head.extend_from_slice(format!("x-padding: {}\r\n", "a".repeat(1 << 20)).as_bytes());
        head.extend_from_slice(b"content-length: 2\r\n\r\n{}");
        vec![write(head), Step::Close]
    })
    .await;
    let err = within("huge header", client(&server).get_api_status())
        .await
        .unwrap_err();
    assert_transport(&err);
}

// ---------------------------------------------------------------------------------------------
// Wrong content types and HTML error pages
// ---------------------------------------------------------------------------------------------

const NGINX_404: &str = "<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx/1.25.3</center>\r\n</body>\r\n</html>\r\n";

#[tokio::test]
async fn html_page_on_a_documented_json_error_status_is_decode() {
    // 404 is documented (an ErrorResponse); a proxy's HTML page is not one.
    let server =
        RawServer::start(|_, _| vec![response("404 Not Found", "text/html", NGINX_404)]).await;
    let err = client(&server)
        .get_transaction_status("t1")
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(404));
    match &err {
        Error::Decode {
            status: 404, body, ..
        } => assert_eq!(body, NGINX_404),
        other => panic!("expected Decode, got {other:?}"),
    }
    assert!(err.to_string().contains("404 Not Found"), "{err}");
}

#[tokio::test]
async fn html_maintenance_page_on_an_undocumented_503_is_unexpected_status() {
    let page = "<!DOCTYPE html><html><body><h1>Down for maintenance</h1></body></html>";
    let server = RawServer::start(move |_, _| {
        vec![response(
            "503 Service Unavailable",
            "text/html; charset=utf-8",
            page,
        )]
    })
    .await;
    for operation in ["get_api_status", "get_transaction_status"] {
        let err = call(&client(&server), operation).await.unwrap_err();
        assert_eq!(err.status(), Some(503));
        match &err {
            Error::UnexpectedStatus { status: 503, body } => assert_eq!(body, page),
            other => panic!("{operation}: expected UnexpectedStatus, got {other:?}"),
        }
    }
}

#[tokio::test]
async fn json_labelled_with_a_wrong_content_type_is_still_decoded() {
    // The body decides, not the label: valid JSON under `text/plain` or no content type at all.
    for content_type in ["text/plain", "text/html", "application/octet-stream"] {
        let server = RawServer::start(move |_, _| {
            vec![response(
                "200 OK",
                content_type,
                r#"{"status":"ready","provider":"p1"}"#,
            )]
        })
        .await;
        let status = client(&server)
            .get_api_status()
            .await
            .unwrap_or_else(|e| panic!("{content_type}: {e:?}"));
        assert_eq!(status.provider, "p1");
    }
    let server = RawServer::start(|_, _| {
        vec![write(
            "HTTP/1.1 200 OK\r\ncontent-length: 34\r\n\r\n{\"status\":\"ready\",\"provider\":\"p2\"}",
        )]
    })
    .await;
    assert_eq!(
        client(&server).get_api_status().await.unwrap().provider,
        "p2"
    );
}

#[tokio::test]
async fn xml_under_a_json_content_type_is_decode() {
    let xml = "<?xml version=\"1.0\"?><status>ready</status>";
    let server =
        RawServer::start(move |_, _| vec![response("200 OK", "application/json", xml)]).await;
    match client(&server).get_api_status().await {
        Err(Error::Decode {
            status: 200, body, ..
        }) => assert_eq!(body, xml),
        other => panic!("expected Decode, got {other:?}"),
    }
}

// ---------------------------------------------------------------------------------------------
// Size limits
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn endless_chunked_body_stops_at_the_limit() {
    // No Content-Length: the limit must be enforced while reading, and reading must stop.
    let server = RawServer::start(|_, _| {
        vec![
            write("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n"),
            Step::EndlessChunks(b"[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16]".repeat(100)),
        ]
    })
    .await;
    let limit = 256 * 1024;
    let client = builder(&server.url())
        .max_response_bytes(limit)
        .build()
        .unwrap();
    let err = within("endless body", client.get_api_status())
        .await
        .unwrap_err();
    match &err {
        Error::BodyTooLarge {
            status: 200,
            limit: l,
        } => assert_eq!(*l, limit),
        other => panic!("expected BodyTooLarge, got {other:?}"),
    }
    assert_eq!(err.status(), Some(200));
}

#[tokio::test]
async fn declared_length_over_the_limit_fails_before_the_body_arrives() {
    // 1 GB announced, nothing sent: refused at once, without waiting for (or a timeout on)
    // the body.
    let server = RawServer::start(|_, _| {
        vec![
            write("HTTP/1.1 500 Internal Server Error\r\ncontent-type: application/json\r\ncontent-length: 1000000000\r\n\r\n"),
            Step::Hang,
        ]
    })
    .await;
    let client = Client::builder()
        .base_url(server.url())
        .basic_auth(ID, SECRET)
        .max_response_bytes(1 << 20)
        .build()
        .unwrap();
    let err = within("announced huge body", client.get_transaction_status("t1"))
        .await
        .unwrap_err();
    match &err {
        Error::BodyTooLarge { status: 500, limit } => assert_eq!(*limit, 1 << 20),
        other => panic!("expected BodyTooLarge, got {other:?}"),
    }
}

#[tokio::test]
async fn error_statuses_obey_the_limit_too() {
    let big = format!("{{\"message\":\"{}\"}}", "x".repeat(5000));
    let server =
        RawServer::start(move |_, _| vec![response("400 Bad Request", "application/json", &big)])
            .await;
    let client = builder(&server.url())
        .max_response_bytes(4096)
        .build()
        .unwrap();
    match client.get_transaction_status("t1").await {
        Err(Error::BodyTooLarge {
            status: 400,
            limit: 4096,
        }) => {}
        other => panic!("expected BodyTooLarge, got {other:?}"),
    }
}

// ---------------------------------------------------------------------------------------------
// Slow servers
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn server_that_never_answers_times_out() {
    let server = RawServer::start(|_, _| vec![Step::Hang]).await;
    let client = builder(&server.url())
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    for operation in ["get_api_status", "initialize_transaction"] {
        let err = within("no answer", call(&client, operation))
            .await
            .unwrap_err();
        assert!(
            matches!(err, Error::Timeout(_)),
            "{operation}: expected Timeout, got {err:?}"
        );
        assert_eq!(err.status(), None);
    }
}

#[tokio::test]
async fn body_trickling_past_the_timeout_times_out() {
    // The headers come at once, the body one byte every 100 ms: the timeout covers the body.
    let body = br#"{"status":"ready","provider":"slow"}"#.to_vec();
    let server = RawServer::start(move |_, _| {
        vec![
            write(format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
                body.len()
            )),
            Step::Trickle(body.clone(), Duration::from_millis(100)),
        ]
    })
    .await;
    let client = builder(&server.url())
        .timeout(Duration::from_millis(500))
        .build()
        .unwrap();
    let err = within("trickle", client.get_api_status())
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::Timeout(_)),
        "expected Timeout, got {err:?}"
    );
    assert_eq!(err.status(), None);
}

#[tokio::test]
async fn headers_trickling_past_the_timeout_time_out() {
    let server = RawServer::start(|_, _| {
        vec![Step::Trickle(
            b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n".to_vec(),
            Duration::from_millis(50),
        )]
    })
    .await;
    let client = builder(&server.url())
        .timeout(Duration::from_millis(400))
        .build()
        .unwrap();
    let err = within("slow headers", client.get_api_status())
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::Timeout(_)),
        "expected Timeout, got {err:?}"
    );
}

// ---------------------------------------------------------------------------------------------
// Statuses the spec does not list
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn unlisted_statuses_are_unexpected_status_with_the_body() {
    for (status_line, code) in [
        ("418 I'm a teapot", 418u16),
        ("503 Service Unavailable", 503),
        ("299 Whatever", 299),
        ("302 Found", 302),
        ("451 Unavailable For Legal Reasons", 451),
        ("599 Network Connect Timeout", 599),
    ] {
        let body = format!("status {code} body");
        let server =
            RawServer::start(move |_, _| vec![response(status_line, "text/plain", body.clone())])
                .await;
        for operation in [
            "get_api_status",
            "initialize_transaction",
            "update_transaction",
        ] {
            let err = call(&client(&server), operation).await.unwrap_err();
            assert_eq!(err.status(), Some(code), "{operation}");
            match &err {
                Error::UnexpectedStatus { status, body } => {
                    assert_eq!(*status, code);
                    assert_eq!(body, &format!("status {code} body"));
                }
                other => panic!("{operation} {code}: expected UnexpectedStatus, got {other:?}"),
            }
        }
    }
}

#[tokio::test]
async fn informational_responses_before_the_real_one_are_skipped() {
    let server = RawServer::start(|_, _| {
        vec![
            write("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nlink: </style.css>; rel=preload\r\n\r\n"),
            response("200 OK", "application/json", r#"{"status":"ready","provider":"p"}"#),
        ]
    })
    .await;
    assert_eq!(
        client(&server).get_api_status().await.unwrap().provider,
        "p"
    );
}

// ---------------------------------------------------------------------------------------------
// Redirects to another host
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn redirect_to_another_host_or_port_is_not_followed() {
    let elsewhere = RawServer::start(|_, _| {
        vec![response(
            "200 OK",
            "application/json",
            r#"{"status":"ready","provider":"evil"}"#,
        )]
    })
    .await;
    let port = elsewhere.addr.port();
    for (code, target) in [
        (302u16, format!("http://localhost:{port}/status")),
        (307, format!("http://127.0.0.1:{port}/status")),
        (308, format!("http://localhost:{port}/status")),
    ] {
        let origin = RawServer::start(move |_, _| {
            vec![write(format!(
                "HTTP/1.1 {code} Moved\r\nlocation: {target}\r\ncontent-length: 0\r\n\r\n"
            ))]
        })
        .await;
        for operation in [
            "get_api_status",
            "initialize_transaction",
            "cancel_transaction",
        ] {
            let err = call(&client(&origin), operation).await.unwrap_err();
            assert_eq!(err.status(), Some(code), "{operation}");
            assert!(matches!(err, Error::UnexpectedStatus { .. }), "{err:?}");
            assert_no_secret(&format!("{err:?} {err}"));
        }
        assert_eq!(origin.received().len(), 3);
    }
    assert!(elsewhere.received().is_empty(), "a redirect was followed");
}

#[tokio::test]
async fn redirect_to_the_same_port_under_another_host_name_is_not_followed() {
    // `localhost:P` is another origin than `127.0.0.1:P`, even on the same socket.
    let server = RawServer::start(|_, request| {
        let port = request
            .header("host")
            .and_then(|h| h.rsplit(':').next())
            .unwrap_or_default()
            .to_string();
        vec![write(format!(
            "HTTP/1.1 302 Found\r\nlocation: http://localhost:{port}/v2/status\r\ncontent-length: 0\r\n\r\n"
        ))]
    })
    .await;
    let err = client(&server).get_api_status().await.unwrap_err();
    assert_eq!(err.status(), Some(302));
    let received = server.received();
    assert_eq!(received.len(), 1, "followed to localhost: {received:#?}");
    assert_eq!(
        received[0].header("host"),
        Some(server.addr.to_string().as_str())
    );
}

#[tokio::test]
async fn injected_client_following_a_cross_host_redirect_never_sends_credentials() {
    // With an injected reqwest client (which follows redirects), the other host is reached but
    // must not receive the Authorization header.
    let elsewhere = RawServer::start(|_, _| {
        vec![response(
            "200 OK",
            "application/json",
            r#"{"status":"ready","provider":"evil"}"#,
        )]
    })
    .await;
    let target = format!("http://localhost:{}/status", elsewhere.addr.port());
    let origin = RawServer::start(move |_, _| {
        vec![write(format!(
            "HTTP/1.1 302 Found\r\nlocation: {target}\r\ncontent-length: 0\r\n\r\n"
        ))]
    })
    .await;
    let client = builder(&origin.url())
        .http_client(reqwest::Client::new())
        .build()
        .unwrap();
    let _ = client.get_api_status().await;
    let origin_requests = origin.received();
    assert_eq!(origin_requests.len(), 1);
    assert!(origin_requests[0]
        .header("authorization")
        .is_some_and(|v| v.ends_with(BASIC_B64)));
    for request in elsewhere.received() {
        assert_eq!(request.header("authorization"), None, "{}", request.head);
        assert!(!request.head.contains(BASIC_B64));
    }
}

// ---------------------------------------------------------------------------------------------
// No retry of POST/PATCH when the connection breaks; GET and PUT are retried only before any
// response
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn reset_mid_body_is_transport_and_never_resent() {
    // The status line came: a response arrived, so not even the PUT is sent again.
    for operation in UNSAFE_OPERATIONS.iter().chain(&["update_transaction"]) {
        let server = RawServer::start(|_, _| {
            vec![
                write("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 500\r\n\r\n{\"transactionId\": \"t"),
                Step::Sleep(Duration::from_millis(20)),
                Step::Reset,
            ]
        })
        .await;
        let err = within(operation, call(&client(&server), operation))
            .await
            .unwrap_err();
        assert_transport(&err);
        tokio::time::sleep(Duration::from_millis(100)).await;
        let received = server.received();
        assert_eq!(
            received.len(),
            1,
            "{operation} sent {} times",
            received.len()
        );
        assert!(
            received[0].request_line().starts_with(method_of(operation)),
            "{}",
            received[0].request_line()
        );
        assert_eq!(server.connections(), 1, "{operation}: reconnected");
    }
}

#[tokio::test]
async fn reset_or_close_without_an_answer_is_transport_and_never_resent() {
    for end in [Step::Reset, Step::Close] {
        for operation in UNSAFE_OPERATIONS {
            let end = end.clone();
            let server = RawServer::start(move |_, _| vec![end.clone()]).await;
            let err = within(operation, call(&client(&server), operation))
                .await
                .unwrap_err();
            assert_transport(&err);
            tokio::time::sleep(Duration::from_millis(100)).await;
            assert_eq!(server.received().len(), 1, "{operation} resent");
            assert_eq!(server.connections(), 1, "{operation}: reconnected");
        }
    }
}

#[tokio::test]
async fn idempotent_calls_are_resent_after_a_reset_or_close_without_an_answer() {
    for end in [Step::Reset, Step::Close] {
        for operation in IDEMPOTENT_OPERATIONS {
            // The first two connections break before any answer, the third is answered.
            let end = end.clone();
            let server = RawServer::start(move |n, _| {
                if n < 2 {
                    vec![end.clone()]
                } else {
                    vec![response(
                        "200 OK",
                        "application/json",
                        r#"{"status":"ready","provider":"p","message":"ok"}"#,
                    )]
                }
            })
            .await;
            let client = builder(&server.url())
                .retry_backoff(Duration::from_millis(1), Duration::from_millis(5))
                .build()
                .unwrap();
            let result = within(operation, call(&client, operation)).await;
            let received = server.received();
            assert_eq!(received.len(), 3, "{operation}: {received:#?}");
            assert!(received
                .iter()
                .all(|r| r.request_line().starts_with(method_of(operation))));
            assert_eq!(
                server.connections(),
                3,
                "{operation}: one connection per attempt"
            );
            // The GET /status answer decodes; the others are 200s of another shape.
            if *operation == "get_api_status" {
                result.unwrap();
            }
            // With retries off, the first failure is the answer.
            let server = RawServer::start(|_, _| vec![Step::Reset]).await;
            let client = builder(&server.url()).max_retries(0).build().unwrap();
            let err = within(operation, call(&client, operation))
                .await
                .unwrap_err();
            assert_transport(&err);
            assert_eq!(
                server.received().len(),
                1,
                "{operation} with max_retries(0)"
            );
        }
    }
}

#[tokio::test]
async fn garbage_answers_are_not_retried() {
    // A garbled answer is not a connection failure: even a GET is not sent again.
    let server = RawServer::start(|_, _| vec![write("SSH-2.0-OpenSSH_9.6\r\n"), Step::Close]).await;
    let err = within("garbage", client(&server).get_api_status())
        .await
        .unwrap_err();
    assert_transport(&err);
    assert_eq!(server.received().len(), 1);
}

#[tokio::test]
async fn reset_on_a_reused_connection_does_not_resend_the_patch() {
    // A first call keeps the connection alive; the PATCH then goes out on the pooled
    // connection, which the server resets after reading it. The PATCH may have been acted upon:
    // it must not be sent again, on this connection or a new one.
    for operation in UNSAFE_OPERATIONS {
        let server = RawServer::start(|n, _| {
            if n == 0 {
                vec![response(
                    "200 OK",
                    "application/json",
                    r#"{"status":"ready","provider":"p"}"#,
                )]
            } else {
                vec![Step::Reset]
            }
        })
        .await;
        let client = client(&server);
        client.get_api_status().await.unwrap();
        let err = within(operation, call(&client, operation))
            .await
            .unwrap_err();
        assert_transport(&err);
        tokio::time::sleep(Duration::from_millis(100)).await;
        let received = server.received();
        assert_eq!(received.len(), 2, "{operation}: {received:#?}");
        assert!(received[1].request_line().starts_with(method_of(operation)));
        assert_eq!(received[1].connection, received[0].connection, "pooled");
    }
}

// ---------------------------------------------------------------------------------------------
// Path injection: every path parameter of every operation, as the server reads the request line
// ---------------------------------------------------------------------------------------------

/// Ids that must stay one path segment, and their exact encoding on the wire.
const HOSTILE_IDS: &[(&str, &str)] = &[
    ("abc/def", "abc%2Fdef"),
    ("../../admin", "..%2F..%2Fadmin"),
    ("..%2f..%2fadmin", "..%252f..%252fadmin"),
    ("%2e%2e", "%252e%252e"),
    ("%2E%2E", "%252E%252E"),
    (".%2e", ".%252e"),
    ("...", "..."),
    ("a?b=1&c=2", "a%3Fb%3D1%26c%3D2"),
    ("a#frag", "a%23frag"),
    ("100%", "100%25"),
    ("%00", "%2500"),
    ("a b\tc", "a%20b%09c"),
    (" ", "%20"),
    ("ünï☃ 🦀", "%C3%BCn%C3%AF%E2%98%83%20%F0%9F%A6%80"),
    ("\u{202e}evil", "%E2%80%AEevil"),
    ("a\\b", "a%5Cb"),
    ("a;b=c,d", "a%3Bb%3Dc%2Cd"),
    ("@host:80", "%40host%3A80"),
    ("//evil.example/x", "%2F%2Fevil.example%2Fx"),
    ("http://evil.example", "http%3A%2F%2Fevil.example"),
    ("x\r\nX-Injected: 1", "x%0D%0AX-Injected%3A%201"),
    ("nul\0byte", "nul%00byte"),
    ("{transactionId}", "%7BtransactionId%7D"),
    ("~user_name-1.0", "~user_name-1.0"),
];

/// Calls `operation` with `id` as its path parameter.
async fn call_with_id(client: &Client, operation: &str, id: &str) -> Result<(), Error> {
    match operation {
        "get_transaction_status" => client.get_transaction_status(id).await.map(drop),
        "cancel_transaction" => client
            .cancel_transaction(id, &types::CancelRequest::new(vec![1]))
            .await
            .map(drop),
        "cancel_transaction_with_invoice" => client
            .cancel_transaction_with_invoice(
                id,
                types::CancelWithInvoiceRequest::new(vec![1])
                    .with_invoice(FilePart::new(&b"%PDF-1.4"[..]).file_name("i.pdf")),
            )
            .await
            .map(drop),
        "update_transaction" => client
            .update_transaction(id, &types::UpdateTransactionRequest::default())
            .await
            .map(drop),
        other => panic!("no call for {other}"),
    }
}

#[tokio::test]
async fn every_path_parameter_stays_one_segment_on_the_wire() {
    // The operations with path parameters, read from the spec, so a new one cannot be missed.
    let spec = concat!(env!("CARGO_MANIFEST_DIR"), "/spec/one-cp.yaml");
    let lowered = codegen::Generator::new()
        .lower_file(spec)
        .unwrap_or_else(|d| panic!("{d}"));
    let mut with_path_params: Vec<(String, String, String)> = Vec::new();
    for op in &lowered.api.operations {
        let params: Vec<&str> = op
            .params
            .iter()
            .filter(|p| p.location == codegen::ir::ParamLocation::Path)
            .map(|p| p.wire.as_str())
            .collect();
        if !params.is_empty() {
            assert_eq!(params, ["transactionId"], "{}: extend call_with_id", op.id);
            // The client method's name: the operationId in snake_case (One-CP's are camelCase).
            let method: String = op
                .id
                .chars()
                .flat_map(|c| {
                    let lower = c.to_ascii_lowercase();
                    (c.is_ascii_uppercase().then_some('_').into_iter()).chain([lower])
                })
                .collect();
            with_path_params.push((
                method,
                format!("{:?}", op.method).to_uppercase(),
                op.path.clone(),
            ));
        }
    }
    assert_eq!(with_path_params.len(), 4, "{with_path_params:?}");

    let server = RawServer::start(|_, _| {
        vec![response(
            "404 Not Found",
            "application/json",
            r#"{"message":"no such transaction"}"#,
        )]
    })
    .await;
    // Under a base path, which the id must not escape either.
    let client = builder(&format!("{}/api/v1", server.url()))
        .build()
        .unwrap();
    let mut expected_lines = Vec::new();
    for (operation, method, template) in &with_path_params {
        for (id, encoded) in HOSTILE_IDS {
            let result = call_with_id(&client, operation, id).await;
            match result {
                Err(Error::Api { status: 404, .. }) => {}
                other => panic!("{operation}({id:?}): expected the 404, got {other:?}"),
            }
            let path = template.replace("{transactionId}", encoded);
            expected_lines.push(format!("{method} /api/v1{path} HTTP/1.1"));
        }
    }
    let received: Vec<String> = server
        .received()
        .iter()
        .map(|r| r.request_line().to_string())
        .collect();
    assert_eq!(received, expected_lines);
    // Nothing else leaked into the request: no injected header, one Host.
    for request in server.received() {
        assert_eq!(request.header("x-injected"), None, "{}", request.head);
        assert_eq!(
            request.head.matches("\r\nhost:").count(),
            1,
            "{}",
            request.head
        );
    }
}

#[tokio::test]
async fn dot_segments_and_empty_ids_never_reach_the_wire() {
    let server = RawServer::start(|_, _| vec![response("200 OK", "application/json", "{}")]).await;
    let client = client(&server);
    for operation in [
        "get_transaction_status",
        "cancel_transaction",
        "cancel_transaction_with_invoice",
        "update_transaction",
    ] {
        for id in ["", ".", ".."] {
            match call_with_id(&client, operation, id).await {
                Err(Error::InvalidInput(message)) => {
                    assert!(message.contains("transactionId"), "{message}")
                }
                other => panic!("{operation}({id:?}): expected InvalidInput, got {other:?}"),
            }
        }
    }
    assert_eq!(server.connections(), 0);
}
