//! The queue: the current document's items in reading order, open
//! suggestions first in mind. Keys J/K move, A accepts, X rejects; a click
//! focuses an item. Rows are virtualised for documents with 20,000 items.

use crate::app::Workspace;
use crate::model::{ClaimSource, DocumentId, ItemRef, Status};

use super::window::{Output, Panel, Request};

#[derive(Default)]
pub struct SuggestionsPanel {
    /// Show accepted, corrected (and, when shown, rejected) items too.
    pub show_decided: bool,
    last_focus: Option<ItemRef>,
    /// The rows, and what they were computed for: rebuilt only when the
    /// document, its revision, the filters or the focus change.
    rows: Vec<ItemRef>,
    open: usize,
    rows_key: Option<RowsKey>,
}

type RowsKey = (DocumentId, u64, bool, bool, Option<ItemRef>);

/// One line describing an item, for the queue and the inspector.
pub fn describe(workspace: &Workspace, item: ItemRef) -> String {
    let Some(doc) = workspace.docs.current() else {
        return String::new();
    };
    match item {
        ItemRef::Mention(id) => doc
            .mention(id)
            .map_or_else(String::new, |m| format!("{} “{}”", m.label, m.text)),
        ItemRef::Event(id) => doc.event(id).map_or_else(String::new, |e| {
            format!(
                "Event {} “{}”",
                e.sub_type.as_deref().unwrap_or(&e.event_type),
                e.trigger_text
            )
        }),
        ItemRef::Claim(id) => doc.claim(id).map_or_else(String::new, |c| {
            let source = match &c.source {
                Some(ClaimSource::Mention(m)) => {
                    doc.mention(*m).map_or("?".into(), |m| m.text.clone())
                }
                Some(ClaimSource::Reporter(r)) => r.clone(),
                None => "unsourced".into(),
            };
            let responsible: Vec<&str> = c
                .responsible
                .iter()
                .filter_map(|r| doc.mention(*r).map(|m| m.text.as_str()))
                .collect();
            format!(
                "Claim {} “{}” — source {source}; responsible {}",
                c.stance,
                c.cue_text,
                if responsible.is_empty() {
                    "—".to_owned()
                } else {
                    responsible.join(", ")
                }
            )
        }),
    }
}

pub fn status_mark(status: &Status) -> &'static str {
    match status {
        Status::Suggested { .. } => "?",
        Status::Accepted => "+",
        Status::Corrected => "±",
        Status::Rejected => "×",
    }
}

impl Panel for SuggestionsPanel {
    /// Draws the queue; a click focuses an item.
    fn ui(&mut self, ui: &mut egui::Ui, workspace: &Workspace) -> Output {
        let mut out = Output::default();
        let key = workspace.docs.current().map(|doc| {
            (
                doc.document.id.clone(),
                doc.revision(),
                self.show_decided,
                workspace.docs.show_rejected,
                workspace.docs.focus,
            )
        });
        if key != self.rows_key {
            let is_open = |i: ItemRef| {
                workspace
                    .docs
                    .review_of(i)
                    .is_some_and(|r| r.status.is_open())
            };
            self.rows = workspace
                .docs
                .items_in_order()
                .into_iter()
                .filter(|&i| self.show_decided || is_open(i) || Some(i) == workspace.docs.focus)
                .collect();
            self.open = self.rows.iter().filter(|&&i| is_open(i)).count();
            self.rows_key = key;
        }
        let (items, open) = (&self.rows, self.open);
        ui.horizontal(|ui| {
            ui.heading("Suggestions");
            ui.label(format!("{open} open"));
        });
        ui.checkbox(&mut self.show_decided, "Show decided items");
        let focus_row = workspace
            .docs
            .focus
            .and_then(|f| items.iter().position(|&i| i == f));
        let row_height = ui.text_style_height(&egui::TextStyle::Body) + ui.spacing().item_spacing.y;
        let mut area = egui::ScrollArea::vertical()
            .auto_shrink(false)
            .id_salt("queue");
        if workspace.docs.focus != self.last_focus {
            self.last_focus = workspace.docs.focus;
            if let Some(row) = focus_row {
                let offset = (row as f32 * row_height - 3.0 * row_height).max(0.0);
                area = area.vertical_scroll_offset(offset);
            }
        }
        area.show_rows(ui, row_height, items.len(), |ui, visible| {
            for &item in &items[visible] {
                let Some(review) = workspace.docs.review_of(item) else {
                    continue;
                };
                let score = match &review.status {
                    Status::Suggested { score, .. } => format!(" ({score:.2})"),
                    _ => String::new(),
                };
                let text = format!(
                    "{} {}{score}",
                    status_mark(&review.status),
                    describe(workspace, item)
                );
                let selected = workspace.docs.focus == Some(item);
                if ui
                    .add(egui::Button::selectable(selected, text).truncate())
                    .clicked()
                {
                    out.request(Request::Focus(item));
                }
            }
        });
        out
    }
}
