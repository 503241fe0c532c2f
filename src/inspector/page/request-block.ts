import type { HeaderKind, RequestView } from '../api-types';
import { h } from './dom';

/** What each header kind is called on the page (the legend and the headers' titles). */
export const HEADER_KIND_NAMES: Readonly<Record<HeaderKind, string>> = Object.freeze({
  cloudevent: 'CloudEvent attribute (ce-*)',
  pubsub: 'Pub/Sub metadata (x-goog-pubsub-*)',
  attribute: 'message attribute as a header',
  http: 'HTTP header',
});

/** A legend of the header marks. */
export function headerLegend(): HTMLElement {
  return h(
    'p',
    { class: 'legend' },
    'Headers: ',
    (Object.keys(HEADER_KIND_NAMES) as HeaderKind[]).map((kind) =>
      h('span', { class: `hdr hdr-${kind}` }, HEADER_KIND_NAMES[kind]),
    ),
    h('span', { class: 'b64-mark' }, 'base64 in the body'),
  );
}

/**
 * One HTTP request as it goes over the wire: request line and headers (each marked by kind), the
 * body pretty-printed, and each base64 value decoded beside it.
 */
export function requestBlock(request: RequestView): HTMLElement {
  const base64Pointers = new Set(request.base64.map(({ pointer }) => pointer));
  const body = request.bodyPretty ?? request.body;
  return h(
    'div',
    { class: 'request' },
    h(
      'pre',
      { class: 'wire' },
      h('span', { class: 'request-line' }, `${request.method} ${request.target} HTTP/1.1`),
      '\n',
      request.headers.map((header) => [
        h(
          'span',
          { class: `hdr hdr-${header.kind}`, title: HEADER_KIND_NAMES[header.kind] },
          h('b', {}, header.name),
          `: ${header.value}`,
        ),
        '\n',
      ]),
    ),
    h(
      'div',
      { class: 'body-pair' },
      h(
        'figure',
        { class: 'body' },
        h(
          'figcaption',
          {},
          `body, ${request.bodyBytes} bytes`,
          request.bodyPretty === undefined ? '' : ' (pretty-printed; one line on the wire)',
        ),
        h(
          'pre',
          {},
          body === '' ? h('i', {}, '(empty)') : markBase64(body, request, base64Pointers),
        ),
      ),
      request.base64.map((value) =>
        h(
          'figure',
          { class: 'decoded' },
          h('figcaption', {}, h('code', {}, value.pointer), ' base64, decoded'),
          h('pre', {}, value.decoded),
        ),
      ),
    ),
  );
}

/** The body text with each base64 value marked (found by its text: pointers need no parser here). */
function markBase64(body: string, request: RequestView, pointers: ReadonlySet<string>): Node[] {
  if (pointers.size === 0) return [document.createTextNode(body)];
  const values = base64Texts(request.body);
  if (values.length === 0) return [document.createTextNode(body)];
  const pattern = new RegExp(`"(${values.map(escapeRegExp).join('|')})"`, 'g');
  const nodes: Node[] = [];
  let last = 0;
  for (const match of body.matchAll(pattern)) {
    nodes.push(document.createTextNode(body.slice(last, match.index + 1)));
    nodes.push(h('mark', { class: 'b64-mark' }, match[1] ?? ''));
    last = match.index + match[0].length - 1;
  }
  nodes.push(document.createTextNode(body.slice(last)));
  return nodes;
}

/** The string values of `data` / `data_base64` members that look like base64 (40 characters or more). */
function base64Texts(body: string): string[] {
  const found = body.matchAll(/"(?:data|data_base64)"\s*:\s*"([A-Za-z0-9+/_-]{40,}={0,2})"/g);
  return [...new Set([...found].map((match) => match[1] ?? ''))].filter((text) => text !== '');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
