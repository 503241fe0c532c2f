/**
 * Parsing untrusted YAML without a crash: nesting deep enough to exhaust the parser's stack (or
 * V8's regular-expression memory) is refused before parsing, alias expansion is bounded, circular
 * aliases are detected, and the library's warnings are collected instead of printed. Every
 * problem becomes a {@link YamlProblem} the `yaml/syntax` rule reports.
 */
import { LineCounter, parseAllDocuments, type Document } from 'yaml';

/** Deepest flow nesting (`[`, `{`) and block indentation (columns) accepted before parsing. */
export const MAX_YAML_DEPTH = { flow: 100, blockColumns: 1000 } as const;
/** Aliases one document may expand (yaml's default is 100 too). */
const MAX_ALIAS_COUNT = 100;

/** A problem with a whole document or file (the parser's own errors stay on the document). */
export interface YamlProblem {
  /** The document's index, or -1 for the whole file. */
  readonly index: number;
  /** Offset in the text where the problem is known to start. */
  readonly offset: number;
  readonly message: string;
}

/** One YAML file parsed safely. */
export interface SafeYaml {
  readonly documents: readonly Document.Parsed[];
  /** `toJS()` of each document (`undefined` where it had errors or could not be converted). */
  readonly values: readonly unknown[];
  readonly problems: readonly YamlProblem[];
  readonly lineCounter: LineCounter;
}

/** Where nesting first goes too deep, or `undefined`. A cheap scan; quotes and comments skipped. */
function tooDeep(text: string): { offset: number; message: string } | undefined {
  let depth = 0;
  let quote: string | undefined;
  let lineStart = true;
  let column = 0;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i] ?? '';
    if (c === '\n') {
      lineStart = true;
      column = 0;
      continue;
    }
    if (lineStart) {
      if (c === ' ' || c === '\t' || (c === '-' && /[ \t]/.test(text[i + 1] ?? ''))) {
        column += 1;
        if (column > MAX_YAML_DEPTH.blockColumns)
          return {
            offset: i,
            message: `block nesting deeper than ${MAX_YAML_DEPTH.blockColumns} columns`,
          };
        continue;
      }
      lineStart = false;
    }
    if (quote !== undefined) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"') i += 1;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '#') while (i + 1 < text.length && text[i + 1] !== '\n') i += 1;
    else if (c === '[' || c === '{') {
      depth += 1;
      if (depth > MAX_YAML_DEPTH.flow)
        return { offset: i, message: `flow collections nested deeper than ${MAX_YAML_DEPTH.flow}` };
    } else if ((c === ']' || c === '}') && depth > 0) depth -= 1;
  }
  return undefined;
}

/** Does `value` contain itself (a circular alias such as `metadata: &m {labels: *m}`)? */
function isCircular(value: unknown, ancestors: Set<object> = new Set()): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (ancestors.has(value)) return true;
  ancestors.add(value);
  const children: unknown[] = Array.isArray(value) ? value : Object.values(value);
  const circular = children.some((child) => isCircular(child, ancestors));
  ancestors.delete(value);
  return circular;
}

function toValue(
  document: Document.Parsed,
  index: number,
): { value?: unknown; problem?: YamlProblem } {
  if (document.errors.length > 0) return {};
  const offset = document.range[0];
  try {
    const value: unknown = document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    return isCircular(value)
      ? {
          problem: {
            index,
            offset,
            message: 'an alias refers to a node that contains it (circular)',
          },
        }
      : { value };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { problem: { index, offset, message: `the document cannot be read: ${message}` } };
  }
}

/**
 * Parses a YAML stream (`version` 1.2 unless given) without throwing or printing.
 *
 * @param text - the file's text
 */
export function parseYamlSafely(text: string, version: '1.1' | '1.2' = '1.2'): SafeYaml {
  const lineCounter = new LineCounter();
  const deep = tooDeep(text);
  if (deep !== undefined)
    return {
      documents: [],
      values: [],
      problems: [{ index: -1, offset: deep.offset, message: `${deep.message}: not read further` }],
      lineCounter,
    };
  const stream = parseAllDocuments(text, {
    version,
    lineCounter,
    uniqueKeys: version === '1.2',
    logLevel: 'silent',
  });
  const documents: readonly Document.Parsed[] = Array.isArray(stream) ? stream : [];
  const converted = documents.map((document, index) => toValue(document, index));
  const warnings = documents.flatMap((document, index) =>
    document.warnings.map((warning) => ({
      index,
      offset: warning.pos[0],
      message: `${(warning.message.split('\n')[0] ?? warning.code).replace(/ at line \d+, column \d+:*$/, '')}: YAML readers differ on it; remove it`,
    })),
  );
  return {
    documents,
    values: converted.map((c) => c.value),
    problems: [
      ...converted.flatMap((c) => (c.problem === undefined ? [] : [c.problem])),
      ...warnings,
    ],
    lineCounter,
  };
}
