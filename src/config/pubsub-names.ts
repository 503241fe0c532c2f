/**
 * Full Pub/Sub resource names as the kit's processes take them in environment variables, with the
 * project captured (the Pub/Sub client's project).
 *
 * @see https://cloud.google.com/pubsub/docs/create-topic#resource_names
 */
import * as z from 'zod';

/** A project id: 6 to 30 lower-case letters, digits and hyphens, starting with a letter. */
const PROJECT = '([a-z][a-z0-9-]{4,28}[a-z0-9])';

/**
 * A topic or subscription ID: 3 to 255 letters, digits and `- _ . ~ + %`, starting with a letter
 * (Pub/Sub refuses any other at creation, so a name of another shape names nothing).
 */
const RESOURCE_ID = '([A-Za-z][A-Za-z0-9._~+%-]{2,254})';

/** What {@link PROJECT} and {@link RESOURCE_ID} accept, in words, for error messages. */
const NAME_RULES = (id: string) =>
  `PROJECT a project id of 6 to 30 lower-case letters, digits and hyphens, starting with a letter and not ending with a hyphen; ${id} a ${id.toLowerCase()} id of 3 to 255 letters, digits and - _ . ~ + %, starting with a letter`;

/** The rule of {@link TOPIC_NAME}, as the configuration errors state it. */
export const TOPIC_NAME_RULE = `the full topic name projects/PROJECT/topics/TOPIC (${NAME_RULES('TOPIC')})`;

/** The rule of {@link SUBSCRIPTION_NAME}, as the configuration errors state it. */
export const SUBSCRIPTION_NAME_RULE = `the full subscription name projects/PROJECT/subscriptions/SUBSCRIPTION (${NAME_RULES('SUBSCRIPTION')})`;

/** `projects/PROJECT/subscriptions/SUBSCRIPTION`; group 1 is the project. */
export const SUBSCRIPTION_NAME = new RegExp(`^projects/${PROJECT}/subscriptions/${RESOURCE_ID}$`);

/** `projects/PROJECT/topics/TOPIC`; group 1 is the project. */
export const TOPIC_NAME = new RegExp(`^projects/${PROJECT}/topics/${RESOURCE_ID}$`);

/** The project of a full topic or subscription name that matched its pattern ('' otherwise). */
export function projectOf(name: string, pattern: RegExp): string {
  return pattern.exec(name)?.[1] ?? '';
}

/**
 * The `PUBSUB_EMULATOR_HOST` variable's row: `host:port` of a Pub/Sub emulator, which the client
 * then reaches without TLS or credentials, as `@google-cloud/pubsub` does with this variable.
 *
 * @see https://cloud.google.com/pubsub/docs/emulator#env
 */
export const PUBSUB_EMULATOR_HOST_ROW = {
  schema: z
    .string()
    .regex(/^[^\s/:]+:\d{1,5}$/)
    .optional(),
  accepted: 'host:port of a Pub/Sub emulator, such as 127.0.0.1:8085',
} as const;
