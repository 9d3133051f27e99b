//! ACLED's names for actors nobody named: perpetrators described, not
//! named ("gunmen", "des hommes armés") are `Unidentified Armed Group
//! (<country>)`; victims who are civilians are `Civilians (<country>)`;
//! the crowd of a protest or riot is `Protesters (<country>)` or
//! `Rioters (<country>)`, as the ACLED codebook has them.

use std::sync::LazyLock;

use regex::Regex;

use crate::formats::RecordEvent;

/// A perpetrator described without a name.
static UNNAMED_PERPETRATOR: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:(?:the|some|a|an|two|three|several|many|suspected|presumed|alleged|unknown|unidentified|armed|heavily|masked|des|les|deux|trois|plusieurs|présumés?|individus|hommes)\s+)*(?:gun\s*m[ae]n|armed\s+(?:men|man|individuals|groups?|assailants|bandits|elements)|assailants?|attackers?|bandits?|kidnappers?|abductors?|militants|militiamen|jihadists|insurgents|terrorists|individuals|men|arm[ée]s|assaillants|inconnus|ravisseurs|jihadistes|terroristes|bandits\s+armés)$",
    )
    .ok()
});

/// "Fulani militias", "Tiv ethnic militiamen", "Leelkayse clan militia",
/// "Murle raiders": the kind of militia named after the name.
static MILITIA_AFTER: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\s*(?:(ethnic|communal|clan|sub-clan|community)\s+)?(?:militias?|militiam[ae]n|milices?|miliciens|raiders)(?:\b|$)",
    )
    .ok()
});

/// "communal militias from Odejo", "militiamen from the Leelkayse (clan)":
/// a militia named after the place or clan it comes from.
static MILITIA_BEFORE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:militias?|militiam[ae]n|milices?|miliciens)\s+(?:from|of|de|du|des)\s+(?:the\s+|la\s+|le\s+)?$",
    )
    .ok()
});

/// Whether a clan is named right after the name ("the Leelkayse clan",
/// "the Ayr and Saleban sub clans").
static CLAN_AFTER: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"(?i)^\s*(?:sub[- ]?)?clans?(?:\b|$)").ok());

/// "sub-clan of the Habar Gedir clan", "(sous-clan du clan Hawiye)": the
/// clan a sub-clan named before belongs to.
static SUB_CLAN_OF: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"^\s*\(?\s*(?i:sub[- ]?clans?|sous-clans?)\s+(?i:of|du|des|de)\s+(?i:the\s+|la\s+|le\s+)?(?i:clans?\s+)?(\p{Lu}[\w'-]*(?:\s+\p{Lu}[\w'-]*)*)",
    )
    .ok()
});

/// "Mayi Mayi", "Mai-Mai Yakutumba", "Maï-Maï": ACLED's Mayi Mayi groups,
/// with the faction named after them.
static MAYI_MAYI: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"(?i)^ma(?:yi|i|ï)[- ]ma(?:yi|i|ï)(?:\s+(.+))?$").ok());

/// A faction named in brackets after its group: "fighters (Yakutumba)".
static FACTION_IN_BRACKETS: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"^\s*(?:\p{Ll}+\s+)?\(([^()]+)\)").ok());

/// ACLED's name of a Mayi Mayi group: every one of them, the Raia
/// Mutomboki among them, is `Mayi Mayi Militia`, with its faction in
/// brackets where the note names it (`Mayi Mayi Militia (Kifuafua)`,
/// `Mayi Mayi Militia (Raia Mutomboki-Lukoba)`), not a militia of a people
/// or a place. `after` is the text after the name.
pub fn mayi_mayi_name(name: &str, after: &str) -> Option<String> {
    let name = name.trim();
    let faction = if name.to_lowercase().starts_with("raia mutomboki") {
        Some(name.to_owned())
    } else {
        let caps = MAYI_MAYI.as_ref()?.captures(name)?;
        caps.get(1)
            .map(|faction| faction.as_str().to_owned())
            .or_else(|| {
                FACTION_IN_BRACKETS
                    .as_ref()?
                    .captures(after)
                    .and_then(|caps| caps.get(1))
                    .map(|faction| faction.as_str().trim().to_owned())
            })
    };
    Some(match faction {
        Some(faction) => format!("Mayi Mayi Militia ({faction})"),
        None => "Mayi Mayi Militia".to_owned(),
    })
}

/// Between names of militias named together: "Hawadle and Jarer clans",
/// "Sogou et Diallassagou".
static NAME_LIST: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r",\s*(?:and\s+|et\s+)?|\s+(?:and|et)\s+").ok());

/// ACLED's names for militias the catalogue does not hold, named after a
/// people, a place or a clan: `Fulani Ethnic Militia (Nigeria)`, `Odejo
/// Communal Militia (Nigeria)`, `Leelkayse Clan Militia (Somalia)`; each
/// of several named together ("militias from Umumubu and Omor") is one
/// militia. `before` and `after` are the words around the name.
pub fn militia_names(before: &str, name: &str, after: &str, country: &str) -> Option<Vec<String>> {
    let name = name.trim();
    if name.is_empty() || !name.starts_with(char::is_uppercase) {
        return None;
    }
    // A sub-clan is coded under its clan: `Habar Gedir-Ayr Sub-Clan Militia`.
    let clan_of_sub_clan = SUB_CLAN_OF
        .as_ref()
        .and_then(|r| r.captures(after))
        .and_then(|caps| caps.get(1))
        .map(|clan| format!("{}-", clan.as_str()));
    let clan = CLAN_AFTER.as_ref().is_some_and(|r| r.is_match(after));
    let kind = if clan_of_sub_clan.is_some() {
        "Sub-Clan Militia"
    } else if let Some(caps) = MILITIA_AFTER.as_ref().and_then(|r| r.captures(after)) {
        match caps.get(1).map(|m| m.as_str().to_lowercase()).as_deref() {
            Some("communal" | "community") => "Communal Militia",
            Some("clan" | "sub-clan") => "Clan Militia",
            _ if before.to_lowercase().trim_end().ends_with("communal") => "Communal Militia",
            _ => "Ethnic Militia",
        }
    } else if MILITIA_BEFORE.as_ref().is_some_and(|r| r.is_match(before)) {
        if clan {
            "Clan Militia"
        } else {
            "Communal Militia"
        }
    } else if clan {
        "Clan Militia"
    } else {
        return None;
    };
    let names: Vec<&str> = match NAME_LIST.as_ref() {
        Some(list) => list.split(name).filter(|n| !n.is_empty()).collect(),
        None => vec![name],
    };
    Some(
        names
            .into_iter()
            .map(|name| {
                let clan = clan_of_sub_clan.as_deref().unwrap_or_default();
                with_country(&format!("{clan}{name} {kind}"), country)
            })
            .collect(),
    )
}

/// ACLED's name of an unidentified armed group is the country where it
/// acted, whatever country the catalogue entry was found for ("gunmen"
/// in Nigeria's Niger State are Nigeria's, not Niger's).
pub fn unidentified_in(name: &str, country: &str) -> Option<String> {
    (name.starts_with("Unidentified Armed Group") && !country.is_empty())
        .then(|| with_country("Unidentified Armed Group", country))
}

/// The other side of a clash whose two sides were named together ("the
/// Hawadle and Jarer clans battled"): with no target found, the second
/// named of the agents is actor2, as a battle always has two sides.
/// `associates` are actor1's associates, joined by `separator`; returns
/// them and actor2.
pub fn clash_sides(
    event: &RecordEvent,
    associates: String,
    actor2: String,
    separator: &str,
) -> (String, String) {
    if event.event_type != "Battles" || !actor2.is_empty() || associates.is_empty() {
        return (associates, actor2);
    }
    match associates.split_once(separator) {
        Some((other_side, rest)) => (rest.to_owned(), other_side.to_owned()),
        None => (String::new(), associates),
    }
}

/// The ACLED name of a mention with no catalogue entry, if its words or
/// label make it one of ACLED's generic actors.
pub fn generic_name(label: &str, text: &str, country: &str) -> Option<String> {
    let text = text.trim();
    if label == "CIVILIANS" {
        return Some(with_country("Civilians", country));
    }
    let unnamed = UNNAMED_PERPETRATOR
        .as_ref()
        .is_some_and(|r| r.is_match(text));
    (unnamed && label == "ARMED_GROUP").then(|| with_country("Unidentified Armed Group", country))
}

/// Whether a state force's words name its police ("policemen", "police officers").
pub fn is_police(text: &str) -> bool {
    let lower = text.to_lowercase();
    !is_gendarmerie(text)
        && ["police", "officers", "constable"]
            .iter()
            .any(|w| lower.contains(w))
}

/// Whether a facility's words make it a post of the state's forces:
/// "an army post", "a police station", "a gendarmerie post", "le camp
/// militaire".
pub fn is_state_post(text: &str) -> bool {
    let lower = text.to_lowercase();
    [
        "military",
        "army",
        "police",
        "gendarm",
        "militaire",
        "armée",
        "barracks",
        "caserne",
    ]
    .iter()
    .any(|w| lower.contains(w))
}

/// Whether a state force's words name its gendarmerie ("gendarmes", "la
/// gendarmerie"), which ACLED codes as a branch of the military or, in
/// some countries, of the police: `Military Forces of Cameroon (1982-)
/// Gendarmerie`, `Police Forces of Mali (2021-) Gendarmerie`.
pub fn is_gendarmerie(text: &str) -> bool {
    text.to_lowercase().contains("gendarm")
}

/// actor1 and actor2 with the sides the codebook always fills: every
/// event has an actor1 (the crowd of a protest or riot, else an
/// unidentified armed group), and violence against civilians, or looting
/// and destruction of what no named side owns, has civilians as actor2.
pub fn unnamed_sides(
    event: &RecordEvent,
    actor1: String,
    actor2: String,
    country: &str,
) -> (String, String) {
    let crowd = match event.event_type.as_str() {
        "Protests" => Some("Protesters"),
        "Riots" => Some("Rioters"),
        _ => None,
    };
    // A crowd is its own actor, even where the rules took an armed group
    // for it; a state force that met the crowd is the other side, and a
    // protest's actor1 is always its protesters (a party or a union that
    // marched is an associate, not actor1).
    let unnamed = actor1.is_empty() || actor1.starts_with("Unidentified Armed Group");
    let state_force = actor1.starts_with("Military Forces") || actor1.starts_with("Police Forces");
    let (actor1, actor2) = if crowd.is_some() && state_force && actor2.is_empty() {
        (String::new(), actor1)
    } else {
        (actor1, actor2)
    };
    let unnamed = unnamed || state_force || event.event_type == "Protests";
    let actor1 = match (unnamed, crowd) {
        (true, Some(crowd)) => with_country(crowd, country),
        (true, None) if actor1.is_empty() && armed_act(event) => {
            with_country("Unidentified Armed Group", country)
        }
        _ => actor1,
    };
    let actor2 = if actor2.is_empty()
        && (event.event_type == "Violence against civilians" || looting(event))
    {
        with_country("Civilians", country)
    } else if event.sub_type.as_deref() == Some("Peaceful protest") {
        String::new()
    } else {
        actor2
    };
    (actor1, actor2)
}

/// "inter-clan clashes", "affrontements intercommunautaires": a fight
/// between groups of a kind, named by it.
static IDENTITY_FIGHT: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:inter-?|intra-?)?(clan|communal|community|communautaires?|ethnic|ethniques?)(?:-based)?\b")
        .ok()
});

/// The two sides of a battle nobody named, fought between clans,
/// communities or peoples ("inter-clan clashes", "des affrontements
/// intercommunautaires"): both are ACLED's unidentified militia of that
/// kind, `Unidentified Clan Militia (Somalia)`. `context` is the text
/// around the event's trigger.
pub fn identity_fight_sides(
    event: &RecordEvent,
    context: &str,
    actor1: String,
    actor2: String,
    country: &str,
) -> (String, String) {
    let unnamed = actor1.is_empty() || actor1.starts_with("Unidentified Armed Group");
    let kind = IDENTITY_FIGHT
        .as_ref()
        .and_then(|r| r.captures(context))
        .and_then(|caps| caps.get(1))
        .map(|kind| match kind.as_str().to_lowercase().as_str() {
            "clan" => "Clan",
            "ethnic" | "ethnique" | "ethniques" => "Ethnic",
            _ => "Communal",
        });
    match kind {
        Some(kind) if event.event_type == "Battles" && unnamed && actor2.is_empty() => {
            let militia = with_country(&format!("Unidentified {kind} Militia"), country);
            (militia.clone(), militia)
        }
        _ => (actor1, actor2),
    }
}

/// Whether the codebook names a force as the crowd's other side: a protest
/// that a force met ("Protest with intervention", "Excessive force against
/// protesters") or a violent demonstration, where the police or army that
/// faced the rioters is actor2.
pub fn met_by_a_force(event: &RecordEvent) -> bool {
    matches!(
        event.sub_type.as_deref(),
        Some(
            "Protest with intervention"
                | "Excessive force against protesters"
                | "Violent demonstration"
        )
    )
}

/// Whether the event is an act of armed men (political violence, or
/// looting), which an unnamed perpetrator committed; not a coup or an
/// agreement, whose actors a coder names from elsewhere.
fn armed_act(event: &RecordEvent) -> bool {
    matches!(
        event.event_type.as_str(),
        "Battles" | "Violence against civilians" | "Explosions/Remote violence"
    ) || looting(event)
}

/// Whether the event is looting or destruction of property, which always
/// has a victim: civilians where no other owner is named.
fn looting(event: &RecordEvent) -> bool {
    event.sub_type.as_deref() == Some("Looting/property destruction")
}

/// `Civilians (Nigeria)`, or the bare name where the country is unknown.
fn with_country(name: &str, country: &str) -> String {
    if country.is_empty() {
        name.to_owned()
    } else {
        format!("{name} ({country})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn described_perpetrators_are_an_unidentified_armed_group() {
        for text in [
            "gunmen",
            "unknown gunmen",
            "armed men",
            "des hommes armés",
            "suspected bandits",
            "individus armés",
        ] {
            assert_eq!(
                generic_name("ARMED_GROUP", text, "Nigeria").as_deref(),
                Some("Unidentified Armed Group (Nigeria)"),
                "{text}"
            );
        }
        assert_eq!(generic_name("ARMED_GROUP", "Boko Haram", "Nigeria"), None);
        assert_eq!(
            generic_name("CIVILIANS", "three villagers", "Cameroun").as_deref(),
            Some("Civilians (Cameroun)")
        );
    }

    #[test]
    fn militias_named_after_a_people_a_place_or_a_clan() {
        let name = |before: &str, name: &str, after: &str| {
            militia_names(before, name, after, "Mali").map(|names| names.join("; "))
        };
        assert_eq!(
            name("suspected ", "Fulani", " militias attacked").as_deref(),
            Some("Fulani Ethnic Militia (Mali)")
        );
        assert_eq!(
            name("militias from ", "Sogou and Diallassagou", " clashed").as_deref(),
            Some("Sogou Communal Militia (Mali); Diallassagou Communal Militia (Mali)")
        );
        assert_eq!(
            name(
                "militiamen from the ",
                "Ayr and Saleban",
                " sub clans clashed"
            )
            .as_deref(),
            Some("Ayr Clan Militia (Mali); Saleban Clan Militia (Mali)")
        );
        assert_eq!(
            name("des milices de ", "Sogou et Diallassagou", " se sont").as_deref(),
            Some("Sogou Communal Militia (Mali); Diallassagou Communal Militia (Mali)")
        );
        assert_eq!(
            name("des ", "Dogon", " milices ont").as_deref(),
            Some("Dogon Ethnic Militia (Mali)")
        );
        assert_eq!(
            name("", "Sinkarma", " communal militia attacked").as_deref(),
            Some("Sinkarma Communal Militia (Mali)")
        );
        assert_eq!(
            name("communal militias from ", "Sinkarma", " attacked").as_deref(),
            Some("Sinkarma Communal Militia (Mali)")
        );
        assert_eq!(
            name("militiamen from the ", "Ouled", " clan attacked").as_deref(),
            Some("Ouled Clan Militia (Mali)")
        );
        assert_eq!(
            name(
                "militiamen from the ",
                "Abgaal",
                " sub-clan of the Hawiye clan shot"
            )
            .as_deref(),
            Some("Hawiye-Abgaal Sub-Clan Militia (Mali)"),
            "a sub-clan bears its clan's name"
        );
        assert_eq!(
            name(
                "des miliciens du ",
                "Abgaal",
                " (sous-clan du clan Hawiye) ont tiré"
            )
            .as_deref(),
            Some("Hawiye-Abgaal Sub-Clan Militia (Mali)")
        );
        assert_eq!(
            name("suspected ", "Toposa", " raiders attacked a camp").as_deref(),
            Some("Toposa Ethnic Militia (Mali)")
        );
        assert_eq!(
            name("des ", "Toposa", " miliciens ont attaqué").as_deref(),
            Some("Toposa Ethnic Militia (Mali)")
        );
        assert_eq!(name("", "JNIM", " fighters attacked"), None, "no militia");
        assert_eq!(name("", "gunmen", " militias"), None, "no name");
    }

    #[test]
    fn an_unidentified_group_is_named_for_the_country_it_acted_in() {
        assert_eq!(
            unidentified_in("Unidentified Armed Group (Niger)", "Nigeria").as_deref(),
            Some("Unidentified Armed Group (Nigeria)")
        );
        assert_eq!(
            unidentified_in("Unidentified Armed Group (Niger)", "").as_deref(),
            None,
            "no country to name"
        );
        assert_eq!(unidentified_in("Al Shabaab", "Somalia"), None);
    }

    #[test]
    fn mayi_mayi_groups_are_one_militia_named_by_faction() {
        let name = mayi_mayi_name;
        assert_eq!(
            name("Mayi Mayi", " militiamen raided a market").as_deref(),
            Some("Mayi Mayi Militia")
        );
        assert_eq!(
            name("Mai-Mai Yakutumba", " fighters raided").as_deref(),
            Some("Mayi Mayi Militia (Yakutumba)")
        );
        assert_eq!(
            name("Mayi-Mayi", " fighters (Yakutumba) raided").as_deref(),
            Some("Mayi Mayi Militia (Yakutumba)"),
            "a faction in brackets"
        );
        assert_eq!(
            name("Maï-Maï", " (Mazembe) ont pillé").as_deref(),
            Some("Mayi Mayi Militia (Mazembe)")
        );
        assert_eq!(
            name("Raia Mutomboki-Hamakombo", " cadres looted").as_deref(),
            Some("Mayi Mayi Militia (Raia Mutomboki-Hamakombo)"),
            "the Raia Mutomboki are Mayi Mayi"
        );
        assert_eq!(name("CODECO", " fighters (Ituri) raided"), None);
    }

    /// An accepted event of `event_type` with no roles.
    fn event(event_type: &str) -> RecordEvent {
        RecordEvent {
            id: "e1".into(),
            trigger: crate::formats::Offsets { start: 0, end: 1 },
            event_type: event_type.into(),
            sub_type: None,
            roles: std::collections::BTreeMap::new(),
            status: crate::formats::StatusKind::Accepted,
            suggester: None,
            score: None,
        }
    }

    #[test]
    fn the_second_side_named_of_a_clash_is_actor2() {
        let sides = |event_type: &str, associates: &str, actor2: &str| {
            clash_sides(&event(event_type), associates.into(), actor2.into(), "; ")
        };
        assert_eq!(
            sides("Battles", "B; C", ""),
            ("C".to_owned(), "B".to_owned())
        );
        assert_eq!(
            sides("Battles", "B", "D"),
            ("B".to_owned(), "D".to_owned()),
            "a found target stays actor2"
        );
        assert_eq!(
            sides("Violence against civilians", "B", ""),
            ("B".to_owned(), String::new()),
            "an attack has no second side"
        );
    }

    #[test]
    fn a_fight_between_clans_or_communities_nobody_named_is_between_their_militias() {
        let sides = |event_type: &str, context: &str, actor1: &str, actor2: &str| {
            identity_fight_sides(
                &event(event_type),
                context,
                actor1.into(),
                actor2.into(),
                "Mali",
            )
        };
        let both = |name: &str| (name.to_owned(), name.to_owned());
        assert_eq!(
            sides("Battles", "2024, inter-clan clashes erupted in", "", ""),
            both("Unidentified Clan Militia (Mali)")
        );
        assert_eq!(
            sides(
                "Battles",
                "des affrontements intercommunautaires à",
                "Unidentified Armed Group (Mali)",
                ""
            ),
            both("Unidentified Communal Militia (Mali)")
        );
        assert_eq!(
            sides("Battles", "inter-ethnic fighting", "", ""),
            both("Unidentified Ethnic Militia (Mali)")
        );
        assert_eq!(
            sides("Battles", "JNIM clashed with soldiers", "", ""),
            (String::new(), String::new()),
            "no clan, community or people"
        );
        assert_eq!(
            sides("Battles", "inter-clan clashes", "JNIM", ""),
            ("JNIM".to_owned(), String::new()),
            "a named side stays"
        );
        assert_eq!(
            sides(
                "Violence against civilians",
                "clan militiamen killed",
                "",
                ""
            ),
            (String::new(), String::new()),
            "only a fight has two such sides"
        );
    }

    #[test]
    fn posts_of_the_army_police_or_gendarmerie_are_the_states() {
        assert!(is_state_post("an army post"));
        assert!(is_state_post("le poste de gendarmerie"));
        assert!(!is_state_post("the market"));
    }

    #[test]
    fn gendarmes_are_no_police() {
        assert!(is_gendarmerie("les gendarmes"));
        assert!(!is_police("the gendarmerie"));
        assert!(is_police("police officers"));
    }

    #[test]
    fn every_event_has_an_actor1_and_attacks_on_civilians_an_actor2() {
        let event = |event_type: &str, sub_type: &str| RecordEvent {
            id: "e1".into(),
            trigger: crate::formats::Offsets { start: 0, end: 1 },
            event_type: event_type.into(),
            sub_type: Some(sub_type.into()),
            roles: std::collections::BTreeMap::new(),
            status: crate::formats::StatusKind::Accepted,
            suggester: None,
            score: None,
        };
        let attack = event("Violence against civilians", "Attack");
        assert_eq!(
            unnamed_sides(&attack, String::new(), String::new(), "Somalia"),
            (
                "Unidentified Armed Group (Somalia)".to_owned(),
                "Civilians (Somalia)".to_owned()
            )
        );
        let protest = event("Protests", "Peaceful protest");
        assert_eq!(
            unnamed_sides(&protest, String::new(), "police".into(), "Tunisia"),
            ("Protesters (Tunisia)".to_owned(), String::new())
        );
        assert_eq!(
            unnamed_sides(
                &protest,
                "Unidentified Armed Group (Tunisia)".into(),
                String::new(),
                "Tunisia"
            )
            .0,
            "Protesters (Tunisia)",
            "the crowd, not armed men"
        );
        let looting = event("Strategic developments", "Looting/property destruction");
        assert_eq!(
            unnamed_sides(&looting, "Al Shabaab".into(), String::new(), "Somalia").1,
            "Civilians (Somalia)",
            "what is looted or destroyed is the civilians'"
        );
        assert_eq!(
            unnamed_sides(
                &looting,
                "Al Shabaab".into(),
                "Military Forces of Somalia (2017-)".into(),
                "Somalia"
            )
            .1,
            "Military Forces of Somalia (2017-)",
            "a named owner stays"
        );
        let riot = event("Riots", "Mob violence");
        assert_eq!(
            unnamed_sides(&riot, String::new(), String::new(), "").0,
            "Rioters"
        );
        // The force that met the crowd is its other side.
        let force = event("Protests", "Excessive force against protesters");
        assert_eq!(
            unnamed_sides(
                &force,
                "Police Forces of Mali (2021-)".into(),
                String::new(),
                "Mali"
            ),
            (
                "Protesters (Mali)".to_owned(),
                "Police Forces of Mali (2021-)".to_owned()
            )
        );
        assert_eq!(
            unnamed_sides(
                &riot,
                "Military Forces of Niger (2023-)".into(),
                String::new(),
                "Niger"
            ),
            (
                "Rioters (Niger)".to_owned(),
                "Military Forces of Niger (2023-)".to_owned()
            )
        );
        assert_eq!(
            unnamed_sides(&protest, "Teachers' Union".into(), String::new(), "Mali").0,
            "Protesters (Mali)",
            "a protest's actor1 is its protesters"
        );
    }
}
