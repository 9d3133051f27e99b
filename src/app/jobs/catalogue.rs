//! Editing the project's actor catalogue: add an actor or place, edit one,
//! add an alias, and merge two entries — the last a job over every
//! annotation file of the project, since mentions linked to the entry that
//! goes must follow the one that stays.
//!
//! The shipped catalogue (`assets/catalogue.ron`) is never written: every
//! edit lands in the project's own `catalogue.ron`, which the store combines
//! with the shipped one ([`Catalogue::extend`]). A new entry is an addition.
//! An edit of a shipped entry is an *override*: a project entry with the same
//! id whose fields replace the shipped ones and whose aliases are added to
//! them, so a shipped alias can be added to but not removed. A shipped entry
//! merged away is recorded in the project's `merged` list, which drops it
//! from the combined catalogue and resolves old links to the survivor.
//!
//! Validation is one function over the combined catalogue ([`problems`]):
//! no empty canonical name, no id used twice, no alias (folded as the
//! catalogue matcher folds it) claimed by two entries. An edit is refused
//! when it would add a problem — not for problems already there — so a
//! catalogue hand-edited into a bad state can still be repaired.

use std::collections::{HashMap, HashSet};

use crate::model::{Actor, ActorKind, AnnotationSet, Catalogue, Place, PlaceKind};
use crate::progress::JobControl;
use crate::store::{Pending, Project, StoreError, file_hash, read_annotation_file};
use crate::text::fold::fold;

/// The language of an alias.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AliasLanguage {
    English,
    French,
}

impl AliasLanguage {
    /// The language of aliases taken from a document written in `language`
    /// (its metadata's code, e.g. `fr`): French for French, else English.
    pub fn of_document(language: Option<&str>) -> Self {
        match language.map(|l| l.trim().to_lowercase()) {
            Some(code) if code.starts_with("fr") => AliasLanguage::French,
            _ => AliasLanguage::English,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            AliasLanguage::English => "English",
            AliasLanguage::French => "French",
        }
    }
}

/// What an entry is: an actor of a kind, or a place of a kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EntryKind {
    Actor(ActorKind),
    Place(PlaceKind),
}

impl EntryKind {
    /// Every kind, actors first, as the editor offers them.
    pub const ALL: [EntryKind; 12] = [
        EntryKind::Actor(ActorKind::ArmedGroup),
        EntryKind::Actor(ActorKind::StateForce),
        EntryKind::Actor(ActorKind::ForeignForce),
        EntryKind::Actor(ActorKind::Militia),
        EntryKind::Actor(ActorKind::Civilians),
        EntryKind::Actor(ActorKind::Organization),
        EntryKind::Actor(ActorKind::Person),
        EntryKind::Actor(ActorKind::Media),
        EntryKind::Place(PlaceKind::Country),
        EntryKind::Place(PlaceKind::Region),
        EntryKind::Place(PlaceKind::Town),
        EntryKind::Place(PlaceKind::Other),
    ];

    pub fn is_actor(self) -> bool {
        matches!(self, EntryKind::Actor(_))
    }

    /// As listed: "actor: ArmedGroup", "place: Town".
    pub fn name(self) -> String {
        match self {
            EntryKind::Actor(kind) => format!("actor: {kind:?}"),
            EntryKind::Place(kind) => format!("place: {kind:?}"),
        }
    }
}

/// One actor or place as the editor shows and edits it.
#[derive(Clone, Debug, PartialEq)]
pub struct EntryDraft {
    pub id: String,
    /// The canonical name.
    pub name: String,
    pub kind: EntryKind,
    /// English aliases (the shipped catalogue keeps its French ones here too).
    pub aliases: Vec<String>,
    pub aliases_fr: Vec<String>,
    pub country: Option<String>,
    /// For actors: the coalition or organisation it belongs to.
    pub parent: Option<String>,
    pub description: String,
}

impl EntryDraft {
    /// A blank actor, to fill in.
    pub fn new_actor() -> Self {
        Self {
            id: String::new(),
            name: String::new(),
            kind: EntryKind::Actor(ActorKind::ArmedGroup),
            aliases: Vec::new(),
            aliases_fr: Vec::new(),
            country: None,
            parent: None,
            description: String::new(),
        }
    }

    pub fn of_actor(actor: &Actor) -> Self {
        Self {
            id: actor.id.clone(),
            name: actor.name.clone(),
            kind: EntryKind::Actor(actor.kind),
            aliases: actor.aliases.clone(),
            aliases_fr: actor.aliases_fr.clone(),
            country: actor.country.clone(),
            parent: actor.parent.clone(),
            description: actor.description.clone(),
        }
    }

    pub fn of_place(place: &Place) -> Self {
        Self {
            id: place.id.clone(),
            name: place.name.clone(),
            kind: EntryKind::Place(place.kind),
            aliases: place.aliases.clone(),
            aliases_fr: place.aliases_fr.clone(),
            country: place.country.clone(),
            parent: None,
            description: String::new(),
        }
    }

    /// The entry `id` of `catalogue`, if it has one.
    pub fn find(catalogue: &Catalogue, id: &str) -> Option<Self> {
        catalogue
            .actor(id)
            .map(Self::of_actor)
            .or_else(|| catalogue.place(id).map(Self::of_place))
    }

    /// Every entry of `catalogue`, actors then places.
    pub fn all(catalogue: &Catalogue) -> Vec<Self> {
        catalogue
            .actors
            .iter()
            .map(Self::of_actor)
            .chain(catalogue.places.iter().map(Self::of_place))
            .collect()
    }

    /// The canonical name and every alias.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name.as_str())
            .chain(self.aliases.iter().map(String::as_str))
            .chain(self.aliases_fr.iter().map(String::as_str))
    }

    fn aliases_mut(&mut self, language: AliasLanguage) -> &mut Vec<String> {
        match language {
            AliasLanguage::English => &mut self.aliases,
            AliasLanguage::French => &mut self.aliases_fr,
        }
    }

    /// Trimmed, with empty and repeated aliases dropped.
    fn tidied(mut self) -> Self {
        self.id = self.id.trim().to_owned();
        self.name = self.name.trim().to_owned();
        let mut seen = HashSet::new();
        for list in [&mut self.aliases, &mut self.aliases_fr] {
            let mut kept = Vec::new();
            for alias in list.drain(..) {
                let alias = alias.trim().to_owned();
                if !alias.is_empty() && seen.insert(alias.clone()) {
                    kept.push(alias);
                }
            }
            *list = kept;
        }
        let blank_to_none =
            |value: Option<String>| value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
        self.country = blank_to_none(self.country);
        self.parent = blank_to_none(self.parent);
        self
    }

    /// Stores the draft in `catalogue`, replacing the entry of its id and
    /// keeping what the editor does not show of it (its ACLED names).
    fn put_into(self, catalogue: &mut Catalogue) {
        let replaced = catalogue
            .actors
            .iter()
            .position(|a| a.id == self.id)
            .map(|at| catalogue.actors.remove(at));
        catalogue.places.retain(|p| p.id != self.id);
        let (acled, described_as, acled_before) = replaced
            .map(|a| (a.acled, a.described_as, a.acled_before))
            .unwrap_or_default();
        match self.kind {
            EntryKind::Actor(kind) => catalogue.actors.push(Actor {
                id: self.id,
                name: self.name,
                kind,
                aliases: self.aliases,
                aliases_fr: self.aliases_fr,
                parent: self.parent,
                country: self.country,
                description: self.description,
                acled,
                described_as,
                acled_before,
            }),
            EntryKind::Place(kind) => catalogue.places.push(Place {
                id: self.id,
                name: self.name,
                kind,
                aliases: self.aliases,
                aliases_fr: self.aliases_fr,
                country: self.country,
            }),
        }
    }
}

/// Where an entry of the combined catalogue comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    Shipped,
    /// Shipped, with the project's changes over it.
    Overridden,
    Project,
}

impl Origin {
    pub fn of(id: &str, shipped: &Catalogue, own: &Catalogue) -> Self {
        let is_shipped = has_entry(shipped, id);
        let is_own = has_entry(own, id);
        match (is_shipped, is_own) {
            (true, true) => Origin::Overridden,
            (true, false) => Origin::Shipped,
            (false, _) => Origin::Project,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Origin::Shipped => "shipped",
            Origin::Overridden => "shipped, changed",
            Origin::Project => "project",
        }
    }
}

/// One change to the project's catalogue.
#[derive(Clone, Debug, PartialEq)]
pub enum CatalogueEdit {
    /// A new entry; with no id, one is made from its name.
    Add(EntryDraft),
    /// New fields for the entry of the draft's id.
    Update(EntryDraft),
    /// One more alias for an entry.
    AddAlias {
        id: String,
        alias: String,
        language: AliasLanguage,
    },
}

/// Why a catalogue change was refused or failed. Nothing was changed.
#[derive(Debug, thiserror::Error)]
pub enum CatalogueError {
    #[error("refused: {}", .0.join("; "))]
    Invalid(Vec<String>),
    #[error("no actor or place {0:?} in the catalogue")]
    Unknown(String),
    #[error(
        "nothing was changed: {} annotation file(s) cannot be read; fix them first: {}",
        .0.len(),
        .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("; ")
    )]
    Unreadable(Vec<StoreError>),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The shipped catalogue combined with a project's own.
pub fn combined(shipped: &Catalogue, own: &Catalogue) -> Catalogue {
    let mut catalogue = shipped.clone();
    catalogue.extend(own.clone());
    catalogue
}

/// Everything wrong with a combined catalogue: entries without a canonical
/// name or id, ids used twice, parents that name no actor, and aliases (as
/// the matcher folds them) claimed by two entries.
pub fn problems(catalogue: &Catalogue) -> Vec<String> {
    let mut found = catalogue.problems();
    let mut owner: HashMap<String, (&str, &str)> = HashMap::new();
    let entries = catalogue
        .actors
        .iter()
        .map(|a| {
            (
                a.id.as_str(),
                a.name.as_str(),
                a.names().collect::<Vec<_>>(),
            )
        })
        .chain(
            catalogue
                .places
                .iter()
                .map(|p| (p.id.as_str(), p.name.as_str(), p.names().collect())),
        );
    for (id, name, names) in entries {
        if id.trim().is_empty() {
            found.push(format!("the entry {name:?} has no id"));
        }
        if name.trim().is_empty() {
            found.push(format!("{id:?} has no canonical name"));
        }
        for alias in names {
            let folded = fold(alias, true);
            if folded.is_empty() {
                continue;
            }
            match owner.get(&folded) {
                Some(&(other, other_name)) if other != id => found.push(format!(
                    "the alias “{alias}” of {id:?} is already a name of {other_name} ({other:?})"
                )),
                Some(_) => {}
                None => {
                    owner.insert(folded, (id, name));
                }
            }
        }
    }
    found
}

/// The project's own catalogue after `edit`, checked against the shipped
/// one, and the id of the entry edited; refused when the edit would add a
/// problem (see [`problems`]).
pub fn apply_edit(
    shipped: &Catalogue,
    own: &Catalogue,
    edit: &CatalogueEdit,
) -> Result<(Catalogue, String), CatalogueError> {
    let before = combined(shipped, own);
    let mut next = own.clone();
    let id = match edit {
        CatalogueEdit::Add(draft) => {
            let mut draft = draft.clone().tidied();
            if draft.id.is_empty() {
                draft.id = unique_id(&before, &slug(&draft.name));
            } else if let Some(known) = EntryDraft::find(&before, &draft.id) {
                return Err(CatalogueError::Invalid(vec![format!(
                    "the id {:?} is already used by {}",
                    draft.id, known.name
                )]));
            }
            let id = draft.id.clone();
            draft.put_into(&mut next);
            id
        }
        CatalogueEdit::Update(draft) => {
            let draft = draft.clone().tidied();
            let Some(known) = EntryDraft::find(&before, &draft.id) else {
                return Err(CatalogueError::Unknown(draft.id));
            };
            if known.kind.is_actor() != draft.kind.is_actor() {
                return Err(CatalogueError::Invalid(vec![format!(
                    "{} cannot change between actor and place; add the other and merge",
                    known.name
                )]));
            }
            let id = draft.id.clone();
            override_of(shipped, draft)?.put_into(&mut next);
            id
        }
        CatalogueEdit::AddAlias {
            id,
            alias,
            language,
        } => {
            let alias = alias.trim();
            if alias.is_empty() {
                return Err(CatalogueError::Invalid(vec!["the alias is empty".into()]));
            }
            let Some(known) = EntryDraft::find(&before, id) else {
                return Err(CatalogueError::Unknown(id.clone()));
            };
            let folded = fold(alias, true);
            if known.names().any(|n| fold(n, true) == folded) {
                return Err(CatalogueError::Invalid(vec![format!(
                    "“{alias}” is already a name of {}",
                    known.name
                )]));
            }
            let mut entry = own_entry(shipped, own, &known);
            entry.aliases_mut(*language).push(alias.to_owned());
            entry.put_into(&mut next);
            id.clone()
        }
    };
    Ok((refuse_new_problems(shipped, &before, next)?, id))
}

/// The project's own catalogue after merging `removed` into `survivor`:
/// the survivor takes the removed entry's name and aliases, the removed
/// entry goes (a shipped one is listed in `merged`), and parents and
/// earlier merges that named it name the survivor.
pub fn merge_own(
    shipped: &Catalogue,
    own: &Catalogue,
    survivor: &str,
    removed: &str,
) -> Result<Catalogue, CatalogueError> {
    let before = combined(shipped, own);
    if survivor == removed {
        return Err(CatalogueError::Invalid(vec![
            "an entry cannot be merged into itself".into(),
        ]));
    }
    let Some(staying) = EntryDraft::find(&before, survivor) else {
        return Err(CatalogueError::Unknown(survivor.to_owned()));
    };
    let Some(going) = EntryDraft::find(&before, removed) else {
        return Err(CatalogueError::Unknown(removed.to_owned()));
    };
    if staying.kind.is_actor() != going.kind.is_actor() {
        return Err(CatalogueError::Invalid(vec![format!(
            "{} and {} are not both actors or both places",
            staying.name, going.name
        )]));
    }
    let mut next = own.clone();
    next.actors.retain(|a| a.id != removed);
    next.places.retain(|p| p.id != removed);
    let mut entry = own_entry(shipped, own, &staying);
    let mut names: HashSet<String> = staying.names().map(|n| fold(n, true)).collect();
    let taken = std::iter::once((going.name.as_str(), AliasLanguage::English))
        .chain(
            going
                .aliases
                .iter()
                .map(|a| (a.as_str(), AliasLanguage::English)),
        )
        .chain(
            going
                .aliases_fr
                .iter()
                .map(|a| (a.as_str(), AliasLanguage::French)),
        );
    for (alias, language) in taken {
        if names.insert(fold(alias, true)) {
            entry.aliases_mut(language).push(alias.to_owned());
        }
    }
    entry.put_into(&mut next);
    for target in next.merged.values_mut() {
        if target == removed {
            survivor.clone_into(target);
        }
    }
    next.merged.insert(removed.to_owned(), survivor.to_owned());
    for actor in &mut next.actors {
        if actor.parent.as_deref() == Some(removed) {
            actor.parent = Some(survivor.to_owned());
        }
    }
    refuse_new_problems(shipped, &before, next)
}

/// What [`merge_entries`] did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MergeReport {
    pub survivor: String,
    pub removed: String,
    /// Annotation files read, of every annotator.
    pub files_read: usize,
    /// Annotation files rewritten.
    pub files_changed: usize,
    pub mentions_relinked: usize,
    /// Stopped before writing anything.
    pub cancelled: bool,
}

impl MergeReport {
    pub fn summary(&self) -> String {
        if self.cancelled {
            return "merge cancelled; nothing was changed".into();
        }
        format!(
            "merged {} into {}: {} mention(s) relinked in {} of {} annotation file(s)",
            self.removed,
            self.survivor,
            self.mentions_relinked,
            self.files_changed,
            self.files_read
        )
    }
}

/// Merges the catalogue entry `removed` into `survivor` (see [`merge_own`])
/// and relinks every mention linked to `removed`, in every annotation file
/// of every annotator, to `survivor`. Every file is read and checked first:
/// one that cannot be read refuses the merge and nothing is written. The
/// new files are then all written beside their targets and only then put in
/// place, annotation files first and the catalogue last; a file changed by
/// someone else since it was read refuses the merge too.
pub fn merge_entries(
    project: &mut Project,
    survivor: &str,
    removed: &str,
    control: JobControl<'_>,
) -> Result<MergeReport, CatalogueError> {
    let shipped = Catalogue::sahel_default();
    let Some(own) = project.own_catalogue() else {
        return Err(StoreError::Invalid {
            path: project.catalogue_path(),
            message: "the project's catalogue could not be read; fix it before merging".into(),
        }
        .into());
    };
    let next_own = merge_own(&shipped, own, survivor, removed)?;
    let catalogue_path = project.catalogue_path();
    let catalogue_hash = file_hash(&catalogue_path)?;
    let after = combined(&shipped, &next_own);
    let mut report = MergeReport {
        survivor: survivor.to_owned(),
        removed: removed.to_owned(),
        ..MergeReport::default()
    };
    let annotators = project.annotators();
    let files = super::annotation_files(project, &annotators);
    control
        .progress
        .begin("reading annotation files", files.len() as u64);
    let mut unreadable = Vec::new();
    let mut changed: Vec<(AnnotationSet, std::path::PathBuf, u64)> = Vec::new();
    for (annotator, id, path) in &files {
        if control.is_cancelled() {
            report.cancelled = true;
            return Ok(report);
        }
        match read_annotation_file(path, id, &annotators[*annotator]) {
            Ok((mut set, hash)) => {
                let relinked = relink(&mut set, &after, survivor);
                if relinked > 0 {
                    report.mentions_relinked += relinked;
                    changed.push((set, path.clone(), hash));
                }
            }
            Err(e) => unreadable.push(e),
        }
        report.files_read += 1;
        control.progress.advance(1);
    }
    if !unreadable.is_empty() {
        return Err(CatalogueError::Unreadable(unreadable));
    }
    if control.is_cancelled() {
        report.cancelled = true;
        return Ok(report);
    }
    control.progress.begin("writing", changed.len() as u64 + 1);
    let mut prepared: Vec<Pending> = Vec::with_capacity(changed.len() + 1);
    for (set, path, hash) in &changed {
        if file_hash(path)? != Some(*hash) {
            return Err(StoreError::Invalid {
                path: path.clone(),
                message: "changed on disk while the merge ran; nothing was changed, merge again"
                    .into(),
            }
            .into());
        }
        prepared.push(project.prepare_annotations(set)?);
        control.progress.advance(1);
    }
    if file_hash(&catalogue_path)? != catalogue_hash {
        return Err(StoreError::Invalid {
            path: catalogue_path,
            message: "changed while the merge ran; nothing was changed, merge again".into(),
        }
        .into());
    }
    let catalogue_file = project.prepare_own_catalogue(&next_own)?;
    for file in prepared {
        project.publish(file)?;
    }
    catalogue_file.publish()?;
    control.progress.advance(1);
    report.files_changed = changed.len();
    project.adopt_own_catalogue(next_own);
    Ok(report)
}

/// Links to `survivor` every mention of `set` whose entry `catalogue`
/// resolves to it under another id; returns how many.
fn relink(set: &mut AnnotationSet, catalogue: &Catalogue, survivor: &str) -> usize {
    let mut relinked = 0;
    for mention in &mut set.mentions {
        let Some(actor) = &mention.actor else {
            continue;
        };
        if actor != survivor && catalogue.resolve(actor) == survivor {
            mention.actor = Some(survivor.to_owned());
            relinked += 1;
        }
    }
    relinked
}

/// The entry as the project stores it: its own entry when it has one, else
/// an override of the shipped entry with no aliases of its own yet.
fn own_entry(shipped: &Catalogue, own: &Catalogue, entry: &EntryDraft) -> EntryDraft {
    EntryDraft::find(own, &entry.id).unwrap_or_else(|| {
        let mut fresh = entry.clone();
        if EntryDraft::find(shipped, &entry.id).is_some() {
            fresh.aliases.clear();
            fresh.aliases_fr.clear();
        }
        fresh
    })
}

/// The project entry for an edited `draft`: itself for a project entry; for
/// a shipped one, its fields with only the aliases the shipped entry lacks.
/// Removing a shipped alias is refused: the project can only add to them.
fn override_of(shipped: &Catalogue, mut draft: EntryDraft) -> Result<EntryDraft, CatalogueError> {
    let Some(original) = EntryDraft::find(shipped, &draft.id) else {
        return Ok(draft);
    };
    let kept: HashSet<&str> = draft.names().collect();
    let dropped: Vec<String> = original
        .aliases
        .iter()
        .chain(&original.aliases_fr)
        .filter(|a| !kept.contains(a.as_str()))
        .map(|a| format!("“{a}”"))
        .collect();
    if !dropped.is_empty() {
        return Err(CatalogueError::Invalid(vec![format!(
            "shipped aliases cannot be removed ({}); merge or add instead",
            dropped.join(", ")
        )]));
    }
    let shipped_names: HashSet<&str> = original
        .aliases
        .iter()
        .chain(&original.aliases_fr)
        .map(String::as_str)
        .collect();
    draft
        .aliases
        .retain(|a| !shipped_names.contains(a.as_str()));
    draft
        .aliases_fr
        .retain(|a| !shipped_names.contains(a.as_str()));
    Ok(draft)
}

/// `next` as the project's catalogue, unless combining it with the shipped
/// one shows problems that `before` did not have.
fn refuse_new_problems(
    shipped: &Catalogue,
    before: &Catalogue,
    next: Catalogue,
) -> Result<Catalogue, CatalogueError> {
    let known: HashSet<String> = problems(before).into_iter().collect();
    let new: Vec<String> = problems(&combined(shipped, &next))
        .into_iter()
        .filter(|p| !known.contains(p))
        .collect();
    if new.is_empty() {
        Ok(next)
    } else {
        Err(CatalogueError::Invalid(new))
    }
}

fn has_entry(catalogue: &Catalogue, id: &str) -> bool {
    catalogue.actor(id).is_some() || catalogue.place(id).is_some()
}

/// An id made from a name: "Katiba Alpha" → `katiba-alpha`.
pub fn slug(name: &str) -> String {
    let mut slug = String::new();
    for c in name.trim().to_lowercase().chars() {
        if c.is_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.trim_matches('-').to_owned()
}

/// `base`, or `base-2`, `base-3` … whichever no entry of `catalogue` has.
fn unique_id(catalogue: &Catalogue, base: &str) -> String {
    let base = if base.is_empty() { "entry" } else { base };
    let taken = |id: &str| has_entry(catalogue, id);
    let mut id = base.to_owned();
    let mut n = 1;
    while taken(&id) {
        n += 1;
        id = format!("{base}-{n}");
    }
    id
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::jobs::test_util::{ANNOTATOR, project};
    use crate::model::{Mention, MentionId, Review, Span};

    fn shipped() -> Catalogue {
        Catalogue::sahel_default()
    }

    fn draft(name: &str, aliases: &[&str]) -> EntryDraft {
        EntryDraft {
            name: name.into(),
            aliases: aliases.iter().map(|a| (*a).to_owned()).collect(),
            ..EntryDraft::new_actor()
        }
    }

    #[test]
    fn an_added_actor_gets_an_id_from_its_name_and_joins_the_combined_catalogue() {
        let own = apply_edit(
            &shipped(),
            &Catalogue::default(),
            &CatalogueEdit::Add(draft(" Katiba Alpha ", &["KA fighters", ""])),
        )
        .unwrap()
        .0;
        let actor = own.actor("katiba-alpha").unwrap();
        assert_eq!(actor.name, "Katiba Alpha");
        assert_eq!(actor.aliases, ["KA fighters"], "tidied");
        assert!(combined(&shipped(), &own).actor("jnim").is_some());
        assert_eq!(
            Origin::of("katiba-alpha", &shipped(), &own),
            Origin::Project
        );
    }

    #[test]
    fn validation_refuses_an_empty_name_a_duplicate_id_and_a_clashing_alias() {
        let none = Catalogue::default();
        let empty = apply_edit(&shipped(), &none, &CatalogueEdit::Add(draft("  ", &[])));
        let message = empty.unwrap_err().to_string();
        assert!(message.contains("no canonical name"), "{message}");

        let mut duplicate = draft("Another JNIM", &[]);
        duplicate.id = "jnim".into();
        let message = apply_edit(&shipped(), &none, &CatalogueEdit::Add(duplicate))
            .unwrap_err()
            .to_string();
        assert!(message.contains("\"jnim\" is already used"), "{message}");

        // "gsim" folds like JNIM's "GSIM": the matcher could not tell them apart.
        let clash = apply_edit(
            &shipped(),
            &none,
            &CatalogueEdit::Add(draft("Katiba Alpha", &["gsim"])),
        );
        let message = clash.unwrap_err().to_string();
        assert!(
            message.contains("“gsim”") && message.contains("\"jnim\""),
            "{message}"
        );
        let again = apply_edit(
            &shipped(),
            &none,
            &CatalogueEdit::AddAlias {
                id: "jnim".into(),
                alias: "Jama’at Nusrat al-Islam wal-Muslimin".into(),
                language: AliasLanguage::English,
            },
        );
        assert!(
            again.unwrap_err().to_string().contains("already a name"),
            "an alias it has already, however spelled"
        );
    }

    #[test]
    fn an_existing_problem_does_not_block_other_edits() {
        // A hand-edited catalogue with a nameless entry can still be edited.
        let mut own = Catalogue::default();
        draft("", &[]).put_into(&mut own);
        own.actors[0].id = "broken".into();
        let fixed = apply_edit(
            &shipped(),
            &own,
            &CatalogueEdit::Add(draft("Katiba Alpha", &[])),
        )
        .unwrap()
        .0;
        assert!(fixed.actor("katiba-alpha").is_some());
    }

    #[test]
    fn an_edit_of_a_shipped_entry_is_an_override_holding_only_what_the_project_adds() {
        let mut jnim = EntryDraft::find(&shipped(), "jnim").unwrap();
        jnim.description = "Edited in this project.".into();
        jnim.aliases_fr.push("le Groupe de soutien".into());
        let own = apply_edit(
            &shipped(),
            &Catalogue::default(),
            &CatalogueEdit::Update(jnim.clone()),
        )
        .unwrap()
        .0;
        let stored = own.actor("jnim").unwrap();
        assert!(stored.aliases.is_empty(), "shipped aliases are not copied");
        assert_eq!(stored.aliases_fr, ["le Groupe de soutien"]);
        let all = combined(&shipped(), &own);
        let jnim_now = all.actor("jnim").unwrap();
        assert_eq!(jnim_now.description, "Edited in this project.");
        assert!(jnim_now.aliases.iter().any(|a| a == "GSIM"), "shipped kept");
        assert_eq!(Origin::of("jnim", &shipped(), &own), Origin::Overridden);

        jnim.aliases.retain(|a| a != "GSIM");
        let message = apply_edit(&shipped(), &own, &CatalogueEdit::Update(jnim))
            .unwrap_err()
            .to_string();
        assert!(message.contains("“GSIM”"), "{message}");
    }

    #[test]
    fn editing_an_entry_keeps_the_acled_names_the_editor_does_not_show() {
        let mut fama = EntryDraft::find(&shipped(), "fama").unwrap();
        fama.description = "Mali's army.".into();
        let own = apply_edit(
            &shipped(),
            &Catalogue::default(),
            &CatalogueEdit::Update(fama),
        )
        .unwrap()
        .0;
        let all = combined(&shipped(), &own);
        let shipped_fama = shipped().actor("fama").unwrap().clone();
        let fama = all.actor("fama").unwrap();
        assert_eq!(fama.description, "Mali's army.");
        assert_eq!(fama.acled, shipped_fama.acled);
        assert_eq!(fama.acled_before, shipped_fama.acled_before);

        // A project entry's own ACLED names survive its edits too.
        let mut own_acled = own.clone();
        own_acled.actors[0].acled = Some("Military Forces of Mali (2021-) Test".into());
        let mut draft = EntryDraft::find(&combined(&shipped(), &own_acled), "fama").unwrap();
        draft.description = "Edited again.".into();
        let again = apply_edit(&shipped(), &own_acled, &CatalogueEdit::Update(draft))
            .unwrap()
            .0;
        assert_eq!(
            again.actor("fama").unwrap().acled.as_deref(),
            Some("Military Forces of Mali (2021-) Test")
        );
    }

    #[test]
    fn an_alias_of_a_shipped_entry_goes_to_its_language_list_in_an_override() {
        let own = apply_edit(
            &shipped(),
            &Catalogue::default(),
            &CatalogueEdit::AddAlias {
                id: "dan-na-ambassagou".into(),
                alias: "chasseurs de brousse".into(),
                language: AliasLanguage::of_document(Some("fr")),
            },
        )
        .unwrap()
        .0;
        let stored = own.actor("dan-na-ambassagou").unwrap();
        assert_eq!(stored.aliases_fr, ["chasseurs de brousse"]);
        assert!(stored.aliases.is_empty());
        let matcher =
            crate::suggest::catalogue_matcher::CatalogueMatcher::new(&combined(&shipped(), &own))
                .unwrap();
        let text = "Des chasseurs de brousse ont attaqué.";
        let found = matcher.find(text, &crate::text::fold::Folded::new(text, true));
        assert_eq!(found.len(), 1);
        assert_eq!(
            &*matcher.entry(found[0].entry).unwrap().id,
            "dan-na-ambassagou"
        );
        assert_eq!(AliasLanguage::of_document(None), AliasLanguage::English);
    }

    #[test]
    fn merging_a_shipped_actor_records_it_and_the_survivor_takes_its_names() {
        let own = merge_own(&shipped(), &Catalogue::default(), "jnim", "ansar-dine").unwrap();
        assert_eq!(
            own.merged.get("ansar-dine").map(String::as_str),
            Some("jnim")
        );
        let all = combined(&shipped(), &own);
        assert!(all.actor("ansar-dine").is_none());
        let jnim = all.actor("jnim").unwrap();
        assert!(jnim.aliases.iter().any(|a| a == "Ansar Eddine"));
        assert_eq!(problems(&all), Vec::<String>::new());
        let refused = merge_own(&shipped(), &Catalogue::default(), "jnim", "mali");
        assert!(refused.unwrap_err().to_string().contains("not both actors"));
        assert!(matches!(
            merge_own(&shipped(), &own, "jnim", "ansar-dine"),
            Err(CatalogueError::Unknown(_))
        ));
    }

    fn linked_mention(id: u32, text: &str, doc_text: &str, actor: &str) -> Mention {
        let start = doc_text.find(text).unwrap();
        Mention {
            id: MentionId(id),
            span: Span::new(start, start + text.len()),
            text: text.into(),
            label: "ARMED_GROUP".into(),
            actor: Some(actor.into()),
            attributes: Default::default(),
            review: Review::accepted(ANNOTATOR, jiff::Timestamp::UNIX_EPOCH),
        }
    }

    /// Two annotators' files linking the first document's "JNIM" to a
    /// project actor "militants", and one linking it to JNIM.
    fn project_with_links() -> (tempfile::TempDir, Project, Vec<crate::model::DocumentId>) {
        let (dir, mut project, ids) = project();
        let own = apply_edit(
            &shipped(),
            &Catalogue::default(),
            &CatalogueEdit::Add(draft("The militants", &[])),
        )
        .unwrap()
        .0;
        project.save_own_catalogue(own).unwrap();
        let text = project.load_text(&ids[0]).unwrap();
        for (annotator, actor) in [(ANNOTATOR, "the-militants"), ("ben", "the-militants")] {
            let mut set = AnnotationSet::new(ids[0].clone(), annotator);
            set.mentions.push(linked_mention(1, "JNIM", &text, actor));
            project.save_annotations(&set).unwrap();
        }
        let mut set = AnnotationSet::new(ids[1].clone(), ANNOTATOR);
        let text = project.load_text(&ids[1]).unwrap();
        set.mentions
            .push(linked_mention(1, "Wagner", &text, "jnim"));
        project.save_annotations(&set).unwrap();
        (dir, project, ids)
    }

    #[test]
    fn a_merge_relinks_every_annotators_mentions_and_saves_one_entry() {
        let (_dir, mut project, ids) = project_with_links();
        let report = merge_entries(
            &mut project,
            "jnim",
            "the-militants",
            JobControl::unattended(),
        )
        .unwrap();
        assert_eq!(
            (
                report.files_read,
                report.files_changed,
                report.mentions_relinked
            ),
            (3, 2, 2)
        );
        for annotator in [ANNOTATOR, "ben"] {
            let set = project.load_annotations(&ids[0], annotator).unwrap();
            assert_eq!(
                set.mentions[0].actor.as_deref(),
                Some("jnim"),
                "{annotator}"
            );
            assert_eq!(
                set.mentions[0].review.status,
                crate::model::Status::Accepted
            );
        }
        let (reopened, problems) =
            Project::open(project.root(), crate::store::OpenMode::ReadOnly).unwrap();
        assert!(problems.is_empty(), "{problems:?}");
        assert!(reopened.catalogue.actor("the-militants").is_none());
        let own = reopened.own_catalogue().unwrap();
        assert!(own.actor("the-militants").is_none(), "one entry left");
        assert!(
            reopened
                .catalogue
                .actor("jnim")
                .unwrap()
                .aliases
                .iter()
                .any(|a| a == "The militants")
        );
        assert_eq!(reopened.catalogue.resolve("the-militants"), "jnim");
    }

    #[test]
    fn a_merge_is_refused_on_a_corrupt_file_and_changes_nothing() {
        let (_dir, mut project, ids) = project_with_links();
        let corrupt = project.annotations_path(&ids[2], "ben");
        std::fs::write(&corrupt, "(document: \"not closed\"").unwrap();
        let snapshot = |project: &Project| {
            let mut files = vec![std::fs::read(project.catalogue_path()).unwrap()];
            for annotator in [ANNOTATOR, "ben"] {
                files.push(std::fs::read(project.annotations_path(&ids[0], annotator)).unwrap());
            }
            files
        };
        let before = snapshot(&project);
        let error = merge_entries(
            &mut project,
            "jnim",
            "the-militants",
            JobControl::unattended(),
        )
        .unwrap_err();
        let message = error.to_string();
        assert!(message.starts_with("nothing was changed"), "{message}");
        assert!(
            message.contains(&corrupt.display().to_string()),
            "{message}"
        );
        assert_eq!(snapshot(&project), before, "no file was touched");
        assert!(project.catalogue.actor("the-militants").is_some());
        let temp_files =
            std::fs::read_dir(project.annotations_path(&ids[0], "ben").parent().unwrap())
                .unwrap()
                .flatten()
                .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
                .count();
        assert_eq!(temp_files, 0);
    }

    #[test]
    fn a_cancelled_merge_writes_nothing() {
        let (_dir, mut project, ids) = project_with_links();
        let cancel = crate::progress::CancelFlag::default();
        cancel.cancel();
        let control = JobControl {
            progress: &crate::progress::NoProgress,
            cancel: &cancel,
        };
        let report = merge_entries(&mut project, "jnim", "the-militants", control).unwrap();
        assert!(report.cancelled);
        let set = project.load_annotations(&ids[0], ANNOTATOR).unwrap();
        assert_eq!(set.mentions[0].actor.as_deref(), Some("the-militants"));
    }

    /// A progress sink that, as the writing starts, saves a file as another
    /// program would.
    struct WritesWhenWritingStarts(std::path::PathBuf);

    impl crate::progress::ProgressSink for WritesWhenWritingStarts {
        fn begin(&self, stage: &str, _total: u64) {
            if stage == "writing" {
                let mut text = std::fs::read_to_string(&self.0).unwrap();
                text.push('\n');
                std::fs::write(&self.0, text).unwrap();
            }
        }

        fn advance(&self, _steps: u64) {}
    }

    #[test]
    fn a_file_saved_by_someone_else_during_the_merge_refuses_it_and_nothing_is_written() {
        let (_dir, mut project, ids) = project_with_links();
        let theirs = project.annotations_path(&ids[0], "ben");
        let ours = project.annotations_path(&ids[0], ANNOTATOR);
        let ours_before = std::fs::read(&ours).unwrap();
        let catalogue_before = std::fs::read(project.catalogue_path()).unwrap();
        let sink = WritesWhenWritingStarts(theirs.clone());
        let control = JobControl {
            progress: &sink,
            cancel: &crate::progress::CancelFlag::default(),
        };
        let message = merge_entries(&mut project, "jnim", "the-militants", control)
            .unwrap_err()
            .to_string();
        assert!(message.contains("changed on disk"), "{message}");
        assert_eq!(std::fs::read(&ours).unwrap(), ours_before);
        assert_eq!(
            std::fs::read(project.catalogue_path()).unwrap(),
            catalogue_before
        );
        assert!(
            std::fs::read_to_string(&theirs)
                .unwrap()
                .contains("the-militants"),
            "their save is kept"
        );
    }

    #[test]
    fn slugs_are_lowercase_words_joined_by_hyphens() {
        assert_eq!(slug("  Katiba  Alpha (KA) "), "katiba-alpha-ka");
        assert_eq!(unique_id(&shipped(), "jnim"), "jnim-2");
        assert_eq!(unique_id(&shipped(), ""), "entry");
    }
}
