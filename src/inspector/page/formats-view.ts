import type { DeliveryCard, DeliveryTraits, FormatsResponse, SendResult } from '../api-types';
import type { CanonicalEvent } from '../../events/canonical-event';
import { send } from './api';
import { h, json, replaceChildren } from './dom';
import { headerLegend, requestBlock } from './request-block';
import { eventBlock, sendResultBlock } from './result-block';

/** The comparison table's columns: what tells the formats apart, read from each request. */
const TRAIT_COLUMNS: readonly {
  readonly title: string;
  readonly read: (traits: DeliveryTraits) => string;
}[] = Object.freeze([
  { title: 'Content-Type', read: (traits) => traits.contentType ?? '(none)' },
  { title: 'attributes in', read: (traits) => traits.attributesIn },
  { title: 'object data', read: (traits) => traits.data },
  { title: 'type name(s)', read: (traits) => traits.typeNames.join(' → ') },
  { title: 'specversion', read: (traits) => traits.specversion ?? '—' },
]);

/** The formats view: the comparison table, then one card per format with its request and send. */
export function formatsView(
  formats: FormatsResponse,
  target: () => string | undefined,
  onError: (error: unknown) => void,
): HTMLElement {
  const slots = new Map<string, HTMLElement>();
  const summary = h('span', { class: 'summary', 'aria-live': 'polite' });
  const sendFormats = async (
    ids: readonly string[] | 'all',
    button: HTMLButtonElement,
  ): Promise<void> => {
    button.disabled = true;
    const affected = ids === 'all' ? formats.deliveries.map((card) => card.id) : ids;
    for (const id of affected)
      slots.get(id)?.replaceChildren(h('p', { class: 'note' }, 'sending…'));
    try {
      const to = target();
      const results = await send({
        object: formats.object,
        uploadedAtMs: formats.uploadedAtMs,
        formats: ids,
        ...(to === undefined ? {} : { to }),
      });
      for (const result of results) slots.get(result.id)?.replaceChildren(sendResultBlock(result));
      if (ids === 'all') replaceChildren(summary, summaryOf(results));
    } catch (error) {
      // Said where the user looks (the card, or every card on "send all"), and at the top.
      const message = error instanceof Error ? error.message : String(error);
      for (const id of affected)
        slots.get(id)?.replaceChildren(h('p', { class: 'problem' }, message));
      onError(error);
    } finally {
      button.disabled = false;
    }
  };
  const sendAll: HTMLButtonElement = h(
    'button',
    {
      id: 'send-all',
      class: 'primary',
      onclick: () => void sendFormats('all', sendAll),
    },
    `Send all ${formats.deliveries.length}`,
  );

  return h(
    'section',
    { id: 'formats-view' },
    h('div', { class: 'toolbar' }, sendAll, summary),
    eventBlock(formats.event, 'the canonical event every format decodes to'),
    comparisonTable(formats.deliveries),
    headerLegend(),
    h(
      'div',
      { class: 'cards' },
      formats.deliveries.map((card) => {
        const slot = h('div', { class: 'slot' });
        slots.set(card.id, slot);
        const button: HTMLButtonElement = h(
          'button',
          {
            class: 'send',
            onclick: () => void sendFormats([card.id], button),
          },
          'Send',
        );
        return h(
          'article',
          {
            class: card.request.base64.length > 0 ? 'card has-base64' : 'card',
            'data-format': card.id,
            id: `card-${card.id}`,
          },
          h('header', {}, h('h3', {}, card.id), button),
          h('p', { class: 'label' }, card.label),
          card.reduction === undefined
            ? ''
            : h('p', { class: 'reduction' }, `Carries less: ${card.reduction}`),
          slot,
          requestBlock(card.request),
        );
      }),
    ),
  );
}

/**
 * What differs between the formats, one row per format: equal values share a colour in each
 * column, so the differences stand out.
 */
function comparisonTable(cards: readonly DeliveryCard[]): HTMLElement {
  const shades = TRAIT_COLUMNS.map((column) => {
    const distinct = [...new Set(cards.map((card) => column.read(card.traits)))];
    return (value: string) => `shade-${distinct.indexOf(value) % 8}`;
  });
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: 'compare' },
      h('caption', {}, 'What differs between the formats (equal values share a colour)'),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', {}, 'format'),
          h('th', {}, 'delivery.format'),
          TRAIT_COLUMNS.map((column) => h('th', {}, column.title)),
        ),
      ),
      h(
        'tbody',
        {},
        cards.map((card) =>
          h(
            'tr',
            {},
            h('th', {}, h('a', { href: `#card-${card.id}` }, card.id)),
            h('td', {}, card.format),
            TRAIT_COLUMNS.map((column, index) => {
              const value = column.read(card.traits);
              return h('td', { class: shades[index]?.(value) }, value);
            }),
          ),
        ),
      ),
    ),
  );
}

/** One line on a "send all": the statuses, and whether every format gave the same canonical event. */
function summaryOf(results: readonly SendResult[]): string {
  const statuses = new Map<number, number>();
  for (const result of results) statuses.set(result.status, (statuses.get(result.status) ?? 0) + 1);
  const counts = [...statuses].map(
    ([status, count]) => `${count} × ${status === 0 ? 'no answer' : status}`,
  );
  const events = new Set(
    results.map((result) => identity(result.records[0]?.record.event ?? result.decoded[0])),
  );
  const same = events.size === 1 && !events.has('none');
  return `${counts.join(', ')}; the same canonical event in every column: ${same ? 'yes' : `no (${events.size})`}`;
}

/** The fields that make an event the same event (as the demo compares them). */
function identity(event: CanonicalEvent | undefined): string {
  if (event === undefined) return 'none';
  const data = event.data as { bucket?: string; name?: string; generation?: string };
  return json([
    event.id,
    event.type,
    event.source,
    event.subject,
    event.time,
    data.bucket,
    data.name,
    data.generation,
  ]);
}
