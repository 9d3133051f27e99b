//! The ACLED-style export of the demo project, run through the real binary:
//! every suggestion accepted, the document dated by its wire dateline, and
//! the rows compared with rows written by hand from reading the article.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use attest::model::DocumentMeta;
use attest::store::{OpenMode, Project};

use crate::util::suggested_demo_project;

/// The demo article as the wire printed it, with a dateline of Wednesday
/// 19 November 2025 (residents spoke to AFP "Wednesday" about Tuesday's
/// attacks).
const DATELINE: &str = "BAMAKO, Nov 19, 2025 (AFP) - ";

/// Gives the demo's one document the metadata import takes from the dated
/// article: the body is the demo text itself, so the id does not change.
fn date_the_demo(project_dir: &Path) {
    let (project, _) = Project::open(project_dir, OpenMode::ReadOnly).expect("the demo opens");
    let id = project.documents()[0].id.clone();
    let text = project.load_text(&id).expect("the demo text reads");
    let sample = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sample/mali-jnim-attacks.txt"),
    )
    .expect("the sample reads");
    let article = attest::ingest::parse_article(&format!("{DATELINE}{sample}"))
        .expect("the dated article has a body");
    assert_eq!(article.body, text, "the dateline is not body text");
    assert_eq!(article.meta.date.as_deref(), Some("Nov 19, 2025"));
    let old: DocumentMeta = ron::from_str(
        &std::fs::read_to_string(project.meta_path(&id)).expect("the metadata reads"),
    )
    .expect("the metadata parses");
    let meta = DocumentMeta {
        id: old.id,
        origin: old.origin,
        imported_at: old.imported_at,
        ..article.meta
    };
    std::fs::write(
        project.meta_path(&id),
        ron::ser::to_string_pretty(&meta, ron::ser::PrettyConfig::default())
            .expect("the metadata serialises"),
    )
    .expect("the metadata is written");
}

fn attest(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_attest"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs")
}

/// The CSV's rows as maps from column to cell.
fn rows(csv: &str) -> Vec<BTreeMap<String, String>> {
    let mut lines = csv.lines();
    let header = lines.next().expect("a header line");
    assert!(
        header.starts_with(
            "event_date,event_type,sub_event_type,actor1,assoc_actor_1,actor2,assoc_actor_2,\
             country,admin1,location,fatalities,source,notes,attest_document,attest_event,\
             trigger_start,trigger_end"
        ),
        "{header}"
    );
    // Parsed by hand rather than by the crate that wrote it: quoted cells
    // with doubled quotes, no newlines in cells.
    let cells = |line: &str| -> Vec<String> {
        let mut cells = vec![String::new()];
        let mut quoted = false;
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '"' if quoted && chars.peek() == Some(&'"') => {
                    chars.next();
                    cells.last_mut().expect("a cell").push('"');
                }
                '"' => quoted = !quoted,
                ',' if !quoted => cells.push(String::new()),
                c => cells.last_mut().expect("a cell").push(c),
            }
        }
        cells
    };
    let columns = cells(header);
    lines
        .map(|line| {
            let row = cells(line);
            assert_eq!(row.len(), columns.len(), "{line}");
            columns.iter().cloned().zip(row).collect()
        })
        .collect()
}

/// Rows written by hand from the article, in the export's order (the
/// triggers' reading order), as ACLED's columns, then the trigger and the
/// time expression each row was read from:
/// `event_date, event_type, sub_event_type, actor1, actor2, country,
/// location, trigger_text, time_text`. No row has associated actors, an
/// admin1 (the catalogue knows no region of these towns) or a toll (the
/// article says neither side gave one); every source is the dateline's AFP.
/// ACLED's name for Mali's army, which holds the posts attacked.
const MALI_ARMY: &str = "Military Forces of Mali (2021-)";
const EXPECTED: [[&str; 9]; 5] = [
    // "Jihadists have attacked two military installations in Mali … both
    // areas came under serious assault. The attacks, which took place
    // Tuesday, were claimed by … JNIM. … Mali's army confirmed Tuesday's
    // attacks": one event, the assault and the attacks referring back to it,
    // dated by "Tuesday" (the anaphor's) rather than by the "Wednesday" on
    // which residents spoke to AFP. "Jihadists" only describes the
    // attackers: the group that claims the attacks is actor1. The army's
    // installations attacked make the army actor2, by ACLED's name.
    [
        "2025-11-18",
        "Battles",
        "Armed clash",
        JNIM,
        MALI_ARMY,
        "Mali",
        "Mali",
        "attacked",
        "Tuesday",
    ],
    // The 2020 and 2021 coups: a year is no day, so the dates stay empty.
    // ("The latest attacks come as …" refers back to the first event, so
    // the coups' years no longer date a row of attacks of their own.)
    [
        "",
        "Strategic developments",
        "Other",
        "",
        "",
        "",
        "",
        "coups",
        "2020; 2021",
    ],
    // The two attacks an ACLED coder records: the camp at Farabougou taken
    // on Tuesday morning, and the installation at Kassela later that day.
    [
        "2025-11-18",
        "Battles",
        "Non-state actor overtakes territory",
        JNIM,
        MALI_ARMY,
        "Mali",
        "Farabougou",
        "taken control",
        "Tuesday morning",
    ],
    [
        "2025-11-18",
        "Battles",
        "Armed clash",
        JNIM,
        MALI_ARMY,
        "Mali",
        "Kassela",
        "attacked",
        "Tuesday",
    ],
    // "atrocities against civilians": no time, so no date; no one named,
    // so ACLED's unidentified armed group against ACLED's civilians.
    [
        "",
        "Violence against civilians",
        "Attack",
        "Unidentified Armed Group (Mali)",
        "Civilians (Mali)",
        "Mali",
        "Mali",
        "atrocities",
        "",
    ],
];

/// JNIM's name in ACLED's coding, which the export writes.
const JNIM: &str = "JNIM: Group for Support of Islam and Muslims";

#[test]
fn the_demo_exports_as_acled_rows_dated_from_the_dateline() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("demo");
    suggested_demo_project(&project);
    date_the_demo(&project);
    let out = dir.path().join("acled");
    let output = attest(&[
        "export",
        project.to_str().unwrap(),
        "--format",
        "acled-csv",
        "--out",
        out.to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    let csv = std::fs::read_to_string(out.join("all.csv")).unwrap();
    let rows = rows(&csv);
    assert_eq!(rows.len(), EXPECTED.len(), "one row per event:\n{csv}");
    let columns = [
        "event_date",
        "event_type",
        "sub_event_type",
        "actor1",
        "actor2",
        "country",
        "location",
        "trigger_text",
        "time_text",
    ];
    for (row, expected) in rows.iter().zip(EXPECTED) {
        let got: Vec<&str> = columns.iter().map(|c| row[*c].as_str()).collect();
        assert_eq!(got, expected, "{}", row["attest_event"]);
        for empty in ["assoc_actor_1", "assoc_actor_2", "admin1", "fatalities"] {
            assert_eq!(row[empty], "", "{empty} of {}", row["attest_event"]);
        }
        assert_eq!(row["source"], "AFP");
        assert_eq!(row["attest_document"], "ed1998e1ff29d999");
    }

    // The attack rows in full, as a coder reads them.
    let attacks = &rows[0];
    assert!(
        attacks["notes"].contains(
            "Claimed by JNIM: Group for Support of Islam and Muslims (responsible: JNIM: Group \
             for Support of Islam and Muslims; cue \"were claimed by\")"
        ) && attacks["notes"]
            .contains("Confirmed by Military Forces of Mali (2021-) (cue \"confirmed\")"),
        "JNIM's claim and the army's confirmation are about the one attack: {}",
        attacks["notes"]
    );
    let farabougou = &rows[2];
    assert_eq!(
        farabougou["notes"],
        "The militants claimed to have taken control of a military camp in the central town \
         of Farabougou on Tuesday morning. | Claimed by JNIM: Group for Support of Islam and \
         Muslims (responsible: JNIM: Group for Support of Islam and Muslims; cue \"claimed to have\")"
    );
    let kassela = &rows[3];
    assert_eq!(
        kassela["notes"],
        "The militants also attacked a military installation in the southwestern town of \
         Kassela later in the day Tuesday, located just dozens of kilometres from the capital Bamako."
    );

    // Every span leads back to the text, counted in code points.
    let (opened, _) = Project::open(&project, OpenMode::ReadOnly).unwrap();
    let text = opened.load_text(&opened.documents()[0].id).unwrap();
    let chars: Vec<char> = text.chars().collect();
    let slice = |span: &str| -> String {
        let (start, end) = span.split_once(':').unwrap();
        chars[start.parse::<usize>().unwrap()..end.parse::<usize>().unwrap()]
            .iter()
            .collect()
    };
    for row in &rows {
        let trigger = format!("{}:{}", row["trigger_start"], row["trigger_end"]);
        assert_eq!(slice(&trigger), row["trigger_text"]);
        let times: Vec<String> = row["time_spans"]
            .split("; ")
            .filter(|s| !s.is_empty())
            .map(slice)
            .collect();
        assert_eq!(times.join("; "), row["time_text"]);
    }
    assert_eq!(slice(&farabougou["agent_spans"]), "The militants");
    assert_eq!(slice(&farabougou["location_spans"]), "Farabougou");
    assert_eq!(slice(&kassela["location_spans"]), "Kassela");

    // The dates left empty are listed, on stderr and in the card.
    let card: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("dataset.json")).unwrap()).unwrap();
    let listed: Vec<(&str, &str)> = card["left_empty"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["item"].as_str().unwrap(), f["reason"].as_str().unwrap()))
        .collect();
    assert_eq!(
        listed,
        [
            ("e2", "\"2020\" names no single day"),
            ("e5", "the event has no time role"),
        ]
    );
    assert!(
        stderr.contains("note: 2 field(s) left empty, listed in dataset.json:"),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "ed1998e1ff29d999 e5 event_date 2013..2023 \"atrocities\": the event has no time role"
        ),
        "{stderr}"
    );
}

#[test]
fn an_undated_demo_lists_every_relative_date_it_cannot_resolve() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("demo");
    suggested_demo_project(&project);
    let out = dir.path().join("acled");
    let output = attest(&[
        "export",
        project.to_str().unwrap(),
        "--format",
        "acled",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(output.status.success());
    let rows = rows(&std::fs::read_to_string(out.join("all.csv")).unwrap());
    assert!(rows.iter().all(|r| r["event_date"].is_empty()));
    assert_eq!(rows[2]["source"], "", "no dateline, no agency");
    let card: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("dataset.json")).unwrap()).unwrap();
    let listed = card["left_empty"].as_array().unwrap();
    assert_eq!(listed.len(), rows.len(), "every empty date is listed");
    assert_eq!(
        listed[2]["reason"],
        "the document has no dated dateline to resolve \"Tuesday morning\" against"
    );
}

#[test]
fn an_acled_csv_without_notes_is_refused_with_its_columns_named() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("p");
    assert!(attest(&["new", project.to_str().unwrap()]).status.success());
    let csv = dir.path().join("rows.csv");
    std::fs::write(&csv, "event_date\n").unwrap();
    let output = attest(&[
        "import",
        project.to_str().unwrap(),
        csv.to_str().unwrap(),
        "--format",
        "acled-csv",
    ]);
    assert!(!output.status.success());
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        said.contains("rows.csv")
            && said.contains("no `notes` column")
            && said.contains("event_date"),
        "{said}"
    );
}
