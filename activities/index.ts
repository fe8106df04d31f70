/** Every activity the worker registers. Workflows import only the *type* of this object. */
import type { Sql } from '../db/client.server';
import { systemActivities } from './system';

export function createActivities(sql: Sql) {
  return {
    ...systemActivities(sql),
  };
}

export type Activities = ReturnType<typeof createActivities>;
