import type { RequestHandler } from './$types';
import { getDb } from '$lib/server/db';
import { findingPagePicture } from '$lib/server/findings/appearance-page';
import { idParam, pageError, requireUser } from '$lib/server/http/route-kit';

// The page region of a Điều 13 finding with the signature box drawn on it.
export const GET: RequestHandler = async ({ params, locals }) => {
	const id = idParam(params.id, 'Không tìm thấy cảnh báo.');
	try {
		const r = await findingPagePicture(await getDb(), requireUser(locals), id);
		if (!r.ok)
			return new Response(r.detail, {
				status: 503,
				headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' }
			});
		return new Response(new Uint8Array(r.png), {
			headers: {
				'Content-Type': 'image/png',
				'Content-Length': String(r.png.length),
				'Cache-Control': 'private, no-store'
			}
		});
	} catch (e) {
		pageError(e);
	}
};
