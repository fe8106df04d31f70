/**
 * Replays the recorded delivery-workflow histories (workflows/__histories__/notify-*.json: passes,
 * wake signals, sleeps until the next due row) against the current workflow code. Refresh them with
 * `MINYI_RECORD_HISTORIES=1 npm test -- integration activities/notify-appraisal.int.test.ts` when a
 * change is meant to be incompatible (and guard it with `patched()`).
 */
import { temporal as proto } from '@temporalio/proto';
import '../scripts/test-setup/services';
import { expectReplays, recordedHistories } from '../scripts/test-setup/replay';

const HISTORY = /^notify-.*\.json$/;
const files = recordedHistories(HISTORY).map((h) => h.file);

describe('delivery workflow replay', () => {
  it('has a recorded history with passes woken by signals', () => {
    expect(files.length).toBeGreaterThanOrEqual(1);
    for (const { file: f, history: h } of recordedHistories(HISTORY)) {
      const types = h.events.map((e) => e.eventType);
      expect(types.filter((t) => t === proto.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED).length, f).toBeGreaterThanOrEqual(2);
      expect(types.filter((t) => t === proto.api.enums.v1.EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED).length, f).toBeGreaterThanOrEqual(2);
    }
  });

  it('replays every recorded history without nondeterminism', async () => {
    await expectReplays(recordedHistories(HISTORY));
  });
});
