//! `tests/fixtures/route_shapes.yaml` over loopback HTTP: the generated router serves a parameter
//! that shares its segment with literal text (Twilio's `/Accounts/{Sid}.json`), keeps the first of
//! two paths that differ only in parameter names (Xero), dispatches Google-style custom methods
//! that share a route (`/users/{user}` and `/users/{user}:getStats`), serves literal segments
//! that axum would take for its old capture syntax (`/instances/{instance}/*`, `/v1/:batchGet`),
//! and builds without panicking; the client reaches every operation, and sends the query string
//! a path holds (LXD's `/1.0/images?recursion=1`, Dropbox's `?refresh`) as query pairs, which the
//! server routes by.

mod support;

use fixture_check::route_shapes::client::Client;
use fixture_check::route_shapes::server::{
    router, AddGroupMembersReply, BatchGetReply, CopyMapReply, FetchAccountReply,
    GetAttachmentByIdReply, GetInstanceSettingReply, GetReportReply, GetUserReply,
    GetUserStatsReply, ListAccountsDeepReply, ListAccountsFreshReply, ListAccountsReply,
    ListInstanceSettingsReply, RemoveGroupMembersReply, RequestContext, Server, UpdateCallReply,
};

/// Answers with the parameters it received.
struct Accounts;

impl Server for Accounts {
    async fn list_accounts(&self, _ctx: RequestContext) -> ListAccountsReply {
        ListAccountsReply::Success(vec!["AC1".into()])
    }

    async fn list_accounts_deep(&self, _ctx: RequestContext) -> ListAccountsDeepReply {
        ListAccountsDeepReply::Success(vec!["AC1".into(), "AC1/sub".into()])
    }

    async fn list_accounts_fresh(&self, _ctx: RequestContext) -> ListAccountsFreshReply {
        ListAccountsFreshReply::Success(vec!["AC1 (fresh)".into()])
    }

    async fn fetch_account(&self, _ctx: RequestContext, sid: String) -> FetchAccountReply {
        FetchAccountReply::Success(sid)
    }

    async fn update_call(
        &self,
        _ctx: RequestContext,
        account_sid: String,
        sid: i64,
    ) -> UpdateCallReply {
        UpdateCallReply::Success(format!("{account_sid}/{sid}"))
    }

    async fn get_attachment_by_id(
        &self,
        _ctx: RequestContext,
        file_id: String,
        attachment_id: String,
    ) -> GetAttachmentByIdReply {
        GetAttachmentByIdReply::Success(format!("{file_id}/{attachment_id} by id"))
    }

    async fn get_report(
        &self,
        _ctx: RequestContext,
        name: String,
        format: String,
    ) -> GetReportReply {
        GetReportReply::Success(format!("{name} as {format}"))
    }

    async fn get_user(&self, _ctx: RequestContext, user: String) -> GetUserReply {
        GetUserReply::Success(format!("user {user}"))
    }

    async fn get_user_stats(&self, _ctx: RequestContext, user: String) -> GetUserStatsReply {
        GetUserStatsReply::Success(format!("stats of {user}"))
    }

    async fn add_group_members(&self, _ctx: RequestContext, id: String) -> AddGroupMembersReply {
        AddGroupMembersReply::Success(format!("added to {id}"))
    }

    async fn remove_group_members(
        &self,
        _ctx: RequestContext,
        group_id: String,
    ) -> RemoveGroupMembersReply {
        RemoveGroupMembersReply::Success(format!("removed from {group_id}"))
    }

    async fn list_instance_settings(
        &self,
        _ctx: RequestContext,
        instance: String,
    ) -> ListInstanceSettingsReply {
        ListInstanceSettingsReply::Success(format!("every setting of {instance}"))
    }

    async fn get_instance_setting(
        &self,
        _ctx: RequestContext,
        instance: String,
        setting: String,
    ) -> GetInstanceSettingReply {
        GetInstanceSettingReply::Success(format!("{setting} of {instance}"))
    }

    async fn batch_get(&self, _ctx: RequestContext) -> BatchGetReply {
        BatchGetReply::Success("a batch".into())
    }

    async fn copy_map(&self, _ctx: RequestContext, account: String, map: String) -> CopyMapReply {
        CopyMapReply::Success(format!("{map} of {account}"))
    }
}

/// The body of a GET of `url`.
async fn text_of(url: String) -> String {
    reqwest::get(url).await.unwrap().text().await.unwrap()
}

async fn serve() -> (Client, String) {
    let base = support::serve(router(Accounts)).await;
    (Client::builder().base_url(&base).build().unwrap(), base)
}

#[tokio::test]
async fn a_parameter_beside_literal_text_in_its_segment() {
    let (client, base) = serve().await;
    assert_eq!(client.list_accounts().await.unwrap(), vec!["AC1"]);
    assert_eq!(client.fetch_account("AC1").await.unwrap(), "AC1");
    // The literal text is stripped after percent-decoding, and only from the ends.
    assert_eq!(client.fetch_account("a.json b").await.unwrap(), "a.json b");
    assert_eq!(client.update_call("AC1", 42).await.unwrap(), "AC1/42");
    // Without the literal suffix the path is not the operation's.
    let status = reqwest::get(format!("{base}/Accounts/AC1.xml"))
        .await
        .unwrap()
        .status();
    assert_eq!(status, 404);
    let status = reqwest::get(format!("{base}/Accounts/AC1"))
        .await
        .unwrap()
        .status();
    assert_eq!(status, 404);
}

#[tokio::test]
async fn paths_differing_only_in_parameter_names_route_to_the_first() {
    let (client, _) = serve().await;
    assert_eq!(
        client.get_attachment_by_id("f1", "a1").await.unwrap(),
        "f1/a1 by id"
    );
    // The client still has the second operation; the server answers it as the first.
    assert_eq!(
        client.get_attachment_by_name("f1", "x.pdf").await.unwrap(),
        "f1/x.pdf by id"
    );
}

#[tokio::test]
async fn two_parameters_in_one_segment_are_split_at_the_last_separator() {
    let (client, base) = serve().await;
    assert_eq!(client.get_report("q1", "csv").await.unwrap(), "q1 as csv");
    // A dot in the name stays in the name; the extension is what follows the last one.
    assert_eq!(
        client.get_report("q1.final", "csv").await.unwrap(),
        "q1.final as csv"
    );
    // A segment without the separator is not this route's.
    let status = reqwest::get(format!("{base}/reports/q1"))
        .await
        .unwrap()
        .status();
    assert_eq!(status, 404);
}

#[tokio::test]
async fn custom_methods_sharing_a_route_reach_their_own_operations() {
    let (client, base) = serve().await;
    assert_eq!(client.get_user("u1").await.unwrap(), "user u1");
    assert_eq!(client.get_user_stats("u1").await.unwrap(), "stats of u1");
    // A user whose name holds the suffix's text elsewhere is still a user.
    assert_eq!(
        client.get_user("a:getStatsb").await.unwrap(),
        "user a:getStatsb"
    );
    assert_eq!(client.add_group_members("g1").await.unwrap(), "added to g1");
    assert_eq!(
        client.remove_group_members("g1").await.unwrap(),
        "removed from g1"
    );
    // A `:` sent percent-encoded is the same path.
    let text = text_of(format!("{base}/users/u2%3AgetStats")).await;
    assert_eq!(text, "stats of u2");
    // A segment no operation of the method has is not found.
    let status = reqwest::Client::new()
        .post(format!("{base}/groups/g1:rename"))
        .send()
        .await
        .unwrap()
        .status();
    assert_eq!(status, 404);
}

#[tokio::test]
async fn literal_segments_starting_with_a_colon_or_star_are_served() {
    let (client, base) = serve().await;
    assert_eq!(
        client.list_instance_settings("i1").await.unwrap(),
        "every setting of i1"
    );
    assert_eq!(
        client.get_instance_setting("i1", "theme").await.unwrap(),
        "theme of i1"
    );
    // A setting named `**` is a setting; `%2A` is the literal `*` percent-encoded.
    assert_eq!(
        client.get_instance_setting("i1", "**").await.unwrap(),
        "** of i1"
    );
    let text = text_of(format!("{base}/instances/i1/%2A")).await;
    assert_eq!(text, "every setting of i1");
    assert_eq!(client.batch_get().await.unwrap(), "a batch");
    // The literal is checked: another segment there is not the operation's.
    let http = reqwest::Client::new();
    for path in ["/v1/batchGet", "/v1/:batchGets", "/v1/x"] {
        let status = http
            .post(format!("{base}{path}"))
            .send()
            .await
            .unwrap()
            .status();
        assert_eq!(status, 404, "{path}");
    }
}

#[tokio::test]
async fn a_variable_the_path_names_twice_is_one_parameter_sent_in_both_places() {
    let (client, base) = serve().await;
    assert_eq!(client.copy_map("A1", "M7").await.unwrap(), "M7 of A1");
    // The second place is the same parameter: the server reads the first, and `map` from its
    // own place, after both.
    let reply = reqwest::Client::new()
        .put(format!("{base}/accounts/A1/copies/B2/maps/M7"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(reply, "M7 of A1");
}

#[tokio::test]
async fn a_query_string_in_the_path_is_sent_as_query_pairs_and_routed_by() {
    let mock = wiremock::MockServer::start().await;
    wiremock::Mock::given(wiremock::matchers::path("/Accounts.json"))
        .and(wiremock::matchers::query_param("recursion", "1"))
        .respond_with(wiremock::ResponseTemplate::new(200).set_body_json(["AC1", "AC2"]))
        .mount(&mock)
        .await;
    let client = Client::builder().base_url(mock.uri()).build().unwrap();
    assert_eq!(client.list_accounts_deep().await.unwrap(), ["AC1", "AC2"]);
    let sent = mock.received_requests().await.unwrap();
    assert_eq!(sent[0].url.path(), "/Accounts.json");
    assert_eq!(sent[0].url.query(), Some("recursion=1"));
    // The generated server routes each by its query: with `recursion=1` to this one, without it
    // to the other.
    let (client, base) = serve().await;
    assert_eq!(
        client.list_accounts_deep().await.unwrap(),
        ["AC1", "AC1/sub"]
    );
    assert_eq!(client.list_accounts().await.unwrap(), ["AC1"]);
    let deep = text_of(format!("{base}/Accounts.json?x=2&recursion=1")).await;
    assert_eq!(deep, r#"["AC1","AC1/sub"]"#);
    let shallow = text_of(format!("{base}/Accounts.json?recursion=2")).await;
    assert_eq!(shallow, r#"["AC1"]"#);
}

#[tokio::test]
async fn a_query_key_without_a_value_in_the_path_is_sent_without_an_equals_sign() {
    let mock = wiremock::MockServer::start().await;
    wiremock::Mock::given(wiremock::matchers::path("/Accounts.json"))
        .respond_with(wiremock::ResponseTemplate::new(200).set_body_json(["AC1"]))
        .mount(&mock)
        .await;
    let client = Client::builder().base_url(mock.uri()).build().unwrap();
    assert_eq!(client.list_accounts_fresh().await.unwrap(), ["AC1"]);
    let sent = mock.received_requests().await.unwrap();
    assert_eq!(sent[0].url.query(), Some("refresh"));
    // The server routes `?refresh` and `?refresh=` alike to it, and no query to the other.
    let (client, base) = serve().await;
    assert_eq!(client.list_accounts_fresh().await.unwrap(), ["AC1 (fresh)"]);
    assert_eq!(
        text_of(format!("{base}/Accounts.json?refresh=")).await,
        r#"["AC1 (fresh)"]"#
    );
    assert_eq!(text_of(format!("{base}/Accounts.json")).await, r#"["AC1"]"#);
}
