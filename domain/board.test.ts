import { BOARD_PAGE_SIZE, boardFilterFrom, boardSearch } from './board';

const from = (qs: string) => boardFilterFrom(new URL(`http://x/p/c${qs}`));

describe('board filters from the address', () => {
  it('reads kinds (several), year, search text and cursor', () => {
    const { filter, error } = from('?kind=resolution&kind=election&year=2026&q=%20电梯%20&before=120');
    expect(error).toBeUndefined();
    expect(filter).toEqual({
      groups: ['resolution', 'election'],
      kinds: ['resolution', 'withdrawal', 'election_plan', 'candidate_list', 'election_result'],
      year: 2026,
      q: '电梯',
      before: 120,
      pageSize: BOARD_PAGE_SIZE,
    });
  });

  it('shows everything when nothing is chosen, and treats empty fields as not given', () => {
    expect(from('?kind=&year=&q=&before=').filter).toMatchObject({ groups: [], kinds: [], year: undefined, q: undefined });
  });

  it('drops malformed filters with a message instead of failing the page', () => {
    for (const qs of ['?kind=bogus', '?year=abc', '?year=1850', '?before=-3', '?before=1e400']) {
      const r = from(qs);
      expect(r.error, qs).toBe('board.badFilter');
      expect(r.filter.kinds).toEqual([]);
    }
    const long = from(`?q=${'长'.repeat(51)}`);
    expect(long.error).toBe('board.queryTooLong');
    expect(long.filter.q).toBeUndefined();
  });

  it('round-trips filters into a stable address', () => {
    const { filter } = from('?kind=catalogue&year=2025&q=加装电梯');
    expect(boardSearch(filter, 40)).toBe('?kind=catalogue&year=2025&q=%E5%8A%A0%E8%A3%85%E7%94%B5%E6%A2%AF&before=40');
    expect(boardSearch({ groups: [] })).toBe('');
  });
});
