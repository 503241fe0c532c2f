import type {
  DecodeRequest,
  DecodeResult,
  FormatsResponse,
  SendRequest,
  SendResult,
} from '../api-types';

/** An API answer that is not 200: its problem detail. */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    detail: string,
  ) {
    super(detail);
  }
}

async function call<T>(path: string, body?: unknown): Promise<T> {
  const response = await fetch(
    path,
    body === undefined
      ? {}
      : {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        },
  );
  const value = (await response.json()) as unknown;
  if (!response.ok) {
    const detail = (value as { detail?: unknown }).detail;
    throw new ApiProblem(
      response.status,
      typeof detail === 'string' ? detail : response.statusText,
    );
  }
  return value as T;
}

/** `GET /api/formats`. */
export function fetchFormats(object?: string, uploadedAtMs?: number): Promise<FormatsResponse> {
  const query = new URLSearchParams();
  if (object !== undefined) query.set('object', object);
  if (uploadedAtMs !== undefined) query.set('uploadedAtMs', String(uploadedAtMs));
  return call(`/api/formats?${query.toString()}`);
}

/** `POST /api/send`. */
export async function send(request: SendRequest): Promise<readonly SendResult[]> {
  return (await call<{ results: SendResult[] }>('/api/send', request)).results;
}

/** `POST /api/decode`. */
export function decode(request: DecodeRequest): Promise<DecodeResult> {
  return call('/api/decode', request);
}
