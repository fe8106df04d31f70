/**
 * Disclosures 公开 (DOMAIN.md §6): what a disclosure row commits to, canonically. The hash chain is
 * `hash = sha256(prevHash + "\n" + canonicalJson(content))`, starting from GENESIS_HASH for a
 * community's first disclosure. Hashing itself lives in db/ (it needs node:crypto).
 */
export const GENESIS_HASH = '0'.repeat(64);

export const DISCLOSURE_KINDS = [
  'resolution',
  'implementation_result',
  'withdrawal',
  'consultation_topic',
  'consultation_outcome',
  'catalogue',
  'election_plan',
  'candidate_list',
  'election_result',
  'finance',
  'appraisal_result', // 民主评议结果
  'service_appraisal_result',
  'service_appraisal_reply',
] as const;
export type DisclosureKind = (typeof DISCLOSURE_KINDS)[number];

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** The public content a disclosure hash commits to (everything shown, nothing internal). */
export interface DisclosureContent {
  communityId: string;
  kind: DisclosureKind;
  subjectType: string;
  subjectId: string;
  title: string;
  body: { [k: string]: Json };
  corrects: string | null;
  correctionReason: string | null;
  substantive: boolean | null;
  publishedAt: string; // ISO 8601, UTC
  visibleUntil: string | null;
}

/**
 * The JSON Canonicalization Scheme, RFC 8785 (JCS): object members sorted by the UTF-16 code units
 * of their names, no whitespace, strings and numbers serialized as ECMAScript's JSON.stringify does
 * (RFC 8785 §3.2.2 adopts exactly that), and only I-JSON values (RFC 7493): no NaN or Infinity,
 * no lone surrogates. Tested against the RFC's vectors in domain/jcs.test.ts; the standalone
 * verifier (tools/verify-disclosures.mjs) implements the same scheme independently.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new Error('RFC 8785: non-finite number');
    if (typeof value === 'string' && LONE_SURROGATE.test(value)) throw new Error('RFC 8785: lone surrogate in a string');
    return JSON.stringify(value ?? null);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)); // JavaScript compares strings by UTF-16 code units
  return `{${entries.map(([k, v]) => `${canonicalJson(k)}:${canonicalJson(v)}`).join(',')}}`;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The text that is hashed for one link of the chain. */
export const chainInput = (prevHash: string, content: DisclosureContent) => `${prevHash}\n${canonicalJson(content)}`;

export type ChainLink = { seq: number; prevHash: string; hash: string; content: DisclosureContent };

/** Checks one link against the hash before it: what breaks, or null when it holds. */
export function linkBreak(
  prevHash: string,
  link: Pick<ChainLink, 'prevHash' | 'hash' | 'content'>,
  sha256Hex: (text: string) => string,
): 'prevHash' | 'hash' | null {
  if (link.prevHash !== prevHash) return 'prevHash';
  if (sha256Hex(chainInput(prevHash, link.content)) !== link.hash) return 'hash';
  return null;
}

/**
 * Checks a community's chain, oldest first, with a sha256 function supplied by the caller. Returns
 * the first broken link, if any.
 */
export function verifyChain(
  links: readonly ChainLink[],
  sha256Hex: (text: string) => string,
): { ok: true; head: string; length: number } | { ok: false; brokenAt: number; reason: 'prevHash' | 'hash' } {
  let prev = GENESIS_HASH;
  for (const link of links) {
    const reason = linkBreak(prev, link, sha256Hex);
    if (reason) return { ok: false, brokenAt: link.seq, reason };
    prev = link.hash;
  }
  return { ok: true, head: prev, length: links.length };
}

/** A disclosure is "current" during its statutory window, then "archived" (still readable). */
export function disclosureStatus(d: { visibleUntil: string | null }, superseded: boolean, now: number) {
  if (superseded) return 'superseded' as const;
  if (d.visibleUntil && Date.parse(d.visibleUntil) <= now) return 'archived' as const;
  return 'current' as const;
}
