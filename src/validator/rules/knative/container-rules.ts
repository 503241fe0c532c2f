/**
 * Knative Serving's container rules: the container field mask, reserved names, ports, env and
 * probes.
 *
 * @see https://github.com/knative/serving/blob/knative-v1.23.0/pkg/apis/serving/fieldmask.go
 * @see https://github.com/knative/serving/blob/knative-v1.23.0/pkg/apis/serving/k8s_validation.go
 */
import type { ManifestDocument } from '../../core/manifest-document';
import { asList, asMapping, quote } from '../../core/object-access';
import { defineRules, violation, type Violation } from '../../core/rule';
import { SOURCES } from '../../sources';
import {
  containersOf,
  envEntriesOf,
  KNATIVE_SERVICE,
  portEntriesOf,
  probesOf,
} from '../kubernetes/workload';

/** The fields of `ContainerMask`. */
const CONTAINER_MASK: ReadonlySet<string> = new Set([
  'name',
  'args',
  'command',
  'env',
  'workingDir',
  'envFrom',
  'image',
  'imagePullPolicy',
  'livenessProbe',
  'readinessProbe',
  'startupProbe',
  'ports',
  'resources',
  'securityContext',
  'terminationMessagePath',
  'terminationMessagePolicy',
  'volumeMounts',
]);
const PORT_NAMES: ReadonlySet<unknown> = new Set(['', 'http1', 'h2c']);
/** Ports of the queue-proxy and the observability endpoints. */
const RESERVED_PORTS: ReadonlySet<unknown> = new Set([8012, 8013, 8022, 9090, 9091, 8008]);
const RESERVED_ENV: ReadonlySet<unknown> = new Set(['K_SERVICE', 'K_CONFIGURATION', 'K_REVISION']);
const PROBE_HANDLERS = ['httpGet', 'tcpSocket', 'exec', 'grpc'] as const;

function containerFields(document: ManifestDocument): readonly Violation[] {
  return containersOf(document).flatMap((view) =>
    Object.keys(view.container)
      .filter((field) => !CONTAINER_MASK.has(field))
      .map((field) => ({
        path: [...view.path, field],
        message: `${field} is not allowed on a Knative container`,
      })),
  );
}

function containerNames(document: ManifestDocument): readonly Violation[] {
  const seen = new Set<unknown>();
  return containersOf(document).flatMap((view) => {
    const name = view.container['name'];
    const path = [...view.path, 'name'];
    const duplicate = name !== undefined && seen.has(name);
    seen.add(name);
    if (name === 'queue-proxy')
      return violation(path, '"queue-proxy" is reserved for Knative\'s sidecar');
    return duplicate ? violation(path, `container name ${quote(name)} is used twice`) : [];
  });
}

function portCount(document: ManifestDocument): readonly Violation[] {
  const ports = portEntriesOf(document);
  const containers = containersOf(document);
  if (ports.length > 1)
    return ports
      .slice(1)
      .map((port) => ({ path: port.path, message: 'more than one container port is set' }));
  return containers.length > 1 && ports.length === 0
    ? violation(
        containers[0]?.path ?? [],
        'with several containers, exactly one must declare the serving port',
      )
    : [];
}

function portNames(document: ManifestDocument): readonly Violation[] {
  return portEntriesOf(document).flatMap(({ value, path }) =>
    value['name'] === undefined || PORT_NAMES.has(value['name'])
      ? []
      : violation(
          [...path, 'name'],
          `port name must be "", "http1" or "h2c", not ${quote(value['name'])}`,
        ),
  );
}

function portProtocols(document: ManifestDocument): readonly Violation[] {
  return portEntriesOf(document).flatMap(({ value, path }) =>
    [undefined, '', 'TCP'].includes(value['protocol'] as string | undefined)
      ? []
      : violation([...path, 'protocol'], `protocol must be TCP, not ${quote(value['protocol'])}`),
  );
}

function hostPorts(document: ManifestDocument): readonly Violation[] {
  return portEntriesOf(document).flatMap((port) =>
    ['hostPort', 'hostIP']
      .filter((field) => port.value[field] !== undefined)
      .map((field) => ({ path: [...port.path, field], message: `${field} is not allowed` })),
  );
}

function reservedPorts(document: ManifestDocument): readonly Violation[] {
  return portEntriesOf(document).flatMap(({ value, path }) => {
    const number = value['containerPort'];
    if (typeof number !== 'number') return [];
    if (RESERVED_PORTS.has(number))
      return violation(
        [...path, 'containerPort'],
        `port ${number} is reserved by Knative (8012, 8013, 8022, 9090, 9091, 8008)`,
      );
    return number >= 1 && number <= 65535
      ? []
      : violation([...path, 'containerPort'], `port ${number} is outside [1, 65535]`);
  });
}

function reservedEnv(document: ManifestDocument): readonly Violation[] {
  return envEntriesOf(document).flatMap(({ value, path, view }) => {
    const name = value['name'];
    return RESERVED_ENV.has(name) || (name === 'PORT' && view.serving)
      ? violation([...path, 'name'], `${String(name)} is reserved: Knative sets it`)
      : [];
  });
}

function probeHandlers(document: ManifestDocument): readonly Violation[] {
  return containersOf(document).flatMap((view) =>
    probesOf(view).flatMap((probe) => {
      const handlers = PROBE_HANDLERS.filter((handler) => probe.value[handler] !== undefined);
      return handlers.length === 1
        ? []
        : violation(
            probe.path,
            `a probe needs exactly one of httpGet, tcpSocket, exec, grpc; has ${handlers.length}`,
          );
    }),
  );
}

function probePorts(document: ManifestDocument): readonly Violation[] {
  const serving = containersOf(document).find((view) => view.serving);
  if (serving === undefined) return [];
  const portName = asMapping(asList(serving.container['ports'])[0])?.['name'];
  return probesOf(serving).flatMap((probe) =>
    (['httpGet', 'tcpSocket'] as const).flatMap((handler) => {
      const port = asMapping(probe.value[handler])?.['port'];
      return typeof port !== 'string' || port === portName
        ? []
        : violation(
            [...probe.path, handler, 'port'],
            `named probe port ${quote(port)} must equal the serving port's name ${quote(portName ?? '')}`,
          );
    }),
  );
}

function aggressiveReadiness(document: ManifestDocument): readonly Violation[] {
  return containersOf(document).flatMap((view) => {
    const probe = asMapping(view.container['readinessProbe']);
    if (probe?.['periodSeconds'] !== 0) return [];
    return ['failureThreshold', 'timeoutSeconds']
      .filter((field) => probe[field] !== undefined)
      .map((field) => ({
        path: [...view.path, 'readinessProbe', field],
        message: `${field} must be unset when periodSeconds is 0 (Knative's aggressive probing)`,
      }));
  });
}

/** The container rules. */
export const KNATIVE_CONTAINER_RULES = defineRules(KNATIVE_SERVICE, SOURCES.knativePodSpec, {
  'knative/container-field': [
    'containers use only ContainerMask fields (no lifecycle, stdin, tty…)',
    containerFields,
    SOURCES.knativeFieldMask,
  ],
  'knative/container-name': ['no container named queue-proxy; names unique', containerNames],
  'knative/port-count': [
    'at most one port; with sidecars exactly one container has it',
    portCount,
  ],
  'knative/port-name': ['port name is "", http1 or h2c', portNames],
  'knative/port-protocol': ['port protocol is empty or TCP', portProtocols],
  'knative/host-port': ['no hostPort or hostIP', hostPorts],
  'knative/reserved-port': [
    'containerPort in [1, 65535], not 8012/8013/8022/9090/9091/8008',
    reservedPorts,
  ],
  'knative/reserved-env': [
    'no env PORT (serving container), K_SERVICE, K_CONFIGURATION, K_REVISION',
    reservedEnv,
  ],
  'knative/probe-handler': ['each probe has exactly one handler', probeHandlers],
  'knative/probe-port': ["a named probe port equals the serving port's name", probePorts],
  'knative/probe-aggressive-readiness': [
    'readiness periodSeconds 0 leaves failureThreshold/timeoutSeconds unset',
    aggressiveReadiness,
  ],
});
