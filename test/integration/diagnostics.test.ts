/* Diagnostics: a broken config's problems underlined where they are. */
import type * as VsCode from 'vscode';
import assert from 'node:assert/strict';
import { suite, test } from 'mocha';
import { config, eventually, inExtensionHost, open, vscodeApi } from './extensionHost';

if (inExtensionHost) suite('Diagnostics', () => {
  const vscode = vscodeApi();
  const ours = (uri: VsCode.Uri): VsCode.Diagnostic[] => vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source === 'API Gateway');

  test('underlines exactly the offending reference in a broken SAM template', async () => {
    const file = config('fixtures', 'sam', 'broken.yaml');
    const { document, at } = await open(file);
    const diagnostics = await eventually('diagnostics for broken.yaml', () => ours(file).length > 0 && ours(file));
    const reference = diagnostics.find((diagnostic) => diagnostic.code === 'INVALID_REFERENCE');
    assert.ok(reference, `an INVALID_REFERENCE among ${diagnostics.map((diagnostic) => diagnostic.code).join(', ')}`);
    assert.equal(reference.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(document.getText(reference.range), '!Ref LegacyApi');
    assert.deepEqual(reference.range.start, at('RestApiId: !Ref LegacyApi', 'RestApiId: '.length));
    // Globals SAM rejects: at the key, on its line.
    const globals = diagnostics.filter((diagnostic) => diagnostic.code === 'INVALID_GLOBALS');
    assert.deepEqual(globals.map((diagnostic) => diagnostic.range.start.line).sort((a, b) => a - b), [at('    StageName: prod').line, at('  Functions:').line]);
    assert.ok(globals.every((diagnostic) => diagnostic.range.isSingleLine));
  });

  test('reports a Terraform file that cannot be parsed at the brace left open', async () => {
    const file = config('fixtures', 'terraform', 'unclosed-brace.tf');
    const { document } = await open(file);
    const [error] = await eventually('a diagnostic for unclosed-brace.tf', () => ours(file).length > 0 && ours(file));
    assert.equal(error.severity, vscode.DiagnosticSeverity.Error);
    assert.match(error.message, /unclosed block/);
    assert.equal(document.lineAt(error.range.start.line).text, 'resource "aws_apigatewayv2_route" "health" {');
    assert.equal(document.getText(new vscode.Range(error.range.start, error.range.start.translate(0, 1))), '{');
  });

  test('replaces the parse error with the fixed file\'s findings as the user types', async () => {
    const file = config('fixtures', 'terraform', 'unclosed-brace.tf');
    const { at } = await open(file);
    const route = at('resource "aws_apigatewayv2_route" "health"');
    const edit = new vscode.WorkspaceEdit();
    edit.insert(file, at('\nresource "aws_apigatewayv2_stage"'), '\n}');
    assert.ok(await vscode.workspace.applyEdit(edit));
    // The block now closes: the route reads, and the reader's warning about it takes the error's place.
    const [warning] = await eventually('the parse error to give way to findings', () => {
      const now = ours(file);
      return now.every((diagnostic) => diagnostic.severity !== vscode.DiagnosticSeverity.Error) && now.length > 0 && now;
    });
    assert.equal(warning.code, 'NO_INTEGRATION');
    assert.equal(warning.severity, vscode.DiagnosticSeverity.Warning);
    assert.equal(warning.range.start.line, route.line);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});
