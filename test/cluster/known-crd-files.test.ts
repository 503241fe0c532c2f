import { readFile } from 'node:fs/promises';
import { parseAllDocuments } from 'yaml';
import { CRD_SOURCES, knownCrdFiles } from '../support/cluster/known-crd-files';

// The Go module source is what a clone without ../shared uses: check it here whether or not
// ../shared is present, so both sources stay tested.
describe('knownCrdFiles from the Go module proxy copies', () => {
  test('returns each CRD the tests need, one file each, holding that CRD', async () => {
    const files = await knownCrdFiles({ source: 'go-modules' });
    expect(files).toHaveLength(
      CRD_SOURCES.reduce((count, origin) => count + Object.keys(origin.crds).length, 0),
    );
    for (const crd of files) {
      const documents = parseAllDocuments(await readFile(crd.file, 'utf8')).map(
        (document) => document.toJS() as { kind?: string; metadata?: { name?: string } },
      );
      expect({
        file: crd.file,
        names: documents.map((document) => `${document.kind}/${document.metadata?.name}`),
      }).toEqual({
        file: crd.file,
        names: [`CustomResourceDefinition/${crd.name}`],
      });
      expect(crd.source).toBe('go-modules');
    }
  }, 120_000);
});
