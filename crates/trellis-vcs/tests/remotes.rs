//! Remotes: fetch, fast-forward-only pull and non-force push, against a local bare
//! repository (plain path and file:// URL) and against `git daemon` on loopback.

mod common;

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use common::*;
use tempfile::TempDir;
use trellis_vcs::{PullOutcome, Repo, VcsError};

/// A bare repository `<tmp>/repo.git` holding `repo_with_files()`'s history, a Trellis
/// working copy cloned from it by git, and a second git clone ("someone else").
struct Setup {
    _tmp: TempDir,
    base: PathBuf,
    bare: PathBuf,
    mine: PathBuf,
    theirs: PathBuf,
}

fn setup() -> Setup {
    let tmp = TempDir::new().unwrap();
    let base = tmp.path().to_path_buf();
    let seed = repo_with_files();
    let bare = base.join("repo.git");
    git(
        &base,
        &[
            "clone",
            "-q",
            "--bare",
            seed.path().to_str().unwrap(),
            bare.to_str().unwrap(),
        ],
    );
    let mine = base.join("mine");
    let theirs = base.join("theirs");
    git(
        &base,
        &[
            "clone",
            "-q",
            bare.to_str().unwrap(),
            mine.to_str().unwrap(),
        ],
    );
    git(
        &base,
        &[
            "clone",
            "-q",
            bare.to_str().unwrap(),
            theirs.to_str().unwrap(),
        ],
    );
    configure(&mine);
    configure(&theirs);
    git(&theirs, &["config", "user.name", "Theo Theirs"]);
    git(&theirs, &["config", "user.email", "theo@example.com"]);
    Setup {
        _tmp: tmp,
        base,
        bare,
        mine,
        theirs,
    }
}

fn bare_head(bare: &Path, branch: &str) -> String {
    git(bare, &["rev-parse", branch]).trim().to_owned()
}

/// The whole remote workflow against `url` (already the `origin` of `s.mine` or not).
fn exercise_remote(s: &Setup, url: &str, theirs_url: &str) {
    let mine = &s.mine;
    let theirs = &s.theirs;
    git(mine, &["remote", "set-url", "origin", url]);
    git(theirs, &["remote", "set-url", "origin", theirs_url]);
    let repo = open(mine);
    assert_eq!(repo.remotes().unwrap()[0].url.as_deref(), Some(url));

    // 1. Push a Trellis commit; the remote has it, with author and content.
    write(mine, "a.json", "{\"a\": \"mine 1\"}\n");
    let c1 = repo
        .commit_file("a.json", "Mine 1")
        .unwrap()
        .commit()
        .unwrap()
        .id
        .clone();
    let pushed = repo.push("origin", "main").unwrap();
    assert_eq!(pushed.commit, c1);
    assert_eq!(bare_head(&s.bare, "main"), c1);
    assert_eq!(
        git(&s.bare, &["log", "-1", "--format=%an|%s", "main"]).trim(),
        format!("{NAME}|Mine 1")
    );
    assert_eq!(
        git_bytes(&s.bare, &["show", "main:a.json"]),
        b"{\"a\": \"mine 1\"}\n"
    );
    // The remote-tracking branch followed.
    assert_eq!(git(mine, &["rev-parse", "origin/main"]).trim(), c1);

    // 2. Someone else pushes; fetch sees it, pull fast-forwards the working copy.
    git(theirs, &["pull", "-q", "--ff-only"]);
    write(theirs, "b.json", "{\"b\": \"theirs\"}\n");
    commit_all(theirs, "Theirs 1");
    write(theirs, "a.json", "{\"a\": \"theirs 2\"}\n");
    let t2 = commit_all(theirs, "Theirs 2");
    git(theirs, &["push", "-q", "origin", "main"]);

    let fetched = repo.fetch("origin").unwrap();
    assert!(fetched.received_objects > 0, "{fetched:?}");
    let upd = fetched
        .updated_refs
        .iter()
        .find(|u| u.name == "refs/remotes/origin/main")
        .expect("origin/main updated");
    assert_eq!(upd.old.as_deref(), Some(c1.as_str()));
    assert_eq!(upd.new, t2);
    assert_eq!(head(mine), c1, "fetch does not move the branch");

    // Unrelated local work survives the pull.
    write(mine, "c.json", "{\"c\": \"local wip\"}\n");
    match repo.pull_ff("origin", "main").unwrap() {
        PullOutcome::FastForwarded {
            branch,
            from,
            to,
            commits,
        } => {
            assert_eq!(branch, "main");
            assert_eq!(from.as_deref(), Some(c1.as_str()));
            assert_eq!(to, t2);
            assert_eq!(commits, 2);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(head(mine), t2);
    assert_eq!(read(mine, "a.json"), b"{\"a\": \"theirs 2\"}\n");
    assert_eq!(read(mine, "b.json"), b"{\"b\": \"theirs\"}\n");
    assert_eq!(porcelain(mine), vec![" M c.json"]);
    assert_eq!(
        repo.pull_ff("origin", "main").unwrap(),
        PullOutcome::UpToDate { ahead: 0 }
    );
    git(mine, &["checkout", "--", "c.json"]);

    // 3. Diverged: both sides commit. Pull refuses with counts; push is rejected; nothing
    //    moves on either side.
    write(theirs, "b.json", "{\"b\": \"theirs 3\"}\n");
    let t3 = commit_all(theirs, "Theirs 3");
    git(theirs, &["push", "-q", "origin", "main"]);
    write(mine, "a.json", "{\"a\": \"mine 2\"}\n");
    let m2 = repo
        .commit_file("a.json", "Mine 2")
        .unwrap()
        .commit()
        .unwrap()
        .id
        .clone();
    write(mine, "c.json", "{\"c\": \"mine 3\"}\n");
    let m3 = repo
        .commit_file("c.json", "Mine 3")
        .unwrap()
        .commit()
        .unwrap()
        .id
        .clone();
    assert_ne!(m2, m3);

    let err = repo.pull_ff("origin", "main").unwrap_err();
    match &err {
        VcsError::Diverged { ahead, behind, .. } => {
            assert_eq!((*ahead, *behind), (2, 1));
        }
        other => panic!("{other:?}"),
    }
    let msg = err.to_string();
    assert!(
        msg.contains("2 commit(s)") && msg.contains("1 commit(s)"),
        "{msg}"
    );
    assert!(msg.contains("origin/main"), "{msg}");
    assert_eq!(head(mine), m3);
    assert_eq!(read(mine, "a.json"), b"{\"a\": \"mine 2\"}\n");

    let err = repo.push("origin", "main").unwrap_err();
    eprintln!("non-fast-forward push: {err}");
    eprintln!("diverged pull: {msg}");
    assert!(matches!(err, VcsError::PushRejected { .. }), "{err:?}");
    assert!(err.to_string().contains("origin"), "{err}");
    assert_eq!(
        bare_head(&s.bare, "main"),
        t3,
        "the remote was not overwritten"
    );

    // 4. A new branch can be pushed.
    repo.create_branch("topic").unwrap();
    repo.push("origin", "topic").unwrap();
    assert_eq!(bare_head(&s.bare, "topic"), m3);
    assert_fsck_clean(mine);
    assert_fsck_clean(&s.bare);
}

#[test]
fn bare_repository_by_path() {
    let s = setup();
    let url = s.bare.to_str().unwrap().to_owned();
    exercise_remote(&s, &url, &url);
}

#[test]
fn bare_repository_by_file_url() {
    let s = setup();
    let url = format!("file://{}", s.bare.display());
    let plain = s.bare.to_str().unwrap().to_owned();
    exercise_remote(&s, &url, &plain);
}

#[test]
fn pull_refuses_to_overwrite_local_changes() {
    let s = setup();
    write(&s.theirs, "a.json", "{\"a\": \"theirs\"}\n");
    let t = commit_all(&s.theirs, "Theirs");
    git(&s.theirs, &["push", "-q", "origin", "main"]);
    write(&s.mine, "a.json", "{\"a\": \"unsaved\"}\n");
    let before = head(&s.mine);
    let repo = open(&s.mine);
    let err = repo.pull_ff("origin", "main").unwrap_err();
    match &err {
        VcsError::CheckoutConflict { paths, target } => {
            assert_eq!(paths, &vec!["a.json".to_owned()]);
            assert!(target.contains("origin/main"));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(head(&s.mine), before);
    assert_eq!(read(&s.mine, "a.json"), b"{\"a\": \"unsaved\"}\n");
    // The remote-tracking branch was updated (like git fetch), the local one was not.
    assert_eq!(git(&s.mine, &["rev-parse", "origin/main"]).trim(), t);
}

#[test]
fn pull_with_a_locked_index_changes_nothing() {
    let s = setup();
    write(&s.theirs, "a.json", "{\"a\": \"theirs\"}\n");
    commit_all(&s.theirs, "Theirs");
    git(&s.theirs, &["push", "-q", "origin", "main"]);
    let before = head(&s.mine);
    let lock = write(&s.mine, ".git/index.lock", "");
    let repo = open(&s.mine);
    let err = repo.pull_ff("origin", "main").unwrap_err();
    assert!(matches!(err, VcsError::IndexLocked { .. }), "{err:?}");
    assert!(err.to_string().contains("index.lock"), "{err}");
    assert_eq!(head(&s.mine), before);
    assert_eq!(read(&s.mine, "a.json"), b"{\"a\": 1}\n");
    std::fs::remove_file(lock).unwrap();
    assert!(matches!(
        repo.pull_ff("origin", "main").unwrap(),
        PullOutcome::FastForwarded { commits: 1, .. }
    ));
    assert_eq!(read(&s.mine, "a.json"), b"{\"a\": \"theirs\"}\n");
}

#[test]
fn pull_into_a_new_empty_workspace() {
    let s = setup();
    let ws = s.base.join("fresh");
    std::fs::create_dir(&ws).unwrap();
    let repo = Repo::open_or_init(&ws).unwrap();
    repo.add_remote("origin", s.bare.to_str().unwrap()).unwrap();
    let out = repo.pull_ff("origin", "main").unwrap();
    assert!(
        matches!(
            &out,
            PullOutcome::FastForwarded {
                from: None,
                commits: 1,
                ..
            }
        ),
        "{out:?}"
    );
    assert_eq!(read(&ws, "a.json"), b"{\"a\": 1}\n");
    assert_eq!(head(&ws), bare_head(&s.bare, "main"));
    assert!(porcelain(&ws).is_empty());
}

#[test]
fn remote_errors_are_clear() {
    let s = setup();
    let repo = open(&s.mine);
    let err = repo.fetch("nope").unwrap_err();
    assert!(matches!(err, VcsError::RemoteNotFound { .. }), "{err:?}");
    assert!(err.to_string().contains("nope"));
    let err = repo.pull_ff("origin", "no-such-branch").unwrap_err();
    assert!(
        matches!(err, VcsError::RemoteBranchNotFound { .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains("no-such-branch"), "{err}");
    let err = repo.push("origin", "no-local-branch").unwrap_err();
    assert!(matches!(err, VcsError::BranchNotFound { .. }), "{err:?}");
    assert!(matches!(
        repo.add_remote("origin", "/elsewhere").unwrap_err(),
        VcsError::RemoteExists { .. }
    ));

    // An unreachable remote.
    let missing = s.base.join("missing.git");
    repo.add_remote("gone", missing.to_str().unwrap()).unwrap();
    let err = repo.fetch("gone").unwrap_err();
    eprintln!("missing remote: {err}");
    assert!(matches!(err, VcsError::Network { .. }), "{err:?}");
    assert!(err.to_string().contains("missing.git"), "{err}");
    assert!(err.to_string().contains("no repository at"), "{err}");
    // A protocol this build does not speak (loopback only, nothing listens there).
    repo.add_remote("web", "https://127.0.0.1:9/repo.git")
        .unwrap();
    let err = repo.fetch("web").unwrap_err();
    assert!(matches!(err, VcsError::Network { .. }), "{err:?}");
    let msg = err.to_string();
    eprintln!("https remote: {msg}");
    assert!(msg.contains("127.0.0.1"), "{msg}");
    assert!(msg.contains("git command line"), "{msg}");
}

/// `git daemon` serving `base` on a free loopback port; killed on drop.
struct Daemon {
    child: Child,
    port: u16,
}

impl Drop for Daemon {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn git_daemon_available() -> bool {
    let out = match git_cmd(Path::new("/")).arg("--exec-path").output() {
        Ok(o) if o.status.success() => o,
        _ => return false,
    };
    let exec = String::from_utf8_lossy(&out.stdout).trim().to_owned();
    Path::new(&exec).join("git-daemon").exists()
}

fn start_daemon(base: &Path) -> Daemon {
    let log = base.join("daemon.log");
    for _ in 0..5 {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let mut child = git_cmd(base)
            .args([
                "daemon",
                "--reuseaddr",
                &format!("--base-path={}", base.display()),
                "--export-all",
                "--enable=receive-pack",
                "--listen=127.0.0.1",
                &format!("--port={port}"),
                base.to_str().unwrap(),
            ])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).unwrap())
            .spawn()
            .expect("start git daemon");
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            if TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return Daemon { child, port };
            }
            if let Ok(Some(_)) = child.try_wait() {
                break; // port taken in the meantime: try another
            }
            if Instant::now() > deadline {
                let _ = child.kill();
                let _ = child.wait();
                panic!(
                    "git daemon did not listen on port {port}: {}",
                    std::fs::read_to_string(&log).unwrap_or_default()
                );
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
    panic!(
        "git daemon would not start: {}",
        std::fs::read_to_string(&log).unwrap_or_default()
    );
}

#[test]
fn git_daemon_on_loopback() {
    if !git_daemon_available() {
        eprintln!("SKIPPED git_daemon_on_loopback: `git daemon` is not installed on this machine");
        return;
    }
    let s = setup();
    let daemon = start_daemon(&s.base);
    let url = format!("git://127.0.0.1:{}/repo.git", daemon.port);
    exercise_remote(&s, &url, &url);

    // A push the server refuses (pre-receive hook) is reported with the server's reason.
    let hook = s.bare.join("hooks/pre-receive");
    std::fs::write(&hook, "#!/bin/sh\necho 'protected by policy' >&2\nexit 1\n").unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&hook, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let repo = open(&s.mine);
    repo.create_branch("blocked").unwrap();
    let err = repo.push("origin", "blocked").unwrap_err();
    eprintln!("hook rejection: {err}");
    assert!(matches!(err, VcsError::PushRejected { .. }), "{err:?}");
    let msg = err.to_string();
    assert!(msg.contains("blocked"), "{msg}");
    assert!(msg.contains("pre-receive hook declined"), "{msg}");
    assert!(msg.contains("protected by policy"), "{msg}");
    assert!(
        git_try(&s.bare, &["rev-parse", "--verify", "blocked"])
            .status
            .code()
            != Some(0)
    );
    drop(daemon);
}
