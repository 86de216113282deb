//! The design canvas in the window: an agent stack's components drawn and wired; selecting
//! one highlights what depends on it with the count; a node dragged with the mouse stays
//! where it was put (in the layout sidecar, the file untouched); a rubber band selects;
//! the keyboard walks and moves components; an error shows as a badge on its component;
//! cycles and missing references are marked.

use std::time::Duration;

use trellis_e2e::{keys, App};

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
    temperature: 9
  big:
    provider: openai
    name: gpt-4o

agents:
  writer:
    model: fast
  editor:
    model: big
  chief:
    model: big
    delegates_to: [writer, editor, ghost]
";

const WAIT: Duration = Duration::from_secs(20);

fn node(id: &str) -> String {
    format!(r#"[data-testid="canvas-node"][data-id="{id}"]"#)
}

fn summary(app: &App) -> String {
    app.text(&app.find(r#"[data-testid="canvas-summary"]"#))
}

/// The node's position on the plane, from its `transform`.
fn position(app: &App, id: &str) -> (f64, f64) {
    let t = app
        .attribute(&app.find(&node(id)), "transform")
        .unwrap_or_default();
    let inner = t.trim_start_matches("translate(").trim_end_matches(')');
    let mut parts = inner.split_whitespace().map(|p| p.parse::<f64>().unwrap());
    (parts.next().unwrap(), parts.next().unwrap())
}

#[test]
fn components_are_drawn_selected_moved_and_walked() {
    let Some(app) = App::launch("canvas", |dir| {
        std::fs::write(dir.join("agents.yaml"), AGENTS).unwrap();
    }) else {
        return;
    };
    app.wait_settled();
    app.click(&app.find(r#"[data-testid="view-canvas"]"#));
    app.wait_for("the components", WAIT, |a| {
        a.count(r#"[data-testid="canvas-node"]"#) == 6
    });
    assert_eq!(app.count(r#"[data-testid="canvas-edge"]"#), 7);
    assert_eq!(summary(&app), "6 components · 7 references");
    // The out-of-range temperature is an error on its model; `ghost` names no agent.
    app.wait_for("the error badge", WAIT, |a| {
        a.count(&format!(
            r#"{} [data-testid="canvas-badge"]"#,
            node("/models/fast")
        )) == 1
    });
    app.find(r#"[data-testid="canvas-dangling"][data-pointer="/agents/chief/delegates_to/2"]"#);
    app.find(r#"[data-testid="canvas-dangling-count"]"#);
    app.screenshot("canvas");

    // Selecting the provider: everything depends on it.
    app.click(&app.find(&format!(
        r#"{} .canvas-node-box"#,
        node("/providers/openai")
    )));
    app.wait_for("the impact of openai", WAIT, |a| {
        summary(a) == "5 components depend on openai · it uses 0"
    });
    assert_eq!(app.count(r#"[data-testid="canvas-node"].used-by"#), 5);
    app.screenshot("canvas-impact");

    // Drag the writer 150 right and 60 down: it moves, the file does not change.
    let before = position(&app, "/agents/writer");
    let writer = app.find(&format!(r#"{} .canvas-node-box"#, node("/agents/writer")));
    app.drag(&writer, (0, 0), 150, 60);
    app.wait_for("the writer to move", WAIT, |a| {
        position(a, "/agents/writer") != before
    });
    let after = position(&app, "/agents/writer");
    assert!(
        after.0 > before.0 + 50.0 && after.1 > before.1 + 20.0,
        "{before:?} → {after:?}"
    );
    let sidecar = app.workspace.join(".trellis/layout/agents.yaml.json");
    app.wait_for("the layout sidecar", WAIT, |_| {
        std::fs::read_to_string(&sidecar).is_ok_and(|s| s.contains("/agents/writer"))
    });
    assert_eq!(
        std::fs::read_to_string(app.workspace.join("agents.yaml")).unwrap(),
        AGENTS
    );
    assert_eq!(
        app.text(&app.find(r#"[data-testid="status-state"]"#)),
        "Saved",
        "moving a node is not an edit of the file"
    );
    app.screenshot("canvas-moved");

    // The keyboard: Escape clears, Tab walks from the first component, arrows move it.
    app.chord(&[], keys::ESCAPE);
    app.wait_for("no selection", WAIT, |a| {
        summary(a).starts_with("6 components")
    });
    app.chord(&[], keys::TAB);
    app.wait_for("the first component selected", WAIT, |a| {
        a.count(&format!(
            r#"{}[data-selected="true"]"#,
            node("/providers/openai")
        )) == 1
    });
    let start = position(&app, "/providers/openai");
    app.chord(&[keys::SHIFT], keys::ARROW_DOWN);
    app.wait_for("the provider to move down", WAIT, |a| {
        position(a, "/providers/openai") == (start.0, start.1 + 60.0)
    });

    // A rubber band (shift-drag on the background) around the whole drawing selects all.
    app.chord(&[], keys::ESCAPE);
    app.click(&app.find(r#"[data-testid="canvas-fit"]"#));
    let plane = app.find(r#"[data-testid="canvas-plane"]"#);
    let size = app.script(
        "const r = document.querySelector('[data-testid=canvas-plane]').getBoundingClientRect();\
         return [Math.floor(r.width), Math.floor(r.height)];",
        vec![],
    );
    let (w, h) = (size[0].as_i64().unwrap(), size[1].as_i64().unwrap());
    app.drag_with(
        &plane,
        (-w / 2 + 4, -h / 2 + 4),
        w - 8,
        h - 8,
        &[keys::SHIFT],
    );
    app.wait_for("all selected", WAIT, |a| summary(a) == "6 selected");
    app.screenshot("canvas-band");
}

/// Zoomed out with many nodes in view, the canvas draws them on a `<canvas>` element; a
/// press on one selects it (found by position), and the selection is drawn as SVG on top.
/// Where the plane point (`x`, `y`) is on screen, in pixels from the plane's middle (as
/// `App::drag` takes it), from the drawing's current `viewBox` (`xMidYMid meet`).
fn to_client(app: &App, x: f64, y: f64) -> (i64, i64) {
    let at = app.script(
        "const [x, y] = arguments;\
         const plane = document.querySelector('[data-testid=canvas-plane]');\
         const p = plane.getBoundingClientRect();\
         const [vx, vy, vw, vh] = plane.getAttribute('viewBox').split(' ').map(Number);\
         const s = Math.min(p.width / vw, p.height / vh);\
         const left = p.left + (p.width - vw * s) / 2, top = p.top + (p.height - vh * s) / 2;\
         return [Math.round(left + (x - vx) * s - (p.left + p.width / 2)),\
                 Math.round(top + (y - vy) * s - (p.top + p.height / 2))];",
        vec![x.into(), y.into()],
    );
    (at[0].as_i64().unwrap(), at[1].as_i64().unwrap())
}

#[test]
fn many_nodes_zoomed_out_are_drawn_on_a_canvas_and_stay_selectable() {
    // 400 providers placed in a 20 × 20 grid by the layout sidecar.
    let mut text = String::from("version: 1\nname: grid\nproviders:\n");
    let mut positions = serde_json::Map::new();
    for i in 0..400 {
        text.push_str(&format!("  p{i}:\n    type: ollama\n"));
        positions.insert(
            format!("/providers/p{i}"),
            serde_json::json!({ "x": (i % 20) as f64 * 300.0, "y": (i / 20) as f64 * 130.0 }),
        );
    }
    // A model below the grid asks for a provider nobody defined: a reference to nothing,
    // which the <canvas> marks too.
    text.push_str("models:\n  orphan:\n    provider: ghost\n    name: llama3\n");
    positions.insert(
        "/models/orphan".into(),
        serde_json::json!({ "x": 0.0, "y": 20.0 * 130.0 }),
    );
    let sidecar = serde_json::json!({ "version": 1, "positions": positions });
    let Some(app) = App::launch("canvas-bitmap", |dir| {
        std::fs::write(dir.join("agents.yaml"), &text).unwrap();
        std::fs::create_dir_all(dir.join(".trellis/layout")).unwrap();
        std::fs::write(
            dir.join(".trellis/layout/agents.yaml.json"),
            sidecar.to_string(),
        )
        .unwrap();
    }) else {
        return;
    };
    app.wait_settled();
    app.click(&app.find(r#"[data-testid="view-canvas"]"#));
    app.wait_for("the drawing on the canvas element", WAIT, |a| {
        a.script(
            "const c = document.querySelector('[data-testid=canvas-bitmap]');\
             return c ? Number(c.dataset.drawn || 0) : 0;",
            vec![],
        )
        .as_u64()
            == Some(401)
    });
    assert_eq!(app.count(r#"[data-testid="canvas-node"]"#), 0);
    let missing = app.script(
        "return document.querySelector('[data-testid=canvas-bitmap]').dataset.missing;",
        vec![],
    );
    assert_eq!(
        missing, "1",
        "the reference to nothing is marked on the canvas"
    );
    // The minimap draws the 400 boxes on its own <canvas>: a grid, so most of it is painted.
    let painted = app.script(
        "const c = document.querySelector('[data-testid=minimap-nodes]');\
         const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;\
         let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;\
         return n / (c.width * c.height);",
        vec![],
    );
    assert!(
        painted.as_f64().unwrap_or(0.0) > 0.2,
        "the minimap shows the components: {painted} of it painted"
    );
    app.screenshot("canvas-bitmap");

    // Pan from a gap between the boxes: the drawing slides with the pointer and is drawn
    // again for the new view when the pan ends (back in place, nothing left shifted).
    let plane = app.find(r#"[data-testid="canvas-plane"]"#);
    let view_before = app.attribute(&plane, "viewBox");
    let (gx, gy) = to_client(&app, 2.0 * 300.0 + 255.0, 2.0 * 130.0 + 108.0);
    app.drag(&plane, (gx, gy), 60, 40);
    app.wait_for("the canvas drawn for the panned view", WAIT, |a| {
        let state = a.script(
            "const c = document.querySelector('[data-testid=canvas-bitmap]');\
             return [c.style.transform, Number(c.dataset.drawn || 0)];",
            vec![],
        );
        state[0] == "" && state[1].as_u64().unwrap_or(0) > 0
    });
    assert_ne!(
        app.attribute(&app.find(r#"[data-testid="canvas-plane"]"#), "viewBox"),
        view_before,
        "the pan moved the view"
    );
    assert_eq!(
        app.count(r#"[data-testid="canvas-node"][data-selected="true"]"#),
        0
    );

    // Press the middle of p21 (second row, second column), where the canvas drew it after
    // the pan.
    let (dx, dy) = to_client(&app, 300.0 + 105.0, 130.0 + 43.0);
    app.drag(&app.find(r#"[data-testid="canvas-plane"]"#), (dx, dy), 0, 0);
    app.wait_for("p21 selected, drawn as SVG", WAIT, |a| {
        a.count(node("/providers/p21").as_str()) == 1
            && a.count(&format!(
                r#"{}[data-selected="true"]"#,
                node("/providers/p21")
            )) == 1
    });
    app.screenshot("canvas-bitmap-selected");

    // A rubber band around the first twelve rows: 240 selected, more than the SVG keeps, so
    // they stay on the <canvas>; dragged, they follow the pointer there before the release.
    let (x0, y0) = to_client(&app, -30.0, -30.0);
    let (x1, y1) = to_client(&app, 20.0 * 300.0 - 60.0, 12.0 * 130.0 - 30.0);
    let plane = app.find(r#"[data-testid="canvas-plane"]"#);
    app.drag_with(&plane, (x0, y0), x1 - x0, y1 - y0, &[keys::SHIFT]);
    app.wait_for("240 selected", WAIT, |a| {
        a.text(&a.find(r#"[data-testid="canvas-summary"]"#)) == "240 selected"
    });
    assert_eq!(
        app.count(r#"[data-testid="canvas-node"]"#),
        0,
        "all on the <canvas>"
    );
    let picture = |a: &App| {
        a.script(
            "return document.querySelector('[data-testid=canvas-bitmap]').toDataURL();",
            vec![],
        )
    };
    let before = picture(&app);
    let grab = to_client(&app, 2.0 * 300.0 + 105.0, 3.0 * 130.0 + 43.0);
    let mut during = None;
    app.drag_holding(&plane, grab, (80, 50), |a| {
        during = Some(picture(a));
        a.screenshot("canvas-bitmap-drag-many");
    });
    assert_ne!(
        during.as_ref(),
        Some(&before),
        "the selection moved on the <canvas> while the button was down"
    );
    app.wait_for("the move recorded (Undo)", WAIT, |a| {
        a.script(
            "return !document.querySelector('[data-testid=undo]').disabled;",
            vec![],
        ) == true
    });
}
