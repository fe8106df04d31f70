import { disclosureTables, minutesTables, namedVotesTable, opinionsTable, safeCell } from './tables';

describe('tables of a disclosure', () => {
  test('an election result: one row per candidate per round, turnout per round', () => {
    const [results, turnout] = disclosureTables('election_result', {
      electorate: 45,
      rounds: [
        {
          no: 1,
          issued: 32,
          returned: 32,
          offices: [
            {
              office: 'director',
              results: [
                { name: '张伟', votes: 26, elected: true },
                { name: '林秀兰', votes: 4, elected: false },
              ],
            },
          ],
        },
        {
          no: 2,
          issued: 26,
          returned: 26,
          offices: [
            {
              office: 'member',
              results: [{ name: '宋国庆', votes: 20, elected: true }],
            },
          ],
        },
      ],
    });
    expect(results!.rows).toEqual([
      [1, 'export.office.director', '张伟', 26, 'export.yes'],
      [1, 'export.office.director', '林秀兰', 4, 'export.no'],
      [2, 'export.office.member', '宋国庆', 20, 'export.yes'],
    ]);
    expect(turnout!.rows).toEqual([
      [1, 45, 32, 32],
      [2, 45, 26, 26],
    ]);
  });

  test('kinds without a table, and bodies that are not what they claim, give no table', () => {
    expect(disclosureTables('election_plan', { title: 'x' })).toEqual([]);
    expect(disclosureTables('resolution', null)).toEqual([]);
    expect(disclosureTables('election_result', { rounds: 'nonsense' })).toEqual([]);
    expect(disclosureTables('no_such_kind', { tally: { agree: 1 } })).toEqual([]);
  });

  test('a consultation outcome: positions and the straw poll', () => {
    const t = disclosureTables('consultation_outcome', {
      meeting: {
        positions: [{ party: '物业', position: '同意' }],
        strawPoll: { yes: 22, no: 2, abstain: 2 },
      },
    });
    expect(t.map((x) => x.title)).toEqual(['export.table.positions', 'export.table.strawPoll']);
    expect(t[1]!.rows).toEqual([
      ['export.poll.yes', 22],
      ['export.poll.no', 2],
      ['export.poll.abstain', 2],
    ]);
  });

  test('opinions carry number, day, text and answer — no author', () => {
    const t = opinionsTable([
      {
        number: 1,
        submittedOn: Date.UTC(2026, 11, 1),
        text: '同意',
        answer: null,
      },
    ]);
    expect(t.rows).toEqual([[1, '2026-12-01', '同意', null]]);
  });
});

describe('safeCell (formula injection)', () => {
  test.each([
    ['=1+1', "'=1+1"],
    ['+86 138', "'+86 138"],
    ['-x', "'-x"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tcmd', "'\tcmd"],
    ['\rcmd', "'\rcmd"],
    ['电梯', '电梯'],
    ['a=b', 'a=b'],
  ])('%j → %j', (input, out) => expect(safeCell(input)).toBe(out));
  test('numbers, negative ones included, stay numbers', () => {
    expect(safeCell(-500)).toBe(-500);
    expect(safeCell(null)).toBe(null);
  });
});

describe('tables of a meeting (staff pages)', () => {
  const items = [
    { index: 1, title: '养老服务', tally: { present: 5, yes: 4, no: 1, abstain: 0 }, outcomeKey: 'meeting.minutes.passed', recused: [] },
    { index: 2, title: '屋顶维修', tally: { present: 5, yes: 2, no: 2, abstain: 0 }, outcomeKey: 'meeting.minutes.notPassed', recused: ['周代表'] },
    { index: 3, title: '公告栏', outcomeKey: 'meeting.minutes.pending', recused: [] },
  ];
  test('attendance by name, then one row per agenda item with its tally, outcome and recusals', () => {
    const [attendance, agenda] = minutesTables({ present: ['张主任', '刘委员'], absent: ['陈委员'], expected: 3, items });
    expect(attendance!.rows).toEqual([
      ['张主任', 'export.yes'],
      ['刘委员', 'export.yes'],
      ['陈委员', 'export.no'],
    ]);
    expect(agenda!.rows).toEqual([
      [1, '养老服务', 5, 4, 1, 0, 'meeting.minutes.passed', null],
      [2, '屋顶维修', 5, 2, 2, 0, 'meeting.minutes.notPassed', '周代表'],
      [3, '公告栏', null, null, null, null, 'meeting.minutes.pending', null],
    ]);
    expect(agenda!.translate).toEqual([6]);
  });
  test("a residents' meeting counted in numbers shows the numbers, no names", () => {
    const [attendance] = minutesTables({ present: [], absent: [], presentCount: 212, expected: 400, items: [] });
    expect(attendance!.rows).toEqual([[212, 400]]);
  });
});

test('named votes: a hidden choice while the vote is open stays hidden in the download', () => {
  const t = namedVotesTable([
    { name: '周代表', choice: 'agree', voted: true, method: 'online' },
    { name: '吴代表', choice: null, voted: true, method: 'online' },
    { name: '郑代表', choice: null, voted: false, method: null },
  ]);
  expect(t.rows).toEqual([
    ['周代表', 'motion.choice.agree', 'motion.attendanceMethod.online'],
    ['吴代表', 'export.votedHidden', 'motion.attendanceMethod.online'],
    ['郑代表', 'export.choice.notVoted', null],
  ]);
});

test('a candidate list: office, seats, name and gender per candidate (what the public may see, §6)', () => {
  const [t] = disclosureTables('candidate_list', { offices: [{ office: 'director', seats: 1, candidates: [{ id: 'x', name: '张伟', gender: 'male' }] }] });
  expect(t!.rows).toEqual([['export.office.director', 1, '张伟', 'export.gender.male']]);
  expect(JSON.stringify(t!.rows)).not.toContain('"x"'); // no internal id
});
