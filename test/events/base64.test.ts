/**
 * `decodeBase64`: canonical text takes the fast path (encode the decoding again, compare); every
 * other spelling the protobuf JSON mapping accepts (URL-safe alphabet, padding left out,
 * surrounding whitespace, non-zero trailing bits) takes the pattern path and decodes to the same
 * bytes; anything else is a `malformed-body` DecodeError naming where the text was.
 */
import fc from 'fast-check';
import { DecodeError } from '../../src/errors';
import { decodeBase64 } from '../../src/events/base64';

const POINTER = '/message/data';

describe('decodeBase64', () => {
  it.each([
    ['canonical, padded', 'aGVsbG8=', 'hello'],
    ['padding left out', 'aGVsbG8', 'hello'],
    ['surrounding whitespace', ' aGVsbG8=\n', 'hello'],
    ['empty', '', ''],
    ['two padding characters', 'aGk=', 'hi'],
  ])('decodes %s', (_case, text, expected) => {
    expect(decodeBase64(text, POINTER).toString('utf8')).toBe(expected);
  });

  it('decodes the URL-safe alphabet to the same bytes as the standard one', () => {
    const bytes = Buffer.from([0xfb, 0xff, 0xbf, 0x3e, 0x3f]);
    expect(decodeBase64(bytes.toString('base64url'), POINTER)).toEqual(bytes);
    expect(decodeBase64(bytes.toString('base64'), POINTER)).toEqual(bytes);
  });

  it('accepts non-zero trailing bits (not canonical), as Buffer decodes them', () => {
    // 'aGk=' is canonical for "hi"; 'aGl=' sets bits the decoding drops.
    expect(decodeBase64('aGl=', POINTER).toString('utf8')).toBe('hi');
  });

  it.each([
    ['a character outside both alphabets', 'aGVs*bG8='],
    ['both alphabets mixed', 'ab+_'],
    ['one character too many', 'aGVsbG8=a'],
    ['a length that leaves one character', 'aGVsb'],
    ['padding inside', 'aG=sbG8='],
    ['three padding characters', 'aGk==='],
  ])('refuses %s, naming where it was', (_case, text) => {
    expect(() => decodeBase64(text, POINTER)).toThrow(
      new DecodeError('malformed-body', `${POINTER} is not valid base64`, POINTER),
    );
  });

  it('round-trips any bytes in either alphabet, padded or not', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 300 }),
        fc.constantFrom('base64', 'base64url'),
        fc.boolean(),
        (array, alphabet: 'base64' | 'base64url', padded) => {
          const bytes = Buffer.from(array);
          const plain = bytes.toString(alphabet).replace(/=+$/, '');
          const text = padded ? plain.padEnd(Math.ceil(plain.length / 4) * 4, '=') : plain;
          expect(decodeBase64(text, POINTER)).toEqual(bytes);
        },
      ),
      { numRuns: 500 },
    );
  });
});
