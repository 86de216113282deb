//! Helpers shared by the integration tests: real repositories made with the `git` command
//! line, in temporary folders, with the machine's Git configuration kept out.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use tempfile::TempDir;
use trellis_vcs::{OpenOptions, Repo};

pub const NAME: &str = "Alice Example";
pub const EMAIL: &str = "alice@example.com";

/// A `git` command run in `dir` that ignores the global and system configuration and any
/// Git variables of the environment the tests run in.
pub fn git_cmd(dir: &Path) -> Command {
    let mut c = Command::new("git");
    c.current_dir(dir);
    for var in [
        "GIT_DIR",
        "GIT_WORK_TREE",
        "GIT_INDEX_FILE",
        "GIT_OBJECT_DIRECTORY",
        "GIT_ALTERNATE_OBJECT_DIRECTORIES",
        "GIT_CEILING_DIRECTORIES",
        "GIT_AUTHOR_NAME",
        "GIT_AUTHOR_EMAIL",
        "GIT_AUTHOR_DATE",
        "GIT_COMMITTER_NAME",
        "GIT_COMMITTER_EMAIL",
        "GIT_COMMITTER_DATE",
    ] {
        c.env_remove(var);
    }
    c.env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_TERMINAL_PROMPT", "0")
        .env("LC_ALL", "C")
        .env("GIT_EDITOR", "true")
        .env("GIT_MERGE_AUTOEDIT", "no");
    c
}

/// Runs `git args` in `dir`; panics with its output when it fails.
pub fn git_out(dir: &Path, args: &[&str]) -> Output {
    let out = git_cmd(dir).args(args).output().expect("run git");
    assert!(
        out.status.success(),
        "git {args:?} failed in {}:\n{}\n{}",
        dir.display(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// Runs `git args` in `dir`, returning stdout as text (panics when git fails).
pub fn git(dir: &Path, args: &[&str]) -> String {
    String::from_utf8(git_out(dir, args).stdout).expect("utf-8 output")
}

/// Runs `git args` in `dir`, returning stdout bytes (panics when git fails).
pub fn git_bytes(dir: &Path, args: &[&str]) -> Vec<u8> {
    git_out(dir, args).stdout
}

/// Runs `git args` in `dir` and returns whatever happened.
pub fn git_try(dir: &Path, args: &[&str]) -> Output {
    git_cmd(dir).args(args).output().expect("run git")
}

/// Configures identity and signing off in an existing repository.
pub fn configure(dir: &Path) {
    git(dir, &["config", "user.name", NAME]);
    git(dir, &["config", "user.email", EMAIL]);
    git(dir, &["config", "commit.gpgsign", "false"]);
    git(dir, &["config", "tag.gpgsign", "false"]);
}

/// An empty repository made by `git init -b main`, identity configured.
pub fn empty_repo() -> TempDir {
    let dir = TempDir::new().unwrap();
    git(dir.path(), &["init", "-q", "-b", "main"]);
    configure(dir.path());
    dir
}

/// A repository with `a.json`, `b.json`, `c.json` in one commit made by git.
pub fn repo_with_files() -> TempDir {
    let dir = empty_repo();
    write(dir.path(), "a.json", "{\"a\": 1}\n");
    write(dir.path(), "b.json", "{\"b\": 1}\n");
    write(dir.path(), "c.json", "{\"c\": 1}\n");
    git(dir.path(), &["add", "."]);
    git(dir.path(), &["commit", "-q", "-m", "Initial files"]);
    dir
}

/// Writes a file (creating folders).
pub fn write(dir: &Path, rel: &str, content: impl AsRef<[u8]>) -> PathBuf {
    let p = dir.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(&p, content).unwrap();
    p
}

/// Reads a file.
pub fn read(dir: &Path, rel: &str) -> Vec<u8> {
    std::fs::read(dir.join(rel)).unwrap()
}

/// Stages everything and commits with git.
pub fn commit_all(dir: &Path, message: &str) -> String {
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-q", "-m", message]);
    head(dir)
}

/// `git rev-parse HEAD`.
pub fn head(dir: &Path) -> String {
    git(dir, &["rev-parse", "HEAD"]).trim().to_owned()
}

/// `git rev-list --count HEAD`.
pub fn commit_count(dir: &Path) -> usize {
    git(dir, &["rev-list", "--count", "HEAD"])
        .trim()
        .parse()
        .unwrap()
}

/// `git status --porcelain` lines, sorted.
pub fn porcelain(dir: &Path) -> Vec<String> {
    let mut lines: Vec<String> = git(dir, &["status", "--porcelain", "--untracked-files=all"])
        .lines()
        .map(str::to_owned)
        .collect();
    lines.sort();
    lines
}

/// Asserts `git fsck --strict` is clean.
pub fn assert_fsck_clean(dir: &Path) {
    let out = git_try(dir, &["fsck", "--strict", "--no-progress"]);
    assert!(
        out.status.success() && out.stderr.iter().all(|b| b.is_ascii_whitespace()),
        "git fsck --strict:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    // Dangling objects are fine; anything else (errors, warnings) is not.
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        assert!(line.starts_with("dangling "), "git fsck --strict: {line}");
    }
}

/// Opens a repository reading only its own `.git/config` (the machine's global Git
/// configuration is kept out).
pub fn open(dir: &Path) -> Repo {
    Repo::open_with(
        dir,
        &OpenOptions {
            repository_config_only: true,
            ..OpenOptions::default()
        },
    )
    .expect("open repository")
}
