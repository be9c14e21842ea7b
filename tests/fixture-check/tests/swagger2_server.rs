//! The server generated for `tests/fixtures/swagger2_params.yaml`, over loopback HTTP: every 2.0
//! `collectionFormat` the client sends is read back, an empty `allowEmptyValue` parameter is
//! absent, and an absent parameter with a `default` is the default.

use fixture_check::swagger2_params::client::Client;
use fixture_check::swagger2_params::server::{router, RequestContext, SearchReply, Server};
use fixture_check::swagger2_params::types::{Echo, SearchSort};

/// Answers with what it received, as Debug text.
struct EchoServer;

impl Server for EchoServer {
    #[allow(clippy::too_many_arguments)]
    async fn search(
        &self,
        _ctx: RequestContext,
        ids: Vec<i64>,
        csv: Option<Vec<String>>,
        ssv: Option<Vec<String>>,
        tsv: Option<Vec<String>>,
        pipes: Option<Vec<String>>,
        multi: Option<Vec<i32>>,
        x_tags: Option<Vec<String>>,
        limit: Option<i32>,
        sort: Option<SearchSort>,
        flag: Option<bool>,
        q: Option<String>,
    ) -> SearchReply {
        SearchReply::Success(Echo::new().with_query(format!(
            "{ids:?} {csv:?} {ssv:?} {tsv:?} {pipes:?} {multi:?} {x_tags:?} {limit:?} {sort:?} {flag:?} {q:?}"
        )))
    }
}

async fn serve() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router(EchoServer)).await.unwrap() });
    format!("http://{addr}")
}

#[tokio::test]
async fn every_collection_format_round_trips() {
    let base = serve().await;
    let client = Client::builder().base_url(&base).build().unwrap();
    let strings = |items: &[&str]| items.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let echo = client
        .search(&vec![1, 2])
        .csv(&strings(&["a", "b"]))
        .ssv(&strings(&["c", "d"]))
        .tsv(&strings(&["e", "f"]))
        .pipes(&strings(&["g", "h"]))
        .multi(&vec![3, 4])
        .x_tags(&strings(&["x", "y"]))
        .limit(5)
        .sort(&SearchSort::Desc)
        .flag(true)
        .q("word")
        .await
        .unwrap();
    assert_eq!(
        echo.query.as_deref(),
        Some(
            r#"[1, 2] Some(["a", "b"]) Some(["c", "d"]) Some(["e", "f"]) Some(["g", "h"]) Some([3, 4]) Some(["x", "y"]) Some(5) Some(Desc) Some(true) Some("word")"#
        )
    );
}

#[tokio::test]
async fn empty_values_and_defaults() {
    let base = serve().await;
    // `flag` allows an empty value: `?flag=` is no flag; `q` is a string, so it is "".
    let echo: Echo = reqwest::get(format!("{base}/search/9?flag=&q="))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    // The absent `limit` and `sort` are their defaults.
    assert_eq!(
        echo.query.as_deref(),
        Some(r#"[9] None None None None None None Some(20) Some(Asc) None Some("")"#)
    );
    // Without `allowEmptyValue` an empty integer is still refused.
    let response = reqwest::get(format!("{base}/search/9?limit="))
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
}
