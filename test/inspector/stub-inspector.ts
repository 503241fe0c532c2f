import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { serveInspector, type RunningInspector } from '../../src/inspector/serve-inspector';

/** An inspector on a free port, serving a stand-in page: its API does not need the built one. */
export interface StubInspector {
  readonly running: RunningInspector;
  /** A URL of the inspector: `api('/api/formats?object=...')`. */
  api(pathAndQuery: string): URL;
  close(): Promise<void>;
}

/** Starts an inspector (its worker, its local bucket) with a stand-in page. */
export async function startStubInspector(): Promise<StubInspector> {
  const assetsDir = await mkdtemp(path.join(os.tmpdir(), 'dualrun-assets-'));
  await writeFile(path.join(assetsDir, 'page.js'), 'export {};\n');
  await writeFile(path.join(assetsDir, 'page.css'), 'body {}\n');
  const running = await serveInspector({ port: 0, assetsDir });
  return {
    running,
    api: (pathAndQuery) => new URL(pathAndQuery, running.url),
    close: async () => {
      await running.close();
      await rm(assetsDir, { recursive: true, force: true });
    },
  };
}
