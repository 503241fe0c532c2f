/**
 * The shapes of the Pub/Sub names and addresses the worker and the source read from their
 * environment, built from the platform limits tables.
 */
import { GOOGLE_CLOUD_NAMES } from '../../charts/limits/google-cloud';
import { PUBSUB_NAMES } from '../../charts/limits/pubsub';

/** A pattern's source without its `^` and `$` anchors. */
function unanchored(pattern: RegExp): string {
  return pattern.source.replace(/^\^/, '').replace(/\$$/, '');
}

/**
 * A full topic name, `projects/PROJECT/topics/TOPIC`: a project ID, then a topic ID (3 to 255
 * letters, digits and `- _ . ~ + %`, from a letter). The project is the first group.
 *
 * @see https://cloud.google.com/pubsub/docs/create-topic#resource_names
 */
export const TOPIC_NAME = new RegExp(
  `^projects/(${unanchored(GOOGLE_CLOUD_NAMES.projectId.pattern)})/topics/${unanchored(PUBSUB_NAMES.resourceId.pattern)}$`,
);

/**
 * `PUBSUB_EMULATOR_HOST`: `host:port` of a Pub/Sub emulator, as `@google-cloud/pubsub` reads it.
 *
 * @see https://cloud.google.com/pubsub/docs/emulator#env
 */
export const EMULATOR_HOST = /^[^\s/:]+:\d{1,5}$/;
