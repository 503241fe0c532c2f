import type { Context } from 'koa';
import { traceField } from '../log/logger';

/** The `logging.googleapis.com/trace` log field of a request, when it carries a trace header. */
export function requestTrace(ctx: Context, project: string | undefined): Record<string, string> {
  const trace = traceField(
    { traceparent: ctx.get('traceparent'), cloudTraceContext: ctx.get('x-cloud-trace-context') },
    project,
  );
  return trace === undefined ? {} : { 'logging.googleapis.com/trace': trace };
}
