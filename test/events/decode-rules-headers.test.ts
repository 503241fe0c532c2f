/**
 * The rules real traffic needs, for media types, header names and `ce-*` values: one named case
 * each, each stating the whole canonical event.
 */
import type { CanonicalEvent } from '../../src/events/canonical-event';
import { decodeDelivery } from '../../src/events/decode/decode-delivery';
import { toMessage, type Message } from '../../src/events/message';
import {
  binaryRequest,
  CAT_BUCKET,
  CAT_CE,
  CAT_EVENT,
  CAT_ID,
  CAT_NAME,
  CAT_OBJECT,
  CAT_SOURCE,
  CAT_TIME,
  expectedCat,
  expectedStorageEvent,
  FINALIZED,
  jsonRequest,
  subjectOnly,
} from '../support/decode-fixtures';

const RULES: readonly (readonly [string, Message, readonly CanonicalEvent[]])[] = [
  [
    'media types compare case-insensitively and carry parameters: structured',
    jsonRequest(CAT_EVENT, { 'Content-Type': 'Application/CloudEvents+JSON; Charset=UTF-8' }),
    [expectedCat()],
  ],
  [
    'media types compare case-insensitively and carry parameters: batch',
    jsonRequest([CAT_EVENT], {
      'Content-Type': 'APPLICATION/CLOUDEVENTS-BATCH+JSON; charset=utf-8',
    }),
    [expectedCat()],
  ],
  [
    'media types compare case-insensitively and carry parameters: binary-mode data',
    binaryRequest(CAT_CE, CAT_OBJECT, 'Application/JSON ; Charset="UTF-8"'),
    [expectedCat()],
  ],
  [
    'header names are case-insensitive: binary mode',
    toMessage(
      {
        'CE-SpecVersion': '1.0',
        'Ce-Id': CAT_ID,
        'CE-SOURCE': CAT_SOURCE,
        'ce-Type': FINALIZED,
        'Ce-Subject': `objects/${CAT_NAME}`,
        'CE-TIME': CAT_TIME,
        'CONTENT-TYPE': 'application/json',
      },
      JSON.stringify(CAT_OBJECT),
    ),
    [expectedCat()],
  ],
  [
    'header names are case-insensitive: push without wrapper, attributes as Go canonicalises them',
    toMessage({
      'X-Goog-Pubsub-Message-Id': CAT_ID,
      'X-Goog-Pubsub-Subscription-Name': 'projects/demo/subscriptions/worker-push',
      'X-Goog-Pubsub-Publish-Time': '2026-11-20T10:00:00.2Z',
      Bucketid: CAT_BUCKET,
      OBJECTID: CAT_NAME,
      ObjectGeneration: '1763632800123456',
      eventType: 'OBJECT_FINALIZE',
      Payloadformat: 'NONE',
    }),
    [
      expectedStorageEvent(
        FINALIZED,
        { bucket: CAT_BUCKET, name: CAT_NAME, generation: '1763632800123456' },
        CAT_ID,
        '2026-11-20T10:00:00.2Z',
      ),
    ],
  ],
  [
    'ce-* values are percent-decoded exactly once (%2525 is %25)',
    subjectOnly({ subject: 'objects/sale/100%2525%20off%E2%80%94%E7%8C%AB.jpg' }),
    [
      expectedStorageEvent(
        FINALIZED,
        { bucket: CAT_BUCKET, name: 'sale/100%25 off—猫.jpg' },
        CAT_ID,
        CAT_TIME,
      ),
    ],
  ],
  [
    'ce-* values in double quotes (CloudEvents 0.1/0.2 senders) are unquoted',
    binaryRequest(
      {
        specversion: '"1.0"',
        id: `"${CAT_ID}"`,
        source: `"${CAT_SOURCE}"`,
        type: `"${FINALIZED}"`,
        subject: `"objects/${CAT_NAME}"`,
        time: `"${CAT_TIME}"`,
      },
      CAT_OBJECT,
    ),
    [expectedCat()],
  ],
];

describe('decodeDelivery: the rules real traffic needs: media types, header names, ce-* values', () => {
  test.each(RULES)('%s', (_name, message, expected) => {
    expect(decodeDelivery(message).events.map((e) => e.event)).toEqual(expected);
  });
});
