import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

/** Debian's Chromium, which `.ci/install-tools` installs (`apt-get install chromium`). */
export const CHROMIUM = '/usr/bin/chromium';

/**
 * The flags of every browser test: headless, no sandbox (CI runs as root), no GPU, and nothing that
 * reaches the network on its own (QUIC, first-run pages, background fetches, component updates,
 * sync). Playwright adds `--user-data-dir` for the fresh profile it is given.
 */
export const CHROMIUM_ARGS = Object.freeze([
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]);

/** A browser with a fresh profile, and how to close it (the profile is removed). */
export interface TestBrowser {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

/**
 * Starts Debian's Chromium through playwright-core with a fresh `--user-data-dir`.
 *
 * @throws Error naming the install step when {@link CHROMIUM} is missing
 */
export async function launchChromium(
  viewport = { width: 1440, height: 900 },
): Promise<TestBrowser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: run .ci/install-tools (apt-get install chromium)`);
  }
  const profile = await mkdtemp(path.join(os.tmpdir(), 'dualrun-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [...CHROMIUM_ARGS],
    viewport,
  });
  return {
    context,
    close: async () => {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
