/**
 * The real CRDs the cluster tests install: Knative Serving, Knative Eventing and Config Connector,
 * from `../shared/crds` when it is there, else from the Go module proxy copies of the same upstream
 * commits (`go mod download` fetches them once into the Go module cache).
 *
 * @see https://go.dev/ref/mod#go-mod-download
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** `../shared/crds` beside the repository (present in CI and on developers' machines). */
export const SHARED_CRDS_DIR = path.resolve(__dirname, '../../../../shared/crds');

/**
 * Where each known CRD comes from: one public Go module version per upstream repository (the
 * commits the `../shared/crds` copies were taken from), the directory in that module, and the
 * directory of `../shared/crds` holding the same files byte for byte.
 */
export const CRD_SOURCES = [
  {
    // https://proxy.golang.org/knative.dev/serving/@v/v0.50.0.info: tag knative-v1.23.0, 7ed4aa2
    module: 'knative.dev/serving',
    version: 'v0.50.0',
    moduleDir: 'config/core/300-resources',
    sharedDir: 'knative-serving',
    crds: {
      'service.yaml': 'services.serving.knative.dev',
      'configuration.yaml': 'configurations.serving.knative.dev',
      'revision.yaml': 'revisions.serving.knative.dev',
      'route.yaml': 'routes.serving.knative.dev',
    },
  },
  {
    // https://proxy.golang.org/knative.dev/eventing/@v/v0.49.2.info: tag knative-v1.22.2, 532b01f
    module: 'knative.dev/eventing',
    version: 'v0.49.2',
    moduleDir: 'config/core/resources',
    sharedDir: 'knative-eventing',
    crds: {
      'broker.yaml': 'brokers.eventing.knative.dev',
      'trigger.yaml': 'triggers.eventing.knative.dev',
      'containersource.yaml': 'containersources.sources.knative.dev',
      'sinkbindings.yaml': 'sinkbindings.sources.knative.dev',
    },
  },
  {
    // https://proxy.golang.org/github.com/!google!cloud!platform/k8s-config-connector/@v/v1.155.1.info
    module: 'github.com/GoogleCloudPlatform/k8s-config-connector',
    version: 'v1.155.1',
    moduleDir: 'config/crds/resources',
    sharedDir: 'config-connector',
    crds: Object.fromEntries(
      [
        'pubsubtopics.pubsub',
        'pubsubsubscriptions.pubsub',
        'storagenotifications.storage',
        'iampolicymembers.iam',
        'iamserviceaccounts.iam',
        'storagebuckets.storage',
      ].map((stem) => [
        `apiextensions.k8s.io_v1_customresourcedefinition_${stem}.cnrm.cloud.google.com.yaml`,
        `${stem}.cnrm.cloud.google.com`,
      ]),
    ),
  },
] as const;

/** One CRD file and where it came from. */
export interface KnownCrdFile {
  /** The CRD's name, `<plural>.<group>`, e.g. `services.serving.knative.dev`. */
  readonly name: string;
  /** Absolute path of the YAML file. */
  readonly file: string;
  /** `shared` (`../shared/crds`) or `go-modules` (the Go module cache). */
  readonly source: KnownCrdSource;
}

/** Where `knownCrdFiles` reads the files. */
export type KnownCrdSource = 'shared' | 'go-modules';

/** Options of `knownCrdFiles`. */
export interface KnownCrdFilesOptions {
  /** Force one source. @default `shared` when `SHARED_CRDS_DIR` exists, else `go-modules` */
  readonly source?: KnownCrdSource;
}

async function moduleDir(module: string, version: string): Promise<string> {
  // Outside any Go module (the repository is none, but a go.work above it would count).
  const { stdout } = await run('go', ['mod', 'download', '-json', `${module}@${version}`], {
    cwd: os.tmpdir(),
    env: { ...process.env, GOWORK: 'off' },
    maxBuffer: 1 << 20,
  }).catch((error: unknown) => {
    const { stdout: out = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(
      `go mod download ${module}@${version} failed (the CRDs come from the Go module proxy when ` +
        `../shared/crds is absent; needs Go): ${out}${stderr}`,
      { cause: error },
    );
  });
  const { Dir } = JSON.parse(stdout) as { Dir?: string };
  if (!Dir) throw new Error(`go mod download ${module}@${version} printed no Dir: ${stdout}`);
  return Dir;
}

/**
 * The Knative Serving (Service, Configuration, Revision, Route), Knative Eventing (Broker,
 * Trigger, ContainerSource, SinkBinding) and Config Connector (PubSubTopic, PubSubSubscription,
 * StorageNotification, IAMPolicyMember, IAMServiceAccount, StorageBucket) CRD files.
 *
 * @throws Error when the Go module source is used and `go mod download` fails (its output quoted).
 * @see https://proxy.golang.org/ (the `go-modules` source)
 */
export async function knownCrdFiles(
  options: KnownCrdFilesOptions = {},
): Promise<readonly KnownCrdFile[]> {
  const source = options.source ?? (existsSync(SHARED_CRDS_DIR) ? 'shared' : 'go-modules');
  const groups = await Promise.all(
    CRD_SOURCES.map(async (origin) => {
      const dir =
        source === 'shared'
          ? path.join(SHARED_CRDS_DIR, origin.sharedDir)
          : path.join(await moduleDir(origin.module, origin.version), origin.moduleDir);
      return Object.entries(origin.crds).map(([file, name]) => ({
        name,
        file: path.join(dir, file),
        source,
      }));
    }),
  );
  return groups.flat();
}
