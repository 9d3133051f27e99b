//! Attest: a desktop annotation tool that turns news reports of political
//! violence into gold-labeled entities, events, claims and attributions.
//!
//! Dependencies point one way:
//! `model, progress, stable_hash ← text ← suggest, edit, store, ingest, stats, formats, quality, learn ← engine ← app ← {ui, cli}`.
//! Only `ui` touches egui, eframe or rfd; a build without the `gui` feature
//! is a complete headless CLI.
//!
//! Where each concept lives:
//! - [`model`]: documents, mentions, events, claims, review status, schema,
//!   catalogue — plain serde data, one file per concept.
//! - [`progress`]: the progress sink and cancel flag every long job takes.
//! - [`stable_hash`]: the one hash that is persisted (content, fingerprints).
//! - [`edit`]: corrections as pure functions from a document's annotations
//!   to invertible transactions (decide, create, correct, diff, link).
//! - [`text`]: sentences, tokens, folding and whole words: one text layer.
//! - [`suggest`]: the rule suggesters (catalogue, patterns, acronyms,
//!   anaphora, event triggers, claim cues) and their merge into a file.
//! - [`learn`]: recommenders learned from finished documents (string
//!   matcher, tagger), their scores, model files and simulated sessions.
//! - [`engine`]: the one suggestion engine: the rules and the learned layers
//!   as [`engine::Suggester`]s, their gating, the model files, one fingerprint.
//! - [`store`]: the project folder on disk: atomic writes, the lock.
//! - [`ingest`]: articles from `.txt` and `.jsonl` (headline, dateline, sign-off).
//! - [`formats`]: dataset formats, one `DatasetFormat` each in one registry.
//! - [`quality`], [`stats`]: agreement, evaluation, adjudication, the
//!   who-did-what table and counts over annotation sets.
//! - [`app`]: the application core both front ends drive — the jobs
//!   (`app::jobs`: suggest, import, statistics, agreement, evaluation), the
//!   background runner, the command table, and the workspace composed of
//!   the open documents (focus, undo history, saving), the document list
//!   and the suggestion engine with its background work.
//! - `ui` (feature `gui`): panels and windows drawn with egui, one protocol.
//! - [`cli`]: the command line, one file per command.

pub mod app;
pub mod cli;
pub mod edit;
pub mod engine;
pub mod formats;
pub mod ingest;
pub mod learn;
pub mod model;
pub mod progress;
pub mod quality;
pub mod stable_hash;
pub mod stats;
pub mod store;
pub mod suggest;
pub mod text;
#[cfg(feature = "gui")]
pub mod ui;

/// The fixture markup parser the unit tests share with the integration tests.
#[cfg(test)]
#[path = "../tests/util/markup.rs"]
mod markup;

/// The allocator of every binary built on this library (the app, its
/// benches and tests): batch jobs make and drop millions of small strings
/// on every core, where the system's allocator spent an eighth of
/// `suggest --all`'s time. Fuzzing keeps the system's, which its
/// sanitizers watch.
#[cfg(not(fuzzing))]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
