import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LiveEntry } from '../api-types';
import type { LiveFeed } from '../live-feed';

/** How often an idle stream gets a comment line, in milliseconds, so that proxies keep it open. */
export const HEARTBEAT_INTERVAL_MS = 15_000;

/**
 * `GET /api/live`: the feed's records as Server-Sent Events (`event: record`, the {@link LiveEntry}
 * as JSON, its `seq` as the event id): the kept ones first (after `Last-Event-ID` when the browser
 * reconnects), then each as it arrives.
 *
 * @see https://html.spec.whatwg.org/multipage/server-sent-events.html
 */
export function streamLive(
  request: IncomingMessage,
  response: ServerResponse,
  feed: LiveFeed,
): void {
  response.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  const write = (entry: LiveEntry): void => {
    response.write(`id: ${entry.seq}\nevent: record\ndata: ${JSON.stringify(entry)}\n\n`);
  };
  const lastEventId = Number(request.headers['last-event-id'] ?? '0');
  for (const entry of feed.recent(Number.isSafeInteger(lastEventId) ? lastEventId : 0))
    write(entry);
  response.write(': live\n\n');
  const unsubscribe = feed.subscribe(write);
  const heartbeat = setInterval(() => {
    response.write(': ping\n\n');
  }, HEARTBEAT_INTERVAL_MS);
  heartbeat.unref();
  response.on('close', () => {
    clearInterval(heartbeat);
    unsubscribe();
  });
}
