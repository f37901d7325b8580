import { beforeAll, describe, expect, it } from 'vitest';
import { signedFileKind } from '../../../src/lib/pki/signed-file-kind';
import {
	createPdf,
	generateKeyPair,
	issueCertificate,
	signCms,
	type Issued
} from '../../../src/lib/pki/testing';

let signer: Issued;
beforeAll(async () => {
	signer = await issueCertificate({
		subject: { cn: 'Người ký thử' },
		keys: await generateKeyPair(),
		notBefore: new Date('2025-01-01'),
		notAfter: new Date('2030-01-01')
	});
});

describe('the kind of a signed file', () => {
	it('tells a PDF, an enveloping .p7m (DER or PEM) and a detached .p7s apart', async () => {
		expect(signedFileKind(createPdf())).toEqual({ kind: 'pdf' });
		const content = new TextEncoder().encode('nội dung');
		const p7m = await signCms({ content, signer });
		expect(signedFileKind(p7m)).toEqual({ kind: 'cms', detached: false });
		const pem = `-----BEGIN PKCS7-----\n${Buffer.from(p7m).toString('base64')}\n-----END PKCS7-----\n`;
		expect(signedFileKind(new TextEncoder().encode(pem))).toEqual({ kind: 'cms', detached: false });
		expect(signedFileKind(await signCms({ content, signer, detached: true }))).toEqual({
			kind: 'cms',
			detached: true
		});
	});
	it('says why anything else is neither', () => {
		expect(signedFileKind(new Uint8Array())).toEqual({ kind: 'unknown', reason: 'tệp rỗng' });
		const text = signedFileKind(new TextEncoder().encode('Công văn số 5'));
		expect(text.kind).toBe('unknown');
		// A DER SEQUENCE that is no ContentInfo.
		expect(signedFileKind(new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x05])).kind).toBe('unknown');
	});
});
