//! The assistant in the real window: ask for a production setup with OpenAI in an empty
//! agents file, see the proposal as a diff, apply it, watch the canvas fill in and validate
//! clean; ask a question (an answer, no proposal); check that markup in a message is shown
//! as text; then save and commit with the request recorded in the commit message.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use trellis_e2e::{keys, App};

const WAIT: Duration = Duration::from_secs(30);
const REQUEST: &str = "Create a production setup with OpenAI";

fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run git");
    assert!(out.status.success(), "git {args:?}");
    String::from_utf8(out.stdout).unwrap()
}

fn ask(app: &App, request: &str) {
    app.click(&app.find(r#"[data-testid="chat-input"]"#));
    app.type_text(request);
    app.chord(&[], keys::ENTER);
}

fn errors(app: &App) -> Option<String> {
    app.attribute(
        &app.find(r#"[data-testid="status-problems"]"#),
        "data-errors",
    )
}

#[test]
fn a_production_setup_from_the_assistant_applies_and_validates() {
    let mut workspace = None;
    let Some(app) = App::launch("assistant", |dir| {
        std::fs::write(dir.join("agents.yaml"), "# Our agents\n").unwrap();
        workspace = Some(dir.to_path_buf());
    }) else {
        return;
    };
    let dir = workspace.expect("the workspace");
    app.wait_settled();

    app.click(&app.find(r#"[data-testid="assistant-toggle"]"#));
    app.find(r#"[data-testid="assistant"]"#);
    assert_eq!(
        app.text(&app.find(r#"[data-testid="assistant-provider"]"#))
            .to_lowercase(),
        "offline"
    );
    ask(&app, REQUEST);
    app.wait_for("the proposal", WAIT, |a| {
        a.count(r#"[data-testid="proposal"]"#) == 1
    });
    let diff = app.text(&app.find(r#"[data-testid="proposal-diff"]"#));
    for expected in ["providers:", "type: openai", "${OPENAI_API_KEY}", "agents:"] {
        assert!(diff.contains(expected), "{expected} in {diff}");
    }
    // Nothing is applied before the user says so.
    assert_eq!(
        std::fs::read_to_string(dir.join("agents.yaml")).unwrap(),
        "# Our agents\n"
    );
    assert_eq!(app.count(r#"[data-testid="dirty-indicator"]"#), 0);
    app.screenshot("assistant-proposal");

    app.click(&app.find(r#"[data-testid="proposal-apply"]"#));
    app.wait_for("the change applied", WAIT, |a| {
        a.count(r#"[data-testid="proposal-applied"]"#) == 1
            && a.count(r#"[data-testid="dirty-indicator"]"#) == 1
    });
    app.click(&app.find(r#"[data-testid="view-canvas"]"#));
    app.wait_for("the canvas to fill in", WAIT, |a| {
        a.count(r#"[data-testid="canvas-node"]"#) >= 8
    });
    app.wait_for("a clean validation", WAIT, |a| {
        errors(a).as_deref() == Some("0")
    });
    assert_eq!(app.count(r#"[data-testid="canvas-badge"].error"#), 0);
    app.screenshot("assistant-applied-canvas");

    // A question gets an answer and no proposal.
    ask(&app, "what depends on the openai provider?");
    app.wait_for("the answer", WAIT, |a| {
        a.count(r#"[data-testid="chat-assistant"]"#) == 2
            && a.count(r#"[data-testid="chat-running"]"#) == 0
    });
    let answers = app.script(
        "return [...document.querySelectorAll('[data-testid=chat-text]')].map(e => e.textContent);",
        vec![],
    );
    let last = answers[1].as_str().unwrap_or_default().to_string();
    assert!(last.contains("depend") && last.contains("openai"), "{last}");
    assert_eq!(app.count(r#"[data-testid="proposal"]"#), 1);

    // Markup in a message is text, never HTML.
    ask(&app, "<img src=x onerror=alert(1)> <b>describe</b> this");
    app.wait_for("the third answer", WAIT, |a| {
        a.count(r#"[data-testid="chat-assistant"]"#) == 3
            && a.count(r#"[data-testid="chat-running"]"#) == 0
    });
    assert_eq!(app.count(r#"[data-testid="assistant"] img"#), 0);
    assert_eq!(app.count(r#"[data-testid="assistant"] b"#), 0);
    let users = app.script(
        "return [...document.querySelectorAll('[data-testid=chat-user]')].map(e => e.textContent);",
        vec![],
    );
    assert_eq!(
        users[2].as_str(),
        Some("<img src=x onerror=alert(1)> <b>describe</b> this")
    );
    app.screenshot("assistant-conversation");

    // Save and commit with the request in the message.
    app.click(&app.find(r#"[data-testid="proposal-commit"]"#));
    app.wait_for("the commit", WAIT, |a| {
        a.count(r#"[data-testid="proposal-committed"]"#) == 1
    });
    let text = std::fs::read_to_string(dir.join("agents.yaml")).unwrap();
    assert!(text.starts_with("# Our agents\n"), "{text}");
    assert!(text.contains("type: openai"), "{text}");
    let log = git(&dir, &["log", "-1", "--format=%B"]);
    assert!(log.contains(&format!("Assistant: {REQUEST}")), "{log}");
    assert_eq!(git(&dir, &["status", "--porcelain", "agents.yaml"]), "");
}
