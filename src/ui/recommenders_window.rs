//! The Recommenders panel: each recommender's state (not trained, training…,
//! trained, or why its file cannot be used), when it was last trained and on
//! how much, its held-out precision/recall/F1 per label, the rule suggesters'
//! scores per label on the finished documents, which (recommender, label)
//! pairs the project's activation score silences, and the learning curve of
//! every training run.
//!
//! Read on a background job over a read-only copy of the project when the
//! window opens, on Refresh, and again each time background training ends:
//! never on the UI thread, never per frame.

use std::collections::BTreeMap;

use egui_plot::{Legend, Line, Plot, PlotPoints, Points};

use crate::app::jobs::models::{
    HistoryPoint, LearnedStatus, ModelState, RecommendersStatus, RuleScoresFile,
    recommenders_status,
};
use crate::app::{WindowKind, Workspace};
use crate::learn::{Evaluation, Scores, Silenced};

use super::window::{Loader, Output, Panel, Window};

/// What the panel shows, read off the UI thread.
#[derive(Debug, Default)]
pub struct RecommendersData {
    pub status: RecommendersStatus,
    pub problems: Vec<String>,
}

#[derive(Default)]
pub struct RecommendersWindow {
    open: bool,
    data: Option<RecommendersData>,
    loader: Loader<RecommendersData>,
    load_requested: bool,
    /// Training ran at the last frame: its end reloads the figures.
    was_training: bool,
}

impl RecommendersWindow {
    fn start_loading(&mut self, workspace: &Workspace) {
        self.loader
            .start("Recommenders", workspace.project.root(), |project, _| {
                Ok(RecommendersData {
                    status: recommenders_status(project),
                    problems: Vec::new(),
                })
            });
    }
}

impl Window for RecommendersWindow {
    fn name(&self) -> &'static str {
        "Recommenders"
    }

    fn kind(&self) -> WindowKind {
        WindowKind::Recommenders
    }

    fn is_open(&self) -> bool {
        self.open
    }

    fn set_open(&mut self, open: bool) {
        self.open = open;
    }

    fn on_command(&mut self, _workspace: &Workspace) -> Output {
        self.open = !self.open;
        self.load_requested = self.open;
        Output::default()
    }

    fn frame<'a>(&self, window: egui::Window<'a>) -> egui::Window<'a> {
        window.default_size([700.0, 720.0]).vscroll(true)
    }

    fn after_frame(&mut self, ctx: &egui::Context, workspace: &Workspace) -> Output {
        let training = workspace.learning.is_training();
        let training_ended = std::mem::replace(&mut self.was_training, training) && !training;
        if std::mem::take(&mut self.load_requested) || (self.open && training_ended) {
            self.start_loading(workspace);
        }
        match self.loader.poll(ctx) {
            Some(Ok(data)) => self.data = Some(data),
            Some(Err(problem)) => {
                self.data = Some(RecommendersData {
                    problems: vec![problem],
                    ..RecommendersData::default()
                });
            }
            None => {}
        }
        Output::default()
    }

    fn is_busy(&self) -> bool {
        self.load_requested || self.loader.is_running()
    }
}

impl Panel for RecommendersWindow {
    fn ui(&mut self, ui: &mut egui::Ui, workspace: &Workspace) -> Output {
        let out = Output::default();
        let training = workspace.learning.is_training();
        ui.horizontal(|ui| {
            if training {
                ui.spinner();
                ui.label("training…");
            } else if let Some(message) = &workspace.learning.training_message {
                ui.label(message);
            }
            if ui
                .add_enabled(!self.loader.is_running(), egui::Button::new("Refresh"))
                .clicked()
            {
                self.load_requested = true;
            }
        });
        self.loader.progress_ui(ui);
        let Some(data) = &self.data else {
            return out;
        };
        let error = super::theme::error_colour(ui.visuals().dark_mode);
        for problem in data.problems.iter().chain(&data.status.notes) {
            ui.colored_label(error, problem);
        }
        ui.strong("Recommenders");
        egui::Grid::new("recommenders")
            .striped(true)
            .num_columns(6)
            .show(ui, |ui| {
                for heading in [
                    "recommender",
                    "state",
                    "last trained",
                    "documents",
                    "mentions",
                    "held-out F1",
                ] {
                    ui.strong(heading);
                }
                ui.end_row();
                for learned in &data.status.learned {
                    learned_row_ui(ui, learned, training);
                }
                ui.label("rules");
                match &data.status.rules {
                    Some(rules) => {
                        ui.label("measured");
                        ui.label(rules.measured_at.strftime("%Y-%m-%d %H:%M UTC").to_string());
                        ui.label(rules.documents.to_string());
                    }
                    None => {
                        ui.label("not measured yet (always on: the cold start)");
                    }
                }
                ui.end_row();
            });
        for note in &workspace.learning.learned_notes {
            ui.colored_label(error, note);
        }
        ui.separator();
        activation_ui(ui, &data.status);
        ui.label(
            if workspace.project.file.settings.next_document_least_sure {
                "Next document (N): the unfinished one the tagger is least sure of, after training."
            } else {
                "Next document (N): the next in the list."
            },
        );
        for learned in &data.status.learned {
            if let Some(evaluation) = &learned.evaluation {
                ui.separator();
                ui.strong(format!("{}: held-out scores per label", learned.name));
                evaluation_ui(ui, learned.name, evaluation, &data.status.silenced);
            }
        }
        if let Some(rules) = &data.status.rules {
            ui.separator();
            ui.strong(format!(
                "Rules: scores per label on the {} finished document(s)",
                rules.documents
            ));
            rules_ui(ui, rules, &data.status.silenced);
        }
        ui.separator();
        ui.strong("Learning curve: held-out F1 by training-set size");
        learning_curve_ui(ui, &data.status.history);
        out
    }
}

fn learned_row_ui(ui: &mut egui::Ui, learned: &LearnedStatus, training: bool) {
    ui.label(learned.name);
    let state = match &learned.state {
        _ if training => "training…".to_owned(),
        ModelState::NotTrained => "not trained".to_owned(),
        ModelState::Trained => "trained".to_owned(),
        ModelState::Unusable(why) => format!("{why} (retrained on the next run)"),
    };
    ui.label(state);
    ui.label(
        learned
            .trained_at
            .map(|t| t.strftime("%Y-%m-%d %H:%M UTC").to_string())
            .unwrap_or_default(),
    );
    ui.label(learned.training_documents.to_string());
    ui.label(learned.training_mentions.to_string());
    ui.label(
        learned
            .evaluation
            .as_ref()
            .map(|e| format!("{:.3}", e.overall.f1))
            .unwrap_or_else(|| "not scored".into()),
    );
    ui.end_row();
}

/// The project's activation gate and the pairs it silences.
fn activation_ui(ui: &mut egui::Ui, status: &RecommendersStatus) {
    let gate = status.activation;
    if !gate.is_on() {
        ui.label(
            "Activation gating is off: every recommender proposes every label \
             (set the project's activation threshold to silence weak ones).",
        );
        return;
    }
    ui.label(format!(
        "Active for a label when {} ≥ {:.2} (judged after {} proposal(s) of it).",
        gate.metric.name(),
        gate.threshold,
        gate.min_proposals
    ));
    if status.silenced.is_empty() {
        ui.label("No recommender is silenced.");
    } else {
        let pairs: Vec<String> = status
            .silenced
            .iter()
            .map(|(by, label)| format!("{} for {label}", display_name(by)))
            .collect();
        ui.label(format!("Silenced: {}", pairs.join(", ")));
    }
}

/// `rule:catalogue` for a rule suggester, the learned ones as they are.
fn display_name(recommender: &str) -> String {
    if recommender.starts_with("learned:") {
        recommender.to_owned()
    } else {
        format!("rule:{recommender}")
    }
}

/// Each rule suggester's scores on the labels it proposes.
fn rules_ui(ui: &mut egui::Ui, rules: &RuleScoresFile, silenced: &Silenced) {
    egui::Grid::new("rule-scores")
        .striped(true)
        .num_columns(7)
        .show(ui, |ui| {
            for heading in ["rule", "label", "precision", "recall", "F1", "proposed", ""] {
                ui.strong(heading);
            }
            ui.end_row();
            for (name, evaluation) in &rules.per_suggester {
                for (label, s) in &evaluation.per_label {
                    ui.label(display_name(name));
                    ui.label(label);
                    scores_cells_ui(ui, *s);
                    ui.label(s.predicted.to_string());
                    ui.label(state_of(silenced, name, label));
                    ui.end_row();
                }
            }
        });
}

fn state_of(silenced: &Silenced, recommender: &str, label: &str) -> &'static str {
    if silenced.contains(&(recommender.to_owned(), label.to_owned())) {
        "silenced"
    } else {
        "active"
    }
}

fn scores_cells_ui(ui: &mut egui::Ui, s: Scores) {
    ui.label(format!("{:.3}", s.precision));
    ui.label(format!("{:.3}", s.recall));
    ui.label(format!("{:.3}", s.f1));
}

/// Precision, recall and F1 per label, then all labels together.
fn evaluation_ui(ui: &mut egui::Ui, name: &str, evaluation: &Evaluation, silenced: &Silenced) {
    ui.label(format!(
        "trained on {} document(s) ({} mention(s)), scored on {} held out",
        evaluation.training_documents, evaluation.training_mentions, evaluation.held_out_documents
    ));
    egui::Grid::new(("scores", name))
        .striped(true)
        .num_columns(6)
        .show(ui, |ui| {
            for heading in ["label", "precision", "recall", "F1", "support", ""] {
                ui.strong(heading);
            }
            ui.end_row();
            for (label, s) in &evaluation.per_label {
                ui.label(label);
                scores_cells_ui(ui, *s);
                ui.label(s.support.to_string());
                ui.label(state_of(silenced, name, label));
                ui.end_row();
            }
            ui.label("all (micro)");
            scores_cells_ui(ui, evaluation.overall);
            ui.label(evaluation.overall.support.to_string());
            ui.end_row();
        });
}

/// One line per learned recommender: held-out F1 against training documents.
fn learning_curve_ui(ui: &mut egui::Ui, history: &[HistoryPoint]) {
    let mut curves: BTreeMap<&str, Vec<[f64; 2]>> = BTreeMap::new();
    for point in history {
        if let Some(scores) = point.overall {
            curves
                .entry(point.recommender.as_str())
                .or_default()
                .push([point.training_documents as f64, scores.f1]);
        }
    }
    if curves.is_empty() {
        ui.label("No scored training run yet: finish two documents or more (Ctrl+Enter).");
        return;
    }
    Plot::new("learning-curve")
        .height(220.0)
        .legend(Legend::default())
        .allow_scroll(false)
        .include_y(0.0)
        .include_y(1.0)
        .include_x(0.0)
        .x_axis_label("finished documents")
        .y_axis_label("held-out F1")
        .show(ui, |plot| {
            for (name, mut points) in curves {
                points.sort_by(|a, b| a[0].total_cmp(&b[0]));
                plot.line(Line::new(name, PlotPoints::from(points.clone())));
                plot.points(Points::new(name, PlotPoints::from(points)).radius(3.0));
            }
        });
}
