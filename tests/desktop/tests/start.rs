//! The app starts on a fresh workspace and shows the LKE tree; an area and an
//! item open from the tree, and the keyboard moves between items.

use daduk_e2e_desktop::App;
use thirtyfour::Key;

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
    app.wait_for_element_text("[data-testid=item-code]", "P.1.i.a")
        .await?;

    // j: the next item in LKE order; the focus stays in the tree.
    app.press("j").await?;
    app.wait_for_element_text("[data-testid=item-code]", "P.1.i.b")
        .await?;
    app.screenshot("03-item").await?;

    // Arrow keys walk the tree rows from the clicked one; Enter opens a row.
    app.press(Key::Down + Key::Down + Key::Enter).await?;
    app.wait_for_element_text("[data-testid=item-code]", "P.1.ii.a")
        .await?;

    app.stop().await
}
