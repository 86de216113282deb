//! The template gallery in the real window: open it, search, open a template with the
//! keyboard, change parameters and watch the graph preview and the source change, create the
//! file; then check that it exists on disk, validates against its pack and is committed.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use serde_json::json;
use trellis_e2e::{keys, App};

const WAIT: Duration = Duration::from_secs(20);
const ARROW_DOWN: &str = "\u{E015}";

fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run git");
    assert!(out.status.success(), "git {args:?}");
    String::from_utf8(out.stdout).unwrap()
}

/// The SVG an `<img>` of the gallery shows, decoded from its data URL.
fn preview_svg(app: &App) -> String {
    app.script(
        "const img = document.querySelector('[data-testid=template-preview]');\
         if (!img) return '';\
         const src = img.getAttribute('src');\
         return decodeURIComponent(src.slice(src.indexOf(',') + 1));",
        vec![],
    )
    .as_str()
    .unwrap_or_default()
    .to_string()
}

/// The rendered source as shown, whitespace and all.
fn source(app: &App) -> String {
    app.script(
        "const pre = document.querySelector('[data-testid=template-source]');\
         return pre ? pre.textContent : '';",
        vec![],
    )
    .as_str()
    .unwrap_or_default()
    .to_string()
}

/// Replaces the text of a parameter's field.
fn set_field(app: &App, name: &str, text: &str) {
    app.click(&app.find(&format!(
        r#"[data-testid="param-field"][data-name="{name}"]"#
    )));
    app.chord(&[keys::CONTROL], "a");
    app.type_text(text);
}

#[test]
fn a_file_created_from_a_template_exists_validates_and_is_committed() {
    let Some(app) = App::launch("gallery", |dir| {
        std::fs::write(dir.join("notes.yaml"), "note: keep me\n").unwrap();
    }) else {
        return;
    };
    app.wait_settled();

    app.click(&app.find(r#"[data-testid="open-gallery"]"#));
    app.wait_for("the template cards", WAIT, |a| {
        a.count(r#"[data-testid="template-card"]"#) >= 16
    });
    // Every card shows its component graph.
    assert_eq!(
        app.count(r#"[data-testid="template-card"] .card-preview img"#),
        app.count(r#"[data-testid="template-card"]"#)
    );
    app.screenshot("gallery-grid");

    // Search reaches component names: only the monitoring stack has a grafana_datasource
    // (a config named nowhere in its title, description or tags).
    app.type_text("grafana_datasource");
    app.wait_for("the search", WAIT, |a| {
        a.count(r#"[data-testid="template-card"]"#) == 1
    });
    let card = app.find(r#"[data-testid="template-card"]"#);
    assert_eq!(
        app.attribute(&card, "data-id").as_deref(),
        Some("compose-monitoring")
    );
    let count = app.text(&app.find(r#"[data-testid="gallery-count"]"#));
    let total: usize = count
        .strip_prefix("1 of ")
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("count: {count:?}"));
    assert!(total >= 16, "{count}");
    app.screenshot("gallery-search");

    // The keyboard: down from the search field to the card, Enter opens it.
    app.chord(&[], ARROW_DOWN);
    let focused = app.script(
        "return document.activeElement.getAttribute('data-id');",
        vec![],
    );
    assert_eq!(focused, json!("compose-monitoring"));
    app.chord(&[], keys::ENTER);
    app.find(r#"[data-testid="template-detail"][data-id="compose-monitoring"]"#);
    app.wait_for("the preview", WAIT, |a| {
        preview_svg(a).contains("node-exporter")
    });
    let before = preview_svg(&app);
    assert!(
        before.contains("grafana") && before.contains("prometheus"),
        "{before}"
    );
    assert!(source(&app).contains("\"3000:3000\""));
    app.wait_for("the validation", WAIT, |a| {
        a.text(&a.find(r#"[data-testid="template-validation"]"#))
            .starts_with("✓ Valid")
    });
    app.screenshot("gallery-detail");

    // Turn host metrics off: the node-exporter component leaves the picture and the source.
    app.click(&app.find(r#"[data-testid="param-field"][data-name="node_exporter"]"#));
    app.wait_for("the preview without node-exporter", WAIT, |a| {
        let svg = preview_svg(a);
        !svg.is_empty() && !svg.contains("node-exporter")
    });
    assert!(!source(&app).contains("node-exporter"));
    assert_ne!(preview_svg(&app), before);

    // A value out of range is named at its field and nothing can be created.
    set_field(&app, "grafana_port", "70000");
    app.wait_for("the error", WAIT, |a| {
        a.count(r#"[data-testid="param"][data-name="grafana_port"] [data-testid="param-error"]"#)
            == 1
    });
    let error = app.text(&app.find(r#"[data-testid="param-error"]"#));
    assert!(error.contains("65535"), "{error}");
    let create = app.find(r#"[data-testid="template-create"]"#);
    assert_eq!(app.attribute(&create, "disabled").as_deref(), Some("true"));
    app.screenshot("gallery-invalid-value");

    set_field(&app, "grafana_port", "3001");
    app.wait_for("the new port in the source", WAIT, |a| {
        source(a).contains("\"3001:3000\"")
    });
    set_field(&app, "retention", "30d");
    app.wait_for("the retention in the source", WAIT, |a| {
        source(a).contains("--storage.tsdb.retention.time=30d")
    });
    assert_eq!(app.count(r#"[data-testid="param-error"]"#), 0);
    app.screenshot("gallery-parameters-changed");

    // Create it in a sub-folder of the workspace.
    let name = app.find(r#"[data-testid="template-file-name"]"#);
    assert_eq!(app.field_value(&name), "compose.yaml");
    app.click(&name);
    app.chord(&[keys::CONTROL], "a");
    app.type_text("monitoring/compose.yaml");
    app.click(&app.find(r#"[data-testid="template-create"]"#));
    app.find(r#"[data-testid="document"][data-path="monitoring/compose.yaml"]"#);
    app.find(r#"[data-testid="file-entry"][data-path="monitoring/compose.yaml"]"#);
    app.wait_settled();
    app.screenshot("gallery-created");

    // On disk, as previewed.
    let file = app.workspace.join("monitoring/compose.yaml");
    let text = std::fs::read_to_string(&file).expect("the file was created");
    assert!(text.contains("\"3001:3000\""), "{text}");
    assert!(text.contains("--storage.tsdb.retention.time=30d"), "{text}");
    assert!(!text.contains("node-exporter"), "{text}");
    assert_eq!(
        std::fs::read_to_string(app.workspace.join("notes.yaml")).unwrap(),
        "note: keep me\n"
    );

    // Valid for its pack, through Trellis's validation.
    let doc = trellis_core::Document::parse(text, trellis_core::Format::Yaml).unwrap();
    let packs = trellis_schema::Packs::builtin();
    let pack = packs
        .by_path(Path::new("monitoring/compose.yaml"))
        .expect("the compose pack applies");
    assert_eq!(pack.id, "docker-compose");
    let schema = trellis_schema::Schema::from_pack(pack.clone(), &Default::default()).unwrap();
    let report = trellis_schema::validate(&doc, Some(&schema), &Default::default()).unwrap();
    assert_eq!(report.errors(), 0, "{:?}", report.diagnostics);

    // Committed, with a message that says where it came from.
    let log = git(
        &app.workspace,
        &["log", "--format=%s", "--", "monitoring/compose.yaml"],
    );
    assert_eq!(
        log.trim(),
        "Add monitoring/compose.yaml from template compose-monitoring"
    );
    let status = git(&app.workspace, &["status", "--porcelain", "monitoring"]);
    assert_eq!(status, "", "nothing left uncommitted");
}

#[test]
fn a_template_applies_to_the_open_document_after_its_diff_and_documents_save_as_templates() {
    const COMPOSE: &str = "# my stack\nservices:\n  app:\n    image: mine:1   # pinned\n";
    let Some(app) = App::launch("gallery-apply", |dir| {
        std::fs::write(dir.join("compose.yaml"), COMPOSE).unwrap();
    }) else {
        return;
    };
    app.wait_settled();
    app.find(r#"[data-testid="document"][data-path="compose.yaml"]"#);

    // Apply the reverse proxy to the open compose file: the change is shown first.
    app.click(&app.find(r#"[data-testid="open-gallery"]"#));
    app.find(r#"[data-testid="template-card"]"#);
    app.type_text("caddy");
    app.wait_for("the search", WAIT, |a| {
        a.count(r#"[data-testid="template-card"]"#) == 1
    });
    app.click(&app.find(r#"[data-testid="template-card"]"#));
    app.wait_for("the rendering", WAIT, |a| {
        source(a).contains("caddy:2-alpine")
    });
    set_field(&app, "domain", "shop.example.com");
    app.wait_for("the domain", WAIT, |a| {
        source(a).contains("shop.example.com")
    });
    app.click(&app.find(r#"[data-testid="template-apply"]"#));
    app.find(r#"[data-testid="template-apply-diff"] [data-testid="diff-grid"]"#);
    assert_eq!(
        app.text(&app.find(r#"[data-testid="compare-new"]"#)),
        "With template compose-reverse-proxy"
    );
    let summary = app.text(&app.find(r#"[data-testid="compare-summary"]"#));
    assert!(summary.contains("proxy"), "{summary}");
    // Nothing is applied yet.
    assert_eq!(
        std::fs::read_to_string(app.workspace.join("compose.yaml")).unwrap(),
        COMPOSE
    );
    app.screenshot("gallery-apply-diff");
    app.click(&app.find(r#"[data-testid="template-apply-accept"]"#));
    app.find(r#"[data-testid="document"][data-path="compose.yaml"]"#);
    app.wait_for("the applied document", WAIT, |a| {
        a.text(&a.find(r#"[data-testid="status-state"]"#)) == "Unsaved"
    });
    app.find(r#"[data-testid="tree-value"][data-pointer="/services/proxy/image"]"#);
    app.find(r#"[data-testid="tree-value"][data-pointer="/services/app/image"]"#);
    app.screenshot("gallery-applied");
    // One undoable step, and still not written until saved.
    assert_eq!(
        std::fs::read_to_string(app.workspace.join("compose.yaml")).unwrap(),
        COMPOSE
    );
    app.click(&app.find(r#"[data-testid="undo"]"#));
    app.wait_for("the undo", WAIT, |a| {
        a.text(&a.find(r#"[data-testid="status-state"]"#)) == "Saved"
    });

    // Save the document as a template of the workspace, find it, remove it.
    app.click(&app.find(r#"[data-testid="open-gallery"]"#));
    app.click(&app.find(r#"[data-testid="save-as-template"]"#));
    let id = app.find(r#"[data-testid="save-template-id"]"#);
    assert_eq!(app.field_value(&id), "my-compose");
    app.click(&app.find(r#"[data-testid="save-template-title"]"#));
    app.chord(&[keys::CONTROL], "a");
    app.type_text("My app stack");
    app.click(&app.find(r#"[data-testid="save-template-submit"]"#));
    app.find(r#"[data-testid="template-detail"][data-id="my-compose"]"#);
    app.wait_for("its rendering", WAIT, |a| source(a) == COMPOSE);
    app.wait_for("its preview and validation", WAIT, |a| {
        preview_svg(a).contains(">app<")
            && a.text(&a.find(r#"[data-testid="template-validation"]"#))
                .starts_with("✓ Valid")
    });
    let folder = app.workspace.join(".trellis/templates/my-compose");
    assert!(folder.join("template.json").is_file());
    assert_eq!(
        std::fs::read_to_string(folder.join("compose.yaml")).unwrap(),
        COMPOSE
    );
    app.screenshot("gallery-saved-template");
    let remove = app.find(r#"[data-testid="template-remove"]"#);
    app.click(&remove);
    assert_eq!(app.text(&remove), "Click again to remove");
    app.click(&remove);
    app.find(r#"[data-testid="gallery-grid"]"#);
    app.wait_for("the card to go", WAIT, |a| {
        a.count(r#"[data-testid="template-card"][data-id="my-compose"]"#) == 0
    });
    assert!(!folder.exists());
    // Escape leaves a template's page for the cards, and the cards for the document.
    app.click(&app.find(r#"[data-testid="template-card"]"#));
    app.find(r#"[data-testid="template-detail"]"#);
    app.chord(&[], keys::ESCAPE);
    app.find(r#"[data-testid="gallery-grid"]"#);
    app.chord(&[], keys::ESCAPE);
    app.find(r#"[data-testid="document"][data-path="compose.yaml"]"#);
}
