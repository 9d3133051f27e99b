//! Arcs in the article, brat-style: from a claim's cue to its source, the
//! actors held responsible and the event it is about; from an event's
//! trigger to its role fillers. An arc rises from the top of one span to a
//! horizontal run above the line and comes down on the other span with an
//! arrow head. Runs on one line are stacked so that overlapping arcs get
//! different heights (shorter ones lower); an arc between two lines is
//! drawn as two pieces, one running to the right margin from the earlier
//! span, one coming in from the left margin to the later span.
//!
//! Which arcs exist depends on the annotations, the focus and the toggle
//! ([`ArcSet`], rebuilt per revision); where they go depends on a
//! paragraph's laid-out text ([`ParagraphArcs`], rebuilt only when that
//! paragraph's galley or the arc set changes). Drawing a frame only moves
//! the cached pieces to the paragraph's place on screen.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use egui::text::CCursor;
use egui::{Color32, Galley, Pos2, Rect, Stroke};

use crate::edit::LinkRole;
use crate::model::{AnnotationSet, ClaimSource, EventId, ItemRef, MentionId, Span, Status};

use super::theme;

/// Height between two stacked runs, in points.
const LEVEL_STEP_PX: f32 = 12.0;
/// The least height between stacked runs when many share a line.
const MIN_LEVEL_STEP_PX: f32 = 5.0;
/// Height of the lowest run above the text's top.
const FIRST_LEVEL_PX: f32 = 7.0;
/// Free space kept around a run when stacking.
const RUN_PADDING_PX: f32 = 4.0;
/// Size of an arc's label.
const LABEL_SIZE: f32 = 10.0;
/// Distance between arcs meeting at one span.
const ANCHOR_SPACING_PX: f32 = 8.0;
/// Radius of the handle at an arc's head, dragged to re-link.
pub const HANDLE_RADIUS_PX: f32 = 4.0;

/// One arc between two spans: what links what, and where each end is.
#[derive(Clone, Debug, PartialEq)]
pub struct Link {
    pub item: ItemRef,
    pub role: LinkRole,
    /// The mention (or, for `about`, the event) at the arrow head.
    pub filler: ItemRef,
    pub from: Span,
    pub to: Span,
    /// A relation's type, drawn as its label (a role's arc is labelled
    /// with the role).
    pub kind: Option<String>,
}

impl Link {
    /// What the arc is labelled with.
    pub fn label(&self) -> &str {
        self.kind.as_deref().unwrap_or(self.role.name())
    }
}

/// The arcs to draw, for one revision, focus and toggle, with the
/// paragraphs each touches.
#[derive(Default)]
pub struct ArcSet {
    pub arcs: Vec<Link>,
    by_paragraph: HashMap<usize, Vec<usize>>,
    /// Bumped on each rebuild: the paragraphs' geometry depends on it.
    pub generation: u64,
}

impl ArcSet {
    /// The arcs of the focused claim or event, or of every claim and
    /// event when `all` is set, indexed by the paragraphs they touch.
    pub fn rebuild(
        &mut self,
        set: &AnnotationSet,
        show_rejected: bool,
        focus: Option<ItemRef>,
        all: bool,
        paragraphs: &[Range<usize>],
    ) {
        self.generation += 1;
        self.arcs.clear();
        self.by_paragraph.clear();
        let shown = |status: &Status| show_rejected || *status != Status::Rejected;
        // Every item's arcs need every span at hand; the focused item's
        // few are looked up.
        let (mentions, events): (HashMap<_, _>, HashMap<_, _>) = if all {
            (
                set.mentions
                    .iter()
                    .filter(|m| shown(&m.review.status))
                    .map(|m| (m.id, m.span))
                    .collect(),
                set.events
                    .iter()
                    .filter(|e| shown(&e.review.status))
                    .map(|e| (e.id, e.trigger))
                    .collect(),
            )
        } else {
            Default::default()
        };
        let mention_span = |id: MentionId| {
            if all {
                mentions.get(&id).copied()
            } else {
                set.mention(id)
                    .filter(|m| shown(&m.review.status))
                    .map(|m| m.span)
            }
        };
        let event_span = |id: EventId| {
            if all {
                events.get(&id).copied()
            } else {
                set.event(id)
                    .filter(|e| shown(&e.review.status))
                    .map(|e| e.trigger)
            }
        };
        let wanted = |item: ItemRef| all || focus == Some(item);
        let claims = set
            .claims
            .iter()
            .filter(|c| all || focus == Some(ItemRef::Claim(c.id)));
        for claim in claims {
            let item = ItemRef::Claim(claim.id);
            if !wanted(item) || !(shown(&claim.review.status) || focus == Some(item)) {
                continue;
            }
            if let Some(ClaimSource::Mention(m)) = claim.source
                && let Some(to) = mention_span(m)
            {
                self.push(item, LinkRole::Source, ItemRef::Mention(m), claim.cue, to);
            }
            for &m in &claim.responsible {
                if let Some(to) = mention_span(m) {
                    self.push(
                        item,
                        LinkRole::Responsible,
                        ItemRef::Mention(m),
                        claim.cue,
                        to,
                    );
                }
            }
            for &event in &claim.events {
                if let Some(to) = event_span(event) {
                    self.push(item, LinkRole::About, ItemRef::Event(event), claim.cue, to);
                }
            }
        }
        let events_drawn = set
            .events
            .iter()
            .filter(|e| all || focus == Some(ItemRef::Event(e.id)));
        for event in events_drawn {
            let item = ItemRef::Event(event.id);
            if !wanted(item) || !(shown(&event.review.status) || focus == Some(item)) {
                continue;
            }
            for (name, fillers) in &event.roles {
                let Some(role) = LinkRole::of_event_role(name) else {
                    continue;
                };
                for &m in fillers {
                    if let Some(to) = mention_span(m) {
                        self.push(item, role, ItemRef::Mention(m), event.trigger, to);
                    }
                }
            }
        }
        // Relations of the schema, drawn from or to the focused item.
        let item_span = |item: ItemRef| match item {
            ItemRef::Mention(id) => set.mention(id).map(|m| m.span),
            ItemRef::Event(id) => set.event(id).map(|e| e.trigger),
            ItemRef::Claim(id) => set.claim(id).map(|c| c.cue),
        };
        for relation in &set.relations {
            let touches_focus = focus == Some(relation.from) || focus == Some(relation.to);
            if relation.argument || !(all || touches_focus) || !shown(&relation.review.status) {
                continue;
            }
            if let (Some(from), Some(to)) = (item_span(relation.from), item_span(relation.to)) {
                self.arcs.push(Link {
                    item: relation.from,
                    role: LinkRole::Related,
                    filler: relation.to,
                    from,
                    to,
                    kind: Some(relation.kind.clone()),
                });
            }
        }
        let starts: Vec<usize> = paragraphs.iter().map(|p| p.start).collect();
        let paragraph_of = |byte: usize| starts.partition_point(|&s| s <= byte).saturating_sub(1);
        for (index, arc) in self.arcs.iter().enumerate() {
            let (a, b) = (
                paragraph_of(arc.from.start_byte),
                paragraph_of(arc.to.start_byte),
            );
            self.by_paragraph.entry(a).or_default().push(index);
            if b != a {
                self.by_paragraph.entry(b).or_default().push(index);
            }
        }
    }

    fn push(&mut self, item: ItemRef, role: LinkRole, filler: ItemRef, from: Span, to: Span) {
        self.arcs.push(Link {
            item,
            role,
            filler,
            from,
            to,
            kind: None,
        });
    }

    /// The arcs with an end in a paragraph.
    pub fn in_paragraph(&self, index: usize) -> &[usize] {
        self.by_paragraph.get(&index).map_or(&[], Vec::as_slice)
    }
}

/// An arc as drawn in the last frame, with its ends on screen (`None`
/// for an end outside the paragraphs drawn).
#[derive(Clone, Debug, PartialEq)]
pub struct DrawnArc {
    pub item: ItemRef,
    pub role: LinkRole,
    pub filler: ItemRef,
    /// The item's span (cue or trigger).
    pub from: Option<Rect>,
    /// The filler's span, where the arrow head is.
    pub to: Option<Rect>,
    /// Where on the filler's span the arrow head is (arcs meeting at one
    /// span are spread along it).
    pub head_x: Option<f32>,
}

impl DrawnArc {
    /// Where the handle that re-links this arc by dragging sits: on the
    /// arrow head, just above the filler's span.
    pub fn handle(&self) -> Option<Pos2> {
        self.to
            .map(|to| Pos2::new(self.head_x.unwrap_or(to.center().x), to.top() - 4.0))
    }
}

/// Where a piece of an arc meets a span: the top centre of the span's
/// first stretch on that row.
#[derive(Clone, Copy, Debug)]
struct Anchor {
    x: f32,
    top: f32,
}

/// One piece of an arc on one row, in the paragraph galley's coordinates.
#[derive(Clone, Debug)]
struct Piece {
    arc: usize,
    /// The horizontal run's height.
    run_y: f32,
    /// Left and right ends of the run.
    run: (f32, f32),
    /// Where it rises from (the item's span), when that end is on this row.
    tail: Option<Anchor>,
    /// Where it comes down (the filler's span), when that end is on this row.
    head: Option<Anchor>,
}

/// The arcs' pieces in one paragraph, laid out for one galley and one
/// arc set.
pub struct ParagraphArcs {
    galley: std::sync::Weak<Galley>,
    generation: u64,
    pieces: Vec<Piece>,
    /// Each arc end in this paragraph: (arc, is head, the span's rect, the
    /// arc's x on it).
    ends: Vec<(usize, bool, Rect, f32)>,
}

impl ParagraphArcs {
    /// Whether this geometry was made for `galley` and `generation`.
    pub fn is_for(&self, galley: &Arc<Galley>, generation: u64) -> bool {
        self.generation == generation
            && self
                .galley
                .upgrade()
                .is_some_and(|cached| Arc::ptr_eq(&cached, galley))
    }

    /// Lays out the pieces of `set`'s arcs that touch paragraph `index`
    /// (covering `range` of `text`) on its galley.
    pub fn build(
        set: &ArcSet,
        index: usize,
        text: &str,
        range: Range<usize>,
        galley: &Arc<Galley>,
        gap_above_px: f32,
        label_width: impl Fn(&str) -> f32,
    ) -> Self {
        let layout = RowIndex::new(galley, text, range.clone());
        let inside = |span: Span| range.contains(&span.start_byte);
        let mut pieces = Vec::new();
        let mut ends = Vec::new();
        // Pieces per row, stacked afterwards.
        let mut rows: HashMap<usize, Vec<Piece>> = HashMap::new();
        let right_edge = galley.size().x;
        // Arcs meeting at one span are spread along its top, ordered by
        // where their other end is, so that they neither cross nor share
        // a handle.
        let mut at_span: HashMap<Span, Vec<(usize, bool, usize)>> = HashMap::new();
        for &arc_index in set.in_paragraph(index) {
            let arc = &set.arcs[arc_index];
            if inside(arc.from) {
                at_span
                    .entry(arc.from)
                    .or_default()
                    .push((arc_index, false, arc.to.start_byte));
            }
            if inside(arc.to) {
                at_span
                    .entry(arc.to)
                    .or_default()
                    .push((arc_index, true, arc.from.start_byte));
            }
        }
        let mut slot: HashMap<(usize, bool), f32> = HashMap::new();
        for list in at_span.values_mut() {
            list.sort_by_key(|&(arc, _, other)| (other, arc));
            let middle = (list.len() as f32 - 1.0) / 2.0;
            for (i, &(arc, is_head, _)) in list.iter().enumerate() {
                slot.insert((arc, is_head), (i as f32 - middle) * ANCHOR_SPACING_PX);
            }
        }
        for &arc_index in set.in_paragraph(index) {
            let arc = &set.arcs[arc_index];
            let tail = inside(arc.from).then(|| layout.piece(arc.from));
            let head = inside(arc.to).then(|| layout.piece(arc.to));
            let offset = |is_head: bool| slot.get(&(arc_index, is_head)).copied().unwrap_or(0.0);
            if let Some((_, rect)) = tail {
                ends.push((arc_index, false, rect, rect.center().x + offset(false)));
            }
            if let Some((_, rect)) = head {
                ends.push((arc_index, true, rect, rect.center().x + offset(true)));
            }
            let tail = tail.map(|(row, rect)| (row, rect, offset(false)));
            let head = head.map(|(row, rect)| (row, rect, offset(true)));
            let anchor = |(_, rect, offset): (usize, Rect, f32)| Anchor {
                x: rect.center().x + offset,
                top: rect.top(),
            };
            let forward = arc.from.start_byte <= arc.to.start_byte;
            match (tail, head) {
                (Some(a), Some(b)) if a.0 == b.0 => {
                    let row_a = a.0;
                    let (xa, xb) = (anchor(a).x, anchor(b).x);
                    rows.entry(row_a).or_default().push(Piece {
                        arc: arc_index,
                        run_y: 0.0,
                        run: (xa.min(xb), xa.max(xb)),
                        tail: Some(anchor(a)),
                        head: Some(anchor(b)),
                    });
                }
                _ => {
                    // Each end present here gets its own piece, running to
                    // the margin on the side of the other end.
                    for (end, is_head) in [(tail, false), (head, true)] {
                        let Some(end) = end else { continue };
                        let row = end.0;
                        let a = anchor(end);
                        let earlier = forward != is_head;
                        let run = if earlier {
                            (a.x, right_edge)
                        } else {
                            (0.0, a.x)
                        };
                        rows.entry(row).or_default().push(Piece {
                            arc: arc_index,
                            run_y: 0.0,
                            run,
                            tail: (!is_head).then_some(a),
                            head: is_head.then_some(a),
                        });
                    }
                }
            }
        }
        for (row_index, mut row) in rows {
            let top = row
                .iter()
                .flat_map(|p| [p.tail, p.head])
                .flatten()
                .map(|a| a.top)
                .fold(f32::INFINITY, f32::min);
            // The room above this row's text: up to the row above, or into
            // the gap above the paragraph.
            let floor = match row_index.checked_sub(1).and_then(|r| galley.rows.get(r)) {
                Some(above) => above.max_y(),
                None => galley.rows.first().map_or(0.0, |r| r.min_y()) - gap_above_px,
            };
            stack(&mut row, |p| {
                p.head.map_or(0.0, |_| label_width(set.arcs[p.arc].label()))
            });
            let levels = row.iter().map(|p| p.run_y).fold(0.0, f32::max);
            let step = level_step(top - floor, levels);
            for piece in &mut row {
                piece.run_y = top - FIRST_LEVEL_PX - piece.run_y * step;
            }
            pieces.extend(row);
        }
        Self {
            galley: Arc::downgrade(galley),
            generation: set.generation,
            pieces,
            ends,
        }
    }

    /// Draws the pieces with the paragraph's galley at `origin`.
    pub fn paint(
        &self,
        painter: &egui::Painter,
        origin: Pos2,
        set: &ArcSet,
        dark: bool,
        label_galley: &dyn Fn(&str) -> Arc<Galley>,
    ) {
        let offset = origin.to_vec2();
        let label_fill = if dark {
            Color32::from_black_alpha(200)
        } else {
            Color32::from_white_alpha(225)
        };
        for piece in &self.pieces {
            let role = set.arcs[piece.arc].role;
            let colour = theme::role_colour(role, dark);
            let stroke = Stroke::new(1.4, colour);
            let y = piece.run_y + offset.y;
            let margin = |a: Anchor| {
                let x = if (piece.run.0 - a.x).abs() < 0.5 {
                    piece.run.1
                } else {
                    piece.run.0
                };
                x + offset.x
            };
            let top = |a: Anchor| Pos2::new(a.x + offset.x, a.top + offset.y - 1.0);
            let (run_start, run_end) = match (piece.tail, piece.head) {
                (Some(t), Some(h)) => (t.x + offset.x, h.x + offset.x),
                (Some(t), None) => (t.x + offset.x, margin(t)),
                (None, Some(h)) => (margin(h), h.x + offset.x),
                (None, None) => continue,
            };
            let mut points = Vec::with_capacity(4);
            if let Some(t) = piece.tail {
                points.push(top(t));
            }
            points.push(Pos2::new(run_start, y));
            points.push(Pos2::new(run_end, y));
            if let Some(h) = piece.head {
                let tip = top(h);
                points.push(tip + egui::vec2(0.0, -5.0));
                painter.add(egui::Shape::line(points, stroke));
                painter.add(egui::Shape::convex_polygon(
                    vec![
                        tip,
                        tip + egui::vec2(-3.5, -6.0),
                        tip + egui::vec2(3.5, -6.0),
                    ],
                    colour,
                    Stroke::NONE,
                ));
            } else {
                painter.add(egui::Shape::line(points, stroke));
            }
            if piece.head.is_none() {
                // The piece running on to the next line: labelled there.
                continue;
            }
            let label = label_galley(set.arcs[piece.arc].label());
            let centre = Pos2::new((run_start + run_end) / 2.0, y);
            let rect = Rect::from_center_size(centre, label.size() + egui::vec2(4.0, 0.0));
            painter.rect_filled(rect, 2.0, label_fill);
            painter.galley(rect.min + egui::vec2(2.0, 0.0), label, colour);
        }
    }

    /// Each end in this paragraph: (arc index, is head, the span's rect
    /// and the arc's x on it, in the galley).
    pub fn ends(&self) -> impl Iterator<Item = (usize, bool, Rect, f32)> + '_ {
        self.ends.iter().copied()
    }
}

/// The height between stacked runs: the usual step, or less when the
/// runs (`highest_level` + 1 of them) would not fit in `room_px` above the line.
fn level_step(room_px: f32, highest_level: f32) -> f32 {
    if highest_level < 1.0 {
        return LEVEL_STEP_PX;
    }
    let usable = room_px - FIRST_LEVEL_PX - LABEL_SIZE / 2.0;
    (usable / highest_level).clamp(MIN_LEVEL_STEP_PX, LEVEL_STEP_PX)
}

/// Gives each piece a level (stored in `run_y` as a count): the lowest at
/// which its run, widened to its label, overlaps no other piece's.
fn stack(row: &mut [Piece], label_width: impl Fn(&Piece) -> f32) {
    let extent = |p: &Piece| {
        let centre = (p.run.0 + p.run.1) / 2.0;
        let half = label_width(p) / 2.0 + RUN_PADDING_PX;
        (
            p.run.0.min(centre - half) - RUN_PADDING_PX,
            p.run.1.max(centre + half) + RUN_PADDING_PX,
        )
    };
    let mut order: Vec<usize> = (0..row.len()).collect();
    order.sort_by(|&a, &b| {
        let (wa, wb) = (row[a].run.1 - row[a].run.0, row[b].run.1 - row[b].run.0);
        wa.total_cmp(&wb)
            .then(row[a].run.0.total_cmp(&row[b].run.0))
    });
    let mut placed: Vec<(f32, f32, usize)> = Vec::new();
    for index in order {
        let (lo, hi) = extent(&row[index]);
        let mut level = 0;
        while placed
            .iter()
            .any(|&(a, b, l)| l == level && a < hi && lo < b)
        {
            level += 1;
        }
        placed.push((lo, hi, level));
        row[index].run_y = level as f32;
    }
}

/// Char positions of a paragraph's galley rows, to find spans on screen.
struct RowIndex<'a> {
    galley: &'a Galley,
    text: &'a str,
    range: Range<usize>,
    /// The char index each row starts at.
    row_starts: Vec<usize>,
}

impl<'a> RowIndex<'a> {
    fn new(galley: &'a Galley, text: &'a str, range: Range<usize>) -> Self {
        let mut row_starts = Vec::with_capacity(galley.rows.len());
        let mut at = 0;
        for row in &galley.rows {
            row_starts.push(at);
            at += row.char_count_including_newline().0;
        }
        Self {
            galley,
            text,
            range,
            row_starts,
        }
    }

    fn char_of(&self, byte: usize) -> usize {
        let end = byte.clamp(self.range.start, self.range.end);
        self.text
            .get(self.range.start..end)
            .map_or(0, |s| s.chars().count())
    }

    /// The row of a span's first stretch and that stretch's text rectangle
    /// (the glyphs' height, not the line's), in galley coordinates.
    fn piece(&self, span: Span) -> (usize, Rect) {
        let (start, end) = (self.char_of(span.start_byte), self.char_of(span.end_byte));
        let mut row = self
            .row_starts
            .partition_point(|&s| s <= start)
            .saturating_sub(1);
        let glyphs = |r: usize| self.galley.rows[r].char_count_excluding_newline().0;
        if row + 1 < self.galley.rows.len() && start - self.row_starts[row] >= glyphs(row) {
            row += 1;
        }
        let Some(placed) = self.galley.rows.get(row) else {
            let at = self.galley.pos_from_cursor(CCursor::new(start));
            return (0, at);
        };
        let column = start.saturating_sub(self.row_starts[row]);
        let end_column = end.saturating_sub(self.row_starts[row]).min(glyphs(row));
        let x0 = placed.pos.x + placed.x_offset(egui::text::CharIndex(column));
        let x1 = placed.pos.x + placed.x_offset(egui::text::CharIndex(end_column));
        // The glyph's box: the top of its highlight, the height of its text.
        let (top, font_height) = placed
            .glyphs
            .get(column)
            .or(placed.glyphs.first())
            .map_or((placed.min_y(), placed.height()), |g| {
                (placed.pos.y + g.pos.y - g.font_ascent, g.font_height)
            });
        (
            row,
            Rect::from_min_max(
                Pos2::new(x0, top),
                Pos2::new(x1.max(x0 + 1.0), top + font_height),
            ),
        )
    }

    /// The screen rectangle of a span's first stretch, given the galley's place.
    fn rect(&self, span: Span) -> Rect {
        self.piece(span).1
    }
}

/// The rectangle of a span's first stretch in a paragraph's galley (for
/// the candidates of a re-link).
pub fn span_rect(galley: &Galley, text: &str, range: Range<usize>, span: Span) -> Rect {
    RowIndex::new(galley, text, range).rect(span)
}

/// An arc's label (a role's or a relation type's name) as drawn.
pub fn label_galley(painter: &egui::Painter, label: &str) -> Arc<Galley> {
    painter.layout_no_wrap(
        label.to_owned(),
        egui::FontId::proportional(LABEL_SIZE),
        Color32::PLACEHOLDER,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn piece(run: (f32, f32)) -> Piece {
        Piece {
            arc: 0,
            run_y: 0.0,
            run,
            tail: None,
            head: None,
        }
    }

    #[test]
    fn overlapping_runs_are_stacked_shortest_lowest() {
        let mut row = vec![
            piece((0.0, 300.0)),
            piece((10.0, 60.0)),
            piece((200.0, 260.0)),
            piece((40.0, 120.0)),
        ];
        stack(&mut row, |_| 20.0);
        let levels: Vec<f32> = row.iter().map(|p| p.run_y).collect();
        assert_eq!(levels[1], 0.0, "a short arc stays lowest");
        assert_eq!(levels[2], 0.0, "one far away too");
        assert_eq!(levels[3], 1.0, "one overlapping the first rises");
        assert_eq!(levels[0], 2.0, "the long arc spanning both goes above");
    }

    /// A paragraph laid out by egui at `width`, as the view lays it out.
    fn galley(text: &str, width: f32) -> Arc<Galley> {
        let ctx = egui::Context::default();
        let mut laid_out = None;
        let mut output = ctx.run_ui(egui::RawInput::default(), |ui| {
            let job = egui::text::LayoutJob::simple(
                text.to_owned(),
                egui::FontId::proportional(16.0),
                Color32::BLACK,
                width,
            );
            laid_out = Some(ui.fonts_mut(|fonts| fonts.layout_job(job)));
        });
        output.textures_delta.clear();
        laid_out.expect("laid out in the frame")
    }

    fn span(text: &str, needle: &str) -> Span {
        let start = text.find(needle).unwrap();
        Span::new(start, start + needle.len())
    }

    #[test]
    fn an_arc_within_a_line_is_one_piece_and_one_across_lines_two() {
        let text = "The attacks were claimed by JNIM, the army said, and a resident of Kassela told AFP about it later.";
        let galley = galley(text, 260.0);
        assert!(galley.rows.len() >= 3, "wrapped: {}", galley.rows.len());
        let set = ArcSet {
            arcs: vec![
                Link {
                    item: ItemRef::Claim(crate::model::ClaimId(1)),
                    role: LinkRole::Responsible,
                    filler: ItemRef::Mention(MentionId(1)),
                    from: span(text, "were claimed by"),
                    to: span(text, "JNIM"),
                    kind: None,
                },
                Link {
                    item: ItemRef::Claim(crate::model::ClaimId(1)),
                    role: LinkRole::Source,
                    filler: ItemRef::Mention(MentionId(2)),
                    from: span(text, "were claimed by"),
                    to: span(text, "AFP"),
                    kind: None,
                },
            ],
            by_paragraph: HashMap::from([(0, vec![0, 1])]),
            generation: 7,
        };
        let arcs = ParagraphArcs::build(&set, 0, text, 0..text.len(), &galley, 8.0, |_| 30.0);
        assert!(arcs.is_for(&galley, 7) && !arcs.is_for(&galley, 8));
        let pieces =
            |arc: usize| -> Vec<&Piece> { arcs.pieces.iter().filter(|p| p.arc == arc).collect() };
        let same_line = pieces(0);
        assert_eq!(same_line.len(), 1, "cue and JNIM share a line");
        let (tail, head) = (same_line[0].tail.unwrap(), same_line[0].head.unwrap());
        assert!(tail.x < head.x, "JNIM is right of the cue");
        assert!(same_line[0].run_y < tail.top, "the run is above the text");
        let across = pieces(1);
        assert_eq!(across.len(), 2, "the cue's line and AFP's line");
        let rises = across.iter().find(|p| p.tail.is_some()).unwrap();
        let lands = across.iter().find(|p| p.head.is_some()).unwrap();
        assert_eq!(rises.run.1, galley.size().x, "runs to the right margin");
        assert_eq!(lands.run.0, 0.0, "comes in from the left margin");
        assert!(
            lands.head.unwrap().top > rises.tail.unwrap().top,
            "on a later line"
        );
        let ends: Vec<(usize, bool)> = arcs.ends().map(|(a, h, _, _)| (a, h)).collect();
        assert_eq!(ends.len(), 4);
        let tails: Vec<f32> = arcs.ends().filter(|e| !e.1).map(|e| e.3).collect();
        assert_ne!(
            tails[0], tails[1],
            "two arcs leave the cue at different places"
        );
    }
}
