//! Comparing unsaved changes with the file on disk: the side-by-side text diff marks the
//! changed word on each side, the change list names the change by its pointer, and clicking
//! it shows its line in the text.

use std::time::Duration;

use serde_json::json;
use trellis_e2e::{keys, App};

const COMPOSE: &str = "\
# Local stack
services:
  web:
    image: nginx:1.25   # front proxy
    ports:
      - \"8080:80\"
  db:
    image: postgres:16
";

/// The same stack as JSON, with its own web image and no ports.
const STAGING: &str =
    r#"{"services": {"db": {"image": "postgres:16"}, "web": {"image": "nginx:1.25"}}}"#;

/// The stack a release later: `db` gone, a `cache` the web service depends on.
const NEXT: &str = "\
services:
  web:
    image: nginx:1.27
    depends_on: [cache]
  cache:
    image: redis:7
";

const WAIT: Duration = Duration::from_secs(20);

#[test]
fn unsaved_changes_compare_side_by_side_and_as_a_change_list() {
    let Some(app) = App::launch("compare", |dir| {
        std::fs::write(dir.join("compose.yaml"), COMPOSE).unwrap();
        std::fs::write(dir.join("staging.json"), STAGING).unwrap();
        std::fs::write(dir.join("next.yaml"), NEXT).unwrap();
    }) else {
        return;
    };
    app.wait_settled();
    let compare = app.find(r#"[data-testid="compare"]"#);
    assert_eq!(app.attribute(&compare, "disabled").as_deref(), Some("true"));

    app.click(&app.find(r#"[data-testid="tree-value"][data-pointer="/services/db/image"]"#));
    app.find(r#"[data-testid="value-editor"]"#);
    app.chord(&[keys::CONTROL], "a");
    app.type_text("postgres:17");
    app.chord(&[], keys::ENTER);
    app.wait_for("the edit", WAIT, |a| {
        a.text(&a.find(r#"[data-testid="status-state"]"#)) == "Unsaved"
    });

    app.click(&app.find(r#"[data-testid="compare"]"#));
    app.find(r#"[data-testid="diff-grid"]"#);
    assert_eq!(
        app.text(&app.find(r#"[data-testid="compare-old"]"#)),
        "On disk"
    );
    assert_eq!(
        app.text(&app.find(r#"[data-testid="compare-new"]"#)),
        "Working copy"
    );
    assert_eq!(
        app.text(&app.find(r#"[data-testid="compare-summary"]"#)),
        "services.db.image postgres:16 → postgres:17"
    );
    // Line 8 changed: old on the left, new on the right, each with its changed word marked.
    let row = app.find(r#"[data-testid="diff-row"][data-old-line="8"][data-new-line="8"]"#);
    let words = app.script(
        "const r = document.querySelector('[data-testid=diff-row][data-old-line=\"8\"]');\
         return [...r.querySelectorAll('mark')].map(m => m.textContent);",
        vec![],
    );
    assert_eq!(words, json!(["postgres:16", "postgres:17"]));
    assert!(app.text(&row).contains("image: postgres:16"));
    // Unchanged stretches are folded away; lines 1-4 are not shown.
    assert!(app.count(r#"[data-testid="diff-gap"]"#) >= 1);
    assert_eq!(
        app.count(r#"[data-testid="diff-row"][data-old-line="1"]"#),
        0
    );
    app.screenshot("compare-text");

    app.click(&app.find(r#"[data-testid="compare-tab-changes"]"#));
    let change = app.find(r#"[data-testid="change-row"][data-kind="changed"]"#);
    assert_eq!(
        app.attribute(&change, "data-pointer").as_deref(),
        Some("/services/db/image")
    );
    assert_eq!(app.count(r#"[data-testid="change-row"]"#), 1);
    app.screenshot("compare-changes");
    app.click(&change);
    app.find(r#"[data-testid="diff-row"].focused[data-new-line="8"]"#);

    // Saving makes both sides equal; the comparison follows.
    app.chord(&[keys::CONTROL], "s");
    app.wait_for("the comparison after saving", WAIT, |a| {
        a.count(r#"[data-testid="compare-same"]"#) == 1
    });
    app.click(&app.find(r#"[data-testid="compare-close"]"#));
    app.find(r#"[data-testid="outline"]"#);

    // Another file of the workspace, in another format: compared as data.
    app.click(&app.find(r#"[data-testid="compare-file"][data-path="staging.json"]"#));
    app.wait_for("the two files compared", WAIT, |a| {
        a.count(r#"[data-testid="compare-new"]"#) == 1
            && a.text(&a.find(r#"[data-testid="compare-new"]"#)) == "staging.json"
    });
    assert_eq!(
        app.text(&app.find(r#"[data-testid="compare-summary"]"#)),
        // In the order of the newer side: its `db` comes first.
        "services.db.image postgres:17 → postgres:16; services.web: removed ports"
    );
    // No line in common: the comparison opens on the data changes.
    assert_eq!(app.count(r#"[data-testid="change-list"]"#), 1);
    app.screenshot("compare-files");

    // On the graph: the removed service is drawn as a ghost, the added one and the new
    // reference are marked, arrows point at what a service uses; zoom and pan work.
    app.click(&app.find(r#"[data-testid="compare-file"][data-path="next.yaml"]"#));
    app.wait_for("the third file compared", WAIT, |a| {
        a.count(r#"[data-testid="compare-new"]"#) == 1
            && a.text(&a.find(r#"[data-testid="compare-new"]"#)) == "next.yaml"
    });
    app.click(&app.find(r#"[data-testid="compare-tab-graph"]"#));
    app.find(r#"[data-testid="graph-node"][data-id="/services/db"][data-status="removed"]"#);
    app.find(r#"[data-testid="graph-node"][data-id="/services/cache"][data-status="added"]"#);
    app.find(r#"[data-testid="graph-node"][data-id="/services/web"][data-status="changed"]"#);
    let edge = app.find(
        r#"[data-testid="graph-edge"][data-from="/services/web"][data-to="/services/cache"]"#,
    );
    assert_eq!(
        app.attribute(&edge, "data-status").as_deref(),
        Some("added")
    );
    assert_eq!(
        app.attribute(&edge, "marker-end").as_deref(),
        Some("url(#arrow-added)")
    );
    assert!(app
        .text(&app.find(r#"[data-testid="graph-removed"]"#))
        .contains("services/db"));
    app.screenshot("compare-graph");

    let canvas = app.find(r#"[data-testid="graph-canvas"]"#);
    let view_box = |a: &App| a.attribute(&a.find(r#"[data-testid="graph-canvas"]"#), "viewBox");
    let fitted = view_box(&app);
    assert_eq!(app.text(&app.find(r#"[data-testid="graph-zoom"]"#)), "100%");
    app.click(&app.find(r#"[data-testid="graph-zoom-in"]"#));
    app.wait_for("zooming in", WAIT, |a| {
        a.text(&a.find(r#"[data-testid="graph-zoom"]"#)) == "125%"
    });
    let zoomed = view_box(&app);
    app.drag(&canvas, (0, 0), -60, -30);
    app.wait_for("panning", WAIT, |a| view_box(a) != zoomed);
    // Panning keeps the zoom.
    assert_eq!(app.text(&app.find(r#"[data-testid="graph-zoom"]"#)), "125%");
    app.screenshot("compare-graph-zoomed");
    app.click(&app.find(r#"[data-testid="graph-fit"]"#));
    app.wait_for("fitting the graph again", WAIT, |a| view_box(a) == fitted);
}
