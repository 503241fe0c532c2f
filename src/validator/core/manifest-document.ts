/**
 * The shapes the rules read: one parsed manifest document, one shell script's declared variables,
 * and the whole set the validator was given (cross-object rules look across all of it).
 */
import type { Document, LineCounter } from 'yaml';
import type { YamlProblem } from '../yaml/safe-yaml';
import type { Mapping, Path } from './object-access';

/**
 * Which platform a `serving.knative.dev/v1` Service is written for. The same apiVersion and kind
 * mean different schemas and rules on Knative and on Cloud Run; see {@link targetOf} for how the
 * validator decides.
 *
 * @see https://cloud.google.com/run/docs/reference/yaml/v1
 */
export const TARGETS = ['knative', 'cloud-run'] as const;
/** `knative` or `cloud-run`. */
export type Target = (typeof TARGETS)[number];

const CLOUD_RUN_FOLDERS: ReadonlySet<string> = new Set(['cloudrun', 'cloud-run']);
/** The label Cloud Run puts on (and `gcloud run services replace` reads from) every service. */
const CLOUD_RUN_LOCATION_LABEL = 'cloud.googleapis.com/location';
/** A file beside which objects are Cloud Run's (synth writes it next to service.yaml). */
export const CLOUD_RUN_COMPANION = 'config-connector.yaml';

/** The directory part of a path (`''` for a bare file name); `/` and `\` both separate. */
export function directoryOf(file: string): string {
  const cut = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
  return cut < 0 ? '' : file.slice(0, cut);
}

function baseNameOf(path: string): string {
  return path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
}

/**
 * The target of one object: Cloud Run when its content says so (the
 * `cloud.googleapis.com/location` label) or its file sits beside a `config-connector.yaml`
 * (`companions`: the directories holding one) or in a folder named `cloudrun` / `cloud-run`;
 * Knative otherwise. Only the file's own folder counts, never an ancestor's name.
 */
export function targetOf(
  file: string,
  labels: Mapping | undefined,
  companions: ReadonlySet<string>,
): Target {
  const directory = directoryOf(file);
  const cloudRun =
    typeof labels?.[CLOUD_RUN_LOCATION_LABEL] === 'string' ||
    companions.has(directory) ||
    CLOUD_RUN_FOLDERS.has(baseNameOf(directory));
  return cloudRun ? 'cloud-run' : 'knative';
}

/** The directories of `paths` that hold a {@link CLOUD_RUN_COMPANION}. */
export function companionDirectories(paths: readonly string[]): ReadonlySet<string> {
  return new Set(paths.filter((path) => baseNameOf(path) === CLOUD_RUN_COMPANION).map(directoryOf));
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
  /** The first literal declaration of each name. */
  readonly variables: ReadonlyMap<string, ScriptVariable>;
  /**
   * `readonly NAME=...` lines that are not read into {@link variables}: a value that is no literal
   * (`"$(id)"`, `$X`), or a second declaration of a name (bash stops there: the name is read-only).
   */
  readonly unread: readonly {
    readonly name: string;
    readonly line: number;
    readonly why: 'not-literal' | 'repeated';
  }[];
}

/** One input file after parsing. */
export type SourceFile =
  | {
      readonly type: 'yaml';
      readonly path: string;
      readonly text: string;
      /** Every document of the stream (YAML 1.2), errors included. */
      readonly documents: readonly Document.Parsed[];
      /** Each document as a YAML 1.2 reader sees it (`undefined` where it could not be read). */
      readonly values: readonly unknown[];
      /** Problems beyond the parser's errors: too deep, circular, alias bombs, warnings. */
      readonly problems: readonly YamlProblem[];
      readonly lineCounter: LineCounter;
    }
  | { readonly type: 'script'; readonly path: string; readonly text: string };

/**
 * Everything the validator was given, parsed; or one deployment of it (the files of one
 * directory, see {@link deploymentsOf}).
 */
export interface ManifestSet {
  readonly files: readonly SourceFile[];
  /** Every document that parsed into a mapping, in file order. */
  readonly documents: readonly ManifestDocument[];
  readonly scripts: readonly ShellScript[];
}

/** The folder name of a target's Pub/Sub wiring, beside its manifests (`knative/wiring/`). */
export const WIRING_FOLDER = 'wiring';

/**
 * The deployment a file belongs to: its directory, or for a file in a `wiring/` folder, the
 * directory above it (`knative/wiring/setup.sh` is part of the `knative` deployment: the wiring
 * lives out of `kubectl apply -f knative/`, which is not recursive, yet belongs to its objects).
 */
export function deploymentOf(file: string): string {
  const directory = directoryOf(file);
  return baseNameOf(directory) === WIRING_FOLDER ? directoryOf(directory) : directory;
}

/**
 * The set split by deployment: one per directory (a `wiring/` folder with its parent, see
 * {@link deploymentOf}), in first-seen order. Cross-object rules compare the objects of one
 * deployment only (`validate setA/cloudrun setB/cloudrun` pairs each service with its own
 * subscription and setup.sh).
 */
export function deploymentsOf(set: ManifestSet): ManifestSet[] {
  const deployments = [...new Set(set.files.map((file) => deploymentOf(file.path)))];
  return deployments.map((deployment) => {
    const inDeployment = (subject: { readonly file: string }) =>
      deploymentOf(subject.file) === deployment;
    return {
      files: set.files.filter((file) => deploymentOf(file.path) === deployment),
      documents: set.documents.filter(inDeployment),
      scripts: set.scripts.filter(inDeployment),
    };
  });
}

/** The manifest object at `index` of `file`, or a nameless stand-in when it did not parse. */
export function subjectOf(set: ManifestSet, file: string, index: number): Subject {
  return (
    set.documents.find((document) => document.file === file && document.index === index) ?? {
      file,
      kind: '',
      name: '',
      lineOf: () => undefined,
    }
  );
}
