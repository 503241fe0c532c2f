import { parseArgs } from 'node:util';
import { OptionError } from '../cli/option-error';
import { inspectorBanner } from './inspector-banner';
import { serveInspector } from './serve-inspector';

const USAGE = `Usage: npm run inspect [-- --port 8090] [--host 127.0.0.1] [--images DIR]
  --port N      the page's port (0: a free one)                 default 8090
  --host ADDR   the address to bind (0.0.0.0: every interface)  default 127.0.0.1
  --images DIR  put the image files of DIR in the local bucket instead of the sample drawings`;

/** `npm run inspect`: the inspector's entry point (the only inspector module that touches `process`). */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '8090' },
      host: { type: 'string', default: '127.0.0.1' },
      images: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new OptionError('--port', values.port, 'expected 0 to 65535');
  }
  const running = await serveInspector({ host: values.host, port, imagesDir: values.images });
  process.stdout.write(
    `${inspectorBanner(running)}\n` +
      `  its worker (LABELER=local, RESULTS_MODE=reply): ${running.inspector.workerUrl.href}\n` +
      `  Ctrl-C stops both\n`,
  );
  const stop = (): void => {
    running.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  const hint = /EADDRINUSE/.test(message) ? ' (another program uses the port: try --port 0)' : '';
  // An option whose value cannot be used is one line; anything else comes with the usage.
  process.stderr.write(
    error instanceof OptionError
      ? `inspect: ${message}\n`
      : `inspect: ${message}${hint}\n${USAGE}\n`,
  );
  process.exitCode = 2;
});
