import type { DecodeResult, FormatsResponse, RequestView } from '../api-types';
import { decode } from './api';
import { h, replaceChildren } from './dom';
import { headerLegend, requestBlock } from './request-block';
import { eventBlock, problemBlock, sendResultBlock } from './result-block';

const PLACEHOLDER = `POST / HTTP/1.1
content-type: application/json
ce-specversion: 1.0
ce-id: 1234
ce-source: //storage.googleapis.com/projects/_/buckets/my-bucket
ce-type: google.cloud.storage.object.v1.finalized

{"bucket": "my-bucket", "name": "cat.jpg", "generation": "1"}

(or JSON: {"headers": {...}, "body": ...})`;

/**
 * The paste view: a delivery captured from a platform (a raw HTTP request, or JSON `{headers,
 * body}`) decoded by the worker's decoder: its format and generation named and its canonical
 * events shown, or the problem the worker answers it with; optionally sent to the worker too.
 */
export function pasteView(
  formats: () => FormatsResponse | undefined,
  target: () => string | undefined,
  onError: (error: unknown) => void,
): HTMLElement {
  const text = h('textarea', {
    id: 'paste-text',
    rows: 14,
    spellcheck: 'false',
    placeholder: PLACEHOLDER,
  });
  const result = h('div', { id: 'paste-result', 'aria-live': 'polite' });
  const run = async (sendIt: boolean): Promise<void> => {
    replaceChildren(
      result,
      h('p', { class: 'note' }, sendIt ? 'decoding and sending…' : 'decoding…'),
    );
    try {
      const to = target();
      const answer = await decode({
        text: text.value,
        ...(sendIt ? { sendTo: to ?? 'local' } : {}),
      });
      replaceChildren(result, decodeResultBlock(answer));
    } catch (error) {
      replaceChildren(result);
      onError(error);
    }
  };
  const example = h(
    'select',
    {
      id: 'paste-example',
      onchange: () => {
        const card = formats()?.deliveries.find((delivery) => delivery.id === example.value);
        if (card !== undefined) text.value = rawRequest(card.request);
        example.value = '';
      },
    },
    h('option', { value: '' }, 'fill in an example…'),
    formats()?.deliveries.map((card) => h('option', { value: card.id }, card.id)),
  );
  return h(
    'section',
    { id: 'paste-view' },
    h(
      'p',
      { class: 'intro' },
      'Paste a delivery you captured (a raw HTTP request: request line, headers, a blank line, the body; or JSON {"headers", "body"}). The worker\'s own decoder reads it.',
    ),
    text,
    h(
      'div',
      { class: 'toolbar' },
      h('button', { id: 'decode', class: 'primary', onclick: () => void run(false) }, 'Decode'),
      h(
        'button',
        { id: 'decode-send', onclick: () => void run(true) },
        'Decode and send to the worker',
      ),
      example,
    ),
    result,
  );
}

function decodeResultBlock(answer: DecodeResult): HTMLElement {
  const { decoded } = answer;
  return h(
    'div',
    { class: 'decode-result' },
    decoded === undefined
      ? h(
          'div',
          {},
          h('h3', {}, `Not decoded: the worker answers ${String(answer.problem?.status ?? 400)}`),
          answer.problem === undefined ? '' : problemBlock(answer.problem),
        )
      : h(
          'div',
          {},
          h('h3', {}, 'Format: ', h('code', { id: 'decoded-format' }, decoded.format)),
          h(
            'p',
            { class: 'generation' },
            decoded.matches.length === 0
              ? 'Producer and generation: none of the known encodings has this exact shape.'
              : [
                  'Producer and generation: ',
                  decoded.matches.map((match) =>
                    h('span', { class: 'match' }, h('b', {}, match.id), ` — ${match.label}`),
                  ),
                ],
          ),
          h(
            'ul',
            { class: 'type-names' },
            decoded.typeNames.map((type) =>
              h(
                'li',
                {},
                h('code', {}, type.name),
                type.canonical === undefined
                  ? ' (no canonical type: not a Cloud Storage or Pub/Sub type)'
                  : [' → ', h('code', {}, type.canonical)],
              ),
            ),
          ),
          decoded.events.map((event) => eventBlock(event)),
        ),
    answer.sent === undefined ? '' : [h('h3', {}, 'Sent'), sendResultBlock(answer.sent)],
    h('h3', {}, 'As read'),
    headerLegend(),
    requestBlock(answer.request),
  );
}

/** A request view as raw HTTP text, to paste. */
function rawRequest(request: RequestView): string {
  return [
    `${request.method} ${request.target} HTTP/1.1`,
    ...request.headers.map((header) => `${header.name}: ${header.value}`),
    '',
    request.body,
  ].join('\n');
}
