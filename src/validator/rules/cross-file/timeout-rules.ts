/**
 * Cross-object rules on timeouts of the Pub/Sub wiring: the ack deadline (PubSubSubscription and
 * setup.sh) within Pub/Sub's range, not above the Cloud Run service's request timeout, not below
 * the worker's processing budget; `VISION_TIMEOUT_MS` within the request timeout.
 *
 * @see https://cloud.google.com/pubsub/docs/subscription-properties
 */
import { PUBSUB_LIMITS } from '../../../../charts/limits/pubsub';
import type { ManifestDocument, ManifestSet, Subject } from '../../core/manifest-document';
import { asList, asMapping, quote, valueAt, type Path } from '../../core/object-access';
import { deliverySubscriptions, pushSubscriptions, scriptTarget } from '../../core/references';
import { defineRules, type LocatedViolation } from '../../core/rule';
import { SOURCES } from '../../sources';
import {
  containersOf,
  isServingService,
  literalEnv,
  timeoutSecondsOf,
  workerBudgetSeconds,
} from '../kubernetes/workload';

/** Pub/Sub's ack deadline bounds; unset means 10. */
const ACK_DEADLINE = PUBSUB_LIMITS.ackDeadlineSeconds;
const ACK_VARIABLE = 'ACK_DEADLINE_SECONDS';

function cloudRunService(set: ManifestSet): ManifestDocument | undefined {
  return set.documents.find((d) => isServingService(d) && d.target === 'cloud-run');
}

/**
 * Every declared ack deadline: the delivery subscriptions' and setup.sh's; with `pushOnly`, those
 * of push deliveries to the worker only (a pull by the Pub/Sub source has its own deadline rule,
 * `cross/source-ack-deadline`).
 */
function ackDeadlines(
  set: ManifestSet,
  pushOnly = false,
): { subject: Subject; path: Path; seconds: number | undefined; text: unknown }[] {
  const subscriptions = (pushOnly ? pushSubscriptions(set) : deliverySubscriptions(set)).map(
    (subscription) => {
      const value = valueAt(subscription.object, ['spec', 'ackDeadlineSeconds']);
      return {
        subject: subscription,
        path: ['spec', 'ackDeadlineSeconds'] as Path,
        seconds:
          value === undefined ? ACK_DEADLINE.unset : typeof value === 'number' ? value : undefined,
        text: value,
      };
    },
  );
  const scripts = set.scripts
    .filter((script) => !pushOnly || scriptTarget(script) === 'cloud-run')
    .flatMap((script) => {
      const variable = script.variables.get(ACK_VARIABLE);
      if (variable === undefined) return [];
      const seconds = /^\d+$/.test(variable.value) ? Number(variable.value) : undefined;
      return [{ subject: script, path: [ACK_VARIABLE] as Path, seconds, text: variable.value }];
    });
  return [...subscriptions, ...scripts];
}

function ackDeadlineRange(set: ManifestSet): LocatedViolation[] {
  return ackDeadlines(set)
    .filter(
      ({ seconds }) =>
        seconds === undefined ||
        !Number.isInteger(seconds) ||
        seconds < ACK_DEADLINE.min ||
        seconds > ACK_DEADLINE.max,
    )
    .map(({ subject, path, text }) => ({
      subject,
      path,
      message: `ack deadline ${quote(text)} must be an integer in [${ACK_DEADLINE.min}, ${ACK_DEADLINE.max}] seconds`,
    }));
}

function ackDeadlineTimeout(set: ManifestSet): LocatedViolation[] {
  const service = cloudRunService(set);
  if (service === undefined) return [];
  const timeout = timeoutSecondsOf(service);
  return ackDeadlines(set, true)
    .filter(({ seconds }) => seconds !== undefined && seconds > timeout)
    .map(({ subject, path, seconds }) => ({
      subject,
      path,
      message: `ack deadline ${String(seconds)} s exceeds the Cloud Run service's timeoutSeconds ${timeout}: Pub/Sub would wait for a request Cloud Run already cut off`,
    }));
}

function ackDeadlineBudget(set: ManifestSet): LocatedViolation[] {
  const budget = workerBudgetSeconds(cloudRunService(set));
  return ackDeadlines(set, true)
    .filter(({ seconds }) => seconds !== undefined && seconds < budget)
    .map(({ subject, path, seconds }) => ({
      subject,
      path,
      message: `ack deadline ${String(seconds)} s is below the worker's budget of ${budget} s (ceil(VISION_TIMEOUT_MS / 1000) + 10): slow labels would be redelivered`,
    }));
}

function visionTimeout(set: ManifestSet): LocatedViolation[] {
  return set.documents.filter(isServingService).flatMap((service) => {
    const view = containersOf(service).find((c) => c.serving);
    const value = view === undefined ? undefined : literalEnv(view, 'VISION_TIMEOUT_MS');
    if (view === undefined || value === undefined) return [];
    const budget = workerBudgetSeconds(service);
    const timeout = timeoutSecondsOf(service);
    const valid = /^\d+$/.test(value) && Number(value) > 0;
    if (valid && budget <= timeout) return [];
    const index = asList(view.container['env']).findIndex(
      (e) => asMapping(e)?.['name'] === 'VISION_TIMEOUT_MS',
    );
    return [
      {
        subject: service,
        path: [...view.path, 'env', index, 'value'],
        message: valid
          ? `VISION_TIMEOUT_MS ${value} leaves a processing budget of ${budget} s (ceil(ms / 1000) + 10), above the request timeout (${timeout} s)`
          : `VISION_TIMEOUT_MS ${quote(value)} must be a positive integer (milliseconds)`,
      },
    ];
  });
}

/** The ack deadline and timeout rules. */
export const CROSS_TIMEOUT_RULES = defineRules('set', SOURCES.pubSubSubscriptionProperties, {
  'cross/ack-deadline-range': [
    `ackDeadlineSeconds and setup.sh ACK_DEADLINE_SECONDS in [${ACK_DEADLINE.min}, ${ACK_DEADLINE.max}]`,
    ackDeadlineRange,
  ],
  'cross/ack-deadline-timeout': [
    'the ack deadline ≤ the Cloud Run service timeoutSeconds',
    ackDeadlineTimeout,
    SOURCES.cloudRunPubSubPush,
  ],
  'cross/ack-deadline-budget': [
    "the ack deadline ≥ the worker's processing budget ceil(VISION_TIMEOUT_MS / 1000) + 10 (default 30 s), as synth computes it",
    ackDeadlineBudget,
    SOURCES.workerTimeouts,
  ],
  'cross/vision-timeout': [
    "VISION_TIMEOUT_MS is a positive integer whose processing budget (ceil(ms / 1000) + 10) fits the service's request timeout",
    visionTimeout,
    SOURCES.workerTimeouts,
  ],
});
