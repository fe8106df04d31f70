import { createHash } from 'node:crypto';
import { GENESIS_HASH, canonicalJson, chainInput, disclosureStatus, verifyChain, type ChainLink, type DisclosureContent } from './disclosure';

const sha = (t: string) => createHash('sha256').update(t).digest('hex');

const content = (n: number, extra: Partial<DisclosureContent> = {}): DisclosureContent => ({
  communityId: 'c1',
  kind: 'resolution',
  subjectType: 'motion',
  subjectId: `m${n}`,
  title: `决议 ${n}`,
  body: { tally: { agree: 10 + n, disagree: 2, abstain: 1 }, text: '同意加装电梯' },
  corrects: null,
  correctionReason: null,
  substantive: null,
  publishedAt: `2026-11-2${n}T02:00:00.000Z`,
  visibleUntil: null,
  ...extra,
});

function chain(n: number): ChainLink[] {
  const links: ChainLink[] = [];
  let prev = GENESIS_HASH;
  for (let i = 1; i <= n; i++) {
    const c = content(i);
    const hash = sha(chainInput(prev, c));
    links.push({ seq: i, prevHash: prev, hash, content: c });
    prev = hash;
  }
  return links;
}

describe('canonicalJson', () => {
  it('gives the same text whatever the key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: null } })).toBe(
      canonicalJson({ a: { c: null, d: [1, { x: 1, y: 2 }] }, b: 1 }),
    );
    expect(canonicalJson({ b: 1, a: '中文' })).toBe('{"a":"中文","b":1}');
  });
});

describe('verifyChain', () => {
  it('accepts an intact chain and reports its head', () => {
    const links = chain(3);
    expect(verifyChain(links, sha)).toEqual({ ok: true, head: links[2]!.hash, length: 3 });
    expect(verifyChain([], sha)).toEqual({ ok: true, head: GENESIS_HASH, length: 0 });
  });

  it('finds a changed vote count in an old disclosure', () => {
    const links = chain(3);
    links[1] = { ...links[1]!, content: content(2, { body: { tally: { agree: 99, disagree: 2, abstain: 1 }, text: '同意加装电梯' } }) };
    expect(verifyChain(links, sha)).toEqual({ ok: false, brokenAt: 2, reason: 'hash' });
  });

  it('finds a removed disclosure', () => {
    const links = chain(3);
    expect(verifyChain([links[0]!, links[2]!], sha)).toEqual({ ok: false, brokenAt: 3, reason: 'prevHash' });
  });
});

describe('disclosureStatus', () => {
  it('is current during its window, archived after, superseded once corrected', () => {
    const now = Date.parse('2026-11-25T00:00:00Z');
    expect(disclosureStatus({ visibleUntil: '2026-11-26T00:00:00Z' }, false, now)).toBe('current');
    expect(disclosureStatus({ visibleUntil: '2026-11-24T00:00:00Z' }, false, now)).toBe('archived');
    expect(disclosureStatus({ visibleUntil: null }, true, now)).toBe('superseded');
  });
});
