/** Uploads: parsed with a size cap, recognised by content (domain/attachments.ts), stored in PostgreSQL. */
import {
  MaxPartSizeExceededError,
  unstable_composeUploadHandlers,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
} from '@remix-run/node';
import { attachmentContent, attachmentsOf, insertAttachment } from '../db/attachments.server';
import { db } from '../db/client.server';
import {
  MAX_ATTACHMENTS_PER_FORM,
  MAX_ATTACHMENT_BYTES,
  cleanFileName,
  sniffAttachment,
  type AttachmentType,
} from '../domain/attachments';

export { attachmentContent, attachmentsOf };

export type CheckedFile = { filename: string; contentType: AttachmentType; content: Uint8Array };

/**
 * Reads a form that may carry files (field `attachments`). Oversized parts are refused with a key
 * instead of being buffered.
 */
export async function readFormWithFiles(
  request: Request,
): Promise<{ formData: FormData; files: CheckedFile[]; fileError?: string }> {
  const type = request.headers.get('Content-Type') ?? '';
  if (!type.startsWith('multipart/form-data')) return { formData: await request.formData(), files: [] };
  let formData: FormData;
  try {
    formData = await unstable_parseMultipartFormData(
      request,
      unstable_composeUploadHandlers(unstable_createMemoryUploadHandler({ maxPartSize: MAX_ATTACHMENT_BYTES })),
    );
  } catch (e) {
    if (e instanceof MaxPartSizeExceededError) return { formData: new FormData(), files: [], fileError: 'attachments.errors.tooLarge' };
    throw e;
  }
  const parts = formData.getAll('attachments').filter((f): f is File => typeof f !== 'string' && f.size > 0);
  formData.delete('attachments');
  if (parts.length > MAX_ATTACHMENTS_PER_FORM) return { formData, files: [], fileError: 'attachments.errors.tooMany' };
  const files: CheckedFile[] = [];
  for (const part of parts) {
    const content = new Uint8Array(await part.arrayBuffer());
    const filename = cleanFileName(part.name);
    const sniffed = sniffAttachment(filename, content);
    if (!sniffed.ok) return { formData, files: [], fileError: sniffed.key };
    files.push({ filename, contentType: sniffed.type, content });
  }
  return { formData, files };
}

export async function storeAttachments(
  files: CheckedFile[],
  owner: { communityId: string; uploadedBy: string; subjectType: string; subjectId: string; isPublic?: boolean },
): Promise<string[]> {
  if (files.length === 0) return [];
  return db().begin(async (tx) => {
    const ids: string[] = [];
    for (const f of files) ids.push(await insertAttachment(tx, { ...owner, ...f }));
    return ids;
  });
}

/** The file as a download with its checked type; never rendered inline as HTML. */
export function fileResponse(file: { filename: string; contentType: string; content: Buffer }): Response {
  const inline = file.contentType.startsWith('image/') || file.contentType === 'application/pdf';
  return new Response(new Uint8Array(file.content), {
    headers: {
      'Content-Type': file.contentType,
      'Content-Disposition': `${inline ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "default-src 'none'",
      'Cache-Control': 'private, max-age=3600',
    },
  });
}
