//! Status of one file, checked against `git status --porcelain`.

mod common;

use common::*;
use trellis_vcs::FileStatus;

#[test]
fn status_of_each_kind_of_file() {
    let dir = repo_with_files();
    let d = dir.path();
    write(d, "extra.json", "{}\n");
    write(d, "ignored.log", "x\n");
    write(d, ".gitignore", "*.log\n");
    write(d, "staged-new.json", "{}\n");
    git(d, &["add", ".gitignore", "staged-new.json", "extra.json"]);
    git(
        d,
        &[
            "commit",
            "-q",
            "-m",
            "more",
            "--",
            ".gitignore",
            "extra.json",
        ],
    );
    // b: modified. c: staged. extra: staged then modified. a: unmodified.
    write(d, "b.json", "{\"b\": 2}\n");
    write(d, "c.json", "{\"c\": 2}\n");
    git(d, &["add", "c.json"]);
    write(d, "extra.json", "{\"e\": 1}\n");
    git(d, &["add", "extra.json"]);
    write(d, "extra.json", "{\"e\": 2}\n");
    write(d, "untracked.json", "{}\n");
    git(d, &["rm", "-q", "--cached", "a.json"]);
    git(d, &["add", "a.json"]); // back to unmodified
    write(d, "gone.json", "{}\n");
    git(d, &["add", "gone.json"]);
    git(d, &["commit", "-q", "-m", "gone", "--", "gone.json"]);
    std::fs::remove_file(d.join("gone.json")).unwrap();

    let repo = open(d);
    let cases = [
        ("a.json", FileStatus::Unmodified, None),
        ("b.json", FileStatus::Modified, Some(" M b.json")),
        ("c.json", FileStatus::Staged, Some("M  c.json")),
        (
            "staged-new.json",
            FileStatus::Staged,
            Some("A  staged-new.json"),
        ),
        (
            "extra.json",
            FileStatus::StagedAndModified,
            Some("MM extra.json"),
        ),
        (
            "untracked.json",
            FileStatus::Untracked,
            Some("?? untracked.json"),
        ),
        ("ignored.log", FileStatus::Ignored, None),
        ("gone.json", FileStatus::Deleted, Some(" D gone.json")),
        ("never.json", FileStatus::Absent, None),
    ];
    let porcelain = porcelain(d);
    for (path, want, line) in cases {
        assert_eq!(repo.status(path).unwrap(), want, "{path}");
        if let Some(line) = line {
            assert!(
                porcelain.contains(&line.to_owned()),
                "{porcelain:?} has {line}"
            );
        }
        assert_eq!(
            want.has_changes(),
            !matches!(
                want,
                FileStatus::Unmodified | FileStatus::Ignored | FileStatus::Absent
            )
        );
    }
    // After committing through Trellis the badge is clean.
    repo.commit_file("b.json", "b").unwrap();
    assert_eq!(repo.status("b.json").unwrap(), FileStatus::Unmodified);
    repo.commit_file("untracked.json", "u").unwrap();
    assert_eq!(
        repo.status("untracked.json").unwrap(),
        FileStatus::Unmodified
    );
    // A folder is not a file.
    std::fs::create_dir(d.join("folder")).unwrap();
    assert!(repo.status("folder").is_err());
}
