import { encodeDelivery } from '../../events/encode/encode-delivery';
import { ENCODING_IDS, encodingOf, type EncodingId } from '../../events/encode/encodings';
import { InputError, parseObjectRef } from '../object-ref';
import { requestText } from '../request-view';
import { parseWorkerUrl, sendDelivery, type WorkerAnswer } from '../send-delivery';
import { inspectorUpload } from '../upload';

/** `npm run send` options, from the command line. */
export interface SendOptions {
  /** An encoding id of `ENCODINGS`, or `all`. */
  readonly format: string;
  /** `gs://<bucket>/<name>`. @default 'gs://demo-bucket/samples/sunset.jpg' */
  readonly object?: string | undefined;
  /** The worker URL. @default 'http://127.0.0.1:8080/' (`npm start`'s default PORT) */
  readonly to?: string | undefined;
  /** Extra request headers, `Name: value` (an `Authorization: Bearer ...` token). */
  readonly headers?: readonly string[] | undefined;
  /** Print each request, whole, before its answer. */
  readonly show?: boolean | undefined;
  /** The upload time, in milliseconds since the epoch. @default Date.now() */
  readonly uploadedAtMs?: number | undefined;
}

/** The worker `npm start` runs with its default `PORT`. */
export const DEFAULT_WORKER_URL = 'http://127.0.0.1:8080/';
/** The object `npm run send` announces when none is named: the first sample of the demo bucket. */
export const DEFAULT_OBJECT = 'gs://demo-bucket/samples/sunset.jpg';

/**
 * Sends one upload's notification in one delivery format (or in each) to a worker, printing each
 * request (with `show`: whole, base64 data included) and the answer (status, problem detail, a
 * reply's result event).
 *
 * @param print - where the report goes
 * @returns 0 when every answer was 2xx, else 1
 * @throws InputError for an unknown format, a bad object, URL or header
 */
export async function runSend(
  options: SendOptions,
  print: (text: string) => void,
): Promise<number> {
  const ids = formatsOf(options.format);
  const url = parseWorkerUrl(options.to ?? DEFAULT_WORKER_URL);
  const extraHeaders = Object.fromEntries((options.headers ?? []).map(headerOf));
  const event = inspectorUpload(
    parseObjectRef(options.object ?? DEFAULT_OBJECT),
    options.uploadedAtMs ?? Date.now(),
  );
  let failures = 0;
  for (const id of ids) {
    const message = encodeDelivery(event, id);
    print(`=== ${id}: ${encodingOf(id).label}`);
    if (options.show === true) {
      const shown = { ...message, headers: { ...message.headers, ...lowerCased(extraHeaders) } };
      print(`${requestText(shown, url)}\n`);
    }
    const answer = await sendDelivery(message, url, extraHeaders);
    if (answer.status < 200 || answer.status > 299) failures++;
    print(answerText(answer, url));
  }
  return failures === 0 ? 0 : 1;
}

function formatsOf(format: string): readonly EncodingId[] {
  if (format === 'all') return ENCODING_IDS;
  const id = ENCODING_IDS.find((candidate) => candidate === format);
  if (id === undefined) {
    throw new InputError(
      `--format ${JSON.stringify(format)}: expected all or one of ${ENCODING_IDS.join(', ')}`,
    );
  }
  return [id];
}

function headerOf(text: string): [string, string] {
  const match = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+):\s*(.*)$/.exec(text);
  if (match === null)
    throw new InputError(`--header ${JSON.stringify(text)}: expected "Name: value"`);
  return [match[1] ?? '', match[2] ?? ''];
}

function lowerCased(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]),
  );
}

function answerText(answer: WorkerAnswer, url: URL): string {
  if (answer.status === 0) return `→ no answer from ${url.href}: ${answer.error ?? 'unknown'}\n`;
  const lines = [`→ ${answer.status} ${answer.statusText}`];
  if (answer.headers['retry-after'] !== undefined)
    lines.push(`  retry-after: ${answer.headers['retry-after']}`);
  if (answer.replyEvent !== undefined) {
    lines.push(`result event: ${JSON.stringify(answer.replyEvent, null, 2)}`);
  } else if (answer.body !== '') {
    lines.push(answer.body);
  }
  return `${lines.join('\n')}\n`;
}
