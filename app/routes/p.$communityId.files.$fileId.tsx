import type { LoaderFunctionArgs } from '@remix-run/node';
import { attachmentContent, fileResponse } from '~/attachments.server';
import { communityBySlug, db } from '~/data.server';
import { idParam } from '~/forms.server';

/** Public files only (photos of finished work, redacted scans); everything else is 404 here. */
export async function loader({ params }: LoaderFunctionArgs) {
  const community = await communityBySlug(db(), params.communityId ?? '');
  const id = idParam(params.fileId);
  const file = community ? await attachmentContent(db(), community.id, id) : undefined;
  if (!file || !file.isPublic) throw new Response('Not Found', { status: 404 });
  return fileResponse(file);
}
