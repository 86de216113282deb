//! Diagnostics as a person meets them: placed on the right line, worded to act on, and with
//! quick fixes that make the problem go away as the smallest edit.

use serde_json::json;
use trellis_core::{Document, Format};
use trellis_schema::{
    validate, Diagnostic, Environment, LoadOptions, Options, Origin, Packs, Schema, Severity,
    Variables,
};

fn agent_stack() -> Schema {
    Schema::from_pack(
        Packs::builtin().get("agent-stack").unwrap().clone(),
        &LoadOptions::default(),
    )
    .unwrap()
}

fn check(schema: &Schema, text: &str) -> Vec<Diagnostic> {
    let doc = Document::parse(text.to_string(), Format::Yaml).unwrap();
    validate(&doc, Some(schema), &Options::default())
        .unwrap()
        .diagnostics
}

fn brief(d: &Diagnostic) -> String {
    format!(
        "{}:{} {} {} {}",
        d.start.line,
        d.start.column,
        d.severity.as_str(),
        d.code,
        d.pointer
    )
}

const STACK: &str = "\
version: 1
providers:
  openai:
    type: opnai
    api_key: ${OPENAI_API_KEY}
models:
  writer:
    provider: openai
    name: gpt-4o
    temprature: 0.3
agents:
  drafter:
    model: writr
  reviewer:
    description: checks drafts
";

#[test]
fn each_fix_resolves_its_diagnostic_and_changes_only_its_bytes() {
    let schema = agent_stack();
    let diagnostics = check(&schema, STACK);
    let briefs: Vec<String> = diagnostics.iter().map(brief).collect();
    assert_eq!(
        briefs,
        [
            "4:11 error schema.enum /providers/openai/type",
            // Its only reference is misspelled:
            "7:3 warning ref.unused /models/writer",
            "10:5 error schema.additionalProperties /models/writer/temprature",
            "13:12 error ref.dangling /agents/drafter/model",
            "14:3 error schema.required /agents/reviewer",
        ]
    );
    let titles: Vec<String> = diagnostics
        .iter()
        .map(|d| d.fixes.first().map_or(String::new(), |f| f.title.clone()))
        .collect();
    assert_eq!(
        titles,
        [
            "Change to `openai`",
            "",
            "Rename to `temperature`",
            "Change to `writer`",
            ""
        ]
    );
    assert!(
        diagnostics[2]
            .message
            .contains("did you mean `temperature`?"),
        "{}",
        diagnostics[2].message
    );
    assert_eq!(
        diagnostics[3].message,
        "model `writr` does not exist; did you mean `writer`?"
    );
    assert_eq!(diagnostics[4].message, "missing required property `model`");

    for d in diagnostics.iter().filter(|d| !d.fixes.is_empty()) {
        let mut doc = Document::parse(STACK.to_string(), Format::Yaml).unwrap();
        doc.apply_all(&d.fixes[0].edits).unwrap();
        let after = validate(&doc, Some(&schema), &Options::default())
            .unwrap()
            .diagnostics;
        assert!(
            !after
                .iter()
                .any(|a| a.code == d.code && a.pointer == d.pointer),
            "{} still there",
            brief(d)
        );
        let before: Vec<String> = diagnostics
            .iter()
            .map(|d| format!("{} {}", d.code, d.pointer))
            .collect();
        for a in &after {
            assert!(
                before.contains(&format!("{} {}", a.code, a.pointer)),
                "the fix for {} added {}",
                brief(d),
                brief(a)
            );
        }
        // One line changed, the rest byte for byte the same.
        let changed = STACK
            .lines()
            .zip(doc.text().lines())
            .filter(|(a, b)| a != b)
            .count();
        assert_eq!(changed, 1);
        assert_eq!(STACK.lines().count(), doc.text().lines().count());
    }
}

#[test]
fn a_missing_property_with_a_default_is_added_with_it() {
    let schema = Schema::compile(
        json!({"properties": {"retry": {"type": "object", "required": ["attempts"], "properties": {"attempts": {"type": "integer", "default": 3}}}}}),
        Origin::Inline("t".into()),
        None,
        &LoadOptions::default(),
    )
    .unwrap();
    let text = "# settings\nretry:\n  backoff: 2\n";
    let diagnostics = check(&schema, text);
    assert_eq!(
        diagnostics.iter().map(brief).collect::<Vec<_>>(),
        ["2:1 error schema.required /retry"]
    );
    assert_eq!(diagnostics[0].fixes[0].title, "Add `attempts: 3`");
    let mut doc = Document::parse(text.to_string(), Format::Yaml).unwrap();
    doc.apply_all(&diagnostics[0].fixes[0].edits).unwrap();
    assert_eq!(
        doc.text(),
        "# settings\nretry:\n  backoff: 2\n  attempts: 3\n"
    );
}

#[test]
fn yaml_typed_values_are_quoted_as_written() {
    let schema = Schema::compile(
        json!({"properties": {"version": {"type": "string"}, "country": {"type": "string"}}}),
        Origin::Inline("t".into()),
        None,
        &LoadOptions::default(),
    )
    .unwrap();
    let text = "version: 1.10  # keep the zero\ncountry: true\n";
    let diagnostics = check(&schema, text);
    assert_eq!(diagnostics.len(), 2);
    assert_eq!(
        diagnostics[0].message,
        "expected a string, found a number `1.1`"
    );
    let mut doc = Document::parse(text.to_string(), Format::Yaml).unwrap();
    for d in &diagnostics {
        assert_eq!(d.fixes[0].title, "Quote the value as a string");
        doc.apply_all(&d.fixes[0].edits).unwrap();
    }
    assert_eq!(
        doc.text(),
        "version: \"1.10\"  # keep the zero\ncountry: \"true\"\n"
    );
    assert!(validate(&doc, Some(&schema), &Options::default())
        .unwrap()
        .diagnostics
        .is_empty());
}

#[test]
fn literal_secrets_are_warnings_never_printed_in_full() {
    let schema = agent_stack();
    let key = "sk-proj-Zq8Xv3Lm9Tr2Wk7Pb4Nc6Hd1Jf5Gs0Ay";
    let text = format!("version: 1\nproviders:\n  openai:\n    type: openai\n    api_key: {key}\nmodels:\n  m:\n    provider: openai\n    name: gpt-4o\nagents:\n  a:\n    model: m\n");
    let diagnostics = check(&schema, &text);
    assert_eq!(
        diagnostics.iter().map(brief).collect::<Vec<_>>(),
        ["5:14 warning secret.literal /providers/openai/api_key"]
    );
    let d = &diagnostics[0];
    assert!(!d.message.contains(&key[8..]), "{}", d.message);
    assert!(d.message.contains("${OPENAI_API_KEY}"), "{}", d.message);
    let mut doc = Document::parse(text.clone(), Format::Yaml).unwrap();
    doc.apply_all(&d.fixes[0].edits).unwrap();
    assert!(
        doc.text().contains("api_key: ${OPENAI_API_KEY}\n"),
        "{}",
        doc.text()
    );
    // A literal of a field only the schema marks: `writeOnly`.
    let schema = Schema::compile(
        json!({"properties": {"pin": {"type": "string", "writeOnly": true}}}),
        Origin::Inline("t".into()),
        None,
        &LoadOptions::default(),
    )
    .unwrap();
    assert_eq!(
        check(&schema, "pin: \"1234\"\n")
            .iter()
            .map(brief)
            .collect::<Vec<_>>(),
        ["1:6 warning secret.literal /pin"]
    );
}

#[test]
fn environment_overlays_are_validated_and_point_at_the_overlay() {
    let schema = agent_stack();
    let text = "\
version: 1
providers:
  local:
    type: ollama
models:
  m:
    provider: local
    name: llama3
agents:
  a:
    model: m
environments:
  prod:
    overrides:
      models:
        m:
          temperature: 5
  staging:
    overrides:
      agents:
        a:
          model: missing
";
    let doc = Document::parse(text.to_string(), Format::Yaml).unwrap();
    let report = validate(&doc, Some(&schema), &Options::default()).unwrap();
    let got: Vec<String> = report
        .diagnostics
        .iter()
        .map(|d| format!("{} ({})", brief(d), d.context.clone().unwrap_or_default()))
        .collect();
    assert_eq!(
        got,
        [
            // In staging nothing uses model m any more.
            "6:3 warning ref.unused /models/m (environment staging)",
            "17:24 error schema.maximum /environments/prod/overrides/models/m/temperature (environment prod)",
            "22:18 error ref.dangling /environments/staging/overrides/agents/a/model (environment staging)",
        ]
    );
    assert_eq!(report.environments, ["prod", "staging"]);
    let only = Options {
        environment: Environment::Only("prod".into()),
        ..Options::default()
    };
    assert_eq!(
        validate(&doc, Some(&schema), &only)
            .unwrap()
            .diagnostics
            .len(),
        1
    );
    let base = Options {
        environment: Environment::Base,
        ..Options::default()
    };
    assert!(validate(&doc, Some(&schema), &base)
        .unwrap()
        .diagnostics
        .is_empty());
    let unknown = Options {
        environment: Environment::Only("qa".into()),
        ..Options::default()
    };
    assert!(validate(&doc, Some(&schema), &unknown)
        .unwrap_err()
        .to_string()
        .contains("prod, staging"));
}

#[test]
fn variables_resolve_before_validation_and_unset_ones_are_reported() {
    let schema = agent_stack();
    let text = "\
version: 1
providers:
  p:
    type: openai
    api_key: ${KEY}
    timeout_s: ${TIMEOUT:30}
models:
  m:
    provider: p
    name: gpt-4o
    temperature: ${TEMP:hot}
agents:
  a:
    model: m
";
    let doc = Document::parse(text.to_string(), Format::Yaml).unwrap();
    let options = Options {
        variables: Some(Variables::new()),
        ..Options::default()
    };
    let got: Vec<String> = validate(&doc, Some(&schema), &options)
        .unwrap()
        .diagnostics
        .iter()
        .map(brief)
        .collect();
    assert_eq!(
        got,
        [
            "5:14 warning env.unresolved /providers/p/api_key",
            "11:18 error schema.type /models/m/temperature"
        ]
    );
    let mut variables = Variables::new();
    variables.set("KEY", "k");
    variables.set("TEMP", "0.4");
    let options = Options {
        variables: Some(variables),
        ..Options::default()
    };
    assert!(validate(&doc, Some(&schema), &options)
        .unwrap()
        .diagnostics
        .is_empty());
}

#[test]
fn syntax_errors_are_diagnostics_with_a_position() {
    let text = "a: 1\nb: [1, 2\nc: 3\n";
    let err = Document::parse(text.to_string(), Format::Yaml).unwrap_err();
    let d = Diagnostic::from_load_error(text, &err);
    assert_eq!((d.severity, d.code.as_str()), (Severity::Error, "syntax"));
    assert!(d.start.line >= 2, "{}", d.to_text("x.yaml"));
    assert!(d
        .to_text("x.yaml")
        .starts_with(&format!("x.yaml:{}:", d.start.line)));
}

#[test]
fn each_document_of_a_stream_is_validated_with_its_index() {
    let schema = Schema::compile(
        json!({"required": ["kind"]}),
        Origin::Inline("t".into()),
        None,
        &LoadOptions::default(),
    )
    .unwrap();
    let got: Vec<String> = check(&schema, "kind: a\n---\nname: b\n")
        .iter()
        .map(brief)
        .collect();
    assert_eq!(got, ["3:1 error schema.required /1"]);
}

#[test]
fn a_misspelt_name_inside_a_longer_value_is_fixed_in_place() {
    // A volume named in `name:container-path` form: the fix changes the name only, so
    // the mount point stays.
    let schema = Schema::from_pack(
        Packs::builtin().get("docker-compose").unwrap().clone(),
        &LoadOptions::default(),
    )
    .unwrap();
    let text = "services:\n  db:\n    image: mariadb:11\n    volumes:\n      - dbdata:/var/lib/mysql\nvolumes:\n  db-data: {}\n";
    let diagnostics = check(&schema, text);
    let dangling: Vec<&Diagnostic> = diagnostics
        .iter()
        .filter(|d| d.code == "ref.dangling")
        .collect();
    assert_eq!(
        dangling.len(),
        1,
        "{:?}",
        diagnostics.iter().map(brief).collect::<Vec<_>>()
    );
    assert_eq!(dangling[0].fixes[0].title, "Change to `db-data`");
    let mut doc = Document::parse(text.to_string(), Format::Yaml).unwrap();
    doc.apply_all(&dangling[0].fixes[0].edits).unwrap();
    assert_eq!(
        doc.text(),
        "services:\n  db:\n    image: mariadb:11\n    volumes:\n      - db-data:/var/lib/mysql\nvolumes:\n  db-data: {}\n"
    );
}
