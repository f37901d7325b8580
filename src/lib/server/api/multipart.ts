// Reading a multipart/form-data request body on /api/** (a signed file with its metadata) with the
// same streamed size cap as JSON bodies: 415 for another content type, 413 past the cap, 400 when
// the parts cannot be read.
import { apiError } from './errors';
import { readBodyBytes, wrongContentType, type BodyResult } from './body';

export function isMultipartFormData(request: Request): boolean {
	const type = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
	return type === 'multipart/form-data';
}

/** The parts of a multipart/form-data body, read only after the whole body fitted under the cap. */
export async function readMultipartBody(request: Request, maxBytes: number): Promise<BodyResult<FormData>> {
	if (!isMultipartFormData(request))
		return {
			ok: false,
			response: wrongContentType('multipart/form-data', request.headers.get('content-type'))
		};
	const bytes = await readBodyBytes(request, maxBytes);
	if (!bytes.ok) return bytes;
	try {
		const parts = new Response(bytes.value as Uint8Array<ArrayBuffer>, {
			headers: { 'content-type': request.headers.get('content-type')! }
		});
		return { ok: true, value: await parts.formData() };
	} catch {
		return {
			ok: false,
			response: apiError(
				400,
				'INVALID_MULTIPART',
				'Không đọc được nội dung multipart/form-data (thiếu boundary hoặc các phần bị hỏng).',
				'The multipart/form-data body cannot be read (missing boundary or broken parts).'
			)
		};
	}
}
