//! Restoring an old version as a new commit.

mod common;

use common::*;
use trellis_vcs::{CommitOutcome, FileChange, VcsError};

/// a.json in three versions: 1 (initial), 2, 3.
fn three_versions() -> (tempfile::TempDir, String) {
    let dir = repo_with_files();
    let d = dir.path();
    let first = head(d);
    write(d, "a.json", "{\"a\": 2}\n");
    commit_all(d, "a to 2");
    write(d, "a.json", "{\"a\": 3}\n");
    commit_all(d, "a to 3");
    (dir, first)
}

#[test]
fn restore_makes_a_new_commit_with_the_old_content() {
    let (dir, first) = three_versions();
    let d = dir.path();
    // Unrelated work in progress is left alone.
    write(d, "b.json", "{\"b\": \"wip\"}\n");
    write(d, "c.json", "{\"c\": \"staged\"}\n");
    git(d, &["add", "c.json"]);
    let old_head = head(d);
    let repo = open(d);
    let short = repo.commit_info(&first).unwrap().short_id;

    let out = repo.restore_file("a.json", &first, false).unwrap();
    let info = out.commit().expect("a new commit").clone();
    assert_eq!(
        info.summary,
        format!("Restore a.json to {short}: Initial files")
    );
    assert_eq!(
        git(d, &["log", "-1", "--format=%s|%an"]).trim(),
        format!("Restore a.json to {short}: Initial files|{NAME}")
    );
    // History was not rewritten: the old head is the new commit's parent.
    assert_eq!(git(d, &["rev-parse", "HEAD~1"]).trim(), old_head);
    assert_eq!(commit_count(d), 4);
    // Disk and commit hold the old bytes.
    assert_eq!(read(d, "a.json"), b"{\"a\": 1}\n");
    assert_eq!(git_bytes(d, &["show", "HEAD:a.json"]), b"{\"a\": 1}\n");
    assert_eq!(
        porcelain(d),
        vec![" M b.json", "M  c.json"],
        "other files as they were, a.json clean"
    );
    let h = repo.history("a.json", 10).unwrap();
    assert_eq!(h.len(), 4);
    assert_eq!(h[0].change, FileChange::Modified);
    // No temporary files are left behind.
    let leftovers: Vec<_> = std::fs::read_dir(d)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains("trellis-tmp"))
        .collect();
    assert!(leftovers.is_empty());
    assert_fsck_clean(d);
}

#[test]
fn restore_by_relative_revision_and_to_current_content() {
    let (dir, _) = three_versions();
    let d = dir.path();
    let repo = open(d);
    repo.restore_file("a.json", "HEAD~1", false).unwrap();
    assert_eq!(read(d, "a.json"), b"{\"a\": 2}\n");
    // Restoring to what is already committed changes nothing.
    let before = head(d);
    assert_eq!(
        repo.restore_file("a.json", "HEAD", false).unwrap(),
        CommitOutcome::Unchanged
    );
    assert_eq!(head(d), before);
}

#[test]
fn restore_refuses_to_overwrite_uncommitted_changes_unless_told() {
    let (dir, first) = three_versions();
    let d = dir.path();
    write(d, "a.json", "{\"a\": \"unsaved work\"}\n");
    let before = head(d);
    let repo = open(d);
    let err = repo.restore_file("a.json", &first, false).unwrap_err();
    assert!(
        matches!(err, VcsError::UncommittedChanges { .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains("a.json"), "{err}");
    assert_eq!(read(d, "a.json"), b"{\"a\": \"unsaved work\"}\n");
    assert_eq!(head(d), before);

    repo.restore_file("a.json", &first, true).unwrap();
    assert_eq!(read(d, "a.json"), b"{\"a\": 1}\n");
    assert_eq!(git_bytes(d, &["show", "HEAD:a.json"]), b"{\"a\": 1}\n");
}

#[test]
fn restore_a_deleted_file() {
    let dir = repo_with_files();
    let d = dir.path();
    let first = head(d);
    git(d, &["rm", "-q", "c.json"]);
    commit_all(d, "Remove c");
    let repo = open(d);
    repo.restore_file("c.json", &first, false).unwrap();
    assert_eq!(read(d, "c.json"), b"{\"c\": 1}\n");
    assert_eq!(git_bytes(d, &["show", "HEAD:c.json"]), b"{\"c\": 1}\n");
    assert!(porcelain(d).is_empty());
}

#[test]
fn restore_errors_leave_the_file_alone() {
    let (dir, first) = three_versions();
    let d = dir.path();
    let repo = open(d);
    // File not in that revision.
    write(d, "new.json", "{}\n");
    commit_all(d, "new");
    let err = repo.restore_file("new.json", &first, false).unwrap_err();
    assert!(matches!(err, VcsError::NotInRevision { .. }), "{err:?}");
    assert_eq!(read(d, "new.json"), b"{}\n");
    // Unknown revision.
    assert!(matches!(
        repo.restore_file("a.json", "no-such-rev", false)
            .unwrap_err(),
        VcsError::UnknownRevision { .. }
    ));
    // Locked index: nothing written, nothing committed.
    let before = head(d);
    let lock = write(d, ".git/index.lock", "");
    let err = repo.restore_file("a.json", &first, false).unwrap_err();
    assert!(matches!(err, VcsError::IndexLocked { .. }), "{err:?}");
    assert!(err.to_string().contains("index.lock"));
    assert_eq!(read(d, "a.json"), b"{\"a\": 3}\n");
    assert_eq!(head(d), before);
    std::fs::remove_file(lock).unwrap();
    // Branch locked: the commit fails after the file was written; the file is put back.
    let ref_lock = write(d, ".git/refs/heads/main.lock", "");
    let err = repo.restore_file("a.json", &first, false).unwrap_err();
    assert!(matches!(err, VcsError::RefLocked { .. }), "{err:?}");
    assert_eq!(read(d, "a.json"), b"{\"a\": 3}\n");
    assert_eq!(head(d), before);
    assert!(porcelain(d).is_empty(), "{:?}", porcelain(d));
    std::fs::remove_file(ref_lock).unwrap();
}

#[cfg(unix)]
#[test]
fn restore_keeps_file_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let (dir, first) = three_versions();
    let d = dir.path();
    let p = d.join("a.json");
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o664)).unwrap();
    git(d, &["update-index", "--refresh"]);
    let repo = open(d);
    repo.restore_file("a.json", &first, false).unwrap();
    let mode = std::fs::metadata(&p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o664, "not the 0600 of a fresh temp file");
    assert!(git(d, &["ls-tree", "HEAD", "a.json"]).starts_with("100644 "));
}

#[test]
fn write_atomic_replaces_content_and_creates_folders() {
    let dir = tempfile::TempDir::new().unwrap();
    let p = dir.path().join("x/y/z.json");
    trellis_vcs::write_atomic(&p, b"one").unwrap();
    assert_eq!(std::fs::read(&p).unwrap(), b"one");
    trellis_vcs::write_atomic(&p, b"two").unwrap();
    assert_eq!(std::fs::read(&p).unwrap(), b"two");
    assert_eq!(std::fs::read_dir(p.parent().unwrap()).unwrap().count(), 1);
}
