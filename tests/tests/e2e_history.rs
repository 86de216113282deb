//! Versions in the window: edit and save twice (each save a commit with a message written
//! from the change), open the history, compare the two versions (text, changes and graph),
//! restore the first, and check the file and `git log`; then a branch, a tag, and back; then
//! a remote added in the app, and a push to it.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use serde_json::json;
use trellis_e2e::{keys, App};

const COMPOSE: &str = "\
services:
  web:
    image: nginx:1.25   # front proxy
    restart: always
";

const WAIT: Duration = Duration::from_secs(20);

fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run git");
    assert!(out.status.success(), "git {args:?}");
    String::from_utf8(out.stdout).unwrap()
}

fn set_image(app: &App, value: &str, message: Option<&str>) {
    app.click(&app.find(r#"[data-testid="tree-value"][data-pointer="/services/web/image"]"#));
    app.find(r#"[data-testid="value-editor"]"#);
    app.chord(&[keys::CONTROL], "a");
    app.type_text(value);
    app.chord(&[], keys::ENTER);
    app.wait_for("the edit", WAIT, |a| {
        a.text(&a.find(r#"[data-testid="status-state"]"#)) == "Unsaved"
    });
    if let Some(message) = message {
        app.click(&app.find(r#"[data-testid="commit-message"]"#));
        app.type_text(message);
    }
    app.chord(&[keys::CONTROL], "s");
    app.wait_for("the save", WAIT, |a| {
        a.text(&a.find(r#"[data-testid="status-state"]"#)) == "Saved"
    });
}

#[test]
fn save_twice_compare_the_versions_and_restore_the_first() {
    let Some(app) = App::launch("history", |dir| {
        std::fs::write(dir.join("compose.yaml"), COMPOSE).unwrap();
    }) else {
        return;
    };
    app.wait_settled();
    let file = app.workspace.join("compose.yaml");

    set_image(&app, "nginx:1.26", None);
    let notice = app.text(&app.find(r#"[data-testid="status-notice"]"#));
    assert!(notice.starts_with("Saved and committed"), "{notice}");
    // The second save with the user's own message.
    set_image(&app, "nginx:1.27", Some("Pin nginx 1.27"));
    assert_eq!(
        git(&app.workspace, &["log", "--format=%s"]),
        "Pin nginx 1.27\nAdd compose.yaml\n"
    );

    // The history: newest first.
    app.click(&app.find(r#"[data-testid="history"]"#));
    app.find(r#"[data-testid="history-panel"]"#);
    assert_eq!(app.count(r#"[data-testid="history-entry"]"#), 2);
    let newest = app.find(r#"[data-testid="history-entry"]"#);
    assert!(app.text(&newest).contains("Pin nginx 1.27"));

    // What the newest commit changed, as text and as data.
    app.click(&app.find(r#"[data-testid="history-compare-previous"]"#));
    app.find(r#"[data-testid="diff-grid"]"#);
    assert_eq!(
        app.text(&app.find(r#"[data-testid="compare-summary"]"#)),
        "services.web.image nginx:1.26 → nginx:1.27"
    );
    let words = app.script(
        "const r = document.querySelector('[data-testid=diff-row][data-old-line=\"3\"]');\
         return [...r.querySelectorAll('mark')].map(m => m.textContent);",
        vec![],
    );
    assert_eq!(words, json!(["nginx:1.26", "nginx:1.27"]));
    app.screenshot("history-compare");
    app.click(&app.find(r#"[data-testid="compare-tab-changes"]"#));
    app.find(r#"[data-testid="change-row"][data-pointer="/services/web/image"]"#);
    // And on the graph: the service whose image changed is marked.
    app.click(&app.find(r#"[data-testid="compare-tab-graph"]"#));
    app.find(r#"[data-testid="graph-node"][data-id="/services/web"][data-status="changed"]"#);
    app.screenshot("history-graph");

    // Any version, read-only: the first one.
    app.click(
        &app.find(r#"[data-testid="history-entry"]:last-child [data-testid="history-view"]"#),
    );
    let label = app.text(&app.find(r#"[data-testid="version-label"]"#));
    assert!(label.ends_with("Add compose.yaml"), "{label}");
    let shown = app.text(&app.find(r#"[data-testid="version-view"] [data-testid="source-view"]"#));
    assert!(shown.contains("image: nginx:1.26"), "{shown}");
    assert_eq!(
        app.count(r#"[data-testid="version-view"] [data-testid="value-editor"]"#),
        0
    );
    app.screenshot("history-view");
    app.click(&app.find(r#"[data-testid="version-close"]"#));
    app.find(r#"[data-testid="outline"]"#);

    // Restore the first version (two clicks: Restore, then Confirm).
    let entries = app.script(
        "return [...document.querySelectorAll('[data-testid=history-entry]')].map(e => e.dataset.commit);",
        vec![],
    );
    let first = entries[1].as_str().unwrap().to_string();
    // entries[1] is the first save (nginx:1.26).
    let restore = format!(
        r#"[data-testid="history-entry"][data-commit="{first}"] [data-testid="history-restore"]"#
    );
    app.click(&app.find(&restore));
    assert_eq!(app.text(&app.find(&restore)), "Confirm restore");
    app.click(&app.find(&restore));
    app.wait_for("the restored file", WAIT, |_| {
        std::fs::read_to_string(&file).unwrap() == COMPOSE.replace("1.25", "1.26")
    });
    app.wait_for("the new commit in the history", WAIT, |a| {
        a.count(r#"[data-testid="history-entry"]"#) == 3
    });
    assert_eq!(
        app.text(&app.find(r#"[data-testid="tree-value"][data-pointer="/services/web/image"]"#)),
        "nginx:1.26"
    );
    app.screenshot("history-restored");
    let log = git(&app.workspace, &["log", "--format=%s"]);
    assert!(
        log.starts_with(&format!("Restore compose.yaml to {first}")),
        "{log}"
    );
    assert_eq!(log.lines().count(), 3);

    // Any two commits: the restore against "Pin nginx 1.27".
    let picks = r#"[data-testid="history-pick"]"#;
    app.script(
        "const p = document.querySelectorAll(arguments[0]); p[0].click(); p[1].click(); return 0;",
        vec![json!(picks)],
    );
    app.click(&app.find(r#"[data-testid="history-compare-picked"]"#));
    app.wait_for("the picked comparison", WAIT, |a| {
        a.count(r#"[data-testid="compare-summary"]"#) == 1
            && a.text(&a.find(r#"[data-testid="compare-summary"]"#))
                == "services.web.image nginx:1.27 → nginx:1.26"
    });
    app.screenshot("history-picked");
    git(&app.workspace, &["fsck", "--strict"]);
    assert_eq!(git(&app.workspace, &["status", "--porcelain"]), "");
    app.click(&app.find(r#"[data-testid="compare-close"]"#));

    // A branch to try something, a tag on it, and back to main.
    app.click(&app.find(r#"[data-testid="status-branch"]"#));
    app.click(&app.find(r#"[data-testid="branch-input"]"#));
    app.type_text("try-1.28");
    app.click(&app.find(r#"[data-testid="branch-create"]"#));
    app.wait_for("the new branch", WAIT, |a| {
        a.text(&a.find(r#"[data-testid="status-branch"]"#)) == "try-1.28"
    });
    set_image(&app, "nginx:1.28", None);
    app.click(&app.find(r#"[data-testid="status-branch"]"#));
    app.click(&app.find(r#"[data-testid="tag-input"]"#));
    app.type_text("v1.28");
    app.click(&app.find(r#"[data-testid="tag-create"]"#));
    app.wait_for("the tag", WAIT, |a| {
        a.count(r#"[data-testid="tag-list"]"#) == 1
            && a.text(&a.find(r#"[data-testid="tag-list"]"#)) == "v1.28"
    });
    app.screenshot("history-branches");
    app.click(&app.find(r#"[data-testid="branch-option"][data-branch="main"]"#));
    app.wait_for("main again", WAIT, |a| {
        a.text(&a.find(r#"[data-testid="status-branch"]"#)) == "main"
            && a.text(&a.find(r#"[data-testid="tree-value"][data-pointer="/services/web/image"]"#))
                == "nginx:1.26"
    });
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        COMPOSE.replace("1.25", "1.26")
    );
    assert_eq!(
        git(&app.workspace, &["show", "v1.28:compose.yaml"]),
        COMPOSE.replace("1.25", "1.28")
    );

    // Sharing: add a remote (a bare repository beside the workspace) and push main to it.
    let shared = app.workspace.with_extension("shared.git");
    let parent = shared.parent().unwrap();
    git(
        parent,
        &[
            "init",
            "-q",
            "--bare",
            "-b",
            "main",
            shared.to_str().unwrap(),
        ],
    );
    app.click(&app.find(r#"[data-testid="status-branch"]"#));
    app.click(&app.find(r#"[data-testid="remote-name-input"]"#));
    app.type_text("team");
    app.click(&app.find(r#"[data-testid="remote-url-input"]"#));
    app.type_text(shared.to_str().unwrap());
    app.click(&app.find(r#"[data-testid="remote-add"]"#));
    app.find(r#"[data-testid="remote"][data-remote="team"]"#);
    assert_eq!(
        git(&app.workspace, &["remote", "get-url", "team"]).trim(),
        shared.to_str().unwrap()
    );
    app.screenshot("history-remote");
    app.click(
        &app.find(r#"[data-testid="remote"][data-remote="team"] [data-testid="remote-push"]"#),
    );
    app.wait_for("the push", WAIT, |a| {
        a.text(&a.find(r#"[data-testid="status-notice"]"#))
            .starts_with("Pushed main to team")
    });
    assert_eq!(
        git(&shared, &["show", "main:compose.yaml"]),
        COMPOSE.replace("1.25", "1.26")
    );
}
