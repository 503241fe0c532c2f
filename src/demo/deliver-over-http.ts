import { loadConfig } from '../config/load-config';
import { outgoingHeaders, type Message } from '../events/message';
import type { HandledEvent } from '../records/handled-event';
import { memoryResults } from '../records/results-sink';
import { createWorker } from '../worker/create-worker';
import { listen } from '../worker/listen';

/** What one delivery to a demo worker gave. */
export interface DemoAnswer {
  readonly status: number;
  /** The reply's `ce-id`: the result event's id, when the answer is one. */
  readonly replyId: string | undefined;
  readonly body: string;
  readonly records: HandledEvent[];
}

/** A worker instance the demo runs in-process on a free loopback port, with its records in memory. */
export interface DemoWorker {
  /** Its URL, `http://127.0.0.1:<port>/`: where another sender (the Pub/Sub source) posts. */
  readonly url: string;
  /** Every record it wrote so far, in order. */
  records(): readonly HandledEvent[];
  /**
   * POSTs a message; resolves to the HTTP status, the answer's `ce-id` header (the id of the
   * result event a 200 reply carries), its body, and the records the delivery added.
   */
  deliver(message: Message): Promise<DemoAnswer>;
  close(): Promise<void>;
}

/**
 * Starts a worker with `LABELER=local` on `bucketDir` and `RESULTS_MODE=reply` (as on Knative: a
 * labeled image of a one-event delivery is answered 200 with its result event), listening on a
 * free port of 127.0.0.1.
 */
export async function startDemoWorker(bucketDir: string): Promise<DemoWorker> {
  const records: HandledEvent[] = [];
  const config = loadConfig({
    LABELER: 'local',
    LOCAL_BUCKET_DIR: bucketDir,
    LOG_LEVEL: 'silent',
    PORT: '0',
    RESULTS_MODE: 'reply',
  });
  const worker = await createWorker(config, { results: memoryResults(records) });
  const { server, port } = await listen(worker.app, 0, '127.0.0.1');
  return {
    url: `http://127.0.0.1:${port}/`,
    records: () => records,
    deliver: async (message) => {
      const before = records.length;
      const response = await fetch(`http://127.0.0.1:${port}/`, {
        method: 'POST',
        headers: outgoingHeaders(message),
        body: message.body,
        signal: AbortSignal.timeout(30_000),
      });
      return {
        status: response.status,
        replyId: response.headers.get('ce-id') ?? undefined,
        body: await response.text(),
        records: records.slice(before),
      };
    },
    close: async () => {
      await new Promise<void>((resolve) =>
        server.close(() => {
          resolve();
        }),
      );
      await worker.labeler.close?.();
    },
  };
}
