/** The old path of `charts/config/deployment-config-error.ts`, kept for `test/manifests/` until it imports the new one. */
export { DeploymentConfigError } from './config/deployment-config-error';
