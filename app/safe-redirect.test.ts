import { safeRedirect } from './safe-redirect';

describe('safeRedirect: only paths on this site', () => {
  it('keeps a path on this site with its query', () => {
    expect(safeRedirect('/c/chunhui/motions?tab=open')).toBe('/c/chunhui/motions?tab=open');
    expect(safeRedirect('/')).toBe('/');
  });

  it.each([
    '/\\evil.example',
    '/\\/evil.example',
    '//evil.example',
    '/.//evil.example',
    '/\t/evil.example',
    '/\n/evil.example',
    'https://evil.example/',
    'javascript:alert(1)',
    'evil.example',
    '',
  ])('sends %j home instead', (to) => {
    expect(safeRedirect(to)).toBe('/');
  });

  it('refuses what is not a string or is absurdly long', () => {
    expect(safeRedirect(undefined)).toBe('/');
    expect(safeRedirect(42)).toBe('/');
    expect(safeRedirect(`/${'a'.repeat(5000)}`)).toBe('/');
  });

  it('resolves dot segments the way a browser would', () => {
    expect(safeRedirect('/c/../tasks')).toBe('/tasks');
  });
});
