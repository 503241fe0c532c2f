import type { Context, Next } from 'koa';
import type { Authenticator } from '../auth/authenticator';

/**
 * Push authentication as Koa middleware: the sender is authenticated from the request headers
 * before the body is read; a refusal is thrown to the error middleware (401, 403, or 503 when the
 * keys cannot be fetched), which logs it with the token's `iss`, `sub` and `email`. The accepted
 * sender is kept in `ctx.state.sender`.
 */
export function authenticate(authenticator: Authenticator) {
  return async (ctx: Context, next: Next): Promise<void> => {
    (ctx.state as { sender?: unknown }).sender = await authenticator.authenticate(
      ctx.req.headersDistinct,
    );
    await next();
  };
}
