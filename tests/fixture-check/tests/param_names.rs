//! `tests/fixtures/param_names.yaml` over loopback HTTP: parameters named like the generated code's
//! own locals (`query`, `path`, `headers`, `client`, `ctx`, `server`, ...) reach the generated
//! server with their own values, and operations named like the client's own methods, like a keyword
//! or like each other get distinct methods.

use fixture_check::param_names::client::Client;
use fixture_check::param_names::server::{
    router, CloneModelResponse, ExecuteResponse, GetItems2Response, GetItemsResponse,
    RequestContext, Server, TypeResponse, UploadResponse,
};
use fixture_check::param_names::types::{Echo, Note, UploadForm};

/// Answers every operation with exactly what it received.
struct EchoServer;

impl Server for EchoServer {
    async fn execute_2(
        &self,
        _ctx: RequestContext,
        query_2: String,
        path_2: i64,
        headers_2: String,
        response_2: Option<bool>,
        client_2: Option<Vec<String>>,
        value_2: Option<String>,
        raw_2: Option<String>,
        ctx_2: Option<i32>,
        to_param_2: Option<String>,
        coerce_2: Option<String>,
        server_2: Option<String>,
        bytes_2: Option<String>,
        self_: Option<String>,
        body: Note,
    ) -> ExecuteResponse {
        ExecuteResponse::Ok(Echo {
            query: query_2,
            path: path_2,
            headers: headers_2,
            response: response_2,
            client: client_2,
            value: value_2,
            raw: raw_2,
            ctx: ctx_2,
            to_param: to_param_2,
            coerce: coerce_2,
            server: server_2,
            bytes: bytes_2,
            self_,
            body: body.text,
        })
    }

    async fn upload(
        &self,
        _ctx: RequestContext,
        form_2: Option<String>,
        multipart_2: Option<String>,
        parts_2: Option<String>,
        form: UploadForm,
    ) -> UploadResponse {
        UploadResponse::Ok(format!(
            "{} {form_2:?} {multipart_2:?} {parts_2:?}",
            form.title
        ))
    }

    async fn get_items(&self, _ctx: RequestContext) -> GetItemsResponse {
        GetItemsResponse::NoContent
    }

    async fn get_items_2(&self, _ctx: RequestContext) -> GetItems2Response {
        GetItems2Response::NoContent
    }

    async fn type_(&self, _ctx: RequestContext) -> TypeResponse {
        TypeResponse::NoContent
    }

    async fn clone_2(&self, _ctx: RequestContext) -> CloneModelResponse {
        CloneModelResponse::NoContent
    }
}

async fn serve() -> Client {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router(EchoServer)).await.unwrap() });
    Client::builder()
        .base_url(format!("http://{addr}"))
        .build()
        .unwrap()
}

#[tokio::test]
async fn parameters_named_like_generated_locals_keep_their_values() {
    let client = serve().await;
    let echo = client
        .execute_2(
            "q/1",
            42,
            "h",
            Some(true),
            Some(&vec!["c1".to_string(), "c2".to_string()]),
            Some("v"),
            Some("r"),
            Some(7),
            Some("tp"),
            Some("co"),
            Some("srv"),
            Some("by"),
            Some("me"),
            &Note { text: "t".into() },
        )
        .await
        .unwrap();
    assert_eq!(
        echo,
        Echo {
            query: "q/1".into(),
            path: 42,
            headers: "h".into(),
            response: Some(true),
            client: Some(vec!["c1".into(), "c2".into()]),
            value: Some("v".into()),
            raw: Some("r".into()),
            ctx: Some(7),
            to_param: Some("tp".into()),
            coerce: Some("co".into()),
            server: Some("srv".into()),
            bytes: Some("by".into()),
            self_: Some("me".into()),
            body: "t".into(),
        }
    );
    // Absent optional parameters stay absent.
    let echo = client
        .execute_2(
            "q",
            1,
            "h",
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            &Note { text: "t".into() },
        )
        .await
        .unwrap();
    assert_eq!((echo.value, echo.client, echo.server), (None, None, None));
}

#[tokio::test]
async fn multipart_parameters_named_like_generated_locals() {
    let client = serve().await;
    let received = client
        .upload(
            Some("f"),
            Some("m"),
            Some("p"),
            UploadForm {
                title: "title".into(),
            },
        )
        .await
        .unwrap();
    assert_eq!(received, r#"title Some("f") Some("m") Some("p")"#);
}

#[tokio::test]
async fn operations_named_like_client_methods_keywords_or_each_other() {
    let client = serve().await;
    client.get_items().await.unwrap();
    client.get_items_2().await.unwrap();
    client.type_().await.unwrap();
    client.clone_2().await.unwrap();
    // `clone` and `base_url` are still the client's own.
    assert_eq!(client.clone().base_url(), client.base_url());
}
