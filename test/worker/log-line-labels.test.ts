import request from 'supertest';
import type { LabelResult } from '../../src/labelers/labeler';
import { pushBody } from '../support/push-body';
import { scriptedLabeler } from '../support/scripted-labeler';
import { testWorker } from '../support/test-worker';

/**
 * docs/records-and-logs.md: a deployed worker has no file that lasts, so the log line of a labeled
 * event carries the labels themselves (description and score, as the article's sample logged them),
 * not only their count.
 */
const labeled: LabelResult = {
  outcome: 'labeled',
  labels: [
    { description: 'Cat', score: 0.98, mid: '/m/01yrx', topicality: 0.97 },
    { description: 'Whiskers', score: 0.91 },
  ],
};

async function logLineOf(result: LabelResult, name: string): Promise<Record<string, unknown>> {
  const worker = await testWorker(scriptedLabeler({}, result).labeler);
  await request(worker.app.callback())
    .post('/')
    .send(pushBody({ name, contentType: 'image/jpeg', messageId: '7' }))
    .expect(204);
  // Log lines go out in batches: flush this one.
  worker.logger.flush();
  const line = worker.logLines().find((entry) => entry.eventId === '7');
  if (line === undefined) throw new Error('no log line for event 7');
  return line;
}

test('a labeled event: the labels (description and score, in Vision order) and their count', async () => {
  const line = await logLineOf(labeled, 'cat.jpg');
  expect(line).toMatchObject({ outcome: 'labeled', labelCount: 2 });
  expect(line.labels).toEqual([
    { description: 'Cat', score: 0.98 },
    { description: 'Whiskers', score: 0.91 },
  ]);
});

test('a labeled event with no labels: an empty list', async () => {
  const line = await logLineOf({ outcome: 'labeled', labels: [] }, 'blank.jpg');
  expect(line).toMatchObject({ outcome: 'labeled', labelCount: 0, labels: [] });
});

test.each<[string, LabelResult]>([
  ['unlabelable', { outcome: 'unlabelable', reason: 'not an image' }],
  ['ignored', { outcome: 'ignored', reason: 'the object is gone' }],
])('%s: no labels field', async (outcome, result) => {
  const line = await logLineOf(result, 'file.jpg');
  expect(line).toMatchObject({ outcome, labelCount: 0 });
  expect(line).not.toHaveProperty('labels');
});
