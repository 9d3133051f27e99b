//! The statistics view: the label distribution by review status, the
//! counts of events and claims, and each annotator's decisions over time.
//!
//! Figures are collected when the view opens (and on Refresh) from every
//! annotator's files, after saving, never per frame.

use std::collections::BTreeMap;

use egui_plot::{Bar, BarChart, Legend, Line, Plot, PlotPoints};

use crate::app::{Workspace, jobs};
use crate::model::StatusKind;
use crate::progress::JobControl;
use crate::stats::{AnnotatorStats, CountTable};

const SECONDS_PER_DAY: f64 = 86_400.0;

/// Figures for every annotator of the project.
#[derive(Debug, Default)]
pub struct StatisticsData {
    pub annotators: BTreeMap<String, AnnotatorStats>,
    /// Per annotator: (day, decisions made up to the end of that day).
    pub timeline: BTreeMap<String, Vec<[f64; 2]>>,
    pub problems: Vec<String>,
}

impl StatisticsData {
    /// Saves pending edits, then reads every annotator's files.
    pub fn collect(workspace: &mut Workspace) -> Self {
        let mut data = Self::default();
        if let Err(e) = workspace.save_dirty() {
            data.problems
                .push(format!("unsaved edits are not counted: {e}"));
        }
        let report = jobs::statistics(&workspace.project, JobControl::unattended());
        data.problems
            .extend(report.problems.iter().map(ToString::to_string));
        data.annotators = report.stats.annotators;
        data.timeline = report
            .timeline
            .into_iter()
            .map(|(annotator, days)| {
                let points = days
                    .iter()
                    .map(|d| [d.day as f64, d.decisions_so_far as f64])
                    .collect();
                (annotator, points)
            })
            .collect();
        data
    }
}

#[derive(Default)]
pub struct StatisticsWindow {
    pub open: bool,
    data: Option<StatisticsData>,
    annotator: Option<String>,
}

impl StatisticsWindow {
    /// Opens the view with fresh figures, or closes it.
    pub fn toggle(&mut self, workspace: &mut Workspace) {
        self.open = !self.open;
        if self.open {
            self.refresh(workspace);
        }
    }

    fn refresh(&mut self, workspace: &mut Workspace) {
        self.data = Some(StatisticsData::collect(workspace));
        if self.annotator.is_none() {
            self.annotator = Some(workspace.annotator.clone());
        }
    }

    pub fn ui(&mut self, ctx: &egui::Context, workspace: &mut Workspace) {
        let mut open = self.open;
        let mut refresh = false;
        egui::Window::new("Statistics")
            .open(&mut open)
            .default_size([720.0, 640.0])
            .vscroll(true)
            .show(ctx, |ui| {
                let Some(data) = &self.data else { return };
                ui.horizontal(|ui| {
                    let mut chosen = self.annotator.clone().unwrap_or_default();
                    egui::ComboBox::from_label("Annotator")
                        .selected_text(&chosen)
                        .show_ui(ui, |ui| {
                            for name in data.annotators.keys() {
                                ui.selectable_value(&mut chosen, name.clone(), name);
                            }
                        });
                    self.annotator = Some(chosen);
                    refresh = ui.button("Refresh").clicked();
                });
                for problem in &data.problems {
                    ui.colored_label(super::theme::error_colour(ui.visuals().dark_mode), problem);
                }
                let Some(stats) = self.annotator.as_ref().and_then(|a| data.annotators.get(a))
                else {
                    ui.label("No annotations by this annotator yet.");
                    return;
                };
                let progress: Vec<String> = stats
                    .documents_by_progress
                    .iter()
                    .map(|(p, n)| format!("{n} {}", p.name()))
                    .collect();
                ui.label(format!(
                    "{} of {} documents annotated: {}",
                    stats.documents_annotated,
                    workspace.project.documents().len(),
                    progress.join(", ")
                ));
                ui.separator();
                ui.strong("Mentions by label and status");
                label_chart_ui(ui, &stats.mentions);
                count_table_ui(ui, "mentions", &stats.mentions);
                count_table_ui(ui, "events", &stats.events);
                count_table_ui(ui, "claims", &stats.claims);
                ui.separator();
                ui.strong("Decisions over time");
                timeline_ui(ui, &data.timeline);
            });
        self.open = open;
        if refresh {
            self.refresh(workspace);
        }
    }
}

/// Stacked bars: one per label, a segment per status.
fn label_chart_ui(ui: &mut egui::Ui, table: &CountTable) {
    let labels: Vec<&String> = table.keys().collect();
    let mut charts: Vec<BarChart> = Vec::new();
    for kind in StatusKind::ALL {
        let status = kind.name();
        let bars = labels
            .iter()
            .enumerate()
            .map(|(i, label)| {
                let n = table[*label].get(&kind).copied().unwrap_or(0);
                Bar::new(i as f64, n as f64)
                    .width(0.7)
                    .name(format!("{label} {status}"))
            })
            .collect();
        let previous: Vec<&BarChart> = charts.iter().collect();
        let chart = BarChart::new(status, bars).stack_on(&previous);
        charts.push(chart);
    }
    let names: Vec<String> = labels.iter().map(|l| (*l).clone()).collect();
    Plot::new("label-distribution")
        .height(220.0)
        .legend(Legend::default())
        .allow_scroll(false)
        .x_axis_formatter(move |mark, _| {
            let index = mark.value.round();
            if (mark.value - index).abs() < 1e-6 && index >= 0.0 {
                names.get(index as usize).cloned().unwrap_or_default()
            } else {
                String::new()
            }
        })
        .show(ui, |plot| {
            for chart in charts {
                plot.bar_chart(chart);
            }
        });
}

fn count_table_ui(ui: &mut egui::Ui, title: &str, table: &CountTable) {
    if table.is_empty() {
        return;
    }
    egui::Grid::new(("counts", title))
        .striped(true)
        .num_columns(5)
        .show(ui, |ui| {
            ui.strong(title);
            for status in StatusKind::ALL {
                ui.strong(status.name());
            }
            ui.end_row();
            for (name, counts) in table {
                ui.label(name);
                for status in StatusKind::ALL {
                    ui.label(counts.get(&status).copied().unwrap_or(0).to_string());
                }
                ui.end_row();
            }
        });
    ui.add_space(6.0);
}

/// Cumulative decisions per annotator, one line each, dates on the x axis.
fn timeline_ui(ui: &mut egui::Ui, timeline: &BTreeMap<String, Vec<[f64; 2]>>) {
    Plot::new("decisions-over-time")
        .height(200.0)
        .legend(Legend::default())
        .allow_scroll(false)
        .x_axis_formatter(|mark, _| {
            jiff::Timestamp::from_second((mark.value * SECONDS_PER_DAY) as i64)
                .map(|t| t.strftime("%Y-%m-%d").to_string())
                .unwrap_or_default()
        })
        .show(ui, |plot| {
            for (annotator, points) in timeline {
                plot.line(Line::new(
                    annotator.clone(),
                    PlotPoints::from(points.clone()),
                ));
            }
        });
}
