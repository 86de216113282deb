//! Opening and creating a workspace's repository, and path checks.

mod common;

use std::path::Path;

use common::*;
use tempfile::TempDir;
use trellis_vcs::{Repo, VcsError};

#[test]
fn init_creates_a_repository_on_branch_main() {
    let dir = TempDir::new().unwrap();
    let repo = Repo::open_or_init(dir.path()).unwrap();
    assert!(repo.initialized());
    assert!(dir.path().join(".git").is_dir());
    assert_eq!(repo.current_branch().unwrap().as_deref(), Some("main"));
    assert_eq!(
        git(dir.path(), &["symbolic-ref", "HEAD"]).trim(),
        "refs/heads/main"
    );
    assert_eq!(repo.head().unwrap(), None);
    assert_eq!(repo.branches().unwrap(), vec![]);
    assert_eq!(repo.workspace_prefix(), "");
    // Opening it again finds it rather than creating another one.
    let again = Repo::open_or_init(dir.path()).unwrap();
    assert!(!again.initialized());
}

#[test]
fn existing_cli_repository_is_opened_as_is() {
    let dir = repo_with_files();
    git(dir.path(), &["checkout", "-q", "-b", "feature"]);
    let before = head(dir.path());
    let repo = Repo::open_or_init(dir.path()).unwrap();
    assert!(!repo.initialized());
    assert_eq!(repo.current_branch().unwrap().as_deref(), Some("feature"));
    assert_eq!(repo.head().unwrap().unwrap().id, before);
    assert_eq!(
        repo.file_at("a.json", "HEAD").unwrap().unwrap(),
        b"{\"a\": 1}\n"
    );
}

#[test]
fn open_without_init_refuses_a_plain_folder() {
    let dir = TempDir::new().unwrap();
    let err = Repo::open(dir.path()).unwrap_err();
    assert!(matches!(err, VcsError::NotARepository { .. }), "{err:?}");
    assert!(err.to_string().contains("no Git repository"), "{err}");
    assert!(!dir.path().join(".git").exists());
}

#[test]
fn workspace_in_a_subfolder_uses_the_parent_repository() {
    let dir = repo_with_files();
    let ws = dir.path().join("configs/prod");
    write(&ws, "app.json", "{\"port\": 80}\n");
    let repo = Repo::open_or_init(&ws).unwrap();
    assert!(!repo.initialized());
    assert!(!ws.join(".git").exists(), "no nested repository is created");
    assert_eq!(repo.workspace_prefix(), "configs/prod");
    assert_eq!(repo.repo_root(), std::fs::canonicalize(dir.path()).unwrap());

    let out = repo.commit_file("app.json", "Add app config").unwrap();
    let commit = out.commit().unwrap().clone();
    // Git stores the path relative to the repository root...
    assert_eq!(
        git(dir.path(), &["show", "--name-only", "--format=", "HEAD"]).trim(),
        "configs/prod/app.json"
    );
    assert_eq!(
        git_bytes(dir.path(), &["show", "HEAD:configs/prod/app.json"]),
        b"{\"port\": 80}\n"
    );
    // ...while the API speaks workspace-relative paths.
    assert_eq!(
        repo.file_at("app.json", &commit.short_id).unwrap().unwrap(),
        b"{\"port\": 80}\n"
    );
    assert_eq!(repo.history("app.json", 10).unwrap().len(), 1);
    // Absolute paths inside the workspace work too.
    assert_eq!(
        repo.file_at(ws.join("app.json"), "HEAD").unwrap().unwrap(),
        b"{\"port\": 80}\n"
    );
    // A file of the repository outside the workspace is refused.
    let err = repo.file_at("../../a.json", "HEAD").unwrap_err();
    assert!(
        matches!(err, VcsError::PathOutsideWorkspace { .. }),
        "{err:?}"
    );
    assert_fsck_clean(dir.path());
}

#[test]
fn bare_repository_is_refused_clearly() {
    let dir = TempDir::new().unwrap();
    git(dir.path(), &["init", "-q", "--bare", "store.git"]);
    let bare = dir.path().join("store.git");
    let err = Repo::open_or_init(&bare).unwrap_err();
    assert!(matches!(err, VcsError::BareRepository { .. }), "{err:?}");
    assert!(err.to_string().contains("bare"), "{err}");
    // A folder inside the bare repository is refused as well (no repository is created).
    let err = Repo::open_or_init(bare.join("refs")).unwrap_err();
    assert!(
        matches!(
            err,
            VcsError::BareRepository { .. } | VcsError::WorkspaceInsideGitDir { .. }
        ),
        "{err:?}"
    );
}

#[test]
fn workspace_inside_dot_git_is_refused() {
    let dir = repo_with_files();
    let err = Repo::open_or_init(dir.path().join(".git/refs")).unwrap_err();
    assert!(
        matches!(
            err,
            VcsError::WorkspaceInsideGitDir { .. } | VcsError::BareRepository { .. }
        ),
        "{err:?}"
    );
}

#[test]
fn missing_workspace_folder_is_an_error() {
    let dir = TempDir::new().unwrap();
    let missing = dir.path().join("nope");
    let err = Repo::open_or_init(&missing).unwrap_err();
    assert!(matches!(err, VcsError::WorkspaceNotFound { .. }), "{err:?}");
    assert!(err.to_string().contains("nope"), "{err}");
    assert!(!missing.exists());
    // A file is not a workspace folder either.
    let file = write(dir.path(), "file.txt", "x");
    assert!(matches!(
        Repo::open_or_init(&file).unwrap_err(),
        VcsError::WorkspaceNotFound { .. }
    ));
}

#[test]
fn bad_paths_are_errors_not_panics() {
    let dir = repo_with_files();
    let repo = open(dir.path());
    let outside = TempDir::new().unwrap();
    write(outside.path(), "x.json", "{}");
    for p in [
        Path::new("../x.json"),
        Path::new("a/../../x.json"),
        outside.path().join("x.json").as_path(),
        Path::new("/"),
    ] {
        let err = repo.commit_file(p, "msg").unwrap_err();
        assert!(
            matches!(err, VcsError::PathOutsideWorkspace { .. }),
            "{p:?}: {err:?}"
        );
        assert!(err.to_string().contains("outside the workspace"), "{err}");
    }
    for p in ["", ".", ".git/config", "sub/.git/x", ".GIT/HEAD"] {
        let err = repo.commit_file(p, "msg").unwrap_err();
        assert!(
            matches!(err, VcsError::InvalidPath { .. }),
            "{p:?}: {err:?}"
        );
        assert!(repo.history(p, 5).is_err());
        assert!(repo.file_at(p, "HEAD").is_err());
        assert!(repo.status(p).is_err());
    }
    // `./a.json` and `sub/../a.json` name the same file as `a.json`.
    assert_eq!(
        repo.file_at("./sub/../a.json", "HEAD").unwrap().unwrap(),
        b"{\"a\": 1}\n"
    );
    assert_eq!(commit_count(dir.path()), 1);
}

#[test]
fn repo_can_move_between_threads() {
    fn assert_send<T: Send>() {}
    assert_send::<Repo>();
    assert_send::<VcsError>();
}

#[test]
fn hostile_input_gives_errors_not_panics() {
    let dir = repo_with_files();
    let d = dir.path();
    let repo = open(d);
    let nul = "a\0b";
    assert!(repo.commit_file(nul, "x").is_err());
    assert!(repo.file_at(nul, "HEAD").is_err());
    assert!(repo.file_at("a.json", nul).is_err());
    assert!(repo.history(nul, 3).is_err());
    assert!(repo.status(nul).is_err());
    assert!(repo.restore_file("a.json", nul, false).is_err());
    assert!(repo.create_branch(nul).is_err());
    assert!(repo.switch_branch(nul).is_err());
    assert!(repo.create_tag(nul, None).is_err());
    assert!(repo.create_tag("ok-name", Some(nul)).is_err());
    assert!(repo.add_remote(nul, "/x").is_err());
    assert!(repo.fetch(nul).is_err());
    assert!(repo.pull_ff(nul, "main").is_err());
    assert!(repo.pull_ff("origin", nul).is_err());
    assert!(repo.push(nul, "main").is_err());
    assert!(repo.push("origin", nul).is_err());
    assert!(repo.commit_info(nul).is_err());
    write(d, "a.json", "{\"a\": 2}\n");
    assert!(matches!(
        repo.commit_file("a.json", "bad\0message").unwrap_err(),
        VcsError::InvalidMessage { .. }
    ));
    let long = "x".repeat(5000);
    assert!(repo.file_at("a.json", &long).is_err());
    assert!(repo.file_at(&long, "HEAD").unwrap().is_none());
    assert_eq!(commit_count(d), 1);
}
