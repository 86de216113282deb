//! The template gallery through a session, as the app drives it: the gallery with previews,
//! rendering with values, creating a committed file, applying a template to an open
//! document after seeing the change, saving a document as a template and removing it.

mod common;

use common::session_with;
use serde_json::{json, Map, Value};
use std::fs;
use trellis_api::ErrorCode;
use trellis_protocol::{SaveTemplateRequest, TemplateLocation};

fn values(v: Value) -> Map<String, Value> {
    v.as_object().unwrap().clone()
}

fn git(dir: &std::path::Path, args: &[&str]) -> String {
    let out = std::process::Command::new("git")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run git");
    assert!(out.status.success(), "git {args:?}");
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn the_gallery_lists_every_template_with_a_preview() {
    let (_dir, s) = session_with(&[]);
    let g = s.gallery();
    assert!(g.problems.is_empty(), "{:?}", g.problems);
    assert!(g.templates.len() >= 16);
    for t in &g.templates {
        let svg = t
            .preview_svg
            .as_deref()
            .unwrap_or_else(|| panic!("{}: no preview", t.id));
        assert!(svg.starts_with("<svg"), "{}", t.id);
        assert!(!t.components.is_empty(), "{}", t.id);
        assert_eq!(t.origin, "builtin");
        assert!(t.parameters["properties"].is_object(), "{}", t.id);
    }
}

#[test]
fn rendering_reports_bad_values_by_parameter_and_validates_good_ones() {
    let (_dir, s) = session_with(&[]);
    let r = s
        .render_template(
            "compose-web-postgres-redis",
            &values(json!({"app_port": 9090})),
        )
        .unwrap();
    let text = r.text.unwrap();
    assert!(text.contains("\"9090:8080\""), "{text}");
    let v = r.validation.unwrap();
    assert_eq!((v.errors, v.warnings), (0, 0), "{:?}", v.diagnostics);
    assert!(r.preview_svg.unwrap().contains("cache"));

    let r = s
        .render_template(
            "compose-web-postgres-redis",
            &values(json!({"app_port": 70000, "colour": "red"})),
        )
        .unwrap();
    assert!(r.text.is_none());
    let named: Vec<&str> = r.errors.iter().map(|e| e.parameter.as_str()).collect();
    assert_eq!(named, ["colour", "app_port"], "{:?}", r.errors);

    let e = s.render_template("nope", &Map::new()).unwrap_err();
    assert_eq!(e.code, ErrorCode::NotFound);
}

#[test]
fn creating_a_file_writes_it_commits_it_and_never_replaces_one() {
    let (dir, mut s) = session_with(&[("notes.yaml", b"a: 1\n")]);
    let ws = dir.path().join("ws");
    let doc = s
        .create_from_template(
            "otel-traces",
            &values(json!({"backend": "jaeger:4317"})),
            "deploy/otel-collector.yaml",
        )
        .unwrap();
    assert_eq!(doc.path, "deploy/otel-collector.yaml");
    assert!(!doc.dirty);
    let note = doc.version_note.unwrap();
    assert!(note.starts_with("Created and committed"), "{note}");
    let on_disk = fs::read_to_string(ws.join("deploy/otel-collector.yaml")).unwrap();
    assert_eq!(on_disk, doc.text);
    assert!(on_disk.contains("endpoint: \"jaeger:4317\""), "{on_disk}");
    let log = git(
        &ws,
        &["log", "--format=%s", "--", "deploy/otel-collector.yaml"],
    );
    assert_eq!(
        log.trim(),
        "Add deploy/otel-collector.yaml from template otel-traces"
    );
    let validation = s.validate_document("deploy/otel-collector.yaml").unwrap();
    assert_eq!(validation.errors, 0, "{:?}", validation.diagnostics);
    assert_eq!(validation.schema.unwrap().origin, "pack otel-collector");

    let e = s
        .create_from_template("otel-traces", &Map::new(), "notes.yaml")
        .unwrap_err();
    assert!(e.message.contains("already exists"), "{}", e.message);
    assert_eq!(fs::read_to_string(ws.join("notes.yaml")).unwrap(), "a: 1\n");
    let e = s
        .create_from_template("otel-traces", &Map::new(), "../outside.yaml")
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidRequest);
    let e = s
        .create_from_template("otel-traces", &Map::new(), "collector.json")
        .unwrap_err();
    assert!(e.message.contains(".yaml"), "{}", e.message);
    let e = s
        .create_from_template("otel-traces", &values(json!({"grpc_port": "x"})), "b.yaml")
        .unwrap_err();
    assert!(
        e.message.starts_with("parameter grpc_port:"),
        "{}",
        e.message
    );
    assert!(!ws.join("b.yaml").exists());
}

#[test]
fn applying_a_template_shows_the_change_first_then_is_one_undoable_edit() {
    let compose = "# my services\nservices:\n  app:\n    image: mine:1   # keep\n";
    let (dir, mut s) = session_with(&[("compose.yaml", compose.as_bytes())]);
    s.open_document("compose.yaml").unwrap();
    let preview = s
        .template_apply_preview(
            "compose-monitoring",
            &values(json!({"node_exporter": false})),
            "compose.yaml",
        )
        .unwrap();
    assert_eq!(preview.old_label, "Working copy");
    let structure = preview.structure.unwrap();
    assert!(
        structure.summary.contains("prometheus"),
        "{}",
        structure.summary
    );
    assert!(
        structure.changes.iter().all(|c| c.kind == "added"),
        "only additions: {:?}",
        structure.changes
    );
    // Nothing changed yet.
    assert_eq!(s.open_document("compose.yaml").unwrap().text, compose);

    let doc = s
        .apply_template(
            "compose-monitoring",
            &values(json!({"node_exporter": false})),
            "compose.yaml",
        )
        .unwrap();
    assert!(doc.dirty && doc.can_undo);
    assert!(
        doc.text
            .starts_with("# my services\nservices:\n  app:\n    image: mine:1   # keep\n"),
        "{}",
        doc.text
    );
    assert!(doc.text.contains("grafana"), "{}", doc.text);
    assert!(!doc.text.contains("node-exporter"), "{}", doc.text);
    assert_eq!(
        fs::read_to_string(dir.path().join("ws/compose.yaml")).unwrap(),
        compose,
        "not saved"
    );
    let doc = s.undo("compose.yaml").unwrap();
    assert_eq!(doc.text, compose);
}

#[test]
fn a_document_saved_as_a_template_renders_back_and_can_be_removed() {
    let text = "# mine\nservices:\n  web:\n    image: nginx:1.27\n";
    let (dir, mut s) = session_with(&[("compose.yaml", text.as_bytes())]);
    s.open_document("compose.yaml").unwrap();
    s.validate_document("compose.yaml").unwrap();
    let request = |id: &str, location| SaveTemplateRequest {
        path: "compose.yaml".into(),
        id: id.into(),
        title: "My web".into(),
        description: "nginx alone".into(),
        tags: vec!["web".into()],
        pack: None,
        location,
    };
    let t = s
        .save_as_template(&request("my-web", TemplateLocation::Workspace))
        .unwrap();
    assert_eq!(t.origin, "workspace");
    assert_eq!(
        t.pack.as_deref(),
        Some("docker-compose"),
        "taken from the document's schema"
    );
    assert!(t.preview_svg.is_some());
    let folder = dir.path().join("ws/.trellis/templates/my-web");
    assert!(folder.join("template.json").is_file());
    assert_eq!(
        s.render_template("my-web", &Map::new())
            .unwrap()
            .text
            .unwrap(),
        text
    );
    assert!(s.gallery().templates.iter().any(|t| t.id == "my-web"));

    let u = s
        .save_as_template(&request("my-web-user", TemplateLocation::User))
        .unwrap();
    assert_eq!(u.origin, "user");
    assert!(dir
        .path()
        .join("data/templates/my-web-user/compose.yaml")
        .is_file());

    let e = s
        .save_as_template(&request("my-web", TemplateLocation::User))
        .unwrap_err();
    assert!(e.message.contains("exists"), "{}", e.message);
    let e = s
        .save_as_template(&request("Bad Id", TemplateLocation::User))
        .unwrap_err();
    assert!(e.message.contains("lowercase"), "{}", e.message);

    let e = s.remove_template("otel-traces").unwrap_err();
    assert!(e.message.contains("built-in"), "{}", e.message);
    s.remove_template("my-web").unwrap();
    assert!(!folder.exists());
    assert!(s.render_template("my-web", &Map::new()).is_err());
    s.remove_template("my-web-user").unwrap();
    assert!(!dir.path().join("data/templates/my-web-user").exists());
}
