import type { LiveEntry } from '../api-types';
import { DELIVERY_FORMATS } from '../../events/canonical-event';
import { OUTCOMES } from '../../records/handled-event';
import { h, json, replaceChildren } from './dom';
import { eventBlock, outcomeBlock, resultEventBlock } from './result-block';

/**
 * The live view: every event the inspector's worker handles, as it arrives (Server-Sent Events from
 * `/api/live`), newest first, filtered by outcome and delivery format.
 *
 * @param onCount - told the number of records received, for the tab's title
 */
export function liveView(onCount: (count: number) => void): HTMLElement {
  const entries: LiveEntry[] = [];
  const list = h('ol', { id: 'live-list', reversed: true });
  const state = h('span', { id: 'live-state', class: 'note' }, 'connecting…');
  const outcome = h(
    'select',
    {
      id: 'filter-outcome',
      onchange: () => {
        render();
      },
    },
    h('option', { value: '' }, 'every outcome'),
    OUTCOMES.map((name) => h('option', { value: name }, name)),
  );
  const format = h(
    'select',
    {
      id: 'filter-format',
      onchange: () => {
        render();
      },
    },
    h('option', { value: '' }, 'every format'),
    DELIVERY_FORMATS.map((name) => h('option', { value: name }, name)),
  );
  const render = (): void => {
    const shown = entries.filter(
      ({ record }) =>
        (outcome.value === '' || record.outcome === outcome.value) &&
        (format.value === '' || record.delivery.format === format.value),
    );
    replaceChildren(
      list,
      shown.length === 0
        ? h(
            'li',
            { class: 'note empty' },
            entries.length === 0 ? 'nothing yet: send a delivery' : 'nothing matches the filters',
          )
        : shown.slice().reverse().map(entryItem),
    );
  };

  const source = new EventSource('/api/live');
  source.addEventListener('open', () => {
    state.textContent = `connected: events the worker handles appear here as they arrive`;
  });
  source.addEventListener('error', () => {
    state.textContent = 'disconnected; reconnecting…';
  });
  source.addEventListener('record', (event) => {
    const entry = JSON.parse((event as MessageEvent<string>).data) as LiveEntry;
    if (entries.some((known) => known.seq === entry.seq)) return;
    entries.push(entry);
    onCount(entries.length);
    render();
  });
  render();

  return h(
    'section',
    { id: 'live-view' },
    h(
      'div',
      { class: 'toolbar' },
      h('label', {}, 'Outcome ', outcome),
      h('label', {}, 'Format ', format),
      state,
    ),
    list,
  );
}

function entryItem(entry: LiveEntry): HTMLElement {
  const { record } = entry;
  return h(
    'li',
    { class: 'live-entry', 'data-outcome': record.outcome, 'data-format': record.delivery.format },
    h(
      'div',
      { class: 'live-head' },
      h('time', { datetime: entry.receivedAt }, new Date(entry.receivedAt).toLocaleTimeString()),
      h('code', {}, record.delivery.format),
      h('span', { class: 'subject' }, record.event.subject ?? record.event.source),
    ),
    outcomeBlock(entry),
    h(
      'div',
      { class: 'more' },
      eventBlock(record.event),
      h('details', {}, h('summary', {}, 'record'), h('pre', {}, json(record))),
      resultEventBlock(entry.resultEvent),
    ),
  );
}
