/**
 * Knative Serving's volume rules (MANIFESTS 1.4): allowed sources, read-only mounts of secret,
 * configMap and projected volumes, every volume mounted, sound mount paths.
 *
 * @see knative/serving pkg/apis/serving/k8s_validation.go (validateVolume, validateVolumeMounts)
 */
import type { ManifestDocument } from '../../core/manifest-document';
import { asMapping, quote } from '../../core/object-access';
import type { DocumentRule, Violation } from '../../core/rule';
import { containersOf, entriesOf, KNATIVE_SERVICE, volumesOf, type Entry } from '../kubernetes/workload';

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
  return volumesOf(document).flatMap((volume): Violation[] => {
    const sources = sourcesOf(volume);
    if (sources.length !== 1) {
      return [
        { path: volume.path, message: `a volume needs exactly one source, has ${sources.length}` },
      ];
    }
    const source = sources[0] ?? '';
    if (!(source in VOLUME_SOURCES)) {
      return [
        {
          path: [...volume.path, source],
          message: `volume source ${source} is not supported by Knative`,
        },
      ];
    }
    const flag = VOLUME_SOURCES[source];
    if (flag !== undefined) {
      return [
        {
          path: [...volume.path, source],
          message: `${source} volumes need the config-features flag ${flag} set to enabled`,
        },
      ];
    }
    const medium = asMapping(volume.value['emptyDir'])?.['medium'];
    return medium === undefined || medium === '' || medium === 'Memory'
      ? []
      : [
          {
            path: [...volume.path, 'emptyDir', 'medium'],
            message: `medium must be "" or "Memory", not ${quote(medium)}`,
          },
        ];
  });
}

function readOnlyMounts(document: ManifestDocument): readonly Violation[] {
  const sourceOf = new Map(volumesOf(document).map((v) => [v.value['name'], sourcesOf(v)[0]]));
  return mountsOf(document).flatMap((mount) => {
    const source = sourceOf.get(mount.value['name']);
    if (
      source === undefined ||
      !READ_ONLY_SOURCES.has(source) ||
      mount.value['readOnly'] === true
    ) {
      return [];
    }
    return [
      {
        path: [...mount.path, 'readOnly'],
        message: `volume mount should be readOnly for this type of volume (${source}): set readOnly: true`,
      },
    ];
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
    return entriesOf(view.container, view.path, 'volumeMounts').flatMap((mount): Violation[] => {
      const mountPath = mount.value['mountPath'];
      const violations: Violation[] = [];
      if (!volumes.has(mount.value['name'])) {
        violations.push({
          path: [...mount.path, 'name'],
          message: `no volume named ${quote(mount.value['name'])}`,
        });
      }
      if (typeof mountPath === 'string') {
        const normalized = mountPath.replace(/\/+$/, '') || '/';
        if (!mountPath.startsWith('/'))
          violations.push({
            path: [...mount.path, 'mountPath'],
            message: `${quote(mountPath)} must be absolute`,
          });
        else if (RESERVED_MOUNT_PATHS.has(normalized))
          violations.push({
            path: [...mount.path, 'mountPath'],
            message: `${quote(mountPath)} is reserved`,
          });
        if (seen.has(normalized))
          violations.push({
            path: [...mount.path, 'mountPath'],
            message: `${quote(mountPath)} is mounted twice`,
          });
        seen.add(normalized);
      }
      return violations;
    });
  });
}

/** The volume rules. */
export const KNATIVE_VOLUME_RULES: readonly DocumentRule[] = [
  {
    scope: 'document',
    id: 'knative/volume-source',
    summary:
      'volumes are secret/configMap/projected/emptyDir (medium "" or Memory); others need flags',
    see: 'MANIFESTS.md 1.4',
    appliesTo: KNATIVE_SERVICE,
    check: volumeSources,
  },
  {
    scope: 'document',
    id: 'knative/volume-read-only',
    summary: 'mounts of secret, configMap and projected volumes set readOnly: true',
    see: 'MANIFESTS.md 1.4',
    appliesTo: KNATIVE_SERVICE,
    check: readOnlyMounts,
  },
  {
    scope: 'document',
    id: 'knative/volume-unused',
    summary: 'every declared volume is mounted',
    see: 'MANIFESTS.md 1.4',
    appliesTo: KNATIVE_SERVICE,
    check: unusedVolumes,
  },
  {
    scope: 'document',
    id: 'knative/volume-mount-path',
    summary: 'mounts name a declared volume; mountPath absolute, unique, not /, /dev, /dev/log',
    see: 'MANIFESTS.md 1.4',
    appliesTo: KNATIVE_SERVICE,
    check: mountPaths,
  },
];
