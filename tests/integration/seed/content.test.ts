// What the demo data holds: certificates whose rows match their DER, every planted case, clean data elsewhere
// (mini versions of the scans' rules), a weekly rhythm, and a CRL that lists the revoked certificates.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { DbHandle } from '../../../src/lib/server/db/connection';
import { describeCertificate } from '../../../src/lib/pki/certificate-describe';
import { parseCrl } from '../../../src/lib/pki/crl';
import { PLANTED_CASES, plantedCases } from '../../../src/lib/server/seed/planted';
import { SEED_DAY, seededDb } from './helpers';

let h: DbHandle;
const plantedSources = PLANTED_CASES.flatMap((c) => c.sourceIds ?? []);

beforeAll(async () => {
	h = (await seededDb(0.05)).handle;
}, 300_000);
afterAll(async () => {
	await h?.close();
});

async function count(query: ReturnType<typeof sql<{ n: number }>>): Promise<number> {
	const { rows } = await query.execute(h.db);
	return rows[0]!.n;
}

describe('certificates', () => {
	it('are real DER whose every inventory column is what describeCertificate reads', async () => {
		const rows = await h.db.selectFrom('certificates').selectAll().execute();
		expect(rows.length).toBeGreaterThan(150);
		for (const r of rows) {
			const d = describeCertificate(new Uint8Array(r.der));
			expect({
				fp: r.fingerprint_sha256,
				serial: r.serial_number,
				subject: r.subject_dn,
				issuer: r.issuer_dn,
				cn: r.subject_cn,
				kind: r.kind,
				title: r.stated_title,
				email: r.email,
				province: r.province,
				nb: r.not_before.getTime(),
				na: r.not_after.getTime(),
				alg: r.key_algorithm,
				bits: r.key_bits,
				sig: r.signature_algorithm,
				publicCa: r.public_ca
			}).toEqual({
				fp: d.fingerprintSha256,
				serial: d.serialNumber,
				subject: d.subjectDn,
				issuer: d.issuerDn,
				cn: d.subjectCn,
				kind: d.kind,
				title: d.statedTitle,
				email: d.email,
				province: d.province,
				nb: d.notBefore.getTime(),
				na: d.notAfter.getTime(),
				alg: d.keyAlgorithm,
				bits: d.keyBits,
				sig: d.signatureAlgorithm,
				publicCa: d.publicCa
			});
		}
	});

	it('has a trusted demo root, and a CRL of the sub-CA listing exactly the revoked government certificates', async () => {
		const roots = await h.db
			.selectFrom('ca_certificates')
			.select(['subject_dn', 'trusted'])
			.where('trusted', '=', true)
			.execute();
		expect(roots.map((r) => r.subject_dn)).toEqual([
			'CN=RootCA chuyên dùng Chính phủ G2 (DEMO), O=Ban Cơ yếu Chính phủ, C=VN'
		]);
		const crl = await h.db
			.selectFrom('crls')
			.select('der')
			.where('issuer_dn', 'like', 'CN=CA phục vụ%')
			.executeTakeFirstOrThrow();
		const listed = [...parseCrl(new Uint8Array(crl.der)).entries.keys()].sort();
		const revoked = await h.db
			.selectFrom('certificates')
			.select('serial_number')
			.where('status', '=', 'revoked')
			.where('public_ca', '=', false)
			.execute();
		expect(listed.length).toBeGreaterThan(0);
		expect(listed).toEqual(revoked.map((r) => r.serial_number).sort());
	});
});

describe('planted cases', () => {
	it('are all present by their natural keys', async () => {
		const cases = await plantedCases(h.db);
		for (const c of cases) {
			if (c.certificateCn) expect(c.certificateIds.length, c.id).toBeGreaterThan(0);
			expect(c.eventIds.length, c.id).toBe(c.sourceIds?.length ?? 0);
			expect(c.requestIds.length, c.id).toBe(c.requestReference ? 1 : 0);
			expect(c.documentIds.length, c.id).toBe(c.archiveSourceId ? 1 : 0);
		}
		const kinds = new Set(cases.flatMap((c) => c.kinds));
		// 19 kinds of the first round, the eight of issue 16 part A, three of the signature's appearance and four
		// Decree 30 document rules (unusual_pattern has a burst case now too).
		expect(kinds.size).toBe(34);
	});

	it('break the rule they stand for', async () => {
		const ev = (id: string) =>
			h.db
				.selectFrom('signing_events as e')
				.innerJoin('certificates as c', 'c.id', 'e.certificate_id')
				.select(['e.signed_at', 'c.not_after', 'c.revoked_at', 'e.accepted', 'e.incoming_indication'])
				.where('e.source_id', 'like', `${id}%`)
				.execute();
		for (const e of await ev('VBP06')) expect(e.signed_at.getTime()).toBeGreaterThan(e.not_after.getTime());
		for (const e of await ev('VBP07')) expect(e.signed_at.getTime()).toBeGreaterThan(e.revoked_at!.getTime());
		expect((await ev('DENP15'))[0]).toMatchObject({ accepted: true, incoming_indication: 'TOTAL_FAILED' });
		expect(await ev('VBP16')).toHaveLength(24);
		expect(await ev('VBP33')).toHaveLength(32);
		expect((await ev('DENP32'))[0]).toMatchObject({ accepted: true, incoming_indication: null });
	});
});

describe('the rest of the data is clean', () => {
	const notPlanted = sql`e.source_id <> all(${plantedSources})`;
	it('signs only within validity, before revocation, and while the holder is in post', async () => {
		expect(
			await count(
				sql<{
					n: number;
				}>`select count(*)::int n from signing_events e join certificates c on c.id = e.certificate_id where ${notPlanted} and (e.signed_at < c.not_before or e.signed_at >= c.not_after or e.signed_at >= coalesce(c.revoked_at, 'infinity'))`
			)
		).toBe(0);
		expect(
			await count(
				sql<{
					n: number;
				}>`select count(*)::int n from signing_events e join certificates c on c.id = e.certificate_id join people p on p.id = c.person_id where ${notPlanted} and p.status <> 'active' and e.signed_at::date >= p.status_since`
			)
		).toBe(0);
	});

	it('uses the organisation certificate only by the clerk appointed that day, individual ones only by their holder under their title', async () => {
		expect(
			await count(
				sql<{
					n: number;
				}>`select count(*)::int n from signing_events e join certificates c on c.id = e.certificate_id where ${notPlanted} and c.kind = 'organisation' and not exists (select 1 from clerk_appointments k where k.agency_id = c.agency_id and k.person_id = e.acting_person_id and k.appointed_on <= e.signed_at::date and (k.ended_on is null or e.signed_at::date < k.ended_on))`
			)
		).toBe(0);
		expect(
			await count(
				sql<{
					n: number;
				}>`select count(*)::int n from signing_events e join certificates c on c.id = e.certificate_id where ${notPlanted} and c.kind = 'individual' and (e.acting_person_id <> c.person_id or e.acting_title <> c.stated_title or e.signing_form in ('org', 'copy', 'attachment'))`
			)
		).toBe(0);
	});

	it('has no secret documents, no cross-agency use, no night signing, no accepted invalid incoming document', async () => {
		expect(
			await count(
				sql<{
					n: number;
				}>`select count(*)::int n from signing_events e join certificates c on c.id = e.certificate_id join agencies ca on ca.id = c.agency_id join agencies da on da.id = e.document_agency_id where ${notPlanted} and (e.classification <> 'normal' or da.path not like ca.path || '%' or extract(hour from e.signed_at) not between 7 and 17 or (e.direction = 'incoming' and e.accepted and e.incoming_indication <> 'TOTAL_PASSED'))`
			)
		).toBe(0);
	});

	it('keeps the inventory consistent: nothing expired yet active, nothing over five years, only planted certificates expiring within 90 days without renewal', async () => {
		const today = SEED_DAY;
		const planted = PLANTED_CASES.filter((c) => c.certificateCn).map((c) => c.certificateCn!);
		expect(
			await count(
				sql<{
					n: number;
				}>`select count(*)::int n from certificates where status = 'active' and not_after < ${today} and subject_cn <> all(${planted})`
			)
		).toBe(0);
		expect(
			await count(
				sql<{
					n: number;
				}>`select count(*)::int n from certificates where not_after > not_before + interval '5 years' and subject_cn <> all(${planted})`
			)
		).toBe(0);
		expect(
			await count(
				sql<{
					n: number;
				}>`select count(*)::int n from certificates where status = 'active' and not_after between ${today} and ${today}::timestamptz + interval '90 days' and subject_cn <> all(${planted})`
			)
		).toBe(0);
		expect(
			await count(
				sql<{
					n: number;
				}>`select count(*)::int n from certificates where public_ca and subject_cn <> all(${planted})`
			)
		).toBe(0);
	});

	it('returns devices of revoked and expired certificates within days, except lost ones', async () => {
		const planted = PLANTED_CASES.filter((c) => c.certificateCn).map((c) => c.certificateCn!);
		expect(
			await count(sql<{ n: number }>`
			select count(*)::int n from certificates c
			where c.status in ('revoked', 'expired') and c.subject_cn <> all(${planted})
			  and not exists (select 1 from token_custody_events t where t.token_id = c.token_id and t.event = 'lost')
			  and not exists (select 1 from token_custody_events t where t.token_id = c.token_id and t.event = 'returned_to_ca' and t.occurred_at <= coalesce(c.revoked_at, c.not_after) + interval '5 days')`)
		).toBe(0);
	});

	it('decides token recoveries within the working day', async () => {
		const refs = PLANTED_CASES.flatMap((c) => (c.requestReference ? [c.requestReference] : []));
		expect(
			await count(
				sql<{
					n: number;
				}>`select count(*)::int n from lifecycle_requests where kind = 'recover' and reference_number <> all(${refs}) and (decided_at is null or decided_at > valid_at + interval '1 day')`
			)
		).toBe(0);
	});
});

describe('weekly rhythm', () => {
	it('signs nothing on Sundays and little on Saturdays', async () => {
		const { rows } = await sql<{
			dow: number;
			n: number;
		}>`select extract(dow from signed_at)::int as dow, count(*)::int as n from signing_events group by 1 order by 1`.execute(
			h.db
		);
		const by = new Map(rows.map((r) => [r.dow, r.n]));
		const weekday = [1, 2, 3, 4, 5].map((d) => by.get(d) ?? 0);
		const mean = weekday.reduce((s, n) => s + n, 0) / 5;
		expect(Math.min(...weekday)).toBeGreaterThan(mean * 0.7);
		expect(by.get(0) ?? 0).toBe(0);
		expect(by.get(6) ?? 0).toBeLessThan(mean * 0.15);
	});
});
