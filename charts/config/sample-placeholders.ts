/**
 * The placeholders of the sample config (`dualrun.config.yaml` as the repository ships it): values
 * every deployment must replace with its own. A config that still holds one synthesizes (the
 * committed outputs are the sample's), but `npm run synth` says which fields to change.
 */
import type { DeploymentConfig } from './deployment-config';

/** The sample's project id and number; the id also appears inside other names (`my-project-uploads`). */
export const SAMPLE_PLACEHOLDERS = {
  projectId: 'my-project',
  projectNumber: '123456789012',
} as const;

/**
 * The sample's project id as a whole name or the start of one (`my-project`, `my-project-uploads`,
 * `@my-project.iam…`, `/my-project/`), not inside another name (`not-my-project`, `my-projects`).
 */
const PROJECT_ID_PLACEHOLDER = new RegExp(
  `(^|[^a-z0-9-])${SAMPLE_PLACEHOLDERS.projectId}($|[^a-z0-9])`,
);

/** Whether a config value holds a placeholder: the project id as a name part, or the number itself. */
function holdsPlaceholder(value: string): boolean {
  return value === SAMPLE_PLACEHOLDERS.projectNumber || PROJECT_ID_PLACEHOLDER.test(value);
}

/** The dotted paths of the fields of `value` that hold a placeholder, in the config's order. */
function placeholderPaths(value: unknown, path: readonly string[]): string[] {
  if (typeof value === 'string') return holdsPlaceholder(value) ? [path.join('.')] : [];
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, inner]) => placeholderPaths(inner, [...path, key]));
}

/**
 * The fields of `config` that still hold a placeholder of the sample, such as `google.projectId`
 * or `service.image`; empty for a config of a real project.
 */
export function samplePlaceholderFields(config: DeploymentConfig): string[] {
  return placeholderPaths(config, []);
}
