/**
 * Google's Pub/Sub fake (`pstest`, built from `test/peers/pubsub-fake` by `.ci/build-test-peers`)
 * as a child process of the demo, on free ports of 127.0.0.1.
 *
 * @see https://pkg.go.dev/cloud.google.com/go/pubsub/v2/pstest
 */
import { spawn } from 'node:child_process';
import readline from 'node:readline';

/** A running fake. */
export interface PubSubFakeProcess {
  /** `127.0.0.1:<port>` of its gRPC API, as `PUBSUB_EMULATOR_HOST` takes it. */
  readonly emulatorHost: string;
  /** Stops it (SIGTERM) and resolves once it exited. */
  stop(): Promise<void>;
}

/**
 * Starts the fake's binary and resolves once it prints its addresses (its first stdout line,
 * `{"grpc":"127.0.0.1:P","control":"127.0.0.1:Q"}`). It also stops when the demo exits (its stdin
 * closes).
 *
 * @param timeoutMs - how long it may take to listen, in milliseconds
 * @throws Error when it exits, fails to start or stays silent for `timeoutMs` (its stderr quoted)
 */
export async function startPubSubFakeProcess(
  binary: string,
  timeoutMs = 10_000,
): Promise<PubSubFakeProcess> {
  const child = spawn(binary, ['-exit-with-stdin'], { stdio: ['pipe', 'pipe', 'pipe'], env: {} });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-2048);
  });
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      resolve();
    });
  });
  const lines = readline.createInterface({ input: child.stdout });
  const first = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`it did not listen within ${String(timeoutMs)} ms`));
    }, timeoutMs);
    lines.once('line', (line) => {
      clearTimeout(timer);
      resolve(line);
    });
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`it exited (${String(signal ?? code)})`));
    });
  });
  try {
    const addresses = JSON.parse(await first) as { grpc?: unknown };
    if (typeof addresses.grpc !== 'string') throw new Error('its first line names no gRPC address');
    lines.close();
    return {
      emulatorHost: addresses.grpc,
      stop: async () => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
        await exited;
      },
    };
  } catch (error) {
    child.kill('SIGKILL');
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `the Pub/Sub fake did not start: ${reason}${stderr ? `: ${stderr.trim()}` : ''}`,
    );
  }
}
