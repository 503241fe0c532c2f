/**
 * Kubernetes resource quantities as numbers, for comparing requests with limits and for Cloud Run's
 * CPU and memory rules. Only the forms of `KUBERNETES_QUANTITIES` (`charts/limits/kubernetes.ts`)
 * are read.
 *
 * @see https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/quantity/
 */
import { KUBERNETES_QUANTITIES } from '../limits/kubernetes';

/** `KUBERNETES_QUANTITIES.cpu`, under the name `cdk8s/validate/` imports. */
export const CPU_QUANTITY = KUBERNETES_QUANTITIES.cpu;

/** `KUBERNETES_QUANTITIES.memory`, under the name `cdk8s/validate/` imports. */
export const MEMORY_QUANTITY = KUBERNETES_QUANTITIES.memory;

/** `"1"` → 1000, `"0.5"` → 500, `"250m"` → 250. */
export function cpuMillicores(quantity: string): number {
  return quantity.endsWith('m') ? Number(quantity.slice(0, -1)) : Number(quantity) * 1000;
}

type MemoryUnit = keyof typeof KUBERNETES_QUANTITIES.memoryUnitBytes;

/**
 * `"512Mi"` → 536870912, `"1G"` → 1e9.
 *
 * @throws RangeError when `quantity` is not a number with a memory suffix
 */
export function memoryBytes(quantity: string): number {
  const match = /^([0-9]+)([A-Za-z]+)$/.exec(quantity);
  const unit = match?.[2];
  if (match?.[1] === undefined || unit === undefined || !isMemoryUnit(unit)) {
    throw new RangeError(`not a memory quantity: ${JSON.stringify(quantity)}`);
  }
  return Number(match[1]) * KUBERNETES_QUANTITIES.memoryUnitBytes[unit];
}

function isMemoryUnit(unit: string): unit is MemoryUnit {
  return Object.hasOwn(KUBERNETES_QUANTITIES.memoryUnitBytes, unit);
}
