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

/// The commands asked for by this frame's key presses.
pub fn commands_pressed(input: &egui::InputState) -> Vec<Command> {
    input
        .events
        .iter()
        .filter_map(|event| match event {
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
            }
            _ => None,
        })
        .collect()
}
