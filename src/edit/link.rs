//! Linking mentions to the actor catalogue: which entry a text names, what
//! kind of actor a label stands for, and the new actor made from a mention
//! the catalogue does not know yet.

use crate::model::{Actor, ActorKind, Catalogue, Mention};

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

/// The kind of catalogue actor a mention's label stands for.
pub fn actor_kind_for_label(label: &str) -> ActorKind {
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
        kind: actor_kind_for_label(&mention.label),
        aliases: vec![mention.text.clone()],
        aliases_fr: Vec::new(),
        parent: None,
        country: None,
        description: format!("Added by {annotator} while annotating."),
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
    fn aliases_are_found_ignoring_case() {
        let catalogue = Catalogue::sahel_default();
        assert_eq!(catalogue_id_for(&catalogue, "afp").as_deref(), Some("afp"));
        assert_eq!(catalogue_id_for(&catalogue, "no such actor"), None);
    }
}
