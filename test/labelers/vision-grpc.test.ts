import { status } from '@grpc/grpc-js';
import { LabelerError, type LabelerErrorCode } from '../../src/errors';
import type { LabelResult } from '../../src/labelers/labeler';
import {
  createVisionLabeler,
  shortestFloat32,
  type VisionLabeler,
} from '../../src/labelers/vision-labeler';
import type { FakeLabel } from '../support/fake-vision-server';
import {
  startGrpcVisionServer,
  type GrpcVisionBehaviour,
  type GrpcVisionServer,
} from '../support/grpc-vision-server';

/**
 * The `vision` labeler over the client's gRPC transport, the one it uses against Google's
 * endpoint: the real `ImageAnnotatorClient` against a real `@grpc/grpc-js` server serving the
 * client's own Vision protos (`VISION_API_ENDPOINT=grpc://…`: no TLS, no credentials).
 */
const IMAGE = { bucket: 'photos', name: 'cats/tabby.jpg' } as const;
const CAT: FakeLabel = { mid: '/m/01yrx', description: 'Cat', score: 0.98, topicality: 0.97 };
const SKY: FakeLabel = { description: 'Sky', score: 0.5 };

let server: GrpcVisionServer;
let labeler: VisionLabeler;

beforeEach(async () => {
  server = await startGrpcVisionServer();
  labeler = createVisionLabeler({ apiEndpoint: server.url, timeoutMs: 5000 });
});

afterEach(async () => {
  await labeler.close();
  await server.close();
});

test('asks once for LABEL_DETECTION on gs://bucket/name, with a deadline and no credentials', async () => {
  await labeler.label(IMAGE);

  expect(server.requests).toStrictEqual([
    {
      imageUri: 'gs://photos/cats/tabby.jpg',
      features: ['LABEL_DETECTION'],
      maxResults: 10,
      authorization: undefined,
      hadDeadline: true,
    },
  ]);
});

test.each<[string, GrpcVisionBehaviour, LabelResult]>([
  [
    'labels → labeled with the labels in order (proto3 defaults omitted)',
    { kind: 'labels', labels: [CAT, SKY] },
    {
      outcome: 'labeled',
      labels: [
        { description: 'Cat', score: 0.98, mid: '/m/01yrx', topicality: 0.97 },
        { description: 'Sky', score: 0.5 },
      ],
    },
  ],
  ['no labels → labeled []', { kind: 'labels', labels: [] }, { outcome: 'labeled', labels: [] }],
  [
    'per-image INVALID_ARGUMENT (3) → unlabelable',
    { kind: 'image-error', code: 3, message: 'Bad image data.' },
    { outcome: 'unlabelable', reason: 'Vision answered INVALID_ARGUMENT (3): Bad image data.' },
  ],
  [
    'per-image NOT_FOUND (5) → ignored',
    { kind: 'image-error', code: 5, message: 'The object does not exist.' },
    { outcome: 'ignored', reason: 'Vision answered NOT_FOUND (5): The object does not exist.' },
  ],
])('%s', async (_title, behaviour, expected) => {
  server.setBehaviour(behaviour);

  const result = await labeler.label(IMAGE);

  // float32 on the wire (0.98 arrives as 0.9800000190734863): the labeler gives back the
  // shortest decimal, the number REST's JSON would have carried.
  expect(result).toStrictEqual(expected);
});

test.each<[string, LabelerErrorCode, GrpcVisionBehaviour, string]>([
  [
    'call UNAVAILABLE (14)',
    'labeler-unavailable',
    { kind: 'status', code: status.UNAVAILABLE, message: 'Service down.' },
    'UNAVAILABLE (14): 14 UNAVAILABLE: Service down.',
  ],
  [
    'call RESOURCE_EXHAUSTED (8)',
    'labeler-quota-exhausted',
    { kind: 'status', code: status.RESOURCE_EXHAUSTED, message: 'Quota.' },
    'RESOURCE_EXHAUSTED (8): 8 RESOURCE_EXHAUSTED: Quota.',
  ],
  [
    'call NOT_FOUND (5): a whole-call error says nothing about the image',
    'labeler-unavailable',
    { kind: 'status', code: status.NOT_FOUND, message: 'No such method.' },
    'NOT_FOUND (5): 5 NOT_FOUND: No such method.',
  ],
  [
    'per-image PERMISSION_DENIED (7)',
    'labeler-unavailable',
    { kind: 'image-error', code: 7, message: 'Vision cannot read gs://photos.' },
    'PERMISSION_DENIED (7): Vision cannot read gs://photos.',
  ],
])('%s → %s', async (_title, code, behaviour, message) => {
  server.setBehaviour(behaviour);

  const result = labeler.label(IMAGE);

  await expect(result).rejects.toThrow(LabelerError);
  await expect(result).rejects.toMatchObject({ code, message: `Vision answered ${message}` });
  expect(server.requests).toHaveLength(1);
});

test('the channel is made once and reused; close() ends it, later calls are labeler-unavailable', async () => {
  server.setBehaviour({ kind: 'labels', labels: [CAT] });

  await Promise.all([labeler.label(IMAGE), labeler.label(IMAGE)]);
  await labeler.label(IMAGE);
  await labeler.close();

  expect(server.requests).toHaveLength(3);
  await expect(labeler.label(IMAGE)).rejects.toMatchObject({ code: 'labeler-unavailable' });
});

test.each<[number, number]>([
  [Math.fround(0.9), 0.9],
  [Math.fround(0.98), 0.98],
  [Math.fround(0.123456789), 0.12345679],
  [Math.fround(1e-7), 1e-7],
  [1, 1],
  [0, 0],
])('a float32 score %p becomes the shortest decimal %p', (wire, expected) => {
  expect(shortestFloat32(wire)).toBe(expected);
  expect(Math.fround(shortestFloat32(wire))).toBe(Math.fround(wire));
});
