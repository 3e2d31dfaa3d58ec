//! Static full-text search: an index cut into small files and the rules the
//! client (`themes/default/static/search.js`) follows to read it.
//!
//! - [`tokenise`]: how text and queries become words (NFC, lower case, folded);
//! - [`encode`]: posting lists as compact strings;
//! - [`rank`]: the ranking table shared with the client;
//! - [`index`]: the files written under `/search/`.

pub mod encode;
pub mod index;
pub mod rank;
pub mod tokenise;
