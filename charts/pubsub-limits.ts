/** The old path of `charts/limits/pubsub.ts`, kept for `cdk8s/validate/` until it imports the new one. */
export { PUBSUB_LIMITS } from './limits/pubsub';
