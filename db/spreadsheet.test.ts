/**
 * The spreadsheet reader against crafted files of every kind an attacker (or an unlucky clerk) can
 * upload: each is refused quickly with its reason, in a worker thread whose heap and time are
 * bounded, while the caller's event loop keeps running.
 */
import ExcelJS from 'exceljs';
import { i18nFor } from '../app/i18n/config';
import { sheetMessages } from '../app/i18n/sheet-messages';
import { bombXlsx, cell, sheetXml, workbookParts, xlsxOf, zip } from './spreadsheet.fixtures';
import { readSheet, type SheetResult } from './spreadsheet.server';

const QUICK_MS = 15_000;
vi.setConfig({ testTimeout: 60_000 });

/** Runs a read while watching the caller's event loop and memory. */
async function watched(read: () => Promise<SheetResult>) {
  const rss0 = process.memoryUsage().rss;
  let last = Date.now();
  let maxGap = 0;
  let maxRss = rss0;
  const tick = setInterval(() => {
    const now = Date.now();
    maxGap = Math.max(maxGap, now - last);
    last = now;
    maxRss = Math.max(maxRss, process.memoryUsage().rss);
  }, 20);
  const t0 = Date.now();
  const result = await read();
  clearInterval(tick);
  return { result, ms: Date.now() - t0, maxGapMs: maxGap, rssGrowthMb: (maxRss - rss0) / 1024 / 1024 };
}

const rows = (n: number, from = 1) => Array.from({ length: n }, (_, i) => `<row r="${from + i}">${cell(`A${from + i}`, `甲${i}`)}</row>`).join('');

describe('reads what committees upload', () => {
  it('an XLSX from Excel: shared strings, rich text, numbers, booleans; header after a blank row; trailing blank rows dropped', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('名单');
    ws.getCell('A2').value = '姓名';
    ws.getCell('B2').value = '手机号码';
    ws.getCell('C2').value = '是否';
    ws.getCell('A3').value = { richText: [{ text: '张' }, { text: '三' }] };
    ws.getCell('B3').value = 13800138000;
    ws.getCell('C3').value = true;
    ws.getCell('A5').value = '李四';
    ws.getCell('A9').value = '';
    const r = await readSheet(new Uint8Array(await wb.xlsx.writeBuffer()), '名单.xlsx');
    expect(r).toEqual({
      ok: true,
      format: 'xlsx',
      header: ['姓名', '手机号码', '是否'],
      headerRow: 2,
      rows: [['张三', '13800138000', 'TRUE'], [], ['李四']],
    });
  });

  it('inline strings without phonetic guides, and a CSV in UTF-8 with BOM or in GB18030', async () => {
    const x = xlsxOf(`<row r="1"><c r="A1" t="inlineStr"><is><r><t>居</t></r><r><t>民</t></r><rPh><t>ju min</t></rPh></is></c></row>`);
    expect(await readSheet(x, 'a.xlsx')).toMatchObject({ ok: true, header: ['居民'] });
    const csv = '\uFEFF姓名,说明\n张三,"两行\n文字"\n';
    expect(await readSheet(Buffer.from(csv, 'utf8'), 'a.csv')).toEqual({ ok: true, format: 'csv', header: ['姓名', '说明'], headerRow: 1, rows: [['张三', '两行\n文字']] });
    const gb = new Uint8Array([0xd0, 0xd5, 0xc3, 0xfb, 0x0a, 0xd5, 0xc5, 0xc8, 0xfd]); // 姓名\n张三 in GB18030
    expect(await readSheet(gb, 'gbk.csv')).toMatchObject({ ok: true, header: ['姓名'], rows: [['张三']] });
  });

  it('several reads at once all finish (at most two threads, the others wait)', async () => {
    const files = Array.from({ length: 4 }, (_, i) => xlsxOf(rows(3 + i)));
    const results = await Promise.all(files.map((f) => readSheet(f, 'x.xlsx')));
    expect(results.map((r) => r.ok && r.rows.length)).toEqual([2, 3, 4, 5]);
  });
});

describe('refuses crafted files quickly, with the reason', () => {
  it('a single cell at XFD1048576 (1.7e10 cells by its dimension): too many rows, nothing sized by it', async () => {
    const file = xlsxOf(`<row r="1">${cell('A1', '姓名')}</row><row r="1048576">${cell('XFD1048576', 'x')}</row>`);
    const w = await watched(() => readSheet(file, 'bomb.xlsx'));
    expect(w.result).toEqual({ ok: false, key: 'sheet.tooManyRows', params: { max: 50_001 } });
    expect(w.ms).toBeLessThan(QUICK_MS);
    const wide = await readSheet(xlsxOf(`<row r="1">${cell('A1', '姓名')}${cell('XFD1', 'x')}</row>`), 'wide.xlsx');
    expect(wide).toEqual({ ok: false, key: 'sheet.tooManyColumns', params: { max: 64, row: 1, column: 'XFD' } });
  });

  it('a zip bomb (a small .xlsx whose sheet inflates to 200 MB): refused by its size, memory bounded, event loop free', async () => {
    const file = await bombXlsx(200);
    expect(file.length).toBeLessThan(1024 * 1024);
    const w = await watched(() => readSheet(file, 'bomb.xlsx'));
    expect(w.result).toEqual({ ok: false, key: 'sheet.inflatesTooMuch', params: { maxMb: 64 } });
    expect(w.ms).toBeLessThan(QUICK_MS);
    expect(w.maxGapMs).toBeLessThan(1_000); // the caller's event loop kept running
    expect(w.rssGrowthMb).toBeLessThan(200);
  });

  it('a zip bomb whose directory lies (declares 100 bytes): counted while inflating, refused', async () => {
    const sheet = sheetXml(rows(40_000));
    const file = zip(workbookParts({ data: sheet, declaredSize: 100 }));
    const w = await watched(() => readSheet(file, 'liar.xlsx'));
    expect(w.result).toEqual({ ok: false, key: 'sheet.notSpreadsheet', params: {} }); // damaged: it inflates beyond what it declares
    expect(w.ms).toBeLessThan(QUICK_MS);
    // An honest directory with a lying size cap: the actual bytes are counted, not the declared ones.
    const capped = await readSheet(zip(workbookParts({ data: sheet })), 'big.xlsx', { maxInflatedBytes: 1024 * 1024 });
    expect(capped).toEqual({ ok: false, key: 'sheet.inflatesTooMuch', params: { maxMb: 1 } });
  });

  it('too many rows, too many columns, a cell too long', async () => {
    expect(await readSheet(xlsxOf(rows(50_002)), 'rows.xlsx')).toEqual({ ok: false, key: 'sheet.tooManyRows', params: { max: 50_001 } });
    expect(await readSheet(xlsxOf(rows(11)), 'rows.xlsx', { maxRows: 10 })).toEqual({ ok: false, key: 'sheet.tooManyRows', params: { max: 10 } });
    const wide = `<row r="1">${cell('A1', '姓名')}</row><row r="2">${Array.from({ length: 65 }, (_, i) => `<c t="inlineStr"><is><t>${i}</t></is></c>`).join('')}</row>`;
    expect(await readSheet(xlsxOf(wide), 'wide.xlsx')).toEqual({ ok: false, key: 'sheet.tooManyColumns', params: { max: 64, row: 2, column: 'BM' } });
    expect(await readSheet(xlsxOf(`<row r="3">${cell('B3', '长'.repeat(2001))}</row>`), 'long.xlsx')).toEqual({
      ok: false,
      key: 'sheet.cellTooLong',
      params: { max: 2000, row: 3, column: 'B' },
    });
  });

  it('a huge shared-strings table: too many entries, one used too often, or one too long', async () => {
    const many = `<sst>${'<si><t>a</t></si>'.repeat(500_001)}</sst>`;
    const w = await watched(() => readSheet(xlsxOf(`<row r="1"><c r="A1" t="s"><v>0</v></c></row>`, many), 'sst.xlsx'));
    expect(w.result).toEqual({ ok: false, key: 'sheet.tooManyStrings', params: { max: 500_000 } });
    expect(w.ms).toBeLessThan(QUICK_MS);
    // Amplification: one 2 000-character string used by 10 000 cells would be 20 million characters.
    const amplified = `<row r="1">${cell('A1', '姓名')}</row>` + Array.from({ length: 10_000 }, (_, i) => `<row r="${i + 2}"><c t="s"><v>0</v></c></row>`).join('');
    const amp = await watched(() => readSheet(xlsxOf(amplified, `<sst><si><t>${'字'.repeat(2000)}</t></si></sst>`), 'amp.xlsx'));
    expect(amp.result).toEqual({ ok: false, key: 'sheet.tooMuchText', params: { max: 16_000_000 } });
    expect(amp.ms).toBeLessThan(QUICK_MS);
    const long = `<sst><si><t>${'字'.repeat(3000)}</t></si></sst>`;
    expect(await readSheet(xlsxOf(`<row r="1"><c r="A1" t="s"><v>0</v></c></row>`, long), 'sst.xlsx')).toEqual({ ok: false, key: 'sheet.stringTooLong', params: { max: 2000 } });
  });

  it('a CSV with a huge row, too many columns, too many rows, or a broken quote', async () => {
    const huge = await watched(() => readSheet(Buffer.from(`姓名\n"${'x'.repeat(3 * 1024 * 1024)}"\n`), 'huge.csv'));
    expect(huge.result).toMatchObject({ ok: false, key: 'sheet.rowTooLong', params: { max: 128_000 } });
    expect(huge.ms).toBeLessThan(QUICK_MS);
    expect(await readSheet(Buffer.from(`姓名\n${'a,'.repeat(100_000)}\n`), 'wide.csv')).toEqual({ ok: false, key: 'sheet.tooManyColumns', params: { max: 64, row: 2, column: 'BM' } });
    expect(await readSheet(Buffer.from(`姓名\n${'张三\n'.repeat(50_001)}`), 'rows.csv')).toEqual({ ok: false, key: 'sheet.tooManyRows', params: { max: 50_001 } });
    expect(await readSheet(Buffer.from(`姓名\n"张三,1\n`), 'q.csv')).toMatchObject({ ok: false, key: 'sheet.csvMalformed' });
    expect(await readSheet(Buffer.from(`姓名\n${'长'.repeat(2001)}\n`), 'c.csv')).toEqual({ ok: false, key: 'sheet.cellTooLong', params: { max: 2000, row: 2, column: 'A' } });
  });

  it('a file that is not a spreadsheet, an encrypted workbook, an old .xls, a DTD, an unknown type, empty, too large', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    expect(await readSheet(png, '名单.xlsx')).toEqual({ ok: false, key: 'sheet.notSpreadsheet', params: {} });
    expect(await readSheet(Buffer.from('姓名,性别'), '名单.xlsx')).toEqual({ ok: false, key: 'sheet.notSpreadsheet', params: {} });
    expect(await readSheet(zip([{ name: 'readme.txt', data: 'hello' }]), '名单.xlsx')).toEqual({ ok: false, key: 'sheet.notSpreadsheet', params: {} });
    expect(await readSheet(Buffer.concat([png, Buffer.alloc(100)]), 'x.csv')).toEqual({ ok: false, key: 'sheet.notSpreadsheet', params: {} });
    const ole = Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(512)]);
    expect(await readSheet(Buffer.concat([ole, Buffer.from('EncryptionInfo', 'utf16le')]), '名单.xlsx')).toEqual({ ok: false, key: 'sheet.encrypted', params: {} });
    expect(await readSheet(ole, '名单.xls')).toEqual({ ok: false, key: 'sheet.oldExcel', params: {} });
    const dtd = zip(workbookParts({ data: '<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY a "aaaa">]><worksheet><sheetData/></worksheet>' }));
    expect(await readSheet(dtd, 'dtd.xlsx')).toEqual({ ok: false, key: 'sheet.notSpreadsheet', params: {} });
    expect(await readSheet(Buffer.from('x'), '名单.pdf')).toEqual({ ok: false, key: 'sheet.unsupportedType', params: {} });
    expect(await readSheet(new Uint8Array(), '名单.csv')).toEqual({ ok: false, key: 'sheet.empty', params: {} });
    expect(await readSheet(Buffer.alloc(2 * 1024 * 1024 + 1, 0x41), '名单.csv', { maxBytes: 2 * 1024 * 1024 })).toEqual({ ok: false, key: 'sheet.tooLarge', params: { maxMb: 2 } });
  });

  it('a file that needs more memory or time than the thread has: refused, the thread ended', async () => {
    // 200 000 distinct strings of 100 characters: ≈ 60 MB of XML, ≈ 40 MB of strings in the heap.
    const strings = `<sst>${Array.from({ length: 200_000 }, (_, i) => `<si><t>${String(i).padStart(100, '居')}</t></si>`).join('')}</sst>`;
    const file = xlsxOf(`<row r="1"><c r="A1" t="s"><v>0</v></c></row>`, strings);
    const generous = { maxInflatedBytes: 128 * 1024 * 1024 };
    expect(await readSheet(file, 'mem.xlsx', { ...generous, memoryMb: 24 })).toEqual({ ok: false, key: 'sheet.tooComplex', params: { maxMb: 24 } });
    expect(await readSheet(file, 'slow.xlsx', { ...generous, timeoutMs: 200 })).toEqual({ ok: false, key: 'sheet.tooSlow', params: { seconds: 1 } });
    // The reader still works afterwards, in a fresh thread.
    expect(await readSheet(xlsxOf(rows(2)), 'ok.xlsx')).toMatchObject({ ok: true, rows: [['甲1']] });
  });
});

describe('messages', () => {
  it('every refusal has its words in zh-CN and English, with its parameters', () => {
    const zh = Object.keys(sheetMessages['zh-CN'].sheet).sort();
    expect(Object.keys(sheetMessages.en.sheet).sort()).toEqual(zh);
    expect(i18nFor('zh-CN').t('sheet.inflatesTooMuch', { maxMb: 64 })).toContain('64 MB');
    expect(i18nFor('en').t('sheet.tooManyColumns', { max: 64, row: 2, column: 'BM' })).toBe(
      'Too many columns: at most 64, but row 2 has a value in column BM. Please delete the extra columns.',
    );
  });
});
