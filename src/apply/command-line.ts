/**
 * The command line of `npm run apply` and `npm run status`, parsed into settings (node's
 * `parseArgs`, strict: an unknown option is a usage error).
 */
import { parseArgs } from 'node:util';
import { UsageError } from './apply-errors';
import { parseDurationMs } from './duration';
import { TARGETS, type Target } from './read-manifests';

/** The two commands. */
export const COMMANDS = ['apply', 'status'] as const;
/** A name of `COMMANDS`. */
export type Command = (typeof COMMANDS)[number];

/** The usage text, printed by `--help` and after a usage error. */
export const USAGE = `Usage: npm run apply -- [options]    server-side apply, then wait until every object is ready
       npm run status -- [options]   the same table, read once, nothing applied
  --target T         knative (default): knative/*.yaml
                     config-connector: cloudrun/config-connector.yaml (a Config Connector cluster)
                     knative-wiring: knative/wiring/config-connector.yaml (the same, for the
                     Knative source's Pub/Sub wiring)
  --dir DIR          where npm run synth wrote knative/ and cloudrun/ (default .)
  --config FILE      run npm run synth on FILE first, into a temporary directory, and use that
  --context NAME     the kubeconfig context (default: the current context)
  --kubeconfig FILE  the kubeconfig (default: $KUBECONFIG, else ~/.kube/config)
  --dry-run          apply: the API server's dry run; nothing is changed or waited for
  --timeout D        apply: how long every object may take to be ready: 90s, 5m, 1h (default 5m)
  -h, --help         this text
Server-side apply with field manager dualrun (forced) and fieldValidation=Strict.
Exit codes: 0 ready, 1 not ready by the deadline (status: not ready now), 2 refused by the
API server, 3 no cluster reachable, 4 usage or input error, 5 a fault of the command.`;

/** The default `--timeout`. */
export const DEFAULT_TIMEOUT = '5m';

/** One run's settings. */
export interface CommandSettings {
  readonly command: Command;
  readonly target: Target;
  /** Where `npm run synth` wrote its outputs. */
  readonly dir: string;
  /** A deployment config to synthesize first, instead of reading `dir`. */
  readonly config?: string;
  readonly context?: string;
  readonly kubeconfig?: string;
  readonly dryRun: boolean;
  readonly timeoutMs: number;
  /** `--timeout` as written, for messages. */
  readonly timeoutText: string;
}

const isTarget = (value: string): value is Target => Object.hasOwn(TARGETS, value);
const isCommand = (value: string | undefined): value is Command =>
  (COMMANDS as readonly (string | undefined)[]).includes(value);

/**
 * Parses `argv` (`apply|status` then the options); `help` for `-h`/`--help`.
 *
 * @throws UsageError naming the argument that is not accepted
 */
export function parseCommandLine(argv: readonly string[]): CommandSettings | 'help' {
  const [command, ...args] = argv;
  if (!isCommand(command)) {
    throw new UsageError(
      `the first argument must be apply or status, not ${JSON.stringify(command ?? '')}`,
    );
  }
  let values;
  try {
    ({ values } = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        target: { type: 'string', default: 'knative' },
        dir: { type: 'string' },
        config: { type: 'string' },
        context: { type: 'string' },
        kubeconfig: { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
        timeout: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (values.help) return 'help';
  if (!isTarget(values.target)) {
    throw new UsageError(
      `--target ${JSON.stringify(values.target)} is not one of ${Object.keys(TARGETS).join(', ')}`,
    );
  }
  if (values.config !== undefined && values.dir !== undefined) {
    throw new UsageError('--config and --dir exclude each other: --config synthesizes its own');
  }
  if (command === 'status' && (values['dry-run'] || values.timeout !== undefined)) {
    throw new UsageError('--dry-run and --timeout are options of apply, not of status');
  }
  const timeoutText = values.timeout ?? DEFAULT_TIMEOUT;
  return {
    command,
    target: values.target,
    dir: values.dir ?? '.',
    ...(values.config === undefined ? {} : { config: values.config }),
    ...(values.context === undefined ? {} : { context: values.context }),
    ...(values.kubeconfig === undefined ? {} : { kubeconfig: values.kubeconfig }),
    dryRun: values['dry-run'],
    timeoutMs: parseDurationMs(timeoutText),
    timeoutText,
  };
}
