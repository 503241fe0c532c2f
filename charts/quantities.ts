/** The old path of `charts/config/quantities.ts`, kept for `cdk8s/validate/` until it imports the new one. */
export { CPU_QUANTITY, cpuMillicores, MEMORY_QUANTITY, memoryBytes } from './config/quantities';
