//! Every built-in pack against its fixtures: valid fixtures give no diagnostics at all;
//! each invalid fixture gives exactly the diagnostics its `.expected` file lists
//! (`LINE SEVERITY CODE POINTER`, one per line).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use trellis_core::{Document, Format};
use trellis_schema::{validate, LoadOptions, Options, Packs, Schema};

fn packs_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("packs")
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|e| e.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    out.retain(|p| Format::from_path(p).is_some());
    out.sort();
    out
}

fn found(schema: &Schema, path: &Path) -> BTreeSet<String> {
    let text = std::fs::read_to_string(path).unwrap();
    let doc = Document::parse(text, Format::from_path(path).unwrap())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let report = validate(&doc, Some(schema), &Options::default()).unwrap();
    report
        .diagnostics
        .iter()
        .map(|d| {
            format!(
                "{} {} {} {}",
                d.start.line,
                d.severity.as_str(),
                d.code,
                d.pointer
            )
        })
        .collect()
}

#[test]
fn every_pack_meets_its_fixtures() {
    let packs = Packs::builtin();
    let ids: Vec<&str> = packs.iter().map(|p| p.id.as_str()).collect();
    for expected in [
        "agent-stack",
        "docker-compose",
        "github-actions",
        "otel-collector",
    ] {
        assert!(ids.contains(&expected), "built-in packs: {ids:?}");
    }
    let mut problems = Vec::new();
    let mut checked = 0;
    for pack in packs.iter() {
        let schema = Schema::from_pack(pack.clone(), &LoadOptions::default()).unwrap();
        let fixtures = packs_dir().join(&pack.id).join("fixtures");
        let valid = files(&fixtures.join("valid"));
        let invalid = files(&fixtures.join("invalid"));
        assert!(
            valid.len() >= 3 && invalid.len() >= 3,
            "{}: at least 3 valid and 3 invalid fixtures",
            pack.id
        );
        for path in valid {
            checked += 1;
            let got = found(&schema, &path);
            if !got.is_empty() {
                problems.push(format!(
                    "{}: expected no diagnostics, got:\n  {}",
                    path.display(),
                    got.into_iter().collect::<Vec<_>>().join("\n  ")
                ));
            }
        }
        for path in invalid {
            checked += 1;
            let expected_path = path.with_extension("expected");
            let expected: BTreeSet<String> = std::fs::read_to_string(&expected_path)
                .unwrap_or_else(|e| panic!("{}: {e}", expected_path.display()))
                .lines()
                .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .collect();
            assert!(
                !expected.is_empty(),
                "{}: an invalid fixture expects something",
                path.display()
            );
            let got = found(&schema, &path);
            if got != expected {
                let missing: Vec<_> = expected.difference(&got).collect();
                let extra: Vec<_> = got.difference(&expected).collect();
                problems.push(format!(
                    "{}:\n  missing {missing:?}\n  unexpected {extra:?}",
                    path.display()
                ));
            }
        }
    }
    assert!(checked >= 24);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn packs_are_found_by_file_name_and_schema_url() {
    let packs = Packs::builtin();
    let by = |p: &str| packs.by_path(Path::new(p)).map(|p| p.id.as_str());
    assert_eq!(by("compose.yaml"), Some("docker-compose"));
    assert_eq!(by("deploy/docker-compose.prod.yml"), Some("docker-compose"));
    assert_eq!(by(".github/workflows/ci.yml"), Some("github-actions"));
    assert_eq!(by("agents.yaml"), Some("agent-stack"));
    assert_eq!(by("otel-collector.yaml"), Some("otel-collector"));
    assert_eq!(by("notes.yaml"), None);
    assert_eq!(
        packs
            .by_url("https://json.schemastore.org/github-workflow.json")
            .map(|p| p.id.as_str()),
        Some("github-actions")
    );
}
