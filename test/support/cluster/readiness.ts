/** Waiting for the API server: polls `/readyz` over TLS until it answers 200. */
import { request } from 'node:https';
import { setTimeout as delay } from 'node:timers/promises';
import type { PeerProcess } from './peer-process';

/** Thrown when a peer exits or the API server is not ready in time; carries the logs' tails. */
export class ClusterStartError extends Error {
  override readonly name = 'ClusterStartError';
}

/** GET `url` with a bearer token, trusting `caPem`; resolves with the status (0: no answer). */
export function httpsStatus(url: string, caPem: string, token: string): Promise<number> {
  return new Promise((resolve) => {
    const req = request(
      url,
      { ca: caPem, headers: { authorization: `Bearer ${token}` } },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.setTimeout(2000, () => req.destroy());
    req.once('error', () => {
      resolve(0);
    });
    req.end();
  });
}

/** The peers' log tails, for an error message. */
export function peerLogs(peers: readonly PeerProcess[]): string {
  return peers.map((peer) => `--- ${peer.name} (${peer.logFile}):\n${peer.logTail()}`).join('\n');
}

/**
 * Polls `${server}/readyz` every `intervalMs` until it answers 200.
 *
 * @throws ClusterStartError when a peer exits first or `timeoutMs` passes, with the logs' tails.
 */
export async function waitUntilReady(
  server: string,
  caPem: string,
  token: string,
  peers: readonly PeerProcess[],
  timeoutMs: number,
  intervalMs = 100,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let status = 0;
  for (;;) {
    const exited = peers.find((peer) => peer.hasExited());
    if (exited) {
      const how = await exited.exited;
      throw new ClusterStartError(
        `${exited.name} stopped (${how}) before the API server was ready\n${peerLogs(peers)}`,
      );
    }
    status = await httpsStatus(`${server}/readyz`, caPem, token);
    if (status === 200) return;
    if (Date.now() > deadline) {
      throw new ClusterStartError(
        `the API server was not ready within ${timeoutMs} ms (last /readyz status ${status})\n${peerLogs(peers)}`,
      );
    }
    await delay(intervalMs);
  }
}
