//! Environments and variables in the window: an agent stack whose `prod` overlay sets a
//! value out of range shows that error on the overlay's line; validating the base only hides
//! it, choosing `prod` brings it back. `${VAR}`s resolve from the workspace's `.env`; a
//! variable set nowhere is a warning on its line. Comparing prod with the base shows what
//! the overlay changes, as data.

use std::time::Duration;

use trellis_e2e::App;

const AGENTS: &str = "\
version: 1
name: desk

providers:
  openai:
    type: openai
    api_key: ${OPENAI_API_KEY}
    base_url: ${OPENAI_BASE_URL}

models:
  chat:
    provider: openai
    name: gpt-4o-mini
    temperature: 0.3

agents:
  helper:
    model: chat

environments:
  staging:
    overrides:
      models:
        chat:
          temperature: 0.5
  prod:
    overrides:
      models:
        chat:
          temperature: 7
";

/// Line of `temperature: 7` in the prod overlay, and of the unset `base_url`.
const PROD_LINE: &str = "30";
const BASE_URL_LINE: &str = "8";

const WAIT: Duration = Duration::from_secs(20);

fn counts(app: &App) -> (String, String) {
    let status = app.find(r#"[data-testid="status-problems"]"#);
    (
        app.attribute(&status, "data-errors").unwrap_or_default(),
        app.attribute(&status, "data-warnings").unwrap_or_default(),
    )
}

fn rows(app: &App) -> Vec<String> {
    let found = app.script(
        "return [...document.querySelectorAll('[data-testid=problem-row]')]\
           .map(r => r.dataset.line + ' ' + r.dataset.pointer);",
        vec![],
    );
    found
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

fn choose(app: &App, environment: &str) {
    app.click(&app.find(r#"[data-testid="status-environment"]"#));
    let option = format!(r#"[data-testid="environment-option"][data-environment="{environment}"]"#);
    app.click(&app.find(&option));
}

#[test]
fn overlays_are_validated_as_chosen_and_variables_come_from_dot_env() {
    let Some(app) = App::launch("environments", |dir| {
        std::fs::write(dir.join("agents.yaml"), AGENTS).unwrap();
        std::fs::write(dir.join(".env"), "OPENAI_API_KEY=sk-test-not-a-real-key\n").unwrap();
    }) else {
        return;
    };
    app.wait_settled();

    // All environments: the prod overlay's error on its own line; the unset variable warns.
    app.wait_for("the prod error and the unset variable", WAIT, |a| {
        counts(a) == ("1".into(), "1".into())
    });
    let found = rows(&app);
    assert!(
        found.contains(&format!(
            "{PROD_LINE} /environments/prod/overrides/models/chat/temperature"
        )),
        "{found:?}"
    );
    assert!(
        found.contains(&format!("{BASE_URL_LINE} /providers/openai/base_url")),
        "{found:?}"
    );
    app.find(&format!(
        r#"[data-testid="gutter-marker"][data-line="{PROD_LINE}"][data-severity="error"]"#
    ));
    let environment = app.find(r#"[data-testid="status-environment"]"#);
    assert_eq!(app.text(&environment), "All environments");
    app.click(&environment);
    let variables = app.text(&app.find(r#"[data-testid="environment-variables"]"#));
    assert!(variables.contains(".env"), "{variables}");
    std::thread::sleep(Duration::from_millis(300));
    app.screenshot("environments-menu");
    app.click(&environment);

    // The base document only: no overlay error.
    choose(&app, "");
    app.wait_for("the base-only result", WAIT, |a| {
        counts(a) == ("0".into(), "1".into())
    });
    assert_eq!(
        app.text(&app.find(r#"[data-testid="status-environment"]"#)),
        "Base only"
    );

    // Staging is fine; prod is not.
    choose(&app, "staging");
    app.wait_for("the staging result", WAIT, |a| {
        app.text(&a.find(r#"[data-testid="status-environment"]"#)) == "Environment: staging"
            && counts(a) == ("0".into(), "1".into())
    });
    choose(&app, "prod");
    app.wait_for("the prod result", WAIT, |a| {
        a.text(&a.find(r#"[data-testid="status-environment"]"#)) == "Environment: prod"
            && counts(a) == ("1".into(), "1".into())
    });
    assert!(rows(&app).contains(&format!(
        "{PROD_LINE} /environments/prod/overrides/models/chat/temperature"
    )));
    app.screenshot("environments-prod");

    // What prod changes, as merged data against the base.
    app.click(&app.find(r#"[data-testid="status-environment"]"#));
    app.click(&app.find(r#"[data-testid="compare-environment"][data-environment="prod"]"#));
    app.find(r#"[data-testid="diff-grid"]"#);
    assert_eq!(
        app.text(&app.find(r#"[data-testid="compare-new"]"#)),
        "Environment prod"
    );
    assert_eq!(
        app.text(&app.find(r#"[data-testid="compare-summary"]"#)),
        "models.chat.temperature 0.3 → 7"
    );
    app.click(&app.find(r#"[data-testid="compare-tab-graph"]"#));
    app.find(r#"[data-testid="graph-node"][data-id="/models/chat"][data-status="changed"]"#);
    assert_eq!(
        app.count(r#"[data-testid="graph-node"]:not([data-status])"#),
        2,
        "the provider and the agent are unchanged"
    );
    app.screenshot("environments-compare");
    app.click(&app.find(r#"[data-testid="compare-close"]"#));

    // Two environments against each other.
    app.click(&app.find(r#"[data-testid="status-environment"]"#));
    app.click(&app.find(r#"[data-testid="compare-environment"][data-environment="staging:prod"]"#));
    app.wait_for("staging against prod", WAIT, |a| {
        a.count(r#"[data-testid="compare-old"]"#) == 1
            && a.text(&a.find(r#"[data-testid="compare-old"]"#)) == "Environment staging"
    });
    assert_eq!(
        app.text(&app.find(r#"[data-testid="compare-summary"]"#)),
        "models.chat.temperature 0.5 → 7"
    );
    app.click(&app.find(r#"[data-testid="compare-close"]"#));
    app.find(r#"[data-testid="outline"]"#);
}
