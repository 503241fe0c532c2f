/**
 * Bytes read as text in the charset a delivery declares for them: the `charset` parameter of
 * Content-Type (or of a CloudEvent's `datacontenttype`), UTF-8 when none is declared. Labels are
 * read as the WHATWG Encoding Standard defines them, which is what `TextDecoder` knows.
 *
 * @see https://encoding.spec.whatwg.org/#names-and-labels
 */
import { isAscii, isUtf8 } from 'node:buffer';
import { TextDecoder } from 'node:util';
import { DecodeError, UnsupportedCharsetError } from '../errors';
import { pointerOf } from './json';
import { charsetOf } from './media-type';

/** A charset a delivery declared, and where, for the 415 that names it. */
export interface DeclaredCharset {
  /** The label as sent, unquoted (`ISO-8859-1`, `utf8`). */
  readonly label: string;
  /** Where it was declared: `header content-type`, `header ce-datacontenttype`, `/datacontenttype`. */
  readonly where: string;
}

/**
 * The charset a Content-Type value declares, with where it was declared; `undefined` when it
 * declares none.
 */
export function declaredCharset(
  contentType: string | undefined,
  where: string,
): DeclaredCharset | undefined {
  const label = charsetOf(contentType);
  return label === undefined ? undefined : { label, where };
}

/** The two UTF-8 labels nearly every sender uses, settled without a `TextDecoder`. */
const UTF8_LABELS: ReadonlySet<string> = new Set(['utf-8', 'utf8']);
/**
 * Labels of US-ASCII. The Encoding Standard reads them as windows-1252 (a superset); here they
 * hold the sender to ASCII, so that UTF-8 mislabelled as ASCII is refused rather than misread.
 */
const ASCII_LABELS: ReadonlySet<string> = new Set(['us-ascii', 'ascii', 'ansi_x3.4-1968']);

/**
 * Reads bytes as text in their declared charset, or UTF-8 when none is declared. Bytes that are
 * not valid in the charset are refused (never replaced by U+FFFD: a misread object name would be
 * acknowledged as "object gone"). Every encoding of the Encoding Standard is read (`iso-8859-1`
 * and `latin1` as windows-1252, as browsers do); US-ASCII labels accept ASCII only.
 *
 * @param bytes - the bytes
 * @param what - what they are, for the error: a JSON pointer (`/message/data`) or a description
 *   of the whole body (`the request body`)
 * @param charset - the declared charset; UTF-8 when undefined
 * @throws UnsupportedCharsetError when the label names no encoding `TextDecoder` can read
 * @throws DecodeError (`malformed-body`) when the bytes are not valid in the charset
 */
export function decodeText(bytes: Buffer, what: string, charset?: DeclaredCharset): string {
  const label = charset?.label.trim().toLowerCase();
  if (label === undefined || UTF8_LABELS.has(label)) return utf8Text(bytes, what);
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(label, { fatal: true });
  } catch {
    throw new UnsupportedCharsetError(charset?.label ?? '', charset?.where ?? '');
  }
  if (decoder.encoding === 'utf-8') return utf8Text(bytes, what);
  if (ASCII_LABELS.has(label) && !isAscii(bytes)) throw notValid(what, 'US-ASCII');
  try {
    return decoder.decode(bytes);
  } catch (error) {
    throw notValid(what, decoder.encoding, error);
  }
}

/**
 * Bytes in their declared charset as UTF-8 bytes, for readers that take bytes (raw Pub/Sub
 * message data): the same bytes when the charset is UTF-8 or none is declared (not checked here:
 * raw data may be anything, and is checked when read as text), otherwise read as text (see
 * {@link decodeText}) and encoded as UTF-8.
 *
 * @throws UnsupportedCharsetError, DecodeError as {@link decodeText}
 */
export function toUtf8Bytes(bytes: Buffer, what: string, charset?: DeclaredCharset): Buffer {
  const label = charset?.label.trim().toLowerCase();
  if (label === undefined || UTF8_LABELS.has(label)) return bytes;
  return Buffer.from(decodeText(bytes, what, charset), 'utf8');
}

function utf8Text(bytes: Buffer, what: string): string {
  // isUtf8 (simdutf) and toString cost about as much as toString alone; a fatal TextDecoder twice.
  if (!isUtf8(bytes)) throw notValid(what, 'UTF-8');
  return bytes.toString('utf8');
}

function notValid(what: string, encoding: string, cause?: unknown): DecodeError {
  return new DecodeError(
    'malformed-body',
    `${what} is not valid ${encoding.toUpperCase()}: declare its charset in Content-Type, or send UTF-8`,
    pointerOf(what),
    cause === undefined ? {} : { cause },
  );
}
