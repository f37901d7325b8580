// A verification report handed out as a file (the archive's and the stored upload's `bao-cao` routes): the
// format asked for in `?dang=` and the response that carries the file.
import { error } from '@sveltejs/kit';

export type ReportFormat = 'html' | 'xml';

/** `?dang=html` (the default) or `xml` (ETSI TS 119 102-2); anything else is a 400 that says so. */
export function reportFormatParam(url: URL): ReportFormat {
	const format = url.searchParams.get('dang') ?? 'html';
	if (format !== 'html' && format !== 'xml')
		error(400, { message: 'Định dạng báo cáo phải là html hoặc xml.' });
	return format;
}

export function reportFileResponse(r: { body: BodyInit; contentType: string; fileName: string }): Response {
	return new Response(r.body, {
		headers: {
			'Content-Type': r.contentType,
			'Content-Disposition': `attachment; filename="${r.fileName}"`,
			'Cache-Control': 'private, no-store',
			// A standalone page opened from disk or the browser: no scripts, nothing fetched.
			'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'"
		}
	});
}
