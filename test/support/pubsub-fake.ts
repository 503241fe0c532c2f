/**
 * Google's Pub/Sub fake, `pstest`, as a real gRPC server in a child process
 * (`test/peers/pubsub-fake`, built by `.ci/build-test-peers`), for tests that drive the real
 * `@google-cloud/pubsub` client, with faults switched at run time.
 *
 * What pstest (cloud.google.com/go/pubsub/v2 v2.9.0, pinned in go.mod) does, read from its source
 * and shown by `test/peers/pubsub-fake-delivery.test.ts`:
 * - Topics, subscriptions, Publish with attributes and ordering keys, Pull and StreamingPull,
 *   Acknowledge, ModifyAckDeadline (a nack is a deadline of 0: the message is delivered again on
 *   the next 10 ms delivery round). An ack or modack with the ack id of an earlier delivery is
 *   ignored. Message ids are `m0`, `m1`, ... in publish order, across the whole server.
 * - Ack deadlines: a message not acked within its deadline is delivered again. pstest accepts
 *   `ackDeadlineSeconds` from 1 (Pub/Sub: 10 to 600); 0 or unset is 10 s. The Node client extends
 *   the deadline of every message it holds (lease management) until `maxExtensionTime`, so to let
 *   a deadline lapse a test limits `maxExtensionTime` and the `min`/`maxAckDeadline` options.
 * - Flow control is the client's alone: pstest ignores the stream's `maxOutstandingMessages` and
 *   `maxOutstandingBytes`. With `allowExcessMessages: false` the client hands its handler at most
 *   `maxMessages` at a time and holds the rest (leased).
 * - Dead-letter policy: `deliveryAttempt` counts deliveries (1, 2, ...; 0 without a policy), and
 *   once a message has been delivered `maxDeliveryAttempts` times it goes to the dead-letter topic
 *   with its id, data and attributes (no `CloudPubSubDeadLetterSource*` attributes). But pstest
 *   (v2.6.1 to v2.9.0) never removes it from the subscription (it acks it there by message id,
 *   which no longer matches the delivery's ack id), so it republishes it to the dead-letter topic
 *   on every 10 ms round: a dead-letter subscriber gets it again and again, acked or not. Await the
 *   first copy, then close that subscriber. (v2.6.0 removed it, but it applied the client's receipt
 *   modack after a nack sent in the same batch, so a nack within ~100 ms of receipt was not
 *   redelivered until the deadline lapsed.) `maxDeliveryAttempts` 0 dead-letters at once (Pub/Sub
 *   reads 0 as 5): always set it.
 * - Retry policy: stored and returned, not applied (a nacked message comes back at once).
 * - Ordering (`enableMessageOrdering`): one outstanding message per ordering key, in publish order.
 * - Push subscriptions: the push config is stored; pstest pushes nothing (no HTTP client).
 * - Filters: applied. Exactly-once delivery: the flag only. Seek: by time only, and the messages it
 *   restores have no data.
 *
 * The fake's own addition: faults. A rule fails a share of one unary RPC's calls (every Nth or a
 * seeded random fraction, optionally only for one topic or subscription) with a gRPC code, through
 * the reactors pstest runs before each unary RPC (`ServerReactorOption`, with the error of
 * `WithErrorInjection`); StreamingPull has no reactor and cannot fail. The rules and their counters
 * are read and switched over the fake's control HTTP endpoint.
 *
 * @see https://pkg.go.dev/cloud.google.com/go/pubsub/v2/pstest
 * @see https://cloud.google.com/pubsub/docs/emulator
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import readline from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { PubSub, type ClientConfig } from '@google-cloud/pubsub';
import { PassThroughClient } from 'google-auth-library';
import { PUBSUB_FAKE_PEER } from '../../src/demo/peer-binary';
import { testPeerBinary } from './test-peer-binary';

/** The fake as `.ci/build-test-peers` builds it (its one definition is the demo's). */
export { PUBSUB_FAKE_PEER };

/**
 * The gRPC status codes a fault may answer with, by name.
 *
 * @see https://github.com/googleapis/googleapis/blob/master/google/rpc/code.proto
 */
export const GRPC_ERROR_CODES = {
  CANCELLED: 1,
  UNKNOWN: 2,
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  FAILED_PRECONDITION: 9,
  ABORTED: 10,
  OUT_OF_RANGE: 11,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
  UNAVAILABLE: 14,
  DATA_LOSS: 15,
  UNAUTHENTICATED: 16,
} as const;
export type GrpcErrorCode = keyof typeof GRPC_ERROR_CODES;

/** The RPCs a fault may fail: those pstest runs a reactor before (not StreamingPull). */
export const FAULT_METHODS = [
  'Publish',
  'Acknowledge',
  'ModifyAckDeadline',
  'Pull',
  'CreateTopic',
  'GetTopic',
  'UpdateTopic',
  'DeleteTopic',
  'CreateSubscription',
  'GetSubscription',
  'UpdateSubscription',
  'DeleteSubscription',
] as const;
export type FaultMethod = (typeof FAULT_METHODS)[number];

/**
 * A fault rule: calls of `method` that match fail with `code`; give `every` or `fraction`. The
 * first rule that fires answers the call.
 */
export interface PubSubFault {
  readonly method: FaultMethod;
  readonly code: GrpcErrorCode;
  /** Fails the Nth, 2Nth, ... matching call (counted per rule, from 1). */
  readonly every?: number;
  /** Fails each matching call with this probability, in (0, 1]. */
  readonly fraction?: number;
  /** Seeds the draws of `fraction`, so that a run can be replayed. @default 0 */
  readonly seed?: number;
  /** At most this many errors; 0 is no limit. @default 0 */
  readonly times?: number;
  /** Only requests whose `topic` field is this full name (`projects/p/topics/t`). */
  readonly topic?: string;
  /** Only requests whose `subscription` field is this full name. */
  readonly subscription?: string;
  /** The error message. @default 'pubsub-fake: injected <method> fault' */
  readonly message?: string;
}

/** A fault rule in force, with its counters. */
export interface PubSubFaultState extends PubSubFault {
  /** The calls the rule matched so far. */
  readonly calls: number;
  /** The errors it sent so far. */
  readonly injected: number;
}

/**
 * A message published through the Publish RPC, as the fake saw it. Copies that pstest publishes
 * to a dead-letter topic are not listed; their deliveries and modacks count on the original.
 */
export interface PubSubFakeMessage {
  /** `m0`, `m1`, ... */
  readonly id: string;
  /** Full topic name. */
  readonly topic: string;
  readonly data: Buffer;
  readonly attributes: Readonly<Record<string, string>>;
  /** '' when none. */
  readonly orderingKey: string;
  readonly publishTime: Date;
  /** Deliveries over every subscription of the topic. */
  readonly deliveries: number;
  /** Acks over every subscription of the topic. */
  readonly acks: number;
  /** The deadline of each ModifyAckDeadline call for it, in seconds, in order (0 is a nack). */
  readonly modAckDeadlinesSeconds: readonly number[];
}

/** A running fake. */
export interface PubSubFake {
  /** `127.0.0.1:<port>` of the Pub/Sub gRPC API, as `PUBSUB_EMULATOR_HOST` takes it. */
  readonly emulatorHost: string;
  /** A project id unique in this process; pstest accepts any. */
  readonly projectId: string;
  /** The environment a child process needs to reach the fake with `new PubSub()`. */
  readonly env: Readonly<{ PUBSUB_EMULATOR_HOST: string; PUBSUB_PROJECT_ID: string }>;
  /**
   * A new client of the fake (plaintext, no credentials, no metadata-server lookup) for
   * {@link PubSubFake.projectId}; `stop()` closes it.
   */
  client(options?: ClientConfig): PubSub;
  /** Replaces the fault rules. @throws Error when the fake refuses a rule (the message says why) */
  setFaults(faults: readonly PubSubFault[]): Promise<void>;
  /** Adds a fault rule after the others. @throws Error when the fake refuses it */
  addFault(fault: PubSubFault): Promise<void>;
  /** Removes every fault rule. */
  clearFaults(): Promise<void>;
  /** The fault rules in force, with their counters. */
  faults(): Promise<PubSubFaultState[]>;
  /** Every message published so far, with pstest's counts. */
  messages(): Promise<PubSubFakeMessage[]>;
  /**
   * The messages published to `topic` (full name) once `settled` holds for them (asked every
   * 50 ms), or as they are after `timeoutMs`: the assertion that follows then shows them. The
   * client batches acks and modacks and does not wait for their answers, so their counts lag.
   *
   * @param timeoutMs - in milliseconds @default 3000
   */
  waitForMessages(
    topic: string,
    settled: (messages: readonly PubSubFakeMessage[]) => boolean,
    timeoutMs?: number,
  ): Promise<PubSubFakeMessage[]>;
  /** Closes the clients, then stops the fake (SIGTERM, then SIGKILL after 5 s). */
  stop(): Promise<void>;
}

/** Options of {@link startPubSubFake}. */
export interface PubSubFakeOptions {
  /** @default a new `test-<pid>-<n>` */
  readonly projectId?: string;
  /** How long the fake may take to listen, in milliseconds. @default 10000 */
  readonly startTimeoutMs?: number;
}

let started = 0;

/**
 * Starts a fake on free ports of 127.0.0.1 and resolves once it listens. The binary is built
 * first when it is missing (minutes: give the calling hook a long timeout, or run
 * `.ci/build-test-peers` before). The fake exits with this process (it stops when its stdin
 * closes).
 *
 * @throws Error when the binary cannot be built, or the fake exits or stays silent before it
 *   listens (the message quotes its stderr)
 */
export async function startPubSubFake(options: PubSubFakeOptions = {}): Promise<PubSubFake> {
  const binary = await testPeerBinary(PUBSUB_FAKE_PEER);
  started += 1;
  const projectId = options.projectId ?? `test-${String(process.pid)}-${String(started)}`;
  const child = spawn(binary, ['-exit-with-stdin'], { stdio: ['pipe', 'pipe', 'pipe'], env: {} });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-4096);
  });
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      resolve();
    });
  });
  const { grpc, control } = await readAddresses(child, options.startTimeoutMs ?? 10_000).catch(
    (error: unknown) => {
      child.kill('SIGKILL');
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`the Pub/Sub fake did not start: ${reason}${stderr ? `\n${stderr}` : ''}`);
    },
  );

  const call = async (method: string, route: string, body?: unknown): Promise<unknown> => {
    const response = await fetch(`http://${control}${route}`, {
      method,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) {
      throw new Error(`pubsub-fake ${method} ${route}: ${String(response.status)} ${text.trim()}`);
    }
    return text === '' ? undefined : JSON.parse(text);
  };
  const clients: PubSub[] = [];
  let stopping: Promise<void> | undefined;
  const stop = async () => {
    await Promise.all(clients.map((client) => client.close()));
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  };
  const fake: PubSubFake = {
    emulatorHost: grpc,
    projectId,
    env: { PUBSUB_EMULATOR_HOST: grpc, PUBSUB_PROJECT_ID: projectId },
    client: (clientOptions = {}) => {
      const client = new PubSub({
        projectId,
        apiEndpoint: grpc,
        emulatorMode: true,
        // Without it google-auth-library looks for Application Default Credentials, the metadata
        // server included, before the first call (a MetadataLookupWarning off Google Cloud).
        authClient: new PassThroughClient(),
        ...clientOptions,
      });
      clients.push(client);
      return client;
    },
    setFaults: async (faults) => {
      await call('PUT', '/faults', faults);
    },
    addFault: async (fault) => {
      await call('POST', '/faults', fault);
    },
    clearFaults: async () => {
      await call('DELETE', '/faults');
    },
    faults: async () => (await call('GET', '/faults')) as PubSubFaultState[],
    messages: async () => {
      // Go's JSON: bytes in base64, a missing byte slice or map as null, time in RFC 3339.
      type Wire = Omit<PubSubFakeMessage, 'data' | 'attributes' | 'publishTime'> & {
        data: string | null;
        attributes: Record<string, string> | null;
        publishTime: string;
      };
      const messages = (await call('GET', '/messages')) as Wire[];
      return messages.map((message) => ({
        ...message,
        attributes: message.attributes ?? {},
        data: Buffer.from(message.data ?? '', 'base64'),
        publishTime: new Date(message.publishTime),
      }));
    },
    waitForMessages: async (topic, settled, timeoutMs = 3_000) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const published = (await fake.messages()).filter((message) => message.topic === topic);
        if (settled(published) || Date.now() > deadline) return published;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    stop: () => (stopping ??= stop()),
  };
  return fake;
}

/** The fake's first stdout line: `{"grpc":"127.0.0.1:P","control":"127.0.0.1:Q"}`. */
function readAddresses(
  child: ChildProcessByStdio<Writable, Readable, Readable>,
  timeoutMs: number,
): Promise<{ grpc: string; control: string }> {
  const lines = readline.createInterface({ input: child.stdout });
  return new Promise((resolve, reject) => {
    const settle = (error: Error | undefined, line = '') => {
      clearTimeout(timer);
      child.off('exit', onExit).off('error', settle);
      lines.off('line', onLine).close();
      if (error !== undefined) {
        reject(error);
        return;
      }
      const addresses = parseObject(line);
      if (typeof addresses.grpc === 'string' && typeof addresses.control === 'string') {
        resolve({ grpc: addresses.grpc, control: addresses.control });
      } else {
        reject(new Error(`its first line is not its addresses: ${line}`));
      }
    };
    const onLine = (line: string) => {
      settle(undefined, line);
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
      settle(new Error(`it exited (${signal ?? `code ${String(code)}`})`));
    };
    const timer = setTimeout(() => {
      settle(new Error(`it printed no address within ${String(timeoutMs)} ms`));
    }, timeoutMs);
    child.once('exit', onExit).once('error', settle);
    lines.once('line', onLine);
  });
}

function parseObject(line: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
