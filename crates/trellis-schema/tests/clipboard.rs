//! Copy, paste and duplicate against every built-in pack: every component of every valid
//! fixture (YAML, JSON, TOML) duplicated alone and all together, pasted into other
//! documents of the pack in other formats; each plan applied to a real `Document` as one
//! step, validated, its model read again, and undone. Then the edge cases: repeated
//! duplicates, references to itself, cycles, names inside values and map keys, refusals.

use std::collections::BTreeSet;
use std::path::Path;
use trellis_core::{Document, EditOp, Format, Pointer};
use trellis_schema::{
    validate, Clipboard, ClipboardComponent, Design, DesignError, Model, Options, Pasted, Schema,
    Severity,
};

mod common;

use common::{fixtures, p, schema, PACKS};

fn fixture(pack: &str, name: &str) -> Document {
    load(
        &Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("packs")
            .join(pack)
            .join("fixtures/valid")
            .join(name),
    )
}

fn load(path: &Path) -> Document {
    let text = std::fs::read_to_string(path).expect("read");
    Document::parse(text, Format::from_path(path).expect("format")).expect("parses")
}

fn doc(text: &str) -> Document {
    Document::parse(text.to_string(), Format::Yaml).expect("parses")
}

/// A nearly empty document of each pack.
fn empty(pack: &str, format: Format) -> Document {
    let text = match (pack, format) {
        ("agent-stack", Format::Json) => "{\"version\": 1}\n",
        ("agent-stack", Format::Toml) => "version = 1\n",
        ("agent-stack", _) => "version: 1\n",
        ("docker-compose", _) => "name: app\n",
        ("github-actions", _) => "on: push\njobs: {}\n",
        _ => "service:\n  pipelines: {}\n",
    };
    Document::parse(text.to_string(), format).expect("parses")
}

fn errors(doc: &Document, schema: &Schema) -> BTreeSet<String> {
    validate(doc, Some(schema), &Options::default())
        .expect("validates")
        .diagnostics
        .into_iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| format!("{} {} {}", d.code, d.pointer, d.message))
        .collect()
}

/// Applies a plan as one undoable step; one undo restores the text exactly.
fn apply(doc: &Document, edits: &[EditOp]) -> Document {
    let mut edited = doc.clone();
    edited
        .apply_all(edits)
        .unwrap_or_else(|e| panic!("plan {edits:?} does not apply: {e}"));
    let mut undone = edited.clone();
    assert!(undone.undo(), "one undo step");
    assert_eq!(undone.text(), doc.text(), "undo restores the text");
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

/// Checks a paste applied to `d`: each copy is read back where planned with its value and
/// kind, the old components are all still there, nothing dangles that did not before, no
/// reference inside a copy names the original of another copy, and no error appears
/// outside the copies. Returns the edited document.
fn check(what: &str, s: &Schema, d: &Document, pasted: &Pasted) -> Document {
    let before = Model::read(s.walk(), &d.value());
    let edited = apply(d, &pasted.edits);
    let value = edited.value();
    let after = Model::read(s.walk(), &value);
    assert_eq!(
        after.components.len(),
        before.components.len() + pasted.created.len(),
        "{what}"
    );
    for c in &before.components {
        assert!(
            after
                .components
                .iter()
                .any(|x| x.pointer == c.pointer && x.kind == c.kind && x.name == c.name),
            "{what}: {} kept",
            c.pointer
        );
    }
    let names: BTreeSet<(String, String)> = before
        .components
        .iter()
        .map(|c| (c.kind.clone(), c.name.clone()))
        .collect();
    for c in &pasted.created {
        assert!(
            after
                .components
                .iter()
                .any(|x| x.pointer == c.pointer && x.kind == c.kind && x.name == c.name),
            "{what}: {} not read back",
            c.pointer
        );
        assert!(
            !names.contains(&(c.kind.clone(), c.name.clone())),
            "{what}: {} was taken",
            c.name
        );
        assert_eq!(edited.get(&c.pointer).as_ref(), Some(&c.value), "{what}");
        for r in after
            .references
            .iter()
            .filter(|r| r.pointer.starts_with(&c.pointer) && !r.builtin.contains(&r.name))
        {
            assert!(
                !pasted
                    .created
                    .iter()
                    .any(|o| o.from_name == r.name && o.name != r.name && r.to.contains(&o.kind)),
                "{what}: {} still names the original `{}`",
                r.pointer,
                r.name
            );
        }
    }
    let new_dangling: Vec<String> = dangling(&after)
        .into_iter()
        .filter(|x| !dangling(&before).contains(x))
        .collect();
    let noted = |x: &String| {
        pasted
            .notes
            .iter()
            .any(|n| n.starts_with(x.split(' ').next().unwrap()))
    };
    assert!(
        new_dangling.iter().all(noted),
        "{what}: {new_dangling:?} not in notes {:?}",
        pasted.notes
    );
    let errors_before = errors(d, s);
    let new_errors: Vec<String> = errors(&edited, s)
        .into_iter()
        .filter(|e| !errors_before.contains(e))
        .collect();
    assert!(new_errors.is_empty(), "{what}: {new_errors:?}");
    edited
}

// ------------------------------------------------------------------------------ every fixture

#[test]
fn duplicating_any_component_of_every_fixture_makes_a_valid_copy_beside_it() {
    let mut count = 0;
    for pack in PACKS {
        let s = schema(pack);
        for path in fixtures(pack) {
            let d = load(&path);
            let value = d.value();
            let design = Design::new(&s, &value);
            for c in design.model().components.clone() {
                let what = format!("{} duplicate {}", path.display(), c.pointer);
                let dup = design
                    .duplicate(std::slice::from_ref(&c.pointer))
                    .unwrap_or_else(|e| panic!("{what}: {e}"));
                assert_eq!(dup.created.len(), 1, "{what}");
                let copy = &dup.created[0];
                assert_eq!(copy.source.as_ref(), Some(&c.pointer), "{what}");
                assert_eq!(copy.from_name, c.name, "{what}");
                assert_ne!(copy.name, c.name, "{what}");
                assert_eq!(
                    copy.pointer.split_last().unwrap().0,
                    c.pointer.split_last().unwrap().0,
                    "{what}: in the same collection"
                );
                assert_eq!(dup.edits.len(), 1, "{what}");
                let edited = check(&what, &s, &d, &dup);
                // Unless it refers to itself, the copy's value is the original's.
                if dup.remapped.is_empty() {
                    assert_eq!(edited.get(&copy.pointer), d.get(&c.pointer), "{what}");
                }
                count += 1;
            }
        }
    }
    assert!(count > 60, "{count}");
}

#[test]
fn duplicating_every_component_at_once_rewires_the_copies_among_themselves() {
    for pack in PACKS {
        let s = schema(pack);
        for path in fixtures(pack) {
            let what = format!("{} duplicate all", path.display());
            let d = load(&path);
            let value = d.value();
            let design = Design::new(&s, &value);
            let all: Vec<Pointer> = design
                .model()
                .components
                .iter()
                .map(|c| c.pointer.clone())
                .collect();
            let dup = design
                .duplicate(&all)
                .unwrap_or_else(|e| panic!("{what}: {e}"));
            assert_eq!(dup.created.len(), all.len(), "{what}");
            let edited = check(&what, &s, &d, &dup);
            // The copies make the same graph as the originals, with the new names.
            let before = Model::read(s.walk(), &value);
            let after = Model::read(s.walk(), &edited.value());
            let internal = |m: &Model, created: bool| -> BTreeSet<(String, String)> {
                m.references
                    .iter()
                    .filter_map(|r| {
                        let from = &m.components[r.from?];
                        let copied = dup.created.iter().any(|c| c.pointer == from.pointer);
                        (copied == created).then(|| {
                            let name = |n: &str| {
                                if created {
                                    dup.created
                                        .iter()
                                        .find(|c| c.name == n && r.to.contains(&c.kind))
                                        .map_or(n.to_string(), |c| c.from_name.clone())
                                } else {
                                    n.to_string()
                                }
                            };
                            let from_name = dup
                                .created
                                .iter()
                                .find(|c| c.pointer == from.pointer)
                                .map_or(from.name.clone(), |c| c.from_name.clone());
                            (from_name, name(&r.name))
                        })
                    })
                    .collect()
            };
            assert_eq!(internal(&after, true), internal(&before, false), "{what}");
        }
    }
}

#[test]
fn a_whole_document_pastes_into_other_documents_of_its_pack_in_any_format() {
    for pack in PACKS {
        let s = schema(pack);
        for path in fixtures(pack) {
            let d = load(&path);
            let value = d.value();
            let design = Design::new(&s, &value);
            let all: Vec<Pointer> = design
                .model()
                .components
                .iter()
                .map(|c| c.pointer.clone())
                .collect();
            let clipboard = design.copy(&all).unwrap();
            assert_eq!(clipboard.pack.as_deref(), Some(pack));
            // Through the wire and back.
            let json = serde_json::to_string(&clipboard).unwrap();
            let clipboard: Clipboard = serde_json::from_str(&json).unwrap();
            let mut targets: Vec<(String, Document)> = [Format::Yaml, Format::Json, Format::Toml]
                .into_iter()
                .filter(|f| pack == "agent-stack" || *f == Format::Yaml)
                .map(|f| (format!("empty {f:?}"), empty(pack, f)))
                .collect();
            for other in fixtures(pack) {
                targets.push((other.display().to_string(), load(&other)));
            }
            for (name, target) in targets {
                let what = format!("{} pasted into {name}", path.display());
                let tv = target.value();
                let pasted = Design::new(&s, &tv)
                    .paste(&clipboard)
                    .unwrap_or_else(|e| panic!("{what}: {e}"));
                let edited = check(&what, &s, &target, &pasted);
                if name.starts_with("empty") {
                    // Nothing was in the way: the names are kept, the values too.
                    for (c, item) in pasted.created.iter().zip(&clipboard.components) {
                        assert_eq!(c.name, item.name, "{what}");
                        assert_eq!(c.value, item.value, "{what}");
                    }
                    assert!(
                        errors(&edited, &s).is_empty(),
                        "{what}: {:?}",
                        errors(&edited, &s)
                    );
                }
            }
        }
    }
}

// ------------------------------------------------------------------------------ names

#[test]
fn duplicates_are_numbered_on_and_keep_their_variant() {
    let s = schema("agent-stack");
    let d = fixture("agent-stack", "research-desk.yaml");
    let value = d.value();
    let design = Design::new(&s, &value);
    let first = design.duplicate(&[p("/agents/researcher")]).unwrap();
    assert_eq!(first.created[0].name, "researcher-2");
    assert_eq!(first.new_name("agent", "researcher"), Some("researcher-2"));
    // Twice: distinct names, whichever is duplicated.
    let d2 = apply(&d, &first.edits);
    let v2 = d2.value();
    let again = Design::new(&s, &v2);
    assert_eq!(
        again.duplicate(&[p("/agents/researcher")]).unwrap().created[0].name,
        "researcher-3"
    );
    assert_eq!(
        again
            .duplicate(&[p("/agents/researcher-2")])
            .unwrap()
            .created[0]
            .name,
        "researcher-3"
    );
    // A selection naming one component twice makes one copy.
    let both = design
        .duplicate(&[p("/agents/researcher"), p("/agents/researcher")])
        .unwrap();
    assert_eq!(both.created.len(), 1);
    // A name that only looks numbered is not counted on.
    let gpt = doc("version: 1\nproviders:\n  openai:\n    type: openai\n    api_key: ${K}\nmodels:\n  gpt-4: {provider: openai, name: gpt-4}\n");
    let gv = gpt.value();
    assert_eq!(
        Design::new(&s, &gv)
            .duplicate(&[p("/models/gpt-4")])
            .unwrap()
            .created[0]
            .name,
        "gpt-4-2"
    );

    // Key-told variants keep their key's literal.
    let otel = schema("otel-collector");
    let od = doc("receivers:\n  otlp:\n    protocols:\n      grpc:\n  otlp/internal:\n    protocols:\n      http:\nexporters:\n  debug:\nservice:\n  pipelines:\n    traces:\n      receivers: [otlp, otlp/internal]\n      exporters: [debug]\n");
    let ov = od.value();
    let design = Design::new(&otel, &ov);
    let names: Vec<String> = design
        .duplicate(&[
            p("/receivers/otlp"),
            p("/receivers/otlp~1internal"),
            p("/service/pipelines/traces"),
        ])
        .map(|d| {
            let edited = check("otel", &otel, &od, &d);
            assert_eq!(
                edited.get(&p("/service/pipelines/traces~12/receivers")),
                Some(serde_json::json!(["otlp/2", "otlp/internal-2"]))
            );
            d.created.into_iter().map(|c| c.name).collect()
        })
        .unwrap();
    assert_eq!(names, ["otlp/2", "otlp/internal-2", "traces/2"]);
}

// ------------------------------------------------------------------------------ references

#[test]
fn references_inside_the_selection_follow_the_copies_and_others_stay() {
    let s = schema("agent-stack");
    let d = fixture("agent-stack", "research-desk.yaml");
    let value = d.value();
    let design = Design::new(&s, &value);
    // Alone, a copy names what the original names.
    let alone = design.duplicate(&[p("/models/fast")]).unwrap();
    assert_eq!(alone.created[0].value["provider"], "openai");
    assert!(alone.remapped.is_empty());
    // With its provider, it names the provider's copy; the rest of the document does not
    // change.
    let pair = design
        .duplicate(&[p("/models/fast"), p("/providers/openai")])
        .unwrap();
    assert_eq!(pair.new_name("provider", "openai"), Some("openai-2"));
    assert_eq!(pair.remapped, [p("/models/fast-2/provider")]);
    let edited = check("pair", &s, &d, &pair);
    assert_eq!(
        edited.get(&p("/models/fast-2/provider")),
        Some(serde_json::json!("openai-2"))
    );
    assert_eq!(
        edited.get(&p("/models/smart/provider")),
        Some(serde_json::json!("openai"))
    );
}

#[test]
fn a_component_that_names_itself_and_a_cycle_are_copied_as_they_are() {
    let s = schema("agent-stack");
    let d = doc("version: 1\nproviders:\n  p:\n    type: openai\n    api_key: ${K}\nmodels:\n  m: {provider: p, name: x}\nagents:\n  a:\n    model: m\n    delegates_to: [a, b]\n  b:\n    model: m\n    delegates_to: [a]\n");
    let value = d.value();
    let design = Design::new(&s, &value);
    let me = design.duplicate(&[p("/agents/a")]).unwrap();
    let edited = apply(&d, &me.edits);
    assert_eq!(
        edited.get(&p("/agents/a-2/delegates_to")),
        Some(serde_json::json!(["a-2", "b"])),
        "it names its copy, and the other as it was"
    );
    let cycle = design.duplicate(&[p("/agents/a"), p("/agents/b")]).unwrap();
    let edited = apply(&d, &cycle.edits);
    assert_eq!(
        edited.get(&p("/agents/a-2/delegates_to")),
        Some(serde_json::json!(["a-2", "b-2"]))
    );
    assert_eq!(
        edited.get(&p("/agents/b-2/delegates_to")),
        Some(serde_json::json!(["a-2"]))
    );
    assert_eq!(edited.get(&p("/agents/a-2/model")), Some("m".into()));
    assert_eq!(cycle.remapped.len(), 3);
}

#[test]
fn names_inside_values_and_map_keys_follow_the_copies() {
    let s = schema("docker-compose");
    let d = fixture("docker-compose", "web-stack.yaml");
    let value = d.value();
    let design = Design::new(&s, &value);
    let dup = design
        .duplicate(&[
            p("/services/api"),
            p("/services/db"),
            p("/services/cache"),
            p("/volumes/cache-data"),
        ])
        .unwrap();
    let edited = check("web-stack", &s, &d, &dup);
    assert_eq!(
        edited.get(&p("/services/cache-2/volumes/0")),
        Some(serde_json::json!("cache-data-2:/data"))
    );
    let depends = edited.get(&p("/services/api-2/depends_on")).unwrap();
    let keys: Vec<&String> = depends.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["db-2", "cache-2"], "renamed where they were");
    assert_eq!(depends["db-2"]["condition"], "service_healthy");
    // The text around is untouched: the document only grows.
    assert!(edited
        .text()
        .starts_with(&d.text()[..d.text().find("\nnetworks:").unwrap()]));
}

#[test]
fn toml_collections_take_copies_and_pastes() {
    let s = schema("agent-stack");
    let d = fixture("agent-stack", "review-bot.toml");
    let value = d.value();
    let design = Design::new(&s, &value);
    let dup = design
        .duplicate(&[p("/agents/reviewer"), p("/tools/github")])
        .unwrap();
    let edited = check("review-bot", &s, &d, &dup);
    assert_eq!(
        edited.get(&p("/agents/reviewer-2/tools")),
        Some(serde_json::json!(["github-2", "sandbox"]))
    );
    // YAML components into the TOML document: the values are JSON values.
    let desk = fixture("agent-stack", "research-desk.yaml");
    let dv = desk.value();
    let clipboard = Design::new(&s, &dv)
        .copy(&[p("/models/smart"), p("/providers/openai")])
        .unwrap();
    let pasted = design.paste(&clipboard).unwrap();
    assert_eq!(pasted.new_name("model", "smart"), Some("smart"));
    assert_eq!(pasted.new_name("provider", "openai"), Some("openai-2"));
    let edited = check("yaml → toml", &s, &d, &pasted);
    assert_eq!(
        edited.get(&p("/models/smart/provider")),
        Some(serde_json::json!("openai-2"))
    );
}

#[test]
fn secrets_are_copied_as_they_are_and_notes_name_what_is_missing() {
    let s = schema("agent-stack");
    let d = doc("version: 1\nproviders:\n  p: {type: openai, api_key: sk-live-123}\nmodels:\n  m: {provider: p, name: x}\n");
    let value = d.value();
    let design = Design::new(&s, &value);
    let clipboard = design.copy(&[p("/providers/p"), p("/models/m")]).unwrap();
    assert_eq!(clipboard.components[0].value["api_key"], "sk-live-123");
    assert_eq!(clipboard.components[0].source, "/providers/p");
    assert_eq!(clipboard.components[1].collection, "/models");
    // The model alone, into a document without its provider: pasted, and said.
    let target = empty("agent-stack", Format::Yaml);
    let tv = target.value();
    let only_model = Clipboard {
        components: vec![clipboard.components[1].clone()],
        ..clipboard.clone()
    };
    let pasted = Design::new(&s, &tv).paste(&only_model).unwrap();
    assert_eq!(pasted.notes.len(), 1, "{:?}", pasted.notes);
    assert!(pasted.notes[0].contains("`p`"), "{:?}", pasted.notes);
    let edited = apply(&target, &pasted.edits);
    assert_eq!(
        edited.get(&p("/models/m")),
        Some(clipboard.components[1].value.clone())
    );
}

// ------------------------------------------------------------------------------ refusals

#[test]
fn refusals_say_why() {
    let s = schema("agent-stack");
    let d = fixture("agent-stack", "research-desk.yaml");
    let value = d.value();
    let design = Design::new(&s, &value);
    assert!(matches!(
        design.copy(&[]),
        Err(DesignError::NothingSelected)
    ));
    assert!(matches!(
        design.duplicate(&[p("/models")]),
        Err(DesignError::NotAComponent { .. })
    ));
    assert!(matches!(
        design.paste(&Clipboard::default()),
        Err(DesignError::EmptyClipboard)
    ));
    // Components of another pack.
    let compose = schema("docker-compose");
    let cd = fixture("docker-compose", "web-stack.yaml");
    let cv = cd.value();
    let services = Design::new(&compose, &cv)
        .copy(&[p("/services/db")])
        .unwrap();
    let err = design.paste(&services).unwrap_err();
    assert!(matches!(err, DesignError::OtherSchema { .. }), "{err}");
    assert!(err.to_string().contains("Compose"), "{err}");
    // A kind the schema does not have (a clipboard from a schema without a pack).
    let foreign = Clipboard {
        pack: None,
        schema: None,
        components: vec![ClipboardComponent {
            kind: "widget".into(),
            collection: "/widgets".into(),
            name: "w".into(),
            value: serde_json::json!({}),
            source: "/widgets/w".into(),
        }],
    };
    let err = design.paste(&foreign).unwrap_err();
    let text = err.to_string();
    assert!(matches!(err, DesignError::NotInSchema { .. }), "{text}");
    assert!(text.contains("widget") && text.contains("agent"), "{text}");
    // A collection that is not a map.
    let broken = doc("version: 1\nagents: [x]\n");
    let bv = broken.value();
    let agent = design.copy(&[p("/agents/researcher")]).unwrap();
    let err = Design::new(&s, &bv).paste(&agent).unwrap_err();
    assert!(err.to_string().contains("not a map"), "{err}");
}
