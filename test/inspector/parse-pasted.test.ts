/** What the paste view accepts: a raw HTTP request, or JSON {headers, body}; anything else is named. */
import { headerValue } from '../../src/events/message';
import { InputError } from '../../src/inspector/object-ref';
import { parsePasted } from '../../src/inspector/parse-pasted';

test('a raw request: request line, headers (any case, repeated kept), blank line, body verbatim', () => {
  const pasted = parsePasted(
    'POST /push?x=1 HTTP/1.1\r\nHost: worker.example\r\nContent-Type: application/json\r\nCE-Id: 1\r\nce-id: 2\r\nContent-Length: 12\r\n\r\n{"a":\r\n 1}\n',
  );
  expect(pasted.method).toBe('POST');
  expect(pasted.target).toBe('/push?x=1');
  expect(pasted.message.headers).toEqual({
    'content-type': 'application/json',
    'ce-id': ['1', '2'],
  });
  expect(pasted.message.body.toString()).toBe('{"a":\r\n 1}\n');
});

test('headers and body without a request line are POST /', () => {
  const pasted = parsePasted('content-type: application/json\n\n{}');
  expect([pasted.method, pasted.target]).toEqual(['POST', '/']);
  expect(headerValue(pasted.message, 'content-type')).toBe('application/json');
  expect(pasted.message.body.toString()).toBe('{}');
});

test.each([
  [
    'a body given as JSON',
    { 'Content-Type': 'application/json' },
    { message: { data: 'e30=' } },
    '{"message":{"data":"e30="}}',
  ],
  ['a body given as a string', { 'ce-id': ['1'] }, 'raw text', 'raw text'],
  ['no body', { 'content-type': 'text/plain' }, undefined, ''],
])('JSON {headers, body}: %s', (_case, headers, body, expected) => {
  const pasted = parsePasted(JSON.stringify({ headers, body }));
  expect(pasted.message.body.toString()).toBe(expected);
  expect(Object.keys(pasted.message.headers).every((name) => name === name.toLowerCase())).toBe(
    true,
  );
});

test.each([
  ['nothing', '   ', /nothing was pasted/],
  ['a line that is no header', 'POST / HTTP/1.1\nnot a header\n\n{}', /line 2 is no header/],
  ['JSON that does not parse', '{"headers": ', /does not parse/],
  ['JSON without headers', '{"message": {}}', /must be \{"headers"/],
  ['a header that is no string', '{"headers": {"ce-id": 1}}', /header "ce-id" must be a string/],
])('refused with a message: %s', (_case, text, message) => {
  expect(() => parsePasted(text)).toThrow(InputError);
  expect(() => parsePasted(text)).toThrow(message);
});
