/** The old path of `charts/config/deployment-config-rules.ts`, kept for `cdk8s/validate/` until it imports the new one. */
export { processingBudgetSeconds } from './config/deployment-config-rules';
