/**
 * The README's "Migrating an existing service" says what the command does: its worked example (the
 * tutorial's vision kservice, quoted from meteatamel/knative-tutorial) prints exactly the lines and
 * writes exactly the manifest shown, and its rule table is the rule table.
 */
import { convertCommand } from '../../src/convert/convert-command';
import { CONVERT_RULES } from '../../src/convert/rule-table';
import { createManifestValidator } from '../../src/validator/validate-manifests';
import { readmeBlock, readmeRuleTable, ruleTableCells } from './readme-blocks';

test('the worked example prints the lines and writes the manifest the README shows', () => {
  const command = readmeBlock('command').trim();
  const args = command.slice(command.indexOf(' -- ') + 4).split(/\s+/);
  let stdout = '';
  const written: Record<string, string> = {};
  const status = convertCommand(args, {
    readFile: (path) => (path === 'kservice.yaml' ? readmeBlock('kservice') : ''),
    writeFile: (path, text) => {
      written[path] = text;
    },
    stdout: (text) => (stdout += text),
    stderr: (text) => (stdout += text),
    validator: createManifestValidator(),
  });
  expect(status).toBe(0);
  expect(stdout).toBe(readmeBlock('lines'));
  expect(written).toEqual({ 'service.yaml': readmeBlock('service') });
});

test("the README's rule table lists every rule, in order, as the table says it", () => {
  expect(readmeRuleTable()).toEqual(ruleTableCells(CONVERT_RULES));
});
