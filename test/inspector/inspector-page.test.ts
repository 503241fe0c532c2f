/**
 * The inspector's page in a real browser (Debian's Chromium through playwright-core; one browser
 * for the file, one page): every format shown, "send all" answered 204 with the same canonical
 * event in every column, a pasted malformed delivery answered with the 400 problem detail, and the
 * live list receiving an event that reached the worker from elsewhere. Screenshots of the three
 * views go to dist/screenshots/ (docs/inspector.png is one of them).
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { encodeDelivery } from '../../src/events/encode/encode-delivery';
import { ENCODING_IDS } from '../../src/events/encode/encodings';
import { outgoingHeaders } from '../../src/events/message';
import type { FormatsResponse } from '../../src/inspector/api-types';
import { serveInspector, type RunningInspector } from '../../src/inspector/serve-inspector';
import { launchChromium, type TestBrowser } from '../support/chromium';

jest.setTimeout(60_000);

const SCREENSHOTS = path.resolve(__dirname, '../../dist/screenshots');

let running: RunningInspector;
let browser: TestBrowser | undefined;
let page: Page;

beforeAll(async () => {
  await mkdir(SCREENSHOTS, { recursive: true });
  running = await serveInspector({
    port: 0,
    assetsDir: path.resolve(__dirname, '../../dist/inspector'),
  });
  browser = await launchChromium();
  page = await browser.context.newPage();
  await page.goto(running.url.href);
  await page.waitForSelector('body[data-ready]');
});

afterAll(async () => {
  await browser?.close();
  await running.close();
});

test('the page shows every delivery format, each as its request, and the table of differences', async () => {
  expect(await attributesOf(page.locator('.card'), 'data-format')).toEqual(ENCODING_IDS);
  await expect(page.locator('table.compare tbody tr').count()).resolves.toBe(ENCODING_IDS.length);
  const push = page.locator('#card-pubsub-push');
  await expect(push.locator('pre.wire').textContent()).resolves.toMatch(
    /^POST \/ HTTP\/1\.1\ncontent-type: application\/json/,
  );
  await expect(push.locator('figure.decoded pre').textContent()).resolves.toContain(
    '"name": "samples/sunset.jpg"',
  );
  await expect(
    page.locator('#card-cloudevent-binary .hdr-cloudevent').count(),
  ).resolves.toBeGreaterThan(4);
  await expect(
    page.locator('#card-pubsub-push-unwrapped .hdr-attribute').count(),
  ).resolves.toBeGreaterThan(4);
});

test('at a small laptop width nothing runs off the side of the page', async () => {
  await page.setViewportSize({ width: 1024, height: 768 });
  // A string: the test's own TypeScript has no DOM types.
  const overflow = await page.evaluate<number>(
    'document.documentElement.scrollWidth - window.innerWidth',
  );
  await page.setViewportSize({ width: 1440, height: 900 });
  expect(overflow).toBeLessThanOrEqual(0);
});

test('"send all": 200 with the result event, then 204 (duplicates), and the same canonical event', async () => {
  await page.click('#send-all');
  await page.waitForSelector('.summary:has-text("same canonical event")');
  await expect(page.locator('.summary').textContent()).resolves.toBe(
    `1 × 200, ${ENCODING_IDS.length - 1} × 204; the same canonical event in every column: yes`,
  );
  const statuses = await attributesOf(page.locator('.card .result'), 'data-status');
  expect(statuses).toEqual(ENCODING_IDS.map((_, index) => (index === 0 ? '200' : '204')));
  await expect(
    page.locator('#card-pubsub-push .result-event pre').textContent(),
  ).resolves.toContain('dev.dualrun.image.labeled.v1');
  await expect(page.locator('.card .result-event.none').count()).resolves.toBe(
    ENCODING_IDS.length - 1,
  );
  const events = await page.locator('.card .result .event-key').allTextContents();
  expect(events).toHaveLength(ENCODING_IDS.length);
  expect(new Set(events).size).toBe(1);
  await expect(page.locator('#card-pubsub-push .badge').textContent()).resolves.toBe('labeled');
  await page.screenshot({ path: path.join(SCREENSHOTS, 'inspector-formats.png') });
});

test('a pasted malformed delivery shows the 400 problem detail', async () => {
  await page.click('#tab-paste');
  await page.fill(
    '#paste-text',
    'POST /push HTTP/1.1\ncontent-type: application/json\n\n{"message": {"data": "not base64!"}}',
  );
  await page.click('#decode');
  const problem = page.locator('#paste-result .problem');
  await problem.waitFor();
  await expect(problem.textContent()).resolves.toMatch(
    /^400 Malformed request bodymalformed-body\/message\/data is not valid base64/,
  );
  await page.screenshot({ path: path.join(SCREENSHOTS, 'inspector-paste.png') });
});

test('the live list receives an event sent to the worker from outside, newest first, filterable', async () => {
  await page.click('#tab-live');
  const formats = (await (
    await fetch(new URL('/api/formats?object=gs://demo-bucket/samples/ocean.jpg', running.url))
  ).json()) as FormatsResponse;
  const message = encodeDelivery(formats.event, 'cloudevent-structured');
  const answer = await fetch(running.inspector.workerUrl, {
    method: 'POST',
    headers: outgoingHeaders(message),
    body: message.body,
  });
  // The inspector's worker replies (RESULTS_MODE=reply): 200 with the result event.
  expect(answer.status).toBe(200);
  const first = page.locator('#live-list .live-entry').first();
  await first.locator('.subject:has-text("objects/samples/ocean.jpg")').waitFor();
  await expect(first.getAttribute('data-format')).resolves.toBe('cloudevent-structured');
  await expect(first.locator('.badge').textContent()).resolves.toBe('labeled');
  await expect(first.locator('.result-event pre').textContent()).resolves.toContain(
    `"id": "${answer.headers.get('ce-id')}"`,
  );
  await page.screenshot({ path: path.join(SCREENSHOTS, 'inspector-live.png') });
  await page.selectOption('#filter-outcome', 'duplicate');
  const outcomes = await attributesOf(page.locator('#live-list .live-entry'), 'data-outcome');
  expect(outcomes).toEqual(ENCODING_IDS.slice(1).map(() => 'duplicate'));
});

test('an upload of another object: a sample picked, or any gs:// URI typed in', async () => {
  await page.click('#tab-formats');
  await page.selectOption('#sample', 'gs://demo-bucket/samples/forest.png');
  await page
    .locator('#card-cloudevent-binary pre.wire:has-text("objects/samples/forest.png")')
    .waitFor();
  await expect(page.inputValue('#object')).resolves.toBe('gs://demo-bucket/samples/forest.png');
  await page.fill('#object', 'gs://other-bucket/scans/page 1.tiff');
  await page.click('#new-upload');
  await page
    .locator(
      '#card-gcf-legacy figure.body pre:has-text("projects/_/buckets/other-bucket/objects/scans/page 1.tiff")',
    )
    .waitFor();
  await expect(page.locator('.summary').textContent()).resolves.toBe('');
});

/** One attribute of every element a locator finds, in document order. */
async function attributesOf(locator: Locator, name: string): Promise<(string | null)[]> {
  return Promise.all((await locator.all()).map((element) => element.getAttribute(name)));
}
