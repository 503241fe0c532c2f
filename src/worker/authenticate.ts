import type { IncomingMessage } from 'node:http';
import type { Context, Next } from 'koa';
import type { Authenticator } from '../auth/authenticator';
import { AuthRejection } from '../auth/auth-errors';

/**
 * How much of a refused request's body is read and discarded before the answer, so that closing
 * the connection after it (`Connection: close`) does not reset it: a socket closed with unread
 * data makes the kernel send RST, and the client may lose the 401 it has not read yet.
 */
interface RefusalDrain {
  /** The largest body that is read, in bytes; a larger declared one is not read at all. @default 65536 */
  readonly maxBytes: number;
  /** How long the body is waited for, in milliseconds. @default 1000 */
  readonly timeoutMs: number;
}

const DEFAULT_DRAIN: RefusalDrain = { maxBytes: 64 * 1024, timeoutMs: 1_000 };

/**
 * Push authentication as Koa middleware: the sender is authenticated from the request headers
 * before the body is read; a refusal is thrown to the error middleware (401, 403, or 503 when the
 * keys cannot be fetched), which logs it with the token's `iss`, `sub` and `email`. Before a 401 or 403 (which close the connection), a small
 * body is read and discarded ({@link RefusalDrain}) so that the answer reaches the client.
 */
export function authenticate(authenticator: Authenticator) {
  return async (ctx: Context, next: Next): Promise<void> => {
    try {
      await authenticator.authenticate(ctx.req.headersDistinct);
    } catch (error) {
      if (error instanceof AuthRejection) await discardBody(ctx.req, DEFAULT_DRAIN);
      throw error;
    }
    await next();
  };
}

/**
 * Reads and drops the request body, up to `maxBytes` and `timeoutMs`; never throws. A body declared
 * larger than `maxBytes` is not read (a refused sender may not stream a body).
 */
function discardBody(req: IncomingMessage, drain: RefusalDrain): Promise<void> {
  const declared = Number(req.headers['content-length'] ?? Number.NaN);
  if (declared > drain.maxBytes || req.readableEnded) return Promise.resolve();
  return new Promise((resolve) => {
    let received = 0;
    const done = () => {
      clearTimeout(timer);
      req.off('data', onData).off('end', done).off('error', done).off('close', done);
      req.pause();
      resolve();
    };
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > drain.maxBytes) done();
    };
    const timer = setTimeout(done, drain.timeoutMs);
    req.on('data', onData).on('end', done).on('error', done).on('close', done);
  });
}
