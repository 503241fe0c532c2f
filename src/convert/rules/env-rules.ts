/**
 * Environment variables that read a Secret or ConfigMap: on Knative a key of a Kubernetes Secret or
 * ConfigMap, on Cloud Run a version of a Secret Manager secret (Cloud Run has no ConfigMaps; a
 * ConfigMap of the input file is inlined). `envFrom` is Knative's only: expanded from the file's
 * objects, or refused.
 */
import {
  asMapping,
  quote,
  stringAt,
  type Mapping,
  type Path,
} from '../../validator/core/object-access';
import {
  BOTH,
  TO_CLOUD_RUN,
  TO_KNATIVE,
  type ConvertContext,
  type ConvertRule,
} from '../convert-rule';
import { entriesAt, removeAt, removeIfEmpty, setAt, type Json } from '../json-edit';
import { LATEST_VERSION, toKubernetesKey, toSecretManagerId } from '../secret-names';
import { CONVERT_SOURCES as SEE } from '../sources';
import { containersOf } from './containers';
import { secretManagerAction, kubernetesSecretAction } from './secret-actions';

/** Env names that hold credentials (as the validator's `secrets/literal-env` rule reads them). */
const CREDENTIAL_NAME =
  /(_KEY$|^KEY$|SECRET|TOKEN|PASSWORD|PASSWD|^GOOGLE_APPLICATION_CREDENTIALS$)/i;

/** The new form of one variable for Cloud Run, or `undefined` to drop it. */
function envToCloudRun(context: ConvertContext, env: Json, path: Path): Json | undefined {
  const from = asMapping(env['valueFrom']);
  if (from === undefined) return env;
  const [source, ref] = Object.entries(from)[0] ?? [];
  const { name, key } = { name: stringAt(ref, ['name']), key: stringAt(ref, ['key']) };
  if (
    (source === 'secretKeyRef' || source === 'configMapKeyRef') &&
    name !== undefined &&
    key !== undefined
  ) {
    const inline =
      source === 'configMapKeyRef'
        ? stringAt(context.companions.configMap(name), ['data', key])
        : undefined;
    if (inline !== undefined) {
      context.report(
        'change',
        [...path, 'valueFrom'],
        `ConfigMap ${name} key ${key} → value ${quote(inline)}: Cloud Run has no ConfigMaps; the file's ConfigMap holds it`,
      );
      return { name: env['name'], value: inline };
    }
    const id = toSecretManagerId({ name, key });
    if (id === undefined) {
      context.report(
        'refusal',
        [...path, 'valueFrom'],
        `${name} key ${key} makes no Secret Manager secret ID: rename it`,
      );
      return env;
    }
    const optional = asMapping(ref)?.['optional'];
    const kind = source === 'secretKeyRef' ? 'Secret' : 'ConfigMap';
    const at = [...path, 'valueFrom', source];
    context.report(
      'change',
      at,
      `${kind} ${name} key ${key} → Secret Manager secret ${id}, version ${LATEST_VERSION}: Cloud Run reads secrets from Secret Manager`,
    );
    secretManagerAction(context, at, kind, { name, key }, id);
    return {
      name: env['name'],
      valueFrom: {
        secretKeyRef: {
          name: id,
          key: LATEST_VERSION,
          ...(optional === undefined ? {} : { optional }),
        },
      },
    };
  }
  context.report(
    'loss',
    [...path, 'valueFrom'],
    `${String(env['name'])} dropped: Cloud Run has no ${source ?? 'such'} reference (K_SERVICE, K_REVISION and K_CONFIGURATION name the service and revision)`,
  );
  return undefined;
}

/** The new form of one variable for Knative. */
function envToKnative(context: ConvertContext, env: Json, path: Path): Json {
  const ref = asMapping(asMapping(env['valueFrom'])?.['secretKeyRef']);
  const id = stringAt(ref, ['name']);
  if (ref === undefined || id === undefined) return env;
  const target = toKubernetesKey(id);
  if (target === undefined) {
    context.report(
      'refusal',
      [...path, 'valueFrom'],
      `Secret Manager secret ${quote(id)} makes no Kubernetes Secret name`,
    );
    return env;
  }
  const version = stringAt(ref, ['key']) ?? LATEST_VERSION;
  context.report(
    'change',
    [...path, 'valueFrom', 'secretKeyRef'],
    `Secret Manager secret ${id}, version ${version} → Secret ${target.name} key ${target.key}: Knative reads Kubernetes Secrets`,
  );
  kubernetesSecretAction(context, [...path, 'valueFrom', 'secretKeyRef'], id, version, target);
  const optional = ref['optional'];
  return {
    name: env['name'],
    valueFrom: {
      secretKeyRef: {
        name: target.name,
        key: target.key,
        ...(optional === undefined ? {} : { optional }),
      },
    },
  };
}

function envReferences(context: ConvertContext): void {
  for (const { path } of containersOf(context)) {
    const envPath = [...path, 'env'];
    const entries = entriesAt(context.out, envPath);
    const seen = new Set<unknown>();
    for (const { value, index } of entries) {
      if (seen.has(value['name']))
        context.report(
          'refusal',
          [...envPath, index, 'name'],
          `${quote(value['name'])} is set twice: which value wins differs between platforms; keep one`,
        );
      seen.add(value['name']);
      if (
        typeof value['name'] === 'string' &&
        CREDENTIAL_NAME.test(value['name']) &&
        typeof value['value'] === 'string' &&
        value['value'] !== ''
      )
        context.report(
          'refusal',
          [...envPath, index, 'value'],
          `${value['name']} looks like a credential with a literal value: move it to a Secret (Knative) or Secret Manager (Cloud Run) and read it with valueFrom.secretKeyRef; convert does not copy credentials`,
        );
    }
    const converted = entries.flatMap(({ value, index }) => {
      const at = [...envPath, index];
      const next =
        context.to === 'cloud-run'
          ? envToCloudRun(context, value, at)
          : envToKnative(context, value, at);
      return next === undefined ? [] : [next];
    });
    if (entries.length > 0) setAt(context.out, envPath, converted);
    removeIfEmpty(context.out, envPath);
  }
}

/** The variables an `envFrom` entry stands for, read from the file's ConfigMap or Secret. */
function expand(context: ConvertContext, entry: Mapping): Json[] | undefined {
  const prefix = stringAt(entry, ['prefix']) ?? '';
  const configMap = stringAt(entry, ['configMapRef', 'name']);
  const secret = stringAt(entry, ['secretRef', 'name']);
  if (configMap !== undefined) {
    const data = asMapping(asMapping(context.companions.configMap(configMap))?.['data']);
    return data === undefined
      ? undefined
      : Object.entries(data).map(([key, value]) => ({
          name: `${prefix}${key}`,
          value: String(value),
        }));
  }
  if (secret === undefined) return undefined;
  const object = asMapping(context.companions.secret(secret));
  if (object === undefined) return undefined;
  const keys = [
    ...Object.keys(asMapping(object['data']) ?? {}),
    ...Object.keys(asMapping(object['stringData']) ?? {}),
  ];
  return keys.map((key) => ({
    name: `${prefix}${key}`,
    valueFrom: { secretKeyRef: { name: secret, key } },
  }));
}

function envFrom(context: ConvertContext): void {
  for (const { path } of containersOf(context)) {
    const entries = entriesAt(context.out, [...path, 'envFrom']);
    if (entries.length === 0) continue;
    const expanded = entries.map(({ value, index }) => {
      const variables = expand(context, value);
      if (variables === undefined)
        context.report(
          'refusal',
          [...path, 'envFrom', index],
          'Cloud Run has no envFrom, and the file does not hold the ConfigMap or Secret it reads: list each variable under env',
        );
      else
        context.report(
          'change',
          [...path, 'envFrom', index],
          `→ ${variables.length} env entries (${variables.map((v) => String(v['name'])).join(', ')}): Cloud Run has no envFrom; the file's object lists the keys`,
        );
      return variables ?? [];
    });
    removeAt(context.out, [...path, 'envFrom']);
    setAt(
      context.out,
      [...path, 'env'],
      [...expanded.flat(), ...entriesAt(context.out, [...path, 'env']).map(({ value }) => value)],
    );
  }
}

/**
 * The worker's `RESULTS_MODE=pubsub` has no place on Knative, where the worker replies with its
 * result event and the Broker routes it (docs/results.md): it becomes `reply`, and its
 * `RESULTS_TOPIC` is dropped.
 */
function resultsMode(context: ConvertContext): void {
  for (const { path } of containersOf(context)) {
    const envPath = [...path, 'env'];
    const entries = entriesAt(context.out, envPath);
    const mode = entries.find(({ value }) => value['name'] === 'RESULTS_MODE');
    if (mode?.value['value'] !== 'pubsub') continue;
    const topic = entries.find(({ value }) => value['name'] === 'RESULTS_TOPIC');
    context.report(
      'change',
      [...envPath, mode.index, 'value'],
      `RESULTS_MODE pubsub → reply${topic === undefined ? '' : ', RESULTS_TOPIC dropped'}: on Knative the worker replies with its result event and the Broker routes it (a Trigger on its type reaches a consumer)`,
    );
    setAt(
      context.out,
      envPath,
      entries.flatMap(({ value }) =>
        value['name'] === 'RESULTS_TOPIC'
          ? []
          : [value['name'] === 'RESULTS_MODE' ? { ...value, value: 'reply' } : value],
      ),
    );
  }
}

/**
 * The worker's `RESULTS_MODE=reply` answers a Knative delivery, which the Broker routes; on Cloud
 * Run the push subscription reads only the status, so the reply goes nowhere. Publishing needs
 * a topic (`RESULTS_TOPIC`) that the input does not name: the value is kept and reported as a
 * loss that says what to set.
 */
function resultsReply(context: ConvertContext): void {
  for (const { path } of containersOf(context)) {
    const envPath = [...path, 'env'];
    const mode = entriesAt(context.out, envPath).find(
      ({ value }) => value['name'] === 'RESULTS_MODE',
    );
    if (mode?.value['value'] !== 'reply') continue;
    context.report(
      'loss',
      [...envPath, mode.index, 'value'],
      'RESULTS_MODE reply kept, so result events go nowhere: on Cloud Run the push subscription reads only the status, not the reply; to publish them set RESULTS_MODE=pubsub and RESULTS_TOPIC=projects/PROJECT/topics/TOPIC (a topic convert does not know) and grant the service account roles/pubsub.publisher on it',
    );
  }
}

/** The env rules, in the order they run (envFrom first: its variables then convert like the rest). */
export const ENV_RULES: readonly ConvertRule[] = [
  {
    id: 'env-from',
    field: 'spec.template.spec.containers[*].envFrom',
    to: TO_CLOUD_RUN,
    what: "expanded into env entries from the file's ConfigMap or Secret; refused when the file lacks it",
    see: SEE.cloudRunYaml,
    apply: envFrom,
  },
  {
    id: 'env-references',
    field: 'spec.template.spec.containers[*].env[*].valueFrom',
    to: BOTH,
    what: 'Secret or ConfigMap key ↔ Secret Manager secret NAME__KEY, version latest (a ConfigMap of the file inlined), with the commands that create it; fieldRef dropped; credentials in literal values refused',
    see: { 'cloud-run': SEE.cloudRunSecrets, knative: SEE.kubernetesSecretEnv },
    apply: envReferences,
  },
  {
    id: 'results-mode',
    field: 'spec.template.spec.containers[*].env RESULTS_MODE, RESULTS_TOPIC',
    to: TO_KNATIVE,
    what: "the worker's RESULTS_MODE pubsub → reply, RESULTS_TOPIC dropped: on Knative the Broker routes the reply",
    see: SEE.knativeEventDelivery,
    apply: resultsMode,
  },
  {
    id: 'results-reply',
    field: 'spec.template.spec.containers[*].env RESULTS_MODE',
    to: TO_CLOUD_RUN,
    what: "the worker's RESULTS_MODE reply kept as a loss (on Cloud Run a reply goes nowhere), with what to set: RESULTS_MODE=pubsub and a RESULTS_TOPIC convert does not know",
    see: SEE.cloudRunPubSubPush,
    apply: resultsReply,
  },
];
