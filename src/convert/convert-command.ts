/**
 * The `npm run convert` command without its process: arguments in, the file read and written
 * through the functions it is given, lines out, an exit status back. `convert-main.ts` runs it on
 * `process`; tests run it directly.
 */
import { parseArgs } from 'node:util';
import { formatFinding } from '../validator/core/report';
import { createManifestValidator, type ManifestValidator } from '../validator/validate-manifests';
import { ConvertError, EXIT_STATUS } from './convert-error';
import { countLines, formatLine } from './convert-line';
import type { ConvertOptions, Platform } from './convert-rule';
import { convertService } from './convert-service';
import { readService, type ServiceInput } from './read-service';
import { writeManifest } from './write-manifest';

/** What the command reads and writes. */
export interface ConvertCommandIo {
  /** Reads a file as UTF-8. @throws an error with an errno `code` when it cannot */
  readonly readFile: (path: string) => string;
  /** Writes a file. @throws an error with an errno `code` when it cannot */
  readonly writeFile: (path: string, text: string) => void;
  /** Each call gets whole lines, newline included. */
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** @default {@link createManifestValidator} (created on first use) */
  readonly validator?: ManifestValidator;
}

/** What `--help` prints. */
export const CONVERT_USAGE = `Usage: npm run convert -- FILE [--to cloudrun|knative] [--project-number N] [--region R]
                          [--namespace NS] [--service-account SA] [--name NAME] [--out F] [--strict]

Reads one serving.knative.dev/v1 Service from FILE (other documents may sit beside it) and writes
it in the other platform's form: a Knative Service as Cloud Run service YAML, or back. Prints one
line per change, per thing that cannot carry over (loss), per refusal and per step left to you
(action), each with the field, what was done and why, and the platform rule's public source. The
output passes the target's offline validator (npm run validate) before it is written.

Options:
  --to cloudrun|knative   the form to write (default: the other one; a Service with the
                          cloud.googleapis.com/location label or run.googleapis.com/ annotations
                          is Cloud Run's)
  --project-number N      Cloud Run: the project number, its namespace (required)
  --region R              Cloud Run: the region label (required)
  --namespace NS          Knative: the namespace (default: default)
  --service-account SA    the identity: an IAM e-mail for Cloud Run (default: the Workload
                          Identity binding of the file's ServiceAccount), a Kubernetes name for
                          Knative (default: the part of the e-mail before "@")
  --name NAME             which Service, when FILE holds several
  --out F                 write to F and the lines to stdout (default: the manifest to stdout,
                          the lines to stderr)
  --strict                a loss is an error: nothing is written
  -h, --help              print this help

Exit status: 0 converted, 1 converted with losses listed (with --strict: nothing written), 2 not
converted (a refusal, a file that cannot be read or holds no single Service, a bad option).
`;

/** `--to`'s words for the platforms. */
const TO_WORDS: Readonly<Record<string, Platform>> = {
  cloudrun: 'cloud-run',
  'cloud-run': 'cloud-run',
  knative: 'knative',
};
const TITLES: Readonly<Record<Platform, string>> = {
  knative: 'Knative Service',
  'cloud-run': 'Cloud Run service',
};

interface Parsed {
  readonly file: string;
  readonly to?: Platform;
  readonly name?: string;
  readonly out?: string;
  readonly strict: boolean;
  readonly options: Omit<ConvertOptions, 'to'>;
}

/** Only the keys whose value is set (the options are `exactOptionalPropertyTypes`). */
function defined<T extends object>(object: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(
    Object.entries(object).filter(([, value]) => value !== undefined),
  ) as never;
}

function parse(args: readonly string[]): Parsed | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      allowPositionals: true,
      options: {
        to: { type: 'string' },
        'project-number': { type: 'string' },
        region: { type: 'string' },
        namespace: { type: 'string', default: 'default' },
        'service-account': { type: 'string' },
        name: { type: 'string' },
        out: { type: 'string' },
        strict: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    throw new ConvertError('usage', error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  if (positionals.length !== 1 || positionals[0] === undefined)
    throw new ConvertError(
      'usage',
      positionals.length === 0 ? 'FILE is missing' : `one FILE only, not ${positionals.length}`,
    );
  const to = values.to === undefined ? undefined : TO_WORDS[values.to];
  if (values.to !== undefined && to === undefined)
    throw new ConvertError('usage', `--to ${JSON.stringify(values.to)}: use cloudrun or knative`);
  return {
    file: positionals[0],
    ...defined({ to, name: values.name, out: values.out }),
    strict: values.strict,
    options: {
      namespace: values.namespace,
      ...defined({
        projectNumber: values['project-number'],
        region: values.region,
        serviceAccount: values['service-account'],
      }),
    },
  };
}

/** `1 loss`, `2 losses`. */
function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : noun.endsWith('s') ? 'es' : 's'}`;
}

function read(io: ConvertCommandIo, parsed: Parsed): ServiceInput {
  let text: string;
  try {
    text = io.readFile(parsed.file);
  } catch (error) {
    throw new ConvertError(
      'input',
      `${parsed.file}: cannot read it (${error instanceof Error ? error.message : String(error)})`,
      { cause: error },
    );
  }
  return readService(text, parsed.file, defined({ name: parsed.name, to: parsed.to }));
}

function run(args: readonly string[], io: ConvertCommandIo): number {
  const parsed = parse(args);
  if (parsed === 'help') {
    io.stdout(CONVERT_USAGE);
    return 0;
  }
  const input = read(io, parsed);
  const result = convertService(
    input.service,
    { ...parsed.options, to: input.to },
    input.companions,
  );
  const report = parsed.out === undefined ? io.stderr : io.stdout;
  for (const line of result.lines) report(`${formatLine(line)}\n`);
  const counts = countLines(result.lines);
  if (result.refused)
    throw new ConvertError(
      'refused',
      `${plural(counts.refusal, 'refusal')} (above): nothing written`,
    );
  const text = writeManifest(result.service, input.to, parsed.file);
  const validator = io.validator ?? createManifestValidator();
  const target = input.to === 'cloud-run' ? 'cloudrun/service.yaml' : 'knative/service.yaml';
  const { findings } = validator.check([{ path: target, text }]);
  for (const finding of findings) report(`invalid output: ${formatFinding(finding)}\n`);
  if (findings.length > 0)
    throw new ConvertError(
      'invalid-output',
      `the converted Service fails the ${TITLES[input.to]} validator (above): a bug in convert; nothing written (please report it with the input)`,
    );
  if (parsed.strict && counts.loss > 0)
    throw new ConvertError(
      'strict',
      `--strict: ${plural(counts.loss, 'loss')} (above): nothing written`,
    );
  if (parsed.out === undefined) io.stdout(text);
  else
    try {
      io.writeFile(parsed.out, text);
    } catch (error) {
      throw new ConvertError(
        'write',
        `${parsed.out}: cannot write it (${error instanceof Error ? error.message : String(error)})`,
        { cause: error },
      );
    }
  const name =
    typeof input.service['metadata'] === 'object'
      ? String((input.service['metadata'] as Record<string, unknown>)['name'])
      : '';
  const others =
    input.others.length === 0
      ? ''
      : `; not converted, also in the file: ${input.others.join(', ')}`;
  report(
    `convert: ${TITLES[input.from]} ${name} → ${TITLES[input.to]}${parsed.out === undefined ? '' : ` in ${parsed.out}`}: ${plural(counts.change, 'change')}, ${plural(counts.loss, 'loss')}, ${plural(counts.action, 'action')}${others}\n`,
  );
  return counts.loss > 0 ? 1 : 0;
}

/**
 * Runs `npm run convert` with `args` (the arguments after `--`).
 *
 * @returns the exit status: 0 converted, 1 converted with losses (or `--strict` with losses), 2 not
 *   converted
 */
export function convertCommand(args: readonly string[], io: ConvertCommandIo): number {
  try {
    return run(args, io);
  } catch (error) {
    if (!(error instanceof ConvertError)) throw error;
    io.stderr(`convert: ${error.message}\n${error.reason === 'usage' ? `\n${CONVERT_USAGE}` : ''}`);
    return EXIT_STATUS[error.reason];
  }
}
