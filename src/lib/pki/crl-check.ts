// Certificate revocation status from CRLs, RFC 5280 section 6.3.3: distribution points and CRL issuers (indirect
// CRLs), issuing distribution point scope, reason masks, delta CRLs, freshness, unknown critical extensions, and
// the CRL signer validated to the same trust anchor through a callback.
import * as X from '@peculiar/asn1-x509';
import { OID, type ParsedCert } from './certificate';
import type { CrlStore, ParsedCrl } from './crl';
import { canonicalName } from './names';
import { isCaCertificate } from './path-validator';

export type RevocationStatus =
	| { status: 'good'; source: 'crl' | 'ocsp'; thisUpdate: Date; nextUpdate: Date | null }
	| { status: 'revoked'; source: 'crl' | 'ocsp'; revokedAt: Date; reason: string }
	| { status: 'unknown'; reason: string };

export type SignerCheck = 'ok' | 'revoked' | 'invalid';

export interface CrlCheckContext {
	crls: CrlStore;
	/** Validation time: certificate status is wanted at this time. */
	time: Date;
	/** Current time: a CRL whose nextUpdate has passed is stale, unless issued after `time` (6.3.3 (a)(2)). */
	now: Date;
	/** Verifies the CRL's signature and its signer's path to the same trust anchor (6.3.3 (f)-(g)). */
	verifySigner(crl: ParsedCrl): Promise<SignerCheck>;
	useDeltas?: boolean;
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

function fresh(crl: ParsedCrl, ctx: CrlCheckContext): string | null {
	if (crl.thisUpdate > ctx.now) return 'CRL phát hành sau thời điểm hiện tại';
	if (crl.nextUpdate && crl.nextUpdate < ctx.now && crl.thisUpdate < ctx.time)
		return `CRL đã quá hạn cập nhật (nextUpdate ${crl.nextUpdate.toISOString()})`;
	return null;
}

const idpKey = (c: ParsedCrl) =>
	c.idp
		? JSON.stringify(c.idp, (_k, v: unknown) =>
				v instanceof ArrayBuffer ? Buffer.from(v).toString('hex') : v
			)
		: '';

export async function crlStatus(cert: ParsedCert, ctx: CrlCheckContext): Promise<RevocationStatus> {
	const certIssuerName = cert.asn.tbsCertificate.issuer;
	let dps: X.DistributionPoint[] = [];
	try {
		dps = [...(cert.ext(OID.crlDistributionPoints, X.CRLDistributionPoints) ?? [])];
	} catch {
		return { status: 'unknown', reason: 'phần mở rộng CRLDistributionPoints không giải mã được' };
	}
	if (!dps.length) dps = [new X.DistributionPoint()];
	const isCa = isCaCertificate(cert);
	const errors: string[] = [];
	let mask = 0;
	let minNext: Date | null = null;
	let lastThis = new Date(0);
	for (const dp of dps) {
		const crlIssuerDn = dp.cRLIssuer?.find((g) => g.directoryName)?.directoryName;
		const expectedIssuer = crlIssuerDn ? canonicalName(crlIssuerDn) : cert.issuerKey;
		const dpBase = crlIssuerDn ?? certIssuerName;
		const certDpNames = dp.distributionPoint
			? dpNames(dp.distributionPoint, dpBase)
			: (dp.cRLIssuer ?? []).map(gnKey);
		for (const crl of ctx.crls.complete(expectedIssuer)) {
			if (mask === ALL_REASONS) break;
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
			if ((interim & ~mask) === 0) continue;
			const staleness = fresh(crl, ctx);
			if (staleness) {
				errors.push(staleness);
				continue;
			}
			if (crl.unknownCritical) {
				errors.push(`CRL có phần mở rộng quan trọng không nhận biết (${crl.unknownCritical})`);
				continue;
			}
			const signer = await ctx.verifySigner(crl);
			if (signer === 'revoked')
				return {
					status: 'revoked',
					source: 'crl',
					revokedAt: crl.thisUpdate,
					reason: 'chứng thư ký CRL đã bị thu hồi'
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
						fresh(delta, ctx) ??
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
			if (entry && entry.reason !== X.CRLReasons.removeFromCRL)
				return {
					status: 'revoked',
					source: 'crl',
					revokedAt: entry.revocationDate,
					reason: reasonText(entry.reason)
				};
			mask |= interim;
			lastThis = (delta ?? crl).thisUpdate > lastThis ? (delta ?? crl).thisUpdate : lastThis;
			const next = (delta ?? crl).nextUpdate;
			if (next && (!minNext || next < minNext)) minNext = next;
		}
	}
	if (mask === ALL_REASONS)
		return { status: 'good', source: 'crl', thisUpdate: lastThis, nextUpdate: minNext };
	return {
		status: 'unknown',
		reason:
			errors[0] ?? (mask ? 'CRL không bao phủ đủ các lý do thu hồi' : 'không tìm thấy CRL cho chứng thư')
	};
}
