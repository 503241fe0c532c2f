/**
 * `installCrds`: server-side applies CRD files and waits until each kind is Established and
 * answers a list.
 *
 * @see https://kubernetes.io/docs/tasks/extend-kubernetes/custom-resources/custom-resource-definitions/
 */
import { readFile } from 'node:fs/promises';
import { setTimeout as delay } from 'node:timers/promises';
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

/** The field manager `installCrds` applies with. */
export const CRD_FIELD_MANAGER = 'dualrun-test';

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
