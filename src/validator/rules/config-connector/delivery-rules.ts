/**
 * Delivery rules of the Config Connector wiring (DESIGN 4.3): the notification sends the event the
 * worker labels (OBJECT_FINALIZE), and the worker's push subscription never expires (Pub/Sub's
 * default deletes a subscription after 31 idle days, silently ending the labeling).
 */
import type { ManifestSet } from '../../core/manifest-document';
import { asList, quote, valueAt } from '../../core/object-access';
import { documentsOfKind, workerSubscriptions } from '../../core/references';
import { setRule, type LocatedViolation, type SetRule } from '../../core/rule';

function finalizeEvents(set: ManifestSet): LocatedViolation[] {
  return documentsOfKind(set, 'StorageNotification').flatMap((notification) => {
    const types = valueAt(notification.object, ['spec', 'eventTypes']);
    return types === undefined || asList(types).includes('OBJECT_FINALIZE')
      ? []
      : [
          {
            subject: notification,
            path: ['spec', 'eventTypes'],
            message: `eventTypes ${quote(types)} leave out OBJECT_FINALIZE: the worker labels finalized uploads only`,
          },
        ];
  });
}

function neverExpires(set: ManifestSet): LocatedViolation[] {
  return workerSubscriptions(set).flatMap((subscription) => {
    const ttl = valueAt(subscription.object, ['spec', 'expirationPolicy', 'ttl']);
    return ttl === ''
      ? []
      : [
          {
            subject: subscription,
            path: ['spec', 'expirationPolicy'],
            message: `expirationPolicy.ttl is ${quote(ttl)}: set ttl: "" so the push subscription never expires (the default is 31 idle days)`,
          },
        ];
  });
}

/** The delivery rules. */
export const KCC_DELIVERY_RULES: readonly SetRule[] = [
  setRule(
    'kcc/notification-finalize',
    'StorageNotification eventTypes include OBJECT_FINALIZE (or are left unset)',
    'DESIGN.md 4.3',
    finalizeEvents,
  ),
  setRule(
    'kcc/push-expiration',
    'the worker push subscription never expires: expirationPolicy.ttl ""',
    'DESIGN.md 4.3; MANIFESTS.md 5.2',
    neverExpires,
  ),
];
