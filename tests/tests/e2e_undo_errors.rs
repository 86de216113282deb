//! Undo and redo from the keyboard, and a file that does not parse: its error shows in the
//! banner with file, line and column, and nothing is written.

use std::time::Duration;

use trellis_e2e::{keys, App};

const SETTINGS: &str = "\
# Editor settings
[editor]
font_size = 13   # points
theme = \"dark\"
";

/// A tab cannot indent YAML: this file does not parse.
const BROKEN: &str = "services:\n  web:\n\timage: nginx\n";

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

    // A file that does not parse.
    app.click(&app.find(r#"[data-testid="file-entry"][data-path="broken.yaml"]"#));
    let banner = app.find(r#"[data-testid="error-banner"]"#);
    let location = app.text(&app.find(r#"[data-testid="error-location"]"#));
    assert!(
        location.starts_with("broken.yaml:3:"),
        "error location: {location}"
    );
    assert!(!app.text(&banner).is_empty());
    app.screenshot("undo-errors");

    assert_eq!(
        std::fs::read_to_string(app.workspace.join("a-settings.toml")).unwrap(),
        SETTINGS
    );
    assert_eq!(
        std::fs::read_to_string(app.workspace.join("broken.yaml")).unwrap(),
        BROKEN
    );
}
