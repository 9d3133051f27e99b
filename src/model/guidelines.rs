//! The project's annotation guidelines: a Markdown file (`guidelines.md`
//! beside `project.ron`) the team writes, with a section per label headed
//! by the label's name — its definition, what counts and what does not,
//! examples. The window opens it at the section of the label in hand.

/// The guidelines file's name in the project folder.
pub const GUIDELINES_FILE: &str = "guidelines.md";

/// The section of `markdown` under the heading named `name` (any level,
/// letter case and surrounding `` ` `` ignored): the heading's line and
/// everything up to the next heading of the same or a higher level. Lines
/// inside fenced code blocks are never headings.
pub fn section<'a>(markdown: &'a str, name: &str) -> Option<&'a str> {
    let mut start: Option<(usize, usize)> = None;
    let mut fenced = false;
    let mut offset = 0;
    for line in markdown.split_inclusive('\n') {
        let here = offset;
        offset += line.len();
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fenced = !fenced;
            continue;
        }
        if fenced {
            continue;
        }
        let Some((level, title)) = heading(line) else {
            continue;
        };
        match start {
            Some((_, open_level)) if level <= open_level => {
                let (begin, _) = start?;
                return Some(&markdown[begin..here]);
            }
            Some(_) => {}
            None => {
                let title = title.trim_matches('`').trim();
                if title.eq_ignore_ascii_case(name.trim()) {
                    start = Some((here, level));
                }
            }
        }
    }
    start.map(|(begin, _)| &markdown[begin..])
}

/// An ATX heading's level and text: `## ARMED_GROUP ##` is (2, "ARMED_GROUP").
fn heading(line: &str) -> Option<(usize, &str)> {
    let line = line.trim_end();
    // Up to three spaces of indentation, as CommonMark allows.
    let indent = line.len() - line.trim_start_matches(' ').len();
    if indent > 3 {
        return None;
    }
    let rest = &line[indent..];
    let level = rest.len() - rest.trim_start_matches('#').len();
    if !(1..=6).contains(&level) {
        return None;
    }
    let text = &rest[level..];
    if !text.is_empty() && !text.starts_with([' ', '\t']) {
        return None;
    }
    Some((level, text.trim().trim_end_matches('#').trim()))
}

/// `markdown` with every heading named `old` (as [`section`] finds it)
/// renamed `new`; `None` when no heading is named `old`. A renamed label
/// keeps its section. Prose that mentions the name is left as written.
pub fn rename_heading(markdown: &str, old: &str, new: &str) -> Option<String> {
    rename_headings(markdown, &[(old, new)])
}

/// [`rename_heading`] for several names at once, each heading renamed by
/// its name before any rename (so that swapping two names swaps them).
pub fn rename_headings(markdown: &str, renames: &[(&str, &str)]) -> Option<String> {
    let mut out = String::with_capacity(markdown.len());
    let mut fenced = false;
    let mut renamed = false;
    for line in markdown.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fenced = !fenced;
        } else if !fenced
            && let Some((level, title)) = heading(line)
            && let Some((_, new)) = renames.iter().find(|(old, _)| {
                title
                    .trim_matches('`')
                    .trim()
                    .eq_ignore_ascii_case(old.trim())
            })
        {
            let end = if line.ends_with('\n') { "\n" } else { "" };
            out.push_str(&format!("{} {new}{end}", "#".repeat(level)));
            renamed = true;
            continue;
        }
        out.push_str(line);
    }
    renamed.then_some(out)
}

/// A first guidelines file for a schema: a heading per label with its
/// description, for the team to fill in.
pub fn starter(schema: &super::Schema) -> String {
    let mut out = String::from(
        "# Annotation guidelines\n\nWhat to mark, and how, for every label. Each label's section opens with F1 when an item of that label is in hand.\n\n## Entity labels\n",
    );
    for label in &schema.entity_labels {
        out.push_str(&format!("\n### {}\n\n", label.name));
        if label.description.is_empty() {
            out.push_str("(Definition.)\n");
        } else {
            out.push_str(&label.description);
            out.push('\n');
        }
        out.push_str("\nExamples:\n\n- \n");
    }
    if !schema.event_types.is_empty() {
        out.push_str("\n## Event types\n");
        for event_type in &schema.event_types {
            out.push_str(&format!("\n### {}\n\n", event_type.name));
            if !event_type.description.is_empty() {
                out.push_str(&event_type.description);
                out.push('\n');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const GUIDE: &str = "# Guidelines\n\nIntro.\n\n## Entity labels\n\n### ARMED_GROUP\n\nNon-state armed groups.\n\n```\n# not a heading\n```\n\n#### Examples\n\n- JNIM\n\n### `LOCATION` ###\n\nPlaces.\n\n## Event types\n\nTypes.\n";

    #[test]
    fn a_labels_section_runs_to_the_next_heading_of_its_level_or_above() {
        let armed = section(GUIDE, "armed_group").unwrap();
        assert!(armed.starts_with("### ARMED_GROUP\n"));
        assert!(
            armed.contains("# not a heading"),
            "a fenced line is no heading"
        );
        assert!(armed.contains("- JNIM"), "a deeper heading stays inside");
        assert!(!armed.contains("Places"));
        let location = section(GUIDE, "LOCATION").unwrap();
        assert!(location.contains("Places.") && !location.contains("Types."));
        let labels = section(GUIDE, "Entity labels").unwrap();
        assert!(labels.contains("Places.") && !labels.contains("Types."));
        assert!(section(GUIDE, "Event types").unwrap().ends_with("Types.\n"));
        assert_eq!(section(GUIDE, "FACILITY"), None);
        assert_eq!(
            section("#hashtag\n", "hashtag"),
            None,
            "no space, no heading"
        );
    }

    #[test]
    fn a_renamed_label_keeps_its_section_and_a_swap_swaps() {
        let renamed = rename_heading(GUIDE, "ARMED_GROUP", "NSAG").unwrap();
        assert!(section(&renamed, "NSAG").unwrap().contains("- JNIM"));
        assert_eq!(section(&renamed, "ARMED_GROUP"), None);
        assert_eq!(rename_heading(GUIDE, "FACILITY", "SITE"), None);
        let prose = "### LOCATION\n\nNot an ARMED_GROUP.\n";
        assert_eq!(
            rename_heading(prose, "ARMED_GROUP", "NSAG"),
            None,
            "only headings are renamed"
        );
        let swap = [("ARMED_GROUP", "LOCATION"), ("LOCATION", "ARMED_GROUP")];
        let swapped = rename_headings(GUIDE, &swap).unwrap();
        assert!(section(&swapped, "LOCATION").unwrap().contains("- JNIM"));
        assert!(
            section(&swapped, "ARMED_GROUP")
                .unwrap()
                .contains("Places.")
        );
    }
}
