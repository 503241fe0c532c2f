import net from 'node:net';
import { listen } from '../../src/worker/listen';
import { scriptedLabeler } from '../support/scripted-labeler';
import { testWorker } from '../support/test-worker';

test('a sender that trickles its body loses the connection (408) and gives its in-flight slot back', async () => {
  const worker = await testWorker(
    scriptedLabeler({}, { outcome: 'ignored', reason: 'test' }).labeler,
    {
      MAX_IN_FLIGHT: '1',
    },
  );
  const { server, port } = await listen(worker.app, 0, '127.0.0.1', 500);
  const socket = net.connect(port, '127.0.0.1');
  let answer = '';
  socket.on('data', (chunk: Buffer) => (answer += chunk.toString('latin1')));
  const closed = new Promise<void>((resolve) =>
    socket.on('close', () => {
      resolve();
    }),
  );
  socket.write(
    'POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"message":',
  );
  await new Promise((resolve) => setTimeout(resolve, 100));
  expect(worker.lifecycle.inFlight).toBe(1);
  await closed;
  expect(answer).toMatch(/^HTTP\/1\.1 408/);
  await new Promise((resolve) => setTimeout(resolve, 50));
  expect(worker.lifecycle.inFlight).toBe(0);
  // The log says what the sender was answered: 408, not a 400 for a body cut short.
  expect(worker.logLines().filter((line) => line.severity === 'WARNING')).toEqual([
    expect.objectContaining({ status: 408, code: 'request-timeout' }),
  ]);
  await new Promise<void>((resolve) =>
    server.close(() => {
      resolve();
    }),
  );
});

test('a Content-Length over MAX_BODY_BYTES is refused with 413 before the body is sent', async () => {
  const worker = await testWorker(
    scriptedLabeler({}, { outcome: 'ignored', reason: 'test' }).labeler,
    {
      MAX_BODY_BYTES: '2048',
    },
  );
  const { server, port } = await listen(worker.app, 0, '127.0.0.1');
  const socket = net.connect(port, '127.0.0.1');
  let answer = '';
  const answered = new Promise<void>((resolve) => {
    socket.on('data', (chunk: Buffer) => {
      answer += chunk.toString('latin1');
      if (answer.includes('\r\n\r\n')) resolve();
    });
  });
  socket.write(
    'POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 999999\r\n\r\n',
  );
  await answered;
  expect(answer).toMatch(/^HTTP\/1\.1 413/);
  socket.destroy();
  await new Promise<void>((resolve) =>
    server.close(() => {
      resolve();
    }),
  );
});

/** Sends raw request bytes; resolves with everything answered until the server closes or `until`. */
async function exchange(
  port: number,
  head: string,
  until: (answer: string) => boolean,
): Promise<{ readonly answer: string; readonly socket: net.Socket }> {
  const socket = net.connect(port, '127.0.0.1');
  let answer = '';
  await new Promise<void>((resolve) => {
    socket.on('data', (chunk: Buffer) => {
      answer += chunk.toString('latin1');
      if (until(answer)) resolve();
    });
    socket.on('close', () => {
      resolve();
    });
    socket.write(head);
  });
  return { answer, socket };
}

/** The status lines of every answer (interim ones included), in order. */
function statusLines(answer: string): string[] {
  return [...answer.matchAll(/HTTP\/1\.1 (\d{3})[^\r]*\r\n/g)].map((match) => match[1] ?? '');
}

describe('Expect: 100-continue: the final status is decided before 100 Continue is sent', () => {
  test.each([
    {
      about: 'a Content-Length over MAX_BODY_BYTES',
      head: 'POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 17000000\r\n',
      status: '413',
    },
    {
      about: 'a compressed body',
      head: 'POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\nContent-Length: 10\r\n',
      status: '415',
    },
    {
      about: 'POST on a probe',
      head: 'POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n',
      status: '405',
    },
  ])('$about → $status with no 100 Continue before it', async ({ head, status }) => {
    const worker = await testWorker(
      scriptedLabeler({}, { outcome: 'ignored', reason: 'test' }).labeler,
      { MAX_BODY_BYTES: '16777216' },
    );
    const { server, port } = await listen(worker.app, 0, '127.0.0.1');
    const { answer, socket } = await exchange(port, `${head}Expect: 100-continue\r\n\r\n`, (text) =>
      /HTTP\/1\.1 [2-5]\d\d[^\r]*\r\n[\s\S]*\r\n\r\n/.test(text),
    );
    socket.destroy();
    expect(statusLines(answer)).toEqual([status]);
    await new Promise<void>((resolve) =>
      server.close(() => {
        resolve();
      }),
    );
  });

  test('an acceptable request gets 100 Continue, then its answer', async () => {
    const worker = await testWorker(
      scriptedLabeler({}, { outcome: 'ignored', reason: 'test' }).labeler,
    );
    const { server, port } = await listen(worker.app, 0, '127.0.0.1');
    const body = JSON.stringify({
      message: { data: Buffer.from('hello').toString('base64'), messageId: '1' },
    });
    const socket = net.connect(port, '127.0.0.1');
    let answer = '';
    const done = new Promise<void>((resolve) => {
      socket.on('data', (chunk: Buffer) => {
        answer += chunk.toString('latin1');
        if (answer.includes('100 Continue\r\n\r\n') && !answer.endsWith('100 Continue\r\n\r\n')) {
          resolve();
        }
        if (answer.endsWith('100 Continue\r\n\r\n')) socket.write(body);
      });
    });
    socket.write(
      `POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nExpect: 100-continue\r\n\r\n`,
    );
    await done;
    socket.destroy();
    expect(statusLines(answer)).toEqual(['100', '204']);
    await new Promise<void>((resolve) =>
      server.close(() => {
        resolve();
      }),
    );
  });
});
