/**
 * Replays the recorded appraisal histories (workflows/__histories__/appraisal-*.json and
 * service-appraisal-*.json) against the current workflow code. Refresh them with
 * `MINYI_RECORD_HISTORIES=1 npm test -- integration workflows/appraisal` when a change is meant
 * to be incompatible (and guard it with `patched()`).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { temporal as proto } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { inject } from 'vitest';
import '../../scripts/test-setup/services';

const dir = join(dirname(fileURLToPath(import.meta.url)), '..', '__histories__');
const files = readdirSync(dir).filter((f) => /^(service-)?appraisal-.*\.json$/.test(f));

describe('appraisal workflow replay', () => {
  it('has recorded histories of both workflows', () => {
    expect(files.filter((f) => f.startsWith('appraisal-')).length).toBeGreaterThanOrEqual(2);
    expect(files.filter((f) => f.startsWith('service-appraisal-')).length).toBeGreaterThanOrEqual(1);
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
