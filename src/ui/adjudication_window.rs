//! Adjudication of the current document: pick the annotators, see what
//! they agree on (it goes to gold as is) and decide each disagreement from
//! the keyboard — `J`/`K` move, `1`–`9` take that annotator's version,
//! `0` drops it — then save the `gold` annotator's file.

use crate::app::{Adjudication, Decision, SourceVersion, Version, WindowKind, Workspace};

use super::window::{Ask, Output, Panel, Reply, Request, Window};

#[derive(Default)]
pub struct AdjudicationWindow {
    open: bool,
    chosen: Vec<(String, bool)>,
    adjudication: Option<Adjudication>,
    selected: usize,
    message: Option<Result<String, String>>,
    /// Asked for while drawing, done after the frame's requests.
    start_requested: bool,
    save_requested: bool,
}

impl Window for AdjudicationWindow {
    fn name(&self) -> &'static str {
        "Adjudicate"
    }

    fn kind(&self) -> WindowKind {
        WindowKind::Adjudication
    }

    fn is_open(&self) -> bool {
        self.open
    }

    fn set_open(&mut self, open: bool) {
        self.open = open;
    }

    /// Opens it afresh on the current document.
    fn on_command(&mut self, workspace: &Workspace) -> Output {
        self.open = true;
        self.adjudication = None;
        self.message = None;
        self.selected = 0;
        self.chosen = preticked(workspace.annotators_of_current(), &workspace.annotator);
        Output::default()
    }

    fn frame<'a>(&self, window: egui::Window<'a>) -> egui::Window<'a> {
        window.default_size([560.0, 480.0])
    }

    /// Asks for the chosen annotators' files of this one document to be
    /// read, or for its gold file to be written, as asked while drawing.
    fn after_frame(&mut self, _ctx: &egui::Context, _workspace: &Workspace) -> Output {
        let mut out = Output::default();
        if std::mem::take(&mut self.start_requested) {
            let names: Vec<String> = self
                .chosen
                .iter()
                .filter(|(_, keep)| *keep)
                .map(|(n, _)| n.clone())
                .collect();
            out.ask(self.kind(), Ask::Adjudicate(names));
        }
        if std::mem::take(&mut self.save_requested)
            && let Some(adjudication) = &self.adjudication
        {
            out.ask(self.kind(), Ask::SaveGold(adjudication.clone()));
        }
        out
    }

    fn on_reply(&mut self, reply: Reply, _workspace: &Workspace) -> Output {
        match reply {
            Reply::Adjudicated(Ok(adjudication)) => self.adjudication = adjudication,
            Reply::Adjudicated(Err(e)) => self.message = Some(Err(e.to_string())),
            Reply::GoldSaved(result) => {
                let undecided = self
                    .adjudication
                    .as_ref()
                    .map_or(0, Adjudication::undecided_count);
                self.message = Some(match result {
                    Ok(path) => Ok(format!(
                        "Saved {} ({undecided} disagreement(s) still undecided are left out)",
                        path.display(),
                    )),
                    Err(e) => Err(e.to_string()),
                });
            }
            _ => {}
        }
        Output::default()
    }
}

/// The annotators offered for comparison, ticked as an adjudicator would
/// start: everyone but the adjudicator (usually not one of those compared)
/// and the gold file itself; when that leaves fewer than two, the
/// adjudicator's own file too.
fn preticked(annotators: Vec<String>, adjudicator: &str) -> Vec<(String, bool)> {
    let gold = crate::quality::adjudication::GOLD_ANNOTATOR;
    let others = annotators
        .iter()
        .filter(|a| *a != adjudicator && *a != gold)
        .count();
    annotators
        .into_iter()
        .map(|a| {
            let compare = a != gold && (a != adjudicator || others < 2);
            (a, compare)
        })
        .collect()
}

impl Panel for AdjudicationWindow {
    /// Draws the window; it takes the keyboard while adjudicating.
    fn ui(&mut self, ui: &mut egui::Ui, _workspace: &Workspace) -> Output {
        let mut out = Output::default();
        match &mut self.adjudication {
            None => {
                ui.label("Annotators to compare on this document:");
                for (name, keep) in &mut self.chosen {
                    ui.checkbox(keep, name.as_str());
                }
                let chosen = self.chosen.iter().filter(|(_, keep)| *keep).count();
                let enough = chosen >= 2;
                // Always one line, so ticking a box never moves the buttons.
                ui.label(if enough {
                    format!("{chosen} annotators will be compared.")
                } else {
                    "Choose at least two annotators who have annotated this document.".to_owned()
                });
                if ui.add_enabled(enough, egui::Button::new("Start")).clicked() {
                    // Unsaved edits count: the app saves them first.
                    self.start_requested = true;
                    out.request(Request::SaveEdits);
                }
            }
            Some(adjudication) => {
                self.save_requested |= adjudication_ui(ui, adjudication, &mut self.selected);
            }
        }
        if ui.button("Close").clicked() {
            self.open = false;
        }
        match &self.message {
            Some(Ok(text)) => {
                ui.label(text);
            }
            Some(Err(text)) => {
                ui.colored_label(super::theme::error_colour(ui.visuals().dark_mode), text);
            }
            None => {}
        }
        if let Some(adjudication) = &mut self.adjudication
            && self.open
        {
            handle_keys(ui.ctx(), adjudication, &mut self.selected);
        }
        out.typing = self.open && self.adjudication.is_some();
        out
    }
}

fn describe(version: &Version) -> String {
    match version {
        Version::Mention(Some((_, label))) => label.clone(),
        Version::Mention(None) | Version::Claim(None) | Version::Event(None) => "—".into(),
        Version::Event(Some(event)) => {
            let fillers: usize = event
                .roles
                .values()
                .map(std::collections::BTreeSet::len)
                .sum();
            format!(
                "{} · {} role filler(s)",
                event.sub_type.as_deref().unwrap_or(&event.event_type),
                fillers
            )
        }
        Version::Claim(Some(claim)) => {
            let source = match &claim.source {
                Some(SourceVersion::Mention(_, label)) => format!("source {label}"),
                Some(SourceVersion::Reporter(r)) => format!("source {r}"),
                None => "no source".into(),
            };
            format!(
                "{} · {source} · {} responsible",
                claim.stance,
                claim.responsible.len()
            )
        }
    }
}

/// The disagreements with their versions and decisions; returns whether
/// "Save gold" was clicked.
fn adjudication_ui(
    ui: &mut egui::Ui,
    adjudication: &mut Adjudication,
    selected: &mut usize,
) -> bool {
    ui.label(format!(
        "{} agreed item(s) go to gold as they are. {} disagreement(s), {} undecided.",
        adjudication.agreed_count(),
        adjudication.disagreements.len(),
        adjudication.undecided_count()
    ));
    ui.label("J/K move · 1–9 take that annotator's version · 0 drop");
    ui.separator();
    let annotators = adjudication.annotators.clone();
    let mut decision = None;
    egui::ScrollArea::vertical()
        .max_height(320.0)
        .show(ui, |ui| {
            for (i, d) in adjudication.disagreements.iter().enumerate() {
                let kind = match d.versions.first() {
                    Some(Version::Claim(_)) => "claim",
                    Some(Version::Event(_)) => "event",
                    _ => "mention",
                };
                let decided = match d.decision {
                    Some(Decision::Take(n)) => {
                        format!("taken: {}", annotators.get(n).map_or("?", String::as_str))
                    }
                    Some(Decision::Drop) => "dropped".into(),
                    None => "undecided".into(),
                };
                let header = format!("{kind} “{}” {decided}", d.text);
                if ui.selectable_label(i == *selected, header).clicked() {
                    *selected = i;
                }
                ui.horizontal_wrapped(|ui| {
                    for (n, version) in d.versions.iter().enumerate() {
                        let label = format!(
                            "{} {}: {}",
                            n + 1,
                            annotators.get(n).map_or("?", String::as_str),
                            describe(version)
                        );
                        if ui.small_button(label).clicked() {
                            decision = Some((i, Decision::Take(n)));
                        }
                    }
                    if ui.small_button("0 drop").clicked() {
                        decision = Some((i, Decision::Drop));
                    }
                });
            }
        });
    if let Some((i, d)) = decision {
        adjudication.decide(i, d);
        *selected = i;
    }
    ui.separator();
    ui.button("Save gold").clicked()
}

fn handle_keys(ctx: &egui::Context, adjudication: &mut Adjudication, selected: &mut usize) {
    let count = adjudication.disagreements.len();
    if count == 0 {
        return;
    }
    let keys: Vec<(egui::Key, egui::Modifiers)> = ctx.input(|i| {
        i.events
            .iter()
            .filter_map(|e| match e {
                egui::Event::Key {
                    key,
                    pressed: true,
                    modifiers,
                    ..
                } => Some((*key, *modifiers)),
                _ => None,
            })
            .collect()
    });
    for (key, modifiers) in keys {
        if modifiers.command {
            continue;
        }
        let name = key.name();
        match key {
            egui::Key::J => *selected = (*selected + 1) % count,
            egui::Key::K => *selected = (*selected + count - 1) % count,
            egui::Key::Num0 => {
                adjudication.decide(*selected, Decision::Drop);
                *selected = next_undecided(adjudication, *selected);
            }
            _ => {
                let Some(n) = name.parse::<usize>().ok().filter(|n| (1..=9).contains(n)) else {
                    continue;
                };
                if n <= adjudication.annotators.len() {
                    adjudication.decide(*selected, Decision::Take(n - 1));
                    *selected = next_undecided(adjudication, *selected);
                }
            }
        }
    }
}

fn next_undecided(adjudication: &Adjudication, from: usize) -> usize {
    let count = adjudication.disagreements.len();
    (1..=count)
        .map(|step| (from + step) % count)
        .find(|&i| adjudication.disagreements[i].decision.is_none())
        .unwrap_or(from)
}

#[cfg(test)]
mod tests {
    use super::preticked;

    fn ticked(annotators: &[&str], adjudicator: &str) -> Vec<String> {
        preticked(
            annotators.iter().map(|a| (*a).to_owned()).collect(),
            adjudicator,
        )
        .into_iter()
        .filter(|(_, tick)| *tick)
        .map(|(a, _)| a)
        .collect()
    }

    #[test]
    fn the_annotators_to_compare_are_preticked_whoever_adjudicates() {
        assert_eq!(ticked(&["ana", "ben", "cleo"], "cleo"), ["ana", "ben"]);
        assert_eq!(ticked(&["ana", "ben", "cleo"], "ana"), ["ben", "cleo"]);
        assert_eq!(
            ticked(&["ana", "ben"], "ben"),
            ["ana", "ben"],
            "an adjudicator who annotated too compares with the other"
        );
        assert_eq!(ticked(&["ana", "ben", "gold"], "lead"), ["ana", "ben"]);
    }
}
