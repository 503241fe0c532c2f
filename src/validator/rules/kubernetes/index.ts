/**
 * Rules any Kubernetes-style object or workload must pass: names and labels on every object; images,
 * secrets in env, traffic, env names and the root user on a Service of either target.
 */
export { METADATA_RULES } from './metadata-rules';
export { WORKLOAD_RULES } from './workload-rules';
