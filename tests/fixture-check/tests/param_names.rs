//! `tests/fixtures/param_names.yaml` over loopback HTTP: parameters named like the generated code's
//! own locals (`query`, `path`, `headers`, `client`, `ctx`, `server`, ...) reach the generated
//! server with their own values, and operations named like the client's own methods, like a keyword
//! or like each other get distinct methods.

use fixture_check::param_names::client::Client;
use fixture_check::param_names::server::{
    router, CloneModelReply, ExecuteReply, GetItems2Reply, GetItemsReply, RequestContext, Server,
    TypeReply, UploadReply,
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
    ) -> ExecuteReply {
        let mut echo = Echo::new(query_2, path_2, headers_2, body.text);
        echo.response = response_2;
        echo.client = client_2;
        echo.value = value_2;
        echo.raw = raw_2;
        echo.ctx = ctx_2;
        echo.to_param = to_param_2;
        echo.coerce = coerce_2;
        echo.server = server_2;
        echo.bytes = bytes_2;
        echo.self_ = self_;
        ExecuteReply::Success(echo)
    }

    async fn upload(
        &self,
        _ctx: RequestContext,
        form_2: Option<String>,
        multipart_2: Option<String>,
        parts_2: Option<String>,
        form: UploadForm,
    ) -> UploadReply {
        UploadReply::Success(format!(
            "{} {form_2:?} {multipart_2:?} {parts_2:?}",
            form.title
        ))
    }

    async fn get_items(&self, _ctx: RequestContext) -> GetItemsReply {
        GetItemsReply::NoContent
    }

    async fn get_items_2(&self, _ctx: RequestContext) -> GetItems2Reply {
        GetItems2Reply::NoContent
    }

    async fn type_(&self, _ctx: RequestContext) -> TypeReply {
        TypeReply::NoContent
    }

    async fn clone_2(&self, _ctx: RequestContext) -> CloneModelReply {
        CloneModelReply::NoContent
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
    let clients = vec!["c1".to_string(), "c2".to_string()];
    let echo = client
        .execute_2("q/1", 42, "h", &Note::new("t".into()))
        .response_2(true)
        .client_2(&clients)
        .value_2("v")
        .raw_2("r")
        .ctx_2(7)
        .to_param_2("tp")
        .coerce_2("co")
        .server_2("srv")
        .bytes_2("by")
        .self_("me")
        .await
        .unwrap();
    assert_eq!(
        echo,
        Echo::new("q/1".into(), 42, "h".into(), "t".into())
            .with_response(true)
            .with_client(vec!["c1".into(), "c2".into()])
            .with_value("v".into())
            .with_raw("r".into())
            .with_ctx(7)
            .with_to_param("tp".into())
            .with_coerce("co".into())
            .with_server("srv".into())
            .with_bytes("by".into())
            .with_self_("me".into())
    );
    // Absent optional parameters stay absent.
    let echo = client
        .execute_2("q", 1, "h", &Note::new("t".into()))
        .await
        .unwrap();
    assert_eq!((echo.value, echo.client, echo.server), (None, None, None));
}

#[tokio::test]
async fn multipart_parameters_named_like_generated_locals() {
    let client = serve().await;
    let received = client
        .upload(UploadForm::new("title".into()))
        .form_2("f")
        .multipart_2("m")
        .parts_2("p")
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
