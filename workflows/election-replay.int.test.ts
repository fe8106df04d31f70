/**
 * Replays the recorded election histories (workflows/__histories__/election-*.json) against the
 * current workflow bundle: a change that would break a running election fails here. Refresh them
 * with `MINYI_RECORD_HISTORIES=1` on app/election-process.int.test.ts (main round, worker restart,
 * runoff, objection, close) and app/election-ballots.int.test.ts (the flat-history run) when a
 * change is meant to be incompatible — and guard it with `patched()` so running elections go on.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { temporal as proto } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { inject } from 'vitest';
import '../scripts/test-setup/services';

const dir = join(dirname(fileURLToPath(import.meta.url)), '__histories__');
const files = readdirSync(dir).filter((f) => /^election-.*\.json$/.test(f));

describe('election workflow replay', () => {
  it('has recorded histories to replay', () => {
    expect(files).toEqual(expect.arrayContaining(['election-runoff-restart.json', 'election-main-round.json']));
  });

  it.each(files)('replays %s without nondeterminism', async (file) => {
    const j = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { workflowId: string; historyBase64: string };
    const history = proto.api.history.v1.History.decode(Buffer.from(j.historyBase64, 'base64'));
    await Worker.runReplayHistory({ workflowBundle: { codePath: inject('workflowBundlePath') } }, history, j.workflowId);
  });
});
