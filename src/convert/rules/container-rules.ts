/**
 * Each container: the fields each platform has, the image, the one serving port (and the `PORT`
 * and `K_*` variables the platform sets itself), resources sized to what Cloud Run offers, and the
 * concurrency those allow.
 */
import { CLOUD_RUN_LIMITS } from '../../../charts/limits/cloud-run';
import { KNATIVE_LIMITS } from '../../../charts/limits/knative';
import { isImageReference } from '../../validator/core/names';
import { asMapping, quote, type Path } from '../../validator/core/object-access';
import { quantityOf } from '../../validator/rules/kubernetes/workload';
import { cloudRunSize, cpuQuantity } from '../cloud-run-size';
import { BOTH, type ConvertContext, type ConvertRule } from '../convert-rule';
import { changeWords } from '../convert-line';
import { entriesAt, mapAt, removeAt, removeIfEmpty, setAt } from '../json-edit';
import { CONVERT_SOURCES as SEE } from '../sources';
import { containersOf } from './containers';

/** The container fields both platforms have; the others are dropped as losses. */
const CONTAINER_FIELDS: ReadonlySet<string> = new Set(
  `name image args command env envFrom ports resources livenessProbe readinessProbe startupProbe
  volumeMounts workingDir imagePullPolicy terminationMessagePath terminationMessagePolicy
  securityContext`.split(/\s+/),
);

/** Variables the platform sets in the serving container: `PORT` and the `K_*` names. */
const PLATFORM_ENV: ReadonlySet<string> = new Set(KNATIVE_LIMITS.reservedEnv);

function containerFields(context: ConvertContext): void {
  for (const { container, path } of containersOf(context))
    for (const field of Object.keys(container).filter((key) => !CONTAINER_FIELDS.has(key))) {
      removeAt(context.out, [...path, field]);
      context.report(
        'loss',
        [...path, field],
        `dropped: not a field of a ${context.to === 'cloud-run' ? 'Cloud Run' : 'Knative'} container`,
      );
    }
}

function image(context: ConvertContext): void {
  for (const { container, path } of containersOf(context)) {
    const value = container['image'];
    if (typeof value === 'string' && isImageReference(value)) continue;
    context.report(
      'refusal',
      [...path, 'image'],
      value === undefined
        ? 'every container needs an image'
        : `${quote(value)} is not an image reference${typeof value === 'string' && /[%${}<>]/.test(value) ? ': a template placeholder; substitute it first' : ''}`,
    );
  }
}

/** The serving container's `PORT` value, when it is a port number. */
function portFromEnv(context: ConvertContext, at: Path): number | undefined {
  const entry = entriesAt(context.out, [...at, 'env']).find(
    ({ value }) => value['name'] === 'PORT',
  );
  const port = Number(entry?.value['value']);
  return Number.isInteger(port) && port > 0 ? port : undefined;
}

/** Is `name` set by the platform in this container (`PORT` in the serving one, `K_*` in all)? */
const setByPlatform = (name: unknown, serving: boolean) =>
  PLATFORM_ENV.has(String(name)) && (serving || name !== 'PORT');

function platformEnv(context: ConvertContext, path: Path, serving: boolean): void {
  const platform = context.to === 'cloud-run' ? 'Cloud Run' : 'Knative';
  const env = entriesAt(context.out, [...path, 'env']);
  const dropped = env.filter(({ value }) => setByPlatform(value['name'], serving));
  for (const { value, index } of dropped)
    context.report(
      'change',
      [...path, 'env', index],
      `${String(value['name'])} dropped: ${platform} sets it${value['name'] === 'PORT' ? ' to the container port' : ''}`,
    );
  if (dropped.length === 0) return;
  setAt(
    context.out,
    [...path, 'env'],
    env.filter((entry) => !dropped.includes(entry)).map(({ value }) => value),
  );
  removeIfEmpty(context.out, [...path, 'env']);
}

function servingPort(context: ConvertContext, path: Path, envPort: number | undefined): void {
  const portsPath = [...path, 'ports'];
  const first = entriesAt(context.out, portsPath)[0]?.value;
  if (first === undefined) {
    // Knative and Cloud Run both default to the same port: only Cloud Run's validator wants it said.
    if (context.to === 'knative' && envPort === undefined) return;
    const port = envPort ?? KNATIVE_LIMITS.defaultContainerPort;
    setAt(context.out, portsPath, [{ name: 'http1', containerPort: port }]);
    context.report(
      'change',
      portsPath,
      `added {name: http1, containerPort: ${port}}: ${envPort === undefined ? 'the port both platforms default to, declared so that the serving container is explicit' : 'the PORT the input set, as the serving port'}`,
    );
    return;
  }
  const port = first['containerPort'];
  const reserved: readonly unknown[] = KNATIVE_LIMITS.reservedPorts;
  const names: readonly unknown[] = CLOUD_RUN_LIMITS.portNames;
  if (context.to === 'knative' && reserved.includes(port))
    context.report(
      'refusal',
      [...portsPath, 0, 'containerPort'],
      `${quote(port)} is reserved by Knative's queue-proxy: make the app listen on another port (it may read PORT)`,
    );
  const name = first['name'];
  if (context.to === 'cloud-run' && !names.includes(name)) {
    setAt(context.out, [...portsPath, 0, 'name'], 'http1');
    context.report(
      'change',
      [...portsPath, 0, 'name'],
      `${changeWords(name, 'http1')}: Cloud Run names the port http1 (HTTP/1) or h2c (HTTP/2)`,
    );
  }
}

function ports(context: ConvertContext): void {
  for (const { path, serving } of containersOf(context)) {
    const envPort = serving ? portFromEnv(context, path) : undefined;
    platformEnv(context, path, serving);
    if (serving) servingPort(context, path, envPort);
  }
}

function resources(context: ConvertContext): void {
  if (context.to !== 'cloud-run') return;
  for (const { container, path } of containersOf(context)) {
    const at = [...path, 'resources'];
    const requests = asMapping(asMapping(container['resources'])?.['requests']) ?? {};
    const limits = mapAt(context.out, [...at, 'limits']) ?? {};
    for (const resource of ['cpu', 'memory'])
      if (limits[resource] === undefined && requests[resource] !== undefined) {
        setAt(context.out, [...at, 'limits', resource], requests[resource]);
        context.report(
          'change',
          [...at, 'limits', resource],
          `set to the request ${quote(requests[resource])}: Knative had no limit; Cloud Run sizes each instance by its limits`,
        );
      }
    if (removeAt(context.out, [...at, 'requests']) !== undefined)
      context.report(
        'change',
        [...at, 'requests'],
        'dropped: Cloud Run gives each instance its limits',
      );
    for (const key of Object.keys(mapAt(context.out, [...at, 'limits']) ?? {}).filter(
      (k) => !['cpu', 'memory', 'nvidia.com/gpu'].includes(k),
    )) {
      removeAt(context.out, [...at, 'limits', key]);
      context.report(
        'loss',
        [...at, 'limits', key],
        'dropped: Cloud Run limits only cpu, memory and nvidia.com/gpu',
      );
    }
    size(context, [...at, 'limits']);
    removeIfEmpty(context.out, [...at, 'limits']);
    removeIfEmpty(context.out, at);
  }
}

function size(context: ConvertContext, at: Path): void {
  const limits = mapAt(context.out, at) ?? {};
  const [cpu, memory] = [limits['cpu'], limits['memory']];
  const millicores = quantityOf('cpu', cpu);
  const memoryBytes = quantityOf('memory', memory);
  const sized = cloudRunSize(millicores, memoryBytes);
  if (!sized.fits) {
    context.report('refusal', at, `cpu ${quote(cpu)}, memory ${quote(memory)}: ${sized.why}`);
    return;
  }
  if (sized.millicores !== undefined && sized.millicores !== millicores) {
    setAt(context.out, [...at, 'cpu'], cpuQuantity(sized.millicores));
    context.report(
      'change',
      [...at, 'cpu'],
      `${changeWords(cpu, cpuQuantity(sized.millicores))}: the nearest CPU Cloud Run offers${memory === undefined ? '' : ` with ${quote(memory)} of memory`}`,
    );
  }
  if (sized.raisedMemory !== undefined) {
    setAt(context.out, [...at, 'memory'], sized.raisedMemory);
    context.report(
      'change',
      [...at, 'memory'],
      `${changeWords(memory, sized.raisedMemory)}: the least memory Cloud Run gives ${cpuQuantity(sized.millicores ?? millicores ?? 0)} CPUs`,
    );
  }
}

/** The container rules, in the order they run. */
export const CONTAINER_RULES: readonly ConvertRule[] = [
  {
    id: 'container-fields',
    field: 'spec.template.spec.containers[*].*',
    to: BOTH,
    what: 'fields both platforms have kept; others (lifecycle, stdin, tty…) dropped as losses',
    see: { 'cloud-run': SEE.cloudRunYaml, knative: SEE.knativeFieldMask },
    apply: containerFields,
  },
  {
    id: 'image',
    field: 'spec.template.spec.containers[*].image',
    to: BOTH,
    what: 'kept; refused when it is no image reference (a template placeholder)',
    see: SEE.imageReference,
    apply: image,
  },
  {
    id: 'ports-and-port-env',
    field:
      'spec.template.spec.containers[*].ports, env PORT, K_SERVICE, K_CONFIGURATION, K_REVISION',
    to: BOTH,
    what: `the platform's own variables dropped from the serving container; the serving port declared (from PORT, else ${KNATIVE_LIMITS.defaultContainerPort}) and named http1 for Cloud Run; a port Knative reserves refused`,
    see: { 'cloud-run': SEE.cloudRunContainerContract, knative: SEE.knativeRuntimeContract },
    apply: ports,
  },
  {
    id: 'resources',
    field: 'spec.template.spec.containers[*].resources',
    to: BOTH,
    what: 'Cloud Run: requests dropped (a missing limit takes the request), limits other than cpu/memory/nvidia.com/gpu dropped, CPU and memory raised to the nearest size Cloud Run offers; kept for Knative',
    see: { 'cloud-run': SEE.cloudRunCpu, knative: SEE.kubernetesResources },
    apply: resources,
  },
];
