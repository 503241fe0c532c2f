/**
 * The Node.js release the kit runs on, checked by every entry point before anything else is loaded
 * (`./require-node.ts`): an older Node starts the worker only half-way (the code cache is refused,
 * and APIs the kit uses, such as `JSON.rawJSON`, are missing), so it stops at once instead.
 *
 * @see https://nodejs.org/en/about/previous-releases
 */

/** The oldest Node.js major release the kit runs on (`engines.node` in package.json). */
export const MIN_NODE_MAJOR = 24;

/**
 * The one line an entry point prints before it exits 1 on an older Node.js, or `undefined` when
 * `version` is recent enough.
 *
 * @param version - `process.versions.node`, such as `24.22.3` (a leading `v` is accepted)
 * @returns `dualrun needs Node.js 24 or later (this is v20.20.2): …`, or `undefined`
 */
export function nodeVersionProblem(version: string): string | undefined {
  const major = Number(/^v?(\d+)\./.exec(version)?.[1] ?? Number.NaN);
  if (Number.isInteger(major) && major >= MIN_NODE_MAJOR) return undefined;
  const shown = version.startsWith('v') ? version : `v${version}`;
  return `dualrun needs Node.js ${String(MIN_NODE_MAJOR)} or later (this is ${shown}): run \`. .ci/use-node-24\` or nvm use`;
}
