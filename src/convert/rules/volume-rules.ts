/**
 * Volumes and their mounts. Knative: Secret, ConfigMap and projected volumes, emptyDir (others
 * behind flags); Cloud Run: one Secret Manager secret per volume, in-memory emptyDir, Cloud Storage
 * (csi) and NFS. Secret and ConfigMap volumes with one key move to Secret Manager and back; the
 * rest is refused with what to do.
 */
import { asList, asMapping, quote, stringAt, type Path } from '../../validator/core/object-access';
import { BOTH, type ConvertContext, type ConvertRule } from '../convert-rule';
import { entriesAt, setAt, type Json } from '../json-edit';
import { LATEST_VERSION, toKubernetesKey, toSecretManagerId } from '../secret-names';
import { CONVERT_SOURCES as SEE } from '../sources';
import { containersOf } from './containers';
import { POD_SPEC } from './revision-rules';
import { kubernetesSecretAction, secretManagerAction } from './secret-actions';

const VOLUMES: Path = [...POD_SPEC, 'volumes'];
/** The volume name Cloud Run keeps for Cloud SQL, and the one convert uses instead. */
const RESERVED_NAME = 'cloudsql';
const RENAMED = 'cloudsql-volume';

/** The only key of a Secret or ConfigMap volume: its single item's, or the file's object's only one. */
function singleItem(
  context: ConvertContext,
  source: Json,
  kind: 'Secret' | 'ConfigMap',
  name: string,
): { key: string; path: string } | undefined {
  const items = asList(source['items']).map(asMapping);
  if (items.length === 1) {
    const key = stringAt(items[0], ['key']);
    const path = stringAt(items[0], ['path']);
    return key === undefined || path === undefined ? undefined : { key, path };
  }
  if (items.length > 1) return undefined;
  const object =
    kind === 'Secret' ? context.companions.secret(name) : context.companions.configMap(name);
  const keys = ['data', 'stringData', 'binaryData'].flatMap((field) =>
    Object.keys(asMapping(asMapping(object)?.[field]) ?? {}),
  );
  return keys.length === 1 && keys[0] !== undefined ? { key: keys[0], path: keys[0] } : undefined;
}

function toCloudRun(context: ConvertContext, volume: Json, path: Path): Json {
  const [source, value] = Object.entries(volume).find(([key]) => key !== 'name') ?? [];
  const spec = asMapping(value) as Json | undefined;
  if (source === 'emptyDir') {
    if (spec?.['medium'] === 'Memory') return volume;
    context.report(
      'change',
      [...path, 'emptyDir', 'medium'],
      'set to Memory: Cloud Run keeps emptyDir volumes in memory, counted against the memory limit',
    );
    return { ...volume, emptyDir: { ...spec, medium: 'Memory' } };
  }
  if ((source === 'secret' || source === 'configMap') && spec !== undefined) {
    const kind = source === 'secret' ? 'Secret' : 'ConfigMap';
    const name = stringAt(spec, [source === 'secret' ? 'secretName' : 'name']) ?? '';
    const item = singleItem(context, spec, kind, name);
    const id = item === undefined ? undefined : toSecretManagerId({ name, key: item.key });
    if (item === undefined || id === undefined) {
      context.report(
        'refusal',
        [...path, source],
        `Cloud Run mounts one Secret Manager secret (one file) per volume: give ${kind} ${name} one item (key and path) per volume, each volume at its own mountPath`,
      );
      return volume;
    }
    context.report(
      'change',
      [...path, source],
      `${kind} ${name} key ${item.key} → Secret Manager secret ${id}, version ${LATEST_VERSION}, file ${item.path}: Cloud Run mounts Secret Manager secrets`,
    );
    secretManagerAction(context, [...path, source], kind, { name, key: item.key }, id);
    const mode = spec['defaultMode'];
    return {
      name: volume['name'],
      secret: {
        secretName: id,
        items: [{ key: LATEST_VERSION, path: item.path }],
        ...(mode === undefined ? {} : { defaultMode: mode }),
      },
    };
  }
  context.report(
    'refusal',
    [...path, String(source)],
    `Cloud Run has no ${String(source)} volumes (it mounts Secret Manager secrets, in-memory emptyDir, Cloud Storage and NFS): move the data to one of those and declare the volume for Cloud Run yourself`,
  );
  return volume;
}

function toKnative(context: ConvertContext, volume: Json, path: Path): Json {
  const secret = asMapping(volume['secret']) as Json | undefined;
  const id = stringAt(secret, ['secretName']);
  if (secret === undefined || id === undefined) {
    if (volume['emptyDir'] !== undefined) return volume;
    const source = Object.keys(volume).find((key) => key !== 'name');
    context.report(
      'refusal',
      [...path, String(source)],
      `Knative has no ${String(source)} volumes by default (csi needs the kubernetes.podspec-volumes-csi flag and a driver; nfs is not allowed): mount the data through a PersistentVolumeClaim or keep the service on Cloud Run`,
    );
    return volume;
  }
  const target = toKubernetesKey(id);
  const items = asList(secret['items']).map(asMapping);
  if (target === undefined || items.length > 1) {
    context.report(
      'refusal',
      [...path, 'secret'],
      `Secret Manager secret ${quote(id)} ${target === undefined ? 'makes no Kubernetes Secret name' : 'is mounted with several versions'}: mount it as a Kubernetes Secret yourself`,
    );
    return volume;
  }
  const version = stringAt(items[0], ['key']) ?? LATEST_VERSION;
  const file = stringAt(items[0], ['path']) ?? id;
  context.report(
    'change',
    [...path, 'secret'],
    `Secret Manager secret ${id}, version ${version} → Secret ${target.name} key ${target.key}, file ${file}: Knative mounts Kubernetes Secrets`,
  );
  kubernetesSecretAction(context, [...path, 'secret'], id, version, target);
  const mode = secret['defaultMode'];
  return {
    name: volume['name'],
    secret: {
      secretName: target.name,
      items: [{ key: target.key, path: file }],
      ...(mode === undefined ? {} : { defaultMode: mode }),
    },
  };
}

/** The fields of a Cloud Run volume mount. */
const CLOUD_RUN_MOUNT_FIELDS: ReadonlySet<string> = new Set([
  'name',
  'mountPath',
  'readOnly',
  'subPath',
]);

/**
 * Mounts of secret volumes are read-only on Knative; a renamed volume is renamed in its mounts;
 * Cloud Run's mounts have fewer fields.
 */
function fitMounts(
  context: ConvertContext,
  secretVolumes: ReadonlySet<unknown>,
  renamed: boolean,
): void {
  for (const { path } of containersOf(context))
    for (const { value, index } of entriesAt(context.out, [...path, 'volumeMounts'])) {
      const at = [...path, 'volumeMounts', index];
      if (renamed && value['name'] === RESERVED_NAME) value['name'] = RENAMED;
      for (const field of Object.keys(value))
        if (context.to === 'cloud-run' && !CLOUD_RUN_MOUNT_FIELDS.has(field)) {
          Reflect.deleteProperty(value, field);
          context.report(
            'loss',
            [...at, field],
            'dropped: not a field of a Cloud Run volume mount',
          );
        }
      if (
        context.to === 'knative' &&
        secretVolumes.has(value['name']) &&
        value['readOnly'] !== true
      ) {
        value['readOnly'] = true;
        context.report(
          'change',
          [...at, 'readOnly'],
          'set to true: Knative mounts Secret volumes read-only (Cloud Run does too)',
        );
      }
    }
}

function volumes(context: ConvertContext): void {
  const entries = entriesAt(context.out, VOLUMES);
  if (entries.length === 0) return;
  const converted = entries.map(({ value, index }) =>
    (context.to === 'cloud-run' ? toCloudRun : toKnative)(context, value, [...VOLUMES, index]),
  );
  const renamed =
    context.to === 'cloud-run' && converted.some((volume) => volume['name'] === RESERVED_NAME);
  if (renamed) {
    const index = converted.findIndex((volume) => volume['name'] === RESERVED_NAME);
    converted[index] = { ...converted[index], name: RENAMED };
    context.report(
      'change',
      [...VOLUMES, index, 'name'],
      `"${RESERVED_NAME}" → "${RENAMED}" (and in its mounts): Cloud Run keeps the name for Cloud SQL`,
    );
  }
  setAt(context.out, VOLUMES, converted);
  fitMounts(
    context,
    new Set(
      converted.filter((volume) => volume['secret'] !== undefined).map((volume) => volume['name']),
    ),
    renamed,
  );
}

/** The volume rule. */
export const VOLUME_RULES: readonly ConvertRule[] = [
  {
    id: 'volumes',
    field: 'spec.template.spec.volumes, containers[*].volumeMounts',
    to: BOTH,
    what: 'emptyDir kept (in memory on Cloud Run); a Secret or ConfigMap volume of one key ↔ a Secret Manager secret volume, with the commands that copy it; projected, PVC, hostPath, csi, nfs refused; "cloudsql" renamed for Cloud Run',
    see: { 'cloud-run': SEE.cloudRunVolumes, knative: SEE.knativePodSpec },
    apply: volumes,
  },
];
