import { writeFileAtomic } from './atomic-file.js';

/** Writes the summary as pretty JSON with a trailing newline, replacing `path` atomically. */
export async function writeSummaryJson(path: string, summary: unknown): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify(summary, null, 2)}\n`);
}
