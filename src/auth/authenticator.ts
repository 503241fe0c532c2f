import type { RequestHeaders } from './bearer-token';
import type { Sender } from './sender-policy';

/** Authenticates the sender of one request, from its headers, before its body is read. */
export interface Authenticator {
  /**
   * @returns the sender of an accepted request
   * @throws AuthenticationError (401) for a missing, malformed or refused token
   * @throws SenderNotAllowedError (403) for a valid token of a sender that is not allowed
   * @throws AuthKeysUnavailableError (503) when the keys to verify the token cannot be fetched,
   *   or UnknownKeyIdError (503, a subclass) for an unknown key id within the refetch cooldown
   */
  authenticate(headers: RequestHeaders): Promise<Sender>;
}
