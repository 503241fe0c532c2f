import { request } from 'node:http';

/** An answer: status, headers, body text. */
export interface Answer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
}

/**
 * One HTTP request with `node:http`, which, unlike fetch, sends any `Host` and `Origin` the test
 * names (a page elsewhere, a DNS-rebinding name).
 */
export function call(
  url: URL,
  method: string,
  headers: Readonly<Record<string, string>> = {},
  body?: string,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const outgoing = request(url, { method, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        });
      });
      response.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

/** POSTs JSON to the inspector's API. */
export function postJson(url: URL, value: unknown): Promise<Answer> {
  return call(url, 'POST', { 'content-type': 'application/json' }, JSON.stringify(value));
}
