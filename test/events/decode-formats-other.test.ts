/**
 * decodeDelivery over the formats with no type alias to vary (a Pub/Sub push without wrapper, a
 * structured CloudEvent, a CloudEvents batch), from hand-written wire messages. Each case states
 * the whole canonical event.
 */
import {
  BATCH,
  CAT_BUCKET,
  CAT_EVENT,
  CAT_ID,
  CAT_OBJECT,
  CAT_TIME,
  DELETED,
  expectedCat,
  expectedStorageEvent,
  FINALIZED,
  type FormatCase,
  gcsAttributes,
  jsonRequest,
  prettyJson,
  PUBLISH_TIME,
  STRUCTURED,
  testFormatCases,
} from '../support/decode-fixtures';

const OTHER_FORMAT_CASES: readonly FormatCase[] = [
  {
    name: 'Pub/Sub push without wrapper, with metadata headers',
    message: {
      headers: {
        'x-goog-pubsub-subscription-name': 'projects/demo/subscriptions/worker-push',
        'x-goog-pubsub-message-id': CAT_ID,
        'x-goog-pubsub-publish-time': PUBLISH_TIME,
        ...Object.fromEntries(
          Object.entries(gcsAttributes('OBJECT_FINALIZE', CAT_OBJECT)).map(([name, value]) => [
            name.toLowerCase(),
            value,
          ]),
        ),
      },
      body: Buffer.from(prettyJson(CAT_OBJECT), 'utf8'),
    },
    format: 'pubsub-push-unwrapped',
    expected: [expectedCat(FINALIZED)],
  },
  {
    name: 'CloudEvent structured mode',
    message: jsonRequest(CAT_EVENT, STRUCTURED),
    format: 'cloudevent-structured',
    expected: [expectedCat(FINALIZED)],
  },
  {
    name: 'CloudEvents batch of two events, one per element in order',
    message: jsonRequest(
      [
        CAT_EVENT,
        {
          ...CAT_EVENT,
          id: '99',
          type: DELETED,
          subject: 'objects/old.png',
          data: { bucket: CAT_BUCKET, name: 'old.png' },
        },
      ],
      BATCH,
    ),
    format: 'cloudevent-batch',
    expected: [
      expectedCat(FINALIZED),
      expectedStorageEvent(DELETED, { bucket: CAT_BUCKET, name: 'old.png' }, '99', CAT_TIME),
    ],
  },
];

describe('decodeDelivery: the other formats', () => {
  testFormatCases(OTHER_FORMAT_CASES);
});
