//! The app starts on a fresh workspace and shows the LKE tree; an area and an
//! item open from the tree.

use daduk_e2e_desktop::App;

#[tokio::test]
#[ignore = "needs Xvfb and tauri-driver: run cargo xtask test"]
async fn the_app_starts_and_shows_the_lke_tree() -> anyhow::Result<()> {
    let app = App::start("start").await?;
    app.wait_for_text("Manajemen Perubahan").await?;
    app.wait_for_text("Pemenuhan").await?;
    app.wait_for_text("Hasil").await?;
    app.screenshot("01-start").await?;

    app.click("[data-tree-area='P.1']").await?;
    app.wait_for_text("Penyusunan Tim Kerja").await?;
    app.screenshot("02-area").await?;

    app.click("[data-tree-item='P.1.i.a']").await?;
    app.wait_for_text("Data dukung yang diperlukan").await?;
    app.screenshot("03-item").await?;

    app.stop().await
}
