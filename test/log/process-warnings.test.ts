/**
 * Process warnings go to the JSON log as WARNING lines (name, code, message), and Node's own
 * plain-text printer is taken off, so nothing reaches stderr.
 */
import { EventEmitter } from 'node:events';
import { Writable } from 'node:stream';
import { createLogger } from '../../src/log/logger';
import { logProcessWarnings } from '../../src/log/process-warnings';

function capture(): { lines: Record<string, unknown>[]; stream: Writable } {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
        lines.push(JSON.parse(line) as Record<string, unknown>);
      }
      done();
    },
  });
  return { lines, stream };
}

test('a warning becomes one WARNING log line with its name, code and message', () => {
  const { lines, stream } = capture();
  const source = new EventEmitter();
  const printed: Error[] = [];
  source.on('warning', (warning: Error) => printed.push(warning));
  logProcessWarnings(source, createLogger('info', stream));
  const warning = Object.assign(new Error('received unexpected error = ENOTFOUND'), {
    name: 'MetadataLookupWarning',
    code: 'DEP0001',
  });
  source.emit('warning', warning);
  expect(printed).toEqual([]);
  expect(lines).toEqual([
    expect.objectContaining({
      severity: 'WARNING',
      message: 'received unexpected error = ENOTFOUND',
      warning: { name: 'MetadataLookupWarning', code: 'DEP0001' },
    }),
  ]);
});

test('a warning without a code is logged without one', () => {
  const { lines, stream } = capture();
  const source = new EventEmitter();
  logProcessWarnings(source, createLogger('info', stream));
  source.emit('warning', Object.assign(new Error('slow'), { name: 'Warning' }));
  expect(lines[0]).toMatchObject({ severity: 'WARNING', warning: { name: 'Warning' } });
  expect(lines[0]?.warning).not.toHaveProperty('code');
});
