import { MAX_ATTACHMENT_BYTES, cleanFileName, sniffAttachment } from './attachments';

const bytes = (...b: number[]) => new Uint8Array([...b, ...new Array(16).fill(0)]);

describe('sniffAttachment', () => {
  it('recognises photos and documents by their first bytes', () => {
    expect(sniffAttachment('现场.jpg', bytes(0xff, 0xd8, 0xff, 0xe0))).toEqual({ ok: true, type: 'image/jpeg' });
    expect(sniffAttachment('scan.PDF', new TextEncoder().encode('%PDF-1.7 ...'))).toEqual({ ok: true, type: 'application/pdf' });
    expect(sniffAttachment('a.png', bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a))).toMatchObject({ ok: true });
    expect(sniffAttachment('预算.xlsx', bytes(0x50, 0x4b, 0x03, 0x04))).toMatchObject({
      ok: true,
      type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    });
  });

  it('refuses a script renamed to .jpg, a ZIP that is not an office file, and mismatched names', () => {
    expect(sniffAttachment('photo.jpg', new TextEncoder().encode('<script>alert(1)</script>'))).toEqual({
      ok: false,
      key: 'attachments.errors.type',
    });
    expect(sniffAttachment('x.zip', bytes(0x50, 0x4b, 0x03, 0x04))).toEqual({ ok: false, key: 'attachments.errors.type' });
    expect(sniffAttachment('photo.pdf', bytes(0xff, 0xd8, 0xff))).toEqual({ ok: false, key: 'attachments.errors.extension' });
  });

  it('refuses empty and oversized files', () => {
    expect(sniffAttachment('a.pdf', new Uint8Array())).toEqual({ ok: false, key: 'attachments.errors.empty' });
    const big = new Uint8Array(MAX_ATTACHMENT_BYTES + 1);
    big.set([0x25, 0x50, 0x44, 0x46]);
    expect(sniffAttachment('a.pdf', big)).toEqual({ ok: false, key: 'attachments.errors.tooLarge' });
  });
});

describe('cleanFileName', () => {
  it('drops paths and characters that break headers', () => {
    expect(cleanFileName('C:\\Users\\a\\预算 "终".pdf')).toBe('预算 _终_.pdf');
    expect(cleanFileName('../../etc/passwd')).toBe('passwd');
  });
});
