import { createHash } from 'node:crypto';
import type { AttachmentType } from '../domain/attachments';
import type { Queryable } from './client.server';

export type AttachmentMeta = {
  id: string;
  filename: string;
  contentType: AttachmentType;
  sizeBytes: number;
  isPublic: boolean;
  createdAt: Date;
};

export async function insertAttachment(
  sql: Queryable,
  a: {
    communityId: string;
    uploadedBy: string;
    subjectType: string;
    subjectId: string;
    filename: string;
    contentType: AttachmentType;
    content: Uint8Array;
    isPublic?: boolean;
  },
): Promise<string> {
  const sha = createHash('sha256').update(a.content).digest('hex');
  const [row] = await sql<{ id: string }[]>`
    insert into attachments (community_id, uploaded_by, subject_type, subject_id, filename, content_type, size_bytes,
                             sha256, is_public, content)
    values (${a.communityId}, ${a.uploadedBy}, ${a.subjectType}, ${a.subjectId}, ${a.filename}, ${a.contentType},
            ${a.content.byteLength}, ${sha}, ${a.isPublic ?? false}, ${Buffer.from(a.content)})
    returning id`;
  return row!.id;
}

export async function attachmentsOf(sql: Queryable, subjectType: string, subjectId: string): Promise<AttachmentMeta[]> {
  return sql<AttachmentMeta[]>`
    select id, filename, content_type as "contentType", size_bytes as "sizeBytes", is_public as "isPublic", created_at as "createdAt"
    from attachments where subject_type = ${subjectType} and subject_id = ${subjectId} order by created_at`;
}

export async function attachmentContent(sql: Queryable, communityId: string, id: string) {
  const [row] = await sql<{ filename: string; contentType: string; isPublic: boolean; content: Buffer }[]>`
    select filename, content_type as "contentType", is_public as "isPublic", content
    from attachments where community_id = ${communityId} and id = ${id}`;
  return row;
}
