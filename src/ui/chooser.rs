//! A short list picked from the keyboard: the schema's event types and
//! sub-types for a new event, its stances for a new claim. Typing filters
//! (every word typed must appear, in any case), the arrows or Tab move,
//! Enter picks, Esc leaves. While it is open the app's shortcuts are off,
//! so every letter goes to the filter.

/// What the keys of one frame did.
#[derive(Clone, Debug, PartialEq)]
pub enum Chosen<T> {
    Open,
    Picked(T),
    Cancelled,
}

/// The choices, the filter typed so far and the highlighted one.
#[derive(Clone, Debug)]
pub struct Chooser<T> {
    title: String,
    choices: Vec<(String, T)>,
    filter: String,
    /// Among the choices the filter lets through.
    index: usize,
}

impl<T: Clone> Chooser<T> {
    pub fn new(title: impl Into<String>, choices: Vec<(String, T)>) -> Self {
        Self {
            title: title.into(),
            choices,
            filter: String::new(),
            index: 0,
        }
    }

    /// The choices the filter lets through, in order.
    fn visible(&self) -> Vec<&(String, T)> {
        let words: Vec<String> = self
            .filter
            .split_whitespace()
            .map(str::to_lowercase)
            .collect();
        self.choices
            .iter()
            .filter(|(label, _)| {
                let label = label.to_lowercase();
                words.iter().all(|w| label.contains(w.as_str()))
            })
            .collect()
    }

    /// Takes this frame's keys and typed text, up to the one that picks or
    /// cancels; returns what they did and how many events it took (the
    /// rest of the frame's keys are not the chooser's).
    pub fn keys(&mut self, events: &[egui::Event]) -> (Chosen<T>, usize) {
        for (at, event) in events.iter().enumerate() {
            match event {
                egui::Event::Key {
                    key, pressed: true, ..
                } => {
                    let count = self.visible().len().max(1);
                    match key {
                        egui::Key::ArrowDown | egui::Key::Tab => {
                            self.index = (self.index + 1) % count
                        }
                        egui::Key::ArrowUp => self.index = (self.index + count - 1) % count,
                        egui::Key::Backspace => {
                            self.filter.pop();
                            self.index = 0;
                        }
                        egui::Key::Escape => return (Chosen::Cancelled, at + 1),
                        egui::Key::Enter => {
                            if let Some((_, value)) = self.visible().get(self.index) {
                                return (Chosen::Picked(value.clone()), at + 1);
                            }
                        }
                        _ => {}
                    }
                }
                egui::Event::Text(typed) => {
                    self.filter.push_str(typed);
                    self.index = 0;
                }
                _ => {}
            }
        }
        (Chosen::Open, events.len())
    }

    /// Draws the list in a small window at the top of the article.
    pub fn ui(&self, ctx: &egui::Context) {
        egui::Window::new(self.title.as_str())
            .id(egui::Id::unique("attest-chooser"))
            .collapsible(false)
            .resizable(false)
            .anchor(egui::Align2::CENTER_TOP, egui::vec2(0.0, 60.0))
            .show(ctx, |ui| {
                ui.label(format!("Type to filter: {}", self.filter));
                let visible = self.visible();
                if visible.is_empty() {
                    ui.weak("Nothing matches; Backspace to widen.");
                }
                egui::ScrollArea::vertical()
                    .max_height(320.0)
                    .show(ui, |ui| {
                        for (i, (label, _)) in visible.iter().enumerate() {
                            let chosen = i == self.index;
                            let response = ui.selectable_label(chosen, label.as_str());
                            if chosen {
                                response.scroll_to_me(None);
                            }
                        }
                    });
                ui.weak("Up and Down to move, Enter to pick, Esc to leave");
            });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(typed: &str) -> egui::Event {
        egui::Event::Text(typed.to_owned())
    }

    use super::super::keys::pressed as key;

    #[test]
    fn typing_filters_by_every_word_and_enter_picks_the_highlighted_one() {
        let mut chooser = Chooser::new(
            "New event",
            vec![
                ("Battles / Armed clash".to_owned(), 1),
                ("Violence against civilians / Attack".to_owned(), 2),
                ("Violence against civilians / Abduction".to_owned(), 3),
            ],
        );
        assert_eq!(chooser.keys(&[text("civ")]).0, Chosen::Open);
        assert_eq!(chooser.keys(&[key(egui::Key::ArrowDown)]).0, Chosen::Open);
        assert_eq!(chooser.keys(&[key(egui::Key::Enter)]).0, Chosen::Picked(3));
        let mut chooser = Chooser::new("New claim", vec![("Claimed".to_owned(), "c")]);
        assert_eq!(
            chooser.keys(&[text("zz"), key(egui::Key::Enter)]).0,
            Chosen::Open
        );
        assert_eq!(
            chooser
                .keys(&[
                    key(egui::Key::Backspace),
                    key(egui::Key::Backspace),
                    key(egui::Key::Enter)
                ])
                .0,
            Chosen::Picked("c")
        );
        assert_eq!(chooser.keys(&[key(egui::Key::Escape)]).0, Chosen::Cancelled);
    }

    #[test]
    fn keys_after_the_pick_in_the_same_frame_are_left_to_the_app() {
        let mut chooser = Chooser::new("New claim", vec![("Claimed".to_owned(), "c")]);
        let frame = [
            text("cl"),
            key(egui::Key::Enter),
            key(egui::Key::R),
            text("r"),
        ];
        assert_eq!(chooser.keys(&frame), (Chosen::Picked("c"), 2));
        let mut chooser = Chooser::new("New claim", vec![("Claimed".to_owned(), "c")]);
        assert_eq!(chooser.keys(&frame[..1]), (Chosen::Open, 1));
    }
}
