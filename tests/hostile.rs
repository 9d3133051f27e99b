//! Hostile conditions: stale and half-written locks, two
//! writers racing, crashes between the files of one document, corrupt
//! files, newer and broken project files, full disks and odd inputs. Each
//! runs the real binary in a temporary folder.

// The helpers below are test code as much as the tests (clippy.toml
// allows unwrap in `#[test]` functions only).
#![allow(clippy::unwrap_used)]

mod util;

use std::path::{Path, PathBuf};

use util::{project_with_sample, run, stderr, stdout};

fn documents_of(project: &Path, extension: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(project.join("documents"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == extension))
        .collect();
    files.sort();
    files
}

fn write_article(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

// ---------------------------------------------------------------- the lock

#[test]
fn an_empty_or_garbage_lock_file_does_not_block_the_project() {
    let (dir, project) = project_with_sample();
    let p = project.to_str().unwrap();
    for content in [&b""[..], b"\0\0\xff garbage (", b"(pid: 1, host: \"x\""] {
        std::fs::write(project.join(".attest.lock"), content).unwrap();
        let article = write_article(
            dir.path(),
            "a.txt",
            &format!("Gunmen attacked Djibo ({}).", content.len()),
        );
        let import = run(&["import", p, article.to_str().unwrap()]);
        assert!(import.status.success(), "{content:?}: {}", stderr(&import));
    }
}

#[test]
fn a_live_lock_whose_file_names_nobody_yet_is_never_called_deletable() {
    let (_dir, project) = project_with_sample();
    let p = project.to_str().unwrap();
    // A holder caught between taking the OS lock and writing its name.
    let lock_path = project.join(".attest.lock");
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(true)
        .write(true)
        .open(&lock_path)
        .unwrap();
    file.try_lock().unwrap();
    let import = run(&["import", p, util::sample_path().to_str().unwrap()]);
    assert!(!import.status.success());
    let message = stderr(&import);
    assert!(message.contains("open in another Attest"), "{message}");
    assert!(!message.to_lowercase().contains("delete"), "{message}");
    assert!(!message.contains("unreadable"), "{message}");
    file.unlock().unwrap();
}

/// Two imports into one annotator race over a stale lock, many rounds: a
/// refused one names the holder, and no edit is ever lost — when both
/// succeed, they ran one after the other.
#[test]
fn two_writers_racing_over_a_stale_lock_never_lose_an_edit() {
    const RECORDS: usize = 20;
    let rounds: usize = std::env::var("ATTEST_RACE_ROUNDS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(200);
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("p");
    let p = project.to_str().unwrap();
    assert!(run(&["new", p]).status.success());
    // Two datasets of many records, one per writer, so that the holder keeps the lock a while.
    let dataset = |who: &str| {
        let path = dir.path().join(format!("{who}.jsonl"));
        let mut lines = String::new();
        for n in 0..RECORDS {
            lines.push_str(&format!(
                "{{\"text\": \"{who} {n}: JNIM fighters attacked Djibo.\", \"mentions\": [{{\"id\": \"m1\", \"start\": {}, \"end\": {}, \"label\": \"ARMED_GROUP\"}}]}}\n",
                who.len() + 3 + n.to_string().len(),
                who.len() + 7 + n.to_string().len()
            ));
        }
        std::fs::write(&path, lines).unwrap();
        path
    };
    let first = dataset("ana");
    let second = dataset("ben");
    let mut child = std::process::Command::new("true").spawn().unwrap();
    let dead_pid = child.id();
    child.wait().unwrap();
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .map(|h| h.trim().to_owned())
        .unwrap_or_else(|_| "localhost".into());
    let mut refusals = 0;
    for round in 0..rounds {
        // A stale lock left by a dead process of this host, as a crash leaves it.
        std::fs::write(
            project.join(".attest.lock"),
            format!(
                "(pid: {dead_pid}, host: \"{host}\", annotator: \"gone\", since: \"2020-01-01T00:00:00Z\")\n"
            ),
        )
        .unwrap();
        let annotations = project.join("annotations/shared");
        let _ = std::fs::remove_dir_all(&annotations);
        let spawn = |file: &Path| {
            util::attest()
                .args(["--annotator", "shared", "import", p, "--format", "jsonl"])
                .arg(file)
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        };
        let a = spawn(&first);
        let b = spawn(&second);
        let a = a.wait_with_output().unwrap();
        let b = b.wait_with_output().unwrap();
        let refused: Vec<_> = [&a, &b]
            .into_iter()
            .filter(|o| !o.status.success())
            .collect();
        assert!(
            refused.len() <= 1,
            "round {round}: both refused:\n{}\n{}",
            stderr(&a),
            stderr(&b)
        );
        for output in &refused {
            let message = stderr(output);
            assert!(
                message.contains("open in another Attest (annotator shared in process"),
                "round {round}: the refusal names the holder: {message}"
            );
            assert!(!message.contains("stale"), "{message}");
        }
        refusals += refused.len();
        let saved = std::fs::read_dir(&annotations).map_or(0, Iterator::count);
        let expected = RECORDS * (2 - refused.len());
        assert_eq!(
            saved, expected,
            "round {round}: every edit of each writer that succeeded is saved"
        );
    }
    eprintln!("{refusals} refusal(s) in {rounds} round(s)");
    // Each writer holds the lock for RECORDS saves, so most rounds overlap
    // (all 200 did when this was written); a round where one finished before the
    // other began is fine, as long as nothing was lost.
    assert!(
        refusals * 2 >= rounds,
        "the race was exercised: {refusals} refusal(s) in {rounds} round(s)"
    );
}

// ------------------------------------------------ one document, two files

#[test]
fn a_text_left_without_its_metadata_is_reported_and_the_next_import_completes_it() {
    let (dir, project) = project_with_sample();
    let p = project.to_str().unwrap();
    let article = write_article(dir.path(), "b.txt", "Gunmen attacked Djibo on Monday.");
    assert!(
        run(&["import", p, article.to_str().unwrap()])
            .status
            .success()
    );
    // A crash between the two files: the metadata never appeared.
    let metas = documents_of(&project, "ron");
    let newest = metas
        .iter()
        .find(|m| std::fs::read_to_string(m).unwrap().contains("b.txt"))
        .unwrap();
    std::fs::remove_file(newest).unwrap();
    let check = run(&["check", p]);
    assert!(!check.status.success());
    assert!(
        stdout(&check).contains("text without its metadata"),
        "{}",
        stdout(&check)
    );
    let again = run(&["import", p, article.to_str().unwrap()]);
    assert!(again.status.success(), "{}", stderr(&again));
    assert!(
        stdout(&again).contains("imported 1 new document(s)"),
        "{}",
        stdout(&again)
    );
    let check = run(&["check", p]);
    assert!(check.status.success(), "{}", stdout(&check));
}

#[test]
fn leftover_temporary_files_are_reported_by_check_and_cleaned_by_a_writer() {
    let (_dir, project) = project_with_sample();
    let p = project.to_str().unwrap();
    let leftovers = [
        project.join(".attest-a1b2c3.tmp"),
        project.join("documents/.attest-d4e5f6.tmp"),
        project.join("annotations/.attest-g7h8i9.tmp"),
    ];
    for leftover in &leftovers {
        std::fs::write(leftover, "half a file").unwrap();
    }
    let check = run(&["check", p]);
    assert!(!check.status.success());
    for leftover in &leftovers {
        assert!(
            stdout(&check).contains(&leftover.display().to_string()),
            "{}",
            stdout(&check)
        );
    }
    assert!(leftovers.iter().all(|l| l.exists()), "check only reads");
    let suggest = run(&["suggest", p]);
    assert!(suggest.status.success(), "{}", stderr(&suggest));
    assert!(
        leftovers.iter().all(|l| !l.exists()),
        "a writer removes them"
    );
    assert!(run(&["check", p]).status.success());
}

#[test]
fn labels_an_import_adds_are_in_the_schema_before_the_annotations_using_them() {
    // A project file that cannot be replaced: the annotations that would
    // use its new label must not be written either.
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("p");
    let p = project.to_str().unwrap();
    assert!(run(&["new", p]).status.success());
    let data = dir.path().join("d.jsonl");
    std::fs::write(
        &data,
        "{\"text\": \"A VEHICLE exploded.\", \"mentions\": [{\"id\": \"m1\", \"start\": 2, \"end\": 9, \"label\": \"VEHICLE\"}]}\n",
    )
    .unwrap();
    let project_file = project.join("project.ron");
    let saved = std::fs::read(&project_file).unwrap();
    // An immutable project file (root and chattr(1) needed): replacing it fails.
    let immutable = std::process::Command::new("chattr")
        .arg("+i")
        .arg(&project_file)
        .status()
        .is_ok_and(|s| s.success());
    if !immutable {
        skip("cannot make a file immutable here (root and chattr needed)");
        return;
    }
    let import = util::attest()
        .args(["--annotator", "ana", "import", p, "--format", "jsonl"])
        .arg(&data)
        .output()
        .unwrap();
    let _ = std::process::Command::new("chattr")
        .arg("-i")
        .arg(&project_file)
        .status();
    assert!(!import.status.success(), "{}", stdout(&import));
    assert!(
        stderr(&import).contains("project.ron"),
        "{}",
        stderr(&import)
    );
    assert_eq!(std::fs::read(&project_file).unwrap(), saved);
    let annotations = project.join("annotations/ana");
    assert_eq!(
        std::fs::read_dir(&annotations).map_or(0, Iterator::count),
        0,
        "no annotation uses a label the schema does not have"
    );
    assert!(run(&["check", p]).status.success());
}

// ------------------------------------------------------------ corruption

fn corrupt_first_meta(project: &Path) -> PathBuf {
    let meta = documents_of(project, "ron").remove(0);
    std::fs::write(&meta, "(title: 42,").unwrap();
    meta
}

#[test]
fn export_suggest_and_stats_exit_non_zero_naming_a_corrupt_document() {
    let (dir, project) = project_with_sample();
    let p = project.to_str().unwrap();
    let article = write_article(dir.path(), "b.txt", "Gunmen attacked Djibo on Monday.");
    assert!(
        run(&["import", p, article.to_str().unwrap()])
            .status
            .success()
    );
    assert!(run(&["suggest", p]).status.success());
    let broken = corrupt_first_meta(&project);
    let name = broken.display().to_string();
    let out = dir.path().join("out");
    for args in [
        vec![
            "export",
            p,
            "--format",
            "jsonl",
            "--out",
            out.to_str().unwrap(),
        ],
        vec!["suggest", p],
        vec!["stats", p],
        vec!["stats", p, "--json"],
    ] {
        let output = run(&args);
        assert!(
            !output.status.success(),
            "{args:?} exits non-zero: {}",
            stderr(&output)
        );
        assert!(
            stderr(&output).contains(&name),
            "{args:?} names {name}: {}",
            stderr(&output)
        );
    }
}

#[test]
fn a_later_import_never_overwrites_a_corrupt_metadata_file() {
    let (_dir, project) = project_with_sample();
    let p = project.to_str().unwrap();
    let broken = corrupt_first_meta(&project);
    let before = std::fs::read(&broken).unwrap();
    let import = run(&["import", p, util::sample_path().to_str().unwrap()]);
    assert!(!import.status.success(), "{}", stdout(&import));
    assert!(
        stderr(&import).contains(&broken.display().to_string()),
        "{}",
        stderr(&import)
    );
    assert_eq!(std::fs::read(&broken).unwrap(), before, "never overwritten");
}

// --------------------------------------------------------- project.ron

fn set_project_file(project: &Path, edit: impl Fn(&str) -> String) {
    let path = project.join("project.ron");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, edit(&text)).unwrap();
}

#[test]
fn check_fails_a_project_of_a_newer_format() {
    let (_dir, project) = project_with_sample();
    let p = project.to_str().unwrap();
    set_project_file(&project, |t| {
        t.replace(
            &format!("format_version: {},", attest::model::FORMAT_VERSION),
            "format_version: 99,",
        )
    });
    let check = run(&["check", p]);
    assert!(!check.status.success(), "{}", stdout(&check));
    let all = format!("{}{}", stdout(&check), stderr(&check));
    assert!(all.contains("format version 99"), "{all}");
}

#[test]
fn format_version_zero_is_refused_clearly() {
    let (_dir, project) = project_with_sample();
    let p = project.to_str().unwrap();
    set_project_file(&project, |t| {
        t.replace(
            &format!("format_version: {},", attest::model::FORMAT_VERSION),
            "format_version: 0,",
        )
    });
    for args in [vec!["check", p], vec!["suggest", p], vec!["stats", p]] {
        let output = run(&args);
        assert!(!output.status.success(), "{args:?}");
        let all = format!("{}{}", stdout(&output), stderr(&output));
        assert!(all.contains("format_version 0"), "{args:?}: {all}");
    }
}

#[test]
fn a_byte_order_mark_in_the_project_file_is_tolerated() {
    let (_dir, project) = project_with_sample();
    let p = project.to_str().unwrap();
    set_project_file(&project, |t| format!("\u{feff}{t}"));
    let check = run(&["check", p]);
    assert!(
        check.status.success(),
        "{}{}",
        stdout(&check),
        stderr(&check)
    );
    assert!(run(&["suggest", p]).status.success());
}

// ------------------------------------------------------------ full disk

/// A tiny tmpfs (needs root and `mount`); skipped elsewhere.
struct TinyDisk {
    dir: tempfile::TempDir,
}

impl TinyDisk {
    fn mount(size: &str) -> Option<Self> {
        let dir = tempfile::tempdir().ok()?;
        let status = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir.path())
            .stderr(std::process::Stdio::null())
            .status()
            .ok()?;
        status.success().then_some(Self { dir })
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }
}

impl Drop for TinyDisk {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount")
            .arg(self.dir.path())
            .status();
    }
}

#[test]
fn a_full_disk_stops_an_import_with_one_line() {
    // Texts of two pages and metadata of one: one of three disk sizes runs
    // out between a document's text and its metadata.
    for size in ["200k", "204k", "208k"] {
        let Some(disk) = TinyDisk::mount(size) else {
            skip("cannot mount a tmpfs here (root and mount needed)");
            return;
        };
        let project = disk.path().join("p");
        let p = project.to_str().unwrap();
        assert!(run(&["new", p]).status.success());
        let articles = tempfile::tempdir().unwrap();
        for n in 0..100 {
            write_article(
                articles.path(),
                &format!("{n:03}.txt"),
                &format!("{n}: {}", "JNIM fighters attacked Djibo. ".repeat(160)),
            );
        }
        let import = run(&["import", p, articles.path().to_str().unwrap()]);
        assert!(!import.status.success(), "{size}");
        let errors: Vec<_> = stderr(&import)
            .lines()
            .filter(|l| l.starts_with("error"))
            .map(str::to_owned)
            .collect();
        assert_eq!(errors.len(), 1, "{size}: one line: {errors:#?}");
        let summary = stdout(&import);
        let saved = documents_of(&project, "ron").len();
        assert!(
            summary.contains(&format!("imported {saved} new document(s)")),
            "{size}: {summary}"
        );
        assert_eq!(
            documents_of(&project, "txt").len(),
            saved,
            "{size}: each text with its metadata, or neither"
        );
        let check = run(&["check", p]);
        assert!(check.status.success(), "{size}: {}", stdout(&check));
    }
}

/// A new project at `project` and the import of `count` numbered copies
/// of the sample article into it; the import's output.
fn new_project_of_samples(project: &Path, count: usize) -> std::process::Output {
    let p = project.to_str().unwrap();
    assert!(run(&["new", p]).status.success());
    let articles = tempfile::tempdir().unwrap();
    for n in 0..count {
        write_article(
            articles.path(),
            &format!("{n:03}.txt"),
            &format!("{n}: {}", util::SAMPLE),
        );
    }
    run(&["import", p, articles.path().to_str().unwrap()])
}

#[test]
fn a_full_disk_stops_suggest_with_one_line_and_counts_only_what_was_saved() {
    let Some(disk) = TinyDisk::mount("400k") else {
        skip("cannot mount a tmpfs here (root and mount needed)");
        return;
    };
    let project = disk.path().join("p");
    let p = project.to_str().unwrap();
    let import = new_project_of_samples(&project, 40);
    // Fill what is left.
    let _ = std::fs::write(project.join("filler"), vec![b'x'; 400_000]);
    let _ = import;
    let suggest = run(&["suggest", p]);
    assert!(!suggest.status.success());
    let errors: Vec<_> = stderr(&suggest)
        .lines()
        .filter(|l| l.starts_with("error"))
        .map(str::to_owned)
        .collect();
    assert_eq!(errors.len(), 1, "one line: {errors:#?}");
    assert!(
        stdout(&suggest).contains("suggested 0 mention(s)"),
        "{}",
        stdout(&suggest)
    );
}

// ---------------------------------------------------------------- limits

#[test]
fn fifos_and_devices_are_refused_at_once_and_named() {
    let (dir, project) = project_with_sample();
    let p = project.to_str().unwrap();
    let fifo = dir.path().join("pipe.txt");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|s| s.success());
    let mut inputs = vec![PathBuf::from("/dev/zero")];
    if made {
        inputs.push(fifo.clone());
        // And in a folder of articles, beside a good one.
        let folder = dir.path().join("folder");
        std::fs::create_dir_all(&folder).unwrap();
        write_article(&folder, "good.txt", "Gunmen attacked Djibo on Monday.");
        let inner = folder.join("inner.txt");
        assert!(
            std::process::Command::new("mkfifo")
                .arg(&inner)
                .status()
                .unwrap()
                .success()
        );
        let import = run(&["import", p, folder.to_str().unwrap()]);
        assert!(!import.status.success());
        assert!(
            stderr(&import).contains(&format!(
                "not a regular file (a named pipe); refused without reading it: {}",
                inner.display()
            )),
            "{}",
            stderr(&import)
        );
        assert!(stdout(&import).contains("imported 1 new document(s)"));
        // A brat text that is a FIFO, beside its `.ann`.
        let brat = dir.path().join("brat");
        std::fs::create_dir_all(&brat).unwrap();
        std::fs::write(brat.join("a.ann"), "T1\tARMED_GROUP 0 4\tJNIM\n").unwrap();
        let piped = brat.join("a.txt");
        assert!(
            std::process::Command::new("mkfifo")
                .arg(&piped)
                .status()
                .unwrap()
                .success()
        );
        let import = run(&["import", p, "--format", "brat", brat.to_str().unwrap()]);
        assert!(!import.status.success());
        assert!(
            stderr(&import).contains(&format!("{}: not a regular file", piped.display())),
            "{}",
            stderr(&import)
        );
    }
    for input in &inputs {
        let name = input.to_str().unwrap();
        for args in [
            vec!["import", p, name],
            vec!["import", p, "--format", "doccano", name],
        ] {
            let import = run(&args);
            assert!(!import.status.success(), "{args:?}");
            assert!(
                stderr(&import).contains(name) && stderr(&import).contains("not a regular file"),
                "{args:?}: {}",
                stderr(&import)
            );
        }
    }
}

/// Sets the project's `max_document_bytes`.
fn limit_documents_to(project: &Path, bytes: u64) {
    set_project_file(project, |t| {
        let start = t.find("max_document_bytes:").unwrap();
        let end = start + t[start..].find(',').unwrap();
        format!("{}max_document_bytes: {bytes}{}", &t[..start], &t[end..])
    });
}

/// A dataset file whose last line never ends within four times the limit
/// is no file of records: the import stops reading there, says so with the
/// line, and keeps the records before it. Nothing is held past the limit.
#[test]
fn a_dataset_line_that_never_ends_stops_the_import_there() {
    let (dir, project) = project_with_sample();
    let p = project.to_str().unwrap();
    limit_documents_to(&project, 1000);
    let file = dir.path().join("endless.jsonl");
    let mut bytes = b"{\"text\": \"JNIM attacked Gao.\"}\n".to_vec();
    bytes.extend(std::iter::repeat_n(b'x', 20_000));
    std::fs::write(&file, bytes).unwrap();
    let import = run(&["import", p, "--format", "jsonl", file.to_str().unwrap()]);
    assert!(!import.status.success());
    assert!(
        stderr(&import).contains(":2: no line end within 4000 bytes"),
        "{}",
        stderr(&import)
    );
    assert!(
        stdout(&import).contains("1 new document(s)"),
        "{}",
        stdout(&import)
    );
}

#[test]
fn the_size_limit_guards_dataset_imports_too() {
    let (dir, project) = project_with_sample();
    let p = project.to_str().unwrap();
    limit_documents_to(&project, 1000);
    let big = dir.path().join("big.jsonl");
    std::fs::write(
        &big,
        format!(
            "{{\"text\": \"{}\", \"label\": []}}\n",
            "JNIM attacked. ".repeat(100)
        ),
    )
    .unwrap();
    let import = run(&["import", p, "--format", "doccano", big.to_str().unwrap()]);
    assert!(!import.status.success());
    assert!(stderr(&import).contains("too large"), "{}", stderr(&import));
    assert!(stdout(&import).contains("0 new document(s)"));
}

/// A record of more items than a document may hold is refused by import,
/// naming its file and line, before it adds a document; the rest of the
/// file is imported.
#[test]
fn a_record_of_too_many_items_is_refused_by_import_naming_it() {
    let (dir, project) = project_with_sample();
    let p = project.to_str().unwrap();
    let documents_before = documents_of(&project, "txt").len();
    let count = attest::model::MAX_ITEMS_PER_DOCUMENT + 1;
    let text = "JNIM ".repeat(count);
    let mentions: Vec<String> = (0..count)
        .map(|i| format!("[{}, {}, \"ARMED_GROUP\"]", 5 * i, 5 * i + 4))
        .collect();
    let data = dir.path().join("huge.jsonl");
    std::fs::write(
        &data,
        format!(
            "{{\"text\": \"Gunmen attacked Djibo.\", \"label\": [[15, 20, \"LOCATION\"]]}}\n\
             {{\"text\": \"{text}\", \"label\": [{}]}}\n",
            mentions.join(", ")
        ),
    )
    .unwrap();
    let import = run(&["import", p, "--format", "doccano", data.to_str().unwrap()]);
    assert!(!import.status.success(), "{}", stdout(&import));
    let message = stderr(&import);
    assert!(
        message.contains("huge.jsonl:2:")
            && message.contains(&count.to_string())
            && message.contains("limit"),
        "{message}"
    );
    assert!(
        stdout(&import).contains("1 new document(s)"),
        "only the small record: {}",
        stdout(&import)
    );
    assert_eq!(documents_of(&project, "txt").len(), documents_before + 1);
    let check = run(&["check", p]);
    assert!(check.status.success(), "{}", stdout(&check));
}

/// A text on which the suggesters would propose more items than a document
/// may hold is refused by suggest, naming the document's file, and its
/// file is not written; the other documents are suggested.
#[test]
fn suggest_refuses_a_document_that_would_exceed_the_item_limit() {
    let (dir, project) = project_with_sample();
    let p = project.to_str().unwrap();
    let article = write_article(
        dir.path(),
        "huge.txt",
        &"JNIM, ".repeat(attest::model::MAX_ITEMS_PER_DOCUMENT + 1),
    );
    let import = run(&["import", p, article.to_str().unwrap()]);
    assert!(import.status.success(), "{}", stderr(&import));
    let suggest = run(&["suggest", p, "--all"]);
    assert!(!suggest.status.success(), "{}", stdout(&suggest));
    let message = stderr(&suggest);
    let huge = documents_of(&project, "txt")
        .into_iter()
        .find(|t| {
            std::fs::read_to_string(t)
                .unwrap()
                .starts_with("JNIM, JNIM")
        })
        .unwrap();
    let id = huge.file_stem().unwrap().to_str().unwrap().to_owned();
    assert!(
        message.contains(&id) && message.contains("limit"),
        "{message}"
    );
    let files = util::files_below(&project.join("annotations"));
    assert_eq!(files.len(), 1, "only the sample's file: {files:?}");
    assert!(!files[0].contains(&id), "{files:?}");
}

/// An export killed midway leaves its temporary files in the dataset
/// folder; the next export removes them (found by tests/kill_series.rs).
#[test]
fn an_export_removes_the_temporary_files_a_killed_one_left() {
    let (dir, project) = project_with_sample();
    let p = project.to_str().unwrap();
    assert!(run(&["suggest", p]).status.success());
    let out = dir.path().join("out");
    std::fs::create_dir_all(out.join("all")).unwrap();
    let leftovers = [
        out.join(".attest-Ab12Cd.tmp"),
        out.join("all/.attest-Ef34Gh.tmp"),
    ];
    for leftover in &leftovers {
        std::fs::write(leftover, "half a dataset file").unwrap();
    }
    let export = run(&[
        "export",
        p,
        "--format",
        "brat",
        "--include-suggestions",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(export.status.success(), "{}", stderr(&export));
    for leftover in &leftovers {
        assert!(!leftover.exists(), "{} is left", leftover.display());
    }
    assert!(!stderr(&export).contains(".attest-"), "{}", stderr(&export));
}

/// A test that needs root skips on a developer's machine without it, but
/// never in CI (which runs as root), where a skip would hide a regression.
fn skip(why: &str) {
    assert!(
        std::env::var_os("CI").is_none(),
        "{why}: CI must run this test"
    );
    eprintln!("{why}; nothing to test");
}

// ------------------------------------------- no success over lost or wrong data

/// A project with the sample and two more articles, every suggestion open.
fn suggested_project() -> (tempfile::TempDir, PathBuf) {
    let (dir, project) = project_with_sample();
    let p = project.to_str().unwrap();
    for (name, text) in [
        ("b.txt", "JNIM fighters attacked Djibo on Monday."),
        ("c.txt", "The army said it repelled an attack on Boulkessi."),
    ] {
        let article = write_article(dir.path(), name, text);
        assert!(
            run(&["import", p, article.to_str().unwrap()])
                .status
                .success()
        );
    }
    assert!(run(&["suggest", p, "--all"]).status.success());
    (dir, project)
}

#[test]
fn a_text_changed_after_import_is_refused_by_name_before_its_offsets_are_used() {
    let (dir, project) = project_with_sample();
    let p = project.to_str().unwrap();
    assert!(run(&["suggest", p]).status.success());
    // One document suggested on, one not yet: export uses the first's
    // offsets, suggest would place new ones in the second.
    let article = write_article(
        dir.path(),
        "b.txt",
        "Gunmen attacked Djibo on Monday, residents said.\nJNIM claimed the attack.",
    );
    assert!(
        run(&["import", p, article.to_str().unwrap()])
            .status
            .success()
    );
    // What git's `autocrlf` does on checkout.
    let texts = documents_of(&project, "txt");
    for text in &texts {
        let crlf = std::fs::read_to_string(text).unwrap().replace('\n', "\r\n");
        std::fs::write(text, crlf).unwrap();
    }
    let out = dir.path().join("out");
    let o = out.to_str().unwrap();
    let export = [
        "export",
        p,
        "--format",
        "conll",
        "--include-suggestions",
        "--out",
        o,
    ];
    for args in [&export[..], &["suggest", p, "--all"][..]] {
        let output = run(args);
        assert!(!output.status.success(), "{args:?}: {}", stdout(&output));
        let message = stderr(&output);
        assert!(
            message.contains("changed after import")
                && texts
                    .iter()
                    .any(|t| message.contains(&t.display().to_string())),
            "{args:?}: {message}"
        );
    }
    let conll = std::fs::read_to_string(out.join("all.conll")).unwrap_or_default();
    assert!(
        !conll.contains("B-"),
        "no tag from shifted offsets: {conll}"
    );
}

#[test]
fn the_pipeline_refuses_to_write_over_its_own_input() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("c.jsonl");
    let record = "{\"text\": \"JNIM fighters attacked Djibo on Monday.\"}\n";
    std::fs::write(&input, record).unwrap();
    let hard = dir.path().join("hard.jsonl");
    std::fs::hard_link(&input, &hard).unwrap();
    let mut outputs = vec![
        input.clone(),
        dir.path().join(".").join("c.jsonl"),
        hard.clone(),
    ];
    #[cfg(unix)]
    {
        let soft = dir.path().join("soft.jsonl");
        std::os::unix::fs::symlink(&input, &soft).unwrap();
        outputs.push(soft);
    }
    for output in &outputs {
        let done = util::attest()
            .current_dir(dir.path())
            .args(["suggest", "--jsonl", "c.jsonl", "--out"])
            .arg(output)
            .output()
            .unwrap();
        assert!(
            !done.status.success(),
            "{}: {}",
            output.display(),
            stderr(&done)
        );
        assert!(
            stderr(&done).contains("input file itself"),
            "{}",
            stderr(&done)
        );
        assert_eq!(std::fs::read_to_string(&input).unwrap(), record);
    }
}

#[test]
fn labelled_data_imported_as_articles_is_refused_naming_the_format() {
    let (dir, project) = suggested_project();
    let p = project.to_str().unwrap();
    let q = dir.path().join("q");
    assert!(run(&["new", q.to_str().unwrap()]).status.success());
    for (format, file) in [
        ("jsonl", "all.jsonl"),
        ("doccano", "all.jsonl"),
        ("label-studio", "all.json"),
    ] {
        let out = dir.path().join(format);
        let export = run(&[
            "export",
            p,
            "--format",
            format,
            "--include-suggestions",
            "--out",
            out.to_str().unwrap(),
        ]);
        assert!(export.status.success(), "{}", stderr(&export));
        let import = run(&[
            "import",
            q.to_str().unwrap(),
            out.join(file).to_str().unwrap(),
        ]);
        assert!(!import.status.success(), "{format}: {}", stdout(&import));
        let message = stderr(&import);
        assert!(
            message.contains(&format!("--format {format}")) && message.contains(file),
            "{format}: {message}"
        );
        assert!(
            stdout(&import).contains("imported 0 new document(s)"),
            "{}",
            stdout(&import)
        );
    }
    // Articles as JSON lines still import.
    let articles = write_article(
        dir.path(),
        "articles.jsonl",
        "{\"text\": \"Gunmen attacked Djibo.\", \"mentions\": []}\n",
    );
    let import = run(&["import", q.to_str().unwrap(), articles.to_str().unwrap()]);
    assert!(import.status.success(), "{}", stderr(&import));
}

#[test]
fn an_export_that_fails_midway_leaves_the_previous_dataset_whole() {
    let (dir, project) = suggested_project();
    let p = project.to_str().unwrap();
    let out = dir.path().join("out");
    let o = out.to_str().unwrap();
    let export = |extra: &[&str]| {
        let mut args = vec!["export", p, "--format", "jsonl", "--out", o];
        args.extend_from_slice(extra);
        run(&args)
    };
    let first = export(&[
        "--include-suggestions",
        "--split",
        "34,33,33",
        "--seed",
        "1",
    ]);
    assert!(first.status.success(), "{}", stderr(&first));
    // A part that cannot be replaced: the export fails after writing others.
    std::fs::remove_file(out.join("test.jsonl")).unwrap();
    std::fs::create_dir_all(out.join("test.jsonl")).unwrap();
    std::fs::write(out.join("test.jsonl/blocker"), "").unwrap();
    let before = snapshot(&out);
    assert!(run(&["decide", p, "--accept"]).status.success());
    let second = export(&["--split", "34,33,33", "--seed", "2"]);
    assert!(!second.status.success(), "{}", stdout(&second));
    assert_eq!(snapshot(&out), before, "the previous dataset is untouched");
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(names.is_empty(), "no temporary folder is left: {names:?}");
    // Without the obstacle it is replaced whole, the user's file kept.
    std::fs::remove_dir_all(out.join("test.jsonl")).unwrap();
    std::fs::write(out.join("notes.md"), "mine").unwrap();
    let third = export(&["--split", "34,33,33", "--seed", "2"]);
    assert!(third.status.success(), "{}", stderr(&third));
    assert!(
        stderr(&third).contains("not part of this export"),
        "{}",
        stderr(&third)
    );
    assert_eq!(
        std::fs::read_to_string(out.join("notes.md")).unwrap(),
        "mine"
    );
    let card = std::fs::read_to_string(out.join("dataset.json")).unwrap();
    for part in ["train", "dev", "test"] {
        let ids = std::fs::read_to_string(out.join(format!("{part}.jsonl"))).unwrap();
        for line in ids.lines() {
            let id = &line[line.find("\"id\":\"").unwrap() + 6..][..16];
            assert!(
                card.contains(id),
                "{part}: {id} is in the card of this export"
            );
        }
    }
}

/// Every file below `dir` with its bytes.
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    util::files_below(dir)
        .into_iter()
        .map(|f| {
            let bytes = std::fs::read(dir.join(&f)).unwrap();
            (f, bytes)
        })
        .collect()
}

#[test]
fn a_mention_line_written_twice_is_exported_once_with_a_warning() {
    let (dir, project) = project_with_sample();
    let p = project.to_str().unwrap();
    assert!(run(&["suggest", p]).status.success());
    assert!(run(&["decide", p, "--accept"]).status.success());
    let file = std::fs::read_dir(project.join("annotations/tester"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let saved = std::fs::read_to_string(&file).unwrap();
    let line = saved
        .lines()
        .find(|l| l.trim_start().starts_with("(i:") && l.contains("l:\"LOCATION\""))
        .unwrap()
        .to_owned();
    let twice = saved.replacen(&line, &format!("{line}\n{line}"), 1);
    std::fs::write(&file, &twice).unwrap();
    let check = run(&["check", p]);
    assert!(!check.status.success());
    assert!(
        stdout(&check).contains("duplicate mention id"),
        "{}",
        stdout(&check)
    );
    let out = dir.path().join("out");
    let o = out.to_str().unwrap();
    let export = run(&["export", p, "--format", "brat", "--out", o]);
    assert!(export.status.success(), "{}", stderr(&export));
    assert!(
        stderr(&export).contains("written twice")
            && stderr(&export).contains(&file.display().to_string()),
        "{}",
        stderr(&export)
    );
    let ann: String = util::files_below(&out)
        .iter()
        .filter(|f| f.ends_with(".ann"))
        .map(|f| std::fs::read_to_string(out.join(f)).unwrap())
        .collect();
    let spans: Vec<&str> = ann
        .lines()
        .filter(|l| l.starts_with('T'))
        .map(|l| l.split_once('\t').unwrap().1)
        .collect();
    let unique: std::collections::BTreeSet<&&str> = spans.iter().collect();
    assert_eq!(spans.len(), unique.len(), "no span twice: {ann}");
    // Two different mentions under one id: which one is meant is unknown.
    let other = line.replacen("LOCATION", "PERSON", 1);
    std::fs::write(&file, saved.replacen(&line, &format!("{line}\n{other}"), 1)).unwrap();
    let export = run(&["export", p, "--format", "brat", "--out", o]);
    assert!(!export.status.success(), "{}", stdout(&export));
    assert!(
        stderr(&export).contains("share the id"),
        "{}",
        stderr(&export)
    );
}

#[cfg(unix)]
#[test]
fn a_folder_import_does_not_follow_a_link_out_of_the_folder() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("p");
    let p = project.to_str().unwrap();
    assert!(run(&["new", p]).status.success());
    let outside = dir.path().join("outside");
    std::fs::create_dir_all(&outside).unwrap();
    write_article(
        &outside,
        "secret.txt",
        "Not to be imported: outside the folder.",
    );
    let folder = dir.path().join("articles");
    std::fs::create_dir_all(&folder).unwrap();
    write_article(&folder, "good.txt", "Gunmen attacked Djibo on Monday.");
    std::os::unix::fs::symlink(&outside, folder.join("etc")).unwrap();
    std::os::unix::fs::symlink(outside.join("secret.txt"), folder.join("linked.txt")).unwrap();
    let import = run(&["import", p, folder.to_str().unwrap()]);
    assert!(!import.status.success(), "{}", stdout(&import));
    let message = stderr(&import);
    for link in ["etc", "linked.txt"] {
        assert!(
            message.contains(&folder.join(link).display().to_string())
                && message.contains("symbolic link"),
            "{message}"
        );
    }
    assert!(
        stdout(&import).contains("imported 1 new document(s)"),
        "{}",
        stdout(&import)
    );
    // The folder named may itself be a link.
    let named = dir.path().join("named");
    std::os::unix::fs::symlink(&folder, &named).unwrap();
    let import = run(&["import", p, named.to_str().unwrap()]);
    assert!(
        stdout(&import).contains("1 already present"),
        "{}",
        stdout(&import)
    );
}

/// `attest … | head -1`: the reader is gone before the command writes.
fn run_into_closed_pipe(args: &[&str]) -> std::process::Output {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    util::attest()
        .args(args)
        .stdout(writer)
        .stderr(std::process::Stdio::piped())
        .output()
        .unwrap()
}

#[test]
fn a_reader_that_stops_early_ends_the_command_quietly() {
    let (dir, project) = suggested_project();
    let p = project.to_str().unwrap();
    let out = dir.path().join("out");
    for args in [
        vec!["stats", p],
        vec![
            "export",
            p,
            "--format",
            "jsonl",
            "--include-suggestions",
            "--out",
            out.to_str().unwrap(),
        ],
        vec!["decide", p, "--accept", "--label", "LOCATION"],
    ] {
        let output = run_into_closed_pipe(&args);
        let message = stderr(&output);
        assert!(!message.contains("panicked"), "{args:?}: {message}");
        assert_ne!(output.status.code(), Some(101), "{args:?}: {message}");
    }
}

// --------------------------------- round two: no success over lost data

/// Waits for `child` at most `limit_secs`; a child still running then is
/// killed and the test fails (the command would never have ended).
fn wait_or_kill(mut child: std::process::Child, limit_secs: u64) -> std::process::Output {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(limit_secs);
    while child.try_wait().unwrap().is_none() {
        if std::time::Instant::now() > deadline {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!("still running after {limit_secs} s");
        }
        std::thread::yield_now();
    }
    child.wait_with_output().unwrap()
}

#[test]
fn the_pipeline_refuses_a_device_given_as_its_input() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.jsonl");
    let child = util::attest()
        .args(["suggest", "--jsonl", "/dev/zero", "--out"])
        .arg(&out)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let done = wait_or_kill(child, 20);
    assert_eq!(done.status.code(), Some(1), "{}", stderr(&done));
    assert!(
        stderr(&done)
            .contains("not a regular file (a device); refused without reading it: /dev/zero"),
        "{}",
        stderr(&done)
    );
    assert!(!out.exists(), "nothing is written");
}

/// Standard input may be a pipe that never ends a line (`cat /dev/zero |`):
/// the pipeline stops with an error naming the line instead of reading
/// forever. Records on a pipe still go through.
#[test]
fn the_pipeline_stops_at_a_line_that_never_ends() {
    let (dir, project) = project_with_sample();
    limit_documents_to(&project, 1000);
    let out = dir.path().join("out.jsonl");
    let child = util::attest()
        .args(["suggest", "--jsonl", "-", "--project"])
        .arg(&project)
        .arg("--out")
        .arg(&out)
        .stdin(std::fs::File::open("/dev/zero").unwrap())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let done = wait_or_kill(child, 20);
    assert_eq!(done.status.code(), Some(1), "{}", stderr(&done));
    assert!(
        stderr(&done).contains("line 1 has no end within"),
        "{}",
        stderr(&done)
    );
    // A pipe of good records is read as before.
    let mut child = util::attest()
        .args(["suggest", "--jsonl", "-", "--out", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::Write as _;
        let mut stdin = child.stdin.take().unwrap();
        stdin
            .write_all(b"{\"text\": \"JNIM fighters attacked Djibo on Monday.\"}\n")
            .unwrap();
    }
    let done = wait_or_kill(child, 20);
    assert!(done.status.success(), "{}", stderr(&done));
    assert_eq!(stdout(&done).lines().count(), 1);
}

/// `n` Attest JSONL records of gold, each with one armed group.
fn gold_records(from: usize, to: usize) -> String {
    (from..to)
        .map(|n| {
            format!(
                "{{\"text\": \"JNIM fighters attacked Djibo (report {n}).\", \"mentions\": [{{\"id\": \"m1\", \"start\": 0, \"end\": 4, \"label\": \"ARMED_GROUP\"}}]}}\n"
            )
        })
        .collect()
}

/// Each file below `dir` with its length and a hash of its bytes, sorted by path.
fn contents_below(dir: &Path) -> Vec<(String, usize, u64)> {
    use std::hash::{Hash as _, Hasher as _};
    util::files_below(dir)
        .into_iter()
        .map(|f| {
            let bytes = std::fs::read(dir.join(&f)).unwrap();
            let mut hasher = std::collections::hash_map::DefaultHasher::new();
            bytes.hash(&mut hasher);
            (f, bytes.len(), hasher.finish())
        })
        .collect()
}

/// Fills the file system of `dir` up to `room_bytes` of free space.
fn fill_disk_leaving(dir: &Path, room_bytes: u64) {
    use std::io::Write as _;
    let filler = dir.join("filler");
    let mut file = std::fs::File::create(&filler).unwrap();
    let chunk = vec![b'x'; 64 * 1024];
    let mut written = 0u64;
    loop {
        match file.write(&chunk) {
            Ok(0) | Err(_) => break,
            Ok(n) => written += n as u64,
        }
    }
    drop(file);
    let left = written.saturating_sub(room_bytes);
    std::fs::OpenOptions::new()
        .write(true)
        .open(&filler)
        .unwrap()
        .set_len(left)
        .unwrap();
}

/// A train that runs out of disk between two model files leaves the
/// previous run's models and learning curve exactly as they were: never
/// a new string matcher beside an old tagger with the curve missing a run.
#[test]
fn a_train_that_fails_midway_leaves_the_previous_models_whole() {
    let Some(disk) = TinyDisk::mount("8m") else {
        skip("cannot mount a tmpfs here (root and mount needed)");
        return;
    };
    let project = disk.path().join("p");
    let p = project.to_str().unwrap();
    assert!(run(&["new", p]).status.success());
    let gold = disk.path().join("gold.jsonl");
    std::fs::write(&gold, gold_records(0, 3)).unwrap();
    let import = |file: &Path| {
        let done = run(&[
            "--annotator",
            "gold",
            "import",
            p,
            "--format",
            "jsonl",
            file.to_str().unwrap(),
        ]);
        assert!(done.status.success(), "{}", stderr(&done));
    };
    import(&gold);
    let trained = run(&["train", p, "--annotator", "ana"]);
    assert!(trained.status.success(), "{}", stderr(&trained));
    let models = project.join("models");
    let before = contents_below(&models);
    let matcher = std::fs::metadata(models.join("string-matcher.json"))
        .unwrap()
        .len();
    std::fs::write(&gold, gold_records(3, 6)).unwrap();
    import(&gold);
    std::fs::remove_file(&gold).unwrap();
    // Room for the string matcher's file, not for the tagger's after it.
    fill_disk_leaving(disk.path(), matcher + 8 * 1024);
    let trained = run(&["train", p, "--annotator", "ana"]);
    assert!(!trained.status.success(), "{}", stdout(&trained));
    assert!(stderr(&trained).contains("error"), "{}", stderr(&trained));
    assert_eq!(
        contents_below(&models),
        before,
        "the previous models, whole"
    );
    std::fs::remove_file(disk.path().join("filler")).unwrap();
    let check = run(&["check", p]);
    assert!(check.status.success(), "{}", stdout(&check));
}

#[test]
fn temporary_files_a_killed_train_left_are_listed_by_check_and_cleaned_by_the_next() {
    let (dir, project) = project_with_sample();
    let p = project.to_str().unwrap();
    let gold = dir.path().join("gold.jsonl");
    std::fs::write(&gold, gold_records(0, 2)).unwrap();
    let done = run(&[
        "--annotator",
        "gold",
        "import",
        p,
        "--format",
        "jsonl",
        gold.to_str().unwrap(),
    ]);
    assert!(done.status.success(), "{}", stderr(&done));
    std::fs::create_dir_all(project.join("models")).unwrap();
    let leftover = project.join("models/.attest-k1ll3d.tmp");
    std::fs::write(&leftover, "half a tagger").unwrap();
    let check = run(&["check", p]);
    assert!(!check.status.success(), "{}", stdout(&check));
    assert!(
        stdout(&check).contains(&leftover.display().to_string()),
        "{}",
        stdout(&check)
    );
    let trained = run(&["train", p, "--annotator", "ana"]);
    assert!(trained.status.success(), "{}", stderr(&trained));
    assert!(!leftover.exists(), "a writer removes it");
    let check = run(&["check", p]);
    assert!(check.status.success(), "{}", stdout(&check));
}

/// A project written by a newer Attest may hold what this build cannot
/// read (a field it drops, a meaning it does not know): every command
/// refuses it, saying so, rather than count or export it wrongly.
#[test]
fn every_command_refuses_a_project_of_a_newer_format() {
    let (dir, project) = project_with_sample();
    let p = project.to_str().unwrap();
    set_project_file(&project, |t| {
        t.replace(
            &format!("format_version: {},", attest::model::FORMAT_VERSION),
            "format_version: 999,",
        )
    });
    let out = dir.path().join("out");
    let records = write_article(
        dir.path(),
        "r.jsonl",
        "{\"text\": \"JNIM attacked Djibo.\"}\n",
    );
    let piped = dir.path().join("piped.jsonl");
    let commands = [
        vec!["stats", p],
        vec!["stats", p, "--json"],
        vec!["check", p],
        vec![
            "export",
            p,
            "--format",
            "jsonl",
            "--out",
            out.to_str().unwrap(),
        ],
        vec!["agree", p, "ana", "ben"],
        vec!["evaluate", p, "--gold", "ana", "--system", "ben"],
        vec!["simulate", p, "--gold", "ana"],
        vec!["suggest", p],
        vec!["train", p],
        vec![
            "suggest",
            "--jsonl",
            records.to_str().unwrap(),
            "--out",
            piped.to_str().unwrap(),
            "--project",
            p,
        ],
    ];
    for args in &commands {
        let output = run(args);
        assert_eq!(
            output.status.code(),
            Some(1),
            "{args:?}: {}",
            stdout(&output)
        );
        assert!(
            stderr(&output).contains("newer Attest (format version 999"),
            "{args:?}: {}",
            stderr(&output)
        );
    }
    assert!(!out.exists(), "nothing exported");
    assert!(!piped.exists(), "nothing piped");
}

/// A flag value that cannot mean what was asked — not a number, a split
/// of four parts or not adding up, a label or suggester the project does
/// not have — is a usage error (exit 2) before anything is written,
/// never a run that quietly selects nothing.
#[test]
fn a_flag_value_that_cannot_mean_anything_is_refused_with_exit_2() {
    let (dir, project) = suggested_project();
    let p = project.to_str().unwrap();
    let before = contents_below(&project.join("annotations"));
    let out = dir.path().join("out");
    let o = out.to_str().unwrap();
    let cases: [(&[&str], &str); 10] = [
        (
            &["decide", p, "--accept", "--min-score", "NaN"],
            "--min-score",
        ),
        (
            &["decide", p, "--accept", "--min-score", "inf"],
            "--min-score",
        ),
        (
            &["decide", p, "--reject", "--min-score=-inf"],
            "--min-score",
        ),
        (
            &["decide", p, "--accept", "--label", "ARMED_GROPU"],
            "ARMED_GROPU",
        ),
        (
            &["decide", p, "--accept", "--source", "catalouge"],
            "catalouge",
        ),
        (
            &[
                "export",
                p,
                "--format",
                "jsonl",
                "--out",
                o,
                "--split",
                "70,10,10,10",
            ],
            "--split",
        ),
        (
            &[
                "export", p, "--format", "jsonl", "--out", o, "--split", "80,10,5",
            ],
            "--split",
        ),
        (
            &[
                "export",
                p,
                "--format",
                "jsonl",
                "--out",
                o,
                "--split",
                "NaN,50,50",
            ],
            "--split",
        ),
        (
            &[
                "export",
                p,
                "--format",
                "jsonl",
                "--out",
                o,
                "--split",
                "0.8,0.1,0.1",
            ],
            "--split",
        ),
        (
            &[
                "export", p, "--format", "jsonl", "--out", o, "--split", "inf",
            ],
            "--split",
        ),
    ];
    for (args, named) in cases {
        let output = run(args);
        assert_eq!(
            output.status.code(),
            Some(2),
            "{args:?}: {}",
            stderr(&output)
        );
        assert!(
            stderr(&output).contains(named),
            "{args:?}: {}",
            stderr(&output)
        );
        assert!(!out.exists(), "{args:?}: nothing exported");
        assert_eq!(
            contents_below(&project.join("annotations")),
            before,
            "{args:?}: nothing decided"
        );
    }
    // Spelt right, they work.
    let decided = run(&[
        "decide",
        p,
        "--accept",
        "--label",
        "ARMED_GROUP",
        "--source",
        "catalogue",
        "--min-score",
        "0.5",
    ]);
    assert!(decided.status.success(), "{}", stderr(&decided));
}

#[test]
fn a_full_disk_stops_decide_with_one_line_and_leaves_every_file_as_it_was() {
    let Some(disk) = TinyDisk::mount("2m") else {
        skip("cannot mount a tmpfs here (root and mount needed)");
        return;
    };
    let project = disk.path().join("p");
    let p = project.to_str().unwrap();
    assert!(new_project_of_samples(&project, 5).status.success());
    assert!(run(&["suggest", p]).status.success());
    let annotations = project.join("annotations");
    let before = contents_below(&annotations);
    fill_disk_leaving(disk.path(), 0);
    let decide = run(&["decide", p, "--accept"]);
    assert_eq!(decide.status.code(), Some(1), "{}", stdout(&decide));
    let errors: Vec<_> = stderr(&decide)
        .lines()
        .filter(|l| l.starts_with("error"))
        .map(str::to_owned)
        .collect();
    assert_eq!(errors.len(), 1, "one line: {errors:#?}");
    assert!(errors[0].contains("No space left"), "{errors:#?}");
    assert!(
        stdout(&decide).contains("accepted 0 suggestion(s) in 0 of 5 document(s)"),
        "only what was saved is counted: {}",
        stdout(&decide)
    );
    std::fs::remove_file(disk.path().join("filler")).unwrap();
    assert_eq!(contents_below(&annotations), before, "every file as it was");
    let check = run(&["check", p]);
    assert!(check.status.success(), "{}", stdout(&check));
}

#[cfg(unix)]
fn mode_of(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

/// Runs `attest ARGS` under `umask`.
#[cfg(unix)]
fn run_with_umask(umask: &str, args: &[&str]) -> std::process::Output {
    let mut command = std::process::Command::new("sh");
    command
        .arg("-c")
        .arg(format!("umask {umask} && exec \"$0\" \"$@\""))
        .arg(env!("CARGO_BIN_EXE_attest"))
        .args(args)
        .env_remove("ATTEST_ANNOTATOR")
        .env("USER", "tester");
    command.output().unwrap()
}

/// New files take the mode the umask allows, as any tool's do (a team's
/// shared project stays readable by the group); a rewritten file keeps the
/// mode it had (a file the owner closed to others stays closed).
#[cfg(unix)]
#[test]
fn files_attest_writes_honour_the_umask_and_keep_the_mode_they_replace() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("p");
    let p = project.to_str().unwrap();
    assert!(run_with_umask("002", &["new", p]).status.success());
    let sample = util::sample_path();
    assert!(
        run_with_umask("002", &["import", p, sample.to_str().unwrap()])
            .status
            .success()
    );
    assert!(run_with_umask("002", &["suggest", p]).status.success());
    let annotation = std::fs::read_dir(project.join("annotations/tester"))
        .unwrap()
        .flatten()
        .next()
        .unwrap()
        .path();
    let text = documents_of(&project, "txt").remove(0);
    for file in [&annotation, &text, &project.join("project.ron")] {
        assert_eq!(mode_of(file), 0o664, "{}", file.display());
    }
    // Closed by its owner, rewritten under a permissive umask: stays closed.
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::set_permissions(&annotation, std::fs::Permissions::from_mode(0o640)).unwrap();
    let decide = run_with_umask("000", &["decide", p, "--accept"]);
    assert!(decide.status.success(), "{}", stderr(&decide));
    assert_eq!(mode_of(&annotation), 0o640);
    // Under a strict umask, new files are the owner's only; none is ever
    // writable by others.
    let article = write_article(
        dir.path(),
        "b.txt",
        "JNIM fighters attacked Djibo on Monday.",
    );
    assert!(
        run_with_umask("077", &["import", p, article.to_str().unwrap()])
            .status
            .success()
    );
    for file in util::files_below(&project) {
        let mode = mode_of(&project.join(&file));
        assert_eq!(mode & 0o002, 0, "{file} is writable by others");
    }
    let newest = documents_of(&project, "ron")
        .into_iter()
        .find(|f| std::fs::read_to_string(f).unwrap().contains("b.txt"))
        .unwrap();
    assert_eq!(mode_of(&newest), 0o600);
}

/// A second writer given `--wait` waits for the project lock instead of
/// failing, and says how long it waited when it gives up.
#[test]
fn a_writer_with_wait_waits_for_the_lock_and_says_so_when_it_gives_up() {
    let (dir, project) = project_with_sample();
    let p = project.to_str().unwrap();
    let article = write_article(
        dir.path(),
        "b.txt",
        "JNIM fighters attacked Djibo on Monday.",
    );
    let a = article.to_str().unwrap();
    let held = attest::store::ProjectLock::acquire(&project, "ana").unwrap();
    let refused = run(&["import", p, a, "--wait", "1"]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        stderr(&refused).contains("waited 1 s") && stderr(&refused).contains("annotator ana"),
        "{}",
        stderr(&refused)
    );
    let bad = run(&["import", p, a, "--wait", "NaN"]);
    assert_eq!(bad.status.code(), Some(2), "{}", stderr(&bad));
    let child = util::attest()
        .args(["import", p, a, "--wait", "60"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Once the child has the lock file open, it is waiting for the lock.
    let fds = PathBuf::from(format!("/proc/{}/fd", child.id()));
    let lock = std::fs::canonicalize(project.join(".attest.lock")).unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while !std::fs::read_dir(&fds)
        .into_iter()
        .flatten()
        .flatten()
        .any(|fd| std::fs::read_link(fd.path()).is_ok_and(|l| l == lock))
    {
        assert!(
            std::time::Instant::now() < deadline,
            "the child never opened the lock"
        );
        std::thread::yield_now();
    }
    drop(held);
    let done = wait_or_kill(child, 60);
    assert!(done.status.success(), "{}", stderr(&done));
    assert!(
        stdout(&done).contains("imported 1 new document(s)"),
        "{}",
        stdout(&done)
    );
}
