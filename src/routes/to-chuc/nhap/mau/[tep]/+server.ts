// The blank template workbooks of the organisation and subscriber imports.
import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { buildTemplateWorkbook, IMPORT_KINDS, templateFileName } from '$lib/server/organisation-import';

export const GET: RequestHandler = async ({ params }) => {
	const kind = IMPORT_KINDS.find((k) => templateFileName(k) === params.tep);
	if (!kind) error(404, { message: 'Không có tệp mẫu này.' });
	const bytes = await buildTemplateWorkbook(kind);
	return new Response(Buffer.from(bytes), {
		headers: {
			'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
			'Content-Disposition': `attachment; filename="${params.tep}"`,
			'Content-Length': String(bytes.byteLength),
			'Cache-Control': 'no-store'
		}
	});
};
