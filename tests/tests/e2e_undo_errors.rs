//! Undo and redo from the keyboard, and a half-typed file that does not parse: it opens with
//! its text, the structure of the lines before the error, and the syntax error as a problem
//! with file, line and column; nothing is written; once fixed outside, Reload makes it
//! editable.

use std::time::Duration;

use trellis_e2e::{keys, App};

const SETTINGS: &str = "\
# Editor settings
[editor]
font_size = 13   # points
theme = \"dark\"
";

/// A tab cannot indent YAML: this file does not parse from line 4 on.
const BROKEN: &str = "services:\n  web:\n    image: nginx\n\tports: [80]\n";

fn state(app: &App) -> String {
    app.text(&app.find(r#"[data-testid="status-state"]"#))
}

#[test]
fn undo_and_redo_with_the_keyboard_then_a_parse_error_shows_its_place() {
    let Some(app) = App::launch("undo-errors", |dir| {
        std::fs::write(dir.join("a-settings.toml"), SETTINGS).unwrap();
        std::fs::write(dir.join("broken.yaml"), BROKEN).unwrap();
    }) else {
        return;
    };

    // The first file (sorted by path) opens at start-up.
    app.find(r#"[data-testid="document"][data-path="a-settings.toml"]"#);
    let value = app.find(r#"[data-testid="tree-value"][data-pointer="/editor/font_size"]"#);
    assert_eq!(app.text(&value), "13");
    app.click(&value);
    app.find(r#"[data-testid="value-editor"]"#);
    app.chord(&[keys::CONTROL], "a");
    app.type_text("15");
    app.chord(&[], keys::ENTER);
    app.wait_for("the edit", Duration::from_secs(20), |a| {
        state(a) == "Unsaved"
    });
    let value = r#"[data-testid="tree-value"][data-pointer="/editor/font_size"]"#;
    assert_eq!(app.text(&app.find(value)), "15");
    let source = app.text(&app.find(r#"[data-testid="source-view"]"#));
    assert!(
        source.contains("font_size = 15   # points"),
        "source view shows the edit: {source}"
    );

    app.chord(&[keys::CONTROL], "z");
    app.wait_for("the undo", Duration::from_secs(20), |a| state(a) == "Saved");
    assert_eq!(app.text(&app.find(value)), "13");

    app.chord(&[keys::CONTROL, keys::SHIFT], "z");
    app.wait_for("the redo", Duration::from_secs(20), |a| {
        state(a) == "Unsaved"
    });
    assert_eq!(app.text(&app.find(value)), "15");

    // Escape leaves a value as it was.
    app.click(&app.find(value));
    app.find(r#"[data-testid="value-editor"]"#);
    app.type_text("99");
    app.chord(&[], keys::ESCAPE);
    assert_eq!(app.text(&app.find(value)), "15");

    // A file that does not parse opens anyway.
    app.click(&app.find(r#"[data-testid="file-entry"][data-path="broken.yaml"]"#));
    app.find(r#"[data-testid="document"][data-path="broken.yaml"]"#);
    let location = app.text(&app.find(r#"[data-testid="syntax-location"]"#));
    assert!(
        location.starts_with("broken.yaml:4:"),
        "syntax error location: {location}"
    );
    // Its text is shown, and the structure of what comes before the error.
    let source = app.find(r#"[data-testid="source-view"]"#);
    assert_eq!(app.attribute(&source, "data-lines").as_deref(), Some("4"));
    assert!(app
        .text(&app.find(r#"[data-testid="outline-partial"]"#))
        .starts_with("Lines 1–3"));
    let image = app.find(r#"[data-testid="tree-value"][data-pointer="/services/web/image"]"#);
    assert_eq!(app.text(&image), "nginx");
    // The syntax error is a problem with its place, marked in the gutter.
    let row = app.find(r#"[data-testid="problem-row"]"#);
    assert_eq!(app.attribute(&row, "data-line").as_deref(), Some("4"));
    app.find(r#"[data-testid="gutter-marker"][data-line="4"][data-severity="error"]"#);
    app.wait_for("the error count", Duration::from_secs(10), |a| {
        a.attribute(&a.find(r#"[data-testid="status-problems"]"#), "data-errors")
            .as_deref()
            == Some("1")
    });
    // Values cannot be edited while the file does not parse.
    app.click(&image);
    assert_eq!(
        app.script(
            "return document.querySelectorAll('[data-testid=value-editor]').length;",
            vec![]
        ),
        0
    );
    app.screenshot("undo-errors");

    // Fixed outside Trellis, Reload opens it for editing.
    let fixed = BROKEN.replace('\t', "    ");
    std::fs::write(app.workspace.join("broken.yaml"), &fixed).unwrap();
    app.click(&app.find(r#"[data-testid="reload"]"#));
    app.wait_for("the fixed file", Duration::from_secs(20), |a| {
        a.script(
            "return document.querySelectorAll('[data-testid=syntax-banner]').length;",
            vec![],
        ) == 0
    });
    app.find(r#"[data-testid="tree-value"][data-pointer="/services/web/ports/0"]"#);
    app.wait_for("no problems", Duration::from_secs(10), |a| {
        a.attribute(&a.find(r#"[data-testid="status-problems"]"#), "data-errors")
            .as_deref()
            == Some("0")
    });
    app.screenshot("undo-errors-fixed");

    assert_eq!(
        std::fs::read_to_string(app.workspace.join("a-settings.toml")).unwrap(),
        SETTINGS
    );
    assert_eq!(
        std::fs::read_to_string(app.workspace.join("broken.yaml")).unwrap(),
        fixed,
        "Trellis never wrote the file"
    );
}
