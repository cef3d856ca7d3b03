//! Starts `toilint server` from the user's PATH (install it with `pip install toilint`).
use zed_extension_api::{self as zed, LanguageServerId, Result};

struct Toilint;

impl zed::Extension for Toilint {
    fn new() -> Self {
        Toilint
    }

    fn language_server_command(
        &mut self,
        _language_server_id: &LanguageServerId,
        worktree: &zed::Worktree,
    ) -> Result<zed::Command> {
        let path = worktree
            .which("toilint")
            .ok_or_else(|| "toilint is not on PATH (pip install toilint)".to_string())?;
        Ok(zed::Command {
            command: path,
            args: vec!["server".to_string()],
            env: worktree.shell_env(),
        })
    }
}

zed::register_extension!(Toilint);
