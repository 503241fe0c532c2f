/**
 * One run of `apply` or `status`, from the command line to an exit code: parse the arguments,
 * read (or synthesize, then read) the manifests, load the kubeconfig, run the command, and turn
 * its outcome into an exit code with one message. The entry passes in everything it touches.
 */
import type { Clock } from '../cluster/clock';
import { createKubeHttp } from '../cluster/kube-http';
import { loadKubeConfig } from '../cluster/load-kubeconfig';
import { createObjectClient } from '../cluster/object-client';
import { EXIT_CODES, exitCodeOf, UsageError } from './apply-errors';
import type { CommandIo } from './display/command-io';
import { parseCommandLine, USAGE, type CommandSettings } from './command-line';
import type { DisplayMode, TextOutput } from './display/progress-table';
import { readManifests, targetPath } from './read-manifests';
import { runApply } from './run-apply';
import { runStatus } from './run-status';
import type { Synthesize } from './synthesize-config';

/** What a run reads and writes. */
export interface CommandDeps {
  /** The environment: `KUBECONFIG`, `KUBERNETES_SERVICE_HOST`. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** For `~/.kube/config`. */
  readonly homeDir?: string;
  /** The progress table and the last line. */
  readonly out: TextOutput;
  /** Error messages and the usage text after a usage error. */
  readonly err: TextOutput;
  readonly mode: DisplayMode;
  /** The terminal's width and height, in characters and lines. */
  readonly columns?: number;
  readonly rows?: number;
  readonly clock: Clock;
  /** Runs `npm run synth` for `--config`. */
  readonly synthesize: Synthesize;
  /** Between two reads of the objects not yet ready. @default 1000 */
  readonly pollIntervalMs?: number;
  /** How long one request may take. @default 30000 */
  readonly requestTimeoutMs?: number;
}

async function withManifests<T>(
  settings: CommandSettings,
  deps: CommandDeps,
  use: (objects: Awaited<ReturnType<typeof readManifests>>) => Promise<T>,
): Promise<T> {
  if (settings.config === undefined) {
    return use(await readManifests(targetPath(settings.dir, settings.target)));
  }
  const synthesized = await deps.synthesize(settings.config);
  try {
    return await use(await readManifests(targetPath(synthesized.outDir, settings.target)));
  } finally {
    await synthesized.cleanUp();
  }
}

async function run(settings: CommandSettings, deps: CommandDeps): Promise<void> {
  await withManifests(settings, deps, async (entries) => {
    const loaded = loadKubeConfig({
      env: deps.env,
      ...(deps.homeDir === undefined ? {} : { homeDir: deps.homeDir }),
      ...(settings.kubeconfig === undefined ? {} : { file: settings.kubeconfig }),
      ...(settings.context === undefined ? {} : { context: settings.context }),
    });
    const http = createKubeHttp(loaded.kubeConfig, {
      clock: deps.clock,
      ...(deps.requestTimeoutMs === undefined ? {} : { requestTimeoutMs: deps.requestTimeoutMs }),
    });
    const client = createObjectClient(http, { defaultNamespace: loaded.namespace });
    const objects = entries.map(({ object }) => object);
    const io: CommandIo = {
      out: deps.out,
      mode: deps.mode,
      clock: deps.clock,
      ...(deps.columns === undefined ? {} : { columns: deps.columns }),
      ...(deps.rows === undefined ? {} : { rows: deps.rows }),
    };
    if (settings.command === 'status') {
      await runStatus(client, objects, io);
      return;
    }
    await runApply(
      client,
      objects,
      {
        dryRun: settings.dryRun,
        timeoutMs: settings.timeoutMs,
        timeoutText: settings.timeoutText,
        ...(deps.pollIntervalMs === undefined ? {} : { pollIntervalMs: deps.pollIntervalMs }),
      },
      io,
    );
  });
}

/**
 * Runs the command `argv` (`apply|status` then its options) and answers its exit code
 * (`EXIT_CODES`); every outcome but success writes one message to `deps.err`.
 */
export async function runCommand(argv: readonly string[], deps: CommandDeps): Promise<number> {
  const name = argv[0] === 'status' ? 'status' : 'apply';
  try {
    const settings = parseCommandLine(argv);
    if (settings === 'help') {
      deps.out.write(`${USAGE}\n`);
      return EXIT_CODES.ready;
    }
    await run(settings, deps);
    return EXIT_CODES.ready;
  } catch (error) {
    const code = exitCodeOf(error);
    const message = error instanceof Error ? error.message : String(error);
    if (code === EXIT_CODES.fault) {
      deps.err.write(
        `${name}: a fault of the command: ${error instanceof Error ? (error.stack ?? message) : message}\n`,
      );
    } else {
      deps.err.write(`${name}: ${message}\n${error instanceof UsageError ? `${USAGE}\n` : ''}`);
    }
    return code;
  }
}
