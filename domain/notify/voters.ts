/**
 * How a voter on an election's register 选民名单 is reached (decision 073). The election's voter
 * notices (domain/notify/steps.ts) address the register entry itself, with or without an account,
 * so a voter is one recipient per step and channel whichever way they are reached — never told once
 * as an account and again as a voter. An entry linked to an account (voters.user_id, linked by
 * phone and name at import) is reached by the account's contacts, as every other notice reaches that
 * person; an entry without one, or whose account has no mobile number, by the register's own phone.
 * The register holds no email: email goes only to a linked account's address. The same rule decides
 * the channels when the notices are planned and the address when one is sent.
 */
import type { Channel } from './contacts';
import { mobileNumber } from './contacts';
import type { ReachableVoter } from './plan';

/** A register entry's contacts: its own phone, and its linked account's phone and email (decrypted), if any. */
export type RegisterContact = {
  voterId: string;
  phone: string | null;
  account: { phone: string | null; email: string | null } | null;
};

/** The mobile number an SMS to this voter goes to: the account's, else the register's; null if neither takes an SMS. */
export const voterMobile = (c: RegisterContact): string | null => mobileNumber(c.account?.phone) ?? mobileNumber(c.phone);

/** Where a notice on `channel` to this voter goes, or null when it cannot go there. */
export function voterAddress(c: RegisterContact, channel: Channel): string | null {
  return channel === 'sms' ? voterMobile(c) : (c.account?.email ?? null);
}

/** The channels a register entry can be reached by (the planner's view: no addresses). */
export const reachVoter = (c: RegisterContact): ReachableVoter => ({
  voterId: c.voterId,
  sms: voterAddress(c, 'sms') !== null,
  email: voterAddress(c, 'email') !== null,
});
