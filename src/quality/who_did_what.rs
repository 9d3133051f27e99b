//! The "who did what" table of one document: a row per event with its
//! date, type, agent, target, place, fatalities and the claims about it,
//! each cell naming the item it came from so that the GUI can jump to it.
//!
//! Built here, without egui, from the annotations and the catalogue, so the
//! attribution rules (when a perpetrator counts as confirmed) are tested on
//! plain data and the window only draws the rows.

use crate::model::{
    AnnotationSet, Catalogue, Claim, ClaimId, ClaimSource, Event, EventId, ItemRef, Mention,
    MentionId, Span, StatusKind,
};

/// Stances that name a perpetrator firmly enough to confirm the agent.
const FIRM_STANCES: [&str; 2] = ["Claimed", "Confirmed"];

/// One cell's text and the item (with its span) it jumps to.
#[derive(Clone, Debug, PartialEq)]
pub struct Cell {
    pub text: String,
    /// `None` for text with no span, such as a reporter named by the file.
    pub item: Option<ItemRef>,
    pub span: Option<Span>,
}

impl Cell {
    fn plain(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            item: None,
            span: None,
        }
    }

    /// A mention, shown by the catalogue's canonical name when it is linked.
    fn mention(mention: &Mention, catalogue: &Catalogue) -> Self {
        let text = mention
            .actor
            .as_deref()
            .and_then(|id| catalogue.name_of(id))
            .unwrap_or(&mention.text);
        Self {
            text: text.to_owned(),
            item: Some(ItemRef::Mention(mention.id)),
            span: Some(mention.span),
        }
    }
}

/// A claim about a row's event: who says so, how firmly, and whom it holds
/// responsible.
#[derive(Clone, Debug, PartialEq)]
pub struct ClaimCell {
    pub id: ClaimId,
    /// The stance, jumping to the claim's cue.
    pub stance: Cell,
    pub status: StatusKind,
    pub source: Option<Cell>,
    pub responsible: Vec<Cell>,
}

/// Whether the row's perpetrator is settled.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Perpetrator {
    /// A gold agent, and a claim that names someone responsible firmly.
    Confirmed,
    /// No agent at all.
    Missing,
    /// An agent, but not yet confirmed; says why.
    Unconfirmed(String),
}

impl Perpetrator {
    /// Why the row is marked, or `None` when it is not.
    pub fn warning(&self) -> Option<&str> {
        match self {
            Perpetrator::Confirmed => None,
            Perpetrator::Missing => Some("No perpetrator: the event has no agent."),
            Perpetrator::Unconfirmed(why) => Some(why),
        }
    }
}

/// One event of the document.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub event: EventId,
    /// The trigger words, jumping to the event.
    pub trigger: Cell,
    pub status: StatusKind,
    /// "Battles / Armed clash".
    pub event_type: String,
    pub date: Vec<Cell>,
    pub agent: Vec<Cell>,
    pub target: Vec<Cell>,
    pub place: Vec<Cell>,
    pub fatalities: Vec<Cell>,
    pub claims: Vec<ClaimCell>,
    pub perpetrator: Perpetrator,
    /// Whether accepting the row would decide anything.
    pub has_open: bool,
}

/// The rows of a document, in text order. Rejected events and claims, and
/// rejected role fillers, are left out.
pub fn rows(set: &AnnotationSet, catalogue: &Catalogue) -> Vec<Row> {
    let mut events: Vec<&Event> = set
        .events
        .iter()
        .filter(|e| e.review.status.kind() != StatusKind::Rejected)
        .collect();
    events.sort_by_key(|e| (e.trigger.start_byte, e.id));
    events
        .into_iter()
        .map(|event| row(set, catalogue, event))
        .collect()
}

fn row(set: &AnnotationSet, catalogue: &Catalogue, event: &Event) -> Row {
    let fillers = |role: &str| -> Vec<&Mention> {
        event
            .roles
            .get(role)
            .into_iter()
            .flatten()
            .filter_map(|&id| set.mention(id))
            .filter(|m| m.review.status.kind() != StatusKind::Rejected)
            .collect()
    };
    let cells = |role: &str| -> Vec<Cell> {
        fillers(role)
            .into_iter()
            .map(|m| Cell::mention(m, catalogue))
            .collect()
    };
    let claims: Vec<&Claim> = set
        .claims
        .iter()
        .filter(|c| c.is_about(event.id) && c.review.status.kind() != StatusKind::Rejected)
        .collect();
    let agents = fillers("agent");
    let perpetrator = perpetrator(&agents, &claims);
    let named_open = |id: &MentionId| set.mention(*id).is_some_and(|m| m.review.status.is_open());
    let has_open = event.review.status.is_open()
        || event.roles.values().flatten().any(named_open)
        || claims.iter().any(|c| c.review.status.is_open());
    Row {
        event: event.id,
        trigger: Cell {
            text: event.trigger_text.clone(),
            item: Some(ItemRef::Event(event.id)),
            span: Some(event.trigger),
        },
        status: event.review.status.kind(),
        event_type: match &event.sub_type {
            Some(sub_type) => format!("{} / {sub_type}", event.event_type),
            None => event.event_type.clone(),
        },
        date: cells("time"),
        agent: agents.iter().map(|m| Cell::mention(m, catalogue)).collect(),
        target: cells("target"),
        place: cells("location"),
        fatalities: cells("fatalities"),
        claims: claims
            .iter()
            .map(|c| claim_cell(set, catalogue, c))
            .collect(),
        perpetrator,
        has_open,
    }
}

fn claim_cell(set: &AnnotationSet, catalogue: &Catalogue, claim: &Claim) -> ClaimCell {
    ClaimCell {
        id: claim.id,
        stance: Cell {
            text: claim.stance.clone(),
            item: Some(ItemRef::Claim(claim.id)),
            span: Some(claim.cue),
        },
        status: claim.review.status.kind(),
        source: claim.source.as_ref().map(|source| match source {
            ClaimSource::Mention(id) => set.mention(*id).map_or_else(
                || Cell::plain(id.to_string()),
                |m| Cell::mention(m, catalogue),
            ),
            ClaimSource::Reporter(name) => Cell::plain(name.clone()),
        }),
        responsible: claim
            .responsible
            .iter()
            .filter_map(|&id| set.mention(id))
            .map(|m| Cell::mention(m, catalogue))
            .collect(),
    }
}

fn perpetrator(agents: &[&Mention], claims: &[&Claim]) -> Perpetrator {
    if agents.is_empty() {
        return Perpetrator::Missing;
    }
    if let Some(open) = agents.iter().find(|m| !m.review.status.is_gold()) {
        return Perpetrator::Unconfirmed(format!(
            "Unconfirmed perpetrator: the agent \u{201c}{}\u{201d} is not yet accepted.",
            open.text
        ));
    }
    let firmly_named = claims
        .iter()
        .any(|c| FIRM_STANCES.contains(&c.stance.as_str()) && !c.responsible.is_empty());
    if firmly_named {
        Perpetrator::Confirmed
    } else {
        Perpetrator::Unconfirmed(
            "Unconfirmed perpetrator: no claim about the event says who is responsible \
             (stance Claimed or Confirmed)."
                .into(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Review, Status};
    use crate::quality::test_util::set_from_marked;

    const MARKED: &str = "[[JNIM|ARMED_GROUP|jnim]] attacked [[a camp|TARGET]] in \
                          [[Farabougou|LOCATION]] on [[Tuesday|DATE]], [[the army|STATE_FORCE]] \
                          confirmed.";

    fn span_of(text: &str, needle: &str) -> Span {
        let start = text.find(needle).unwrap();
        Span::new(start, start + needle.len())
    }

    fn mention_id(set: &AnnotationSet, text: &str) -> MentionId {
        set.mentions.iter().find(|m| m.text == text).unwrap().id
    }

    /// The marked sentence with JNIM linked to the catalogue, an attack with
    /// every role filled and the army's confirmation naming JNIM.
    fn attack() -> AnnotationSet {
        let (mut set, text) = set_from_marked(MARKED, "ana");
        let jnim = mention_id(&set, "JNIM");
        let role = |name: &str, text: &str| (name.to_owned(), vec![mention_id(&set, text)]);
        let roles = [
            role("agent", "JNIM"),
            role("target", "a camp"),
            role("location", "Farabougou"),
            role("time", "Tuesday"),
        ]
        .into();
        set.events.push(Event {
            id: EventId(1),
            trigger: span_of(&text, "attacked"),
            trigger_text: "attacked".into(),
            event_type: "Battles".into(),
            sub_type: Some("Armed clash".into()),
            roles,
            review: Review::accepted("ana", jiff::Timestamp::UNIX_EPOCH),
        });
        set.claims.push(Claim {
            id: ClaimId(1),
            cue: span_of(&text, "confirmed"),
            cue_text: "confirmed".into(),
            stance: "Confirmed".into(),
            source: Some(ClaimSource::Mention(mention_id(&set, "the army"))),
            responsible: vec![jnim],
            events: vec![EventId(1)],
            review: Review::accepted("ana", jiff::Timestamp::UNIX_EPOCH),
        });
        set
    }

    fn texts(cells: &[Cell]) -> Vec<&str> {
        cells.iter().map(|c| c.text.as_str()).collect()
    }

    #[test]
    fn a_row_names_every_role_and_the_claims_with_canonical_names() {
        let set = attack();
        let rows = rows(&set, &Catalogue::sahel_default());
        let [row] = rows.as_slice() else {
            panic!("one row: {rows:?}")
        };
        assert_eq!(row.event_type, "Battles / Armed clash");
        assert_eq!(
            texts(&row.agent),
            ["Group for the Support of Islam and Muslims"]
        );
        assert_eq!(texts(&row.target), ["a camp"]);
        assert_eq!(texts(&row.place), ["Farabougou"]);
        assert_eq!(texts(&row.date), ["Tuesday"]);
        assert!(row.fatalities.is_empty());
        let claim = &row.claims[0];
        assert_eq!(claim.stance.text, "Confirmed");
        assert_eq!(claim.stance.item, Some(ItemRef::Claim(ClaimId(1))));
        assert_eq!(claim.source.as_ref().unwrap().text, "the army");
        assert_eq!(
            claim.responsible[0].item,
            Some(ItemRef::Mention(mention_id(&set, "JNIM")))
        );
        assert_eq!(row.perpetrator, Perpetrator::Confirmed);
        assert!(row.perpetrator.warning().is_none());
        assert!(!row.has_open, "everything is gold");
    }

    #[test]
    fn a_missing_or_unconfirmed_perpetrator_is_marked_with_a_reason() {
        let catalogue = Catalogue::sahel_default();
        let mut set = attack();
        let jnim = mention_id(&set, "JNIM");
        set.mention_mut(jnim).unwrap().review =
            Review::suggested("ana", "test", 0.5, jiff::Timestamp::UNIX_EPOCH);
        let row = &rows(&set, &catalogue)[0];
        assert!(
            row.perpetrator
                .warning()
                .unwrap()
                .contains("not yet accepted")
        );
        assert!(row.has_open);

        let mut set = attack();
        set.claims[0].stance = "Alleged".into();
        let row = &rows(&set, &catalogue)[0];
        assert!(
            row.perpetrator
                .warning()
                .unwrap()
                .contains("no claim about the event")
        );

        let mut set = attack();
        set.events[0].roles.remove("agent");
        assert_eq!(rows(&set, &catalogue)[0].perpetrator, Perpetrator::Missing);
    }

    #[test]
    fn rejected_events_claims_and_fillers_are_left_out() {
        let catalogue = Catalogue::sahel_default();
        let mut set = attack();
        let place = mention_id(&set, "Farabougou");
        set.mention_mut(place).unwrap().review.status = Status::Rejected;
        set.claims[0].review.status = Status::Rejected;
        let row = &rows(&set, &catalogue)[0];
        assert!(row.place.is_empty());
        assert!(row.claims.is_empty());
        set.events[0].review.status = Status::Rejected;
        assert!(rows(&set, &catalogue).is_empty());
    }
}
