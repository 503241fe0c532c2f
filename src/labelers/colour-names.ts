/**
 * Colour names for the `local` labeler: a fixed table of named reference colours and the share of
 * an image's pixels nearest to each name. Pure: works on raw RGBA bytes, knows nothing of sharp.
 */

/**
 * The colour names: the eleven basic colour terms of English (Berlin and Kay), so that every name
 * means the same to every reader.
 *
 * @see https://en.wikipedia.org/wiki/Basic_Color_Terms
 */
export const COLOUR_NAMES = [
  'black',
  'grey',
  'white',
  'red',
  'orange',
  'yellow',
  'green',
  'blue',
  'purple',
  'pink',
  'brown',
] as const;
export type ColourName = (typeof COLOUR_NAMES)[number];

/** An sRGB colour, each channel 0 to 255. */
export type Rgb = readonly [red: number, green: number, blue: number];

/**
 * The reference colours, in sRGB. A name has several references (light, dark, muted) so that the
 * nearest reference names a pixel the way a person would; a pixel takes the name of the reference
 * nearest to it in CIELAB.
 */
export const REFERENCE_COLOURS: readonly { readonly name: ColourName; readonly rgb: Rgb }[] =
  Object.freeze(
    (
      [
        ['black', [0, 0, 0]],
        ['black', [30, 30, 36]],
        ['grey', [128, 128, 128]],
        ['grey', [80, 80, 84]],
        ['grey', [190, 190, 190]],
        ['white', [255, 255, 255]],
        ['white', [235, 235, 225]],
        ['red', [220, 20, 30]],
        ['red', [140, 10, 20]],
        ['red', [205, 70, 60]],
        ['orange', [255, 140, 0]],
        ['orange', [240, 110, 30]],
        ['orange', [255, 170, 90]],
        ['yellow', [255, 220, 0]],
        ['yellow', [255, 245, 130]],
        ['yellow', [200, 180, 40]],
        ['green', [0, 160, 0]],
        ['green', [0, 90, 30]],
        ['green', [140, 200, 80]],
        ['green', [107, 142, 35]],
        ['green', [60, 180, 120]],
        ['blue', [0, 70, 200]],
        ['blue', [0, 0, 128]],
        ['blue', [100, 160, 230]],
        ['blue', [0, 130, 150]],
        ['blue', [0, 200, 230]],
        ['blue', [175, 215, 240]],
        ['purple', [128, 0, 128]],
        ['purple', [75, 0, 130]],
        ['purple', [160, 110, 210]],
        ['pink', [255, 160, 190]],
        ['pink', [230, 40, 140]],
        ['brown', [140, 80, 30]],
        ['brown', [90, 55, 30]],
        ['brown', [200, 160, 110]],
      ] as const
    ).map(([name, rgb]) => Object.freeze({ name, rgb })),
  );

/** One colour name and the share of the visible pixels it names. */
export interface ColourShare {
  readonly name: ColourName;
  /** Share of the visible (alpha of at least half) pixels, 0 to 1. */
  readonly share: number;
}

/** Options of {@link dominantColours}. */
export interface DominantColoursOptions {
  /**
   * How many names to return at most.
   *
   * @default 3
   */
  readonly maxColours?: number;
  /**
   * Names with a smaller share are left out, except the first.
   *
   * @default 0.05
   */
  readonly minShare?: number;
}

/**
 * The dominant colour names of an image, largest share first.
 *
 * @param rgba - raw pixels, 4 bytes each (red, green, blue, alpha; 8 bits per channel), in any
 *   order; keep it small (a 64x64 thumbnail): the work is linear in the pixel count
 * @returns 1 to `maxColours` names, or none when no pixel is visible
 * @throws RangeError when the length of `rgba` is not a multiple of 4
 */
export function dominantColours(
  rgba: Uint8Array,
  options: DominantColoursOptions = {},
): ColourShare[] {
  const { maxColours = 3, minShare = 0.05 } = options;
  if (rgba.length % 4 !== 0) {
    throw new RangeError(`rgba has ${rgba.length} bytes: not a multiple of 4 (RGBA pixels)`);
  }
  const counts = new Map<ColourName, number>();
  let visible = 0;
  for (let offset = 0; offset < rgba.length; offset += 4) {
    if ((rgba[offset + 3] ?? 0) < 128) continue;
    const name = nameColour([rgba[offset] ?? 0, rgba[offset + 1] ?? 0, rgba[offset + 2] ?? 0]);
    counts.set(name, (counts.get(name) ?? 0) + 1);
    visible += 1;
  }
  return [...counts]
    .map(([name, count]) => ({ name, share: count / visible }))
    .sort((a, b) => b.share - a.share)
    .filter((colour, index) => index === 0 || colour.share >= minShare)
    .slice(0, maxColours);
}

/** The name of the reference colour nearest to `rgb` in CIELAB (CIE76 distance). */
export function nameColour(rgb: Rgb): ColourName {
  const lab = toLab(rgb);
  let nearest: ColourName = 'black';
  let nearestDistance = Infinity;
  for (const reference of REFERENCE_LABS) {
    const distance = squaredDistance(lab, reference.lab);
    if (distance < nearestDistance) {
      nearest = reference.name;
      nearestDistance = distance;
    }
  }
  return nearest;
}

type Lab = readonly [lightness: number, a: number, b: number];

const REFERENCE_LABS = REFERENCE_COLOURS.map(({ name, rgb }) => ({ name, lab: toLab(rgb) }));

/** sRGB (D65) to CIELAB. @see https://en.wikipedia.org/wiki/CIELAB_color_space */
function toLab([red, green, blue]: Rgb): Lab {
  const [r, g, b] = [red, green, blue].map(toLinear) as [number, number, number];
  const x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
  const y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  const z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
  const [fx, fy, fz] = [x, y, z].map(labCompand) as [number, number, number];
  return [116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)];
}

function toLinear(channel: number): number {
  const c = channel / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

function labCompand(t: number): number {
  return t > 216 / 24389 ? Math.cbrt(t) : ((24389 / 27) * t + 16) / 116;
}

function squaredDistance(p: Lab, q: Lab): number {
  return (p[0] - q[0]) ** 2 + (p[1] - q[1]) ** 2 + (p[2] - q[2]) ** 2;
}
