import { accessSync, constants } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

/** Debian's chromium package; PGVERIFY_CHROMIUM points elsewhere on a machine that has it elsewhere. */
export const CHROMIUM_PATH = process.env.PGVERIFY_CHROMIUM?.trim() || '/usr/bin/chromium';

/** The flags a root user in a container needs, and nothing that phones home or keeps state between runs. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** What to do about a missing Chromium; the tests never install anything themselves. */
export const CHROMIUM_HINT =
  "run `npm run setup:browser` (as root it installs Debian's chromium package with apt-get; otherwise it says what to install), " +
  'or point PGVERIFY_CHROMIUM at a Chromium binary';

/** Why Chromium cannot be started from CHROMIUM_PATH, or undefined when it can. */
export function chromiumMissing(): string | undefined {
  try {
    accessSync(CHROMIUM_PATH, constants.X_OK);
    return undefined;
  } catch {
    return `no Chromium at ${CHROMIUM_PATH}${process.env.PGVERIFY_CHROMIUM !== undefined ? ' (PGVERIFY_CHROMIUM)' : ''}`;
  }
}

/**
 * For a test file that needs Chromium, to pass to describe.skipIf: undefined when Chromium is there,
 * otherwise the reason, printed on the file's stderr so that the skipped tests say why and what to do.
 */
export function skipWithoutChromium(): string | undefined {
  const missing = chromiumMissing();
  if (missing !== undefined) console.warn(`skipping the tests that need Chromium: ${missing}; ${CHROMIUM_HINT}`);
  return missing;
}

/** A headless Chromium with a fresh profile of its own; `close` ends it and deletes the profile. */
export async function launchChromium(): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const missing = chromiumMissing();
  if (missing !== undefined) throw new Error(`${missing}: ${CHROMIUM_HINT}`);
  const userDataDir = await mkdtemp(join(tmpdir(), 'pgverify-chromium-'));
  try {
    const context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1200, height: 900 },
      offline: true,
    });
    return {
      context,
      async close() {
        await context.close();
        await rm(userDataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(userDataDir, { recursive: true, force: true });
    throw error;
  }
}
