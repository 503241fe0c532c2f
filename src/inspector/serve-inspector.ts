import type { AddressInfo } from 'node:net';
import { closeServer } from './local-worker';
import { startInspector, type Inspector, type InspectorOptions } from './inspector';
import { createInspectorServer, loadPageAssets } from './server/inspector-server';

/** Where the inspector listens, and what it serves. */
export interface ServeOptions extends InspectorOptions {
  /** The address to bind. @default '127.0.0.1' (this machine only) */
  readonly host?: string;
  /** The port; 0 takes a free one. @default 8090 */
  readonly port?: number;
  /** The directory of the built page. @default `dist/inspector/` */
  readonly assetsDir?: string;
}

/** A running inspector. */
export interface RunningInspector {
  /**
   * The page's URL from this machine, `http://127.0.0.1:8090/`: the bound host's, or 127.0.0.1's
   * when it listens on every interface.
   */
  readonly url: URL;
  /**
   * Where it listens: the host it was given and the port bound (`127.0.0.1:8090`), or for every
   * interface the address bound (`0.0.0.0:8090`, `[::]:8090`).
   */
  readonly listening: string;
  /** Whether it listens on every interface (host `0.0.0.0` or `::`): it answers from any address. */
  readonly allInterfaces: boolean;
  readonly inspector: Inspector;
  /** Closes the page's server (live streams included), then the worker. */
  close(): Promise<void>;
}

/** Addresses that mean every interface: then any `Host` is answered. */
const ALL_INTERFACES: ReadonlySet<string> = new Set(['0.0.0.0', '::', '']);

/**
 * Starts the inspector: its worker, its local bucket, and the page's server on `host:port`.
 *
 * @throws Error when the page is not built, or the port cannot be bound (in use, not permitted)
 */
export async function serveInspector(options: ServeOptions = {}): Promise<RunningInspector> {
  const host = options.host ?? '127.0.0.1';
  const assets = await loadPageAssets(options.assetsDir);
  const inspector = await startInspector(options);
  let allowedHosts: ReadonlySet<string> = new Set();
  const server = createInspectorServer(inspector, assets, () => allowedHosts);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host, port: options.port ?? 8090 }, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    await inspector.close();
    throw error;
  }
  const { port, address } = server.address() as AddressInfo;
  const allInterfaces = ALL_INTERFACES.has(host);
  const bracketed = (name: string): string => (name.includes(':') ? `[${name}]` : name);
  const urlHost = bracketed(host);
  if (!allInterfaces) {
    allowedHosts = new Set([
      `${urlHost}:${port}`,
      `127.0.0.1:${port}`,
      `localhost:${port}`,
      `[::1]:${port}`,
    ]);
  }
  return {
    url: new URL(`http://${allInterfaces ? '127.0.0.1' : urlHost}:${port}/`),
    listening: `${allInterfaces ? bracketed(address) : urlHost}:${port}`,
    allInterfaces,
    inspector,
    close: async () => {
      await closeServer(server);
      await inspector.close();
    },
  };
}
