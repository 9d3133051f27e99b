//! `attest migrate` and `attest check` on a project written in format 1,
//! run as the real binary: the old files read, `check` names the version,
//! and the migration rewrites every annotation file compactly, losing nothing.

mod util;

use attest::model::{AnnotationSet, FORMAT_VERSION};
use attest::store::{OpenMode, Project};
use util::{project_with_sample, run, stderr, stdout};

/// The sample project, its `project.ron` set back to version 1 and the
/// fixture's format-1 annotation file added for its document.
fn format_1_project() -> (tempfile::TempDir, std::path::PathBuf, std::path::PathBuf) {
    let (dir, project) = project_with_sample();
    let article = include_str!("fixtures/format-1/article.txt");
    let articles = dir.path().join("article.txt");
    std::fs::write(&articles, article).expect("the format-1 fixture is set up");
    let import = run(&[
        "import",
        project.to_str().expect("the format-1 fixture is set up"),
        articles.to_str().expect("the format-1 fixture is set up"),
    ]);
    assert!(import.status.success(), "{}", stderr(&import));
    let (opened, _) =
        Project::open(&project, OpenMode::ReadOnly).expect("the format-1 fixture is set up");
    let id = opened
        .documents()
        .iter()
        .find(|d| {
            opened
                .load_text(&d.id)
                .expect("the format-1 fixture is set up")
                == article
        })
        .expect("the format-1 fixture is set up")
        .id
        .clone();
    let file = opened.annotations_path(&id, "ana");
    drop(opened);
    let project_file = project.join("project.ron");
    let text = std::fs::read_to_string(&project_file).expect("the format-1 fixture is set up");
    let old = text.replace(
        &format!("format_version: {FORMAT_VERSION},"),
        "format_version: 1,",
    );
    std::fs::write(&project_file, old).expect("the format-1 fixture is set up");
    std::fs::create_dir_all(file.parent().expect("the format-1 fixture is set up"))
        .expect("the format-1 fixture is set up");
    let v1 = include_str!("fixtures/format-1/annotations.ron");
    std::fs::write(&file, v1.replace("DOCID", id.as_str()))
        .expect("the format-1 fixture is set up");
    (dir, project, file)
}

fn read_set(project: &std::path::Path, file: &std::path::Path) -> AnnotationSet {
    let (set, _) = attest::store::read_annotation_file(
        file,
        &attest::model::DocumentId::parse(
            file.file_stem()
                .expect("the format-1 fixture is set up")
                .to_str()
                .expect("the format-1 fixture is set up"),
        )
        .expect("the format-1 fixture is set up"),
        "ana",
    )
    .unwrap_or_else(|e| panic!("{e} in {}", project.display()));
    set
}

#[test]
fn a_format_1_project_is_checked_then_migrated_with_nothing_lost() {
    let (_dir, project, file) = format_1_project();
    let p = project.to_str().unwrap();
    let check = run(&["check", p]);
    assert!(
        check.status.success(),
        "{}{}",
        stdout(&check),
        stderr(&check)
    );
    assert!(
        stdout(&check).contains("format version 1"),
        "{}",
        stdout(&check)
    );
    assert!(
        stdout(&check).contains("attest migrate"),
        "{}",
        stdout(&check)
    );
    let before = read_set(&project, &file);
    let old_size = std::fs::metadata(&file).unwrap().len();

    let migrate = run(&["--annotator", "ana", "migrate", p]);
    assert!(migrate.status.success(), "{}", stderr(&migrate));
    assert!(
        stderr(&migrate).contains("older Attest"),
        "{}",
        stderr(&migrate)
    );
    assert!(
        stdout(&migrate).contains("1 annotation file(s) rewritten"),
        "{}",
        stdout(&migrate)
    );
    let new_size = std::fs::metadata(&file).unwrap().len();
    assert!(
        new_size * 3 < old_size,
        "{new_size} bytes against {old_size}"
    );
    let mut expected = before;
    expected.sort();
    assert_eq!(read_set(&project, &file), expected, "nothing lost");

    let check = run(&["check", p]);
    assert!(
        check.status.success(),
        "{}{}",
        stdout(&check),
        stderr(&check)
    );
    let version = format!("ok: format version {FORMAT_VERSION}");
    assert!(stdout(&check).contains(&version), "{}", stdout(&check));
}

#[test]
fn an_unreadable_file_is_named_left_alone_and_fails_the_migration() {
    let (_dir, project, file) = format_1_project();
    let broken = b"(document: \"broken".to_vec();
    std::fs::write(&file, &broken).unwrap();
    let migrate = run(&["--annotator", "ana", "migrate", project.to_str().unwrap()]);
    assert!(!migrate.status.success());
    assert!(
        stderr(&migrate).contains(file.to_str().unwrap()),
        "{}",
        stderr(&migrate)
    );
    assert_eq!(std::fs::read(&file).unwrap(), broken, "left as it was");
}
