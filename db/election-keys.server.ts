/**
 * Personal data of elections (DOMAIN.md §7). An ID number is stored only as AES-256-GCM ciphertext plus a keyed
 * HMAC-SHA256 hash (de-duplication in this election and across communities, edge #16) and a masked
 * copy for display. The key is `MINYI_DATA_KEY` (32 bytes, hex or base64); without it a key is
 * generated once in `<data dir>/data-key` (mode 0600; the data directory of scripts/lib/paths.ts,
 * `MINYI_DATA_DIR` or `.data/` of the repository the process runs in). Web and worker must see the
 * same key. Back it up with the database: without it the ciphertexts cannot be read and new hashes
 * would not match old ones. Also the 12-digit voting and receipt codes.
 */
import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes, randomInt } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { normalizeIdNumber } from '../domain/election/idcard';
import { assertProductionConfig } from '../app/production.server';

// ─── keys ───────────────────────────────────────────────────────────────────────────────────────

type Keys = { enc: Buffer; idMac: Buffer; codeMac: Buffer };
let keys: Keys | undefined;

function decodeKey(text: string, where: string): Buffer {
  const t = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(t) ? Buffer.from(t, 'hex') : Buffer.from(t, 'base64');
  if (key.length !== 32) throw new Error(`${where} must be 32 bytes, written as 64 hex digits or base64`);
  return key;
}

/**
 * The data directory: `npm start` and `npm test` set MINYI_DATA_DIR for themselves and every process
 * they start (scripts/run.ts), so web, worker and seeds find the same key file. A process started
 * by hand uses `.data/` under its working directory unless MINYI_DATA_KEY is set.
 */
function dataDir(): string {
  return resolve(process.env.MINYI_DATA_DIR ?? join(process.cwd(), '.data'));
}

/**
 * The master key: MINYI_DATA_KEY, else `<data dir>/data-key`, created once (atomically) if missing —
 * except in production (MINYI_PRODUCTION=1, decision 025), where MINYI_DATA_KEY is required.
 */
function masterKey(): Buffer {
  const env = process.env.MINYI_DATA_KEY;
  if (env) return decodeKey(env, 'MINYI_DATA_KEY');
  assertProductionConfig(); // production: the key never lives in (or is made in) the data directory
  const dir = dataDir();
  const file = join(dir, 'data-key');
  try {
    return decodeKey(readFileSync(file, 'utf8'), file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  mkdirSync(dir, { recursive: true }); // the directory's mode is the data directory's business
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(tmp, randomBytes(32).toString('base64') + '\n', { mode: 0o600 });
  try {
    linkSync(tmp, file); // fails if another process won the race: then its key is used
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  } finally {
    unlinkSync(tmp);
  }
  return decodeKey(readFileSync(file, 'utf8'), file);
}

function dataKeys(): Keys {
  if (!keys) {
    const master = masterKey();
    const derive = (info: string) => Buffer.from(hkdfSync('sha256', master, 'minyi-elections', info, 32));
    keys = { enc: derive('voter-id-encryption'), idMac: derive('voter-id-hash'), codeMac: derive('voting-code-hash') };
  }
  return keys;
}

/**
 * A key for other personal data (the people register's phone numbers), derived from the same
 * master key as the ID-number keys, one per purpose.
 */
export const derivedDataKey = (purpose: string): Buffer => Buffer.from(hkdfSync('sha256', masterKey(), 'minyi-personal', purpose, 32));

const purposeKeys = new Map<string, Buffer>();
/** A keyed digest (HMAC-SHA-256 under a key derived from the data key for `purpose`). */
export function keyedDigest(purpose: 'consultation-code', message: string): string {
  let key = purposeKeys.get(purpose);
  if (!key) purposeKeys.set(purpose, (key = Buffer.from(hkdfSync('sha256', masterKey(), 'minyi', purpose, 32))));
  return createHmac('sha256', key).update(message, 'utf8').digest('hex');
}

/** Keyed hash of a normalized ID number (the same in every community, for edge #16). */
export const hashIdNumber = (id: string) => createHmac('sha256', dataKeys().idMac).update(normalizeIdNumber(id), 'utf8').digest('hex');

export function encrypt(plain: Buffer): Buffer {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', dataKeys().enc, iv);
  const body = Buffer.concat([c.update(plain), c.final()]);
  return Buffer.concat([iv, c.getAuthTag(), body]);
}

export function decrypt(blob: Buffer): Buffer {
  const d = createDecipheriv('aes-256-gcm', dataKeys().enc, blob.subarray(0, 12));
  d.setAuthTag(blob.subarray(12, 28));
  return Buffer.concat([d.update(blob.subarray(28)), d.final()]);
}

export const encryptIdNumber = (id: string) => 'v1:' + encrypt(Buffer.from(id, 'utf8')).toString('base64');
export function decryptIdNumber(cipher: string): string {
  if (!cipher.startsWith('v1:')) throw new Error('unknown ID cipher version');
  return decrypt(Buffer.from(cipher.slice(3), 'base64')).toString('utf8');
}

/** 12 digits, shown as `1234 5678 9012`: voting codes and receipt codes. */
export function newDigitCode(): string {
  let s = '';
  for (let i = 0; i < 12; i++) s += String(randomInt(10));
  return s;
}
export const normalizeDigitCode = (raw: string) => raw.replace(/[\s-]/g, '');
export const formatDigitCode = (code: string) => code.replace(/(\d{4})(?=\d)/g, '$1 ');

/** Receipts use a plain SHA-256, so anyone can recompute the published digest. */
export const receiptHash = (electionId: string, code: string) =>
  createHash('sha256').update(`${electionId}:${normalizeDigitCode(code)}`, 'utf8').digest('hex');
/** Voting codes are secrets that let someone vote: keyed hash. */
export const votingCodeHash = (electionId: string, code: string) =>
  createHmac('sha256', dataKeys().codeMac).update(`${electionId}:${normalizeDigitCode(code)}`, 'utf8').digest('hex');
