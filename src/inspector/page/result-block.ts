import type { LiveEntry, ProblemView, SendResult } from '../api-types';
import type { CanonicalEvent } from '../../events/canonical-event';
import { h, json } from './dom';

/** A status badge, coloured by class (2xx, 4xx, 5xx, none). */
export function statusBadge(status: number): HTMLElement {
  const kind = status === 0 ? 'none' : `${Math.floor(status / 100)}xx`;
  return h('span', { class: `status s${kind}` }, status === 0 ? 'no answer' : String(status));
}

/** An RFC 9457 problem: title, detail and, for a decode error, where. */
export function problemBlock(problem: ProblemView): HTMLElement {
  const pointer = 'pointer' in problem ? problem.pointer : undefined;
  const code = 'code' in problem ? problem.code : undefined;
  return h(
    'div',
    { class: 'problem', role: 'alert' },
    h('b', {}, `${problem.status} ${problem.title}`),
    code === undefined ? '' : h('code', {}, code),
    h('p', { class: 'detail' }, problem.detail),
    pointer === undefined ? '' : h('p', {}, 'at ', h('code', {}, pointer)),
  );
}

/** The canonical event, one summary line and the whole event. */
export function eventBlock(event: CanonicalEvent, title = 'canonical event'): HTMLElement {
  return h(
    'details',
    { class: 'event' },
    h(
      'summary',
      {},
      `${title}: `,
      h(
        'code',
        { class: 'event-key' },
        `${event.type} ${event.subject ?? event.source} id ${event.id}`,
      ),
    ),
    h('pre', {}, json(event)),
  );
}

/** The outcome badge and labels of a record. */
export function outcomeBlock(entry: LiveEntry): HTMLElement {
  const { record } = entry;
  return h(
    'div',
    { class: 'outcome' },
    h('span', { class: `badge o-${record.outcome}` }, record.outcome),
    record.reason === undefined ? '' : h('span', { class: 'reason' }, record.reason),
    record.labels === undefined
      ? ''
      : h(
          'ul',
          { class: 'labels' },
          record.labels.map((label) =>
            h('li', {}, label.description, h('small', {}, ` ${label.score.toFixed(2)}`)),
          ),
        ),
  );
}

/**
 * The result event (`dev.dualrun.image.labeled.v1` or `.unlabelable.v1`): shown when the worker
 * emitted one, with a line saying when it does not.
 */
export function resultEventBlock(resultEvent: unknown): HTMLElement {
  return resultEvent === undefined
    ? h(
        'p',
        { class: 'result-event none' },
        'result event: none (only a labeled or unlabelable image gets one, and a batch has no reply)',
      )
    : h(
        'details',
        { class: 'result-event', open: true },
        h('summary', {}, 'result event'),
        h('pre', {}, json(resultEvent)),
      );
}

/** What sending one delivery gave: status, problem, decoded event, outcome and labels, result event. */
export function sendResultBlock(result: SendResult): HTMLElement {
  const record = result.records[0];
  return h(
    'div',
    { class: 'result', 'data-status': result.status },
    h('p', { class: 'answer' }, statusBadge(result.status), ' from ', h('code', {}, result.to)),
    result.error === undefined ? '' : h('p', { class: 'problem' }, result.error),
    result.problem === undefined ? '' : problemBlock(result.problem),
    result.responseBody === undefined ? '' : h('pre', { class: 'reply' }, result.responseBody),
    record === undefined
      ? result.status >= 200 && result.status < 300
        ? h('p', { class: 'note' }, 'no record visible: another worker keeps its own records')
        : ''
      : result.records.map(outcomeBlock),
    (record === undefined ? result.decoded : result.records.map((entry) => entry.record.event)).map(
      (event) => eventBlock(event, record === undefined ? 'decoded here' : 'canonical event'),
    ),
    resultEventBlock(result.resultEvent),
  );
}
