/**
 * Replays the recorded consultation histories (workflows/__histories__/consultation-*.json) against
 * the current workflow code: a change that would break running consultations fails here. Refresh
 * the recordings with `MINYI_RECORD_HISTORIES=1 npm test -- integration` when a change is meant
 * to be incompatible (and guard it with `patched()`).
 */
import '../scripts/test-setup/services';
import { expectReplays, recordedHistories } from '../scripts/test-setup/replay';

const HISTORY = /^consultation-.*\.json$/;
const files = recordedHistories(HISTORY).map((h) => h.file);

describe('consultation workflow replay', () => {
  it('has recorded histories to replay', () => {
    expect(files.length).toBeGreaterThanOrEqual(2);
  });

  it('replays every recorded history without nondeterminism', async () => {
    await expectReplays(recordedHistories(HISTORY));
  });
});
