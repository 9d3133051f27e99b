//! The review view: agreement between two annotators, or an extractor's
//! quality against gold, over the whole project. A per-label table that
//! sorts and filters, a chart of F1 per label, and for an extractor the
//! list of its errors: stepping through them opens each document with the
//! error's span selected (so a miss can be labelled at once).

use egui_plot::{Bar, BarChart, Legend, Plot};

use crate::app::{SaveState, WindowKind, Workspace, jobs};
use crate::model::Span;
use crate::quality::{Comparison, Counts, ExtractionError, Selection};

use super::window::{Loader, Output, Panel, Request, Reveal, Window};

#[derive(Clone, Copy, PartialEq, Eq, Default)]
enum Mode {
    #[default]
    Agreement,
    Extraction,
}

#[derive(Clone, Copy, PartialEq, Eq, Default)]
enum SortBy {
    #[default]
    Label,
    Support,
    ExactF1,
    OverlapF1,
}

/// What a computation found.
struct Computed {
    summary: String,
    comparison: Comparison,
    errors: Vec<ExtractionError>,
}

#[derive(Default)]
pub struct ReviewWindow {
    open: bool,
    mode: Mode,
    reference: String,
    compared: String,
    comparison: Option<Comparison>,
    errors: Vec<ExtractionError>,
    error_index: usize,
    summary: String,
    failure: Option<String>,
    filter: String,
    sort_by: SortBy,
    /// Compute once the app has saved the edits (after this frame).
    compute_requested: bool,
    loader: Loader<Option<Computed>>,
}

impl Window for ReviewWindow {
    fn name(&self) -> &'static str {
        "Review"
    }

    fn kind(&self) -> WindowKind {
        WindowKind::Review
    }

    fn is_open(&self) -> bool {
        self.open
    }

    fn set_open(&mut self, open: bool) {
        self.open = open;
    }

    fn on_command(&mut self, workspace: &Workspace) -> Output {
        self.open = !self.open;
        if self.open && (self.reference.is_empty() || self.compared.is_empty()) {
            let annotators = workspace.project.annotators();
            if self.reference.is_empty() {
                self.reference = annotators.first().cloned().unwrap_or_default();
            }
            if self.compared.is_empty() {
                self.compared = annotators.get(1).cloned().unwrap_or_default();
            }
        }
        Output::default()
    }

    fn frame<'a>(&self, window: egui::Window<'a>) -> egui::Window<'a> {
        window.default_size([760.0, 620.0]).vscroll(true)
    }

    fn after_frame(&mut self, ctx: &egui::Context, workspace: &Workspace) -> Output {
        if std::mem::take(&mut self.compute_requested) {
            self.start_computing(workspace);
        }
        match self.loader.poll(ctx) {
            Some(Ok(Some(computed))) => {
                self.summary = computed.summary;
                self.comparison = Some(computed.comparison);
                self.errors = computed.errors;
            }
            Some(Ok(None)) | None => {}
            Some(Err(failure)) => self.failure = Some(failure),
        }
        Output::default()
    }

    fn is_busy(&self) -> bool {
        self.compute_requested || self.loader.is_running()
    }
}

impl Panel for ReviewWindow {
    /// Draws the window: the choice of annotators, then the figures.
    fn ui(&mut self, ui: &mut egui::Ui, workspace: &Workspace) -> Output {
        let mut out = Output::default();
        let project = &workspace.project;
        ui.horizontal(|ui| {
            ui.selectable_value(&mut self.mode, Mode::Agreement, "Agreement");
            ui.selectable_value(&mut self.mode, Mode::Extraction, "Extraction quality");
        });
        let mut compute = false;
        ui.horizontal(|ui| {
            let (first, second) = match self.mode {
                Mode::Agreement => ("Reference annotator", "Compared annotator"),
                Mode::Extraction => ("Gold", "System"),
            };
            // Listed only while a choice is open: reading the folder every frame is wasted.
            egui::ComboBox::from_label(first)
                .selected_text(&self.reference)
                .show_ui(ui, |ui| {
                    for a in &project.annotators() {
                        ui.selectable_value(&mut self.reference, a.clone(), a);
                    }
                });
            if self.mode == Mode::Extraction {
                let system_label = ui.label(second);
                out.typing |= ui
                    .add(
                        egui::TextEdit::singleline(&mut self.compared)
                            .hint_text("annotator or source")
                            .desired_width(140.0),
                    )
                    .labelled_by(system_label.id)
                    .has_focus();
            } else {
                egui::ComboBox::from_label(second)
                    .selected_text(&self.compared)
                    .show_ui(ui, |ui| {
                        for a in &project.annotators() {
                            ui.selectable_value(&mut self.compared, a.clone(), a);
                        }
                    });
            }
            compute = ui
                .add_enabled(!self.loader.is_running(), egui::Button::new("Compute"))
                .clicked();
        });
        if compute {
            self.compute_requested = true;
            out.request(Request::SaveEdits);
        }
        self.loader.progress_ui(ui);
        if let Some(failure) = &self.failure {
            ui.colored_label(super::theme::error_colour(ui.visuals().dark_mode), failure);
        }
        if self.comparison.is_none() {
            return out;
        }
        ui.label(&self.summary);
        if self.mode == Mode::Extraction
            && let Some(reveal) = self.error_steps_ui(ui)
        {
            out.request(Request::Reveal(reveal));
        }
        let Some(comparison) = &self.comparison else {
            return out;
        };
        overall_ui(ui, comparison);
        ui.separator();
        ui.horizontal(|ui| {
            let filter_label = ui.label("Filter labels");
            out.typing |= ui
                .add(egui::TextEdit::singleline(&mut self.filter).desired_width(160.0))
                .labelled_by(filter_label.id)
                .has_focus();
        });
        label_table_ui(ui, comparison, &self.filter, &mut self.sort_by);
        f1_chart_ui(ui, comparison);
        if self.mode == Mode::Extraction {
            ui.separator();
            if let Some(clicked) = self.errors_ui(ui) {
                out.request(Request::Reveal(clicked));
            }
        }
        out
    }
}

impl ReviewWindow {
    /// Starts the comparison on a background job, the edits being saved.
    fn start_computing(&mut self, workspace: &Workspace) {
        self.failure = None;
        self.comparison = None;
        self.errors.clear();
        self.error_index = 0;
        if workspace.docs.has_unsaved() {
            let reason = match &workspace.docs.save_state {
                SaveState::Error(e) => e.clone(),
                _ => "edits are still unsaved".into(),
            };
            self.failure = Some(format!("save failed, not computed: {reason}"));
            return;
        }
        let root = workspace.project.root();
        match self.mode {
            Mode::Agreement => {
                let names = [self.reference.clone(), self.compared.clone()];
                self.loader
                    .start("Agreement", root, move |project, control| {
                        let jobs::AgreementReport {
                            agreement,
                            problems,
                            ..
                        } = jobs::agreement(project, &names, &Selection::Gold, control)
                            .map_err(|e| e.to_string())?;
                        let alpha = agreement
                            .alpha
                            .overall
                            .map_or_else(|| "n/a".to_owned(), |a| format!("{a:.3}"));
                        Ok(agreement.pairs.into_iter().next().map(|pair| Computed {
                            summary: format!(
                                "{} shared document(s); {} not shared; {} unreadable file(s); \
                                 Krippendorff's alpha {alpha}",
                                pair.overall.documents,
                                pair.not_shared.len(),
                                problems.len()
                            ),
                            comparison: pair.overall,
                            errors: Vec::new(),
                        }))
                    });
            }
            Mode::Extraction => {
                let (gold, system) = (self.reference.clone(), self.compared.clone());
                self.loader
                    .start("Extraction quality", root, move |project, control| {
                        let measured = jobs::evaluation(project, &gold, &system, control)
                            .map_err(|e| e.to_string())?;
                        Ok(Some(Computed {
                            summary: format!(
                                "{} document(s) compared; system read as {}; {} error(s)",
                                measured.documents,
                                if measured.system_is_annotator {
                                    "an annotator"
                                } else {
                                    "a source in the gold files"
                                },
                                measured.evaluation.errors.len()
                            ),
                            comparison: measured.evaluation.scores,
                            errors: measured.evaluation.errors,
                        }))
                    });
            }
        }
    }

    /// Previous/next error: opens its document with its span selected.
    fn error_steps_ui(&mut self, ui: &mut egui::Ui) -> Option<Reveal> {
        let mut reveal = None;
        ui.horizontal(|ui| {
            ui.strong(format!("Errors: {}", self.errors.len()));
            let count = self.errors.len();
            if count > 0 {
                let mut step = None;
                if ui.button("Previous error").clicked() {
                    step = Some((self.error_index + count - 1) % count);
                }
                if ui.button("Next error").clicked() {
                    step = Some((self.error_index + 1) % count);
                }
                if let Some(i) = step {
                    self.error_index = i;
                    reveal = self.errors.get(i).map(reveal_of);
                }
            }
        });
        reveal
    }

    /// Every error (up to a thousand); a click opens it.
    fn errors_ui(&mut self, ui: &mut egui::Ui) -> Option<Reveal> {
        let mut reveal = None;
        egui::ScrollArea::vertical()
            .id_salt("errors")
            .max_height(200.0)
            .show(ui, |ui| {
                for (i, error) in self.errors.iter().enumerate().take(1000) {
                    let text = format!(
                        "{} {} “{}” in {} at {}",
                        error.kind.name(),
                        error.label,
                        error.text,
                        error.document,
                        error.start_byte
                    );
                    if ui.selectable_label(i == self.error_index, text).clicked() {
                        self.error_index = i;
                        reveal = Some(reveal_of(error));
                    }
                }
            });
        reveal
    }
}

fn reveal_of(error: &ExtractionError) -> Reveal {
    Reveal {
        document: error.document.clone(),
        span: Span::new(error.start_byte, error.end_byte),
    }
}

fn percent(value: f64) -> String {
    format!("{:.1}", value * 100.0)
}

fn overall_ui(ui: &mut egui::Ui, c: &Comparison) {
    let ratio = |r: crate::quality::Ratio| {
        if r.total == 0 {
            "—".to_owned()
        } else {
            format!("{}/{}", r.agree, r.total)
        }
    };
    egui::Grid::new("review-overall")
        .num_columns(2)
        .show(ui, |ui| {
            ui.label("Mentions, exact (P / R / F1)");
            ui.label(format!(
                "{} / {} / {}",
                percent(c.exact.precision()),
                percent(c.exact.recall()),
                percent(c.exact.f1())
            ));
            ui.end_row();
            ui.label("Mentions, overlapping (P / R / F1)");
            ui.label(format!(
                "{} / {} / {}",
                percent(c.overlap.precision()),
                percent(c.overlap.recall()),
                percent(c.overlap.f1())
            ));
            ui.end_row();
            ui.label("Cohen's kappa on labels");
            ui.label(c.kappa.map_or("—".to_owned(), |k| format!("{k:.3}")));
            ui.end_row();
            ui.label("Actor links agreeing");
            ui.label(ratio(c.actor_links));
            ui.end_row();
            ui.label("Claims matched (F1)");
            ui.label(percent(c.claims.f1()));
            ui.end_row();
            ui.label("Same stance / source / responsible");
            ui.label(format!(
                "{} / {} / {}",
                ratio(c.claim_stance),
                ratio(c.claim_source),
                ratio(c.claim_responsible)
            ));
            ui.end_row();
            ui.label("Events matched (F1)");
            ui.label(percent(c.events.f1()));
            ui.end_row();
            ui.label("Same type / same roles");
            ui.label(format!(
                "{} / {}",
                ratio(c.event_type),
                ratio(c.event_roles)
            ));
            ui.end_row();
        });
}

fn support(counts: Counts) -> usize {
    counts.true_positives + counts.false_negatives
}

fn label_table_ui(ui: &mut egui::Ui, c: &Comparison, filter: &str, sort_by: &mut SortBy) {
    let needle = filter.to_lowercase();
    let mut rows: Vec<(&String, Counts, Counts)> = c
        .exact_by_label
        .iter()
        .filter(|(label, _)| label.to_lowercase().contains(&needle))
        .map(|(label, exact)| {
            (
                label,
                *exact,
                c.overlap_by_label.get(label).copied().unwrap_or_default(),
            )
        })
        .collect();
    match sort_by {
        SortBy::Label => {}
        SortBy::Support => rows.sort_by_key(|(_, e, _)| std::cmp::Reverse(support(*e))),
        SortBy::ExactF1 => rows.sort_by(|a, b| b.1.f1().total_cmp(&a.1.f1())),
        SortBy::OverlapF1 => rows.sort_by(|a, b| b.2.f1().total_cmp(&a.2.f1())),
    }
    egui::Grid::new("review-labels")
        .striped(true)
        .num_columns(8)
        .show(ui, |ui| {
            let mut header = |ui: &mut egui::Ui, text: &str, key: Option<SortBy>| match key {
                Some(key) => {
                    if ui
                        .selectable_label(*sort_by == key, text)
                        .on_hover_text("Sort by this column")
                        .clicked()
                    {
                        *sort_by = key;
                    }
                }
                None => {
                    ui.strong(text);
                }
            };
            header(ui, "label", Some(SortBy::Label));
            header(ui, "support", Some(SortBy::Support));
            header(ui, "TP", None);
            header(ui, "FP", None);
            header(ui, "FN", None);
            header(ui, "P", None);
            header(ui, "R", None);
            header(ui, "F1 exact", Some(SortBy::ExactF1));
            header(ui, "F1 overlap", Some(SortBy::OverlapF1));
            ui.end_row();
            for (label, exact, overlap) in rows {
                ui.label(label.as_str());
                ui.label(support(exact).to_string());
                ui.label(exact.true_positives.to_string());
                ui.label(exact.false_positives.to_string());
                ui.label(exact.false_negatives.to_string());
                ui.label(percent(exact.precision()));
                ui.label(percent(exact.recall()));
                ui.label(percent(exact.f1()));
                ui.label(percent(overlap.f1()));
                ui.end_row();
            }
        });
}

fn f1_chart_ui(ui: &mut egui::Ui, c: &Comparison) {
    let labels: Vec<String> = c.exact_by_label.keys().cloned().collect();
    let bars = |by_label: &std::collections::BTreeMap<String, Counts>, offset: f64| -> Vec<Bar> {
        labels
            .iter()
            .enumerate()
            .map(|(i, l)| {
                Bar::new(
                    i as f64 + offset,
                    by_label.get(l).copied().unwrap_or_default().f1() * 100.0,
                )
                .width(0.35)
            })
            .collect()
    };
    let exact = BarChart::new("exact match", bars(&c.exact_by_label, -0.18));
    let overlap = BarChart::new("overlapping match", bars(&c.overlap_by_label, 0.18));
    Plot::new("f1-per-label")
        .height(200.0)
        .legend(Legend::default())
        .allow_scroll(false)
        .include_y(100.0)
        .x_axis_formatter(move |mark, _| {
            let index = mark.value.round();
            if (mark.value - index).abs() < 1e-6 && index >= 0.0 {
                labels.get(index as usize).cloned().unwrap_or_default()
            } else {
                String::new()
            }
        })
        .show(ui, |plot| {
            plot.bar_chart(exact);
            plot.bar_chart(overlap);
        });
}
