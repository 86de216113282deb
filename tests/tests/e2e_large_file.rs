//! A large file opens without freezing the window: the source view renders only the rows
//! near the viewport, the structure view says where it stops, and an edit still changes
//! only its own bytes.

use std::fmt::Write;
use std::time::Duration;

use serde_json::Value;
use trellis_e2e::{keys, App};

/// About 2 MB and 60,000 lines of configuration.
fn large_yaml() -> String {
    let mut out = String::from("# generated: many services\nservices:\n");
    for i in 0..6_000 {
        write!(
            out,
            "  svc-{i}:\n    image: \"registry.example.com/app-{i}:1.0\"   # pinned\n    replicas: {}\n    env:\n      LOG_LEVEL: info\n      REGION: eu-west-{}\n    ports:\n      - \"{}:80\"\n    labels: {{team: core}}\n\n",
            i % 5 + 1,
            i % 3,
            8000 + i
        )
        .unwrap();
    }
    out
}

#[test]
fn a_large_file_opens_and_edits_without_freezing_the_window() {
    let original = large_yaml();
    let lines = original.lines().count();
    let text = original.clone();
    let Some(app) = App::launch("large-file", move |dir| {
        std::fs::write(dir.join("big.yaml"), &text).unwrap();
    }) else {
        return;
    };

    let source =
        app.find(r#"[data-testid="document"][data-path="big.yaml"] [data-testid="source-view"]"#);
    assert_eq!(
        app.attribute(&source, "data-lines"),
        Some(lines.to_string())
    );
    let rendered = app.script(
        r#"return document.querySelectorAll('[data-testid="source-view"] .line').length;"#,
        vec![],
    );
    let rendered = rendered.as_u64().unwrap_or(u64::MAX);
    assert!(
        rendered < 300,
        "the source view renders only nearby rows, not {rendered} of {lines}"
    );
    app.find(r#"[data-testid="outline-truncated"]"#);
    let outline = app.text(&app.find(r#"[data-testid="outline"]"#));
    assert!(
        outline.contains("{6000 keys}"),
        "the structure view counts every service, also past where it stops"
    );

    // Scroll far down: the rows there appear.
    app.script(
        r#"const s = document.querySelector('[data-testid="source-view"]'); s.scrollTop = 20 * 40000; s.dispatchEvent(new Event('scroll'));"#,
        vec![],
    );
    app.wait_for("rows near line 40,000", Duration::from_secs(20), |a| {
        let v: Value = a.script(
            r#"return document.querySelector('[data-testid="source-view"]').innerText.includes('40001');"#,
            vec![],
        );
        v.as_bool() == Some(true)
    });

    // Edit one value near the top and save: only its bytes change on disk.
    let pointer = "/services/svc-1/replicas";
    let value = app.find(&format!(
        r#"[data-testid="tree-value"][data-pointer="{pointer}"]"#
    ));
    assert_eq!(app.text(&value), "2");
    app.click(&value);
    app.find(r#"[data-testid="value-editor"]"#);
    app.chord(&[keys::CONTROL], "a");
    app.type_text("7");
    app.chord(&[], keys::ENTER);
    let state = r#"[data-testid="status-state"]"#;
    app.wait_for("the edit", Duration::from_secs(60), |a| {
        a.text(&a.find(state)) == "Unsaved"
    });
    app.chord(&[keys::CONTROL], "s");
    app.wait_for("the save", Duration::from_secs(60), |a| {
        a.text(&a.find(state)) == "Saved"
    });
    app.screenshot("large-file");

    let expected = original.replacen(
        "  svc-1:\n    image: \"registry.example.com/app-1:1.0\"   # pinned\n    replicas: 2\n",
        "  svc-1:\n    image: \"registry.example.com/app-1:1.0\"   # pinned\n    replicas: 7\n",
        1,
    );
    assert_ne!(expected, original);
    let on_disk = std::fs::read_to_string(app.workspace.join("big.yaml")).unwrap();
    assert!(
        on_disk == expected,
        "the file on disk differs from the original in more than that value"
    );
}
