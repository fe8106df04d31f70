/**
 * Table downloads from the public board (issue 14 item 5), called as Remix calls them: a resolution's
 * tally and attendance and an implementation result's budget lines as CSV and XLSX, with cells a
 * spreadsheet would otherwise run as formulas neutralized, and refusals for unknown formats and
 * disclosures without tables.
 */
import ExcelJS from 'exceljs';
import { publishDisclosure } from '../db/disclosures.server';
import { createCommunity, createStreet } from '../scripts/test-setup/fixtures';
import { testSql } from '../scripts/test-setup/services';
import * as disclosureExport from './routes/p.$communityId.d.$disclosureId_.export.$format';

const sql = testSql();
afterAll(() => sql.end());

const args = (url: string, params: Record<string, string>) => ({
  request: new Request(url),
  params,
  context: {},
});

async function setUp() {
  const street = await createStreet(sql);
  const c = await createCommunity(sql, street.id);
  const publish = (kind: 'implementation_result' | 'consultation_topic', body: Record<string, never> | object, title: string) =>
    publishDisclosure(sql, {
      communityId: c.id,
      kind,
      subjectType: 'motion',
      subjectId: title,
      title,
      body: body as never,
      publishedAt: new Date(),
      idempotencyKey: `${c.id}-${title}`,
    });
  const result = await publish(
    'implementation_result',
    {
      tally: { agree: 8, disagree: 1, abstain: 1, notVoted: 0 },
      attendance: { present: 10, expected: 10 },
      quorumRequired: 7,
      yesNeeded: 6,
      lines: [
        { item: '电梯设备采购', amountYuan: 285000 },
        { item: '=HYPERLINK("http://evil.example","退款")', amountYuan: 1 },
        { item: '@SUM(A1:A9)', amountYuan: -500 },
      ],
    },
    '1号楼加装电梯'
  );
  const topic = await publish('consultation_topic', { title: '垃圾分类', description: '…' }, '垃圾分类');
  return { c, result, topic };
}

const get = async (slug: string, id: string, format: string, lng = 'zh-CN') => {
  try {
    return (await disclosureExport.loader(
      args(`http://x/p/${slug}/d/${id}/export/${format}?lng=${lng}`, {
        communityId: slug,
        disclosureId: id,
        format,
      })
    )) as Response;
  } catch (e) {
    if (e instanceof Response) return e;
    throw e;
  }
};

describe('disclosure table downloads', () => {
  test('CSV: every table under its Chinese title, Excel-readable, formulas neutralized', async () => {
    const { c, result } = await setUp();
    const res = await get(c.slug, result.id, 'csv');
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('Content-Disposition')).toContain(`filename*=UTF-8''${encodeURIComponent(`${c.slug}-1号楼加装电梯.csv`)}`);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // the BOM Excel needs to read UTF-8
    const lines = bytes.subarray(3).toString('utf8').split('\r\n');
    expect(lines).toContain('表决结果');
    expect(lines).toContain('同意,8');
    expect(lines).toContain('出席人数,应到人数,法定出席人数,通过所需同意票');
    expect(lines).toContain('10,10,7,6');
    expect(lines).toContain('电梯设备采购,285000');
    expect(lines).toContain(`"'=HYPERLINK(""http://evil.example"",""退款"")",1`);
    expect(lines).toContain("'@SUM(A1:A9),-500"); // a negative number stays a number
    expect(lines.filter((l) => /^[=+@]/.test(l))).toEqual([]);
  });

  test('XLSX in English: one sheet per table, text cells are text, never formulas', async () => {
    const { c, result } = await setUp();
    const res = await get(c.slug, result.id, 'xlsx', 'en');
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Vote result', 'Attendance', 'Income and expense lines']);
    const lines = wb.getWorksheet('Income and expense lines')!;
    expect(lines.getRow(1).values).toEqual([undefined, 'Item', 'Amount (yuan)']);
    const evil = lines.getRow(3).getCell(1);
    expect(evil.type).toBe(ExcelJS.ValueType.String);
    expect(evil.value).toBe(`'=HYPERLINK("http://evil.example","退款")`);
    expect(lines.getRow(4).getCell(2).value).toBe(-500);
    let formulas = 0;
    wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((cell) => void (cell.type === ExcelJS.ValueType.Formula && formulas++))));
    expect(formulas).toBe(0);
  });

  test('refused: an unknown format, a disclosure without a table, another community, a bad id', async () => {
    const { c, result, topic } = await setUp();
    const other = await createCommunity(sql, (await createStreet(sql)).id);
    expect((await get(c.slug, result.id, 'pdf')).status).toBe(404);
    expect((await get(c.slug, topic.id, 'csv')).status).toBe(404);
    expect((await get(other.slug, result.id, 'csv')).status).toBe(404);
    expect((await get(c.slug, 'not-a-uuid', 'csv')).status).toBeGreaterThanOrEqual(400);
  });
});
