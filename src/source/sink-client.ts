import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { rootCertificates } from 'node:tls';
import { outgoingHeaders, type Message } from '../events/message';
import { problemOf } from './problem-detail';
import type { SinkAnswer } from './sink-actions';

/** How the source reaches its sink. */
export interface SinkClientOptions {
  /** `K_SINK`: `http://` or `https://`. */
  readonly url: string;
  /** `K_CA_CERTS`: PEM trusted for the sink besides Node's bundled roots; `undefined` for those only. */
  readonly caCerts: string | undefined;
  /** The deadline of one POST, from the request to the end of the answer, in milliseconds. */
  readonly timeoutMs: number;
  /** Connections kept open to the sink at most: the source's flow control limit fits. */
  readonly maxSockets: number;
  /** The bearer token to send, read before each POST; `undefined` sends none. */
  readonly token: () => Promise<string | undefined>;
}

/** POSTs binary-mode CloudEvents to the sink. */
export interface SinkClient {
  /**
   * POSTs one request; never throws: a connection error, the timeout or `signal` end it as a
   * `failed` answer.
   *
   * @param signal - aborts the POST (the drain's deadline)
   */
  send(request: Message, signal: AbortSignal): Promise<SinkAnswer>;
  /** Closes the kept-alive connections. */
  close(): void;
}

/** The most of an error answer's body that is kept for the log and the dead-letter reason. */
const PROBLEM_BYTES = 2048;

/**
 * A sink client over `node:http`/`node:https` with kept-alive connections. An answer's body is read
 * (and dropped on success); for an error status its problem detail (RFC 9457 `detail`, else
 * `title`) or its first bytes are kept.
 *
 * @see https://www.rfc-editor.org/rfc/rfc9457 (problem details)
 */
export function createSinkClient(options: SinkClientOptions): SinkClient {
  const url = new URL(options.url);
  const tls = url.protocol === 'https:';
  const agent = tls
    ? new HttpsAgent({
        keepAlive: true,
        maxSockets: options.maxSockets,
        ...(options.caCerts === undefined ? {} : { ca: [...rootCertificates, options.caCerts] }),
      })
    : new HttpAgent({ keepAlive: true, maxSockets: options.maxSockets });
  const post = tls ? httpsRequest : httpRequest;
  return {
    async send(message, signal) {
      let token: string | undefined;
      try {
        token = await options.token();
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        return {
          kind: 'failed',
          reason: 'connection',
          message: `no token for the sink: ${reason}`,
        };
      }
      const timeout = AbortSignal.timeout(options.timeoutMs);
      const headers: Record<string, string> = {
        ...outgoingHeaders(message),
        'content-length': String(message.body.length),
        ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
      };
      return new Promise<SinkAnswer>((resolve) => {
        const fail = (error: unknown) => {
          resolve(failure(error, timeout, signal));
        };
        const outgoing = post(
          url,
          { method: 'POST', headers, agent, signal: AbortSignal.any([signal, timeout]) },
          (response) => {
            readAnswer(response).then(resolve, fail);
          },
        );
        outgoing.on('error', fail);
        outgoing.end(message.body);
      });
    },
    close() {
      agent.destroy();
    },
  };
}

/** Reads the whole answer; keeps the problem of an error status. */
async function readAnswer(response: IncomingMessage): Promise<SinkAnswer> {
  const status = response.statusCode ?? 0;
  const chunks: Buffer[] = [];
  let kept = 0;
  for await (const chunk of response as AsyncIterable<Buffer>) {
    if (kept < PROBLEM_BYTES) {
      chunks.push(chunk);
      kept += chunk.length;
    }
  }
  if (status >= 200 && status <= 299) return { kind: 'status', status, problem: undefined };
  const body = Buffer.concat(chunks).subarray(0, PROBLEM_BYTES).toString('utf8');
  return { kind: 'status', status, problem: problemOf(body, response.headers['content-type']) };
}

function failure(error: unknown, timeout: AbortSignal, drain: AbortSignal): SinkAnswer {
  const message = error instanceof Error ? error.message : String(error);
  if (drain.aborted) return { kind: 'failed', reason: 'aborted', message: 'aborted by the drain' };
  if (timeout.aborted) return { kind: 'failed', reason: 'timeout', message: 'the send timed out' };
  return { kind: 'failed', reason: 'connection', message };
}
