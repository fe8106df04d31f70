/** Recorded workflow histories (workflows/__histories__/*.json) and their replay against today's code. */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { temporal as proto } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { inject } from 'vitest';

export const HISTORIES_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'workflows', '__histories__');

export type Recorded = { file: string; workflowId: string; history: proto.api.history.v1.History };

/** The recorded histories whose file name matches `name`. */
export function recordedHistories(name: RegExp): Recorded[] {
  return readdirSync(HISTORIES_DIR)
    .filter((f) => name.test(f))
    .map((file) => {
      const j = JSON.parse(readFileSync(join(HISTORIES_DIR, file), 'utf8')) as { workflowId: string; historyBase64: string };
      return { file, workflowId: j.workflowId, history: proto.api.history.v1.History.decode(Buffer.from(j.historyBase64, 'base64')) };
    });
}

/** Replays each history with the shared workflow bundle; expects no nondeterminism in any. */
export async function expectReplays(histories: Recorded[]): Promise<void> {
  const results = [];
  for await (const r of Worker.runReplayHistories({ workflowBundle: { codePath: inject('workflowBundlePath') } }, histories)) results.push(r);
  expect(results.map((r) => ({ id: r.workflowId, error: r.error ? String(r.error) : null }))).toEqual(
    histories.map((h) => ({ id: h.workflowId, error: null })),
  );
}
