/**
 * Test-side builder of Pub/Sub push bodies carrying a Cloud Storage notification.
 *
 * @see https://cloud.google.com/pubsub/docs/push
 * @see https://cloud.google.com/storage/docs/pubsub-notifications
 */
export interface PushOptions {
  readonly bucket?: string;
  readonly name: string;
  readonly generation?: string;
  readonly contentType?: string;
  readonly eventType?: string;
  readonly messageId: string;
  readonly deliveryAttempt?: number;
}

export function pushBody(options: PushOptions): Record<string, unknown> {
  const bucket = options.bucket ?? 'demo-bucket';
  const generation = options.generation ?? '1700000000000001';
  const object = {
    kind: 'storage#object',
    bucket,
    name: options.name,
    generation,
    metageneration: '1',
    size: '1234',
    ...(options.contentType === undefined ? {} : { contentType: options.contentType }),
  };
  return {
    message: {
      attributes: {
        bucketId: bucket,
        objectId: options.name,
        objectGeneration: generation,
        eventType: options.eventType ?? 'OBJECT_FINALIZE',
        eventTime: '2026-11-20T10:00:00.000Z',
        payloadFormat: 'JSON_API_V1',
      },
      data: Buffer.from(JSON.stringify(object, null, 2) + '\n').toString('base64'),
      messageId: options.messageId,
      publishTime: '2026-11-20T10:00:00.123Z',
    },
    subscription: 'projects/demo-project/subscriptions/worker-push',
    ...(options.deliveryAttempt === undefined ? {} : { deliveryAttempt: options.deliveryAttempt }),
  };
}
