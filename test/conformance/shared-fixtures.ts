/**
 * The public fixtures in `../shared` (beside the repository in CI) and how each envelope in
 * `fixtures/events` becomes HTTP deliveries. Every file there is
 * either turned into deliveries by exactly one envelope rule or listed in {@link SKIPPED_FILES}
 * with the reason, so a new fixture cannot be silently ignored.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Message } from '../../src/events/message';
import {
  ENVELOPES,
  type DeliveryMode,
  type Envelope,
  type FixtureEvent,
} from './fixture-envelopes';
import { isObject } from './json-access';

export type { DeliveryMode, Envelope, FixtureEvent } from './fixture-envelopes';

/** `../shared` relative to the repository root. */
export const SHARED_DIR = path.resolve(__dirname, '../../../shared');
if (!fs.existsSync(path.join(SHARED_DIR, 'fixtures'))) {
  throw new Error(
    `the conformance suite needs the public fixtures in ${SHARED_DIR} (../shared beside the ` +
      'repository, present in CI); it is missing. Run the unit tests with `npm test` instead.',
  );
}
export const EVENTS_DIR = path.join(SHARED_DIR, 'fixtures', 'events');
export const CONFORMANCE_DIR = path.join(SHARED_DIR, 'fixtures', 'conformance');

/** Files in `fixtures/events` that are not deliveries, with the reason. */
export const SKIPPED_FILES: readonly { readonly file: string; readonly reason: string }[] = [
  { file: 'SOURCES.md', reason: 'provenance notes' },
  {
    file: 'logs.knative-gcp-and-tutorial-event-display.verbatim.txt',
    reason: 'the verbatim logs the knative-* fixtures were transcribed from',
  },
  {
    file: 'pubsub-push-oidc.authorization-header.google-docs-example.json',
    reason: 'an Authorization header example (OIDC token), no event',
  },
  {
    file: 'schema.MessagePublishedData.google-cloudevents.jsonschema.json',
    reason: 'a JSON schema',
  },
  { file: 'schema.StorageObjectData.google-cloudevents.jsonschema.json', reason: 'a JSON schema' },
];

/** Which envelope each delivery file has, by its name (`<format>.<variant>.<origin>.json`). */
export const ENVELOPE_RULES: readonly { readonly pattern: RegExp; readonly envelope: Envelope }[] =
  [
    { pattern: /^cloudevent-(binary|structured)\.http-request\./, envelope: 'http-request' },
    { pattern: /^cloudevent-structured\.(storage|pubsub)-v1-/, envelope: 'cloudevent-json' },
    { pattern: /^eventarc-(pubsub|storage)\.structured/, envelope: 'cloudevent-json' },
    {
      pattern: /^eventarc\.\d{4}-\d{2}\.ce-1\.0\..+\.structured-as-logged\.json$/,
      envelope: 'cloudevent-json',
    },
    { pattern: /^eventarc-pubsub\.binary-mode\.data\./, envelope: 'message-published-data' },
    { pattern: /^pubsub-messagePublishedData\./, envelope: 'message-published-data' },
    { pattern: /^eventarc-storage\.binary-mode\.data\./, envelope: 'storage-object' },
    { pattern: /^gcs-object\.json-api-v1\./, envelope: 'storage-object' },
    { pattern: /^gcf-legacy-background\./, envelope: 'gcf-legacy' },
    { pattern: /^knative-eventing-contrib-gcppubsubsource\./, envelope: 'go-pubsub-message' },
    { pattern: /^knative-(gcp|tutorial)\./, envelope: 'logged-cloudevent' },
    { pattern: /^pubsub-push-wrapped\./, envelope: 'pubsub-push-body' },
  ];

/** One HTTP delivery built from a fixture, with the event the fixture states. */
export interface FixtureDelivery {
  /** `<file> [<mode>]`, unique. */
  readonly title: string;
  readonly file: string;
  readonly mode: DeliveryMode;
  readonly message: Message;
  /** What the fixture itself says (type, ids, data), to compare the canonical event with. */
  readonly event: FixtureEvent;
}

/** Every file name in `fixtures/events`, sorted. */
export function eventFixtureFiles(): string[] {
  return fs.readdirSync(EVENTS_DIR).sort();
}

/** The envelope rules a file name matches (exactly one for a delivery file). */
export function envelopesOf(file: string): Envelope[] {
  return ENVELOPE_RULES.filter((rule) => rule.pattern.test(file)).map((rule) => rule.envelope);
}

/** Reads a JSON fixture and drops its `_note` (provenance, not payload). */
export function readFixture(file: string, dir = EVENTS_DIR): { value: unknown; text: string } {
  const text = fs.readFileSync(path.join(dir, file), 'utf8');
  const value: unknown = JSON.parse(text);
  if (!isObject(value) || !('_note' in value)) return { value, text };
  return {
    value: Object.fromEntries(Object.entries(value).filter(([key]) => key !== '_note')),
    text,
  };
}

/** The deliveries one fixture file gives (one per mode). */
export function deliveriesOf(file: string): FixtureDelivery[] {
  const [envelope, ...others] = envelopesOf(file);
  if (envelope === undefined || others.length > 0) {
    throw new Error(`${file} must match exactly one envelope rule, matches ${others.length + 1}`);
  }
  return ENVELOPES[envelope](readFixture(file)).map((built) => ({
    title: `${file} [${built.mode}]`,
    file,
    ...built,
  }));
}

/** The deliveries of every file in `fixtures/events` that is not skipped. */
export function eventFixtureDeliveries(): FixtureDelivery[] {
  const skipped = new Set(SKIPPED_FILES.map((entry) => entry.file));
  return eventFixtureFiles()
    .filter((file) => !skipped.has(file))
    .flatMap(deliveriesOf);
}
