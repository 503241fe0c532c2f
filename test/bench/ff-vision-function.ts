/**
 * The functions-framework side of the labeled runs (docs/performance.md): a CloudEvent function
 * that labels each uploaded image with the same Vision client as the worker, as a user of the
 * framework would write it: `@google-cloud/vision`'s `ImageAnnotatorClient` from the package,
 * created once when the function is loaded, with the worker's options for `VISION_API_ENDPOINT`
 * (REST for `http://`, gRPC for `grpc://`: `visionClientOptions`), and the worker's call (label
 * detection on `gs://bucket/name`, its deadline, no retries). For a Pub/Sub push the framework
 * hands it a `messagePublished` CloudEvent; the object resource is the message's base64 `data`. It
 * answers 204 once the function's promise resolves, after Vision answered. Loaded by the
 * framework's CLI: `functions-framework --target=handle --source=ff-vision-function.js`.
 */
import { cloudEvent, type CloudEvent } from '@google-cloud/functions-framework';
import { ImageAnnotatorClient } from '@google-cloud/vision';
import { visionClientOptions } from '../../src/labelers/vision-client';
import { parseEndpoint } from '../../src/labelers/vision-endpoint';

const client = new ImageAnnotatorClient(
  visionClientOptions(parseEndpoint(process.env.VISION_API_ENDPOINT ?? ''), undefined),
);

interface MessagePublished {
  readonly message: { readonly data: string };
}

cloudEvent('handle', async (event: CloudEvent<MessagePublished>) => {
  const data = event.data?.message.data ?? '';
  const object = JSON.parse(Buffer.from(data, 'base64').toString('utf8')) as {
    bucket: string;
    name: string;
  };
  const [response] = await client.batchAnnotateImages(
    {
      requests: [
        {
          image: { source: { imageUri: `gs://${object.bucket}/${object.name}` } },
          features: [{ type: 'LABEL_DETECTION', maxResults: 10 }],
        },
      ],
    },
    { timeout: 20_000, retry: null },
  );
  if (!response.responses?.[0]?.labelAnnotations?.length) throw new Error('no labels');
});
