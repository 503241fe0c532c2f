import { request } from 'node:http';
import type { BenchRequest } from './bench-bodies';
import { BENCH_PATH } from './bench-bodies';

/**
 * POSTs one bench request on a new connection; resolves with the status, or 0 when the connection
 * failed (nothing listens yet).
 */
export function postOnce(port: number, bench: BenchRequest): Promise<number> {
  return new Promise((resolve) => {
    const outgoing = request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: BENCH_PATH,
        agent: false,
        headers: { ...bench.headers, 'content-length': String(Buffer.byteLength(bench.body)) },
      },
      (response) => {
        response.resume();
        response.once('end', () => {
          resolve(response.statusCode ?? 0);
        });
      },
    );
    outgoing.once('error', () => {
      resolve(0);
    });
    outgoing.end(bench.body);
  });
}
