//! Undo covers every canvas action, moves included; copy, paste, duplicate and deleting a
//! selection, in the real window: a node dragged and undone goes back (redo brings it
//! again); a duplicate is one undoable step with its own name; components copied in one
//! document are pasted into another of the same pack, with the reference between them kept;
//! deleting both pasted components is one step; then saved.

use std::time::Duration;

use trellis_e2e::{keys, App};

const WAIT: Duration = Duration::from_secs(20);

const AGENTS: &str = "\
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

agents:
  writer:
    model: fast
    description: Writes drafts.
";

const OTHER: &str = "\
version: 1
name: lab

providers:
  openai:
    type: openai
    api_key: ${OPENAI_API_KEY}
";

fn node(id: &str) -> String {
    format!(r#"[data-testid="canvas-node"][data-id="{id}"]"#)
}

fn position(app: &App, id: &str) -> (f64, f64) {
    let t = app
        .attribute(&app.find(&node(id)), "transform")
        .unwrap_or_default();
    let inner = t.trim_start_matches("translate(").trim_end_matches(')');
    let mut parts = inner.split_whitespace().map(|p| p.parse::<f64>().unwrap());
    (parts.next().unwrap(), parts.next().unwrap())
}

fn select(app: &App, id: &str, modifiers: &[&str]) {
    let el = app.find(&format!(r#"{} .canvas-node-box"#, node(id)));
    app.drag_with(&el, (0, 0), 0, 0, modifiers);
    app.wait_for("the selection", WAIT, |a| {
        a.count(&format!(r#"{}[data-selected="true"]"#, node(id))) == 1
    });
}

fn near(a: (f64, f64), b: (f64, f64)) -> bool {
    (a.0 - b.0).abs() < 0.5 && (a.1 - b.1).abs() < 0.5
}

#[test]
fn moves_undo_and_components_copy_paste_and_duplicate() {
    let Some(app) = App::launch("canvas-clipboard", |dir| {
        std::fs::write(dir.join("agents.yaml"), AGENTS).unwrap();
        std::fs::write(dir.join("lab.agents.yaml"), OTHER).unwrap();
    }) else {
        return;
    };
    app.wait_settled();
    app.click(&app.find(r#"[data-testid="file-entry"][data-path="agents.yaml"]"#));
    app.find(r#"[data-testid="document"][data-path="agents.yaml"]"#);
    app.click(&app.find(r#"[data-testid="view-canvas"]"#));
    app.wait_for("the components", WAIT, |a| {
        a.count(r#"[data-testid="canvas-node"]"#) == 3
    });

    // A move is a step of the document's history: Undo puts the node back, Redo moves it again.
    let before = position(&app, "/agents/writer");
    let writer = app.find(&format!(r#"{} .canvas-node-box"#, node("/agents/writer")));
    app.drag(&writer, (0, 0), 120, 80);
    app.wait_for("the move to be undoable", WAIT, |a| {
        !near(position(a, "/agents/writer"), before)
            && a.attribute(&a.find(r#"[data-testid="undo"]"#), "disabled")
                .is_none()
    });
    let moved = position(&app, "/agents/writer");
    app.click(&app.find(r#"[data-testid="undo"]"#));
    app.wait_for("the node back", WAIT, |a| {
        near(position(a, "/agents/writer"), before)
    });
    app.click(&app.find(r#"[data-testid="redo"]"#));
    app.wait_for("the node moved again", WAIT, |a| {
        near(position(a, "/agents/writer"), moved)
    });
    assert_eq!(
        std::fs::read_to_string(app.workspace.join("agents.yaml")).unwrap(),
        AGENTS,
        "moves never touch the file"
    );

    // Duplicate: a copy with its own name, selected, beside the original; one undo removes it.
    select(&app, "/agents/writer", &[]);
    app.click(&app.find(r#"[data-testid="canvas-duplicate"]"#));
    app.wait_for("the copy", WAIT, |a| {
        a.count(&format!(
            r#"{}[data-selected="true"]"#,
            node("/agents/writer-2")
        )) == 1
    });
    let copy = position(&app, "/agents/writer-2");
    assert!(
        !near(copy, moved),
        "the copy sits beside its original, not on it"
    );
    app.screenshot("canvas-duplicate");
    app.click(&app.find(r#"[data-testid="undo"]"#));
    app.wait_for("the copy gone", WAIT, |a| {
        a.count(&node("/agents/writer-2")) == 0 && a.count(r#"[data-testid="canvas-node"]"#) == 3
    });

    // Copy the model and the agent that uses it; paste them into the other document.
    select(&app, "/models/fast", &[]);
    select(&app, "/agents/writer", &[keys::SHIFT]);
    app.click(&app.find(r#"[data-testid="canvas-copy"]"#));
    app.wait_for("the paste button", WAIT, |a| {
        a.attribute(&a.find(r#"[data-testid="canvas-paste"]"#), "disabled")
            .is_none()
    });
    app.click(&app.find(r#"[data-testid="file-entry"][data-path="lab.agents.yaml"]"#));
    app.find(r#"[data-testid="document"][data-path="lab.agents.yaml"]"#);
    app.click(&app.find(r#"[data-testid="view-canvas"]"#));
    app.wait_for("the other document's canvas", WAIT, |a| {
        a.count(r#"[data-testid="canvas-node"]"#) == 1
    });
    app.click(&app.find(r#"[data-testid="canvas-paste"]"#));
    app.wait_for("the pasted components", WAIT, |a| {
        a.count(r#"[data-testid="canvas-node"]"#) == 3
            && a.count(&format!(
                r#"{}[data-selected="true"]"#,
                node("/agents/writer")
            )) == 1
    });
    // The writer still uses the model it was copied with.
    app.find(r#"[data-testid="canvas-edge"][data-from="/agents/writer"][data-to="/models/fast"]"#);
    app.screenshot("canvas-paste");

    // Delete with both pasted components selected: nothing outside them refers to them, so
    // they go together, and one undo brings both back.
    app.script(
        "document.querySelector('[data-testid=canvas-plane]').focus();",
        vec![],
    );
    app.chord(&[], keys::DELETE);
    app.wait_for("both deleted", WAIT, |a| {
        a.count(r#"[data-testid="canvas-node"]"#) == 1
    });
    app.click(&app.find(r#"[data-testid="undo"]"#));
    app.wait_for("both back", WAIT, |a| {
        a.count(r#"[data-testid="canvas-node"]"#) == 3
    });
    app.click(&app.find(r#"[data-testid="save"]"#));
    app.wait_for("the save", WAIT, |a| {
        a.count(r#"[data-testid="dirty-indicator"]"#) == 0
    });
    let saved = std::fs::read_to_string(app.workspace.join("lab.agents.yaml")).unwrap();
    assert!(
        saved.starts_with(OTHER),
        "the document's own text is kept: {saved}"
    );
    let value: serde_yaml::Value = serde_yaml::from_str(&saved).unwrap();
    assert_eq!(value["agents"]["writer"]["model"].as_str(), Some("fast"));
    assert_eq!(
        value["models"]["fast"]["name"].as_str(),
        Some("gpt-4o-mini")
    );
    assert_eq!(
        std::fs::read_to_string(app.workspace.join("agents.yaml")).unwrap(),
        AGENTS
    );
}
