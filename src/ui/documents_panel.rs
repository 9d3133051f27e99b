//! The document list: every document with its progress and counts, a
//! filter box and overall progress. Rows are virtualised, so a project of
//! 10,000 documents scrolls like one of ten.

use crate::app::Workspace;
use crate::model::DocumentId;
use crate::stats::Progress;

use super::window::{Output, Panel, Request};

#[derive(Default)]
pub struct DocumentsPanel {
    pub filter: String,
    rows: Vec<DocumentId>,
    rows_key: Option<(String, usize)>,
}

impl Panel for DocumentsPanel {
    fn ui(&mut self, ui: &mut egui::Ui, workspace: &Workspace) -> Output {
        let mut output = Output::default();
        let documents = workspace.project.documents();
        let done = workspace
            .summaries
            .values()
            .filter(|s| s.progress == Some(Progress::Done))
            .count();
        ui.heading("Documents");
        let fraction = if documents.is_empty() {
            0.0
        } else {
            done as f32 / documents.len() as f32
        };
        ui.add(
            egui::ProgressBar::new(fraction).text(format!("{done} of {} done", documents.len())),
        );
        let filter =
            ui.add(egui::TextEdit::singleline(&mut self.filter).hint_text("Filter documents"));
        output.typing = filter.has_focus();
        ui.separator();
        // Titles never change, so the rows change only with the filter or
        // the number of documents; 10,000 titles are not lowercased per frame.
        let key = (self.filter.clone(), documents.len());
        if self.rows_key.as_ref() != Some(&key) {
            let needle = self.filter.to_lowercase();
            self.rows = documents
                .iter()
                .filter(|d| {
                    needle.is_empty()
                        || workspace
                            .summaries
                            .get(&d.id)
                            .is_some_and(|s| s.title.to_lowercase().contains(&needle))
                        || d.id.as_str().contains(&needle)
                })
                .map(|d| d.id.clone())
                .collect();
            self.rows_key = Some(key);
        }
        let rows = &self.rows;
        let row_height = ui.text_style_height(&egui::TextStyle::Body) * 2.4;
        egui::ScrollArea::vertical()
            .auto_shrink(false)
            .id_salt("documents")
            .show_rows(ui, row_height, rows.len(), |ui, visible| {
                for id in &rows[visible] {
                    let summary = workspace.summaries.get(id).cloned().unwrap_or_default();
                    let progress = summary.progress.map_or("reading…", Progress::name);
                    let selected = workspace.current_id() == Some(id);
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
