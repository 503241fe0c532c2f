/**
 * Real manifests nobody here wrote: the Knative Services and Cloud Run services in
 * ../shared/examples/manifests (when it is there: copies of public examples, each named by its
 * upstream file), and the tutorial's vision kservice as docs/convert.md quotes it (always). Each
 * converts with the lines listed (kind, rule, field) and the exit status given, and converts back;
 * template placeholders are refused as they are, and converted once substituted as their tutorials
 * say. A file of the examples without a row here fails: every example is accounted for.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { convertCommand } from '../../src/convert/convert-command';
import { createManifestValidator } from '../../src/validator/validate-manifests';
import { docBlock } from './convert-doc-blocks';

const EXAMPLES = path.resolve(__dirname, '../../../shared/examples/manifests');
const FOLDERS = ['knative', 'cloud-run'];
const validator = createManifestValidator();
const TO_CLOUD_RUN = ['--project-number', '123456789012', '--region', 'us-central1'];

/** Runs the command on `text`; the status, each line as `kind rule field`, and the output. */
function convert(text: string, args: readonly string[]) {
  let stdout = '';
  let stderr = '';
  let output = '';
  const status = convertCommand(['in.yaml', '--out', 'out.yaml', ...args], {
    readFile: () => text,
    writeFile: (_file, written) => {
      output = written;
    },
    stdout: (line) => (stdout += line),
    stderr: (line) => (stderr += line),
    validator,
  });
  const lines = stdout
    .split('\n')
    .map((line) => /^(change|loss|refusal|action) (.+?): .* \[([a-z-]+); \S+\]$/.exec(line))
    .flatMap((m) => (m === null ? [] : [`${m[1] ?? ''} ${m[3] ?? ''} ${m[2] ?? ''}`]));
  return { status, lines, output, stderr };
}

interface Example {
  /** What the row converts: `docs/convert.md` or a file of the examples. */
  readonly file: string;
  /** Placeholders replaced before converting, as the example's tutorial tells its reader. */
  readonly substitute?: Readonly<Record<string, string>>;
  readonly args: readonly string[];
  readonly status: number;
  /** Every line, `kind rule field`, in order; of a refused input, its refusals only. */
  readonly lines: readonly string[];
  /** The first line on stderr, for inputs that are no single Service. */
  readonly error?: string;
  /** Converting the output back: its arguments and exit status (the validator passed it). */
  readonly back?: { readonly args: readonly string[]; readonly status: number };
}

const CR = 'spec.template.spec.containers';
const VISION_LINES = [
  'change namespace metadata.namespace',
  'change region metadata.labels["cloud.googleapis.com/location"]',
  'change visibility metadata.annotations["run.googleapis.com/ingress"]',
  'action visibility metadata.annotations["run.googleapis.com/ingress"]',
  'change service-account spec.template.spec.serviceAccountName',
  'change traffic spec.traffic',
  `change ports-and-port-env ${CR}[0].ports`,
  'change container-concurrency spec.template.spec.containerConcurrency',
];
const NO_SERVICE = (file: string, holds: string): Example => ({
  file,
  args: [],
  status: 2,
  lines: [],
  error: `convert: in.yaml holds no serving.knative.dev/v1 Service (it holds ${holds})`,
});

const ROWS: readonly Example[] = [
  {
    file: 'docs/convert.md',
    args: TO_CLOUD_RUN,
    status: 0,
    lines: VISION_LINES,
    back: { args: [], status: 0 },
  },
  {
    file: 'knative/knative-tutorial__eventing__vision__kservice.yaml',
    args: TO_CLOUD_RUN,
    status: 0,
    lines: VISION_LINES,
    back: { args: [], status: 0 },
  },
  {
    file: 'knative/eventarc-samples__image-v1__filter__kservice.yaml',
    args: TO_CLOUD_RUN,
    status: 0,
    lines: VISION_LINES,
    back: { args: [], status: 0 },
  },
  {
    file: 'knative/knative-tutorial-2019__eventing__vision-csharp__trigger.yaml',
    args: [],
    status: 2,
    lines: [],
    error:
      'convert: in.yaml: Service/vision-csharp is serving.knative.dev/v1alpha1, the API before v1: rewrite it as serving.knative.dev/v1 (spec.template instead of runLatest) first',
  },
  NO_SERVICE('knative/knative-tutorial__eventing__vision__trigger.yaml', 'Trigger/trigger-vision'),
  NO_SERVICE('knative/eventarc-samples__image-v1__filter__trigger.yaml', 'Trigger/trigger-filter'),
  NO_SERVICE(
    'knative/eventarc-samples__image-v1__cloudstoragesource.yaml',
    'CloudStorageSource/storagesource-images-input',
  ),
  NO_SERVICE(
    'knative/knative-tutorial__eventing__storage__cloudstoragesource.yaml',
    'CloudStorageSource/cloud-storage-source',
  ),
  NO_SERVICE(
    'knative/knative-tutorial-2019__eventing__gcp-pubsub-source.yaml',
    'GcpPubSubSource/testing-source',
  ),
  {
    file: 'cloud-run/meteatamel-cloudrun-tutorial__health-checks__service.yaml',
    args: [],
    status: 0,
    lines: [
      'change namespace metadata.namespace',
      'change region metadata.labels["cloud.googleapis.com/location"]',
      'change visibility metadata.annotations["run.googleapis.com/ingress"]',
      'change autoscaling-keys spec.template.metadata.annotations["autoscaling.knative.dev/maxScale"]',
      'change cloud-run-annotations metadata.annotations["run.googleapis.com/ingress-status"]',
      'change cloud-run-annotations metadata.annotations["run.googleapis.com/launch-stage"]',
      'change cloud-run-annotations spec.template.metadata.annotations["run.googleapis.com/client-name"]',
      'change cloud-run-annotations spec.template.metadata.annotations["run.googleapis.com/client-version"]',
      'change service-account spec.template.spec.serviceAccountName',
      'action service-account spec.template.spec.serviceAccountName',
      'change traffic spec.traffic',
      `change security-context ${CR}[0].securityContext`,
      `action security-context ${CR}[0].securityContext`,
      `change probes ${CR}[0].startupProbe`,
    ],
    back: {
      args: [
        '--project-number',
        '422012409783',
        '--region',
        'europe-west1',
        '--service-account',
        '422012409783-compute@developer.gserviceaccount.com',
      ],
      status: 1,
    },
  },
  {
    file: 'cloud-run/cloud-run-samples__multi-container__hello-nginx-sample__service.yaml',
    args: [],
    status: 2,
    lines: ['refusal service-name metadata.name'],
    error: 'convert: 1 refusal (above): nothing written',
  },
  {
    file: 'cloud-run/cloud-run-samples__multi-container__hello-nginx-sample__service.yaml',
    substitute: { MC_SERVICE_NAME: 'hello-nginx', '"REGION"': 'us-central1' },
    args: [],
    status: 1,
    lines: [
      'change namespace metadata.namespace',
      'change region metadata.labels["cloud.googleapis.com/location"]',
      'change visibility metadata.annotations["run.googleapis.com/ingress"]',
      'change cloud-run-annotations metadata.annotations["run.googleapis.com/launch-stage"]',
      'loss cloud-run-annotations metadata.annotations["run.googleapis.com/description"]',
      'loss cloud-run-annotations spec.template.metadata.annotations["run.googleapis.com/container-dependencies"]',
      'change service-account spec.template.spec.serviceAccountName',
      `change security-context ${CR}[0].securityContext`,
      `change security-context ${CR}[1].securityContext`,
      `action security-context ${CR}[0].securityContext`,
      'change container-concurrency spec.template.spec.containerConcurrency',
      `change probes ${CR}[0].startupProbe`,
      `loss probes ${CR}[1].startupProbe`,
      'change volumes spec.template.spec.volumes[0].secret',
      'action volumes spec.template.spec.volumes[0].secret',
    ],
    back: { args: TO_CLOUD_RUN, status: 1 },
  },
  {
    file: 'cloud-run/opentelemetry-cloud-run__golang__run-service.yaml',
    args: [],
    status: 2,
    lines: [
      'refusal service-name metadata.name',
      `refusal image ${CR}[0].image`,
      `refusal image ${CR}[1].image`,
    ],
    error: 'convert: 3 refusals (above): nothing written',
  },
  {
    file: 'cloud-run/opentelemetry-cloud-run__golang__run-service.yaml',
    substitute: {
      '%SERVICE_NAME%': 'otel-sample',
      '%SAMPLE_APP_IMAGE%': 'us-docker.pkg.dev/my-project/samples/app:1',
      '%OTELCOL_IMAGE%': 'us-docker.pkg.dev/my-project/samples/collector:1',
    },
    args: [],
    status: 1,
    lines: [
      'change namespace metadata.namespace',
      'change visibility metadata.annotations["run.googleapis.com/ingress"]',
      'change cloud-run-annotations metadata.annotations["run.googleapis.com/launch-stage"]',
      'change cloud-run-annotations spec.template.metadata.annotations["run.googleapis.com/execution-environment"]',
      'loss cloud-run-annotations spec.template.metadata.annotations["run.googleapis.com/container-dependencies"]',
      'change service-account spec.template.spec.serviceAccountName',
      `change security-context ${CR}[0].securityContext`,
      `change security-context ${CR}[1].securityContext`,
      `action security-context ${CR}[0].securityContext`,
      'change container-concurrency spec.template.spec.containerConcurrency',
      `loss probes ${CR}[1].startupProbe`,
    ],
    back: { args: TO_CLOUD_RUN, status: 1 },
  },
];

const present = existsSync(EXAMPLES);
const exampleFiles = present
  ? FOLDERS.flatMap((folder) =>
      readdirSync(path.join(EXAMPLES, folder))
        .filter((name) => name.endsWith('.yaml'))
        .map((name) => `${folder}/${name}`),
    )
  : [];
const rows = ROWS.filter((row) => row.file === 'docs/convert.md' || present);
const textOf = (row: Example) => {
  const text =
    row.file === 'docs/convert.md'
      ? docBlock('kservice')
      : readFileSync(path.join(EXAMPLES, row.file), 'utf8');
  return Object.entries(row.substitute ?? {}).reduce(
    (t, [from, to]) => t.replaceAll(from, to),
    text,
  );
};
const nameOf = (row: Example) =>
  `${row.file}${row.substitute === undefined ? '' : ' (placeholders substituted)'}`;

describe.each(rows.map((row) => [nameOf(row), row] as const))('%s', (_name, row) => {
  const result = convert(textOf(row), row.args);
  const shown = result.lines.filter((line) => row.status !== 2 || line.startsWith('refusal '));

  test(`exits ${row.status}, printing its lines`, () => {
    expect({ status: result.status, lines: shown }).toEqual({
      status: row.status,
      lines: row.lines,
    });
    expect(result.stderr.split('\n')[0]).toBe(row.error ?? '');
  });
});

const writers = rows.flatMap((row) =>
  row.back === undefined ? [] : [[nameOf(row), row, row.back] as const],
);

test.each(writers)('%s converts back', (_name, row, back) => {
  const there = convert(textOf(row), row.args);
  const again = convert(there.output, back.args);
  expect({ status: again.status, stderr: again.stderr }).toEqual({
    status: back.status,
    stderr: '',
  });
  expect(parse(again.output)).toMatchObject({
    kind: 'Service',
    metadata: { name: expect.any(String) },
  });
});

test('every Knative Service and Cloud Run service of the examples has a row', () => {
  const covered = new Set(ROWS.map((row) => row.file));
  expect(exampleFiles.filter((file) => !covered.has(file))).toEqual([]);
});

test('docs/convert.md quotes the tutorial kservice: converted, both give the same manifest', () => {
  const quoted = convert(docBlock('kservice'), TO_CLOUD_RUN).output;
  const shared = present
    ? convert(
        readFileSync(
          path.join(EXAMPLES, 'knative/knative-tutorial__eventing__vision__kservice.yaml'),
          'utf8',
        ),
        TO_CLOUD_RUN,
      ).output
    : quoted;
  expect(parse(shared)).toEqual(parse(quoted));
  expect(parse(quoted)).toMatchObject({
    spec: { template: { metadata: { annotations: { 'autoscaling.knative.dev/minScale': '1' } } } },
  });
});
