import { parseArgs } from 'node:util';
import { OptionError } from '../cli/option-error';
import { runDemo } from './run-demo';

const USAGE = `Usage: npm run demo [-- --images DIR] [--wire]
  --images DIR  label the image files of DIR (e.g. ~/photos) instead of the generated samples
  --wire        also print every delivery as it goes over the wire, format by format`;

/** `npm run demo`: the demo's entry point (the only demo module that touches `process`). */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      images: { type: 'string' },
      wire: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const failures = await runDemo(
    { imagesDir: values.images, wire: values.wire, env: process.env },
    (text) => {
      process.stdout.write(`${text}\n`);
    },
  );
  process.exitCode = failures === 0 ? 0 : 1;
}

main().catch((error: unknown) => {
  // An option whose value cannot be used is one line; anything else comes with the usage.
  process.stderr.write(
    error instanceof OptionError
      ? `demo: ${error.message}\n`
      : `demo: ${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`,
  );
  process.exitCode = 2;
});
