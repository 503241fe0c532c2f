/** The old path of `charts/config/config-fields.ts`, kept for `cdk8s/validate/` until it reads `GOOGLE_CLOUD_NAMES` (`charts/limits/google-cloud.ts`). */
export { PROJECT_NUMBER_PATTERN } from './config/config-fields';
