// revocation-scan: reads the CRLs of every issuer in the inventory (those imported, plus fresh
// downloads from the distribution points when online: the run's payload, else the setting
// pki.online_revocation), keeps those signed by a CA certificate of the trust store, stores the
// downloaded ones, marks the inventory's certificates found on them revoked with time and reason
// (audited), then finds signing events after a certificate's revocation or expiry (NĐ 68 Art. 31).
// CRLs, not OCSP: one download per CA covers the whole inventory, where OCSP would put one request
// per certificate (100,000 at the province's scale) on the CA's responder every night.
import { sql } from 'kysely';
import type { JobDefinition } from '../definition';
import { REVOCATION_SCAN } from '../catalogue';
import type { CrlStore, ParsedCrl } from '../../pki/crl';
import { recordAudit } from '../../server/audit/log';
import { syncFindings } from '../../server/findings/sync';
import { storeCrl } from '../../server/crls/store';
import { CERTIFICATE_FIRST_KINDS, certificateFirstRules } from '../scans/event-rules';
import { readSetting } from '../../server/settings/store';

const normSerial = (hex: string) => hex.toLowerCase().replace(/^(00)+(?=.)/, '');

// The PKI modules are loaded when the job runs (its Reflect shim must load first, see pki/x509.ts);
// the pages list the jobs from catalogue.ts and never import this module.
const loadPki = async () => {
	await import('../../pki/x509');
	const [crl, certificate, crlCheck, revocation, crlSigner] = await Promise.all([
		import('../../pki/crl'),
		import('../../pki/certificate'),
		import('../../pki/crl-check'),
		import('../../pki/revocation'),
		import('../../pki/crl-signer')
	]);
	return { ...crl, ...certificate, ...crlCheck, ...revocation, ...crlSigner };
};

/** Certificates sampled per issuer for their distribution points: the newest, as CAs move and partition CRLs. */
const CDP_SAMPLES_PER_ISSUER = 20;

async function fetchFreshCrls(ctx: Parameters<JobDefinition['run']>[0], store: CrlStore): Promise<number> {
	const { RevocationService, tryParseCertificate } = await loadPki();
	const samples = await sql<{ issuer_dn: string; der: Uint8Array }>`
		select issuer_dn, der from (
			select issuer_dn, der, row_number() over (partition by issuer_dn order by not_after desc, id desc) as n
			from certificates
		) s where n <= ${CDP_SAMPLES_PER_ISSUER}`.execute(ctx.db);
	const service = new RevocationService(store, {
		online: true,
		clock: () => ctx.clock.now(),
		timeoutMs: 15_000
	});
	// The service fetches each URL once per run, so certificates sharing a distribution point cost one download.
	const issuers = new Set<string>();
	for (const s of samples.rows) {
		const cert = tryParseCertificate(s.der);
		if (cert && (await service.fetchCrls(cert))) issuers.add(s.issuer_dn);
	}
	return issuers.size;
}

export const revocationScan: JobDefinition<{ online?: boolean }> = {
	...REVOCATION_SCAN,
	async run(ctx) {
		const now = ctx.clock.now();
		const { CrlStore, tryParseCrl, tryParseCertificate, reasonText, crlSigner } = await loadPki();
		const rows = await ctx.db.selectFrom('crls').select(['der']).where('is_delta', '=', false).execute();
		const store = new CrlStore();
		for (const r of rows) {
			const c = tryParseCrl(r.der);
			if (c) store.add(c);
		}
		const held = new Set([...store].map((c) => c.fingerprint));
		const online = ctx.payload.online ?? (await readSetting(ctx.db, 'pki.online_revocation'));
		if (online) {
			const before = store.size;
			const issuers = await fetchFreshCrls(ctx, store);
			await ctx.log.info(`Tải CRL trực tuyến: ${store.size - before} CRL mới từ ${issuers} nhà cung cấp.`);
		}
		// Only CRLs signed by a CA certificate the Sở holds may mark certificates revoked: a CRL comes
		// over plain HTTP or from a file, and its issuer name alone proves nothing.
		const cas = (await ctx.db.selectFrom('ca_certificates').select('der').execute())
			.map((r) => tryParseCertificate(r.der))
			.filter((c) => c !== null);
		const signed: ParsedCrl[] = [];
		const unsigned = new Set<string>();
		for (const crl of store) {
			if (crl.deltaBase !== null) continue;
			if (crlSigner(crl, cas)) signed.push(crl);
			else unsigned.add(crl.issuer);
		}
		for (const issuer of unsigned)
			await ctx.log.warn(`Bỏ qua CRL của "${issuer}": chữ ký không khớp chứng thư CA nào trong kho tin cậy.`);
		const downloaded = signed.filter((c) => !held.has(c.fingerprint));
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
		for (const c of signed) collect(c);
		// The downloaded CRLs, the certificates they revoke and the audit entries commit together.
		const marked = await ctx.commit(async (trx) => {
			for (const c of downloaded) await storeCrl(trx, c);
			const rows = entries.size
				? (
						await sql<{
							id: number;
							fingerprint_sha256: string;
							revoked_at: Date;
							revocation_reason: string;
						}>`
						update certificates c set status = 'revoked', revoked_at = x.revoked_at, revocation_reason = x.reason
						from jsonb_to_recordset(${JSON.stringify([...entries.values()])}::jsonb) as x(issuer text, serial text, revoked_at timestamptz, reason text)
						where c.issuer_dn = x.issuer and lower(regexp_replace(c.serial_number, '^(00)+(?=.)', '')) = x.serial
							and c.status <> 'revoked'
						returning c.id, c.fingerprint_sha256, c.revoked_at, c.revocation_reason`.execute(trx)
					).rows
				: [];
			for (const m of rows)
				await recordAudit(trx, {
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
			return rows;
		});
		if (marked.length) await ctx.log.info(`Đánh dấu thu hồi ${marked.length} chứng thư theo CRL.`);
		await ctx.progress(2, 3);
		const counts = await ctx.commit((trx) =>
			syncFindings(trx, { kinds: CERTIFICATE_FIRST_KINDS, found: certificateFirstRules(now), now })
		);
		await ctx.progress(3, 3);
		return {
			crls: seen.size,
			crlsDownloaded: downloaded.length,
			crlsUnverified: unsigned.size,
			crlEntries: entries.size,
			markedRevoked: marked.length,
			...counts
		};
	}
};
