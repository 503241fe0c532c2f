/**
 * The image's build stage copies `src/` (and the package and tsconfig files) and runs `npm run
 * build`: every file the worker's build compiles, imports followed, must be under `src/`. A worker
 * module that imports `charts/` (a limits table) compiles here and breaks `docker build`.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const ROOT = path.resolve(__dirname, '../..');

/** The source paths the Dockerfile's build stage copies (`COPY <paths> <dest>`, before the next FROM). */
function copiedPaths(): string[] {
  const dockerfile = readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');
  const build = dockerfile.split(/^FROM /m)[1] ?? '';
  return [...build.matchAll(/^COPY (?!--from)(.+)$/gm)].flatMap((match) =>
    (match[1] ?? '').trim().split(/\s+/).slice(0, -1),
  );
}

test("the worker's build, imports followed, reads only what the image's build stage copies", () => {
  const { config } = ts.readConfigFile(path.join(ROOT, 'tsconfig.build.json'), (file) =>
    ts.sys.readFile(file),
  );
  const parsed = ts.parseJsonConfigFileContent(config, ts.sys, ROOT);
  const program = ts.createProgram(parsed.fileNames, parsed.options);
  const files = program
    .getSourceFiles()
    .map((file) => path.relative(ROOT, file.fileName))
    .filter((file) => !file.startsWith('node_modules/') && !file.startsWith('..'));
  const copied = copiedPaths();
  expect(copied).toContain('src');
  expect(files.some((file) => file === 'src/startup/worker-main.ts')).toBe(true);
  expect(
    files.filter(
      (file) =>
        !copied.some((copy) => file === copy || file.startsWith(`${copy.replace(/\/$/, '')}/`)),
    ),
  ).toEqual([]);
});
