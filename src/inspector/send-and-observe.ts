import type { CanonicalEvent } from '../events/canonical-event';
import { decodeDelivery } from '../events/decode/decode-delivery';
import type { Message } from '../events/message';
import type { LiveEntry, SendResult } from './api-types';
import type { LiveFeed } from './live-feed';
import { sendDelivery } from './send-delivery';

/** Where a delivery goes: a worker URL, and the feed of its records when it is the inspector's own. */
export interface SendTarget {
  readonly url: URL;
  /** The records of the worker at `url`, when the inspector started it. */
  readonly feed?: LiveFeed | undefined;
}

/**
 * Sends one delivery and says what came of it: the worker's status and problem detail, the
 * canonical events the delivery decodes to (the worker's decoder, run here too, so a worker
 * elsewhere is explained as well), the records the inspector's own worker wrote for it, and the
 * result event (a binary-mode reply, or the one a record carries).
 *
 * @param id - the encoding id, or `pasted`
 */
export async function sendAndObserve(
  id: string,
  message: Message,
  target: SendTarget,
): Promise<SendResult> {
  const decoded = decodedEvents(message);
  const before = target.feed?.lastSeq ?? 0;
  const answer = await sendDelivery(message, target.url);
  const records = (target.feed?.recent(before) ?? []).filter((entry) =>
    decoded.some((event) => sameEvent(event, entry)),
  );
  const resultEvent =
    answer.replyEvent ?? records.find((entry) => 'resultEvent' in entry)?.resultEvent;
  const problem = answer.problem;
  return {
    id,
    to: target.url.href,
    status: answer.status,
    ...(answer.error === undefined ? {} : { error: answer.error }),
    ...(problem === undefined ? {} : { problem }),
    // The body once: as the problem, as the reply's data, or as itself.
    ...(problem === undefined && answer.replyEvent === undefined && answer.body !== ''
      ? { responseBody: answer.body }
      : {}),
    decoded,
    records,
    ...(resultEvent === undefined ? {} : { resultEvent }),
  };
}

function decodedEvents(message: Message): CanonicalEvent[] {
  try {
    return decodeDelivery(message).events.map(({ event }) => event);
  } catch {
    // The worker answers with the problem; there is nothing decoded to show.
    return [];
  }
}

function sameEvent(event: CanonicalEvent, entry: LiveEntry): boolean {
  return entry.record.event.id === event.id && entry.record.event.source === event.source;
}
