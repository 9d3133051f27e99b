//! The one table of commands: each with its label, its shortcuts and the
//! section it is listed under. Menus, keyboard handling and the help overlay
//! all read this table, so a shortcut is defined once.

/// A key of a shortcut, independent of any GUI toolkit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Key {
    Char(char),
    Enter,
    Delete,
    F1,
    F2,
    F3,
}

/// A key with modifiers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Shortcut {
    pub key: Key,
    pub ctrl: bool,
    pub shift: bool,
}

impl Shortcut {
    pub const fn plain(key: Key) -> Self {
        Self {
            key,
            ctrl: false,
            shift: false,
        }
    }

    pub const fn ctrl(key: Key) -> Self {
        Self {
            key,
            ctrl: true,
            shift: false,
        }
    }

    pub const fn ctrl_shift(key: Key) -> Self {
        Self {
            key,
            ctrl: true,
            shift: true,
        }
    }

    pub const fn shift(key: Key) -> Self {
        Self {
            key,
            ctrl: false,
            shift: true,
        }
    }

    /// As shown in menus and the help overlay: `Ctrl+Shift+Z`.
    pub fn label(self) -> String {
        let key = match self.key {
            Key::Char(c) => c.to_uppercase().to_string(),
            Key::Enter => "Enter".into(),
            Key::Delete => "Delete".into(),
            Key::F1 => "F1".into(),
            Key::F2 => "F2".into(),
            Key::F3 => "F3".into(),
        };
        let mut label = String::new();
        if self.ctrl {
            label.push_str("Ctrl+");
        }
        if self.shift {
            label.push_str("Shift+");
        }
        label + &key
    }
}

/// Everything the analyst can do from the keyboard or a menu.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Command {
    NextItem,
    PreviousItem,
    Accept,
    Reject,
    /// Apply the schema's label bound to digit key N (1–9) to the focused
    /// item or to the selected text.
    ApplyLabel(u8),
    Undo,
    Redo,
    Save,
    NextDocument,
    PreviousDocument,
    SuggestDocument,
    SuggestAll,
    ToggleRejected,
    ToggleHelp,
    ToggleStatistics,
    ToggleReview,
    ToggleTheme,
    ZoomIn,
    ZoomOut,
}

impl Command {
    /// Every command, in the order menus and the help overlay list them.
    pub const ALL: [Command; 27] = [
        Command::NextItem,
        Command::PreviousItem,
        Command::Accept,
        Command::Reject,
        Command::ApplyLabel(1),
        Command::ApplyLabel(2),
        Command::ApplyLabel(3),
        Command::ApplyLabel(4),
        Command::ApplyLabel(5),
        Command::ApplyLabel(6),
        Command::ApplyLabel(7),
        Command::ApplyLabel(8),
        Command::ApplyLabel(9),
        Command::Undo,
        Command::Redo,
        Command::Save,
        Command::NextDocument,
        Command::PreviousDocument,
        Command::SuggestDocument,
        Command::SuggestAll,
        Command::ToggleRejected,
        Command::ToggleHelp,
        Command::ToggleStatistics,
        Command::ToggleReview,
        Command::ToggleTheme,
        Command::ZoomIn,
        Command::ZoomOut,
    ];

    pub fn label(self) -> String {
        match self {
            Command::NextItem => "Next item".into(),
            Command::PreviousItem => "Previous item".into(),
            Command::Accept => "Accept".into(),
            Command::Reject => "Reject".into(),
            Command::ApplyLabel(n) => format!("Apply label {n}"),
            Command::Undo => "Undo".into(),
            Command::Redo => "Redo".into(),
            Command::Save => "Save now".into(),
            Command::NextDocument => "Next document".into(),
            Command::PreviousDocument => "Previous document".into(),
            Command::SuggestDocument => "Suggest in this document".into(),
            Command::SuggestAll => "Suggest in all documents".into(),
            Command::ToggleRejected => "Show rejected".into(),
            Command::ToggleHelp => "Keyboard shortcuts".into(),
            Command::ToggleStatistics => "Statistics".into(),
            Command::ToggleReview => "Agreement and extraction quality".into(),
            Command::ToggleTheme => "Light/dark theme".into(),
            Command::ZoomIn => "Larger text".into(),
            Command::ZoomOut => "Smaller text".into(),
        }
    }

    pub fn shortcuts(self) -> Vec<Shortcut> {
        use Key::{Char, Delete, Enter, F1, F2, F3};
        match self {
            Command::NextItem => vec![Shortcut::plain(Char('j'))],
            Command::PreviousItem => vec![Shortcut::plain(Char('k'))],
            Command::Accept => vec![Shortcut::plain(Char('a')), Shortcut::plain(Enter)],
            Command::Reject => vec![Shortcut::plain(Char('x')), Shortcut::plain(Delete)],
            Command::ApplyLabel(n) => {
                vec![Shortcut::plain(Char(char::from(b'0' + n)))]
            }
            Command::Undo => vec![Shortcut::ctrl(Char('z'))],
            Command::Redo => vec![Shortcut::ctrl_shift(Char('z')), Shortcut::ctrl(Char('y'))],
            Command::Save => vec![Shortcut::ctrl(Char('s'))],
            Command::NextDocument => vec![Shortcut::plain(Char('n'))],
            Command::PreviousDocument => vec![Shortcut::shift(Char('n'))],
            Command::SuggestDocument => vec![Shortcut::plain(Char('s'))],
            Command::SuggestAll => vec![Shortcut::ctrl_shift(Char('s'))],
            Command::ToggleRejected => vec![Shortcut::plain(Char('h'))],
            Command::ToggleHelp => vec![Shortcut::plain(F1), Shortcut::plain(Char('?'))],
            Command::ToggleStatistics => vec![Shortcut::plain(F2)],
            Command::ToggleReview => vec![Shortcut::plain(F3)],
            Command::ToggleTheme => vec![Shortcut::ctrl(Char('t'))],
            Command::ZoomIn => vec![Shortcut::ctrl(Char('='))],
            Command::ZoomOut => vec![Shortcut::ctrl(Char('-'))],
        }
    }

    /// The section of the help overlay and the menu the command sits in.
    pub fn section(self) -> &'static str {
        match self {
            Command::NextItem
            | Command::PreviousItem
            | Command::Accept
            | Command::Reject
            | Command::ApplyLabel(_) => "Annotate",
            Command::Undo | Command::Redo | Command::Save => "Edit",
            Command::NextDocument
            | Command::PreviousDocument
            | Command::SuggestDocument
            | Command::SuggestAll => "Document",
            Command::ToggleRejected
            | Command::ToggleHelp
            | Command::ToggleStatistics
            | Command::ToggleReview
            | Command::ToggleTheme
            | Command::ZoomIn
            | Command::ZoomOut => "View",
        }
    }

    /// The command bound to a shortcut, if any.
    pub fn for_shortcut(shortcut: Shortcut) -> Option<Command> {
        Command::ALL
            .into_iter()
            .find(|c| c.shortcuts().contains(&shortcut))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_shortcut_is_bound_twice() {
        let mut seen = std::collections::HashMap::new();
        for command in Command::ALL {
            for shortcut in command.shortcuts() {
                if let Some(other) = seen.insert(shortcut, command) {
                    panic!("{} is bound to {other:?} and {command:?}", shortcut.label());
                }
            }
        }
        assert_eq!(
            Command::for_shortcut(Shortcut::ctrl_shift(Key::Char('z'))),
            Some(Command::Redo)
        );
        assert_eq!(Shortcut::ctrl_shift(Key::Char('z')).label(), "Ctrl+Shift+Z");
    }
}
