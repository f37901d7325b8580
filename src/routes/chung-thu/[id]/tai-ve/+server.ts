// The certificate's DER as a .cer file; every download is written to the audit log.
import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '$lib/server/db';
import { getCertificateDer } from '$lib/server/inventory/certificate-detail';
import { auditFromEvent, recordAudit } from '$lib/server/audit/log';

export const GET: RequestHandler = async (event) => {
	const id = Number(event.params.id);
	if (!Number.isSafeInteger(id) || id <= 0) error(404, { message: 'Không tìm thấy chứng thư số.' });
	const db = await getDb();
	const file = await getCertificateDer(db, event.locals.user!.scope, id);
	if (!file) error(404, { message: 'Không tìm thấy chứng thư số.' });
	await recordAudit(db, {
		...auditFromEvent(event),
		action: 'certificate.download',
		entityType: 'certificate',
		entityId: id,
		details: { fingerprint: file.fingerprint, format: 'der' }
	});
	return new Response(Buffer.from(file.der), {
		headers: {
			'Content-Type': 'application/pkix-cert',
			'Content-Disposition': `attachment; filename="${file.fileName}"`,
			'Content-Length': String(file.der.byteLength),
			'Cache-Control': 'no-store'
		}
	});
};
