//! `tests/fixtures/content_params.yaml`: parameters given by `content` of a JSON media type travel
//! as their JSON text, in a query (required and optional, an object, a list, a free-form map), a
//! header and a path (a list of decimals, with every digit); a `text/plain` one is a plain string.
//! The client's request is checked exactly against wiremock, and the generated server reads what
//! the client sent, or answers 400 naming the parameter for text that is not JSON of its type.

mod support;

use std::str::FromStr;

use fixture_check::content_params::client::Client;
use fixture_check::content_params::server::{
    router, GetPricesReply, RequestContext, SearchItemsReply, Server,
};
use fixture_check::content_params::types::{
    Filter, FilterStatus, Received, SearchItemsXTraceContext,
};
use rust_decimal::Decimal;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The query's pairs of a received request, percent-decoded.
fn query_pairs(request: &wiremock::Request) -> Vec<(String, String)> {
    request
        .url
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

#[tokio::test]
async fn the_client_sends_json_text_in_the_query_header_and_path() {
    let mock = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_raw("{}", "application/json"))
        .mount(&mock)
        .await;
    let client = Client::builder().base_url(mock.uri()).build().unwrap();
    let filter = Filter::new(FilterStatus::Open).with_tags(vec!["a b".into(), "c&d".into()]);
    let mut metadata = serde_json::Map::new();
    metadata.insert("k".into(), serde_json::json!([1, null]));
    client
        .search_items(&filter)
        .sort(&vec!["-created".into()])
        .metadata(&metadata)
        .x_trace_context(&SearchItemsXTraceContext::new("t-1".into()).with_sampled(true))
        .note("plain text")
        .await
        .unwrap();
    // Only the required parameter: nothing else is sent, not even `null`.
    client.search_items(&filter).await.unwrap();

    let requests = mock.received_requests().await.unwrap();
    let full = &requests[0];
    assert_eq!(full.url.path(), "/items");
    assert_eq!(
        query_pairs(full),
        [
            ("filter", r#"{"status":"open","tags":["a b","c&d"]}"#),
            ("sort", r#"["-created"]"#),
            ("metadata", r#"{"k":[1,null]}"#),
            ("note", "plain text"),
        ]
        .map(|(k, v)| (k.to_string(), v.to_string()))
    );
    assert_eq!(
        full.headers
            .get("x-trace-context")
            .unwrap()
            .to_str()
            .unwrap(),
        r#"{"id":"t-1","sampled":true}"#
    );
    let bare = &requests[1];
    assert_eq!(
        query_pairs(bare),
        [(
            "filter".to_string(),
            r#"{"status":"open","tags":["a b","c&d"]}"#.to_string()
        )]
    );
    assert!(bare.headers.get("x-trace-context").is_none());
}

#[tokio::test]
async fn a_json_path_parameter_is_one_percent_encoded_segment_with_every_digit() {
    let mock = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_raw("[]", "application/json"))
        .mount(&mock)
        .await;
    let client = Client::builder().base_url(mock.uri()).build().unwrap();
    let big = Decimal::from_str("79228162514264337593543950335").unwrap();
    let small = Decimal::from_str("0.0000000000000000000000000001").unwrap();
    client
        .get_prices(&vec![small, big])
        .limit(Decimal::from_str("-12345678901234567890.12345678").unwrap())
        .await
        .unwrap();
    let requests = mock.received_requests().await.unwrap();
    let request = &requests[0];
    assert_eq!(
        request.url.path(),
        "/prices/%5B0.0000000000000000000000000001%2C79228162514264337593543950335%5D"
    );
    assert_eq!(
        query_pairs(request),
        [(
            "limit".to_string(),
            "-12345678901234567890.12345678".to_string()
        )]
    );
}

/// Answers with what it read.
struct Echo;

impl Server for Echo {
    async fn search_items(
        &self,
        _ctx: RequestContext,
        filter: Filter,
        sort: Option<Vec<String>>,
        metadata: Option<serde_json::Map<String, serde_json::Value>>,
        x_trace_context: Option<SearchItemsXTraceContext>,
        note: Option<String>,
    ) -> SearchItemsReply {
        let mut received = Received::new().with_filter(filter);
        received.sort = sort;
        received.metadata = metadata;
        received.trace = x_trace_context.map(|t| format!("{} {:?}", t.id, t.sampled));
        received.note = note;
        SearchItemsReply::Success(received)
    }

    async fn get_prices(
        &self,
        _ctx: RequestContext,
        range: Vec<Decimal>,
        limit: Option<Decimal>,
    ) -> GetPricesReply {
        let mut read: Vec<String> = range.iter().map(Decimal::to_string).collect();
        read.extend(limit.map(|l| l.to_string()));
        GetPricesReply::Success(read)
    }
}

#[tokio::test]
async fn the_generated_server_reads_what_the_client_sends() {
    let base = support::serve(router(Echo)).await;
    let client = Client::builder().base_url(&base).build().unwrap();
    let filter = Filter::new(FilterStatus::Closed).with_tags(vec!["x,y".into()]);
    let mut metadata = serde_json::Map::new();
    metadata.insert("nested".into(), serde_json::json!({"a": [true]}));
    let received = client
        .search_items(&filter)
        .sort(&vec!["a".into(), "b".into()])
        .metadata(&metadata)
        .x_trace_context(&SearchItemsXTraceContext::new("t-2".into()))
        .note("{not json}")
        .await
        .unwrap();
    assert_eq!(received.filter, Some(filter.clone()));
    assert_eq!(received.sort, Some(vec!["a".to_string(), "b".to_string()]));
    assert_eq!(received.metadata, Some(metadata));
    assert_eq!(received.trace.as_deref(), Some("t-2 None"));
    assert_eq!(received.note.as_deref(), Some("{not json}"));

    let exact = [
        "79228162514264337593543950335",
        "0.0000000000000000000000000001",
        "-12345678901234567890.12345678",
    ];
    let [big, small, negative] = exact.map(|s| Decimal::from_str(s).unwrap());
    let read = client
        .get_prices(&vec![big, small])
        .limit(negative)
        .await
        .unwrap();
    assert_eq!(read, exact);
}

#[tokio::test]
async fn text_that_is_not_json_of_the_parameters_type_is_a_400_naming_it() {
    let base = support::serve(router(Echo)).await;
    let http = reqwest::Client::new();
    let open = ("filter", r#"{"status":"open"}"#);
    for (query, named) in [
        (vec![("filter", "open")], "`filter`"),
        (vec![("filter", r#"{"status":1}"#)], "`filter`"),
        (vec![open, ("sort", r#""a""#)], "`sort`"),
        (vec![open, ("metadata", "[1]")], "`metadata`"),
    ] {
        let response = http
            .get(format!("{base}/items"))
            .query(&query)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 400, "{query:?}");
        let text = response.text().await.unwrap();
        assert!(text.contains(named), "{query:?}: {text}");
    }
    let response = http
        .get(format!("{base}/items"))
        .query(&[open])
        .header("x-trace-context", r#"{"sampled":true}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    assert!(response.text().await.unwrap().contains("`X-Trace-Context`"));
    let response = http
        .get(format!("{base}/prices/%5B1e400%5D"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    assert!(response.text().await.unwrap().contains("`range`"));
}
