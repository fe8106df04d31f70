/**
 * The web's door to 四议两公开 motions. Commands go to the motion workflow as Temporal Updates (the
 * workflow's validator refuses with an i18n key, nothing changes); residents' opinions and answers —
 * many per motion — are written here by SQL in a transaction that locks the motion row and asks the
 * domain whether its state allows them. Queries read PostgreSQL only, never Temporal.
 *
 * Routes call requireRole first and pass the Caller (roles in the community they asked for); this
 * module refuses callers of another community, looks up the committee office itself, and the
 * workflow re-checks everything with domain/ (defence in depth).
 *
 * Split by responsibility (decision 048): access (types, plumbing), commands, pages.
 */
export * from './motion-access.server';
export * from './motion-commands.server';
export * from './motion-pages.server';
export * from './motion-votes.server';
