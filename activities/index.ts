/** Every activity the worker registers. Workflows import only the *type* of this object. */
import type { Sql } from '../db/client.server';
import { appraisalActivities } from './appraisal';
import { chainCheckActivities } from './chain-check';
import { consultationActivities } from './consultations';
import { electionActivities } from './elections';
import { meetingActivities } from './meetings';
import { motionActivities } from './motions';
import { notifyActivities } from './notify';
import { peopleImportActivities } from './people-import';
import { systemActivities } from './system';

export function createActivities(sql: Sql) {
  return {
    ...systemActivities(sql),
    ...motionActivities(sql),
    ...consultationActivities(sql),
    ...electionActivities(sql),
    ...chainCheckActivities(sql),
    ...meetingActivities(sql),
    ...notifyActivities(sql),
    ...appraisalActivities(sql),
    ...peopleImportActivities(sql),
  };
}

export type Activities = ReturnType<typeof createActivities>;
