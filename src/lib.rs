//! procat: a static site generator for public procedure catalogues.
//!
//! The pipeline: [`load`] turns a catalogue folder into a
//! [`model::Catalogue`], [`check`] finds every problem in it, [`resolve`] folds the
//! decisions into statuses as of a date, [`render`] turns the resolved catalogue into
//! pages, search index and open data, and [`write`] swaps them into the output folder.

pub mod build;
pub mod check;
pub mod diagnostic;
pub mod github;
pub mod load;
pub mod locate;
pub mod model;
pub mod render;
pub mod resolve;
pub mod scaffold;
pub mod schema;
pub mod search;
pub mod serve;
pub mod source;
pub mod text;
pub mod write;
pub mod yaml;
