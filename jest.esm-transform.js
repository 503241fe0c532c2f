/**
 * Jest transform for the dependencies that ship ES modules only (see ESM_ONLY in jest.config.js):
 * esbuild rewrites each file to CommonJS, which Jest's module loader can require. esbuild, not
 * ts-jest: @kubernetes/client-node alone is over a thousand files, and esbuild turns them around in
 * a second or two where ts-jest takes many (Jest caches the output either way).
 */
const { transformSync } = require('esbuild');

module.exports = {
  process(sourceText, sourcePath) {
    const { code, map } = transformSync(sourceText, {
      format: 'cjs',
      loader: 'js',
      target: 'node24',
      sourcemap: 'external',
      sourcefile: sourcePath,
    });
    return { code, map };
  },
};
