import { readFile } from 'node:fs/promises';

/** Where the token comes from and how often it is read again. */
export interface FileTokenOptions {
  /** `SINK_OIDC_TOKEN_FILE`: a file holding one JWT, mounted and renewed by Knative. */
  readonly path: string;
  /** How long a token read is used before the file is read again, in milliseconds. @default 30000 */
  readonly refreshMs?: number;
  /** Reads the file (tests pass their own). @default `fs.promises.readFile` as UTF-8 */
  readonly read?: (path: string) => Promise<string>;
  /** The clock, in milliseconds. @default Date.now */
  readonly now?: () => number;
}

/**
 * The OIDC token for the sink, as Knative Eventing provides it to a ContainerSource with the
 * `authentication-oidc` feature: the SinkBinding behind the source requests a token for the sink's
 * audience (the Broker's `status.address.audience`), keeps it in the Secret
 * `<binding>-oidc-token` under the key `token`, renews it before it expires, and projects that
 * Secret into every container at `/oidc`, so the token is the file `/oidc/token` (no environment
 * variable names it or the audience). Kubernetes updates a projected Secret in place, so the file
 * is read again every `refreshMs`. No file means no token (the feature is off): nothing is sent.
 *
 * @returns a function giving the current token, `undefined` when the file does not exist
 * @see https://knative.dev/docs/eventing/features/sender-identity/
 * @see https://github.com/knative/eventing/blob/main/pkg/apis/sources/v1/sinkbinding_lifecycle.go
 */
export function fileToken(options: FileTokenOptions): () => Promise<string | undefined> {
  const refreshMs = options.refreshMs ?? 30_000;
  const read = options.read ?? ((path: string) => readFile(path, 'utf8'));
  const now = options.now ?? Date.now;
  let cached: { token: string | undefined; readAtMs: number } | undefined;
  return async () => {
    if (cached !== undefined && now() - cached.readAtMs < refreshMs) return cached.token;
    let token: string | undefined;
    try {
      const text = (await read(options.path)).trim();
      token = text === '' ? undefined : text;
    } catch (error) {
      if (!isMissing(error)) throw error;
      token = undefined;
    }
    cached = { token, readAtMs: now() };
    return token;
  };
}

function isMissing(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === 'ENOENT';
}
