import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { encodeDelivery } from '../events/encode/encode-delivery';
import { ENCODINGS } from '../events/encode/encodings';
import type { HandledEvent } from '../records/handled-event';
import { prepareBucket } from './demo-bucket';
import { startDemoWorker } from './deliver-over-http';
import { labeledAsExpected, repliesWithResult, resultCell, resultIdentity } from './result-column';
import { textTable } from './text-table';
import { uploadEvent } from './upload-event';
import { wireView } from './wire-view';
import { runSourceChain, type SourceChainResult } from './source-chain';
import type { StorageEvent } from '../events/canonical-event';

/** Demo options, from the command line. */
export interface DemoOptions {
  /** Label the image files of this directory instead of the generated samples. */
  readonly imagesDir?: string | undefined;
  /** Also print every delivery as it goes over the wire (the format comparison view). */
  readonly wire?: boolean;
  /** The bucket name of the local bucket. @default 'demo-bucket' */
  readonly bucket?: string;
  /**
   * Where the Pub/Sub fake's build cache is (`DUALRUN_CACHE_DIR`, `XDG_CACHE_HOME`, `HOME`), for
   * the row of the Knative path. @default {} (the cache under the user's home directory)
   */
  readonly env?: NodeJS.ProcessEnv;
}

/**
 * The demo: one upload delivered in every delivery format, each to a fresh worker instance
 * (`RESULTS_MODE=reply`), a side-by-side table showing that every format yields the same canonical
 * event and the same result event (printed once in full), the redelivery of
 * all formats to one instance (all but the first are duplicates), then every image labeled.
 *
 * @param print - where the report goes, line by line
 * @returns the number of failed deliveries (not 2xx, an unexpected outcome, a reply that is not
 *   the recorded result event): 0 is success
 */
export async function runDemo(
  options: DemoOptions,
  print: (text: string) => void,
): Promise<number> {
  const bucket = options.bucket ?? 'demo-bucket';
  const bucketDir = await mkdtemp(path.join(os.tmpdir(), 'dualrun-demo-'));
  try {
    const objects = await prepareBucket(bucketDir, bucket, options.imagesDir);
    const now = Date.now();
    const [first, ...rest] = objects.map((object, index) =>
      uploadEvent(bucket, object, now, index),
    );
    if (first === undefined) return 1;
    let failures = 0;

    print(
      `One upload, gs://${bucket}/${first.data.name}, delivered in every format, each to a fresh worker instance (LABELER=local, RESULTS_MODE=reply):\n`,
    );
    const rows: string[][] = [];
    const canonical = new Set<string>();
    const results = new Set<string>();
    let shown: HandledEvent['resultEvent'];
    for (const encoding of ENCODINGS) {
      const message = encodeDelivery(first, encoding.id);
      if (options.wire === true) print(wireView(encoding.label, message));
      const worker = await startDemoWorker(bucketDir);
      const answer = await worker.deliver(message);
      await worker.close();
      const record = answer.records[0];
      if (!labeledAsExpected(encoding.format, answer)) failures++;
      if (record !== undefined) canonical.add(identity(record));
      const result = resultIdentity(record);
      if (result !== undefined) results.add(result);
      shown ??= record?.resultEvent;
      rows.push(row(encoding.id, answer.status, record));
    }
    const chainWorker = await startDemoWorker(bucketDir);
    const chain = await runSourceChain(first, chainWorker, options.env ?? {}).finally(() =>
      chainWorker.close(),
    );
    if (chain.kind === 'ran') rows.push(row(SOURCE_CHAIN_ROW, chain.status ?? 0, chain.record));
    print(
      textTable(
        ['format', 'HTTP', 'event id', 'type', 'subject', 'outcome', 'labels', 'result event'],
        rows,
      ),
    );
    const same = canonical.size === 1;
    if (!same) failures++;
    print(
      `\nSame canonical event (id, type, source, subject, time, bucket, name, generation) in all ${ENCODINGS.length} formats: ${same ? 'yes' : `NO (${canonical.size} different)`}`,
    );
    failures += reportChain(chain, first, print);
    const replying = ENCODINGS.filter((encoding) => repliesWithResult(encoding.format)).length;
    const sameResult = results.size === 1;
    if (!sameResult) failures++;
    print(
      `Same result event (every attribute and the data) in the ${replying} formats answered with one (a batch gets 204: a reply carries one event): ${sameResult ? 'yes' : `NO (${results.size} different)`}`,
    );
    if (shown !== undefined) {
      print(
        `The result event, answered 200 in binary mode (its attributes as ce-* headers, its data as the body):\n${JSON.stringify(shown, null, 2)}\n`,
      );
    }

    const redelivery = await startDemoWorker(bucketDir);
    const outcomes: string[] = [];
    for (const encoding of ENCODINGS) {
      const { records } = await redelivery.deliver(encodeDelivery(first, encoding.id));
      outcomes.push(records[0]?.outcome ?? 'none');
    }
    await redelivery.close();
    const duplicates = outcomes.filter((outcome) => outcome === 'duplicate').length;
    if (outcomes[0] !== 'labeled' || duplicates !== ENCODINGS.length - 1) failures++;
    print(
      `Redelivered to one instance in every format: ${outcomes[0] ?? 'none'} once, then ${duplicates} × duplicate.\n`,
    );

    print(
      `Every image in the bucket, one upload each (formats in turn), to one worker instance:\n`,
    );
    const worker = await startDemoWorker(bucketDir);
    const imageRows: string[][] = [];
    for (const [index, event] of [first, ...rest].entries()) {
      const encoding = ENCODINGS[index % ENCODINGS.length] ?? ENCODINGS[0];
      const answer = await worker.deliver(encodeDelivery(event, encoding.id));
      const record = answer.records[0];
      if (!labeledAsExpected(encoding.format, answer)) failures++;
      imageRows.push([
        event.data.name,
        encoding.id,
        String(answer.status),
        record?.outcome ?? '-',
        labelText(record, 8),
        resultCell(record),
      ]);
    }
    await worker.close();
    print(
      textTable(['object', 'format', 'HTTP', 'outcome', 'labels', 'result event'], imageRows, 120),
    );
    print(
      failures === 0
        ? '\nAll deliveries acknowledged and labeled.'
        : `\n${failures} delivery check(s) failed.`,
    );
    return failures;
  } finally {
    await rm(bucketDir, { recursive: true, force: true });
  }
}

/** The table's label of the row the Knative path adds. */
export const SOURCE_CHAIN_ROW = 'notification → source → worker';

/**
 * Prints what the Knative path gave, or why it was skipped.
 *
 * @returns the failed checks: 0 or 1
 */
function reportChain(
  chain: SourceChainResult,
  upload: StorageEvent,
  print: (text: string) => void,
): number {
  if (chain.kind === 'skipped') {
    print(`${SOURCE_CHAIN_ROW}: skipped: ${chain.reason}`);
    return 0;
  }
  const { record, status } = chain;
  const same = record !== undefined && identity(record, false) === eventIdentity(upload, false);
  // The worker replies (RESULTS_MODE=reply), as it does to the Broker on Knative.
  const ok =
    status === 200 && record?.outcome === 'labeled' && record.resultEvent !== undefined && same;
  print(
    `${SOURCE_CHAIN_ROW} (the Knative path, with Google's Pub/Sub fake pstest): the notification published, pulled by the kit's source, posted to a worker: ${
      ok
        ? `the same event but its id, which is the Pub/Sub message id (${record.event.id}), so its result event's id differs too (${record.resultEvent.id})`
        : `FAILED (HTTP ${String(status ?? 'none')}, ${record?.outcome ?? 'no record'}${same ? '' : ', another event'})`
    }`,
  );
  return ok ? 0 : 1;
}

/** The canonical event's identity, with its id or without it (the Pub/Sub path renames it). */
function identity(record: HandledEvent, withId = true): string {
  return eventIdentity(record.event, withId);
}

function eventIdentity(event: HandledEvent['event'], withId: boolean): string {
  const { id, type, source, subject, time, data } = event;
  const object = data as { bucket?: string; name?: string; generation?: string };
  return JSON.stringify([
    withId ? id : undefined,
    type,
    source,
    subject,
    time,
    object.bucket,
    object.name,
    object.generation,
  ]);
}

function row(encodingId: string, status: number, record: HandledEvent | undefined): string[] {
  return [
    encodingId,
    String(status),
    record?.event.id ?? '-',
    record?.event.type.replace('google.cloud.storage.object.v1.', 'storage…') ?? '-',
    record?.event.subject ?? '-',
    record?.outcome ?? 'no record',
    labelText(record, 6),
    resultCell(record),
  ];
}

function labelText(record: HandledEvent | undefined, count: number): string {
  if (record?.labels === undefined) return record?.reason ?? '';
  const shown = record.labels
    .slice(0, count)
    .map((label) => label.description.replace('dominant colour: ', ''));
  return `${record.labels.length}: ${shown.join(', ')}`;
}
