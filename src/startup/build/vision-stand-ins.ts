/**
 * Local stand-ins for Cloud Vision that the build's warm-up labels through
 * (`./vision-warm-up.ts`): a REST one (`POST /v1/images:annotate` on `node:http`) and a gRPC one
 * (`@grpc/grpc-js` serving `google.cloud.vision.v1.ImageAnnotator` from the protos that
 * `@google-cloud/vision` ships). Each answers every image with the same labels, at once, on
 * 127.0.0.1. The tests' stand-ins (`test/support/`) script errors and record requests too.
 *
 * @see https://cloud.google.com/vision/docs/reference/rest/v1/images/annotate
 * @see https://cloud.google.com/vision/docs/reference/rpc/google.cloud.vision.v1#imageannotator
 */
import * as grpc from '@grpc/grpc-js';
import { fromJSON } from '@grpc/proto-loader';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A running stand-in. */
export interface VisionStandIn {
  /** Its `VISION_API_ENDPOINT`: `http://127.0.0.1:<port>` or `grpc://127.0.0.1:<port>`. */
  readonly url: string;
  close(): Promise<void>;
}

/** Labels in Vision's `EntityAnnotation` shape (JSON field names, as proto3 JSON and proto-loader use). */
export interface StandInLabel {
  readonly description: string;
  readonly score: number;
  readonly mid?: string;
  readonly topicality?: number;
}

/**
 * The `google.cloud.vision.v1.ImageAnnotator` service definition for a `@grpc/grpc-js` server,
 * from the client's own proto JSON (`@google-cloud/vision/build/protos/protos.json`); enums as
 * names, int64 as numbers.
 *
 * @throws Error when the service is not in that file
 */
export function imageAnnotatorService(): grpc.ServiceDefinition {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const json = require('@google-cloud/vision/build/protos/protos.json') as Parameters<
    typeof fromJSON
  >[0];
  const definition = fromJSON(json, { enums: String, longs: Number });
  const service = definition['google.cloud.vision.v1.ImageAnnotator'];
  if (service === undefined || !('BatchAnnotateImages' in service)) {
    throw new Error('google.cloud.vision.v1.ImageAnnotator is not in the Vision protos');
  }
  return service;
}

/** A `BatchAnnotateImagesResponse` with `labels` for its one image. */
function labelsResponse(labels: readonly StandInLabel[]): unknown {
  return { responses: [labels.length > 0 ? { labelAnnotations: labels } : {}] };
}

/** Starts the REST stand-in on 127.0.0.1 and a free port. */
export async function startRestStandIn(labels: readonly StandInLabel[]): Promise<VisionStandIn> {
  const answer = JSON.stringify(labelsResponse(labels));
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      response.end(answer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}

/** Starts the gRPC stand-in on 127.0.0.1 and a free port, without TLS. */
export async function startGrpcStandIn(labels: readonly StandInLabel[]): Promise<VisionStandIn> {
  const server = new grpc.Server();
  server.addService(imageAnnotatorService(), {
    batchAnnotateImages: (_call: unknown, callback: grpc.sendUnaryData<unknown>) => {
      callback(null, labelsResponse(labels));
    },
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, bound) => {
      if (error) reject(error);
      else resolve(bound);
    });
  });
  return {
    url: `grpc://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.forceShutdown();
        resolve();
      }),
  };
}
