/**
 * docs/convert.md, the migration guide, says what the command does: its worked example (the
 * tutorial's vision kservice, quoted from meteatamel/knative-tutorial) prints exactly the lines and
 * writes exactly the manifest shown, and its rule table is the rule table.
 */
import { convertCommand } from '../../src/convert/convert-command';
import { CONVERT_RULES } from '../../src/convert/rule-table';
import { createManifestValidator } from '../../src/validator/validate-manifests';
import { docBlock, docRuleTable, ruleTableCells } from './convert-doc-blocks';

test('the worked example prints the lines and writes the manifest docs/convert.md shows', () => {
  const command = docBlock('command').trim();
  const args = command.slice(command.indexOf(' -- ') + 4).split(/\s+/);
  let stdout = '';
  const written: Record<string, string> = {};
  const status = convertCommand(args, {
    readFile: (path) => (path === 'kservice.yaml' ? docBlock('kservice') : ''),
    writeFile: (path, text) => {
      written[path] = text;
    },
    stdout: (text) => (stdout += text),
    stderr: (text) => (stdout += text),
    validator: createManifestValidator(),
  });
  expect(status).toBe(0);
  expect(stdout).toBe(docBlock('lines'));
  expect(written).toEqual({ 'service.yaml': docBlock('service') });
});

test("docs/convert.md's rule table lists every rule, in order, as the table says it", () => {
  expect(docRuleTable()).toEqual(ruleTableCells(CONVERT_RULES));
});
