/**
 * The Vision stand-ins of the labeled runs, in the bench process (on the load generator's CPU):
 * the REST one (`test/support/fake-vision-server.ts`) and the gRPC one
 * (`test/support/grpc-vision-server.ts`, the real `@grpc/grpc-js` with the client's protos). Both
 * answer every image at once with the same ten labels, as many as the worker asks for
 * (`maxResults` 10), so that the response and the log line are as large as a real one.
 */
import { startFakeVisionServer, type FakeLabel } from '../support/fake-vision-server';
import { startGrpcVisionServer } from '../support/grpc-vision-server';

/** The client's transports, by the `VISION_API_ENDPOINT` scheme that selects each. */
export const TRANSPORT_TITLES = Object.freeze({
  rest: 'REST (http://)',
  grpc: 'gRPC (grpc://)',
});
export type Transport = keyof typeof TRANSPORT_TITLES;

/** What Vision answers for a photo of a cat, `maxResults` 10. */
const LABELS: readonly FakeLabel[] = [
  { mid: '/m/01yrx', description: 'Cat', score: 0.9898, topicality: 0.9898 },
  { mid: '/m/0307l', description: 'Felidae', score: 0.9312, topicality: 0.9312 },
  { mid: '/m/01lrl', description: 'Carnivore', score: 0.9074, topicality: 0.9074 },
  { mid: '/m/0k0pj', description: 'Whiskers', score: 0.8915, topicality: 0.8915 },
  {
    mid: '/m/07k6w8',
    description: 'Small to medium-sized cats',
    score: 0.8741,
    topicality: 0.8741,
  },
  { mid: '/m/05mqq3', description: 'Snout', score: 0.8123, topicality: 0.8123 },
  { mid: '/m/01l7qd', description: 'Fur', score: 0.7946, topicality: 0.7946 },
  { mid: '/m/0jbk', description: 'Animal', score: 0.7702, topicality: 0.7702 },
  { mid: '/m/068hy', description: 'Pet', score: 0.7511, topicality: 0.7511 },
  { mid: '/m/0hjzp', description: 'Tabby cat', score: 0.7203, topicality: 0.7203 },
];

/** Both stand-ins, running. */
export interface VisionStandIns {
  /** `VISION_API_ENDPOINT` for each transport. */
  readonly urls: Readonly<Record<Transport, string>>;
  close(): Promise<void>;
}

export async function startVisionStandIns(): Promise<VisionStandIns> {
  const rest = await startFakeVisionServer({ kind: 'labels', labels: LABELS });
  const grpc = await startGrpcVisionServer({ kind: 'labels', labels: LABELS });
  return {
    urls: { rest: rest.url, grpc: grpc.url },
    close: async () => {
      await Promise.all([rest.close(), grpc.close()]);
    },
  };
}
