//! A new document from the clipboard: an article's text pasted (Ctrl+V in
//! the text area, or the Paste button), a live preview of what the import
//! makes of it — headline, dateline, date, source, sign-off and the body's
//! first lines — then added as one document.
//!
//! The text goes through the same parser as a `.txt` import
//! ([`parse_article`]) and the project's one add path, so a pasted article
//! and an imported file of the same text are the same document.

use crate::app::{WindowKind, Workspace};
use crate::ingest::parse_article;
use crate::model::Document;
use crate::store::Added;

use super::window::{Ask, Output, Panel, Reply, Window};

/// Lines of the body shown in the preview.
const PREVIEW_LINES: usize = 3;
/// Characters of each body line shown in the preview.
const PREVIEW_LINE_CHARS: usize = 120;
/// The origin recorded for a pasted document, where an import records the file name.
const ORIGIN: &str = "clipboard";

/// What was said about the last add.
struct Outcome {
    message: String,
    is_error: bool,
}

#[derive(Default)]
pub struct PasteWindow {
    open: bool,
    text: String,
    /// The Paste button asked for the clipboard; its text comes as a paste event.
    awaiting_paste: bool,
    /// Ask the windowing backend for the clipboard's text this frame.
    request_paste: bool,
    /// The preview of `text` as it was last parsed; `None` once it changed.
    preview: Option<Result<Document, String>>,
    /// Add the text as a document after this frame.
    add_requested: bool,
    /// The title of the document the workspace is asked to add.
    adding: Option<String>,
    outcome: Option<Outcome>,
}

impl Window for PasteWindow {
    fn name(&self) -> &'static str {
        "New document from clipboard"
    }

    fn kind(&self) -> WindowKind {
        WindowKind::PasteArticle
    }

    fn is_open(&self) -> bool {
        self.open
    }

    fn set_open(&mut self, open: bool) {
        self.open = open;
    }

    /// Opens the window; with nothing in it yet, the clipboard is read at once.
    fn on_command(&mut self, _workspace: &Workspace) -> Output {
        self.open = true;
        if self.text.trim().is_empty() {
            self.request_paste = true;
        }
        Output::default()
    }

    fn frame<'a>(&self, window: egui::Window<'a>) -> egui::Window<'a> {
        window.default_width(520.0)
    }

    fn after_frame(&mut self, ctx: &egui::Context, workspace: &Workspace) -> Output {
        let mut out = Output::default();
        if std::mem::take(&mut self.request_paste) {
            self.awaiting_paste = true;
            ctx.send_viewport_cmd(egui::ViewportCommand::RequestPaste);
            // The clipboard's text arrives as the next frame's input.
            ctx.request_repaint();
        }
        if std::mem::take(&mut self.add_requested) {
            out.merge(self.add(workspace));
            ctx.request_repaint();
        }
        out
    }

    /// Says whether the document was added (the text is cleared) or was
    /// already there; either way it is open.
    fn on_reply(&mut self, reply: Reply, _workspace: &Workspace) -> Output {
        let (Reply::DocumentAdded(result), Some(title)) = (reply, self.adding.take()) else {
            return Output::default();
        };
        self.outcome = Some(match result {
            Ok(Added::New(_)) => {
                self.text.clear();
                self.preview = None;
                Outcome {
                    message: format!("Added “{title}”."),
                    is_error: false,
                }
            }
            Ok(Added::AlreadyPresent(_)) => Outcome {
                message: format!("Already present: “{title}” is opened."),
                is_error: false,
            },
            Err(e) => Outcome {
                message: format!("Not added: {e}"),
                is_error: true,
            },
        });
        Output::default()
    }
}

impl Panel for PasteWindow {
    fn ui(&mut self, ui: &mut egui::Ui, workspace: &Workspace) -> Output {
        let mut out = Output::default();
        let limit_bytes = workspace.project.file.settings.max_document_bytes;
        ui.label("An article's text: headline, dateline, body and sign-off, as in a .txt file.");
        let text_label = ui.label("Article text");
        let text_id = ui.make_persistent_id("paste article text");
        let text_has_focus = ui.memory(|m| m.has_focus(text_id));
        if self.awaiting_paste && !text_has_focus {
            let pasted = ui.input(|i| {
                i.events.iter().rev().find_map(|event| match event {
                    egui::Event::Paste(text) => Some(text.clone()),
                    _ => None,
                })
            });
            if let Some(pasted) = pasted {
                self.awaiting_paste = false;
                self.text = pasted;
                self.preview = None;
                self.outcome = None;
            }
        }
        let field = egui::ScrollArea::vertical()
            .max_height(220.0)
            .show(ui, |ui| {
                ui.add(
                    egui::TextEdit::multiline(&mut self.text)
                        .id(text_id)
                        .hint_text("Paste the article here (Ctrl+V)")
                        .desired_rows(8)
                        .desired_width(f32::INFINITY),
                )
                .labelled_by(text_label.id)
            })
            .inner;
        out.typing |= field.has_focus();
        if field.has_focus() {
            // Pasting into the text area answers instead of the button.
            self.awaiting_paste = false;
        }
        if field.changed() {
            self.preview = None;
            self.outcome = None;
        }
        ui.horizontal(|ui| {
            if ui.button("Paste").clicked() {
                self.request_paste = true;
            }
            if ui
                .add_enabled(!self.text.is_empty(), egui::Button::new("Clear"))
                .clicked()
            {
                self.text.clear();
                self.preview = None;
                self.outcome = None;
            }
        });
        ui.separator();
        let preview = self
            .preview
            .get_or_insert_with(|| document_of(&self.text, limit_bytes));
        let error = super::theme::error_colour(ui.visuals().dark_mode);
        match preview {
            Ok(document) => preview_ui(ui, document),
            Err(problem) => {
                ui.colored_label(error, problem.as_str());
            }
        }
        ui.separator();
        let can_add = preview.is_ok() && !self.add_requested;
        if ui
            .add_enabled(can_add, egui::Button::new("Add document"))
            .clicked()
        {
            self.add_requested = true;
        }
        if let Some(outcome) = &self.outcome {
            if outcome.is_error {
                ui.colored_label(error, &outcome.message);
            } else {
                ui.label(&outcome.message);
            }
        }
        out
    }
}

impl PasteWindow {
    /// Asks for the text to be added as a document and opened (or the one
    /// already holding it).
    fn add(&mut self, workspace: &Workspace) -> Output {
        let mut out = Output::default();
        let limit_bytes = workspace.project.file.settings.max_document_bytes;
        match document_of(&self.text, limit_bytes) {
            Ok(document) => {
                self.adding = Some(document.display_title());
                out.ask(self.kind(), Ask::AddDocument(document));
            }
            Err(problem) => {
                self.outcome = Some(Outcome {
                    message: problem,
                    is_error: true,
                });
            }
        }
        out
    }
}

/// The document a `.txt` import of `text` would make, or why there is none.
fn document_of(text: &str, limit_bytes: u64) -> Result<Document, String> {
    // As an imported file is read: no BOM, `\n` line ends.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    if text.trim().is_empty() {
        return Err("Nothing to add yet: paste or type an article's text.".into());
    }
    let size_bytes = text.len() as u64;
    if size_bytes > limit_bytes {
        return Err(format!(
            "Too large to add: {size_bytes} bytes; the project's limit is {limit_bytes}."
        ));
    }
    let Some(parsed) = parse_article(&text) else {
        return Err("No body: only a headline or sign-off was found.".into());
    };
    let mut meta = parsed.meta;
    meta.origin = Some(ORIGIN.into());
    Ok(Document::new(parsed.body, meta))
}

/// What the import makes of the text: its metadata and the body's first lines.
fn preview_ui(ui: &mut egui::Ui, document: &Document) {
    let meta = &document.meta;
    let none = "—";
    egui::Grid::new("paste preview")
        .num_columns(2)
        .striped(true)
        .show(ui, |ui| {
            for (name, value) in [
                ("Title", meta.title.as_deref()),
                ("Dateline", meta.dateline.as_deref()),
                ("Date", meta.date.as_deref()),
                ("Source", meta.source.as_deref()),
                ("Sign-off", meta.sign_off.as_deref()),
                ("Language", meta.language.as_deref()),
            ] {
                ui.label(name);
                ui.label(value.unwrap_or(none));
                ui.end_row();
            }
        });
    ui.label(egui::RichText::new("Body").strong());
    for line in document
        .text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(PREVIEW_LINES)
    {
        let mut shown: String = line.chars().take(PREVIEW_LINE_CHARS).collect();
        if line.chars().count() > PREVIEW_LINE_CHARS {
            shown.push('…');
        }
        ui.label(shown);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const STORY: &str = "Jihadists kill 12 soldiers near Bamako\r\n\
BAMAKO, Nov 23, 2025 (AFP) - Jihadists killed twelve soldiers on Sunday.\r\n\
sd-mk/sbk\r\n";

    #[test]
    fn a_pasted_story_is_split_as_a_text_import_would_split_it() {
        let document = document_of(STORY, 1_000_000).unwrap();
        let imported = parse_article(&STORY.replace("\r\n", "\n")).unwrap();
        assert_eq!(document.text, imported.body);
        assert_eq!(document.meta.title, imported.meta.title);
        assert_eq!(document.meta.sign_off.as_deref(), Some("sd-mk/sbk"));
        assert_eq!(document.meta.origin.as_deref(), Some(ORIGIN));
    }

    #[test]
    fn empty_and_oversized_texts_are_refused_with_a_reason() {
        assert!(document_of("  \n", 1_000).unwrap_err().contains("Nothing"));
        assert!(document_of(STORY, 10).unwrap_err().contains("limit is 10"));
    }
}
