/** The old path of `charts/wiring/shell-quote.ts`, kept for `cdk8s/validate/` and `test/manifests/` until they import the new one. */
export { shellQuote, shellUnquote } from './wiring/shell-quote';
