/**
 * The kit's own two outputs, converted: its Knative Service becomes its Cloud Run service, and its
 * Cloud Run service its Knative Service, up to the fields only the deployment config (or the
 * worker image) knows. Each of those is listed with why convert cannot know it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { valueAt, type Mapping } from '../../src/validator/core/object-access';
import { convertCommand } from '../../src/convert/convert-command';
import { createManifestValidator } from '../../src/validator/validate-manifests';

const ROOT = path.resolve(__dirname, '../..');
const validator = createManifestValidator();

type Json = Record<string, unknown>;

/**
 * The worker's `serving.knative.dev/v1` Service of a YAML stream (knative/dualrun.yaml also holds
 * the dead-letter receiver's).
 */
function serviceOf(text: string): Json {
  const service = parseAllDocuments(text)
    .map((document) => document.toJS() as Json)
    .find(
      (object) =>
        object['kind'] === 'Service' &&
        object['apiVersion'] === 'serving.knative.dev/v1' &&
        valueAt(object, ['metadata', 'name']) === 'image-labeler',
    );
  if (service === undefined) throw new Error('no Service');
  return service;
}

/** Converts a kit file with the command, as a user would. */
function convert(file: string, args: readonly string[]) {
  let stdout = '';
  let stderr = '';
  const status = convertCommand([file, ...args], {
    readFile: (name) => readFileSync(path.join(ROOT, name), 'utf8'),
    writeFile: () => undefined,
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    validator,
  });
  return { status, service: serviceOf(stdout), lines: stderr.trimEnd().split('\n') };
}

/** Removes the listed fields (env variables by name) from a copy of `service`. */
function without(
  service: Json,
  fields: readonly (readonly (string | number)[])[],
  env: readonly string[],
): Json {
  const copy = structuredClone(service);
  for (const field of fields) {
    const parent = valueAt(copy, field.slice(0, -1)) as Json | undefined;
    if (parent !== undefined) Reflect.deleteProperty(parent, String(field[field.length - 1]));
  }
  const container = valueAt(copy, ['spec', 'template', 'spec', 'containers', 0]) as Json;
  container['env'] = (container['env'] as Mapping[]).filter(
    (v) => !env.includes(String(v['name'])),
  );
  return copy;
}

const CONTAINER = ['spec', 'template', 'spec', 'containers', 0];
const ANNOTATIONS = ['metadata', 'annotations'];

/**
 * What only the config or the image knows:
 * - `metadata.namespace`: the Knative namespace (`knative.namespace`) and the project ID the kit
 *   writes for Cloud Run (`google.projectId`; convert writes the project number it is given);
 * - `run.googleapis.com/ingress`: the config's `cloudRun.ingress` (the kit keeps `all` and IAM for
 *   Pub/Sub push; convert maps cluster-local to `internal`);
 * - `run.googleapis.com/custom-audiences`: the push audience (`pubsub.pushAudience`);
 * - `AUTH_MODE`, `AUTH_AUDIENCE`, `AUTH_ALLOWED_EMAILS`: the worker's authentication per target;
 * - `RESULTS_MODE`, `RESULTS_TOPIC`: where result events go per target (the topic is `results.topic`);
 * - `resources.requests`: Knative's requests (`knative.requests`);
 * - `securityContext.runAsUser`, `runAsGroup`: the worker image's USER.
 */
const CONFIG_ONLY = {
  fields: [
    ['metadata', 'namespace'],
    [...ANNOTATIONS, 'run.googleapis.com/ingress'],
    [...ANNOTATIONS, 'run.googleapis.com/custom-audiences'],
    [...CONTAINER, 'resources', 'requests'],
    [...CONTAINER, 'securityContext', 'runAsUser'],
    [...CONTAINER, 'securityContext', 'runAsGroup'],
  ],
  env: ['AUTH_MODE', 'AUTH_AUDIENCE', 'AUTH_ALLOWED_EMAILS', 'RESULTS_MODE', 'RESULTS_TOPIC'],
} as const;

const normalized = (service: Json) => {
  const copy = without(service, CONFIG_ONLY.fields, CONFIG_ONLY.env);
  if (Object.keys((valueAt(copy, ANNOTATIONS) as Json | undefined) ?? { x: 1 }).length === 0)
    Reflect.deleteProperty(copy['metadata'] as Json, 'annotations');
  return copy;
};

test("the kit's Knative Service converts to the kit's Cloud Run service, but for the config's fields", () => {
  const { status, service, lines } = convert('knative/dualrun.yaml', [
    '--name',
    'image-labeler',
    '--project-number',
    '123456789012',
    '--region',
    'us-central1',
  ]);
  expect(status).toBe(1);
  expect(lines.filter((line) => line.startsWith('loss '))).toEqual([
    expect.stringContaining('securityContext.readOnlyRootFilesystem'),
    expect.stringContaining('securityContext.runAsGroup'),
    expect.stringContaining('securityContext.runAsUser'),
    expect.stringContaining('RESULTS_MODE reply kept, so result events go nowhere'),
  ]);
  const kit = serviceOf(readFileSync(path.join(ROOT, 'cloudrun/service.yaml'), 'utf8'));
  expect(normalized(service)).toEqual(normalized(kit));
  expect(valueAt(service, [...ANNOTATIONS, 'run.googleapis.com/ingress'])).toBe('internal');
});

test("the kit's Cloud Run service converts to the kit's Knative Service, but for the config's fields", () => {
  const { status, service, lines } = convert('cloudrun/service.yaml', ['--namespace', 'dualrun']);
  expect(status).toBe(1);
  expect(lines.filter((line) => line.startsWith('loss '))).toEqual([
    expect.stringContaining('run.googleapis.com/custom-audiences'),
  ]);
  const kit = serviceOf(readFileSync(path.join(ROOT, 'knative/dualrun.yaml'), 'utf8'));
  expect(normalized(service)).toEqual(normalized(kit));
  expect(valueAt(service, ['metadata', 'namespace'])).toBe('dualrun');
});
