//! The commands the UI calls: one module per domain, each command a thin wrapper over one core
//! function (take the state, call the core, map the error).

pub mod app;
pub mod article;
pub mod bookmarks;
pub mod history;
pub mod import;
pub mod library;
pub mod maintenance;
pub mod search;
