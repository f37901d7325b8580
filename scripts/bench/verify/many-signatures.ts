// A PDF signed 100 times (100 incremental updates, each signature closing one revision): the time to verify it
// once with a fresh verifier (every revision read, each signature's later changes compared, 100 CMS checked).
import type { Issued } from '../../../src/lib/pki/testing';
import type { VerifierModule } from './verifier-form';

export async function manySignaturesRow(
	{ createPdf, createVerifier, signPdf }: VerifierModule,
	signer: Issued,
	chain: Issued[],
	root: Uint8Array,
	crls: Uint8Array[],
	now: Date,
	count = 100
): Promise<string> {
	let pdf = createPdf();
	for (let i = 0; i < count; i++)
		pdf = await signPdf(pdf, {
			signer,
			chain,
			signingTime: new Date(Date.UTC(2025, 5, 1, 0, i)),
			contentsSize: 8192
		});
	const v = createVerifier({ trustAnchors: [root], revocation: { crls }, clock: () => now });
	const t0 = process.hrtime.bigint();
	const c0 = process.cpuUsage();
	const r = await v.verifyFile(pdf);
	const c = process.cpuUsage(c0);
	const wall = Number(process.hrtime.bigint() - t0) / 1e6;
	const passed = r.signatures.filter((s) => s.indication === 'TOTAL_PASSED').length;
	if (r.signatures.length !== count) throw new Error(`${r.signatures.length} signatures read of ${count}`);
	return `PDF with ${count} signatures (${(pdf.length / 1024).toFixed(0)} KB): ${wall.toFixed(0)} ms wall, ${((c.user + c.system) / 1000).toFixed(0)} ms CPU, ${passed}/${count} TOTAL_PASSED`;
}
