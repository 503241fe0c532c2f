/**
 * The real CRDs the cluster tests install: Knative Serving, Knative Eventing and Config Connector,
 * from `../shared/crds` when it is there, else from the Go module proxy copies of the same upstream
 * commits (`go mod download` fetches and caches them in the Go module cache), and `installCrds`,
 * which server-side applies CRD files and waits until each is Established.
 *
 * @see https://kubernetes.io/docs/tasks/extend-kubernetes/custom-resources/custom-resource-definitions/
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { promisify } from 'node:util';
import {
  ApiextensionsV1Api,
  CustomObjectsApi,
  KubernetesObjectApi,
  PatchStrategy,
  loadAllYaml,
  type KubeConfig,
  type KubernetesObject,
  type V1CustomResourceDefinition,
} from '@kubernetes/client-node';

const run = promisify(execFile);

/** `../shared/crds` beside the repository (present in CI and on developers' machines). */
export const SHARED_CRDS_DIR = path.resolve(__dirname, '../../../../shared/crds');

/** The field manager `installCrds` applies with. */
export const CRD_FIELD_MANAGER = 'dualrun-test';

/**
 * Where each known CRD comes from: one public Go module version per upstream repository (the same
 * commits as `../shared/crds/SOURCES.md` names), the directory in that module, and the directory
 * of `../shared/crds` holding the same files byte for byte.
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

/** Thrown when the API server refuses a CRD or does not establish it in time. */
export class CrdInstallError extends Error {
  override readonly name = 'CrdInstallError';
}

/** Options of `installCrds`. */
export interface InstallCrdsOptions {
  /** How long to wait for every CRD to be Established and serving. @default 30000 */
  readonly timeoutMs?: number;
}

function serverMessage(error: unknown): string {
  const body = (error as { body?: unknown }).body;
  if (typeof body === 'string') {
    try {
      return (JSON.parse(body) as { message?: string }).message ?? body;
    } catch {
      return body;
    }
  }
  return error instanceof Error ? error.message : String(error);
}

const isEstablished = (crd: V1CustomResourceDefinition): boolean =>
  (crd.status?.conditions ?? []).some((c) => c.type === 'Established' && c.status === 'True');

// Answers while a new kind's storage starts: 404 before its discovery is served, 429 "storage is
// (re)initializing" while its watch cache fills (after Established).
const NOT_YET_SERVING = new Set([404, 429, 503]);

/**
 * Whether the CRD's kind is ready for use: Established, and a list of its objects answers (a list
 * right after Established can still answer 429 while the watch cache initialises).
 */
async function isServing(config: KubeConfig, name: string): Promise<boolean> {
  const crd = await config.makeApiClient(ApiextensionsV1Api).readCustomResourceDefinition({ name });
  if (!isEstablished(crd)) return false;
  const version = crd.spec.versions.find((candidate) => candidate.storage)?.name ?? '';
  try {
    await config.makeApiClient(CustomObjectsApi).listClusterCustomObject({
      group: crd.spec.group,
      version,
      plural: crd.spec.names.plural,
      limit: 1,
    });
    return true;
  } catch (error) {
    if (NOT_YET_SERVING.has((error as { code?: number }).code ?? 0)) return false;
    throw error;
  }
}

async function applyCrdFile(objects: KubernetesObjectApi, file: string): Promise<string[]> {
  const crds = (loadAllYaml(await readFile(file, 'utf8')) as KubernetesObject[]).filter(
    (object) => object.kind === 'CustomResourceDefinition',
  );
  if (crds.length === 0) throw new CrdInstallError(`${file} holds no CustomResourceDefinition`);
  return Promise.all(
    crds.map(async (crd) => {
      try {
        const applied = await objects.patch(
          crd,
          undefined,
          undefined,
          CRD_FIELD_MANAGER,
          true,
          PatchStrategy.ServerSideApply,
        );
        return applied.metadata?.name ?? '';
      } catch (error) {
        throw new CrdInstallError(
          `the API server refused the CRD in ${file}: ${serverMessage(error)}`,
          { cause: error },
        );
      }
    }),
  );
}

/**
 * Server-side applies every CustomResourceDefinition in `files` (field manager
 * `CRD_FIELD_MANAGER`, forced), then waits until each is Established and its kind answers a list.
 *
 * @returns the CRD names, in file order
 * @throws CrdInstallError naming the file and quoting the API server's message when it refuses a
 *   CRD, or naming the CRDs not serving within `timeoutMs`.
 */
export async function installCrds(
  config: KubeConfig,
  files: readonly string[],
  options: InstallCrdsOptions = {},
): Promise<readonly string[]> {
  const objects = KubernetesObjectApi.makeApiClient(config);
  const names = (await Promise.all(files.map((file) => applyCrdFile(objects, file)))).flat();
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  let pending = names;
  for (;;) {
    const serving = await Promise.all(pending.map((name) => isServing(config, name)));
    pending = pending.filter((_name, index) => !serving[index]);
    if (pending.length === 0) return names;
    if (Date.now() > deadline) {
      throw new CrdInstallError(`CRDs not Established and serving in time: ${pending.join(', ')}`);
    }
    await delay(50);
  }
}
