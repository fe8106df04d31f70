import { checkProxy, type ProxyApplication } from './proxy';
import { proxyApplicationSchema } from './schemas';

const app = (over: Partial<ProxyApplication> = {}): ProxyApplication => ({
  mode: 'direct',
  giverId: 'g',
  holderId: 'h',
  giverRegistered: true,
  holderRegistered: true,
  closeRelatives: true,
  holderProxyCount: 0,
  giverHasProxy: false,
  holderHasGivenProxy: false,
  ...over,
});

describe('proxy votes (§4.5)', () => {
  it('approves a close relative who is a registered voter', () => {
    expect(checkProxy(app())).toEqual({ ok: true });
  });

  it('exists only in direct mode', () => {
    expect(checkProxy(app({ mode: 'household' }))).toMatchObject({ key: 'election.errors.proxyDirectModeOnly' });
    expect(checkProxy(app({ mode: 'group_representatives' }))).toMatchObject({ key: 'election.errors.proxyDirectModeOnly' });
  });

  it('allows a third proxy and refuses a fourth', () => {
    expect(checkProxy(app({ holderProxyCount: 2 })).ok).toBe(true);
    expect(checkProxy(app({ holderProxyCount: 3 }))).toEqual({ ok: false, key: 'election.errors.proxyLimitReached', params: { max: 3 } });
  });

  it('is never used online', () => {
    expect(checkProxy(app({ onlineVoting: true }))).toMatchObject({ key: 'election.errors.proxyNeverOnline' });
  });

  it('refuses self, non-voters, non-relatives, a second proxy, and a holder who gave their own', () => {
    expect(checkProxy(app({ holderId: 'g' }))).toMatchObject({ key: 'election.errors.proxySelf' });
    expect(checkProxy(app({ giverRegistered: false }))).toMatchObject({ key: 'election.errors.proxyGiverNotVoter' });
    expect(checkProxy(app({ holderRegistered: false }))).toMatchObject({ key: 'election.errors.proxyHolderNotVoter' });
    expect(checkProxy(app({ closeRelatives: false }))).toMatchObject({ key: 'election.errors.proxyNotCloseRelative' });
    expect(checkProxy(app({ giverHasProxy: true }))).toMatchObject({ key: 'election.errors.proxyAlreadyGiven' });
    expect(checkProxy(app({ holderHasGivenProxy: true }))).toMatchObject({ key: 'election.errors.proxyHolderHasGivenProxy' });
  });

  it('needs a written application in the form', () => {
    const r = proxyApplicationSchema.safeParse({ giverId: 'g', holderId: 'h', relationship: '配偶', writtenApplicationScan: false });
    expect(r.error!.issues.map((i) => i.message)).toEqual(['election.errors.proxyWrittenRequired']);
  });
});
