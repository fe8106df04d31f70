/**
 * Replays the recorded meeting histories (workflows/__histories__/meeting-*.json: a meeting workflow
 * and one of its agenda motions, recorded by workflows/meeting.int.test.ts with
 * MINYI_RECORD_HISTORIES=1) against the current workflow code. A change that would break a running
 * meeting fails here; it is made with `patched()` (decision 043), not by re-recording.
 */
import '../scripts/test-setup/services';
import { expectReplays, recordedHistories } from '../scripts/test-setup/replay';

const HISTORY = /^meeting-.*\.json$/;
const files = recordedHistories(HISTORY).map((h) => h.file);

describe('meeting workflow replay', () => {
  it('has recorded a meeting and an agenda motion', () => {
    expect(files.length).toBeGreaterThanOrEqual(2);
  });

  it('replays every recorded history without nondeterminism', async () => {
    await expectReplays(recordedHistories(HISTORY));
  });
});
