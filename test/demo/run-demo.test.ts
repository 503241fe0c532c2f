import { ENCODINGS } from '../../src/events/encode/encodings';
import { runDemo } from '../../src/demo/run-demo';

test('the demo delivers one upload in every format, each labeled, with the same canonical event', async () => {
  const lines: string[] = [];
  const failures = await runDemo({}, (text) => {
    lines.push(...text.split('\n'));
  });
  const output = lines.join('\n');
  expect(failures).toBe(0);
  for (const encoding of ENCODINGS) {
    expect(output).toMatch(
      new RegExp(
        `^${encoding.id} +204 +\\d+ +storage…finalized +objects/samples/sunset\\.jpg +labeled `,
        'm',
      ),
    );
  }
  expect(output).toContain(
    `Same canonical event (id, type, source, subject, time, bucket, name, generation) in all ${ENCODINGS.length} formats: yes`,
  );
  expect(output).toContain(`labeled once, then ${ENCODINGS.length - 1} × duplicate`);
  expect(output).toMatch(/^samples\/ocean\.jpg .* labeled .*blue/m);
});

test('with --images, a directory without images is a clear error', async () => {
  await expect(runDemo({ imagesDir: __dirname }, () => undefined)).rejects.toThrow(
    /no \.jpg, \.png/,
  );
});
