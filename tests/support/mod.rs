//! Shared by the integration tests (each test file says `mod support;`).

pub mod browser;
pub mod catalogue;
