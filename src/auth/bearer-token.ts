import { AuthenticationError } from './auth-errors';

/**
 * Request headers by lower-case name, every value of a repeated header kept (Node's
 * `IncomingMessage.headersDistinct`).
 */
export type RequestHeaders = Readonly<Record<string, readonly string[] | undefined>>;

/** `Bearer <token>`: the scheme is case-insensitive (RFC 9110 §11.1), the token one b64token. */
const BEARER_CREDENTIALS = /^Bearer +([A-Za-z0-9\-._~+/]+=*)$/i;
const BEARER_SCHEME = /^Bearer(?: |$)/i;

/**
 * The bearer token of a request (RFC 6750 §2.1).
 *
 * @param headers - the request headers
 * @param name - the header that carries it, as it is spelled in messages (`Authorization`)
 * @throws AuthenticationError when the header is missing or not of the Bearer scheme (no challenge
 *   error: the sender did not try a bearer token), or is repeated or malformed (`invalid_request`);
 *   the message never quotes the header's value
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-2.1
 */
export function bearerToken(headers: RequestHeaders, name: string): string {
  const values = headers[name.toLowerCase()] ?? [];
  const [value] = values;
  if (value === undefined) {
    throw new AuthenticationError(
      undefined,
      `the request carries no ${name} header: a bearer token is required`,
    );
  }
  if (values.length > 1) {
    throw new AuthenticationError('invalid_request', `the ${name} header is repeated`);
  }
  if (!BEARER_SCHEME.test(value)) {
    throw new AuthenticationError(
      undefined,
      `the ${name} header is not of the Bearer scheme: expected "Bearer <token>"`,
    );
  }
  const token = BEARER_CREDENTIALS.exec(value)?.[1];
  if (token === undefined) {
    throw new AuthenticationError(
      'invalid_request',
      `the ${name} header is malformed: expected "Bearer <token>", the token without spaces`,
    );
  }
  return token;
}
