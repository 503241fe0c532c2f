/**
 * One line for a request that got no answer. Node's fetch rejects with `TypeError: fetch failed`
 * and the reason in its `cause` chain (`connect ECONNREFUSED 127.0.0.1:6443`,
 * `self-signed certificate in certificate chain`); a timeout is an `AbortSignal.timeout` reason.
 */

interface ErrorLike {
  readonly name?: unknown;
  readonly message?: unknown;
  readonly cause?: unknown;
}

function isErrorLike(value: unknown): value is ErrorLike {
  return typeof value === 'object' && value !== null;
}

/**
 * The innermost message of `error`'s `cause` chain, or `no answer within <timeoutMs> ms` for a
 * timeout.
 */
export function describeRequestFailure(error: unknown, timeoutMs: number): string {
  let innermost: unknown = error;
  for (let depth = 0; depth < 10; depth += 1) {
    if (!isErrorLike(innermost)) break;
    if (innermost.name === 'TimeoutError') return `no answer within ${timeoutMs} ms`;
    if (innermost.cause === undefined) break;
    innermost = innermost.cause;
  }
  if (isErrorLike(innermost) && typeof innermost.message === 'string') {
    const line = innermost.message.trim().split('\n')[0] ?? '';
    return line === '' ? 'failed without a message' : line;
  }
  return String(innermost);
}
