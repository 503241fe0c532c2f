/**
 * The JSON shapes of the inspector's API, shared by its server (`server/`) and its page (`page/`).
 * Types only: the page imports nothing else from the server side.
 */
import type { CanonicalEvent, DeliveryFormat, StorageEvent } from '../events/canonical-event';
import type { ResultEvent } from '../events/result-event';
import type { HandledEvent } from '../records/handled-event';
import type { Problem } from '../worker/error-status';

/** What a header is, for marking it on the page. */
export type HeaderKind =
  /** A CloudEvent attribute in binary mode (`ce-*`). */
  | 'cloudevent'
  /** Pub/Sub metadata of a push without wrapper (`x-goog-pubsub-*`). */
  | 'pubsub'
  /** A Pub/Sub message attribute sent as a header of its own (push without wrapper). */
  | 'attribute'
  /** Any other HTTP header (`content-type`, `user-agent`, ...). */
  | 'http';

/** One request header, as sent. */
export interface HeaderView {
  readonly name: string;
  readonly value: string;
  readonly kind: HeaderKind;
}

/** A base64 value of the body and what it decodes to. */
export interface Base64View {
  /** Where it sits in the body, a JSON pointer (`/message/data`). */
  readonly pointer: string;
  /** The decoded bytes as text, pretty-printed when JSON; a note when not UTF-8 or not base64. */
  readonly decoded: string;
}

/** One HTTP request as it goes over the wire. */
export interface RequestView {
  readonly method: string;
  /** The request target (path and query). */
  readonly target: string;
  readonly headers: readonly HeaderView[];
  /** The body as sent, as UTF-8 text (whole). */
  readonly body: string;
  /** The body pretty-printed, when it is JSON. */
  readonly bodyPretty?: string;
  /** The body's length on the wire, in bytes. */
  readonly bodyBytes: number;
  /** Every base64 value of the body, decoded. */
  readonly base64: readonly Base64View[];
}

/** What tells one delivery format from another, read from the request itself. */
export interface DeliveryTraits {
  /** The Content-Type header, as sent; absent when none was sent. */
  readonly contentType?: string;
  /** Where the event's attributes travel: HTTP headers (binary mode, push without wrapper) or the body. */
  readonly attributesIn: 'headers' | 'body';
  /** How the object resource travels: as JSON, as base64 text in a JSON body, or not at all. */
  readonly data: 'JSON' | 'base64' | 'none';
  /** The event type names the delivery carries, outermost first (a messagePublished event has two). */
  readonly typeNames: readonly string[];
  /** The CloudEvents spec version, for CloudEvents. */
  readonly specversion?: string;
}

/** One format of the formats view. */
export interface DeliveryCard {
  /** The encoding id (`npm run send -- --format <id>`). */
  readonly id: string;
  /** The producer and its generation. */
  readonly label: string;
  readonly format: DeliveryFormat;
  /** What the encoding cannot carry; absent when it carries the whole canonical event. */
  readonly reduction?: string;
  readonly request: RequestView;
  readonly traits: DeliveryTraits;
}

/** `GET /api/formats`: one upload in every delivery format. */
export interface FormatsResponse {
  /** `gs://<bucket>/<name>`. */
  readonly object: string;
  /** The upload time, in milliseconds since the epoch: send it back to send this same upload. */
  readonly uploadedAtMs: number;
  /** The canonical event that every format decodes to. */
  readonly event: StorageEvent;
  readonly deliveries: readonly DeliveryCard[];
  /** The sample objects of the inspector's local bucket, `gs://` URIs. */
  readonly samples: readonly string[];
  /** The URL of the worker the inspector started (LABELER=local, RESULTS_MODE=reply). */
  readonly workerUrl: string;
}

/** A handled event as the live view lists it. */
export interface LiveEntry {
  /** Increases by one per record, from 1. */
  readonly seq: number;
  /** When the record arrived, RFC 3339. */
  readonly receivedAt: string;
  readonly record: HandledEvent;
  /**
   * The result event the worker emitted for it (`dev.dualrun.image.labeled.v1` or
   * `.unlabelable.v1`, with `RESULTS_MODE` `reply` or `pubsub`), when the record carries one.
   */
  readonly resultEvent?: ResultEvent;
}

/** A problem answer: the worker's or the inspector's own (RFC 9457). */
export type ProblemView =
  Problem | { readonly title: string; readonly status: number; readonly detail: string };

/** What sending one delivery gave. */
export interface SendResult {
  /** The encoding id, or `pasted`. */
  readonly id: string;
  /** Where it was sent. */
  readonly to: string;
  /** The HTTP status; 0 when no answer came (connection refused, timeout). */
  readonly status: number;
  /** Why no answer came, when `status` is 0. */
  readonly error?: string;
  /** The answer's problem body (4xx, 5xx). */
  readonly problem?: ProblemView;
  /** A non-problem answer body, as text (a 200 reply). */
  readonly responseBody?: string;
  /** The canonical events the delivery decodes to (the worker's own decoder, run by the inspector). */
  readonly decoded: readonly CanonicalEvent[];
  /** The records the inspector's worker wrote for it (none for another worker). */
  readonly records: readonly LiveEntry[];
  /**
   * The result event of the answer: a binary-mode CloudEvent reply (Knative, `RESULTS_MODE=reply`),
   * as its `ce-*` attributes and data; else the one a record carries.
   */
  readonly resultEvent?: unknown;
}

/** `POST /api/send` body. */
export interface SendRequest {
  readonly object: string;
  /**
   * The upload time, in milliseconds since the epoch (the `uploadedAtMs` of `/api/formats`, to
   * send that same upload). @default now, as `/api/formats`
   */
  readonly uploadedAtMs?: number;
  /** Encoding ids, or `all`. */
  readonly formats: readonly string[] | 'all';
  /** A worker URL; the inspector's own worker when absent. */
  readonly to?: string;
}

/** `POST /api/decode` body: a delivery the user captured. */
export interface DecodeRequest {
  /** A raw HTTP request (request line, headers, blank line, body) or JSON `{headers, body}`. */
  readonly text: string;
  /** Also send it to a worker: `local` (the inspector's own) or a URL. */
  readonly sendTo?: string;
}

/** `POST /api/decode` answer. */
export interface DecodeResult {
  /** The delivery as read. */
  readonly request: RequestView;
  /** When it decodes: its format, the producer and generation, and its canonical events. */
  readonly decoded?: {
    readonly format: DeliveryFormat;
    /** The encodings (producer and generation) whose shape it has; empty when none matches. */
    readonly matches: readonly { readonly id: string; readonly label: string }[];
    readonly traits: DeliveryTraits;
    /** Each type name it carries and its canonical type, from the worker's alias table. */
    readonly typeNames: readonly { readonly name: string; readonly canonical?: string }[];
    readonly events: readonly CanonicalEvent[];
  };
  /** When it does not decode: the problem the worker answers with (400). */
  readonly problem?: ProblemView;
  /** When sent: the worker's answer. */
  readonly sent?: SendResult;
}
