/** docs/apply.md says what the code does: its usage text and its order table. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { USAGE } from '../../src/apply/command-line';
import { APPLY_ORDER, UNKNOWN_KIND_RANK } from '../../src/apply/rules/apply-order';

const SECTION = readFileSync(path.resolve(__dirname, '../../docs/apply.md'), 'utf8');

test('the usage block is the command’s --help', () => {
  expect(SECTION).toContain(`\`\`\`\n${USAGE}\n\`\`\``);
});

test('the order table is APPLY_ORDER, rank by rank', () => {
  const rows = [...SECTION.matchAll(/^ {2}\| (\d) +\| (.+?) +\|$/gm)].map(
    ([, rank, kinds]) => [Number(rank), kinds] as const,
  );
  const expected = [...new Set(Object.values(APPLY_ORDER))].map(
    (rank) =>
      [
        rank,
        Object.entries(APPLY_ORDER)
          .filter(([, r]) => r === rank)
          .map(([kind]) => kind)
          .join(', '),
      ] as const,
  );
  expect(rows).toEqual([...expected, [UNKNOWN_KIND_RANK, 'any other kind']]);
});
