//! The one table of commands: each with its label, its shortcuts and the
//! section it is listed under. Menus, keyboard handling and the help overlay
//! all read this table, so a shortcut is defined once; whether a command can
//! run now is answered by `Workspace::is_enabled` alone.

use std::sync::LazyLock;

use strum::{EnumDiscriminants, EnumIter, IntoEnumIterator};

use crate::edit::LinkRole;
use crate::text::edges::Edge;

/// A key of a shortcut, independent of any GUI toolkit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Key {
    Char(char),
    Enter,
    Delete,
    F1,
    F2,
    F3,
    F4,
    F6,
    F7,
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
            Key::F4 => "F4".into(),
            Key::F6 => "F6".into(),
            Key::F7 => "F7".into(),
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

/// A menu, and a section of the help overlay.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Section {
    File,
    Edit,
    Annotate,
    Document,
    Project,
    View,
}

impl Section {
    /// In menu-bar order.
    pub const ALL: [Section; 6] = [
        Section::File,
        Section::Edit,
        Section::Annotate,
        Section::Document,
        Section::Project,
        Section::View,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Section::File => "File",
            Section::Edit => "Edit",
            Section::Annotate => "Annotate",
            Section::Document => "Document",
            Section::Project => "Project",
            Section::View => "View",
        }
    }
}

/// A window of the GUI, opened (or closed) by [`Command::Window`]. A new
/// window gets a variant here with its label, keys and section below; it
/// joins the command table by itself, listed in its menu in this order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter)]
pub enum WindowKind {
    ImportArticles,
    PasteArticle,
    ImportDataset,
    ExportDataset,
    /// Curation of the current document between annotators, in the text.
    Curation,
    /// The project's annotation guidelines, at the label in hand.
    Guidelines,
    /// The focused mention's text labelled in every document.
    LabelEverywhere,
    /// Each annotator's documents, dealt out with a share for agreement.
    Assignments,
    Help,
    Statistics,
    Review,
    WhoDidWhat,
    /// The schema editor and the project's settings.
    ProjectSettings,
    /// The actor catalogue editor.
    Catalogue,
    /// "Add as alias of…": the focused mention's text as an alias of a
    /// catalogue entry picked by search.
    AddAlias,
    /// Each recommender's state, scores per label and learning curve.
    Recommenders,
}

/// Everything the analyst can do from the keyboard or a menu.
///
/// Declared in menu order: a menu and the help overlay list their section's
/// commands in this order, a variant with a payload expanded in its place
/// ([`Command::all`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, EnumDiscriminants)]
#[strum_discriminants(name(CommandKind), derive(EnumIter))]
pub enum Command {
    NextItem,
    PreviousItem,
    Accept,
    Reject,
    /// Apply the schema's label bound to digit key N (1–9) to the focused
    /// item or to the selected text.
    ApplyLabel(u8),
    /// Select text from the keyboard: type words of the article, Tab to the
    /// next place they occur, Enter selects them (snapped to whole words).
    FindText,
    /// Make the selected text the trigger of a new event, its type and
    /// sub-type picked from the schema by typing.
    NewEvent,
    /// Make the selected text the cue of a new claim, its stance picked
    /// from the schema by typing.
    NewClaim,
    /// Pick a label, event type or stance from the schema by typing: for
    /// the selected text (a new mention with any label), or for the focused
    /// mention, event or claim.
    Choose,
    /// Give the focused mention's label to every other place its text
    /// occurs in the document, after a preview of how many; one undo step.
    LabelAll,
    /// Write (or change, or take away) a comment on the focused item.
    Comment,
    /// Accept or reject the document's open suggestions in bulk: all, or
    /// one label's, one suggester's or a score range's, picked from a list
    /// that shows how many each would decide; one undo step.
    DecideInBulk,
    /// Move the focused item's start or end by a word, left or right
    /// (`true`); a moved suggestion becomes a correction.
    MoveEdge(Edge, bool),
    /// Draw a relation of the schema (`PartOf` …) from the focused item to
    /// a mention picked from the keyboard; drawn again, it is taken away.
    NewRelation,
    /// Delete the focused item, made by the analyst, with its links (a
    /// suggestion is rejected instead).
    DeleteItem,
    /// Re-link a role of the focused claim or event: pick its new filler
    /// among the sentence's mentions from the keyboard.
    Relink(LinkRole),
    /// Accept a row of the "who did what" table: the event, its role
    /// fillers and the claims about it, in one undo step. Given by the
    /// table's buttons, so it is in no menu ([`Command::all`]).
    AcceptEventWithClaims(crate::model::EventId),
    Undo,
    Redo,
    Save,
    NextDocument,
    PreviousDocument,
    SuggestDocument,
    SuggestAll,
    /// Stop "suggest in all documents" after the documents it is on.
    CancelSuggestAll,
    /// Mark the current document finished (or no longer): its annotation is
    /// complete, and the recommenders learn from it.
    ToggleFinished,
    ToggleRejected,
    /// Open (or close) a window.
    Window(WindowKind),
    CloseProject,
    /// Draw the arcs of every item in view, not only the focused one's.
    ToggleArcs,
    ToggleTheme,
    ZoomIn,
    ZoomOut,
}

/// Who carries a command out: [`Command::route`] is the one place that
/// decides it, so neither side has arms for the other's commands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Route {
    /// The open project's state: `Workspace::execute`.
    Workspace(WorkspaceCommand),
    /// The GUI shell: its windows, the document view and the preferences.
    Shell(ShellCommand),
}

/// A command on the open project's state (see [`Command`] for each).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WorkspaceCommand {
    NextItem,
    PreviousItem,
    Accept,
    Reject,
    DeleteItem,
    MoveEdge(Edge, bool),
    ApplyLabel(u8),
    AcceptEventWithClaims(crate::model::EventId),
    Undo,
    Redo,
    Save,
    NextDocument,
    PreviousDocument,
    SuggestDocument,
    SuggestAll,
    CancelSuggestAll,
    ToggleFinished,
    ToggleRejected,
}

/// A command on the GUI shell (see [`Command`] for each).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ShellCommand {
    Window(WindowKind),
    FindText,
    NewEvent,
    NewClaim,
    Choose,
    LabelAll,
    DecideInBulk,
    Comment,
    NewRelation,
    CloseProject,
    Relink(LinkRole),
    ToggleArcs,
    ToggleTheme,
    ZoomIn,
    ZoomOut,
}

/// The command table, built once from the enum ([`Command::all`]).
static ALL: LazyLock<Vec<Command>> =
    LazyLock::new(|| CommandKind::iter().flat_map(Command::of_kind).collect());

impl Command {
    /// Every command of the menus, keys and help overlay, in menu order.
    /// Derived from the enum, so no command can be left out of it.
    pub fn all() -> &'static [Command] {
        &ALL
    }

    /// The commands of one variant in the table. The match is exhaustive:
    /// a new variant does not compile until it is placed here.
    fn of_kind(kind: CommandKind) -> Vec<Command> {
        match kind {
            CommandKind::Window => WindowKind::iter().map(Command::Window).collect(),
            CommandKind::ApplyLabel => (1..=9).map(Command::ApplyLabel).collect(),
            // The roles with a key, in drawing order; the others are
            // re-linked by dragging an arc.
            CommandKind::Relink => LinkRole::CLAIM
                .into_iter()
                .chain(LinkRole::EVENT)
                .map(Command::Relink)
                .filter(|c| !c.shortcuts().is_empty())
                .collect(),
            CommandKind::AcceptEventWithClaims => Vec::new(),
            CommandKind::FindText => vec![Command::FindText],
            CommandKind::NewEvent => vec![Command::NewEvent],
            CommandKind::NewClaim => vec![Command::NewClaim],
            CommandKind::Choose => vec![Command::Choose],
            CommandKind::LabelAll => vec![Command::LabelAll],
            CommandKind::DecideInBulk => vec![Command::DecideInBulk],
            CommandKind::Comment => vec![Command::Comment],
            CommandKind::MoveEdge => [Edge::End, Edge::Start]
                .into_iter()
                .flat_map(|edge| [false, true].map(|forward| Command::MoveEdge(edge, forward)))
                .collect(),
            CommandKind::NewRelation => vec![Command::NewRelation],
            CommandKind::DeleteItem => vec![Command::DeleteItem],
            CommandKind::NextItem => vec![Command::NextItem],
            CommandKind::PreviousItem => vec![Command::PreviousItem],
            CommandKind::Accept => vec![Command::Accept],
            CommandKind::Reject => vec![Command::Reject],
            CommandKind::Undo => vec![Command::Undo],
            CommandKind::Redo => vec![Command::Redo],
            CommandKind::Save => vec![Command::Save],
            CommandKind::NextDocument => vec![Command::NextDocument],
            CommandKind::PreviousDocument => vec![Command::PreviousDocument],
            CommandKind::SuggestDocument => vec![Command::SuggestDocument],
            CommandKind::SuggestAll => vec![Command::SuggestAll],
            CommandKind::CancelSuggestAll => vec![Command::CancelSuggestAll],
            CommandKind::ToggleFinished => vec![Command::ToggleFinished],
            CommandKind::ToggleRejected => vec![Command::ToggleRejected],
            CommandKind::CloseProject => vec![Command::CloseProject],
            CommandKind::ToggleArcs => vec![Command::ToggleArcs],
            CommandKind::ToggleTheme => vec![Command::ToggleTheme],
            CommandKind::ZoomIn => vec![Command::ZoomIn],
            CommandKind::ZoomOut => vec![Command::ZoomOut],
        }
    }

    /// Who carries it out.
    pub fn route(self) -> Route {
        use Route::{Shell, Workspace};
        match self {
            Command::NextItem => Workspace(WorkspaceCommand::NextItem),
            Command::PreviousItem => Workspace(WorkspaceCommand::PreviousItem),
            Command::Accept => Workspace(WorkspaceCommand::Accept),
            Command::Reject => Workspace(WorkspaceCommand::Reject),
            Command::DeleteItem => Workspace(WorkspaceCommand::DeleteItem),
            Command::MoveEdge(edge, forward) => {
                Workspace(WorkspaceCommand::MoveEdge(edge, forward))
            }
            Command::ApplyLabel(n) => Workspace(WorkspaceCommand::ApplyLabel(n)),
            Command::AcceptEventWithClaims(event) => {
                Workspace(WorkspaceCommand::AcceptEventWithClaims(event))
            }
            Command::Undo => Workspace(WorkspaceCommand::Undo),
            Command::Redo => Workspace(WorkspaceCommand::Redo),
            Command::Save => Workspace(WorkspaceCommand::Save),
            Command::NextDocument => Workspace(WorkspaceCommand::NextDocument),
            Command::PreviousDocument => Workspace(WorkspaceCommand::PreviousDocument),
            Command::SuggestDocument => Workspace(WorkspaceCommand::SuggestDocument),
            Command::SuggestAll => Workspace(WorkspaceCommand::SuggestAll),
            Command::CancelSuggestAll => Workspace(WorkspaceCommand::CancelSuggestAll),
            Command::ToggleFinished => Workspace(WorkspaceCommand::ToggleFinished),
            Command::ToggleRejected => Workspace(WorkspaceCommand::ToggleRejected),
            Command::Window(kind) => Shell(ShellCommand::Window(kind)),
            Command::CloseProject => Shell(ShellCommand::CloseProject),
            Command::Relink(role) => Shell(ShellCommand::Relink(role)),
            Command::FindText => Shell(ShellCommand::FindText),
            Command::NewEvent => Shell(ShellCommand::NewEvent),
            Command::NewClaim => Shell(ShellCommand::NewClaim),
            Command::Choose => Shell(ShellCommand::Choose),
            Command::LabelAll => Shell(ShellCommand::LabelAll),
            Command::DecideInBulk => Shell(ShellCommand::DecideInBulk),
            Command::Comment => Shell(ShellCommand::Comment),
            Command::NewRelation => Shell(ShellCommand::NewRelation),
            Command::ToggleArcs => Shell(ShellCommand::ToggleArcs),
            Command::ToggleTheme => Shell(ShellCommand::ToggleTheme),
            Command::ZoomIn => Shell(ShellCommand::ZoomIn),
            Command::ZoomOut => Shell(ShellCommand::ZoomOut),
        }
    }

    pub fn label(self) -> String {
        match self {
            Command::Window(WindowKind::ImportArticles) => "Import articles…".into(),
            Command::Window(WindowKind::PasteArticle) => "New document from clipboard…".into(),
            Command::Window(WindowKind::ImportDataset) => "Import dataset…".into(),
            Command::Window(WindowKind::ExportDataset) => "Export dataset…".into(),
            Command::Window(WindowKind::Curation) => "Curate this document…".into(),
            Command::Window(WindowKind::Guidelines) => "Annotation guidelines".into(),
            Command::Window(WindowKind::Assignments) => "Assignments…".into(),
            Command::Window(WindowKind::LabelEverywhere) => {
                "Label every occurrence in the project…".into()
            }
            Command::Window(WindowKind::Help) => "Keyboard shortcuts".into(),
            Command::Window(WindowKind::Statistics) => "Statistics".into(),
            Command::Window(WindowKind::Review) => "Agreement and extraction quality".into(),
            Command::Window(WindowKind::WhoDidWhat) => "Who did what".into(),
            Command::Window(WindowKind::Catalogue) => "Actor catalogue…".into(),
            Command::Window(WindowKind::AddAlias) => "Add as alias of…".into(),
            Command::Window(WindowKind::ProjectSettings) => "Project settings…".into(),
            Command::Window(WindowKind::Recommenders) => "Recommenders".into(),
            Command::CloseProject => "Close project".into(),
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
            Command::ToggleFinished => "Mark document finished".into(),
            Command::ToggleRejected => "Show rejected".into(),
            Command::ToggleTheme => "Light/dark theme".into(),
            Command::ZoomIn => "Larger text".into(),
            Command::ZoomOut => "Smaller text".into(),
            Command::AcceptEventWithClaims(event) => format!("Accept {event} and its claims"),
            Command::CancelSuggestAll => "Stop suggesting in all documents".into(),
            Command::ToggleArcs => "Arcs for every item in view".into(),
            Command::Relink(role) => format!("Re-link {}…", role.name()),
            Command::FindText => "Select text by typing it…".into(),
            Command::NewEvent => "New event from the selection…".into(),
            Command::NewClaim => "New claim from the selection…".into(),
            Command::Choose => "Label, event type or stance…".into(),
            Command::LabelAll => "Label every occurrence of the focused mention…".into(),
            Command::DecideInBulk => "Accept or reject suggestions in bulk…".into(),
            Command::Comment => "Comment on the focused item (or the document)…".into(),
            Command::NewRelation => "Relation from the focused item…".into(),
            Command::MoveEdge(edge, forward) => format!(
                "Move the {} {} by a word",
                match edge {
                    Edge::Start => "start",
                    Edge::End => "end",
                },
                if forward { "right" } else { "left" }
            ),
            Command::DeleteItem => "Delete what you made".into(),
        }
    }

    pub fn shortcuts(self) -> Vec<Shortcut> {
        use Key::{Char, Delete, Enter, F1, F2, F3, F4, F6, F7};
        match self {
            Command::Window(
                WindowKind::ImportDataset
                | WindowKind::ExportDataset
                | WindowKind::LabelEverywhere
                | WindowKind::Assignments
                | WindowKind::Catalogue
                | WindowKind::ProjectSettings,
            )
            | Command::CloseProject
            | Command::AcceptEventWithClaims(_)
            | Command::CancelSuggestAll => Vec::new(),
            Command::Window(WindowKind::Guidelines) => vec![Shortcut::plain(F1)],
            Command::Window(WindowKind::Help) => vec![Shortcut::plain(Char('?'))],
            Command::Window(WindowKind::ImportArticles) => vec![Shortcut::ctrl(Char('o'))],
            Command::Window(WindowKind::PasteArticle) => vec![Shortcut::ctrl_shift(Char('v'))],
            Command::Window(WindowKind::Statistics) => vec![Shortcut::plain(F2)],
            Command::Window(WindowKind::Review) => vec![Shortcut::plain(F3)],
            Command::Window(WindowKind::WhoDidWhat) => vec![Shortcut::plain(F4)],
            Command::Window(WindowKind::Recommenders) => vec![Shortcut::plain(F6)],
            Command::Window(WindowKind::Curation) => vec![Shortcut::plain(F7)],
            Command::Window(WindowKind::AddAlias) => vec![Shortcut::ctrl(Char('l'))],
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
            Command::ToggleFinished => vec![Shortcut::ctrl(Enter)],
            Command::ToggleRejected => vec![Shortcut::plain(Char('h'))],
            Command::ToggleTheme => vec![Shortcut::ctrl(Char('t'))],
            Command::ZoomIn => vec![Shortcut::ctrl(Char('='))],
            Command::ZoomOut => vec![Shortcut::ctrl(Char('-'))],
            Command::ToggleArcs => vec![Shortcut::plain(Char('v'))],
            Command::FindText => vec![Shortcut::plain(Char('/'))],
            Command::NewEvent => vec![Shortcut::plain(Char('e'))],
            Command::NewClaim => vec![Shortcut::plain(Char('c'))],
            Command::Choose => vec![Shortcut::plain(Char('y'))],
            Command::LabelAll => vec![Shortcut::shift(Char('a'))],
            Command::DecideInBulk => vec![Shortcut::shift(Char('d'))],
            Command::Comment => vec![Shortcut::plain(Char('m'))],
            Command::MoveEdge(edge, forward) => {
                let key = Char(if forward { ']' } else { '[' });
                vec![match edge {
                    Edge::End => Shortcut::plain(key),
                    Edge::Start => Shortcut::shift(key),
                }]
            }
            Command::NewRelation => vec![Shortcut::shift(Char('r'))],
            Command::DeleteItem => vec![Shortcut::shift(Delete)],
            Command::Relink(role) => match role {
                LinkRole::Responsible => vec![Shortcut::plain(Char('r'))],
                LinkRole::Source => vec![Shortcut::plain(Char('o'))],
                LinkRole::Agent => vec![Shortcut::plain(Char('g'))],
                LinkRole::Target => vec![Shortcut::plain(Char('t'))],
                LinkRole::Location => vec![Shortcut::plain(Char('l'))],
                LinkRole::Time => vec![Shortcut::plain(Char('d'))],
                LinkRole::Fatalities => vec![Shortcut::plain(Char('f'))],
                LinkRole::About => vec![Shortcut::plain(Char('b'))],
                LinkRole::Related => Vec::new(),
            },
        }
    }

    /// Whether the command may open a prompt in the article (the finder, a
    /// chooser, a pick) that takes the keys typed after it.
    pub fn opens_prompt(self) -> bool {
        matches!(
            self,
            Command::FindText
                | Command::NewEvent
                | Command::NewClaim
                | Command::Choose
                | Command::LabelAll
                | Command::DecideInBulk
                | Command::Comment
                | Command::NewRelation
                | Command::Relink(_)
        )
    }

    /// The menu and the section of the help overlay the command sits in.
    pub fn section(self) -> Section {
        match self {
            Command::Window(WindowKind::ExportDataset | WindowKind::Curation)
            | Command::CloseProject => Section::File,
            Command::Window(WindowKind::ImportArticles) => Section::File,
            Command::Window(WindowKind::PasteArticle | WindowKind::ImportDataset) => Section::File,
            Command::NextItem
            | Command::PreviousItem
            | Command::Accept
            | Command::Reject
            | Command::ApplyLabel(_)
            | Command::FindText
            | Command::NewEvent
            | Command::NewClaim
            | Command::Choose
            | Command::LabelAll
            | Command::DecideInBulk
            | Command::Comment
            | Command::MoveEdge(..)
            | Command::NewRelation
            | Command::DeleteItem
            | Command::Relink(_)
            | Command::AcceptEventWithClaims(_)
            | Command::Window(WindowKind::AddAlias | WindowKind::LabelEverywhere) => {
                Section::Annotate
            }
            Command::Window(
                WindowKind::Catalogue
                | WindowKind::ProjectSettings
                | WindowKind::Recommenders
                | WindowKind::Assignments,
            ) => Section::Project,
            Command::Undo | Command::Redo | Command::Save => Section::Edit,
            Command::NextDocument
            | Command::PreviousDocument
            | Command::SuggestDocument
            | Command::SuggestAll
            | Command::CancelSuggestAll
            | Command::ToggleFinished => Section::Document,
            Command::Window(
                WindowKind::Help
                | WindowKind::Guidelines
                | WindowKind::Statistics
                | WindowKind::Review
                | WindowKind::WhoDidWhat,
            )
            | Command::ToggleRejected
            | Command::ToggleArcs
            | Command::ToggleTheme
            | Command::ZoomIn
            | Command::ZoomOut => Section::View,
        }
    }

    /// The commands of one section, in table order.
    pub fn in_section(section: Section) -> impl Iterator<Item = Command> {
        Command::all()
            .iter()
            .copied()
            .filter(move |c| c.section() == section)
    }

    /// The command bound to a shortcut, if any.
    pub fn for_shortcut(shortcut: Shortcut) -> Option<Command> {
        Command::all()
            .iter()
            .copied()
            .find(|c| c.shortcuts().contains(&shortcut))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_shortcut_is_bound_twice() {
        let mut seen = std::collections::HashMap::new();
        for &command in Command::all() {
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

    #[test]
    fn every_command_sits_in_a_listed_section() {
        let listed: usize = Section::ALL
            .into_iter()
            .map(|s| Command::in_section(s).count())
            .sum();
        assert_eq!(listed, Command::all().len());
        assert!(Command::in_section(Section::File).any(|c| c == Command::CloseProject));
    }

    #[test]
    fn the_derived_table_has_every_window_label_key_and_keyed_role_in_menu_order() {
        use Command::{CloseProject, Window};
        assert_eq!(Command::all().len(), 65);
        let file: Vec<_> = Command::in_section(Section::File).collect();
        assert_eq!(
            file,
            [
                Window(WindowKind::ImportArticles),
                Window(WindowKind::PasteArticle),
                Window(WindowKind::ImportDataset),
                Window(WindowKind::ExportDataset),
                Window(WindowKind::Curation),
                CloseProject,
            ]
        );
        let view: Vec<_> = Command::in_section(Section::View).collect();
        assert_eq!(view.first(), Some(&Command::ToggleRejected));
        assert_eq!(view.last(), Some(&Command::ZoomOut));
        let annotate: Vec<_> = Command::in_section(Section::Annotate).collect();
        assert_eq!(annotate.last(), Some(&Window(WindowKind::AddAlias)));
        for role in LinkRole::CLAIM.into_iter().chain(LinkRole::EVENT) {
            let relink = Command::Relink(role);
            let listed = Command::all().contains(&relink);
            assert_eq!(listed, !relink.shortcuts().is_empty(), "{role:?}");
        }
        assert!(Command::all().contains(&Command::ApplyLabel(9)));
        assert!(
            !Command::all()
                .iter()
                .any(|c| matches!(c, Command::AcceptEventWithClaims(_)))
        );
    }
}
