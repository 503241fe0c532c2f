import Koa, { type Context, type Next } from 'koa';
import type { Logger } from 'pino';
import type { Authenticator } from '../auth/authenticator';
import { MethodNotAllowedError } from '../errors';
import { AuthRejection } from '../auth/auth-errors';
import { PROBE_PATHS } from '../config/worker-contract';
import { authenticate } from './authenticate';
import { answerFor } from './error-status';
import { requestTrace } from './request-trace';
import { failedEventOf } from './failed-event';
import { createDeliver, type DeliverDeps } from './deliver';
import type { Lifecycle } from './lifecycle';

/** Everything the worker app needs, passed in (no module state): see {@link DeliverDeps}. */
export interface AppDeps extends DeliverDeps {
  /** Push authentication; `undefined` with `AUTH_MODE=none` (the platform enforces access). */
  readonly authenticator?: Authenticator | undefined;
}

/** Paths that do not take events: the probes of the worker contract. */
export const RESERVED_PATHS = {
  health: PROBE_PATHS.liveness,
  ready: PROBE_PATHS.readiness,
} as const;

/** The probe paths, for the message of a 405. */
const PROBE_PATH_LIST: readonly string[] = Object.values(PROBE_PATHS);

/**
 * Creates the Koa worker. The middleware order is fixed here, and matters:
 * 1. answer errors: first, so that every error below becomes one status and a problem body, logged
 *    (and the log written) before the answer;
 * 2. probes and methods: `/healthz` and `/readyz` answered before admission, so probes work at full
 *    load and while draining; events arrive as POST on any other path (push endpoints carry
 *    arbitrary paths);
 * 3. authentication (when configured): from the headers, before the body is read, so that a
 *    refused sender costs no body and no in-flight slot;
 * 4. deliver: admission, body, decode, handle, record, 204.
 *
 * Test through `app.callback()` (no `listen`).
 */
export function createApp(deps: AppDeps): Koa {
  const app = new Koa();
  app.silent = true;
  app.use(answerErrors(deps.logger, deps.project, deps.logWritten));
  app.use(answerProbesAndMethods(deps.lifecycle));
  if (deps.authenticator !== undefined) app.use(authenticate(deps.authenticator));
  app.use(createDeliver(deps));
  return app;
}

/**
 * The first middleware: turns any error below into its status, problem body and headers
 * (`answerFor`, the one mapping), logs the refusal (naming the event noted with
 * `noteFailedEvent`), and waits until the line is written before the answer. The dead-letter
 * receiver uses it too.
 *
 * @param logWritten - resolves once the log lines so far are written @default nothing to wait for
 */
export function answerErrors(
  logger: Logger,
  project: string | undefined,
  logWritten: (() => Promise<void>) | undefined,
) {
  return async (ctx: Context, next: Next): Promise<void> => {
    try {
      await next();
    } catch (error) {
      const answer = answerFor(error);
      ctx.status = answer.status;
      ctx.type = 'application/problem+json';
      ctx.body = answer.problem;
      ctx.set(answer.headers);
      if (answer.status >= 500 && answer.problem.code === 'internal') {
        logger.error(
          { err: error, path: ctx.path, ...failedEventOf(ctx), ...requestTrace(ctx, project) },
          'unexpected error while handling a delivery',
        );
      } else {
        logger[answer.logLevel](
          {
            status: answer.status,
            code: answer.problem.code,
            pointer: answer.problem.pointer,
            ...failedEventOf(ctx),
            ...(error instanceof AuthRejection ? { tokenClaims: error.claims } : {}),
            path: ctx.path,
            ...requestTrace(ctx, project),
          },
          answer.problem.detail,
        );
      }
      // The refusal's line (and any handled event's of a batch) is written before the answer.
      await logWritten?.();
    }
  };
}

/** The probes' answers, by path: answered to GET and HEAD only. */
const PROBES: Readonly<Record<string, (lifecycle: Lifecycle) => { status: number; body: object }>> =
  Object.freeze({
    [RESERVED_PATHS.health]: () => ({ status: 200, body: { status: 'ok' } }),
    [RESERVED_PATHS.ready]: (lifecycle) => ({
      status: lifecycle.ready ? 200 : 503,
      body: { status: lifecycle.ready ? 'ready' : 'draining', inFlight: lifecycle.inFlight },
    }),
  });

/**
 * Probes and methods in one step: GET or HEAD of a probe path is answered here (`/healthz` 200,
 * `/readyz` 200 or 503 while draining); any other method there, and anything but POST elsewhere,
 * is a 405 naming the allowed methods. The dead-letter receiver uses it too.
 */
export function answerProbesAndMethods(lifecycle: Lifecycle) {
  return (ctx: Context, next: Next): Promise<void> => {
    const { method } = ctx.req;
    const { path } = ctx;
    const probe = Object.hasOwn(PROBES, path) ? PROBES[path] : undefined;
    if (probe !== undefined) {
      if (method !== 'GET' && method !== 'HEAD') {
        throw new MethodNotAllowedError(method ?? '', path, 'GET, HEAD', PROBE_PATH_LIST);
      }
      const answer = probe(lifecycle);
      ctx.status = answer.status;
      ctx.body = answer.body;
      return Promise.resolve();
    }
    if (method !== 'POST')
      throw new MethodNotAllowedError(method ?? '', path, 'POST', PROBE_PATH_LIST);
    return next();
  };
}
