/**
 * The manifests to apply: the synthesized output of a target, read as kubectl reads it (every
 * `.yaml`, `.yml` and `.json` file of a directory in name order, each a stream of YAML 1.1
 * documents), each document checked to be an object with `apiVersion`, `kind` and
 * `metadata.name`.
 *
 * @see https://kubernetes.io/docs/reference/kubectl/generated/kubectl_apply/
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { KubeObject } from '../cluster/kube-object';
import { InputError } from './apply-errors';

/** What `apply` can apply, and where `npm run synth` writes it under its output directory. */
export const TARGETS = Object.freeze({
  /** The Knative objects: `kubectl apply -f knative/`. */
  knative: 'knative',
  /** The Cloud Run wiring as Config Connector resources, for a cluster that runs Config Connector. */
  'config-connector': 'cloudrun/config-connector.yaml',
  /** The Knative source's Pub/Sub wiring as Config Connector resources (`knative.source.kind: pubsub`). */
  'knative-wiring': 'knative/wiring/config-connector.yaml',
});

/** A name of `TARGETS`. */
export type Target = keyof typeof TARGETS;

/** One object and where it was read. */
export interface ManifestEntry {
  readonly object: KubeObject;
  /** `file#n`: the file and the document's position in it, from 1. */
  readonly source: string;
}

const MANIFEST_FILE = /\.(ya?ml|json)$/;

async function manifestFiles(fileOrDir: string): Promise<string[]> {
  const info = await stat(fileOrDir).catch((error: unknown) => {
    throw new InputError(`${fileOrDir} cannot be read: ${(error as Error).message}`);
  });
  if (!info.isDirectory()) return [fileOrDir];
  const names = (await readdir(fileOrDir)).filter((name) => MANIFEST_FILE.test(name)).sort();
  if (names.length === 0) throw new InputError(`${fileOrDir} holds no .yaml, .yml or .json file`);
  return names.map((name) => path.join(fileOrDir, name));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkObject(value: unknown, source: string): KubeObject {
  const metadata = isRecord(value) ? value.metadata : undefined;
  if (
    !isRecord(value) ||
    typeof value.apiVersion !== 'string' ||
    typeof value.kind !== 'string' ||
    !isRecord(metadata) ||
    typeof metadata.name !== 'string'
  ) {
    throw new InputError(
      `${source} is not a Kubernetes object: it needs apiVersion, kind and metadata.name`,
    );
  }
  if (metadata.namespace !== undefined && typeof metadata.namespace !== 'string') {
    throw new InputError(`${source}: metadata.namespace must be a string`);
  }
  return value as unknown as KubeObject;
}

async function readFileObjects(file: string): Promise<ManifestEntry[]> {
  const text = await readFile(file, 'utf8');
  // YAML 1.1, as kubectl's reader (sigs.k8s.io/yaml): an unquoted `no` is false there.
  const documents = parseAllDocuments(text, { version: '1.1' });
  const list = Array.isArray(documents) ? documents : [];
  const entries: ManifestEntry[] = [];
  list.forEach((document, index) => {
    const source = `${file}#${index + 1}`;
    const [problem] = document.errors;
    if (problem) throw new InputError(`${source}: ${problem.message}`);
    const value: unknown = document.toJS();
    if (value === null || value === undefined) return;
    entries.push({ object: checkObject(value, source), source });
  });
  return entries;
}

/**
 * Every object in `fileOrDir` (a file, or a directory's manifest files in name order).
 *
 * @throws InputError naming the file (and document) when one cannot be read or parsed, or is not
 *   a Kubernetes object, or when there is no object at all
 */
export async function readManifests(fileOrDir: string): Promise<ManifestEntry[]> {
  const files = await manifestFiles(fileOrDir);
  const entries = (await Promise.all(files.map(readFileObjects))).flat();
  if (entries.length === 0) throw new InputError(`${fileOrDir} holds no Kubernetes object`);
  return entries;
}

/** The path of `target`'s manifests under `outDir` (the directory `npm run synth` wrote). */
export function targetPath(outDir: string, target: Target): string {
  return path.join(outDir, TARGETS[target]);
}
