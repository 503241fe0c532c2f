/**
 * Manifests for the apply tests: the committed `knative/dualrun.yaml` and
 * `cloudrun/config-connector.yaml` (the synth of the sample config; the drift test keeps them
 * current) with their namespace renamed, so each test has its own in one cluster, written where
 * `npm run synth -- --out DIR` would write them.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';

const ROOT = path.resolve(__dirname, '../../..');

/** A manifest object as plain data. */
export type Manifest = Record<string, unknown> & {
  apiVersion: string;
  kind: string;
  metadata: Record<string, unknown> & { name: string; namespace?: string };
};

/** The objects of a committed output file (`knative/dualrun.yaml`, ...). */
export async function committedObjects(file: string): Promise<Manifest[]> {
  const text = await readFile(path.join(ROOT, file), 'utf8');
  return parseAllDocuments(text, { version: '1.1' }).map((document) => document.toJS() as Manifest);
}

/** `objects` with every namespace `from` (and the Namespace named so) renamed `to`. */
export function inNamespace(objects: readonly Manifest[], from: string, to: string): Manifest[] {
  return objects.map((object) => {
    const copy = structuredClone(object);
    if (copy.kind === 'Namespace' && copy.metadata.name === from) copy.metadata.name = to;
    if (copy.metadata.namespace === from) copy.metadata.namespace = to;
    return copy;
  });
}

/** The knative/ objects of the sample config, in namespace `namespace`. */
export async function knativeObjects(namespace: string): Promise<Manifest[]> {
  return inNamespace(await committedObjects('knative/dualrun.yaml'), 'dualrun', namespace);
}

/**
 * A ContainerSource as the kit's own Pub/Sub source will be deployed (docs/pubsub-source.md): the
 * worker's image running the source, its own service account, the Broker as its sink.
 */
export function containerSource(namespace: string): Manifest {
  return {
    apiVersion: 'sources.knative.dev/v1',
    kind: 'ContainerSource',
    metadata: { name: 'image-uploads-pubsub', namespace },
    spec: {
      template: {
        spec: {
          serviceAccountName: 'image-labeler',
          containers: [
            {
              name: 'source',
              image: 'us-central1-docker.pkg.dev/my-project/dualrun/worker:0.1.0',
              command: ['node', 'dist/src/startup/source-main.js'],
              env: [{ name: 'PUBSUB_SUBSCRIPTION', value: 'image-uploads-source' }],
            },
          ],
        },
      },
      sink: { ref: { apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', name: 'default' } },
    },
  };
}

/**
 * Writes `objects` to `outDir/<file>` as one YAML stream (as `npm run synth -- --out outDir`
 * writes its outputs) and answers `outDir`.
 */
export async function writeOutput(
  outDir: string,
  file: 'knative/dualrun.yaml' | 'cloudrun/config-connector.yaml',
  objects: readonly Manifest[],
): Promise<string> {
  const target = path.join(outDir, file);
  await mkdir(path.dirname(target), { recursive: true });
  await writeFile(target, objects.map((object) => stringify(object)).join('---\n'));
  return outDir;
}
