/**
 * The result event rows of the labeled table: the worker's CPU per labeled event, events/s and
 * latency with results off (`RESULTS_MODE=none`), as the reply and published to Pub/Sub.
 */
import { fixed, NO_VALUES, type Row } from './report-table';
import { RESULT_MODES, type ResultEventResults, type ResultMode } from './result-event-runs';
import { TRANSPORT_TITLES } from './vision-stand-ins';

/** What each mode does with the result event, for the figure's text. */
const MODE_TEXT: Readonly<Record<ResultMode, string>> = Object.freeze({
  none: 'results off',
  reply: 'the 200 reply',
  pubsub: 'published to pstest',
});

/**
 * One row per mode: `CPU µs (± vs none); events/s; p50 / p99 ms`. The target: no failed request,
 * no acknowledged event missing from `RESULTS_FILE`, and with `pubsub` none without its result
 * on the topic.
 */
export function resultEventRows(results: ResultEventResults): Row[] {
  const off = results.none.cpuMicrosPerEvent;
  return RESULT_MODES.map((mode) => {
    const run = results[mode];
    const delta = run.cpuMicrosPerEvent - off;
    const cpu =
      mode === 'none'
        ? fixed(run.cpuMicrosPerEvent, 0)
        : `${fixed(run.cpuMicrosPerEvent, 0)} (${delta >= 0 ? '+' : '−'}${fixed(Math.abs(delta), 0)}, ${fixed((100 * delta) / off, 1)} %)`;
    const problems = [
      run.failures > 0 ? `${String(run.failures)} failed` : '',
      run.lost > 0 ? `${String(run.lost)} not in RESULTS_FILE` : '',
      run.unpublished > 0 ? `${String(run.unpublished)} without their result on the topic` : '',
    ].filter((text) => text !== '');
    return {
      scenario: TRANSPORT_TITLES.grpc,
      figure: `RESULTS_MODE=${mode} (${MODE_TEXT[mode]}): CPU per labeled event (µs; vs none); events/s; p50 / p99 (ms)`,
      values: {
        ...NO_VALUES,
        worker: `${cpu}; ${fixed(run.eventsPerSecond, 0)}; ${String(run.p50LatencyMs)} / ${String(run.p99LatencyMs)}`,
      },
      vsBaseline: '',
      vsFunctionsFramework: '',
      target: `no failed or lost event${mode === 'pubsub' ? ', every result on the topic' : ''}${problems.length > 0 ? ` (${problems.join(', ')})` : ''}`,
      pass: problems.length === 0 && run.acknowledgedInAll > 0,
    };
  });
}
