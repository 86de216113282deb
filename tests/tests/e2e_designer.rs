//! Designing on the canvas, as a person does: drag an agent from the palette onto the
//! canvas, wire its model port to another model, fix an invalid value in the inspector and
//! watch the error badge go, rename a model and see the references follow, undo and redo,
//! try to delete a model others use (the dialog names them; cancel), save — then check the
//! file on disk: exactly the intended changes, everything else byte for byte.

use std::time::Duration;

use serde_json::Value;
use trellis_e2e::{keys, App};

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
    temperature: 9   # out of range
  big:
    provider: openai
    name: gpt-4o

agents:
  writer:
    model: fast
  editor:
    model: big
";

const WAIT: Duration = Duration::from_secs(20);

fn node(id: &str) -> String {
    format!(r#"[data-testid="canvas-node"][data-id="{id}"]"#)
}

/// The centre of the first element matching `css`, in client pixels.
fn centre(app: &App, css: &str) -> (i64, i64) {
    let v = app.script(
        "const r = document.querySelector(arguments[0]).getBoundingClientRect();\
         return [Math.round(r.left + r.width / 2), Math.round(r.top + r.height / 2)];",
        vec![Value::from(css)],
    );
    (v[0].as_i64().unwrap(), v[1].as_i64().unwrap())
}

/// Drags the element matching `from` onto the centre of the element matching `to`.
fn drag_onto(app: &App, from: &str, to: &str) {
    let (a, b) = (centre(app, from), centre(app, to));
    app.drag(&app.find(from), (0, 0), b.0 - a.0, b.1 - a.1);
}

fn status(app: &App) -> String {
    app.text(&app.find(r#"[data-testid="status-state"]"#))
}

#[test]
fn design_an_agent_stack_on_the_canvas() {
    let Some(app) = App::launch("designer", |dir| {
        std::fs::write(dir.join("agents.yaml"), AGENTS).unwrap();
    }) else {
        return;
    };
    app.wait_settled();
    app.click(&app.find(r#"[data-testid="view-canvas"]"#));
    app.wait_for("the components", WAIT, |a| {
        a.count(r#"[data-testid="canvas-node"]"#) == 5
    });
    app.find(r#"[data-testid="palette-entry"][data-kind="agent"]"#);
    app.wait_for("the error badge on the model", WAIT, |a| {
        a.count(&format!(
            r#"{} [data-testid="canvas-badge"]"#,
            node("/models/fast")
        )) == 1
    });
    app.screenshot("designer-start");

    // 1. Find the agent in the palette, and drag it onto an empty part of the canvas.
    app.click(&app.find(r#"[data-testid="palette-search"]"#));
    app.type_text("agen");
    app.wait_for("the search", WAIT, |a| {
        a.count(r#"[data-testid="palette-entry"][data-kind="provider"]"#) == 0
    });
    let entry = r#"[data-testid="palette-entry"][data-kind="agent"]:not([data-variant])"#;
    let (ex, ey) = centre(&app, entry);
    let plane = app.script(
        "const r = document.querySelector('[data-testid=canvas-plane]').getBoundingClientRect();\
         return [Math.round(r.left + r.width / 2), Math.round(r.bottom - 110)];",
        vec![],
    );
    let (px, py) = (plane[0].as_i64().unwrap(), plane[1].as_i64().unwrap());
    app.drag(&app.find(entry), (0, 0), px - ex, py - ey);
    app.wait_for("the new agent", WAIT, |a| {
        a.count(r#"[data-testid="canvas-node"]"#) == 6
            && a.count(r#"[data-testid="inspector"]"#) == 1
    });
    let added = app
        .attribute(&app.find(r#"[data-testid="inspector"]"#), "data-id")
        .unwrap();
    assert!(added.starts_with("/agents/"), "{added}");
    assert_eq!(status(&app), "Unsaved");
    app.screenshot("designer-added");

    // 2. Wire its model port to the `big` model.
    let port = format!(r#"[data-testid="canvas-port"][data-field="{added}/model"] circle"#);
    app.find(&port);
    // Let the selection's form (and its ports) settle before taking hold of one.
    std::thread::sleep(Duration::from_millis(500));
    drag_onto(
        &app,
        &port,
        &format!("{} .canvas-node-box", node("/models/big")),
    );
    app.wait_for("the new reference", WAIT, |a| {
        a.count(&format!(
            r#"[data-testid="canvas-edge"][data-from="{added}"][data-to="/models/big"]"#
        )) == 1
    });
    app.screenshot("designer-wired");

    // 3. Fix the out-of-range temperature in the inspector: the badge goes.
    app.click_at(&app.find(&node("/models/fast")));
    let temperature = r#"[data-testid="inspector-input"][data-pointer="/models/fast/temperature"]"#;
    app.find(
        r#"[data-testid="inspector"][data-id="/models/fast"] [data-testid="inspector-message"]"#,
    );
    app.click(&app.find(temperature));
    app.chord(&[keys::CONTROL], "a");
    app.type_text("0.3");
    app.chord(&[], keys::ENTER);
    app.wait_for("the error to go", WAIT, |a| {
        a.count(&format!(
            r#"{} [data-testid="canvas-badge"]"#,
            node("/models/fast")
        )) == 0
    });
    app.screenshot("designer-fixed");

    // 4. Rename the model: the writer's reference follows.
    let name = app.find(r#"[data-testid="inspector-name"]"#);
    app.click(&name);
    app.chord(&[keys::CONTROL], "a");
    app.type_text("quick");
    app.chord(&[], keys::ENTER);
    app.wait_for("the rename", WAIT, |a| {
        a.count(&node("/models/quick")) == 1
            && a.count(r#"[data-testid="canvas-edge"][data-from="/agents/writer"][data-to="/models/quick"]"#) == 1
    });

    // 5. Undo the rename (one step), redo it (the button, then the keys).
    app.click(&app.find(r#"[data-testid="undo"]"#));
    app.wait_for("the undo", WAIT, |a| {
        a.count(&node("/models/fast")) == 1
            && a.count(r#"[data-testid="canvas-edge"][data-from="/agents/writer"][data-to="/models/fast"]"#) == 1
    });
    app.chord(&[keys::CONTROL, keys::SHIFT], "z");
    app.wait_for("the redo", WAIT, |a| a.count(&node("/models/quick")) == 1);

    // 6. Deleting a model others use asks first, naming them; cancel changes nothing.
    app.click_at(&app.find(&node("/models/big")));
    app.click(&app.find(r#"[data-testid="inspector-delete"]"#));
    app.find(r#"[data-testid="delete-dialog"]"#);
    let referrers = app.script(
        "return [...document.querySelectorAll('[data-testid=delete-referrer]')].map(e => e.innerText);",
        vec![],
    );
    let referrers = referrers.to_string();
    assert!(
        referrers.contains("editor") && referrers.contains(&added[8..]),
        "{referrers}"
    );
    app.screenshot("designer-delete-dialog");
    app.click(&app.find(r#"[data-testid="delete-cancel"]"#));
    assert_eq!(app.count(r#"[data-testid="delete-dialog"]"#), 0);
    assert_eq!(app.count(&node("/models/big")), 1);

    // 7. Save, and check the file: the intended changes only.
    app.chord(&[keys::CONTROL], "s");
    app.wait_for("the save", WAIT, |a| status(a) == "Saved");
    let saved = std::fs::read_to_string(app.workspace.join("agents.yaml")).unwrap();
    let value: Value = serde_yaml::from_str(&saved).unwrap();
    assert_eq!(
        value["models"]["quick"]["temperature"],
        serde_json::json!(0.3)
    );
    assert_eq!(value["agents"]["writer"]["model"], "quick");
    let new_name = &added["/agents/".len()..];
    assert_eq!(value["agents"][new_name]["model"], "big");
    // Untouched lines stay byte for byte, the comments included.
    for line in [
        "# The writing desk.",
        "    api_key: ${OPENAI_API_KEY}",
        "    name: gpt-4o-mini",
        "  editor:\n    model: big",
    ] {
        assert!(saved.contains(line), "{line:?} kept in:\n{saved}");
    }
    assert!(
        saved.contains("temperature: 0.3   # out of range"),
        "only the value changed:\n{saved}"
    );
    assert!(!saved.contains("fast"), "{saved}");
    app.screenshot("designer-saved");
}
