//! Helpers for tests that run the real `attest` binary in temporary folders.
#![allow(dead_code)] // each test crate uses a different subset

pub mod conflict_notes;
pub mod markup;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub const SAMPLE: &str = include_str!("../fixtures/sample/mali-jnim-attacks.txt");

/// The sample article's path, for commands that import it.
pub fn sample_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sample/mali-jnim-attacks.txt")
}

/// `attest` with a fixed annotator and no inherited one.
pub fn attest() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_attest"));
    command.env_remove("ATTEST_ANNOTATOR").env("USER", "tester");
    command
}

/// Runs `attest ARGS` and returns its output.
pub fn run(args: &[&str]) -> Output {
    attest().args(args).output().expect("attest runs")
}

/// `attest suggest --jsonl - --out - --annotator ana EXTRA…` with `input`
/// on stdin (written from a thread of its own, so that a large input
/// never blocks against the output); its output.
pub fn suggest_pipe(extra: &[&str], input: &str) -> Output {
    use std::io::Write as _;
    use std::process::Stdio;
    let mut child = attest()
        .args([
            "suggest",
            "--jsonl",
            "-",
            "--out",
            "-",
            "--annotator",
            "ana",
        ])
        .args(extra)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("attest starts");
    let mut stdin = child.stdin.take().expect("stdin");
    let input = input.to_owned();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let output = child.wait_with_output().expect("attest runs");
    writer.join().expect("writer").expect("stdin written");
    output
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A new project in a temporary folder with the sample imported.
pub fn project_with_sample() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let project = dir.path().join("p");
    let p = project.to_str().expect("utf-8 path");
    assert!(run(&["new", p]).status.success());
    let imported = run(&["import", p, sample_path().to_str().expect("utf-8 path")]);
    assert!(imported.status.success(), "{}", stderr(&imported));
    (dir, project)
}

/// Files below `dir`, relative and sorted.
pub fn files_below(dir: &Path) -> Vec<String> {
    let mut files: Vec<String> = walk(dir)
        .into_iter()
        .map(|p| p.strip_prefix(dir).expect("below").display().to_string())
        .collect();
    files.sort();
    files
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("readable").flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

/// A copy of the bundled demo project in a temporary folder.
pub fn copy_of_demo_project() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let target = dir.path().join("sahel-demo");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("projects/sahel-demo"),
        &target,
    );
    (dir, target)
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create");
    for entry in std::fs::read_dir(from).expect("readable").flatten() {
        let path = entry.path();
        let name = entry.file_name();
        if name.to_string_lossy().starts_with(".attest") {
            continue;
        }
        if path.is_dir() {
            copy_dir(&path, &to.join(name));
        } else {
            std::fs::copy(&path, to.join(name)).expect("copy");
        }
    }
}
