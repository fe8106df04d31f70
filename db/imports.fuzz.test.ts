/**
 * Every import, fuzzed (issue 9, "Fuzzing: each import"): generated files go through the one
 * spreadsheet reader (random bytes, broken zips, junk CSV), and generated rows through each import's
 * row checks — people register, voter register, consultation catalogue, quarterly account. Whatever
 * arrives: nothing throws, and every refusal is a message key present in zh-CN and English.
 */
import fc from 'fast-check';
import { resources } from '../app/i18n/resources';
import { IMPORT_FIELDS, mapHeaders, validateImportRows } from '../domain/admin/people';
import { importCatalogueRows } from '../domain/consultation/catalogueImport';
import { validateRegisterImport } from '../domain/election/register';
import { parseAccountSheet } from '../domain/finance/account';
import { readSheet } from './spreadsheet.server';

type Tree = { [k: string]: string | Tree };
const lookup = (tree: Tree, key: string): unknown =>
  key.split('.').reduce<unknown>((node, part) => (node && typeof node === 'object' ? (node as Tree)[part] : undefined), tree);
const localized = (key: string) =>
  typeof lookup(resources['zh-CN'].translation as Tree, key) === 'string' && typeof lookup(resources.en.translation as Tree, key) === 'string';
const expectLocalized = (keys: string[]) => {
  for (const k of keys) expect(localized(k), `not a zh-CN+en key: ${k}`).toBe(true);
};

const cell = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc.constantFrom('', ' ', '男', '女', '2026-10-01', '2026/02/30', '46000', '-1', '1e400', '13800000000', '110101199001011234', '=cmd|x', '收入', '支出', 'local_hukou'),
);
const rows = (width: number) => fc.array(fc.array(cell, { minLength: 0, maxLength: width + 2 }), { maxLength: 30 });

const zipHeader = Uint8Array.from([0x50, 0x4b, 0x03, 0x04]);
const file = fc.oneof(
  fc.uint8Array({ maxLength: 2_000 }),
  fc.uint8Array({ maxLength: 2_000 }).map((b) => Uint8Array.from([...zipHeader, ...b])),
  fc.array(fc.array(cell, { maxLength: 6 }), { maxLength: 20 }).map((r) => new TextEncoder().encode(r.map((x) => x.join(',')).join('\n'))),
  fc.string({ unit: 'binary', maxLength: 1_000 }).map((s) => new TextEncoder().encode(s)),
);

describe('the spreadsheet reader, on any bytes', () => {
  it('answers with rows or a localized refusal, never a throw', async () => {
    await fc.assert(
      fc.asyncProperty(file, fc.constantFrom('a.xlsx', 'a.csv', 'a.txt', '名单.XLSX'), async (bytes, name) => {
        const r = await readSheet(bytes, name);
        if (!r.ok) expectLocalized([r.key]);
        else expect(Array.isArray(r.rows)).toBe(true);
      }),
      { numRuns: 60 },
    );
  });
});

describe('the row checks of each import, on any rows', () => {
  it('people register', () => {
    fc.assert(
      fc.property(fc.array(cell, { maxLength: 9 }), rows(IMPORT_FIELDS.length), (header, body) => {
        const m = mapHeaders(header);
        if (!m.ok) return expectLocalized([m.key]);
        const r = validateImportRows(body, m.mapping);
        expectLocalized(r.errors.map((e) => e.key));
      }),
      { numRuns: 200 },
    );
  });

  it('voter register', () => {
    const row = fc.record({ name: cell, idNumber: cell, gender: cell, group: cell, householdId: cell, phone: fc.option(cell), basis: cell });
    fc.assert(
      fc.property(fc.array(row, { maxLength: 20 }), (body) => {
        const r = validateRegisterImport(body, { electionDay: '2026-12-20', hashOf: (s) => s, registeredHashes: new Set() });
        expectLocalized(r.errors.map((e) => e.key));
      }),
      { numRuns: 200 },
    );
  });

  it('consultation catalogue', () => {
    const row = fc.dictionary(fc.oneof(fc.constantFrom('编号', '事项名称', '类别', '范围', '协商形式', '参与方', '是否必须协商', '公示天数', '依据'), fc.string({ maxLength: 8 })), cell, { maxKeys: 10 });
    fc.assert(
      fc.property(fc.array(row, { maxLength: 20 }), (body) => {
        const r = importCatalogueRows(body);
        expectLocalized([...r.errors, ...r.warnings].map((e) => e.key));
      }),
      { numRuns: 200 },
    );
  });

  it('quarterly account', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(cell, fc.constantFrom('日期', '收支', '项目', '金额', '对方单位')), { maxLength: 6 }), rows(5), (header, body) => {
        const r = parseAccountSheet({ year: 2026, quarter: 4 }, header, body);
        if (!r.ok) expectLocalized(r.errors.map((e) => e.key));
      }),
      { numRuns: 200 },
    );
  });
});
