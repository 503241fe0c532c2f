/**
 * `npm run convert` as a command: arguments in, files read and written through the functions it is
 * given, lines out, the exit status back. Errors are one line each and map to their exit status.
 */
import { parse, parseAllDocuments } from 'yaml';
import {
  convertCommand,
  CONVERT_USAGE,
  type ConvertCommandIo,
} from '../../src/convert/convert-command';
import {
  createManifestValidator,
  type ManifestValidator,
} from '../../src/validator/validate-manifests';
import { IMAGE, serviceOf, yamlOf } from '../support/convert-cases';

const validator = createManifestValidator();

/** A command run against in-memory files. */
function run(
  args: readonly string[],
  files: Record<string, string>,
  over: Partial<ConvertCommandIo> = {},
) {
  const written: Record<string, string> = {};
  let stdout = '';
  let stderr = '';
  const io: ConvertCommandIo = {
    readFile: (path) => {
      const text = files[path];
      if (text === undefined)
        throw Object.assign(new Error(`ENOENT: no such file or directory, open '${path}'`), {
          code: 'ENOENT',
        });
      return text;
    },
    writeFile: (path, text) => {
      written[path] = text;
    },
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    validator,
    ...over,
  };
  const status = convertCommand(args, io);
  return { status, stdout, stderr, written };
}

const KNATIVE = yamlOf(serviceOf('knative'));
const CLOUD_RUN = yamlOf(serviceOf('cloud-run'));
const FLAGS = ['--project-number', '123456789012', '--region', 'us-central1'];

describe('arguments and input errors: exit 2, one line', () => {
  test.each([
    ['no FILE', [], {}, 'convert: FILE is missing'],
    [
      'an unknown option',
      ['k.yaml', '--frobnicate'],
      { 'k.yaml': KNATIVE },
      "Unknown option '--frobnicate'",
    ],
    [
      'a bad --to',
      ['k.yaml', '--to', 'lambda'],
      { 'k.yaml': KNATIVE },
      '--to "lambda": use cloudrun or knative',
    ],
    [
      'a missing file',
      ['gone.yaml'],
      {},
      "convert: gone.yaml: cannot read it (ENOENT: no such file or directory, open 'gone.yaml')",
    ],
    [
      'unparsable YAML',
      ['bad.yaml'],
      { 'bad.yaml': 'kind: Service\n  metadata: [\n' },
      'convert: bad.yaml:1:7: the YAML does not parse: Nested mappings are not allowed in compact mappings',
    ],
    [
      'no Service in the file',
      ['t.yaml'],
      { 't.yaml': 'apiVersion: eventing.knative.dev/v1\nkind: Trigger\nmetadata: {name: t}\n' },
      'convert: t.yaml holds no serving.knative.dev/v1 Service (it holds Trigger/t)',
    ],
    [
      'two Services without --name',
      ['two.yaml'],
      {
        'two.yaml': yamlOf(
          serviceOf('knative'),
          serviceOf('knative', { metadata: { name: 'other' } }),
        ),
      },
      'convert: two.yaml holds 2 Services (worker, other): choose one with --name',
    ],
    [
      'a --name the file lacks',
      ['k.yaml', '--name', 'nope'],
      { 'k.yaml': KNATIVE },
      'convert: k.yaml has no Service named "nope" (it has worker)',
    ],
    [
      'the 2019 v1alpha1 API',
      ['old.yaml'],
      {
        'old.yaml':
          'apiVersion: serving.knative.dev/v1alpha1\nkind: Service\nmetadata: {name: vision-csharp}\nspec: {runLatest: {}}\n',
      },
      'is serving.knative.dev/v1alpha1, the API before v1',
    ],
    [
      '--to cloudrun on a Cloud Run service',
      ['c.yaml', '--to', 'cloudrun'],
      { 'c.yaml': CLOUD_RUN },
      'is a Cloud Run service already (the cloud.googleapis.com/location label): convert it with --to knative',
    ],
  ])('%s', (_name, args, files, message) => {
    const { status, stdout, stderr, written } = run(args, files);
    expect(status).toBe(2);
    const [first, ...rest] = stderr.split('\n');
    expect(first).toContain(message);
    // A usage error is followed by the usage; any other is one line.
    expect(rest.join('\n')).toBe(stderr.includes(CONVERT_USAGE) ? `\n${CONVERT_USAGE}` : '');
    expect(stdout).toBe('');
    expect(written).toEqual({});
  });

  test('a usage error prints the usage after its line', () => {
    expect(run([], {}).stderr).toBe(`convert: FILE is missing\n\n${CONVERT_USAGE}`);
  });

  test('--help prints the usage on stdout, exit 0', () => {
    expect(run(['--help'], {})).toEqual({
      status: 0,
      stdout: CONVERT_USAGE,
      stderr: '',
      written: {},
    });
  });
});

describe('output', () => {
  test('without --out the manifest goes to stdout and the lines to stderr', () => {
    const { status, stdout, stderr } = run(['k.yaml', ...FLAGS], { 'k.yaml': KNATIVE });
    expect(status).toBe(0);
    expect(parse(stdout)).toMatchObject({
      metadata: { name: 'worker', namespace: '123456789012' },
    });
    expect(stderr).toContain('change metadata.namespace: "events" → "123456789012"');
    expect(stderr.trimEnd().split('\n').at(-1)).toBe(
      'convert: Knative Service worker → Cloud Run service: 6 changes, 0 losses, 1 action',
    );
  });

  test('with --out the manifest goes to the file and the lines to stdout', () => {
    const { status, stdout, stderr, written } = run(
      ['c.yaml', '--out', 'k.yaml', '--namespace', 'events'],
      { 'c.yaml': CLOUD_RUN },
    );
    expect(status).toBe(0);
    expect(stderr).toBe('');
    expect(Object.keys(written)).toEqual(['k.yaml']);
    expect(parse(written['k.yaml'] ?? '')).toMatchObject({
      metadata: {
        namespace: 'events',
        labels: { 'networking.knative.dev/visibility': 'cluster-local' },
      },
    });
    expect(stdout.trimEnd().split('\n').at(-1)).toMatch(
      /^convert: Cloud Run service worker → Knative Service in k\.yaml: 6 changes, 0 losses, 1 action$/,
    );
  });

  test('the manifest starts with a header naming the input and how to apply it', () => {
    const { stdout } = run(['k.yaml', ...FLAGS], { 'k.yaml': KNATIVE });
    expect(stdout.split('\n')[0]).toBe(
      '# Converted by `npm run convert` from k.yaml: review the lines it printed, then gcloud run services replace this file.',
    );
  });

  test('strings a YAML 1.1 reader would misread are quoted', () => {
    const service = serviceOf('knative', {
      container: {
        env: [
          { name: 'ENABLED', value: 'on' },
          { name: 'COUNT', value: '10' },
          { name: 'N', value: 'n' },
        ],
      },
    });
    const { stdout } = run(['k.yaml', ...FLAGS], { 'k.yaml': yamlOf(service) });
    expect(stdout).toContain('value: "on"');
    expect(stdout).toContain('value: "10"');
    expect(stdout).toContain('value: "n"');
    expect(stdout).toContain('namespace: "123456789012"');
  });

  test('other documents of the file are named in the summary, not converted', () => {
    const trigger = {
      apiVersion: 'eventing.knative.dev/v1',
      kind: 'Trigger',
      metadata: { name: 't' },
    };
    const { stdout, stderr } = run(['k.yaml', ...FLAGS], {
      'k.yaml': yamlOf(trigger, serviceOf('knative')),
    });
    expect(parseAllDocuments(stdout)).toHaveLength(1);
    expect(stderr).toContain('; not converted, also in the file: Trigger/t');
  });

  test('--name picks one of several Services', () => {
    const file = yamlOf(
      serviceOf('knative'),
      serviceOf('knative', { metadata: { name: 'other' } }),
    );
    const { status, stdout } = run(['two.yaml', '--name', 'other', ...FLAGS], { 'two.yaml': file });
    expect(status).toBe(0);
    expect(parse(stdout)).toMatchObject({ metadata: { name: 'other' } });
  });
});

describe('exit statuses of a conversion', () => {
  const lossy = yamlOf(
    serviceOf('knative', { container: { securityContext: { readOnlyRootFilesystem: true } } }),
  );

  test('losses: exit 1, written, each loss listed', () => {
    const { status, stdout, stderr } = run(['k.yaml', ...FLAGS], { 'k.yaml': lossy });
    expect(status).toBe(1);
    expect(stdout).toContain('kind: Service');
    expect(stderr).toContain(
      'loss spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem: dropped (true)',
    );
  });

  test('losses with --strict: exit 1, nothing written', () => {
    const { status, stdout, stderr, written } = run(
      ['k.yaml', '--strict', '--out', 'c.yaml', ...FLAGS],
      { 'k.yaml': lossy },
    );
    expect(status).toBe(1);
    expect(written).toEqual({});
    expect(stdout).toContain(
      'loss spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem',
    );
    expect(stderr).toBe('convert: --strict: 1 loss (above): nothing written\n');
  });

  test('a refusal: exit 2, nothing written, the flag named', () => {
    const { status, stdout, stderr } = run(['k.yaml', '--region', 'us-central1'], {
      'k.yaml': KNATIVE,
    });
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(
      "refusal metadata.namespace: --project-number is missing: Cloud Run's namespace is the project number",
    );
    expect(stderr.trimEnd().split('\n').at(-1)).toBe('convert: 1 refusal (above): nothing written');
  });

  test('a finding of the target validator in the output is a bug in convert: exit 2, nothing written', () => {
    const finding = {
      rule: 'cloudrun/ports',
      file: 'cloudrun/service.yaml',
      kind: 'Service',
      name: 'worker',
      path: 'spec',
      message: 'made up',
      line: 3,
    };
    const failing: ManifestValidator = {
      check: () => ({ findings: [finding], summary: { files: 1, documents: 1, rules: 1 } }),
    };
    const { status, stdout, stderr, written } = run(
      ['k.yaml', '--out', 'c.yaml', ...FLAGS],
      { 'k.yaml': KNATIVE },
      { validator: failing },
    );
    expect(status).toBe(2);
    expect(written).toEqual({});
    expect(stdout).toContain(
      'invalid output: cloudrun/service.yaml:3: Service/worker: spec: [cloudrun/ports] made up',
    );
    expect(stderr).toContain('a bug in convert; nothing written');
  });

  test('an output file that cannot be written: exit 2', () => {
    const { status, stderr } = run(
      ['k.yaml', '--out', '/nope/c.yaml', ...FLAGS],
      { 'k.yaml': KNATIVE },
      {
        writeFile: () => {
          throw new Error('EACCES: permission denied');
        },
      },
    );
    expect(status).toBe(2);
    expect(stderr).toContain('convert: /nope/c.yaml: cannot write it (EACCES: permission denied)');
  });

  test('--to knative takes a Service without Cloud Run marks as Cloud Run', () => {
    const plain = yamlOf(
      serviceOf('cloud-run', {
        labels: { 'cloud.googleapis.com/location': undefined },
        annotations: { 'run.googleapis.com/ingress': undefined },
      }),
    );
    const { status, stdout } = run(['c.yaml', '--to', 'knative'], { 'c.yaml': plain });
    expect(status).toBe(0);
    expect(parse(stdout)).toMatchObject({
      metadata: { labels: { 'networking.knative.dev/visibility': 'cluster-local' } },
      spec: { template: { spec: { containers: [{ image: IMAGE }] } } },
    });
  });
});
