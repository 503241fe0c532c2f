/**
 * The kit's dead-letter receiver (a Knative Service running the receiver's entry) against the
 * wiring of its deployment (`knative/wiring/`: config-connector.yaml and setup.sh): the topic it
 * publishes to is the wiring's dead-letter topic, in the wiring's project, and its Google account
 * may publish there. A break and every dead letter is answered 503 and retried until the Broker
 * gives up: the receiver keeps nothing.
 *
 * @see https://knative.dev/docs/eventing/event-delivery/
 */
import { DEAD_LETTER_ENTRY, DEAD_LETTER_ENV } from '../../../config/dead-letter-contract';
import type { ManifestDocument, ManifestSet } from '../../core/manifest-document';
import { asList, quote, type Path } from '../../core/object-access';
import { documentsOfKind } from '../../core/references';
import { defineRules, type LocatedViolation } from '../../core/rule';
import { SOURCES } from '../../sources';
import { containersOf, entriesOf, isServingService } from '../kubernetes/workload';
import { kccProject } from './cloud-run-deployment';
import { fullName, knativeScript } from './source-deployment';

/** A receiver container's topic setting: its value and where it is. */
interface ReceiverTopic {
  readonly document: ManifestDocument;
  readonly path: Path;
  readonly value: string;
}

/** The topic settings of every Knative Service whose container runs the receiver's entry. */
function receiverTopics(set: ManifestSet): readonly ReceiverTopic[] {
  return set.documents.filter(isServingService).flatMap((document) =>
    containersOf(document).flatMap((view) => {
      const runs = [...asList(view.container['command']), ...asList(view.container['args'])];
      if (!runs.includes(DEAD_LETTER_ENTRY)) return [];
      return entriesOf(view.container, view.path, 'env').flatMap(({ value, path }) =>
        value['name'] === DEAD_LETTER_ENV.topic && typeof value['value'] === 'string'
          ? [{ document, path: [...path, 'value'], value: value['value'] }]
          : [],
      );
    }),
  );
}

function topic(set: ManifestSet): LocatedViolation[] {
  const script = knativeScript(set);
  const topics = documentsOfKind(set, 'PubSubTopic');
  return receiverTopics(set).flatMap(({ document, path, value }) => {
    const on = (message: string): LocatedViolation => ({ subject: document, path, message });
    const name = fullName(value, 'topics');
    if (name === undefined)
      return [on(`${quote(value)} is no full topic name projects/PROJECT/topics/TOPIC`)];
    const wired = topics.find((t) => t.name === name.name);
    const scriptTopic = script?.variables.get('DEAD_LETTER_TOPIC')?.value;
    const scriptProject = script?.variables.get('PROJECT_ID')?.value;
    return [
      ...(topics.length > 0 && wired === undefined
        ? [
            on(
              `no PubSubTopic named ${quote(name.name)} in the wiring beside it: the receiver would publish to a topic nobody creates, and keep nothing`,
            ),
          ]
        : []),
      ...(scriptTopic !== undefined && scriptTopic !== name.name
        ? [
            on(
              `the dead-letter topic ${quote(name.name)} differs from DEAD_LETTER_TOPIC of setup.sh ${quote(scriptTopic)}`,
            ),
          ]
        : []),
      ...(wired !== undefined && kccProject(wired).value !== name.project
        ? [
            on(
              `the project ${quote(name.project)} differs from the project of PubSubTopic ${name.name} ${quote(kccProject(wired).value)}`,
            ),
          ]
        : []),
      ...(scriptProject !== undefined && scriptProject !== name.project
        ? [
            on(
              `the project ${quote(name.project)} differs from PROJECT_ID of setup.sh ${quote(scriptProject)}`,
            ),
          ]
        : []),
    ];
  });
}

/** The dead-letter receiver rules. */
export const CROSS_DEAD_LETTER_RECEIVER_RULES = defineRules('set', SOURCES.deadLetterReceiver, {
  'cross/dead-letter-receiver-topic': [
    "the dead-letter receiver's PUBSUB_DEAD_LETTER_TOPIC is the wiring's dead-letter topic (a PubSubTopic of config-connector.yaml, setup.sh DEAD_LETTER_TOPIC), in its project",
    topic,
  ],
});
