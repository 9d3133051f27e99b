//! The statistics view: the label distribution by review status, the
//! counts of events and claims, and each annotator's decisions over time.
//!
//! Figures are collected when the view opens (and on Refresh) from every
//! annotator's files, after saving, on a background job over a read-only
//! copy of the project: never on the UI thread, never per frame.

use std::collections::BTreeMap;

use egui_plot::{Bar, BarChart, Corner, GridMark, Legend, Line, Plot, PlotPoints};

use crate::app::{SaveState, WindowKind, Workspace, jobs};
use crate::model::StatusKind;
use crate::progress::JobControl;
use crate::stats::{AnnotatorStats, CountTable};
use crate::store::Project;

use super::window::{Loader, Output, Panel, Request, Window};

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
    /// The statistics job's report, shaped for the charts.
    pub fn collect(project: &Project, control: JobControl<'_>) -> Self {
        let report = jobs::statistics(project, control);
        let timeline = report
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
        Self {
            annotators: report.stats.annotators,
            timeline,
            problems: report.problems.iter().map(ToString::to_string).collect(),
        }
    }
}

#[derive(Default)]
pub struct StatisticsWindow {
    open: bool,
    data: Option<StatisticsData>,
    annotator: Option<String>,
    loader: Loader<StatisticsData>,
    /// Load once the app has saved the edits (after this frame).
    load_requested: bool,
}

impl StatisticsWindow {
    /// Asks the app to save the edits; the figures are read after that.
    fn request_load(&mut self, out: &mut Output) {
        self.load_requested = true;
        out.request(Request::SaveEdits);
    }

    fn start_loading(&mut self, workspace: &Workspace) {
        let unsaved = match &workspace.docs.save_state {
            SaveState::Error(e) if workspace.docs.has_unsaved() => Some(e.clone()),
            _ => None,
        };
        let collect = |project: &mut Project, control: JobControl<'_>| {
            StatisticsData::collect(project, control)
        };
        let root = workspace.project.root();
        self.loader
            .start("Statistics", root, move |project, control| {
                let mut data = collect(project, control);
                if let Some(e) = unsaved {
                    data.problems
                        .push(format!("unsaved edits are not counted: {e}"));
                }
                Ok(data)
            });
        if self.annotator.is_none() {
            self.annotator = Some(workspace.annotator.clone());
        }
    }
}

impl Window for StatisticsWindow {
    fn name(&self) -> &'static str {
        "Statistics"
    }

    fn kind(&self) -> WindowKind {
        WindowKind::Statistics
    }

    fn is_open(&self) -> bool {
        self.open
    }

    fn set_open(&mut self, open: bool) {
        self.open = open;
    }

    /// Opens the view with fresh figures, or closes it.
    fn on_command(&mut self, _workspace: &Workspace) -> Output {
        let mut out = Output::default();
        self.open = !self.open;
        if self.open {
            self.data = None;
            self.request_load(&mut out);
        }
        out
    }

    fn frame<'a>(&self, window: egui::Window<'a>) -> egui::Window<'a> {
        window.default_size([720.0, 640.0]).vscroll(true)
    }

    fn after_frame(&mut self, ctx: &egui::Context, workspace: &Workspace) -> Output {
        if std::mem::take(&mut self.load_requested) {
            self.start_loading(workspace);
        }
        match self.loader.poll(ctx) {
            Some(Ok(data)) => self.data = Some(data),
            Some(Err(problem)) => {
                self.data = Some(StatisticsData {
                    problems: vec![problem],
                    ..StatisticsData::default()
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

impl Panel for StatisticsWindow {
    fn ui(&mut self, ui: &mut egui::Ui, workspace: &Workspace) -> Output {
        let mut out = Output::default();
        self.loader.progress_ui(ui);
        let Some(data) = &self.data else {
            return out;
        };
        let mut refresh = false;
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
            refresh = ui
                .add_enabled(!self.loader.is_running(), egui::Button::new("Refresh"))
                .clicked();
        });
        for problem in &data.problems {
            ui.colored_label(super::theme::error_colour(ui.visuals().dark_mode), problem);
        }
        if let Some(stats) = self.annotator.as_ref().and_then(|a| data.annotators.get(a)) {
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
        } else {
            ui.label("No annotations by this annotator yet.");
        }
        if refresh {
            self.request_load(&mut out);
        }
        out
    }
}

/// Label names longer than this are shortened on the chart's axis (the
/// bar's tooltip and the table below give them whole).
const AXIS_NAME_CHARS: usize = 18;
/// How far the x axis reaches past the longest bar, leaving the legend clear.
const LEGEND_ROOM: f64 = 1.35;
/// Height of one label's row of the chart, in points.
const BAR_ROW_HEIGHT: f32 = 22.0;

/// Stacked horizontal bars: one row per label, a segment per status. Rows
/// put each label name on its own line of the axis, so names never overlap
/// however many labels the schema has.
fn label_chart_ui(ui: &mut egui::Ui, table: &CountTable) {
    let labels: Vec<&String> = table.keys().collect();
    // The first label at the top.
    let row_of = |i: usize| (labels.len() - 1 - i) as f64;
    let mut charts: Vec<BarChart> = Vec::new();
    for kind in StatusKind::ALL {
        let status = kind.name();
        let bars = labels
            .iter()
            .enumerate()
            .map(|(i, label)| {
                let n = table[*label].get(&kind).copied().unwrap_or(0);
                Bar::new(row_of(i), n as f64)
                    .width(0.7)
                    .name(format!("{label} {status}"))
            })
            .collect();
        let previous: Vec<&BarChart> = charts.iter().collect();
        let chart = BarChart::new(status, bars).horizontal().stack_on(&previous);
        charts.push(chart);
    }
    // Room on the right for the legend, past the longest bar.
    let longest = table
        .values()
        .map(|counts| counts.values().sum::<usize>())
        .max()
        .unwrap_or(0);
    let names: Vec<String> = labels.iter().rev().map(|l| (*l).clone()).collect();
    let rows = names.len();
    Plot::new("label-distribution")
        .height(BAR_ROW_HEIGHT * rows.max(3) as f32 + 40.0)
        .legend(Legend::default().position(Corner::RightBottom))
        .allow_scroll(false)
        .allow_drag(false)
        .allow_zoom(false)
        .allow_boxed_zoom(false)
        .include_x(0.0)
        .include_x(longest as f64 * LEGEND_ROOM)
        .show_grid([true, false])
        .y_grid_spacer(move |_| {
            (0..rows)
                .map(|row| GridMark {
                    value: row as f64,
                    step_size: 1.0,
                })
                .collect()
        })
        .y_axis_formatter(move |mark, _| axis_name(&names, mark.value))
        .show(ui, |plot| {
            for chart in charts {
                plot.bar_chart(chart);
            }
        });
}

/// The name at a whole-number axis mark, shortened past
/// [`AXIS_NAME_CHARS`]; nothing between rows.
fn axis_name(names: &[String], value: f64) -> String {
    let index = value.round();
    if (value - index).abs() > 1e-6 || index < 0.0 {
        return String::new();
    }
    let Some(name) = names.get(index as usize) else {
        return String::new();
    };
    if name.chars().count() <= AXIS_NAME_CHARS {
        return name.clone();
    }
    let mut short: String = name.chars().take(AXIS_NAME_CHARS - 1).collect();
    short.push('…');
    short
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axis_names_sit_on_whole_rows_and_long_ones_are_shortened() {
        let names = vec!["DATE".to_owned(), "Explosions/Remote violence".to_owned()];
        assert_eq!(axis_name(&names, 0.0), "DATE");
        assert_eq!(axis_name(&names, 0.5), "");
        assert_eq!(axis_name(&names, 2.0), "");
        assert_eq!(axis_name(&names, -1.0), "");
        let short = axis_name(&names, 1.0);
        assert_eq!(short.chars().count(), AXIS_NAME_CHARS);
        assert!(
            short.starts_with("Explosions/Remote") && short.ends_with('…'),
            "{short}"
        );
    }
}
