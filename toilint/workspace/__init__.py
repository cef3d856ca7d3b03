"""The workspace layer: configuration files, file discovery and the result cache (what ruff keeps in
``ruff_workspace``). The CLI and the language server read it; the linter itself never does."""
