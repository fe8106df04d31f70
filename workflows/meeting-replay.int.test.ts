/**
 * Replays the recorded meeting histories (workflows/__histories__/meeting-*.json: a meeting workflow
 * and one of its agenda motions, recorded by workflows/meeting.int.test.ts with
 * MINYI_RECORD_HISTORIES=1) against the current workflow code. A change that would break a running
 * meeting fails here; it is made with `patched()` (decision 043), not by re-recording.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { temporal as proto } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { inject } from 'vitest';
import '../scripts/test-setup/services';

const dir = join(dirname(fileURLToPath(import.meta.url)), '__histories__');
const files = readdirSync(dir).filter((f) => /^meeting-.*\.json$/.test(f));

describe('meeting workflow replay', () => {
  it('has recorded a meeting and an agenda motion', () => {
    expect(files.length).toBeGreaterThanOrEqual(2);
  });

  it('replays every recorded history without nondeterminism', async () => {
    const histories = files.map((f) => {
      const j = JSON.parse(readFileSync(join(dir, f), 'utf8')) as { workflowId: string; historyBase64: string };
      return { workflowId: j.workflowId, history: proto.api.history.v1.History.decode(Buffer.from(j.historyBase64, 'base64')) };
    });
    const results = [];
    for await (const r of Worker.runReplayHistories({ workflowBundle: { codePath: inject('workflowBundlePath') } }, histories)) results.push(r);
    expect(results.map((r) => ({ id: r.workflowId, error: r.error ? String(r.error) : null }))).toEqual(
      histories.map((h) => ({ id: h.workflowId, error: null })),
    );
  });
});
