/**
 * A local stand-in for the Cloud Vision REST API: answers `POST /v1/images:annotate` on
 * 127.0.0.1 the way Vision does, so tests can run the real `ImageAnnotatorClient` (REST transport)
 * with no network and no credentials. Each test scripts what the server does per request.
 *
 * @see https://cloud.google.com/vision/docs/reference/rest/v1/images/annotate
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One label as the fake answers it, in Vision's `EntityAnnotation` JSON shape. */
export interface FakeLabel {
  readonly description: string;
  readonly score: number;
  readonly mid?: string;
  readonly topicality?: number;
}

/** What the fake does with one request. */
export type FakeVisionBehaviour =
  /** 200 with these labels; an empty list answers `{}` for the image, as Vision does. */
  | { readonly kind: 'labels'; readonly labels: readonly FakeLabel[] }
  /** 200 with a per-image `error` (`google.rpc.Status`: a gRPC code and a message). */
  | { readonly kind: 'image-error'; readonly code: number; readonly message: string }
  /** An HTTP error with a Google error body, e.g. 503 and `UNAVAILABLE`. */
  | {
      readonly kind: 'http-error';
      readonly httpStatus: number;
      readonly status: string;
      readonly message: string;
    }
  /** Answers exactly this status, content type and body: e.g. a 200 whose body is not JSON. */
  | {
      readonly kind: 'raw';
      readonly httpStatus: number;
      readonly contentType: string;
      readonly body: string;
    }
  /** Waits `delayMs` milliseconds, then behaves as `then`. */
  | { readonly kind: 'delay'; readonly delayMs: number; readonly then: FakeVisionBehaviour }
  /** Waits until `until` resolves (a test releases it), then behaves as `then`. */
  | { readonly kind: 'hold'; readonly until: Promise<void>; readonly then: FakeVisionBehaviour }
  /** Destroys the socket without answering. */
  | { readonly kind: 'drop' }
  /** Sends the status line, headers and half of a labels body, then destroys the socket. */
  | { readonly kind: 'cut-response' };

/** What the fake recorded of one `images:annotate` request. */
export interface FakeVisionRequest {
  /** `requests[0].image.source.imageUri`, e.g. `gs://bucket/name`. */
  readonly imageUri: string | undefined;
  /** `requests[0].features[].type` as names (`LABEL_DETECTION`), whether sent as names or numbers. */
  readonly features: readonly string[];
  /** `requests[0].features[0].maxResults`, when sent. */
  readonly maxResults: number | undefined;
  /** The `Authorization` header, when sent. */
  readonly authorization: string | undefined;
}

/** A scripted answer: one behaviour for every request, or a function of the request. */
export type FakeVisionScript =
  FakeVisionBehaviour | ((request: FakeVisionRequest) => FakeVisionBehaviour);

/** A running fake; `close()` it after the test. */
export interface FakeVisionServer {
  /** `http://127.0.0.1:<port>`: the value for `VISION_API_ENDPOINT`. */
  readonly url: string;
  /** Every `images:annotate` request received, in order. */
  readonly requests: readonly FakeVisionRequest[];
  setBehaviour(script: FakeVisionScript): void;
  /** Stops listening, drops open connections and pending delays. */
  close(): Promise<void>;
}

/** Vision's `Feature.Type` numbers, for clients that send numeric enums (`enum-encoding=int`). */
const FEATURE_TYPES: Readonly<Record<number, string>> = {
  1: 'FACE_DETECTION',
  2: 'LANDMARK_DETECTION',
  3: 'LOGO_DETECTION',
  4: 'LABEL_DETECTION',
};

const ANNOTATE_PATH = '/v1/images:annotate';

/** Starts a fake on 127.0.0.1 and a free port; answers `{}` labels until told otherwise. */
export async function startFakeVisionServer(
  script: FakeVisionScript = { kind: 'labels', labels: [] },
): Promise<FakeVisionServer> {
  let current = script;
  const requests: FakeVisionRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();

  const server = createServer((req, res) => {
    void handle(req, res);
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://fake').pathname;
    if (req.method !== 'POST' || path !== ANNOTATE_PATH) {
      sendJson(res, 404, googleError(404, 'NOT_FOUND', `no route ${req.method ?? ''} ${path}`));
      return;
    }
    const request = toRecord(req, await readJson(req));
    requests.push(request);
    perform(typeof current === 'function' ? current(request) : current, req, res);
  }

  function perform(behaviour: FakeVisionBehaviour, req: IncomingMessage, res: ServerResponse) {
    switch (behaviour.kind) {
      case 'labels':
        sendJson(res, 200, {
          responses: [behaviour.labels.length > 0 ? { labelAnnotations: behaviour.labels } : {}],
        });
        return;
      case 'image-error':
        sendJson(res, 200, {
          responses: [{ error: { code: behaviour.code, message: behaviour.message } }],
        });
        return;
      case 'http-error':
        sendJson(
          res,
          behaviour.httpStatus,
          googleError(behaviour.httpStatus, behaviour.status, behaviour.message),
        );
        return;
      case 'raw':
        res.writeHead(behaviour.httpStatus, { 'content-type': behaviour.contentType });
        res.end(behaviour.body);
        return;
      case 'delay': {
        const timer = setTimeout(() => {
          timers.delete(timer);
          if (!res.destroyed) perform(behaviour.then, req, res);
        }, behaviour.delayMs);
        timers.add(timer);
        return;
      }
      case 'hold':
        void behaviour.until.then(() => {
          if (!res.destroyed) perform(behaviour.then, req, res);
        });
        return;
      case 'drop':
        req.socket.destroy();
        return;
      case 'cut-response': {
        const body = Buffer.from(
          JSON.stringify({
            responses: [{ labelAnnotations: [{ description: 'Cat', score: 0.9 }] }],
          }),
        );
        res.writeHead(200, {
          'content-type': 'application/json; charset=utf-8',
          'content-length': body.length,
        });
        res.write(body.subarray(0, body.length >> 1), () => req.socket.destroy());
        return;
      }
    }
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    setBehaviour(next) {
      current = next;
    },
    close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      server.closeAllConnections();
      return new Promise((resolve, reject) => {
        server.close((error) => {
          if (error) reject(error);
          else resolve();
        });
      });
    },
  };
}

function googleError(code: number, status: string, message: string) {
  return { error: { code, message, status } };
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
}

/** The subset of an `AnnotateImageRequest` JSON body the fake reads. */
interface AnnotateBody {
  readonly requests?: readonly {
    readonly image?: { readonly source?: { readonly imageUri?: string } };
    readonly features?: readonly {
      readonly type?: string | number;
      readonly maxResults?: number;
    }[];
  }[];
}

function toRecord(req: IncomingMessage, body: unknown): FakeVisionRequest {
  const first = (body as AnnotateBody).requests?.[0];
  const features = first?.features ?? [];
  return {
    imageUri: first?.image?.source?.imageUri,
    features: features.map(({ type }) =>
      typeof type === 'number' ? (FEATURE_TYPES[type] ?? String(type)) : String(type),
    ),
    maxResults: features[0]?.maxResults,
    authorization: req.headers.authorization,
  };
}
