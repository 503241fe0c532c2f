/**
 * The Vision labeler tests' shared setup: a fake Vision server started before each test, labelers
 * against it closed after each test, the image and labels the tests send and expect, and the real
 * Vision client module with its constructor counted.
 */
import type * as VisionV1 from '@google-cloud/vision/build/src/v1';
import {
  createVisionLabeler,
  type VisionLabeler,
  type VisionLabelerOptions,
} from '../../src/labelers/vision-labeler';
import { startFakeVisionServer, type FakeLabel, type FakeVisionServer } from './fake-vision-server';

export const IMAGE = { bucket: 'photos', name: 'cats/tabby.jpg' } as const;
export const CAT: FakeLabel = {
  mid: '/m/01yrx',
  description: 'Cat',
  score: 0.98,
  topicality: 0.97,
};
export const WHISKERS: FakeLabel = {
  mid: '/m/01lrl',
  description: 'Whiskers',
  score: 0.9,
  topicality: 0.9,
};

/** The fake server of the running test, and a maker of labelers against it. */
export interface FakeVisionSetup {
  /** The running test's server (a new one per test). */
  readonly server: FakeVisionServer;
  /** A labeler against the server (timeout 5000 ms unless `options` say), closed after the test. */
  readonly makeLabeler: (options?: Partial<VisionLabelerOptions>) => VisionLabeler;
}

/** Registers the `beforeEach` and `afterEach` hooks that start and close server and labelers. */
export function useFakeVisionServer(): FakeVisionSetup {
  let server: FakeVisionServer | undefined;
  let labelers: VisionLabeler[] = [];

  beforeEach(async () => {
    server = await startFakeVisionServer();
    labelers = [];
  });

  afterEach(async () => {
    await Promise.all(labelers.map((labeler) => labeler.close()));
    await server?.close();
  });

  const setup: FakeVisionSetup = {
    get server(): FakeVisionServer {
      if (server === undefined) throw new Error('the fake Vision server runs only inside a test');
      return server;
    },
    makeLabeler: (options = {}) => {
      const labeler = createVisionLabeler({
        apiEndpoint: setup.server.url,
        timeoutMs: 5000,
        ...options,
      });
      labelers.push(labeler);
      return labeler;
    },
  };
  return setup;
}

/**
 * The real generated v1 client module (what src/labelers/vision-client.ts loads, not the package's
 * index) with `ImageAnnotatorClient` wrapped in a `jest.fn`: the only way to see when a client is
 * constructed. A test file mocks the module with it:
 * `jest.mock('…/build/src/v1', () => jest.requireActual(…).countedVisionModule())`.
 */
export function countedVisionModule() {
  const actual = jest.requireActual<typeof VisionV1>('@google-cloud/vision/build/src/v1');
  return {
    ...actual,
    ImageAnnotatorClient: jest.fn(
      (options?: ConstructorParameters<typeof actual.ImageAnnotatorClient>[0]) =>
        new actual.ImageAnnotatorClient(options),
    ),
  };
}
