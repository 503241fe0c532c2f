/**
 * Each platform limit has one home, `charts/limits/` (and the worker's port and probe paths the
 * worker contract): the charts, the synth app and the validator read it there. A rule file that
 * writes the value again as a literal beside its concept fails here, naming the file, the line and
 * the table to import instead.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { CLOUD_RUN_LIMITS } from '../../charts/limits/cloud-run';
import { KNATIVE_LIMITS } from '../../charts/limits/knative';
import { KUBERNETES_NAMES } from '../../charts/limits/kubernetes';
import { PUBSUB_LIMITS } from '../../charts/limits/pubsub';
import { PROBE_PATHS, WORKER_PORT } from '../../src/config/worker-contract';
import { RETRY_AFTER_SECONDS } from '../../src/labelers/vision-decision';
import { findRestatedLimits, LIMIT_RULES } from '../support/restated-limits';

const ROOT = path.resolve(__dirname, '../..');

/** The folders whose TypeScript must read the limits rather than restate them. */
const SCANNED = ['charts', 'cdk8s', 'src/validator'];
/** The homes themselves, and generated code. */
const EXCLUDED = ['charts/limits', 'cdk8s/imports', 'cdk8s/validate'];

function typeScriptFiles(dir: string): string[] {
  const absolute = path.join(ROOT, dir);
  if (EXCLUDED.includes(dir) || !statSync(absolute, { throwIfNoEntry: false })?.isDirectory()) {
    return [];
  }
  return readdirSync(absolute, { withFileTypes: true }).flatMap((entry) => {
    const relative = path.posix.join(dir, entry.name);
    if (entry.isDirectory()) return typeScriptFiles(relative);
    return entry.name.endsWith('.ts') ? [relative] : [];
  });
}

/** Every number and string anywhere in `value`. */
function leaves(value: unknown): unknown[] {
  if (typeof value !== 'object' || value === null) return [value];
  return Object.values(value).flatMap(leaves);
}

describe('every limit the check knows lives in a limits table or the worker contract', () => {
  const homes = new Set(
    leaves([
      CLOUD_RUN_LIMITS,
      KNATIVE_LIMITS,
      KUBERNETES_NAMES,
      PUBSUB_LIMITS,
      WORKER_PORT,
      PROBE_PATHS,
      RETRY_AFTER_SECONDS,
    ]),
  );
  test.each(LIMIT_RULES)('$value ($home)', ({ value }) => {
    expect(homes.has(value)).toBe(true);
  });
});

describe('findRestatedLimits', () => {
  test.each([
    ['a timeout maximum', `const schema = { timeoutSeconds: integer(1, 600) };`, [600]],
    ['a constant named after its concept', `const MAX_TIMEOUT_SECONDS = 600;`, [600]],
    ['a comparison', `if (spec.containerConcurrency > 1000) fail();`, [1000]],
    [
      'a call over several lines',
      'const x = {\n  ackDeadlineSeconds: integer(\n    10,\n    600,\n  ),\n};',
      [10, 600],
    ],
    ['a probe path', `const probe = { httpGet: { path: '/readyz' } };`, ['/readyz']],
    ['the port', `const ports = [{ containerPort: 8080 }];`, [8080]],
    ['a Retry-After in a table', `const t = { retryAfterSeconds: 30 };`, [30]],
    ['a Retry-After restated', `const LONGEST_RETRY_AFTER_SECONDS = 30;`, [30]],
  ])('finds %s', (_name, code, values) => {
    expect(findRestatedLimits('x.ts', code).map((found) => found.value)).toEqual(values);
  });

  test.each([
    [
      'a limit read from its table',
      `const t = { timeoutSeconds: KNATIVE_LIMITS.timeoutSeconds.max };`,
    ],
    ['a unit conversion', `const seconds = Math.ceil(timeoutMs / 1000);`],
    [
      'a value of the kit with another concept',
      `const s = { backoffDelaySeconds: seconds(0.01, 3600) };`,
    ],
    ['a doc comment', `/** At most 600 (Knative's timeout). */\nconst timeoutSeconds = limit;`],
    ['a number in a message', `const m = 'timeoutSeconds must be at most 600';`],
  ])('ignores %s', (_name, code) => {
    expect(findRestatedLimits('x.ts', code)).toEqual([]);
  });
});

describe('no file restates a limit', () => {
  const files = SCANNED.flatMap(typeScriptFiles);

  test('the scan reads the charts and the synth app', () => {
    expect(files).toContain('cdk8s/synth-app.ts');
    expect(files.filter((file) => file.startsWith('charts/')).length).toBeGreaterThan(20);
  });

  test.each(files)('%s', (file) => {
    const found = findRestatedLimits(file, readFileSync(path.join(ROOT, file), 'utf8'));
    expect(
      found.map(
        ({ line, value, context, home }) =>
          `${file}:${line}: ${String(value)} in "${context}": read ${home}`,
      ),
    ).toEqual([]);
  });
});
