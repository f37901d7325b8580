// The RFC 5280 section 4 profile, checked on every certificate of a validated path (the trust anchor included, as
// OpenSSL's -x509_strict does): key identifiers, criticality, non-empty names, the serial number, and extensions
// only a CA may carry. These are facts; the validation policy gives each rule its level (validation-policy.ts).
import * as X from '@peculiar/asn1-x509';
import { OID, type ParsedCert } from './certificate';
import { certificateSignedBy, hasKeyUsage, isCaCertificate } from './certificate-extensions';
import { PROFILE_RULES, type ProfileFinding, type ProfileRule } from './profile-rules';

type CertFinding = { rule: ProfileRule; reason: string };

/** RFC 5280 4.1.2.2: positive, non-zero, at most 20 octets (a leading zero sign octet is not counted). */
export function serialProblem(raw: ArrayBuffer | Uint8Array): string | null {
	const b = raw instanceof Uint8Array ? raw : new Uint8Array(raw);
	if (!b.length) return 'số hiệu chứng thư rỗng';
	if (b[0]! & 0x80) return 'số hiệu chứng thư là số âm';
	if (b.every((x) => x === 0)) return 'số hiệu chứng thư bằng 0';
	const octets = b[0] === 0 && b.length > 1 ? b.length - 1 : b.length;
	if (octets > 20) return `số hiệu chứng thư dài ${octets} octet (tối đa 20)`;
	return null;
}

const selfSigned = (c: ParsedCert): boolean => {
	if (!c.selfIssued) return false;
	try {
		return certificateSignedBy(c, c.publicKey());
	} catch {
		return false;
	}
};

function check(c: ParsedCert): CertFinding[] {
	const out: CertFinding[] = [];
	const add = (rule: ProfileRule, detail?: string) =>
		out.push({ rule, reason: detail ?? PROFILE_RULES[rule].vi });
	const t = c.asn.tbsCertificate;
	const v3 = t.version === X.Version.v3;
	const ext = (oid: string) => c.extensions.get(oid);
	const ca = isCaCertificate(c);

	const serial = serialProblem(t.serialNumber);
	if (serial) add('serialNumber', serial);
	if (!t.issuer.length) add('issuerNonEmpty');
	if (ca && !t.subject.length) add('caSubjectNonEmpty');
	if (!t.subject.length) {
		const san = ext(OID.subjectAltName);
		if (!san) add('sanCriticalWhenSubjectEmpty', 'chủ thể rỗng nhưng chứng thư không có subjectAltName');
		else if (!san.critical) add('sanCriticalWhenSubjectEmpty');
	}
	const aki = ext(OID.authorityKeyIdentifier);
	if (aki?.critical) add('akiNonCritical');
	// The anchor is exempt: nothing above it in the path needs identifying (OpenSSL exempts the last certificate too).
	if (v3 && !aki && !selfSigned(c)) add('akiPresent');
	const ski = ext(OID.subjectKeyIdentifier);
	if (ski?.critical) add('skiNonCritical');
	if (v3 && ca && !ski) add('skiPresent');
	const bc = ext(OID.basicConstraints);
	if (ca && bc && !bc.critical) add('basicConstraintsCritical');
	const nc = ext(OID.nameConstraints);
	if (nc && !ca) add('nameConstraintsCaOnly');
	if (nc && !nc.critical) add('nameConstraintsCritical');
	try {
		if (!ca && hasKeyUsage(c, X.KeyUsageFlags.keyCertSign)) add('keyCertSignCaOnly');
	} catch {
		/* a keyUsage that does not decode fails path validation itself */
	}
	if (ext(OID.authorityInfoAccess)?.critical) add('aiaNonCritical');
	return out;
}

const memo = new WeakMap<ParsedCert, CertFinding[]>();

/** Profile rules broken by one certificate (memoised per parsed certificate). */
export function certificateProfileFindings(c: ParsedCert): readonly CertFinding[] {
	let f = memo.get(c);
	if (!f) memo.set(c, (f = check(c)));
	return f;
}

/** Profile findings of a path [anchor, ..., target]; the anchor is exempt from authorityKeyIdentifier presence. */
export function pathProfileFindings(path: readonly ParsedCert[]): ProfileFinding[] {
	const out: ProfileFinding[] = [];
	path.forEach((c, index) => {
		for (const f of certificateProfileFindings(c)) {
			if (index === 0 && f.rule === 'akiPresent') continue;
			out.push({ rule: f.rule, index, subject: c.subject, reason: f.reason });
		}
	});
	return out;
}
