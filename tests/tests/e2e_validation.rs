//! Live validation in the window: an agent stack validates clean, a typo made in the structure
//! view shows up as a problem (panel row on the right line, gutter marker, tree badge, status
//! count), its quick fix removes it as one undoable step, undo brings it back, redo fixes it
//! again, and the saved file differs from the original only by the one intended edit.

use std::time::Duration;

use trellis_e2e::{keys, App};

const AGENTS: &str = "\
# Support desk: one provider, one model, one agent.
version: 1
name: support-desk

providers:
  openai:
    type: openai   # the hosted API
    api_key: ${OPENAI_API_KEY:-unset}

models:
  chat:
    provider: openai
    name: gpt-4o-mini
    temperature: 0.3

agents:
  helper:
    model: chat
    system_prompt: Answer politely.
";

const WAIT: Duration = Duration::from_secs(20);
const TYPE: &str = "/providers/openai/type";

fn status_counts(app: &App) -> (String, String) {
    let status = app.find(r#"[data-testid="status-problems"]"#);
    (
        app.attribute(&status, "data-errors").unwrap_or_default(),
        app.attribute(&status, "data-warnings").unwrap_or_default(),
    )
}

fn wait_counts(app: &App, what: &str, errors: &str) {
    app.wait_for(what, WAIT, |a| {
        a.count(r#"[data-testid="problems-checking"]"#) == 0
            && status_counts(a) == (errors.to_string(), "0".to_string())
    });
}

fn tree_value(app: &App, pointer: &str) -> String {
    app.text(&app.find(&format!(
        r#"[data-testid="tree-value"][data-pointer="{pointer}"]"#
    )))
}

fn edit_value(app: &App, pointer: &str, text: &str) {
    app.click(&app.find(&format!(
        r#"[data-testid="tree-value"][data-pointer="{pointer}"]"#
    )));
    app.find(&format!(
        r#"[data-testid="value-editor"][data-pointer="{pointer}"]"#
    ));
    app.chord(&[keys::CONTROL], "a");
    app.type_text(text);
    app.chord(&[], keys::ENTER);
}

#[test]
fn a_typo_shows_as_a_problem_and_its_quick_fix_is_one_undoable_step() {
    let Some(app) = App::launch("validation", |dir| {
        std::fs::write(dir.join("agents.yaml"), AGENTS).unwrap();
    }) else {
        return;
    };
    let file = app.workspace.join("agents.yaml");
    let type_line = AGENTS
        .lines()
        .position(|l| l.trim_start().starts_with("type: openai"))
        .unwrap()
        + 1;

    // Opened at start-up and validated against the agent-stack pack, found by the file name.
    app.find(r#"[data-testid="document"][data-path="agents.yaml"]"#);
    wait_counts(&app, "a clean validation", "0");
    let schema = app.text(&app.find(r#"[data-testid="status-schema"]"#));
    assert_eq!(schema, "Agent stack (from the file name)");
    assert_eq!(app.count(r#"[data-testid="problem-row"]"#), 0);
    app.find(r#"[data-testid="problems-none"]"#);
    assert_eq!(app.count(r#"[data-testid="gutter-marker"]"#), 0);
    app.screenshot("validation-clean");

    // A valid edit first, so that the saved file has one intended change.
    edit_value(&app, "/models/chat/name", "gpt-4o");
    app.wait_for("the model edit", WAIT, |a| {
        tree_value(a, "/models/chat/name") == "gpt-4o"
    });
    wait_counts(&app, "the edit to validate clean", "0");

    // The typo.
    edit_value(&app, TYPE, "opnai");
    let row_css = format!(r#"[data-testid="problem-row"][data-pointer="{TYPE}"]"#);
    let row = app.find(&row_css);
    assert_eq!(
        app.attribute(&row, "data-severity").as_deref(),
        Some("error")
    );
    assert_eq!(
        app.attribute(&row, "data-line"),
        Some(type_line.to_string()),
        "the problem is on the line of the value"
    );
    let message = app.text(&row);
    assert!(message.contains("opnai"), "problem row: {message}");
    assert!(
        message.contains(&format!("{type_line}:11")),
        "problem row: {message}"
    );
    wait_counts(&app, "one error in the status bar", "1");
    let status = app.text(&app.find(r#"[data-testid="status-problems"]"#));
    assert!(status.contains("1 error"), "status: {status}");
    assert_eq!(app.count(r#"[data-testid="problem-row"]"#), 1);
    let marker = app.find(&format!(
        r#"[data-testid="gutter-marker"][data-line="{type_line}"]"#
    ));
    assert_eq!(
        app.attribute(&marker, "data-severity").as_deref(),
        Some("error")
    );
    assert!(app
        .attribute(&marker, "title")
        .is_some_and(|t| t.contains("opnai")));
    assert_eq!(app.count(r#"[data-testid="gutter-marker"]"#), 1);
    app.find(&format!(
        r#"[data-testid="tree-row"][data-pointer="{TYPE}"] [data-testid="outline-badge"][data-severity="error"]"#
    ));
    app.find(r#"[data-testid="tree-row"][data-pointer="/providers"] [data-testid="outline-badge-within"]"#);
    let underlined = app.text(&app.find(r#"[data-testid="problem-span"]"#));
    assert_eq!(underlined, "opnai");

    // Clicking the problem selects its node and its source line.
    app.click(&row);
    app.find(&format!(
        r#"[data-testid="tree-row"].selected[data-pointer="{TYPE}"]"#
    ));
    app.find(&format!(r#".line.current[data-line="{type_line}"]"#));
    app.screenshot("validation-error");

    // The quick fix.
    let fix = app.find(&format!("{row_css} [data-testid=\"fix-button\"]"));
    assert_eq!(app.text(&fix), "Change to openai");
    app.click(&fix);
    app.wait_for("the fix", WAIT, |a| tree_value(a, TYPE) == "openai");
    wait_counts(&app, "no errors after the fix", "0");
    assert_eq!(app.count(r#"[data-testid="problem-row"]"#), 0);
    assert_eq!(app.count(r#"[data-testid="gutter-marker"]"#), 0);
    assert_eq!(app.count(r#"[data-testid="outline-badge"]"#), 0);
    app.screenshot("validation-fixed");

    // One undo takes the whole fix back, and the problem with it; redo fixes it again.
    app.chord(&[keys::CONTROL], "z");
    app.wait_for("the undo", WAIT, |a| tree_value(a, TYPE) == "opnai");
    wait_counts(&app, "the error to return", "1");
    app.find(&row_css);
    app.chord(&[keys::CONTROL, keys::SHIFT], "z");
    app.wait_for("the redo", WAIT, |a| tree_value(a, TYPE) == "openai");
    wait_counts(&app, "no errors after the redo", "0");

    app.chord(&[keys::CONTROL], "s");
    app.wait_for("the save", WAIT, |a| {
        a.text(&a.find(r#"[data-testid="status-state"]"#)) == "Saved"
    });
    let expected = AGENTS.replacen("name: gpt-4o-mini\n", "name: gpt-4o\n", 1);
    assert_ne!(expected, AGENTS);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), expected);

    // Another schema, chosen in the status bar, then back to automatic discovery.
    app.click(&app.find(r#"[data-testid="status-schema"]"#));
    app.find(r#"[data-testid="schema-input"]"#);
    app.type_text("docker-compose");
    app.chord(&[], keys::ENTER);
    app.wait_for("the chosen schema", WAIT, |a| {
        a.text(&a.find(r#"[data-testid="status-schema"]"#))
            .ends_with("(chosen)")
    });
    // The built-in packs are listed: pick one.
    app.click(&app.find(r#"[data-testid="status-schema"]"#));
    app.click(&app.find(r#"[data-testid="schema-pack"][data-pack="github-actions"]"#));
    app.wait_for("the picked pack", WAIT, |a| {
        a.text(&a.find(r#"[data-testid="status-schema"]"#))
            .starts_with("GitHub Actions")
    });
    app.click(&app.find(r#"[data-testid="status-schema"]"#));
    let listed = app.count(r#"[data-testid="schema-pack"]"#);
    assert_eq!(listed, 4, "every built-in pack is offered");
    app.find(r#"[data-testid="schema-pack"][data-pack="github-actions"].current"#);
    std::thread::sleep(Duration::from_millis(300));
    app.screenshot("validation-schema-menu");
    app.click(&app.find(r#"[data-testid="schema-auto"]"#));
    app.wait_for("the discovered schema", WAIT, |a| {
        a.text(&a.find(r#"[data-testid="status-schema"]"#)) == schema
    });
    wait_counts(&app, "a clean validation again", "0");
}
