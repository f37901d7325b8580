// Basic certification path validation, RFC 5280 section 6.1: "The path validation algorithm ... verifies the binding
// between the subject distinguished name and/or subject alternative name and subject public key" — signatures,
// validity, name chaining, name constraints, policies, basic constraints, path length, key usage and unknown
// critical extensions. Revocation (6.1.3 (a)(3)) is left to the caller, which checks it on the paths that pass here.
import * as X from '@peculiar/asn1-x509';
import { OID, type ParsedCert } from './certificate';
import {
	certificateSignedBy,
	hasKeyUsage,
	isCaCertificate,
	unknownCriticalExtension
} from './certificate-extensions';
import { altNameEntries, NameConstraintState } from './name-constraints';
import { ANY_POLICY, PolicyTree } from './policy-tree';
import { checkTrustAnchor } from './trust-anchor';

// Re-exported: the CRL, OCSP and description modules read these through the path validator.
export { certificateSignedBy, hasKeyUsage, isCaCertificate };

export type PathFailureCode =
	| 'SIGNATURE_INVALID'
	| 'NOT_YET_VALID'
	| 'EXPIRED'
	| 'NAME_CHAINING'
	| 'NAME_CONSTRAINTS'
	| 'POLICY'
	| 'BASIC_CONSTRAINTS'
	| 'PATH_LENGTH'
	| 'KEY_USAGE'
	| 'EXTENDED_KEY_USAGE'
	| 'UNKNOWN_CRITICAL_EXTENSION'
	| 'MALFORMED_EXTENSION'
	| 'MALFORMED_NAME';

export interface PathFailure {
	code: PathFailureCode;
	/** Position in the path: 0 is the trust anchor, path.length - 1 the target. */
	index: number;
	reason: string;
}

export interface PathCheckOptions {
	time: Date;
	/** Skip validity periods (used when the caller checks them itself against a proof of existence). */
	skipValidity?: boolean;
	initialPolicies?: ReadonlySet<string>;
	initialExplicitPolicy?: boolean;
	initialPolicyMappingInhibit?: boolean;
	initialAnyPolicyInhibit?: boolean;
	/** Extended key usages of which the target must allow one (when it has the extension). */
	targetEku?: readonly string[];
}

const DSA = '1.2.840.10040.4.1';

export const skipCerts = (b: ArrayBuffer | undefined): number | undefined => {
	if (b === undefined) return undefined;
	let n = 0;
	for (const x of new Uint8Array(b)) n = n * 256 + x;
	return n;
};

const fail = (code: PathFailureCode, index: number, reason: string): PathFailure => ({ code, index, reason });

/** Validates `path` = [trust anchor, ..., target]; null when it passes, else the first failure. */
export function checkPath(path: readonly ParsedCert[], o: PathCheckOptions): PathFailure | null {
	try {
		return run(path, o);
	} catch (e) {
		return fail(
			'MALFORMED_EXTENSION',
			path.length - 1,
			`phần mở rộng không giải mã được: ${(e as Error).message}`
		);
	}
}

function run(path: readonly ParsedCert[], o: PathCheckOptions): PathFailure | null {
	const anchor = path[0];
	if (!anchor) return fail('NAME_CHAINING', 0, 'đường dẫn rỗng');
	const n = path.length - 1;
	const ta = checkTrustAnchor(anchor, {
		time: o.time,
		skipValidity: o.skipValidity,
		issuesCertificates: n > 0
	});
	if ('code' in ta) return fail(ta.code, 0, ta.reason);
	if (n === 0) return null;
	const tree = new PolicyTree();
	const nc = new NameConstraintState();
	if (ta.nameConstraints) {
		const bad = nc.addExtension(ta.nameConstraints);
		if (bad) return fail('NAME_CONSTRAINTS', 0, `ràng buộc tên của CA gốc tin cậy không hợp lệ: ${bad}`);
	}
	let explicitPolicy = o.initialExplicitPolicy ? 0 : n + 1;
	let inhibitAny = o.initialAnyPolicyInhibit ? 0 : n + 1;
	let policyMapping = o.initialPolicyMappingInhibit ? 0 : n + 1;
	let maxPathLength = ta.pathLength !== undefined && ta.pathLength < n ? ta.pathLength : n;
	let workingIssuer = anchor.subjectKey;
	let workingParams: ArrayBuffer | undefined =
		anchor.spki.algorithm.algorithm === DSA ? (anchor.spki.algorithm.parameters ?? undefined) : undefined;
	let workingKey = anchor.publicKey();

	for (let i = 1; i <= n; i++) {
		const c = path[i]!;
		const last = i === n;
		// 6.1.3 (a): signature, validity, name chaining.
		if (!certificateSignedBy(c, workingKey))
			return fail('SIGNATURE_INVALID', i, 'chữ ký trên chứng thư không đúng với khóa của bên cấp');
		if (!o.skipValidity) {
			if (o.time < c.notBefore)
				return fail('NOT_YET_VALID', i, `chứng thư chưa có hiệu lực (từ ${c.notBefore.toISOString()})`);
			if (o.time > c.notAfter)
				return fail('EXPIRED', i, `chứng thư đã hết hạn (${c.notAfter.toISOString()})`);
		}
		if (c.issuerKey !== workingIssuer)
			return fail('NAME_CHAINING', i, 'tên bên cấp không khớp với chủ thể của chứng thư cấp trên');
		// 4.2.1.6: a malformed subjectAltName is refused whatever the constraints; 6.1.3 (b)-(c): name constraints
		// apply to all but self-issued intermediates.
		const alt = altNameEntries(c);
		if (typeof alt === 'string') return fail('MALFORMED_NAME', i, alt);
		if (!c.selfIssued || last) {
			const bad = nc.check(c.asn.tbsCertificate.subject, alt);
			if (bad) return fail('NAME_CONSTRAINTS', i, `tên ${bad} vi phạm ràng buộc tên`);
		}
		// 6.1.3 (d)-(f): policies.
		const cp = c.ext(OID.certificatePolicies, X.CertificatePolicies);
		if (cp) {
			const ids = [...cp].map((p) => p.policyIdentifier);
			if (new Set(ids).size !== ids.length) return fail('POLICY', i, 'chính sách chứng thư lặp lại');
			tree.processCertificate(i, ids, inhibitAny > 0 || (!last && c.selfIssued));
		} else tree.clear();
		if (explicitPolicy <= 0 && tree.isNull)
			return fail('POLICY', i, 'không có chính sách chứng thư hợp lệ cho đường dẫn');

		if (!last) {
			// 6.1.4 (a)-(b): policy mappings.
			const pm = c.ext(OID.policyMappings, X.PolicyMappings);
			if (pm) {
				const map = new Map<string, string[]>();
				for (const m of pm) {
					if (m.issuerDomainPolicy === ANY_POLICY || m.subjectDomainPolicy === ANY_POLICY)
						return fail('POLICY', i, 'ánh xạ chính sách tới anyPolicy không được phép');
					map.set(m.issuerDomainPolicy, [...(map.get(m.issuerDomainPolicy) ?? []), m.subjectDomainPolicy]);
				}
				tree.applyMappings(i, map, policyMapping > 0);
			}
			// 6.1.4 (c)-(f): next working issuer and key (DSA parameters inherit, 6.1.4 (e)-(f)).
			workingIssuer = c.subjectKey;
			const alg = c.spki.algorithm;
			if (alg.algorithm === DSA) {
				const own = alg.parameters ?? undefined;
				workingKey = own ? c.publicKey() : c.publicKey(workingParams);
				if (own) workingParams = own;
			} else {
				workingKey = c.publicKey();
				workingParams = undefined;
			}
			// 6.1.4 (g): name constraints.
			const ncExt = c.extensions.get(OID.nameConstraints);
			if (ncExt) {
				const bad = nc.addExtension(ncExt);
				if (bad) return fail('NAME_CONSTRAINTS', i, `ràng buộc tên không hợp lệ: ${bad}`);
			}
			// 6.1.4 (h)-(j): policy counters.
			if (!c.selfIssued) {
				if (explicitPolicy > 0) explicitPolicy--;
				if (policyMapping > 0) policyMapping--;
				if (inhibitAny > 0) inhibitAny--;
			}
			const pc = c.ext(OID.policyConstraints, X.PolicyConstraints);
			if (pc) {
				const r = skipCerts(pc.requireExplicitPolicy);
				const q = skipCerts(pc.inhibitPolicyMapping);
				if (r !== undefined && r < explicitPolicy) explicitPolicy = r;
				if (q !== undefined && q < policyMapping) policyMapping = q;
			}
			const iap = c.ext(OID.inhibitAnyPolicy, X.InhibitAnyPolicy);
			if (iap) {
				const v = skipCerts(iap.value) ?? 0;
				if (v < inhibitAny) inhibitAny = v;
			}
			// 6.1.4 (k)-(n): basic constraints, path length, key usage.
			const bc = c.ext(OID.basicConstraints, X.BasicConstraints);
			const version = c.asn.tbsCertificate.version;
			if (version === X.Version.v3 && !bc?.cA)
				return fail('BASIC_CONSTRAINTS', i, 'chứng thư trung gian không phải là CA (basicConstraints)');
			if (!c.selfIssued) {
				if (maxPathLength <= 0)
					return fail('PATH_LENGTH', i, 'vượt quá độ dài đường dẫn cho phép (pathLenConstraint)');
				maxPathLength--;
			}
			if (bc?.pathLenConstraint !== undefined && bc.pathLenConstraint < maxPathLength)
				maxPathLength = bc.pathLenConstraint;
			if (hasKeyUsage(c, X.KeyUsageFlags.keyCertSign) === false)
				return fail('KEY_USAGE', i, 'chứng thư CA không có mục đích keyCertSign');
		} else {
			// 6.1.5 (a)-(b): wrap-up.
			if (!c.selfIssued && explicitPolicy > 0) explicitPolicy--;
			const pc = c.ext(OID.policyConstraints, X.PolicyConstraints);
			if (pc && skipCerts(pc.requireExplicitPolicy) === 0) explicitPolicy = 0;
			tree.intersect(n, o.initialPolicies ?? new Set([ANY_POLICY]));
			if (explicitPolicy <= 0 && tree.isNull)
				return fail('POLICY', i, 'không có chính sách chứng thư hợp lệ cho đường dẫn');
			if (o.targetEku?.length) {
				const eku = c.ext(OID.extKeyUsage, X.ExtendedKeyUsage);
				if (eku && ![...eku].some((k) => o.targetEku!.includes(k) || k === '2.5.29.37.0'))
					return fail(
						'EXTENDED_KEY_USAGE',
						i,
						'mục đích sử dụng mở rộng (EKU) không cho phép dùng chứng thư này'
					);
			}
		}
		// 6.1.4 (o) / 6.1.5 (f): unrecognised critical extensions.
		const unknown = unknownCriticalExtension(c);
		if (unknown)
			return fail('UNKNOWN_CRITICAL_EXTENSION', i, `phần mở rộng quan trọng không nhận biết: ${unknown}`);
	}
	return null;
}
