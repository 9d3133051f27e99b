//! A project shared with git, as a team shares it: one clone per analyst,
//! each committing their own annotation files. Two clones' histories merge
//! without conflict and `attest check` passes on the merge; a clone with
//! git's line-ending conversion on keeps every text as it was; and when two
//! clones did change one file, `check` says it is a merge conflict and how
//! to settle it instead of failing to parse a `<`.

mod util;

use std::path::{Path, PathBuf};
use std::process::Command;

use util::{run, sample_path, stderr, stdout};

/// `git ARGS` in `dir`, with a fixed identity and no user configuration.
fn git_output(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new("git")
        .args(["-c", "init.defaultBranch=main", "-c", "pull.rebase=false"])
        .args([
            "-c",
            "core.autocrlf=false",
            "-c",
            "merge.conflictstyle=merge",
        ])
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "Analyst")
        .env("GIT_AUTHOR_EMAIL", "analyst@example.org")
        .env("GIT_COMMITTER_NAME", "Analyst")
        .env("GIT_COMMITTER_EMAIL", "analyst@example.org")
        .output()
        .expect("git runs")
}

/// [`git_output`], which must be a success; its output.
fn git(dir: &Path, args: &[&str]) -> String {
    let done = git_output(dir, args);
    assert!(
        done.status.success(),
        "git {args:?} in {}: {}{}",
        dir.display(),
        String::from_utf8_lossy(&done.stdout),
        String::from_utf8_lossy(&done.stderr)
    );
    String::from_utf8_lossy(&done.stdout).into_owned()
}

fn s(path: &Path) -> &str {
    path.to_str().expect("a UTF-8 path")
}

/// A shared repository holding a project with two articles, and its path.
fn shared_project(dir: &Path) -> PathBuf {
    let origin = dir.join("origin.git");
    std::fs::create_dir(&origin).expect("test setup");
    git(&origin, &["init", "--quiet", "--bare"]);
    let seed = dir.join("seed");
    git(dir, &["clone", "--quiet", s(&origin), "seed"]);
    let project = seed.join("p");
    assert!(run(&["new", s(&project)]).status.success());
    let second = dir.join("second.txt");
    std::fs::write(
        &second,
        "Gunmen killed a woman near a bar in the town of Djibo on Tuesday, residents said.\n\
         The army later said it had arrested two suspects in Ouahigouya.\n",
    )
    .expect("test setup");
    let imported = run(&["import", s(&project), s(&sample_path()), s(&second)]);
    assert!(imported.status.success(), "{}", stderr(&imported));
    git(&seed, &["add", "-A"]);
    git(&seed, &["commit", "--quiet", "-m", "the project"]);
    git(&seed, &["push", "--quiet", "origin", "main"]);
    origin
}

/// A clone of `origin` named `name` in `dir`, with extra git options.
fn clone(dir: &Path, origin: &Path, name: &str, options: &[&str]) -> PathBuf {
    let mut args = options.to_vec();
    args.extend(["clone", "--quiet", s(origin), name]);
    git(dir, &args);
    dir.join(name)
}

/// `attest ARGS` as `annotator`, which must succeed; its stdout.
fn attest_as(annotator: &str, args: &[&str]) -> String {
    let mut all = args.to_vec();
    all.extend(["--annotator", annotator]);
    let done = run(&all);
    assert!(done.status.success(), "attest {all:?}: {}", stderr(&done));
    stdout(&done)
}

fn commit_and_push(clone: &Path, message: &str) {
    git(clone, &["add", "-A"]);
    git(clone, &["commit", "--quiet", "-m", message]);
    git(clone, &["push", "--quiet", "origin", "main"]);
}

#[test]
fn two_analysts_clones_merge_cleanly_and_check_passes_on_the_merge() {
    let dir = tempfile::tempdir().unwrap();
    let origin = shared_project(dir.path());
    let ana = clone(dir.path(), &origin, "ana", &[]);
    let ben = clone(dir.path(), &origin, "ben", &[]);
    let (pa, pb) = (ana.join("p"), ben.join("p"));
    assert_eq!(
        std::fs::read_to_string(pa.join(".gitattributes")).unwrap(),
        attest::store::git::ATTRIBUTES,
        "a new project carries its .gitattributes"
    );

    attest_as("ana", &["suggest", s(&pa)]);
    attest_as("ana", &["decide", s(&pa), "--accept"]);
    commit_and_push(&ana, "ana's annotations");

    attest_as("ben", &["suggest", s(&pb)]);
    attest_as(
        "ben",
        &["decide", s(&pb), "--accept", "--label", "ARMED_GROUP"],
    );
    attest_as("ben", &["decide", s(&pb), "--reject"]);
    git(&ben, &["add", "-A"]);
    git(&ben, &["commit", "--quiet", "-m", "ben's annotations"]);
    git(&ben, &["pull", "--quiet", "--no-edit", "origin", "main"]);
    assert!(
        git(&ben, &["status", "--porcelain"]).is_empty(),
        "the merge left nothing uncommitted or in conflict"
    );

    let check = run(&["check", s(&pb)]);
    assert!(
        check.status.success(),
        "{}{}",
        stdout(&check),
        stderr(&check)
    );
    assert!(
        stdout(&check).contains("annotators: ana, ben"),
        "{}",
        stdout(&check)
    );
    let agree = run(&["agree", s(&pb), "ana", "ben"]);
    assert!(agree.status.success(), "{}", stderr(&agree));
}

#[test]
fn a_clone_with_line_ending_conversion_keeps_every_text_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let origin = shared_project(dir.path());
    let converting = clone(
        dir.path(),
        &origin,
        "windows",
        &["-c", "core.autocrlf=true"],
    );
    let check = run(&["check", s(&converting.join("p"))]);
    assert!(
        check.status.success(),
        "{}{}",
        stdout(&check),
        stderr(&check)
    );

    // Without the attributes the same clone changes the texts, which check
    // reports: the reason the file exists.
    let bare = clone(dir.path(), &origin, "bare", &[]);
    git(&bare, &["rm", "--quiet", "p/.gitattributes"]);
    commit_and_push(&bare, "no attributes");
    let unprotected = clone(
        dir.path(),
        &origin,
        "unprotected",
        &["-c", "core.autocrlf=true"],
    );
    let check = run(&["check", s(&unprotected.join("p"))]);
    assert!(!check.status.success(), "{}", stdout(&check));
    let said = stdout(&check);
    assert!(said.contains("note: no .gitattributes"), "{said}");
    assert!(
        run(&["migrate", s(&unprotected.join("p"))])
            .status
            .success()
            && unprotected.join("p/.gitattributes").exists(),
        "migrate writes it"
    );
}

#[test]
fn two_clones_editing_one_annotators_file_is_a_conflict_that_check_explains() {
    let dir = tempfile::tempdir().unwrap();
    let origin = shared_project(dir.path());
    let first = clone(dir.path(), &origin, "first", &[]);
    let second = clone(dir.path(), &origin, "second", &[]);
    let (p1, p2) = (first.join("p"), second.join("p"));

    // The same analyst in two clones: accepting in one, rejecting in the other.
    attest_as("ana", &["suggest", s(&p1)]);
    commit_and_push(&first, "suggested");
    git(&second, &["pull", "--quiet", "--no-edit", "origin", "main"]);
    attest_as("ana", &["decide", s(&p1), "--accept"]);
    commit_and_push(&first, "accepted");
    attest_as("ana", &["decide", s(&p2), "--reject"]);
    git(&second, &["add", "-A"]);
    git(&second, &["commit", "--quiet", "-m", "rejected"]);
    let pulled = git_output(&second, &["pull", "--no-edit", "origin", "main"]);
    assert!(!pulled.status.success(), "git reports the conflict itself");

    let check = run(&["check", s(&p2)]);
    assert!(!check.status.success());
    let said = stdout(&check);
    assert!(said.contains("merge conflict"), "{said}");
    assert!(said.contains("git checkout --ours"), "{said}");
    assert!(said.contains("annotations/ana/"), "{said}");
    // Nothing writes over the conflicted file.
    let conflicted: Vec<PathBuf> = std::fs::read_dir(p2.join("annotations/ana"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| std::fs::read_to_string(p).unwrap().contains("<<<<<<<"))
        .collect();
    assert!(!conflicted.is_empty());
    let before: Vec<String> = conflicted
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    let _ = run(&["decide", s(&p2), "--accept", "--annotator", "ana"]);
    let after: Vec<String> = conflicted
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    assert_eq!(before, after);

    // Settled by keeping one side, the project checks again.
    git(
        &second,
        &["checkout", "--theirs", "--", "p/annotations/ana"],
    );
    let check = run(&["check", s(&p2)]);
    assert!(check.status.success(), "{}", stdout(&check));
}
