import type { LoaderFunctionArgs } from '@remix-run/node';
import { attachmentContent, fileResponse } from '~/attachments.server';
import { requireRole } from '~/auth.server';
import { db } from '~/data.server';
import { idParam } from '~/forms.server';

/** A community's file, for anyone holding a role in that community. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { community } = await requireRole(request, params.communityId);
  const file = await attachmentContent(db(), community.id, idParam(params.fileId));
  if (!file) throw new Response('Not Found', { status: 404 });
  return fileResponse(file);
}
