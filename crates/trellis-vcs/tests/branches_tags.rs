//! Branches (list, create, safe switch) and tags.

mod common;

use common::*;
use trellis_vcs::VcsError;

#[test]
fn list_create_and_switch_branches() {
    let dir = repo_with_files();
    let d = dir.path();
    git(d, &["branch", "from-cli"]);
    let repo = open(d);

    let branches = repo.branches().unwrap();
    assert_eq!(
        branches
            .iter()
            .map(|b| (b.name.as_str(), b.is_current))
            .collect::<Vec<_>>(),
        vec![("from-cli", false), ("main", true)]
    );
    assert_eq!(branches[1].commit.as_ref().unwrap().id, head(d));

    let created = repo.create_branch("feature/x").unwrap();
    assert_eq!(created.name, "feature/x");
    assert!(!created.is_current);
    assert_eq!(
        git(d, &["rev-parse", "feature/x"]).trim(),
        head(d),
        "created at HEAD"
    );
    assert_eq!(repo.current_branch().unwrap().as_deref(), Some("main"));

    repo.switch_branch("feature/x").unwrap();
    assert_eq!(
        git(d, &["rev-parse", "--abbrev-ref", "HEAD"]).trim(),
        "feature/x"
    );
    write(d, "a.json", "{\"a\": \"feature\"}\n");
    write(d, "only-on-feature.json", "{}\n");
    repo.commit_file("a.json", "Feature a").unwrap();
    repo.commit_file("only-on-feature.json", "Feature file")
        .unwrap();

    repo.switch_branch("main").unwrap();
    assert_eq!(git(d, &["branch", "--show-current"]).trim(), "main");
    assert_eq!(read(d, "a.json"), b"{\"a\": 1}\n");
    assert!(!d.join("only-on-feature.json").exists());
    assert!(porcelain(d).is_empty(), "{:?}", porcelain(d));

    repo.switch_branch("feature/x").unwrap();
    assert_eq!(read(d, "a.json"), b"{\"a\": \"feature\"}\n");
    assert!(d.join("only-on-feature.json").exists());
    assert!(porcelain(d).is_empty());
    let current: Vec<String> = repo
        .branches()
        .unwrap()
        .into_iter()
        .filter(|b| b.is_current)
        .map(|b| b.name)
        .collect();
    assert_eq!(current, vec!["feature/x"]);
    // Switching to the current branch is a no-op.
    repo.switch_branch("feature/x").unwrap();
    assert_eq!(
        git(d, &["reflog", "-1", "--format=%gs", "HEAD"]).trim(),
        "checkout: moving from main to feature/x"
    );
    assert_fsck_clean(d);
}

#[test]
fn switch_refuses_to_overwrite_local_changes_and_changes_nothing() {
    let dir = repo_with_files();
    let d = dir.path();
    git(d, &["checkout", "-q", "-b", "other"]);
    write(d, "a.json", "{\"a\": \"other\"}\n");
    write(d, "new.json", "{\"new\": \"other\"}\n");
    commit_all(d, "Other");
    git(d, &["checkout", "-q", "main"]);

    // a.json modified locally; new.json untracked in the way; c.json modified but equal on
    // both branches (carried over).
    write(d, "a.json", "{\"a\": \"local edit\"}\n");
    write(d, "new.json", "{\"new\": \"untracked\"}\n");
    write(d, "c.json", "{\"c\": \"local\"}\n");
    let before = porcelain(d);

    let repo = open(d);
    let err = repo.switch_branch("other").unwrap_err();
    match &err {
        VcsError::CheckoutConflict { paths, .. } => {
            assert_eq!(paths, &vec!["a.json".to_owned(), "new.json".to_owned()])
        }
        other => panic!("{other:?}"),
    }
    let msg = err.to_string();
    assert!(msg.contains("a.json") && msg.contains("other"), "{msg}");
    // Nothing changed.
    assert_eq!(git(d, &["branch", "--show-current"]).trim(), "main");
    assert_eq!(read(d, "a.json"), b"{\"a\": \"local edit\"}\n");
    assert_eq!(read(d, "new.json"), b"{\"new\": \"untracked\"}\n");
    assert_eq!(porcelain(d), before);

    // Without the conflicting changes the switch works and carries c.json's edit along.
    git(d, &["checkout", "--", "a.json"]);
    std::fs::remove_file(d.join("new.json")).unwrap();
    repo.switch_branch("other").unwrap();
    assert_eq!(git(d, &["branch", "--show-current"]).trim(), "other");
    assert_eq!(read(d, "c.json"), b"{\"c\": \"local\"}\n");
    assert_eq!(read(d, "a.json"), b"{\"a\": \"other\"}\n");
    assert_eq!(porcelain(d), vec![" M c.json"]);
}

#[test]
fn staged_changes_block_a_switch_that_would_overwrite_them() {
    let dir = repo_with_files();
    let d = dir.path();
    git(d, &["checkout", "-q", "-b", "other"]);
    write(d, "b.json", "{\"b\": \"other\"}\n");
    commit_all(d, "Other b");
    git(d, &["checkout", "-q", "main"]);
    write(d, "b.json", "{\"b\": \"staged\"}\n");
    git(d, &["add", "b.json"]);
    let repo = open(d);
    let err = repo.switch_branch("other").unwrap_err();
    assert!(
        matches!(&err, VcsError::CheckoutConflict { paths, .. } if paths == &vec!["b.json".to_owned()]),
        "{err:?}"
    );
    assert_eq!(porcelain(d), vec!["M  b.json"]);
}

#[test]
fn branch_errors() {
    let dir = repo_with_files();
    let d = dir.path();
    let repo = open(d);
    assert!(matches!(
        repo.create_branch("main").unwrap_err(),
        VcsError::BranchExists { .. }
    ));
    for bad in ["", "a..b", "with space", "-dash", "x.lock", "a~1", "HEAD^"] {
        assert!(
            matches!(
                repo.create_branch(bad).unwrap_err(),
                VcsError::InvalidBranchName { .. }
            ),
            "{bad:?}"
        );
    }
    let err = repo.switch_branch("ghost").unwrap_err();
    assert!(matches!(err, VcsError::BranchNotFound { .. }), "{err:?}");
    assert!(err.to_string().contains("ghost"));
    // A locked index blocks a switch before anything is touched.
    repo.create_branch("two").unwrap();
    let lock = write(d, ".git/index.lock", "");
    assert!(matches!(
        repo.switch_branch("two").unwrap_err(),
        VcsError::IndexLocked { .. }
    ));
    std::fs::remove_file(lock).unwrap();
    // No commits yet: nothing to branch from.
    let empty = empty_repo();
    let repo = open(empty.path());
    assert!(matches!(
        repo.create_branch("x").unwrap_err(),
        VcsError::NoCommits { .. }
    ));
}

#[test]
fn switch_is_refused_during_a_merge() {
    let dir = repo_with_files();
    let d = dir.path();
    git(d, &["checkout", "-q", "-b", "other"]);
    write(d, "a.json", "{\"a\": \"x\"}\n");
    commit_all(d, "x");
    git(d, &["checkout", "-q", "main"]);
    write(d, "a.json", "{\"a\": \"y\"}\n");
    commit_all(d, "y");
    assert!(!git_try(d, &["merge", "other"]).status.success());
    let repo = open(d);
    let err = repo.switch_branch("other").unwrap_err();
    assert!(
        matches!(err, VcsError::OperationInProgress { .. }),
        "{err:?}"
    );
}

#[test]
fn tags_lightweight_and_annotated() {
    let dir = repo_with_files();
    let d = dir.path();
    git(d, &["tag", "cli-light"]);
    git(d, &["tag", "-a", "-m", "CLI annotated", "cli-annotated"]);
    let first = head(d);
    write(d, "a.json", "{\"a\": 2}\n");
    let repo = open(d);
    let second = repo
        .commit_file("a.json", "Two")
        .unwrap()
        .commit()
        .unwrap()
        .id
        .clone();

    let light = repo.create_tag("v1.0", None).unwrap();
    assert!(!light.annotated);
    let ann = repo
        .create_tag("v1.1", Some("Release 1.1\n\nNotes"))
        .unwrap();
    assert!(ann.annotated);

    assert_eq!(git(d, &["cat-file", "-t", "v1.0"]).trim(), "commit");
    assert_eq!(git(d, &["cat-file", "-t", "v1.1"]).trim(), "tag");
    assert_eq!(git(d, &["rev-parse", "v1.1^{commit}"]).trim(), second);
    assert_eq!(
        git(
            d,
            &[
                "tag",
                "-l",
                "--format=%(contents:subject)|%(taggername)|%(taggeremail)",
                "v1.1"
            ]
        )
        .trim(),
        format!("Release 1.1|{NAME}|<{EMAIL}>")
    );

    let tags = repo.tags().unwrap();
    let summary: Vec<(&str, bool, Option<&str>, &str)> = tags
        .iter()
        .map(|t| {
            (
                t.name.as_str(),
                t.annotated,
                t.message.as_deref().map(str::trim_end),
                t.commit.as_ref().unwrap().id.as_str(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        vec![
            ("cli-annotated", true, Some("CLI annotated"), first.as_str()),
            ("cli-light", false, None, first.as_str()),
            ("v1.0", false, None, second.as_str()),
            ("v1.1", true, Some("Release 1.1\n\nNotes"), second.as_str()),
        ]
    );

    // Tags are never moved or duplicated; bad names are refused.
    assert!(matches!(
        repo.create_tag("v1.0", None).unwrap_err(),
        VcsError::TagExists { .. }
    ));
    assert!(matches!(
        repo.create_tag("cli-annotated", Some("again")).unwrap_err(),
        VcsError::TagExists { .. }
    ));
    for bad in ["", "bad name", "a..b", "x^"] {
        assert!(
            matches!(
                repo.create_tag(bad, None).unwrap_err(),
                VcsError::InvalidTagName { .. }
            ),
            "{bad:?}"
        );
    }
    assert!(matches!(
        repo.create_tag("empty-msg", Some("  ")).unwrap_err(),
        VcsError::EmptyMessage
    ));
    assert_eq!(git(d, &["rev-parse", "v1.0"]).trim(), second);
    assert_fsck_clean(d);
}
