/**
 * A local stand-in for Cloud Vision over gRPC: a real `@grpc/grpc-js` server that serves
 * `google.cloud.vision.v1.ImageAnnotator` from the protos `@google-cloud/vision` ships
 * (`build/protos/protos.json`, read by the build's own stand-in, `imageAnnotatorService`), on
 * 127.0.0.1 without TLS, scripted per test. The real `ImageAnnotatorClient` talks to
 * it as to Google's endpoint, over the same gRPC transport, given `apiEndpoint`, `port` and
 * `sslCreds: grpc.credentials.createInsecure()` (or the worker's `VISION_API_ENDPOINT=grpc://…`).
 *
 * @see https://cloud.google.com/vision/docs/reference/rpc/google.cloud.vision.v1#imageannotator
 * @see https://grpc.github.io/grpc/node/grpc.Server.html
 */
import * as grpc from '@grpc/grpc-js';
import { imageAnnotatorService } from '../../src/startup/build/vision-stand-ins';
import type { FakeLabel } from './fake-vision-server';

/** What the stand-in does with one `BatchAnnotateImages` call. */
export type GrpcVisionBehaviour =
  /** OK with these labels for the image (none: an empty `AnnotateImageResponse`). */
  | { readonly kind: 'labels'; readonly labels: readonly FakeLabel[] }
  /** OK with a per-image `error` (`google.rpc.Status`). */
  | { readonly kind: 'image-error'; readonly code: number; readonly message: string }
  /** The call fails with this gRPC status code and message. */
  | { readonly kind: 'status'; readonly code: grpc.status; readonly message: string };

/** What the stand-in recorded of one call. */
export interface GrpcVisionRequest {
  /** `requests[0].image.source.imageUri`. */
  readonly imageUri: string | undefined;
  /** `requests[0].features[].type`, as enum names. */
  readonly features: readonly string[];
  /** `requests[0].features[0].maxResults`. */
  readonly maxResults: number | undefined;
  /** The `authorization` metadata, when sent. */
  readonly authorization: string | undefined;
  /** The call's deadline header (`grpc-timeout`) was set. */
  readonly hadDeadline: boolean;
}

/** A running stand-in; `close()` it after the test. */
export interface GrpcVisionServer {
  /** `grpc://127.0.0.1:<port>`: the worker's `VISION_API_ENDPOINT` for it. */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /** Every call received, in order. */
  readonly requests: readonly GrpcVisionRequest[];
  setBehaviour(behaviour: GrpcVisionBehaviour): void;
  /** Stops the server, ending open calls. */
  close(): Promise<void>;
}

/** The request fields the stand-in reads, as proto-loader decodes them (enums as names). */
interface BatchAnnotateImagesRequest {
  readonly requests?: readonly {
    readonly image?: { readonly source?: { readonly imageUri?: string } };
    readonly features?: readonly { readonly type?: string; readonly maxResults?: number }[];
  }[];
}

function answer(behaviour: GrpcVisionBehaviour, callback: grpc.sendUnaryData<unknown>): void {
  switch (behaviour.kind) {
    case 'labels':
      callback(null, {
        responses: [behaviour.labels.length > 0 ? { labelAnnotations: behaviour.labels } : {}],
      });
      return;
    case 'image-error':
      callback(null, {
        responses: [{ error: { code: behaviour.code, message: behaviour.message } }],
      });
      return;
    case 'status':
      callback({ code: behaviour.code, details: behaviour.message });
      return;
  }
}

/** Starts a stand-in on 127.0.0.1 and a free port; answers no labels until told otherwise. */
export async function startGrpcVisionServer(
  behaviour: GrpcVisionBehaviour = { kind: 'labels', labels: [] },
): Promise<GrpcVisionServer> {
  let current = behaviour;
  const requests: GrpcVisionRequest[] = [];
  const server = new grpc.Server();
  server.addService(imageAnnotatorService(), {
    batchAnnotateImages: (
      call: grpc.ServerUnaryCall<BatchAnnotateImagesRequest, unknown>,
      callback: grpc.sendUnaryData<unknown>,
    ) => {
      const first = call.request.requests?.[0];
      const features = first?.features ?? [];
      const authorization = call.metadata.get('authorization')[0];
      requests.push({
        imageUri: first?.image?.source?.imageUri,
        features: features.map(({ type }) => String(type)),
        maxResults: features[0]?.maxResults,
        authorization: authorization === undefined ? undefined : String(authorization),
        hadDeadline: Number.isFinite(call.getDeadline().valueOf()),
      });
      answer(current, callback);
    },
  });
  const host = '127.0.0.1';
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync(`${host}:0`, grpc.ServerCredentials.createInsecure(), (error, bound) => {
      if (error) reject(error);
      else resolve(bound);
    });
  });
  return {
    url: `grpc://${host}:${port}`,
    host,
    port,
    requests,
    setBehaviour(next) {
      current = next;
    },
    close() {
      return new Promise((resolve) => {
        server.tryShutdown(() => {
          resolve();
        });
        // Calls still open (a client that never closed its channel) do not hold the test up.
        setTimeout(() => {
          server.forceShutdown();
        }, 1000).unref();
      });
    },
  };
}
