/**
 * `VISION_API_ENDPOINT`: which Vision endpoint the `vision` labeler talks to, and over which
 * transport. Pure: it loads no client, so the configuration can check the value at start.
 */
import { ConfigError } from '../errors';

/**
 * The URL schemes of `VISION_API_ENDPOINT`, each naming a transport of the Vision client:
 * `http`/`https` its REST transport (`fallback: 'rest'`), `grpc` its gRPC transport without TLS
 * and without credentials (a local stand-in: tests and the benchmark).
 */
export const VISION_ENDPOINT_SCHEMES = ['http', 'https', 'grpc'] as const;
export type VisionEndpointScheme = (typeof VISION_ENDPOINT_SCHEMES)[number];

/** What the configuration quotes when `VISION_API_ENDPOINT` is not such a URL. */
export const VISION_ENDPOINT_ACCEPTED =
  'an http:// or https:// URL (REST) with a host, an optional port and no path, such as http://127.0.0.1:9090, or grpc://host:port (gRPC without TLS)';

/**
 * Parses `VISION_API_ENDPOINT`.
 *
 * @param apiEndpoint - `http(s)://host[:port]` or `grpc://host:port`, no path, query or user info
 * @throws ConfigError (`VISION_API_ENDPOINT`) when it is not such a URL (a password in it masked)
 */
export function parseEndpoint(apiEndpoint: string): URL {
  const url = URL.canParse(apiEndpoint) ? new URL(apiEndpoint) : undefined;
  if (url === undefined || !isVisionEndpoint(url)) {
    throw new ConfigError(
      'VISION_API_ENDPOINT',
      `VISION_API_ENDPOINT is ${JSON.stringify(withoutUserInfo(apiEndpoint, url))}: expected ${VISION_ENDPOINT_ACCEPTED}`,
    );
  }
  return url;
}

/**
 * Whether a URL is a `VISION_API_ENDPOINT` (the one check, for the configuration and for the
 * labeler): `http://` or `https://` with a host and an optional port, or `grpc://` with a host
 * and a port; no path, query, fragment or user info.
 */
export function isVisionEndpoint(url: URL): boolean {
  const scheme = endpointScheme(url);
  return (
    scheme !== undefined &&
    url.hostname !== '' &&
    // A `grpc:` URL is not a "special" one to WHATWG URL: its empty path stays empty.
    (url.pathname === '/' || (scheme === 'grpc' && url.pathname === '')) &&
    (scheme !== 'grpc' || url.port !== '') &&
    url.search === '' &&
    url.hash === '' &&
    url.username === '' &&
    url.password === ''
  );
}

/** The scheme of an endpoint URL, when it is one of {@link VISION_ENDPOINT_SCHEMES}. */
export function endpointScheme(url: URL): VisionEndpointScheme | undefined {
  const scheme = url.protocol.slice(0, -1);
  return VISION_ENDPOINT_SCHEMES.find((known) => known === scheme);
}

/** The endpoint as it may be quoted: user name and password masked. */
function withoutUserInfo(apiEndpoint: string, url: URL | undefined): string {
  if (url === undefined || (url.username === '' && url.password === '')) return apiEndpoint;
  const masked = new URL(url);
  masked.username = url.username && '***';
  masked.password = url.password && '***';
  return masked.href.replace(/\/$/, '');
}
