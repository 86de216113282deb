//! A session as the app drives it: open a workspace, open, edit, undo, save.

mod common;

use common::session_with;
use std::fs;
use trellis_api::{EditRequest, ErrorCode, Session, SessionConfig};

const COMPOSE: &str = "# stack\r\nservices:\r\n  web:\r\n    image: nginx:1.25  # pinned\r\n";

#[test]
fn edit_undo_redo_and_save_change_only_the_edited_bytes() {
    let (dir, mut s) = session_with(&[("compose.yaml", COMPOSE.as_bytes())]);
    let file = dir.path().join("ws/compose.yaml");
    let doc = s.open_document("compose.yaml").unwrap();
    assert!(!doc.dirty && !doc.can_undo);
    assert_eq!(
        doc.outline.children[0].children[0].children[0].pointer,
        "/services/web/image"
    );

    let set = EditRequest::Set {
        pointer: "/services/web/image".into(),
        value: "nginx:1.27".into(),
    };
    let doc = s.edit_document("compose.yaml", set).unwrap();
    assert!(doc.dirty && doc.can_undo);
    assert_eq!(doc.text, COMPOSE.replace("1.25", "1.27"));
    assert_eq!(s.unsaved_documents(), vec!["compose.yaml".to_string()]);
    assert_eq!(
        fs::read_to_string(&file).unwrap(),
        COMPOSE,
        "nothing written before a save"
    );

    let doc = s.undo("compose.yaml").unwrap();
    assert_eq!(doc.text, COMPOSE);
    assert!(!doc.dirty && doc.can_redo);
    let doc = s.redo("compose.yaml").unwrap();
    assert_eq!(doc.text, COMPOSE.replace("1.25", "1.27"));

    let doc = s.save_document("compose.yaml").unwrap();
    assert!(!doc.dirty);
    assert!(s.unsaved_documents().is_empty());
    assert_eq!(
        fs::read_to_string(&file).unwrap(),
        COMPOSE.replace("1.25", "1.27")
    );
}

#[test]
fn typed_text_that_does_not_parse_counts_as_unsaved_and_is_never_saved_over() {
    let (dir, mut s) = session_with(&[("compose.yaml", COMPOSE.as_bytes())]);
    let file = dir.path().join("ws/compose.yaml");
    s.open_document("compose.yaml").unwrap();
    assert!(s.unsaved_documents().is_empty());

    // Typed in the source view: the text is the view's until it parses.
    let broken = "services:\n  web: [unclosed\n";
    let err = s.replace_text("compose.yaml", broken).unwrap_err();
    assert_eq!(err.code, ErrorCode::Parse);
    assert_eq!(
        s.unsaved_documents(),
        vec!["compose.yaml".to_string()],
        "closing the window must ask first"
    );
    let err = s.save_document("compose.yaml").unwrap_err();
    assert_eq!(err.code, ErrorCode::Parse);
    assert!(err.message.contains("does not parse"), "{}", err.message);
    assert_eq!(fs::read_to_string(&file).unwrap(), COMPOSE);

    // Typed back to what is on disk: nothing is unsaved any more.
    s.replace_text("compose.yaml", COMPOSE).unwrap();
    assert!(s.unsaved_documents().is_empty());
    s.save_document("compose.yaml").unwrap();
}

#[test]
fn saving_without_edits_is_byte_identical() {
    let files: &[(&str, &[u8])] = &[
        ("a.yaml", b"\xef\xbb\xbf# bom\r\nkey:   'v'  # c\r\n\r\n"),
        ("b.json", b"{\n\t\"a\" : [1,2 ,3]\n}"),
        ("c.toml", b"[t]\n\tk\t=\t'v' # tab\n"),
    ];
    let (dir, mut s) = session_with(files);
    for (name, bytes) in files {
        s.open_document(name).unwrap();
        s.save_document(name).unwrap();
        assert_eq!(
            fs::read(dir.path().join("ws").join(name)).unwrap(),
            *bytes,
            "{name}"
        );
    }
}

/// A half-typed file: the first service is fine, the second one's list is never closed.
const HALF_TYPED: &str = "services:\n  web:\n    image: nginx\n  api:\n    ports: [80, 443\n";

#[test]
fn a_file_that_does_not_parse_opens_with_its_error_and_the_part_before_it() {
    let (dir, mut s) = session_with(&[("compose.yaml", HALF_TYPED.as_bytes())]);
    let file = dir.path().join("ws/compose.yaml");
    let doc = s.open_document("compose.yaml").unwrap();
    assert_eq!(doc.text, HALF_TYPED);
    assert!(!doc.dirty && !doc.can_undo && !doc.can_redo);
    let error = doc.syntax_error.expect("the syntax error");
    assert_eq!(error.line, 6, "{error:?}");
    assert!(!error.message.is_empty());
    // The outline shows what parses before the error's line.
    // `ports: [80, 443` is never closed, so the outline stops before that line.
    assert_eq!(error.outline_through, 4);
    let services = &doc.outline.children[0];
    assert_eq!(services.pointer, "/services");
    assert_eq!(
        services
            .children
            .iter()
            .map(|c| c.pointer.as_str())
            .collect::<Vec<_>>(),
        ["/services/web", "/services/api"]
    );

    // Validation reports the syntax error as a diagnostic with its place.
    let report = s.validate_document("compose.yaml").unwrap();
    assert_eq!(report.errors, 1);
    let d = &report.diagnostics[0];
    assert_eq!((d.code.as_str(), d.line), ("syntax", 6), "{d:?}");

    // Edits are refused with the reason and its place; nothing changes, nothing is written.
    let err = s
        .edit_document(
            "compose.yaml",
            EditRequest::Set {
                pointer: "/services/web/image".into(),
                value: "nginx:1.27".into(),
            },
        )
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::Parse);
    assert!(err.message.contains("does not parse"), "{}", err.message);
    assert_eq!(err.location.map(|l| l.line), Some(6));
    let doc = s.save_document("compose.yaml").unwrap();
    assert_eq!(doc.text, HALF_TYPED);
    assert!(s.unsaved_documents().is_empty());
    assert_eq!(fs::read_to_string(&file).unwrap(), HALF_TYPED);

    // Fixed outside Trellis, the file opens normally the next time it is opened.
    let fixed = HALF_TYPED.replace("443\n", "443]\n");
    fs::write(&file, &fixed).unwrap();
    let doc = s.open_document("compose.yaml").unwrap();
    assert!(doc.syntax_error.is_none());
    assert_eq!(doc.text, fixed);
    s.edit_document(
        "compose.yaml",
        EditRequest::Set {
            pointer: "/services/web/image".into(),
            value: "nginx:1.27".into(),
        },
    )
    .unwrap();
}

#[test]
fn a_json_file_that_does_not_parse_still_opens_with_an_empty_outline() {
    let (_dir, mut s) = session_with(&[("bad.json", b"{\n  \"a\": 1,\n  \"b\": [1, 2\n")]);
    let doc = s.open_document("bad.json").unwrap();
    let error = doc.syntax_error.expect("the syntax error");
    assert_eq!((error.line, error.column), (3, 8), "{error:?}");
    // `{ "a": 1,` alone does not parse: there is no partial outline to show.
    assert_eq!(error.outline_through, 0);
    assert!(doc.outline.children.is_empty());
}

#[test]
fn a_file_that_is_not_utf8_is_refused_with_its_place() {
    let (_dir, mut s) = session_with(&[("bad.yaml", b"a: 1\nb: \xff\n")]);
    let err = s.open_document("bad.yaml").unwrap_err();
    assert_eq!(err.code, ErrorCode::Parse);
    let loc = err.location.expect("an encoding error has a place");
    assert_eq!((loc.file.as_str(), loc.line), ("bad.yaml", 2));
}

#[test]
fn huge_files_are_refused_before_reading() {
    let (dir, mut s) = session_with(&[]);
    let big = fs::File::create(dir.path().join("ws/huge.json")).unwrap();
    big.set_len(100 * 1024 * 1024).unwrap(); // sparse: costs no disk
    let err = s.open_document("huge.json").unwrap_err();
    assert_eq!(err.code, ErrorCode::TooLarge);
    assert!(err.message.contains("104857600 bytes"), "{}", err.message);
}

#[test]
fn paths_outside_the_workspace_are_refused() {
    let (_dir, mut s) = session_with(&[("a.yaml", b"a: 1\n")]);
    for path in ["../data/recent.json", "/etc/passwd", ""] {
        let err = s.open_document(path).unwrap_err();
        assert_eq!(err.code, ErrorCode::InvalidRequest, "{path}");
    }
}

#[test]
fn failed_edits_leave_the_document_unchanged() {
    let (_dir, mut s) = session_with(&[("a.yaml", b"a: 1\nb: [1]\n")]);
    s.open_document("a.yaml").unwrap();
    for (edit, code) in [
        (
            EditRequest::Set {
                pointer: "/x/y".into(),
                value: 1.into(),
            },
            ErrorCode::NotFound,
        ),
        (
            EditRequest::Rename {
                pointer: "/a".into(),
                new_key: "b".into(),
            },
            ErrorCode::InvalidRequest,
        ),
        (
            EditRequest::Move {
                pointer: "/b/0".into(),
                to: 5,
            },
            ErrorCode::InvalidRequest,
        ),
        (
            EditRequest::Set {
                pointer: "a".into(),
                value: 1.into(),
            },
            ErrorCode::InvalidRequest,
        ),
    ] {
        let err = s.edit_document("a.yaml", edit.clone()).unwrap_err();
        assert_eq!(err.code, code, "{edit:?}: {}", err.message);
    }
    let doc = s.open_document("a.yaml").unwrap();
    assert_eq!(doc.text, "a: 1\nb: [1]\n");
    assert!(!doc.can_undo);
}

#[test]
fn first_start_creates_the_example_workspace_in_git() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Session::new(SessionConfig {
        data_dir: dir.path().to_path_buf(),
        startup_workspace: None,
    });
    let ws = s.open_startup_workspace().unwrap();
    assert_eq!(ws.name, "workspace");
    let names: Vec<_> = ws.files.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(
        names,
        [
            "agents.yaml",
            "compose.yaml",
            "service.toml",
            "settings.json"
        ]
    );
    assert!(dir.path().join("workspace/.git").is_dir());
    for f in &ws.files {
        s.open_document(&f.path)
            .unwrap_or_else(|e| panic!("{}: {e}", f.path));
    }
    // The next start reopens the most recent workspace.
    let mut again = Session::new(SessionConfig {
        data_dir: dir.path().to_path_buf(),
        startup_workspace: None,
    });
    assert_eq!(again.open_startup_workspace().unwrap().root, ws.root);
}

#[test]
fn outlines_of_large_documents_stop_but_still_count_every_entry() {
    let big: String = (0..30_000).map(|i| format!("k{i}: {i}\n")).collect();
    let (_dir, mut s) = session_with(&[("big.yaml", big.as_bytes())]);
    let doc = s.open_document("big.yaml").unwrap();
    assert!(doc.outline_truncated);
    assert_eq!(doc.outline.len, 30_000);
    assert!(doc.outline.children.len() < 30_000);
    assert_eq!(doc.text, big, "the text is always whole");
}

const STACK: &str = "\
version: 1
providers:
  p:
    type: openai
    base_url: ${TRELLIS_TEST_BASE_URL}
models:
  m: { provider: p, name: gpt-4o }
agents:
  a: { model: m }
environments:
  prod:
    overrides:
      models:
        m: { temperature: 9 }
";

#[test]
fn variables_come_from_dot_env_and_the_environment_choice_is_kept() {
    let (dir, mut s) = session_with(&[
        ("agents.yaml", STACK.as_bytes()),
        (".env", b"TRELLIS_TEST_BASE_URL=http://localhost:8000/v1\n"),
    ]);
    s.open_document("agents.yaml").unwrap();
    let report = s.validate_document("agents.yaml").unwrap();
    assert_eq!(report.variables_from, ["the process environment", ".env"]);
    assert_eq!(report.environments, ["prod"]);
    assert_eq!((report.errors, report.warnings), (1, 0), "{report:?}");

    s.set_environment("agents.yaml", &trellis_api::EnvironmentChoice::Base)
        .unwrap();
    let report = s.validate_document("agents.yaml").unwrap();
    assert_eq!(report.environment, trellis_api::EnvironmentChoice::Base);
    assert_eq!((report.errors, report.warnings), (0, 0), "{report:?}");

    // A .env that does not parse is named, and the variable it would set is reported unset.
    fs::write(dir.path().join("ws/.env"), "this is not an env file\n").unwrap();
    let report = s.validate_document("agents.yaml").unwrap();
    assert!(
        report.variables_from[1].starts_with(".env not used: .env:1: expected KEY=value"),
        "{:?}",
        report.variables_from
    );
    assert_eq!(report.diagnostics[0].code, "env.unresolved");
}

#[test]
fn unsaved_changes_compare_against_the_file_as_text_and_as_data() {
    use trellis_api::VersionRef;
    let (_dir, mut s) = session_with(&[("compose.yaml", COMPOSE.as_bytes())]);
    s.open_document("compose.yaml").unwrap();
    let same = s
        .compare("compose.yaml", &VersionRef::Saved, &VersionRef::Working)
        .unwrap();
    assert!(same.text.hunks.is_empty());
    assert!(same.structure.as_ref().unwrap().equal);

    s.edit_document(
        "compose.yaml",
        EditRequest::Set {
            pointer: "/services/web/image".into(),
            value: "nginx:1.27".into(),
        },
    )
    .unwrap();
    s.edit_document(
        "compose.yaml",
        EditRequest::Set {
            pointer: "/services/web/restart".into(),
            value: "always".into(),
        },
    )
    .unwrap();
    let c = s
        .compare("compose.yaml", &VersionRef::Saved, &VersionRef::Working)
        .unwrap();
    assert_eq!(
        (c.old_label.as_str(), c.new_label.as_str()),
        ("On disk", "Working copy")
    );
    assert_eq!((c.text.removed, c.text.added), (1, 2));
    let changed: Vec<_> = c.text.hunks[0]
        .lines
        .iter()
        .filter(|l| l.tag != "equal")
        .map(|l| (l.tag.as_str(), l.old_line, l.new_line))
        .collect();
    assert_eq!(
        changed,
        [
            ("delete", Some(4), None),
            ("insert", None, Some(4)),
            ("insert", None, Some(5))
        ]
    );
    let structure = c.structure.unwrap();
    assert_eq!(
        structure.summary,
        "services.web.image nginx:1.25 → nginx:1.27; services.web: added restart"
    );
    let lines: Vec<_> = structure
        .changes
        .iter()
        .map(|c| (c.kind.as_str(), c.old_line, c.new_line))
        .collect();
    assert_eq!(
        lines,
        [("changed", Some(4), Some(4)), ("added", None, Some(5))]
    );
}

#[test]
fn environments_compare_as_merged_data() {
    use trellis_api::VersionRef;
    let (_dir, mut s) = session_with(&[("agents.yaml", STACK.as_bytes())]);
    s.open_document("agents.yaml").unwrap();
    let c = s
        .compare(
            "agents.yaml",
            &VersionRef::Environment { name: None },
            &VersionRef::Environment {
                name: Some("prod".into()),
            },
        )
        .unwrap();
    assert_eq!(
        (c.old_label.as_str(), c.new_label.as_str()),
        ("Base (no overlay)", "Environment prod")
    );
    let structure = c.structure.unwrap();
    assert_eq!(structure.summary, "models.m: added temperature");
    assert_eq!((c.text.removed, c.text.added), (0, 1));

    let err = s
        .compare(
            "agents.yaml",
            &VersionRef::Working,
            &VersionRef::Environment {
                name: Some("staging".into()),
            },
        )
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::NotFound);
    assert!(
        err.message.contains("this document has: prod"),
        "{}",
        err.message
    );
}

fn git(dir: &std::path::Path, args: &[&str]) -> String {
    let out = std::process::Command::new("git")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run git");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn each_save_is_a_commit_with_a_message_from_the_changes_and_old_versions_restore_as_new_commits() {
    use trellis_api::VersionRef;
    let (dir, mut s) = session_with(&[
        (
            "compose.yaml",
            b"services:\n  web:\n    image: nginx:1.25\n",
        ),
        ("other.yaml", b"a: 1\n"),
    ]);
    let ws = dir.path().join("ws");
    s.open_document("compose.yaml").unwrap();
    let saved = s.save_document("compose.yaml").unwrap();
    assert!(
        saved
            .version_note
            .as_deref()
            .unwrap()
            .contains("“Add compose.yaml”"),
        "{:?}",
        saved.version_note
    );
    let set = |s: &mut Session, value: &str| {
        s.edit_document(
            "compose.yaml",
            EditRequest::Set {
                pointer: "/services/web/image".into(),
                value: value.into(),
            },
        )
        .unwrap();
        s.save_document("compose.yaml").unwrap()
    };
    let saved = set(&mut s, "nginx:1.27");
    assert!(saved
        .version_note
        .unwrap()
        .contains("Update compose.yaml: services.web.image nginx:1.25 → nginx:1.27"));
    // The other file was never committed and is still there, untracked.
    assert_eq!(git(&ws, &["status", "--porcelain"]), "?? other.yaml\n");
    assert_eq!(
        git(&ws, &["log", "--format=%s"]),
        "Update compose.yaml: services.web.image nginx:1.25 → nginx:1.27\nAdd compose.yaml\n"
    );

    let history = s.history("compose.yaml").unwrap();
    assert_eq!(history.len(), 2);
    assert_eq!(history[1].change, "added");
    let first = history[1].short_id.clone();

    let c = s
        .compare(
            "compose.yaml",
            &VersionRef::Commit { rev: first.clone() },
            &VersionRef::Working,
        )
        .unwrap();
    assert!(c.old_label.starts_with(&first), "{}", c.old_label);
    assert_eq!(
        c.structure.unwrap().summary,
        "services.web.image nginx:1.25 → nginx:1.27"
    );

    // Restoring refuses over unsaved changes, then works as a new commit.
    s.edit_document(
        "compose.yaml",
        EditRequest::Set {
            pointer: "/services/web/image".into(),
            value: "nginx:1.28".into(),
        },
    )
    .unwrap();
    let err = s.restore("compose.yaml", &first).unwrap_err();
    assert!(err.message.contains("unsaved changes"), "{}", err.message);
    s.undo("compose.yaml").unwrap();
    let restored = s.restore("compose.yaml", &first).unwrap();
    assert_eq!(restored.text, "services:\n  web:\n    image: nginx:1.25\n");
    assert!(!restored.dirty && !restored.can_undo);
    assert_eq!(
        fs::read_to_string(ws.join("compose.yaml")).unwrap(),
        "services:\n  web:\n    image: nginx:1.25\n"
    );
    let log = git(&ws, &["log", "--format=%s"]);
    assert_eq!(log.lines().count(), 3);
    assert!(
        log.starts_with(&format!("Restore compose.yaml to {first}")),
        "{log}"
    );
    git(&ws, &["fsck", "--strict"]);
}

#[test]
fn revalidation_after_edits_matches_a_fresh_validation() {
    let (dir, mut s) = session_with(&[
        ("agents.yaml", STACK.as_bytes()),
        (".env", b"TRELLIS_TEST_BASE_URL=http://localhost:8000/v1\n"),
    ]);
    let file = dir.path().join("ws/agents.yaml");
    s.open_document("agents.yaml").unwrap();
    s.validate_document("agents.yaml").unwrap();
    // (pointer, value, errors after it): the prod overlay's temperature is an error all along.
    let edits = [
        ("/agents/a/model", "nope", 2),     // a dangling reference
        ("/models/m/temperature", "7", 3),  // out of range in the base too
        ("/agents/a/model", "m", 2),        // fixed again
        ("/providers/p/type", "openai", 2), // no change in the data
    ];
    for (pointer, value, errors) in edits {
        let value: serde_json::Value = serde_json::from_str(value).unwrap_or_else(|_| value.into());
        s.edit_document(
            "agents.yaml",
            EditRequest::Set {
                pointer: pointer.into(),
                value,
            },
        )
        .unwrap();
        let kept = s.validate_document("agents.yaml").unwrap();
        assert_eq!(
            kept.errors, errors,
            "after setting {pointer}: {:?}",
            kept.diagnostics
        );
        s.save_document("agents.yaml").unwrap();
        let request = trellis_api::ValidateRequest {
            variables: Some(
                trellis_api::Variables::process()
                    .with_env_file(&dir.path().join("ws/.env"))
                    .unwrap(),
            ),
            ..Default::default()
        };
        let fresh =
            trellis_api::validate_file(&file, &request, &mut trellis_api::Schemas::default())
                .unwrap();
        let key = |r: &trellis_api::ValidationDto| {
            r.diagnostics
                .iter()
                .map(|d| (d.code.clone(), d.pointer.clone(), d.line, d.message.clone()))
                .collect::<Vec<_>>()
        };
        assert_eq!(key(&kept), key(&fresh), "after setting {pointer}");
    }
}

#[test]
fn a_save_commits_with_the_users_message_when_given() {
    let (dir, mut s) = session_with(&[("app.yaml", b"replicas: 2\n")]);
    s.open_document("app.yaml").unwrap();
    s.edit_document(
        "app.yaml",
        EditRequest::Set {
            pointer: "/replicas".into(),
            value: 3.into(),
        },
    )
    .unwrap();
    let saved = s
        .save_document_with("app.yaml", Some("  Scale up for the launch  "))
        .unwrap();
    assert!(saved
        .version_note
        .unwrap()
        .contains("“Scale up for the launch”"));
    // A blank message means "write one from the changes".
    s.edit_document(
        "app.yaml",
        EditRequest::Set {
            pointer: "/replicas".into(),
            value: 4.into(),
        },
    )
    .unwrap();
    s.save_document_with("app.yaml", Some("   ")).unwrap();
    assert_eq!(
        git(&dir.path().join("ws"), &["log", "--format=%s"]),
        "Update app.yaml: replicas 3 → 4\nScale up for the launch\n"
    );
}

#[test]
fn two_files_compare_even_across_formats() {
    use trellis_api::VersionRef;
    let (_dir, mut s) = session_with(&[
        ("a.yaml", b"name: shop\nreplicas: 2\n"),
        ("b.json", b"{\"replicas\": 3, \"name\": \"shop\"}\n"),
    ]);
    s.open_document("a.yaml").unwrap();
    let c = s
        .compare(
            "a.yaml",
            &VersionRef::Working,
            &VersionRef::File {
                path: "b.json".into(),
            },
        )
        .unwrap();
    assert_eq!(c.new_label, "b.json");
    assert_eq!(c.structure.unwrap().summary, "replicas 2 → 3");
    let err = s
        .compare(
            "a.yaml",
            &VersionRef::Working,
            &VersionRef::File {
                path: "../outside.yaml".into(),
            },
        )
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidRequest);
}

#[test]
fn branches_switch_the_open_documents_and_tags_mark_commits() {
    let (dir, mut s) = session_with(&[("app.yaml", b"replicas: 2\n")]);
    let ws = dir.path().join("ws");
    s.open_document("app.yaml").unwrap();
    s.save_document("app.yaml").unwrap(); // the first commit, on main
    let refs = s.create_branch("try-more").unwrap();
    assert_eq!(refs.current.as_deref(), Some("try-more"));
    assert_eq!(refs.branches, ["main", "try-more"]);

    s.edit_document(
        "app.yaml",
        EditRequest::Set {
            pointer: "/replicas".into(),
            value: 5.into(),
        },
    )
    .unwrap();
    // Not with unsaved changes: they would land on the wrong branch.
    let err = s.switch_branch("main").unwrap_err();
    assert!(err.message.contains("app.yaml"), "{}", err.message);
    s.save_document("app.yaml").unwrap();
    let refs = s.create_tag("five", Some("Five replicas")).unwrap();
    assert_eq!(refs.tags, ["five"]);

    s.switch_branch("main").unwrap();
    let doc = s.open_document("app.yaml").unwrap();
    assert_eq!(doc.text, "replicas: 2\n");
    assert!(!doc.dirty);
    assert_eq!(
        fs::read_to_string(ws.join("app.yaml")).unwrap(),
        "replicas: 2\n"
    );
    assert_eq!(git(&ws, &["rev-parse", "--abbrev-ref", "HEAD"]), "main\n");
    assert_eq!(git(&ws, &["show", "five:app.yaml"]), "replicas: 5\n");
    assert!(s.create_branch("bad name").is_err());
}

#[test]
fn sharing_through_a_remote_pushes_pulls_fast_forward_and_reports_divergence() {
    use trellis_api::RemoteAction;
    let (dir, mut s) = session_with(&[("app.yaml", b"replicas: 2\n")]);
    let ws = dir.path().join("ws");
    let bare = dir.path().join("shared.git");
    git(
        dir.path(),
        &["init", "-q", "--bare", "-b", "main", bare.to_str().unwrap()],
    );
    git(&ws, &["remote", "add", "origin", bare.to_str().unwrap()]);
    s.open_document("app.yaml").unwrap();
    s.save_document("app.yaml").unwrap();
    assert_eq!(s.refs().unwrap().remotes, ["origin"]);

    let pushed = s.sync("origin", RemoteAction::Push).unwrap();
    assert!(pushed.starts_with("Pushed main to origin"), "{pushed}");

    // A teammate's clone adds a commit and pushes it.
    let other = dir.path().join("other");
    git(
        dir.path(),
        &[
            "clone",
            "-q",
            bare.to_str().unwrap(),
            other.to_str().unwrap(),
        ],
    );
    fs::write(other.join("app.yaml"), "replicas: 4\n").unwrap();
    git(
        &other,
        &[
            "-c",
            "user.name=Bo",
            "-c",
            "user.email=bo@example.com",
            "commit",
            "-qam",
            "Scale",
        ],
    );
    git(&other, &["push", "-q", "origin", "main"]);

    let pulled = s.sync("origin", RemoteAction::Pull).unwrap();
    assert_eq!(pulled, "Pulled 1 commit(s) from origin");
    let doc = s.open_document("app.yaml").unwrap();
    assert_eq!(doc.text, "replicas: 4\n");

    // Both sides commit: a pull reports the divergence and changes nothing.
    fs::write(other.join("app.yaml"), "replicas: 6\n").unwrap();
    git(
        &other,
        &[
            "-c",
            "user.name=Bo",
            "-c",
            "user.email=bo@example.com",
            "commit",
            "-qam",
            "More",
        ],
    );
    git(&other, &["push", "-q", "origin", "main"]);
    s.edit_document(
        "app.yaml",
        EditRequest::Set {
            pointer: "/replicas".into(),
            value: 5.into(),
        },
    )
    .unwrap();
    s.save_document("app.yaml").unwrap();
    let err = s.sync("origin", RemoteAction::Pull).unwrap_err();
    assert!(err.message.contains("diverged"), "{}", err.message);
    assert_eq!(
        fs::read_to_string(ws.join("app.yaml")).unwrap(),
        "replicas: 5\n"
    );
    let err = s.sync("origin", RemoteAction::Push).unwrap_err();
    assert!(!err.message.is_empty());
}

#[test]
fn a_remote_added_in_the_app_is_a_git_remote_and_takes_pushes() {
    use trellis_api::RemoteAction;
    let (dir, mut s) = session_with(&[("app.yaml", b"replicas: 2\n")]);
    let ws = dir.path().join("ws");
    let bare = dir.path().join("shared.git");
    git(
        dir.path(),
        &["init", "-q", "--bare", "-b", "main", bare.to_str().unwrap()],
    );
    s.open_document("app.yaml").unwrap();
    s.save_document("app.yaml").unwrap();

    // Refused, each with its reason, and nothing added.
    let err = s.add_remote("", "/x").unwrap_err();
    assert!(err.message.contains("name and a URL"), "{}", err.message);
    let err = s
        .add_remote("bad name", bare.to_str().unwrap())
        .unwrap_err();
    assert!(
        err.message.contains("not a valid remote name"),
        "{}",
        err.message
    );
    for url in [
        "https://example.com/team/config.git",
        "git@example.com:team/config.git",
    ] {
        let err = s.add_remote("hub", url).unwrap_err();
        assert!(
            err.message.contains("HTTPS or SSH"),
            "{url}: {}",
            err.message
        );
    }
    assert!(s.refs().unwrap().remotes.is_empty());

    let refs = s.add_remote("origin", bare.to_str().unwrap()).unwrap();
    assert_eq!(refs.remotes, ["origin"]);
    assert_eq!(
        git(&ws, &["remote", "get-url", "origin"]).trim(),
        bare.to_str().unwrap()
    );
    let err = s.add_remote("origin", bare.to_str().unwrap()).unwrap_err();
    assert!(err.message.contains("origin"), "{}", err.message);

    let pushed = s.sync("origin", RemoteAction::Push).unwrap();
    assert!(pushed.starts_with("Pushed main to origin"), "{pushed}");
    assert_eq!(git(&bare, &["show", "main:app.yaml"]), "replicas: 2\n");
}

const TEAM: &str = "\
version: 1
name: team
providers:
  openai: {type: openai, api_key: '${OPENAI_API_KEY}'}
models:
  fast: {provider: openai, name: gpt-4o-mini}
  big: {provider: openai, name: gpt-4o}
agents:
  writer: {model: fast}
  editor: {model: big}
  chief: {model: big, delegates_to: [writer, editor]}
";

#[test]
fn the_canvas_places_components_and_keeps_moves_in_a_sidecar() {
    let (dir, mut s) = session_with(&[("agents.yaml", TEAM.as_bytes())]);
    let ws = dir.path().join("ws");
    s.open_document("agents.yaml").unwrap();
    let design = s.design("agents.yaml").unwrap();
    assert_eq!(design.pack.as_deref(), Some("agent-stack"));
    let ids: Vec<&str> = design.nodes.iter().map(|n| n.id.as_str()).collect();
    for id in [
        "/providers/openai",
        "/models/fast",
        "/models/big",
        "/agents/writer",
        "/agents/chief",
    ] {
        assert!(ids.contains(&id), "{id} in {ids:?}");
    }
    let has_edge = |from: &str, to: &str| design.edges.iter().any(|e| e.from == from && e.to == to);
    assert!(has_edge("/agents/writer", "/models/fast"));
    assert!(has_edge("/models/fast", "/providers/openai"));
    let fast = design
        .nodes
        .iter()
        .find(|n| n.id == "/models/fast")
        .unwrap();
    assert!(!fast.placed);
    assert!(
        fast.fields
            .contains(&("name".to_string(), "gpt-4o-mini".to_string())),
        "{:?}",
        fast.fields
    );

    // A move goes to the sidecar; the file is untouched and the document stays saved.
    s.move_components(
        "agents.yaml",
        &[trellis_protocol::NodeMoveDto {
            id: "/models/fast".into(),
            x: 640.0,
            y: 32.5,
        }],
    )
    .unwrap();
    assert_eq!(fs::read_to_string(ws.join("agents.yaml")).unwrap(), TEAM);
    assert!(!s.open_document("agents.yaml").unwrap().dirty);
    let sidecar = fs::read_to_string(ws.join(".trellis/layout/agents.yaml.json")).unwrap();
    assert!(sidecar.contains("/models/fast"), "{sidecar}");
    let again = s.design("agents.yaml").unwrap();
    let fast = again.nodes.iter().find(|n| n.id == "/models/fast").unwrap();
    assert_eq!((fast.x, fast.y, fast.placed), (640.0, 32.5, true));
    // The others did not move.
    for (a, b) in design.nodes.iter().zip(&again.nodes) {
        if a.id != "/models/fast" {
            assert_eq!((a.id.as_str(), a.x, a.y), (b.id.as_str(), b.x, b.y));
        }
    }

    // Refused: an unknown component, a position that is not a number.
    let err = s
        .move_components(
            "agents.yaml",
            &[trellis_protocol::NodeMoveDto {
                id: "/agents/nobody".into(),
                x: 0.0,
                y: 0.0,
            }],
        )
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::NotFound);
    let err = s
        .move_components(
            "agents.yaml",
            &[trellis_protocol::NodeMoveDto {
                id: "/models/big".into(),
                x: f64::NAN,
                y: 0.0,
            }],
        )
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidRequest);
    // A damaged sidecar is ignored, not fatal.
    fs::write(ws.join(".trellis/layout/agents.yaml.json"), "{not json").unwrap();
    let design = s.design("agents.yaml").unwrap();
    assert!(design.nodes.iter().all(|n| !n.placed));
}

#[test]
fn impact_lists_what_a_component_uses_and_what_uses_it() {
    let (_dir, mut s) = session_with(&[("agents.yaml", TEAM.as_bytes())]);
    s.open_document("agents.yaml").unwrap();
    let impact = s.impact("agents.yaml", "/providers/openai").unwrap();
    assert!(impact.depends_on.is_empty());
    let mut dependents = impact.dependents.clone();
    dependents.sort();
    assert_eq!(
        dependents,
        [
            "/agents/chief",
            "/agents/editor",
            "/agents/writer",
            "/models/big",
            "/models/fast"
        ]
    );
    let impact = s.impact("agents.yaml", "/agents/chief").unwrap();
    let mut uses = impact.depends_on.clone();
    uses.sort();
    assert_eq!(
        uses,
        [
            "/agents/editor",
            "/agents/writer",
            "/models/big",
            "/models/fast",
            "/providers/openai"
        ]
    );
    assert!(impact.dependents.is_empty());
    assert_eq!(
        s.impact("agents.yaml", "/agents/nobody").unwrap_err().code,
        ErrorCode::NotFound
    );
}

#[test]
fn designer_operations_edit_the_file_as_single_undoable_steps() {
    let (dir, mut s) = session_with(&[("agents.yaml", TEAM.as_bytes())]);
    let file = dir.path().join("ws/agents.yaml");
    s.open_document("agents.yaml").unwrap();
    let value = |s: &mut Session, p: &str| {
        let doc = s.open_document("agents.yaml").unwrap();
        let v: serde_json::Value = serde_yaml::from_str(&doc.text).unwrap();
        v.pointer(p).cloned()
    };

    // The palette lists the pack's kinds.
    let palette = s.palette("agents.yaml").unwrap();
    let kinds: Vec<&str> = palette.kinds.iter().map(|k| k.kind.as_str()).collect();
    for kind in ["provider", "model", "agent"] {
        assert!(kinds.contains(&kind), "{kind} in {kinds:?}");
    }

    // A new agent: a unique name, placed where it was dropped, and it validates.
    let added = s
        .add_component("agents.yaml", "agent", None, Some((300.0, 40.0)))
        .unwrap();
    assert!(added.missing.is_empty(), "{:?}", added.missing);
    assert!(added.document.dirty);
    assert!(
        value(&mut s, &added.id).is_some(),
        "{} in the file",
        added.id
    );
    let placed = s.design("agents.yaml").unwrap();
    let node = placed.nodes.iter().find(|n| n.id == added.id).unwrap();
    assert_eq!((node.x, node.y, node.placed), (300.0, 40.0, true));
    assert_eq!(s.validate_document("agents.yaml").unwrap().errors, 0);
    // One step: one undo takes it away.
    s.undo("agents.yaml").unwrap();
    assert!(value(&mut s, &added.id).is_none());

    // Rename a model: every reference follows, as one step.
    s.move_components(
        "agents.yaml",
        &[trellis_protocol::NodeMoveDto {
            id: "/models/fast".into(),
            x: 5.0,
            y: 6.0,
        }],
    )
    .unwrap();
    s.rename_component("agents.yaml", "/models/fast", "quick")
        .unwrap();
    assert_eq!(value(&mut s, "/agents/writer/model"), Some("quick".into()));
    assert!(value(&mut s, "/models/fast").is_none());
    let moved = s.design("agents.yaml").unwrap();
    let quick = moved
        .nodes
        .iter()
        .find(|n| n.id == "/models/quick")
        .unwrap();
    assert_eq!(
        (quick.x, quick.y),
        (5.0, 6.0),
        "its place follows the new name"
    );
    // Refused: a name that exists; nothing changes.
    let before = s.open_document("agents.yaml").unwrap().text;
    let err = s
        .rename_component("agents.yaml", "/models/quick", "big")
        .unwrap_err();
    assert!(err.message.contains("taken"), "{}", err.message);
    assert_eq!(s.open_document("agents.yaml").unwrap().text, before);
    s.undo("agents.yaml").unwrap();
    assert_eq!(value(&mut s, "/agents/writer/model"), Some("fast".into()));

    // Delete a model others use: refused, naming them; with the references, done.
    let referrers = s
        .referrers_of("agents.yaml", &["/models/big".to_string()])
        .unwrap();
    let names: Vec<_> = referrers
        .iter()
        .filter_map(|r| r.from_name.as_deref())
        .collect();
    assert_eq!(names, ["editor", "chief"]);
    let err = s
        .delete_components("agents.yaml", &["/models/big".to_string()], false)
        .unwrap_err();
    assert!(err.message.contains("editor"), "{}", err.message);
    s.delete_components("agents.yaml", &["/agents/chief".to_string()], true)
        .unwrap();
    assert!(value(&mut s, "/agents/chief").is_none());
    s.undo("agents.yaml").unwrap();

    // Wiring: an agent's model may name a model, not a provider.
    let targets = s.targets("agents.yaml", "/agents/writer/model").unwrap();
    assert!(
        targets.valid.contains(&"/models/big".to_string()),
        "{targets:?}"
    );
    assert!(!targets.valid.iter().any(|t| t.starts_with("/providers")));
    let err = s
        .connect("agents.yaml", "/agents/writer/model", "/providers/openai")
        .unwrap_err();
    assert!(
        err.message.contains("cannot be connected"),
        "{}",
        err.message
    );
    s.connect("agents.yaml", "/agents/writer/model", "/models/big")
        .unwrap();
    assert_eq!(value(&mut s, "/agents/writer/model"), Some("big".into()));
    s.disconnect("agents.yaml", "/agents/chief/delegates_to/0")
        .unwrap();
    assert_eq!(
        value(&mut s, "/agents/chief/delegates_to"),
        Some(serde_json::json!(["editor"]))
    );

    // The inspector's form: the model field is a reference port.
    let form = s.component_form("agents.yaml", "/agents/writer").unwrap();
    let ports: Vec<&str> = form.ports.iter().map(|p| p.label.as_str()).collect();
    assert!(ports.contains(&"model"), "{ports:?}");
    assert!(ports.contains(&"delegates_to"), "{ports:?}");

    // Nothing was written to disk: the file changes when the user saves.
    assert_eq!(fs::read_to_string(&file).unwrap(), TEAM);
}
