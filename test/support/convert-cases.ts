/**
 * Table cases for the conversion rules: a minimal Service of each platform with the parts a case
 * changes, the lines it must print and the fields the output must have. Every converted output is
 * also run through the target's offline validator, which must find nothing.
 */
import { stringify } from 'yaml';
import type { Mapping } from '../../src/validator/core/object-access';
import { valueAt, type Path } from '../../src/validator/core/object-access';
import { createManifestValidator } from '../../src/validator/validate-manifests';
import type { ConvertLine } from '../../src/convert/convert-line';
import type { Companions, ConvertOptions, Platform } from '../../src/convert/convert-rule';
import { convertService, type ConvertResult } from '../../src/convert/convert-service';
import { writeManifest } from '../../src/convert/write-manifest';

type Json = Record<string, unknown>;

/** The parts of a Service a case sets; each is merged over the minimal Service's. */
export interface ServiceParts {
  readonly metadata?: Json;
  readonly labels?: Json;
  readonly annotations?: Json;
  readonly templateAnnotations?: Json;
  /** `spec.template.metadata.name`, the revision name. */
  readonly templateName?: string;
  /** Fields of `spec.template.spec`. */
  readonly pod?: Json;
  /** Fields of the first (serving) container. */
  readonly container?: Json;
  /** Containers after the first. */
  readonly sidecars?: readonly Json[];
  /** Fields of `spec` besides the template. */
  readonly spec?: Json;
}

/** The project number and region the Knative → Cloud Run cases pass. */
export const PROJECT_NUMBER = '123456789012';
export const REGION = 'us-central1';
export const IMAGE = 'us-docker.pkg.dev/my-project/repo/worker:1.0.0';

/** Where the cases point: the serving container, the pod spec and the revision's annotations. */
export const C0 = 'spec.template.spec.containers[0]';
export const POD = 'spec.template.spec';
export const TEMPLATE_ANNOTATIONS = 'spec.template.metadata.annotations';
export const CONTAINER: readonly (string | number)[] = [
  'spec',
  'template',
  'spec',
  'containers',
  0,
];
export const PODSPEC: readonly (string | number)[] = ['spec', 'template', 'spec'];

const BASE: Readonly<Record<Platform, () => ServiceParts>> = {
  knative: () => ({
    metadata: { name: 'worker', namespace: 'events' },
    labels: { 'networking.knative.dev/visibility': 'cluster-local' },
    container: { name: 'worker', image: IMAGE, ports: [{ name: 'http1', containerPort: 8080 }] },
  }),
  'cloud-run': () => ({
    metadata: { name: 'worker', namespace: PROJECT_NUMBER },
    labels: { 'cloud.googleapis.com/location': REGION },
    annotations: { 'run.googleapis.com/ingress': 'all' },
    container: { image: IMAGE, ports: [{ name: 'http1', containerPort: 8080 }] },
  }),
};

const nonEmpty = (key: string, value: Json | undefined): Json =>
  value === undefined || Object.keys(value).length === 0 ? {} : { [key]: value };

/** A Service in the form of `platform`, the minimal one with `parts` merged over it. */
export function serviceOf(platform: Platform, parts: ServiceParts = {}): Json {
  const base = BASE[platform]();
  const merge = (key: keyof ServiceParts) => ({ ...(base[key] as Json), ...(parts[key] as Json) });
  const templateMetadata = {
    ...(parts.templateName === undefined ? {} : { name: parts.templateName }),
    ...nonEmpty('annotations', merge('templateAnnotations')),
  };
  return {
    apiVersion: 'serving.knative.dev/v1',
    kind: 'Service',
    metadata: {
      ...merge('metadata'),
      ...nonEmpty('labels', merge('labels')),
      ...nonEmpty('annotations', merge('annotations')),
    },
    spec: {
      template: {
        ...nonEmpty('metadata', templateMetadata),
        spec: { ...merge('pod'), containers: [merge('container'), ...(parts.sidecars ?? [])] },
      },
      ...parts.spec,
    },
  };
}

/** Options a case sets; `undefined` removes one the direction passes by default. */
export type OptionOverrides = {
  readonly [K in keyof ConvertOptions]?: ConvertOptions[K] | undefined;
};

/** The options a case converts with: the other platform, and the flags it needs. */
export function optionsFor(from: Platform, overrides: OptionOverrides = {}): ConvertOptions {
  const base: Record<string, unknown> =
    from === 'knative'
      ? { to: 'cloud-run', namespace: 'default', projectNumber: PROJECT_NUMBER, region: REGION }
      : { to: 'knative', namespace: 'default' };
  const options: Record<string, unknown> = { ...base, ...overrides };
  for (const [key, value] of Object.entries(options))
    if (value === undefined) Reflect.deleteProperty(options, key);
  return options as unknown as ConvertOptions;
}

/** Companions from a list of objects, as the input file would hold them. */
export function companionsOf(objects: readonly Mapping[]): Companions {
  const find = (kind: string) => (name: string) =>
    objects.find((o) => o['kind'] === kind && valueAt(o, ['metadata', 'name']) === name);
  return {
    configMap: find('ConfigMap'),
    secret: find('Secret'),
    serviceAccount: find('ServiceAccount'),
  };
}

const validator = createManifestValidator();

/** What the target's validator finds in a converted Service (`file:path: [rule] message`). */
export function findingsOf(result: ConvertResult, to: Platform): string[] {
  const path = to === 'cloud-run' ? 'cloudrun/service.yaml' : 'knative/service.yaml';
  return validator
    .check([{ path, text: writeManifest(result.service, to, 'case.yaml') }])
    .findings.map((f) => `${f.path}: [${f.rule}] ${f.message}`);
}

/** A line a case expects: its kind, path and rule, and a fragment of its text. */
export type ExpectedLine = readonly [
  kind: ConvertLine['kind'],
  path: string,
  rule: string,
  text: string,
];

/** One table case. */
export interface ConvertCase {
  readonly name: string;
  readonly parts?: ServiceParts;
  readonly options?: OptionOverrides;
  readonly companions?: readonly Mapping[];
  /** Lines that must be printed. */
  readonly lines?: readonly ExpectedLine[];
  /** Fields of the output and their values (`undefined`: absent). */
  readonly output?: readonly (readonly [path: Path, value: unknown])[];
  /** Does a rule refuse the input? @default false */
  readonly refused?: boolean;
}

/** Runs a case: converts, and returns what the test compares. */
export function runCase(from: Platform, c: ConvertCase) {
  const options = optionsFor(from, c.options);
  const result = convertService(
    serviceOf(from, c.parts),
    options,
    companionsOf(c.companions ?? []),
  );
  return {
    result,
    lines: result.lines.map((l) => [l.kind, l.path, l.rule, l.text] as const),
    output: (c.output ?? []).map(([path]) => [path, valueAt(result.service, path)] as const),
    findings: result.refused ? [] : findingsOf(result, options.to),
  };
}

/** The expected lines as matchers (the text is a fragment). */
export function linesMatching(lines: readonly ExpectedLine[]): unknown[][] {
  return lines.map(([kind, path, rule, fragment]) => {
    const text: unknown = expect.stringContaining(fragment);
    return [kind, path, rule, text];
  });
}

/**
 * Declares one test per case, converting from `from`: the expected lines are printed, the output
 * has the expected fields, the refusal is as expected, and the target's validator finds nothing.
 */
export function testCases(from: Platform, cases: readonly ConvertCase[]): void {
  test.each(cases)('$name', (c) => {
    const { result, lines, output, findings } = runCase(from, c);
    expect(lines).toEqual(expect.arrayContaining(linesMatching(c.lines ?? [])));
    expect(output).toEqual(c.output ?? []);
    expect(result.refused).toBe(c.refused ?? false);
    expect(findings).toEqual([]);
    expect(sameBeforeAndAfter(result.lines)).toEqual([]);
  });
}

/**
 * The lines that name a change whose value before is the value after (`"http1" → "http1"`): a
 * line must only say a value changed when it did.
 */
export function sameBeforeAndAfter(lines: readonly { readonly text: string }[]): string[] {
  return lines
    .map((line) => line.text)
    .filter((text) => {
      const match =
        /^(?:.*?: )?("(?:[^"\\]|\\.)*"|[^\s:]+)(?: \([^)]*\))? → ("(?:[^"\\]|\\.)*"|[^\s:]+)/.exec(
          text,
        );
      return match !== null && match[1] === match[2];
    });
}

/** The YAML text of objects, strings quoted where YAML 1.1 readers would misread them. */
export function yamlOf(...objects: readonly Json[]): string {
  return objects.map((o) => stringify(o, { version: '1.1' })).join('---\n');
}
