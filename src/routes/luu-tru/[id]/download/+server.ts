import type { RequestHandler } from './$types';
import { getDb } from '$lib/server/db';
import { downloadArchivedFile } from '$lib/server/document-archive/service';
import { auditFromEvent } from '$lib/server/audit/log';
import { idParam, pageError, requireUser } from '$lib/server/http/route-kit';

export const GET: RequestHandler = async (event) => {
	const id = idParam(event.params.id, 'Không tìm thấy văn bản lưu trữ.');
	const part = event.url.searchParams.get('part') === 'signature' ? 'signature' : 'content';
	try {
		const file = await downloadArchivedFile(
			await getDb(),
			requireUser(event.locals),
			id,
			part,
			auditFromEvent(event)
		);
		return new Response(Buffer.from(file.bytes), {
			headers: {
				'Content-Type': file.contentType,
				'Content-Length': String(file.bytes.byteLength),
				'Content-Disposition': `attachment; filename="${file.fileName.replace(/[^\x20-\x7e]|"/g, '_')}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
				'Cache-Control': 'private, no-store'
			}
		});
	} catch (e) {
		pageError(e);
	}
};
