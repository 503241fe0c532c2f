/**
 * docs/results.md shows what the worker emits: its example event is what `buildResultEvent` builds
 * for the upload it describes, its reply carries the headers `resultReplyMessage` writes, its
 * Pub/Sub message the attributes `resultPubSubMessage` writes; and the README's configuration
 * table has a row for each result variable.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { storageEvent } from '../../src/events/canonical-event';
import { buildResultEvent } from '../../src/events/build-result-event';
import {
  resultPubSubMessage,
  resultReplyMessage,
} from '../../src/events/encode/result-event-messages';
import { outgoingHeaders } from '../../src/events/message';
import { resultSource } from '../../src/events/result-event';
import { RESULTS_VARIABLE_NAMES } from '../../src/config/results-variables';

const ROOT = path.resolve(__dirname, '../..');
const DOC = readFileSync(path.join(ROOT, 'docs/results.md'), 'utf8');
const README = readFileSync(path.join(ROOT, 'README.md'), 'utf8');

/** The fenced block after `<!-- results-example: NAME -->`, without its fences. */
function docBlock(name: string): string {
  const block = new RegExp(
    `<!-- results-example: ${name} -->\\s*\`\`\`[a-z]*\\n([\\s\\S]*?)\`\`\``,
  ).exec(DOC)?.[1];
  if (block === undefined) throw new Error(`docs/results.md has no results-example ${name}`);
  return block;
}

/** The upload the example describes, labeled by Vision, on the service it names. */
const EVENT = buildResultEvent(
  storageEvent({
    type: 'google.cloud.storage.object.v1.finalized',
    id: '9000000000000001',
    time: '2026-12-06T12:00:00.000Z',
    object: {
      bucket: 'demo-bucket',
      name: 'photos/cat.jpg',
      generation: '1765022400000000',
      contentType: 'image/jpeg',
    },
  }),
  {
    outcome: 'labeled',
    labeler: 'vision',
    labels: [
      { description: 'Cat', score: 0.98, mid: '/m/01yrx', topicality: 0.98 },
      { description: 'Whiskers', score: 0.91, mid: '/m/0jbk', topicality: 0.91 },
    ],
  },
  resultSource('dualrun-worker'),
);

test('the example event is the one the worker builds, field for field and in order', () => {
  const shown = JSON.parse(docBlock('result-event')) as unknown;
  expect(shown).toEqual(EVENT);
  expect(JSON.stringify(shown)).toBe(JSON.stringify(EVENT));
});

test('the example reply has the headers the worker writes, and its body starts with the data', () => {
  const [statusLine, ...rest] = docBlock('result-reply').split('\n');
  expect(statusLine).toBe('HTTP/1.1 200 OK');
  const blank = rest.indexOf('');
  const headers = Object.fromEntries(
    rest.slice(0, blank).map((line) => {
      const colon = line.indexOf(': ');
      return [line.slice(0, colon), line.slice(colon + 2)];
    }),
  );
  const message = resultReplyMessage(EVENT);
  expect(headers).toEqual(outgoingHeaders(message));
  const body = rest[blank + 1] ?? '';
  expect(body.endsWith(',...}')).toBe(true);
  expect(message.body.toString('utf8').startsWith(body.slice(0, -'...}'.length))).toBe(true);
});

test('the example Pub/Sub message has the attributes the worker publishes', () => {
  const shown = JSON.parse(docBlock('result-message')) as { attributes: Record<string, string> };
  expect(shown.attributes).toEqual(resultPubSubMessage(EVENT).attributes);
});

test.each(RESULTS_VARIABLE_NAMES.map((name) => [name]))(
  'the README configuration table and docs/results.md have a row for %s',
  (name) => {
    const row = new RegExp(`^\\| \`${name}\` +\\|`, 'm');
    expect(README).toMatch(row);
    expect(DOC).toMatch(row);
  },
);
