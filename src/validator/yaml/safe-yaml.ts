/**
 * Parsing untrusted YAML without a crash, with the `yaml` library's own guards: its lexer measures
 * flow nesting before parsing (nesting deep enough to exhaust the parser's stack is refused; block
 * nesting is measured by indentation), `maxAliasCount` bounds alias expansion, `logLevel: 'silent'`
 * collects warnings (unknown tags…) instead of printing them; a circular alias is detected on the
 * result. Every problem becomes a {@link YamlProblem} the `yaml/syntax` rule reports.
 *
 * @see https://eemeli.org/yaml/#options (maxAliasCount, logLevel, uniqueKeys)
 */
import { isNode, LineCounter, Lexer, parseAllDocuments, visit, type Document } from 'yaml';

/** Deepest flow nesting (`[`, `{`) and block indentation (columns) accepted before parsing. */
export const MAX_YAML_DEPTH = { flow: 100, blockColumns: 1000 } as const;
/** Aliases one document may expand (the library's default is 100 too). */
const MAX_ALIAS_COUNT = 100;
/** Lexer tokens that mark a place without being text: document start, flow error end, scalar. */
const MARKERS: ReadonlySet<string> = new Set(['\x02', '\x18', '\x1f']);

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
  /**
   * `toJS()` of each document: plain JSON data only (`undefined` where it had errors, a tag that
   * does not read as plain data, or could not be converted).
   */
  readonly values: readonly unknown[];
  readonly problems: readonly YamlProblem[];
  readonly lineCounter: LineCounter;
}

/** Where flow collections first nest too deep, read by the library's lexer (quotes, comments). */
function flowTooDeep(text: string): YamlProblem | undefined {
  let depth = 0;
  let offset = 0;
  for (const token of new Lexer().lex(text)) {
    if (token === '[' || token === '{') depth += 1;
    else if ((token === ']' || token === '}') && depth > 0) depth -= 1;
    if (depth > MAX_YAML_DEPTH.flow)
      return {
        index: -1,
        offset,
        message: `flow collections nested deeper than ${MAX_YAML_DEPTH.flow}`,
      };
    if (!MARKERS.has(token)) offset += token.length;
  }
  return undefined;
}

/** Where a line's indentation (spaces, tabs, `- `) first goes past the block limit. */
function blockTooDeep(text: string): YamlProblem | undefined {
  const limit = MAX_YAML_DEPTH.blockColumns;
  let lineStart = 0;
  for (const line of text.split('\n')) {
    const indent = /^(?:[ \t]|-(?=[ \t]))*/.exec(line.slice(0, limit + 2))?.[0] ?? '';
    if (indent.length > limit)
      return {
        index: -1,
        offset: lineStart + limit,
        message: `block nesting deeper than ${limit} columns`,
      };
    lineStart += line.length + 1;
  }
  return undefined;
}

/** The tags whose nodes read as plain JSON data (YAML 1.2's core schema and its `!!str`…). */
const PLAIN_TAGS: ReadonlySet<string> = new Set(
  ['str', 'int', 'float', 'bool', 'null', 'map', 'seq'].map((name) => `tag:yaml.org,2002:${name}`),
);

/** `tag:yaml.org,2002:binary` → `!!binary`; any other tag as written. */
function shortTag(tag: string): string {
  return tag.replace(/^tag:yaml\.org,2002:/, '!!');
}

/**
 * Every node of `document` with a tag that does not read as plain JSON data: `!!binary` (a
 * Buffer), `!!timestamp` (a Date), `!!set`, `!!omap`, `!!pairs` (Set, Map, pairs) and any custom
 * or unresolved tag. Manifests are JSON objects to the API server, so such a document is not read.
 */
function foreignTags(document: Document.Parsed, index: number): YamlProblem[] {
  const problems: YamlProblem[] = [];
  visit(document, (_key, node) => {
    if (!isNode(node) || node.tag === undefined || PLAIN_TAGS.has(node.tag)) return undefined;
    problems.push({
      index,
      offset: node.range?.[0] ?? document.range[0],
      message: `the tag ${shortTag(node.tag)} does not read as plain JSON data (string, number, boolean, null, mapping, list): remove the tag`,
    });
    return visit.SKIP;
  });
  return problems;
}

/**
 * What keeps `value` from being plain JSON data, walking only arrays and plain objects: a
 * circular alias (such as `metadata: &m {labels: *m}`), or an object of another class.
 */
function notPlain(
  value: unknown,
  ancestors: Set<object> = new Set(),
): 'circular' | 'object' | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  if (ancestors.has(value)) return 'circular';
  const prototype: unknown = Object.getPrototypeOf(value);
  const plain = Array.isArray(value) || prototype === Object.prototype || prototype === null;
  if (!plain) return 'object';
  ancestors.add(value);
  const children: unknown[] = Array.isArray(value) ? value : Object.values(value);
  let found: 'circular' | 'object' | undefined;
  for (const child of children) {
    found = notPlain(child, ancestors);
    if (found !== undefined) break;
  }
  ancestors.delete(value);
  return found;
}

/** Messages for what {@link notPlain} finds. */
const NOT_PLAIN = {
  circular: 'an alias refers to a node that contains it (circular)',
  object: 'the document does not read as plain JSON data',
} as const;

function toValue(
  document: Document.Parsed,
  index: number,
): { value?: unknown; problems?: YamlProblem[] } {
  if (document.errors.length > 0) return {};
  const tagged = foreignTags(document, index);
  if (tagged.length > 0) return { problems: tagged };
  const offset = document.range[0];
  try {
    const value: unknown = document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    const found = notPlain(value);
    if (found === undefined) return { value };
    return { problems: [{ index, offset, message: NOT_PLAIN[found] }] };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { problems: [{ index, offset, message: `the document cannot be read: ${message}` }] };
  }
}

/** A line counter for `text` filled without parsing it (for problems found before the parser). */
function countLines(text: string, lineCounter: LineCounter): LineCounter {
  lineCounter.addNewLine(0);
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1))
    lineCounter.addNewLine(i + 1);
  return lineCounter;
}

/**
 * Parses a YAML stream without throwing or printing.
 *
 * @param text - the file's text
 * @param version - the YAML version to read it as @default '1.2'
 */
export function parseYamlSafely(text: string, version: '1.1' | '1.2' = '1.2'): SafeYaml {
  const lineCounter = new LineCounter();
  const deep = [flowTooDeep(text), blockTooDeep(text)]
    .filter((problem) => problem !== undefined)
    .sort((a, b) => a.offset - b.offset)[0];
  if (deep !== undefined)
    return {
      documents: [],
      values: [],
      problems: [{ ...deep, message: `${deep.message}: not read further` }],
      lineCounter: countLines(text, lineCounter),
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
    // an unresolved tag is reported once, by foreignTags
    document.warnings
      .filter((warning) => warning.code !== 'TAG_RESOLVE_FAILED')
      .map((warning) => ({
        index,
        offset: warning.pos[0],
        message: `${(warning.message.split('\n')[0] ?? warning.code).replace(/ at line \d+, column \d+:*$/, '')}: YAML readers differ on it; remove it`,
      })),
  );
  return {
    documents,
    values: converted.map((c) => c.value),
    problems: [...converted.flatMap((c) => c.problems ?? []), ...warnings],
    lineCounter,
  };
}
