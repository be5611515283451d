// Runs inside a real extension host with the real `vscode` API: desktop VS Code's (loaded by
// @vscode/test-electron through extensionTestsPath) or code-server's (extensionHost.test.ts). Plain CommonJS with no test framework: `run()` resolves when every check
// passes and rejects with the first failure.
const assert = require('node:assert/strict');
const path = require('node:path');
const vscode = require('vscode');

// test-electron passes the workspace in the environment; in code-server it is the open folder.
const workspace = process.env.KEYLENS_E2E_WORKSPACE || vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
const RULE = 'kms-decrypt-in-identity-policy';

function keylensDiagnostics(uri) {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'keylens');
}

/** Resolves when `predicate` holds for the document's KeyLens diagnostics (on the change event). */
function waitForDiagnostics(uri, predicate, timeoutMs = 15000) {
  return new Promise((resolve, reject) => {
    const check = () => {
      const diagnostics = keylensDiagnostics(uri);
      if (predicate(diagnostics)) {
        subscription.dispose();
        clearTimeout(timer);
        resolve(diagnostics);
      }
    };
    const subscription = vscode.languages.onDidChangeDiagnostics((event) => {
      if (event.uris.some((changed) => changed.toString() === uri.toString())) check();
    });
    const timer = setTimeout(() => {
      subscription.dispose();
      reject(new Error(`diagnostics never matched; last: ${JSON.stringify(keylensDiagnostics(uri))}`));
    }, timeoutMs);
    check();
  });
}

/**
 * Code actions can lag the diagnostics a little: ask again until some arrive. A request is also
 * cancelled when the document's diagnostics are replaced meanwhile (the workspace-wide ones of the
 * file on disk by the open document's own): ask again then too.
 */
async function codeActions(uri, range, kind, timeoutMs = 10000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let actions = [];
    try {
      actions = (await vscode.commands.executeCommand('vscode.executeCodeActionProvider', uri, range, kind)) ?? [];
    } catch (error) {
      if (!(error instanceof Error) || error.name !== 'Canceled' || Date.now() > deadline) throw error;
    }
    if (actions.length > 0 || Date.now() > deadline) return actions;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function actionsOf(text) {
  return [JSON.parse(text).Statement].flat().map((statement) => [statement.Action].flat());
}

const tests = {
  async 'warns about kms:Decrypt on all keys and applies the quick fix'() {
    const uri = vscode.Uri.file(path.join(workspace, 'app-identity-policy.json'));
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    const [diagnostic] = await waitForDiagnostics(uri, (all) => all.some((d) => d.code?.value === RULE || d.code === RULE));
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Warning);
    const actions = await codeActions(uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value);
    const fix = actions.find((action) => action.edit && /kms:Decrypt/.test(action.title));
    assert.ok(fix, `no quick fix: ${actions.map((a) => a.title).join(' | ')}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.deepEqual(actionsOf(document.getText()), [['kms:Encrypt', 'kms:GenerateDataKey']]);
    await waitForDiagnostics(uri, (all) => all.length === 0);
  },

  async 'fixes every problem with source.fixAll.keylens'() {
    const uri = vscode.Uri.file(path.join(workspace, 'fix-all-policy.json'));
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    await waitForDiagnostics(uri, (all) => all.length >= 2);
    const whole = new vscode.Range(0, 0, document.lineCount, 0);
    const [fixAll] = await codeActions(uri, whole, 'source.fixAll.keylens');
    assert.ok(fixAll, 'no fix-all action');
    if (fixAll.edit) assert.ok(await vscode.workspace.applyEdit(fixAll.edit));
    if (fixAll.command) await vscode.commands.executeCommand(fixAll.command.command, ...(fixAll.command.arguments ?? []));
    assert.deepEqual(actionsOf(document.getText()), [['kms:Encrypt', 'kms:GenerateDataKey'], ['kms:DescribeKey'], ['kms:ScheduleKeyDeletion']]);
  },
};

exports.run = async function run() {
  assert.ok(workspace, 'no workspace: set KEYLENS_E2E_WORKSPACE or open a folder');
  for (const [name, test] of Object.entries(tests)) {
    const started = Date.now();
    try {
      await test();
      console.log(`ok - ${name} (${Date.now() - started} ms)`);
    } catch (error) {
      console.error(`not ok - ${name}\n${error && error.stack}`);
      throw error;
    }
  }
};
