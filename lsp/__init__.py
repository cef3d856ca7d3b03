"""toilint's language server and the editor set-ups that start it (`toilint server`)."""
