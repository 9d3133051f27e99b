//! Event triggers: words such as "attacked", "ambush", "took control",
//! "enlevés" mapped to an ACLED event type and sub-type, with roles filled
//! from the mentions of the same sentence.
//!
//! Roles follow the shape of news sentences: the agent is the armed actor
//! named before the trigger (or after "by"/"par"), the target the first
//! actor, facility or civilians after it, the location the nearest place,
//! the time every date of the sentence. Triggers whose type the schema does
//! not have are skipped, so a project that trims the schema gets no strays.

use std::collections::BTreeMap;

use regex::{Regex, RegexSet};

use super::patterns::GAZETTEER_PLACE;
use super::{EventSuggestion, MentionSuggestion, mentions_within};
use crate::model::{Schema, Span};
use crate::text::sentences::Sentences;
use crate::text::words::{find_words, word_regex};

/// Name of this suggester, as recorded in each suggestion's review.
pub const SUGGESTER: &str = "event-trigger";

/// (trigger pattern, event type, sub-type); the first that matches the word wins.
const TRIGGERS: &[(&str, &str, &str)] = &[
    (
        r"suicide\s+(?:attacks?|bomb(?:ing|ings|er|ers)?|car\s+bombs?|vehicle-borne|vests?|belts?)|blew\s+(?:himself|herself|themselves)\s+up|kamikazes?|attentats?[- ]suicides?",
        "Explosions/Remote violence",
        "Suicide bomb",
    ),
    // A kind of weapon named with the attack: "a grenade attack", "a
    // chemical attack", "a rocket attack" (before the generic "attack").
    (
        r"grenades?(?:\s+attacks?)?|(?:hand|stun)\s+grenades?",
        "Explosions/Remote violence",
        "Grenade",
    ),
    (
        r"chemical\s+(?:attacks?|weapons?\s+attacks?)|(?:poison(?:ous)?|toxic|chlorine|sarin|mustard)\s+gas(?:\s+attacks?)?|attaques?\s+chimiques?",
        "Explosions/Remote violence",
        "Chemical weapon",
    ),
    (
        r"(?:rocket|missile|mortar|tank|artillery)\s+(?:attacks?|fire|strikes?)",
        "Explosions/Remote violence",
        "Shelling/artillery/missile attack",
    ),
    (
        r"sexual(?:ly)?\s+(?:assault(?:s|ed)?|abused?|violence)|raped?|raping|gang-raped?|viols?|violée?s?|violences?\s+sexuelles?",
        "Violence against civilians",
        "Sexual violence",
    ),
    (
        r"(?:opened\s+fire|fired|shot)\s+(?:live\s+(?:ammunition|rounds)\s+)?(?:on|at|into)\s+(?:\w+\s+)?(?:protesters|demonstrators|protests?|crowds?)|(?:killed|shot\s+dead)\s+(?:\S+\s+){0,2}?(?:protesters|demonstrators)",
        "Protests",
        "Excessive force against protesters",
    ),
    (
        r"tear\s*gas|water\s+cannons?|rubber\s+bullets|dispersed\s+(?:the\s+)?(?:protesters|demonstrators|crowds?|protests?|sit-ins?)|gaz\s+lacrymog[eè]nes?|dispers(?:é|ée|és|ées)\s+(?:les\s+)?manifestants",
        "Protests",
        "Protest with intervention",
    ),
    (
        r"riots|rioted|rioting|rioters|violent\s+(?:protests?|demonstrations?)|burn(?:ing|ed|t)\s+(?:rubber\s+)?(?:tyres|tires)|émeutes?|émeutiers|brûl(?:é|ant)\s+des\s+pneus",
        "Riots",
        "Violent demonstration",
    ),
    (
        r"(?:angry\s+|irate\s+)?mobs?|lynch(?:ed|ing)|vigilantes?|foules?\s+en\s+col[eè]re|lynchage|lynchée?s?",
        "Riots",
        "Mob violence",
    ),
    (
        r"protest(?:s|ed|ing|ers)?|demonstrat(?:ion|ions|ors|ed)|rall(?:y|ies|ied)|march(?:ed|es)\s+(?:in|through|to|against)|sit-ins?|manifest(?:ation|ations|ants?|é|èrent)|marches?\s+(?:pacifiques?|de\s+protestation)|barricaded|blocked\s+(?:the\s+|a\s+)?(?:\S+\s+){0,2}?(?:roads?|highway|entrance|street|office|offices|RN\s?\d+|N\d+)|gathered\s+(?:in\s+front\s+of|outside)|went\s+on\s+(?:a\s+)?strike|staged\s+a\s+(?:\S+\s+)?(?:strike|march|picket)|picketed|commemorat(?:e|ed|ing)|commémor(?:er|é|ée|és|ant|èrent)|grève|bloqué\s+(?:la\s+)?(?:route|voie)",
        "Protests",
        "Peaceful protest",
    ),
    (
        r"ceasefire|cease-fire|truce|peace\s+(?:agreement|deal|accord|talks)|signed\s+(?:an?\s+)?(?:agreement|accord|deal)|prisoner\s+(?:swap|exchange)|cessez-le-feu|accord\s+de\s+paix|trêve|surrender(?:ed|s)?|laid\s+down\s+(?:their|its|his)\s+(?:arms|weapons)|reddition|(?:ont|a)\s+déposé\s+les\s+armes|(?:se\s+sont|s['’]est)\s+rendue?s?\s+aux\s+(?:autorités|forces|militaires|soldats)",
        "Strategic developments",
        "Agreement",
    ),
    (
        r"(?:set\s+up|established|built|opened)\s+(?:an?\s+)?(?:new\s+)?(?:military\s+)?(?:bases?|posts?|headquarters|outposts?)|(?:installé|établi)\s+(?:une?\s+)?(?:nouvelle?\s+)?(?:base|poste)",
        "Strategic developments",
        "Headquarters or base established",
    ),
    (
        r"defused|(?:seized|recovered|found|discovered|confiscated|intercepted)\s+(?:\S+\s+){0,3}?(?:weapons|arms|ammunition|rifles|firearms|explosives|guns|missiles|rockets|drones|IEDs?|bombs?|grenades)|(?:shot\s+down|intercepted)\s+(?:\S+\s+){0,3}?(?:drones?|missiles?|rockets?)|(?:weapons|arms)\s+caches?|désamorcée?s?|saisie\s+d['’]armes",
        "Strategic developments",
        "Disrupted weapons use",
    ),
    (
        r"(?:air|drone)[ -]?(?:strikes?|raids?)|airstrikes?|aerial\s+bombardments?|warplanes?|fighter\s+jets?|(?:jets?|helicopters?|aircraft)\s+(?:struck|bombed|pounded|targeted|fired)|air\s+missiles|frappes?\s+(?:aériennes?|de\s+drones?)|raids?\s+aériens?|bombardements?\s+aériens?|drone\s+attacks?|bombed|bombarded|bombard(?:é|ée|és|ées)|air\s+forces?\s+(?:reportedly\s+|allegedly\s+)?(?:targeted|struck|bombed|hit|pounded|launched|conducted|carried\s+out)|(?:aviation|armée\s+de\s+l['’]air)\s+a\s+(?:frappé|bombardé|visé)",
        "Explosions/Remote violence",
        "Air/drone strike",
    ),
    (
        r"(?:RC|UV|VB|PB|VO)?IEDs?|(?:improvised\s+)?explosive\s+devices?|roadside\s+bombs?|bombs?\s+(?:exploded|went\s+off|blasts?)|(?:bomb|car\s+bomb)\s+explosions?|(?:ground|land)\s+mines?|(?:land|anti-personnel\s+|anti-tank\s+)mines?|(?:struck|hit|ran\s+over|stepped\s+on)\s+(?:a\s+)?mine|car\s+bombs?|engins?\s+explosifs?(?:\s+improvisés?)?|mines?\s+artisanales?|(?:a|ont)\s+sauté\s+sur\s+(?:une\s+)?mine|véhicules?\s+piégés?",
        "Explosions/Remote violence",
        "Remote explosive/landmine/IED",
    ),
    (
        r"(?:grad|katyusha)\s+(?:missiles?|rockets?)|roquettes?\s+(?:grad|katyusha)|shell(?:ing|ed|s)?|mortars?|rockets?|missiles|artillery(?:\s+fire)?|obus|roquettes?|pilonn(?:é|ée|és|ées|age|ages|ent)|tirs?\s+d['’]artillerie",
        "Explosions/Remote violence",
        "Shelling/artillery/missile attack",
    ),
    (
        r"kidnapp(?:ed|ing|ings)?|abduct(?:ed|ion|ions)?|taken\s+hostage|held\s+hostage|enl[eè]v(?:é|ée|és|ées|ement|ements)|otages?",
        "Violence against civilians",
        "Abduction/forced disappearance",
    ),
    (
        r"massacres?|massacred|atrocities|executed|executions?|exactions|tueries?|exécutions?|exécutés?|summary\s+killings?",
        "Violence against civilians",
        "Attack",
    ),
    (
        r"recaptured|retook|regained\s+control|recovered\s+(?:the\s+)?(?:regions?|areas?|towns?|villages?|territor(?:y|ies))|drove\s+(?:\S+\s+){0,3}?out\s+of|liberated|repris\s+le\s+contrôle|reprise\s+de",
        "Battles",
        "Government regains territory",
    ),
    (
        r"t(?:ook|aken|aking)\s+control|seized(?:\s+control)?|captured|overran|pris\s+le\s+contrôle|prise\s+de\s+contrôle|(?:se\s+sont|s['’]est)\s+emparée?s?",
        "Battles",
        "Non-state actor overtakes territory",
    ),
    (
        r"(?:inter-?clan|inter-?communal|communal|ethnic|clan)(?:-based)?\s+(?:violence|clashes|fighting)|attack(?:s|ed|ing)?|assaults?|assaulted|raids?|raided|ambush(?:es|ed)?|clash(?:es|ed)?|fighting|stormed|offensive|opened\s+fire|attaques?|attaquée?s?|attaquer|assauts?|embuscades?|accrochages?|affrontements?|combats?|(?:ont|a)\s+ouvert\s+le\s+feu|exchange(?:d|s)?\s+(?:of\s+)?(?:gun\s*)?(?:fire|shots)|gun\s*fights?|fire\s*fights?|gun\s+battles?|battled|fought|échanges?\s+de\s+tirs|gun(?:\s*shots|fire)\s+(?:and\s+explosions?\s+)?(?:\S+\s+){0,4}?(?:were|was)\s+(?:reported|heard)|(?:heard|reported)\s+gun(?:\s*shots|fire)|(?:coups\s+de\s+feu|tirs)\s+(?:\S+\s+){0,4}?(?:ont\s+été|a\s+été)\s+entendus",
        "Battles",
        "Armed clash",
    ),
    // Harm done to people: an event of its own only where no other act
    // in the sentence (or the one before) explains it ("the ambush killed
    // eight soldiers"); see `WEAK_SUB_TYPE`.
    (
        r"killed|killing|killings|kiled|kiling|stoned|murder(?:ed|s)?|shot(?:\s+dead)?|shooting|stabbed(?:\s+to\s+death)?|hacked(?:\s+to\s+death)?|beheaded|beat(?:en)?(?:\s+up)?|beating|tortured|wounded|injured|assassinated|assassination|tu(?:é|ée|és|ées|ent|er)|abattue?s?|poignardée?s?|blessée?s?|assassinée?s?|torturée?s?|passée?s?\s+à\s+tabac|meurtres?|assassinats?",
        "Violence against civilians",
        WEAK_SUB_TYPE,
    ),
    (
        r"arrested|arrests?|detained|jailed|apprehended|interpellée?s?|arrêtée?s?|arrestations?",
        "Strategic developments",
        "Arrests",
    ),
    (
        r"loot(?:ed|ing)|plunder(?:ed|ing)|stole|stolen|robbed|rustled|volée?s?|dépouillée?s?|torched|burn(?:ed|t)(?:\s+down)?|set\s+(?:on\s+)?fire(?:\s+to)?|set\s+ablaze|set\s+alight|razed|destroyed|pill(?:é|ée|és|ées|ages?)|incendi(?:é|ée|és|ées)|brûl(?:é|ée|és|ées)|détrui(?:t|te|ts|tes)|saccag(?:é|ée|és|ées)",
        "Strategic developments",
        "Looting/property destruction",
    ),
    (
        r"coups?(?:\s+d['’](?:É|E)tat)?|putsch",
        "Strategic developments",
        "Other",
    ),
];

/// The sub-type of harm done to people ("killed", "shot", "blessés"): an
/// attack, unless its victims are armed (then a clash), and dropped where
/// another act of the same sentence or the one before explains it.
const WEAK_SUB_TYPE: &str = "Attack";

/// The patterns whose events are harm to people (`WEAK_SUB_TYPE`'s class),
/// by position in [`TRIGGERS`].
fn is_harm_pattern(pattern: &str) -> bool {
    pattern.starts_with("killed|")
}

const ARMED: &[&str] = &["ARMED_GROUP", "STATE_FORCE", "FOREIGN_FORCE"];
const TARGETS: &[&str] = &[
    "ARMED_GROUP",
    "STATE_FORCE",
    "FOREIGN_FORCE",
    "CIVILIANS",
    "FACILITY",
    "PERSON",
];

/// The compiled event triggers for one schema; built once.
#[derive(Clone, Debug)]
pub struct EventTriggers {
    any: Regex,
    /// Anchored per-trigger patterns, in priority order, for telling which one matched.
    classes: RegexSet,
    /// Type and sub-type of each pattern of `classes`.
    types: Vec<(&'static str, Option<&'static str>)>,
    /// Whether each pattern of `classes` is harm done to people.
    harm: Vec<bool>,
    /// The words before a passive trigger: "was", "were", "a été".
    passive: Regex,
    /// Words of death, which make a later sentence's count a toll (not the wounded).
    death: Regex,
    /// Words of wounds: a count of the wounded is no toll.
    injury: Regex,
    /// A note's own count of the dead: "Fatalities coded as 10".
    coded_toll: Regex,
    /// The words before a place named as where something happened.
    place_before: Regex,
    /// The words after a place that make it specific: "village", "(Balcad, Middle Shabelle)".
    place_after: Regex,
    /// The words before a town that holds the place named before it: "…
    /// neighbourhood of", "… village near", "… village, west of".
    host_place: Regex,
    /// "… village, " before a town named as such ("Bamenda subdivision").
    apposed_host: Regex,
    /// The words after a place that name it a town: "town", "subdivision".
    town_after: Regex,
    /// Words that put a role filler in another clause: "Mali's army
    /// confirmed Tuesday's attacks" names no attacker. A claim does not
    /// break the clause: "the militants claimed to have taken control" names one.
    clause_break: Regex,
    /// "by"/"par" before an agent.
    by: Regex,
    /// The words between a description and the group it belongs to:
    /// "(présumés) de l'", "of the", "from".
    of_group: Regex,
    /// Triggers of a two-sided fight: "clashed", "exchanged fire", "accrochage".
    reciprocal: Regex,
    /// A crowd as the subject of an act: residents, youths, party supporters.
    crowd: Regex,
    /// The words before a crowd that make it the victims of an act, not
    /// its doers: "killed 8-10 residents", "attacked villagers", "ont tué
    /// trois habitants".
    harmed_before: Regex,
    /// Words that open a clause of its own inside a sentence: an actor
    /// before them is not the subject of a trigger after them.
    subclause: Regex,
    /// Civilians and their places as the object of an attack.
    civilian_words: Regex,
    /// "killing 15 civilians": civilians as the victims.
    civilian_victims: Regex,
    /// Soldiers, armed men and their posts as the object of an attack.
    armed_words: Regex,
    /// "telling AFP Wednesday", "said on Monday": a date that times the
    /// telling, not the event.
    speech_time: Regex,
    /// A trigger that names the act with a noun ("attacks", "l'attaque").
    noun_trigger: Regex,
    /// A noun for any attack, not a particular kind ("the attacks", "l'assaut").
    generic_attack: Regex,
    /// What ends the words before a noun trigger that refers back:
    /// "the (latest) attacks", "Tuesday's attacks", "ces attaques", "l'attaque".
    definite_before: Regex,
    /// A trigger that is a death: "killed", "died", "tué".
    killing_trigger: Regex,
    /// Words that tell another incident: "in a separate incident", "par ailleurs".
    another_incident: Regex,
    /// Armed men firing back: "returned fire", "reacted with gunfire", "ont riposté".
    return_fire: Regex,
    /// A soldier out of service ("off-duty", "retired", "à la retraite"),
    /// whom ACLED counts among civilians.
    off_duty: Regex,
    /// A sentence that opens on the act just told as the subject of a verb
    /// of harm: "The explosion killed …", "L'attaque a tué …".
    act_as_subject: Regex,
    /// A count after the trigger that makes an event cover several acts:
    /// "attacked two military installations".
    several: Regex,
    /// What a sentence tells of a protest beyond its trigger.
    protest: ProtestCues,
    /// A killing told as what set a crowd off: "after a gendarme shot and
    /// killed …", "following the killing of …", "who killed a resident",
    /// "après qu'un policier a tué …".
    cause: Regex,
    roles: Vec<String>,
}

/// The words of a sentence that type a protest as ACLED does: protesters
/// who turn violent make a riot; force that kills, wounds or beats them is
/// excessive force; tear gas, arrests or a dispersal are an intervention.
/// A clash or an arrest in a sentence about protesters is the protest's.
#[derive(Clone, Debug)]
struct ProtestCues {
    protest: Regex,
    violent: Regex,
    force: Regex,
    intervention: Regex,
}

impl ProtestCues {
    fn new() -> Result<Self, regex::Error> {
        Ok(Self {
            protest: Regex::new(
                r"(?i)(?-u:\b)(?:protest|demonstrat|rall(?:y|ies)|sit-in|marche|manifest)",
            )?,
            violent: Regex::new(
                r"(?i)(?-u:\b)(?:turned\s+violent|violent|violence|clash(?:ed|es)?|(?:stone|rock)-throwing|threw|throwing|hurled|projectiles|torched|set\s+fire|light\s+fires|lit\s+fires|vandali[sz]ed|looted|smashed|damaged|pull(?:ed)?\s+down|shut\s+down\s+roads|riots|rioters|rioted|rioting|unrest|burning\s+(?:tyres|tires)|burn(?:t|ed)|destroyed|stoned|stones|retaliat|fir(?:ed|ing)\s+(?:their\s+)?(?:firearms|guns|weapons|shots)|émeutes?|affrontements|heurts|pneus\s+brûlés|brûl(?:é|ant)\s+des\s+pneus|saccag)",
            )?,
            force: Regex::new(
                r"(?i)(?-u:\b)(?:killed|killing|shot\s+dead|died|dead|gunfire|live\s+(?:rounds|bullets|ammunition)|beat(?:s|en|ing)?|batons?|excessive\s+force|brutal(?:ly)?|suppress(?:ed)?|crack(?:ed)?\s+down|injur(?:ed|ies)|wounded|tués?|blessés?|réprim)",
            )?,
            intervention: Regex::new(
                r"(?i)(?-u:\b)(?:tear\s*gas|water\s+cannons?|rubber\s+bullets|arrest(?:ed|s)?|detained|dispers(?:e|ed|al)|broke\s+up|unsanctioned|intervened|gaz\s+lacrymog|interpell|dispers|sont\s+intervenu)",
            )?,
        })
    }

    /// The protest type and sub-type the sentence gives an event of this
    /// type, if it changes it.
    fn retype(
        &self,
        event_type: &str,
        sub_type: Option<&str>,
        sentence: &str,
    ) -> Option<(&'static str, &'static str)> {
        let about_protest = match (event_type, sub_type) {
            ("Protests", _) | ("Riots", Some("Violent demonstration")) => true,
            ("Battles", Some("Armed clash")) | ("Strategic developments", Some("Arrests")) => {
                self.protest.is_match(sentence)
            }
            _ => false,
        };
        if !about_protest {
            return None;
        }
        if self.force.is_match(sentence) && !self.violent.is_match(sentence) {
            Some(("Protests", "Excessive force against protesters"))
        } else if self.violent.is_match(sentence) {
            Some(("Riots", "Violent demonstration"))
        } else if self.force.is_match(sentence) {
            Some(("Protests", "Excessive force against protesters"))
        } else if self.intervention.is_match(sentence) {
            Some(("Protests", "Protest with intervention"))
        } else if event_type == "Protests" {
            None
        } else {
            // A clash or an arrest named beside protesters, nothing else said.
            Some(("Protests", "Protest with intervention"))
        }
    }
}

/// Whether an event is a crowd's: a protest or a riot.
fn is_crowd(event: &EventSuggestion) -> bool {
    matches!(event.event_type.as_str(), "Protests" | "Riots")
}

/// A trigger that refers back to an earlier event ("the attacks",
/// "Tuesday's attacks", "ces attaques") rather than naming a new one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Anaphor {
    pub trigger: Span,
    /// Index of the event it refers to.
    pub antecedent: usize,
}

/// Events with the triggers that refer back to them set apart.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Coreferred {
    pub events: Vec<EventSuggestion>,
    pub anaphors: Vec<Anaphor>,
}

/// The ACLED types of political violence: a generic "attack" may refer to any of them.
const VIOLENT: &[&str] = &[
    "Battles",
    "Violence against civilians",
    "Explosions/Remote violence",
];

/// How many sentences back a note's date, and forward its toll, may be
/// from the act: a note is a few sentences long.
const DATE_REACH_SENTENCES: usize = 4;

/// How far from its trigger a role filler may be, in bytes.
const ROLE_REACH_BYTES: usize = 90;

/// How many events back an anaphor ("the attack") looks for the event it
/// names. A news story has a few dozen at most; the bound keeps a very
/// long text (a corpus pasted as one document) linear rather than
/// quadratic in its events.
const ANTECEDENT_REACH: usize = 64;

impl EventTriggers {
    pub fn new(schema: &Schema) -> Result<Self, regex::Error> {
        let mut alternatives = Vec::new();
        let mut anchored = Vec::new();
        let mut types = Vec::new();
        let mut harm = Vec::new();
        for &(pattern, event_type, sub_type) in TRIGGERS {
            let Some(known) = schema.event_type(event_type) else {
                continue;
            };
            let sub_type = known
                .sub_types
                .iter()
                .any(|s| s == sub_type)
                .then_some(sub_type);
            alternatives.push(format!("(?:{pattern})"));
            anchored.push(format!(r"(?i)^(?:{pattern})$"));
            types.push((event_type, sub_type));
            harm.push(is_harm_pattern(pattern));
        }
        let any = if alternatives.is_empty() {
            Regex::new(r"[^\s\S]")?
        } else {
            // IED and coups are matched case-sensitively via the list order;
            // everything else ignores case.
            word_regex(&format!(r"(?i:{})", alternatives.join("|")))?
        };
        let clause_break = Regex::new(
            r"(?i)(?-u:\b)(?:confirm|said|says|told|telling|according|selon|denied|accuse|reported(?-u:\b)|(?:which|who|qui|but|mais|neither|nor|while)(?-u:\b))|[;:]",
        )?;
        let by = Regex::new(r"(?:^|[\s,])(?:by|par)\s")?;
        let of_group = Regex::new(
            r"(?i)^\s*(?:\p{L}+\s+)?(?:of|from|de|du|des|de\s+la|de\s+l['’]|d['’])\s*(?:the\s+)?$",
        )?;
        let reciprocal = Regex::new(
            r"(?i)^(?:(?:inter-?clan|inter-?communal|communal|ethnic|clan)|clash|fought|fighting|battled|gun\s*(?:battle|fight)|fire\s*fight|exchange|accrochage|affrontement|combats?$|échanges?|(?:heard|reported)\s+gun|gun(?:\s*shots|fire)\s|(?:coups\s+de\s+feu|tirs)\s)",
        )?;
        let crowd = Regex::new(
            r"(?i)(?-u:\b)(?:residents|inhabitants|community\s+members|members\s+of\s+the\s+community|youths?|locals|local\s+people|villagers|mobs?|crowds?|traders|vendors|supporters|party\s+members|members\s+of\s+(?:the\s+)?(?:\S+\s+){0,3}part(?:y|ies)|prisoners|inmates|students|demonstrators|protesters|rioters|a\s+group\s+of\s+(?:people|men|women|youths?|locals|residents)|habitants|jeunes|foule|manifestants|villageois)(?-u:\b)",
        )?;
        let subclause = Regex::new(
            r"(?i)(?-u:\b)(?:after|before|when|as|since|because|until|once|then|après|avant|lorsque|quand|alors)(?-u:\b)",
        )?;
        let civilian_words = Regex::new(
            r"(?i)(?:^|[^\p{L}])(?:civilians?|villag(?:e|es|ers)|market|mosque|church|school|wedding|displaced|refugees|passengers|worshippers|pupils|teachers|farmers|herders|traders|miners|aid\s+workers|humanitarian|NGO|hospital|health\s+cent|civils|villageois|march[ée]|mosqu[ée]e|[ée]glise|[ée]cole|mariage|déplacés|réfugiés|passagers|fidèles|élèves|enseignants|agriculteurs|éleveurs|commerçants|orpailleurs|humanitaires|ONG|hôpital|centre\s+de\s+santé|residents|pastoralists?|cattle\s+camps?|trucks?|vehicles?|houses?|homes?|shops?|offices?|communit(?:y|ies)|leaders?|herders?|prisoners?|journalists?|students?|women|children|famil(?:y|ies)|chiefs?|habitants|camions?|maisons?|boutiques?|bergers?|chefs?)",
        )?;
        let civilian_victims = Regex::new(
            r"(?i)(?-u:\b)(?:killing|wounding|killed|wounded|injured|tuant|blessant|faisant|tué|blessé)\s+(?:\S+\s+){0,4}?(?:civilians|villagers|residents|people|pastoralists?|herders?|farmers?|civils|villageois|habitants|personnes|bergers|éleveurs)",
        )?;
        let armed_words = Regex::new(
            r"(?i)(?-u:\b)(?:soldiers?\b|troops|army|military|militar|police|gendarm|patrol|convoy\s+of\s+(?:soldiers|troops)|checkpoint|barracks|base|outpost|post\b|positions|militants?\b|jihadists?\b|fighters?\b|soldats?\b|armée|poste|patrouille|camp\s+militaire|caserne|combattants?\b|jihadistes?\b|FAMa|VDP|FDS)",
        )?;
        let speech_time = Regex::new(
            r"(?i)(?-u:\b)(?:told|telling|tells|tell|said|says|a\s+déclaré|ont\s+déclaré)(?:\s+(?:AFP|Reuters|RFI|the\s+AP|reporters|journalists|à\s+l['’]AFP|à\s+RFI))?\s+(?:on\s+|le\s+)?$",
        )?;
        let nouns = r"attacks?|assaults?|raids?|ambush(?:es)?|clash(?:es)?|offensive|fighting|massacres?|killings?|abductions?|kidnappings?|(?:air|drone)[ -]?strikes?|airstrikes?|bombings?|shelling|attaques?|assauts?|embuscades?|accrochages?|affrontements?|combats?|enl[eè]vements?|tueries?|frappes?|bombardements?|exactions|exécutions?|attentats?|pillages?";
        let noun_trigger = Regex::new(&format!(r"(?i)^(?:{nouns})(?:\s+\S+)?$"))?;
        let generic_attack = Regex::new(r"(?i)^(?:attacks?|assaults?|raids?|attaques?|assauts?)$")?;
        let definite_before = Regex::new(
            r"(?i)(?:(?:^|[^\p{L}])(?:the|these|those|this|that|both|such|its|their|ces|cette|cet|ce|les|la|le|leurs?|ses|sa|son|du|aux?)\s+|(?:^|[^\p{L}])l['’]|\p{L}['’]s\s+)(?:(?:latest|last|recent|deadly|twin|two|three|double|coordinated|new|earlier|previous|same|dernières?|derniers?|récentes?|récents?|meurtrières?|meurtriers?|deux|trois|doubles?|nouvelles?|mêmes?|précédentes?)\s+){0,2}$",
        )?;
        let killing_trigger = Regex::new(
            r"(?i)^(?:killed|killing|shot\s+dead|died|murdered|executed|beheaded|tu[ée]e?s?|abattue?s?|exécutée?s?)$",
        )?;
        let another_incident = Regex::new(
            r"(?i)(?-u:\b)(?:separate|another|elsewhere|meanwhile|the\s+(?:next|following|previous)\s+day|autre|séparée?|par\s+ailleurs|le\s+lendemain|la\s+veille)(?-u:\b)",
        )?;
        let return_fire = Regex::new(
            r"(?i)(?-u:\b)(?:returned\s+(?:gun)?fire|(?:reacted|responded|retaliated)\s+with\s+(?:heavy\s+)?(?:gun)?(?:fire|firing|shots)|(?:repelled|repulsed)\s+by|confronted|fought\s+back|engaged\s+in\s+a\s+gun\s*battle|repoussée?s?\s+par|opened\s+(?:gun)?fire\s+in\s+response|exchange[sd]?\s+(?:of\s+)?(?:heavy\s+)?(?:gun)?fire|(?:a|ont)\s+riposté|ripost[ée]|échange\s+de\s+tirs)",
        )?;
        let off_duty = Regex::new(
            r"(?i)(?-u:\b)(?:off[- ]duty|retired|à\s+la\s+retraite|retraités?)(?-u:\b)",
        )?;
        let act_as_subject = Regex::new(
            r"(?i)^\s*(?:the|this|that|cette|cet|ce|l['’])\s*(?:(?:IED|roadside|suicide|car|bomb|grenade|mortar|deadly|twin|first|second)\s+)?(?:explosions?|blasts?|attacks?|ambush|assault|shelling|(?:air\s*)?strikes?|bombings?|bombardments?|raids?|clash(?:es)?|fighting|incident|attaques?|embuscade|assaut|frappes?|affrontements?|combats|bombardements?)\s+(?:(?:also|reportedly|then)\s+)?(?:(?:a|ont|have|has|had)\s+)?(?:killed|left|injured|wounded|claimed|caused|tué|fait|blessé|coûté)",
        )?;
        let several = Regex::new(
            r"(?i)(?-u:\b)(?:two|three|four|five|several|multiple|both|twin|deux|trois|quatre|cinq|plusieurs|simultan)",
        )?;
        Ok(Self {
            protest: ProtestCues::new()?,
            cause: Regex::new(
                r"(?i)(?-u:\b)(?:(?:after|following|over|against|in\s+(?:reaction|response|retaliation)\s+(?:to|for)|après|suite\s+(?:à|au|aux)|en\s+(?:réaction|représailles)\s+(?:à|au|aux)|contre)\s+(?:\S+\s+){0,6}?(?:killed|kiled|killing|shot|murder(?:ed)?|death|tu(?:é|ée|és|ées)|mort|meurtre|assassinat|assassinée?)|(?:who\s+(?:had\s+)?(?:killed|kiled|murdered|shot)|qui\s+(?:avai(?:en)?t|ont|a)\s+tué))",
            )?,
            any,
            by,
            of_group,
            reciprocal,
            crowd,
            harmed_before: Regex::new(
                r"(?i)(?-u:\b)(?:killed|kiled|killing|murdered|attacked|abducted|kidnapped|injured|wounded|shot|beat|beaten|tu(?:é|ée|és|ées|ant)|attaqu(?:é|ée|és|ées|ant)|enlev(?:é|ée|és|ées|ant)|bless(?:é|ée|és|ées|ant))\s+(?:(?:at\s+least|au\s+moins|some|about|around)\s+)?(?:\S+\s+)?$",
            )?,
            subclause,
            speech_time,
            noun_trigger,
            generic_attack,
            definite_before,
            act_as_subject,
            off_duty,
            killing_trigger,
            another_incident,
            return_fire,
            several,
            civilian_words,
            civilian_victims,
            armed_words,
            classes: RegexSet::new(anchored)?,
            types,
            harm,
            death: Regex::new(
                r"(?i)(?-u:\b)(?:kill|kiled|dead|die|death|fatalit|toll|range|vari|tu[éeè]|mort|décès|péri|bodies|lost\s+their\s+lives)",
            )?,
            injury: Regex::new(r"(?i)(?-u:\b)(?:injur|wound|hurt|bless)")?,
            coded_toll: Regex::new(r"(?i)(?-u:\b)coded\s+as\s")?,
            place_before: Regex::new(
                r"(?i)(?:^|[^\p{L}])(?:in|at|near|outside|around|of|from|into|to|à|dans|près\s+de|aux\s+environs\s+de|vers|de)\s+(?:the\s+|la\s+|le\s+)?(?:(?:village|town|city|area|locality|district|commune|vicinity|outskirts|localité|ville|commune)\s+(?:of|de|d['’])\s+)?$",
            )?,
            host_place: Regex::new(
                r"(?i)(?:^|[^\p{L}])(?:village|neighbo(?:u)?rhood|settlement|market|area|quarter|hamlet|camp|prison|mall|hospital|school|university|quartier|hameau)\s*,?\s+(?:(?:(?:just\s+)?(?:north|south|east|west|north-east|north-west|south-east|south-west)\s+of)|of|in|near|outside|on\s+the\s+outskirts\s+of|de|du|près\s+de)\s+(?:the\s+)?$",
            )?,
            apposed_host: Regex::new(
                r"(?i)(?:^|[^\p{L}])(?:village|neighbo(?:u)?rhood|settlement|quarter|hamlet|quartier|hameau)\s*,\s*$",
            )?,
            town_after: Regex::new(
                r"(?i)^\s*(?:town|city|subdivision|municipality|commune|ville)(?-u:\b)",
            )?,
            place_after: Regex::new(
                r"(?i)^\s*(?:\(|(?:village|town|city|district|area|locality|neighbo(?:u)?rhood|settlement|camp|commune|LGA|quarter|market|junction|subdivision|municipality)(?-u:\b))",
            )?,
            passive: Regex::new(
                r"(?i)(?:^|\s)(?:was|were|been|being|is|are|got|été)\s+(?:\S+\s+)?$",
            )?,
            clause_break,
            roles: schema.roles.iter().map(|r| r.name.clone()).collect(),
        })
    }

    /// Events for the triggers of `text`, roles pointing into `mentions`.
    pub fn suggest(
        &self,
        text: &str,
        sentences: &Sentences,
        mentions: &[MentionSuggestion],
    ) -> Vec<EventSuggestion> {
        let mut events: Vec<EventSuggestion> = Vec::new();
        // Per event: whether it is harm done to people, and its sentence.
        let mut kinds: Vec<(bool, usize)> = Vec::new();
        for m in find_words(&self.any, text) {
            let class = self.classes.matches(m.as_str()).into_iter().next();
            let Some(&(event_type, sub_type)) = class.and_then(|i| self.types.get(i)) else {
                continue;
            };
            let harm = class.and_then(|i| self.harm.get(i)).copied() == Some(true);
            let trigger = m.span;
            // A trigger inside a mention ("military camp" is not an attack,
            // "Al-Qaeda-linked" names no event) is part of that name; a
            // word taken alone for a name ("IED") is still the act.
            let starting_before =
                mentions.partition_point(|x| x.span.start_byte < trigger.end_byte);
            let in_mention = mentions[..starting_before]
                .iter()
                .rev()
                .take(32)
                .any(|mention| {
                    mention.span.contains(trigger)
                        && (mention.span != trigger || mention.actor.is_some())
                });
            if in_mention {
                continue;
            }
            let index = sentences.index_of(trigger.start_byte);
            if harm && self.explained(&events, &kinds, index) {
                continue;
            }
            let sentence = sentences.span(sentences.index_of(trigger.start_byte));
            let mut event = EventSuggestion {
                trigger,
                event_type: event_type.to_owned(),
                sub_type: sub_type.map(str::to_owned),
                roles: BTreeMap::new(),
                suggester: SUGGESTER,
                score: 0.6,
            };
            self.fill_roles(text, &mut event, sentence, mentions);
            if harm {
                // "… attacked a base. The militants claimed to have killed
                // five soldiers.": harm done by a side of the act just told
                // is its outcome, not an act of its own.
                let outcome = event
                    .roles
                    .get("agent")
                    .and_then(|a| a.first())
                    .is_some_and(|&agent| {
                        events
                            .iter()
                            .zip(&kinds)
                            .rev()
                            .take_while(|(_, k)| k.1 + 1 >= index)
                            .filter(|(e, _)| VIOLENT.contains(&e.event_type.as_str()))
                            .any(|(e, _)| {
                                ["agent", "target"]
                                    .iter()
                                    .filter_map(|role| e.roles.get(*role))
                                    .flatten()
                                    .any(|&side| same_referent(text, mentions, side, agent))
                            })
                    });
                if outcome {
                    continue;
                }
                if event.roles.contains_key("agent")
                    || !self.explained(&events, &kinds, index.saturating_sub(1))
                    || index == 0
                {
                    self.type_harm(text, &mut event, sentence, mentions);
                } else {
                    continue;
                }
            }
            if is_crowd(&event)
                && self.joins_crowd(text, sentences, mentions, &events, &kinds, index)
            {
                continue;
            }
            // "… demonstrated in Goma. The police intervened and arrested
            // ten.": what the next sentence tells of the protest types it.
            if event.event_type == "Protests"
                && event.sub_type.as_deref() == Some("Peaceful protest")
                && index + 1 < sentences.len()
                && let Some(next) = sentences.span(index + 1).text(text)
                && let Some((event_type, sub_type)) =
                    self.protest
                        .retype("Protests", Some("Peaceful protest"), next)
            {
                event_type.clone_into(&mut event.event_type);
                event.sub_type = Some(sub_type.to_owned());
            }
            // Property burnt or wrecked by a crowd, tyres burnt, are its
            // riot, not an event of its own.
            let tyres = trigger.text(text).is_some_and(|words| {
                words.contains("tyre") || words.contains("tire") || words.contains("pneu")
            });
            let by_crowd = (event.sub_type.as_deref() == Some("Looting/property destruction")
                || tyres)
                && events
                    .iter()
                    .zip(&kinds)
                    .rev()
                    .take_while(|(_, k)| k.1 == index)
                    .any(|(e, _)| matches!(e.event_type.as_str(), "Riots" | "Protests"));
            if by_crowd {
                continue;
            }
            self.crowd_riot(text, &mut event, sentence);
            if !event.roles.contains_key("time") {
                // A note dates its first sentence only: a later sentence's
                // act takes the last full date before it ("On 3 March
                // 2021"), never a relative one ("this morning").
                // Within a note's length: a long text is not searched back to its start.
                let from = sentences
                    .span(index.saturating_sub(DATE_REACH_SENTENCES))
                    .start_byte;
                let earlier = mentions_within(mentions, Span::new(from, sentence.start_byte));
                let full_date = |i: usize| {
                    mentions[i].label == "DATE"
                        && mentions[i].span.text(text).is_some_and(is_full_date)
                };
                if let Some(date) = earlier.rev().find(|&i| full_date(i))
                    && self.roles.iter().any(|r| r == "time")
                {
                    event.roles.insert("time".to_owned(), vec![date]);
                }
            }
            events.push(event);
            kinds.push((harm, index));
        }
        self.fired_back(text, sentences, &mut events, &kinds);
        self.later_tolls(text, sentences, mentions, &mut events, &kinds);
        events
    }

    /// Whether a protest or a riot in sentence `index` is the crowd of an
    /// event just told: two words for one crowd in a sentence
    /// ("held a protest sit-in", "protested and blocked the road"), or the
    /// next sentence telling more of it without a place of its own ("They
    /// blocked the entrance", "The police dispersed the demonstration").
    /// ACLED codes a crowd once for its place and day.
    fn joins_crowd(
        &self,
        text: &str,
        sentences: &Sentences,
        mentions: &[MentionSuggestion],
        events: &[EventSuggestion],
        kinds: &[(bool, usize)],
        index: usize,
    ) -> bool {
        let sentence = sentences.span(index);
        let told_apart = || {
            mentions_within(mentions, sentence).any(|i| mentions[i].label == "LOCATION")
                || sentence
                    .text(text)
                    .is_some_and(|words| self.another_incident.is_match(words))
        };
        events
            .iter()
            .zip(kinds)
            .rev()
            .take_while(|(_, k)| k.1 + 1 >= index)
            .any(|(e, k)| is_crowd(e) && (k.1 == index || !told_apart()))
    }

    /// A grenade, a bomb or an attack whose targets or armed men fight
    /// back, in its sentence or the next ("Police reacted with gunfire",
    /// "before being repelled by security forces", "les soldats ont
    /// riposté"), is an armed clash, as ACLED codes a fight.
    fn fired_back(
        &self,
        text: &str,
        sentences: &Sentences,
        events: &mut [EventSuggestion],
        kinds: &[(bool, usize)],
    ) {
        for (event, &(_, sentence)) in events.iter_mut().zip(kinds) {
            let thrown_or_planted = event.event_type == "Explosions/Remote violence"
                && matches!(
                    event.sub_type.as_deref(),
                    Some("Grenade" | "Remote explosive/landmine/IED")
                );
            let attack = event.event_type == "Violence against civilians"
                && event.sub_type.as_deref() == Some("Attack");
            if !thrown_or_planted && !attack {
                continue;
            }
            let last = (sentence + 1).min(sentences.len().saturating_sub(1));
            let end = sentences.span(last).end_byte.max(event.trigger.end_byte);
            if text
                .get(event.trigger.end_byte..end)
                .is_some_and(|after| self.return_fire.is_match(after))
            {
                "Battles".clone_into(&mut event.event_type);
                event.sub_type = Some("Armed clash".to_owned());
            }
        }
    }

    /// A toll told after its act ("… attacked a post. Two soldiers were
    /// killed.") belongs to the events of the last sentence with an act
    /// before it, when they have none and no other act of violence stands
    /// between (an arrest or a seizure told in between does not). A note's
    /// own count ("Fatalities coded as 10") is the toll of every event it
    /// follows within a note's length, whatever else was found.
    fn later_tolls(
        &self,
        text: &str,
        sentences: &Sentences,
        mentions: &[MentionSuggestion],
        events: &mut [EventSuggestion],
        kinds: &[(bool, usize)],
    ) {
        if !self.roles.iter().any(|r| r == "fatalities") {
            return;
        }
        for at in 0..events.len() {
            let sentence = kinds[at].1;
            let last = (sentence + DATE_REACH_SENTENCES).min(sentences.len().saturating_sub(1));
            let from = sentences.span(sentence).end_byte;
            let reach_end = sentences.span(last).end_byte.max(from);
            let stated = mentions_within(mentions, Span::new(from, reach_end)).find(|&i| {
                mentions[i].label == "FATALITIES" && self.is_coded_toll(text, i, mentions)
            });
            if let Some(stated) = stated {
                events[at]
                    .roles
                    .insert("fatalities".to_owned(), vec![stated]);
                continue;
            }
            if events[at].roles.contains_key("fatalities") {
                continue;
            }
            // The next act of violence told in a later sentence. One told
            // after a toll with no doer of its own ("1 guard was killed and
            // 3 abducted") is more of what the act before did.
            let next_sentence = (at + 1..events.len())
                .take_while(|&j| kinds[j].1 <= last)
                .find(|&j| {
                    kinds[j].1 > sentence
                        && events[j].event_type != "Strategic developments"
                        && !self.outcome_after_toll(sentences, mentions, &events[j], kinds[j].1)
                })
                .map_or(usize::MAX, |j| kinds[j].1);
            // The toll comes within a few sentences, before the next act.
            let to = if next_sentence <= last {
                sentences.span(next_sentence).start_byte
            } else {
                reach_end
            };
            let tolls: Vec<usize> = mentions_within(mentions, Span::new(from, to.max(from)))
                .filter(|&i| {
                    let span = sentences.span(sentences.index_of(mentions[i].span.start_byte));
                    mentions[i].label == "FATALITIES"
                        && span.text(text).is_some_and(|t| self.death.is_match(t))
                        && self.is_toll_of_dead(text, mentions[i].span, span)
                })
                .collect();
            // The counts of the toll's sentence, which may add up ("forty
            // soldiers and eight militants were killed").
            if let Some(&first) = tolls.first() {
                let toll_sentence = sentences.index_of(mentions[first].span.start_byte);
                let counts = tolls
                    .iter()
                    .copied()
                    .filter(|&i| sentences.index_of(mentions[i].span.start_byte) == toll_sentence)
                    .collect();
                events[at].roles.insert("fatalities".to_owned(), counts);
            }
        }
    }

    /// Whether `event`, in sentence `index`, has no doer and follows a count
    /// of the dead in its sentence: "1 guard was killed and 3 abducted",
    /// "deux soldats ont été tués et trois enlevés".
    fn outcome_after_toll(
        &self,
        sentences: &Sentences,
        mentions: &[MentionSuggestion],
        event: &EventSuggestion,
        index: usize,
    ) -> bool {
        let sentence = sentences.span(index);
        !event.roles.contains_key("agent")
            && mentions_within(
                mentions,
                Span::new(sentence.start_byte, event.trigger.start_byte),
            )
            .any(|i| mentions[i].label == "FATALITIES")
    }

    /// Whether a count is a note's own count of the dead: "Fatalities
    /// coded as 10", "coded as 3".
    fn is_coded_toll(&self, text: &str, index: usize, mentions: &[MentionSuggestion]) -> bool {
        mentions[index]
            .span
            .text(text)
            .is_some_and(|words| self.coded_toll.is_match(words))
    }

    /// Whether the count at `span` is of the dead, not of the wounded: the
    /// words after it in its clause ("… were killed", "… were injured"),
    /// else the last verb of harm before it ("injuring four people",
    /// "killing two"). A count that says neither is taken as a toll.
    fn is_toll_of_dead(&self, text: &str, span: Span, sentence: Span) -> bool {
        if span
            .text(text)
            .is_some_and(|words| self.death.is_match(words))
        {
            return true;
        }
        let mut after_end = (span.end_byte + 60)
            .min(sentence.end_byte)
            .max(span.end_byte);
        while !text.is_char_boundary(after_end) {
            after_end -= 1;
        }
        let after = text.get(span.end_byte..after_end).unwrap_or_default();
        let after = after
            .find([',', '.', ';'])
            .into_iter()
            .chain(after.find(" and "))
            .chain(after.find(" et "))
            .min()
            .map_or(after, |cut| &after[..cut]);
        if self.death.is_match(after) {
            return true;
        }
        if self.injury.is_match(after) {
            return false;
        }
        let mut before_start = span.start_byte.saturating_sub(48).max(sentence.start_byte);
        while !text.is_char_boundary(before_start) {
            before_start += 1;
        }
        let before = text
            .get(before_start..span.start_byte.max(before_start))
            .unwrap_or_default();
        // "attacked four soldiers", "abducted 6 civilians": the count is
        // the object of another act.
        let verb_before = before.split_whitespace().next_back().unwrap_or_default();
        if verb_before.ends_with("ed")
            && !self.death.is_match(verb_before)
            && !self.injury.is_match(verb_before)
        {
            return false;
        }
        let last_death = self.death.find_iter(before).last().map(|m| m.start());
        let last_injury = self.injury.find_iter(before).last().map(|m| m.start());
        match (last_death, last_injury) {
            (_, None) => true,
            (None, Some(_)) => false,
            (Some(death), Some(injury)) => death > injury,
        }
    }

    /// Whether sentence `index` already holds an event that harm named
    /// there would be the outcome of ("ambushed … killing eight", "shot
    /// and killed").
    fn explained(&self, events: &[EventSuggestion], kinds: &[(bool, usize)], index: usize) -> bool {
        events
            .iter()
            .zip(kinds)
            .rev()
            .take_while(|(_, (_, at))| *at >= index)
            .any(|(_, (_, at))| *at == index)
    }

    /// Violence by a crowd no armed group leads ("residents beat up a
    /// gendarme", "party supporters clashed with …") is a riot: mob
    /// violence, whose actor1 is the rioters.
    fn crowd_riot(&self, text: &str, event: &mut EventSuggestion, sentence: Span) {
        let violent = matches!(
            event.event_type.as_str(),
            "Battles" | "Violence against civilians"
        ) || event.sub_type.as_deref() == Some("Looting/property destruction");
        let subject = self.subject_window(text, event.trigger, sentence);
        // The crowd in the trigger's own clause ("residents telling AFP
        // that … came under assault" names no assailant).
        let crowd_subject = self.crowd.find_iter(subject).last().is_some_and(|crowd| {
            !self.clause_break.is_match(&subject[crowd.end()..])
                && !self.harmed_before.is_match(&subject[..crowd.start()])
        });
        if violent
            && crowd_subject
            && !event.roles.contains_key("agent")
            && !self.is_passive(text, event.trigger, sentence)
        {
            "Riots".clone_into(&mut event.event_type);
            event.sub_type = Some("Mob violence".to_owned());
        }
    }

    /// Harm done to armed men is a clash; to anyone else an attack.
    fn type_harm(
        &self,
        text: &str,
        event: &mut EventSuggestion,
        sentence: Span,
        mentions: &[MentionSuggestion],
    ) {
        let target = event
            .roles
            .get("target")
            .and_then(|t| t.first())
            .map(|&t| &mentions[t]);
        let out_of_service =
            self.off_duty
                .is_match(self.object_window(text, event.trigger, sentence))
                || self
                    .off_duty
                    .is_match(self.subject_window(text, event.trigger, sentence));
        // The soldier out of service is harmed as a civilian, not as his force.
        if out_of_service && target.is_some_and(|t| ARMED.contains(&t.label.as_str())) {
            event.roles.remove("target");
        }
        let armed = match target {
            _ if out_of_service => false,
            Some(t) if t.label == "CIVILIANS" => false,
            Some(t) if ARMED.contains(&t.label.as_str()) => true,
            _ if self.is_passive(text, event.trigger, sentence) => self
                .armed_words
                .is_match(self.subject_window(text, event.trigger, sentence)),
            // "killed two policemen at a checkpoint": the victims come first.
            _ => self.armed_object(text, event.trigger, sentence),
        };
        let (event_type, sub_type) = if armed {
            ("Battles", "Armed clash")
        } else {
            ("Violence against civilians", WEAK_SUB_TYPE)
        };
        event_type.clone_into(&mut event.event_type);
        event.sub_type = Some(sub_type.to_owned());
    }

    /// Whether the trigger is a passive verb: "was shot", "a été tué".
    fn is_passive(&self, text: &str, trigger: Span, sentence: Span) -> bool {
        self.passive
            .is_match(self.subject_window(text, trigger, sentence))
    }

    /// The words of the sentence before `trigger`, within reach.
    fn subject_window<'t>(&self, text: &'t str, trigger: Span, sentence: Span) -> &'t str {
        let mut from = trigger
            .start_byte
            .saturating_sub(ROLE_REACH_BYTES)
            .max(sentence.start_byte);
        while !text.is_char_boundary(from) {
            from += 1;
        }
        text.get(from..trigger.start_byte).unwrap_or_default()
    }

    /// End of a "by"/"par" that follows `trigger` in its clause, within reach.
    fn agent_after_by(&self, text: &str, trigger: Span, sentence: Span) -> Option<usize> {
        let window = self.object_window(text, trigger, sentence);
        let at = self.by.find(window)?;
        Some(trigger.end_byte + at.end())
    }

    /// The text after `trigger` up to the end of its clause, within reach.
    fn object_window<'t>(&self, text: &'t str, trigger: Span, sentence: Span) -> &'t str {
        let mut end = (trigger.end_byte + ROLE_REACH_BYTES).min(sentence.end_byte);
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let window = text.get(trigger.end_byte..end).unwrap_or_default();
        let clause_end = self
            .clause_break
            .find(window)
            .map_or(window.len(), |m| m.start());
        &window[..clause_end]
    }

    /// Whether the words after the trigger are civilians or their places:
    /// "attacked villagers", "a attaqué le marché".
    fn civilian_object(&self, text: &str, trigger: Span, sentence: Span) -> bool {
        let window = self.object_window(text, trigger, sentence);
        // Civilian words further on in the sentence count too when they are
        // the victims: "…, killing 15 civilians".
        let rest = text
            .get(trigger.end_byte..sentence.end_byte)
            .unwrap_or_default();
        self.civilian_words.is_match(window) || self.civilian_victims.is_match(rest)
    }

    /// Whether the words after the trigger are soldiers or their posts.
    fn armed_object(&self, text: &str, trigger: Span, sentence: Span) -> bool {
        let window = self.object_window(text, trigger, sentence);
        let civilian = self
            .civilian_words
            .find(window)
            .map_or(usize::MAX, |m| m.start());
        self.armed_words
            .find(window)
            .is_some_and(|m| m.start() < civilian)
    }

    /// Whether the date at `date` times a telling ("residents telling AFP
    /// Wednesday"), not the event.
    fn times_speech(&self, text: &str, sentence: Span, date: Span) -> bool {
        let mut from = date.start_byte.saturating_sub(48).max(sentence.start_byte);
        while !text.is_char_boundary(from) {
            from += 1;
        }
        text.get(from..date.start_byte)
            .is_some_and(|head| self.speech_time.is_match(head))
    }

    /// Sets apart the triggers of `events` (in text order) that refer back
    /// to an earlier event, and gives their antecedents the fillers they lack.
    ///
    /// A trigger refers back when it is a noun with a definite or possessive
    /// word before it ("the attacks", "Tuesday's attacks", "ces
    /// attaques", "l'attaque de mardi"), or a generic "assault"/"attack" in
    /// the sentence of an earlier event of the same type at the same place
    /// ("… attacked two military installations in Mali … both areas came
    /// under serious assault"); and when an earlier event of a compatible
    /// type has no filler that contradicts its own (another place, another
    /// named actor). A singular anaphor refers to the nearest such event. A
    /// plural one may sum up several: it refers to the most recent
    /// *umbrella* event, that is the article's first event, an event over
    /// several targets ("two military installations"), or one an earlier
    /// plural anaphor referred to; the nearest event where none fits.
    pub fn corefer(
        &self,
        text: &str,
        sentences: &Sentences,
        mentions: &[MentionSuggestion],
        events: Vec<EventSuggestion>,
    ) -> Coreferred {
        let mut out = Coreferred::default();
        let mut umbrellas: Vec<bool> = Vec::new();
        for event in events {
            let antecedent =
                self.antecedent(text, sentences, mentions, &event, &out.events, &umbrellas);
            let Some((antecedent, plural)) = antecedent else {
                let sentence = sentences.span(sentences.index_of(event.trigger.start_byte));
                let window = self.object_window(text, event.trigger, sentence);
                umbrellas.push(out.events.is_empty() || self.several.is_match(window));
                out.events.push(event);
                continue;
            };
            if plural {
                umbrellas[antecedent] = true;
            }
            let target = &mut out.events[antecedent];
            for (role, fillers) in event.roles {
                let fillers: Vec<usize> = fillers
                    .into_iter()
                    .filter(|&i| {
                        // Only what sits close to the anaphor is about it.
                        let span = mentions[i].span;
                        span.start_byte.abs_diff(event.trigger.end_byte) <= ROLE_REACH_BYTES
                            || span.end_byte.abs_diff(event.trigger.start_byte) <= ROLE_REACH_BYTES
                    })
                    .collect();
                if !fillers.is_empty() && !target.roles.contains_key(&role) {
                    target.roles.insert(role, fillers);
                }
            }
            out.anaphors.push(Anaphor {
                trigger: event.trigger,
                antecedent,
            });
        }
        out
    }

    /// The index in `earlier` of the event `event` refers back to, and
    /// whether the anaphor is plural; `None` for a new event.
    fn antecedent(
        &self,
        text: &str,
        sentences: &Sentences,
        mentions: &[MentionSuggestion],
        event: &EventSuggestion,
        earlier: &[EventSuggestion],
        umbrellas: &[bool],
    ) -> Option<(usize, bool)> {
        let words = event.trigger.text(text)?;
        if let Some(act) = self
            .act_as_subject_of(text, sentences, event, earlier)
            .or_else(|| self.toll_of_act_before(text, sentences, mentions, event, earlier))
        {
            return Some((act, false));
        }
        if !self.noun_trigger.is_match(words) {
            return None;
        }
        let generic = self.generic_attack.is_match(words);
        let noun = words.split_whitespace().next().unwrap_or(words);
        let plural = noun.ends_with(['s', 'x']) && !noun.eq_ignore_ascii_case("offensive");
        let index = sentences.index_of(event.trigger.start_byte);
        let sentence = sentences.span(index);
        let head = text
            .get(sentence.start_byte..event.trigger.start_byte)
            .unwrap_or_default();
        let definite = self.definite_before.is_match(head);
        // The same type first; a generic "attack" then any act of political
        // violence but an abduction.
        let same_type = |e: &EventSuggestion| {
            e.event_type == event.event_type
                && (e.sub_type == event.sub_type || generic || e.event_type == "Battles")
        };
        let family = |e: &EventSuggestion| {
            generic
                && VIOLENT.contains(&e.event_type.as_str())
                && VIOLENT.contains(&event.event_type.as_str())
                && e.sub_type.as_deref() != Some("Abduction/forced disappearance")
        };
        let fits = |e: &EventSuggestion| !conflicting(text, mentions, e, event);
        if definite {
            let pick = |type_fits: &dyn Fn(&EventSuggestion) -> bool| {
                let candidates = || {
                    earlier
                        .iter()
                        .enumerate()
                        .rev()
                        .take(ANTECEDENT_REACH)
                        .filter(|(_, e)| type_fits(e) && fits(e))
                        .map(|(i, _)| i)
                };
                if plural {
                    candidates()
                        .find(|&i| umbrellas.get(i).copied().unwrap_or(false))
                        .or_else(|| candidates().next())
                } else {
                    candidates().next()
                }
            };
            // A noun that repeats the act's word ("the ambush" after
            // "ambushed") refers to that act before any other of its type.
            let word = stem(text, event.trigger);
            let same_word = |e: &EventSuggestion| same_type(e) && stem(text, e.trigger) == word;
            return pick(&same_word)
                .or_else(|| pick(&same_type))
                .or_else(|| pick(&family))
                .map(|i| (i, plural));
        }
        // "… both areas came under serious assault": an attack noun in the
        // sentence of an event of the same type and place is that event.
        if !generic {
            return None;
        }
        let location =
            |e: &EventSuggestion| e.roles.get("location").and_then(|l| l.first().copied());
        earlier
            .iter()
            .enumerate()
            .rev()
            .take(ANTECEDENT_REACH)
            .take_while(|(_, e)| sentences.index_of(e.trigger.start_byte) == index)
            .find(|(_, e)| {
                same_type(e)
                    && fits(e)
                    && location(e).is_some()
                    && location(event).is_none_or(|here| {
                        location(e).is_some_and(|there| same_referent(text, mentions, here, there))
                    })
            })
            .map(|(i, _)| (i, plural))
    }

    /// The earlier act that is the subject of this event's verb ("… an
    /// IED exploded near a convoy. The explosion killed one soldier."): the
    /// nearest act of political violence told in this sentence or the one
    /// before.
    fn act_as_subject_of(
        &self,
        text: &str,
        sentences: &Sentences,
        event: &EventSuggestion,
        earlier: &[EventSuggestion],
    ) -> Option<usize> {
        if !VIOLENT.contains(&event.event_type.as_str()) {
            return None;
        }
        let index = sentences.index_of(event.trigger.start_byte);
        let head = text.get(sentences.span(index).start_byte..event.trigger.end_byte)?;
        if !self.act_as_subject.is_match(head) {
            return None;
        }
        let (at, act) = earlier.iter().enumerate().next_back()?;
        let told = sentences.index_of(act.trigger.start_byte);
        (VIOLENT.contains(&act.event_type.as_str()) && index.saturating_sub(told) <= 1)
            .then_some(at)
    }

    /// The earlier act whose toll this event's death is, when the death is
    /// told with no place of its own within two sentences after it ("…
    /// ambushed a base near Af-Urur. One militant was killed.", "The army
    /// claimed to have killed 5 militants."), not as another incident, and
    /// not by another named killer of civilians.
    fn toll_of_act_before(
        &self,
        text: &str,
        sentences: &Sentences,
        mentions: &[MentionSuggestion],
        event: &EventSuggestion,
        earlier: &[EventSuggestion],
    ) -> Option<usize> {
        if !VIOLENT.contains(&event.event_type.as_str())
            || event.roles.contains_key("location")
            || !self.killing_trigger.is_match(event.trigger.text(text)?)
        {
            return None;
        }
        let index = sentences.index_of(event.trigger.start_byte);
        if sentences
            .span(index)
            .text(text)
            .is_some_and(|sentence| self.another_incident.is_match(sentence))
        {
            return None;
        }
        let (at, act) = earlier.iter().enumerate().next_back()?;
        let told = sentences.index_of(act.trigger.start_byte);
        let same_killer = || {
            act.event_type == "Battles" || !conflicting_in(text, mentions, act, event, &["agent"])
        };
        (VIOLENT.contains(&act.event_type.as_str())
            && told < index
            && index - told <= 2
            && same_killer())
        .then_some(at)
    }

    /// The place of the event: of the sentence's places, the most
    /// specific one named as where it happened — after "in", "at", "near"
    /// or before "village", "district" or an "(admin, region)" aside —
    /// never one inside such an aside, and a guessed name ("Govt",
    /// "Fulani") only when the words around it, or the gazetteer, make it
    /// a place. Among
    /// equals, the first after the trigger, else the last before it.
    fn event_place(
        &self,
        text: &str,
        trigger: Span,
        sentence: Span,
        mentions: &[MentionSuggestion],
    ) -> Option<usize> {
        let within = mentions_within(mentions, sentence);
        let mut best: Option<(i32, usize)> = None;
        for i in within.filter(|&i| mentions[i].label == "LOCATION") {
            let span = mentions[i].span;
            let head = text
                .get(sentence.start_byte..span.start_byte)
                .unwrap_or_default();
            let tail = text
                .get(span.end_byte..sentence.end_byte)
                .unwrap_or_default();
            let in_aside = match (head.rfind('('), head.rfind(')')) {
                (Some(open), Some(close)) => open > close,
                (Some(_), None) => true,
                _ => false,
            };
            // A place of the catalogue or of the gazetteer needs no word
            // around it to be one.
            let known = mentions[i].actor.is_some() || mentions[i].suggester == GAZETTEER_PLACE;
            let mut score = i32::from(known);
            if self.place_before.is_match(head) {
                score += 2;
            }
            if self.place_after.is_match(tail) {
                score += 3;
            }
            if in_aside {
                score -= 5;
            }
            // "the Ndaba neighbourhood of Kolofata town", "Teerage village,
            // west of Gaalkacyo town": ACLED places a village or a quarter
            // at the town it belongs to or lies near (read in the last
            // words only, so that a long sentence is not read again per place).
            let head = tail_of(head, HOST_WORDS_BYTES);
            // "Ntarikon village, Bamenda subdivision": the same, told by apposition.
            let apposed_host = self.apposed_host.is_match(head) && self.town_after.is_match(tail);
            if self.host_place.is_match(head) || apposed_host {
                score += 3;
            }
            if mentions[i].actor.is_none() && score <= 0 {
                continue;
            }
            let key = score;
            let better = match best {
                None => true,
                Some((best_score, best_i)) => {
                    key > best_score
                        || (key == best_score
                            && closer(mentions[i].span, mentions[best_i].span, trigger))
                }
            };
            if better {
                best = Some((key, i));
            }
        }
        best.map(|(_, i)| i)
    }

    /// Where the words of a protest or a riot's sentence that tell what
    /// set the crowd off begin ("… demonstrated after a gendarme shot and
    /// killed a driver"): ACLED codes that killing's dead, and its force,
    /// to the event that killed, not to the crowd. The sentence's end when
    /// no such words follow the trigger, or when they tell of protesters
    /// killed, which is the protest's own toll.
    fn cause_of_crowd(&self, text: &str, event: &EventSuggestion, sentence: Span) -> usize {
        if !matches!(event.event_type.as_str(), "Protests" | "Riots") {
            return sentence.end_byte;
        }
        let from = event
            .trigger
            .end_byte
            .clamp(sentence.start_byte, sentence.end_byte);
        let Some(after) = text.get(from..sentence.end_byte) else {
            return sentence.end_byte;
        };
        match self.cause.find(after) {
            Some(cause) if !self.protest.protest.is_match(&after[cause.start()..]) => {
                from + cause.start()
            }
            _ => sentence.end_byte,
        }
    }

    fn fill_roles(
        &self,
        text: &str,
        event: &mut EventSuggestion,
        sentence: Span,
        mentions: &[MentionSuggestion],
    ) {
        let trigger = event.trigger;
        let within = mentions_within(mentions, sentence);
        let before = || {
            within
                .clone()
                .filter(move |&i| mentions[i].span.end_byte <= trigger.start_byte)
        };
        let after = || {
            within
                .clone()
                .filter(move |&i| mentions[i].span.start_byte >= trigger.end_byte)
        };
        let is = |i: &usize, labels: &[&str]| labels.contains(&mentions[*i].label.as_str());
        // A filler is within reach, with no clause break between it and the trigger.
        let reachable = |i: &usize| {
            let span = mentions[*i].span;
            let (from, to) = if span.end_byte <= trigger.start_byte {
                (span.end_byte, trigger.start_byte)
            } else {
                (trigger.end_byte, span.start_byte)
            };
            to - from <= ROLE_REACH_BYTES
                && !text
                    .get(from..to)
                    .is_some_and(|between| self.clause_break.is_match(between))
        };
        // "abducted on Monday by gunmen", "an attack by JNIM", "the ambush,
        // claimed by IS Sahel", "le pillage du marché par des hommes armés":
        // an armed actor after "by"/"par" in the trigger's clause is the agent.
        let by_end = self.agent_after_by(text, trigger, sentence);
        let by = by_end.and_then(|by_end| {
            after().find(|&i| mentions[i].span.start_byte >= by_end && is(&i, ARMED))
        });
        // "an attack by LNA forces", "abducted on Monday by gunmen": a "by"
        // right after the trigger names its agent; one after another verb
        // names that act's ("shot down a drone operated by GNA").
        let by_close = by.filter(|_| {
            by_end.is_some_and(|end| {
                text.get(trigger.end_byte..end).is_some_and(|between| {
                    let words: Vec<&str> = between.split_whitespace().collect();
                    words.len() <= 4 && !words.iter().any(|w| w.ends_with("ed"))
                })
            })
        });
        // "A woman was shot by gunmen": the subject is the target, and
        // only "by" names the agent.
        let passive = self.is_passive(text, trigger, sentence);
        // The subject: of the armed actors before the trigger in its
        // clause, the first ("GNA forces targeted LNA positions with
        // artillery fire"), not one named after a clause of its own
        // ("… after the militants attacked").
        let sides: Vec<usize> = before()
            .filter(|i| is(i, ARMED))
            .filter(reachable)
            .collect();
        let subject = sides.iter().copied().find(|&i| {
            text.get(mentions[i].span.end_byte..trigger.start_byte)
                .is_some_and(|between| !self.subclause.is_match(between))
        });
        // "Des jihadistes présumés de l'Etat islamique", "fighters of
        // JNIM": the group named after "of" is the one the words describe.
        let subject = subject.map(|first| {
            let mut named = first;
            for &next in sides.iter().skip_while(|&&i| i != first).skip(1) {
                let of = text
                    .get(mentions[named].span.end_byte..mentions[next].span.start_byte)
                    .is_some_and(|between| self.of_group.is_match(between));
                if !of {
                    break;
                }
                named = next;
            }
            named
        });
        let nearest = sides.last().copied();
        let agent = if passive {
            by
        } else {
            by_close.or(subject).or(by).or(nearest)
        }
        .filter(reachable);
        // "GNA and LNA forces clashed": the second side is the target.
        let joined_side = nearest.filter(|&n| {
            agent.is_some_and(|a| {
                a != n
                    && text
                        .get(mentions[a].span.end_byte..mentions[n].span.start_byte)
                        .is_some_and(|between| matches!(between.trim(), "and" | "et"))
            })
        });
        let target = if passive {
            before().rev().find(|i| is(i, TARGETS) && Some(*i) != agent)
        } else {
            after().find(|i| is(i, TARGETS) && Some(*i) != agent)
        }
        .filter(reachable)
        .or(joined_side);
        if event.event_type == "Battles" && event.sub_type.as_deref() == Some("Armed clash") {
            // A battle needs two armed sides: an attack whose target is
            // civilians (named, or the object of the act) is violence
            // against civilians.
            let armed_facility = |t: usize| {
                mentions[t].label == "FACILITY"
                    && mentions[t]
                        .span
                        .text(text)
                        .is_some_and(|words| self.armed_words.is_match(words))
            };
            let subject = passive.then(|| self.subject_window(text, trigger, sentence));
            let armed_target = target.is_some_and(|t| is(&t, ARMED) || armed_facility(t))
                || (target.is_none()
                    && subject.map_or_else(
                        || self.armed_object(text, trigger, sentence),
                        |words| self.armed_words.is_match(words),
                    ));
            // A clash, a fight, an exchange of fire has two armed sides
            // whatever place or thing it is told with.
            let reciprocal = trigger
                .text(text)
                .is_some_and(|words| self.reciprocal.is_match(words));
            // "Gunmen attacked Mabai": an attack on a village, no armed side named.
            let place_object = target.is_none()
                && after()
                    .next()
                    .is_some_and(|i| mentions[i].label == "LOCATION" && reachable(&i))
                && !self.armed_object(text, trigger, sentence);
            let civilian_target = target.is_some_and(|t| mentions[t].label == "CIVILIANS")
                || (!armed_target
                    && !reciprocal
                    && (place_object
                        || self.civilian_object(text, trigger, sentence)
                        || subject.is_some_and(|words| self.civilian_words.is_match(words))));
            if civilian_target && !armed_target {
                "Violence against civilians".clone_into(&mut event.event_type);
                event.sub_type = Some("Attack".to_owned());
            }
        }
        // A killing that set the crowd off is neither its force nor its toll.
        let told_end = self.cause_of_crowd(text, event, sentence);
        let sentence_text = text.get(sentence.start_byte..told_end).unwrap_or_default();
        if let Some((event_type, sub_type)) =
            self.protest
                .retype(&event.event_type, event.sub_type.as_deref(), sentence_text)
        {
            event_type.clone_into(&mut event.event_type);
            event.sub_type = Some(sub_type.to_owned());
        }
        let location = self.event_place(text, trigger, sentence, mentions);
        let times: Vec<usize> = within
            .clone()
            .filter(|i| is(i, &["DATE"]) && !self.times_speech(text, sentence, mentions[*i].span))
            .collect();
        let fatalities: Vec<usize> = within
            .filter(|i| {
                is(i, &["FATALITIES"])
                    && mentions[*i].span.start_byte < told_end
                    && self.is_toll_of_dead(text, mentions[*i].span, sentence)
            })
            .collect();
        let mut put = |role: &'static str, fillers: Vec<usize>| {
            if !fillers.is_empty() && self.roles.iter().any(|r| r == role) {
                event.roles.insert(role.to_owned(), fillers);
            }
        };
        put("agent", agent.into_iter().collect());
        put("target", target.into_iter().collect());
        put("location", location.into_iter().collect());
        put("time", times);
        put("fatalities", fatalities);
    }
}

/// How far before a place the words that make it a town's part are read, in bytes.
const HOST_WORDS_BYTES: usize = 80;

/// The last `max_bytes` of `text` (fewer, to start on a whole character).
fn tail_of(text: &str, max_bytes: usize) -> &str {
    let mut from = text.len().saturating_sub(max_bytes);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    &text[from..]
}

/// Whether a date names its day, month and year ("3 March 2021"), so that
/// it still holds sentences later.
fn is_full_date(words: &str) -> bool {
    let digits: Vec<&str> = words
        .split(|c: char| !c.is_ascii_digit())
        .filter(|d| !d.is_empty())
        .collect();
    digits.len() == 2
        && digits.iter().any(|d| d.len() == 4)
        && words.chars().any(char::is_alphabetic)
}

/// Whether place `a` is a better pick than `b` for an event at
/// `trigger`: after the trigger beats before it, and nearer beats further.
fn closer(a: Span, b: Span, trigger: Span) -> bool {
    let after = |s: Span| s.start_byte >= trigger.end_byte;
    match (after(a), after(b)) {
        (true, false) => true,
        (false, true) => false,
        (true, true) => a.start_byte < b.start_byte,
        (false, false) => a.start_byte > b.start_byte,
    }
}

/// Whether two mentions name the same actor or place: the same catalogue
/// id, or with none, the same words.
fn same_referent(text: &str, mentions: &[MentionSuggestion], a: usize, b: usize) -> bool {
    let (a, b) = (&mentions[a], &mentions[b]);
    match (&a.actor, &b.actor) {
        (Some(x), Some(y)) => x == y,
        _ => a
            .span
            .text(text)
            .zip(b.span.text(text))
            .is_some_and(|(x, y)| x.eq_ignore_ascii_case(y)),
    }
}

/// An actor no one named: a descriptor ("the militants") or armed men
/// taken for the country's unidentified armed group.
fn unnamed(mention: &MentionSuggestion) -> bool {
    mention.actor.is_none() || mention.suggester == super::anaphora::UNIDENTIFIED
}

/// The first letters of a trigger's first word, which a noun shares with
/// its verb: "ambush"/"ambushed", "attacks"/"attacked", "attaque"/"attaqué".
fn stem(text: &str, trigger: Span) -> String {
    trigger
        .text(text)
        .unwrap_or_default()
        .chars()
        .take(5)
        .flat_map(char::to_lowercase)
        .collect()
}

/// Whether the anaphor's own fillers contradict its candidate antecedent's:
/// another place, or another actor named by the catalogue (a descriptor
/// such as "the militants" contradicts no one).
fn conflicting(
    text: &str,
    mentions: &[MentionSuggestion],
    antecedent: &EventSuggestion,
    anaphor: &EventSuggestion,
) -> bool {
    conflicting_in(
        text,
        mentions,
        antecedent,
        anaphor,
        &["agent", "target", "location"],
    )
}

/// Whether a filler of one of `roles` of `anaphor` names another referent
/// than `antecedent`'s (see [`conflicting`]).
fn conflicting_in(
    text: &str,
    mentions: &[MentionSuggestion],
    antecedent: &EventSuggestion,
    anaphor: &EventSuggestion,
    roles: &[&str],
) -> bool {
    roles.iter().any(|&role| {
        let (Some(theirs), Some(ours)) = (antecedent.roles.get(role), anaphor.roles.get(role))
        else {
            return false;
        };
        let agrees = |&here: &usize| {
            theirs.iter().any(|&there| {
                same_referent(text, mentions, here, there)
                    || (role != "location"
                        && (unnamed(&mentions[here]) || unnamed(&mentions[there])))
            })
        };
        !ours.iter().all(agrees)
    })
}

#[cfg(test)]
mod tests {
    use crate::suggest::{Rules, Suggestions};

    fn typed(text: &str) -> Vec<(String, String, String)> {
        let s = Rules::sahel_default().unwrap().suggest(text);
        s.events
            .iter()
            .map(|e| {
                (
                    e.trigger.text(text).unwrap().to_owned(),
                    format!("{} > {}", e.event_type, e.sub_type.as_deref().unwrap_or("")),
                    agent(text, &s, e),
                )
            })
            .collect()
    }

    /// The type and sub-type of each event suggested in `text`.
    fn kinds(text: &str) -> Vec<String> {
        typed(text).into_iter().map(|(_, k, _)| k).collect()
    }

    fn agent(text: &str, s: &Suggestions, e: &crate::suggest::EventSuggestion) -> String {
        e.roles.get("agent").map_or(String::new(), |a| {
            s.mentions[a[0]].span.text(text).unwrap().to_owned()
        })
    }

    fn row(trigger: &str, kind: &str, agent: &str) -> (String, String, String) {
        (trigger.to_owned(), kind.to_owned(), agent.to_owned())
    }

    #[test]
    fn a_battle_needs_two_armed_sides() {
        assert_eq!(
            typed("JNIM attacked villagers in Mondoro. JNIM attacked an army post in Boni."),
            [
                row("attacked", "Violence against civilians > Attack", "JNIM"),
                row("attacked", "Battles > Armed clash", "JNIM"),
            ]
        );
        assert_eq!(
            typed("Des hommes armés ont attaqué le marché de Seytenga."),
            [row(
                "attaqué",
                "Violence against civilians > Attack",
                "Des hommes armés"
            )]
        );
    }

    #[test]
    fn the_act_decides_the_type() {
        let got: Vec<String> = typed(
            "Militants shelled Dori. A patrol hit a landmine. Air raids hit Soum. \
             They burned the market. Les jihadistes ont pilonné le camp.",
        )
        .into_iter()
        .map(|(_, kind, _)| kind)
        .collect();
        assert_eq!(
            got,
            [
                "Explosions/Remote violence > Shelling/artillery/missile attack",
                "Explosions/Remote violence > Remote explosive/landmine/IED",
                "Explosions/Remote violence > Air/drone strike",
                "Strategic developments > Looting/property destruction",
                "Explosions/Remote violence > Shelling/artillery/missile attack",
            ]
        );
    }

    #[test]
    fn the_agent_follows_by_or_par_in_the_clause() {
        assert_eq!(
            typed("Five aid workers were abducted on Monday by gunmen near Menaka."),
            [row(
                "abducted",
                "Violence against civilians > Abduction/forced disappearance",
                "gunmen"
            )]
        );
        assert_eq!(
            typed(
                "The ambush near Tessit, claimed by the Islamic State Sahel Province, killed eight soldiers."
            ),
            [row(
                "ambush",
                "Battles > Armed clash",
                "Islamic State Sahel Province"
            )]
        );
    }

    #[test]
    fn triggers_that_refer_back_are_the_earlier_event() {
        let text = "Jihadists have attacked two military installations in Mali, residents \
                    telling AFP Wednesday that both areas came under serious assault. \
                    The attacks, which took place Tuesday, were claimed by JNIM. \
                    The militants also attacked an army post in Kassela. \
                    Mali's army confirmed Tuesday's attacks.";
        let s = Rules::sahel_default().unwrap().suggest(text);
        let triggers: Vec<_> = s
            .events
            .iter()
            .map(|e| e.trigger.text(text).unwrap())
            .collect();
        assert_eq!(triggers, ["attacked", "attacked"]);
        let first = &s.events[0];
        let time = |e: &crate::suggest::EventSuggestion| {
            e.roles
                .get("time")
                .map(|t| s.mentions[t[0]].span.text(text).unwrap())
        };
        assert_eq!(
            time(first),
            Some("Tuesday"),
            "the anaphor's time, not the telling's"
        );
        let events: Vec<_> = s
            .claims
            .iter()
            .map(|c| (c.stance.as_str(), c.event))
            .collect();
        assert_eq!(
            events,
            [
                ("Reported", Some(0)),
                ("Claimed", Some(0)),
                ("Confirmed", Some(0))
            ]
        );
        // A definite noun with a place of its own is a new event.
        let text =
            "JNIM attacked an army post in Boni. The attack on the camp in Douentza killed two.";
        let s = Rules::sahel_default().unwrap().suggest(text);
        assert_eq!(s.events.len(), 2);
    }

    #[test]
    fn triggers_get_acled_types_and_roles() {
        let text = "JNIM fighters ambushed a convoy. Des hommes armés ont enlevé trois civils à Djibo mardi.";
        let suggestions = Rules::sahel_default().unwrap().suggest(text);
        let events: Vec<_> = suggestions
            .events
            .iter()
            .map(|e| {
                (
                    e.trigger.text(text).unwrap(),
                    e.event_type.as_str(),
                    e.sub_type.as_deref().unwrap_or(""),
                )
            })
            .collect();
        assert_eq!(
            events,
            [
                ("ambushed", "Battles", "Armed clash"),
                (
                    "enlevé",
                    "Violence against civilians",
                    "Abduction/forced disappearance"
                )
            ]
        );
        let ambush = &suggestions.events[0];
        let agent = ambush.roles["agent"][0];
        assert_eq!(suggestions.mentions[agent].actor.as_deref(), Some("jnim"));
        let abduction = &suggestions.events[1];
        let place = abduction.roles["location"][0];
        assert_eq!(suggestions.mentions[place].span.text(text), Some("Djibo"));
        let time = abduction.roles["time"][0];
        assert_eq!(suggestions.mentions[time].span.text(text), Some("mardi"));
    }

    #[test]
    fn harm_to_people_is_an_event_typed_by_its_victims() {
        let kinds = |text: &str| -> Vec<(String, String)> {
            typed(text).into_iter().map(|(t, k, _)| (t, k)).collect()
        };
        let pair = |t: &str, k: &str| (t.to_owned(), k.to_owned());
        assert_eq!(
            kinds("Gunmen killed a shopkeeper in Tillaberi."),
            [pair("killed", "Violence against civilians > Attack")]
        );
        assert_eq!(
            kinds("Militants shot and killed two policemen at a checkpoint."),
            [pair("shot", "Battles > Armed clash")],
            "one act, its victims armed"
        );
        assert_eq!(
            kinds("Des hommes armés ont tué deux bergers près de Gao."),
            [pair("tué", "Violence against civilians > Attack")]
        );
        assert_eq!(
            kinds("JNIM ambushed a patrol, killing six soldiers."),
            [pair("ambushed", "Battles > Armed clash")],
            "the killing is the ambush's outcome"
        );
    }

    #[test]
    fn one_soldier_or_militant_killed_is_a_battle() {
        for text in [
            "Separatists killed one rapid intervention battalion soldier in Mamfe.",
            "Rebels killed a soldier near Yei.",
            "Les jihadistes ont tué un soldat près de Dori.",
            "Troops killed a militant near Bama.",
        ] {
            assert_eq!(kinds(text), ["Battles > Armed clash"], "{text}");
        }
        assert_eq!(
            kinds("Rebels killed a trader near Yei."),
            ["Violence against civilians > Attack"]
        );
    }

    #[test]
    fn a_passive_names_its_victim_first_and_its_agent_after_by() {
        let text = "A teacher was shot by unknown gunmen near Kaya.";
        let s = Rules::sahel_default().unwrap().suggest(text);
        assert_eq!(s.events.len(), 1, "{:?}", s.events);
        let event = &s.events[0];
        assert_eq!(event.event_type, "Violence against civilians");
        assert_eq!(agent(text, &s, event), "gunmen");
        let text = "Deux gendarmes ont été blessés à Dori.";
        let s = Rules::sahel_default().unwrap().suggest(text);
        assert_eq!(s.events.len(), 1, "{:?}", s.events);
        assert_eq!(s.events[0].event_type, "Battles", "gendarmes are armed");
    }

    #[test]
    fn means_and_forms_of_notes_are_triggers() {
        let got: Vec<String> = typed(
            "An IED exploded on the road to Kidal. The air force targeted rebel positions near Tessalit. \
             Soldiers and militants exchanged fire near Boni. Residents barricaded the main road in Kaya. \
             Bandits stole forty cattle in Torodi.",
        )
        .into_iter()
        .map(|(_, kind, _)| kind)
        .collect();
        assert_eq!(
            got,
            [
                "Explosions/Remote violence > Remote explosive/landmine/IED",
                "Explosions/Remote violence > Air/drone strike",
                "Battles > Armed clash",
                "Protests > Peaceful protest",
                "Strategic developments > Looting/property destruction",
            ]
        );
    }

    #[test]
    fn a_later_sentence_takes_the_date_of_the_note() {
        let text = "On 3 March 2021, JNIM attacked an army post near Boni. \
                    Two days later gunmen shot a herder nearby.";
        let s = Rules::sahel_default().unwrap().suggest(text);
        let last = s.events.last().unwrap();
        let time = last.roles["time"][0];
        assert_eq!(s.mentions[time].span.text(text), Some("3 March 2021"));
    }

    #[test]
    fn the_place_is_where_it_happened_not_an_aside_or_a_people() {
        let place = |text: &str| -> String {
            let s = Rules::sahel_default().unwrap().suggest(text);
            let event = &s.events[0];
            event.roles.get("location").map_or(String::new(), |l| {
                s.mentions[l[0]].span.text(text).unwrap().to_owned()
            })
        };
        assert_eq!(
            place("Gunmen killed a herder in Kabonga village (Dorou, Tahoua)."),
            "Kabonga"
        );
        assert_eq!(
            place("In Kabonga (Dorou, Tahoua), gunmen killed a herder."),
            "Kabonga",
            "not the aside"
        );
        assert_eq!(
            place("Gunmen killed a Govt official in the village of Kabonga."),
            "Kabonga",
            "not a capitalised word with nothing of a place around it"
        );
        assert_eq!(
            place(
                "Des hommes armés ont tué un commerçant dans la localité de Wandiga (Tera, Tillabéri)."
            ),
            "Wandiga"
        );
    }

    #[test]
    fn a_toll_told_after_the_act_is_its_toll() {
        let toll = |text: &str| -> Option<String> {
            let s = Rules::sahel_default().unwrap().suggest(text);
            let event = &s.events[0];
            event
                .roles
                .get("fatalities")
                .map(|f| s.mentions[f[0]].span.text(text).unwrap().to_owned())
        };
        assert_eq!(
            toll("Militants attacked a police post in Zurmi. Three policemen died.").as_deref(),
            Some("Three policemen")
        );
        assert_eq!(
            toll("Des jihadistes ont attaqué un poste à Dori. Deux soldats ont été tués.")
                .as_deref(),
            Some("Deux soldats")
        );
        assert_eq!(
            toll("Militants attacked a police post in Zurmi. Three policemen were wounded.")
                .as_deref(),
            None,
            "the wounded are no toll"
        );
    }

    #[test]
    fn an_attack_on_unarmed_people_or_their_things_is_violence_against_civilians() {
        assert_eq!(
            kinds("A truck was attacked by gunmen on the road to Ansongo."),
            ["Violence against civilians > Attack"]
        );
        assert_eq!(
            kinds("Raiders attacked a cattle camp near Kidal."),
            ["Violence against civilians > Attack"]
        );
        assert_eq!(
            kinds("Des hommes armés ont attaqué des bergers près de Gao."),
            ["Violence against civilians > Attack"]
        );
        assert_eq!(
            kinds("A patrol was attacked by gunmen near Ansongo."),
            ["Battles > Armed clash"],
            "an armed victim keeps the battle"
        );
    }

    #[test]
    fn protesters_who_burn_tyres_or_destroy_property_riot() {
        assert_eq!(
            kinds("Residents demonstrated in Kaya and barricaded the road with burning tyres."),
            ["Riots > Violent demonstration"]
        );
        assert_eq!(
            kinds(
                "Des jeunes ont manifesté à Dori et ont brûlé des pneus; la mairie a été saccagée."
            ),
            ["Riots > Violent demonstration"]
        );
    }

    #[test]
    fn soldiers_and_police_named_by_their_trade_are_the_agent() {
        assert_eq!(
            typed("Police officers shot a trader in Kaya."),
            [row(
                "shot",
                "Violence against civilians > Attack",
                "Police officers"
            )]
        );
        assert_eq!(
            typed("Des soldats ont tué deux bergers à Dori."),
            [row(
                "tué",
                "Violence against civilians > Attack",
                "Des soldats"
            )]
        );
    }

    #[test]
    fn the_sentence_after_a_protest_can_tell_of_its_dispersal() {
        let first = |text: &str| kinds(text).into_iter().next().unwrap_or_default();
        assert_eq!(
            first(
                "Teachers demonstrated in Kaya over unpaid wages. The police intervened and dispersed them."
            ),
            "Protests > Protest with intervention"
        );
        assert_eq!(
            first(
                "Des commerçants ont manifesté à Dori. Les gendarmes ont utilisé du gaz lacrymogène."
            ),
            "Protests > Protest with intervention"
        );
    }

    /// The text of the first event's fillers of `role`.
    fn fillers(text: &str, role: &str) -> Vec<String> {
        let s = Rules::sahel_default().unwrap().suggest(text);
        s.events.first().map_or(Vec::new(), |event| {
            event.roles.get(role).map_or(Vec::new(), |f| {
                f.iter()
                    .map(|&i| s.mentions[i].span.text(text).unwrap().to_owned())
                    .collect()
            })
        })
    }

    #[test]
    fn a_later_death_with_no_place_of_its_own_is_the_toll_of_the_act_before() {
        let tolls = |text: &str| -> (usize, Vec<String>) {
            let s = Rules::sahel_default().unwrap().suggest(text);
            let tolls = s.events[0].roles.get("fatalities").map_or(Vec::new(), |f| {
                f.iter()
                    .map(|&i| s.mentions[i].span.text(text).unwrap().to_owned())
                    .collect()
            });
            (s.events.len(), tolls)
        };
        assert_eq!(
            tolls(
                "Puntland forces ambushed an Islamic State base near Af-Urur. After heavy gunfire, the militants fled. One militant was killed and several others injured."
            ),
            (1, vec!["One militant".to_owned()])
        );
        assert_eq!(
            tolls(
                "JNIM militants attacked an army base near Boni. The army claimed to have killed 5 militants."
            ),
            (1, vec!["5 militants".to_owned()])
        );
        assert_eq!(
            tolls(
                "Des jihadistes ont attaqué une base militaire près de Boni. Un soldat a été tué."
            ),
            (1, vec!["Un soldat".to_owned()])
        );
        // A death told with its own place, or as another incident, is its own event.
        assert_eq!(
            tolls("Gunmen attacked a village near Kaya. Soldiers killed three militants in Dori.")
                .0,
            2
        );
        assert_eq!(
            tolls("JNIM attacked an army post in Boni. In a separate incident, gunmen killed a trader.").0,
            2
        );
    }

    #[test]
    fn an_explosive_answered_with_fire_is_a_clash() {
        for text in [
            "Al Shabaab militants threw a hand grenade at a police station in Mogadishu. Police reacted with gunfire towards the attackers.",
            "A grenade was thrown by militants at an army post in Gao, and the soldiers returned fire.",
            "Des assaillants ont lancé une grenade sur un poste de police à Gao. Les policiers ont riposté.",
        ] {
            assert_eq!(kinds(text)[0], "Battles > Armed clash", "{text}");
        }
        assert_eq!(
            kinds(
                "Gunmen attacked a village near Bama before being repelled by a local vigilante group."
            )[0],
            "Battles > Armed clash"
        );
        assert_eq!(
            kinds("Gunmen attacked a village near Bama and killed two farmers.")[0],
            "Violence against civilians > Attack"
        );
        assert_eq!(
            kinds(
                "Militants threw a grenade at a police station in Gao. Two policemen were injured."
            )[0],
            "Explosions/Remote violence > Grenade"
        );
    }

    #[test]
    fn an_off_duty_or_retired_soldier_is_a_civilian() {
        for text in [
            "Al Shabaab militants shot and killed an off-duty soldier in Marka.",
            "Gunmen killed a soldier (assumed off-duty) at a market in Gao.",
            "Gunmen killed a retired soldier in his home near Kaya.",
            "Des hommes armés ont tué un militaire à la retraite près de Kaya.",
        ] {
            assert_eq!(
                kinds(text),
                ["Violence against civilians > Attack"],
                "{text}"
            );
        }
    }

    #[test]
    fn a_killing_whose_subject_is_the_act_told_before_is_its_toll() {
        for text in [
            "An IED planted by Al Shabaab exploded near a convoy in Balcad. The explosion killed one soldier and injured four others.",
            "JNIM militants attacked an army post in Boni. The attack killed three soldiers.",
            "Des jihadistes ont attaqué un poste de l'armée à Boni. L'attaque a tué trois soldats.",
        ] {
            let s = Rules::sahel_default().unwrap().suggest(text);
            assert_eq!(s.events.len(), 1, "{text}: {:?}", s.events);
            let tolls: Vec<&str> = s.events[0].roles["fatalities"]
                .iter()
                .map(|&i| s.mentions[i].span.text(text).unwrap())
                .collect();
            assert_eq!(tolls.len(), 1, "{text}");
            assert!(
                tolls[0].ends_with("soldier")
                    || tolls[0].ends_with("soldiers")
                    || tolls[0].ends_with("soldats"),
                "{text}: {tolls:?}"
            );
        }
    }

    #[test]
    fn the_subject_of_the_clause_is_the_agent_not_the_nearest_name() {
        assert_eq!(
            typed("JNIM militants targeted IS Sahel positions with artillery fire near Tessit."),
            [row(
                "artillery fire",
                "Explosions/Remote violence > Shelling/artillery/missile attack",
                "JNIM"
            )]
        );
        assert_eq!(
            typed(
                "Le JNIM a visé des positions de l'EIGS avec des tirs d'artillerie près de Tessit."
            ),
            [row(
                "tirs d'artillerie",
                "Explosions/Remote violence > Shelling/artillery/missile attack",
                "JNIM"
            )]
        );
        // "reportedly" is no clause of its own, and the second side is the target.
        let text = "JNIM and IS Sahel reportedly clashed near Tessit.";
        assert_eq!(
            typed(text),
            [row("clashed", "Battles > Armed clash", "JNIM")]
        );
        assert_eq!(fillers(text, "target"), ["IS Sahel"]);
        // A "by" further on names another act's agent.
        assert_eq!(
            typed("FAMa soldiers shot down a drone operated by JNIM near Boni.")[0].2,
            "FAMa"
        );
    }

    #[test]
    fn harm_done_by_a_side_of_the_act_just_told_is_its_outcome() {
        let text = "JNIM attacked an army post in Boni. JNIM claimed to have killed five soldiers.";
        assert_eq!(typed(text).len(), 1, "{:?}", typed(text));
        assert_eq!(fillers(text, "fatalities"), ["five soldiers"]);
        let text = "Le JNIM a attaqué un poste de l'armée à Boni. Le JNIM a affirmé avoir tué cinq soldats.";
        assert_eq!(typed(text).len(), 1, "{:?}", typed(text));
        assert_eq!(fillers(text, "fatalities"), ["cinq soldats"]);
    }

    #[test]
    fn the_toll_counts_the_dead_and_the_notes_own_count_wins() {
        assert!(
            fillers(
                "Gunmen attacked a bus near Kaya, injuring four passengers.",
                "fatalities"
            )
            .is_empty(),
            "the wounded are no toll"
        );
        assert!(
            fillers(
                "Des hommes armés ont attaqué un car près de Kaya, blessant quatre passagers.",
                "fatalities"
            )
            .is_empty(),
            "les blessés ne sont pas un bilan"
        );
        assert_eq!(
            fillers(
                "JNIM attacked an army post in Boni. Two soldiers were killed. Unknown fatalities coded as 5.",
                "fatalities"
            ),
            ["fatalities coded as 5"]
        );
        // A toll told after an arrest still belongs to the clash before it.
        assert_eq!(
            fillers(
                "Soldiers clashed with JNIM near Boni. They arrested two suspects. One soldier was killed.",
                "fatalities"
            ),
            ["One soldier"]
        );
        // Counts joined by "and" are one toll.
        assert_eq!(
            fillers(
                "JNIM attacked an army post in Boni. Ten soldiers and four militants were killed.",
                "fatalities"
            ),
            ["Ten soldiers", "four militants"]
        );
    }

    #[test]
    fn a_crowd_that_does_violence_riots() {
        assert_eq!(
            kinds("Residents beat up a gendarme in Kaya."),
            ["Riots > Mob violence"]
        );
        assert_eq!(
            kinds("Des habitants ont passé à tabac un gendarme à Kaya."),
            ["Riots > Mob violence"]
        );
        assert_eq!(
            kinds("Gunmen beat up a gendarme in Kaya."),
            ["Battles > Armed clash"],
            "armed men are no crowd"
        );
    }

    #[test]
    fn a_clash_has_two_sides_and_an_attack_on_a_place_hits_civilians() {
        assert_eq!(
            kinds("Two militias clashed in Sinkarma village."),
            ["Battles > Armed clash"]
        );
        assert_eq!(
            kinds("Deux milices se sont livré des combats dans le village de Sinkarma."),
            ["Battles > Armed clash"]
        );
        assert_eq!(
            kinds("Gunmen attacked Tondibiya (Gao, Gao)."),
            ["Violence against civilians > Attack"]
        );
        assert_eq!(
            kinds("Gunmen exchanged gun shots with a patrol near Tondibiya."),
            ["Battles > Armed clash"]
        );
    }

    #[test]
    fn a_village_of_a_named_town_is_placed_at_the_town() {
        assert_eq!(
            fillers(
                "JNIM attacked an army post in the Tassa neighbourhood of Kalfou town (Tahoua, Tahoua).",
                "location"
            ),
            ["Kalfou"]
        );
        assert_eq!(
            fillers(
                "JNIM attacked an army post in Tassa village, west of Kalfou town (Tahoua, Tahoua).",
                "location"
            ),
            ["Kalfou"]
        );
        assert_eq!(
            fillers(
                "JNIM attacked an army post in Wadi al-Kalfou (Tahoua, Tahoua).",
                "location"
            ),
            ["Wadi al-Kalfou"],
            "a name joined by al- is one name"
        );
    }

    #[test]
    fn notes_name_violence_by_its_kind_and_protests_by_their_form() {
        assert_eq!(
            kinds("Inter-clan violence erupted near Kidal, leaving five people dead."),
            ["Battles > Armed clash"]
        );
        assert_eq!(
            kinds("Residents closed the RN16 by burning tyres in Gossi."),
            ["Riots > Violent demonstration"]
        );
        assert_eq!(
            kinds("Des jeunes ont fermé la route en brûlant des pneus à Gossi."),
            ["Riots > Violent demonstration"]
        );
        assert_eq!(
            kinds("Traders gathered in front of the town hall of Gao."),
            ["Protests > Peaceful protest"]
        );
        assert_eq!(
            kinds("An RCIED exploded near Gao."),
            ["Explosions/Remote violence > Remote explosive/landmine/IED"]
        );
        assert_eq!(
            kinds("A shell fired by militants fell in Gao."),
            ["Explosions/Remote violence > Shelling/artillery/missile attack"]
        );
    }

    #[test]
    fn a_village_set_beside_its_subdivision_is_placed_there() {
        assert_eq!(
            fillers(
                "Soldiers clashed with JNIM in Tassa village, Kalfou subdivision (Tahoua, Tahoua).",
                "location"
            ),
            ["Kalfou"]
        );
    }

    #[test]
    fn developments_acled_codes_without_harm_are_events() {
        assert_eq!(
            kinds("Army troops bombed rebel camps near Kidal."),
            ["Explosions/Remote violence > Air/drone strike"]
        );
        assert_eq!(
            kinds("L'armée a bombardé des positions rebelles près de Kidal."),
            ["Explosions/Remote violence > Air/drone strike"]
        );
        assert_eq!(
            kinds("Gunshots were heard in Gao overnight."),
            ["Battles > Armed clash"]
        );
        assert_eq!(
            kinds("Des coups de feu ont été entendus à Gao dans la nuit."),
            ["Battles > Armed clash"]
        );
        assert_eq!(
            kinds("A local militia surrendered to the governor in Mopti."),
            ["Strategic developments > Agreement"]
        );
        assert_eq!(
            kinds("Une milice locale a déposé les armes devant le préfet à Mopti."),
            ["Strategic developments > Agreement"]
        );
        assert_eq!(
            kinds("Lawyers assembled in Gao to commemorate a colleague."),
            ["Protests > Peaceful protest"]
        );
        assert_eq!(
            kinds("Des avocats se sont réunis à Gao pour commémorer un confrère."),
            ["Protests > Peaceful protest"]
        );
    }

    #[test]
    fn a_killing_that_set_off_a_protest_is_neither_its_force_nor_its_toll() {
        let text = "Traders demonstrated in Kaya after a policeman shot and killed a carter.";
        assert_eq!(kinds(text), ["Protests > Peaceful protest"]);
        assert!(fillers(text, "fatalities").is_empty());
        let text = "Des commerçants ont manifesté à Kaya après qu'un policier a tué un charretier.";
        assert_eq!(kinds(text), ["Protests > Peaceful protest"]);
        assert!(fillers(text, "fatalities").is_empty());
        let text =
            "Youths rioted in Kaya, burning the homes of herders who killed a farmer earlier.";
        assert_eq!(kinds(text), ["Riots > Violent demonstration"]);
        assert!(fillers(text, "fatalities").is_empty());
        // A death in the protest itself stays its toll.
        let text = "Traders demonstrated in Kaya and the police killed a carter.";
        assert_eq!(fillers(text, "fatalities"), ["a carter"]);
    }

    #[test]
    fn words_for_one_crowd_are_one_protest() {
        assert_eq!(
            kinds("Parents held a protest sit-in in front of a school in Gao."),
            ["Protests > Peaceful protest"]
        );
        assert_eq!(
            kinds("Des parents ont manifesté et bloqué la route à Gao."),
            ["Protests > Peaceful protest"]
        );
        assert_eq!(
            kinds("Traders demonstrated in Gao. They blocked the road to the market."),
            ["Protests > Peaceful protest"]
        );
        assert_eq!(
            kinds("Des commerçants ont manifesté à Gao. La police a dispersé la manifestation."),
            ["Protests > Protest with intervention"]
        );
        // A crowd elsewhere is another protest.
        assert_eq!(
            kinds("Traders demonstrated in Gao. Students demonstrated in Kidal."),
            ["Protests > Peaceful protest", "Protests > Peaceful protest"]
        );
    }

    #[test]
    fn a_toll_told_with_what_else_the_act_did_is_the_acts() {
        let text = "Gunmen attacked a farm near Kano. One watchman was killed and 2 abducted.";
        assert_eq!(fillers(text, "fatalities"), ["One watchman"]);
        let text = "Des hommes armés ont attaqué Boni. Un berger a été tué et deux enlevés.";
        assert_eq!(fillers(text, "fatalities"), ["Un berger"]);
    }

    #[test]
    fn a_crowd_that_is_harmed_does_not_riot() {
        assert_eq!(
            kinds("Raiders attacked Abo. The raiders killed 4 villagers and burnt down huts."),
            [
                "Violence against civilians > Attack",
                "Strategic developments > Looting/property destruction"
            ]
        );
        assert_eq!(
            kinds(
                "Des assaillants ont attaqué Abo. Ils ont tué trois habitants et incendié des cases."
            ),
            [
                "Violence against civilians > Attack",
                "Strategic developments > Looting/property destruction"
            ]
        );
    }

    #[test]
    fn rockets_named_by_their_make_are_shelling() {
        assert_eq!(
            kinds("Rebels fired 4 Grad Rockets at a garrison near Kidal."),
            ["Explosions/Remote violence > Shelling/artillery/missile attack"]
        );
        assert_eq!(
            kinds("Les rebelles ont tiré des roquettes Katyusha sur la garnison de Kidal."),
            ["Explosions/Remote violence > Shelling/artillery/missile attack"]
        );
    }
}
