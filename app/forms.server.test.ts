/**
 * The one form reader: caps every body before buffering it, takes files only where a form takes them,
 * and recognises each file by its content.
 */
import { BODY_LIMITS, formKey, idParam, readForm } from './forms.server';

const URL_ = 'http://minyi.test/form';
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);

/** A body that records whether anything read it. */
function watchedStream(bytes: Uint8Array) {
  const seen = { pulled: false };
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      seen.pulled = true;
      controller.enqueue(bytes);
      controller.close();
    },
  }, { highWaterMark: 0 }); // pulled only when someone reads
  return { body, seen };
}

function post(body: BodyInit, headers: Record<string, string> = {}) {
  return new Request(URL_, { method: 'POST', body, headers, duplex: 'half' } as RequestInit);
}

async function statusOf(p: Promise<unknown>) {
  try {
    await p;
    return 200;
  } catch (e) {
    if (e instanceof Response) return e.status;
    throw e;
  }
}

describe('readForm', () => {
  it('reads an ordinary urlencoded form', async () => {
    const { formData, files } = await readForm(post(new URLSearchParams({ title: '路灯', 'items[0]': 'a' })));
    expect(formData.get('title')).toBe('路灯');
    expect(formData.get('items[0]')).toBe('a');
    expect(files).toEqual([]);
  });

  it('refuses a declared Content-Length over the cap without reading a byte', async () => {
    const { body, seen } = watchedStream(new Uint8Array(10));
    const request = post(body, { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': String(BODY_LIMITS.textBytes + 1) });
    expect(await statusOf(readForm(request))).toBe(413);
    expect(seen.pulled).toBe(false);
  });

  it('refuses a multipart body declared larger than its files allow, without reading it', async () => {
    const { body, seen } = watchedStream(new Uint8Array(10));
    const request = post(body, { 'Content-Type': 'multipart/form-data; boundary=x', 'Content-Length': String(200 * 1024 * 1024) });
    expect(await statusOf(readForm(request, { files: { field: 'attachments', kind: 'attachment', max: 10 } }))).toBe(413);
    expect(seen.pulled).toBe(false);
  });

  it('refuses an urlencoded body that streams past the cap without a Content-Length', async () => {
    const big = new TextEncoder().encode(`text=${'a'.repeat(BODY_LIMITS.textBytes + 10)}`);
    const { body } = watchedStream(big);
    expect(await statusOf(readForm(post(body, { 'Content-Type': 'application/x-www-form-urlencoded' })))).toBe(413);
  });

  it('refuses too many fields, and a multipart text field past the cap', async () => {
    const many = new URLSearchParams();
    for (let i = 0; i <= BODY_LIMITS.fields; i++) many.append(`f${i}`, '1');
    expect(await statusOf(readForm(post(many)))).toBe(413);
    const fd = new FormData();
    fd.append('text', 'a'.repeat(BODY_LIMITS.textBytes + 1));
    expect(await statusOf(readForm(post(fd)))).toBe(413);
  });

  it('refuses bodies that are not forms', async () => {
    expect(await statusOf(readForm(post('{"a":1}', { 'Content-Type': 'application/json' })))).toBe(415);
    expect(await statusOf(readForm(post('--x\r\ngarbage', { 'Content-Type': 'multipart/form-data' })))).toBe(400);
  });

  it('recognises a file by its content, never by the browser’s claim', async () => {
    const fd = new FormData();
    fd.append('attachments', new File(['<html><script>alert(1)</script></html>'], 'sheet.pdf', { type: 'application/pdf' }));
    const refused = await readForm(post(fd), { files: { field: 'attachments', kind: 'attachment', max: 10 } });
    expect(refused).toMatchObject({ files: [], fileError: 'attachments.errors.type' });

    const ok = new FormData();
    ok.append('title', '照片');
    ok.append('attachments', new File([PNG], 'photo.png', { type: 'text/html' }));
    const read = await readForm(post(ok), { files: { field: 'attachments', kind: 'attachment', max: 10 } });
    expect(read.fileError).toBeUndefined();
    expect(read.files).toMatchObject([{ field: 'attachments', filename: 'photo.png', contentType: 'image/png' }]);
    expect(read.formData.get('title')).toBe('照片');
    expect(read.formData.get('attachments')).toBeNull();
  });

  it('counts files and caps their size while they stream', async () => {
    const rule = { field: 'attachments', kind: 'attachment', max: 2, maxBytes: 1024 } as const;
    const three = new FormData();
    for (let i = 0; i < 3; i++) three.append('attachments', new File([PNG], `p${i}.png`));
    expect(await readForm(post(three), { files: rule })).toMatchObject({ files: [], fileError: 'attachments.errors.tooMany' });
    const big = new FormData();
    big.append('attachments', new File([PNG, new Uint8Array(2048)], 'big.png'));
    expect(await readForm(post(big), { files: rule })).toMatchObject({ files: [], fileError: 'attachments.errors.tooLarge' });
  });

  it('takes no file in a form that takes none, and skips an empty file input', async () => {
    const fd = new FormData();
    fd.append('text', 'x');
    fd.append('attachments', new File([PNG], 'p.png'));
    expect(await readForm(post(fd))).toMatchObject({ files: [], fileError: 'forms.errors.fileNotTaken' });
    const empty = new FormData();
    empty.append('attachments', new File([], ''));
    const read = await readForm(post(empty), { files: { field: 'attachments', kind: 'attachment' } });
    expect(read).toMatchObject({ files: [] });
    expect(read.fileError).toBeUndefined();
  });

  it('checks spreadsheets by content: CSV text, XLSX zip, nothing else', async () => {
    const rule = { files: { field: 'file', kind: 'spreadsheet' } } as const;
    const csv = new FormData();
    csv.append('file', new File(['姓名,身份证号\n张三,110101\n'], 'voters.csv', { type: 'application/octet-stream' }));
    expect((await readForm(post(csv), rule)).files).toMatchObject([{ contentType: 'text/csv' }]);
    const png = new FormData();
    png.append('file', new File([PNG], 'voters.csv'));
    expect(await readForm(post(png), rule)).toMatchObject({ files: [], fileError: 'attachments.errors.type' });
    const fakeXlsx = new FormData();
    fakeXlsx.append('file', new File(['a,b\n'], 'voters.xlsx'));
    expect(await readForm(post(fakeXlsx), rule)).toMatchObject({ files: [], fileError: 'attachments.errors.extension' });
  });
});

describe('ids from URLs and forms', () => {
  it('answers 404 for a malformed id, passes a uuid', async () => {
    for (const bad of [undefined, '', 'abc', '-'.repeat(36), "1' or '1'='1", `${crypto.randomUUID()}x`])
      expect(await statusOf(Promise.resolve().then(() => idParam(bad)))).toBe(404);
    const id = crypto.randomUUID();
    expect(idParam(id)).toBe(id);
  });

  it('gives a form a key when it has none and refuses a malformed one', async () => {
    const fd = new FormData();
    expect(formKey(fd)).toMatch(/^[0-9a-f-]{36}$/);
    fd.set('key', 'not-a-uuid');
    expect(await statusOf(Promise.resolve().then(() => formKey(fd)))).toBe(400);
  });
});
