//! The article with its mentions, event triggers and claim cues highlighted.
//!
//! Shaped for long documents: the text is split into paragraphs, each its
//! own read-only `TextEdit` (so text can be selected) with its own layout
//! job, and only the paragraphs in view are laid out and drawn; the others
//! take the height measured when last drawn. An edit changes one
//! paragraph's job, so egui's galley cache lays out only that paragraph
//! again. Highlights are indexed per paragraph once per revision.
//!
//! Over the text, the focused claim's or event's arcs (or, with the arcs
//! toggle, every item's) are drawn from geometry cached per paragraph
//! layout (see [`super::arcs`]). A role is re-linked by dragging an arc's
//! head onto another mention, or from the keyboard in a pick mode
//! ([`Pick`]) that steps through the sentence's mentions.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use egui::text::{CCursor, LayoutJob};
use egui::{Color32, Stroke};

use crate::app::Workspace;
use crate::edit::{self, Change, LinkRole, Relink};
use crate::model::{ClaimId, DocumentId, EventId, ItemRef, MentionId, Span, Status};
use crate::text::edges::Edge;

use super::arcs::{self, ArcSet, DrawnArc, ParagraphArcs};
use super::chooser::{Chooser, Chosen};
use super::theme;
use super::window::{Output, Panel, Request};

/// Paragraphs longer than this are split at a sentence end, so that a
/// single-line megabyte still lays out in pieces.
const MAX_PARAGRAPH_BYTES: usize = 4000;
/// Extra height drawn above and below the viewport.
const OVERDRAW_PX: f32 = 200.0;
const PARAGRAPH_GAP_PX: f32 = 8.0;
/// Line height, in text sizes: room above each line for the focused
/// item's arcs, and more with arcs for every item (stacked).
const LINE_HEIGHT: f32 = 2.4;
const ARCS_LINE_HEIGHT: f32 = 4.0;
/// Room above the first line for its arcs.
const TOP_MARGIN_PX: f32 = 44.0;

/// One highlighted stretch of text.
#[derive(Clone, Debug)]
struct Highlight {
    span: Span,
    colour: Color32,
    status: Status,
    item: Marked,
}

/// What a highlight stands for: an item of the annotator's file, or, while
/// curating, a place the annotators agree on or the disagreement at an
/// index of the curation's list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Marked {
    Item(ItemRef),
    Agreed(usize),
    Disagreement(usize),
}

#[derive(Default)]
pub struct DocumentView {
    document: Option<DocumentId>,
    paragraphs: Vec<Range<usize>>,
    heights: Vec<f32>,
    layout_key: (u32, u32),
    /// (document, revision, show_rejected, curation's revision) the index
    /// was built for.
    index_key: Option<(DocumentId, u64, bool, Option<u64>)>,
    /// The disagreement in hand when last drawn, to scroll to a new one.
    last_curated: Option<usize>,
    by_paragraph: Vec<Vec<Highlight>>,
    /// The text selected in the view, in bytes of the document.
    pub selection: Option<Span>,
    /// Scroll this item into view when it is next drawn.
    pub scroll_to: Option<ItemRef>,
    /// Scroll to this span and select it (an error found by review).
    pub reveal: Option<Span>,
    last_focus: Option<ItemRef>,
    /// The body text size, in points (the app's preference).
    pub text_size: f32,
    /// Draw the arcs of every item in view, not only the focused one's.
    pub all_arcs: bool,
    arc_set: ArcSet,
    /// (document, revision, show_rejected, focus, all) the arcs are for.
    arc_key: Option<(DocumentId, u64, bool, Option<ItemRef>, bool)>,
    arc_geometry: HashMap<usize, ParagraphArcs>,
    /// How many times a paragraph's arcs were laid out (the cache's misses).
    pub arc_layouts: u64,
    /// The arcs drawn in the last frame, with their ends on screen.
    pub drawn_arcs: Vec<DrawnArc>,
    /// Re-linking a role from the keyboard.
    pub pick: Option<Pick>,
    /// A label, event type or stance being picked from the keyboard, for a
    /// new item on the selection or for the focused one.
    pub choosing: Option<Choosing>,
    /// Text being selected by typing it.
    pub finding: Option<Finding>,
    /// A comment on an item being written.
    pub commenting: Option<Commenting>,
    /// Keys typed in the frame that opened the finder, a chooser or a pick,
    /// after the key that opened it: theirs, taken in the next frame.
    pub carried: Vec<egui::Event>,
    /// This frame's events before typed text was kept from the selection's
    /// paragraph (see [`DocumentView::unfiltered_events`]).
    unfiltered: Option<Vec<egui::Event>>,
    /// An arc's head being dragged to another mention.
    drag: Option<ArcDrag>,
    /// The paragraphs drawn in the last frame, and where.
    last_placed: Vec<PlacedParagraph>,
}

/// What a pick from the schema will be used for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    NewMention(Span),
    NewEvent(Span),
    NewClaim(Span),
    Relabel(MentionId),
    Retype(EventId),
    Restance(ClaimId),
    /// A new mention of the selection, linked as `role` of the item.
    NewFiller(Span, ItemRef, LinkRole),
    /// An event the claim is about, added (or removed, if linked already).
    About(ClaimId),
    /// The type of a relation from the item, whose other end is picked next.
    RelationKind(ItemRef),
    /// Whether to give the mention's label to every other occurrence of
    /// its text: the choice shows how many.
    LabelAll(MentionId),
    /// Which open suggestions of the document to decide at once.
    Bulk,
}

/// One entry of the schema to pick.
#[derive(Clone, Debug, PartialEq)]
pub enum Choice {
    Label(String),
    EventType(String, Option<String>),
    Stance(String),
    Event(EventId),
    RelationKind(String),
    /// Go ahead (the title said what with).
    Confirm,
    /// Nothing to do: the only entry of a list that just informs.
    Leave,
    /// Decide the open suggestions this filter selects.
    Bulk(crate::app::jobs::DecideFilter),
    /// Do it in every document of the project (counted there first).
    Everywhere,
}

/// The bulk decisions offered for the current document, each with how
/// many open suggestions it decides: every one, one label's (event type's,
/// stance's), one suggester's, the confident ones and the doubtful ones —
/// accept and reject each; those that decide nothing are left out.
fn bulk_choices(workspace: &Workspace) -> Vec<(String, Choice)> {
    use crate::app::jobs::DecideFilter;
    let Some(doc) = workspace.docs.current() else {
        return Vec::new();
    };
    let set = &doc.annotations;
    let mut labels = std::collections::BTreeSet::new();
    let mut suggesters = std::collections::BTreeSet::new();
    let open = set
        .mentions
        .iter()
        .map(|m| (&m.review.status, &m.label))
        .chain(set.events.iter().map(|e| (&e.review.status, &e.event_type)))
        .chain(set.claims.iter().map(|c| (&c.review.status, &c.stance)));
    for (status, label) in open {
        if let Status::Suggested { by, .. } = status {
            labels.insert(label.clone());
            suggesters.insert(by.clone());
        }
    }
    let mut filters: Vec<(String, DecideFilter)> = Vec::new();
    for (verb, decision) in [("Accept", Status::Accepted), ("Reject", Status::Rejected)] {
        let base = DecideFilter {
            decision,
            source: None,
            label: None,
            min_score: None,
        };
        filters.push((format!("{verb} every open suggestion"), base.clone()));
        for label in &labels {
            let filter = DecideFilter {
                label: Some(label.clone()),
                ..base.clone()
            };
            filters.push((format!("{verb} open {label}"), filter));
        }
        for suggester in &suggesters {
            let filter = DecideFilter {
                source: Some(suggester.clone()),
                ..base.clone()
            };
            filters.push((format!("{verb} open by {suggester}"), filter));
        }
        let confident = DecideFilter {
            min_score: Some(0.9),
            ..base.clone()
        };
        filters.push((format!("{verb} open scored 0.9 or more"), confident));
    }
    filters
        .into_iter()
        .filter_map(|(name, filter)| {
            let count = workspace.bulk_preview(&filter)?.decided();
            (count > 0).then(|| (format!("{name} ({count})"), Choice::Bulk(filter)))
        })
        .collect()
}

/// A label, event type or stance being picked, and what for.
#[derive(Clone, Debug)]
pub struct Choosing {
    purpose: Purpose,
    chooser: Chooser<Choice>,
}

/// Selecting text by typing it: where the typed words occur, and the one
/// Enter will select.
#[derive(Clone, Debug, Default)]
pub struct Finding {
    pub query: String,
    pub found: Vec<Span>,
    pub index: usize,
    /// The first place at or after this byte is offered first: typing
    /// searches on from the focused item.
    from: usize,
}

impl Finding {
    fn retype(&mut self, text: &str) {
        self.found = crate::text::edges::occurrences(text, &self.query);
        self.index = self
            .found
            .iter()
            .position(|s| s.start_byte >= self.from)
            .unwrap_or(0);
    }

    fn step(&mut self, forward: bool) {
        let count = self.found.len().max(1);
        self.index = if forward {
            (self.index + 1) % count
        } else {
            (self.index + count - 1) % count
        };
    }

    pub fn current(&self) -> Option<Span> {
        self.found.get(self.index).copied()
    }
}

/// A comment being written on an item, or on the document when nothing is
/// focused: typed text, Enter keeps it (empty, it takes the comment away),
/// Esc leaves it as it was.
#[derive(Clone, Debug)]
pub struct Commenting {
    pub target: crate::model::Target,
    pub text: String,
}

/// Picking a role's new filler from the keyboard: J/K (or the arrows)
/// step through the candidates, typing searches, Enter links.
#[derive(Clone, Debug)]
pub struct Pick {
    pub item: ItemRef,
    pub role: LinkRole,
    /// For a relation being drawn, its type: Enter draws it to the chosen
    /// mention (or takes it away) instead of re-linking a role.
    pub relation: Option<String>,
    pub candidates: Vec<MentionId>,
    /// The candidate chosen now.
    pub index: usize,
    /// Text typed to search the document's mentions.
    pub filter: String,
    /// `/` was typed: every letter goes to the filter, J and K too.
    searching: bool,
    anchor: Span,
}

impl Pick {
    pub fn current(&self) -> Option<MentionId> {
        self.candidates.get(self.index).copied()
    }
}

/// An arc's head being dragged.
#[derive(Clone, Copy, Debug)]
struct ArcDrag {
    item: ItemRef,
    role: LinkRole,
    old: MentionId,
    from: egui::Pos2,
    /// Where the pointer was last seen while dragging.
    pointer: egui::Pos2,
}

/// A paragraph drawn this frame: where its text is on screen.
struct PlacedParagraph {
    index: usize,
    range: Range<usize>,
    galley: Arc<egui::Galley>,
    pos: egui::Pos2,
}

impl Panel for DocumentView {
    /// Draws the current document; a click focuses the item under it.
    fn ui(&mut self, ui: &mut egui::Ui, workspace: &Workspace) -> Output {
        let mut output = Output::default();
        self.unfiltered = None;
        let text_size = self.text_size;
        let Some(doc) = workspace.docs.current() else {
            ui.centered_and_justified(|ui| ui.label("Choose a document on the left."));
            return output;
        };
        let dark = ui.visuals().dark_mode;
        let text = doc.document.text.as_str();
        if self.document.as_ref() != Some(&doc.document.id) {
            self.document = Some(doc.document.id.clone());
            self.paragraphs = split_paragraphs(text);
            self.heights = estimated_heights(&self.paragraphs, text_size, LINE_HEIGHT, 800.0);
            self.layout_key = (0, 0);
            self.selection = None;
            self.index_key = None;
            self.scroll_to = workspace.docs.focus;
        }
        let curation = workspace.curation_of_current();
        let key = (
            doc.document.id.clone(),
            doc.revision(),
            workspace.docs.show_rejected,
            curation.map(crate::app::Curation::revision),
        );
        if self.index_key.as_ref() != Some(&key) {
            self.by_paragraph = index_highlights(workspace, &self.paragraphs);
            self.index_key = Some(key);
        }
        if workspace.docs.focus != self.last_focus {
            self.last_focus = workspace.docs.focus;
            if workspace.docs.focus.is_some() {
                self.scroll_to = workspace.docs.focus;
            }
        }
        if self
            .pick
            .as_ref()
            .is_some_and(|p| workspace.docs.focus != Some(p.item))
        {
            self.pick = None;
        }
        if self.finding.is_some() {
            self.finding_ui(ui.ctx(), text);
        }
        if self.commenting.is_some() {
            self.commenting_ui(ui.ctx(), workspace, &mut output);
        }
        if self.choosing.is_some() {
            self.choosing_ui(ui.ctx(), workspace, &mut output);
        }
        if self.pick.is_some() {
            self.pick_keys_ui(ui, workspace, &mut output);
        }
        // While text is being found, or a label, type, stance or filler
        // picked, every key is theirs and no shortcut runs. Each takes the
        // frame's keys up to the one that closes it, so keys typed faster
        // than frames come (Enter, then a role key) still reach the app.
        output.typing = self.takes_keys();
        if !output.typing {
            self.carried.clear();
        }
        let arc_key = (
            doc.document.id.clone(),
            doc.revision(),
            workspace.docs.show_rejected,
            if self.all_arcs {
                None
            } else {
                workspace.docs.focus
            },
            self.all_arcs,
        );
        if self.arc_key.as_ref() != Some(&arc_key) {
            self.arc_set.rebuild(
                &doc.annotations,
                workspace.docs.show_rejected,
                workspace.docs.focus,
                self.all_arcs,
                &self.paragraphs,
            );
            self.arc_geometry.clear();
            self.arc_key = Some(arc_key);
        }
        self.keep_selection_from_typing(ui.ctx(), &doc.document.id);
        let mut scroll_target = self
            .scroll_to
            .and_then(|item| Some((Some(item), workspace.docs.span_of(item)?)));
        // While curating, the focus is the disagreement in hand.
        let focus = match curation {
            Some(c) => {
                let selected = c.adjudication.disagreements.get(c.selected);
                if self.last_curated != Some(c.selected) {
                    self.last_curated = Some(c.selected);
                    scroll_target = selected.map(|d| (None, d.span));
                }
                selected.map(|_| Marked::Disagreement(c.selected))
            }
            None => {
                self.last_curated = None;
                workspace.docs.focus.map(Marked::Item)
            }
        };

        let base = theme::body_format(text_size, dark);
        let line_height = if self.all_arcs {
            ARCS_LINE_HEIGHT
        } else {
            LINE_HEIGHT
        };
        let row_height = Some(text_size * line_height);
        let mut selection = self.selection;
        egui::ScrollArea::vertical()
            .auto_shrink(false)
            .id_salt("document-view")
            .show_viewport(ui, |ui, viewport| {
                let width = ui.available_width().max(100.0);
                let layout_key = (
                    width.round() as u32,
                    (text_size * line_height * 10.0).round() as u32,
                );
                if layout_key != self.layout_key {
                    self.layout_key = layout_key;
                    self.heights =
                        estimated_heights(&self.paragraphs, text_size, line_height, width);
                }
                let mut placed: Vec<PlacedParagraph> = Vec::new();
                let total: f32 = self
                    .heights
                    .iter()
                    .map(|h| h + PARAGRAPH_GAP_PX)
                    .sum::<f32>()
                    + TOP_MARGIN_PX;
                let content_origin = ui.max_rect().min;
                let origin = content_origin + egui::vec2(0.0, TOP_MARGIN_PX);
                ui.set_min_height(total);
                let mut y = 0.0;
                for (index, range) in self.paragraphs.iter().enumerate() {
                    let height = self.heights[index];
                    let target_here =
                        scroll_target.filter(|(_, span)| range.contains(&span.start_byte));
                    let reveal_here = self.reveal.filter(|span| range.contains(&span.start_byte));
                    let visible = y + height >= viewport.min.y - OVERDRAW_PX
                        && y <= viewport.max.y + OVERDRAW_PX;
                    if visible {
                        let rect = egui::Rect::from_min_size(
                            origin + egui::vec2(0.0, y),
                            egui::vec2(width, height),
                        );
                        let mut child = ui.new_child(
                            egui::UiBuilder::new()
                                .max_rect(rect)
                                .layout(egui::Layout::top_down(egui::Align::Min)),
                        );
                        let job = paragraph_job(
                            text,
                            range.clone(),
                            &self.by_paragraph[index],
                            focus,
                            &base,
                            row_height,
                            dark,
                        );
                        let drawn = draw_paragraph(
                            &mut child,
                            text,
                            range.clone(),
                            job,
                            index,
                            &doc.document.id,
                        );
                        placed.push(PlacedParagraph {
                            index,
                            range: range.clone(),
                            galley: drawn.galley.clone(),
                            pos: drawn.galley_pos,
                        });
                        if (drawn.height - height).abs() > 0.5 {
                            self.heights[index] = drawn.height;
                            ui.ctx().request_repaint();
                        }
                        if let Some(span) = reveal_here {
                            // Selected below, so in the paragraph from the
                            // next frame; the view's selection already.
                            selection = Some(span);
                        } else if let Some(span) = drawn.selection {
                            // A selection made with the mouse covers whole
                            // words once the button is up.
                            let dragging = ui.input(|i| i.pointer.any_down());
                            let snapped = crate::text::edges::snap_to_words(text, span);
                            if !dragging && snapped != span {
                                select_in_paragraph(
                                    ui.ctx(),
                                    &doc.document.id,
                                    index,
                                    text,
                                    range.clone(),
                                    snapped,
                                );
                            }
                            selection = Some(if dragging { span } else { snapped });
                        } else if drawn.has_focus {
                            selection = None;
                        }
                        if let Some(byte) = drawn.clicked_byte {
                            match innermost_at(&self.by_paragraph[index], byte) {
                                Some(Marked::Item(item)) => output.request(Request::Focus(item)),
                                Some(Marked::Disagreement(i)) => output.request(Request::Curate(
                                    crate::app::CurationAction::Select(i),
                                )),
                                Some(Marked::Agreed(_)) | None => {}
                            }
                        }
                        if let Some(span) = reveal_here {
                            select_in_paragraph(
                                ui.ctx(),
                                &doc.document.id,
                                index,
                                text,
                                range.clone(),
                                span,
                            );
                            let local = drawn.rect_of_byte(text, range.start, span.start_byte);
                            ui.scroll_to_rect(local.expand(40.0), Some(egui::Align::Center));
                            self.reveal = None;
                        }
                        if let Some((item, span)) = target_here {
                            let local = drawn.rect_of_byte(text, range.start, span.start_byte);
                            // An item in view stays where it is; one out of
                            // view is centred.
                            let in_content = local.translate(-content_origin.to_vec2());
                            if !viewport.contains_rect(in_content.expand(40.0)) {
                                ui.scroll_to_rect(local.expand(40.0), Some(egui::Align::Center));
                            }
                            if item.is_some() && self.scroll_to == item {
                                self.scroll_to = None;
                            }
                        }
                    } else if target_here.is_some() || reveal_here.is_some() {
                        // Bring the paragraph into view first; it is drawn
                        // (and the item centred) next frame.
                        let rect = egui::Rect::from_min_size(
                            origin + egui::vec2(0.0, y),
                            egui::vec2(width, height),
                        );
                        ui.scroll_to_rect(rect, Some(egui::Align::Center));
                        ui.ctx().request_repaint();
                    }
                    y += height + PARAGRAPH_GAP_PX;
                }
                // The arcs are the annotator's items', not the curation's.
                if curation.is_none() {
                    self.arcs_ui(ui, workspace, text, &placed, dark, &mut output);
                    self.pick_ui(ui, workspace, text, &placed, dark);
                }
                self.last_placed = placed;
            });
        if selection != self.selection {
            // Panels drawn before the view show the selection next frame.
            ui.ctx().request_repaint();
            self.selection = selection;
        }
        output
    }
}

impl DocumentView {
    /// The article is read-only, but a paragraph with the keyboard still
    /// takes a typed character (or Enter, Backspace …) as a replacement of
    /// its selection, which collapses it: a label key pressed with text
    /// selected would then find no selection and relabel the focused item
    /// instead. While a paragraph holding the selection has the keyboard,
    /// such input is not given to it; the shortcuts read the frame's events
    /// as they were ([`DocumentView::unfiltered_events`]).
    fn keep_selection_from_typing(&mut self, ctx: &egui::Context, document: &DocumentId) {
        let Some(selection) = self.selection else {
            return;
        };
        let Some(index) = self
            .paragraphs
            .iter()
            .position(|range| range.contains(&selection.start_byte))
        else {
            return;
        };
        if ctx.memory(|m| m.focused()) != Some(paragraph_id(document, index)) {
            return;
        }
        self.unfiltered = ctx.input_mut(|input| {
            // What a text field takes as an edit of its selection: typed
            // text, and the keys that replace or delete it.
            let typed = |event: &egui::Event| match event {
                egui::Event::Text(_) | egui::Event::Paste(_) | egui::Event::Cut => true,
                egui::Event::Key { key, .. } => matches!(
                    key,
                    egui::Key::Enter | egui::Key::Backspace | egui::Key::Delete | egui::Key::Tab
                ),
                _ => false,
            };
            if !input.events.iter().any(typed) {
                return None;
            }
            let all = input.events.clone();
            input.events.retain(|event| !typed(event));
            Some(all)
        });
    }

    /// This frame's events as they were before typed text was kept from
    /// the paragraph holding the selection: a prompt opened by a key of
    /// this frame takes the text typed after it.
    pub fn unfiltered_events(&mut self) -> Option<Vec<egui::Event>> {
        self.unfiltered.take()
    }

    /// Draws the arcs of the paragraphs drawn this frame, from their cached
    /// geometry, and the handles that re-link an arc by dragging its head.
    fn arcs_ui(
        &mut self,
        ui: &mut egui::Ui,
        workspace: &Workspace,
        text: &str,
        placed: &[PlacedParagraph],
        dark: bool,
        output: &mut Output,
    ) {
        self.drawn_arcs.clear();
        if self.arc_set.arcs.is_empty() {
            self.drag = None;
            return;
        }
        let painter = ui.painter().clone();
        let label = |text: &str| arcs::label_galley(&painter, text);
        let mut ends: HashMap<usize, DrawnArc> = HashMap::new();
        for paragraph in placed {
            if self.arc_set.in_paragraph(paragraph.index).is_empty() {
                continue;
            }
            let fresh = self
                .arc_geometry
                .get(&paragraph.index)
                .is_some_and(|g| g.is_for(&paragraph.galley, self.arc_set.generation));
            if !fresh {
                let geometry = ParagraphArcs::build(
                    &self.arc_set,
                    paragraph.index,
                    text,
                    paragraph.range.clone(),
                    &paragraph.galley,
                    PARAGRAPH_GAP_PX,
                    |role| label(role).size().x,
                );
                self.arc_layouts += 1;
                self.arc_geometry.insert(paragraph.index, geometry);
            }
            let Some(geometry) = self.arc_geometry.get(&paragraph.index) else {
                continue;
            };
            geometry.paint(&painter, paragraph.pos, &self.arc_set, dark, &label);
            for (arc, is_head, rect, x) in geometry.ends() {
                let link = &self.arc_set.arcs[arc];
                let drawn = ends.entry(arc).or_insert_with(|| DrawnArc {
                    item: link.item,
                    role: link.role,
                    filler: link.filler,
                    from: None,
                    to: None,
                    head_x: None,
                });
                let rect = rect.translate(paragraph.pos.to_vec2());
                if is_head {
                    drawn.to = Some(rect);
                    drawn.head_x = Some(x + paragraph.pos.x);
                } else {
                    drawn.from = Some(rect);
                }
            }
        }
        let mut drawn: Vec<(usize, DrawnArc)> = ends.into_iter().collect();
        drawn.sort_by_key(|(arc, _)| *arc);
        self.drawn_arcs = drawn.into_iter().map(|(_, d)| d).collect();
        self.handles_ui(ui, workspace, placed, dark, output);
    }

    /// The handle on each arc head to a mention: dragged onto another
    /// mention, it re-links the role to it.
    fn handles_ui(
        &mut self,
        ui: &mut egui::Ui,
        workspace: &Workspace,
        placed: &[PlacedParagraph],
        dark: bool,
        output: &mut Output,
    ) {
        let mut dropped = None;
        for arc in &self.drawn_arcs {
            let (ItemRef::Mention(old), Some(handle)) = (arc.filler, arc.handle()) else {
                continue;
            };
            let id = egui::Id::unique(("attest-arc-handle", arc.item, arc.role, arc.filler));
            let rect = egui::Rect::from_center_size(handle, egui::vec2(7.0, 12.0));
            let response = ui
                .interact(rect, id, egui::Sense::drag())
                .on_hover_cursor(egui::CursorIcon::Grab)
                .on_hover_text(format!(
                    "Drag onto another mention to re-link {}",
                    arc.role.name()
                ));
            let colour = theme::role_colour(arc.role, dark);
            if response.hovered() || response.dragged() {
                ui.painter()
                    .circle_filled(handle, arcs::HANDLE_RADIUS_PX, colour);
            }
            if response.drag_started() {
                self.drag = Some(ArcDrag {
                    item: arc.item,
                    role: arc.role,
                    old,
                    from: handle,
                    pointer: handle,
                });
            }
            if response.drag_stopped() {
                dropped = Some(());
            }
        }
        let Some(drag) = &mut self.drag else { return };
        if let Some(pointer) = ui.input(|i| i.pointer.latest_pos()) {
            drag.pointer = pointer;
        }
        let drag = *drag;
        if dropped.is_some() {
            let pos = drag.pointer;
            self.drag = None;
            let Some(doc) = workspace.docs.current() else {
                return;
            };
            if let Some(new) = self.mention_at(placed, text_of(workspace), pos)
                && let Some(change) = edit::relink(
                    &doc.annotations,
                    drag.item,
                    drag.role,
                    Relink::Replace { old: drag.old, new },
                )
            {
                output.change(change);
            }
            return;
        }
        if let Some(pointer) = ui.input(|i| i.pointer.latest_pos()) {
            let colour = theme::role_colour(drag.role, dark);
            ui.painter().add(egui::Shape::dashed_line(
                &[drag.from, pointer],
                Stroke::new(1.5, colour),
                6.0,
                4.0,
            ));
            ui.painter()
                .circle_filled(pointer, arcs::HANDLE_RADIUS_PX, colour);
        }
        if !ui.input(|i| i.pointer.any_down()) {
            self.drag = None;
        }
    }

    /// The innermost mention under a point of the text drawn this frame.
    fn mention_at(
        &self,
        placed: &[PlacedParagraph],
        text: &str,
        pos: egui::Pos2,
    ) -> Option<MentionId> {
        let paragraph = placed.iter().find(|p| {
            egui::Rect::from_min_size(p.pos, p.galley.size())
                .expand(2.0)
                .contains(pos)
        })?;
        let cursor = paragraph.galley.cursor_from_pos(pos - paragraph.pos);
        let piece = text.get(paragraph.range.clone())?;
        let byte = paragraph.range.start
            + piece
                .char_indices()
                .nth(cursor.index.0)
                .map_or(piece.len(), |(i, _)| i);
        self.by_paragraph
            .get(paragraph.index)?
            .iter()
            .filter(|h| matches!(h.item, Marked::Item(ItemRef::Mention(_))))
            .filter(|h| h.span.start_byte <= byte && byte < h.span.end_byte)
            .min_by_key(|h| h.span.len_bytes())
            .and_then(|h| match h.item {
                Marked::Item(ItemRef::Mention(id)) => Some(id),
                _ => None,
            })
    }

    /// Where a span's first stretch was drawn in the last frame, if it was.
    pub fn span_on_screen(&self, text: &str, span: Span) -> Option<egui::Rect> {
        let paragraph = self
            .last_placed
            .iter()
            .find(|p| p.range.contains(&span.start_byte))?;
        let rect = arcs::span_rect(&paragraph.galley, text, paragraph.range.clone(), span);
        Some(rect.translate(paragraph.pos.to_vec2()))
    }

    /// Opens the list of the schema's labels, event types or stances that
    /// `purpose` picks from.
    pub fn start_choosing(&mut self, workspace: &Workspace, purpose: Purpose) {
        let schema = &workspace.project.file.schema;
        let labels = || {
            schema
                .entity_labels
                .iter()
                .map(|l| (l.name.clone(), Choice::Label(l.name.clone())))
                .collect()
        };
        let event_types = || {
            let mut choices = Vec::new();
            for event_type in &schema.event_types {
                let name = event_type.name.clone();
                choices.push((name.clone(), Choice::EventType(name.clone(), None)));
                for sub_type in &event_type.sub_types {
                    choices.push((
                        format!("{name} / {sub_type}"),
                        Choice::EventType(name.clone(), Some(sub_type.clone())),
                    ));
                }
            }
            choices
        };
        let stances = || {
            schema
                .stances
                .iter()
                .map(|s| (s.name.clone(), Choice::Stance(s.name.clone())))
                .collect()
        };
        let chooser: Chooser<Choice> = match purpose {
            Purpose::NewFiller(_, _, role) => {
                // The labels that usually fill the role first (a claim's
                // responsible as an event's agent).
                let usual = schema
                    .roles
                    .iter()
                    .find(|r| {
                        r.name
                            == match role {
                                LinkRole::Responsible => LinkRole::Agent.name(),
                                other => other.name(),
                            }
                    })
                    .map(|r| r.labels.clone())
                    .unwrap_or_default();
                let mut choices: Vec<(String, Choice)> = labels();
                choices.sort_by_key(|(name, _)| {
                    usual.iter().position(|u| u == name).unwrap_or(usize::MAX)
                });
                Chooser::new(format!("New {}: its label", role.name()), choices)
            }
            Purpose::NewMention(_) => Chooser::new("New mention: its label", labels()),
            Purpose::Relabel(_) => Chooser::new("Its label", labels()),
            Purpose::NewEvent(_) => Chooser::new("New event: its type", event_types()),
            Purpose::Retype(_) => Chooser::new("Its event type", event_types()),
            Purpose::NewClaim(_) => Chooser::new("New claim: its stance", stances()),
            Purpose::Restance(_) => Chooser::new("Its stance", stances()),
            Purpose::About(claim) => {
                let Some(doc) = workspace.docs.current() else {
                    return;
                };
                let linked = doc
                    .annotations
                    .claim(claim)
                    .map(|c| c.events.clone())
                    .unwrap_or_default();
                // A rejected event is no event; offered only to be unlinked.
                let choices = doc
                    .annotations
                    .events
                    .iter()
                    .filter(|e| e.review.status != Status::Rejected || linked.contains(&e.id))
                    .map(|e| {
                        let name =
                            super::suggestions_panel::describe(workspace, ItemRef::Event(e.id));
                        let label = if linked.contains(&e.id) {
                            format!("{}: {name} (linked; Enter unlinks)", e.id)
                        } else {
                            format!("{}: {name}", e.id)
                        };
                        (label, Choice::Event(e.id))
                    })
                    .collect();
                Chooser::new("About which events (Enter adds or removes one)", choices)
            }
            Purpose::LabelAll(id) => {
                let Some(preview) = workspace.label_all_preview(id) else {
                    return;
                };
                let (name, label) = workspace
                    .docs
                    .current()
                    .and_then(|d| d.annotations.mention(id))
                    .map(|m| (m.text.clone(), m.label.clone()))
                    .unwrap_or_default();
                let settled = match preview.settled {
                    0 => String::new(),
                    n => format!("; {n} left as they are, gold already there"),
                };
                let choice = match preview.labelled {
                    0 => format!("No other occurrence to label{settled} (Esc)"),
                    n => format!(
                        "Label {n} more in this document{settled} (Enter; Ctrl+Z undoes all)"
                    ),
                };
                let action = if preview.labelled == 0 {
                    Choice::Leave
                } else {
                    Choice::Confirm
                };
                Chooser::new(
                    format!("Label every “{name}” as {label}"),
                    vec![
                        (choice, action),
                        (
                            "…in every document of the project (counted first)".to_owned(),
                            Choice::Everywhere,
                        ),
                    ],
                )
            }
            Purpose::Bulk => Chooser::new(
                "Decide open suggestions in bulk (type to filter: accept, reject, a label…)",
                bulk_choices(workspace),
            ),
            Purpose::RelationKind(_) => Chooser::new(
                "Relation: its type",
                schema
                    .relation_types
                    .iter()
                    .filter(|t| !t.equivalence)
                    .map(|t| (t.name.clone(), Choice::RelationKind(t.name.clone())))
                    .collect(),
            ),
        };
        self.pick = None;
        self.choosing = Some(Choosing { purpose, chooser });
    }

    /// Takes this frame's keys for the pick under way, and draws its list.
    fn choosing_ui(&mut self, ctx: &egui::Context, workspace: &Workspace, output: &mut Output) {
        let (events, carried) = self.prompt_events(ctx);
        let Some(choosing) = &mut self.choosing else {
            return;
        };
        let (chosen, used) = choosing.chooser.keys(&events);
        let choice = match chosen {
            Chosen::Open => {
                choosing.chooser.ui(ctx);
                return;
            }
            Chosen::Cancelled => None,
            Chosen::Picked(choice) => Some(choice),
        };
        let purpose = choosing.purpose;
        self.choosing = None;
        self.consume(ctx, &events, used, carried);
        let request = match (purpose, choice) {
            (Purpose::NewMention(span), Some(Choice::Label(label))) => {
                Request::CreateMention { span, label }
            }
            (Purpose::NewFiller(span, item, role), Some(Choice::Label(label))) => {
                Request::CreateFiller {
                    span,
                    label,
                    item,
                    role,
                }
            }
            (Purpose::Relabel(id), Some(Choice::Label(label))) => {
                Request::Change(Change::MentionLabel(id, label))
            }
            (Purpose::NewEvent(span), Some(Choice::EventType(event_type, sub_type))) => {
                Request::CreateEvent {
                    span,
                    event_type,
                    sub_type,
                }
            }
            (Purpose::Retype(id), Some(Choice::EventType(event_type, sub_type))) => {
                Request::Change(Change::EventType(id, event_type, sub_type))
            }
            (Purpose::NewClaim(span), Some(Choice::Stance(stance))) => {
                Request::CreateClaim { span, stance }
            }
            (Purpose::Restance(id), Some(Choice::Stance(stance))) => {
                Request::Change(Change::ClaimStance(id, stance))
            }
            (Purpose::About(id), Some(Choice::Event(event))) => Request::ToggleAbout(id, event),
            (Purpose::LabelAll(id), Some(Choice::Confirm)) => Request::LabelAll(id),
            (Purpose::LabelAll(_), Some(Choice::Everywhere)) => Request::Command(
                crate::app::Command::Window(crate::app::WindowKind::LabelEverywhere),
            ),
            (Purpose::Bulk, Some(Choice::Bulk(filter))) => Request::DecideInBulk(filter),
            (Purpose::RelationKind(item), Some(Choice::RelationKind(kind))) => {
                // The type chosen, the other end is picked next.
                self.start_relation_pick(workspace, item, kind);
                return;
            }
            _ => return,
        };
        output.request(request);
    }

    /// Starts selecting text by typing it, searching on from the focused
    /// item (or the selection).
    pub fn start_finding(&mut self, workspace: &Workspace) {
        let from = self
            .selection
            .or_else(|| workspace.docs.focus.and_then(|f| workspace.docs.span_of(f)))
            .map_or(0, |s| s.end_byte);
        self.pick = None;
        self.choosing = None;
        self.finding = Some(Finding {
            from,
            ..Finding::default()
        });
    }

    /// Takes this frame's keys for the text being found, and draws where
    /// it stands. Enter selects the place highlighted, as a mouse would.
    fn finding_ui(&mut self, ctx: &egui::Context, text: &str) {
        let (events, carried) = self.prompt_events(ctx);
        let Some(finding) = &mut self.finding else {
            return;
        };
        let mut chosen = None;
        let mut leave = false;
        let mut used: usize = 0;
        for event in events.iter().cloned() {
            if leave {
                break;
            }
            used += 1;
            match event {
                egui::Event::Key {
                    key,
                    pressed: true,
                    modifiers,
                    ..
                } => match key {
                    egui::Key::Tab => finding.step(!modifiers.shift),
                    egui::Key::ArrowDown => finding.step(true),
                    egui::Key::ArrowUp => finding.step(false),
                    egui::Key::Backspace => {
                        finding.query.pop();
                        finding.retype(text);
                    }
                    egui::Key::Enter => {
                        chosen = finding.current();
                        leave = chosen.is_some();
                    }
                    egui::Key::Escape => leave = true,
                    _ => {}
                },
                egui::Event::Text(typed) => {
                    finding.query.push_str(&typed);
                    finding.retype(text);
                }
                _ => {}
            }
        }
        if leave {
            self.consume(ctx, &events, used, carried);
            self.finding = None;
            if let Some(span) = chosen {
                self.selection = Some(span);
                self.reveal = Some(span);
            }
            return;
        }
        let status = match (finding.current(), finding.query.trim().is_empty()) {
            (_, true) => "Type words of the article.".to_owned(),
            (None, false) => "Not in this article; Backspace to change.".to_owned(),
            (Some(span), false) => {
                let context = crate::text::sentences::sentence_around(text, span);
                let before = text.get(context.start_byte..span.start_byte).unwrap_or("");
                let after = text.get(span.end_byte..context.end_byte).unwrap_or("");
                let tail = |s: &str, n: usize| {
                    let count = s.chars().count();
                    s.chars().skip(count.saturating_sub(n)).collect::<String>()
                };
                format!(
                    "{} of {}: …{}[{}]{}…",
                    finding.index + 1,
                    finding.found.len(),
                    tail(before, 30),
                    span.text(text).unwrap_or(""),
                    after.chars().take(30).collect::<String>()
                )
            }
        };
        egui::Window::new("Select text")
            .id(egui::Id::unique("attest-find-text"))
            .collapsible(false)
            .resizable(false)
            .anchor(egui::Align2::CENTER_TOP, egui::vec2(0.0, 60.0))
            .show(ctx, |ui| {
                ui.label(format!("Find: {}", finding.query));
                ui.label(status);
                ui.weak("Tab for the next place, Enter to select it, Esc to leave");
            });
    }

    /// Starts writing a comment on the focused item, from its comment so far.
    pub fn start_commenting(&mut self, workspace: &Workspace) {
        let Some(doc) = workspace.docs.current() else {
            return;
        };
        let target = workspace
            .docs
            .focus
            .map_or(crate::model::Target::Document, crate::model::Target::Item);
        let text = crate::edit::comment_on_target(&doc.annotations, target)
            .unwrap_or_default()
            .to_owned();
        self.pick = None;
        self.choosing = None;
        self.finding = None;
        self.commenting = Some(Commenting { target, text });
    }

    /// Takes this frame's keys for the comment being written, and draws it.
    fn commenting_ui(&mut self, ctx: &egui::Context, workspace: &Workspace, output: &mut Output) {
        let (events, carried) = self.prompt_events(ctx);
        let Some(commenting) = &mut self.commenting else {
            return;
        };
        let mut done = None;
        let mut used: usize = 0;
        for event in &events {
            if done.is_some() {
                break;
            }
            used += 1;
            match event {
                egui::Event::Key {
                    key, pressed: true, ..
                } => match key {
                    egui::Key::Backspace => {
                        commenting.text.pop();
                    }
                    egui::Key::Enter => done = Some(true),
                    egui::Key::Escape => done = Some(false),
                    _ => {}
                },
                egui::Event::Text(typed) => commenting.text.push_str(typed),
                egui::Event::Paste(pasted) => commenting.text.push_str(pasted),
                _ => {}
            }
        }
        if let Some(keep) = done {
            let commenting = self.commenting.take();
            self.consume(ctx, &events, used, carried);
            if let (true, Some(Commenting { target, text })) = (keep, commenting) {
                output.request(Request::Comment(target, text));
            }
            return;
        }
        let about = match commenting.target {
            crate::model::Target::Item(item) => super::suggestions_panel::describe(workspace, item),
            _ => "the document".to_owned(),
        };
        egui::Window::new(format!("Comment on {about}"))
            .id(egui::Id::unique("attest-comment"))
            .collapsible(false)
            .resizable(false)
            .anchor(egui::Align2::CENTER_TOP, egui::vec2(0.0, 60.0))
            .show(ctx, |ui| {
                ui.label(format!("Comment: {}|", commenting.text));
                ui.weak("Enter keeps it (empty: no comment), Esc leaves it as it was");
            });
    }

    /// Moves an edge of the selection by a word (`[` and `]`, with Shift
    /// for the start), as for the focused item's span.
    pub fn move_selection_edge(&mut self, workspace: &Workspace, edge: Edge, forward: bool) {
        let (Some(span), Some(doc)) = (self.selection, workspace.docs.current()) else {
            return;
        };
        if let Some(moved) = crate::text::edges::move_edge(&doc.document.text, span, edge, forward)
        {
            self.selection = Some(moved);
            self.reveal = Some(moved);
        }
    }

    /// Starts re-linking `role` of the focused item from the keyboard.
    pub fn start_pick(&mut self, workspace: &Workspace, role: LinkRole) {
        let (Some(item), Some(doc)) = (workspace.docs.focus, workspace.docs.current()) else {
            return;
        };
        let Some(anchor) = workspace.docs.span_of(item) else {
            return;
        };
        if !role.fits(item) {
            return;
        }
        let candidates = edit::candidates(&doc.annotations, &doc.document.text, anchor, "");
        let current = edit::fillers(&doc.annotations, item, role);
        let index = candidates
            .iter()
            .position(|c| current.contains(c))
            .unwrap_or(0);
        self.pick = Some(Pick {
            item,
            role,
            relation: None,
            candidates,
            index,
            filter: String::new(),
            searching: false,
            anchor,
        });
    }

    /// Starts picking, from the keyboard, the mention a `kind` relation
    /// from `item` goes to: the sentence's mentions, the item left out.
    pub fn start_relation_pick(&mut self, workspace: &Workspace, item: ItemRef, kind: String) {
        let (Some(doc), Some(anchor)) = (workspace.docs.current(), workspace.docs.span_of(item))
        else {
            return;
        };
        let mut candidates = edit::candidates(&doc.annotations, &doc.document.text, anchor, "");
        candidates.retain(|&m| ItemRef::Mention(m) != item);
        self.pick = Some(Pick {
            item,
            role: LinkRole::Related,
            relation: Some(kind),
            candidates,
            index: 0,
            filter: String::new(),
            searching: false,
            anchor,
        });
    }

    /// Handles this frame's keys in pick mode.
    fn pick_keys_ui(&mut self, ui: &egui::Ui, workspace: &Workspace, output: &mut Output) {
        let Some(doc) = workspace.docs.current() else {
            self.pick = None;
            return;
        };
        let (events, carried) = self.prompt_events(ui.ctx());
        let Some(pick) = &mut self.pick else { return };
        let mut filter_changed = false;
        let mut link = None;
        let mut leave = false;
        let mut used: usize = 0;
        for event in events.iter().cloned() {
            if leave || link.is_some() {
                break;
            }
            used += 1;
            match event {
                egui::Event::Key {
                    key,
                    pressed: true,
                    modifiers,
                    ..
                } => {
                    let stepping = pick.filter.is_empty() && !pick.searching;
                    let count = pick.candidates.len().max(1);
                    match key {
                        egui::Key::ArrowDown | egui::Key::Tab => {
                            pick.index = (pick.index + 1) % count;
                        }
                        egui::Key::ArrowUp => pick.index = (pick.index + count - 1) % count,
                        egui::Key::J if stepping => pick.index = (pick.index + 1) % count,
                        egui::Key::K if stepping => pick.index = (pick.index + count - 1) % count,
                        egui::Key::Enter => {
                            link = Some(pick.current().map(|m| {
                                if modifiers.shift {
                                    Relink::Add(m)
                                } else {
                                    Relink::Set(m)
                                }
                            }));
                        }
                        egui::Key::Escape => leave = true,
                        egui::Key::Backspace => {
                            filter_changed |= pick.filter.pop().is_some();
                            if pick.filter.is_empty() {
                                pick.searching = false;
                            }
                        }
                        _ => {}
                    }
                }
                egui::Event::Text(typed) => {
                    let stepping = pick.filter.is_empty() && !pick.searching;
                    if stepping && (typed == "j" || typed == "k") {
                        continue;
                    }
                    if stepping && typed == "/" {
                        pick.searching = true;
                        continue;
                    }
                    pick.filter.push_str(&typed);
                    filter_changed = true;
                }
                _ => {}
            }
        }
        if filter_changed {
            pick.candidates = edit::candidates(
                &doc.annotations,
                &doc.document.text,
                pick.anchor,
                &pick.filter,
            );
            let item = pick.item;
            pick.candidates.retain(|&m| ItemRef::Mention(m) != item);
            pick.index = 0;
        }
        if let Some(how) = link {
            match (how, &pick.relation) {
                (Some(Relink::Set(m) | Relink::Add(m)), Some(kind)) => {
                    output.request(Request::ToggleRelation {
                        kind: kind.clone(),
                        from: pick.item,
                        to: ItemRef::Mention(m),
                    });
                }
                (Some(how), None) => {
                    if let Some(change) = edit::relink(&doc.annotations, pick.item, pick.role, how)
                    {
                        output.change(change);
                    }
                }
                _ => {}
            }
            leave = true;
        }
        if leave {
            self.consume(ui.ctx(), &events, used, carried);
            self.pick = None;
        } else if let Some(current) = pick.current() {
            self.scroll_to = Some(ItemRef::Mention(current));
        }
    }

    /// Outlines the candidates of a re-link, the chosen one in its role's
    /// colour with the role's name above it.
    fn pick_ui(
        &self,
        ui: &egui::Ui,
        workspace: &Workspace,
        text: &str,
        placed: &[PlacedParagraph],
        dark: bool,
    ) {
        let (Some(pick), Some(doc)) = (&self.pick, workspace.docs.current()) else {
            return;
        };
        let painter = ui.painter();
        let colour = theme::role_colour(pick.role, dark);
        for (index, &candidate) in pick.candidates.iter().enumerate() {
            let Some(mention) = doc.annotations.mention(candidate) else {
                continue;
            };
            let Some(paragraph) = placed
                .iter()
                .find(|p| p.range.contains(&mention.span.start_byte))
            else {
                continue;
            };
            let rect = arcs::span_rect(
                &paragraph.galley,
                text,
                paragraph.range.clone(),
                mention.span,
            )
            .translate(paragraph.pos.to_vec2())
            .expand(2.0);
            if index == pick.index {
                painter.rect_stroke(
                    rect,
                    3.0,
                    Stroke::new(2.5, colour),
                    egui::StrokeKind::Outside,
                );
                let label = arcs::label_galley(
                    painter,
                    pick.relation.as_deref().unwrap_or(pick.role.name()),
                );
                let at = rect.left_top() - egui::vec2(0.0, label.size().y + 1.0);
                painter.galley(at, label, colour);
            } else {
                painter.rect_stroke(
                    rect,
                    3.0,
                    Stroke::new(1.0, colour.gamma_multiply(0.6)),
                    egui::StrokeKind::Outside,
                );
            }
        }
    }

    /// What the keys do now, for the status bar (in pick mode).
    pub fn pick_hint(&self, workspace: &Workspace) -> Option<String> {
        let pick = self.pick.as_ref()?;
        let set = &workspace.docs.current()?.annotations;
        let chosen = pick
            .current()
            .and_then(|m| set.mention(m))
            .map_or("no candidate".to_owned(), |m| format!("“{}”", m.text));
        let search = if pick.filter.is_empty() {
            "type to search".to_owned()
        } else {
            format!("search “{}”", pick.filter)
        };
        let (of, count) = (
            (pick.index + 1).min(pick.candidates.len()),
            pick.candidates.len(),
        );
        Some(match &pick.relation {
            Some(kind) => format!(
                "{kind} from {}: to {chosen} ({of} of {count}) · J/K choose · {search} · Enter draws it (or takes it away) · Esc cancels",
                pick.item,
            ),
            None => format!(
                "Re-link {} of {}: {chosen} ({of} of {count}) · J/K choose · {search} · Enter links · Shift+Enter adds · Esc cancels",
                pick.role.name(),
                pick.item,
            ),
        })
    }
}

impl DocumentView {
    /// Whether a prompt (the finder, a chooser, a pick) has the keys.
    pub fn takes_keys(&self) -> bool {
        self.finding.is_some()
            || self.choosing.is_some()
            || self.pick.is_some()
            || self.commenting.is_some()
    }

    /// The keys for the open prompt: those carried from the frame that
    /// opened it, then this frame's; and how many were carried.
    fn prompt_events(&mut self, ctx: &egui::Context) -> (Vec<egui::Event>, usize) {
        let mut events = std::mem::take(&mut self.carried);
        let carried = events.len();
        ctx.input(|i| events.extend(i.events.iter().cloned()));
        (events, carried)
    }

    /// A prompt closed after the first `used` of its `events` (of which
    /// the first `carried` were carried from the frame before): what it did
    /// not use is this frame's input for the rest of the app, carried keys
    /// first.
    fn consume(&self, ctx: &egui::Context, events: &[egui::Event], used: usize, carried: usize) {
        take_events(ctx, used.saturating_sub(carried));
        if used < carried {
            ctx.input_mut(|input| {
                input
                    .events
                    .splice(0..0, events[used..carried].iter().cloned());
            });
        }
    }
}

/// Takes the first `count` of this frame's input events away from the rest
/// of the app: the keys a chooser, a pick or the finder used before it
/// closed. The keys after them in the frame are the app's, as if they had
/// come in the next frame.
fn take_events(ctx: &egui::Context, count: usize) {
    ctx.input_mut(|input| {
        let count = count.min(input.events.len());
        input.events.drain(..count);
    });
}

/// The current document's text.
fn text_of(workspace: &Workspace) -> &str {
    workspace
        .docs
        .current()
        .map_or("", |d| d.document.text.as_str())
}

/// Selects `span` in a paragraph's text and gives it the keyboard, as a
/// mouse selection would.
fn select_in_paragraph(
    ctx: &egui::Context,
    document: &DocumentId,
    index: usize,
    text: &str,
    range: Range<usize>,
    span: Span,
) {
    let id = paragraph_id(document, index);
    let chars = |byte: usize| {
        text.get(range.start..byte.clamp(range.start, range.end))
            .map_or(0, |s| s.chars().count())
    };
    let mut state = egui::text_edit::TextEditState::load(ctx, id).unwrap_or_default();
    state
        .cursor
        .set_char_range(Some(egui::text::CCursorRange::two(
            CCursor::new(chars(span.start_byte)),
            CCursor::new(chars(span.end_byte)),
        )));
    state.store(ctx, id);
    ctx.memory_mut(|m| m.request_focus(id));
    ctx.request_repaint();
}

/// What drawing one paragraph reported.
struct DrawnParagraph {
    height: f32,
    galley: std::sync::Arc<egui::Galley>,
    galley_pos: egui::Pos2,
    selection: Option<Span>,
    has_focus: bool,
    clicked_byte: Option<usize>,
}

impl DrawnParagraph {
    /// Screen rectangle of a byte of the paragraph starting at `start`.
    fn rect_of_byte(&self, text: &str, start: usize, byte: usize) -> egui::Rect {
        let chars = text.get(start..byte).map_or(0, |s| s.chars().count());
        self.galley
            .pos_from_cursor(CCursor::new(chars))
            .translate(self.galley_pos.to_vec2())
    }
}

/// The widget id of a paragraph's text, stable per document.
pub fn paragraph_id(document: &DocumentId, index: usize) -> egui::Id {
    egui::Id::unique(("attest-paragraph", document.as_str(), index))
}

fn draw_paragraph(
    ui: &mut egui::Ui,
    text: &str,
    range: Range<usize>,
    job: LayoutJob,
    index: usize,
    document: &DocumentId,
) -> DrawnParagraph {
    let mut paragraph: &str = &text[range.clone()];
    let mut layouter = |ui: &egui::Ui, _buffer: &dyn egui::TextBuffer, wrap_width: f32| {
        let mut job = job.clone();
        job.wrap.max_width = wrap_width;
        ui.ctx().fonts_mut(|fonts| fonts.layout_job(job))
    };
    let output = egui::TextEdit::multiline(&mut paragraph)
        .id(paragraph_id(document, index))
        .frame(egui::Frame::NONE)
        .desired_width(f32::INFINITY)
        .desired_rows(1)
        .layouter(&mut layouter)
        .show(ui);
    let response = &output.response.response;
    let to_byte = |cursor: CCursor| {
        range.start
            + paragraph
                .char_indices()
                .nth(cursor.index.0)
                .map_or(paragraph.len(), |(i, _)| i)
    };
    let mut selection = None;
    let mut clicked_byte = None;
    if let Some(cursor_range) = output.cursor_range {
        let (a, b) = (
            to_byte(cursor_range.primary),
            to_byte(cursor_range.secondary),
        );
        if a != b && response.has_focus() {
            selection = Some(Span::new(a.min(b), a.max(b)));
        }
        if response.clicked() && a == b {
            clicked_byte = Some(a);
        }
    }
    DrawnParagraph {
        height: response.rect.height(),
        galley: output.galley.clone(),
        galley_pos: output.galley_pos,
        selection,
        has_focus: response.has_focus(),
        clicked_byte,
    }
}

/// Splits the text at line ends, and over-long lines at sentence ends.
fn split_paragraphs(text: &str) -> Vec<Range<usize>> {
    let mut paragraphs = Vec::new();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let end = start + line.len();
        let mut piece_start = start;
        while end - piece_start > MAX_PARAGRAPH_BYTES {
            let window = &text[piece_start..end];
            let cut = window
                .char_indices()
                .skip_while(|(i, _)| *i < MAX_PARAGRAPH_BYTES / 2)
                .find(|(i, c)| *c == ' ' && window[..*i].ends_with(['.', '!', '?']))
                .map(|(i, _)| i + 1)
                .or_else(|| {
                    window
                        .char_indices()
                        .find(|(i, c)| *i >= MAX_PARAGRAPH_BYTES && c.is_whitespace())
                        .map(|(i, _)| i + 1)
                });
            let Some(cut) = cut else { break };
            paragraphs.push(piece_start..piece_start + cut);
            piece_start += cut;
        }
        // Keep the line end out of the paragraph's own text.
        let piece_end = if text[piece_start..end].ends_with('\n') {
            end - 1
        } else {
            end
        };
        paragraphs.push(piece_start..piece_end);
        start = end;
    }
    if paragraphs.is_empty() {
        paragraphs.push(0..text.len());
    }
    paragraphs
}

/// Heights of paragraphs not drawn yet: lines of an average character
/// width at `width_px`, each `row_height` text sizes tall (an empty
/// paragraph has no space to make its line tall).
fn estimated_heights(
    paragraphs: &[Range<usize>],
    text_size: f32,
    row_height: f32,
    width_px: f32,
) -> Vec<f32> {
    const CHAR_WIDTH: f32 = 0.47;
    let chars_per_line = (width_px / (text_size * CHAR_WIDTH)).max(20.0);
    paragraphs
        .iter()
        .map(|p| {
            if p.is_empty() {
                return (text_size * 1.5).round();
            }
            // egui rounds each row to whole pixels.
            (p.len() as f32 / chars_per_line).ceil().max(1.0) * (text_size * row_height).round()
        })
        .collect()
}

/// Every visible item as a highlight, grouped by the paragraphs it touches.
fn index_highlights(workspace: &Workspace, paragraphs: &[Range<usize>]) -> Vec<Vec<Highlight>> {
    let mut by_paragraph = vec![Vec::new(); paragraphs.len()];
    let Some(doc) = workspace.docs.current() else {
        return by_paragraph;
    };
    let schema = &workspace.project.file.schema;
    let highlights = match workspace.curation_of_current() {
        Some(curation) => curation_highlights(curation, schema),
        None => item_highlights(workspace, &doc.annotations, schema),
    };
    let starts: Vec<usize> = paragraphs.iter().map(|p| p.start).collect();
    for highlight in highlights {
        let first = starts
            .partition_point(|&s| s <= highlight.span.start_byte)
            .saturating_sub(1);
        for (offset, paragraph) in paragraphs[first..].iter().enumerate() {
            if paragraph.start >= highlight.span.end_byte {
                break;
            }
            by_paragraph[first + offset].push(highlight.clone());
        }
    }
    for list in &mut by_paragraph {
        list.sort_by_key(|h| (h.span.start_byte, std::cmp::Reverse(h.span.end_byte)));
    }
    by_paragraph
}

/// The places of a curation: agreed and decided ones filled in their
/// label's colour, open disagreements outlined in the curation colour,
/// dropped ones struck through.
fn curation_highlights(
    curation: &crate::app::Curation,
    schema: &crate::model::Schema,
) -> Vec<Highlight> {
    use crate::quality::adjudication::ItemKind;
    use crate::quality::curation::UnitState;
    curation
        .adjudication
        .units()
        .into_iter()
        .enumerate()
        .map(|(n, unit)| {
            let colour = match (unit.kind, &unit.label) {
                (ItemKind::Mention, Some(label)) => schema
                    .entity_label(label)
                    .map_or(Color32::GRAY, |l| theme::colour(l.colour)),
                (ItemKind::Event, Some(_)) => theme::EVENT_TRIGGER,
                (ItemKind::Claim, Some(_)) => theme::CLAIM_CUE,
                (_, None) => theme::CURATION_OPEN,
            };
            let (status, item) = match unit.state {
                UnitState::Agreed => (Status::Accepted, Marked::Agreed(n)),
                UnitState::Open(i) => (
                    Status::Suggested {
                        by: String::new(),
                        score: 0.0,
                    },
                    Marked::Disagreement(i),
                ),
                UnitState::Decided(i) if unit.label.is_none() => {
                    (Status::Rejected, Marked::Disagreement(i))
                }
                UnitState::Decided(i) => (Status::Accepted, Marked::Disagreement(i)),
            };
            Highlight {
                span: unit.span,
                colour,
                status,
                item,
            }
        })
        .collect()
}

/// The annotator's own items.
fn item_highlights(
    workspace: &Workspace,
    set: &crate::model::AnnotationSet,
    schema: &crate::model::Schema,
) -> Vec<Highlight> {
    let shown = |status: &Status| workspace.docs.show_rejected || *status != Status::Rejected;
    let mut highlights: Vec<Highlight> =
        Vec::with_capacity(set.mentions.len() + set.claims.len() + set.events.len());
    for m in set.mentions.iter().filter(|m| shown(&m.review.status)) {
        let colour = schema
            .entity_label(&m.label)
            .map_or(Color32::GRAY, |l| theme::colour(l.colour));
        highlights.push(Highlight {
            span: m.span,
            colour,
            status: m.review.status.clone(),
            item: Marked::Item(ItemRef::Mention(m.id)),
        });
    }
    for e in set.events.iter().filter(|e| shown(&e.review.status)) {
        highlights.push(Highlight {
            span: e.trigger,
            colour: theme::EVENT_TRIGGER,
            status: e.review.status.clone(),
            item: Marked::Item(ItemRef::Event(e.id)),
        });
    }
    for c in set.claims.iter().filter(|c| shown(&c.review.status)) {
        highlights.push(Highlight {
            span: c.cue,
            colour: theme::CLAIM_CUE,
            status: c.review.status.clone(),
            item: Marked::Item(ItemRef::Claim(c.id)),
        });
    }
    highlights
}

/// The smallest item covering a byte.
fn innermost_at(highlights: &[Highlight], byte: usize) -> Option<Marked> {
    highlights
        .iter()
        .filter(|h| h.span.start_byte <= byte && byte < h.span.end_byte)
        .min_by_key(|h| h.span.len_bytes())
        .map(|h| h.item)
}

/// The layout job of one paragraph: plain text between highlights; where
/// items nest, the innermost decides the colour and the outer one adds a
/// thin underline, so both stay readable.
///
/// With a `row_height`, each line is that tall with its text at the
/// bottom, leaving room above it for arcs while highlights keep the text's
/// height: the plain spaces carry the tall line height (egui sizes a row by
/// its tallest glyph) and every glyph sits at the row's bottom.
fn paragraph_job(
    text: &str,
    range: Range<usize>,
    highlights: &[Highlight],
    focus: Option<Marked>,
    base: &egui::TextFormat,
    row_height: Option<f32>,
    dark: bool,
) -> LayoutJob {
    let mut job = LayoutJob::default();
    let mut base = base.clone();
    base.valign = egui::Align::BOTTOM;
    let spacer = row_height.map(|height| egui::TextFormat {
        line_height: Some(height),
        ..base.clone()
    });
    let base = &base;
    let mut bounds: Vec<usize> = vec![range.start, range.end];
    for h in highlights {
        bounds.push(h.span.start_byte.clamp(range.start, range.end));
        bounds.push(h.span.end_byte.clamp(range.start, range.end));
    }
    bounds.sort_unstable();
    bounds.dedup();
    for pair in bounds.windows(2) {
        let (start, end) = (pair[0], pair[1]);
        let Some(piece) = text.get(start..end) else {
            continue;
        };
        let mut covering = highlights
            .iter()
            .filter(|h| h.span.start_byte <= start && end <= h.span.end_byte);
        let format = match covering.clone().min_by_key(|h| h.span.len_bytes()) {
            None if spacer.is_some() => {
                let spacer = spacer.clone().unwrap_or_else(|| base.clone());
                for (index, word) in piece.split(' ').enumerate() {
                    if index > 0 {
                        job.append(" ", 0.0, spacer.clone());
                    }
                    if !word.is_empty() {
                        job.append(word, 0.0, base.clone());
                    }
                }
                continue;
            }
            None => base.clone(),
            Some(inner) => {
                let focused = covering.clone().any(|h| Some(h.item) == focus);
                let mut format =
                    theme::item_format(base, inner.colour, &inner.status, focused, dark);
                if let Some(outer) = covering.find(|h| h.item != inner.item)
                    && format.underline == Stroke::NONE
                {
                    format.underline = Stroke::new(1.5, outer.colour);
                }
                format
            }
        };
        job.append(piece, 0.0, format);
    }
    job
}

#[cfg(test)]
mod tests {
    use super::*;

    fn highlight(text: &str, needle: &str, colour: Color32, status: Status, id: u32) -> Highlight {
        let start = text.find(needle).unwrap();
        Highlight {
            span: Span::new(start, start + needle.len()),
            colour,
            status,
            item: Marked::Item(ItemRef::Mention(crate::model::MentionId(id))),
        }
    }

    #[test]
    fn nested_items_stay_readable_and_the_focus_stands_out() {
        let text = "Fighters of the Katiba Macina attacked Diafarabé.";
        let suggested = Status::Suggested {
            by: "t".into(),
            score: 0.5,
        };
        let outer = highlight(
            text,
            "the Katiba Macina",
            Color32::RED,
            suggested.clone(),
            1,
        );
        let inner = highlight(text, "Katiba Macina", Color32::BLUE, Status::Accepted, 2);
        let place = highlight(text, "Diafarabé", Color32::GREEN, suggested, 3);
        let base = theme::body_format(16.0, false);
        let job = paragraph_job(
            text,
            0..text.len(),
            &[outer, inner, place.clone()],
            Some(place.item),
            &base,
            None,
            false,
        );
        let pieces: Vec<(&str, &egui::TextFormat)> = job
            .sections
            .iter()
            .map(|s| {
                (
                    &job.text[s.byte_range.start.0..s.byte_range.end.0],
                    &s.format,
                )
            })
            .collect();
        let texts: Vec<&str> = pieces.iter().map(|(t, _)| *t).collect();
        assert_eq!(
            texts,
            [
                "Fighters of ",
                "the ",
                "Katiba Macina",
                " attacked ",
                "Diafarabé",
                "."
            ]
        );
        let bottom = egui::TextFormat {
            valign: egui::Align::BOTTOM,
            ..base.clone()
        };
        assert_eq!(pieces[0].1, &bottom, "plain text keeps the body format");
        assert_eq!(
            pieces[1].1.underline.color,
            Color32::RED,
            "the outer suggestion is underlined"
        );
        let inner_format = pieces[2].1;
        assert_ne!(
            inner_format.background,
            Color32::TRANSPARENT,
            "the accepted inner mention is filled"
        );
        assert_eq!(
            inner_format.underline.color,
            Color32::RED,
            "and still shows the outer one"
        );
        let focused = pieces[4].1;
        assert_eq!(focused.underline.width, 3.0, "the focused item is marked");
        assert_eq!(
            innermost_at(
                &[
                    highlight(text, "the Katiba Macina", Color32::RED, Status::Accepted, 1),
                    highlight(text, "Katiba Macina", Color32::BLUE, Status::Accepted, 2)
                ],
                text.find("Macina").unwrap()
            ),
            Some(Marked::Item(ItemRef::Mention(crate::model::MentionId(2))))
        );
    }

    #[test]
    fn paragraphs_cover_the_text_without_line_ends() {
        let text = "First line.\nSecond line.\n\nFourth.";
        let paragraphs = split_paragraphs(text);
        let pieces: Vec<&str> = paragraphs.iter().map(|r| &text[r.clone()]).collect();
        assert_eq!(pieces, ["First line.", "Second line.", "", "Fourth."]);
    }

    #[test]
    fn a_long_line_is_split_at_sentence_ends() {
        let sentence = "The militants attacked the camp at Farabougou. ";
        let text = sentence.repeat(400);
        let paragraphs = split_paragraphs(&text);
        assert!(paragraphs.len() > 3);
        assert!(
            paragraphs
                .iter()
                .all(|p| p.len() <= MAX_PARAGRAPH_BYTES + sentence.len())
        );
        let joined: String = paragraphs.iter().map(|r| &text[r.clone()]).collect();
        assert_eq!(joined, text);
        assert!(
            paragraphs[..paragraphs.len() - 1]
                .iter()
                .all(|p| text[p.clone()].ends_with(". "))
        );
    }
}
