//! The GUI: a thin egui shell over [`crate::app`].
//!
//! Each panel draws from the workspace and returns what the analyst asked
//! for; [`AttestApp::frame_ui`] applies those commands and changes after
//! drawing, so no panel mutates the project. The whole frame is one
//! function of a `Ui`, which the window and the GUI tests drive alike.

mod adjudication_window;
mod document_view;
mod documents_panel;
mod export_window;
mod inspector;
mod keys;
mod review_window;
mod start_panel;
mod statistics_window;
mod suggestions_panel;
mod theme;

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::app::{Change, Command, SaveState, Workspace};
use crate::store::Project;

use adjudication_window::AdjudicationWindow;
use document_view::DocumentView;
pub use document_view::paragraph_id;
use documents_panel::DocumentsPanel;
use export_window::ExportWindow;
use inspector::Inspector;
use review_window::ReviewWindow;
use start_panel::{StartAction, StartPanel};
use statistics_window::StatisticsWindow;
use suggestions_panel::SuggestionsPanel;

/// The bundled demo project, opened when no other is named.
pub const DEMO_PROJECT: &str = "projects/sahel-demo";
const PREFS_KEY: &str = "attest-prefs";
const MAX_RECENT: usize = 8;
/// A failed save is tried again after this long.
const SAVE_RETRY_SECS: f64 = 2.0;
const DEFAULT_TEXT_SIZE: f32 = 16.0;

/// How the GUI was started.
#[derive(Clone, Debug, Default)]
pub struct Launch {
    pub project: Option<PathBuf>,
    pub annotator: Option<String>,
    /// Used when neither the command line nor the preferences name one.
    pub fallback_annotator: String,
}

/// What the GUI remembers between sessions.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(default)]
pub struct Prefs {
    pub recent: Vec<PathBuf>,
    pub annotator: Option<String>,
    pub dark: bool,
    pub text_size: f32,
}

impl Default for Prefs {
    fn default() -> Self {
        Self {
            recent: Vec::new(),
            annotator: None,
            dark: false,
            text_size: DEFAULT_TEXT_SIZE,
        }
    }
}

/// Opens the window and runs until it is closed.
pub fn run(launch: Launch) -> anyhow::Result<()> {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Attest")
            .with_app_id("attest")
            .with_inner_size([1400.0, 900.0])
            .with_min_inner_size([800.0, 500.0]),
        ..eframe::NativeOptions::default()
    };
    eframe::run_native(
        "Attest",
        options,
        Box::new(move |cc| {
            let prefs = cc
                .storage
                .and_then(|s| eframe::get_value::<Prefs>(s, PREFS_KEY))
                .unwrap_or_default();
            Ok(Box::new(AttestApp::new(prefs, launch)))
        }),
    )
    .map_err(|e| anyhow::anyhow!("cannot open the window: {e}"))
}

pub struct AttestApp {
    prefs: Prefs,
    annotator: String,
    workspace: Option<Workspace>,
    start: StartPanel,
    documents: DocumentsPanel,
    view: DocumentView,
    queue: SuggestionsPanel,
    inspector: Inspector,
    show_help: bool,
    statistics: StatisticsWindow,
    export: ExportWindow,
    adjudication: AdjudicationWindow,
    review: ReviewWindow,
    /// When the current run of unsaved edits began (or the last save
    /// failed), in egui time; autosave fires a delay after it.
    unsaved_since: Option<f64>,
    title: String,
    /// The last error to show in the status bar.
    notice: Option<String>,
    /// The last message (not an error) to show in the status bar.
    info: Option<String>,
    theme_applied: Option<bool>,
}

impl AttestApp {
    /// The app with `launch.project` open — or the demo project, or the
    /// most recent one — when it can be opened; else the start screen.
    pub fn new(prefs: Prefs, launch: Launch) -> Self {
        let annotator = launch
            .annotator
            .clone()
            .or_else(|| prefs.annotator.clone())
            .unwrap_or(launch.fallback_annotator.clone());
        let mut app = Self {
            prefs,
            annotator,
            workspace: None,
            start: StartPanel::default(),
            documents: DocumentsPanel::default(),
            view: DocumentView::default(),
            queue: SuggestionsPanel::default(),
            inspector: Inspector::default(),
            show_help: false,
            statistics: StatisticsWindow::default(),
            export: ExportWindow::default(),
            adjudication: AdjudicationWindow::default(),
            review: ReviewWindow::default(),
            unsaved_since: None,
            title: String::new(),
            notice: None,
            info: None,
            theme_applied: None,
        };
        let candidate = launch.project.clone().or_else(|| {
            let demo = PathBuf::from(DEMO_PROJECT);
            if demo.join("project.ron").exists() {
                Some(demo)
            } else {
                app.prefs.recent.first().cloned()
            }
        });
        if let Some(path) = candidate {
            app.start.path = path.display().to_string();
            if let Err(error) = app.open_project(&path) {
                app.start.error = Some(error);
            }
        }
        app
    }

    pub fn workspace(&self) -> Option<&Workspace> {
        self.workspace.as_ref()
    }

    pub fn workspace_mut(&mut self) -> Option<&mut Workspace> {
        self.workspace.as_mut()
    }

    /// The text selected in the document view, in bytes of the document.
    pub fn text_selection(&self) -> Option<crate::model::Span> {
        self.view.selection
    }

    /// The window title last sent to the window.
    pub fn window_title(&self) -> &str {
        &self.title
    }

    pub fn prefs(&self) -> &Prefs {
        &self.prefs
    }

    /// Opens a project, saving and closing the current one first.
    pub fn open_project(&mut self, path: &Path) -> Result<(), String> {
        crate::store::validate_annotator(&self.annotator)?;
        self.close_project()?;
        let mut workspace = Workspace::open(path, &self.annotator).map_err(|e| e.to_string())?;
        let first = workspace.project.documents().first().map(|d| d.id.clone());
        if let Some(id) = first {
            workspace.select_document(&id).map_err(|e| e.to_string())?;
        }
        if let Some(problem) = workspace.problems.first() {
            self.notice = Some(format!(
                "{} problem(s) in the project, e.g. {problem}",
                workspace.problems.len()
            ));
        }
        let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned());
        self.prefs.recent.retain(|p| p != &path);
        self.prefs.recent.insert(0, path);
        self.prefs.recent.truncate(MAX_RECENT);
        self.prefs.annotator = Some(self.annotator.clone());
        self.workspace = Some(workspace);
        self.view = DocumentView::default();
        self.start.error = None;
        Ok(())
    }

    /// Saves and closes the open project. Refuses (keeping it open) when
    /// the save fails, so no edit is lost.
    pub fn close_project(&mut self) -> Result<(), String> {
        if let Some(workspace) = &mut self.workspace {
            workspace
                .save_dirty()
                .map_err(|e| format!("not closed, the save failed: {e}"))?;
        }
        self.workspace = None;
        self.unsaved_since = None;
        Ok(())
    }

    /// Draws one frame and applies what the analyst did in it.
    pub fn frame_ui(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        if self.theme_applied != Some(self.prefs.dark) {
            ctx.set_visuals(if self.prefs.dark {
                egui::Visuals::dark()
            } else {
                egui::Visuals::light()
            });
            ctx.options_mut(|o| o.zoom_with_keyboard = false);
            self.theme_applied = Some(self.prefs.dark);
        }
        self.update_title(&ctx);
        if self.workspace.is_none() {
            egui::CentralPanel::default().show(ui, |ui| {
                let action = self.start.ui(ui, &mut self.annotator, &self.prefs.recent);
                match action {
                    Some(StartAction::Open(path)) => {
                        if let Err(e) = self.open_project(&path) {
                            self.start.error = Some(e);
                        }
                    }
                    Some(StartAction::Create(path)) => {
                        let name = path
                            .file_name()
                            .map_or("project".into(), |n| n.to_string_lossy().into_owned());
                        let result = Project::create(&path, &name)
                            .map_err(|e| e.to_string())
                            .and_then(|()| self.open_project(&path));
                        if let Err(e) = result {
                            self.start.error = Some(e);
                        }
                    }
                    None => {}
                }
            });
            return;
        }
        if let Some(workspace) = &mut self.workspace
            && workspace.poll_summaries()
        {
            ctx.request_repaint_after(std::time::Duration::from_millis(100));
        }
        self.run_suggest_all(&ctx);
        let mut requests = FrameRequests::default();
        let Self {
            workspace: Some(workspace),
            documents,
            view,
            queue,
            inspector,
            prefs,
            ..
        } = self
        else {
            return;
        };
        egui::Panel::top("menu").show(ui, |ui| {
            egui::MenuBar::new().ui(ui, |ui| {
                ui.menu_button("File", |ui| {
                    if ui.button("Export dataset…").clicked() {
                        requests.open_export = true;
                    }
                    if ui.button("Adjudicate this document…").clicked() {
                        requests.open_adjudication = true;
                    }
                    if ui.button("Close project").clicked() {
                        requests.close = true;
                    }
                });
                for section in ["Edit", "Annotate", "Document", "View"] {
                    ui.menu_button(section, |ui| {
                        for command in Command::ALL.into_iter().filter(|c| c.section() == section) {
                            let shortcut = command
                                .shortcuts()
                                .first()
                                .map(|s| s.label())
                                .unwrap_or_default();
                            let button = egui::Button::new(command.label()).shortcut_text(shortcut);
                            if ui
                                .add_enabled(is_enabled(workspace, command), button)
                                .clicked()
                            {
                                requests.commands.push(command);
                            }
                        }
                    });
                }
            });
        });
        egui::Panel::bottom("status").show(ui, |ui| {
            status_bar_ui(ui, workspace, self.notice.as_deref(), self.info.as_deref())
        });
        egui::Panel::left("documents")
            .resizable(true)
            .default_size(280.0)
            .show(ui, |ui| {
                let out = documents.ui(ui, workspace);
                requests.typing |= out.typing;
                requests.select = out.select;
            });
        egui::Panel::right("side")
            .resizable(true)
            .default_size(380.0)
            .show(ui, |ui| {
                if view.selection.is_some() {
                    requests.label_selection = label_palette_ui(ui, workspace);
                }
                let available = ui.available_height();
                ui.allocate_ui(egui::vec2(ui.available_width(), available * 0.45), |ui| {
                    if let Some(item) = queue.ui(ui, workspace) {
                        requests.focus = Some(item);
                    }
                });
                ui.separator();
                let out = inspector.ui(ui, workspace);
                requests.typing |= out.typing;
                requests.commands.extend(out.commands);
                requests.changes.extend(out.changes);
                requests.new_actor_for = out.new_actor_for;
            });
        egui::CentralPanel::default().show(ui, |ui| {
            let out = view.ui(ui, workspace, prefs.text_size);
            if out.focus.is_some() {
                requests.focus = out.focus;
            }
        });
        if self.show_help {
            self.help_ui(&ctx);
        }
        if self.statistics.open
            && let Some(workspace) = &mut self.workspace
        {
            self.statistics.ui(&ctx, workspace);
        }
        if let Some(workspace) = &mut self.workspace {
            if requests.open_adjudication {
                self.adjudication.open_for(workspace);
            }
            if self.adjudication.open {
                requests.typing |= self.adjudication.ui(&ctx, workspace);
            }
        }
        if self.review.open
            && let Some(workspace) = &mut self.workspace
        {
            let (reveal, typing) = self.review.ui(&ctx, workspace);
            requests.typing |= typing;
            if let Some(reveal) = reveal {
                match workspace.select_document(&reveal.document) {
                    Ok(()) => self.view.reveal = Some(reveal.span),
                    Err(e) => self.notice = Some(e.to_string()),
                }
            }
        }
        self.export.open |= requests.open_export;
        if (self.export.open || self.export.is_running())
            && let Some(workspace) = &mut self.workspace
        {
            requests.typing |= self.export.ui(&ctx, workspace);
        }

        if !requests.typing {
            requests.commands.extend(ctx.input(keys::commands_pressed));
        }
        self.apply(requests, &ctx);
        self.autosave(&ctx);
        if ctx.input(|i| i.viewport().close_requested()) {
            self.save_now();
            // Edits that could not be saved keep the window open.
            if self.workspace.as_ref().is_some_and(Workspace::has_unsaved) {
                ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
                self.notice = Some("Not closed: the last edits could not be saved (see above); free the disk or folder, then close again".into());
            }
        }
    }

    fn apply(&mut self, requests: FrameRequests, ctx: &egui::Context) {
        if requests.close {
            if let Err(e) = self.close_project() {
                self.notice = Some(e);
            }
            return;
        }
        let Some(workspace) = &mut self.workspace else {
            return;
        };
        if let Some(id) = requests.select
            && let Err(e) = workspace.select_document(&id)
        {
            self.notice = Some(e.to_string());
        }
        if let Some(item) = requests.focus {
            workspace.focus = Some(item);
            self.view.scroll_to = Some(item);
        }
        for change in requests.changes {
            workspace.change(change);
        }
        if let Some(mention) = requests.new_actor_for
            && let Err(e) = workspace.link_to_new_actor(mention)
        {
            self.notice = Some(e.to_string());
        }
        let selection = self.view.selection;
        if let (Some(label), Some(span)) = (requests.label_selection, selection) {
            workspace.create_mention(span, &label);
            self.view.selection = None;
            clear_text_selection(ctx);
        }
        for command in requests.commands {
            match command {
                Command::ToggleHelp => self.show_help = !self.show_help,
                Command::ToggleStatistics => self.statistics.toggle(workspace),
                Command::ToggleReview => self.review.toggle(workspace),
                Command::ToggleTheme => self.prefs.dark = !self.prefs.dark,
                Command::ZoomIn => self.prefs.text_size = (self.prefs.text_size + 1.0).min(40.0),
                Command::ZoomOut => self.prefs.text_size = (self.prefs.text_size - 1.0).max(9.0),
                _ if !is_enabled(workspace, command) => {}
                Command::ApplyLabel(_) if selection.is_some() => {
                    if let Err(e) = workspace.execute(command, selection) {
                        self.notice = Some(e.to_string());
                    }
                    self.view.selection = None;
                    clear_text_selection(ctx);
                }
                _ => {
                    if let Err(e) = workspace.execute(command, None) {
                        self.notice = Some(e.to_string());
                    }
                }
            }
        }
    }

    /// Takes in "suggest in all documents" when its background job is done;
    /// repaints meanwhile so the progress bar fills.
    fn run_suggest_all(&mut self, ctx: &egui::Context) {
        let Some(workspace) = &mut self.workspace else {
            return;
        };
        if workspace.suggest_all_progress().is_none() {
            return;
        }
        if let Some(summary) = workspace.poll_suggest_all() {
            self.info = Some(summary);
            return;
        }
        ctx.request_repaint();
    }

    /// Saves within the project's delay after an edit; retries a failed save.
    fn autosave(&mut self, ctx: &egui::Context) {
        let Some(workspace) = &mut self.workspace else {
            return;
        };
        if !workspace.has_unsaved() {
            self.unsaved_since = None;
            return;
        }
        let now = ctx.input(|i| i.time);
        let since = *self.unsaved_since.get_or_insert(now);
        let delay = match workspace.save_state {
            SaveState::Error(_) => SAVE_RETRY_SECS,
            _ => workspace.project.file.settings.autosave_delay_ms as f64 / 1000.0,
        };
        if now - since >= delay {
            workspace.save_state = SaveState::Saving;
            match workspace.save_dirty() {
                Ok(_) => self.unsaved_since = None,
                Err(_) => self.unsaved_since = Some(now),
            }
        } else {
            ctx.request_repaint_after(std::time::Duration::from_secs_f64(delay - (now - since)));
        }
    }

    /// Saves every unsaved edit at once (window closing, project switch).
    pub fn save_now(&mut self) {
        if let Some(workspace) = &mut self.workspace
            && let Err(e) = workspace.save_dirty()
        {
            self.notice = Some(e.to_string());
        }
    }

    fn update_title(&mut self, ctx: &egui::Context) {
        let title = match &self.workspace {
            Some(w) => format!("Attest — {}", w.project.name()),
            None => "Attest".to_owned(),
        };
        if title != self.title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title = title;
        }
    }

    fn help_ui(&mut self, ctx: &egui::Context) {
        let mut open = true;
        egui::Window::new("Keyboard shortcuts")
            .open(&mut open)
            .collapsible(false)
            .show(ctx, |ui| {
                let mut section = "";
                egui::Grid::new("shortcuts")
                    .num_columns(2)
                    .striped(true)
                    .show(ui, |ui| {
                        for command in Command::ALL {
                            if command.section() != section {
                                section = command.section();
                                ui.strong(section);
                                ui.end_row();
                            }
                            let keys: Vec<String> =
                                command.shortcuts().iter().map(|s| s.label()).collect();
                            ui.label(keys.join(" or "));
                            ui.label(command.label());
                            ui.end_row();
                        }
                    });
                ui.label(
                    "Select text with the mouse, then press a label key (1–9) to add a mention.",
                );
            });
        self.show_help &= open;
    }
}

fn status_bar_ui(
    ui: &mut egui::Ui,
    workspace: &Workspace,
    notice: Option<&str>,
    info: Option<&str>,
) {
    ui.horizontal(|ui| {
        ui.label(format!("Annotator: {}", workspace.annotator));
        ui.separator();
        if let Some(doc) = workspace.current() {
            ui.label(doc.document.display_title());
            ui.separator();
            if let Some(summary) = workspace.summaries.get(&doc.document.id) {
                ui.label(format!(
                    "{} open · {} gold · {} rejected",
                    summary.open_suggestions, summary.gold, summary.rejected
                ));
            }
            ui.separator();
        }
        let dark = ui.visuals().dark_mode;
        match &workspace.save_state {
            SaveState::Saved => {
                ui.label("Saved");
            }
            SaveState::Unsaved => {
                ui.label("Unsaved changes");
            }
            SaveState::Saving => {
                ui.label("Saving…");
            }
            SaveState::Error(e) => {
                ui.colored_label(
                    theme::error_colour(dark),
                    format!("Save failed, retrying: {e}"),
                );
            }
        }
        if workspace.project.is_read_only() {
            ui.separator();
            ui.colored_label(theme::error_colour(dark), "read-only");
        }
        if let Some((done, total)) = workspace.suggest_all_progress() {
            ui.separator();
            ui.add(
                egui::ProgressBar::new(done as f32 / total.max(1) as f32)
                    .desired_width(220.0)
                    .text(format!("suggesting {done}/{total}")),
            );
        } else if let Some(info) = info {
            ui.separator();
            ui.label(info);
        }
        if let Some(notice) = notice {
            ui.separator();
            ui.colored_label(theme::error_colour(dark), notice);
        }
    });
}

/// A row of label buttons shown while text is selected: the mouse's way
/// to make a mention, and the only way for labels without a digit key.
fn label_palette_ui(ui: &mut egui::Ui, workspace: &Workspace) -> Option<String> {
    let mut chosen = None;
    ui.horizontal_wrapped(|ui| {
        ui.label("Label the selection:");
        for label in &workspace.project.file.schema.entity_labels {
            let text = match label.shortcut {
                Some(key) => format!("{key} {}", label.name),
                None => label.name.clone(),
            };
            let button = egui::Button::new(
                egui::RichText::new(text)
                    .color(theme::colour(label.colour))
                    .strong(),
            );
            if ui.add(button).on_hover_text(&label.description).clicked() {
                chosen = Some(label.name.clone());
            }
        }
    });
    ui.separator();
    chosen
}

/// Whether a command can run now; menus grey out the others.
fn is_enabled(workspace: &Workspace, command: Command) -> bool {
    match command {
        Command::ApplyLabel(n) => {
            let key = char::from(b'0' + n);
            workspace.is_enabled(command)
                && workspace
                    .project
                    .file
                    .schema
                    .label_for_shortcut(key)
                    .is_some()
        }
        _ => workspace.is_enabled(command),
    }
}

/// What the panels asked for during one frame, applied after drawing.
#[derive(Default)]
struct FrameRequests {
    commands: Vec<Command>,
    changes: Vec<Change>,
    select: Option<crate::model::DocumentId>,
    focus: Option<crate::model::ItemRef>,
    new_actor_for: Option<crate::model::MentionId>,
    /// Make a mention of the selected text with this label.
    label_selection: Option<String>,
    /// A text field has keyboard focus: shortcuts are off while typing.
    typing: bool,
    close: bool,
    open_export: bool,
    open_adjudication: bool,
}

/// Clears the text selection of whichever paragraph holds it.
fn clear_text_selection(ctx: &egui::Context) {
    if let Some(id) = ctx.memory(|m| m.focused())
        && let Some(mut state) = egui::text_edit::TextEditState::load(ctx, id)
    {
        state.cursor.set_char_range(None);
        state.store(ctx, id);
    }
}

impl eframe::App for AttestApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.frame_ui(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, PREFS_KEY, &self.prefs);
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        self.save_now();
    }
}
