/**
 * Every Markdown page (README.md, docs/*.md) has one level-1 heading, its title, and its headings
 * go down one level at a time (no `#` section among `##` ones, no `##` straight to `####`).
 * Lines inside fenced code blocks (`# a shell comment`) are no headings.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const PAGES = [
  'README.md',
  ...readdirSync(path.join(ROOT, 'docs'))
    .filter((file) => file.endsWith('.md'))
    .map((file) => `docs/${file}`),
];

/** The headings of a Markdown text, outside code fences: their level and line. */
function headings(text: string): { level: number; line: string }[] {
  const found: { level: number; line: string }[] = [];
  let fenced = false;
  for (const line of text.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    const match = fenced ? null : /^(#{1,6}) /.exec(line);
    if (match?.[1] !== undefined) found.push({ level: match[1].length, line });
  }
  return found;
}

test.each(PAGES)('%s: one level-1 heading first, then one level deeper at a time', (page) => {
  const found = headings(readFileSync(path.join(ROOT, page), 'utf8'));
  expect(found[0]?.level).toBe(1);
  expect(found.slice(1).filter((heading) => heading.level === 1)).toEqual([]);
  const skips = found.filter(
    (heading, index) => index > 0 && heading.level > (found[index - 1]?.level ?? 0) + 1,
  );
  expect(skips).toEqual([]);
});
