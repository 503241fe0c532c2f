import type { RunningInspector } from './serve-inspector';

/**
 * The first line `npm run inspect` prints: where the inspector listens, as a URL with the host it
 * was given (`dualrun inspector: http://127.0.0.1:8090/`). On every interface (`--host 0.0.0.0` or
 * `::`) it says so, with the URL to open on this machine:
 * `dualrun inspector: http://0.0.0.0:8090/ (all interfaces: any address of this machine answers; here: http://127.0.0.1:8090/)`.
 */
export function inspectorBanner(
  running: Pick<RunningInspector, 'url' | 'listening' | 'allInterfaces'>,
): string {
  const listening = `http://${running.listening}/`;
  return running.allInterfaces
    ? `dualrun inspector: ${listening} (all interfaces: any address of this machine answers; here: ${running.url.href})`
    : `dualrun inspector: ${listening}`;
}
