/**
 * The 四议两公开 read model (migrations 00003, 00004): written by the motion workflow's activities —
 * one transaction per workflow step, idempotent by (motion_id, step) — and by the web for high-volume
 * rows (residents' opinions and answers); read by the web. Every person-facing query filters by
 * community.
 */
export * from './motion-projection.server';
export * from './motion-rosters.server';
export * from './motion-reads.server';
