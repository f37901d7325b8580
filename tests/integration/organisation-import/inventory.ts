// Certificates in the inventory as the certificate import leaves them (not yet linked to a holder
// or a device), for the subscriber list to link; the same row shape as tests/integration/inventory.
import type { Kysely } from 'kysely';
import type { Database } from '../../../src/lib/server/db/schema';

export const GOV_CA = 'CN=CA phục vụ các cơ quan Nhà nước G2, O=Ban Cơ yếu Chính phủ, C=VN';
export const PUBLIC_CA = 'CN=VNPT Certification Authority, O=VNPT Group, C=VN';
export const CERT_NOT_BEFORE = new Date('2025-01-02T01:00:00Z');

let n = 0;
export async function insertCertificate(
	db: Kysely<Database>,
	c: {
		serial: string;
		cn: string;
		kind: 'organisation' | 'individual';
		issuer?: string;
		status?: 'active' | 'expired';
	}
): Promise<number> {
	n += 1;
	const row = await db
		.insertInto('certificates')
		.values({
			fingerprint_sha256: `${c.serial}-${n}`.padEnd(64, '0'),
			serial_number: c.serial,
			issuer_dn: c.issuer ?? GOV_CA,
			subject_dn: `CN=${c.cn}, L=Đồng Tháp, C=VN`,
			subject_cn: c.cn,
			kind: c.kind,
			not_before: CERT_NOT_BEFORE,
			not_after: new Date('2028-01-02T01:00:00Z'),
			status: c.status ?? 'active',
			der: new Uint8Array([0x30, 0x03, 0x02, 0x01, n])
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return row.id;
}
