/**
 * Production mode (decision 025): NODE_ENV=production *and* MINYI_PRODUCTION=1. `npm start` on a
 * laptop sets only NODE_ENV (the build is a production build), so it keeps making its own key in
 * the data directory; a real deployment sets MINYI_PRODUCTION=1 and must bring the data key from
 * outside the data directory, so a copy of the data directory (a backup) alone decrypts nothing.
 */
export const isProduction = (env: Record<string, string | undefined> = process.env) =>
  env.NODE_ENV === 'production' && env.MINYI_PRODUCTION === '1';

export class ProductionConfigError extends Error {}

export function assertProductionConfig(env: Record<string, string | undefined> = process.env): void {
  if (!isProduction(env)) return;
  if (!env.MINYI_DATA_KEY?.trim()) {
    throw new ProductionConfigError(
      'MINYI_PRODUCTION=1: MINYI_DATA_KEY must be set (a 32-byte key, hex or base64, kept outside the data directory); refusing to start',
    );
  }
}
