import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { RULE_IDS, RULES } from '../../src/validator/rule-table';
import { createManifestValidator, validateManifests } from '../../src/validator/validate-manifests';
import { NEGATIVE_CASES } from './negative-cases';

const validator = createManifestValidator();

describe('the rule table', () => {
  test('rule ids are unique and family/kebab-case', () => {
    expect(new Set(RULE_IDS).size).toBe(RULE_IDS.length);
    for (const id of RULE_IDS) expect(id).toMatch(/^[a-z0-9]+\/[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  test('every rule has a summary and a source', () => {
    const incomplete = RULES.filter((rule) => rule.summary === '' || rule.see === '');
    expect(incomplete.map((rule) => rule.id)).toEqual([]);
  });

  test('every rule names a public source: an https URL, or a section of README.md or docs/*.md that exists', () => {
    /** `FILE#anchor` → whether FILE (README.md or a file of docs/) has a heading with that anchor. */
    const sectionExists = (see: string): boolean => {
      const [file = '', anchor = ''] = see.split('#');
      if (!/^(README\.md|docs\/[a-z0-9-]+\.md)$/.test(file)) return false;
      const markdownFile = path.join(__dirname, '../..', file);
      if (!existsSync(markdownFile)) return false;
      const headings = [...readFileSync(markdownFile, 'utf8').matchAll(/^#+ (.+)$/gm)];
      return headings.some(
        ([, heading = '']) =>
          heading
            .toLowerCase()
            .replace(/[^a-z0-9 -]/g, '')
            .replace(/ /g, '-') === anchor,
      );
    };
    const unsourced = RULES.filter(({ see }) => !see.startsWith('https://') && !sectionExists(see));
    expect(unsourced.map(({ id, see }) => `${id}: ${see}`)).toEqual([]);
  });

  test('every rule id has a negative example', () => {
    const covered = new Set(NEGATIVE_CASES.map((c) => c.rule));
    expect(RULE_IDS.filter((id) => !covered.has(id))).toEqual([]);
  });

  test('every negative example names a rule of the table', () => {
    const known = new Set(RULE_IDS);
    expect(NEGATIVE_CASES.flatMap((c) => c.expected).filter((id) => !known.has(id))).toEqual([]);
  });
});

describe('negative examples', () => {
  test.each(NEGATIVE_CASES.map((c) => [`${c.rule}: ${c.change}`, c] as const))('%s', (_, c) => {
    const findings = validateManifests(c.files(), validator);
    const rules = [...new Set(findings.map((finding) => finding.rule))].sort();
    expect(rules).toEqual([...new Set(c.expected)].sort());
  });
});
