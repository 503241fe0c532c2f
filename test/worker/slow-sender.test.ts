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
