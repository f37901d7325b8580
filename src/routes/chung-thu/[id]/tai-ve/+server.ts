// The certificate's DER as a .cer file; every download is written to the audit log.
import type { RequestHandler } from './$types';
import { getDb } from '$lib/server/db';
import { getCertificateDer } from '$lib/server/inventory/certificate-detail';
import { auditFromEvent, recordAudit } from '$lib/server/audit/log';
import { found, idParam, requireUser } from '$lib/server/http/route-kit';

const NOT_FOUND = 'Không tìm thấy chứng thư số.';

export const GET: RequestHandler = async (event) => {
	const id = idParam(event.params.id, NOT_FOUND);
	const db = await getDb();
	const file = found(await getCertificateDer(db, requireUser(event.locals).scope, id), NOT_FOUND);
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
