//! The visual designer's groundwork against every built-in pack: palettes, new components,
//! rename, delete, connect/disconnect and forms, on the packs' own valid fixtures (YAML,
//! JSON and TOML) and on nearly empty documents. Every edit plan is applied to a real
//! `Document` as one step, validated with the crate's validation, its model read again,
//! and undone.

use std::collections::BTreeSet;
use std::path::Path;
use trellis_core::{Document, EditOp, Format, Pointer};
use trellis_schema::{
    validate, DeleteMode, Design, DesignError, Diagnostic, Input, LoadOptions, Model, Options,
    Schema, Severity,
};

mod common;

use common::{fixtures, p, schema, PACKS};

fn load(path: &Path) -> Document {
    let text = std::fs::read_to_string(path).expect("read");
    Document::parse(text, Format::from_path(path).expect("format")).expect("parses")
}

fn doc(text: &str) -> Document {
    Document::parse(text.to_string(), Format::Yaml).expect("parses")
}

/// A nearly empty document of each pack: what a user starts a design from.
fn empty(pack: &str) -> Document {
    doc(match pack {
        "agent-stack" => "version: 1\n",
        "docker-compose" => "name: app\n",
        "github-actions" => "on: push\njobs: {}\n",
        _ => "service:\n  pipelines: {}\n",
    })
}

/// Every document a pack is tested on: the nearly empty one and its valid fixtures.
fn documents(pack: &str) -> Vec<(String, Document)> {
    let mut out = vec![("(empty)".to_string(), empty(pack))];
    for path in fixtures(pack) {
        out.push((
            path.file_name().unwrap().to_string_lossy().into_owned(),
            load(&path),
        ));
    }
    out
}

fn diagnostics(doc: &Document, schema: &Schema) -> Vec<Diagnostic> {
    validate(doc, Some(schema), &Options::default())
        .expect("validates")
        .diagnostics
}

/// An error diagnostic, its pointer parsed.
#[derive(Debug)]
struct Error {
    pointer: Pointer,
    code: String,
    message: String,
}

fn errors(doc: &Document, schema: &Schema) -> Vec<Error> {
    diagnostics(doc, schema)
        .into_iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| Error {
            pointer: Pointer::parse(&d.pointer).expect("diagnostic pointer"),
            code: d.code,
            message: d.message,
        })
        .collect()
}

fn error_keys(doc: &Document, schema: &Schema) -> BTreeSet<String> {
    errors(doc, schema)
        .iter()
        .map(|d| format!("{} {} {}", d.code, d.pointer, d.message))
        .collect()
}

/// Applies a plan as one undoable step, checks that one undo restores the text exactly,
/// and returns the edited document.
fn apply(doc: &Document, edits: &[EditOp]) -> Document {
    let mut edited = doc.clone();
    edited
        .apply_all(edits)
        .unwrap_or_else(|e| panic!("plan {edits:?} does not apply: {e}"));
    let mut undone = edited.clone();
    assert!(undone.undo(), "one undo step");
    assert_eq!(undone.text(), doc.text(), "undo restores the text");
    assert!(
        !undone.can_undo() || doc.can_undo(),
        "the plan was one step"
    );
    edited
}

/// The references of a document that name nothing (built-in and implicit names aside).
fn dangling(model: &Model) -> Vec<String> {
    model
        .references
        .iter()
        .filter(|r| {
            !r.builtin.contains(&r.name)
                && !model
                    .collections
                    .iter()
                    .any(|c| r.to.contains(&c.kind) && c.implicit.contains(&r.name))
                && !model
                    .components
                    .iter()
                    .any(|c| c.name == r.name && r.to.contains(&c.kind))
        })
        .map(|r| format!("{} {}", r.pointer, r.name))
        .collect()
}

fn parent(pointer: &Pointer) -> Option<Pointer> {
    pointer.split_last().map(|(p, _)| p)
}

// ------------------------------------------------------------------------------ palette

#[test]
fn palettes_have_every_kind_and_variant_of_each_pack() {
    let kinds = |pack: &str| -> Vec<(String, String, Vec<String>)> {
        let s = schema(pack);
        let value = serde_json::json!({});
        let design = Design::new(&s, &value);
        design
            .palette()
            .kinds
            .iter()
            .map(|k| {
                (
                    k.kind.clone(),
                    k.collection.to_string(),
                    k.variants.iter().map(|v| v.name.clone()).collect(),
                )
            })
            .collect()
    };
    let agent = kinds("agent-stack");
    let names: Vec<&str> = agent.iter().map(|k| k.0.as_str()).collect();
    assert_eq!(
        names,
        ["provider", "model", "tool", "memory", "middleware", "agent"]
    );
    assert_eq!(
        agent[0].2,
        [
            "openai",
            "anthropic",
            "azure_openai",
            "ollama",
            "openai_compatible"
        ]
    );
    assert_eq!(agent[2].2, ["builtin", "http", "mcp", "function"]);
    let compose: Vec<String> = kinds("docker-compose").into_iter().map(|k| k.0).collect();
    assert_eq!(
        compose,
        ["service", "network", "volume", "secret", "config"]
    );
    let otel = kinds("otel-collector");
    let pipeline = otel.iter().find(|k| k.0 == "pipeline").expect("pipelines");
    assert_eq!(pipeline.1, "/service/pipelines");
    assert_eq!(pipeline.2, ["traces", "metrics", "logs"]);
    let receiver = otel.iter().find(|k| k.0 == "receiver").expect("receivers");
    assert!(receiver.2.contains(&"otlp".to_string()), "{receiver:?}");
    assert_eq!(kinds("github-actions")[0].0, "job");

    // Every collection a fixture's model holds is in the palette, at the same place.
    for pack in PACKS {
        let s = schema(pack);
        for (name, d) in documents(pack) {
            let value = d.value();
            let design = Design::new(&s, &value);
            for c in &design.model().collections {
                let k = design
                    .palette()
                    .kind(&c.kind)
                    .unwrap_or_else(|| panic!("{pack} {name}: kind {} not in palette", c.kind));
                assert_eq!(k.collection, c.pointer, "{pack} {name}: {}", c.kind);
            }
        }
    }
}

#[test]
fn palette_search_is_case_insensitive_and_ranked() {
    let s = schema("agent-stack");
    let value = serde_json::json!({"version": 1});
    let design = Design::new(&s, &value);
    let search = |q: &str| -> Vec<String> {
        design
            .palette()
            .search(q)
            .iter()
            .map(|h| match &h.variant {
                Some(v) => format!("{}/{v}", h.kind),
                None => h.kind.clone(),
            })
            .collect()
    };
    let openai = search("OpenAI");
    assert_eq!(
        openai[..3],
        [
            "provider/openai",
            "provider/openai_compatible",
            "provider/azure_openai"
        ]
    );
    // The kind found by its own name comes before its variants.
    let memory = search("memory");
    assert_eq!(memory[0], "memory");
    assert!(memory.contains(&"memory/redis".to_string()));
    // Every word must match; descriptions count too.
    assert_eq!(search("memory vector")[0], "memory/vector");
    assert!(search("memory vector")
        .iter()
        .all(|h| h.starts_with("memory")));
    assert!(search("rate").contains(&"middleware/rate_limit".to_string()));
    assert!(search("zzzz-nothing").is_empty());
    // An empty query lists everything, kinds before their variants.
    let all = search("");
    assert_eq!(all.len(), 6 + 5 + 4 + 5 + 6);
    assert_eq!(all[0], "provider");

    let otel = schema("otel-collector");
    let value = serde_json::json!({});
    let design = Design::new(&otel, &value);
    let hits = design.palette().search("PIPE");
    assert_eq!(hits[0].kind, "pipeline");
    assert_eq!(hits[0].variant, None);
}

// ------------------------------------------------------------------------------ new components

#[test]
fn new_components_of_every_kind_validate_or_say_exactly_what_is_missing() {
    let mut made = 0;
    let mut validated = 0;
    let mut with_missing = 0;
    for pack in PACKS {
        let s = schema(pack);
        for (file, d) in documents(pack) {
            let value = d.value();
            let design = Design::new(&s, &value);
            let before = Model::read(s.walk(), &value);
            for k in &design.palette().kinds {
                let mut variants: Vec<Option<&str>> = vec![None];
                variants.extend(k.variants.iter().map(|v| Some(v.name.as_str())));
                for variant in variants {
                    let what = format!("{pack} {file}: new {} {variant:?}", k.kind);
                    let new = match design.new_component(&k.kind, variant, None) {
                        Ok(n) => n,
                        Err(DesignError::InvalidName { reason, .. })
                            if variant.is_none()
                                && k.variants.iter().all(|v| v.key_pattern.is_some()) =>
                        {
                            // Keys tell the variant and the kind's name fits none.
                            assert!(reason.contains("choose a variant"), "{what}: {reason}");
                            continue;
                        }
                        Err(e) => panic!("{what}: {e}"),
                    };
                    made += 1;
                    assert!(
                        !before
                            .components
                            .iter()
                            .any(|c| c.kind == k.kind && c.name == new.name),
                        "{what}: name {} was taken",
                        new.name
                    );
                    assert_eq!(new.edits.len(), 1, "{what}: one edit");
                    let edited = apply(&d, &new.edits);
                    let after = Model::read(s.walk(), &edited.value());
                    assert!(
                        after.components.iter().any(|c| c.kind == k.kind
                            && c.name == new.name
                            && c.pointer == new.pointer),
                        "{what}: {} is not read back at {}",
                        new.name,
                        new.pointer
                    );
                    assert_eq!(edited.get(&new.pointer), Some(new.value.clone()), "{what}");
                    let under: Vec<Error> = errors(&edited, &s)
                        .into_iter()
                        .filter(|e| e.pointer.starts_with(&new.pointer))
                        .collect();
                    if new.validates() {
                        validated += 1;
                        assert!(
                            under.is_empty(),
                            "{what}: {} = {} has errors: {under:?}",
                            new.name,
                            new.value
                        );
                    } else {
                        with_missing += 1;
                        for m in &new.missing {
                            // Missing only where a reference has nothing to name.
                            assert!(!m.kinds.is_empty(), "{what}: {m:?}");
                            assert!(
                                !before.components.iter().any(|c| m.kinds.contains(&c.kind)),
                                "{what}: {m:?} although the document has candidates"
                            );
                            assert!(
                                under.iter().any(|e| e.pointer == m.pointer
                                    || Some(&e.pointer) == parent(&m.pointer).as_ref()),
                                "{what}: {m:?} is not what validation reports: {under:?}"
                            );
                        }
                        for e in &under {
                            assert!(
                                new.missing.iter().any(|m| e.pointer == m.pointer
                                    || Some(&e.pointer) == parent(&m.pointer).as_ref()),
                                "{what}: error {e:?} is not in missing {:?}",
                                new.missing
                            );
                        }
                    }
                }
            }
        }
    }
    assert!(
        made > 150 && validated > 130 && with_missing > 0,
        "{made} {validated} {with_missing}"
    );
}

#[test]
fn new_component_names_are_unique_numbered_and_checked() {
    let s = schema("agent-stack");
    let d = load(&fixtures("agent-stack")[2]); // research-desk.yaml
    let value = d.value();
    let design = Design::new(&s, &value);
    let first = design
        .new_component("agent", None, Some("researcher"))
        .unwrap();
    assert_eq!(first.name, "researcher-2");
    assert!(first.validates(), "{:?}", first.missing);
    assert_eq!(first.value["model"], "fast", "the first model is named");
    let d2 = apply(&d, &first.edits);
    let v2 = d2.value();
    let second = Design::new(&s, &v2)
        .new_component("agent", None, Some("researcher"))
        .unwrap();
    assert_eq!(second.name, "researcher-3");
    let provider = design
        .new_component("provider", Some("azure_openai"), None)
        .unwrap();
    assert_eq!(provider.name, "azure_openai");
    assert_eq!(provider.value["type"], "azure_openai");
    assert!(
        provider.value.get("api_version").is_some(),
        "conditional required filled"
    );

    let otel = schema("otel-collector");
    let od = load(&fixtures("otel-collector")[0]);
    let ov = od.value();
    let design = Design::new(&otel, &ov);
    assert_eq!(
        design
            .new_component("receiver", Some("otlp"), None)
            .unwrap()
            .name,
        "otlp/2"
    );
    assert_eq!(
        design
            .new_component("receiver", Some("otlp"), Some("internal"))
            .unwrap()
            .name,
        "otlp/internal"
    );
    let pipeline = design
        .new_component("pipeline", Some("traces"), None)
        .unwrap();
    assert_eq!(pipeline.name, "traces/2");
    assert!(pipeline.validates(), "{:?}", pipeline.missing);

    let compose = schema("docker-compose");
    let cv = serde_json::json!({"services": {"web": {"image": "nginx"}}});
    let design = Design::new(&compose, &cv);
    match design.new_component("service", None, Some("bad name")) {
        Err(DesignError::InvalidName {
            pointer, reason, ..
        }) => {
            assert_eq!(pointer, p("/services/bad name"));
            assert!(reason.contains("pattern"), "{reason}");
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        design.new_component("widget", None, None),
        Err(DesignError::UnknownKind { .. })
    ));
    assert!(matches!(
        design.new_component("service", Some("fancy"), None),
        Err(DesignError::UnknownVariant { .. })
    ));
    let gha = schema("github-actions");
    let gv = serde_json::json!({"on": "push", "jobs": {}});
    assert!(matches!(
        Design::new(&gha, &gv).new_component("job", None, Some("9lives")),
        Err(DesignError::InvalidName { .. })
    ));
}

#[test]
fn new_component_creates_missing_collections_and_works_in_streams() {
    let otel = schema("otel-collector");
    let d = doc("receivers:\n  otlp:\n    protocols:\n      grpc:\nexporters:\n  debug:\n");
    let value = d.value();
    let new = Design::new(&otel, &value)
        .new_component("pipeline", Some("logs"), None)
        .unwrap();
    assert_eq!(new.pointer, p("/service/pipelines/logs"));
    assert!(new.validates(), "{:?}", new.missing);
    let edited = apply(&d, &new.edits);
    assert!(
        errors(&edited, &otel).is_empty(),
        "{:?}",
        errors(&edited, &otel)
    );

    let compose = schema("docker-compose");
    let stream = doc("services:\n  a:\n    image: x\n---\nservices:\n  b:\n    image: y\n");
    let second = stream.get(&p("/1")).unwrap();
    let design = Design::in_stream(&compose, &second, 1);
    let new = design.new_component("service", None, Some("b")).unwrap();
    assert_eq!(new.pointer, p("/1/services/b-2"));
    let edited = apply(&stream, &new.edits);
    assert_eq!(
        edited.get(&p("/1/services/b-2")),
        Some(serde_json::json!({}))
    );
    assert!(matches!(
        design.rename(&p("/0/services/a"), "c"),
        Err(DesignError::OutsideDocument { .. })
    ));
}

// ------------------------------------------------------------------------------ rename

/// A new name for a component that keeps its variant: key-told variants keep their key
/// literal (`otlp` → `otlp/renamed`).
fn new_name(design: &Design<'_>, kind: &str, name: &str) -> String {
    let by_key = design
        .palette()
        .kind(kind)
        .is_some_and(|k| k.variants.iter().any(|v| v.key_pattern.is_some()));
    if by_key && !name.contains('/') {
        format!("{name}/renamed")
    } else {
        format!("{name}_renamed")
    }
}

#[test]
fn renaming_any_component_updates_every_reference() {
    let mut renamed_count = 0;
    let mut references_updated = 0;
    for pack in PACKS {
        let s = schema(pack);
        for path in fixtures(pack) {
            let d = load(&path);
            let value = d.value();
            let design = Design::new(&s, &value);
            let before_errors = error_keys(&d, &s);
            assert!(
                before_errors.is_empty(),
                "{}: valid fixture",
                path.display()
            );
            let components = design.model().components.clone();
            for c in &components {
                let what = format!("{} rename {}", path.display(), c.pointer);
                let name = new_name(&design, &c.kind, &c.name);
                let referrers = design.referrers(&c.pointer).unwrap();
                let plan = design
                    .rename(&c.pointer, &name)
                    .unwrap_or_else(|e| panic!("{what}: {e}"));
                assert!(
                    plan.notes.iter().all(|n| !n.contains("key pattern")),
                    "{what}: {:?}",
                    plan.notes
                );
                assert!(plan.updated.len() >= referrers.len(), "{what}");
                for r in &referrers {
                    assert!(
                        plan.updated.contains(&r.pointer),
                        "{what}: {} not updated",
                        r.pointer
                    );
                }
                let edited = apply(&d, &plan.edits);
                let errors_after = error_keys(&edited, &s);
                assert!(errors_after.is_empty(), "{what}: {errors_after:?}");
                let model = Model::read(s.walk(), &edited.value());
                assert!(
                    dangling(&model).is_empty(),
                    "{what}: {:?}",
                    dangling(&model)
                );
                assert!(
                    model
                        .components
                        .iter()
                        .any(|x| x.pointer == plan.pointer && x.name == name && x.kind == c.kind),
                    "{what}: not read back"
                );
                assert!(
                    !model
                        .components
                        .iter()
                        .any(|x| x.kind == c.kind && x.name == c.name),
                    "{what}: the old name is still there"
                );
                let edited_value = edited.value();
                let after = Design::new(&s, &edited_value);
                assert_eq!(
                    after.referrers(&plan.pointer).unwrap().len(),
                    referrers.len(),
                    "{what}: the same references name it"
                );
                renamed_count += 1;
                references_updated += plan.updated.len();
            }
        }
    }
    assert!(
        renamed_count > 60 && references_updated > 60,
        "{renamed_count} {references_updated}"
    );
}

#[test]
fn rename_rewrites_names_inside_values_keys_and_overlays() {
    let compose = schema("docker-compose");
    let web = load(&fixtures("docker-compose")[3]); // web-stack.yaml
    let value = web.value();
    let design = Design::new(&compose, &value);
    // A mount: only the volume's name changes.
    let plan = design
        .rename(&p("/volumes/cache-data"), "cache-store")
        .unwrap();
    let edited = apply(&web, &plan.edits);
    assert_eq!(
        edited.get(&p("/services/cache/volumes/0")),
        Some(serde_json::json!("cache-store:/data"))
    );
    // A map-key reference keeps its place and value.
    let plan = design.rename(&p("/services/db"), "postgres").unwrap();
    let edited = apply(&web, &plan.edits);
    let depends = edited.get(&p("/services/api/depends_on")).unwrap();
    let keys: Vec<&String> = depends.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["postgres", "cache"]);
    assert_eq!(depends["postgres"]["condition"], "service_healthy");
    // The edit touches only the names: every other line is as it was.
    let changed: Vec<(&str, &str)> = web
        .text()
        .lines()
        .zip(edited.text().lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(changed.len(), 2, "{changed:?}");
    assert!(changed
        .iter()
        .all(|(a, b)| a.replace("db:", "postgres:") == *b));

    // An agent stack's environment overlay follows the rename.
    let agents = schema("agent-stack");
    let desk = load(&fixtures("agent-stack")[2]);
    let value = desk.value();
    let plan = Design::new(&agents, &value)
        .rename(&p("/models/smart"), "sharp")
        .unwrap();
    let edited = apply(&desk, &plan.edits);
    assert!(edited
        .get(&p("/environments/dev/overrides/models/sharp"))
        .is_some());
    assert!(edited
        .get(&p("/environments/dev/overrides/models/smart"))
        .is_none());
    assert_eq!(
        edited.get(&p("/agents/researcher/model")),
        Some(serde_json::json!("sharp"))
    );
    assert!(
        errors(&edited, &agents).is_empty(),
        "{:?}",
        errors(&edited, &agents)
    );
}

#[test]
fn rename_refuses_taken_and_invalid_names_with_the_reason() {
    let cases: [(&str, usize, &str, &str, &str); 7] = [
        ("agent-stack", 2, "/agents/writer", "planner", "taken"),
        ("agent-stack", 2, "/agents/writer", "", "blank"),
        ("agent-stack", 2, "/agents/writer", "${WHO}", "variable"),
        ("docker-compose", 3, "/services/db", "my db", "pattern"),
        ("github-actions", 0, "/jobs/lint", "1lint", "pattern"),
        (
            "otel-collector",
            0,
            "/receivers/otlp",
            "OTLP",
            "must match one of",
        ),
        // A receiver and a connector with one name would make pipelines ambiguous.
        (
            "otel-collector",
            2,
            "/connectors/spanmetrics",
            "otlp",
            "taken",
        ),
    ];
    for (pack, fixture, component, name, why) in cases {
        let s = schema(pack);
        let d = load(&fixtures(pack)[fixture]);
        let value = d.value();
        let design = Design::new(&s, &value);
        assert!(
            design.component_at(&p(component)).is_some(),
            "{pack} {component}"
        );
        let err = design.rename(&p(component), name).expect_err("refused");
        let text = err.to_string();
        match why {
            "taken" => assert!(matches!(err, DesignError::NameTaken { .. }), "{text}"),
            _ => {
                assert!(matches!(err, DesignError::InvalidName { .. }), "{text}");
                assert!(text.contains(why), "{pack} {name}: {text}");
            }
        }
    }
    let s = schema("agent-stack");
    let value = serde_json::json!({"version": 1});
    assert!(matches!(
        Design::new(&s, &value).rename(&p("/agents/nobody"), "x"),
        Err(DesignError::NotAComponent { .. })
    ));
}

// ------------------------------------------------------------------------------ delete

/// What deleting a component without its references may remove besides it: an
/// environment overlay's entry for it (or the overlay maps it empties) and its collection
/// when it is the last entry.
fn removable(removed: &Pointer, component: &Pointer) -> bool {
    removed.tokens()[0] == "environments" || Some(removed) == parent(component).as_ref()
}

#[test]
fn deleting_with_references_leaves_nothing_dangling() {
    let mut deleted = 0;
    let mut removed_references = 0;
    for pack in PACKS {
        let s = schema(pack);
        for path in fixtures(pack) {
            let d = load(&path);
            let value = d.value();
            let design = Design::new(&s, &value);
            for c in design.model().components.clone() {
                let what = format!("{} delete {}", path.display(), c.pointer);
                let referrers = design.referrers(&c.pointer).unwrap();
                // Refused while referenced, with who refers.
                match design.delete(&c.pointer, DeleteMode::IfUnreferenced) {
                    Err(DesignError::Referenced { referrers: r, .. }) => {
                        assert!(!referrers.is_empty(), "{what}");
                        assert_eq!(r, referrers, "{what}");
                    }
                    Ok(plan) => {
                        assert!(referrers.is_empty(), "{what}");
                        assert!(
                            plan.removed.iter().all(|r| removable(r, &c.pointer)),
                            "{what}: {:?}",
                            plan.removed
                        );
                    }
                    Err(e) => panic!("{what}: {e}"),
                }
                let plan = design
                    .delete(&c.pointer, DeleteMode::RemoveReferences)
                    .unwrap_or_else(|e| panic!("{what}: {e}"));
                let edited = apply(&d, &plan.edits);
                assert!(edited.get(&c.pointer).is_none(), "{what}: still there");
                let model = Model::read(s.walk(), &edited.value());
                assert!(
                    dangling(&model).is_empty(),
                    "{what}: {:?}",
                    dangling(&model)
                );
                let after = errors(&edited, &s);
                assert!(
                    !after.iter().any(|e| e.code == "ref.dangling"),
                    "{what}: {after:?}"
                );
                // Whatever else validation now says is a required field the removal
                // emptied, and the plan said so.
                for e in &after {
                    assert!(
                        plan.left_missing
                            .iter()
                            .any(|m| *m == e.pointer || parent(m).as_ref() == Some(&e.pointer)),
                        "{what}: unexplained {e:?} (left missing: {:?})",
                        plan.left_missing
                    );
                }
                deleted += 1;
                removed_references += referrers.len();
            }
        }
    }
    assert!(
        deleted > 60 && removed_references > 60,
        "{deleted} {removed_references}"
    );
}

#[test]
fn deleting_and_keeping_references_leaves_exactly_them_dangling() {
    for pack in PACKS {
        let s = schema(pack);
        for path in fixtures(pack) {
            let d = load(&path);
            let value = d.value();
            let design = Design::new(&s, &value);
            for c in design.model().components.clone() {
                let referrers = design.referrers(&c.pointer).unwrap();
                if referrers.is_empty() {
                    continue;
                }
                let what = format!("{} delete {}", path.display(), c.pointer);
                let plan = design
                    .delete(&c.pointer, DeleteMode::KeepReferences)
                    .unwrap();
                assert!(
                    plan.removed.iter().all(|r| removable(r, &c.pointer)),
                    "{what}: {:?}",
                    plan.removed
                );
                let edited = apply(&d, &plan.edits);
                let found: BTreeSet<String> = errors(&edited, &s)
                    .iter()
                    .filter(|e| e.code == "ref.dangling")
                    .map(|e| e.pointer.to_string())
                    .collect();
                let expected: BTreeSet<String> = referrers
                    .iter()
                    .filter(|r| r.pointer.tokens()[0] != "environments")
                    .map(|r| r.pointer.to_string())
                    .collect();
                assert_eq!(found, expected, "{what}");
            }
        }
    }
}

#[test]
fn delete_removes_list_items_map_entries_and_fields() {
    let compose = schema("docker-compose");
    let web = load(&fixtures("docker-compose")[3]);
    let value = web.value();
    let design = Design::new(&compose, &value);
    let plan = design
        .delete(&p("/networks/back"), DeleteMode::RemoveReferences)
        .unwrap();
    let edited = apply(&web, &plan.edits);
    // A list item, a map entry (the map goes with it), a whole one-item list.
    assert_eq!(
        edited.get(&p("/services/api/networks")),
        Some(serde_json::json!(["front"]))
    );
    assert_eq!(edited.get(&p("/services/db/networks")), None);
    assert_eq!(edited.get(&p("/services/cache/networks")), None);
    assert!(errors(&edited, &compose).is_empty());

    let agents = schema("agent-stack");
    let desk = load(&fixtures("agent-stack")[2]);
    let value = desk.value();
    let design = Design::new(&agents, &value);
    // A required scalar reference is removed and reported.
    let plan = design
        .delete(&p("/models/fast"), DeleteMode::RemoveReferences)
        .unwrap();
    assert_eq!(plan.left_missing, [p("/agents/planner/model")]);
    let edited = apply(&desk, &plan.edits);
    let errs = errors(&edited, &agents);
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert_eq!(errs[0].pointer, p("/agents/planner"));
    assert!(errs[0].message.contains("model"));
    // An overlay entry of the deleted component goes too.
    let plan = design
        .delete(&p("/models/smart"), DeleteMode::KeepReferences)
        .unwrap();
    // (`overrides` held only that entry.)
    assert_eq!(plan.removed, [p("/environments/dev/overrides")]);
}

// ------------------------------------------------------------------------------ connect

#[test]
fn connect_sets_appends_and_refuses_with_reasons() {
    let agents = schema("agent-stack");
    let desk = load(&fixtures("agent-stack")[2]);
    let value = desk.value();
    let design = Design::new(&agents, &value);

    // Append to a list.
    let plan = design
        .connect(&p("/agents/writer/tools"), &p("/tools/web_search"))
        .unwrap();
    assert_eq!(plan.reference, p("/agents/writer/tools/0"));
    let edited = apply(&desk, &plan.edits);
    assert_eq!(
        edited.get(&p("/agents/writer/tools")),
        Some(serde_json::json!(["web_search"]))
    );
    assert!(errors(&edited, &agents).is_empty());
    let plan = design
        .connect(&p("/agents/researcher/tools"), &p("/tools/web_search"))
        .expect_err("already");
    assert!(
        matches!(plan, DesignError::AlreadyConnected { .. }),
        "{plan}"
    );

    // Replace a scalar.
    let plan = design
        .connect(&p("/agents/writer/model"), &p("/models/smart"))
        .unwrap();
    let edited = apply(&desk, &plan.edits);
    assert_eq!(
        edited.get(&p("/agents/writer/model")),
        Some(serde_json::json!("smart"))
    );

    // Wrong kind.
    let err = design
        .connect(&p("/agents/writer/model"), &p("/tools/arxiv"))
        .expect_err("tool is no model");
    assert!(matches!(err, DesignError::IncompatibleKind { .. }), "{err}");
    assert!(err.to_string().contains("refers to model"), "{err}");

    // Cycles through an acyclic field.
    let err = design
        .connect(&p("/agents/researcher/delegates_to"), &p("/agents/planner"))
        .expect_err("cycle");
    assert!(matches!(err, DesignError::Cycle { .. }), "{err}");
    assert!(err.to_string().contains("planner → researcher"), "{err}");
    let targets = design
        .targets(&p("/agents/researcher/delegates_to"))
        .unwrap();
    let valid: Vec<&str> = targets.valid.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(valid, ["writer"]);
    let refused: Vec<&str> = targets
        .refused
        .iter()
        .map(|t| t.target.name.as_str())
        .collect();
    assert_eq!(refused, ["planner", "researcher"]);
    assert!(targets.multiple);

    // Not a reference field.
    assert!(matches!(
        design.connect(&p("/agents/writer/system_prompt"), &p("/models/smart")),
        Err(DesignError::NotAReference { .. })
    ));

    // Compose: a missing list field is created; a map-form field gets an entry.
    let compose = schema("docker-compose");
    let web = load(&fixtures("docker-compose")[3]);
    let value = web.value();
    let design = Design::new(&compose, &value);
    let plan = design
        .connect(&p("/services/cache/depends_on"), &p("/services/db"))
        .unwrap();
    let edited = apply(&web, &plan.edits);
    assert_eq!(
        edited.get(&p("/services/cache/depends_on")),
        Some(serde_json::json!(["db"]))
    );
    assert!(errors(&edited, &compose).is_empty());
    let plan = design
        .connect(&p("/services/db/networks"), &p("/networks/front"))
        .unwrap();
    assert_eq!(plan.reference, p("/services/db/networks/front"));
    let edited = apply(&web, &plan.edits);
    assert!(
        errors(&edited, &compose).is_empty(),
        "{:?}",
        errors(&edited, &compose)
    );
    // A name written inside a mount cannot be wired: the target path is needed.
    let targets = design.targets(&p("/services/proxy/volumes")).unwrap();
    assert!(targets.valid.is_empty());
    assert!(targets
        .refused
        .iter()
        .all(|r| r.reason.contains("longer value") || r.reason.starts_with("already")));
    assert!(targets
        .refused
        .iter()
        .any(|r| r.reason.contains("longer value")));

    // GitHub: `needs: x` becomes a list of two; a cycle is refused.
    let gha = schema("github-actions");
    let d = doc("on: push\njobs:\n  a:\n    runs-on: x\n    steps: [{run: a}]\n  b:\n    needs: a\n    runs-on: x\n    steps: [{run: b}]\n  c:\n    runs-on: x\n    steps: [{run: c}]\n");
    let value = d.value();
    let design = Design::new(&gha, &value);
    let plan = design.connect(&p("/jobs/b/needs"), &p("/jobs/c")).unwrap();
    let edited = apply(&d, &plan.edits);
    assert_eq!(
        edited.get(&p("/jobs/b/needs")),
        Some(serde_json::json!(["a", "c"]))
    );
    assert!(matches!(
        design.connect(&p("/jobs/a/needs"), &p("/jobs/b")),
        Err(DesignError::Cycle { .. })
    ));

    // OpenTelemetry: pipelines take receivers or connectors, not exporters.
    let otel = schema("otel-collector");
    let d = load(&fixtures("otel-collector")[0]);
    let value = d.value();
    let design = Design::new(&otel, &value);
    let plan = design
        .connect(
            &p("/service/pipelines/traces/exporters"),
            &p("/exporters/debug"),
        )
        .unwrap();
    let edited = apply(&d, &plan.edits);
    assert_eq!(
        edited.get(&p("/service/pipelines/traces/exporters")),
        Some(serde_json::json!(["otlp/vendor", "debug"]))
    );
    assert!(matches!(
        design.connect(
            &p("/service/pipelines/traces/receivers"),
            &p("/exporters/debug")
        ),
        Err(DesignError::IncompatibleKind { .. })
    ));
}

#[test]
fn disconnect_removes_exactly_that_reference() {
    for pack in PACKS {
        let s = schema(pack);
        for path in fixtures(pack) {
            let d = load(&path);
            let value = d.value();
            let design = Design::new(&s, &value);
            let before = design.model().references.len();
            for r in design.model().references.clone() {
                let what = format!("{} disconnect {}", path.display(), r.pointer);
                let plan = design
                    .disconnect(&r.pointer)
                    .unwrap_or_else(|e| panic!("{what}: {e}"));
                let edited = apply(&d, &plan.edits);
                let model = Model::read(s.walk(), &edited.value());
                assert_eq!(model.references.len() + 1, before, "{what}");
                let same = |m: &Model| {
                    m.references
                        .iter()
                        .filter(|x| x.field == r.field && x.name == r.name)
                        .count()
                };
                assert_eq!(same(&model) + 1, same(design.model()), "{what}");
            }
        }
    }
    let s = schema("agent-stack");
    let value = serde_json::json!({"version": 1});
    assert!(matches!(
        Design::new(&s, &value).disconnect(&p("/agents/a/model")),
        Err(DesignError::NotAReference { .. })
    ));
}

// ------------------------------------------------------------------------------ forms

fn field<'f>(form: &'f trellis_schema::Field, key: &str) -> &'f trellis_schema::Field {
    match &form.input {
        Input::Object { fields, extra, .. } => fields
            .iter()
            .chain(extra)
            .find(|f| f.key.as_deref() == Some(key))
            .unwrap_or_else(|| panic!("no field {key} in {}", form.pointer)),
        other => panic!("{} is not an object: {other:?}", form.pointer),
    }
}

#[test]
fn forms_describe_fields_from_the_schema() {
    let agents = schema("agent-stack");
    let desk = load(&fixtures("agent-stack")[2]);
    let value = desk.value();
    let design = Design::new(&agents, &value);

    let form = design.form(&p("/providers/openai")).unwrap();
    let component = form.component.as_ref().unwrap();
    assert_eq!(
        (component.kind.as_str(), component.name.as_str()),
        ("provider", "openai")
    );
    let variant = form.variant.as_ref().unwrap();
    assert_eq!(variant.field.as_deref(), Some("type"));
    assert_eq!(variant.current.as_deref(), Some("openai"));
    assert_eq!(variant.options.len(), 5);
    let ty = field(&form.field, "type");
    assert!(ty.required);
    assert!(matches!(&ty.input, Input::Enum { options } if options.len() == 5));
    let key = field(&form.field, "api_key");
    let secret = key.secret.as_ref().expect("secret");
    assert_eq!(secret.suggestion, "${OPENAI_API_KEY}");
    assert_eq!(secret.masked, None, "a reference is not a secret value");
    assert_eq!(key.value, Some(serde_json::json!("${OPENAI_API_KEY}")));
    let timeout = field(&form.field, "timeout_s");
    assert_eq!(timeout.default, Some(serde_json::json!(60)));
    assert_eq!(timeout.value, Some(serde_json::json!(30)));
    assert!(matches!(
        timeout.input,
        Input::Number { integer: false, exclusive_minimum: Some(m), .. } if m == 0.0
    ));
    // Conditionally required: base_url is for azure_openai and openai_compatible only.
    assert!(!field(&form.field, "base_url").required);
    let azure = serde_json::json!({"version": 1, "providers": {"az": {"type": "azure_openai", "api_key": "sk-proj-abcdefghijklmnopqrstuvwxyz012345"}}});
    let az_design = Design::new(&agents, &azure);
    let az = az_design.form(&p("/providers/az")).unwrap();
    assert!(field(&az.field, "base_url").required);
    assert!(field(&az.field, "api_version").required);
    let literal = field(&az.field, "api_key");
    assert_eq!(literal.value, None, "a literal secret is not shown");
    let masked = literal.secret.as_ref().unwrap().masked.as_deref().unwrap();
    assert!(
        !masked.contains("abcdefghij") && masked.contains("characters"),
        "{masked}"
    );
    assert_eq!(literal.secret.as_ref().unwrap().suggestion, "${AZ_API_KEY}");

    // References: valid targets, the current names.
    let model = design.form(&p("/models/smart")).unwrap();
    let provider = field(&model.field, "provider");
    assert!(provider.required);
    match &provider.input {
        Input::Reference {
            to,
            multiple,
            current,
            targets,
            ..
        } => {
            assert_eq!(to, &["provider"]);
            assert!(!multiple);
            assert_eq!(current, &["openai"]);
            assert_eq!(targets, &["anthropic"], "openai is named already");
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        field(&model.field, "temperature").input,
        Input::Number { minimum: Some(a), maximum: Some(b), .. } if a == 0.0 && b == 2.0
    ));
    assert!(matches!(
        field(&model.field, "stop").input,
        Input::List { .. }
    ));
    let planner = design.form(&p("/agents/planner")).unwrap();
    match &field(&planner.field, "delegates_to").input {
        Input::Reference {
            multiple,
            current,
            targets,
            ..
        } => {
            assert!(*multiple);
            assert_eq!(current, &["researcher", "writer"]);
            assert!(targets.is_empty(), "{targets:?}");
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        field(&planner.field, "max_iterations").input,
        Input::Number { integer: true, .. }
    ));

    // Several types: a switcher with the current one detected.
    let gha = schema("github-actions");
    let ci = load(&fixtures("github-actions")[0]);
    let value = ci.value();
    let design = Design::new(&gha, &value);
    let build = design.form(&p("/jobs/build")).unwrap();
    match &field(&build.field, "runs-on").input {
        Input::Variants { current, variants } => {
            let titles: Vec<&str> = variants.iter().map(|v| v.title.as_str()).collect();
            assert_eq!(titles, ["Text", "List", "Map"]);
            assert_eq!(*current, Some(0));
            assert_eq!(
                variants[0].field.value,
                Some(serde_json::json!("ubuntu-latest"))
            );
            assert_eq!(variants[1].value, serde_json::json!([]));
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        field(&build.field, "needs").input,
        Input::Reference { .. }
    ));
    match &field(&build.field, "steps").input {
        Input::List {
            items,
            item,
            min_items,
            ..
        } => {
            assert_eq!(items.len(), 4);
            assert_eq!(*min_items, Some(1));
            assert!(item.is_some());
            assert_eq!(
                field(&items[1], "id").value,
                Some(serde_json::json!("meta"))
            );
        }
        other => panic!("{other:?}"),
    }

    // Nested objects and a key-told variant.
    let otel = schema("otel-collector");
    let gw = load(&fixtures("otel-collector")[0]);
    let value = gw.value();
    let design = Design::new(&otel, &value);
    let otlp = design.form(&p("/receivers/otlp")).unwrap();
    let variant = otlp.variant.as_ref().unwrap();
    assert_eq!(
        (variant.field.as_deref(), variant.current.as_deref()),
        (None, Some("otlp"))
    );
    let protocols = field(&otlp.field, "protocols");
    assert!(protocols.required);
    let grpc = field(protocols, "grpc");
    assert_eq!(
        field(grpc, "endpoint").value,
        Some(serde_json::json!("0.0.0.0:4317"))
    );

    // Serialised for the API layer.
    let json = serde_json::to_value(&build).unwrap();
    assert_eq!(json["pointer"], "/jobs/build");
    let needs = json["field"]["input"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["key"] == "needs")
        .unwrap();
    assert_eq!(needs["input"]["type"], "reference");
    assert_eq!(
        needs["input"]["current"],
        serde_json::json!(["lint", "test"])
    );

    assert!(matches!(
        design.form(&p("/nothing/here")),
        Err(DesignError::Unsupported { .. })
    ));
}

#[test]
fn forms_exist_for_every_component_of_every_fixture() {
    let mut forms = 0;
    for pack in PACKS {
        let s = schema(pack);
        for path in fixtures(pack) {
            let d = load(&path);
            let value = d.value();
            let design = Design::new(&s, &value);
            for c in &design.model().components {
                let form = design.form(&c.pointer).unwrap();
                assert_eq!(form.component.as_ref().map(|x| &x.name), Some(&c.name));
                // Every present property of the component is described.
                if let (Some(obj), Input::Object { fields, extra, .. }) = (
                    value
                        .pointer(&c.pointer.to_string())
                        .and_then(|v| v.as_object()),
                    &form.field.input,
                ) {
                    for key in obj.keys() {
                        assert!(
                            fields
                                .iter()
                                .chain(extra)
                                .any(|f| f.key.as_deref() == Some(key) && f.present),
                            "{}: {} has no field {key}",
                            path.display(),
                            c.pointer
                        );
                    }
                }
                serde_json::to_string(&form).unwrap();
                forms += 1;
            }
        }
    }
    assert!(forms > 60, "{forms}");
}

#[test]
fn any_schema_with_one_of_gets_variants_in_palette_new_components_and_forms() {
    // A schema of the user's own (no pack): shapes told apart by a `const` in `oneOf`
    // branches, and a field that may be a name or a detailed object (`anyOf`).
    let schema = Schema::compile(
        serde_json::json!({
            "type": "object",
            "properties": {
                "shapes": {
                    "x-trellis-node": {"kind": "shape", "title": "Shapes"},
                    "additionalProperties": {"$ref": "#/$defs/shape"}
                }
            },
            "$defs": {
                "shape": {
                    "title": "Shape",
                    "oneOf": [
                        {"title": "Circle", "description": "Round.", "type": "object",
                         "properties": {"kind": {"const": "circle"}, "radius": {"type": "number", "exclusiveMinimum": 0}},
                         "required": ["kind", "radius"], "additionalProperties": false},
                        {"title": "Square", "type": "object",
                         "properties": {"kind": {"const": "square"}, "side": {"type": "integer", "minimum": 1},
                                        "label": {"anyOf": [{"type": "string", "title": "Text"},
                                                            {"type": "object", "title": "Styled", "properties": {"text": {"type": "string"}, "bold": {"type": "boolean", "default": false}}, "required": ["text"]}]}},
                         "required": ["kind", "side"], "additionalProperties": false}
                    ]
                }
            }
        }),
        trellis_schema::Origin::Inline("shapes".into()),
        None,
        &LoadOptions::default(),
    )
    .unwrap();
    let d = doc("shapes:\n  c:\n    kind: circle\n    radius: 2\n  s:\n    kind: square\n    side: 3\n    label: {text: hi}\n");
    let value = d.value();
    let design = Design::new(&schema, &value);
    let kind = design.palette().kind("shape").unwrap();
    assert_eq!(kind.variant_field.as_deref(), Some("kind"));
    let variants: Vec<(&str, &str)> = kind
        .variants
        .iter()
        .map(|v| (v.name.as_str(), v.title.as_str()))
        .collect();
    assert_eq!(variants, [("circle", "Circle"), ("square", "Square")]);
    assert_eq!(kind.variants[0].description, "Round.");

    for (variant, expected) in [
        ("circle", serde_json::json!({"kind": "circle", "radius": 1})),
        ("square", serde_json::json!({"kind": "square", "side": 1})),
    ] {
        let new = design.new_component("shape", Some(variant), None).unwrap();
        assert_eq!(new.value, expected, "{variant}");
        assert!(new.validates(), "{:?}", new.missing);
        let edited = apply(&d, &new.edits);
        assert!(
            errors(&edited, &schema).is_empty(),
            "{:?}",
            errors(&edited, &schema)
        );
    }

    let form = design.form(&p("/shapes/c")).unwrap();
    match &form.field.input {
        Input::Variants { current, variants } => {
            assert_eq!(*current, Some(0));
            let titles: Vec<&str> = variants.iter().map(|v| v.title.as_str()).collect();
            assert_eq!(titles, ["Circle", "Square"]);
            assert_eq!(
                variants[1].value,
                serde_json::json!({"kind": "square", "side": 1})
            );
            let circle = &variants[0].field;
            assert_eq!(field(circle, "radius").value, Some(serde_json::json!(2)));
            assert!(field(circle, "radius").required);
            assert!(matches!(field(circle, "kind").input, Input::Const { .. }));
            // The other variant is described, without the current values.
            assert_eq!(field(&variants[1].field, "side").value, None);
        }
        other => panic!("{other:?}"),
    }
    let square = design.form(&p("/shapes/s")).unwrap();
    let Input::Variants { current, variants } = &square.field.input else {
        panic!("{:?}", square.field.input);
    };
    assert_eq!(*current, Some(1));
    match &field(&variants[1].field, "label").input {
        Input::Variants { current, variants } => {
            assert_eq!(*current, Some(1), "an object: the styled label");
            assert_eq!(variants[1].value, serde_json::json!({"text": ""}));
            assert_eq!(
                field(&variants[1].field, "text").value,
                Some(serde_json::json!("hi"))
            );
            assert_eq!(
                field(&variants[1].field, "bold").default,
                Some(serde_json::json!(false))
            );
        }
        other => panic!("{other:?}"),
    }
}

// ------------------------------------------------------------------------------ properties

mod properties {
    use super::*;
    use proptest::prelude::*;

    #[derive(Clone, Debug)]
    enum Op {
        Rename(usize),
        Delete(usize),
        Connect(usize, usize),
        New(usize),
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            (0..64usize).prop_map(Op::Rename),
            (0..64usize).prop_map(Op::Delete),
            (0..64usize, 0..64usize).prop_map(|(a, b)| Op::Connect(a, b)),
            (0..64usize).prop_map(Op::New),
        ]
    }

    const FIELDS: [&str; 5] = ["tools", "middleware", "delegates_to", "memory", "model"];

    proptest! {
        #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

        /// Whatever the sequence of designer operations, no reference dangles, each
        /// operation is one undoable step, and the component count moves as promised.
        #[test]
        fn operations_never_leave_dangling_references(
            fixture in 0..5usize,
            ops in proptest::collection::vec(op(), 1..7),
        ) {
            let s = schema("agent-stack");
            let mut d = load(&fixtures("agent-stack")[fixture]);
            for (step, op) in ops.into_iter().enumerate() {
                let value = d.value();
                let design = Design::new(&s, &value);
                let components = design.model().components.clone();
                let n = components.len();
                let (edits, delta) = match op {
                    Op::Rename(i) if n > 0 => {
                        let c = &components[i % n];
                        let name = format!("{}-{step}", c.name);
                        match design.rename(&c.pointer, &name) {
                            Ok(plan) => (plan.edits, 0i64),
                            // Refused only when a component has that name already.
                            Err(DesignError::NameTaken { .. })
                                if components.iter().any(|o| o.name == name) => continue,
                            Err(e) => panic!("rename {}: {e}", c.pointer),
                        }
                    }
                    Op::Delete(i) if n > 0 => {
                        let c = &components[i % n];
                        (design.delete(&c.pointer, DeleteMode::RemoveReferences).unwrap().edits, -1)
                    }
                    Op::Connect(a, b) if n > 0 => {
                        let agents: Vec<_> = components.iter().filter(|c| c.kind == "agent").collect();
                        if agents.is_empty() { continue; }
                        let from = agents[a % agents.len()];
                        let field = from.pointer.join(FIELDS[b % FIELDS.len()]);
                        let target = &components[(a + b) % n];
                        match design.connect(&field, &target.pointer) {
                            Ok(plan) => (plan.edits, 0),
                            Err(DesignError::IncompatibleKind { .. }
                                | DesignError::AlreadyConnected { .. }
                                | DesignError::Cycle { .. }) => continue,
                            Err(e) => panic!("connect {field} {}: {e}", target.pointer),
                        }
                    }
                    Op::New(i) => {
                        let kinds = ["provider", "model", "tool", "memory", "middleware", "agent"];
                        (design.new_component(kinds[i % kinds.len()], None, None).unwrap().edits, 1)
                    }
                    _ => continue,
                };
                let edited = apply(&d, &edits);
                let model = Model::read(s.walk(), &edited.value());
                prop_assert!(dangling(&model).is_empty(), "{:?}", dangling(&model));
                prop_assert_eq!(model.components.len() as i64, n as i64 + delta);
                prop_assert!(!errors(&edited, &s).iter().any(|e| e.code == "ref.dangling" || e.code == "ref.cycle"));
                d = edited;
            }
        }
    }
}
