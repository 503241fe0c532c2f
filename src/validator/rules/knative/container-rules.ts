/**
 * Knative Serving's container rules: the container field mask, reserved names, ports, env and
 * probes.
 *
 * @see https://github.com/knative/serving/blob/knative-v1.23.0/pkg/apis/serving/fieldmask.go
 * @see https://github.com/knative/serving/blob/knative-v1.23.0/pkg/apis/serving/k8s_validation.go
 */
import { KNATIVE_LIMITS } from '../../../../charts/limits/knative';
import type { ManifestDocument } from '../../core/manifest-document';
import { asList, asMapping, KEY, quote, valueAt } from '../../core/object-access';
import { defineRules, eachValue, keyOf, violation, words, type Violation } from '../../core/rule';
import { SOURCES } from '../../sources';
import {
  CONTAINERS,
  containersOf,
  envEntriesOf,
  KNATIVE_SERVICE,
  portEntriesOf,
  PORTS,
  probesOf,
} from '../kubernetes/workload';

/** The fields of `ContainerMask`. */
const CONTAINER_MASK: ReadonlySet<string> = new Set(
  words(`name args command env workingDir envFrom image imagePullPolicy livenessProbe
    readinessProbe startupProbe ports resources securityContext terminationMessagePath
    terminationMessagePolicy volumeMounts`),
);
const PORT_NAMES: ReadonlySet<unknown> = new Set([undefined, ...KNATIVE_LIMITS.portNames]);
const RESERVED_PORTS: ReadonlySet<unknown> = new Set(KNATIVE_LIMITS.reservedPorts);
/** Variables Knative sets in the serving container (sidecars may set `PORT`). */
const RESERVED_ENV: ReadonlySet<unknown> = new Set(KNATIVE_LIMITS.reservedEnv);
const RESERVED_NAME = KNATIVE_LIMITS.reservedContainerName;
const PROBE_HANDLERS = ['httpGet', 'tcpSocket', 'exec', 'grpc'] as const;

function containerNames(document: ManifestDocument): readonly Violation[] {
  const seen = new Set<unknown>();
  return containersOf(document).flatMap((view) => {
    const name = view.container['name'];
    const path = [...view.path, 'name'];
    const duplicate = name !== undefined && seen.has(name);
    seen.add(name);
    if (name === RESERVED_NAME)
      return violation(path, `${quote(RESERVED_NAME)} is reserved for Knative's sidecar`);
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

const reservedPort = (port: unknown) => {
  if (typeof port !== 'number') return undefined;
  if (RESERVED_PORTS.has(port))
    return `port ${port} is reserved by Knative (${KNATIVE_LIMITS.reservedPorts.join(', ')})`;
  return port >= 1 && port <= 65535 ? undefined : `port ${port} is outside [1, 65535]`;
};

function reservedEnv(document: ManifestDocument): readonly Violation[] {
  return envEntriesOf(document).flatMap(({ value, path, view }) => {
    const name = value['name'];
    return RESERVED_ENV.has(name) && (name !== 'PORT' || view.serving)
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
  const portName = asMapping(asList(serving?.container['ports'])[0])?.['name'];
  return (serving === undefined ? [] : probesOf(serving)).flatMap((probe) =>
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

/** The container rules. */
export const KNATIVE_CONTAINER_RULES = defineRules(KNATIVE_SERVICE, SOURCES.knativePodSpec, {
  'knative/container-field': [
    'containers use only ContainerMask fields (no lifecycle, stdin, tty…)',
    eachValue([...CONTAINERS, KEY], (_, path) =>
      CONTAINER_MASK.has(keyOf(path))
        ? undefined
        : `${keyOf(path)} is not allowed on a Knative container`,
    ),
    SOURCES.knativeFieldMask,
  ],
  'knative/container-name': ['no container named queue-proxy; names unique', containerNames],
  'knative/port-count': ['at most one port; with sidecars exactly one container has it', portCount],
  'knative/port-name': [
    'port name is "", http1 or h2c',
    eachValue([...PORTS, 'name'], (name) =>
      PORT_NAMES.has(name)
        ? undefined
        : `port name must be "", "http1" or "h2c", not ${quote(name)}`,
    ),
  ],
  'knative/port-protocol': [
    'port protocol is empty or TCP',
    eachValue([...PORTS, 'protocol'], (protocol) =>
      [undefined, '', 'TCP'].includes(protocol as string)
        ? undefined
        : `protocol must be TCP, not ${quote(protocol)}`,
    ),
  ],
  'knative/host-port': [
    'no hostPort or hostIP',
    eachValue([...PORTS, KEY], (_, path) =>
      ['hostPort', 'hostIP'].includes(keyOf(path)) ? `${keyOf(path)} is not allowed` : undefined,
    ),
  ],
  'knative/reserved-port': [
    'containerPort in [1, 65535], not 8012/8013/8022/9090/9091/8008',
    eachValue([...PORTS, 'containerPort'], reservedPort),
  ],
  'knative/reserved-env': [
    'no env PORT (serving container), K_SERVICE, K_CONFIGURATION, K_REVISION',
    reservedEnv,
  ],
  'knative/probe-handler': ['each probe has exactly one handler', probeHandlers],
  'knative/probe-port': ["a named probe port equals the serving port's name", probePorts],
  'knative/probe-aggressive-readiness': [
    'readiness periodSeconds 0 leaves failureThreshold/timeoutSeconds unset',
    eachValue([...CONTAINERS, 'readinessProbe', KEY], (_, path, document) => {
      const aggressive = valueAt(document.object, [...path.slice(0, -1), 'periodSeconds']) === 0;
      return aggressive && ['failureThreshold', 'timeoutSeconds'].includes(keyOf(path))
        ? `${keyOf(path)} must be unset when periodSeconds is 0 (Knative's aggressive probing)`
        : undefined;
    }),
  ],
});
