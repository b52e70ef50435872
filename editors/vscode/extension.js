// The kf extension: starts `kfc lsp` over standard input and output for .kf files.
// Highlighting comes from syntaxes/kf.tmLanguage.json; everything else from the server.
const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const config = vscode.workspace.getConfiguration("kf.server");
  const command = config.get("path", "kfc");
  const args = ["lsp", ...config.get("args", [])];
  client = new LanguageClient(
    "kf",
    "kfc lsp",
    { run: { command, args }, debug: { command, args } },
    { documentSelector: [{ language: "kf" }] },
  );
  context.subscriptions.push(client);
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
