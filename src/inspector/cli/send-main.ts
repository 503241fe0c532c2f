import { parseArgs } from 'node:util';
import { ENCODING_IDS } from '../../events/encode/encodings';
import { DEFAULT_OBJECT, DEFAULT_WORKER_URL, runSend } from './run-send';

const USAGE = `Usage: npm run send -- --format <id|all> [--object gs://BUCKET/NAME] [--to URL] [--header 'Name: value']... [--show]
  --format ID   the delivery format: all, or one of
                ${ENCODING_IDS.join('\n                ')}
  --object URI  the uploaded object                     default ${DEFAULT_OBJECT}
  --to URL      the worker                              default ${DEFAULT_WORKER_URL}
  --header H    an extra header, e.g. 'Authorization: Bearer TOKEN' (repeatable)
  --show        print each request whole (headers, body, base64 data) before its answer
Exit code: 0 when every answer is 2xx, 1 otherwise, 2 for a usage error.`;

/** `npm run send`: the entry point (the only module of the command that touches `process`). */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      format: { type: 'string' },
      object: { type: 'string' },
      to: { type: 'string' },
      header: { type: 'string', multiple: true },
      show: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (values.format === undefined) throw new Error('--format is required');
  process.exitCode = await runSend(
    {
      format: values.format,
      object: values.object,
      to: values.to,
      headers: values.header,
      show: values.show,
    },
    (text) => {
      process.stdout.write(`${text}\n`);
    },
  );
}

main().catch((error: unknown) => {
  process.stderr.write(
    `send: ${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`,
  );
  process.exitCode = 2;
});
