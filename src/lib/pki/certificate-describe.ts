// Inventory view of a certificate: identity fields with Vietnamese text intact, and heuristics telling an
// organisation certificate (CN=<agency>, O=<superior body>, L=<province>, C=VN) from an individual's (a person's
// name, often with UID, title, e-mail) or a device's, and a government-PKI issuer from a public CA (Decree 68 Art. 7).
import * as X from '@peculiar/asn1-x509';
import { keyBits, OID, parseCertificate, type ParsedCert } from './certificate';
import { nameAttr } from './names';
import { isCaCertificate } from './path-validator';

export type CertificateKind = 'organisation' | 'individual' | 'device';

export interface CertificateDescription {
	fingerprintSha256: string;
	serialNumber: string;
	subjectDn: string;
	issuerDn: string;
	subjectCn: string | null;
	kind: CertificateKind;
	statedTitle: string | null;
	email: string | null;
	province: string | null;
	organisation: string | null;
	organisationalUnit: string | null;
	/** Personal identifier from UID/serialNumber (e.g. "CCCD:0870…"), when present. */
	personalId: string | null;
	notBefore: Date;
	notAfter: Date;
	keyAlgorithm: string;
	keyBits: number | null;
	signatureAlgorithm: string;
	isCa: boolean;
	/** Heuristic: the issuer is not the government specialised PKI (Ban Cơ yếu Chính phủ). */
	publicCa: boolean;
	issuerCn: string | null;
}

const SIG_NAMES: Record<string, string> = {
	'1.2.840.113549.1.1.5': 'sha1WithRSAEncryption',
	'1.2.840.113549.1.1.11': 'sha256WithRSAEncryption',
	'1.2.840.113549.1.1.12': 'sha384WithRSAEncryption',
	'1.2.840.113549.1.1.13': 'sha512WithRSAEncryption',
	'1.2.840.113549.1.1.10': 'RSASSA-PSS',
	'1.2.840.10045.4.3.2': 'ecdsa-with-SHA256',
	'1.2.840.10045.4.3.3': 'ecdsa-with-SHA384',
	'1.2.840.10040.4.3': 'dsa-with-SHA1'
};
const KEY_NAMES: Record<string, string> = {
	'1.2.840.113549.1.1.1': 'RSA',
	'1.2.840.10045.2.1': 'EC',
	'1.2.840.10040.4.1': 'DSA',
	'1.3.101.112': 'Ed25519',
	'1.2.840.113549.1.1.10': 'RSA-PSS'
};

/** Lower-case, NFC, single spaces: the form names are compared in. */
export const fold = (s: string): string => s.normalize('NFC').toLowerCase().replace(/\s+/g, ' ').trim();
/** Without diacritics (đ → d), for tolerant matching of names typed without accents. */
export const foldAscii = (s: string): string =>
	fold(s)
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/đ/g, 'd');

const ORG_PREFIXES = [
	'sở ',
	'ubnd',
	'ủy ban',
	'uỷ ban',
	'văn phòng',
	'ban ',
	'bộ ',
	'cục ',
	'chi cục',
	'tổng cục',
	'trung tâm',
	'phòng ',
	'trường ',
	'bệnh viện',
	'công an',
	'tòa án',
	'toà án',
	'viện ',
	'hội đồng',
	'thanh tra',
	'kho bạc',
	'đài ',
	'báo ',
	'liên đoàn',
	'hội ',
	'đảng ủy',
	'đảng uỷ',
	'tỉnh ủy',
	'tỉnh uỷ',
	'huyện ủy',
	'thành ủy',
	'cơ quan',
	'quỹ ',
	'đoàn ',
	'mặt trận',
	'công ty',
	'ngân hàng',
	'học viện',
	'đại học',
	'cảng vụ',
	'chi nhánh',
	'xã ',
	'phường ',
	'thị trấn ',
	'hđnd',
	'vks',
	'viện kiểm sát',
	'bảo hiểm',
	'cảnh sát',
	'bộ chỉ huy',
	'ban chỉ huy',
	'trạm ',
	'ban quản lý',
	'đơn vị',
	'thư viện',
	'bảo tàng',
	'nhà văn hóa'
];
const DEVICE_PREFIXES = [
	'thiết bị',
	'máy chủ',
	'dịch vụ',
	'phần mềm',
	'hệ thống',
	'server',
	'service',
	'device'
];
const FAMILY_NAMES = new Set(
	'nguyễn trần lê phạm hoàng huỳnh phan vũ võ đặng bùi đỗ hồ ngô dương lý đào đoàn đinh lâm mai trương tạ cao lương châu hà tô la thái kiều quách tăng triệu văn diệp lưu âu từ mạc phùng khổng giang kim thân tôn'.split(
		' '
	)
);
const GOVERNMENT_ISSUER = [
	/ban cơ yếu chính phủ/,
	/chuyên dùng chính phủ/,
	/chuyen dung chinh phu/,
	/ban co yeu chinh phu/,
	/cơ quan nhà nước/,
	/co quan nha nuoc/,
	/government/
];

function looksLikePersonName(cn: string): boolean {
	const words = cn.normalize('NFC').trim().split(/\s+/);
	if (words.length < 2 || words.length > 6) return false;
	if (!words.every((w) => /^\p{Lu}[\p{Ll}\p{M}]*$/u.test(w))) return false;
	return FAMILY_NAMES.has(fold(words[0]!)) || words.length <= 4;
}

export function classify(
	c: ParsedCert,
	cn: string | null,
	hints: { title: string | null; uid: string | null; email: string | null }
): CertificateKind {
	if (isCaCertificate(c)) return 'organisation';
	const f = fold(cn ?? '');
	if (DEVICE_PREFIXES.some((p) => f.startsWith(p)) || /^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(f)) return 'device';
	// A title or a personal identity number is the strongest sign of a person; it is checked before
	// the organisation prefixes because some family names are also organisation words ("Đoàn").
	if (hints.title || (hints.uid && /cmnd|cccd|hc|cmt|pid|mst:?\s*\d{12}/i.test(hints.uid)))
		return 'individual';
	if (
		ORG_PREFIXES.some((p) => f.startsWith(p)) &&
		!(hints.email && cn && looksLikePersonName(cn) && FAMILY_NAMES.has(fold(cn.split(/\s+/)[0] ?? '')))
	)
		return 'organisation';
	if (cn && looksLikePersonName(cn)) return 'individual';
	try {
		const eku = c.ext(OID.extKeyUsage, X.ExtendedKeyUsage);
		if (eku && [...eku].every((k) => k === '1.3.6.1.5.5.7.3.1' || k === '1.3.6.1.5.5.7.3.2')) return 'device';
	} catch {
		/* undecodable EKU: no hint */
	}
	return hints.email && cn && looksLikePersonName(cn) ? 'individual' : 'organisation';
}

export function describeParsed(c: ParsedCert): CertificateDescription {
	const subject = c.asn.tbsCertificate.subject;
	const issuer = c.asn.tbsCertificate.issuer;
	const cn = nameAttr(subject, '2.5.4.3');
	let email = nameAttr(subject, OID.emailAddress);
	if (!email) {
		try {
			email =
				[...(c.ext(OID.subjectAltName, X.SubjectAlternativeName) ?? [])].find((g) => g.rfc822Name)
					?.rfc822Name ?? null;
		} catch {
			email = null;
		}
	}
	const title = nameAttr(subject, '2.5.4.12');
	const uid = nameAttr(subject, '0.9.2342.19200300.100.1.1') ?? nameAttr(subject, '2.5.4.5');
	const issuerText = fold(c.issuer);
	const government = GOVERNMENT_ISSUER.some((re) => re.test(issuerText));
	return {
		fingerprintSha256: c.fingerprint,
		serialNumber: c.serialHex,
		subjectDn: c.subject,
		issuerDn: c.issuer,
		subjectCn: cn,
		kind: classify(c, cn, { title, uid, email }),
		statedTitle: title,
		email,
		province: nameAttr(subject, '2.5.4.7') ?? nameAttr(subject, '2.5.4.8'),
		organisation: nameAttr(subject, '2.5.4.10'),
		organisationalUnit: nameAttr(subject, '2.5.4.11'),
		personalId: uid,
		notBefore: c.notBefore,
		notAfter: c.notAfter,
		keyAlgorithm: KEY_NAMES[c.spki.algorithm.algorithm] ?? c.spki.algorithm.algorithm,
		keyBits: keyBits(c),
		signatureAlgorithm: SIG_NAMES[c.sigAlg.algorithm] ?? c.sigAlg.algorithm,
		isCa: isCaCertificate(c),
		publicCa: !government,
		issuerCn: nameAttr(issuer, '2.5.4.3')
	};
}

/** Describes a DER certificate; throws when the bytes are not a certificate. */
export function describeCertificate(der: Uint8Array): CertificateDescription {
	return describeParsed(parseCertificate(der));
}
