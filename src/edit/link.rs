//! Linking mentions to the actor catalogue: which entry a text names, what
//! kind of actor a label stands for, and the new actor made from a mention
//! the catalogue does not know yet. And linking an event or a claim to the
//! mentions that fill its roles: the roles drawn as arcs in the article,
//! the candidates offered when one is re-linked from the keyboard, and the
//! correction a re-link makes (an ordinary [`Change`], so it is undoable and
//! marks a suggestion `Corrected`).

use crate::model::{
    Actor, ActorKind, AnnotationSet, Catalogue, ClaimId, ClaimSource, EventId, ItemRef, Mention,
    MentionId, Span, Status,
};
use crate::text::sentences::sentence_around;

use super::Change;

/// A role linking an event or a claim to what fills it: a claim's source,
/// responsible actors and the event it is about; an event's fillers (the
/// default schema's roles).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum LinkRole {
    Source,
    Responsible,
    About,
    Agent,
    Target,
    Location,
    Time,
    Fatalities,
    /// A typed relation of the schema between two items (`PartOf`), drawn
    /// with its type's name; made and unmade with its own key, not re-linked.
    Related,
}

impl LinkRole {
    /// The roles of a claim, in drawing order.
    pub const CLAIM: [LinkRole; 3] = [LinkRole::Source, LinkRole::Responsible, LinkRole::About];
    /// The roles of an event, in drawing order.
    pub const EVENT: [LinkRole; 5] = [
        LinkRole::Agent,
        LinkRole::Target,
        LinkRole::Location,
        LinkRole::Time,
        LinkRole::Fatalities,
    ];

    /// As written on an arc; for an event role, its name in the schema.
    pub fn name(self) -> &'static str {
        match self {
            LinkRole::Source => "source",
            LinkRole::Responsible => "responsible",
            LinkRole::About => "about",
            LinkRole::Agent => "agent",
            LinkRole::Target => "target",
            LinkRole::Location => "location",
            LinkRole::Time => "time",
            LinkRole::Fatalities => "fatalities",
            LinkRole::Related => "related",
        }
    }

    /// The event role of this name, if it is one.
    pub fn of_event_role(name: &str) -> Option<LinkRole> {
        LinkRole::EVENT.into_iter().find(|r| r.name() == name)
    }

    /// Whether `item` has this role (a claim's or an event's).
    pub fn fits(self, item: ItemRef) -> bool {
        match item {
            ItemRef::Claim(_) => LinkRole::CLAIM.contains(&self),
            ItemRef::Event(_) => LinkRole::EVENT.contains(&self),
            ItemRef::Mention(_) => false,
        }
    }

    /// Whether the role holds several fillers (so a filler can be added).
    pub fn is_list(self) -> bool {
        !matches!(self, LinkRole::Source | LinkRole::About)
    }
}

/// The mentions filling `role` of `item` now.
pub fn fillers(set: &AnnotationSet, item: ItemRef, role: LinkRole) -> Vec<MentionId> {
    match item {
        ItemRef::Claim(id) => {
            let Some(claim) = set.claim(id) else {
                return Vec::new();
            };
            match role {
                LinkRole::Source => match claim.source {
                    Some(ClaimSource::Mention(m)) => vec![m],
                    _ => Vec::new(),
                },
                LinkRole::Responsible => claim.responsible.clone(),
                _ => Vec::new(),
            }
        }
        ItemRef::Event(id) => set
            .event(id)
            .and_then(|e| e.roles.get(role.name()))
            .cloned()
            .unwrap_or_default(),
        ItemRef::Mention(_) => Vec::new(),
    }
}

/// How a re-link changes a role's fillers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Relink {
    /// The role is filled by this mention alone.
    Set(MentionId),
    /// The mention joins the role's fillers (a list role; else as `Set`).
    Add(MentionId),
    /// One filler (an arc's end) is replaced by another mention.
    Replace { old: MentionId, new: MentionId },
}

/// The correction that re-links `role` of `item` (`None` when the item or
/// role does not fit, or nothing would change). A claim's `about` is linked
/// to events, not mentions, so it is not re-linked here.
pub fn relink(set: &AnnotationSet, item: ItemRef, role: LinkRole, how: Relink) -> Option<Change> {
    if !role.fits(item) || role == LinkRole::About {
        return None;
    }
    let before = fillers(set, item, role);
    let mut after = match how {
        Relink::Set(new) => vec![new],
        Relink::Add(new) if role.is_list() => {
            let mut list = before.clone();
            list.push(new);
            list
        }
        Relink::Add(new) => vec![new],
        Relink::Replace { old, new } => before
            .iter()
            .map(|&m| if m == old { new } else { m })
            .collect(),
    };
    let mut seen = std::collections::HashSet::new();
    after.retain(|m| seen.insert(*m));
    if after == before || set.mention(*after.first()?).is_none() {
        return None;
    }
    Some(match item {
        ItemRef::Claim(id) => match role {
            LinkRole::Source => {
                Change::ClaimSource(id, after.first().map(|&m| ClaimSource::Mention(m)))
            }
            _ => Change::ClaimResponsible(id, after),
        },
        ItemRef::Event(event) => Change::EventRole {
            event,
            role: role.name().to_owned(),
            fillers: after,
        },
        ItemRef::Mention(_) => return None,
    })
}

/// The correction that links `claim` to `event` as one more event it is
/// about, or unlinks it when it is linked already (`None` when either is
/// missing).
pub fn toggle_about(set: &AnnotationSet, claim: ClaimId, event: EventId) -> Option<Change> {
    let claim = set.claim(claim)?;
    set.event(event)?;
    let mut events = claim.events.clone();
    if let Some(at) = events.iter().position(|&e| e == event) {
        events.remove(at);
    } else {
        events.push(event);
    }
    Some(Change::ClaimEvents(claim.id, events))
}

/// The mentions offered when `role` of an item at `anchor` is re-linked
/// from the keyboard: with no `filter`, those of the anchor's sentence in
/// reading order; with one, every mention whose text contains it (ignoring
/// case), nearest first. Rejected mentions are left out.
pub fn candidates(set: &AnnotationSet, text: &str, anchor: Span, filter: &str) -> Vec<MentionId> {
    let open = |m: &&Mention| m.review.status != Status::Rejected;
    if filter.is_empty() {
        let sentence = sentence_around(text, anchor);
        let mut inside: Vec<&Mention> = set
            .mentions
            .iter()
            .filter(open)
            .filter(|m| {
                sentence.start_byte <= m.span.start_byte && m.span.end_byte <= sentence.end_byte
            })
            .collect();
        inside.sort_by_key(|m| (m.span.start_byte, m.id));
        return inside.into_iter().map(|m| m.id).collect();
    }
    let needle = filter.to_lowercase();
    let distance = |span: Span| span.start_byte.abs_diff(anchor.start_byte);
    let mut found: Vec<&Mention> = set
        .mentions
        .iter()
        .filter(open)
        .filter(|m| m.text.to_lowercase().contains(&needle))
        .collect();
    found.sort_by_key(|m| (distance(m.span), m.id));
    found.into_iter().map(|m| m.id).collect()
}

/// The catalogue actor or place that has `text` as its name or an alias
/// (ignoring case).
pub fn catalogue_id_for(catalogue: &Catalogue, text: &str) -> Option<String> {
    catalogue
        .actors
        .iter()
        .find(|a| a.names().any(|n| n.eq_ignore_ascii_case(text)))
        .map(|a| a.id.clone())
        .or_else(|| {
            catalogue
                .places
                .iter()
                .find(|p| p.names().any(|n| n.eq_ignore_ascii_case(text)))
                .map(|p| p.id.clone())
        })
}

/// The kind of catalogue actor a mention's label stands for; `None` for
/// labels that name no actor (dates, places, facilities, tolls, event words).
pub fn actor_kind_for_label(label: &str) -> Option<ActorKind> {
    Some(match label {
        "STATE_FORCE" => ActorKind::StateForce,
        "FOREIGN_FORCE" => ActorKind::ForeignForce,
        "CIVILIANS" => ActorKind::Civilians,
        "PERSON" => ActorKind::Person,
        "SOURCE" => ActorKind::Media,
        "ARMED_GROUP" => ActorKind::ArmedGroup,
        "ORGANIZATION" => ActorKind::Organization,
        _ => return None,
    })
}

/// A new catalogue actor named by `mention`'s text, of the kind its label
/// suggests, with an id slugged from the text ("the army" → `the-army`).
pub fn new_actor(mention: &Mention, annotator: &str) -> Actor {
    let slug: String = mention
        .text
        .to_lowercase()
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '-' })
        .collect();
    Actor {
        id: slug.trim_matches('-').to_owned(),
        name: mention.text.clone(),
        kind: actor_kind_for_label(&mention.label).unwrap_or(ActorKind::Organization),
        aliases: vec![mention.text.clone()],
        aliases_fr: Vec::new(),
        parent: None,
        country: None,
        description: format!("Added by {annotator} while annotating."),
        acled: None,
        described_as: Vec::new(),
        acled_before: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::fixtures::suggestions;
    use crate::model::MentionId;

    #[test]
    fn a_mention_becomes_a_slugged_actor_of_its_labels_kind() {
        let (set, _) = suggestions();
        let actor = new_actor(set.mention(MentionId(2)).unwrap(), "ana");
        assert_eq!(actor.id, "the-army");
        assert_eq!(actor.kind, ActorKind::StateForce);
        assert_eq!(actor.aliases, ["the army"]);
    }

    #[test]
    fn a_claims_roles_are_relinked_as_corrections() {
        let (set, _) = suggestions();
        let claim = ItemRef::Claim(crate::model::ClaimId(1));
        assert_eq!(fillers(&set, claim, LinkRole::Responsible), [MentionId(1)]);
        let set_army = relink(
            &set,
            claim,
            LinkRole::Responsible,
            Relink::Set(MentionId(2)),
        );
        assert_eq!(
            set_army,
            Some(Change::ClaimResponsible(
                crate::model::ClaimId(1),
                vec![MentionId(2)]
            ))
        );
        let added = relink(
            &set,
            claim,
            LinkRole::Responsible,
            Relink::Add(MentionId(2)),
        );
        assert_eq!(
            added,
            Some(Change::ClaimResponsible(
                crate::model::ClaimId(1),
                vec![MentionId(1), MentionId(2)]
            ))
        );
        let source = relink(
            &set,
            claim,
            LinkRole::Source,
            Relink::Replace {
                old: MentionId(1),
                new: MentionId(3),
            },
        );
        assert_eq!(
            source,
            Some(Change::ClaimSource(
                crate::model::ClaimId(1),
                Some(ClaimSource::Mention(MentionId(3)))
            ))
        );
        assert_eq!(
            relink(&set, claim, LinkRole::Source, Relink::Set(MentionId(1))),
            None,
            "no change"
        );
        assert_eq!(
            relink(&set, claim, LinkRole::Agent, Relink::Set(MentionId(2))),
            None,
            "a claim has no agent"
        );
        assert_eq!(
            relink(&set, claim, LinkRole::Source, Relink::Set(MentionId(99))),
            None,
            "no such mention"
        );
    }

    #[test]
    fn candidates_are_the_sentences_mentions_or_the_matches_nearest_first() {
        let (set, text) = suggestions();
        let cue = set.claims[0].cue;
        let sentence = sentence_around(&text, cue);
        assert_eq!(
            &text[sentence.start_byte..sentence.end_byte],
            "The attacks were claimed by JNIM, the army said."
        );
        assert_eq!(
            candidates(&set, &text, cue, ""),
            [MentionId(1), MentionId(2)],
            "Kassela is in the next sentence"
        );
        assert_eq!(candidates(&set, &text, cue, "KASS"), [MentionId(3)]);
        assert_eq!(
            candidates(&set, &text, cue, "a"),
            [MentionId(2), MentionId(3)],
            "nearest first"
        );
    }

    #[test]
    fn aliases_are_found_ignoring_case() {
        let catalogue = Catalogue::sahel_default();
        assert_eq!(catalogue_id_for(&catalogue, "afp").as_deref(), Some("afp"));
        assert_eq!(catalogue_id_for(&catalogue, "no such actor"), None);
    }
}
