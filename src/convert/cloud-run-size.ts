/**
 * The nearest instance size Cloud Run offers at or above a container's CPU and memory limits:
 * whole CPUs of its list, or a fraction of a CPU in its bands, each allowing a range of memory.
 *
 * @see https://cloud.google.com/run/docs/configuring/services/cpu
 * @see https://cloud.google.com/run/docs/configuring/services/memory-limits
 */
import { CLOUD_RUN_LIMITS } from '../../charts/limits/cloud-run';
import { quantityOf } from '../validator/rules/kubernetes/workload';

/** One size Cloud Run offers: a CPU, and the memory it allows (bytes). */
interface Offer {
  readonly fromMillicores: number;
  readonly toMillicores: number;
  readonly minMemory: number;
  readonly maxMemory: number;
  readonly minMemoryText: string;
}

const bytes = (memory: string): number => quantityOf('memory', memory) ?? 0;

const { whole, fractional } = CLOUD_RUN_LIMITS.cpu;

/** Every offer, smallest CPU first: the fractional bands, then each whole CPU. */
const OFFERS: readonly Offer[] = [
  ...fractional.bands.map((band, index) => ({
    fromMillicores: band.fromMillicores,
    toMillicores: (fractional.bands[index + 1]?.fromMillicores ?? fractional.belowMillicores) - 1,
    minMemory: bytes(band.memory.min),
    maxMemory: bytes(band.memory.max),
    minMemoryText: band.memory.min,
  })),
  ...whole.map((cpu) => ({
    fromMillicores: cpu.millicores,
    toMillicores: cpu.millicores,
    minMemory: bytes(cpu.memory.min),
    maxMemory: bytes(cpu.memory.max),
    minMemoryText: cpu.memory.min,
  })),
];

/** The CPU limit Cloud Run assumes when none is set. */
const DEFAULT_MILLICORES = whole[0].millicores;

/** A container's size for Cloud Run, or why there is none. */
export type CloudRunSize =
  | {
      readonly fits: true;
      /** The CPU limit to write, in millicores (`undefined`: leave it unset). */
      readonly millicores: number | undefined;
      /** The memory limit to write as a quantity, when it must be raised to the offer's least. */
      readonly raisedMemory: string | undefined;
    }
  | { readonly fits: false; readonly why: string };

/**
 * The smallest size Cloud Run offers with at least `millicores` CPU and room for `memoryBytes`.
 *
 * @param millicores - the CPU limit (`undefined`: Cloud Run's default of one CPU)
 * @param memoryBytes - the memory limit (`undefined`: Cloud Run's default)
 */
export function cloudRunSize(
  millicores: number | undefined,
  memoryBytes: number | undefined,
): CloudRunSize {
  const cpu = millicores ?? DEFAULT_MILLICORES;
  const memory = memoryBytes ?? 0;
  const offer = OFFERS.find(
    (candidate) => candidate.toMillicores >= cpu && candidate.maxMemory >= memory,
  );
  if (offer === undefined) {
    const largest = whole.reduce((a, b) => (b.millicores > a.millicores ? b : a));
    return {
      fits: false,
      why: `Cloud Run offers at most ${largest.millicores / 1000} CPUs and ${largest.memory.max} of memory per container`,
    };
  }
  const granted = Math.max(cpu, offer.fromMillicores);
  return {
    fits: true,
    millicores: millicores === undefined && granted === cpu ? undefined : granted,
    raisedMemory:
      memoryBytes !== undefined && memoryBytes < offer.minMemory ? offer.minMemoryText : undefined,
  };
}

/** A CPU limit in the form the kit writes: whole CPUs as `"2"`, a fraction as `"500m"`. */
export function cpuQuantity(millicores: number): string {
  return millicores % 1000 === 0 ? String(millicores / 1000) : `${millicores}m`;
}
