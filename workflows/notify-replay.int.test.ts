/**
 * Replays the recorded delivery-workflow histories (workflows/__histories__/notify-*.json: passes,
 * wake signals, sleeps until the next due row) against the current workflow code. Refresh them with
 * `MINYI_RECORD_HISTORIES=1 npm test -- integration activities/notify-appraisal.int.test.ts` when a
 * change is meant to be incompatible (and guard it with `patched()`).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { temporal as proto } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { inject } from 'vitest';
import '../scripts/test-setup/services';

const dir = join(dirname(fileURLToPath(import.meta.url)), '__histories__');
const files = readdirSync(dir).filter((f) => /^notify-.*\.json$/.test(f));

describe('delivery workflow replay', () => {
  it('has a recorded history with passes woken by signals', () => {
    expect(files.length).toBeGreaterThanOrEqual(1);
    for (const f of files) {
      const j = JSON.parse(readFileSync(join(dir, f), 'utf8')) as { historyBase64: string };
      const h = proto.api.history.v1.History.decode(Buffer.from(j.historyBase64, 'base64'));
      const types = h.events.map((e) => e.eventType);
      expect(types.filter((t) => t === proto.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED).length, f).toBeGreaterThanOrEqual(2);
      expect(types.filter((t) => t === proto.api.enums.v1.EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED).length, f).toBeGreaterThanOrEqual(2);
    }
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
