/**
 * The shapes the rules read: one parsed manifest document, one shell script's declared variables,
 * and the whole set the validator was given (cross-object rules look across all of it).
 */
import type { Document, LineCounter } from 'yaml';
import type { Mapping } from './object-access';
import type { Path } from './path';

/**
 * Which platform a `serving.knative.dev/v1` Service is written for. The same apiVersion and kind
 * mean different schemas and rules on Knative and on Cloud Run (MANIFESTS 4.4), so the validator
 * decides by where the file sits: a path with a `cloudrun` or `cloud-run` folder is Cloud Run,
 * anything else Knative.
 */
export const TARGETS = ['knative', 'cloud-run'] as const;
/** `knative` or `cloud-run`. */
export type Target = (typeof TARGETS)[number];

const CLOUD_RUN_FOLDERS: ReadonlySet<string> = new Set(['cloudrun', 'cloud-run']);

/** The target of a file by its folders (see {@link TARGETS}). */
export function targetOf(file: string): Target {
  const folders = file.split(/[\\/]/).slice(0, -1);
  return folders.some((folder) => CLOUD_RUN_FOLDERS.has(folder)) ? 'cloud-run' : 'knative';
}

/** Anything a finding can be about: a manifest object or a shell script. */
export interface Subject {
  readonly file: string;
  /** The object's kind; `Script` for a shell script; empty when unknown. */
  readonly kind: string;
  /** The object's name; the file name for a shell script; empty when unknown. */
  readonly name: string;
  /** The 1-based line of a path, or of its nearest parent present in the file. */
  lineOf(path: Path): number | undefined;
}

/** One YAML document that parsed into a mapping. */
export interface ManifestDocument extends Subject {
  /** The document's position in its file, from 0. */
  readonly index: number;
  /** The document as a YAML 1.2 reader sees it (what the generator meant to write). */
  readonly object: Mapping;
  /** `apiVersion`, or empty when missing or not a string. */
  readonly apiVersion: string;
  /** `metadata.namespace`, or empty when absent. */
  readonly namespace: string;
  readonly target: Target;
}

/** One `readonly NAME='value'` line of a generated shell script. */
export interface ScriptVariable {
  readonly name: string;
  readonly value: string;
  /** 1-based. */
  readonly line: number;
}

/** A generated shell script (`cloudrun/setup.sh`): the variables its header declares. */
export interface ShellScript extends Subject {
  readonly variables: ReadonlyMap<string, ScriptVariable>;
}

/** One input file after parsing. */
export type SourceFile =
  | {
      readonly type: 'yaml';
      readonly path: string;
      readonly text: string;
      /** Every document of the stream (YAML 1.2), errors included. */
      readonly documents: readonly Document.Parsed[];
      readonly lineCounter: LineCounter;
    }
  | { readonly type: 'script'; readonly path: string; readonly text: string };

/** Everything the validator was given, parsed. */
export interface ManifestSet {
  readonly files: readonly SourceFile[];
  /** Every document that parsed into a mapping, in file order. */
  readonly documents: readonly ManifestDocument[];
  readonly scripts: readonly ShellScript[];
}
