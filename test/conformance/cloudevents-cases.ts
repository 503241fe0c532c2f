/**
 * The cases of cloudevents/conformance (`../shared/fixtures/conformance/cloudevents-conformance`):
 * the YAML events that its `cloudevents invoke` turns into HTTP requests, and the Gherkin scenarios
 * of the HTTP protocol binding feature, each expanded over its Examples.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { toMessage, type Message } from '../../src/events/message';
import type {
  CloudEventFixture,
  ContentMode,
  FixtureData,
  PlainHeaders,
} from './cloudevent-requests';
import { isObject, type JsonObject } from './json-access';
import { CONFORMANCE_DIR } from './shared-fixtures';

export const CLOUDEVENTS_DIR = path.join(CONFORMANCE_DIR, 'cloudevents-conformance');

/** One YAML document: an event, the content mode(s) to send it in, and plain headers. */
export interface YamlCase {
  /** `<file>#<document index>`. */
  readonly name: string;
  /** The document's `Mode`, or both modes when it names none. */
  readonly modes: readonly ContentMode[];
  readonly event: CloudEventFixture;
  /** `TransportExtensions`: headers that are not CloudEvent attributes (`user-agent`). */
  readonly transportHeaders: PlainHeaders;
}

/** Every `.yaml` file under `yaml/`, relative to it, sorted. */
export function yamlFiles(dir = path.join(CLOUDEVENTS_DIR, 'yaml')): string[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.yaml'))
    .sort();
}

/** The YAML cases of every file (scalars read as strings: `specversion: 1.0` is "1.0"). */
export function yamlCases(): YamlCase[] {
  return yamlFiles().flatMap((file) =>
    parseAllDocuments(fs.readFileSync(path.join(CLOUDEVENTS_DIR, 'yaml', file), 'utf8'), {
      schema: 'failsafe',
    }).map((document, index) => {
      if (document.errors.length > 0)
        throw new Error(`${file}#${index}: ${document.errors[0]?.message}`);
      return yamlCase(`${file}#${index}`, document.toJS() as unknown);
    }),
  );
}

function yamlCase(name: string, document: unknown): YamlCase {
  const root = isObject(document) ? document : {};
  const { Extensions: extensions, ...context } = isObject(root.ContextAttributes)
    ? root.ContextAttributes
    : {};
  const attributes = { ...strings(context), ...strings(extensions) };
  const mode = root.Mode;
  return {
    name,
    modes: mode === 'binary' || mode === 'structured' ? [mode] : ['binary', 'structured'],
    event: { attributes, data: yamlData(root.Data, attributes.datacontenttype) },
    transportHeaders: strings(root.TransportExtensions),
  };
}

function strings(value: unknown): Record<string, string> {
  return Object.fromEntries(
    Object.entries(isObject(value) ? value : {}).filter(
      (entry): entry is [string, string] => typeof entry[1] === 'string',
    ),
  );
}

/** Whether a `datacontenttype` declares JSON (`*\/json`, `*\/*+json`; JSON format §3.1). */
export function isJsonContentType(contentType: string): boolean {
  return /[/+]json$/.test(contentType.split(';')[0]?.trim().toLowerCase() ?? '');
}

/**
 * `Data` is the data's text, sent as it is in binary mode: JSON when the content type declares JSON
 * or is absent and the text parses; otherwise text (JSON declared but not JSON stays text, which
 * makes the case invalid).
 */
function yamlData(data: unknown, contentType: string | undefined): FixtureData {
  if (typeof data !== 'string') return { kind: 'none' };
  if (contentType !== undefined && !isJsonContentType(contentType)) {
    return { kind: 'text', text: data };
  }
  const json = parseJsonOrUndefined(data);
  return json === undefined
    ? { kind: 'text', text: data }
    : { kind: 'json', value: json.parsed, text: data };
}

/** The parsed JSON text, or `undefined` when the text is not JSON. */
function parseJsonOrUndefined(text: string): { parsed: unknown } | undefined {
  try {
    return { parsed: JSON.parse(text) as unknown };
  } catch {
    return undefined;
  }
}

/** One Gherkin scenario, expanded for one row of its Examples. */
export interface FeatureCase {
  readonly name: string;
  readonly message: Message;
  /** `Then the attributes are:` (key → value). */
  readonly attributes: Readonly<Record<string, string>>;
  /** `And the data is equal to the following JSON:`. */
  readonly data: unknown;
}

interface Scenario {
  readonly title: string;
  request: string;
  dataJson: string;
  readonly attributes: string[][];
  readonly examples: string[][];
}

/** The scenarios of `features/http-protocol-binding.feature`, one case per Examples row. */
export function featureCases(
  file = path.join(CLOUDEVENTS_DIR, 'features', 'http-protocol-binding.feature'),
): FeatureCase[] {
  return parseScenarios(fs.readFileSync(file, 'utf8')).flatMap((scenario) => {
    const [header, ...rows] = scenario.examples;
    return rows.map((row) => {
      const fill = (text: string) =>
        (header ?? []).reduce(
          (filled, key, column) => filled.replaceAll(`<${key}>`, row[column] ?? ''),
          text,
        );
      return {
        name: fill(scenario.title),
        message: parseHttpRequest(fill(scenario.request)),
        attributes: Object.fromEntries(
          scenario.attributes.slice(1).map(([key = '', value = '']) => [key, fill(value)]),
        ),
        data: JSON.parse(scenario.dataJson) as unknown,
      };
    });
  });
}

function parseScenarios(text: string): Scenario[] {
  const scenarios: Scenario[] = [];
  const lines = text.split('\n');
  let step = '';
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index] ?? '';
    const trimmed = line.trim();
    const scenario = scenarios.at(-1);
    const title = /^Scenario(?: Outline)?:\s*(.+)$/.exec(trimmed)?.[1];
    if (title !== undefined) {
      scenarios.push({ title, request: '', dataJson: '', attributes: [], examples: [] });
    } else if (trimmed === '"""' && scenario !== undefined) {
      const indent = line.indexOf('"""');
      const end = lines.findIndex((candidate, at) => at > index && candidate.trim() === '"""');
      const docString = lines
        .slice(index + 1, end)
        .map((content) => content.slice(indent))
        .join('\n');
      if (/HTTP request/.test(step)) scenario.request = docString;
      if (/data is equal to the following JSON/.test(step)) scenario.dataJson = docString;
      index = end;
    } else if (trimmed.startsWith('|') && scenario !== undefined) {
      const cells = trimmed
        .split('|')
        .slice(1, -1)
        .map((cell) => cell.trim());
      (step.startsWith('Examples') ? scenario.examples : scenario.attributes).push(cells);
    } else if (trimmed !== '') {
      step = trimmed;
    }
  }
  return scenarios;
}

/** An HTTP/1.1 request as text: request line, headers, a blank line, the body. */
function parseHttpRequest(text: string): Message {
  const blank = text.indexOf('\n\n');
  const head = (blank < 0 ? text : text.slice(0, blank)).split('\n').slice(1);
  const headers: JsonObject = {};
  for (const line of head) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
  }
  return toMessage(strings(headers), blank < 0 ? '' : text.slice(blank + 2));
}
