//! The server generated for `tests/fixtures/swagger2_params.yaml`, over loopback HTTP: every 2.0
//! `collectionFormat` the client sends is read back, an empty `allowEmptyValue` parameter is
//! absent, and an absent parameter with a `default` is the default.

mod support;

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
    support::serve(router(EchoServer)).await
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

mod forms {
    //! `tests/fixtures/swagger2_forms.yaml`: form arrays in every `collectionFormat`, typed form
    //! fields and `allowEmptyValue`, read back by the generated server.
    use fixture_check::swagger2_forms::client::Client;
    use fixture_check::swagger2_forms::runtime::FilePart;
    use fixture_check::swagger2_forms::server::{
        router, RequestContext, Server, SetPreferencesReply, UploadReportReply,
    };
    use fixture_check::swagger2_forms::types::{Echo, SetPreferencesBody, UploadReportForm};

    /// Answers with the form it read, as Debug text.
    struct FormEcho;

    impl Server for FormEcho {
        async fn set_preferences(
            &self,
            _ctx: RequestContext,
            body: SetPreferencesBody,
        ) -> SetPreferencesReply {
            SetPreferencesReply::Success(Echo::new(format!(
                "{} {:?} {:?} {:?} {:?} {:?} {:?} {:?} {:?}",
                body.user,
                body.csv,
                body.ssv,
                body.tsv,
                body.pipes,
                body.multi,
                body.count,
                body.ratio,
                body.active
            )))
        }

        async fn upload_report(
            &self,
            _ctx: RequestContext,
            form: UploadReportForm,
        ) -> UploadReportReply {
            UploadReportReply::Success(Echo::new(format!(
                "{:?} {:?} {:?} {:?}",
                form.file.bytes, form.pages, form.tags, form.owners
            )))
        }
    }

    async fn serve() -> String {
        super::support::serve(router(FormEcho)).await
    }

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[tokio::test]
    async fn every_collection_format_in_a_urlencoded_form_round_trips() {
        let base = serve().await;
        let client = Client::builder().base_url(&base).build().unwrap();
        let body = SetPreferencesBody::new("ada".into())
            .with_csv(vec![1, 2])
            .with_ssv(strings(&["a", "b"]))
            .with_tsv(strings(&["c", "d"]))
            .with_pipes(strings(&["e", "f"]))
            .with_multi(vec![3, 4])
            .with_count(5)
            .with_ratio(0.5)
            .with_active(true);
        let echo = client.set_preferences(&body).await.unwrap();
        assert_eq!(
            echo.read,
            r#"ada Some([1, 2]) Some(["a", "b"]) Some(["c", "d"]) Some(["e", "f"]) Some([3, 4]) Some(5) Some(0.5) Some(true)"#
        );
    }

    #[tokio::test]
    async fn every_collection_format_in_a_multipart_upload_round_trips() {
        let base = serve().await;
        let client = Client::builder().base_url(&base).build().unwrap();
        let form = UploadReportForm::new(FilePart::new(&b"r"[..]).file_name("r.txt"))
            .with_pages(vec![1, 2])
            .with_tags(strings(&["a", "b"]))
            .with_owners(strings(&["o1", "o2"]));
        let echo = client.upload_report(form).await.unwrap();
        assert_eq!(
            echo.read,
            r#"b"r" Some([1, 2]) Some(["a", "b"]) Some(["o1", "o2"])"#
        );
    }

    /// Posts a raw urlencoded body; the status and, on success, what the server read.
    async fn post_form(base: &str, body: &'static str) -> (u16, Option<String>) {
        let response = reqwest::Client::new()
            .post(format!("{base}/preferences"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        let text = response.text().await.unwrap();
        let read = (status == 200).then(|| serde_json::from_str::<Echo>(&text).expect(&text).read);
        (status, read)
    }

    #[tokio::test]
    async fn an_empty_value_is_absent_only_where_allow_empty_value_says_so() {
        let base = serve().await;
        // `count` allows an empty value: `count=` is no count.
        assert_eq!(
            post_form(&base, "user=ada&count=").await,
            (
                200,
                Some("ada None None None None None None None None".into())
            )
        );
        // An empty `csv` list is an empty list; an empty `active` (no `allowEmptyValue`) is not
        // a boolean.
        assert_eq!(
            post_form(&base, "user=ada&csv=").await.1.as_deref(),
            Some("ada Some([]) None None None None None None None")
        );
        assert_eq!(post_form(&base, "user=ada&active=").await.0, 400);
        // A typed field that does not read as its type, and a missing required field, are 400.
        assert_eq!(post_form(&base, "user=ada&count=five").await.0, 400);
        assert_eq!(post_form(&base, "csv=1").await.0, 400);
    }
}
