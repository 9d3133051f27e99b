//! The open project as the analyst works on it: the current document, its
//! annotations and history, the focused item, and what is saved.

use std::collections::HashMap;
use std::path::Path;

use crate::model::{
    AnnotationSet, Claim, ClaimId, ClaimSource, Document, DocumentId, Event, EventId, ItemRef,
    Mention, MentionId, Review, Span, Status, StatusKind,
};
use crate::stats::Progress;
use crate::store::{OpenMode, Problem, Project, StoreError, read_in_parallel};
use crate::suggest::{Suggester, suggest_into};

use super::{Command, Edit, History, Transaction};

/// A document loaded for annotation, with its own undo history.
#[derive(Debug)]
pub struct OpenDocument {
    pub document: Document,
    pub annotations: AnnotationSet,
    history: History,
    /// Bumped by every edit, undo and redo; "unsaved" is `revision != saved_revision`.
    revision: u64,
    saved_revision: u64,
    index: ItemIndex,
}

/// Where each item of a document sits, by id, and every item in reading
/// order. Rebuilt when the annotations change, so that what is drawn every
/// frame looks items up in constant time even with 20,000 of them.
#[derive(Debug, Default)]
struct ItemIndex {
    mentions: HashMap<MentionId, usize>,
    events: HashMap<EventId, usize>,
    claims: HashMap<ClaimId, usize>,
    order: Vec<ItemRef>,
}

impl ItemIndex {
    fn build(set: &AnnotationSet) -> Self {
        let mut keyed: Vec<(usize, std::cmp::Reverse<usize>, u8, ItemRef)> =
            Vec::with_capacity(set.mentions.len() + set.events.len() + set.claims.len());
        keyed.extend(set.mentions.iter().map(|m| {
            (
                m.span.start_byte,
                std::cmp::Reverse(m.span.end_byte),
                0,
                ItemRef::Mention(m.id),
            )
        }));
        keyed.extend(set.events.iter().map(|e| {
            (
                e.trigger.start_byte,
                std::cmp::Reverse(e.trigger.end_byte),
                1,
                ItemRef::Event(e.id),
            )
        }));
        keyed.extend(set.claims.iter().map(|c| {
            (
                c.cue.start_byte,
                std::cmp::Reverse(c.cue.end_byte),
                2,
                ItemRef::Claim(c.id),
            )
        }));
        keyed.sort_unstable();
        Self {
            mentions: set
                .mentions
                .iter()
                .enumerate()
                .map(|(i, m)| (m.id, i))
                .collect(),
            events: set
                .events
                .iter()
                .enumerate()
                .map(|(i, e)| (e.id, i))
                .collect(),
            claims: set
                .claims
                .iter()
                .enumerate()
                .map(|(i, c)| (c.id, i))
                .collect(),
            order: keyed.into_iter().map(|(_, _, _, item)| item).collect(),
        }
    }
}

impl OpenDocument {
    fn new(document: Document, annotations: AnnotationSet) -> Self {
        let index = ItemIndex::build(&annotations);
        Self {
            document,
            annotations,
            history: History::default(),
            revision: 0,
            saved_revision: 0,
            index,
        }
    }

    fn reindex(&mut self) {
        self.index = ItemIndex::build(&self.annotations);
    }

    pub fn mention(&self, id: MentionId) -> Option<&Mention> {
        self.index
            .mentions
            .get(&id)
            .and_then(|&i| self.annotations.mentions.get(i))
    }

    pub fn event(&self, id: EventId) -> Option<&Event> {
        self.index
            .events
            .get(&id)
            .and_then(|&i| self.annotations.events.get(i))
    }

    pub fn claim(&self, id: ClaimId) -> Option<&Claim> {
        self.index
            .claims
            .get(&id)
            .and_then(|&i| self.annotations.claims.get(i))
    }

    pub fn review(&self, item: ItemRef) -> Option<&Review> {
        match item {
            ItemRef::Mention(id) => self.mention(id).map(|m| &m.review),
            ItemRef::Event(id) => self.event(id).map(|e| &e.review),
            ItemRef::Claim(id) => self.claim(id).map(|c| &c.review),
        }
    }

    pub fn span(&self, item: ItemRef) -> Option<Span> {
        match item {
            ItemRef::Mention(id) => self.mention(id).map(|m| m.span),
            ItemRef::Event(id) => self.event(id).map(|e| e.trigger),
            ItemRef::Claim(id) => self.claim(id).map(|c| c.cue),
        }
    }

    /// Every item, rejected ones included, in reading order.
    pub fn reading_order(&self) -> &[ItemRef] {
        &self.index.order
    }

    pub fn revision(&self) -> u64 {
        self.revision
    }

    pub fn is_dirty(&self) -> bool {
        self.revision != self.saved_revision
    }

    pub fn can_undo(&self) -> bool {
        self.history.can_undo()
    }

    pub fn can_redo(&self) -> bool {
        self.history.can_redo()
    }
}

/// What the document list shows for one document.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DocumentSummary {
    pub title: String,
    pub progress: Option<Progress>,
    pub open_suggestions: usize,
    pub gold: usize,
    pub rejected: usize,
}

impl DocumentSummary {
    fn of(title: String, set: &AnnotationSet) -> Self {
        let counts = set.count_by_status();
        let count = |kind| counts.get(&kind).copied().unwrap_or(0);
        Self {
            title,
            progress: Some(Progress::of(set)),
            open_suggestions: count(StatusKind::Suggested),
            gold: count(StatusKind::Accepted) + count(StatusKind::Corrected),
            rejected: count(StatusKind::Rejected),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SaveState {
    Saved,
    Unsaved,
    Saving,
    /// The last save failed; edits stay in memory and the save is retried.
    Error(String),
}

/// A correction made in the inspector.
#[derive(Clone, Debug, PartialEq)]
pub enum Change {
    MentionLabel(MentionId, String),
    MentionActor(MentionId, Option<String>),
    EventType(EventId, String, Option<String>),
    EventRole {
        event: EventId,
        role: String,
        fillers: Vec<MentionId>,
    },
    ClaimStance(ClaimId, String),
    ClaimSource(ClaimId, Option<ClaimSource>),
    ClaimResponsible(ClaimId, Vec<MentionId>),
    ClaimEvent(ClaimId, Option<EventId>),
}

/// Summaries read in the background, or the problem with each file.
type SummaryBatch = Vec<(DocumentId, Result<DocumentSummary, Problem>)>;

pub struct Workspace {
    pub project: Project,
    pub annotator: String,
    pub summaries: HashMap<DocumentId, DocumentSummary>,
    pending_summaries: Option<std::sync::mpsc::Receiver<SummaryBatch>>,
    open: HashMap<DocumentId, OpenDocument>,
    current: Option<DocumentId>,
    pub focus: Option<ItemRef>,
    pub show_rejected: bool,
    pub save_state: SaveState,
    /// Problems met while opening the project or loading a document.
    pub problems: Vec<Problem>,
    /// Built on first use, and again after the catalogue changes.
    suggester: Option<Suggester>,
    /// Documents still to be suggested by "suggest in all documents".
    suggest_all: Option<SuggestAllJob>,
}

/// Progress of "suggest in all documents", run a few documents per frame.
#[derive(Debug)]
struct SuggestAllJob {
    remaining: Vec<DocumentId>,
    total: usize,
    added: usize,
    errors: usize,
}

impl Workspace {
    /// Opens a project for writing as `annotator` and summarises every document.
    pub fn open(root: &Path, annotator: &str) -> Result<Self, StoreError> {
        let (project, problems) = Project::open(
            root,
            OpenMode::ReadWrite {
                annotator: annotator.to_owned(),
            },
        )?;
        // Titles are known at once; progress and counts come from every
        // annotation file, read on a background thread so that a project of
        // 10,000 documents opens at once and its list fills in.
        let mut summaries = HashMap::new();
        let mut jobs = Vec::new();
        for entry in project.documents() {
            let path = project.annotations_path(&entry.id, annotator);
            let has_file = path.exists();
            summaries.insert(
                entry.id.clone(),
                DocumentSummary {
                    title: entry.display_title(""),
                    progress: (!has_file).then_some(Progress::New),
                    ..DocumentSummary::default()
                },
            );
            if has_file {
                jobs.push((entry.id.clone(), path));
            }
        }
        let (sender, receiver) = std::sync::mpsc::channel();
        let reader = annotator.to_owned();
        std::thread::spawn(move || {
            let results = read_in_parallel(&jobs, &reader);
            let summaries = jobs
                .into_iter()
                .zip(results)
                .map(|((id, _), result)| {
                    let summary = result
                        .map(|(set, _)| DocumentSummary::of(String::new(), &set))
                        .map_err(Problem::from);
                    (id, summary)
                })
                .collect();
            // The receiver is gone only when the workspace was closed.
            let _ = sender.send(summaries);
        });
        Ok(Self {
            project,
            annotator: annotator.to_owned(),
            summaries,
            pending_summaries: Some(receiver),
            suggester: None,
            suggest_all: None,
            open: HashMap::new(),
            current: None,
            focus: None,
            show_rejected: true,
            save_state: SaveState::Saved,
            problems,
        })
    }

    /// Takes in the summaries read in the background, when they are ready;
    /// returns whether they are still being read.
    pub fn poll_summaries(&mut self) -> bool {
        let Some(receiver) = &self.pending_summaries else {
            return false;
        };
        match receiver.try_recv() {
            Ok(batch) => {
                self.merge_summaries(batch);
                false
            }
            Err(std::sync::mpsc::TryRecvError::Empty) => true,
            Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                self.pending_summaries = None;
                false
            }
        }
    }

    /// Waits for the background summaries (for batch work and tests).
    pub fn wait_for_summaries(&mut self) {
        if let Some(receiver) = &self.pending_summaries
            && let Ok(batch) = receiver.recv()
        {
            self.merge_summaries(batch);
        }
        self.pending_summaries = None;
    }

    fn merge_summaries(&mut self, batch: SummaryBatch) {
        self.pending_summaries = None;
        for (id, result) in batch {
            // A document opened meanwhile has a fresher summary already.
            if self.open.contains_key(&id) {
                continue;
            }
            match result {
                Ok(summary) => {
                    if let Some(known) = self.summaries.get_mut(&id) {
                        *known = DocumentSummary {
                            title: std::mem::take(&mut known.title),
                            ..summary
                        };
                    }
                }
                Err(problem) => self.problems.push(problem),
            }
        }
    }

    pub fn current_id(&self) -> Option<&DocumentId> {
        self.current.as_ref()
    }

    pub fn current(&self) -> Option<&OpenDocument> {
        self.current.as_ref().and_then(|id| self.open.get(id))
    }

    fn current_mut(&mut self) -> Option<&mut OpenDocument> {
        let id = self.current.as_ref()?;
        self.open.get_mut(id)
    }

    /// Makes a document current, loading it on first use. Unsaved edits of
    /// the document left are saved first.
    pub fn select_document(&mut self, id: &DocumentId) -> Result<(), StoreError> {
        if self.current.as_ref() == Some(id) {
            return Ok(());
        }
        // Switching documents saves; a failure is shown but does not block
        // the switch, since the edits stay in memory and are retried.
        let _shown_in_save_state = self.save_dirty();
        if !self.open.contains_key(id) {
            let document = self.project.load_document(id)?;
            let never_annotated = !self.project.annotations_path(id, &self.annotator).exists();
            let mut annotations = self.project.load_annotations(id, &self.annotator)?;
            // A document this annotator has never opened starts with the
            // suggesters' candidates, saved like any edit (but not an undo step).
            let suggested = never_annotated
                && self.project.file.settings.suggest_on_open
                && suggest_into(
                    &mut annotations,
                    &document.text,
                    self.suggester()?,
                    jiff::Timestamp::now(),
                )
                .total_added()
                    > 0;
            let mut open = OpenDocument::new(document, annotations);
            if suggested {
                open.revision = 1;
                self.save_state = SaveState::Unsaved;
            }
            let title = open.document.display_title();
            self.summaries
                .insert(id.clone(), DocumentSummary::of(title, &open.annotations));
            self.open.insert(id.clone(), open);
        }
        self.current = Some(id.clone());
        self.focus = self.next_open_suggestion(None);
        Ok(())
    }

    /// Selects the document `step` places away in the list (wrapping).
    pub fn step_document(&mut self, step: isize) -> Result<(), StoreError> {
        let documents = self.project.documents();
        if documents.is_empty() {
            return Ok(());
        }
        let len = documents.len() as isize;
        let index = self
            .current
            .as_ref()
            .and_then(|id| documents.iter().position(|d| &d.id == id))
            .map_or(0, |i| (i as isize + step).rem_euclid(len));
        let id = documents[index as usize].id.clone();
        self.select_document(&id)
    }

    /// The current document's items in reading order (rejected ones only
    /// when they are shown).
    pub fn items_in_order(&self) -> Vec<ItemRef> {
        let Some(doc) = self.current() else {
            return Vec::new();
        };
        doc.reading_order()
            .iter()
            .copied()
            .filter(|&item| {
                self.show_rejected
                    || doc
                        .review(item)
                        .is_some_and(|r| r.status != Status::Rejected)
            })
            .collect()
    }

    /// The review of an item of the current document.
    pub fn review_of(&self, item: ItemRef) -> Option<&Review> {
        self.current()?.review(item)
    }

    /// The span that shows an item in the text.
    pub fn span_of(&self, item: ItemRef) -> Option<Span> {
        self.current()?.span(item)
    }

    /// The first open suggestion after `after` in reading order, wrapping
    /// to the first one.
    fn next_open_suggestion(&self, after: Option<ItemRef>) -> Option<ItemRef> {
        let items = self.items_in_order();
        let open: Vec<bool> = items
            .iter()
            .map(|&i| self.review_of(i).is_some_and(|r| r.status.is_open()))
            .collect();
        let start = after
            .and_then(|a| items.iter().position(|&i| i == a))
            .map_or(0, |p| p + 1);
        (start..items.len())
            .chain(0..start)
            .find(|&i| open[i])
            .map(|i| items[i])
    }

    /// Moves the focus `step` items in reading order.
    pub fn step_focus(&mut self, step: isize) {
        let items = self.items_in_order();
        if items.is_empty() {
            self.focus = None;
            return;
        }
        let len = items.len() as isize;
        let index = match self.focus.and_then(|f| items.iter().position(|&i| i == f)) {
            Some(i) => (i as isize + step).rem_euclid(len),
            None if step >= 0 => 0,
            None => len - 1,
        };
        self.focus = Some(items[index as usize]);
    }

    /// Runs a command. `selection` is the text selected in the document view.
    pub fn execute(&mut self, command: Command, selection: Option<Span>) -> Result<(), StoreError> {
        match command {
            Command::NextItem => self.step_focus(1),
            Command::PreviousItem => self.step_focus(-1),
            Command::Accept => self.decide_focused(Status::Accepted),
            Command::Reject => self.decide_focused(Status::Rejected),
            Command::ApplyLabel(n) => {
                let key = char::from(b'0' + n);
                let label = self
                    .project
                    .file
                    .schema
                    .label_for_shortcut(key)
                    .map(|l| l.name.clone());
                if let Some(label) = label {
                    match selection {
                        Some(span) => self.create_mention(span, &label),
                        None => {
                            if let Some(ItemRef::Mention(id)) = self.focus {
                                self.change(Change::MentionLabel(id, label));
                            }
                        }
                    }
                }
            }
            Command::Undo => self.undo(),
            Command::Redo => self.redo(),
            Command::Save => {
                self.save_dirty()?;
            }
            Command::NextDocument => self.step_document(1)?,
            Command::PreviousDocument => self.step_document(-1)?,
            Command::ToggleRejected => {
                self.show_rejected = !self.show_rejected;
                if let Some(focus) = self.focus
                    && !self.items_in_order().contains(&focus)
                {
                    self.focus = self.next_open_suggestion(None);
                }
            }
            Command::SuggestDocument => {
                self.suggest_current()?;
            }
            Command::SuggestAll => self.start_suggest_all(),
            // Windows and views, handled by the GUI shell.
            Command::Window(_)
            | Command::CloseProject
            | Command::ToggleTheme
            | Command::ZoomIn
            | Command::ZoomOut => {}
        }
        Ok(())
    }

    /// Whether a command can run now (menus grey out the others).
    pub fn is_enabled(&self, command: Command) -> bool {
        let doc = self.current();
        let has_focus = self.focus.is_some();
        match command {
            Command::Window(super::WindowKind::Adjudication) => doc.is_some(),
            Command::Window(_) | Command::CloseProject => true,
            Command::NextItem | Command::PreviousItem => doc.is_some(),
            Command::Accept | Command::Reject => has_focus,
            // Only digits the schema binds to a label do anything.
            Command::ApplyLabel(n) => {
                doc.is_some()
                    && self
                        .project
                        .file
                        .schema
                        .label_for_shortcut(char::from(b'0' + n))
                        .is_some()
            }
            Command::Undo => doc.is_some_and(OpenDocument::can_undo),
            Command::Redo => doc.is_some_and(OpenDocument::can_redo),
            Command::Save => self.open.values().any(OpenDocument::is_dirty),
            Command::NextDocument | Command::PreviousDocument => {
                !self.project.documents().is_empty()
            }
            Command::SuggestDocument => doc.is_some(),
            Command::SuggestAll => {
                !self.project.documents().is_empty() && self.suggest_all.is_none()
            }
            Command::ToggleRejected | Command::ToggleTheme | Command::ZoomIn | Command::ZoomOut => {
                true
            }
        }
    }

    /// Records a transaction on the current document.
    pub fn commit(&mut self, transaction: Transaction) {
        if transaction.edits.is_empty() {
            return;
        }
        let Some(doc) = self.current_mut() else {
            return;
        };
        doc.history.commit(transaction, &mut doc.annotations);
        doc.revision += 1;
        doc.reindex();
        self.after_edit();
    }

    fn after_edit(&mut self) {
        self.save_state = SaveState::Unsaved;
        let Some(id) = self.current.clone() else {
            return;
        };
        if let Some(doc) = self.open.get(&id) {
            let title = doc.document.display_title();
            self.summaries
                .insert(id, DocumentSummary::of(title, &doc.annotations));
        }
    }

    pub fn undo(&mut self) {
        self.step_history(false);
    }

    pub fn redo(&mut self) {
        self.step_history(true);
    }

    /// Undoes (or redoes) the last transaction and focuses what it touched.
    fn step_history(&mut self, forward: bool) {
        let Some(doc) = self.current_mut() else {
            return;
        };
        let transaction = if forward {
            doc.history.redo(&mut doc.annotations)
        } else {
            doc.history.undo(&mut doc.annotations)
        };
        let focus = transaction.and_then(focus_of_transaction);
        if focus.is_some() {
            doc.revision += 1;
            doc.reindex();
            self.focus = focus;
            self.after_edit();
        }
    }

    fn now() -> jiff::Timestamp {
        jiff::Timestamp::now()
    }

    /// Accepts or rejects the focused item, then moves to the next open
    /// suggestion. Accepting a claim or event also accepts the suggested
    /// mentions it names, so that gold never points at a non-gold mention.
    fn decide_focused(&mut self, status: Status) {
        let Some(focus) = self.focus else { return };
        let Some(doc) = self.current() else { return };
        let set = &doc.annotations;
        let annotator = self.annotator.clone();
        let at = Self::now();
        let decide = |review: &Review| -> Option<Review> {
            (review.status != status).then(|| review.decided(status.clone(), &annotator, at))
        };
        let mut edits = Vec::new();
        let mut named_mentions = Vec::new();
        match focus {
            ItemRef::Mention(id) => {
                if let Some(m) = set.mention(id)
                    && let Some(review) = decide(&m.review)
                {
                    edits.push(Edit::Mention {
                        before: Some(m.clone()),
                        after: Some(Mention {
                            review,
                            ..m.clone()
                        }),
                    });
                }
            }
            ItemRef::Event(id) => {
                if let Some(e) = set.event(id) {
                    named_mentions.extend(e.roles.values().flatten().copied());
                    if let Some(review) = decide(&e.review) {
                        edits.push(Edit::Event {
                            before: Some(e.clone()),
                            after: Some(Event {
                                review,
                                ..e.clone()
                            }),
                        });
                    }
                }
            }
            ItemRef::Claim(id) => {
                if let Some(c) = set.claim(id) {
                    named_mentions.extend(c.responsible.iter().copied());
                    if let Some(ClaimSource::Mention(source)) = &c.source {
                        named_mentions.push(*source);
                    }
                    if let Some(review) = decide(&c.review) {
                        edits.push(Edit::Claim {
                            before: Some(c.clone()),
                            after: Some(Claim {
                                review,
                                ..c.clone()
                            }),
                        });
                    }
                }
            }
        }
        if status == Status::Accepted {
            named_mentions.sort();
            named_mentions.dedup();
            for id in named_mentions {
                if let Some(m) = set.mention(id).filter(|m| m.review.status.is_open()) {
                    edits.push(Edit::Mention {
                        before: Some(m.clone()),
                        after: Some(Mention {
                            review: m.review.decided(Status::Accepted, &annotator, at),
                            ..m.clone()
                        }),
                    });
                }
            }
        }
        self.commit(Transaction { edits });
        if let Some(next) = self.next_open_suggestion(Some(focus)) {
            self.focus = Some(next);
        } else if !self.items_in_order().contains(&focus) {
            self.focus = None;
        }
    }

    /// Creates an accepted mention on `span` (trimmed of surrounding
    /// white space and punctuation), linked to the catalogue entry whose
    /// alias it is, if any. An identical existing mention is focused instead.
    pub fn create_mention(&mut self, span: Span, label: &str) {
        let Some(doc) = self.current() else { return };
        let text = &doc.document.text;
        let Some(span) = trim_span(text, span) else {
            return;
        };
        if let Some((existing, is_gold)) = doc
            .annotations
            .mentions
            .iter()
            .find(|m| m.span == span && m.label == label)
            .map(|m| (m.id, m.review.status.is_gold()))
        {
            self.focus = Some(ItemRef::Mention(existing));
            if !is_gold {
                self.decide_focused(Status::Accepted);
                self.focus = Some(ItemRef::Mention(existing));
            }
            return;
        }
        let covered = span.text(text).unwrap_or_default().to_owned();
        let actor = self.catalogue_id_for(&covered);
        let id = doc.annotations.next_mention_id();
        let mention = Mention {
            id,
            span,
            text: covered,
            label: label.to_owned(),
            actor,
            attributes: Default::default(),
            review: Review::accepted(&self.annotator, Self::now()),
        };
        self.commit(Transaction {
            edits: vec![Edit::Mention {
                before: None,
                after: Some(mention),
            }],
        });
        self.focus = Some(ItemRef::Mention(id));
    }

    /// Adds the focused mention's text to the project's catalogue as a new
    /// actor of the kind its label suggests, and links the mention to it.
    pub fn link_to_new_actor(&mut self, mention: MentionId) -> Result<(), StoreError> {
        let Some(m) = self.current().and_then(|d| d.annotations.mention(mention)) else {
            return Ok(());
        };
        let kind = actor_kind_for_label(&m.label);
        let slug: String = m
            .text
            .to_lowercase()
            .chars()
            .map(|c| if c.is_alphanumeric() { c } else { '-' })
            .collect();
        let actor = crate::model::Actor {
            id: slug.trim_matches('-').to_owned(),
            name: m.text.clone(),
            kind,
            aliases: vec![m.text.clone()],
            parent: None,
            country: None,
            description: format!("Added by {} while annotating.", self.annotator),
        };
        let id = self.project.add_catalogue_actor(actor)?;
        self.suggester = None;
        self.change(Change::MentionActor(mention, Some(id)));
        Ok(())
    }

    fn suggester(&mut self) -> Result<&Suggester, StoreError> {
        if self.suggester.is_none() {
            let built = Suggester::new(&self.project.catalogue, &self.project.file.schema)
                .map_err(|e| StoreError::Invalid {
                    path: self.project.root().join("catalogue.ron"),
                    message: format!("cannot build the suggesters: {e}"),
                })?;
            self.suggester = Some(built);
        }
        self.suggester.as_ref().ok_or_else(|| StoreError::Invalid {
            path: self.project.root().to_owned(),
            message: "no suggester".into(),
        })
    }

    /// Runs the suggesters on the current document as one undoable step;
    /// returns how many candidates were added.
    pub fn suggest_current(&mut self) -> Result<usize, StoreError> {
        let Some(id) = self.current.clone() else {
            return Ok(0);
        };
        let Some(doc) = self.open.get(&id) else {
            return Ok(0);
        };
        let mut set = doc.annotations.clone();
        let text = doc.document.text.clone();
        let added =
            suggest_into(&mut set, &text, self.suggester()?, jiff::Timestamp::now()).total_added();
        self.replace_annotations(&id, set);
        if self.focus.is_none() {
            self.focus = self.next_open_suggestion(None);
        }
        Ok(added)
    }

    /// Starts "suggest in all documents"; [`Self::step_suggest_all`] does the work.
    pub fn start_suggest_all(&mut self) {
        let remaining: Vec<DocumentId> = self
            .project
            .documents()
            .iter()
            .rev()
            .map(|d| d.id.clone())
            .collect();
        self.suggest_all = Some(SuggestAllJob {
            total: remaining.len(),
            remaining,
            added: 0,
            errors: 0,
        });
    }

    /// `(done, total)` while "suggest in all documents" runs.
    pub fn suggest_all_progress(&self) -> Option<(usize, usize)> {
        self.suggest_all
            .as_ref()
            .map(|job| (job.total - job.remaining.len(), job.total))
    }

    /// Suggests in up to `documents` more documents. Documents open in the
    /// workspace get an undoable step; the others are saved at once, as
    /// `attest suggest` does. Returns a summary when the job is finished.
    pub fn step_suggest_all(&mut self, documents: usize) -> Option<String> {
        let mut job = self.suggest_all.take()?;
        for _ in 0..documents {
            let Some(id) = job.remaining.pop() else { break };
            match self.suggest_document(&id) {
                Ok(added) => job.added += added,
                Err(e) => {
                    job.errors += 1;
                    self.problems.push(e.into());
                }
            }
        }
        if job.remaining.is_empty() {
            return Some(format!(
                "suggested {} candidate(s) in {} document(s), {} error(s)",
                job.added, job.total, job.errors
            ));
        }
        self.suggest_all = Some(job);
        None
    }

    fn suggest_document(&mut self, id: &DocumentId) -> Result<usize, StoreError> {
        if self.open.contains_key(id) {
            let previous = self.current.replace(id.clone());
            let added = self.suggest_current();
            self.current = previous;
            return added;
        }
        let text = self.project.load_text(id)?;
        let mut set = self.project.load_annotations(id, &self.annotator)?;
        let added =
            suggest_into(&mut set, &text, self.suggester()?, jiff::Timestamp::now()).total_added();
        if added > 0 {
            self.project.save_annotations(&set)?;
            let title = self
                .summaries
                .get(id)
                .map(|s| s.title.clone())
                .unwrap_or_default();
            self.summaries
                .insert(id.clone(), DocumentSummary::of(title, &set));
        }
        Ok(added)
    }

    /// Annotators (not the gold one) who have a file for the current document.
    pub fn annotators_of_current(&self) -> Vec<String> {
        let Some(id) = self.current.as_ref() else {
            return Vec::new();
        };
        self.project
            .annotators()
            .into_iter()
            .filter(|a| a != super::GOLD_ANNOTATOR && self.project.annotations_path(id, a).exists())
            .collect()
    }

    /// Starts adjudicating the current document between `annotators`
    /// (unsaved edits are saved first, so they count).
    pub fn adjudicate(
        &mut self,
        annotators: &[String],
    ) -> Result<Option<super::Adjudication>, StoreError> {
        self.save_dirty()?;
        let Some(doc) = self.current() else {
            return Ok(None);
        };
        let (id, text) = (doc.document.id.clone(), doc.document.text.clone());
        let sets = annotators
            .iter()
            .map(|a| self.project.load_annotations(&id, a))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Some(super::Adjudication::new(id, &text, &sets)))
    }

    /// Writes the adjudicated gold file, decided by this workspace's annotator.
    pub fn save_gold(
        &mut self,
        adjudication: &super::Adjudication,
    ) -> Result<std::path::PathBuf, StoreError> {
        let gold = adjudication.gold(&self.annotator, jiff::Timestamp::now());
        self.project.save_annotations(&gold)?;
        Ok(self
            .project
            .annotations_path(&adjudication.document, super::GOLD_ANNOTATOR))
    }

    /// The catalogue actor or place that has `text` as an alias (ignoring case).
    pub fn catalogue_id_for(&self, text: &str) -> Option<String> {
        let catalogue = &self.project.catalogue;
        let matches = |aliases: &[String], name: &str| {
            name.eq_ignore_ascii_case(text) || aliases.iter().any(|a| a.eq_ignore_ascii_case(text))
        };
        catalogue
            .actors
            .iter()
            .find(|a| matches(&a.aliases, &a.name))
            .map(|a| a.id.clone())
            .or_else(|| {
                catalogue
                    .places
                    .iter()
                    .find(|p| matches(&p.aliases, &p.name))
                    .map(|p| p.id.clone())
            })
    }

    /// Applies an inspector correction. A suggestion or an accepted
    /// suggestion that is changed becomes `Corrected`; an item the annotator
    /// created stays `Accepted`.
    pub fn change(&mut self, change: Change) {
        let Some(doc) = self.current() else { return };
        let annotator = self.annotator.clone();
        let at = Self::now();
        let corrected = |review: &Review| {
            let status = match review.status {
                Status::Accepted if review.proposed.is_none() => Status::Accepted,
                _ => Status::Corrected,
            };
            review.decided(status, &annotator, at)
        };
        // Each change yields the item as it would become, or `None` when
        // nothing changes; the review is updated in one place below.
        let edit = match change {
            Change::MentionLabel(id, label) => corrected_edit(doc.mention(id), corrected, |m| {
                (m.label != label).then(|| Mention { label, ..m.clone() })
            })
            .map(|(before, after)| Edit::Mention { before, after }),
            Change::MentionActor(id, actor) => corrected_edit(doc.mention(id), corrected, |m| {
                (m.actor != actor).then(|| Mention { actor, ..m.clone() })
            })
            .map(|(before, after)| Edit::Mention { before, after }),
            Change::EventType(id, event_type, sub_type) => {
                corrected_edit(doc.event(id), corrected, |e| {
                    (e.event_type != event_type || e.sub_type != sub_type).then(|| Event {
                        event_type,
                        sub_type,
                        ..e.clone()
                    })
                })
                .map(|(before, after)| Edit::Event { before, after })
            }
            Change::EventRole {
                event,
                role,
                fillers,
            } => corrected_edit(doc.event(event), corrected, |e| {
                let mut after = e.clone();
                if fillers.is_empty() {
                    after.roles.remove(&role);
                } else {
                    after.roles.insert(role, fillers);
                }
                (after.roles != e.roles).then_some(after)
            })
            .map(|(before, after)| Edit::Event { before, after }),
            Change::ClaimStance(id, stance) => corrected_edit(doc.claim(id), corrected, |c| {
                (c.stance != stance).then(|| Claim {
                    stance,
                    ..c.clone()
                })
            })
            .map(|(before, after)| Edit::Claim { before, after }),
            Change::ClaimSource(id, source) => corrected_edit(doc.claim(id), corrected, |c| {
                (c.source != source).then(|| Claim {
                    source,
                    ..c.clone()
                })
            })
            .map(|(before, after)| Edit::Claim { before, after }),
            Change::ClaimResponsible(id, responsible) => {
                corrected_edit(doc.claim(id), corrected, |c| {
                    (c.responsible != responsible).then(|| Claim {
                        responsible,
                        ..c.clone()
                    })
                })
                .map(|(before, after)| Edit::Claim { before, after })
            }
            Change::ClaimEvent(id, event) => corrected_edit(doc.claim(id), corrected, |c| {
                (c.event != event).then(|| Claim { event, ..c.clone() })
            })
            .map(|(before, after)| Edit::Claim { before, after }),
        };
        if let Some(edit) = edit {
            self.commit(Transaction { edits: vec![edit] });
        }
    }

    /// Whether any open document has unsaved edits.
    pub fn has_unsaved(&self) -> bool {
        self.open.values().any(OpenDocument::is_dirty)
    }

    /// Saves every document with unsaved edits; returns how many files were
    /// written. On failure the edits stay in memory and the error is kept in
    /// [`Self::save_state`] (and returned) so that the shell can retry.
    pub fn save_dirty(&mut self) -> Result<usize, StoreError> {
        let mut written = 0;
        let mut dirty: Vec<&mut OpenDocument> =
            self.open.values_mut().filter(|d| d.is_dirty()).collect();
        dirty.sort_by(|a, b| a.document.id.cmp(&b.document.id));
        for doc in dirty {
            match self.project.save_annotations(&doc.annotations) {
                Ok(wrote) => {
                    written += usize::from(wrote);
                    doc.saved_revision = doc.revision;
                }
                Err(e) => {
                    self.save_state = SaveState::Error(e.to_string());
                    return Err(e);
                }
            }
        }
        self.save_state = SaveState::Saved;
        Ok(written)
    }

    /// Replaces the current document's annotations wholesale as one undoable
    /// step (used by the suggesters): each changed item becomes an edit.
    pub fn replace_annotations(&mut self, id: &DocumentId, after: AnnotationSet) {
        let Some(doc) = self.open.get(id) else { return };
        let before = &doc.annotations;
        let mut edits = Vec::new();
        diff_items(
            &before.mentions,
            &after.mentions,
            |m| m.id,
            &mut edits,
            |b, a| Edit::Mention {
                before: b,
                after: a,
            },
        );
        diff_items(
            &before.events,
            &after.events,
            |e| e.id,
            &mut edits,
            |b, a| Edit::Event {
                before: b,
                after: a,
            },
        );
        diff_items(
            &before.claims,
            &after.claims,
            |c| c.id,
            &mut edits,
            |b, a| Edit::Claim {
                before: b,
                after: a,
            },
        );
        let previous = self.current.replace(id.clone());
        self.commit(Transaction { edits });
        self.current = previous;
    }
}

/// The kind of catalogue actor a mention's label stands for.
pub fn actor_kind_for_label(label: &str) -> crate::model::ActorKind {
    use crate::model::ActorKind;
    match label {
        "STATE_FORCE" => ActorKind::StateForce,
        "FOREIGN_FORCE" => ActorKind::ForeignForce,
        "CIVILIANS" => ActorKind::Civilians,
        "PERSON" => ActorKind::Person,
        "SOURCE" => ActorKind::Media,
        "ARMED_GROUP" => ActorKind::ArmedGroup,
        _ => ActorKind::Organization,
    }
}

/// Items whose review can be corrected.
trait Reviewed: Clone {
    fn review_mut(&mut self) -> &mut Review;
}

impl Reviewed for Mention {
    fn review_mut(&mut self) -> &mut Review {
        &mut self.review
    }
}

impl Reviewed for Event {
    fn review_mut(&mut self) -> &mut Review {
        &mut self.review
    }
}

impl Reviewed for Claim {
    fn review_mut(&mut self) -> &mut Review {
        &mut self.review
    }
}

/// The before and after of an item changed by `change`, its review marked
/// by `corrected`; `None` when the item is missing or nothing changes.
type BeforeAfter<T> = (Option<T>, Option<T>);

fn corrected_edit<T: Reviewed>(
    item: Option<&T>,
    corrected: impl Fn(&Review) -> Review,
    change: impl FnOnce(&T) -> Option<T>,
) -> Option<BeforeAfter<T>> {
    let before = item?;
    let mut after = change(before)?;
    let review = corrected(after.review_mut());
    *after.review_mut() = review;
    Some((Some(before.clone()), Some(after)))
}

fn diff_items<T: Clone + PartialEq, I: Ord + Copy>(
    before: &[T],
    after: &[T],
    id_of: impl Fn(&T) -> I,
    edits: &mut Vec<Edit>,
    make: impl Fn(Option<T>, Option<T>) -> Edit,
) {
    let old: std::collections::BTreeMap<I, &T> = before.iter().map(|t| (id_of(t), t)).collect();
    let new: std::collections::BTreeMap<I, &T> = after.iter().map(|t| (id_of(t), t)).collect();
    for (id, item) in &old {
        match new.get(id) {
            None => edits.push(make(Some((*item).clone()), None)),
            Some(n) if n != item => edits.push(make(Some((*item).clone()), Some((*n).clone()))),
            Some(_) => {}
        }
    }
    for (id, item) in &new {
        if !old.contains_key(id) {
            edits.push(make(None, Some((*item).clone())));
        }
    }
}

/// The item a transaction is about, to focus after undo or redo.
fn focus_of_transaction(transaction: &Transaction) -> Option<ItemRef> {
    transaction.edits.first().map(|edit| match edit {
        Edit::Mention { before, after } => ItemRef::Mention(
            after
                .as_ref()
                .or(before.as_ref())
                .map_or(MentionId(0), |m| m.id),
        ),
        Edit::Event { before, after } => ItemRef::Event(
            after
                .as_ref()
                .or(before.as_ref())
                .map_or(EventId(0), |e| e.id),
        ),
        Edit::Claim { before, after } => ItemRef::Claim(
            after
                .as_ref()
                .or(before.as_ref())
                .map_or(ClaimId(0), |c| c.id),
        ),
    })
}

/// Shrinks a selection to exclude surrounding white space, quotes and
/// punctuation, and a sentence's full stop.
fn trim_span(text: &str, span: Span) -> Option<Span> {
    let selected = span.text(text)?;
    let is_edge = |c: char| {
        c.is_whitespace()
            || matches!(
                c,
                ',' | ';' | ':' | '"' | '“' | '”' | '«' | '»' | '\'' | '’' | '(' | ')'
            )
    };
    let start_trim = selected.len() - selected.trim_start_matches(is_edge).len();
    let end_trim = selected.len() - selected.trim_end_matches(is_edge).len();
    let mut trimmed = Span::new(
        span.start_byte + start_trim,
        span.end_byte.saturating_sub(end_trim),
    );
    // A sentence's full stop is not part of a name; an abbreviation's is ("U.N.").
    if let Some(without_stop) = trimmed.text(text)?.strip_suffix('.')
        && !without_stop.contains('.')
    {
        trimmed.end_byte -= 1;
    }
    (trimmed.start_byte < trimmed.end_byte).then_some(trimmed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::Command;
    use crate::model::DocumentMeta;

    const TEXT: &str =
        "The attacks were claimed by JNIM, the army said. A resident of Kassela told AFP.";

    fn span(needle: &str) -> Span {
        let start = TEXT.find(needle).unwrap();
        Span::new(start, start + needle.len())
    }

    fn suggested_mention(id: u32, needle: &str, label: &str) -> Mention {
        Mention {
            id: MentionId(id),
            span: span(needle),
            text: needle.into(),
            label: label.into(),
            actor: None,
            attributes: Default::default(),
            review: Review::suggested("ana", "test", 0.8, jiff::Timestamp::UNIX_EPOCH),
        }
    }

    /// A project with one document and four suggestions: three mentions and
    /// a claim whose responsible actor and source are two of them.
    fn workspace() -> (tempfile::TempDir, Workspace, DocumentId) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("p");
        Project::create(&root, "p").unwrap();
        let (mut project, _) = Project::open(
            &root,
            OpenMode::ReadWrite {
                annotator: "ana".into(),
            },
        )
        .unwrap();
        let document = Document::new(TEXT.into(), DocumentMeta::default());
        let id = document.id.clone();
        project.add_document(document).unwrap();
        let mut set = AnnotationSet::new(id.clone(), "ana");
        set.mentions
            .push(suggested_mention(1, "JNIM", "ARMED_GROUP"));
        set.mentions
            .push(suggested_mention(2, "the army", "STATE_FORCE"));
        set.mentions.push(suggested_mention(3, "Kassela", "PERSON"));
        set.claims.push(Claim {
            id: ClaimId(1),
            cue: span("were claimed by"),
            cue_text: "were claimed by".into(),
            stance: "Claimed".into(),
            source: Some(ClaimSource::Mention(MentionId(1))),
            responsible: vec![MentionId(1)],
            event: None,
            review: Review::suggested("ana", "test", 0.7, jiff::Timestamp::UNIX_EPOCH),
        });
        project.save_annotations(&set).unwrap();
        drop(project);
        let mut workspace = Workspace::open(&root, "ana").unwrap();
        workspace.wait_for_summaries();
        workspace.select_document(&id).unwrap();
        (dir, workspace, id)
    }

    fn status(workspace: &Workspace, item: ItemRef) -> Status {
        workspace.review_of(item).unwrap().status.clone()
    }

    #[test]
    fn focus_starts_on_the_first_suggestion_in_reading_order() {
        let (_dir, mut ws, id) = workspace();
        assert_eq!(
            ws.focus,
            Some(ItemRef::Claim(ClaimId(1))),
            "the cue comes first in the text"
        );
        ws.execute(Command::NextItem, None).unwrap();
        assert_eq!(ws.focus, Some(ItemRef::Mention(MentionId(1))));
        ws.execute(Command::PreviousItem, None).unwrap();
        ws.execute(Command::PreviousItem, None).unwrap();
        assert_eq!(
            ws.focus,
            Some(ItemRef::Mention(MentionId(3))),
            "wraps around"
        );
        assert_eq!(ws.summaries[&id].open_suggestions, 4);
        assert_eq!(ws.summaries[&id].progress, Some(Progress::New));
    }

    #[test]
    fn accepting_a_claim_accepts_the_mentions_it_names_and_moves_on() {
        let (_dir, mut ws, id) = workspace();
        ws.execute(Command::Accept, None).unwrap();
        assert_eq!(status(&ws, ItemRef::Claim(ClaimId(1))), Status::Accepted);
        assert_eq!(
            status(&ws, ItemRef::Mention(MentionId(1))),
            Status::Accepted,
            "its responsible actor"
        );
        assert!(status(&ws, ItemRef::Mention(MentionId(2))).is_open());
        assert_eq!(
            ws.focus,
            Some(ItemRef::Mention(MentionId(2))),
            "next open suggestion"
        );
        let review = ws.review_of(ItemRef::Claim(ClaimId(1))).unwrap();
        assert_eq!(review.by, "ana");
        assert_eq!(review.suggester(), Some("test"), "the proposal is kept");
        ws.execute(Command::Reject, None).unwrap();
        assert_eq!(
            status(&ws, ItemRef::Mention(MentionId(2))),
            Status::Rejected
        );
        assert_eq!(ws.summaries[&id].progress, Some(Progress::InProgress));
        assert_eq!(ws.summaries[&id].gold, 2);
    }

    #[test]
    fn undo_and_redo_restore_each_step_exactly() {
        let (_dir, mut ws, _) = workspace();
        let original = ws.current().unwrap().annotations.clone();
        ws.execute(Command::Accept, None).unwrap();
        let after_accept = ws.current().unwrap().annotations.clone();
        ws.execute(Command::Reject, None).unwrap();
        assert!(ws.current().unwrap().is_dirty());
        ws.execute(Command::Undo, None).unwrap();
        assert_eq!(ws.current().unwrap().annotations, after_accept);
        ws.execute(Command::Undo, None).unwrap();
        assert_eq!(ws.current().unwrap().annotations, original);
        assert!(!ws.is_enabled(Command::Undo));
        ws.execute(Command::Redo, None).unwrap();
        assert_eq!(ws.current().unwrap().annotations, after_accept);
        assert_eq!(
            ws.focus,
            Some(ItemRef::Claim(ClaimId(1))),
            "focus follows the redone edit"
        );
    }

    #[test]
    fn relabelling_a_suggestion_corrects_it_and_a_new_selection_becomes_a_mention() {
        let (_dir, mut ws, _) = workspace();
        ws.focus = Some(ItemRef::Mention(MentionId(3)));
        ws.execute(Command::ApplyLabel(5), None).unwrap();
        let kassela = ws
            .current()
            .unwrap()
            .annotations
            .mention(MentionId(3))
            .unwrap()
            .clone();
        assert_eq!(kassela.label, "LOCATION");
        assert_eq!(kassela.review.status, Status::Corrected);

        let afp = span("AFP");
        let sloppy = Span::new(afp.start_byte - 1, afp.end_byte + 1); // " AFP."
        ws.execute(Command::ApplyLabel(7), Some(sloppy)).unwrap();
        let abbreviation = trim_span("the U.N. said", Span::new(3, 9));
        assert_eq!(
            abbreviation,
            Some(Span::new(4, 8)),
            "keeps an abbreviation's dots"
        );
        let Some(ItemRef::Mention(new_id)) = ws.focus else {
            panic!("focus on the new mention")
        };
        let created = ws
            .current()
            .unwrap()
            .annotations
            .mention(new_id)
            .unwrap()
            .clone();
        assert_eq!(
            (created.text.as_str(), created.label.as_str()),
            ("AFP", "SOURCE")
        );
        assert_eq!(
            created.actor.as_deref(),
            Some("afp"),
            "linked through the catalogue"
        );
        assert_eq!(created.review.status, Status::Accepted);
        ws.change(Change::MentionLabel(new_id, "ORGANIZATION".into()));
        let relabelled = ws.current().unwrap().annotations.mention(new_id).unwrap();
        assert_eq!(
            relabelled.review.status,
            Status::Accepted,
            "the annotator's own mention stays accepted"
        );
    }

    #[test]
    fn inspector_changes_correct_a_claim() {
        let (_dir, mut ws, _) = workspace();
        ws.change(Change::ClaimStance(ClaimId(1), "Alleged".into()));
        ws.change(Change::ClaimSource(
            ClaimId(1),
            Some(ClaimSource::Reporter("AFP".into())),
        ));
        ws.change(Change::ClaimResponsible(
            ClaimId(1),
            vec![MentionId(1), MentionId(2)],
        ));
        let claim = ws
            .current()
            .unwrap()
            .annotations
            .claim(ClaimId(1))
            .unwrap()
            .clone();
        assert_eq!(claim.stance, "Alleged");
        assert_eq!(claim.source, Some(ClaimSource::Reporter("AFP".into())));
        assert_eq!(claim.responsible, [MentionId(1), MentionId(2)]);
        assert_eq!(claim.review.status, Status::Corrected);
        ws.execute(Command::Undo, None).unwrap();
        assert_eq!(
            ws.current()
                .unwrap()
                .annotations
                .claim(ClaimId(1))
                .unwrap()
                .responsible,
            [MentionId(1)]
        );
    }

    #[test]
    fn saving_writes_the_edited_document_and_reopening_restores_it() {
        let (dir, mut ws, id) = workspace();
        assert_eq!(ws.save_dirty().unwrap(), 0, "nothing to save yet");
        ws.execute(Command::Accept, None).unwrap();
        assert_eq!(ws.save_state, SaveState::Unsaved);
        assert_eq!(ws.save_dirty().unwrap(), 1);
        assert_eq!(ws.save_state, SaveState::Saved);
        assert!(!ws.has_unsaved());
        let saved = ws.current().unwrap().annotations.clone();
        drop(ws);
        let mut reopened = Workspace::open(&dir.path().join("p"), "ana").unwrap();
        reopened.select_document(&id).unwrap();
        let mut expected = saved;
        expected.sort();
        assert_eq!(reopened.current().unwrap().annotations, expected);
    }

    #[test]
    fn a_new_catalogue_actor_is_saved_with_the_project_and_linked() {
        let (dir, mut ws, _) = workspace();
        ws.link_to_new_actor(MentionId(2)).unwrap();
        let linked = ws
            .current()
            .unwrap()
            .annotations
            .mention(MentionId(2))
            .unwrap()
            .actor
            .clone();
        assert_eq!(linked.as_deref(), Some("the-army"));
        drop(ws);
        let (project, problems) = Project::open(&dir.path().join("p"), OpenMode::ReadOnly).unwrap();
        assert!(problems.is_empty());
        let actor = project.catalogue.actor("the-army").unwrap();
        assert_eq!(actor.kind, crate::model::ActorKind::StateForce);
    }

    #[test]
    fn a_second_workspace_on_the_same_project_is_refused() {
        let (dir, _ws, _) = workspace();
        let error = Workspace::open(&dir.path().join("p"), "ben").err().unwrap();
        assert!(matches!(error, StoreError::Locked { .. }), "{error}");
    }
}
