/**
 * Uploads: read and recognised by content by the one form reader (app/forms.server.ts, decision 007),
 * stored in PostgreSQL here.
 */
import { attachmentContent, attachmentsOf, insertAttachment } from '../db/attachments.server';
import { db } from '../db/client.server';
import { ATTACHMENT_TYPES, MAX_ATTACHMENTS_PER_FORM, type AttachmentType } from '../domain/attachments';
import type { CheckedFile, FileRule } from './forms.server';

export { attachmentContent, attachmentsOf };
export type { CheckedFile };

/** The rule for a form's attachments (photos, scans, documents): field `attachments`, up to 10. */
export const ATTACHMENTS_FIELD: FileRule = { field: 'attachments', kind: 'attachment', max: MAX_ATTACHMENTS_PER_FORM };

const isAttachmentType = (t: string): t is AttachmentType => t in ATTACHMENT_TYPES;

export async function storeAttachments(
  files: CheckedFile[],
  owner: { communityId: string; uploadedBy: string; subjectType: string; subjectId: string; isPublic?: boolean },
): Promise<string[]> {
  if (files.length === 0) return [];
  return db().begin(async (tx) => {
    const ids: string[] = [];
    for (const { filename, contentType, content } of files) {
      if (!isAttachmentType(contentType)) throw new Error(`not an attachment type: ${contentType}`);
      ids.push(await insertAttachment(tx, { ...owner, filename, contentType, content }));
    }
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
