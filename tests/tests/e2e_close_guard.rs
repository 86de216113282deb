//! Closing the window with unsaved changes asks first: Cancel keeps the window, Save writes
//! the file and quits, Discard quits and leaves the file as it was. Text typed in the source
//! view that does not parse counts as unsaved: the dialog says Save cannot write it, and
//! Save keeps the window open with the file untouched.

use std::time::Duration;

use trellis_e2e::{keys, App};

const COMPOSE: &str = "# services\nservices:\n  cache:\n    image: redis:7   # in-memory cache\n";

fn launch_with_an_unsaved_edit(name: &str) -> Option<App> {
    let app = App::launch(name, |dir| {
        std::fs::write(dir.join("compose.yaml"), COMPOSE).unwrap()
    })?;
    app.wait_settled();
    let value = app.find(r#"[data-testid="tree-value"][data-pointer="/services/cache/image"]"#);
    app.click(&value);
    app.find(r#"[data-testid="value-editor"]"#);
    app.chord(&[keys::CONTROL], "a");
    app.type_text("redis:7.2");
    app.chord(&[], keys::ENTER);
    app.wait_for("the edit", Duration::from_secs(20), |a| {
        a.text(&a.find(r#"[data-testid="status-state"]"#)) == "Unsaved"
    });
    Some(app)
}

fn wait_for_exit(app: &App) {
    app.wait_for("the app to quit", Duration::from_secs(20), |a| {
        !a.app_running()
    });
}

#[test]
fn cancel_keeps_the_window_and_save_writes_then_quits() {
    let Some(app) = launch_with_an_unsaved_edit("close-save") else {
        return;
    };
    assert!(app.app_running());

    app.request_close();
    let dialog = app.find(r#"[data-testid="close-dialog"]"#);
    assert!(app
        .text(&dialog)
        .contains("Discard unsaved changes to compose.yaml?"));
    app.screenshot("close-guard");
    app.click(&app.find(r#"[data-testid="close-cancel"]"#));
    app.wait_for("the dialog to go away", Duration::from_secs(10), |a| {
        a.script(
            "return document.querySelectorAll('[data-testid=close-dialog]').length;",
            vec![],
        ) == 0
    });
    assert!(app.app_running(), "Cancel keeps the app open");

    app.request_close();
    app.click_to_quit(&app.find(r#"[data-testid="close-save"]"#));
    wait_for_exit(&app);
    let expected = COMPOSE.replacen("redis:7 ", "redis:7.2 ", 1);
    assert_eq!(
        std::fs::read_to_string(app.workspace.join("compose.yaml")).unwrap(),
        expected
    );
}

#[test]
fn discard_quits_and_leaves_the_file_alone() {
    let Some(app) = launch_with_an_unsaved_edit("close-discard") else {
        return;
    };
    app.request_close();
    app.click_to_quit(&app.find(r#"[data-testid="close-discard"]"#));
    wait_for_exit(&app);
    assert_eq!(
        std::fs::read_to_string(app.workspace.join("compose.yaml")).unwrap(),
        COMPOSE
    );
}

#[test]
fn typed_text_that_does_not_parse_is_not_lost_on_close() {
    let Some(app) = App::launch("close-unparsed", |dir| {
        std::fs::write(dir.join("compose.yaml"), COMPOSE).unwrap()
    }) else {
        return;
    };
    app.wait_settled();
    app.click(&app.find(r#"[data-testid="source-edit"]"#));
    let editor = r#"[data-testid="source-editor-text"]"#;
    app.find(editor);
    app.script(
        "const t = document.querySelector(arguments[0]); t.focus(); t.setSelectionRange(t.value.length, t.value.length);",
        vec![serde_json::Value::from(editor)],
    );
    app.type_text("  broken: [unclosed");
    app.wait_for("the syntax error", Duration::from_secs(20), |a| {
        a.count(r#"[data-testid="source-pending"]"#) == 1
    });
    assert_eq!(
        app.text(&app.find(r#"[data-testid="status-state"]"#)),
        "Unsaved"
    );

    app.request_close();
    let dialog = app.find(r#"[data-testid="close-dialog"]"#);
    assert!(app.text(&dialog).contains("compose.yaml"));
    assert!(app
        .text(&app.find(r#"[data-testid="close-unparsed"]"#))
        .contains("does not parse"));
    app.screenshot("close-guard-unparsed");

    // Save cannot write the typed text: the window stays, with the reason, and the file
    // is as it was.
    app.click(&app.find(r#"[data-testid="close-save"]"#));
    app.wait_for("the refusal", Duration::from_secs(20), |a| {
        a.count(r#"[data-testid="error-banner"]"#) == 1
    });
    assert!(app.app_running(), "the typed text is still in the window");
    assert_eq!(
        std::fs::read_to_string(app.workspace.join("compose.yaml")).unwrap(),
        COMPOSE
    );

    app.request_close();
    app.click_to_quit(&app.find(r#"[data-testid="close-discard"]"#));
    wait_for_exit(&app);
    assert_eq!(
        std::fs::read_to_string(app.workspace.join("compose.yaml")).unwrap(),
        COMPOSE
    );
}
