/** How long and how hard `npm run bench` measures: flags, with environment fallbacks. */
export interface BenchOptions {
  /** Load before each measured run, on the same server process (JIT warm-up), in seconds. */
  readonly warmupSeconds: number;
  /** Measured load per server and body, in seconds, split evenly into `rounds` runs. */
  readonly durationSeconds: number;
  /**
   * Runs per server and body, each on a fresh process after its own warm-up, the servers taking
   * turns (bare, FF, worker, bare, ...), so that a change in the machine's other load hits all.
   */
  readonly rounds: number;
  /** Concurrent connections of the load runs, parse-only and labeled (docs/performance.md: 50). */
  readonly connections: number;
  /** Spawns per server for the cold start and the first labeled event; the median is reported. */
  readonly coldStartSpawns: number;
  /**
   * Each server on a CPU of its own, the load generator on the others (`taskset`, at least 2
   * CPUs); `--unpinned` lets them share the CPUs.
   */
  readonly pinned: boolean;
}

/** The defaults: a whole run takes about five minutes on 2 cores (the result event runs included). */
export const DEFAULT_BENCH_OPTIONS: BenchOptions = Object.freeze({
  warmupSeconds: 2,
  durationSeconds: 10,
  rounds: 2,
  connections: 50,
  coldStartSpawns: 7,
  pinned: true,
});

/** `--quick`: a smoke run of about a minute; its figures are rough. */
export const QUICK_BENCH_OPTIONS: BenchOptions = Object.freeze({
  ...DEFAULT_BENCH_OPTIONS,
  warmupSeconds: 1,
  durationSeconds: 2,
  rounds: 1,
  coldStartSpawns: 3,
});

/**
 * Flag (`--duration=10`) → environment variable (`BENCH_DURATION=10`) → option, its kind, and its
 * largest value (beyond it a timer of Node's or autocannon's would overflow, or the run would
 * never end).
 */
const NUMERIC_FLAGS = {
  warmup: { env: 'BENCH_WARMUP', option: 'warmupSeconds', integer: false, max: 600 },
  duration: { env: 'BENCH_DURATION', option: 'durationSeconds', integer: false, max: 3600 },
  rounds: { env: 'BENCH_ROUNDS', option: 'rounds', integer: true, max: 100 },
  connections: { env: 'BENCH_CONNECTIONS', option: 'connections', integer: true, max: 10_000 },
  spawns: { env: 'BENCH_SPAWNS', option: 'coldStartSpawns', integer: true, max: 1000 },
} as const satisfies Record<
  string,
  { env: string; option: Exclude<keyof BenchOptions, 'pinned'>; integer: boolean; max: number }
>;

/** An on/off variable (`BENCH_QUICK`, `BENCH_UNPINNED`) is on when set to `1` or `true`. */
function isOn(value: string | undefined): boolean {
  return value === '1' || value?.toLowerCase() === 'true';
}

/** What `--help` prints. */
export const BENCH_USAGE = `usage: npm run bench -- [--quick] [--duration=SECONDS] [--rounds=N] [--warmup=SECONDS] [--connections=N] [--spawns=N] [--unpinned]
  --quick          1 s warm-up, 2 s in 1 round, 3 spawns (BENCH_QUICK=1 or true)
  --duration=S     measured load per server and body, in seconds (BENCH_DURATION; default ${DEFAULT_BENCH_OPTIONS.durationSeconds})
  --rounds=N       split into N runs, the servers taking turns (BENCH_ROUNDS; default ${DEFAULT_BENCH_OPTIONS.rounds})
  --warmup=S       load before each measured run, in seconds (BENCH_WARMUP; default ${DEFAULT_BENCH_OPTIONS.warmupSeconds})
  --connections=N  connections of the throughput runs (BENCH_CONNECTIONS; default ${DEFAULT_BENCH_OPTIONS.connections})
  --spawns=N       spawns per server for the cold start and the first labeled event, median reported (BENCH_SPAWNS; default ${DEFAULT_BENCH_OPTIONS.coldStartSpawns})
  --unpinned       servers and load generator share the CPUs (BENCH_UNPINNED=1 or true); by default each
                   server runs on a CPU of its own (taskset), the load generator on the others`;

/**
 * Reads the options from the command line, then the environment.
 *
 * @throws Error naming the flag (or variable) and its value when a value is not a positive number
 *   within its bound (a duration of at most an hour, ...)
 */
export function parseBenchOptions(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): BenchOptions {
  const quick = argv.includes('--quick') || isOn(env.BENCH_QUICK);
  const { pinned, ...numeric } = quick ? QUICK_BENCH_OPTIONS : DEFAULT_BENCH_OPTIONS;
  const options: Record<Exclude<keyof BenchOptions, 'pinned'>, number> = { ...numeric };
  for (const [flag, { env: variable, option, integer, max }] of Object.entries(NUMERIC_FLAGS)) {
    const fromArgv = argv.find((arg) => arg.startsWith(`--${flag}=`))?.slice(flag.length + 3);
    const text = fromArgv ?? env[variable];
    if (text === undefined || text === '') continue;
    const value = Number(text);
    if (
      !Number.isFinite(value) ||
      value <= 0 ||
      value > max ||
      (integer && !Number.isInteger(value))
    ) {
      const expected = `${integer ? 'a positive integer' : 'a positive number'} of at most ${max}`;
      const given = fromArgv === undefined ? variable : `--${flag}`;
      throw new Error(`${given}=${JSON.stringify(text)} is invalid: expected ${expected}`);
    }
    options[option] = value;
  }
  const unknown = argv.filter(
    (arg) =>
      arg !== '--quick' &&
      arg !== '--unpinned' &&
      !Object.keys(NUMERIC_FLAGS).some((f) => arg.startsWith(`--${f}=`)),
  );
  if (unknown.length > 0) throw new Error(`unknown argument ${JSON.stringify(unknown[0])}`);
  // autocannon runs whole seconds: a shorter run would last a second and be reported as shorter.
  for (const [what, seconds] of [
    ['--warmup', options.warmupSeconds],
    ['--duration divided by --rounds', options.durationSeconds / options.rounds],
  ] as const) {
    if (!Number.isInteger(seconds)) {
      throw new Error(`${what} is ${seconds} s: expected a whole number of seconds`);
    }
  }
  const unpinned = argv.includes('--unpinned') || isOn(env.BENCH_UNPINNED);
  return { ...options, pinned: pinned && !unpinned };
}
