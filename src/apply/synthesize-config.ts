/**
 * `--config FILE`: `npm run synth -- --config FILE --out <temporary directory>` first, then the
 * command reads that directory. src/ cannot import cdk8s (the charts are build-time tooling, and
 * the runtime image has no dev dependencies), so the two halves meet at the files `npm run synth`
 * writes, the same files `kubectl apply -f knative/` reads.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { InputError } from './apply-errors';

const run = promisify(execFile);

/** How to run npm: `node npm-cli.js` under `npm run` (its `npm_execpath`), else `npm`. */
export interface NpmCommand {
  readonly command: string;
  readonly args: readonly string[];
}

/** A synthesized output directory, removed by `cleanUp`. */
export interface SynthesizedOutput {
  readonly outDir: string;
  cleanUp(): Promise<void>;
}

/** Synthesizes a config file into a new directory. */
export type Synthesize = (configFile: string) => Promise<SynthesizedOutput>;

/**
 * A `Synthesize` that runs `npm run --silent synth` with `npm` in `cwd` (the repository root).
 *
 * @throws InputError (from the returned function) quoting synth's output when it fails (an
 *   invalid config: each problem names the field)
 */
export function npmSynthesize(npm: NpmCommand, cwd: string): Synthesize {
  return async (configFile) => {
    const outDir = await mkdtemp(path.join(os.tmpdir(), 'dualrun-apply-'));
    const cleanUp = (): Promise<void> => rm(outDir, { recursive: true, force: true });
    try {
      await run(
        npm.command,
        [...npm.args, 'run', '--silent', 'synth', '--', '--config', configFile, '--out', outDir],
        { cwd, maxBuffer: 16 << 20 },
      );
    } catch (error) {
      await cleanUp();
      const {
        stderr = '',
        stdout = '',
        code,
      } = error as {
        stderr?: string;
        stdout?: string;
        code?: unknown;
      };
      throw new InputError(
        `npm run synth -- --config ${configFile} failed (exit ${String(code)}):\n${(stderr || stdout).trim()}`,
        { cause: error },
      );
    }
    return { outDir, cleanUp };
  };
}
