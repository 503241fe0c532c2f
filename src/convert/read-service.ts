/**
 * Reads the input file: YAML 1.1 (as kubectl and gcloud read it), every document; picks the one
 * `serving.knative.dev/v1` Service to convert, tells its form, and keeps the ConfigMaps, Secrets
 * and ServiceAccounts beside it for the rules that read them.
 */
import {
  asMapping,
  quote,
  stringAt,
  stringEntriesAt,
  type Mapping,
} from '../validator/core/object-access';
import { parseYamlSafely } from '../validator/yaml/safe-yaml';
import { ConvertError } from './convert-error';
import { otherPlatform, type Companions, type Platform } from './convert-rule';

const SERVING = 'serving.knative.dev';
const SERVICE_API = `${SERVING}/v1`;
/** The label and annotation prefix only a Cloud Run service carries. */
const CLOUD_RUN_MARKS = {
  label: 'cloud.googleapis.com/location',
  annotation: 'run.googleapis.com/',
};

/** The Service to convert and what surrounds it. */
export interface ServiceInput {
  readonly service: Mapping;
  /** The form it is written in. */
  readonly from: Platform;
  /** The form to write. */
  readonly to: Platform;
  readonly companions: Companions;
  /** `Kind/name` of every other document (not converted). */
  readonly others: readonly string[];
}

const kindName = (object: Mapping) =>
  `${stringAt(object, ['kind']) ?? '?'}/${stringAt(object, ['metadata', 'name']) ?? '?'}`;

/** Why `service` reads as a Cloud Run service, or `undefined` when nothing says so. */
export function cloudRunMark(service: Mapping): string | undefined {
  if (stringAt(service, ['metadata', 'labels', CLOUD_RUN_MARKS.label]) !== undefined)
    return `the ${CLOUD_RUN_MARKS.label} label`;
  const annotation = [
    ['metadata', 'annotations'],
    ['spec', 'template', 'metadata', 'annotations'],
  ]
    .flatMap((path) => stringEntriesAt(service, path))
    .find(([key]) => key.startsWith(CLOUD_RUN_MARKS.annotation));
  return annotation === undefined ? undefined : `the ${annotation[0]} annotation`;
}

function documentsOf(text: string, file: string): Mapping[] {
  const parsed = parseYamlSafely(text, '1.1');
  const error = parsed.documents.flatMap((document) => document.errors)[0];
  const problem = parsed.problems[0];
  if (error !== undefined || problem !== undefined) {
    const at = error?.linePos?.[0];
    const where = at === undefined ? '' : `:${at.line}:${at.col}`;
    const message = (error?.message.split('\n')[0] ?? problem?.message ?? '').replace(
      / at line \d+, column \d+:*$/,
      '',
    );
    throw new ConvertError('input', `${file}${where}: the YAML does not parse: ${message}`);
  }
  return parsed.values.flatMap((value) => {
    const mapping = asMapping(value);
    return mapping === undefined ? [] : [mapping];
  });
}

function pickService(documents: readonly Mapping[], file: string, name?: string): Mapping {
  const isService = (d: Mapping) => stringAt(d, ['kind']) === 'Service';
  const services = documents.filter(
    (d) => isService(d) && stringAt(d, ['apiVersion']) === SERVICE_API,
  );
  const older = documents.find(
    (d) => isService(d) && stringAt(d, ['apiVersion'])?.startsWith(`${SERVING}/`),
  );
  if (services.length === 0 && older !== undefined)
    throw new ConvertError(
      'input',
      `${file}: ${kindName(older)} is ${String(stringAt(older, ['apiVersion']))}, the API before v1: rewrite it as ${SERVICE_API} (spec.template instead of runLatest) first`,
    );
  if (services.length === 0)
    throw new ConvertError(
      'input',
      `${file} holds no ${SERVICE_API} Service${documents.length === 0 ? '' : ` (it holds ${documents.map(kindName).join(', ')})`}`,
    );
  const names = services.map((s) => stringAt(s, ['metadata', 'name']) ?? '?');
  if (name !== undefined) {
    const chosen = services.find((s) => stringAt(s, ['metadata', 'name']) === name);
    if (chosen === undefined)
      throw new ConvertError(
        'input',
        `${file} has no Service named ${quote(name)} (it has ${names.join(', ')})`,
      );
    return chosen;
  }
  if (services.length > 1)
    throw new ConvertError(
      'input',
      `${file} holds ${services.length} Services (${names.join(', ')}): choose one with --name`,
    );
  return services[0] ?? {};
}

/** The companions of a file: its objects of each kind, by name. */
function companionsOf(documents: readonly Mapping[]): Companions {
  const find = (apiVersion: string, kind: string) => (name: string) =>
    documents.find(
      (d) =>
        stringAt(d, ['apiVersion']) === apiVersion &&
        stringAt(d, ['kind']) === kind &&
        stringAt(d, ['metadata', 'name']) === name,
    );
  return {
    configMap: find('v1', 'ConfigMap'),
    secret: find('v1', 'Secret'),
    serviceAccount: find('v1', 'ServiceAccount'),
  };
}

/**
 * Reads the Service to convert from `text`.
 *
 * @param file - the file's name, for messages
 * @param choice - `--name` (which Service) and `--to` (the form to write; default: the other one)
 * @throws ConvertError (`input`) when the text does not parse, holds no `serving.knative.dev/v1`
 *   Service, several without `--name`, or one already in the `--to` form
 */
export function readService(
  text: string,
  file: string,
  choice: { readonly name?: string; readonly to?: Platform } = {},
): ServiceInput {
  const documents = documentsOf(text, file);
  const service = pickService(documents, file, choice.name);
  const mark = cloudRunMark(service);
  const from: Platform = mark !== undefined || choice.to === 'knative' ? 'cloud-run' : 'knative';
  if (choice.to === 'cloud-run' && mark !== undefined)
    throw new ConvertError(
      'input',
      `${file}: ${kindName(service)} is a Cloud Run service already (${mark}): convert it with --to knative`,
    );
  const companionKinds = new Set(['ConfigMap', 'Secret', 'ServiceAccount']);
  return {
    service,
    from,
    to: choice.to ?? otherPlatform(from),
    companions: companionsOf(documents),
    others: documents
      .filter((d) => d !== service && !companionKinds.has(stringAt(d, ['kind']) ?? ''))
      .map(kindName),
  };
}
