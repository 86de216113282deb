//! History of a file and reading any version.

mod common;

use common::*;
use trellis_vcs::{FileChange, VcsError};

#[test]
fn history_lists_commits_that_changed_the_file_newest_first() {
    let dir = repo_with_files(); // commit 1: a, b, c
    let d = dir.path();
    write(d, "a.json", "{\"a\": 2}\n");
    let c2 = commit_all(d, "a to 2");
    write(d, "b.json", "{\"b\": 2}\n");
    commit_all(d, "b only");
    git(d, &["config", "user.name", "Erin Second"]);
    git(d, &["config", "user.email", "erin@example.com"]);
    write(d, "a.json", "{\"a\": 3}\n");
    let c4 = commit_all(d, "a to 3\n\nwith a body");

    let repo = open(d);
    let h = repo.history("a.json", 100).unwrap();
    let summaries: Vec<&str> = h.iter().map(|e| e.commit.summary.as_str()).collect();
    assert_eq!(summaries, vec!["a to 3", "a to 2", "Initial files"]);
    assert_eq!(h[0].commit.id, c4);
    assert_eq!(h[1].commit.id, c2);
    assert_eq!(h[0].commit.author_name, "Erin Second");
    assert_eq!(h[0].commit.author_email, "erin@example.com");
    assert_eq!(h[1].commit.author_name, NAME);
    assert_eq!(h[1].commit.author_email, EMAIL);
    assert_eq!(h[0].commit.message, "a to 3\n\nwith a body\n");
    assert_eq!(
        h.iter().map(|e| e.change).collect::<Vec<_>>(),
        vec![
            FileChange::Modified,
            FileChange::Modified,
            FileChange::Added
        ]
    );
    // Ids, short ids and dates agree with git.
    for e in &h {
        let short = git(d, &["rev-parse", "--short", &e.commit.id]);
        assert_eq!(e.commit.short_id, short.trim());
        let at = git(d, &["show", "-s", "--format=%at", &e.commit.id]);
        assert_eq!(e.commit.time.to_string(), at.trim());
        let iso = git(d, &["show", "-s", "--format=%aI", &e.commit.id]);
        let iso = iso.trim().replace("+00:00", "Z");
        assert_eq!(e.commit.date, iso);
    }
    // git agrees on the list.
    assert_eq!(
        git(d, &["log", "--first-parent", "--format=%H", "--", "a.json"])
            .lines()
            .collect::<Vec<_>>(),
        h.iter().map(|e| e.commit.id.as_str()).collect::<Vec<_>>()
    );

    // The limit bounds the list.
    let two = repo.history("a.json", 2).unwrap();
    assert_eq!(two.len(), 2);
    assert_eq!(two[0].commit.id, c4);
    assert!(repo.history("a.json", 0).unwrap().is_empty());
    // b.json: 2 commits; a never-committed file: none.
    assert_eq!(repo.history("b.json", 10).unwrap().len(), 2);
    assert!(repo.history("never.json", 10).unwrap().is_empty());
}

#[test]
fn history_of_a_deleted_and_re_added_file() {
    let dir = repo_with_files();
    let d = dir.path();
    git(d, &["rm", "-q", "c.json"]);
    let deleted = commit_all(d, "Remove c");
    write(d, "a.json", "{\"a\": \"unrelated\"}\n");
    commit_all(d, "Unrelated");
    write(d, "c.json", "{\"c\": \"back\"}\n");
    let readded = commit_all(d, "Bring c back");

    let repo = open(d);
    let h = repo.history("c.json", 10).unwrap();
    assert_eq!(
        h.iter()
            .map(|e| (e.commit.summary.as_str(), e.change))
            .collect::<Vec<_>>(),
        vec![
            ("Bring c back", FileChange::Added),
            ("Remove c", FileChange::Deleted),
            ("Initial files", FileChange::Added),
        ]
    );
    assert_eq!(repo.file_at("c.json", &deleted).unwrap(), None);
    assert_eq!(repo.file_at("c.json", "HEAD~1").unwrap(), None);
    assert_eq!(
        repo.file_at("c.json", &readded).unwrap().unwrap(),
        b"{\"c\": \"back\"}\n"
    );
    assert_eq!(
        repo.file_at("c.json", "HEAD~3").unwrap().unwrap(),
        b"{\"c\": 1}\n"
    );
}

#[test]
fn history_follows_the_first_parent_line() {
    let dir = repo_with_files();
    let d = dir.path();
    git(d, &["checkout", "-q", "-b", "side"]);
    write(d, "a.json", "{\"a\": \"side 1\"}\n");
    commit_all(d, "Side 1");
    write(d, "a.json", "{\"a\": \"side 2\"}\n");
    commit_all(d, "Side 2");
    git(d, &["checkout", "-q", "main"]);
    write(d, "b.json", "{\"b\": \"main\"}\n");
    commit_all(d, "Main b");
    git(d, &["merge", "-q", "--no-ff", "-m", "Merge side", "side"]);

    let repo = open(d);
    let summaries: Vec<String> = repo
        .history("a.json", 10)
        .unwrap()
        .into_iter()
        .map(|e| e.commit.summary)
        .collect();
    // The merge brought the change into main; the side branch's own commits are not on
    // main's first-parent line.
    assert_eq!(summaries, vec!["Merge side", "Initial files"]);
    assert_eq!(
        git(d, &["log", "--first-parent", "--format=%s", "--", "a.json"]),
        "Merge side\nInitial files\n"
    );
}

#[test]
fn file_at_accepts_everything_rev_parse_accepts() {
    let dir = repo_with_files();
    let d = dir.path();
    let c1 = head(d);
    git(d, &["tag", "v1"]);
    write(d, "a.json", "{\"a\": 2}\n");
    let c2 = commit_all(d, "two");
    git(d, &["tag", "-a", "-m", "Release two", "v2"]);
    git(d, &["branch", "at-two"]);
    write(d, "a.json", "{\"a\": 3}\n");
    commit_all(d, "three");

    let repo = open(d);
    let v1 = b"{\"a\": 1}\n".to_vec();
    let v2 = b"{\"a\": 2}\n".to_vec();
    let v3 = b"{\"a\": 3}\n".to_vec();
    let cases: Vec<(&str, &Vec<u8>)> = vec![
        (c1.as_str(), &v1),
        (&c1[..8], &v1),
        (c2.as_str(), &v2),
        ("HEAD", &v3),
        ("HEAD~1", &v2),
        ("HEAD~2", &v1),
        ("HEAD^^", &v1),
        ("main", &v3),
        ("at-two", &v2),
        ("v1", &v1),
        ("v2", &v2),
        ("refs/tags/v2", &v2),
        ("main@{1}", &v2),
        (":/two", &v2),
    ];
    for (rev, want) in cases {
        assert_eq!(
            repo.file_at("a.json", rev).unwrap().as_ref(),
            Some(want),
            "rev {rev}"
        );
        // Same as git.
        let sha = git(d, &["rev-parse", "--verify", rev]);
        assert_eq!(
            &git_bytes(d, &["show", &format!("{}:a.json", sha.trim())]),
            want,
            "git rev {rev}"
        );
    }
    assert_eq!(repo.commit_info("v2").unwrap().id, c2);
    assert_eq!(repo.commit_info(&c2[..10]).unwrap().summary, "two");
}

#[test]
fn bad_revisions_and_paths_are_clear_errors() {
    let dir = repo_with_files();
    let d = dir.path();
    let repo = open(d);
    for rev in [
        "nope",
        "HEAD~99",
        "deadbeef",
        "",
        "  ",
        "main..",
        "HEAD@{999}",
    ] {
        let err = repo.file_at("a.json", rev).unwrap_err();
        assert!(
            matches!(err, VcsError::UnknownRevision { .. }),
            "{rev:?}: {err:?}"
        );
    }
    let err = repo.file_at("a.json", "nope").unwrap_err();
    assert!(err.to_string().contains("\"nope\""), "{err}");
    // A revision that is not a commit.
    let err = repo.file_at("a.json", "HEAD:a.json").unwrap_err();
    assert!(matches!(err, VcsError::NotACommit { .. }), "{err:?}");
    // A file missing from the revision, and a folder.
    assert_eq!(repo.file_at("zzz.json", "HEAD").unwrap(), None);
    write(d, "dir/x.json", "{}\n");
    commit_all(d, "dir");
    let err = repo.file_at("dir", "HEAD").unwrap_err();
    assert!(matches!(err, VcsError::NotAFile { .. }), "{err:?}");
    // Empty repository: no HEAD yet.
    let empty = empty_repo();
    let repo = open(empty.path());
    assert!(repo.history("a.json", 10).unwrap().is_empty());
    assert!(matches!(
        repo.file_at("a.json", "HEAD").unwrap_err(),
        VcsError::UnknownRevision { .. }
    ));
}
