/** The table from the sink's answer to ack, nack or dead-letter (docs/pubsub-source.md). */
import { sinkAction, type SinkAnswer } from '../../src/source/sink-actions';

const status = (code: number): SinkAnswer => ({ kind: 'status', status: code, problem: undefined });

test.each<[number, string]>([
  [200, 'ack'],
  [202, 'ack'],
  [204, 'ack'],
  [299, 'ack'],
  [400, 'dead-letter'],
  [405, 'dead-letter'],
  [410, 'dead-letter'],
  [413, 'dead-letter'],
  [415, 'dead-letter'],
  [422, 'dead-letter'],
  [401, 'nack'],
  [403, 'nack'],
  [404, 'nack'],
  [408, 'nack'],
  [409, 'nack'],
  [429, 'nack'],
  [500, 'nack'],
  [502, 'nack'],
  [503, 'nack'],
  [504, 'nack'],
  [100, 'nack'],
  [302, 'nack'],
])('status %i → %s', (code, action) => {
  expect(sinkAction(status(code))).toBe(action);
});

test.each(['connection', 'timeout', 'aborted'] as const)('a %s failure is nacked', (reason) => {
  expect(sinkAction({ kind: 'failed', reason, message: 'x' })).toBe('nack');
});
