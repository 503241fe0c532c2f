import { DecodeError } from '../../errors';
import type { DecodedEvent, DeliveryFormat } from '../canonical-event';
import { mediaTypeOf } from '../media-type';
import { headerValue, type Message } from '../message';
import { parseJson } from '../json';
import { readRawUtf8HeaderValue } from '../cloudevent-headers';
import { UnsupportedCharsetError } from '../../errors';
import { decodeText, declaredCharset, type DeclaredCharset } from '../text';

/** One delivery being decoded: the message, its media type, and its body parsed once on demand. */
export class DeliveryContext {
  /** The bare Content-Type media type, lower case ('' when absent). */
  readonly mediaType: string;
  /** The charset Content-Type declares for the body; `undefined` (UTF-8) when none. */
  readonly charset: DeclaredCharset | undefined;
  private parsed:
    | { readonly value: unknown }
    | { readonly error: DecodeError | UnsupportedCharsetError }
    | undefined;

  constructor(readonly message: Message) {
    const contentType = headerValue(message, 'content-type');
    this.mediaType = mediaTypeOf(contentType);
    this.charset = declaredCharset(contentType, 'header content-type');
  }

  /**
   * A header's value by lower-case name, repetitions joined (see `headerValue`): for detection,
   * and for headers that may repeat.
   */
  header(name: string): string | undefined {
    return headerValue(this.message, name);
  }

  /**
   * The headers whose lower-case names `select` picks, each of which must be sent once: every
   * `ce-*`, `x-goog-pubsub-*` and notification attribute header that a decoder reads. Values sent
   * as raw UTF-8 are read as UTF-8 (see `readRawUtf8HeaderValue`).
   *
   * @returns the values by lower-case name
   * @throws DecodeError (`invalid-event`) naming the first header that appears more than once:
   *   joined, two values would read as one (`finalized, deleted`)
   */
  soleHeaders(select: (name: string) => boolean): Record<string, string> {
    const values: Record<string, string> = {};
    const { headers } = this.message;
    // One pass over the headers, no intermediate arrays: this runs for every binary-mode event.
    for (const name in headers) {
      if (!Object.hasOwn(headers, name) || !select(name)) continue;
      const value = headers[name];
      if (value === undefined) continue;
      if (typeof value === 'string') {
        values[name] = readRawUtf8HeaderValue(value);
        continue;
      }
      if (value.length > 1) {
        throw new DecodeError(
          'invalid-event',
          `header ${name} appears ${value.length} times`,
          `header ${name}`,
        );
      }
      const [only] = value;
      if (only !== undefined) values[name] = readRawUtf8HeaderValue(only);
    }
    return values;
  }

  /**
   * The body read in its declared charset (see `decodeText`) and parsed as JSON (once).
   *
   * @throws DecodeError (`malformed-body`) when the body is empty, not valid in its charset, or
   *   not JSON
   * @throws UnsupportedCharsetError when Content-Type declares a charset the worker cannot read
   */
  jsonBody(): unknown {
    if (this.parsed === undefined) {
      try {
        if (this.message.body.length === 0) {
          throw new DecodeError('malformed-body', 'the request body is empty', '/');
        }
        const text = decodeText(this.message.body, 'the request body', this.charset);
        this.parsed = { value: parseJson(text, 'the request body') };
      } catch (error) {
        if (!(error instanceof DecodeError || error instanceof UnsupportedCharsetError))
          throw error;
        this.parsed = { error };
      }
    }
    if ('error' in this.parsed) throw this.parsed.error;
    return this.parsed.value;
  }

  /** The body parsed as JSON, or `undefined` when it cannot be (for detection). */
  jsonBodyOrUndefined(): unknown {
    try {
      return this.jsonBody();
    } catch (error) {
      if (error instanceof DecodeError || error instanceof UnsupportedCharsetError)
        return undefined;
      throw error;
    }
  }
}

/** One delivery format: how to recognise it and how to decode it (docs/delivery-formats.md). */
export interface FormatDecoder {
  readonly format: DeliveryFormat;
  /** Whether the delivery is in this format; never throws. */
  matches(context: DeliveryContext): boolean;
  /**
   * Decodes every event of the delivery (one, or one per batch element).
   *
   * @throws DecodeError when the delivery is malformed or misses a required attribute
   */
  decode(context: DeliveryContext): readonly DecodedEvent[];
}
