/**
 * The storage and Pub/Sub pairs of GoogleCloudPlatform/functions-framework-conformance
 * (`../shared/fixtures/conformance/functions-framework-conformance`, and its `historical/` set):
 * each `*-input.json` decodes, and the canonical event carries what a CloudEvent function receives
 * for it, the matching `*-cloudevent-output.json` (README there). Legacy inputs are POSTed as JSON,
 * as the suite does; CloudEvent inputs are sent in both content modes.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cloudEventRequest, jsonRequest } from './cloudevent-requests';
import { decodeOne, publishedMessageIn } from './decoded-event';
import { cloudEventOfJson } from './cloudevent-fixtures';
import type { DeliveryMode } from './fixture-envelopes';
import { isObject, type JsonObject } from './json-access';
import { CONFORMANCE_DIR, readFixture } from './shared-fixtures';

const FF_DIR = path.join(CONFORMANCE_DIR, 'functions-framework-conformance');

interface PairCase {
  readonly input: string;
  readonly output: string;
  /** Where the canonical type deliberately differs from the functions framework's. */
  readonly type?: string;
}

/** Every storage and Pub/Sub input, with the CloudEvent output a function receives for it. */
const PAIRS: readonly PairCase[] = [
  { input: 'storage-legacy-input.json', output: 'storage-cloudevent-output.json' },
  { input: 'storage-cloudevent-input.json', output: 'storage-cloudevent-output.json' },
  { input: 'pubsub_text-legacy-input.json', output: 'pubsub_text-cloudevent-output.json' },
  { input: 'pubsub_text-cloudevent-input.json', output: 'pubsub_text-cloudevent-output.json' },
  { input: 'pubsub_binary-legacy-input.json', output: 'pubsub_binary-cloudevent-output.json' },
  { input: 'pubsub_binary-cloudevent-input.json', output: 'pubsub_binary-cloudevent-output.json' },
  { input: 'legacy_pubsub-legacy-input.json', output: 'legacy_pubsub-cloudevent-output.json' },
  { input: 'legacy_pubsub-cloudevent-input.json', output: 'legacy_pubsub-cloudevent-output.json' },
  {
    input: 'historical/legacy_storage_change-legacy-input.json',
    output: 'historical/legacy_storage_change-cloudevent-output.json',
    // The framework maps object.change to finalized whatever the resourceState; the worker does
    // not (docs/delivery-formats.md): this one is a delete (resourceState not_exists).
    type: 'google.cloud.storage.object.v1.deleted',
  },
  {
    input: 'historical/legacy_storage_change-cloudevent-input.json',
    output: 'historical/legacy_storage_change-cloudevent-output.json',
  },
  {
    input: 'historical/storage-cloudevent-input.pre-85b25b4.json',
    output: 'historical/storage-cloudevent-output.pre-85b25b4.json',
  },
];

function readJsonObject(file: string): JsonObject {
  const { value } = readFixture(file, FF_DIR);
  if (!isObject(value)) throw new Error(`${file} must hold a JSON object`);
  return value;
}

const deliveries = PAIRS.flatMap((pair) => {
  const input = readJsonObject(pair.input);
  const output = readJsonObject(pair.output);
  const modes: readonly DeliveryMode[] = pair.input.includes('-legacy-input')
    ? ['as-sent']
    : ['binary', 'structured'];
  return modes.map((mode) => ({
    title: `${pair.input} [${mode}] matches ${pair.output}`,
    message:
      mode === 'binary' || mode === 'structured'
        ? cloudEventRequest(mode, cloudEventOfJson(input))
        : jsonRequest(input),
    type: pair.type ?? String(output.type),
    output,
    outputData: isObject(output.data) ? output.data : {},
  }));
});
const isStorage = (type: string) => type.startsWith('google.cloud.storage.object.v1.');

test('every input file of the folder has its case', () => {
  const inputs = ['.', 'historical'].flatMap((dir) =>
    fs
      .readdirSync(path.join(FF_DIR, dir))
      .filter((file) => /-input(\.[^.]+)?\.json$/.test(file))
      .map((file) => path.posix.join(dir, file).replace(/^\.\//, '')),
  );
  expect(PAIRS.map((pair) => pair.input).sort()).toEqual(inputs.sort());
});

describe('storage inputs decode to the object a CloudEvent function receives', () => {
  test.each(deliveries.filter((delivery) => isStorage(delivery.type)))(
    '$title',
    ({ message, type, output, outputData }) => {
      const event = decodeOne(message);

      expect(event).toMatchObject({
        specversion: '1.0',
        id: output.id,
        type,
        source: `//storage.googleapis.com/projects/_/buckets/${String(outputData.bucket)}`,
        subject: `objects/${String(outputData.name)}`,
        time: output.time,
        datacontenttype: 'application/json',
      });
      expect(event.data).toMatchObject(outputData);
    },
  );
});

describe('Pub/Sub inputs decode to the message a CloudEvent function receives', () => {
  test.each(deliveries.filter((delivery) => !isStorage(delivery.type)))(
    '$title',
    ({ message, type, output, outputData }) => {
      const event = decodeOne(message);

      expect(event).toMatchObject({
        specversion: '1.0',
        id: output.id,
        type,
        source: output.source,
        time: output.time,
        datacontenttype: 'application/json',
      });
      expect(publishedMessageIn(event.data)).toEqual(publishedMessageIn(outputData));
    },
  );
});
