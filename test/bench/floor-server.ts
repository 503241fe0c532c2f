/**
 * The floor of docs/performance.md for a labeled image: a bare `node:http` server that parses the
 * Pub/Sub push body (the envelope, then the object resource in its base64 `data`), makes one
 * `node:http` REST call to Vision (`POST /v1/images:annotate`, label detection on
 * `gs://bucket/name`) on a keep-alive connection, parses the answer, and answers 204. Nothing else:
 * no de-duplication, no record, no log line, no error table. Run as a child process:
 * `PORT=<port> VISION_API_ENDPOINT=http://127.0.0.1:<port> node floor-server.js`.
 *
 * @see https://cloud.google.com/vision/docs/reference/rest/v1/images/annotate
 */
import { Agent, createServer, request, type IncomingMessage } from 'node:http';

const vision = new URL(process.env.VISION_API_ENDPOINT ?? 'http://127.0.0.1:9090');
const agent = new Agent({ keepAlive: true });

function readAll(stream: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => {
      resolve(Buffer.concat(chunks));
    });
    stream.on('error', reject);
  });
}

/** `gs://bucket/name` of a wrapped push of a JSON_API_V1 notification. */
function imageUri(body: Buffer): string {
  const push = JSON.parse(body.toString('utf8')) as { message: { data: string } };
  const object = JSON.parse(Buffer.from(push.message.data, 'base64').toString('utf8')) as {
    bucket: string;
    name: string;
  };
  return `gs://${object.bucket}/${object.name}`;
}

/** One `images:annotate` call; resolves with the number of labels of the first image. */
function annotate(uri: string): Promise<number> {
  const body = JSON.stringify({
    requests: [
      {
        image: { source: { imageUri: uri } },
        features: [{ type: 'LABEL_DETECTION', maxResults: 10 }],
      },
    ],
  });
  return new Promise((resolve, reject) => {
    const outgoing = request(
      {
        host: vision.hostname,
        port: vision.port,
        method: 'POST',
        path: '/v1/images:annotate',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (response) => {
        readAll(response)
          .then((answer) => {
            if (response.statusCode !== 200)
              throw new Error(`Vision answered ${response.statusCode}`);
            const parsed = JSON.parse(answer.toString('utf8')) as {
              responses: { labelAnnotations?: unknown[] }[];
            };
            resolve(parsed.responses[0]?.labelAnnotations?.length ?? 0);
          }, reject)
          .catch(reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

const server = createServer((incoming, response) => {
  readAll(incoming)
    .then((body) => annotate(imageUri(body)))
    .then(
      () => {
        response.statusCode = 204;
        response.end();
      },
      () => {
        response.statusCode = 503;
        response.end();
      },
    );
});
server.listen(Number(process.env.PORT ?? '8080'));
