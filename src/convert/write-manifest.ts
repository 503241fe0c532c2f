/**
 * The converted Service as YAML: a header naming where it came from, then the object with every
 * string that a YAML 1.1 reader (kubectl's, gcloud's) or a YAML 1.2 reader would take for
 * anything but that string quoted (`"10"`, `"on"`, `"1e3"`, `"2001-12-14"`), as the kit's
 * validator requires.
 *
 * @see https://yaml.org/type/ (the YAML 1.1 types)
 * @see https://yaml.org/spec/1.2.2/#1022-tag-resolution
 */
import { Document, parse, Scalar, visit } from 'yaml';
import type { Platform } from './convert-rule';
import type { Json } from './json-edit';

/** What each platform applies the file with, for the header. */
const APPLY: Readonly<Record<Platform, string>> = {
  knative: 'kubectl apply -f',
  'cloud-run': 'gcloud run services replace',
};

/** Would a YAML 1.1 or 1.2 reader read `text`, written plain, as something else? */
function misread(text: string): boolean {
  return (['1.1', '1.2'] as const).some((version) => {
    try {
      return parse(text, { version }) !== text;
    } catch {
      return true;
    }
  });
}

/**
 * The YAML text of `service`, for `to`.
 *
 * @param from - the input file's name, for the header
 */
export function writeManifest(service: Json, to: Platform, from: string): string {
  const document = new Document(service);
  visit(document, {
    Scalar(_, node) {
      if (typeof node.value === 'string' && misread(node.value)) node.type = Scalar.QUOTE_DOUBLE;
    },
  });
  const header = `# Converted by \`npm run convert\` from ${from}: review the lines it printed, then ${APPLY[to]} this file.\n`;
  return header + document.toString({ lineWidth: 0 });
}
