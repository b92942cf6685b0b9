// `npm run setup:browser`: the report.html tests drive a real headless Chromium. This step puts one where they
// look for it, in the open, before `npm test`; the tests themselves never install anything and skip, saying
// why, when it is missing. As root on Debian/Ubuntu it installs the chromium package with apt-get (as CI
// does); anywhere else it only says what to install, since installing system packages is the user's call.
import { spawnSync } from 'node:child_process';
import { CHROMIUM_PATH, chromiumMissing } from '../test/support/chromium.js';

const say = (line: string) => process.stdout.write(`setup:browser: ${line}\n`);

function run(command: string, args: readonly string[]): boolean {
  say(`running: ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  return result.status === 0;
}

const missing = chromiumMissing();
const hasAptGet = spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0;
if (missing === undefined) {
  say(`Chromium is at ${CHROMIUM_PATH}; nothing to do.`);
} else if (process.env.PGVERIFY_CHROMIUM !== undefined) {
  // The user named a browser of their own: installing Debian's would not put one there.
  say(`${missing}: point PGVERIFY_CHROMIUM at a Chromium or Chrome binary, or unset it to use /usr/bin/chromium.`);
} else if (process.getuid?.() !== 0 || !hasAptGet) {
  say(`${missing}, and this step installs it only as root on a system with apt-get. Install it yourself:`);
  say('  sudo apt-get install chromium     (Debian, Ubuntu)');
  say(
    'or set PGVERIFY_CHROMIUM to a Chromium or Chrome binary. Until then `npm test` skips the report.html browser tests.',
  );
} else {
  say(`${missing}: installing Debian's chromium package with apt-get, for the report.html tests.`);
  if (!run('apt-get', ['update']) || !run('apt-get', ['install', '-y', 'chromium'])) {
    say('apt-get failed (see above); the report.html browser tests will be skipped until Chromium is installed.');
    process.exit(1);
  }
  const still = chromiumMissing();
  if (still !== undefined) {
    say(`apt-get installed chromium, but there is still ${still}.`);
    process.exit(1);
  }
  say(`Chromium installed at ${CHROMIUM_PATH}.`);
}
