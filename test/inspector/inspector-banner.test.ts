/**
 * `npm run inspect` prints the host it listens on: the one given, or for every interface the
 * address bound and a note that any address answers, with the URL to open on this machine.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { inspectorBanner } from '../../src/inspector/inspector-banner';
import { serveInspector } from '../../src/inspector/serve-inspector';

jest.setTimeout(60_000);

let assetsDir = '';
beforeAll(async () => {
  assetsDir = await mkdtemp(path.join(os.tmpdir(), 'dualrun-assets-'));
  await writeFile(path.join(assetsDir, 'page.js'), 'export {};\n');
  await writeFile(path.join(assetsDir, 'page.css'), 'body {}\n');
});
afterAll(async () => {
  await rm(assetsDir, { recursive: true, force: true });
});

test.each([
  ['127.0.0.1', /^dualrun inspector: http:\/\/127\.0\.0\.1:(\d+)\/$/],
  ['localhost', /^dualrun inspector: http:\/\/localhost:(\d+)\/$/],
  [
    '0.0.0.0',
    /^dualrun inspector: http:\/\/0\.0\.0\.0:(\d+)\/ \(all interfaces: any address of this machine answers; here: http:\/\/127\.0\.0\.1:(\d+)\/\)$/,
  ],
  [
    '::',
    /^dualrun inspector: http:\/\/\[::\]:(\d+)\/ \(all interfaces: any address of this machine answers; here: http:\/\/127\.0\.0\.1:(\d+)\/\)$/,
  ],
])('--host %s', async (host, banner) => {
  const running = await serveInspector({ host, port: 0, assetsDir });
  try {
    const line = inspectorBanner(running);
    expect(line).toMatch(banner);
    const ports = [...(banner.exec(line) ?? [])].slice(1);
    expect(ports.every((port) => port === running.url.port)).toBe(true);
    const response = await fetch(running.url);
    expect(response.status).toBe(200);
  } finally {
    await running.close();
  }
});
