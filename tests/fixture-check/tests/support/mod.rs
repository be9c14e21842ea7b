//! What the wire tests share: a generated router served over loopback.

/// Serves `router` on a fresh loopback port, in the background for the rest of the test, and
/// returns its base URL (`http://127.0.0.1:<port>`).
pub async fn serve(router: axum::Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    base
}
