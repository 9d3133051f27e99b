//! The GUI: a thin egui shell over [`crate::app`].
//!
//! Every panel and window follows one protocol ([`window::Panel`],
//! [`window::Window`]): it draws from the workspace and returns an
//! [`window::Output`] of requests, which one handler (`AttestApp::apply`)
//! applies after drawing, so no panel or window mutates the project; a
//! window hears how a change it asked for went through a typed reply.
//! Commands go to the workspace or to this shell by
//! [`crate::app::Command::route`]. Menus, shortcuts and the
//! help overlay come from the one command table. Work over the whole project
//! runs on background jobs, never on the UI thread. The whole frame is one
//! function of a `Ui`, which the window and the GUI tests drive alike.

mod alias_window;
mod arcs;
mod assignments_window;
mod catalogue_window;
mod chooser;
pub(crate) mod curation_window;
mod dataset_import_window;
mod document_view;
mod documents_panel;
mod export_window;
mod guidelines_window;
mod help_window;
mod import_window;
mod inspector;
mod keys;
mod label_everywhere_window;
mod label_palette;
mod paste_window;
mod recommenders_window;
mod review_window;
mod settings_window;
mod start_panel;
mod statistics_window;
mod status_bar;
mod suggestions_panel;
mod theme;
mod who_did_what_window;
mod window;

use std::collections::{BTreeMap, VecDeque};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::app::{
    Command, Route, SaveState, Section, ShellCommand, WindowKind, Workspace, WorkspaceCommand,
};
use crate::edit::{self, LinkRole};
use crate::model::{DocumentId, ItemRef};
use crate::store::{Project, StoreError};

pub use arcs::DrawnArc;
use document_view::DocumentView;
pub use document_view::Pick;
pub use document_view::paragraph_id;
use documents_panel::DocumentsPanel;
use inspector::Inspector;
use start_panel::{StartAction, StartPanel};
use suggestions_panel::SuggestionsPanel;
use window::{Ask, Output, Panel, Reply, Request, Window};

/// Every window of the app, in drawing order: a new window is one entry here.
fn all_windows() -> Vec<Box<dyn Window>> {
    vec![
        Box::new(help_window::HelpWindow::default()),
        Box::new(guidelines_window::GuidelinesWindow::default()),
        Box::new(label_everywhere_window::LabelEverywhereWindow::default()),
        Box::new(statistics_window::StatisticsWindow::default()),
        Box::new(curation_window::CurationWindow::default()),
        Box::new(review_window::ReviewWindow::default()),
        Box::new(export_window::ExportWindow::default()),
        Box::new(import_window::ImportWindow::default()),
        Box::new(dataset_import_window::DatasetImportWindow::default()),
        Box::new(paste_window::PasteWindow::default()),
        Box::new(who_did_what_window::WhoDidWhatWindow::default()),
        Box::new(catalogue_window::CatalogueWindow::default()),
        Box::new(alias_window::AliasWindow::default()),
        Box::new(settings_window::SettingsWindow::default()),
        Box::new(recommenders_window::RecommendersWindow::default()),
        Box::new(assignments_window::AssignmentsWindow::default()),
    ]
}

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
    /// When each recent project was last opened (older prefs files have
    /// none, and load as they are).
    pub opened: BTreeMap<PathBuf, jiff::Timestamp>,
    pub annotator: Option<String>,
    pub dark: bool,
    pub text_size: f32,
}

impl Default for Prefs {
    fn default() -> Self {
        Self {
            recent: Vec::new(),
            opened: BTreeMap::new(),
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
    windows: Vec<Box<dyn Window>>,
    /// When the current run of unsaved edits began (or the last save
    /// failed), in egui time; autosave fires a delay after it.
    unsaved_since: Option<f64>,
    /// The analyst's inputs, timing the work on each document.
    activity: crate::app::activity::ActivityClock,
    /// The document the last input was credited to.
    activity_document: Option<crate::model::DocumentId>,
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
            windows: all_windows(),
            unsaved_since: None,
            activity: Default::default(),
            activity_document: None,
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

    /// The arcs drawn in the last frame, with their ends on screen.
    pub fn drawn_arcs(&self) -> &[DrawnArc] {
        &self.view.drawn_arcs
    }

    /// Where a span of the current document was drawn in the last frame.
    pub fn span_on_screen(&self, span: crate::model::Span) -> Option<egui::Rect> {
        let text = &self.workspace.as_ref()?.docs.current()?.document.text;
        self.view.span_on_screen(text, span)
    }

    /// The keyboard re-link under way, if any.
    pub fn pick(&self) -> Option<&Pick> {
        self.view.pick.as_ref()
    }

    /// The place the text being found by typing would select now.
    /// The document list as drawn in the last frame.
    pub fn listed_documents(&self) -> Vec<crate::model::DocumentId> {
        self.workspace
            .as_ref()
            .map(|w| self.documents.listed(w))
            .unwrap_or_default()
    }

    pub fn finding_current(&self) -> Option<crate::model::Span> {
        self.view.finding.as_ref()?.current()
    }

    /// How many times a paragraph's arcs were laid out (benches check the
    /// cache holds).
    pub fn arc_layouts(&self) -> u64 {
        self.view.arc_layouts
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
        self.prefs.recent.insert(0, path.clone());
        self.prefs.recent.truncate(MAX_RECENT);
        self.prefs.opened.insert(path, jiff::Timestamp::now());
        let recent = &self.prefs.recent;
        self.prefs.opened.retain(|p, _| recent.contains(p));
        self.prefs.annotator = Some(self.annotator.clone());
        self.workspace = Some(workspace);
        self.view = DocumentView::default();
        self.start.error = None;
        Ok(())
    }

    /// Saves and closes the open project. Refuses (keeping it open) when
    /// the save fails, so no edit is lost.
    pub fn close_project(&mut self) -> Result<(), String> {
        self.save_edits()
            .map_err(|e| format!("not closed, the save failed: {e}"))?;
        self.workspace = None;
        self.unsaved_since = None;
        Ok(())
    }

    /// The start screen, shown while no project is open.
    fn start_ui(&mut self, ui: &mut egui::Ui) {
        let action = self.start.ui(ui, &mut self.annotator, &self.prefs);
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
                match result {
                    // A new project is empty: on to importing its articles.
                    Ok(()) => self.open_window(WindowKind::ImportArticles),
                    Err(e) => self.start.error = Some(e),
                }
            }
            None => {}
        }
    }

    /// Opens a window (without toggling it).
    fn open_window(&mut self, kind: WindowKind) {
        if let Some(window) = self.windows.iter_mut().find(|w| w.kind() == kind) {
            window.set_open(true);
        }
    }

    /// Where the start screen's demo button looks: found beside the
    /// program or in the current folder unless set here (a packager's
    /// layout, a test's copy).
    pub fn set_demo_project(&mut self, path: Option<PathBuf>) {
        self.start.demo = path;
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
            egui::CentralPanel::default().show(ui, |ui| self.start_ui(ui));
            return;
        }
        if let Some(workspace) = &mut self.workspace
            && workspace.poll_summaries()
        {
            ctx.request_repaint_after(std::time::Duration::from_millis(100));
        }
        self.run_suggest_all(&ctx);
        self.time_the_work(&ctx);
        if let Some(workspace) = &mut self.workspace
            && workspace.learning.poll_training(&workspace.project)
        {
            ctx.request_repaint_after(std::time::Duration::from_millis(100));
        }
        let Self {
            workspace: Some(workspace),
            documents,
            view,
            queue,
            inspector,
            prefs,
            notice,
            info,
            ..
        } = self
        else {
            return;
        };
        let mut out = Output::default();
        egui::Panel::top("menu").show(ui, |ui| out.merge(menu_bar_ui(ui, workspace)));
        egui::Panel::bottom("status").show(ui, |ui| {
            let pick_hint = view.pick_hint(workspace);
            out.merge(status_bar::status_bar_ui(
                ui,
                workspace,
                notice.as_deref(),
                pick_hint.as_deref().or(info.as_deref()),
            ));
        });
        // Side panels keep to bounded widths, so the article keeps most of
        // a small window and long inspector text wraps instead of widening.
        let width = ui.available_width();
        egui::Panel::left("documents")
            .resizable(true)
            .default_size(280.0_f32.min(width * 0.22))
            .size_range(140.0..=(width * 0.3).max(160.0))
            .show(ui, |ui| out.merge(documents.ui(ui, workspace)));
        egui::Panel::right("side")
            .resizable(true)
            .default_size(380.0_f32.min(width * 0.3))
            .size_range(200.0..=(width * 0.4).max(240.0))
            .show(ui, |ui| {
                if view.selection.is_some() {
                    out.merge(label_palette::LabelPalette.ui(ui, workspace));
                }
                let available = ui.available_height();
                ui.allocate_ui(egui::vec2(ui.available_width(), available * 0.45), |ui| {
                    out.merge(queue.ui(ui, workspace));
                });
                ui.separator();
                out.merge(inspector.ui(ui, workspace));
            });
        egui::CentralPanel::default().show(ui, |ui| {
            view.text_size = prefs.text_size;
            out.merge(view.ui(ui, workspace));
        });
        // Applied before the windows are drawn, so a window opened from a
        // menu shows in this frame.
        let typing = out.typing;
        self.apply(out.requests, &ctx);
        let Self {
            workspace: Some(workspace),
            windows,
            ..
        } = self
        else {
            return;
        };
        let mut out = Output {
            typing,
            ..Output::default()
        };
        for window in windows.iter_mut().filter(|w| w.is_open()) {
            out.merge(window_ui(&ctx, window.as_mut(), workspace));
        }
        // A key that opens a prompt (`/`, `E`, a role key …) gives it the
        // keys typed after it in the same frame: a fast typist's first
        // letters are not lost, nor run as commands of their own.
        let mut carried = Vec::new();
        if !out.typing {
            let events = self
                .view
                .unfiltered_events()
                .unwrap_or_else(|| ctx.input(|i| i.events.clone()));
            for (command, at) in keys::commands_in(&events) {
                out.command(command);
                if command.opens_prompt() {
                    carried = keys::events_after(&events, at);
                    break;
                }
            }
        }
        self.apply(out.requests, &ctx);
        if !carried.is_empty() && self.view.takes_keys() {
            self.view.carried = carried;
            ctx.request_repaint();
        }
        // Each window's requests are applied before the next one's turn.
        for i in 0..self.windows.len() {
            let (Some(workspace), Some(window)) = (&self.workspace, self.windows.get_mut(i)) else {
                break;
            };
            let out = window.after_frame(&ctx, workspace);
            self.apply(out.requests, &ctx);
        }
        self.autosave(&ctx);
        if ctx.input(|i| i.viewport().close_requested()) {
            self.save_now();
            // Edits that could not be saved keep the window open.
            if self
                .workspace
                .as_ref()
                .is_some_and(|w| w.docs.has_unsaved())
            {
                ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
                self.notice = Some("Not closed: the last edits could not be saved (see above); free the disk or folder, then close again".into());
            }
        }
    }

    /// Whether a window waits for background work (statistics, review,
    /// export); tests and benches wait on it.
    pub fn is_busy(&self) -> bool {
        self.windows.iter().any(|w| w.is_busy())
    }

    /// Applies what the panels and windows asked for, in order: the one
    /// place where requests change the app and its workspace.
    fn apply(&mut self, requests: Vec<Request>, ctx: &egui::Context) {
        let mut pending: VecDeque<Request> = requests.into();
        while let Some(request) = pending.pop_front() {
            if let Request::SaveEdits = request {
                // A failure shows in the status bar and autosave retries it.
                let _ = self.save_edits();
                continue;
            }
            let Some(workspace) = &mut self.workspace else {
                return;
            };
            let result = match request {
                // With text selected, `[` and `]` move the selection's
                // edges rather than the focused item's.
                Request::Command(Command::MoveEdge(edge, forward))
                    if self.view.selection.is_some() =>
                {
                    self.view.move_selection_edge(workspace, edge, forward);
                    Ok(())
                }
                Request::Command(command) => {
                    if !workspace.is_enabled(command) {
                        continue;
                    }
                    match command.route() {
                        Route::Workspace(command) => {
                            let selection = match command {
                                WorkspaceCommand::ApplyLabel(_) => self.view.selection.take(),
                                _ => None,
                            };
                            if selection.is_some() {
                                clear_text_selection(ctx);
                            }
                            workspace.execute(command, selection)
                        }
                        Route::Shell(command) => {
                            match command {
                                ShellCommand::CloseProject => {
                                    if let Err(e) = self.close_project() {
                                        self.notice = Some(e);
                                    }
                                    return;
                                }
                                ShellCommand::Window(kind) => {
                                    let window = self.windows.iter_mut().find(|w| w.kind() == kind);
                                    if let Some(window) = window {
                                        pending.extend(window.on_command(workspace).requests);
                                    }
                                }
                                ShellCommand::Relink(role) => {
                                    // Selected words that are no mention yet
                                    // become one and fill the role at once.
                                    let focus = workspace.docs.focus;
                                    match (self.view.selection, focus) {
                                        (_, Some(ItemRef::Claim(claim)))
                                            if role == LinkRole::About =>
                                        {
                                            self.view.start_choosing(
                                                workspace,
                                                document_view::Purpose::About(claim),
                                            );
                                        }
                                        (Some(span), Some(item)) if role.fits(item) => {
                                            self.view.selection = None;
                                            clear_text_selection(ctx);
                                            self.view.start_choosing(
                                                workspace,
                                                document_view::Purpose::NewFiller(span, item, role),
                                            );
                                        }
                                        _ => self.view.start_pick(workspace, role),
                                    }
                                }
                                ShellCommand::FindText => self.view.start_finding(workspace),
                                ShellCommand::Comment => self.view.start_commenting(workspace),
                                ShellCommand::DecideInBulk => self
                                    .view
                                    .start_choosing(workspace, document_view::Purpose::Bulk),
                                ShellCommand::LabelAll => match workspace.docs.focus {
                                    Some(crate::model::ItemRef::Mention(id)) => {
                                        self.view.start_choosing(
                                            workspace,
                                            document_view::Purpose::LabelAll(id),
                                        )
                                    }
                                    _ => {
                                        self.notice = Some(
                                            "Focus a mention first (J/K or a click), then press Shift+A".into(),
                                        );
                                    }
                                },
                                ShellCommand::NewRelation => {
                                    let types = &workspace.project.file.schema.relation_types;
                                    match workspace.docs.focus {
                                        Some(_) if types.iter().all(|t| t.equivalence) => {
                                            self.notice = Some(
                                                "The schema has no relation types: add some to the project's schema (project.ron, relation_types) first."
                                                    .into(),
                                            );
                                        }
                                        Some(item) => self.view.start_choosing(
                                            workspace,
                                            document_view::Purpose::RelationKind(item),
                                        ),
                                        None => {}
                                    }
                                }
                                ShellCommand::NewEvent
                                | ShellCommand::NewClaim
                                | ShellCommand::Choose => {
                                    let selection = self.view.selection.take();
                                    if selection.is_some() {
                                        clear_text_selection(ctx);
                                    }
                                    match choosing_for(command, selection, workspace.docs.focus) {
                                        Ok(purpose) => self.view.start_choosing(workspace, purpose),
                                        Err(hint) => self.notice = Some(hint.into()),
                                    }
                                }
                                ShellCommand::ToggleArcs => {
                                    self.view.all_arcs = !self.view.all_arcs;
                                }
                                ShellCommand::ToggleTheme => self.prefs.dark = !self.prefs.dark,
                                ShellCommand::ZoomIn => {
                                    self.prefs.text_size = (self.prefs.text_size + 1.0).min(40.0);
                                }
                                ShellCommand::ZoomOut => {
                                    self.prefs.text_size = (self.prefs.text_size - 1.0).max(9.0);
                                }
                            }
                            Ok(())
                        }
                    }
                }
                Request::Change(change) => {
                    workspace.change(change);
                    Ok(())
                }
                Request::Select(id) => workspace.select_document(&id),
                Request::Focus(item) => {
                    workspace.docs.focus = Some(item);
                    self.view.scroll_to = Some(item);
                    Ok(())
                }
                Request::Reveal(reveal) => workspace
                    .select_document(&reveal.document)
                    .map(|()| self.view.reveal = Some(reveal.span)),
                Request::NewActorFor(mention) => workspace.link_to_new_actor(mention),
                Request::CreateMention { span, label } => {
                    workspace.create_mention(span, &label);
                    Ok(())
                }
                Request::CreateFiller {
                    span,
                    label,
                    item,
                    role,
                } => {
                    workspace.create_filler(span, &label, item, role);
                    Ok(())
                }
                Request::CreateEvent {
                    span,
                    event_type,
                    sub_type,
                } => {
                    workspace.create_event(span, &event_type, sub_type.as_deref());
                    Ok(())
                }
                Request::ToggleRelation { kind, from, to } => {
                    workspace.toggle_relation(&kind, from, to);
                    Ok(())
                }
                Request::ToggleAbout(claim, event) => {
                    let change = workspace
                        .docs
                        .current()
                        .and_then(|d| edit::toggle_about(&d.annotations, claim, event));
                    if let Some(change) = change {
                        workspace.change(change);
                    }
                    Ok(())
                }
                Request::CreateClaim { span, stance } => {
                    workspace.create_claim(span, &stance);
                    Ok(())
                }
                Request::Curate(action) => {
                    workspace.curate(action);
                    Ok(())
                }
                Request::Comment(target, text) => {
                    workspace.comment(target, &text);
                    Ok(())
                }
                Request::DecideInBulk(filter) => {
                    let decided = workspace.decide_in_bulk(&filter);
                    let verb = if filter.decision == crate::model::Status::Accepted {
                        "Accepted"
                    } else {
                        "Rejected"
                    };
                    self.notice = Some(format!(
                        "{verb} {decided} suggestion(s); Ctrl+Z takes them all back."
                    ));
                    Ok(())
                }
                Request::LabelAll(id) => {
                    let labelled = workspace.label_all(id);
                    self.notice = Some(format!(
                        "Labelled {labelled} more occurrence(s); Ctrl+Z takes them all back."
                    ));
                    Ok(())
                }
                Request::LabelSelection(label) => {
                    if let Some(span) = self.view.selection.take() {
                        workspace.create_mention(span, &label);
                        clear_text_selection(ctx);
                    }
                    Ok(())
                }
                Request::Ask(from, ask) => {
                    let reply = answer(workspace, *ask);
                    let window = self.windows.iter_mut().find(|w| w.kind() == from);
                    if let Some(window) = window {
                        pending.extend(window.on_reply(reply, workspace).requests);
                    }
                    Ok(())
                }
                Request::SaveEdits => Ok(()),
            };
            if let Err(e) = result {
                self.notice = Some(e.to_string());
            }
        }
    }

    /// Takes in "suggest in all documents" when its background job is done;
    /// repaints meanwhile so the progress bar fills.
    fn run_suggest_all(&mut self, ctx: &egui::Context) {
        let Some(workspace) = &mut self.workspace else {
            return;
        };
        if workspace.learning.suggest_all_progress().is_none() {
            return;
        }
        if let Some(summary) = workspace.poll_suggest_all() {
            self.info = Some(summary);
            return;
        }
        ctx.request_repaint();
    }

    /// Saves within the project's delay after an edit; retries a failed save.
    /// Credits the time since the analyst's last input to the document in
    /// front of them (idle pauses and document changes start anew).
    fn time_the_work(&mut self, ctx: &egui::Context) {
        let Some(workspace) = &mut self.workspace else {
            return;
        };
        let worked = ctx.input(|i| {
            i.events.iter().any(|e| {
                matches!(
                    e,
                    egui::Event::Key { pressed: true, .. }
                        | egui::Event::Text(_)
                        | egui::Event::Paste(_)
                        | egui::Event::PointerButton { pressed: true, .. }
                        | egui::Event::MouseWheel { .. }
                )
            })
        });
        if !worked {
            return;
        }
        let current = workspace.docs.current_id().cloned();
        if current != self.activity_document {
            self.activity.pause();
            self.activity_document.clone_from(&current);
        }
        let seconds = self.activity.input(ctx.input(|i| i.time));
        workspace.docs.add_active_time(seconds);
    }

    fn autosave(&mut self, ctx: &egui::Context) {
        let Some(workspace) = &mut self.workspace else {
            return;
        };
        if !workspace.docs.has_unsaved() {
            self.unsaved_since = None;
            return;
        }
        let now = ctx.input(|i| i.time);
        let since = *self.unsaved_since.get_or_insert(now);
        let delay = match workspace.docs.save_state {
            SaveState::Error(_) => SAVE_RETRY_SECS,
            _ => workspace.project.file.settings.autosave_delay_ms as f64 / 1000.0,
        };
        if now - since >= delay {
            workspace.docs.save_state = SaveState::Saving;
            self.unsaved_since = match self.save_edits() {
                Ok(()) => None,
                Err(_) => Some(now),
            };
        } else {
            ctx.request_repaint_after(std::time::Duration::from_secs_f64(delay - (now - since)));
        }
    }

    /// The one save path: writes every edited document (autosave, Save,
    /// closing, and windows that read the project from disk). A failure is
    /// kept in the workspace's save state, shown and retried.
    fn save_edits(&mut self) -> Result<(), String> {
        match &mut self.workspace {
            Some(workspace) => workspace
                .docs
                .save_dirty(&mut workspace.project)
                .map(|_| ())
                .map_err(|e| e.to_string()),
            None => Ok(()),
        }
    }

    /// Saves every unsaved edit at once (window closing, project switch).
    pub fn save_now(&mut self) {
        if let Err(e) = self.save_edits() {
            self.notice = Some(e);
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
}

/// Applies a window's [`Ask`] to the workspace and says how it went: the
/// changes windows ask for, in the app's one request handler.
fn answer(workspace: &mut Workspace, ask: Ask) -> Reply {
    match ask {
        Ask::Curate(annotators) => Reply::CurationStarted(workspace.start_curation(&annotators)),
        Ask::SaveGuidelines(text) => Reply::GuidelinesSaved(workspace.save_guidelines(text)),
        Ask::Assign {
            names,
            overlap,
            seed,
        } => Reply::Assigned(workspace.assign(&names, overlap, seed)),
        Ask::TakeInFiles(written) => Reply::FilesTakenIn(workspace.take_in_files(&written)),
        Ask::RestoreFiles(previous) => {
            let result = workspace.restore_files(&previous);
            Reply::FilesRestored(result, previous)
        }
        Ask::AdoptCuration(report) => {
            let result = workspace.adopt_project_curation(&report);
            Reply::CurationAdopted(report, result)
        }
        Ask::EditCatalogue(edit) => Reply::CatalogueEdited(workspace.edit_catalogue(&edit)),
        Ask::AdoptMerge(report) => {
            let result = workspace.catalogue_merged(&report);
            Reply::MergeAdopted(report, result)
        }
        Ask::AddDocument(document) => Reply::DocumentAdded(workspace.add_document(document)),
        Ask::AdoptImported(handle) => {
            let added = workspace.adopt_imported(&handle);
            Reply::ImportAdopted {
                opened: open_first(workspace, &added),
            }
        }
        Ask::AdoptDatasetImport(handle) => {
            let taken = workspace.adopt_dataset_import(&handle);
            let opened = open_first(workspace, &taken.added);
            Reply::DatasetImportAdopted { taken, opened }
        }
        Ask::AdoptSchemaEdit {
            handle,
            files_rewritten,
        } => Reply::SchemaEditAdopted(workspace.adopt_schema_edit(&handle, files_rewritten)),
    }
}

/// Opens the first of the documents an import added, if any.
fn open_first(workspace: &mut Workspace, added: &[DocumentId]) -> Result<(), StoreError> {
    match added.first() {
        Some(first) => workspace.select_document(first),
        None => Ok(()),
    }
}

/// The menu bar, one menu per section of the command table.
fn menu_bar_ui(ui: &mut egui::Ui, workspace: &Workspace) -> Output {
    let mut out = Output::default();
    egui::MenuBar::new().ui(ui, |ui| {
        for section in Section::ALL {
            ui.menu_button(section.name(), |ui| {
                for command in Command::in_section(section) {
                    let mut button = egui::Button::new(command.label());
                    if let Some(shortcut) = command.shortcuts().first() {
                        button = button.shortcut_text(shortcut.label());
                    }
                    if ui
                        .add_enabled(workspace.is_enabled(command), button)
                        .clicked()
                    {
                        out.command(command);
                    }
                }
            });
        }
    });
    out
}

/// Draws an open window in its egui window; closing it closes the window.
fn window_ui(ctx: &egui::Context, window: &mut dyn Window, workspace: &Workspace) -> Output {
    let mut open = true;
    let shown = window
        .frame(egui::Window::new(window.name()).open(&mut open))
        .show(ctx, |ui| window.ui(ui, workspace));
    if !open {
        window.set_open(false);
    }
    shown.and_then(|r| r.inner).unwrap_or_default()
}

/// What E, C or Y picks for: the selected text when there is one, else
/// the focused item (Y only); or what the analyst should do first.
fn choosing_for(
    command: ShellCommand,
    selection: Option<crate::model::Span>,
    focus: Option<crate::model::ItemRef>,
) -> Result<document_view::Purpose, &'static str> {
    use crate::model::ItemRef;
    use document_view::Purpose;
    match (command, selection, focus) {
        (ShellCommand::NewEvent, Some(span), _) => Ok(Purpose::NewEvent(span)),
        (ShellCommand::NewEvent, None, _) => {
            Err("Select the words of the event's trigger first, then press E")
        }
        (ShellCommand::NewClaim, Some(span), _) => Ok(Purpose::NewClaim(span)),
        (ShellCommand::NewClaim, None, _) => {
            Err("Select the words of the claim's cue first, then press C")
        }
        (_, Some(span), _) => Ok(Purpose::NewMention(span)),
        (_, None, Some(ItemRef::Mention(id))) => Ok(Purpose::Relabel(id)),
        (_, None, Some(ItemRef::Event(id))) => Ok(Purpose::Retype(id)),
        (_, None, Some(ItemRef::Claim(id))) => Ok(Purpose::Restance(id)),
        (_, None, None) => Err("Select text or focus an item first, then press Y"),
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefs_written_before_dates_were_kept_still_load_and_dates_round_trip() {
        let old = r#"(recent: ["/p/one", "/p/two"], annotator: Some("ana"), dark: true, text_size: 18.0)"#;
        let prefs: Prefs = ron::from_str(old).expect("old prefs load");
        assert_eq!(prefs.recent.len(), 2);
        assert!(prefs.opened.is_empty());
        assert!(prefs.dark);
        let mut dated = prefs;
        let when: jiff::Timestamp = "2026-03-14T12:00:00Z".parse().expect("a timestamp");
        dated.opened.insert(PathBuf::from("/p/one"), when);
        let text = ron::to_string(&dated).expect("prefs written");
        let back: Prefs = ron::from_str(&text).expect("prefs read back");
        assert_eq!(back.opened.get(Path::new("/p/one")), Some(&when));
        assert_eq!(back.recent, dated.recent);
    }

    #[test]
    fn every_window_command_opens_exactly_one_window() {
        let windows = all_windows();
        let kinds: Vec<_> = Command::all()
            .iter()
            .filter_map(|c| match *c {
                Command::Window(kind) => Some(kind),
                _ => None,
            })
            .collect();
        assert_eq!(kinds.len(), windows.len());
        for kind in kinds {
            assert_eq!(
                windows.iter().filter(|w| w.kind() == kind).count(),
                1,
                "{kind:?}"
            );
        }
    }
}
