/**
 * docs/convert.md, the migration guide: its fenced blocks after `<!-- convert-example: NAME -->`
 * markers, and the rule table it must hold (written from the rule table itself).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ConvertRule } from '../../src/convert/convert-rule';

export const CONVERT_DOC = readFileSync(path.resolve(__dirname, '../../docs/convert.md'), 'utf8');

/** The fenced block after `<!-- convert-example: NAME -->`, without its fences. */
export function docBlock(name: string): string {
  const block = new RegExp(
    `<!-- convert-example: ${name} -->\\s*(?:<!-- prettier-ignore -->\\s*)?\`\`\`[a-z]*\\n([\\s\\S]*?)\`\`\``,
  ).exec(CONVERT_DOC)?.[1];
  if (block === undefined) throw new Error(`docs/convert.md has no convert-example ${name}`);
  return block;
}

const DIRECTIONS = (rule: ConvertRule) =>
  rule.to.length === 2 ? 'both' : rule.to[0] === 'cloud-run' ? '→ Cloud Run' : '→ Knative';

const SOURCES = (rule: ConvertRule) =>
  typeof rule.see === 'string'
    ? rule.see
    : `Cloud Run: ${rule.see['cloud-run']}<br>Knative: ${rule.see.knative}`;

/** The cells of docs/convert.md's table of conversion rules, one row per rule in table order. */
export function ruleTableCells(rules: readonly ConvertRule[]): string[][] {
  return rules.map((rule) => [
    `\`${rule.id}\``,
    DIRECTIONS(rule),
    `\`${rule.field.replaceAll('|', '\\|')}\``,
    rule.what.replaceAll('|', '\\|'),
    SOURCES(rule),
  ]);
}

/** The table as Markdown (Prettier pads it when it formats the Markdown). */
export function ruleTableMarkdown(rules: readonly ConvertRule[]): string {
  const header = ['Rule', 'Direction', 'Field', 'What it does', 'Source'];
  return [header, header.map(() => '---'), ...ruleTableCells(rules)]
    .map((cells) => `| ${cells.join(' | ')} |`)
    .join('\n');
}

/** The cells of the table after `<!-- convert-rules -->` in docs/convert.md, header rows left out. */
export function docRuleTable(): string[][] {
  const after = CONVERT_DOC.split('<!-- convert-rules -->')[1] ?? '';
  const rows = after.trimStart().split('\n');
  return rows
    .slice(
      0,
      rows.findIndex((row) => !row.startsWith('|')),
    )
    .slice(2)
    .map((row) =>
      row
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map((cell) => cell.trim()),
    );
}
