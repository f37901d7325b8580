// A verification shown again exactly as it was made: the same file verified offline against only the material
// it relied on (validation-material.ts) — its trust anchors, certificates, CRLs and OCSP answers — at the same
// validation time and proof-of-existence time, under the same policy and settings. Nothing is fetched; what has
// happened since (a new CRL, a revocation, a changed trust store) cannot change the answer.
import { createVerifier, type FileReport, type VerifyOptions } from './verifier';
import { cryptoPolicyFromJson, type ValidationMaterial } from './validation-material';

export async function replayWithMaterial(
	bytes: Uint8Array,
	material: ValidationMaterial,
	o: Pick<VerifyOptions, 'fileName' | 'detachedContent'> = {}
): Promise<FileReport> {
	const at = new Date(material.validationTime);
	const certs = material.items.filter((i) => i.kind === 'certificate');
	const verifier = createVerifier({
		trustAnchors: certs.filter((c) => c.role === 'anchor').map((c) => c.der),
		certificateStore: certs.filter((c) => c.role !== 'anchor').map((c) => c.der),
		revocation: {
			crls: material.items.filter((i) => i.kind === 'crl').map((i) => i.der),
			ocspResponses: material.items.filter((i) => i.kind === 'ocsp').map((i) => i.der),
			online: false,
			...(material.settings.revocationChecked ? {} : { policy: 'none' as const })
		},
		clock: () => at,
		cryptoPolicy: cryptoPolicyFromJson(material.settings.cryptoPolicy),
		policy: material.settings.policy
	});
	return verifier.verifyFile(bytes, {
		...o,
		validationTime: at,
		poeTime: material.poeTime ? new Date(material.poeTime) : undefined
	});
}

/** The verdicts of two reports side by side: file and each signature, with whether they agree. */
export interface VerdictComparison {
	same: boolean;
	file: { then: string; now: string };
	signatures: { label: string; then: string; now: string; same: boolean }[];
}

const verdictText = (v: { indication: string; subIndication: string | null } | undefined) =>
	v ? (v.subIndication ? `${v.indication}/${v.subIndication}` : v.indication) : '—';

export function compareReports(then: FileReport, now: FileReport): VerdictComparison {
	const n = Math.max(then.signatures.length, now.signatures.length);
	const signatures = Array.from({ length: n }, (_, i) => {
		const a = then.signatures[i];
		const b = now.signatures[i];
		const t = verdictText(a);
		const w = verdictText(b);
		return {
			label: (a ?? b)?.signer?.subject ?? (a ?? b)?.fieldName ?? `Chữ ký ${i + 1}`,
			then: t,
			now: w,
			same: t === w
		};
	});
	const file = { then: verdictText(then), now: verdictText(now) };
	return { same: file.then === file.now && signatures.every((s) => s.same), file, signatures };
}
