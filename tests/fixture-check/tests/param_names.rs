//! `tests/fixtures/param_names.yaml` over loopback HTTP: parameters named like what the generated
//! code binds or calls beside them (`query`, `path`, `headers`, `client`, `ctx`, `server`,
//! `coerce`, ...) reach the generated server with their own values, and operations named like the
//! client's own methods, an `Arc`'s, a keyword or each other get distinct methods.

mod support;

use fixture_check::param_names::client::Client;
use fixture_check::param_names::server::*;
use fixture_check::param_names::types::{Echo, Note, UploadForm};

/// Answers every operation with exactly what it received.
struct EchoServer;

impl Server for EchoServer {
    async fn execute(
        &self,
        _ctx: RequestContext,
        query: String,
        path: i64,
        headers: String,
        response: Option<bool>,
        client_2: Option<Vec<String>>,
        value: Option<String>,
        raw: Option<String>,
        ctx_2: Option<i32>,
        to_param: Option<String>,
        coerce: Option<String>,
        server: Option<String>,
        bytes: Option<String>,
        self_: Option<String>,
        body: Note,
    ) -> ExecuteReply {
        let mut echo = Echo::new(query, path, headers, body.text);
        echo.response = response;
        echo.client = client_2;
        echo.value = value;
        echo.raw = raw;
        echo.ctx = ctx_2;
        echo.to_param = to_param;
        echo.coerce = coerce;
        echo.server = server;
        echo.bytes = bytes;
        echo.self_ = self_;
        ExecuteReply::Success(echo)
    }

    async fn upload(
        &self,
        _ctx: RequestContext,
        form_2: Option<String>,
        multipart: Option<String>,
        parts: Option<String>,
        form: UploadForm,
    ) -> UploadReply {
        UploadReply::Success(format!("{} {form_2:?} {multipart:?} {parts:?}", form.title))
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

    async fn locals(
        &self,
        _ctx: RequestContext,
        server: Option<String>,
        path: Option<String>,
        query: Option<String>,
        headers: Option<String>,
        multipart: Option<String>,
        bytes: Option<String>,
        raw: Option<String>,
        object: Option<String>,
        present: Option<String>,
        value: Option<String>,
        items: Option<String>,
        parts: Option<String>,
        form: Option<String>,
        body: Option<String>,
        ctx_2: Option<String>,
        self_: Option<String>,
        client_2: Option<String>,
        send_2: Option<String>,
        send_with_response_2: Option<String>,
        into_exchange_2: Option<String>,
        response_headers: Option<String>,
        response: Option<String>,
        bad_request: Option<String>,
        coerce: Option<String>,
        coerce_list: Option<String>,
        coerce_json: Option<String>,
        query_values: Option<String>,
        split_list: Option<String>,
        segment_param: Option<String>,
        deep_object: Option<String>,
        read_multipart: Option<String>,
        read_form: Option<String>,
        form_json: Option<String>,
        form_number: Option<String>,
        json_body: Option<String>,
        empty_response: Option<String>,
        required: Option<String>,
        header_one: Option<String>,
        header_split: Option<String>,
        read_optional_multipart: Option<String>,
        optional: Option<String>,
        cookie_one: Option<String>,
        cookie_split: Option<String>,
        reply: Option<String>,
        or_default: Option<String>,
        limit: Option<i64>,
        x_trace: Option<String>,
        x_tags: Option<Vec<String>>,
        session: Option<String>,
        flavours: Option<Vec<String>>,
        must: String,
    ) -> LocalsReply {
        let received = [
            ("server", server),
            ("path", path),
            ("query", query),
            ("headers", headers),
            ("multipart", multipart),
            ("bytes", bytes),
            ("raw", raw),
            ("object", object),
            ("present", present),
            ("value", value),
            ("items", items),
            ("parts", parts),
            ("form", form),
            ("body", body),
            ("ctx", ctx_2),
            ("self", self_),
            ("client", client_2),
            ("send", send_2),
            ("send_with_response", send_with_response_2),
            ("into_exchange", into_exchange_2),
            ("response_headers", response_headers),
            ("response", response),
            ("bad_request", bad_request),
            ("coerce", coerce),
            ("coerce_list", coerce_list),
            ("coerce_json", coerce_json),
            ("query_values", query_values),
            ("split_list", split_list),
            ("segment_param", segment_param),
            ("deep_object", deep_object),
            ("read_multipart", read_multipart),
            ("read_form", read_form),
            ("form_json", form_json),
            ("form_number", form_number),
            ("json_body", json_body),
            ("empty_response", empty_response),
            ("required", required),
            ("header_one", header_one),
            ("header_split", header_split),
            ("read_optional_multipart", read_optional_multipart),
            ("optional", optional),
            ("cookie_one", cookie_one),
            ("cookie_split", cookie_split),
            ("reply", reply),
            ("or_default", or_default),
            ("limit", limit.map(|l| l.to_string())),
            ("X-Trace", x_trace),
            ("X-Tags", x_tags.map(|t| t.join("+"))),
            ("session", session),
            ("flavours", flavours.map(|f| f.join("+"))),
            ("must", Some(must)),
        ];
        let joined: Vec<String> = received
            .into_iter()
            .filter_map(|(name, value)| value.map(|v| format!("{name}={v}")))
            .collect();
        LocalsReply::Success(joined.join("&"))
    }

    async fn builder_2(&self, _ctx: RequestContext) -> BuilderReply {
        BuilderReply::NoContent
    }

    async fn base_url_2(&self, _ctx: RequestContext) -> BaseUrlReply {
        BaseUrlReply::NoContent
    }

    async fn execute_in(&self, _ctx: RequestContext) -> ExecuteInReply {
        ExecuteInReply::NoContent
    }

    async fn build(&self, _ctx: RequestContext) -> BuildReply {
        BuildReply::NoContent
    }

    async fn send_with_retries(&self, _ctx: RequestContext) -> SendWithRetriesReply {
        SendWithRetriesReply::NoContent
    }

    async fn backoff(&self, _ctx: RequestContext) -> BackoffReply {
        BackoffReply::NoContent
    }

    async fn attempt(&self, _ctx: RequestContext) -> AttemptReply {
        AttemptReply::NoContent
    }

    async fn finish(&self, _ctx: RequestContext) -> FinishReply {
        FinishReply::NoContent
    }

    async fn read(&self, _ctx: RequestContext) -> ReadReply {
        ReadReply::NoContent
    }

    async fn clone_from_2(&self, _ctx: RequestContext) -> CloneFromReply {
        CloneFromReply::NoContent
    }

    async fn to_owned_2(&self, _ctx: RequestContext) -> ToOwnedReply {
        ToOwnedReply::NoContent
    }

    async fn into_2(&self, _ctx: RequestContext) -> IntoModelReply {
        IntoModelReply::NoContent
    }

    async fn as_ref_2(&self, _ctx: RequestContext) -> AsRefReply {
        AsRefReply::NoContent
    }

    async fn borrow_2(&self, _ctx: RequestContext) -> BorrowReply {
        BorrowReply::NoContent
    }

    async fn fmt_2(&self, _ctx: RequestContext) -> FmtReply {
        FmtReply::NoContent
    }

    async fn type_id_2(&self, _ctx: RequestContext) -> TypeIdReply {
        TypeIdReply::NoContent
    }
}

async fn serve() -> Client {
    let base = support::serve(router(EchoServer)).await;
    Client::builder().base_url(base).build().unwrap()
}

#[tokio::test]
async fn parameters_named_like_generated_locals_keep_their_values() {
    let client = serve().await;
    let clients = vec!["c1".to_string(), "c2".to_string()];
    let echo = client
        .execute("q/1", 42, "h", &Note::new("t".into()))
        .response(true)
        .client_2(&clients)
        .value("v")
        .raw("r")
        .ctx_2(7)
        .to_param("tp")
        .coerce("co")
        .server("srv")
        .bytes("by")
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
        .execute("q", 1, "h", &Note::new("t".into()))
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
        .multipart("m")
        .parts("p")
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
    client.builder_2().await.unwrap();
    client.base_url_2().await.unwrap();
    client.execute_in().await.unwrap();
    client.build().await.unwrap();
    client.send_with_retries().await.unwrap();
    client.backoff().await.unwrap();
    client.attempt().await.unwrap();
    client.finish().await.unwrap();
    client.read().await.unwrap();
    client.clone_from_2().await.unwrap();
    client.to_owned_2().await.unwrap();
    client.into_2().await.unwrap();
    client.as_ref_2().await.unwrap();
    client.borrow_2().await.unwrap();
    client.fmt_2().await.unwrap();
    client.type_id_2().await.unwrap();
    // `clone` and `base_url` are still the client's own.
    assert_eq!(client.clone().base_url(), client.base_url());
}

#[tokio::test]
async fn parameters_named_like_every_reserved_name_keep_their_values() {
    let client = serve().await;
    let received = client
        .locals("must-value")
        .server("server-value")
        .path("path-value")
        .query("query-value")
        .headers("headers-value")
        .multipart("multipart-value")
        .bytes("bytes-value")
        .raw("raw-value")
        .object("object-value")
        .present("present-value")
        .value("value-value")
        .items("items-value")
        .parts("parts-value")
        .form("form-value")
        .body("body-value")
        .ctx_2("ctx-value")
        .self_("self-value")
        .client_2("client-value")
        .send_2("send-value")
        .send_with_response_2("send_with_response-value")
        .into_exchange_2("into_exchange-value")
        .response_headers("response_headers-value")
        .response("response-value")
        .bad_request("bad_request-value")
        .coerce("coerce-value")
        .coerce_list("coerce_list-value")
        .coerce_json("coerce_json-value")
        .query_values("query_values-value")
        .split_list("split_list-value")
        .segment_param("segment_param-value")
        .deep_object("deep_object-value")
        .read_multipart("read_multipart-value")
        .read_form("read_form-value")
        .form_json("form_json-value")
        .form_number("form_number-value")
        .json_body("json_body-value")
        .empty_response("empty_response-value")
        .required("required-value")
        .header_one("header_one-value")
        .header_split("header_split-value")
        .read_optional_multipart("read_optional_multipart-value")
        .optional("optional-value")
        .cookie_one("cookie_one-value")
        .cookie_split("cookie_split-value")
        .reply("reply-value")
        .or_default("or_default-value")
        .x_trace("x-trace-value")
        .x_tags(&vec!["a".to_string(), "b".to_string()])
        .session("session-value")
        .flavours(&vec!["mint".to_string(), "lime".to_string()])
        .await
        .unwrap();
    assert_eq!(
        received,
        "server=server-value&path=path-value&query=query-value&headers=headers-value&multipart=multipart-value&bytes=bytes-value&raw=raw-value&object=object-value&present=present-value&value=value-value&items=items-value&parts=parts-value&form=form-value&body=body-value&ctx=ctx-value&self=self-value&client=client-value&send=send-value&send_with_response=send_with_response-value&into_exchange=into_exchange-value&response_headers=response_headers-value&response=response-value&bad_request=bad_request-value&coerce=coerce-value&coerce_list=coerce_list-value&coerce_json=coerce_json-value&query_values=query_values-value&split_list=split_list-value&segment_param=segment_param-value&deep_object=deep_object-value&read_multipart=read_multipart-value&read_form=read_form-value&form_json=form_json-value&form_number=form_number-value&json_body=json_body-value&empty_response=empty_response-value&required=required-value&header_one=header_one-value&header_split=header_split-value&read_optional_multipart=read_optional_multipart-value&optional=optional-value&cookie_one=cookie_one-value&cookie_split=cookie_split-value&reply=reply-value&or_default=or_default-value&limit=10&X-Trace=x-trace-value&X-Tags=a+b&session=session-value&flavours=mint+lime&must=must-value"
    );
}
