//! Attest: a desktop annotation tool that turns news reports of political
//! violence into gold-labeled entities, events, claims and attributions.
//!
//! Dependencies point one way:
//! `model ← suggest, edit, store, ingest, stats, formats, review ← app ← {ui, cli}`.
//! Only `ui` touches egui, eframe or rfd; a build without the `gui` feature
//! is a complete headless CLI.

pub mod app;
pub mod cli;
pub mod edit;
pub mod formats;
pub mod ingest;
pub mod learn;
pub mod model;
pub mod progress;
pub mod review;
pub mod stats;
pub mod store;
pub mod suggest;
#[cfg(feature = "gui")]
pub mod ui;

/// The fixture markup parser the unit tests share with the integration tests.
#[cfg(test)]
#[path = "../tests/util/markup.rs"]
mod markup;
