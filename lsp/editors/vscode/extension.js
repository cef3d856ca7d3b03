// toilint for VS Code: starts `toilint server` and lets vscode-languageclient do the rest.
// Build: `npm install && npx @vscode/vsce package`, then install the .vsix.
"use strict";
const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function settings() {
  const c = vscode.workspace.getConfiguration("toilint");
  return {
    select: c.get("select"),
    extendSelect: c.get("extendSelect"),
    ignore: c.get("ignore"),
    run: c.get("run"),
    unsafeFixes: c.get("unsafeFixes"),
    toiPath: c.get("toiPath") || undefined,
  };
}

async function activate(context) {
  const [command, ...args] = vscode.workspace.getConfiguration("toilint").get("path") || ["toilint"];
  client = new LanguageClient(
    "toilint",
    "toilint",
    { command, args: [...args, "server"] },
    {
      documentSelector: [{ language: "toi" }],
      initializationOptions: { settings: settings() },
      // the server reads the `toilint` section through workspace/configuration on change
      synchronize: { configurationSection: "toilint" },
    }
  );
  await client.start();
  context.subscriptions.push(client);
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
