/**
 * Where in a manifest a finding points: the keys and array indexes from the document root, e.g.
 * `['spec', 'template', 'spec', 'containers', 0, 'ports']`.
 */
export type Path = readonly (string | number)[];

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/**
 * A path as people read it: `spec.template.spec.containers[0].ports`, keys that are not plain
 * identifiers in brackets (`metadata.annotations["autoscaling.knative.dev/min-scale"]`). The empty
 * path is `(document)`.
 */
export function formatPath(path: Path): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (PLAIN_KEY.test(segment)) text += text === '' ? segment : `.${segment}`;
    else text += `[${JSON.stringify(segment)}]`;
  }
  return text === '' ? '(document)' : text;
}
