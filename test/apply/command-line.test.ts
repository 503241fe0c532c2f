/** The command line of apply and status: settings, defaults, and usage errors (exit 4). */
import { EXIT_CODES, exitCodeOf, UsageError } from '../../src/apply/apply-errors';
import { parseCommandLine, USAGE } from '../../src/apply/command-line';
import { runInProcess } from './support/run-in-process';

test('apply with no option: knative/ under the current directory, 5 minutes, no dry run', () => {
  expect(parseCommandLine(['apply'])).toEqual({
    command: 'apply',
    target: 'knative',
    dir: '.',
    dryRun: false,
    timeoutMs: 300_000,
    timeoutText: '5m',
  });
});

test('every option of apply', () => {
  expect(
    parseCommandLine([
      'apply',
      '--target',
      'config-connector',
      '--config',
      'prod.yaml',
      '--context',
      'gke',
      '--kubeconfig',
      '/k',
      '--dry-run',
      '--timeout',
      '90s',
    ]),
  ).toEqual({
    command: 'apply',
    target: 'config-connector',
    dir: '.',
    config: 'prod.yaml',
    context: 'gke',
    kubeconfig: '/k',
    dryRun: true,
    timeoutMs: 90_000,
    timeoutText: '90s',
  });
});

test('--help', () => {
  expect(parseCommandLine(['status', '-h'])).toBe('help');
});

test.each([
  ['no command', [], 'the first argument must be apply or status, not ""'],
  ['another command', ['delete'], 'the first argument must be apply or status, not "delete"'],
  ['an unknown option', ['apply', '--force'], "Unknown option '--force'"],
  ['a positional argument', ['apply', 'knative/'], "Unexpected argument 'knative/'"],
  [
    'an unknown target',
    ['apply', '--target', 'cloudrun'],
    '--target "cloudrun" is not one of knative, config-connector',
  ],
  [
    '--config with --dir',
    ['apply', '--config', 'a.yaml', '--dir', 'out'],
    '--config and --dir exclude each other',
  ],
  ['--timeout for status', ['status', '--timeout', '1m'], 'options of apply, not of status'],
  ['a bad duration', ['apply', '--timeout', '5'], '--timeout "5" is not a duration'],
])('%s: a usage error (exit 4) naming it', (_case, argv, message) => {
  expect(() => parseCommandLine(argv)).toThrow(UsageError);
  expect(() => parseCommandLine(argv)).toThrow(message);
  expect(exitCodeOf(new UsageError(message))).toBe(EXIT_CODES.input);
});

describe('runCommand: one message and one exit code per outcome', () => {
  test('--help: the usage on stdout, exit 0', async () => {
    const result = await runInProcess(['apply', '--help']);
    expect(result).toEqual({ code: EXIT_CODES.ready, out: `${USAGE}\n`, err: '' });
  });

  test('a usage error: the message, then the usage, on stderr; exit 4', async () => {
    const result = await runInProcess(['apply', '--target', 'cloudrun']);
    expect(result).toEqual({
      code: EXIT_CODES.input,
      out: '',
      err: `apply: --target "cloudrun" is not one of knative, config-connector, knative-wiring\n${USAGE}\n`,
    });
  });

  test('an error no table row names is a fault of the command: its stack printed, exit 5', async () => {
    const result = await runInProcess(['status', '--config', 'x.yaml'], {
      deps: { synthesize: () => Promise.reject(new Error('boom')) },
    });
    expect(result.code).toBe(EXIT_CODES.fault);
    expect(result.err).toMatch(/^status: a fault of the command: Error: boom\n {4}at /);
  });
});
