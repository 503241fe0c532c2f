/**
 * Test doubles of the source's seams (`src/source/subscription.ts`, the sink client): a
 * subscription that delivers what the test hands it, messages that record how they were settled,
 * a sink whose answers the test scripts, and a dead-letter topic in memory.
 */
import { Writable } from 'node:stream';
import type { PubSubMessage } from '../../src/events/pubsub-message';
import { createLogger } from '../../src/log/logger';
import type { SinkAnswer } from '../../src/source/sink-actions';
import type { SinkClient } from '../../src/source/sink-client';
import type {
  DeadLetterMessage,
  DeadLetterTopic,
  MessageSubscription,
  PulledMessage,
} from '../../src/source/subscription';
import type { Message } from '../../src/events/message';

/** A pulled message that records its settlements (one expected). */
export interface RecordedMessage extends PulledMessage {
  readonly settlements: ('ack' | 'nack')[];
}

export function pulled(message: PubSubMessage & { messageId: string }): RecordedMessage {
  const settlements: ('ack' | 'nack')[] = [];
  return {
    ...message,
    deliveryAttempt: 1,
    settlements,
    ack: () => settlements.push('ack'),
    nack: () => settlements.push('nack'),
  };
}

/** A subscription the test feeds by hand. */
export interface FakeSubscription extends MessageSubscription {
  deliver(message: PulledMessage): void;
  fail(error: Error): void;
  readonly closed: () => boolean;
}

export function fakeSubscription(): FakeSubscription {
  let onMessage: ((message: PulledMessage) => void) | undefined;
  let onError: ((error: Error) => void) | undefined;
  let closed = false;
  return {
    start(message, error) {
      onMessage = message;
      onError = error;
    },
    close() {
      closed = true;
      return Promise.resolve();
    },
    deliver(message) {
      if (onMessage === undefined) throw new Error('the subscription was not started');
      onMessage(message);
    },
    fail(error) {
      onError?.(error);
    },
    closed: () => closed,
  };
}

/** A sink whose every POST waits for the test's answer. */
export interface ScriptedSink extends SinkClient {
  /** The requests received and not yet answered, oldest first. */
  readonly pending: {
    request: Message;
    answer: (answer: SinkAnswer) => void;
    signal: AbortSignal;
  }[];
  readonly received: Message[];
}

export function scriptedSink(): ScriptedSink {
  const pending: ScriptedSink['pending'] = [];
  const received: Message[] = [];
  return {
    pending,
    received,
    send(request, signal) {
      received.push(request);
      return new Promise<SinkAnswer>((resolve) => {
        const entry = {
          request,
          signal,
          answer: (answer: SinkAnswer) => {
            pending.splice(pending.indexOf(entry), 1);
            resolve(answer);
          },
        };
        pending.push(entry);
        signal.addEventListener('abort', () => {
          entry.answer({ kind: 'failed', reason: 'aborted', message: 'aborted by the drain' });
        });
      });
    },
    close: () => undefined,
  };
}

/** A dead-letter topic in memory; `failing` makes every publish fail. */
export interface MemoryDeadLetter extends DeadLetterTopic {
  readonly published: DeadLetterMessage[];
  failing: boolean;
}

export function memoryDeadLetter(): MemoryDeadLetter {
  const topic: MemoryDeadLetter = {
    published: [],
    failing: false,
    publish(message) {
      if (topic.failing) return Promise.reject(new Error('PERMISSION_DENIED: publish'));
      topic.published.push(message);
      return Promise.resolve(`dl-${String(topic.published.length)}`);
    },
    close: () => Promise.resolve(),
  };
  return topic;
}

/** A logger writing to memory, and its lines parsed. */
export function memoryLogger() {
  const lines: string[] = [];
  const logger = createLogger(
    'info',
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        done();
      },
    }),
  );
  return {
    logger,
    lines: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

/** Lets pending promise callbacks run. */
export function settleMicrotasks(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
