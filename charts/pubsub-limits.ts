/**
 * Moved to `charts/limits/pubsub.ts`; this path stays until `cdk8s/validate/` imports the new one.
 */
export { PUBSUB_LIMITS } from './limits/pubsub';
