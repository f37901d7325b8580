import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '$lib/server/db';
import { downloadArchivedFile } from '$lib/server/document-archive/service';
import { auditFromEvent } from '$lib/server/audit/log';
import { isAppError } from '$lib/errors';

export const GET: RequestHandler = async (event) => {
	const id = Number(event.params.id);
	if (!Number.isInteger(id) || id <= 0) error(404, { message: 'Không tìm thấy văn bản lưu trữ.' });
	const part = event.url.searchParams.get('part') === 'signature' ? 'signature' : 'content';
	try {
		const file = await downloadArchivedFile(
			await getDb(),
			event.locals.user!,
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
		if (isAppError(e)) error(e.status, { message: e.message });
		throw e;
	}
};
