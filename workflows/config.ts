/**
 * Names shared by the worker and the client. Never imported by workflow code (the workflow
 * sandbox has no `process`); only worker/ and app/temporal.server.ts read it.
 */
export const TASK_QUEUE = process.env.MINYI_TASK_QUEUE ?? 'minyi';
export const NAMESPACE = process.env.TEMPORAL_NAMESPACE ?? 'default';
