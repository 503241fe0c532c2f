/**
 * The baseline of docs/performance.md: a bare `node:http` server that reads the body, parses it as
 * JSON, reads the `ce-*` headers of a binary-mode CloudEvent, and answers 204. It does nothing
 * else: the least any event receiver does. Run as a child process:
 * `PORT=<port> node bare-server.js`.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';

/** The CloudEvent attributes of a binary-mode request (`ce-*` headers), or none. */
function ceAttributes(headers: IncomingHttpHeaders): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (name.startsWith('ce-') && typeof value === 'string') attributes[name.slice(3)] = value;
  }
  return attributes;
}

const server = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => {
    chunks.push(chunk);
  });
  request.on('end', () => {
    try {
      JSON.parse(Buffer.concat(chunks).toString('utf8'));
      ceAttributes(request.headers);
      response.statusCode = 204;
    } catch {
      response.statusCode = 400;
    }
    response.end();
  });
});
server.listen(Number(process.env.PORT ?? '8080'));
