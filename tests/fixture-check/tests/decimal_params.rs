//! `tests/fixtures/decimal_params.yaml`: decimals in a path, a query (one value and a list, each
//! required or optional), a
//! header, a urlencoded form, multipart parts and bare JSON bodies (a list of decimals in, a decimal
//! out) are sent with every digit (wiremock sees the
//! exact text) and read by the generated server with every digit, where a value a decimal cannot
//! hold is a 400 naming the parameter, never a rounding.

mod support;

use std::str::FromStr;

use fixture_check::decimal_params::client::Client;
use fixture_check::decimal_params::server::{
    router, GetPriceReply, RefundReply, RequestContext, Server, SumFeesReply, TotalReply,
    UploadInvoiceReply,
};
use fixture_check::decimal_params::types::{InvoiceUpload, Read, Refund};
use rust_decimal::Decimal;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The issue's amounts: rust_decimal's largest, its smallest step, a 28-digit negative one.
const EXACT: [&str; 3] = [
    "79228162514264337593543950335",
    "0.0000000000000000000000000001",
    "-12345678901234567890.12345678",
];

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

#[tokio::test]
async fn the_client_sends_every_digit_of_decimal_parameters() {
    let mock = MockServer::start().await;
    Mock::given(wiremock::matchers::path("/totals"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(EXACT[0], "application/json"))
        .mount(&mock)
        .await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(200).set_body_raw(r#"{"amount":1}"#, "application/json"),
        )
        .mount(&mock)
        .await;
    let client = Client::builder().base_url(mock.uri()).build().unwrap();
    let [big, small, negative] = EXACT.map(dec);
    client
        .get_price(negative, small, &vec![big, small], big)
        .cap(negative)
        .bands(&vec![small, big])
        .await
        .unwrap();
    client
        .refund(&Refund::new(small).with_reason("late".into()))
        .await
        .unwrap();
    client
        .upload_invoice(InvoiceUpload::new(big).with_lines(vec![negative, small]))
        .await
        .unwrap();
    let total = client.total(&vec![negative, small]).await.unwrap();
    assert_eq!(
        total.to_string(),
        EXACT[0],
        "the bare decimal answer is read exactly"
    );
    let requests = mock.received_requests().await.unwrap();
    assert_eq!(requests.len(), 4);
    assert_eq!(
        String::from_utf8_lossy(&requests[3].body),
        format!("[{},{}]", EXACT[2], EXACT[1]),
        "a bare list of decimals is sent as JSON numbers, every digit"
    );

    let price = &requests[0];
    assert_eq!(price.url.path(), format!("/prices/{}", EXACT[2]));
    assert_eq!(
        price.url.query(),
        Some(
            format!(
                "min={}&levels={}%2C{}&cap={}&bands={}&bands={}",
                EXACT[1], EXACT[0], EXACT[1], EXACT[2], EXACT[1], EXACT[0]
            )
            .as_str()
        )
    );
    assert_eq!(price.headers["x-limit"], EXACT[0]);

    let refund = String::from_utf8(requests[1].body.clone()).unwrap();
    assert_eq!(refund, format!("amount={}&reason=late", EXACT[1]));

    let upload = String::from_utf8_lossy(&requests[2].body).into_owned();
    for (part, value) in [
        ("amount", EXACT[0]),
        ("lines", EXACT[2]),
        ("lines", EXACT[1]),
    ] {
        // The part's text follows its headers' blank line.
        let header = format!("name=\"{part}\"");
        let sent = upload.match_indices(&header).any(|(i, _)| {
            upload[i..]
                .split_once("\r\n\r\n")
                .is_some_and(|(_, text)| text.starts_with(&format!("{value}\r\n")))
        });
        assert!(sent, "no part {part} = {value} in {upload}");
    }
}

/// Answers with what it read.
struct Echo;

impl Server for Echo {
    async fn get_price(
        &self,
        _ctx: RequestContext,
        amount: Decimal,
        min: Decimal,
        levels: Vec<Decimal>,
        x_limit: Decimal,
        cap: Option<Decimal>,
        bands: Option<Vec<Decimal>>,
    ) -> GetPriceReply {
        let mut read = Read::new().with_amount(amount).with_min(min);
        read.cap = cap;
        read.bands = bands;
        GetPriceReply::Success(read.with_levels(levels).with_limit(x_limit))
    }

    async fn refund(&self, _ctx: RequestContext, body: Refund) -> RefundReply {
        RefundReply::Success(body)
    }

    async fn total(&self, _ctx: RequestContext, body: Vec<Decimal>) -> TotalReply {
        TotalReply::Success(body.into_iter().sum())
    }

    async fn sum_fees(
        &self,
        _ctx: RequestContext,
        rate: Decimal,
        body: Vec<Decimal>,
    ) -> SumFeesReply {
        SumFeesReply::Success(body.into_iter().sum::<Decimal>() * rate)
    }

    async fn upload_invoice(
        &self,
        _ctx: RequestContext,
        form: InvoiceUpload,
    ) -> UploadInvoiceReply {
        UploadInvoiceReply::Success(
            Read::new()
                .with_amount(form.amount)
                .with_levels(form.lines.unwrap_or_default()),
        )
    }
}

async fn serve() -> String {
    support::serve(router(Echo)).await
}

#[tokio::test]
async fn the_server_reads_every_digit_through_the_client() {
    let base = serve().await;
    let client = Client::builder().base_url(&base).build().unwrap();
    let [big, small, negative] = EXACT.map(dec);
    let read = client
        .get_price(negative, small, &vec![big, small], big)
        .cap(big)
        .bands(&vec![negative, small])
        .await
        .unwrap();
    assert_eq!(read.amount.unwrap().to_string(), EXACT[2]);
    assert_eq!(read.cap.unwrap().to_string(), EXACT[0]);
    assert_eq!(read.bands.unwrap(), vec![negative, small]);
    assert_eq!(read.min.unwrap().to_string(), EXACT[1]);
    assert_eq!(read.levels.unwrap(), vec![big, small]);
    assert_eq!(read.limit.unwrap().to_string(), EXACT[0]);

    let refund = client.refund(&Refund::new(negative)).await.unwrap();
    assert_eq!(refund.amount.to_string(), EXACT[2]);

    let read = client
        .upload_invoice(InvoiceUpload::new(small).with_lines(vec![big, negative]))
        .await
        .unwrap();
    assert_eq!(read.amount.unwrap().to_string(), EXACT[1]);
    assert_eq!(read.levels.unwrap(), vec![big, negative]);

    let total = client.total(&vec![small, small]).await.unwrap();
    assert_eq!(total.to_string(), "0.0000000000000000000000000002");
    let total = client.total(&vec![big]).await.unwrap();
    assert_eq!(total.to_string(), EXACT[0]);
}

/// A GET of `path` on the generated server: the status and the body.
async fn get(base: &str, path: &str, limit: &str) -> (u16, String) {
    let response = reqwest::Client::new()
        .get(format!("{base}{path}"))
        .header("x-limit", limit)
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

#[tokio::test]
async fn the_server_reads_exponents_exactly_and_refuses_what_a_decimal_cannot_hold() {
    let base = serve().await;
    let (status, body) = get(&base, "/prices/1e3?min=2.5E-3&levels=1,2", "-1.25e2").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        body,
        r#"{"amount":1000,"min":0.0025,"levels":[1,2],"limit":-125}"#
    );
    for (path, limit, name) in [
        (
            "/prices/79228162514264337593543950336?min=1&levels=1",
            "1",
            "amount",
        ),
        (
            "/prices/1?min=0.00000000000000000000000000001&levels=1",
            "1",
            "min",
        ),
        ("/prices/1?min=1&levels=1,1e29", "1", "levels"),
        ("/prices/1?min=1&levels=1", "12a", "X-Limit"),
    ] {
        let (status, body) = get(&base, path, limit).await;
        assert_eq!(status, 400, "{path}: {body}");
        assert!(body.contains(&format!("`{name}`")), "{path}: {body}");
    }
    // A urlencoded form: exact, and a value out of range named.
    for (form, expected) in [
        (
            format!("amount={}&reason=x", EXACT[0]),
            Ok(format!(r#"{{"amount":{},"reason":"x"}}"#, EXACT[0])),
        ),
        (
            "amount=0.00000000000000000000000000001".to_string(),
            Err("amount"),
        ),
    ] {
        let response = reqwest::Client::new()
            .post(format!("{base}/refunds"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(form.clone())
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        let body = response.text().await.unwrap();
        match expected {
            Ok(echo) => {
                assert_eq!(status, 200, "{form}: {body}");
                assert_eq!(body, echo);
            }
            Err(name) => {
                assert_eq!(status, 400, "{form}: {body}");
                assert!(
                    body.contains(name) && body.contains("decimal places"),
                    "{body}"
                );
            }
        }
    }
}

#[tokio::test]
async fn string_decimals_travel_as_strings_in_bodies_and_as_digits_in_parameters() {
    let mock = MockServer::start().await;
    Mock::given(wiremock::matchers::path("/fees"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw(format!("\"{}\"", EXACT[2]), "application/json"),
        )
        .mount(&mock)
        .await;
    let client = Client::builder().base_url(mock.uri()).build().unwrap();
    let [big, small, _] = EXACT.map(dec);
    let answer = client.sum_fees(small, &vec![big, small]).await.unwrap();
    assert_eq!(
        answer.to_string(),
        EXACT[2],
        "the bare string decimal is read exactly"
    );
    let requests = mock.received_requests().await.unwrap();
    assert_eq!(
        requests[0].url.query(),
        Some(format!("rate={}", EXACT[1]).as_str())
    );
    assert_eq!(
        String::from_utf8_lossy(&requests[0].body),
        format!("[\"{}\",\"{}\"]", EXACT[0], EXACT[1]),
        "a list of string decimals is sent as JSON strings, every digit"
    );

    // Through the generated server: read as strings, answered as a string.
    let base = serve().await;
    let client = Client::builder().base_url(&base).build().unwrap();
    let answer = client
        .sum_fees(
            dec("2"),
            &vec![dec("1.25"), dec("0.0000000000000000000000000001")],
        )
        .await
        .unwrap();
    assert_eq!(answer.to_string(), "2.5000000000000000000000000002");
    // The server refuses numbers where the spec says strings.
    let refused = reqwest::Client::new()
        .post(format!("{base}/fees?rate=1"))
        .header("content-type", "application/json")
        .body("[1.5]")
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 400);
}
