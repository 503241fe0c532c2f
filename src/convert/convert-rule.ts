/**
 * The shape of a conversion rule and of what it works on. Rules are data: an id, the field, the
 * directions, what it does, why (the platform rule) and its public source, and one `apply` that
 * edits the output and reports lines. `rule-table.ts` lists them; `convert-service.ts` runs them
 * in that order and has no rule-specific branches.
 */
import type { Path, Mapping } from '../validator/core/object-access';
import type { Json } from './json-edit';
import type { LineKind } from './convert-line';

/**
 * The two forms of a `serving.knative.dev/v1` Service: for a Knative cluster (`kubectl apply`), or
 * for Cloud Run (`gcloud run services replace`).
 *
 * @see https://cloud.google.com/run/docs/reference/yaml/v1
 */
export const PLATFORMS = ['knative', 'cloud-run'] as const;
/** One of {@link PLATFORMS}. */
export type Platform = (typeof PLATFORMS)[number];

/** The other platform. */
export function otherPlatform(platform: Platform): Platform {
  return platform === 'knative' ? 'cloud-run' : 'knative';
}

/** What the command line gave the conversion. */
export interface ConvertOptions {
  /** The form to write. */
  readonly to: Platform;
  /** `--project-number`: Cloud Run's namespace (decimal digits). */
  readonly projectNumber?: string;
  /** `--region`: the `cloud.googleapis.com/location` label. */
  readonly region?: string;
  /** `--namespace`: the Knative namespace. @default `default` */
  readonly namespace: string;
  /** `--service-account`: the IAM e-mail the Cloud Run service runs as. */
  readonly serviceAccount?: string;
}

/** The other objects of the input file, which some rules read (never converted themselves). */
export interface Companions {
  /** A ConfigMap of the file by name (its `data` is inlined into Cloud Run env values). */
  configMap(name: string): Mapping | undefined;
  /** A Secret of the file by name (its keys name the variables of an `envFrom`). */
  secret(name: string): Mapping | undefined;
  /** A ServiceAccount of the file by name (its Workload Identity annotation names the IAM account). */
  serviceAccount(name: string): Mapping | undefined;
}

/** What a rule works on. */
export interface ConvertContext {
  readonly to: Platform;
  /** The Service as read; never changed. */
  readonly source: Mapping;
  /** The Service being written: a copy of the source that the rules change in place. */
  readonly out: Json;
  readonly options: ConvertOptions;
  readonly companions: Companions;
  /** Reports one line: what was done at `path` (of the input, or of the output when added). */
  report(kind: LineKind, path: Path, text: string): void;
}

/** One conversion rule. */
export interface ConvertRule {
  /** kebab-case, stable: the lines and the README name it. */
  readonly id: string;
  /** The field it handles, as people read it. */
  readonly field: string;
  /** The directions it runs in: the platform written. */
  readonly to: readonly Platform[];
  /** What it does, in one line. */
  readonly what: string;
  /**
   * The public source of the platform rule it applies (an https URL), or one per direction (the
   * rule of the platform written).
   */
  readonly see: string | Readonly<Record<Platform, string>>;
  readonly apply: (context: ConvertContext) => void;
}

/** The source a rule cites for the direction `to`. */
export function seeOf(rule: ConvertRule, to: Platform): string {
  return typeof rule.see === 'string' ? rule.see : rule.see[to];
}

/** Both directions. */
export const BOTH: readonly Platform[] = PLATFORMS;
/** Knative → Cloud Run only. */
export const TO_CLOUD_RUN: readonly Platform[] = ['cloud-run'];
/** Cloud Run → Knative only. */
export const TO_KNATIVE: readonly Platform[] = ['knative'];
