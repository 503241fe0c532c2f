/**
 * The Vision labeler's client: created lazily by the first label() calls, once, and not after
 * close(); and the VISION_API_ENDPOINT it is created for, checked when the labeler is created.
 */
import { ImageAnnotatorClient } from '@google-cloud/vision/build/src/v1';
import { ConfigError } from '../../src/errors';
import { createVisionLabeler } from '../../src/labelers/vision-labeler';
import { IMAGE, useFakeVisionServer } from '../support/vision-labeler-setup';

// The real client, counted: the only way to see when it is constructed.
jest.mock('@google-cloud/vision/build/src/v1', () =>
  jest
    .requireActual<typeof import('../support/vision-labeler-setup')>(
      '../support/vision-labeler-setup',
    )
    .countedVisionModule(),
);

const vision = useFakeVisionServer();
const { makeLabeler } = vision;

describe('the client', () => {
  const constructed = jest.mocked(ImageAnnotatorClient);

  beforeEach(() => {
    constructed.mockClear();
  });

  test('is not created by createVisionLabeler, with or without an endpoint', () => {
    makeLabeler();
    makeLabeler({ apiEndpoint: undefined });

    expect(constructed).not.toHaveBeenCalled();
    expect(vision.server.requests).toHaveLength(0);
  });

  test('is created once, by the first label() calls (even concurrent ones), and reused', async () => {
    const labeler = makeLabeler();

    await Promise.all([labeler.label(IMAGE), labeler.label(IMAGE)]);
    await labeler.label(IMAGE);

    expect(constructed).toHaveBeenCalledTimes(1);
    expect(vision.server.requests).toHaveLength(3);
  });

  test('close() before any label() call creates no client', async () => {
    await makeLabeler().close();

    expect(constructed).not.toHaveBeenCalled();
  });

  test('after close(), label() is labeler-unavailable and sends nothing', async () => {
    const labeler = makeLabeler();
    await labeler.label(IMAGE);

    await labeler.close();

    await expect(labeler.label(IMAGE)).rejects.toMatchObject({ code: 'labeler-unavailable' });
    expect(vision.server.requests).toHaveLength(1);
  });
});

describe('VISION_API_ENDPOINT', () => {
  test.each(['ftp://127.0.0.1:21', 'http://127.0.0.1:9090/v1', 'vision.example.com'])(
    'rejects %s with a ConfigError naming the variable and the value',
    (apiEndpoint) => {
      const create = () => createVisionLabeler({ apiEndpoint, timeoutMs: 1000 });

      expect(create).toThrow(ConfigError);
      expect(create).toThrow(
        `VISION_API_ENDPOINT is "${apiEndpoint}": expected an http:// or https://`,
      );
    },
  );

  test('rejects a URL with user info without quoting the password', () => {
    const create = () =>
      createVisionLabeler({ apiEndpoint: 'http://user:s3cret@127.0.0.1:9090', timeoutMs: 1000 });

    expect(create).toThrow('VISION_API_ENDPOINT is "http://***:***@127.0.0.1:9090"');
  });
});
