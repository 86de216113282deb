//! Edit one value in the structure view, save with Ctrl+S, and check that the file on disk
//! changed in exactly those bytes (comments, spacing and order untouched).

use std::time::Duration;

use trellis_e2e::{keys, App};

const COMPOSE: &str = "\
# Local development stack for the shop.
# Keep images pinned: the release pipeline reads these tags.
name: shop

services:
  web:
    image: nginx:1.25.3   # front proxy, TLS ends here
    ports:
      - \"8080:80\"
    depends_on:
      - api

  api:
    image: registry.example.com/shop/api:2.4.0
    environment:
      DATABASE_URL: postgres://shop@db:5432/shop
      LOG_LEVEL: info   # debug when chasing bugs
    depends_on: [db]

  db:
    image: postgres:16-alpine
    volumes:
      - db-data:/var/lib/postgresql/data

volumes:
  db-data: {}
";

const SETTINGS: &str = "{\n  \"theme\": \"dark\",\n  \"autosave\": false\n}\n";

#[test]
fn edit_a_value_in_the_tree_and_save_changes_only_its_bytes() {
    let Some(app) = App::launch("edit-save", |dir| {
        std::fs::write(dir.join("compose.yaml"), COMPOSE).unwrap();
        std::fs::write(dir.join("settings.json"), SETTINGS).unwrap();
    }) else {
        return;
    };
    let file = app.workspace.join("compose.yaml");

    // The first file opens by itself.
    let entry = app.find(r#"[data-testid="file-entry"][data-path="compose.yaml"]"#);
    app.click(&entry);
    app.find(r#"[data-testid="document"][data-path="compose.yaml"]"#);
    app.wait_for(
        "the saved state in the status bar",
        Duration::from_secs(20),
        |a| a.text(&a.find(r#"[data-testid="status-state"]"#)) == "Saved",
    );
    app.screenshot("edit-save-opened");

    // Click the value, replace it, press Enter.
    let value = app.find(r#"[data-testid="tree-value"][data-pointer="/services/web/image"]"#);
    assert_eq!(app.text(&value), "nginx:1.25.3");
    app.click(&value);
    app.find(r#"[data-testid="value-editor"][data-pointer="/services/web/image"]"#);
    app.chord(&[keys::CONTROL], "a");
    app.type_text("nginx:1.27");
    // Anything that redraws the window while the user types (here Ctrl+S saving the file as it
    // is; a validation result arriving does the same) leaves the text being typed alone.
    app.chord(&[keys::CONTROL], "s");
    app.wait_for(
        "the save of the unchanged file",
        Duration::from_secs(20),
        // The first save of a file records it: "Saved and committed … “Add compose.yaml”".
        |a| {
            a.text(&a.find(r#"[data-testid="status-notice"]"#))
                .starts_with("Saved and committed")
        },
    );
    let field = app.find(r#"[data-testid="value-editor"][data-pointer="/services/web/image"]"#);
    assert_eq!(app.field_value(&field), "nginx:1.27");
    app.type_text(".0");
    app.chord(&[], keys::ENTER);

    app.wait_for(
        "the edit to show as unsaved",
        Duration::from_secs(20),
        |a| a.text(&a.find(r#"[data-testid="status-state"]"#)) == "Unsaved",
    );
    let edited = app.find(r#"[data-testid="tree-value"][data-pointer="/services/web/image"]"#);
    assert_eq!(app.text(&edited), "nginx:1.27.0");
    app.wait_for("the unsaved title", Duration::from_secs(10), |a| {
        a.title() == "● compose.yaml — Trellis"
            && a.native_title().as_deref() == Some("● compose.yaml — Trellis")
    });
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        COMPOSE,
        "nothing is written before saving"
    );

    app.chord(&[keys::CONTROL], "s");
    app.wait_for("the save to finish", Duration::from_secs(20), |a| {
        a.text(&a.find(r#"[data-testid="status-state"]"#)) == "Saved"
    });
    app.wait_for("the saved title", Duration::from_secs(10), |a| {
        a.title() == "Trellis — project" && a.native_title().as_deref() == Some("Trellis — project")
    });
    app.screenshot("edit-save");

    let expected = COMPOSE.replacen("image: nginx:1.25.3 ", "image: nginx:1.27.0 ", 1);
    assert_ne!(expected, COMPOSE);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), expected);
}
