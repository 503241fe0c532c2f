import type { ApiObjectMetadata } from 'cdk8s';

/**
 * Metadata of a Config Connector object: its name, the namespace Config Connector watches, and the
 * project it creates the resource in (`cnrm.cloud.google.com/project-id`, so that the file does not
 * depend on the namespace's own project annotation).
 *
 * @see https://cloud.google.com/config-connector/docs/how-to/organizing-resources/project-scoped-resources
 */
export function kccMetadata(name: string, namespace: string, projectId: string): ApiObjectMetadata {
  return { name, namespace, annotations: { 'cnrm.cloud.google.com/project-id': projectId } };
}
