/**
 * The answer that {@link createHttpFetch} resolves with: a fully read HTTP answer with the members
 * of the Fetch API's `Response` that gaxios and google-gax read (`status`, `ok`, `headers`,
 * `body` as an async iterable, `arrayBuffer()`, `text()`, `json()`). Not a `Response`: constructing
 * undici's costs a web stream per answer (`new Response(bytes)` and `arrayBuffer()` measured at
 * about 200 µs of CPU per Vision call on this project's bench machine, a fifth of the call).
 *
 * @see https://developer.mozilla.org/docs/Web/API/Response
 */
import type { IncomingHttpHeaders } from 'node:http';

/** The `Response` members that a {@link BufferedResponse} has. */
export type ResponseSubset = Pick<
  Response,
  | 'status'
  | 'statusText'
  | 'ok'
  | 'url'
  | 'redirected'
  | 'headers'
  | 'bodyUsed'
  | 'arrayBuffer'
  | 'text'
  | 'json'
> & {
  /** The body bytes, as one chunk (gaxios iterates it for a `responseType: 'stream'` error). */
  readonly body: AsyncIterable<Buffer> | null;
};

/** A read answer: its status, its headers (a `Headers` made on first use) and its bytes. */
export class BufferedResponse implements ResponseSubset {
  readonly ok: boolean;
  readonly redirected = false;
  bodyUsed = false;
  #headers: Headers | undefined;

  /**
   * @param url - the request's URL
   * @param status - the HTTP status, 200 to 599
   * @param statusText - the reason phrase
   * @param rawHeaders - as `node:http` parsed them (names lower case; repeated values in arrays)
   * @param bytes - the whole body, decoded (no `content-encoding` left); `null` for none
   */
  constructor(
    readonly url: string,
    readonly status: number,
    readonly statusText: string,
    private readonly rawHeaders: IncomingHttpHeaders,
    private readonly bytes: Buffer | null,
  ) {
    this.ok = status >= 200 && status <= 299;
  }

  /** The headers; repeated ones joined with `, `, as `Headers` does. */
  get headers(): Headers {
    if (this.#headers === undefined) {
      const headers = new Headers();
      for (const [name, value] of Object.entries(this.rawHeaders)) {
        if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
      }
      this.#headers = headers;
    }
    return this.#headers;
  }

  /** The body as an async iterable of its one chunk, or `null` when there is none. */
  get body(): AsyncIterable<Buffer> | null {
    const bytes = this.bytes;
    if (bytes === null) return null;
    return {
      [Symbol.asyncIterator]: () => {
        let given = false;
        return {
          next: (): Promise<IteratorResult<Buffer, undefined>> => {
            const result = given
              ? { done: true as const, value: undefined }
              : { done: false as const, value: bytes };
            given = true;
            return Promise.resolve(result);
          },
        };
      },
    };
  }

  /** @throws TypeError (as a rejection) when the body was read already, as `Response` does */
  arrayBuffer(): Promise<ArrayBuffer> {
    return this.#read((bytes) => {
      const copy = new ArrayBuffer(bytes.length);
      new Uint8Array(copy).set(bytes);
      return copy;
    });
  }

  /** The body as UTF-8 text. @throws TypeError (as a rejection) when the body was read already */
  text(): Promise<string> {
    return this.#read((bytes) => bytes.toString('utf8'));
  }

  /** The body parsed as JSON. @throws TypeError or SyntaxError (as a rejection) */
  json(): Promise<unknown> {
    return this.#read((bytes) => JSON.parse(bytes.toString('utf8')) as unknown);
  }

  #read<T>(convert: (bytes: Buffer) => T): Promise<T> {
    if (this.bodyUsed) return Promise.reject(new TypeError('Body is unusable: already read'));
    this.bodyUsed = true;
    try {
      return Promise.resolve(convert(this.bytes ?? Buffer.alloc(0)));
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }
}
