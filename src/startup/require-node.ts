/**
 * Imported first by every entry point (the worker, the source, the dead-letter receiver): on a
 * Node.js older than `MIN_NODE_MAJOR` (`./node-version.ts`), prints one line to stderr and exits 1 before any other
 * module is loaded.
 */
import { nodeVersionProblem } from './node-version';

const problem = nodeVersionProblem(process.versions.node);
if (problem !== undefined) {
  process.stderr.write(`${problem}\n`);
  process.exit(1);
}
