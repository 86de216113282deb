//! The inspector's nested editors, in the real window: a service's list of ports (add an
//! item, type it, remove one), an object that is not set yet (added, then a field inside it
//! filled) and a map inside a choice of variants (`environment`: a map or a list) edited in
//! place; each one a small change to the file, saved with comments kept.

use std::time::Duration;

use trellis_e2e::{keys, App};

const WAIT: Duration = Duration::from_secs(20);

const COMPOSE: &str = "\
# The web stack.
services:
  web:
    image: nginx:1.27
    ports:
      - \"8080:80\"   # public
    environment:
      LOG_LEVEL: info
";

fn field(pointer: &str) -> String {
    format!(r#"[data-testid="inspector-input"][data-pointer="{pointer}"]"#)
}

fn replace_value(app: &App, css: &str, text: &str) {
    let el = app.find(css);
    app.click(&el);
    app.chord(&[keys::CONTROL], "a");
    app.type_text(text);
    app.chord(&[], keys::TAB);
}

fn text_now(app: &App) -> String {
    app.text(&app.find(r#"[data-testid="source-editor-text"]"#));
    app.script(
        "return document.querySelector('[data-testid=source-editor-text]').value;",
        vec![],
    )
    .as_str()
    .unwrap_or_default()
    .to_string()
}

#[test]
fn lists_objects_and_variants_are_edited_in_the_inspector() {
    let Some(app) = App::launch("inspector-nested", |dir| {
        std::fs::write(dir.join("compose.yaml"), COMPOSE).unwrap();
    }) else {
        return;
    };
    app.wait_settled();
    app.click(&app.find(r#"[data-testid="view-canvas"]"#));
    app.click(&app.find(r#"[data-testid="canvas-source-toggle"]"#));
    let web = app.find(r#"[data-testid="canvas-node"][data-id="/services/web"] .canvas-node-box"#);
    app.click_at(&web);
    app.find(r#"[data-testid="inspector"][data-id="/services/web"]"#);

    // The map inside `environment` (a map or a list): its entry is edited in place.
    replace_value(&app, &field("/services/web/environment/LOG_LEVEL"), "debug");
    app.wait_for("the new log level", WAIT, |a| {
        text_now(a).contains("LOG_LEVEL: debug")
    });

    // Ports: add an item, type it.
    app.click(
        &app.find(r#"[data-testid="inspector-add-item"][data-pointer="/services/web/ports"]"#),
    );
    app.wait_for("the new port item", WAIT, |a| {
        a.count(&field("/services/web/ports/1")) == 1
    });
    replace_value(&app, &field("/services/web/ports/1"), "9090:90");
    app.wait_for("the typed port", WAIT, |a| text_now(a).contains("9090:90"));

    // An object not set yet: add it, then fill a field inside it.
    app.click(
        &app.find(
            r#"[data-testid="inspector-add-object"][data-pointer="/services/web/healthcheck"]"#,
        ),
    );
    app.wait_for("the health check's fields", WAIT, |a| {
        a.count(&field("/services/web/healthcheck/interval")) == 1
    });
    replace_value(&app, &field("/services/web/healthcheck/interval"), "30s");
    app.wait_for("the interval", WAIT, |a| {
        text_now(a).contains("interval: 30s")
    });
    app.screenshot("inspector-nested");

    // Remove the first port; one undo brings it back, redo removes it again.
    app.click(
        &app.find(r#"[data-testid="inspector-remove"][data-pointer="/services/web/ports/0"]"#),
    );
    app.wait_for("the first port gone", WAIT, |a| {
        !text_now(a).contains("8080:80")
    });
    app.click(&app.find(r#"[data-testid="undo"]"#));
    app.wait_for("the first port back", WAIT, |a| {
        text_now(a).contains("\"8080:80\"   # public")
    });
    app.click(&app.find(r#"[data-testid="redo"]"#));
    app.wait_for("the first port gone again", WAIT, |a| {
        !text_now(a).contains("8080:80")
    });

    app.click(&app.find(r#"[data-testid="save"]"#));
    app.wait_for("the save", WAIT, |a| {
        a.count(r#"[data-testid="dirty-indicator"]"#) == 0
    });
    let saved = std::fs::read_to_string(app.workspace.join("compose.yaml")).unwrap();
    assert!(saved.starts_with("# The web stack.\n"), "{saved}");
    let value: serde_yaml::Value = serde_yaml::from_str(&saved).unwrap();
    let web = &value["services"]["web"];
    assert_eq!(web["environment"]["LOG_LEVEL"].as_str(), Some("debug"));
    assert_eq!(web["ports"][0].as_str(), Some("9090:90"), "{saved}");
    assert_eq!(web["ports"].as_sequence().map(Vec::len), Some(1));
    assert_eq!(web["healthcheck"]["interval"].as_str(), Some("30s"));
    assert_eq!(web["image"].as_str(), Some("nginx:1.27"));
}
