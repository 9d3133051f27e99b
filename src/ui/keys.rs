//! Turns egui key events into the app's shortcuts, then commands.

use crate::app::{Command, Key, Shortcut};

fn key_of(key: egui::Key) -> Option<Key> {
    use egui::Key as K;
    Some(match key {
        K::Enter => Key::Enter,
        K::Delete => Key::Delete,
        K::F1 => Key::F1,
        K::F2 => Key::F2,
        K::F3 => Key::F3,
        K::F4 => Key::F4,
        K::F6 => Key::F6,
        K::F7 => Key::F7,
        K::Questionmark => Key::Char('?'),
        K::Equals | K::Plus => Key::Char('='),
        K::Minus => Key::Char('-'),
        K::OpenBracket => Key::Char('['),
        K::CloseBracket => Key::Char(']'),
        K::Slash => Key::Char('/'),
        other => {
            let name = other.name();
            let mut chars = name.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) if c.is_ascii_alphanumeric() => Key::Char(c.to_ascii_lowercase()),
                _ => return None,
            }
        }
    })
}

/// The commands asked for by this frame's key presses, each with the
/// index of its key's event.
pub fn commands_in(events: &[egui::Event]) -> Vec<(Command, usize)> {
    events
        .iter()
        .enumerate()
        .filter_map(|(at, event)| match event {
            egui::Event::Key {
                key,
                pressed: true,
                modifiers,
                ..
            } => {
                let key = key_of(*key)?;
                // '?' is typed with Shift on most layouts.
                let shift = modifiers.shift && key != Key::Char('?');
                Command::for_shortcut(Shortcut {
                    key,
                    ctrl: modifiers.command,
                    shift,
                })
                .map(|command| (command, at))
            }
            _ => None,
        })
        .collect()
}

/// The events after the key at `at`, less the character that key typed
/// (a window system sends a key press and then its text).
pub fn events_after(events: &[egui::Event], at: usize) -> Vec<egui::Event> {
    let mut rest = events.get(at + 1..).unwrap_or_default().iter().peekable();
    if matches!(rest.peek(), Some(egui::Event::Text(_))) {
        rest.next();
    }
    rest.cloned().collect()
}

/// A key's press, with no modifier, as the window sends it (for tests).
#[cfg(test)]
pub(crate) fn pressed(key: egui::Key) -> egui::Event {
    egui::Event::Key {
        key,
        physical_key: None,
        pressed: true,
        repeat: false,
        modifiers: egui::Modifiers::NONE,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use super::pressed as key;

    #[test]
    fn the_keys_typed_after_a_prompt_key_in_one_frame_are_found_without_its_own_character() {
        let text = |t: &str| egui::Event::Text(t.to_owned());
        let frame = [
            key(egui::Key::Slash),
            text("/"),
            text("k"),
            key(egui::Key::K),
            text("i"),
        ];
        let commands = commands_in(&frame);
        assert_eq!(
            commands,
            [(Command::FindText, 0), (Command::PreviousItem, 3)]
        );
        assert_eq!(events_after(&frame, 0), frame[2..].to_vec());
        assert_eq!(events_after(&frame, 4), []);
    }
}
