//! The official JSON-Schema-Test-Suite, run through Trellis's own validation path: each
//! test's data is written as JSON text, loaded as a Trellis document, validated with
//! `trellis_schema::validate`, and judged by whether the report has errors.
//!
//! Required tests of drafts 4, 6, 7, 2019-09 and 2020-12 must all pass (with `format` as an
//! annotation, the specification's default those tests check). Format tests
//! (`optional/format`) must pass for every format Trellis checks; the formats it does not
//! check are listed in `UNSUPPORTED_FORMATS` with the reason. The suite is read from
//! `../shared/corpus/json-schema-test-suite` beside the repository; without it the test says
//! that it skipped.

use serde_json::Value;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use trellis_core::{Document, Format};
use trellis_schema::{validate, LoadOptions, Options, Origin, Schema};

const DRAFTS: &[(&str, &str)] = &[
    ("draft4", "http://json-schema.org/draft-04/schema#"),
    ("draft6", "http://json-schema.org/draft-06/schema#"),
    ("draft7", "http://json-schema.org/draft-07/schema#"),
    (
        "draft2019-09",
        "https://json-schema.org/draft/2019-09/schema",
    ),
    (
        "draft2020-12",
        "https://json-schema.org/draft/2020-12/schema",
    ),
];

/// Format tests Trellis does not pass, by file and why.
const UNSUPPORTED_FORMATS: &[(&str, &str)] = &[];

fn suite_dir() -> Option<PathBuf> {
    let dir =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/json-schema-test-suite");
    dir.join("tests").is_dir().then_some(dir)
}

/// The suite's remote documents, served at `http://localhost:1234/` in its tests: given to
/// the validator as known resources, so no network is involved.
fn remotes(dir: &Path) -> HashMap<String, Value> {
    let mut out = HashMap::new();
    let root = dir.join("remotes");
    let mut stack = vec![root.clone()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "json") {
                let relative = path
                    .strip_prefix(&root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                let value: Value =
                    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
                out.insert(format!("http://localhost:1234/{relative}"), value);
            }
        }
    }
    out
}

#[derive(Default)]
struct Tally {
    passed: usize,
    failed: Vec<String>,
}

fn run_file(path: &Path, meta: &str, options: &LoadOptions, tally: &mut Tally) {
    let groups: Vec<Value> = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let file = path.file_name().unwrap().to_string_lossy().to_string();
    for group in groups {
        let description = group["description"].as_str().unwrap_or_default();
        let mut schema = group["schema"].clone();
        if let Value::Object(map) = &mut schema {
            map.entry("$schema")
                .or_insert_with(|| Value::String(meta.to_string()));
        }
        let compiled = Schema::compile(schema, Origin::Inline(description.into()), None, options);
        for test in group["tests"].as_array().unwrap() {
            let name = format!(
                "{file}: {description}: {}",
                test["description"].as_str().unwrap_or_default()
            );
            let expected = test["valid"].as_bool().unwrap();
            let schema = match &compiled {
                Ok(s) => s,
                Err(e) => {
                    tally
                        .failed
                        .push(format!("{name}: schema did not compile: {e}"));
                    continue;
                }
            };
            let text = serde_json::to_string_pretty(&test["data"]).unwrap();
            let doc = match Document::parse(text, Format::Json) {
                Ok(doc) => doc,
                Err(e) => {
                    tally.failed.push(format!("{name}: data did not load: {e}"));
                    continue;
                }
            };
            let report = validate(&doc, Some(schema), &Options::default()).unwrap();
            let valid = report.errors() == 0;
            if valid == expected {
                tally.passed += 1;
            } else {
                let first = report
                    .diagnostics
                    .first()
                    .map(|d| d.message.clone())
                    .unwrap_or_default();
                tally.failed.push(format!(
                    "{name}: expected valid={expected}, got valid={valid} {first}"
                ));
            }
        }
    }
}

fn json_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "json"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

#[test]
fn official_suite_required_and_format_tests() {
    let Some(dir) = suite_dir() else {
        eprintln!("skipped: ../shared/corpus/json-schema-test-suite is not beside the repository");
        return;
    };
    // Required tests check the specification's defaults, which include "`format` is only
    // an annotation"; the format tests check formats as Trellis validates them.
    let required_options = LoadOptions {
        allow_network: false,
        resources: remotes(&dir),
        formats_as_annotations: true,
    };
    let format_options = LoadOptions {
        formats_as_annotations: false,
        ..required_options.clone()
    };
    let mut summary = BTreeMap::new();
    let mut failures = Vec::new();
    for (draft, meta) in DRAFTS {
        let mut required = Tally::default();
        for file in json_files(&dir.join("tests").join(draft)) {
            run_file(&file, meta, &required_options, &mut required);
        }
        let mut formats = Tally::default();
        for file in json_files(&dir.join("tests").join(draft).join("optional/format")) {
            let name = file.file_stem().unwrap().to_string_lossy().to_string();
            if UNSUPPORTED_FORMATS.iter().any(|(f, _)| *f == name) {
                continue;
            }
            run_file(&file, meta, &format_options, &mut formats);
        }
        summary.insert(
            *draft,
            format!(
                "required {}/{}, formats {}/{}",
                required.passed,
                required.passed + required.failed.len(),
                formats.passed,
                formats.passed + formats.failed.len()
            ),
        );
        failures.extend(
            required
                .failed
                .into_iter()
                .map(|f| format!("{draft} required: {f}")),
        );
        failures.extend(
            formats
                .failed
                .into_iter()
                .map(|f| format!("{draft} format: {f}")),
        );
    }
    for (draft, line) in &summary {
        eprintln!("{draft}: {line}");
    }
    for (format, reason) in UNSUPPORTED_FORMATS {
        eprintln!("format {format} not checked: {reason}");
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
