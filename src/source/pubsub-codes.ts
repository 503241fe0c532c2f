/**
 * How a failed Pub/Sub call reads to an operator: which gRPC codes no retry cures, and the reason
 * said once.
 *
 * @see https://cloud.google.com/pubsub/docs/reference/error-codes
 * @see https://github.com/googleapis/googleapis/blob/master/google/rpc/code.proto
 */

/**
 * gRPC codes of a failed Publish that every publish meets until an operator acts:
 * `INVALID_ARGUMENT` (3: a malformed topic name or message), `NOT_FOUND` (5: the topic does not
 * exist), `PERMISSION_DENIED` (7: `roles/pubsub.publisher` not granted), `UNIMPLEMENTED` (12: the
 * endpoint, e.g. `PUBSUB_EMULATOR_HOST`, is not Pub/Sub), `UNAUTHENTICATED` (16: no usable
 * credentials). Other codes (`UNAVAILABLE`, `DEADLINE_EXCEEDED`, `RESOURCE_EXHAUSTED`, ...) may
 * pass on their own. The one table of the results publisher, the dead-letter receiver and the
 * source's dead-letter copy.
 */
export const PUBSUB_OPERATOR_CODES: ReadonlySet<number> = new Set([3, 5, 7, 12, 16]);

/** The numeric gRPC `code` of an error, or `undefined` when it has none. */
export function grpcCodeOf(error: unknown): number | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'number' ? code : undefined;
}

/**
 * The reason of a failed Pub/Sub call in one line, each distinct error said once: the client's
 * retry error (`Total timeout of API ... exceeded N milliseconds retrying error E before any
 * response was received. : Previous errors : [{message: E, ...}, ...]`) lists the same error once
 * per attempt; its list is dropped (the head names the last error already).
 */
export function pubSubReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message
    .replace(/\s*:\s*Previous errors\s*:[\s\S]*$/, '')
    .replace(/\s+/g, ' ')
    .trim();
}
