//! The one error shape the UI sees: `{"kind": "...", "message": "..."}`.

use serde::Serialize;

/// An error returned by a command. `kind` is stable and machine-readable (the core's
/// `Error::kind`, or `busy` / `internal` for shell errors); `message` is for people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CommandError {
    pub kind: &'static str,
    pub message: String,
}

impl CommandError {
    pub fn new(kind: &'static str, message: impl Into<String>) -> Self {
        CommandError {
            kind,
            message: message.into(),
        }
    }

    pub fn internal(message: impl std::fmt::Display) -> Self {
        CommandError::new("internal", message.to_string())
    }
}

impl From<newsdesk::Error> for CommandError {
    fn from(error: newsdesk::Error) -> Self {
        CommandError::new(error.kind(), error.to_string())
    }
}

pub type CommandResult<T> = Result<T, CommandError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn core_errors_serialise_as_kind_and_message() {
        let json = serde_json::to_value(CommandError::from(newsdesk::Error::NotFound(7))).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"kind": "not_found", "message": "no article with id 7"})
        );
        let json = serde_json::to_value(CommandError::new("busy", "an import is already running"))
            .unwrap();
        assert_eq!(
            json,
            serde_json::json!({"kind": "busy", "message": "an import is already running"})
        );
    }
}
