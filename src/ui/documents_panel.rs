//! The document list: every document with its progress and counts, a
//! filter box, a filter by state (unfinished, with open suggestions,
//! finished), an order (as imported, title, state) and overall progress.
//! Rows are virtualised and the titles are lowercased once, so a project of
//! 10,000 documents scrolls like one of ten.

use crate::app::{DocumentOrder, StateFilter, Workspace};
use crate::stats::Progress;

use super::window::{Output, Panel, Request};

#[derive(Default)]
pub struct DocumentsPanel {
    pub filter: String,
    pub state: StateFilter,
    pub order: DocumentOrder,
    /// Documents (positions in the project's list) whose title or id
    /// matches the filter text, in title order when sorting by title.
    matched: Vec<usize>,
    matched_key: Option<(String, usize, bool)>,
    /// Lowercased titles by position, built when the number of documents changes.
    titles: Vec<String>,
    /// What is drawn: `matched` with the state filter and order applied.
    rows: Vec<usize>,
    /// `rows` is a copy of `matched` (no state filter or order in use).
    rows_are_matched: bool,
}

impl Panel for DocumentsPanel {
    fn ui(&mut self, ui: &mut egui::Ui, workspace: &Workspace) -> Output {
        let mut output = Output::default();
        let documents = workspace.project.documents();
        // Finished is what the analyst declared complete; "reviewed" (no
        // suggestion left open) is not the same and is said apart.
        let finished = workspace
            .list
            .summaries
            .values()
            .filter(|s| s.finished)
            .count();
        let reviewed = workspace
            .list
            .summaries
            .values()
            .filter(|s| !s.finished && s.progress == Some(Progress::Done))
            .count();
        ui.heading("Documents");
        let fraction = if documents.is_empty() {
            0.0
        } else {
            finished as f32 / documents.len() as f32
        };
        let mut said = format!("{finished} of {} finished", documents.len());
        if reviewed > 0 {
            said.push_str(&format!(", {reviewed} more reviewed"));
        }
        ui.add(egui::ProgressBar::new(fraction).text(said));
        let filter =
            ui.add(egui::TextEdit::singleline(&mut self.filter).hint_text("Filter documents"));
        output.typing = filter.has_focus();
        ui.horizontal_wrapped(|ui| {
            for state in StateFilter::ALL {
                ui.selectable_value(&mut self.state, state, state.name());
            }
        });
        egui::ComboBox::from_label("Sort")
            .selected_text(self.order.name())
            .show_ui(ui, |ui| {
                for order in DocumentOrder::ALL {
                    ui.selectable_value(&mut self.order, order, order.name());
                }
            });
        ui.separator();
        self.update_rows(workspace);
        let rows = &self.rows;
        let row_height = ui.text_style_height(&egui::TextStyle::Body) * 2.4;
        if rows.is_empty() && !documents.is_empty() {
            ui.weak("No document matches.");
        }
        egui::ScrollArea::vertical()
            .auto_shrink(false)
            .id_salt("documents")
            .show_rows(ui, row_height, rows.len(), |ui, visible| {
                for &position in &rows[visible] {
                    let Some(entry) = documents.get(position) else {
                        continue;
                    };
                    let id = &entry.id;
                    let summary = workspace
                        .list
                        .summaries
                        .get(id)
                        .cloned()
                        .unwrap_or_default();
                    let progress = summary.progress.map_or("reading…", Progress::name);
                    let selected = workspace.docs.current_id() == Some(id);
                    let finished = if summary.finished { " · finished" } else { "" };
                    let detail = format!(
                        "{} · {} open · {} gold · {} rejected{finished}",
                        progress, summary.open_suggestions, summary.gold, summary.rejected
                    );
                    let response = ui
                        .add(
                            egui::Button::selectable(
                                selected,
                                egui::RichText::new(&summary.title).strong(),
                            )
                            .truncate(),
                        )
                        .on_hover_text(id.as_str());
                    ui.small(detail);
                    if response.clicked() {
                        output.request(Request::Select(id.clone()));
                    }
                }
            });
        output
    }
}

impl DocumentsPanel {
    /// The documents listed, in the order drawn (as of the last frame).
    pub fn listed(&self, workspace: &Workspace) -> Vec<crate::model::DocumentId> {
        let documents = workspace.project.documents();
        self.rows
            .iter()
            .filter_map(|&i| documents.get(i).map(|d| d.id.clone()))
            .collect()
    }

    /// The rows to draw. Titles never change, so the text match is redone
    /// only with the filter text, the number of documents or the title
    /// order; the state filter and order, cheap on summaries, every frame
    /// they are in use.
    fn update_rows(&mut self, workspace: &Workspace) {
        let documents = workspace.project.documents();
        if self.titles.len() != documents.len() {
            self.titles = documents
                .iter()
                .map(|d| {
                    workspace
                        .list
                        .summaries
                        .get(&d.id)
                        .map(|s| s.title.to_lowercase())
                        .unwrap_or_default()
                })
                .collect();
            self.matched_key = None;
        }
        let by_title = self.order == DocumentOrder::Title;
        let key = (self.filter.clone(), documents.len(), by_title);
        let matched_again = self.matched_key.as_ref() != Some(&key);
        if matched_again {
            let needle = self.filter.to_lowercase();
            self.matched = (0..documents.len())
                .filter(|&i| {
                    needle.is_empty()
                        || self.titles[i].contains(&needle)
                        || documents[i].id.as_str().contains(&needle)
                })
                .collect();
            if by_title {
                let titles = &self.titles;
                self.matched.sort_by(|&a, &b| titles[a].cmp(&titles[b]));
            }
            // The analyst's own documents first (`attest assign`), in order.
            if !workspace.assigned.is_empty() {
                self.matched
                    .sort_by_key(|&i| !workspace.assigned.contains(&documents[i].id));
            }
            self.matched_key = Some(key);
        }
        let by_state = self.order == DocumentOrder::State;
        if self.state == StateFilter::All && !by_state {
            if matched_again || !self.rows_are_matched {
                self.rows.clone_from(&self.matched);
                self.rows_are_matched = true;
            }
            return;
        }
        let summary = |i: usize| workspace.list.summaries.get(&documents[i].id);
        self.rows_are_matched = false;
        self.rows.clear();
        self.rows.extend(
            self.matched
                .iter()
                .copied()
                .filter(|&i| summary(i).is_some_and(|s| self.state.admits(s))),
        );
        if by_state {
            self.rows
                .sort_by_key(|&i| summary(i).map(crate::app::DocumentSummary::state_rank));
        }
    }
}
