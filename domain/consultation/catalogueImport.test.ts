import {
  importCatalogueRows,
  isImportAcceptable,
  mapHeaders,
  parseBoolean,
  splitCell,
  type ImportIssue,
} from './catalogueImport';

/** A row as the spreadsheet reader gives it, with the Chinese headers of the template. */
function zhRow(cells: Partial<Record<string, string>>): Record<string, string> {
  return {
    编号: 'ENV-01',
    事项名称: '垃圾分类投放点设置',
    类别: '环境卫生',
    范围: '居民小组',
    协商主体: '利益相关居民、物业服务企业',
    协商形式: '楼院协商,民情恳谈会',
    是否必须协商: '是',
    是否需四议两公开: '否',
    最少征求意见天数: '7',
    来源: '盘锦市城乡社区协商事项指导目录',
    ...cells,
  } as Record<string, string>;
}

const errorsOf = (issues: ImportIssue[]) => issues.map((e) => [e.row, e.field, e.key]);

describe('catalogue import', () => {
  it('reads Chinese headers, labels and multi-valued cells into items', () => {
    const r = importCatalogueRows([
      zhRow({}),
      zhRow({
        编号: 'fac-02',
        事项名称: '公共绿地补植',
        类别: '公共设施与亮化绿化',
        范围: '全社区',
        协商主体: '居民代表；驻社区单位、representatives',
        协商形式: 'hearing',
        是否必须协商: 'false',
        是否需四议两公开: 'TRUE',
        最少征求意见天数: '10天',
        来源: '',
      }),
    ]);
    expect(r.errors).toEqual([]);
    expect(isImportAcceptable(r)).toBe(true);
    expect(r.rowsRead).toBe(2);
    expect(r.itemRows).toEqual([2, 3]);
    expect(r.items[0]).toMatchObject({
      code: 'ENV-01',
      category: 'environment',
      scope: 'groups',
      parties: ['affected_residents', 'property_company'],
      forms: ['building_consultation', 'dialogue'],
      mandatory: true,
      requiresFourDeliberations: false,
      minCommentDays: 7,
      sourceRef: '盘锦市城乡社区协商事项指导目录',
    });
    expect(r.items[1]).toMatchObject({
      code: 'FAC-02',
      category: 'facilities',
      scope: 'community',
      parties: ['representatives', 'resident_units'],
      forms: ['hearing'],
      mandatory: false,
      requiresFourDeliberations: true,
      minCommentDays: 10,
    });
    expect(r.items[1]!.sourceRef).toBeUndefined();
  });

  it('reads English headers and ids, and the optional trigger columns', () => {
    const r = importCatalogueRows([
      {
        Code: 'FAC-01',
        Title: 'Stairwell lighting',
        Category: 'facilities',
        Scope: 'building',
        Parties: 'affected_residents, property_company',
        Forms: 'online',
        Mandatory: 'no',
        requires_four_deliberations: 'no',
        min_comment_days: '',
        budget_threshold: '20,000',
        households_affected: '50',
      },
    ]);
    expect(r.errors).toEqual([]);
    expect(r.items[0]).toMatchObject({
      scope: 'building',
      minCommentDays: 7,
      triggers: { budgetAtLeastCny: 20_000, householdsAffectedOver: 50 },
    });
  });

  it('reports each bad row with its spreadsheet row number (header = row 1), field and key', () => {
    const r = importCatalogueRows([
      zhRow({}),
      zhRow({ 编号: 'ENV-02', 事项名称: '卫生整治', 类别: '卫生' }),
      zhRow({ 编号: 'ENV-03', 事项名称: '绿化', 协商主体: '' }),
      zhRow({ 编号: 'ENV-04', 事项名称: '照明', 是否必须协商: '要' }),
      zhRow({ 编号: 'ENV-05', 事项名称: '停车', 最少征求意见天数: '5' }),
      zhRow({ 编号: 'ENV-06', 事项名称: '加装电梯', 协商主体: '专家、居民代表' }),
      zhRow({ 编号: 'ENV-07', 事项名称: '公约', 协商形式: '茶话会' }),
      zhRow({ 编号: 'ENV-08', 事项名称: '公益金', 最少征求意见天数: '一周' }),
    ]);
    expect(isImportAcceptable(r)).toBe(false);
    expect(errorsOf(r.errors)).toEqual([
      [3, 'category', 'consultation.errors.unknownCategory'],
      [4, 'parties', 'consultation.errors.partiesRequired'],
      [5, 'mandatory', 'consultation.errors.badBoolean'],
      [6, 'minCommentDays', 'consultation.errors.minCommentDaysTooShort'],
      [7, 'parties', 'consultation.errors.expertsAdviseOnly'],
      [8, 'forms', 'consultation.errors.unknownForm'],
      [9, 'minCommentDays', 'consultation.errors.minCommentDaysInvalid'],
    ]);
    expect(r.errors[0]!.params).toEqual({ value: '卫生' });
    expect(r.errors[2]!.params).toEqual({ value: '要' });
    expect(r.errors[3]!.params).toMatchObject({ min: 7 });
    // Good rows are still read, but nothing is imported while any row is bad.
    expect(r.items.map((i) => i.code)).toEqual(['ENV-01']);
  });

  it('refuses duplicates within the file, pointing at the first row', () => {
    const r = importCatalogueRows([zhRow({}), zhRow({ 事项名称: '另一个事项' }), zhRow({ 编号: 'ENV-09' })]);
    expect(errorsOf(r.errors)).toEqual([
      [3, 'code', 'consultation.import.duplicateCodeInFile'],
      [4, 'title', 'consultation.import.duplicateTitleInFile'],
    ]);
    expect(r.errors[0]!.params).toEqual({ value: 'ENV-01', firstRow: 2 });
    expect(isImportAcceptable(r)).toBe(false);
  });

  it('refuses items already in the same year’s catalogue', () => {
    const r = importCatalogueRows([zhRow({}), zhRow({ 编号: 'ENV-02', 事项名称: '新事项' })], {
      existing: [
        { code: 'env-01', title: '旧名称' },
        { code: 'OTH-01', title: '新事项' },
      ],
    });
    expect(errorsOf(r.errors)).toEqual([
      [2, 'code', 'consultation.import.codeExists'],
      [3, 'title', 'consultation.import.titleExists'],
    ]);
  });

  it('reports a bad code pattern from the schema without reporting a field twice', () => {
    const r = importCatalogueRows([zhRow({ 编号: '环境-1', 类别: '卫生' })]);
    expect(errorsOf(r.errors)).toEqual([
      [2, 'category', 'consultation.errors.unknownCategory'],
      [2, 'code', 'consultation.errors.codePattern'],
    ]);
  });

  it('counts rows from a header row further down and skips blank rows', () => {
    const r = importCatalogueRows(
      [zhRow({}), { 编号: ' ', 事项名称: '' }, zhRow({ 编号: 'X', 事项名称: '新' })],
      {
        headerRow: 3,
      },
    );
    expect(r.rowsRead).toBe(2);
    expect(errorsOf(r.errors)).toEqual([[6, 'code', 'consultation.errors.codePattern']]);
  });

  it('refuses a file without the required columns or without rows', () => {
    const r = importCatalogueRows([{ 编号: 'ENV-01', 事项名称: '垃圾分类', 备注: '试点' }]);
    expect(errorsOf(r.errors)).toEqual([
      [1, 'category', 'consultation.import.missingColumn'],
      [1, 'parties', 'consultation.import.missingColumn'],
      [1, 'forms', 'consultation.import.missingColumn'],
    ]);
    expect(r.warnings).toEqual([
      { row: 1, field: null, key: 'consultation.import.unknownColumn', params: { column: '备注' } },
    ]);
    expect(isImportAcceptable(importCatalogueRows([]))).toBe(false);
    expect(errorsOf(importCatalogueRows([]).errors)).toContainEqual([1, null, 'consultation.import.empty']);
  });

  it('refuses two columns mapped to the same field', () => {
    const r = importCatalogueRows([{ ...zhRow({}), 类别: '环境卫生', Category: 'environment' }]);
    expect(errorsOf(r.errors)).toEqual([[1, 'category', 'consultation.import.duplicateColumn']]);
  });
});

describe('import helpers', () => {
  it('maps headers with full-width punctuation, spaces and a trailing colon', () => {
    const { fields, unknown } = mapHeaders(['编 号', '事项名称：', '协商主体*', 'MIN_COMMENT_DAYS', '？']);
    expect([...fields.values()]).toEqual(['code', 'title', 'parties', 'minCommentDays']);
    expect(unknown).toEqual(['？']);
  });

  it('splits on 、 , ， ; ；', () => {
    expect(splitCell('居民代表、业委会,物业，社工；驻区单位;  ')).toEqual([
      '居民代表',
      '业委会',
      '物业',
      '社工',
      '驻区单位',
    ]);
  });

  it('reads 是/否/true/false and refuses anything else', () => {
    expect(parseBoolean('是')).toBe(true);
    expect(parseBoolean(' FALSE ')).toBe(false);
    expect(parseBoolean('')).toBeUndefined();
    expect(parseBoolean('不一定')).toBeNull();
  });
});

describe('many rows', () => {
  const code = (i: number) => `${String.fromCharCode(65 + Math.floor(i / 26_000), 65 + (Math.floor(i / 1000) % 26))}-${String(i % 1000).padStart(3, '0')}`;
  const rows = (n: number) => Array.from({ length: n }, (_, i) => zhRow({ 编号: code(i), 事项名称: `第${i}项公共事务` }));
  const timed = (n: number) => {
    const input = rows(n);
    const t0 = performance.now();
    const r = importCatalogueRows(input);
    return { ms: performance.now() - t0, r };
  };

  it('checks 20 000 rows, duplicates included, in time linear in the rows', () => {
    timed(2_000); // warm up
    const small = timed(2_000);
    const large = timed(20_000);
    expect(large.r.items).toHaveLength(20_000);
    expect(isImportAcceptable(large.r)).toBe(true);
    // Ten times the rows: about ten times the time (O(n²) would be a hundred times).
    expect(large.ms / Math.max(small.ms, 1)).toBeLessThan(35);
    // A duplicate at the end is still found against the first row.
    const dup = importCatalogueRows([...rows(20_000), zhRow({ 编号: code(0), 事项名称: '最后一行' })]);
    expect(errorsOf(dup.errors)).toEqual([[20_002, 'code', 'consultation.import.duplicateCodeInFile']]);
  });
});
