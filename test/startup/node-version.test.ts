/**
 * The Node.js release check of the entry points: the pure rule over version strings, its minimum
 * against `engines.node`, and, where the machine has an older node binary (`/usr/bin/node`, the
 * distribution's), each built entry run by it: exit code 1 and the one line, nothing else.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { MIN_NODE_MAJOR, nodeVersionProblem } from '../../src/startup/node-version';
import { ensureBuilt } from '../support/worker-child';

const ROOT = path.resolve(__dirname, '../..');
const SYSTEM_NODE = '/usr/bin/node';
const ENTRIES = ['start', 'worker-main', 'source-main', 'dead-letter-main'].map((name) =>
  path.join(ROOT, 'dist/src/startup', `${name}.js`),
);

test.each([
  ['20.20.2', 'v20.20.2'],
  ['v20.11.0', 'v20.11.0'],
  ['22.12.0', 'v22.12.0'],
  ['23.9.9', 'v23.9.9'],
  ['8.0.0', 'v8.0.0'],
  ['not a version', 'vnot a version'],
])('Node.js %s is refused with one line', (version, shown) => {
  expect(nodeVersionProblem(version)).toBe(
    `dualrun needs Node.js 24 or later (this is ${shown}): run \`. .ci/use-node-24\` or nvm use`,
  );
});

test.each(['24.0.0', '24.22.3', 'v24.1.0', '25.0.0', '100.1.2'])('Node.js %s runs', (version) => {
  expect(nodeVersionProblem(version)).toBeUndefined();
});

test('the minimum is the one package.json declares in engines.node', () => {
  const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
    engines: { node: string };
  };
  expect(manifest.engines.node).toBe(`>=${String(MIN_NODE_MAJOR)}`);
});

test('each entry point, run by the machine node, exits 1 with the one line when it is too old', () => {
  ensureBuilt();
  // The machine's own node, when there is one: the check must hold for whatever release it is.
  const nodes = [process.execPath, ...(existsSync(SYSTEM_NODE) ? [SYSTEM_NODE] : [])];
  for (const node of nodes) {
    const version = spawnSync(node, ['-p', 'process.versions.node'], {
      encoding: 'utf8',
    }).stdout.trim();
    const problem = nodeVersionProblem(version);
    for (const entry of ENTRIES) {
      const run = spawnSync(node, [entry], {
        env: { PATH: process.env.PATH, LABELER: 'none', PORT: 'not a port' },
        encoding: 'utf8',
        timeout: 10_000,
      });
      // Too old: the one line. Recent enough: past the check, it stops on its configuration
      // instead (exit 1, one `dualrun: ` line naming a variable).
      const told =
        problem === undefined
          ? /^dualrun: [^\n]*(PORT|PUBSUB_)[^\n]*\n$/.test(run.stderr)
          : run.stderr;
      expect({ status: run.status, stdout: run.stdout, stderr: told }).toEqual({
        status: 1,
        stdout: '',
        stderr: problem === undefined ? true : `${problem}\n`,
      });
    }
  }
}, 60_000);
