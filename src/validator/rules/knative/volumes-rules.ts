/**
 * Knative Serving's volume rules: allowed sources (others behind a `config-features` flag),
 * read-only mounts of secret, configMap and projected volumes, every volume mounted, sound mount
 * paths.
 *
 * @see https://github.com/knative/serving/blob/knative-v1.23.0/pkg/apis/serving/k8s_validation.go
 */
import type { ManifestDocument } from '../../core/manifest-document';
import { asMapping, quote } from '../../core/object-access';
import { defineRules, violation, type Violation } from '../../core/rule';
import { SOURCES } from '../../sources';
import {
  containersOf,
  entriesOf,
  KNATIVE_SERVICE,
  volumesOf,
  type Entry,
} from '../kubernetes/workload';

/** Volume sources: always allowed, or behind a flag (emptyDir's flag is enabled by default). */
const VOLUME_SOURCES: Readonly<Record<string, string | undefined>> = {
  secret: undefined,
  configMap: undefined,
  projected: undefined,
  emptyDir: undefined,
  persistentVolumeClaim: 'kubernetes.podspec-persistent-volume-claim',
  hostPath: 'kubernetes.podspec-volumes-hostpath',
  csi: 'kubernetes.podspec-volumes-csi',
  ephemeral: 'kubernetes.podspec-volumes-ephemeral',
  image: 'kubernetes.podspec-volumes-image',
};
const READ_ONLY_SOURCES: ReadonlySet<string> = new Set(['secret', 'configMap', 'projected']);
const RESERVED_MOUNT_PATHS: ReadonlySet<string> = new Set(['/', '/dev', '/dev/log']);

function sourcesOf(volume: Entry): readonly string[] {
  return Object.keys(volume.value).filter((key) => key !== 'name');
}

function mountsOf(document: ManifestDocument): readonly Entry[] {
  return containersOf(document).flatMap((view) =>
    entriesOf(view.container, view.path, 'volumeMounts'),
  );
}

function volumeSources(document: ManifestDocument): readonly Violation[] {
  return volumesOf(document).flatMap((volume) => {
    const sources = sourcesOf(volume);
    const source = sources[0] ?? '';
    const flag = VOLUME_SOURCES[source];
    const medium = asMapping(volume.value['emptyDir'])?.['medium'];
    if (sources.length !== 1)
      return violation(volume.path, `a volume needs exactly one source, has ${sources.length}`);
    if (!(source in VOLUME_SOURCES))
      return violation(
        [...volume.path, source],
        `volume source ${source} is not supported by Knative`,
      );
    if (flag !== undefined)
      return violation(
        [...volume.path, source],
        `${source} volumes need the config-features flag ${flag} set to enabled`,
      );
    return medium === undefined || medium === '' || medium === 'Memory'
      ? []
      : violation(
          [...volume.path, 'emptyDir', 'medium'],
          `medium must be "" or "Memory", not ${quote(medium)}`,
        );
  });
}

function readOnlyMounts(document: ManifestDocument): readonly Violation[] {
  const sourceOf = new Map(volumesOf(document).map((v) => [v.value['name'], sourcesOf(v)[0]]));
  return mountsOf(document).flatMap((mount) => {
    const source = sourceOf.get(mount.value['name']);
    return source === undefined ||
      !READ_ONLY_SOURCES.has(source) ||
      mount.value['readOnly'] === true
      ? []
      : violation(
          [...mount.path, 'readOnly'],
          `volume mount should be readOnly for this type of volume (${source}): set readOnly: true`,
        );
  });
}

function unusedVolumes(document: ManifestDocument): readonly Violation[] {
  const mounted = new Set(mountsOf(document).map((mount) => mount.value['name']));
  return volumesOf(document)
    .filter((volume) => !mounted.has(volume.value['name']))
    .map((volume) => ({
      path: [...volume.path, 'name'],
      message: `volume ${quote(volume.value['name'])} is declared but never mounted`,
    }));
}

function mountPaths(document: ManifestDocument): readonly Violation[] {
  const volumes = new Set(volumesOf(document).map((volume) => volume.value['name']));
  return containersOf(document).flatMap((view) => {
    const seen = new Set<unknown>();
    return entriesOf(view.container, view.path, 'volumeMounts').flatMap(({ value, path }) => {
      const mountPath = value['mountPath'];
      const at = [...path, 'mountPath'];
      const violations = volumes.has(value['name'])
        ? []
        : violation([...path, 'name'], `no volume named ${quote(value['name'])}`);
      if (typeof mountPath !== 'string') return violations;
      const normalized = mountPath.replace(/\/+$/, '') || '/';
      if (!mountPath.startsWith('/'))
        violations.push(...violation(at, `${quote(mountPath)} must be absolute`));
      else if (RESERVED_MOUNT_PATHS.has(normalized))
        violations.push(...violation(at, `${quote(mountPath)} is reserved`));
      if (seen.has(normalized))
        violations.push(...violation(at, `${quote(mountPath)} is mounted twice`));
      seen.add(normalized);
      return violations;
    });
  });
}

/** The volume rules. */
export const KNATIVE_VOLUME_RULES = defineRules(KNATIVE_SERVICE, SOURCES.knativePodSpec, {
  'knative/volume-source': [
    'volumes are secret/configMap/projected/emptyDir (medium "" or Memory); others need flags',
    volumeSources,
  ],
  'knative/volume-read-only': [
    'mounts of secret, configMap and projected volumes set readOnly: true',
    readOnlyMounts,
  ],
  'knative/volume-unused': ['every declared volume is mounted', unusedVolumes],
  'knative/volume-mount-path': [
    'mounts name a declared volume; mountPath absolute, unique, not /, /dev, /dev/log',
    mountPaths,
  ],
});
