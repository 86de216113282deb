//! Typing in the source view, in the real window: what is typed becomes the document (the
//! structure follows, one undo takes it back), a change made elsewhere (undo, the canvas)
//! updates the text without moving the user's cursor, text that does not parse is kept with
//! its error and cannot be saved, and beside the canvas the text and the picture stay one
//! document.

use std::time::Duration;

use serde_json::Value;
use trellis_e2e::App;

const WAIT: Duration = Duration::from_secs(20);

const AGENTS: &str = "\
# The writing desk.
version: 1
name: desk

providers:
  openai:
    type: openai
    api_key: ${OPENAI_API_KEY}

models:
  fast:
    provider: openai
    name: gpt-4o-mini
    temperature: 0.7

agents:
  writer:
    model: fast
    description: Writes drafts.
";

const EDITOR: &str = r#"[data-testid="source-editor-text"]"#;

/// Selects `[start, end)` (UTF-16 offsets) in the source editor.
fn select(app: &App, start: usize, end: usize) {
    app.script(
        "const t = document.querySelector(arguments[0]); t.focus(); t.setSelectionRange(arguments[1], arguments[2]);",
        vec![Value::from(EDITOR), Value::from(start), Value::from(end)],
    );
}

fn editor_text(app: &App) -> String {
    app.script(
        "return document.querySelector(arguments[0]).value;",
        vec![Value::from(EDITOR)],
    )
    .as_str()
    .unwrap_or_default()
    .to_string()
}

fn caret(app: &App) -> (u64, u64) {
    let v = app.script(
        "const t = document.querySelector(arguments[0]); return [t.selectionStart, t.selectionEnd];",
        vec![Value::from(EDITOR)],
    );
    (v[0].as_u64().unwrap(), v[1].as_u64().unwrap())
}

fn outline_has(app: &App, text: &str) -> bool {
    app.text(&app.find(r#"[data-testid="outline"]"#))
        .contains(text)
}

#[test]
fn typed_text_becomes_the_document_and_outside_changes_keep_the_cursor() {
    let Some(app) = App::launch("source-edit", |dir| {
        std::fs::write(dir.join("agents.yaml"), AGENTS).unwrap();
    }) else {
        return;
    };
    app.wait_settled();
    app.click(&app.find(r#"[data-testid="source-edit"]"#));
    app.find(EDITOR);
    assert_eq!(editor_text(&app), AGENTS);

    // Type a new temperature over the old one: the structure follows.
    let at = AGENTS.find("0.7").unwrap();
    select(&app, at, at + 3);
    app.type_text("0.55");
    app.wait_for("the typed value in the structure", WAIT, |a| {
        outline_has(a, "0.55") && a.count(r#"[data-testid="dirty-indicator"]"#) == 1
    });
    let typed = AGENTS.replace("0.7", "0.55");
    assert_eq!(editor_text(&app), typed);

    // The cursor sits in the agents section; Undo (one step for the typing) shortens the text
    // before it by one character: the cursor moves with its text.
    let place = typed.find("Writes").unwrap();
    select(&app, place, place);
    app.click(&app.find(r#"[data-testid="undo"]"#));
    app.wait_for("the undone text", WAIT, |a| editor_text(a) == AGENTS);
    assert_eq!(caret(&app), ((place - 1) as u64, (place - 1) as u64));
    assert!(outline_has(&app, "0.7"));

    // Text that does not parse is kept, with its error, and is not saved.
    let end = AGENTS.len();
    select(&app, end, end);
    app.type_text("  broken: [unclosed");
    app.wait_for("the syntax error", WAIT, |a| {
        a.count(r#"[data-testid="source-pending"]"#) == 1
    });
    let pending = app.text(&app.find(r#"[data-testid="source-pending"]"#));
    assert!(pending.starts_with("Line "), "{pending}");
    assert!(editor_text(&app).ends_with("  broken: [unclosed"));
    app.screenshot("source-edit-pending");
    app.chord(&[trellis_e2e::keys::CONTROL], "s");
    app.wait_for("the refusal", WAIT, |a| {
        a.count(r#"[data-testid="error-banner"]"#) == 1
    });
    assert!(app
        .text(&app.find(r#"[data-testid="error-message"]"#))
        .starts_with("Not saved"));
    assert_eq!(
        std::fs::read_to_string(app.workspace.join("agents.yaml")).unwrap(),
        AGENTS
    );
    // Fixing it applies it.
    let fixed_at = editor_text(&app).find("[unclosed").unwrap();
    select(&app, fixed_at, fixed_at + "[unclosed".len());
    app.type_text("[draft]");
    app.wait_for("the fixed text applied", WAIT, |a| {
        a.count(r#"[data-testid="source-pending"]"#) == 0 && outline_has(a, "broken")
    });

    // Beside the canvas: a component renamed in the text is renamed on the canvas, and a
    // change on the canvas (a duplicate) lands in the text while the cursor stays put.
    app.click(&app.find(r#"[data-testid="view-canvas"]"#));
    app.click(&app.find(r#"[data-testid="canvas-source-toggle"]"#));
    app.find(r#"[data-testid="canvas-source"]"#);
    app.wait_for("the canvas", WAIT, |a| {
        a.count(r#"[data-testid="canvas-node"][data-id="/agents/writer"]"#) == 1
    });
    let text = editor_text(&app);
    let key = text.find("  writer:").unwrap() + 2;
    select(&app, key, key + "writer".len());
    app.type_text("author");
    app.wait_for("the renamed component on the canvas", WAIT, |a| {
        a.count(r#"[data-testid="canvas-node"][data-id="/agents/author"]"#) == 1
    });
    let head = editor_text(&app).find("name: desk").unwrap();
    select(&app, head, head);
    let node = app.find(r#"[data-testid="canvas-node"][data-id="/models/fast"] .canvas-node-box"#);
    app.click_at(&node);
    app.click(&app.find(r#"[data-testid="canvas-duplicate"]"#));
    app.wait_for("the duplicate in the text", WAIT, |a| {
        editor_text(a).contains("fast-2:")
    });
    assert_eq!(caret(&app), (head as u64, head as u64));
    app.screenshot("source-edit-canvas");

    app.click(&app.find(r#"[data-testid="save"]"#));
    app.wait_for("the save", WAIT, |a| {
        a.count(r#"[data-testid="dirty-indicator"]"#) == 0
    });
    let saved = std::fs::read_to_string(app.workspace.join("agents.yaml")).unwrap();
    assert_eq!(saved, editor_text(&app));
    assert!(saved.starts_with("# The writing desk.\n"), "{saved}");
    assert!(saved.contains("  author:\n    model: fast\n"), "{saved}");
    assert!(saved.contains("  broken: [draft]"), "{saved}");
}
