import { execFile } from 'node:child_process';
import { access, constants, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { chromium, type BrowserContext } from 'playwright-core';

/** Debian's chromium package; PGVERIFY_CHROMIUM points elsewhere on a machine that has it elsewhere. */
export const CHROMIUM_PATH = process.env.PGVERIFY_CHROMIUM?.trim() || '/usr/bin/chromium';

/** The flags a root user in a container needs, and nothing that phones home or keeps state between runs. */
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/** How long installing Chromium may take on a fresh CI machine (apt-get update, then ~100 MB of packages). */
export const CHROMIUM_INSTALL_TIMEOUT_MS = 600_000;

const run = promisify(execFile);

/**
 * Makes sure Chromium is at CHROMIUM_PATH: as root (CI), installs Debian's package with apt-get; as anyone
 * else, fails saying what to install. Never skips: a browser test that did not run has proved nothing.
 */
export async function ensureChromium(): Promise<string> {
  if (await isExecutable(CHROMIUM_PATH)) return CHROMIUM_PATH;
  if (process.env.PGVERIFY_CHROMIUM !== undefined || process.getuid?.() !== 0) {
    throw new Error(
      `the HTML report tests need Chromium at ${CHROMIUM_PATH} and cannot install it (not root, or PGVERIFY_CHROMIUM set): `
      + 'run `sudo apt-get install chromium` (Debian/Ubuntu) or point PGVERIFY_CHROMIUM at a Chromium binary',
    );
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const options = { env, maxBuffer: 64 * 1024 * 1024, timeout: CHROMIUM_INSTALL_TIMEOUT_MS };
  try {
    await run('apt-get', ['update'], options);
    await run('apt-get', ['install', '-y', 'chromium'], options);
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim().split('\n').slice(-5).join('\n') ?? '';
    throw new Error(`installing Chromium with apt-get failed: ${(error as Error).message}\n${stderr}`, { cause: error });
  }
  if (!(await isExecutable(CHROMIUM_PATH))) throw new Error(`apt-get installed chromium, but ${CHROMIUM_PATH} is still missing`);
  return CHROMIUM_PATH;
}

/** A headless Chromium with a fresh profile of its own; `close` ends it and deletes the profile. */
export async function launchChromium(): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const executablePath = await ensureChromium();
  const userDataDir = await mkdtemp(join(tmpdir(), 'pgverify-chromium-'));
  try {
    const context = await chromium.launchPersistentContext(userDataDir, {
      executablePath,
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

async function isExecutable(path: string): Promise<boolean> {
  return access(path, constants.X_OK).then(() => true, () => false);
}
