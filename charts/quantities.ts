/**
 * Kubernetes resource quantities as numbers, for comparing requests with limits and for Cloud Run's
 * CPU and memory rules. Only the forms {@link CPU_QUANTITY} and {@link MEMORY_QUANTITY} accept.
 *
 * @see https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/quantity/
 */

/** A CPU quantity: whole or fractional cores (`1`, `0.5`) or millicores (`250m`). */
export const CPU_QUANTITY = /^([0-9]+(\.[0-9]+)?|[0-9]+m)$/;

/** A memory quantity with a binary or decimal suffix (`512Mi`, `1Gi`, `256M`). */
export const MEMORY_QUANTITY = /^[0-9]+(Ki|Mi|Gi|Ti|k|M|G|T)$/;

/** `"1"` → 1000, `"0.5"` → 500, `"250m"` → 250. */
export function cpuMillicores(quantity: string): number {
  return quantity.endsWith('m') ? Number(quantity.slice(0, -1)) : Number(quantity) * 1000;
}

const MEMORY_UNITS = {
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
} as const;

/** `"512Mi"` → 536870912, `"1G"` → 1e9. */
export function memoryBytes(quantity: string): number {
  const match = /^([0-9]+)([A-Za-z]+)$/.exec(quantity);
  const unit = match?.[2] as keyof typeof MEMORY_UNITS | undefined;
  if (match?.[1] === undefined || unit === undefined || !(unit in MEMORY_UNITS)) {
    throw new RangeError(`not a memory quantity: ${JSON.stringify(quantity)}`);
  }
  return Number(match[1]) * MEMORY_UNITS[unit];
}

/** One mebibyte and one gibibyte, in bytes. */
export const MIB = 2 ** 20;
export const GIB = 2 ** 30;

/** Bytes as a memory quantity: `4294967296` → `"4Gi"`, `134217728` → `"128Mi"`. */
export function toMemoryQuantity(bytes: number): string {
  return bytes % GIB === 0 ? `${bytes / GIB}Gi` : `${bytes / MIB}Mi`;
}
