/** The HTTP side of the test senders: POST one delivery and say what came back. */
import { Agent, request, type OutgoingHttpHeaders } from 'node:http';
import type { Message } from '../../src/events/message';

/** An HTTP status, or `transport-error` when no answer came (connection refused, reset, timeout). */
export type PostResult = number | 'transport-error';

/** Posts deliveries to one worker over keep-alive connections. */
export interface Poster {
  /** POSTs the message (its headers as they are, its body bytes) to `path`; never rejects. */
  post(message: Message, path?: string): Promise<PostResult>;
  /**
   * As {@link Poster.post}, and keeps the first `keepBytes` bytes of the answer's body (a Knative
   * dispatcher reads at most 1,024 of an error answer for `knativeerrordata`); never rejects.
   */
  exchange(message: Message, keepBytes: number, path?: string): Promise<PostAnswer>;
  /** Closes the idle connections. */
  close(): void;
}

/** An answer and the start of its body (empty for a transport error). */
export interface PostAnswer {
  readonly result: PostResult;
  readonly body: Buffer;
}

/** Options of {@link createPoster}. */
export interface PosterOptions {
  /** At most this many connections at once. @default 64 */
  readonly maxSockets?: number;
  /** How long one request may take before it counts as a transport error, in ms. @default 10000 */
  readonly timeoutMs?: number;
}

/** How long a kept-alive connection may stay idle, in milliseconds. */
const IDLE_CONNECTION_TIMEOUT_MS = 4_000;

/** A poster for `http://host:port` (no path). */
export function createPoster(baseUrl: string, options: PosterOptions = {}): Poster {
  // An idle connection is closed after 4 s, before Node's server closes it (keepAliveTimeout 5 s):
  // reusing one just as the server closes it would reset the next request. Node's Agent reads the
  // server's `Keep-Alive: timeout=5` hint only when it has a timeout of its own.
  const agent = new Agent({
    keepAlive: true,
    maxSockets: options.maxSockets ?? 64,
    timeout: IDLE_CONNECTION_TIMEOUT_MS,
  });
  const timeoutMs = options.timeoutMs ?? 10_000;
  const exchange = (message: Message, keepBytes: number, path = '/'): Promise<PostAnswer> =>
    new Promise((resolve) => {
      const failed = () => {
        resolve({ result: 'transport-error', body: Buffer.alloc(0) });
      };
      const outgoing = request(new URL(path, baseUrl), {
        method: 'POST',
        agent,
        headers: headersOf(message),
        timeout: timeoutMs,
      });
      outgoing.on('response', (response) => {
        const chunks: Buffer[] = [];
        let kept = 0;
        response.on('data', (chunk: Buffer) => {
          if (kept >= keepBytes) return;
          chunks.push(chunk);
          kept += chunk.length;
        });
        response.on('end', () => {
          const body = Buffer.concat(chunks).subarray(0, keepBytes);
          resolve({ result: response.statusCode ?? 'transport-error', body });
        });
        response.on('error', failed);
      });
      outgoing.on('timeout', () => outgoing.destroy(new Error('timed out')));
      outgoing.on('error', failed);
      outgoing.end(message.body);
    });
  return {
    post: async (message, path) => (await exchange(message, 0, path)).result,
    exchange,
    close() {
      agent.destroy();
    },
  };
}

function headersOf(message: Message): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = { 'content-length': message.body.length };
  for (const [name, value] of Object.entries(message.headers)) {
    if (value !== undefined) headers[name] = typeof value === 'string' ? value : [...value];
  }
  return headers;
}
