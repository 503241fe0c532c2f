/** The HTTP side of the test senders: POST one delivery and say what came back. */
import { Agent, request, type OutgoingHttpHeaders } from 'node:http';
import type { Message } from '../../src/events/message';

/** An HTTP status, or `transport-error` when no answer came (connection refused, reset, timeout). */
export type PostResult = number | 'transport-error';

/** Posts deliveries to one worker over keep-alive connections. */
export interface Poster {
  /** POSTs the message (its headers as they are, its body bytes) to `path`; never rejects. */
  post(message: Message, path?: string): Promise<PostResult>;
  /** Closes the idle connections. */
  close(): void;
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
  return {
    post(message, path = '/') {
      return new Promise((resolve) => {
        const outgoing = request(new URL(path, baseUrl), {
          method: 'POST',
          agent,
          headers: headersOf(message),
          timeout: timeoutMs,
        });
        outgoing.on('response', (response) => {
          response.resume();
          response.on('end', () => {
            resolve(response.statusCode ?? 'transport-error');
          });
          response.on('error', () => {
            resolve('transport-error');
          });
        });
        outgoing.on('timeout', () => outgoing.destroy(new Error('timed out')));
        outgoing.on('error', () => {
          resolve('transport-error');
        });
        outgoing.end(message.body);
      });
    },
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
