// The trust anchor is a certificate too (RFC 5937 section 3, "Trust Anchor Constraints"; OpenSSL and EU DSS apply
// them): its validity period, its CA flag and keyCertSign, its unknown critical extensions, its name constraints
// and its path length bind every path that starts from it. A trusted target certificate (a path of one) is only
// held to its validity and critical extensions: it signs no certificate.
import * as X from '@peculiar/asn1-x509';
import { OID, type ParsedCert } from './certificate';
import { hasKeyUsage, unknownCriticalExtension } from './certificate-extensions';

export interface AnchorFailure {
	code: 'NOT_YET_VALID' | 'EXPIRED' | 'BASIC_CONSTRAINTS' | 'KEY_USAGE' | 'UNKNOWN_CRITICAL_EXTENSION';
	reason: string;
}

export interface AnchorInputs {
	/** RFC 5937 / RFC 5280 6.1.1 (d): the anchor's pathLenConstraint caps max_path_length. */
	pathLength: number | undefined;
	/** RFC 5937: the anchor's nameConstraints seed the permitted and excluded subtrees (6.1.1 (b)-(c)). */
	nameConstraints: X.Extension | undefined;
}

export function checkTrustAnchor(
	anchor: ParsedCert,
	o: { time: Date; skipValidity?: boolean; issuesCertificates: boolean }
): AnchorFailure | AnchorInputs {
	if (!o.skipValidity) {
		if (o.time < anchor.notBefore)
			return {
				code: 'NOT_YET_VALID',
				reason: `chứng thư CA gốc tin cậy chưa có hiệu lực (từ ${anchor.notBefore.toISOString()})`
			};
		if (o.time > anchor.notAfter)
			return {
				code: 'EXPIRED',
				reason: `chứng thư CA gốc tin cậy đã hết hạn (${anchor.notAfter.toISOString()})`
			};
	}
	const unknown = unknownCriticalExtension(anchor);
	if (unknown)
		return {
			code: 'UNKNOWN_CRITICAL_EXTENSION',
			reason: `chứng thư CA gốc tin cậy có phần mở rộng quan trọng không nhận biết: ${unknown}`
		};
	if (!o.issuesCertificates) return { pathLength: undefined, nameConstraints: undefined };
	const bc = anchor.ext(OID.basicConstraints, X.BasicConstraints);
	// A v1 root carries no extensions and is a CA by convention (OpenSSL treats it so); a v3 one must say cA=TRUE.
	if (anchor.asn.tbsCertificate.version === X.Version.v3 && !bc?.cA)
		return {
			code: 'BASIC_CONSTRAINTS',
			reason: 'chứng thư CA gốc tin cậy không phải là chứng thư CA (basicConstraints cA khác TRUE)'
		};
	if (hasKeyUsage(anchor, X.KeyUsageFlags.keyCertSign) === false)
		return { code: 'KEY_USAGE', reason: 'chứng thư CA gốc tin cậy không có mục đích keyCertSign' };
	return {
		pathLength: bc?.pathLenConstraint,
		nameConstraints: anchor.extensions.get(OID.nameConstraints)
	};
}
