// Certificate revocation status from CRLs, RFC 5280 section 6.3.3: distribution points and CRL issuers (indirect
// CRLs), issuing distribution point scope, reason masks, delta CRLs, unknown critical extensions, and the CRL
// signer validated to the same trust anchor through a callback. Freshness (revocation-freshness.ts) decides which
// CRLs support a check at the validation time; a verified CRL that lists the certificate counts however old it is,
// unless a newer CRL covering the same reasons no longer lists it (a lifted hold).
import * as X from '@peculiar/asn1-x509';
import { OID, type ParsedCert } from './certificate';
import type { CrlStore, ParsedCrl } from './crl';
import { canonicalName } from './names';
import { isCaCertificate } from './certificate-extensions';
import { supportsCheckAt, type RevocationAnswer } from './revocation-freshness';

/** A certificate's revocation status on a path, from the answer that decided it (revocation-freshness.ts). */
export type RevocationStatus =
	| {
			status: 'good';
			source: 'crl' | 'ocsp';
			thisUpdate: Date;
			nextUpdate: Date | null;
			/** Whether the answer supports a check at the validation time under the validator's maximum age. */
			fresh: boolean;
	  }
	| {
			status: 'revoked';
			source: 'crl' | 'ocsp';
			revokedAt: Date;
			reason: string;
			thisUpdate: Date;
			reasonCode: number | null;
	  }
	| { status: 'unknown'; reason: string };

export type SignerCheck = 'ok' | 'revoked' | 'invalid';

export interface CrlCheckContext {
	crls: CrlStore;
	/** Validation time: certificate status is wanted at this time. */
	time: Date;
	/** Current time: a CRL issued after it is refused. */
	now: Date;
	/** Maximum age of revocation data before `time` (null: each CRL's own update interval). */
	maxAgeMs?: number | null;
	/** Verifies the CRL's signature and its signer's path to the same trust anchor (6.3.3 (f)-(g)). */
	verifySigner(crl: ParsedCrl): Promise<SignerCheck>;
	useDeltas?: boolean;
}

/** What the CRLs say: a revoked or good answer (a good one may be too old for `time`), or why there is none. */
export interface CrlResult {
	answer: RevocationAnswer | null;
	problem: string | null;
}

const ALL_REASONS = 0b111111110;
const REASON_NAMES: Record<number, string> = {
	0: 'không nêu lý do',
	1: 'lộ khóa',
	2: 'CA bị lộ khóa',
	3: 'thay đổi đơn vị',
	4: 'được thay thế',
	5: 'ngừng hoạt động',
	6: 'tạm dừng',
	9: 'rút quyền',
	10: 'AA bị lộ khóa'
};
export const reasonText = (r: X.CRLReasons | null): string => REASON_NAMES[r ?? 0] ?? `mã ${r}`;

function gnKey(g: X.GeneralName): string {
	if (g.directoryName) return 'dn:' + canonicalName(g.directoryName);
	if (g.uniformResourceIdentifier !== undefined) return 'uri:' + g.uniformResourceIdentifier;
	if (g.dNSName !== undefined) return 'dns:' + g.dNSName.toLowerCase();
	if (g.rfc822Name !== undefined) return 'email:' + g.rfc822Name.toLowerCase();
	return 'other:' + JSON.stringify(g);
}

function dpNames(dpn: X.DistributionPointName | undefined, base: X.Name): string[] {
	if (!dpn) return [];
	if (dpn.fullName) return dpn.fullName.map(gnKey);
	if (dpn.nameRelativeToCRLIssuer)
		return ['dn:' + canonicalName(new X.Name([...base, dpn.nameRelativeToCRLIssuer]))];
	return [];
}

const reasonBits = (r: X.Reason | undefined): number => (r ? r.toNumber() & ALL_REASONS : ALL_REASONS);

/** A CRL issued after the current time (beyond clock skew) is not trusted (6.3.3 (a)). */
const fromFuture = (crl: ParsedCrl, ctx: CrlCheckContext): string | null =>
	crl.thisUpdate.getTime() > ctx.now.getTime() + 5 * 60_000 ? 'CRL phát hành sau thời điểm hiện tại' : null;

const answerOf = (crl: ParsedCrl): Pick<RevocationAnswer, 'issuedAt' | 'nextUpdate'> => ({
	issuedAt: crl.thisUpdate,
	nextUpdate: crl.nextUpdate
});

const idpKey = (c: ParsedCrl) =>
	c.idp
		? JSON.stringify(c.idp, (_k, v: unknown) =>
				v instanceof ArrayBuffer ? Buffer.from(v).toString('hex') : v
			)
		: '';

export async function crlStatus(cert: ParsedCert, ctx: CrlCheckContext): Promise<CrlResult> {
	const certIssuerName = cert.asn.tbsCertificate.issuer;
	let dps: X.DistributionPoint[] = [];
	try {
		dps = [...(cert.ext(OID.crlDistributionPoints, X.CRLDistributionPoints) ?? [])];
	} catch {
		return { answer: null, problem: 'phần mở rộng CRLDistributionPoints không giải mã được' };
	}
	if (!dps.length) dps = [new X.DistributionPoint()];
	const isCa = isCaCertificate(cert);
	const maxAge = ctx.maxAgeMs ?? null;
	const errors: string[] = [];
	// Reasons covered by CRLs that support a check at `time` (fresh), and by any verified CRL (newer ones first).
	let mask = 0;
	let seen = 0;
	let freshTimes: Pick<RevocationAnswer, 'issuedAt' | 'nextUpdate'> | null = null;
	let staleTimes: Pick<RevocationAnswer, 'issuedAt' | 'nextUpdate'> | null = null;
	const older = (a: typeof freshTimes, b: Pick<RevocationAnswer, 'issuedAt' | 'nextUpdate'>) =>
		!a || b.issuedAt < a.issuedAt ? b : a;
	for (const dp of dps) {
		const crlIssuerDn = dp.cRLIssuer?.find((g) => g.directoryName)?.directoryName;
		const expectedIssuer = crlIssuerDn ? canonicalName(crlIssuerDn) : cert.issuerKey;
		const dpBase = crlIssuerDn ?? certIssuerName;
		const certDpNames = dp.distributionPoint
			? dpNames(dp.distributionPoint, dpBase)
			: (dp.cRLIssuer ?? []).map(gnKey);
		for (const crl of ctx.crls.complete(expectedIssuer)) {
			if (seen === ALL_REASONS) break;
			if (crlIssuerDn && !crl.idp?.indirectCRL) continue;
			const idp = crl.idp;
			if (idp?.distributionPoint) {
				const idpNames = dpNames(idp.distributionPoint, crl.issuerName);
				if (!idpNames.some((n) => certDpNames.includes(n))) continue;
			}
			if (idp?.onlyContainsUserCerts && isCa) {
				errors.push('CRL chỉ chứa chứng thư người dùng');
				continue;
			}
			if (idp?.onlyContainsCACerts && !isCa) {
				errors.push('CRL chỉ chứa chứng thư CA');
				continue;
			}
			if (idp?.onlyContainsAttributeCerts) {
				errors.push('CRL chỉ chứa chứng thư thuộc tính');
				continue;
			}
			const interim = reasonBits(idp?.onlySomeReasons) & reasonBits(dp.reasons);
			// Reasons a newer CRL already answered for: this older one is not asked again.
			if ((interim & ~seen) === 0) continue;
			const future = fromFuture(crl, ctx);
			if (future) {
				errors.push(future);
				continue;
			}
			if (crl.unknownCritical) {
				errors.push(`CRL có phần mở rộng quan trọng không nhận biết (${crl.unknownCritical})`);
				continue;
			}
			const signer = await ctx.verifySigner(crl);
			if (signer === 'revoked')
				return {
					answer: {
						source: 'crl',
						status: 'revoked',
						issuedAt: crl.thisUpdate,
						nextUpdate: crl.nextUpdate,
						revokedAt: crl.thisUpdate,
						reasonCode: null,
						reason: 'chứng thư ký CRL đã bị thu hồi'
					},
					problem: null
				};
			if (signer === 'invalid') {
				errors.push('chữ ký hoặc chứng thư của bên phát hành CRL không hợp lệ');
				continue;
			}
			// Delta CRLs (6.3.3 (c)-(d)): same issuer and scope, based on a CRL no newer than this one.
			let delta: ParsedCrl | null = null;
			if (ctx.useDeltas !== false && crl.crlNumber !== null) {
				const candidates = ctx.crls
					.deltas(crl.issuerKey)
					.filter(
						(d) =>
							d.deltaBase! <= crl.crlNumber! &&
							(d.crlNumber ?? 0n) > crl.crlNumber! &&
							idpKey(d) === idpKey(crl)
					)
					.sort((a, b) => Number((b.crlNumber ?? 0n) - (a.crlNumber ?? 0n)));
				delta = candidates[0] ?? null;
				if (delta) {
					const st =
						fromFuture(delta, ctx) ??
						(delta.unknownCritical ? 'delta CRL có phần mở rộng quan trọng không nhận biết' : null);
					if (st) {
						errors.push(st);
						continue;
					}
					const ds = await ctx.verifySigner(delta);
					if (ds !== 'ok') {
						errors.push('chữ ký của delta CRL không hợp lệ');
						continue;
					}
				}
			}
			const entryOf = (c: ParsedCrl) =>
				c.entries.get(cert.serialKey)?.find((e) => e.issuerKey === cert.issuerKey);
			const deltaEntry = delta ? entryOf(delta) : undefined;
			const entry = deltaEntry ?? entryOf(crl);
			const used = delta ?? crl;
			if (entry && entry.reason !== X.CRLReasons.removeFromCRL)
				return {
					answer: {
						source: 'crl',
						status: 'revoked',
						issuedAt: used.thisUpdate,
						nextUpdate: used.nextUpdate,
						revokedAt: entry.revocationDate,
						reasonCode: entry.reason,
						reason: reasonText(entry.reason)
					},
					problem: null
				};
			seen |= interim;
			// A stale base CRL with a current delta is current (6.3.3 (a)(2)); so is a current base with an old delta.
			const times = [delta, crl]
				.filter((c): c is ParsedCrl => c !== null)
				.map(answerOf)
				.find((t) => supportsCheckAt(t, ctx.time, maxAge));
			if (times) {
				mask |= interim;
				freshTimes = older(freshTimes, times);
			} else {
				errors.push(
					`CRL mới nhất (phát hành ${used.thisUpdate.toISOString()}) đã quá thời hạn sử dụng cho thời điểm ${ctx.time.toISOString()}`
				);
				staleTimes = older(staleTimes, answerOf(used));
			}
		}
	}
	const good = (t: Pick<RevocationAnswer, 'issuedAt' | 'nextUpdate'>): CrlResult => ({
		answer: { source: 'crl', status: 'good', issuedAt: t.issuedAt, nextUpdate: t.nextUpdate },
		problem: null
	});
	if (mask === ALL_REASONS && freshTimes) return good(freshTimes);
	// Covered only with CRLs too old for `time`: a good answer that does not support the check (the caller decides).
	if (seen === ALL_REASONS && (staleTimes ?? freshTimes))
		return { ...good(older(freshTimes, (staleTimes ?? freshTimes)!)), problem: errors.at(-1) ?? null };
	return {
		answer: null,
		problem:
			errors[0] ?? (seen ? 'CRL không bao phủ đủ các lý do thu hồi' : 'không tìm thấy CRL cho chứng thư')
	};
}
