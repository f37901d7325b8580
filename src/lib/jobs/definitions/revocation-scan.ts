// revocation-scan: reads the CRLs of every issuer in the inventory (those imported, plus fresh
// downloads from the distribution points when run with online: true), marks the inventory's
// certificates found on them revoked with time and reason (audited), then finds signing events
// after a certificate's revocation or expiry (NĐ 68 Art. 31).
import { sql } from 'kysely';
import { z } from 'zod';
import type { JobDefinition } from '../definition';
import type { CrlStore, ParsedCrl } from '../../pki/crl';
import { recordAudit } from '../../server/audit/log';
import { syncFindings } from '../../server/findings/sync';
import { CERTIFICATE_FIRST_KINDS, certificateFirstRules } from '../scans/event-rules';

const normSerial = (hex: string) => hex.toLowerCase().replace(/^(00)+(?=.)/, '');

// The PKI modules are loaded when the job runs: the app's pages list the jobs without pulling
// @peculiar/x509 into every server chunk (its Reflect shim must load first, see pki/x509.ts).
const loadPki = async () => {
	await import('../../pki/x509');
	const [crl, certificate, crlCheck, revocation] = await Promise.all([
		import('../../pki/crl'),
		import('../../pki/certificate'),
		import('../../pki/crl-check'),
		import('../../pki/revocation')
	]);
	return { ...crl, ...certificate, ...crlCheck, ...revocation };
};

async function fetchFreshCrls(ctx: Parameters<JobDefinition['run']>[0], store: CrlStore): Promise<number> {
	const { RevocationService, tryParseCertificate } = await loadPki();
	// One certificate per issuer is enough to learn the issuer's distribution points.
	const samples = await ctx.db
		.selectFrom('certificates')
		.select(['issuer_dn', sql<Uint8Array>`(array_agg(der order by not_after desc))[1]`.as('der')])
		.groupBy('issuer_dn')
		.execute();
	const service = new RevocationService(store, {
		online: true,
		clock: () => ctx.clock.now(),
		timeoutMs: 15_000
	});
	let added = 0;
	for (const s of samples) {
		const cert = tryParseCertificate(s.der);
		if (cert && (await service.fetchCrls(cert))) added += 1;
	}
	return added;
}

export const revocationScan: JobDefinition<{ online: boolean }> = {
	name: 'revocation-scan',
	title: 'Quét thu hồi chứng thư (CRL)',
	description:
		'Đối chiếu CRL của các CA với danh mục chứng thư, đánh dấu chứng thư bị thu hồi, tìm chữ ký sau thu hồi hoặc hết hạn.',
	defaultCron: '0 0 * * *',
	catchUp: true,
	payloadSchema: z.object({ online: z.boolean().default(false) }),
	async run(ctx) {
		const now = ctx.clock.now();
		const { CrlStore, tryParseCrl, reasonText } = await loadPki();
		const rows = await ctx.db.selectFrom('crls').select(['der']).where('is_delta', '=', false).execute();
		const store = new CrlStore();
		for (const r of rows) {
			const c = tryParseCrl(r.der);
			if (c) store.add(c);
		}
		let downloaded = 0;
		if (ctx.payload.online) {
			const before = store.size;
			downloaded = await fetchFreshCrls(ctx, store);
			await ctx.log.info(`Tải CRL trực tuyến: ${store.size - before} CRL mới từ ${downloaded} nhà cung cấp.`);
		}
		await ctx.progress(1, 3);
		// Every entry of every CRL held, keyed by issuer and serial; the earliest revocation wins.
		const entries = new Map<string, { issuer: string; serial: string; revoked_at: Date; reason: string }>();
		const seen = new Set<string>();
		const collect = (crl: ParsedCrl) => {
			if (seen.has(crl.fingerprint)) return;
			seen.add(crl.fingerprint);
			for (const list of crl.entries.values())
				for (const e of list) {
					const key = `${crl.issuer}|${normSerial(e.serialHex)}`;
					const prior = entries.get(key);
					if (!prior || prior.revoked_at > e.revocationDate)
						entries.set(key, {
							issuer: crl.issuer,
							serial: normSerial(e.serialHex),
							revoked_at: e.revocationDate,
							reason: reasonText(e.reason)
						});
				}
		};
		for (const r of rows) {
			const c = tryParseCrl(r.der);
			if (c) collect(c);
		}
		const marked = entries.size
			? (
					await sql<{ id: number; fingerprint_sha256: string; revoked_at: Date; revocation_reason: string }>`
					update certificates c set status = 'revoked', revoked_at = x.revoked_at, revocation_reason = x.reason
					from jsonb_to_recordset(${JSON.stringify([...entries.values()])}::jsonb) as x(issuer text, serial text, revoked_at timestamptz, reason text)
					where c.issuer_dn = x.issuer and lower(regexp_replace(c.serial_number, '^(00)+(?=.)', '')) = x.serial
						and c.status <> 'revoked'
					returning c.id, c.fingerprint_sha256, c.revoked_at, c.revocation_reason`.execute(ctx.db)
				).rows
			: [];
		for (const m of marked)
			await recordAudit(ctx.db, {
				actor: 'system',
				action: 'certificate.revoked_by_crl',
				entityType: 'certificate',
				entityId: m.id,
				details: {
					fingerprint: m.fingerprint_sha256,
					revokedAt: m.revoked_at,
					reason: m.revocation_reason,
					runId: ctx.runId
				}
			});
		if (marked.length) await ctx.log.info(`Đánh dấu thu hồi ${marked.length} chứng thư theo CRL.`);
		await ctx.progress(2, 3);
		const counts = await syncFindings(ctx.db, {
			kinds: CERTIFICATE_FIRST_KINDS,
			found: certificateFirstRules(now),
			now
		});
		await ctx.progress(3, 3);
		return { crls: seen.size, crlEntries: entries.size, markedRevoked: marked.length, ...counts };
	}
};
