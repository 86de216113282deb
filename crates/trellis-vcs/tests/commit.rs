//! Committing one file: only that file, exactly its bytes, other work left alone.

mod common;

use common::*;
use tempfile::TempDir;
use trellis_vcs::{
    CommitOutcome, Identity, IdentitySource, OpenOptions, Repo, VcsError, FALLBACK_EMAIL,
    FALLBACK_NAME,
};

#[test]
fn commits_only_that_file_and_leaves_other_work_alone() {
    let dir = repo_with_files();
    let d = dir.path();
    let base = head(d);
    // a: the file to commit. b: staged change. c: unstaged change. d: untracked.
    write(d, "a.json", "{\"a\": 2}\n");
    write(d, "b.json", "{\"b\": 2}\n");
    git(d, &["add", "b.json"]);
    write(d, "b.json", "{\"b\": 3}\n"); // and modified again after staging
    write(d, "c.json", "{\"c\": 2}\n");
    write(d, "d.json", "{\"d\": 1}\n");
    let staged_diff_before = git(d, &["diff", "--cached", "--", "b.json"]);
    let porcelain_before = porcelain(d);
    assert_eq!(
        porcelain_before,
        vec![" M a.json", " M c.json", "?? d.json", "MM b.json"]
    );

    let repo = open(d);
    let out = repo.commit_file("a.json", "Set a to 2").unwrap();
    let info = out.commit().expect("a commit").clone();

    // The commit: one parent, only a.json changed, exactly the bytes on disk.
    assert_eq!(head(d), info.id);
    assert_eq!(git(d, &["rev-parse", "HEAD~1"]).trim(), base);
    assert_eq!(
        git(d, &["show", "--name-only", "--format=", "HEAD"]).trim(),
        "a.json"
    );
    assert_eq!(git_bytes(d, &["show", "HEAD:a.json"]), b"{\"a\": 2}\n");
    assert_eq!(git_bytes(d, &["show", "HEAD:b.json"]), b"{\"b\": 1}\n");
    assert_eq!(git_bytes(d, &["show", "HEAD:c.json"]), b"{\"c\": 1}\n");
    assert!(git_try(d, &["cat-file", "-e", "HEAD:d.json"]).status.code() != Some(0));
    // Author, committer and message as git sees them.
    assert_eq!(
        git(d, &["log", "-1", "--format=%an|%ae|%cn|%ce|%s"]).trim(),
        format!("{NAME}|{EMAIL}|{NAME}|{EMAIL}|Set a to 2")
    );
    assert_eq!(info.author_name, NAME);
    assert_eq!(info.author_email, EMAIL);
    assert_eq!(info.summary, "Set a to 2");
    assert!(info.id.starts_with(&info.short_id) && info.short_id.len() >= 7);
    assert_eq!(
        git(d, &["log", "-1", "--format=%at"]).trim(),
        info.time.to_string()
    );

    // The other files' index entries and working files are untouched.
    assert_eq!(
        porcelain(d),
        vec![" M c.json", "?? d.json", "MM b.json"],
        "a.json is clean, everything else as before"
    );
    assert_eq!(
        git(d, &["diff", "--cached", "--", "b.json"]),
        staged_diff_before
    );
    assert_eq!(read(d, "b.json"), b"{\"b\": 3}\n");
    assert_eq!(read(d, "c.json"), b"{\"c\": 2}\n");
    assert_eq!(read(d, "d.json"), b"{\"d\": 1}\n");
    // The index entry for a.json has valid stat data: git sees no change without re-hashing.
    assert!(git_try(d, &["diff-files", "--quiet", "--", "a.json"])
        .status
        .success());
    assert_fsck_clean(d);
}

#[test]
fn commits_exact_bytes_including_crlf_and_binary() {
    let dir = repo_with_files();
    let d = dir.path();
    git(d, &["config", "core.autocrlf", "true"]);
    let bytes: &[u8] = b"line one\r\nline two\r\n\xff\xfe\x00binary\x00no newline at end";
    write(d, "data/blob.bin", bytes);
    let repo = open(d);
    repo.commit_file("data/blob.bin", "Add blob").unwrap();
    assert_eq!(
        git_bytes(d, &["cat-file", "blob", "HEAD:data/blob.bin"]),
        bytes
    );
    assert_eq!(
        repo.file_at("data/blob.bin", "HEAD").unwrap().unwrap(),
        bytes
    );
    assert_fsck_clean(d);
}

#[test]
fn new_file_in_nested_folders_is_added_and_tree_is_valid() {
    let dir = repo_with_files();
    let d = dir.path();
    write(d, "env/prod/db/settings.yaml", "host: db\n");
    let repo = open(d);
    repo.commit_file("env/prod/db/settings.yaml", "Add db settings")
        .unwrap();
    assert_eq!(
        git(d, &["ls-tree", "-r", "--name-only", "HEAD"]),
        "a.json\nb.json\nc.json\nenv/prod/db/settings.yaml\n"
    );
    assert_eq!(
        git(d, &["ls-files", "--stage", "env/prod/db/settings.yaml"])
            .split_whitespace()
            .next(),
        Some("100644")
    );
    assert!(porcelain(d).is_empty());
    // A second file next to it keeps the first.
    write(d, "env/prod/db/extra.yaml", "x: 1\n");
    repo.commit_file("env/prod/db/extra.yaml", "Add extra")
        .unwrap();
    assert_eq!(
        git(d, &["ls-tree", "-r", "--name-only", "HEAD", "env"]),
        "env/prod/db/extra.yaml\nenv/prod/db/settings.yaml\n"
    );
    assert_fsck_clean(d);
}

#[test]
fn first_commit_in_a_new_repository() {
    let dir = TempDir::new().unwrap();
    let d = dir.path();
    write(d, "trellis.toml", "name = \"x\"\n");
    write(d, "other.json", "{}\n");
    let repo = Repo::open_or_init(d).unwrap();
    let mut repo = repo;
    repo.set_identity(Some(Identity::new("Bob Builder", "bob@example.org")));
    let out = repo.commit_file("trellis.toml", "Initial").unwrap();
    assert!(matches!(out, CommitOutcome::Committed(_)));
    assert_eq!(commit_count(d), 1);
    assert_eq!(
        git(d, &["rev-parse", "--abbrev-ref", "HEAD"]).trim(),
        "main"
    );
    assert_eq!(
        git(d, &["log", "--format=%an <%ae>|%s"]).trim(),
        "Bob Builder <bob@example.org>|Initial"
    );
    assert_eq!(
        git(d, &["ls-tree", "--name-only", "HEAD"]).trim(),
        "trellis.toml"
    );
    assert_eq!(porcelain(d), vec!["?? other.json"]);
    assert_eq!(
        git(d, &["reflog", "-1", "--format=%gs"]).trim(),
        "commit (initial): Initial"
    );
    assert_fsck_clean(d);
}

#[test]
fn unchanged_file_is_a_no_op() {
    let dir = repo_with_files();
    let d = dir.path();
    let repo = open(d);
    let before = head(d);
    assert_eq!(
        repo.commit_file("a.json", "Nothing").unwrap(),
        CommitOutcome::Unchanged
    );
    write(d, "a.json", "{\"a\": 5}\n");
    assert!(repo
        .commit_file("a.json", "Change")
        .unwrap()
        .commit()
        .is_some());
    let after = head(d);
    assert_ne!(before, after);
    assert_eq!(
        repo.commit_file("a.json", "Again").unwrap(),
        CommitOutcome::Unchanged
    );
    assert_eq!(head(d), after);
    assert_eq!(commit_count(d), 2);
}

#[test]
fn multi_line_message_is_kept() {
    let dir = repo_with_files();
    let d = dir.path();
    write(d, "a.json", "{\"a\": 9}\n");
    let repo = open(d);
    let msg = "Change port\n\n- /server/port: 80 -> 8080\n- /server/host added\n";
    let info = repo
        .commit_file("a.json", msg)
        .unwrap()
        .commit()
        .unwrap()
        .clone();
    assert_eq!(
        git(d, &["log", "-1", "--format=%B"]).trim_end(),
        msg.trim_end()
    );
    assert_eq!(info.summary, "Change port");
    assert_eq!(info.message, msg);
    // Whitespace-only messages are refused.
    write(d, "a.json", "{\"a\": 10}\n");
    assert!(matches!(
        repo.commit_file("a.json", "  \n\n ").unwrap_err(),
        VcsError::EmptyMessage
    ));
}

#[test]
fn author_comes_from_repository_config() {
    let dir = repo_with_files();
    let d = dir.path();
    git(d, &["config", "user.name", "Carol Config"]);
    git(d, &["config", "user.email", "carol@example.net"]);
    // Plain `open`: the repository's config wins over any global one.
    let repo = Repo::open(d).unwrap();
    assert_eq!(
        repo.identity(),
        (
            Identity::new("Carol Config", "carol@example.net"),
            IdentitySource::GitConfig
        )
    );
    write(d, "a.json", "{}\n");
    repo.commit_file("a.json", "By Carol").unwrap();
    assert_eq!(
        git(d, &["log", "-1", "--format=%an|%ae|%cn|%ce"]).trim(),
        "Carol Config|carol@example.net|Carol Config|carol@example.net"
    );
}

#[test]
fn author_falls_back_when_nothing_is_configured() {
    let dir = TempDir::new().unwrap();
    let d = dir.path();
    git(d, &["init", "-q", "-b", "main"]); // no user configured
    write(d, "a.json", "{}\n");
    let repo = Repo::open_with(
        d,
        &OpenOptions {
            repository_config_only: true,
            ..OpenOptions::default()
        },
    )
    .unwrap();
    assert_eq!(
        repo.identity(),
        (
            Identity::new(FALLBACK_NAME, FALLBACK_EMAIL),
            IdentitySource::Fallback
        )
    );
    repo.commit_file("a.json", "Fallback author").unwrap();
    assert_eq!(
        git(d, &["log", "-1", "--format=%an <%ae>"]).trim(),
        "Trellis <trellis@localhost>"
    );
    // Only the e-mail configured: the name falls back, the e-mail is used.
    git(d, &["config", "user.email", "only@example.com"]);
    let repo = Repo::open_with(
        d,
        &OpenOptions {
            repository_config_only: true,
            ..OpenOptions::default()
        },
    )
    .unwrap();
    assert_eq!(
        repo.identity().0,
        Identity::new(FALLBACK_NAME, "only@example.com")
    );
    assert_fsck_clean(d);
}

#[test]
fn explicit_identity_wins() {
    let dir = repo_with_files();
    let d = dir.path();
    let repo = Repo::open_with(
        d,
        &OpenOptions {
            identity: Some(Identity::new("Dana Desk", "dana@example.com")),
            ..OpenOptions::default()
        },
    )
    .unwrap();
    assert_eq!(repo.identity().1, IdentitySource::Explicit);
    write(d, "c.json", "[]\n");
    repo.commit_file("c.json", "By Dana").unwrap();
    assert_eq!(
        git(d, &["log", "-1", "--format=%an|%ae"]).trim(),
        "Dana Desk|dana@example.com"
    );
}

#[test]
fn locked_index_is_a_clear_error_and_loses_nothing() {
    let dir = repo_with_files();
    let d = dir.path();
    write(d, "a.json", "{\"a\": \"edited\"}\n");
    let lock = write(d, ".git/index.lock", "");
    let before = head(d);
    let index_before = std::fs::read(d.join(".git/index")).unwrap();

    let repo = open(d);
    let err = repo.commit_file("a.json", "Edit").unwrap_err();
    assert!(matches!(err, VcsError::IndexLocked { .. }), "{err:?}");
    let msg = err.to_string();
    assert!(msg.contains("index.lock"), "{msg}");
    assert!(
        msg.contains(&d.join(".git").display().to_string()) || msg.contains(".git"),
        "{msg}"
    );
    // Nothing changed: HEAD, index, working file.
    assert_eq!(head(d), before);
    assert_eq!(std::fs::read(d.join(".git/index")).unwrap(), index_before);
    assert_eq!(read(d, "a.json"), b"{\"a\": \"edited\"}\n");
    assert!(lock.exists(), "somebody else's lock is left alone");

    std::fs::remove_file(&lock).unwrap();
    repo.commit_file("a.json", "Edit").unwrap();
    assert_eq!(
        git_bytes(d, &["show", "HEAD:a.json"]),
        b"{\"a\": \"edited\"}\n"
    );
    assert_fsck_clean(d);
}

#[test]
fn locked_branch_ref_is_a_clear_error_and_index_is_rolled_back() {
    let dir = repo_with_files();
    let d = dir.path();
    write(d, "a.json", "{\"a\": 7}\n");
    write(d, ".git/refs/heads/main.lock", "");
    let before = head(d);
    let repo = open(d);
    let err = repo.commit_file("a.json", "Edit").unwrap_err();
    assert!(matches!(err, VcsError::RefLocked { .. }), "{err:?}");
    assert!(err.to_string().contains("refs/heads/main"), "{err}");
    assert_eq!(head(d), before);
    // The index entry was put back: a.json shows as modified, not staged.
    assert_eq!(porcelain(d), vec![" M a.json"]);
    assert_eq!(read(d, "a.json"), b"{\"a\": 7}\n");
}

/// Two branches that change the same line of a.json, merged with a conflict.
fn repo_in_conflicted_merge() -> TempDir {
    let dir = repo_with_files();
    let d = dir.path();
    git(d, &["checkout", "-q", "-b", "other"]);
    write(d, "a.json", "{\"a\": \"other\"}\n");
    commit_all(d, "Other side");
    git(d, &["checkout", "-q", "main"]);
    write(d, "a.json", "{\"a\": \"main\"}\n");
    commit_all(d, "Main side");
    let out = git_try(d, &["merge", "other"]);
    assert!(!out.status.success(), "the merge must conflict");
    dir
}

#[test]
fn merge_in_progress_is_reported_not_committed_over() {
    let dir = repo_in_conflicted_merge();
    let d = dir.path();
    let before = head(d);
    write(d, "b.json", "{\"b\": \"edited during merge\"}\n");
    let repo = open(d);
    let err = repo.commit_file("b.json", "Edit during merge").unwrap_err();
    assert!(
        matches!(&err, VcsError::OperationInProgress { operation, .. } if operation == "merge"),
        "{err:?}"
    );
    assert!(err.to_string().contains("git merge --abort"), "{err}");
    assert_eq!(head(d), before);
    assert!(d.join(".git/MERGE_HEAD").exists());
    assert_eq!(
        repo.status("a.json").unwrap(),
        trellis_vcs::FileStatus::Conflicted
    );
}

#[test]
fn unresolved_conflicts_without_merge_state_are_reported() {
    let dir = repo_in_conflicted_merge();
    let d = dir.path();
    // Drop the merge state but keep the conflicted index (as a failed stash pop would).
    std::fs::remove_file(d.join(".git/MERGE_HEAD")).unwrap();
    let _ = std::fs::remove_file(d.join(".git/MERGE_MSG"));
    let _ = std::fs::remove_file(d.join(".git/MERGE_MODE"));
    let repo = open(d);
    write(d, "b.json", "{}\n");
    let err = repo.commit_file("b.json", "x").unwrap_err();
    match &err {
        VcsError::UnresolvedConflicts { paths } => assert_eq!(paths, &vec!["a.json".to_owned()]),
        other => panic!("{other:?}"),
    }
    assert!(err.to_string().contains("a.json"), "{err}");
}

#[test]
fn rebase_in_progress_is_reported() {
    let dir = repo_with_files();
    let d = dir.path();
    git(d, &["checkout", "-q", "-b", "topic"]);
    write(d, "a.json", "{\"a\": \"topic\"}\n");
    commit_all(d, "Topic");
    git(d, &["checkout", "-q", "main"]);
    write(d, "a.json", "{\"a\": \"main\"}\n");
    commit_all(d, "Main");
    git(d, &["checkout", "-q", "topic"]);
    assert!(!git_try(d, &["rebase", "main"]).status.success());
    let repo = open(d);
    write(d, "c.json", "{}\n");
    let err = repo.commit_file("c.json", "x").unwrap_err();
    assert!(
        matches!(&err, VcsError::OperationInProgress { operation, .. } if operation == "rebase"),
        "{err:?}"
    );
    assert!(err.to_string().contains("git rebase --abort"), "{err}");
}

#[test]
fn missing_file_folder_and_detached_head_are_errors() {
    let dir = repo_with_files();
    let d = dir.path();
    let repo = open(d);
    let err = repo.commit_file("nope.json", "x").unwrap_err();
    assert!(matches!(err, VcsError::FileNotFound { .. }), "{err:?}");
    assert!(err.to_string().contains("nope.json"), "{err}");

    std::fs::create_dir(d.join("folder")).unwrap();
    let err = repo.commit_file("folder", "x").unwrap_err();
    assert!(matches!(err, VcsError::NotAFile { .. }), "{err:?}");

    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("a.json", d.join("link.json")).unwrap();
        let err = repo.commit_file("link.json", "x").unwrap_err();
        assert!(matches!(err, VcsError::NotAFile { .. }), "{err:?}");
    }

    git(d, &["checkout", "-q", "--detach", "HEAD"]);
    write(d, "a.json", "{\"a\": 3}\n");
    let err = repo.commit_file("a.json", "x").unwrap_err();
    assert!(matches!(err, VcsError::DetachedHead { .. }), "{err:?}");
    assert!(err.to_string().contains("detached"), "{err}");
    assert_eq!(commit_count(d), 1);
}

#[cfg(unix)]
#[test]
fn executable_bit_follows_the_file() {
    use std::os::unix::fs::PermissionsExt;
    let dir = repo_with_files();
    let d = dir.path();
    let p = write(d, "run.sh", "#!/bin/sh\necho hi\n");
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).unwrap();
    let repo = open(d);
    repo.commit_file("run.sh", "Add script").unwrap();
    assert!(git(d, &["ls-tree", "HEAD", "run.sh"]).starts_with("100755 "));
    assert!(porcelain(d).is_empty());
    // A mode change alone is a change.
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o644)).unwrap();
    assert!(repo
        .commit_file("run.sh", "Not executable")
        .unwrap()
        .commit()
        .is_some());
    assert!(git(d, &["ls-tree", "HEAD", "run.sh"]).starts_with("100644 "));
    assert!(porcelain(d).is_empty());
}

#[test]
fn git_cli_continues_normally_after_trellis_commits() {
    let dir = repo_with_files();
    let d = dir.path();
    let repo = open(d);
    write(d, "a.json", "{\"a\": 100}\n");
    repo.commit_file("a.json", "From Trellis").unwrap();
    write(d, "b.json", "{\"b\": 100}\n");
    commit_all(d, "From git");
    write(d, "a.json", "{\"a\": 101}\n");
    repo.commit_file("a.json", "From Trellis again").unwrap();
    assert_eq!(
        git(d, &["log", "--format=%s"]),
        "From Trellis again\nFrom git\nFrom Trellis\nInitial files\n"
    );
    assert_eq!(
        git(d, &["reflog", "--format=%gs", "-1", "main"]).trim(),
        "commit: From Trellis again"
    );
    assert!(porcelain(d).is_empty());
    assert_fsck_clean(d);
}
