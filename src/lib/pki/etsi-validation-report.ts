// The machine-readable verification report: ETSI TS 119 102-2 V1.4.1 (namespace http://uri.etsi.org/19102/v1.4.1#;
// valid against the standard's XSD, tests/unit/pki/etsi-report-schema.test.ts),
// one SignatureValidationReport per signature in the schema's element order — SignatureIdentifier,
// ValidationConstraintsEvaluationReport (our policy's levels), ValidationTimeInfo, SignersDocument,
// SignatureAttributes, SignerInformation, SignatureQuality, SignatureValidationProcess, SignatureValidationStatus
// — then the SignatureValidationObjects the reports point at (certificates by their SHA-256, the signed file).
// Indications use the standard's URIs (urn:etsi:019102:mainindication:total-passed, …:subindication:HASH_FAILURE).
// What the standard has no URI for is ours, under urn:kiem-ky:. Pure and client-safe.
import type { SignatureFacts } from './signature-facts';
import type { SignatureReport } from './signature-verdict';
import { PROFILE_RULE_IDS } from './profile-rules';
import { POLICY_CHECK_IDS, type PolicyLevel, type ValidationPolicy } from './validation-policy';
import type { Indication } from './verdicts';
import { escapeMarkup as e, hexToBase64, type VerificationReportInput } from './verification-report';

export const ETSI_VR_NAMESPACE = 'http://uri.etsi.org/19102/v1.4.1#';
const DS = 'http://www.w3.org/2000/09/xmldsig#';
const SHA256 = 'http://www.w3.org/2001/04/xmlenc#sha256';

const MAIN: Record<Indication, string> = {
	TOTAL_PASSED: 'urn:etsi:019102:mainindication:total-passed',
	TOTAL_FAILED: 'urn:etsi:019102:mainindication:total-failed',
	INDETERMINATE: 'urn:etsi:019102:mainindication:indeterminate'
};
const sub = (s: string) => `urn:etsi:019102:subindication:${s}`;
const VO = {
	certificate: 'urn:etsi:019102:validationObject:certificate',
	signedData: 'urn:etsi:019102:validationObject:signedData'
};
const POE_TYPE: Record<SignatureFacts['bestSignatureTimeSource'], string> = {
	'validation-time': 'urn:etsi:019102:poetype:validation',
	timestamp: 'urn:etsi:019102:poetype:validation',
	'document-timestamp': 'urn:etsi:019102:poetype:validation',
	poe: 'urn:etsi:019102:poetype:provided'
};

/** XML with a 'vr:' prefix on every name; attributes already escaped by the caller. */
const el = (name: string, body: string, attrs = '') => `<vr:${name}${attrs}>${body}</vr:${name}>`;
const text = (name: string, value: string, attrs = '') => el(name, e(value), attrs);
const digest = (hex: string) =>
	el(
		'DigestAlgAndValue',
		`<ds:DigestMethod Algorithm="${SHA256}"/><ds:DigestValue>${hexToBase64(hex)}</ds:DigestValue>`
	);
const certId = (fingerprint: string) => `C-${fingerprint.toUpperCase()}`;

function constraints(s: SignatureReport, p: ValidationPolicy | undefined): string {
	if (!p) return '';
	const found = new Map((s.findings ?? []).map((f) => [f.check, f]));
	const one = (check: string, level: PolicyLevel) => {
		const f = found.get(check as never);
		const status =
			level === 'IGNORE'
				? 'urn:etsi:019102:constraintStatus:disabled'
				: 'urn:etsi:019102:constraintStatus:applied';
		// A building block's own indications (passed/failed/indeterminate), not the process's total-*.
		const validation =
			level === 'IGNORE'
				? ''
				: el(
						'ValidationStatus',
						f && level === 'FAIL'
							? text('MainIndication', 'urn:etsi:019102:mainindication:indeterminate')
							: text('MainIndication', 'urn:etsi:019102:mainindication:passed')
					);
		return el(
			'ValidationConstraint',
			text('ValidationConstraintIdentifier', `urn:kiem-ky:constraint:${check}`) +
				// A TypedDataType: the parameter's kind as a URI, then its value.
				el(
					'ValidationConstraintParameter',
					text('Type', 'urn:kiem-ky:constraint:level') + text('Value', level)
				) +
				el('ConstraintStatus', text('Status', status)) +
				validation
		);
	};
	return el(
		'ValidationConstraintsEvaluationReport',
		[
			...POLICY_CHECK_IDS.map((c) => one(c, p[c])),
			...PROFILE_RULE_IDS.map((r) => one(`profile.${r}`, p.profile[r]))
		].join('')
	);
}

function reportData(type: string, value: string): string {
	return el('ReportData', text('Type', `urn:kiem-ky:reportData:${type}`) + text('Value', value));
}

function signatureReport(
	s: SignatureReport,
	i: number,
	input: VerificationReportInput,
	docId: string
): string {
	const f = s.facts;
	const parts: string[] = [];
	parts.push(
		el(
			'SignatureIdentifier',
			text('HashOnly', 'false') +
				text('DocHashOnly', 'false') +
				(s.fieldName ? text('DAIdentifier', s.fieldName) : ''),
			` id="SIG-${i + 1}"`
		)
	);
	parts.push(constraints(s, input.report.policy));
	parts.push(
		el(
			'ValidationTimeInfo',
			text('ValidationTime', f?.validationTime ?? input.validationTime) +
				el(
					'BestSignatureTime',
					text('POETime', s.bestSignatureTime) +
						text('TypeOfProof', POE_TYPE[f?.bestSignatureTimeSource ?? 'validation-time'])
				)
		)
	);
	parts.push(
		el('SignersDocument', digest(input.document.sha256) + `<vr:SignersDocumentRef VOReference="${docId}"/>`)
	);
	const attrs: string[] = [];
	if (s.signingTime)
		attrs.push(
			el(
				'SigningTime',
				text('Time', s.signingTime),
				` Signed="${f?.claimedSigningTimeSource === 'pdf-m' ? 'false' : 'true'}"`
			)
		);
	if (s.timestampTime)
		attrs.push(el('SignatureTimeStamp', text('TimeStampValue', s.timestampTime), ' Signed="false"'));
	if (attrs.length) parts.push(el('SignatureAttributes', attrs.join('')));
	if (s.signer)
		parts.push(
			el(
				'SignerInformation',
				`<vr:SignerCertificate VOReference="${certId(s.signer.fingerprint)}"/>` +
					text('Signer', s.signer.subject),
				' Pseudonym="false"'
			)
		);
	// EU qualification levels do not apply to signatures under Vietnamese law (Decree 68/2024): say so.
	parts.push(
		el('SignatureQuality', text('SignatureQualityInformation', 'urn:kiem-ky:signatureQuality:not-applicable'))
	);
	const process =
		f && f.bestSignatureTimeSource !== 'validation-time'
			? 'urn:etsi:019102:validationprocess:LTVM'
			: 'urn:etsi:019102:validationprocess:Basic';
	parts.push(el('SignatureValidationProcess', text('SignatureValidationProcessID', process)));

	const associated: string[] = [];
	if (f?.path.length) {
		const chain = [...f.path].reverse();
		const anchored = f.chain.status !== 'no-chain' && chain.length > 1;
		const middle = chain.slice(1, anchored ? -1 : undefined);
		associated.push(
			el(
				'CertificateChain',
				`<vr:SigningCertificate VOReference="${certId(chain[0]!.fingerprint)}"/>` +
					middle.map((c) => `<vr:IntermediateCertificate VOReference="${certId(c.fingerprint)}"/>`).join('') +
					(anchored ? `<vr:TrustAnchor VOReference="${certId(chain.at(-1)!.fingerprint)}"/>` : '')
			)
		);
	}
	const data: string[] = s.reasons.map((r) => reportData('reason', r));
	for (const r of f?.revocation ?? [])
		data.push(
			reportData(
				'revocation',
				`${r.subject}: ${r.status}${r.source ? ` (${r.source.toUpperCase()} ${r.issuedAt}${r.nextUpdate ? `, nextUpdate ${r.nextUpdate}` : ''})` : ''}${r.revokedAt ? `, revoked ${r.revokedAt}` : ''}${r.reason ? `; ${r.reason}` : ''}`
			)
		);
	if (data.length) associated.push(el('AdditionalValidationReportData', data.join('')));
	parts.push(
		el(
			'SignatureValidationStatus',
			text('MainIndication', MAIN[s.indication]) +
				(s.subIndication ? text('SubIndication', sub(s.subIndication)) : '') +
				(associated.length ? el('AssociatedValidationReportData', associated.join('')) : '')
		)
	);
	return el('SignatureValidationReport', parts.join(''));
}

function validationObjects(input: VerificationReportInput, docId: string): string {
	const certs = new Map<string, string>();
	for (const s of input.report.signatures) {
		if (s.signer) certs.set(s.signer.fingerprint, s.signer.subject);
		for (const c of s.facts?.path ?? []) certs.set(c.fingerprint, c.subject);
	}
	const objects = [
		el(
			'ValidationObject',
			text('ObjectType', VO.signedData) + el('ValidationObjectRepresentation', digest(input.document.sha256)),
			` id="${docId}"`
		),
		...[...certs.keys()].map((fp) =>
			el(
				'ValidationObject',
				text('ObjectType', VO.certificate) + el('ValidationObjectRepresentation', digest(fp)),
				` id="${certId(fp)}"`
			)
		)
	];
	return el('SignatureValidationObjects', objects.join(''));
}

/** XML comments may not hold "--" nor end with "-". */
const comment = (s: string) => e(s).replace(/-{2,}/g, '-').replace(/-$/, '');

/** The report as an XML document (UTF-8). */
export function renderEtsiValidationReport(input: VerificationReportInput): string {
	const docId = `D-${input.document.sha256.toUpperCase()}`;
	const reports = input.report.signatures.map((s, i) => signatureReport(s, i, input, docId));
	if (!reports.length)
		// A file with no readable signature still gets a report: its verdict, against the document.
		reports.push(
			el(
				'SignatureValidationReport',
				el(
					'SignersDocument',
					digest(input.document.sha256) + `<vr:SignersDocumentRef VOReference="${docId}"/>`
				) +
					el(
						'SignatureValidationStatus',
						text('MainIndication', MAIN[input.report.indication]) +
							(input.report.subIndication ? text('SubIndication', sub(input.report.subIndication)) : '') +
							(input.report.error
								? el(
										'AssociatedValidationReportData',
										el('AdditionalValidationReportData', reportData('reason', input.report.error))
									)
								: '')
					)
			)
		);
	return `<?xml version="1.0" encoding="UTF-8"?>
<!-- ${comment(`Kiểm Ký ${input.softwareVersion}: ${input.document.fileName}, ${input.generatedAt}`)} -->
<vr:ValidationReport xmlns:vr="${ETSI_VR_NAMESPACE}" xmlns:ds="${DS}">${reports.join('')}${validationObjects(input, docId)}</vr:ValidationReport>
`;
}
