//! The "who did what" table (F4): a row per event of the open document,
//! drawn from [`who_did_what::rows`]. A cell jumps to its span, a row is
//! accepted as a whole with one command (one undo step), and a row whose
//! perpetrator is missing or unconfirmed carries a marker saying why.

use crate::app::{Command, WindowKind, Workspace};
use crate::model::DocumentId;
use crate::quality::who_did_what::{self, Cell, Perpetrator, Row};

use super::window::{Output, Panel, Request, Window};

/// Shown in the first column of a row whose perpetrator is not settled
/// (plain characters: every font has them).
fn marker(perpetrator: &Perpetrator) -> &'static str {
    match perpetrator {
        Perpetrator::Confirmed => "",
        Perpetrator::Missing => "!",
        Perpetrator::Unconfirmed(_) => "?",
    }
}

const COLUMNS: [&str; 10] = [
    "",
    "",
    "Event",
    "Date",
    "Type",
    "Agent",
    "Target",
    "Place",
    "Fatalities",
    "Claims",
];

#[derive(Default)]
pub struct WhoDidWhatWindow {
    open: bool,
    /// The rows, rebuilt when the document or its revision changes.
    cache: Option<((DocumentId, u64), Vec<Row>)>,
}

impl Window for WhoDidWhatWindow {
    fn name(&self) -> &'static str {
        "Who did what"
    }

    fn kind(&self) -> WindowKind {
        WindowKind::WhoDidWhat
    }

    fn is_open(&self) -> bool {
        self.open
    }

    fn set_open(&mut self, open: bool) {
        self.open = open;
    }

    fn frame<'a>(&self, window: egui::Window<'a>) -> egui::Window<'a> {
        window.default_size([1100.0, 380.0])
    }
}

impl Panel for WhoDidWhatWindow {
    fn ui(&mut self, ui: &mut egui::Ui, workspace: &Workspace) -> Output {
        let mut out = Output::default();
        let (Some(id), Some(doc)) = (workspace.docs.current_id(), workspace.docs.current()) else {
            ui.label("Open a document to see who did what in it.");
            return out;
        };
        let key = (id.clone(), doc.revision());
        if self.cache.as_ref().is_none_or(|(k, _)| *k != key) {
            let rows = who_did_what::rows(&doc.annotations, &workspace.project.catalogue);
            self.cache = Some((key, rows));
        }
        let Some((_, rows)) = &self.cache else {
            return out;
        };
        if rows.is_empty() {
            ui.label("No events in this document yet.");
            return out;
        }
        egui::ScrollArea::vertical().show(ui, |ui| {
            egui::Grid::new("who_did_what")
                .striped(true)
                // Wide enough that a word is never broken across lines.
                .min_col_width(72.0)
                .num_columns(COLUMNS.len())
                .show(ui, |ui| {
                    for title in COLUMNS {
                        ui.strong(title);
                    }
                    ui.end_row();
                    for row in rows {
                        row_ui(ui, row, &mut out);
                        ui.end_row();
                    }
                });
        });
        out
    }
}

fn row_ui(ui: &mut egui::Ui, row: &Row, out: &mut Output) {
    match row.perpetrator.warning() {
        Some(why) => {
            ui.colored_label(ui.visuals().warn_fg_color, marker(&row.perpetrator))
                .on_hover_text(why);
        }
        None => {
            ui.label("");
        }
    }
    // First, so that it stays in view however wide the claims are.
    let accept = Command::AcceptEventWithClaims(row.event);
    if ui
        .add_enabled(
            row.has_open,
            egui::Button::new(format!("Accept {}", row.event)),
        )
        .on_hover_text(accept.label())
        .clicked()
    {
        out.command(accept);
    }
    cells_ui(ui, std::slice::from_ref(&row.trigger), out);
    cells_ui(ui, &row.date, out);
    ui.label(&row.event_type);
    cells_ui(ui, &row.agent, out);
    cells_ui(ui, &row.target, out);
    cells_ui(ui, &row.place, out);
    cells_ui(ui, &row.fatalities, out);
    ui.vertical(|ui| {
        for claim in &row.claims {
            // Wrapped within the window, not clipped at its edge.
            ui.horizontal_wrapped(|ui| {
                cell_ui(ui, &claim.stance, out);
                if let Some(source) = &claim.source {
                    ui.label("by");
                    cell_ui(ui, source, out);
                }
                if !claim.responsible.is_empty() {
                    ui.label("responsible:");
                    for responsible in &claim.responsible {
                        cell_ui(ui, responsible, out);
                    }
                }
            });
        }
    });
}

fn cells_ui(ui: &mut egui::Ui, cells: &[Cell], out: &mut Output) {
    ui.vertical(|ui| {
        for cell in cells {
            cell_ui(ui, cell, out);
        }
    });
}

/// A cell that names an item is a link to it; focusing the item scrolls
/// the article to it.
fn cell_ui(ui: &mut egui::Ui, cell: &Cell, out: &mut Output) {
    match cell.item {
        Some(item) => {
            if ui.link(&cell.text).clicked() {
                out.request(Request::Focus(item));
            }
        }
        None => {
            ui.label(&cell.text);
        }
    }
}
