import { existsSync, readdirSync } from 'node:fs';
import fsPromises from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import type { Colour, Sharp } from 'sharp';

import { SAMPLE_OBJECTS, writeSampleBucket } from '../../src/demo/sample-images';
import type { SampleObject } from '../../src/demo/sample-images';
import type { Label, Labeler, LabelResult } from '../../src/labelers/labeler';
import { createLocalLabeler } from '../../src/labelers/local-labeler';

const BUCKET = 'demo-bucket';

/** Real photos, when the shared fixtures are checked out next to the repository. */
const SHARED_IMAGES_DIR = path.resolve(__dirname, '../../../shared/images');

/** The format label each file extension must get. */
const EXTENSION_FORMATS: Readonly<Record<string, string>> = Object.freeze({
  '.jpg': 'JPEG image',
  '.jpeg': 'JPEG image',
  '.png': 'PNG image',
  '.gif': 'GIF image',
  '.webp': 'WebP image',
});

const SHARED_IMAGE_NAMES = existsSync(SHARED_IMAGES_DIR)
  ? readdirSync(SHARED_IMAGES_DIR).filter((name) =>
      Object.hasOwn(EXTENSION_FORMATS, path.extname(name).toLowerCase()),
    )
  : [];

const COLOUR_PREFIX = 'dominant colour: ';

/** An SVG: sharp decodes it, Vision does not accept it. */
const SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>';

/** The generated samples: the facts (score 1, in order) and the names the top colour may have. */
const SAMPLE_CASES = [
  {
    name: 'samples/sunset.jpg',
    facts: ['JPEG image', 'landscape orientation', 'small image (< 0.3 MP, 640x400)'],
    topColours: ['orange', 'red'],
  },
  {
    name: 'samples/forest.png',
    facts: ['PNG image', 'portrait orientation', 'small image (< 0.3 MP, 360x540)'],
    topColours: ['green'],
  },
  {
    name: 'samples/ocean.jpg',
    facts: ['JPEG image', 'landscape orientation', 'medium image (0.3 to 2 MP, 1200x800)'],
    topColours: ['blue'],
  },
  {
    name: 'samples/logo.png',
    facts: ['PNG image', 'square', 'small image (< 0.3 MP, 256x256)', 'has transparency (alpha)'],
    topColours: ['purple'],
  },
] as const;

/** Images the test renders itself, for the facts the samples do not show. */
const GENERATED_CASES = [
  {
    title: 'a JPEG whose EXIF orientation turns it upright',
    name: 'generated/rotated.jpg',
    render: () => solid(200, 100, '#d02020').jpeg().withMetadata({ orientation: 6 }).toBuffer(),
    facts: ['JPEG image', 'portrait orientation', 'small image (< 0.3 MP, 100x200)'],
    topColours: ['red'],
  },
  {
    title: 'a large PNG',
    name: 'generated/large.png',
    render: () => solid(2000, 1500, '#ffffff').png().toBuffer(),
    facts: ['PNG image', 'landscape orientation', 'large image (>= 2 MP, 2000x1500)'],
    topColours: ['white'],
  },
  {
    title: 'a PNG with an alpha channel and no transparent pixel',
    name: 'generated/opaque-alpha.png',
    render: () => solid(50, 50, { r: 0, g: 0, b: 0, alpha: 1 }).png().toBuffer(),
    facts: ['PNG image', 'square', 'small image (< 0.3 MP, 50x50)'],
    topColours: ['black'],
  },
  {
    title: 'an animated GIF',
    name: 'generated/animated.gif',
    render: async () => {
      const frames = await Promise.all(
        ['#ffe000', '#1040d0', '#ffe000'].map((colour) => solid(40, 30, colour).png().toBuffer()),
      );
      return sharp(frames, { join: { animated: true } })
        .gif()
        .toBuffer();
    },
    facts: [
      'GIF image',
      'landscape orientation',
      'small image (< 0.3 MP, 40x30)',
      'animated (3 frames)',
    ],
    topColours: ['yellow'],
  },
  {
    title: 'a WebP',
    name: 'generated/pink.webp',
    render: () => solid(30, 60, '#ff9cc0').webp().toBuffer(),
    facts: ['WebP image', 'portrait orientation', 'small image (< 0.3 MP, 30x60)'],
    topColours: ['pink'],
  },
] as const;

function solid(width: number, height: number, background: Colour): Sharp {
  const channels = typeof background === 'object' ? 4 : 3;
  return sharp({ create: { width, height, channels, background } });
}

let workDir: string;
let bucketDir: string;
let samples: SampleObject[];
let labeler: Labeler;

beforeAll(async () => {
  workDir = await fsPromises.mkdtemp(path.join(os.tmpdir(), 'local-labeler-'));
  bucketDir = path.join(workDir, 'buckets');
  samples = await writeSampleBucket(bucketDir, BUCKET);
  await writeSampleBucket(bucketDir, 'other-bucket');
  for (const { name, render } of GENERATED_CASES) {
    await writeObject(name, await render());
  }
  await writeObject('samples/not-a-jpeg.jpg', Buffer.from('this is not a jpeg'));
  const sunset = await fsPromises.readFile(path.join(bucketDir, BUCKET, 'samples/sunset.jpg'));
  await writeObject('samples/truncated.jpg', sunset.subarray(0, 600));
  await writeObject('samples/drawing.svg', Buffer.from(SVG));
  // A valid image outside the bucket directory: labeled only if a traversal reads it.
  await fsPromises.mkdir(path.join(workDir, 'outside'));
  await fsPromises.copyFile(
    path.join(bucketDir, BUCKET, 'samples/logo.png'),
    path.join(workDir, 'outside/secret.png'),
  );
  await fsPromises.symlink(
    path.join(workDir, 'outside/secret.png'),
    path.join(bucketDir, BUCKET, 'samples/link.png'),
  );
  labeler = createLocalLabeler({ bucketDir });
});

afterAll(async () => {
  await fsPromises.rm(workDir, { recursive: true, force: true });
});

afterEach(() => {
  jest.restoreAllMocks();
});

async function writeObject(name: string, bytes: Buffer): Promise<void> {
  const filePath = path.join(bucketDir, BUCKET, name);
  await fsPromises.mkdir(path.dirname(filePath), { recursive: true });
  await fsPromises.writeFile(filePath, bytes);
}

/** The labels of a `labeled` result; fails the test with the result otherwise. */
function labelsOf(result: LabelResult): readonly Label[] {
  expect(result).toMatchObject({ outcome: 'labeled' });
  return result.outcome === 'labeled' ? result.labels : [];
}

/** The reason of an `unlabelable` or `ignored` result; none for `labeled`. */
const reasonOf = (result: LabelResult): string =>
  result.outcome === 'labeled' ? '(labeled: no reason)' : result.reason;

const factsOf = (labels: readonly Label[]): string[] =>
  labels.filter((label) => !label.description.startsWith(COLOUR_PREFIX)).map((l) => l.description);

const coloursOf = (labels: readonly Label[]): string[] =>
  labels
    .filter((label) => label.description.startsWith(COLOUR_PREFIX))
    .map((label) => label.description.slice(COLOUR_PREFIX.length));

describe('writeSampleBucket', () => {
  test('writes every sample object, in SAMPLE_OBJECTS order', () => {
    expect(samples.map(({ name, contentType }) => ({ name, contentType }))).toEqual(SAMPLE_OBJECTS);
  });

  test.each(SAMPLE_OBJECTS.map(({ name }) => name))(
    '%s has the size and dimensions it reports',
    async (name) => {
      const sample = samples.find((candidate) => candidate.name === name);
      const bytes = await fsPromises.readFile(path.join(bucketDir, BUCKET, name));
      const metadata = await sharp(bytes).metadata();
      expect(sample).toEqual(
        expect.objectContaining({
          size: bytes.length,
          width: metadata.width,
          height: metadata.height,
        }),
      );
    },
  );

  test.each(['', '..', 'a/b'])('rejects the bucket name %j', async (bucket) => {
    await expect(writeSampleBucket(workDir, bucket)).rejects.toThrow(RangeError);
  });
});

describe('createLocalLabeler', () => {
  test.each([...SAMPLE_CASES.map((c) => ({ title: c.name, ...c })), ...GENERATED_CASES])(
    '$title: facts $facts, top colour one of $topColours',
    async ({ name, facts, topColours }) => {
      const labels = labelsOf(await labeler.label({ bucket: BUCKET, name }));
      expect(factsOf(labels)).toEqual(facts);
      expect(topColours).toContain(coloursOf(labels)[0]);
    },
  );

  const LABELED_CASES = [
    ...SAMPLE_OBJECTS.map(({ name }) => ({ source: 'sample', bucket: BUCKET, name })),
    ...SHARED_IMAGE_NAMES.map((name) => ({
      source: 'shared',
      bucket: path.basename(SHARED_IMAGES_DIR),
      name,
    })),
  ];
  const sharedLabeler = createLocalLabeler({ bucketDir: path.dirname(SHARED_IMAGES_DIR) });

  test.each(LABELED_CASES)(
    '$source $name: format label from the extension, 1 to 3 colours, scores in [0, 1] sorted, no mid',
    async ({ source, bucket, name }) => {
      const result = await (source === 'shared' ? sharedLabeler : labeler).label({ bucket, name });
      const labels = labelsOf(result);
      const scores = labels.map((label) => label.score);
      expect(factsOf(labels)[0]).toBe(EXTENSION_FORMATS[path.extname(name).toLowerCase()]);
      expect(coloursOf(labels).length).toBeGreaterThanOrEqual(1);
      expect(coloursOf(labels).length).toBeLessThanOrEqual(3);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
      expect(Math.min(...scores)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...scores)).toBeLessThanOrEqual(1);
      expect(labels.filter((label) => 'mid' in label)).toEqual([]);
      expect(labels.filter((label) => label.topicality !== label.score)).toEqual([]);
    },
  );

  test.each([
    {
      title: 'bytes that are not an image',
      name: 'samples/not-a-jpeg.jpg',
      outcome: 'unlabelable',
      reason: /is not an image sharp can decode/,
    },
    {
      title: 'a truncated JPEG',
      name: 'samples/truncated.jpg',
      outcome: 'unlabelable',
      reason: /is not an image sharp can decode/,
    },
    {
      title: 'an SVG (Vision does not accept it)',
      name: 'samples/drawing.svg',
      outcome: 'unlabelable',
      reason: /is a svg image, not a format Cloud Vision accepts/,
    },
    {
      title: 'a missing file',
      name: 'samples/missing.jpg',
      outcome: 'ignored',
      reason: /^the object is gone: no file at .*missing\.jpg \(ENOENT\)$/,
    },
    {
      title: 'a name under a file',
      name: 'samples/sunset.jpg/more',
      outcome: 'ignored',
      reason: /^the object is gone: .*\(ENOTDIR\)$/,
    },
    {
      title: 'a directory',
      name: 'samples',
      outcome: 'ignored',
      reason: /^the object is gone: .*samples is a directory$/,
    },
  ])('$title → $outcome', async ({ name, outcome, reason }) => {
    const result = await labeler.label({ bucket: BUCKET, name });
    expect(result.outcome).toBe(outcome);
    expect(reasonOf(result)).toMatch(reason);
  });

  test.each([
    {
      title: 'more bytes than maxImageBytes',
      options: { maxImageBytes: 1000 },
      reason: /has \d+ bytes, more than the limit of 1000; not read$/,
    },
    {
      title: 'more pixels than maxImagePixels',
      options: { maxImagePixels: 100_000 },
      reason: /exceeds pixel limit/,
    },
  ])('$title → unlabelable', async ({ options, reason }) => {
    const limited = createLocalLabeler({ bucketDir, ...options });
    const result = await limited.label({ bucket: BUCKET, name: 'samples/ocean.jpg' });
    expect(result.outcome).toBe('unlabelable');
    expect(reasonOf(result)).toMatch(reason);
  });

  test.each([
    { title: 'a relative path up and out', bucket: BUCKET, name: '../../etc/passwd' },
    {
      title: 'a relative path to a real image outside',
      bucket: BUCKET,
      name: '../../outside/secret.png',
    },
    {
      title: 'a path into another bucket',
      bucket: BUCKET,
      name: '../other-bucket/samples/logo.png',
    },
    { title: 'a symbolic link to an image outside', bucket: BUCKET, name: 'samples/link.png' },
    { title: 'a bucket that is ..', bucket: '..', name: 'outside/secret.png' },
    { title: 'a name with a NUL byte', bucket: BUCKET, name: 'samples/logo.png\0.txt' },
  ])('$title → unlabelable, never read', async ({ bucket, name }) => {
    const readFile = jest.spyOn(fsPromises, 'readFile');
    const result = await labeler.label({ bucket, name });
    expect(result.outcome).toBe('unlabelable');
    expect(reasonOf(result)).toMatch(/escapes the local bucket directory .*; not read$/);
    expect(readFile).not.toHaveBeenCalled();
  });

  test('a name that starts with "/" (legal in Cloud Storage) stays inside its bucket', async () => {
    const readFile = jest.spyOn(fsPromises, 'readFile');
    await expect(
      labeler.label({ bucket: BUCKET, name: '/samples/logo.png' }),
    ).resolves.toMatchObject({
      outcome: 'labeled',
    });
    await expect(labeler.label({ bucket: BUCKET, name: '/etc/passwd' })).resolves.toMatchObject({
      outcome: 'ignored',
    });
    expect(
      readFile.mock.calls.map(([file]) => (typeof file === 'string' ? file : '')),
    ).not.toContain('/etc/passwd');
  });

  test('the spy on readFile sees a read', async () => {
    const readFile = jest.spyOn(fsPromises, 'readFile');
    await labeler.label({ bucket: BUCKET, name: 'samples/logo.png' });
    expect(readFile).toHaveBeenCalledTimes(1);
  });

  test.each([
    { title: 'an empty bucketDir', options: { bucketDir: '' } },
    { title: 'a maxImageBytes of 0', options: { bucketDir: '.', maxImageBytes: 0 } },
    { title: 'a fractional maxImagePixels', options: { bucketDir: '.', maxImagePixels: 1.5 } },
  ])('rejects $title', ({ options }) => {
    expect(() => createLocalLabeler(options)).toThrow(RangeError);
  });
});
