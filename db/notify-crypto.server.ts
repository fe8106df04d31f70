/** Email and subscriber addresses at rest: AES-256-GCM under a key derived from the data key, plus a keyed hash (DOMAIN.md §7.3). */
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import type { Channel } from '../domain/notify/contacts';
import { derivedDataKey } from './elections.server';

let keys: { enc: Buffer; mac: Buffer } | undefined;
const contactKeys = () => (keys ??= { enc: derivedDataKey('notify-address-encryption'), mac: derivedDataKey('notify-address-hash') });

/** AES-256-GCM, `v1:` + base64(iv ‖ tag ‖ body): an email or a subscriber's address. */
export function encryptAddress(plain: string): string {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', contactKeys().enc, iv);
  const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
  return 'v1:' + Buffer.concat([iv, c.getAuthTag(), body]).toString('base64');
}
export function decryptAddress(cipher: string): string {
  if (!cipher.startsWith('v1:')) throw new Error('unknown address cipher version');
  const blob = Buffer.from(cipher.slice(3), 'base64');
  const d = createDecipheriv('aes-256-gcm', contactKeys().enc, blob.subarray(0, 12));
  d.setAuthTag(blob.subarray(12, 28));
  return Buffer.concat([d.update(blob.subarray(28)), d.final()]).toString('utf8');
}
export const hashAddress = (channel: Channel, address: string) =>
  createHmac('sha256', contactKeys().mac).update(`${channel}:${address}`, 'utf8').digest('hex');
