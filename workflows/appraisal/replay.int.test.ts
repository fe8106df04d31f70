/**
 * Replays the recorded appraisal histories (workflows/__histories__/appraisal-*.json and
 * service-appraisal-*.json) against the current workflow code. Refresh them with
 * `MINYI_RECORD_HISTORIES=1 npm test -- integration workflows/appraisal` when a change is meant
 * to be incompatible (and guard it with `patched()`).
 */
import '../../scripts/test-setup/services';
import { expectReplays, recordedHistories } from '../../scripts/test-setup/replay';

const HISTORY = /^(service-)?appraisal-.*\.json$/;
const files = recordedHistories(HISTORY).map((h) => h.file);

describe('appraisal workflow replay', () => {
  it('has recorded histories of both workflows', () => {
    expect(files.filter((f) => f.startsWith('appraisal-')).length).toBeGreaterThanOrEqual(2);
    expect(files.filter((f) => f.startsWith('service-appraisal-')).length).toBeGreaterThanOrEqual(1);
  });

  it('replays every recorded history without nondeterminism', async () => {
    await expectReplays(recordedHistories(HISTORY));
  });
});
