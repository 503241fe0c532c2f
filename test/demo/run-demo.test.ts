import { ENCODINGS } from '../../src/events/encode/encodings';
import { runDemo } from '../../src/demo/run-demo';

test('the demo delivers one upload in every format, each labeled, with the same canonical event and the same result event', async () => {
  const lines: string[] = [];
  const failures = await runDemo({}, (text) => {
    lines.push(...text.split('\n'));
  });
  const output = lines.join('\n');
  expect(failures).toBe(0);
  for (const encoding of ENCODINGS) {
    // RESULTS_MODE=reply: 200 with the result event; a batch, whose reply could carry one event, 204.
    const [status, result] =
      encoding.format === 'cloudevent-batch' ? ['204', '-'] : ['200', 'labeled\\.v1 [0-9a-f]{12}…'];
    expect(output).toMatch(
      new RegExp(
        `^${encoding.id} +${status} +\\d+ +storage…finalized +objects/samples/sunset\\.jpg +labeled .* ${result}$`,
        'm',
      ),
    );
  }
  expect(output).toContain(
    `Same result event (every attribute and the data) in the ${ENCODINGS.length - 1} formats answered with one (a batch gets 204: a reply carries one event): yes`,
  );
  expect(output).toMatch(/^ {2}"type": "dev\.dualrun\.image\.labeled\.v1",$/m);
  expect(output).toMatch(/^ {4}"labeler": "local",$/m);
  expect(output).toContain(
    `Same canonical event (id, type, source, subject, time, bucket, name, generation) in all ${ENCODINGS.length} formats: yes`,
  );
  expect(output).toContain(`labeled once, then ${ENCODINGS.length - 1} × duplicate`);
  expect(output).toMatch(/^samples\/ocean\.jpg .* labeled .*blue +labeled\.v1 [0-9a-f]{12}…$/m);
});

test('with --images, a directory without images is a clear error', async () => {
  await expect(runDemo({ imagesDir: __dirname }, () => undefined)).rejects.toThrow(
    /no \.jpg, \.png/,
  );
});
