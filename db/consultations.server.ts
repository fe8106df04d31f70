/**
 * Queries of the consultation catalogue 协商事项目录 and of consultations 协商 (DOMAIN.md §5), one
 * module per responsibility, re-exported here so `db/consultations.server` stays the one import path:
 * catalogue.server.ts (versions, drafts, items in force), consultation-rows.server.ts (the read model
 * the workflow writes, tasks, settings, motion links), consultation-opinions.server.ts (opinions,
 * one-time codes, answers). Rules come from domain/consultation; these modules only read and write
 * rows. Every query that serves a person filters by community.
 */
export * from './catalogue.server';
export * from './consultation-rows.server';
export * from './consultation-opinions.server';
