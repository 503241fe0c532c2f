/**
 * The Vision labeler's failures: each is a LabelerError with a code, after one request (gax
 * retries are off), quoting Vision without anything that looks like a credential.
 */
import { LabelerError, type LabelerErrorCode } from '../../src/errors';
import type { FakeVisionBehaviour } from '../support/fake-vision-server';
import { CAT, IMAGE, useFakeVisionServer } from '../support/vision-labeler-setup';

const vision = useFakeVisionServer();
const { makeLabeler } = vision;

describe('transient failures throw LabelerError, after one request (gax retries are off)', () => {
  test.each<[string, LabelerErrorCode, FakeVisionBehaviour, string]>([
    [
      'per-image PERMISSION_DENIED (7)',
      'labeler-unavailable',
      { kind: 'image-error', code: 7, message: 'Vision cannot read gs://photos.' },
      'Vision answered PERMISSION_DENIED (7): Vision cannot read gs://photos.',
    ],
    [
      'per-image UNAVAILABLE (14)',
      'labeler-unavailable',
      { kind: 'image-error', code: 14, message: 'Try again.' },
      'Vision answered UNAVAILABLE (14): Try again.',
    ],
    [
      'per-image DEADLINE_EXCEEDED (4)',
      'labeler-unavailable',
      { kind: 'image-error', code: 4, message: 'Too slow.' },
      'Vision answered DEADLINE_EXCEEDED (4): Too slow.',
    ],
    [
      'per-image RESOURCE_EXHAUSTED (8)',
      'labeler-quota-exhausted',
      { kind: 'image-error', code: 8, message: 'Quota exceeded.' },
      'Vision answered RESOURCE_EXHAUSTED (8): Quota exceeded.',
    ],
    [
      'per-image code the table does not list (9)',
      'labeler-unavailable',
      { kind: 'image-error', code: 9, message: 'Precondition failed.' },
      'Vision answered status code 9: Precondition failed.',
    ],
    [
      'HTTP 400 INVALID_ARGUMENT (a whole-call error says nothing about the image)',
      'labeler-unavailable',
      { kind: 'http-error', httpStatus: 400, status: 'INVALID_ARGUMENT', message: 'Bad request.' },
      'Vision answered INVALID_ARGUMENT (3): Bad request.',
    ],
    [
      'HTTP 404 NOT_FOUND (a wrong endpoint, not a missing object)',
      'labeler-unavailable',
      { kind: 'http-error', httpStatus: 404, status: 'NOT_FOUND', message: 'No such method.' },
      'Vision answered NOT_FOUND (5): No such method.',
    ],
    [
      'HTTP 503 UNAVAILABLE',
      'labeler-unavailable',
      { kind: 'http-error', httpStatus: 503, status: 'UNAVAILABLE', message: 'Service down.' },
      'Vision answered UNAVAILABLE (14): Service down.',
    ],
    [
      'HTTP 429 RESOURCE_EXHAUSTED',
      'labeler-quota-exhausted',
      { kind: 'http-error', httpStatus: 429, status: 'RESOURCE_EXHAUSTED', message: 'Quota.' },
      'Vision answered RESOURCE_EXHAUSTED (8): Quota.',
    ],
    [
      'HTTP 403 PERMISSION_DENIED',
      'labeler-unavailable',
      { kind: 'http-error', httpStatus: 403, status: 'PERMISSION_DENIED', message: 'Denied.' },
      'Vision answered PERMISSION_DENIED (7): Denied.',
    ],
    [
      'HTTP 401 UNAUTHENTICATED',
      'labeler-unavailable',
      { kind: 'http-error', httpStatus: 401, status: 'UNAUTHENTICATED', message: 'Who?' },
      'Vision answered UNAUTHENTICATED (16): Who?',
    ],
    [
      'HTTP 500 INTERNAL',
      'labeler-unavailable',
      { kind: 'http-error', httpStatus: 500, status: 'INTERNAL', message: 'Oops.' },
      'Vision answered INTERNAL (13): Oops.',
    ],
  ])('%s → %s', async (_title, code, behaviour, message) => {
    vision.server.setBehaviour(behaviour);

    const result = makeLabeler().label(IMAGE);

    await expect(result).rejects.toThrow(LabelerError);
    await expect(result).rejects.toMatchObject({ code, message, retryable: true });
    expect(vision.server.requests).toHaveLength(1);
  });

  test.each<[string, FakeVisionBehaviour, boolean]>([
    [
      'HTTP 403 PERMISSION_DENIED (the API disabled)',
      { kind: 'http-error', httpStatus: 403, status: 'PERMISSION_DENIED', message: 'Disabled.' },
      true,
    ],
    ['per-image PERMISSION_DENIED (7)', { kind: 'image-error', code: 7, message: 'No.' }, true],
    [
      'HTTP 401 UNAUTHENTICATED',
      { kind: 'http-error', httpStatus: 401, status: 'UNAUTHENTICATED', message: 'Who?' },
      true,
    ],
    [
      'HTTP 404 NOT_FOUND (a wrong endpoint)',
      { kind: 'http-error', httpStatus: 404, status: 'NOT_FOUND', message: 'No method.' },
      true,
    ],
    [
      'HTTP 400 INVALID_ARGUMENT (a wrong endpoint)',
      { kind: 'http-error', httpStatus: 400, status: 'INVALID_ARGUMENT', message: 'Bad.' },
      true,
    ],
    [
      'HTTP 503 UNAVAILABLE',
      { kind: 'http-error', httpStatus: 503, status: 'UNAVAILABLE', message: 'Down.' },
      false,
    ],
    [
      'HTTP 429 RESOURCE_EXHAUSTED',
      { kind: 'http-error', httpStatus: 429, status: 'RESOURCE_EXHAUSTED', message: 'Quota.' },
      false,
    ],
    [
      'HTTP 500 INTERNAL',
      { kind: 'http-error', httpStatus: 500, status: 'INTERNAL', message: 'Oops.' },
      false,
    ],
    ['per-image UNAVAILABLE (14)', { kind: 'image-error', code: 14, message: 'Again.' }, false],
    ['per-image code 9', { kind: 'image-error', code: 9, message: 'Precondition.' }, false],
  ])('%s: needs an operator → %s', async (_title, behaviour, needsOperator) => {
    vision.server.setBehaviour(behaviour);
    const result = makeLabeler().label(IMAGE);
    await expect(result).rejects.toThrow(LabelerError);
    await expect(result).rejects.toMatchObject({ needsOperator });
  });

  test('a dropped connection → labeler-unavailable', async () => {
    vision.server.setBehaviour({ kind: 'drop' });

    const result = makeLabeler().label(IMAGE);

    await expect(result).rejects.toThrow(LabelerError);
    await expect(result).rejects.toMatchObject({ code: 'labeler-unavailable' });
    expect(vision.server.requests).toHaveLength(1);
  });

  test('an answer slower than timeoutMs → labeler-unavailable at the deadline', async () => {
    vision.server.setBehaviour({
      kind: 'delay',
      delayMs: 2000,
      then: { kind: 'labels', labels: [CAT] },
    });
    const started = performance.now();

    const result = makeLabeler({ timeoutMs: 300 }).label(IMAGE);

    await expect(result).rejects.toMatchObject({
      code: 'labeler-unavailable',
      message: expect.stringContaining('DEADLINE_EXCEEDED (4)') as unknown,
    });
    expect(performance.now() - started).toBeLessThan(1500);
    expect(vision.server.requests).toHaveLength(1);
  });

  test('messages quote Vision without anything that looks like a credential', async () => {
    vision.server.setBehaviour({
      kind: 'http-error',
      httpStatus: 401,
      status: 'UNAUTHENTICATED',
      message: 'Token "Bearer ya29.s3cret" rejected for ?key=AIzaS3cret',
    });

    await expect(makeLabeler().label(IMAGE)).rejects.toMatchObject({
      message:
        'Vision answered UNAUTHENTICATED (16): Token "Bearer [redacted]" rejected for ?key=[redacted]',
    });
  });

  test('quota exhaustion suggests a longer wait than unavailability', async () => {
    vision.server.setBehaviour(({ imageUri }) =>
      imageUri === 'gs://photos/quota.jpg'
        ? { kind: 'image-error', code: 8, message: 'Quota exceeded.' }
        : { kind: 'image-error', code: 14, message: 'Try again.' },
    );
    const labeler = makeLabeler();

    await expect(labeler.label({ bucket: 'photos', name: 'quota.jpg' })).rejects.toMatchObject({
      retryAfterSeconds: 30,
    });
    await expect(labeler.label({ bucket: 'photos', name: 'down.jpg' })).rejects.toMatchObject({
      retryAfterSeconds: 10,
    });
  });
});
