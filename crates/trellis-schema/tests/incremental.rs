//! `Validator` (re-validation that reuses what an edit cannot have changed) gives exactly the
//! report `validate` gives from scratch: after every edit of a sequence that makes and mends
//! schema errors, dangling references, cycles, literal secrets, variables and overlay
//! changes, under each set of options; and across whole different documents of every pack.

#[path = "../benches/support/stack.rs"]
mod stack;

use serde_json::{json, Value};
use std::path::Path;
use std::sync::Arc;
use trellis_core::{Document, EditOp, Format, Pointer};
use trellis_schema::{
    validate, Environment, LoadOptions, Options, Packs, Report, Schema, Validator, Variables,
};

fn schema(pack: &str) -> Arc<Schema> {
    Arc::new(
        Schema::from_pack(
            Packs::builtin().get(pack).unwrap().clone(),
            &LoadOptions::default(),
        )
        .unwrap(),
    )
}

/// Everything a report says, fixes and spans included.
fn full(report: &Report) -> String {
    format!("{report:?}")
}

fn option_sets() -> Vec<(&'static str, Options)> {
    let mut variables = Variables::new();
    variables.set("OPENAI_API_KEY", "from-the-environment");
    variables.set("TEMP", "0.9");
    variables.set("HOT", "7");
    variables.set("EMBED", "billing-1-embed");
    vec![
        ("default", Options::default()),
        (
            "base only",
            Options {
                environment: Environment::Base,
                ..Options::default()
            },
        ),
        (
            "prod only",
            Options {
                environment: Environment::Only("prod".into()),
                ..Options::default()
            },
        ),
        (
            "variables",
            Options {
                variables: Some(variables),
                ..Options::default()
            },
        ),
        (
            "no variables set",
            Options {
                variables: Some(Variables::new()),
                ..Options::default()
            },
        ),
    ]
}

fn set(path: &str, value: Value) -> EditOp {
    EditOp::Set {
        path: Pointer::parse(path).unwrap(),
        value,
    }
}

/// The generated stack's providers with the first one moved last.
fn reordered_providers() -> Value {
    let mut providers = stack::agent_stack(2)["providers"]
        .as_object()
        .unwrap()
        .clone();
    let first = providers.keys().next().unwrap().clone();
    let value = providers.shift_remove(&first).unwrap();
    providers.insert(first, value);
    Value::Object(providers)
}

fn edits() -> Vec<EditOp> {
    vec![
        // A value in range, then out of range, then back.
        set("/models/billing-1-smart/temperature", json!(0.3)),
        set("/models/billing-1-smart/temperature", json!(5)),
        set("/models/billing-1-smart/temperature", json!(0.4)),
        // A dangling reference, mended.
        set("/models/billing-1-fast/provider", json!("zzzzzz")),
        // Keys moved in one edit (the same providers, `openai` last: `==` on maps would not
        // see it) and a list reordered: the model keeps their order, and so do the lists of
        // candidates in messages.
        set("/providers", reordered_providers()),
        EditOp::Move {
            path: Pointer::parse("/agents/billing-1-planner/delegates_to/2").unwrap(),
            to: 0,
        },
        set("/models/billing-1-fast/provider", json!("billing-1-openai")),
        // A literal secret and an enum typo.
        set(
            "/providers/billing-1-openai/api_key",
            json!("sk-proj-AbCdEfGhIjKlMnOpQrStUvWxYz012345"),
        ),
        set("/providers/support-1-backup/type", json!("openia")),
        // A delegation cycle.
        set(
            "/agents/billing-1-fact-checker/delegates_to",
            json!(["billing-1-planner"]),
        ),
        // Components removed and renamed: dangling references, unused components.
        EditOp::Remove {
            path: Pointer::parse("/agents/billing-1-writer").unwrap(),
        },
        EditOp::Rename {
            path: Pointer::parse("/tools/billing-1-files").unwrap(),
            new_key: "billing-1-filez".into(),
        },
        set("/models/billing-1-smart/temprature", json!(1)),
        // Variables: resolved (or not) before validation.
        set("/models/billing-1-smart/temperature", json!("${TEMP:0.4}")),
        set("/models/billing-1-smart/temperature", json!("${HOT}")),
        set("/memory/billing-1-kb/embedding_model", json!("${EMBED}")),
        // Overlays: an error only in prod, a dangling reference only in dev, a new
        // component only in dev, a whole overlay replaced, one removed.
        set(
            "/environments/prod/overrides/models",
            json!({"billing-1-smart": {"temperature": 9}}),
        ),
        set(
            "/environments/dev/overrides/models/billing-1-fast",
            json!({"provider": "ghost"}),
        ),
        set(
            "/environments/dev/overrides/tools",
            json!({"dev-only": {"type": "builtin", "name": "dev-only"}}),
        ),
        set(
            "/environments/prod/overrides/agents",
            json!({"billing-1-planner": {"model": "billing-1-smart"}}),
        ),
        set(
            "/environments/prod/overrides/middleware",
            json!({"audit_log": {"level": "loud"}}),
        ),
        set("/environments/prod/overrides", json!({"version": 2})),
        EditOp::Remove {
            path: Pointer::parse("/environments/dev").unwrap(),
        },
        // Mend the cycle and the secret; the base edits keep the overlay's findings fresh.
        set("/agents/billing-1-fact-checker/delegates_to", json!([])),
        set(
            "/providers/billing-1-openai/api_key",
            json!("${OPENAI_API_KEY}"),
        ),
        set("/environments/prod/overrides", json!({})),
        set("/models/billing-1-smart/temperature", json!(0.2)),
    ]
}

#[test]
fn validator_reports_what_validate_reports_after_every_edit() {
    let schema = schema("agent-stack");
    let yaml = stack::to_yaml(&stack::agent_stack(2), "Generated by tests/incremental.rs.");
    for (name, options) in option_sets() {
        let mut doc = Document::parse(yaml.clone(), Format::Yaml).unwrap();
        let mut validator = Validator::new(Some(schema.clone()));
        let mut kinds = std::collections::BTreeSet::new();
        let first = validator.validate(&doc, &options).unwrap();
        assert_eq!(
            full(&first),
            full(&validate(&doc, Some(&schema), &options).unwrap())
        );
        for (step, op) in edits().iter().enumerate() {
            doc.apply(op)
                .unwrap_or_else(|e| panic!("{name}: edit {step} {op:?}: {e}"));
            let incremental = validator.validate(&doc, &options).unwrap();
            let scratch = validate(&doc, Some(&schema), &options).unwrap();
            assert_eq!(
                full(&incremental),
                full(&scratch),
                "{name}: after edit {step} {op:?}"
            );
            kinds.extend(scratch.diagnostics.iter().map(|d| d.code.clone()));
        }
        // The sequence does make (and mend) the findings it is meant to.
        if name == "default" {
            for code in [
                "schema.maximum",
                "schema.enum",
                "schema.additionalProperties",
                "ref.dangling",
                "ref.cycle",
                "ref.unused",
                "secret.literal",
            ] {
                assert!(kinds.contains(code), "{name}: no {code} in {kinds:?}");
            }
        }
    }
}

#[test]
fn the_same_validator_follows_option_changes_and_whole_new_documents() {
    let packs_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("packs");
    for pack in Packs::builtin().iter() {
        let schema = schema(&pack.id);
        let mut validator = Validator::new(Some(schema.clone()));
        let mut without_schema = Validator::new(None);
        let mut paths = Vec::new();
        for kind in ["valid", "invalid"] {
            let dir = packs_dir.join(&pack.id).join("fixtures").join(kind);
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if Format::from_path(&path).is_some() {
                    paths.push(path);
                }
            }
        }
        paths.sort();
        let options = option_sets();
        // Each fixture, then each again in reverse: every step is a whole other document.
        let order: Vec<_> = paths.iter().chain(paths.iter().rev()).collect();
        for (i, path) in order.into_iter().enumerate() {
            let text = std::fs::read_to_string(path).unwrap();
            let doc = Document::parse(text, Format::from_path(path).unwrap()).unwrap();
            let (name, options) = &options[i % options.len()];
            let incremental = validator.validate(&doc, options);
            let scratch = validate(&doc, Some(&schema), options);
            match (incremental, scratch) {
                (Ok(a), Ok(b)) => assert_eq!(full(&a), full(&b), "{}: {name}", path.display()),
                (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string()),
                (a, b) => panic!("{}: {name}: {a:?} vs {b:?}", path.display()),
            }
            assert_eq!(
                full(&without_schema.validate(&doc, options).unwrap()),
                full(&validate(&doc, None, options).unwrap()),
                "{}: without a schema",
                path.display()
            );
        }
    }
}

#[test]
fn a_kept_reference_fix_follows_the_text_around_the_name() {
    // The mount point after a misspelt volume name changes; the model (the names) stays
    // the same, so the reference findings are kept — the fix must still keep the new
    // mount point, as a validation from scratch does.
    let schema = schema("docker-compose");
    let text = "services:\n  db:\n    image: mariadb:11\n    volumes:\n      - dbdata:/var/lib/mysql\nvolumes:\n  db-data: {}\n";
    let mut doc = Document::parse(text.to_string(), Format::Yaml).unwrap();
    let mut validator = Validator::new(Some(schema.clone()));
    validator.validate(&doc, &Options::default()).unwrap();
    doc.apply_all(&[set("/services/db/volumes/0", json!("dbdata:/data"))])
        .unwrap();
    let incremental = validator.validate(&doc, &Options::default()).unwrap();
    let fresh = validate(&doc, Some(&schema), &Options::default()).unwrap();
    assert_eq!(full(&incremental), full(&fresh));
    let fix = incremental
        .diagnostics
        .iter()
        .find(|d| d.code == "ref.dangling")
        .and_then(|d| d.fixes.first())
        .expect("a fix for the misspelt volume");
    doc.apply_all(&fix.edits).unwrap();
    assert!(doc.text().contains("- db-data:/data\n"), "{}", doc.text());
}
