//! Every colour and text style of the GUI in one place. Label colours come
//! from the schema; how a status looks (outlined suggestion, filled gold,
//! faint rejected) is decided here.

use egui::{Color32, FontId, Stroke, TextFormat};

use crate::model::{Rgb, Status};

pub fn colour(rgb: Rgb) -> Color32 {
    let [r, g, b] = rgb.0;
    Color32::from_rgb(r, g, b)
}

/// Colour of claim cues, which have no schema label.
pub const CLAIM_CUE: Color32 = Color32::from_rgb(0xe8, 0x43, 0x93);
/// Colour of event triggers.
pub const EVENT_TRIGGER: Color32 = Color32::from_rgb(0xf3, 0x9c, 0x12);

/// Colour of a place the annotators disagree on, while curating.
pub const CURATION_OPEN: Color32 = Color32::from_rgb(0xb0, 0x00, 0xff);

pub fn error_colour(dark: bool) -> Color32 {
    if dark {
        Color32::from_rgb(0xff, 0x80, 0x80)
    } else {
        Color32::from_rgb(0xb0, 0x00, 0x20)
    }
}

/// What a step said: its outcome as a line, in the error colour if it failed.
pub fn outcome_ui(ui: &mut egui::Ui, outcome: Option<&Result<String, String>>) {
    match outcome {
        Some(Ok(text)) => {
            ui.label(text);
        }
        Some(Err(text)) => {
            ui.colored_label(error_colour(ui.visuals().dark_mode), text);
        }
        None => {}
    }
}

/// How one stretch of text covered by an item is drawn.
pub fn item_format(
    base: &TextFormat,
    label_colour: Color32,
    status: &Status,
    focused: bool,
    dark: bool,
) -> TextFormat {
    let mut format = base.clone();
    match status {
        Status::Suggested { .. } => {
            // Outlined: a coloured underline and a faint wash.
            format.underline = Stroke::new(2.0, label_colour);
            format.background = label_colour.gamma_multiply(if dark { 0.18 } else { 0.12 });
        }
        Status::Accepted | Status::Corrected => {
            // Filled.
            format.background = label_colour.gamma_multiply(if dark { 0.55 } else { 0.35 });
        }
        Status::Rejected => {
            format.color = format.color.gamma_multiply(0.45);
            format.strikethrough = Stroke::new(1.0, label_colour.gamma_multiply(0.6));
        }
    }
    if focused {
        format.background = label_colour.gamma_multiply(if dark { 0.8 } else { 0.6 });
        format.underline = Stroke::new(3.0, if dark { Color32::WHITE } else { Color32::BLACK });
    }
    format
}

pub fn body_format(size: f32, dark: bool) -> TextFormat {
    TextFormat {
        font_id: FontId::proportional(size),
        color: if dark {
            Color32::from_gray(225)
        } else {
            Color32::from_gray(20)
        },
        line_height: Some(size * 1.5),
        ..TextFormat::default()
    }
}

/// Colour of the arcs of one role (source, responsible, agent …), so that
/// who says and who did stand apart at a glance.
pub fn role_colour(role: crate::edit::LinkRole, dark: bool) -> Color32 {
    use crate::edit::LinkRole;
    let (light, dark_variant) = match role {
        LinkRole::Source => ((0x1f, 0x6f, 0xb4), (0x7c, 0xb8, 0xff)),
        LinkRole::Responsible => ((0xc0, 0x1c, 0x28), (0xff, 0x7b, 0x7b)),
        LinkRole::About => ((0x6a, 0x4c, 0x93), (0xc3, 0xa6, 0xff)),
        LinkRole::Agent => ((0xb3, 0x3d, 0x00), (0xff, 0xa0, 0x5a)),
        LinkRole::Target => ((0x00, 0x7a, 0x5e), (0x5c, 0xe0, 0xb8)),
        LinkRole::Location => ((0x2e, 0x7d, 0x32), (0x8b, 0xd8, 0x8e)),
        LinkRole::Time => ((0x00, 0x6d, 0x8f), (0x6c, 0xd3, 0xf0)),
        LinkRole::Fatalities => ((0x55, 0x55, 0x55), (0xbb, 0xbb, 0xbb)),
        LinkRole::Related => ((0x8a, 0x3f, 0x8c), (0xe0, 0x9c, 0xe2)),
    };
    let (r, g, b) = if dark { dark_variant } else { light };
    Color32::from_rgb(r, g, b)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A perceptual colour difference (the "redmean" weighting of RGB).
    fn difference(a: Color32, b: Color32) -> f32 {
        let mean_red = (f32::from(a.r()) + f32::from(b.r())) / 2.0;
        let [dr, dg, db] = [(a.r(), b.r()), (a.g(), b.g()), (a.b(), b.b())]
            .map(|(x, y)| f32::from(x) - f32::from(y));
        ((2.0 + mean_red / 256.0) * dr * dr
            + 4.0 * dg * dg
            + (2.0 + (255.0 - mean_red) / 256.0) * db * db)
            .sqrt()
    }

    #[test]
    fn the_default_labels_triggers_and_cues_are_told_apart_by_colour() {
        let schema = crate::model::Schema::conflict_default();
        let mut colours: Vec<(String, Color32)> = schema
            .entity_labels
            .iter()
            .map(|l| (l.name.clone(), colour(l.colour)))
            .collect();
        colours.push(("event trigger".into(), EVENT_TRIGGER));
        colours.push(("claim cue".into(), CLAIM_CUE));
        for (i, (a, x)) in colours.iter().enumerate() {
            for (b, y) in &colours[i + 1..] {
                assert!(
                    difference(*x, *y) >= 70.0,
                    "{a} and {b} look alike: {}",
                    difference(*x, *y)
                );
            }
        }
    }
}
