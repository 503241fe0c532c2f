import { readdirSync } from 'node:fs';
import { deriveCrdSchema, SchemaDerivationError } from '../../src/validator/schema/strict-schema';
import { deriveSchemaFiles } from '../../src/validator/schema/derive-schema-files';
import { deriveDiscoverySchema } from '../../src/validator/schema/discovery-schema';
import {
  parseGoDurationMs,
  parseIsoDurationMs,
  parseProtoDurationMs,
} from '../../src/validator/core/durations';
import {
  isDns1123Subdomain,
  isEmail,
  isImageReference,
  isProjectId,
} from '../../src/validator/core/names';
import { loadSchemaCatalog, schemasDirectory } from '../../src/validator/schema/schema-catalog';
import { SCHEMA_SOURCES } from '../../src/validator/schema/schema-sources';

const CRD = `
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
spec:
  group: example.dev
  names: {kind: Widget}
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          description: a widget
          properties:
            spec:
              type: object
              properties:
                size: {x-kubernetes-int-or-string: true}
                extra: {type: object, x-kubernetes-preserve-unknown-fields: true, properties: {a: {type: string}}}
`;

describe('deriving a CRD schema', () => {
  const { apiVersion, kind, schema } = deriveCrdSchema(CRD, 'v1');

  test('names the apiVersion and kind', () => {
    expect([apiVersion, kind]).toEqual(['example.dev/v1', 'Widget']);
  });

  test('closes objects with properties, keeps preserve-unknown ones open, drops docs', () => {
    expect(schema).toEqual({
      type: 'object',
      additionalProperties: false,
      properties: {
        apiVersion: { type: 'string' },
        kind: { type: 'string' },
        metadata: expect.objectContaining({ additionalProperties: false }),
        spec: {
          type: 'object',
          additionalProperties: false,
          properties: {
            size: { anyOf: [{ type: 'integer' }, { type: 'string' }] },
            extra: { type: 'object', properties: { a: { type: 'string' } } },
          },
        },
      },
    });
  });

  test('a version that is not served is an error', () => {
    expect(() => deriveCrdSchema(CRD, 'v2')).toThrow(SchemaDerivationError);
  });

  test.each([
    ['a keyword', 'x-unknown: 1'],
    ['a format', 'format: colour'],
  ])('%s ajv does not know stops the derivation, not silently dropped', (_, line) => {
    const crd = CRD.replace('description: a widget', `description: a widget\n          ${line}`);
    expect(() => deriveSchemaFiles({ readCrd: () => crd, discovery: {} })).toThrow(
      SchemaDerivationError,
    );
  });
});

describe('deriving the Cloud Run schema from a discovery document', () => {
  const discovery = {
    schemas: {
      Service: {
        properties: {
          spec: { $ref: 'RevisionSpec' },
          ids: { type: 'array', items: { type: 'string' } },
        },
      },
      RevisionSpec: { properties: { timeoutSeconds: { type: 'integer', format: 'int32' } } },
      Probe: { properties: { exec: { type: 'string' } } },
      HTTPGetAction: { properties: { path: { type: 'string' } } },
      Volume: { properties: { name: { type: 'string' } } },
    },
  };

  test('keeps messages reachable from the root, closed, with $refs and later fields', () => {
    expect(deriveDiscoverySchema(discovery, 'Service')).toEqual({
      $ref: '#/$defs/Service',
      $defs: {
        RevisionSpec: {
          type: 'object',
          additionalProperties: false,
          properties: {
            timeoutSeconds: { type: 'integer', format: 'int32' },
            nodeSelector: { type: 'object', additionalProperties: { type: 'string' } },
            runtimeClassName: { type: 'string' },
          },
        },
        Service: {
          type: 'object',
          additionalProperties: false,
          properties: {
            spec: { $ref: '#/$defs/RevisionSpec' },
            ids: { type: 'array', items: { type: 'string' } },
          },
        },
      },
    });
  });

  test('a missing root is an error', () => {
    expect(() => deriveDiscoverySchema(discovery, 'Job')).toThrow(SchemaDerivationError);
  });
});

describe('the committed schemas', () => {
  test('are exactly the files the source table produces', () => {
    const files = readdirSync(schemasDirectory()).filter((name) => name.endsWith('.json'));
    expect(files.sort()).toEqual(SCHEMA_SOURCES.map((source) => source.output).sort());
  });

  test('load, one per apiVersion, kind and target', () => {
    const keys = loadSchemaCatalog().schemas.map((s) => `${s.apiVersion} ${s.kind} ${s.target}`);
    expect(new Set(keys).size).toBe(SCHEMA_SOURCES.length);
  });
});

describe('syntaxes', () => {
  test.each([
    ['PT1S', 1000],
    ['PT0.2S', 200],
    ['P1DT2H', 93_600_000],
    ['PT', undefined],
    ['1s', undefined],
  ])('ISO-8601 %s is %s ms', (text, ms) => {
    expect(parseIsoDurationMs(text)).toBe(ms);
  });

  test.each([
    ['60s', 60_000],
    ['1m30s', 90_000],
    ['0', 0],
    ['1x', undefined],
    ['', undefined],
  ])('Go duration %s is %s ms', (text, ms) => {
    expect(parseGoDurationMs(text)).toBe(ms);
  });

  test.each([
    ['10s', 10_000],
    ['0.5s', 500],
    ['10', undefined],
  ])('protobuf duration %s is %s ms', (text, ms) => {
    expect(parseProtoDurationMs(text)).toBe(ms);
  });

  test.each([
    ['nginx', true],
    ['us-docker.pkg.dev/p/r/img:1.2@sha256:0123456789abcdef0123456789abcdef', true],
    ['localhost:5000/a/b', true],
    ['img@sha256:<digest>', false],
    ['%IMAGE%', false],
  ])('image reference %s: %s', (image, ok) => {
    expect(isImageReference(image)).toBe(ok);
  });

  test.each([
    [isDns1123Subdomain, 'gcs-worker.events', true],
    [isDns1123Subdomain, 'a@b.com', false],
    [isEmail, 'sa@my-project.iam.gserviceaccount.com', true],
    [isEmail, 'gcs-worker', false],
    [isProjectId, 'my-project', true],
    [isProjectId, 'My Project', false],
  ])('%p(%s) is %s', (check, value, ok) => {
    expect(check(value)).toBe(ok);
  });
});
