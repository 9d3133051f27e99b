//! Curation of the current document, in the text: pick the annotators,
//! and the article shows every place they marked — agreed places in their
//! label's colour, open disagreements in violet, the one in hand outlined.
//! This window shows that place's versions side by side, one column per
//! annotator with their comment; `1`–`9` takes one, `0` drops the place,
//! `J`/`K` move, `Ctrl+Z` undoes. Places that enough annotators agree on
//! (a share the curator sets) are merged in one step, in this document or
//! over the whole project (a background job, undone in one step too).
//! Every step is written to the gold annotator's file at once.

use crate::app::jobs::{self, CurateOptions, CurateReport};
use crate::app::{CurationAction, Decision, SourceVersion, Version, WindowKind, Workspace};
use crate::model::DocumentId;

use super::window::{Ask, Loader, Output, Panel, Reply, Request, Window};

/// How many of the documents a project merge left open are listed.
const LISTED: usize = 8;

/// The keys of curation, read by [`handle_keys`] while it is under way:
/// shown in the window and in the shortcut overlay.
pub const KEYS: [(&str, &str); 4] = [
    ("J / K", "next / previous place"),
    ("1–9", "take that annotator's version"),
    ("0", "drop the place (keep nothing)"),
    ("Ctrl+Z", "undo the last step"),
];

#[derive(Default)]
pub struct CurationWindow {
    open: bool,
    chosen: Vec<(String, bool)>,
    /// The annotators being compared, so the next document opened is
    /// curated between them too.
    curating: Vec<String>,
    message: Option<Result<String, String>>,
    /// Asked for while drawing, done after the frame's requests.
    start_requested: bool,
    project_requested: bool,
    project_merge: Loader<CurateReport>,
    /// The documents the last project merge left with disagreements.
    left_open: Vec<(DocumentId, usize)>,
}

impl Window for CurationWindow {
    fn name(&self) -> &'static str {
        "Curate"
    }

    fn kind(&self) -> WindowKind {
        WindowKind::Curation
    }

    fn is_open(&self) -> bool {
        self.open
    }

    fn set_open(&mut self, open: bool) {
        self.open = open;
    }

    /// Opens it on the current document.
    fn on_command(&mut self, workspace: &Workspace) -> Output {
        self.open = true;
        if workspace.curation_of_current().is_none() {
            self.message = None;
            self.chosen = preticked(workspace.annotators_of_current(), &workspace.annotator);
        }
        Output::default()
    }

    fn frame<'a>(&self, window: egui::Window<'a>) -> egui::Window<'a> {
        window
            .default_size([700.0, 420.0])
            // Below the article's opening lines, which it is about.
            .default_pos([300.0, 330.0])
    }

    fn after_frame(&mut self, ctx: &egui::Context, workspace: &Workspace) -> Output {
        let mut out = Output::default();
        // Closing the window (its button, its cross, the menu again) ends
        // curation: the article shows the analyst's own items again.
        if !self.open && workspace.curation.is_some() {
            self.curating.clear();
            out.request(Request::Curate(CurationAction::Leave));
            return out;
        }
        if std::mem::take(&mut self.start_requested) {
            self.curating = self
                .chosen
                .iter()
                .filter(|(_, keep)| *keep)
                .map(|(n, _)| n.clone())
                .collect();
            out.ask(self.kind(), Ask::Curate(self.curating.clone()));
        }
        // Another document opened while curating is curated in turn.
        if workspace.curation.is_some() && workspace.curation_of_current().is_none() {
            let present: Vec<String> = workspace
                .annotators_of_current()
                .into_iter()
                .filter(|a| self.curating.contains(a))
                .collect();
            if present.len() >= 2 {
                out.ask(self.kind(), Ask::Curate(present));
            } else {
                self.message = Some(Err(
                    "Fewer than two of the annotators curated have a file for this document."
                        .into(),
                ));
                out.request(Request::Curate(CurationAction::Leave));
                self.chosen = preticked(workspace.annotators_of_current(), &workspace.annotator);
            }
        }
        if std::mem::take(&mut self.project_requested)
            && let Some(curation) = &workspace.curation
        {
            match workspace.project.handle_for_job() {
                Ok(handle) => {
                    let options = CurateOptions {
                        annotators: curation.adjudication.annotators.clone(),
                        threshold: curation.threshold,
                        curator: workspace.annotator.clone(),
                    };
                    self.project_merge
                        .start_with("Curate", handle, move |mut handle, control| {
                            jobs::curate(&mut handle, &options, control).map_err(|e| e.to_string())
                        });
                }
                Err(e) => self.message = Some(Err(e.to_string())),
            }
        }
        match self.project_merge.poll(ctx) {
            Some(Ok(report)) => out.ask(self.kind(), Ask::AdoptCuration(report)),
            Some(Err(e)) => self.message = Some(Err(e)),
            None => {}
        }
        out
    }

    fn on_reply(&mut self, reply: Reply, _workspace: &Workspace) -> Output {
        match reply {
            Reply::CurationStarted(Ok(())) => {}
            Reply::CurationStarted(Err(e)) => self.message = Some(Err(e.to_string())),
            Reply::CurationAdopted(report, result) => {
                self.left_open = report.open.clone();
                self.message = Some(match result {
                    Ok(()) => Ok(format!(
                        "Whole project: {} document(s) compared, {} place(s) merged, {} gold file(s) written; {} disagreement(s) left in {} document(s).",
                        report.documents,
                        report.merged,
                        report.written,
                        report.undecided,
                        report.open.len()
                    )),
                    Err(e) => Err(e.to_string()),
                });
            }
            _ => {}
        }
        Output::default()
    }

    fn is_busy(&self) -> bool {
        self.project_merge.is_running()
    }
}

/// The annotators offered for comparison, ticked as a curator would
/// start: everyone but the curator (usually not one of those compared)
/// and the gold file itself; when that leaves fewer than two, the
/// curator's own file too.
fn preticked(annotators: Vec<String>, curator: &str) -> Vec<(String, bool)> {
    let gold = crate::quality::adjudication::GOLD_ANNOTATOR;
    let others = annotators
        .iter()
        .filter(|a| *a != curator && *a != gold)
        .count();
    annotators
        .into_iter()
        .map(|a| {
            let compare = a != gold && (a != curator || others < 2);
            (a, compare)
        })
        .collect()
}

impl Panel for CurationWindow {
    /// Draws the window; it takes the keyboard while curating.
    fn ui(&mut self, ui: &mut egui::Ui, workspace: &Workspace) -> Output {
        let mut out = Output::default();
        let curating = workspace.curation_of_current().is_some();
        if curating {
            // While the whole project is merged, the gold files are the job's.
            let idle = !self.project_merge.is_running();
            ui.add_enabled_ui(idle, |ui| self.curating_ui(ui, workspace, &mut out));
        } else {
            self.choose_ui(ui, &mut out);
        }
        self.project_merge.progress_ui(ui);
        super::theme::outcome_ui(ui, self.message.as_ref());
        if !self.left_open.is_empty() {
            ui.label("Documents left to curate, most disagreements first:");
            for (id, undecided) in self.left_open.iter().take(LISTED) {
                let title = workspace
                    .list
                    .summaries
                    .get(id)
                    .map_or_else(|| id.to_string(), |s| s.title.clone());
                if ui.small_button(format!("{undecided} · {title}")).clicked() {
                    out.request(Request::Select(id.clone()));
                }
            }
        }
        if ui.button("Close").clicked() {
            self.open = false;
        }
        // While the whole project is merged, the gold files are the job's.
        if curating && self.open && !self.project_merge.is_running() {
            handle_keys(ui.ctx(), workspace, &mut out);
        }
        out.typing |= curating && self.open;
        out
    }
}

impl CurationWindow {
    fn choose_ui(&mut self, ui: &mut egui::Ui, out: &mut Output) {
        ui.label("Annotators to compare on this document:");
        for (name, keep) in &mut self.chosen {
            ui.checkbox(keep, name.as_str());
        }
        let chosen = self.chosen.iter().filter(|(_, keep)| *keep).count();
        let enough = chosen >= 2;
        // Always one line, so ticking a box never moves the buttons.
        ui.label(if enough {
            format!("{chosen} annotators will be compared, in the text.")
        } else {
            "Choose at least two annotators who have annotated this document.".to_owned()
        });
        if ui.add_enabled(enough, egui::Button::new("Start")).clicked() {
            // Unsaved edits count: the app saves them first.
            self.start_requested = true;
            self.message = None;
            out.request(Request::SaveEdits);
        }
    }

    fn curating_ui(&mut self, ui: &mut egui::Ui, workspace: &Workspace, out: &mut Output) {
        let Some(curation) = workspace.curation_of_current() else {
            return;
        };
        let adjudication = &curation.adjudication;
        let annotators = &adjudication.annotators;
        ui.label(format!(
            "{} agreed item(s) are in gold. {} disagreement(s), {} undecided.",
            adjudication.agreed_count(),
            adjudication.disagreements.len(),
            adjudication.undecided_count()
        ));
        for (name, comment) in annotators.iter().zip(&adjudication.document_comments) {
            if let Some(comment) = comment {
                ui.label(format!("{name} on the document: {comment}"));
            }
        }
        let mut threshold = curation.threshold;
        let of = annotators.len().max(1);
        let needed = crate::quality::curation::needed(of, threshold);
        let slider = egui::Slider::new(&mut threshold, 0.5..=1.0)
            .step_by(0.01)
            .text(format!("agreement to merge ({needed} of {of})"));
        if ui.add(slider).changed() {
            out.request(Request::Curate(CurationAction::SetThreshold(threshold)));
        }
        ui.horizontal(|ui| {
            if ui.button("Merge agreed places: this document").clicked() {
                out.request(Request::Curate(CurationAction::MergeAgreed));
            }
            let idle = !self.project_merge.is_running();
            if ui
                .add_enabled(idle, egui::Button::new("…the whole project"))
                .clicked()
            {
                self.project_requested = true;
                out.request(Request::SaveEdits);
            }
        });
        ui.horizontal(|ui| {
            if ui
                .add_enabled(curation.can_undo(), egui::Button::new("Undo"))
                .clicked()
            {
                out.request(Request::Curate(CurationAction::Undo));
            }
            if ui.button("Leave curation").clicked() {
                self.curating.clear();
                out.request(Request::Curate(CurationAction::Leave));
            }
        });
        super::theme::outcome_ui(ui, curation.message.as_ref());
        let legend: Vec<String> = KEYS.iter().map(|(k, what)| format!("{k} {what}")).collect();
        ui.label(legend.join(" · "));
        ui.separator();
        if let Some(d) = adjudication.disagreements.get(curation.selected) {
            let kind = kind_name(d.versions.first());
            let agree = adjudication
                .consensus(curation.selected)
                .map(|c| format!("{} of {} agree", c.holders, c.of))
                .unwrap_or_default();
            ui.strong(format!(
                "{kind} “{}” · {agree} · {}",
                d.text,
                decided(d.decision, annotators)
            ));
            egui::Grid::new("curation-versions")
                .striped(true)
                .num_columns(annotators.len() + 1)
                .show(ui, |ui| {
                    for (n, name) in annotators.iter().enumerate() {
                        ui.strong(format!("{} {name}", n + 1));
                    }
                    if d.gold.is_some() {
                        ui.strong("gold (by hand)");
                    }
                    ui.end_row();
                    for (n, version) in d.versions.iter().enumerate() {
                        let taken = d.decision == Some(Decision::Take(n));
                        if ui.selectable_label(taken, describe(version)).clicked() {
                            out.request(Request::Curate(CurationAction::Take(n)));
                        }
                    }
                    if let Some(gold) = &d.gold {
                        ui.label(describe(gold));
                    }
                    ui.end_row();
                    for comment in &d.comments {
                        ui.label(comment.as_deref().unwrap_or(""));
                    }
                    ui.end_row();
                });
            if ui.small_button("0 drop").clicked() {
                out.request(Request::Curate(CurationAction::Drop));
            }
        } else {
            ui.label("No disagreement: everything the annotators marked is agreed.");
        }
        ui.separator();
        egui::ScrollArea::vertical()
            .max_height(180.0)
            .show(ui, |ui| {
                for (i, d) in adjudication.disagreements.iter().enumerate() {
                    let header = format!(
                        "{} “{}” {}",
                        kind_name(d.versions.first()),
                        d.text,
                        decided(d.decision, annotators)
                    );
                    if ui
                        .selectable_label(i == curation.selected, header)
                        .clicked()
                    {
                        out.request(Request::Curate(CurationAction::Select(i)));
                    }
                }
            });
    }
}

fn kind_name(version: Option<&Version>) -> &'static str {
    match version {
        Some(Version::Claim(_)) => "claim",
        Some(Version::Event(_)) => "event",
        _ => "mention",
    }
}

fn decided(decision: Option<Decision>, annotators: &[String]) -> String {
    match decision {
        Some(Decision::Take(n)) => {
            format!("taken: {}", annotators.get(n).map_or("?", String::as_str))
        }
        Some(Decision::Drop) => "dropped".into(),
        Some(Decision::Keep) => "kept as in gold".into(),
        None => "undecided".into(),
    }
}

fn describe(version: &Version) -> String {
    match version {
        Version::Mention(Some((_, label))) => label.clone(),
        Version::Mention(None) | Version::Claim(None) | Version::Event(None) => "—".into(),
        Version::Event(Some(event)) => {
            let fillers: usize = event
                .roles
                .values()
                .map(std::collections::BTreeSet::len)
                .sum();
            format!(
                "{} · {} role filler(s)",
                event.sub_type.as_deref().unwrap_or(&event.event_type),
                fillers
            )
        }
        Version::Claim(Some(claim)) => {
            let source = match &claim.source {
                Some(SourceVersion::Mention(_, label)) => format!("source {label}"),
                Some(SourceVersion::Reporter(r)) => format!("source {r}"),
                None => "no source".into(),
            };
            format!(
                "{} · {source} · {} responsible",
                claim.stance,
                claim.responsible.len()
            )
        }
    }
}

/// The curation keys of this frame, as requests.
fn handle_keys(ctx: &egui::Context, workspace: &Workspace, out: &mut Output) {
    let Some(curation) = workspace.curation_of_current() else {
        return;
    };
    let annotators = curation.adjudication.annotators.len();
    let keys: Vec<(egui::Key, egui::Modifiers)> = ctx.input(|i| {
        i.events
            .iter()
            .filter_map(|e| match e {
                egui::Event::Key {
                    key,
                    pressed: true,
                    modifiers,
                    ..
                } => Some((*key, *modifiers)),
                _ => None,
            })
            .collect()
    });
    for (key, modifiers) in keys {
        let action = match key {
            egui::Key::Z if modifiers.command => CurationAction::Undo,
            _ if modifiers.command || modifiers.alt => continue,
            egui::Key::J => CurationAction::Step { forward: true },
            egui::Key::K => CurationAction::Step { forward: false },
            egui::Key::Num0 => CurationAction::Drop,
            _ => {
                let Some(n) = key
                    .name()
                    .parse::<usize>()
                    .ok()
                    .filter(|n| (1..=9).contains(n) && *n <= annotators)
                else {
                    continue;
                };
                CurationAction::Take(n - 1)
            }
        };
        out.request(Request::Curate(action));
    }
}

#[cfg(test)]
mod tests {
    use super::preticked;

    fn ticked(annotators: &[&str], curator: &str) -> Vec<String> {
        preticked(
            annotators.iter().map(|a| (*a).to_owned()).collect(),
            curator,
        )
        .into_iter()
        .filter(|(_, tick)| *tick)
        .map(|(a, _)| a)
        .collect()
    }

    #[test]
    fn the_annotators_to_compare_are_preticked_whoever_curates() {
        assert_eq!(ticked(&["ana", "ben", "cleo"], "cleo"), ["ana", "ben"]);
        assert_eq!(ticked(&["ana", "ben", "cleo"], "ana"), ["ben", "cleo"]);
        assert_eq!(
            ticked(&["ana", "ben"], "ben"),
            ["ana", "ben"],
            "a curator who annotated too compares with the other"
        );
        assert_eq!(ticked(&["ana", "ben", "gold"], "lead"), ["ana", "ben"]);
    }
}
