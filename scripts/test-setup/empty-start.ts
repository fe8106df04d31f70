/**
 * The journey that starts from nothing (e2e/empty-start.spec.ts): `npm test -- e2e` gives it an app
 * of its own whose database holds only the platform administrator that
 * `npm run admin -- create-platform-admin` creates (scripts/run.ts, startEmptyApp).
 */
export const EMPTY_SPEC = 'empty-start';
export const EMPTY_ADMIN = { username: 'root', name: '平台管理员', password: 'empty-start-admin-1' } as const;
