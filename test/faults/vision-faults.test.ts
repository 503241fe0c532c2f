/**
 * Each Vision fault alone, through the real worker and the real Vision client (REST): the delivery
 * is refused with the status its kind calls for (429 for quota, 503 otherwise) and a problem that
 * names the gRPC code the client reported, nothing is recorded, and the redelivery, answered
 * normally, is labeled once.
 */
import {
  FAULT_ANSWERS,
  faultsBySchedule,
  VISION_FAULTS,
  type FaultPlan,
} from '../support/faulty-vision-server';
import { labelsOf, plannedEvent, pushRequest } from './event-kinds';
import { startFaultRun, type FaultRun } from './fault-run';

let run: FaultRun;

/** `image/scheduled.jpg` meets these faults in turn, then none. */
const SCHEDULE = ['unavailable', 'slow', 'image-resource-exhausted', 'cut-response'] as const;
const scheduled = faultsBySchedule(SCHEDULE);
/** Any other image: its first request gets the fault its name says, later ones none. */
const byName: FaultPlan = ({ request, attempt }) =>
  attempt === 0
    ? VISION_FAULTS.find((fault) => request.imageUri?.endsWith(`/${fault}.jpg`))
    : undefined;

beforeAll(async () => {
  run = await startFaultRun({
    plan: (call) =>
      call.request.imageUri?.endsWith('/scheduled.jpg') === true ? scheduled(call) : byName(call),
    maxInFlight: 8,
    // Long enough that an answer without a fault is never cut on a busy machine; `slow` is 3×.
    visionTimeoutMs: 1000,
  });
});

afterAll(async () => {
  await run.close();
});

test.each(VISION_FAULTS.map((fault, index) => ({ fault, index, ...FAULT_ANSWERS[fault] })))(
  '$fault → $status naming $reported, no record; the redelivery is labeled once',
  async ({ fault, index, status, reported }) => {
    const planned = plannedEvent('image', index, String(7_000_000 + index), fault);
    const first = pushRequest(planned, 1, 'JSON_API_V1');
    const refused = await fetch(run.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: first.body,
    });
    expect(refused.status).toBe(status);
    expect(await refused.json()).toMatchObject({
      detail: expect.stringContaining(`Vision answered ${reported}`),
    });
    expect(run.vision.injected[fault]).toBe(1);
    const redeliveries = [
      await run.poster.post(pushRequest(planned, 2, 'JSON_API_V1')),
      await run.poster.post(pushRequest(planned, 3, 'JSON_API_V1')),
    ];
    expect(redeliveries).toEqual([204, 204]);
    const mine = (await run.readRecords()).filter((record) => record.event.id === planned.event.id);
    expect(mine.map((record) => [record.outcome, record.delivery.attempt, record.labels])).toEqual([
      ['labeled', 2, labelsOf(planned.event.data.name)],
      ['duplicate', 3, undefined],
    ]);
  },
);

test('faults on a schedule: each attempt meets the next one, the first attempt after them is labeled', async () => {
  const planned = plannedEvent('image', 99, '7000099', 'scheduled');
  const answers = [];
  for (let attempt = 1; attempt <= SCHEDULE.length + 1; attempt++) {
    answers.push(await run.poster.post(pushRequest(planned, attempt, 'JSON_API_V1')));
  }
  expect(answers).toEqual([...SCHEDULE.map((fault) => FAULT_ANSWERS[fault].status), 204]);
  const mine = (await run.readRecords()).filter((record) => record.event.id === planned.event.id);
  expect(mine.map((record) => [record.outcome, record.delivery.attempt])).toEqual([
    ['labeled', SCHEDULE.length + 1],
  ]);
});
