// OCSP against a real responder on 127.0.0.1 (started and stopped here), the `kiem-ky verify` command on files
// written to a temporary folder, and cross-checks with OpenSSL and poppler's pdfsig.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createVerifier } from '../../../src/lib/pki';
import { createSignedPdf, signCms, startOcspServer } from '../../../src/lib/pki/testing';
import { command as verifyCommand } from '../../../src/cli/commands/verify';
import { buildTestPki, T, type TestPki } from './fixtures';

let pki: TestPki;
let server: Awaited<ReturnType<typeof startOcspServer>>;
let dir: string;
const content = new TextEncoder().encode('Tờ trình số 12/TTr-SKHCN');

beforeAll(async () => {
	// The responder URL goes into the leaves' AIA, so start the server on a free port first.
	let statusOf = (_s: string) =>
		({ status: 'good' as const }) as
			{ status: 'good' } | { status: 'revoked'; revokedAt: Date; reason?: number };
	const holder: { pki?: TestPki } = {};
	server = await startOcspServer({
		get issuer() {
			return holder.pki!.sub;
		},
		get responder() {
			return holder.pki!.ocspSigner;
		},
		statusOf: (s) => statusOf(s),
		thisUpdate: () => T.now
	} as Parameters<typeof startOcspServer>[0]);
	pki = await buildTestPki(server.url);
	holder.pki = pki;
	statusOf = (s) =>
		s === pki.revoked.serialHex
			? { status: 'revoked', revokedAt: T.revokedAt, reason: 1 }
			: { status: 'good' };
	dir = mkdtempSync(join(tmpdir(), 'kiemky-pki-'));
});

afterAll(async () => {
	await server?.close();
	if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('OCSP (RFC 6960) online', () => {
	it('answers good and revoked through a delegated responder, and caches until nextUpdate', async () => {
		const v = createVerifier({
			trustAnchors: [pki.root.der],
			revocation: { crls: [pki.rootCrl], online: true },
			clock: () => T.now
		});
		const good = await v.verifyFile(
			await signCms({ content, signer: pki.org, chain: [pki.sub], signingTime: T.signed })
		);
		expect(good.indication).toBe('TOTAL_PASSED');
		const n = server.requests();
		expect(n).toBeGreaterThan(0);
		await v.verifyFile(await signCms({ content, signer: pki.org, chain: [pki.sub], signingTime: T.signed }));
		expect(server.requests()).toBe(n);
		const revoked = await v.verifyFile(
			await signCms({ content, signer: pki.revoked, chain: [pki.sub], signingTime: T.signed })
		);
		expect(revoked.subIndication).toBe('REVOKED_NO_POE');
	});

	it('stays offline by default (no request, TRY_LATER)', async () => {
		const before = server.requests();
		const v = createVerifier({
			trustAnchors: [pki.root.der],
			revocation: { crls: [pki.rootCrl] },
			clock: () => T.now
		});
		const r = await v.verifyFile(
			await signCms({ content, signer: pki.person, chain: [pki.sub], signingTime: T.signed })
		);
		expect(r.subIndication).toBe('TRY_LATER');
		expect(server.requests()).toBe(before);
	});
});

describe('kiem-ky verify', () => {
	it('prints one JSON line per file, verifies X.p7s over X, and exits 1 when one file fails', async () => {
		mkdirSync(join(dir, 'trust'));
		mkdirSync(join(dir, 'crl'));
		writeFileSync(join(dir, 'trust', 'root.pem'), pki.root.pem);
		writeFileSync(join(dir, 'crl', 'sub.crl'), pki.subCrl);
		writeFileSync(join(dir, 'crl', 'root.crl'), pki.rootCrl);
		writeFileSync(join(dir, 'to-trinh.txt'), content);
		writeFileSync(
			join(dir, 'to-trinh.txt.p7s'),
			await signCms({ content, signer: pki.person, chain: [pki.sub], detached: true, signingTime: T.signed })
		);
		writeFileSync(
			join(dir, 'van-ban.pdf'),
			await createSignedPdf({ signer: pki.org, chain: [pki.sub], signingTime: T.signed })
		);
		writeFileSync(join(dir, 'rac.p7m'), 'không phải chữ ký');
		const lines: string[] = [];
		const log = vi.spyOn(console, 'log').mockImplementation((s: string) => void lines.push(s));
		const args = [
			'--trust',
			join(dir, 'trust'),
			'--crl',
			join(dir, 'crl'),
			'--at',
			T.now.toISOString(),
			'--json'
		];
		const ok = await verifyCommand.run([...args, join(dir, 'to-trinh.txt.p7s'), join(dir, 'van-ban.pdf')]);
		const bad = await verifyCommand.run([...args, join(dir, 'rac.p7m')]);
		log.mockRestore();
		expect(ok).toBe(0);
		expect(bad).toBe(1);
		const rows = lines.map(
			(l) =>
				JSON.parse(l) as {
					file: string;
					format: string;
					indication: string;
					subIndication: string | null;
					error: string | null;
					signatures: { signer: { subject: string } }[];
				}
		);
		expect(rows.map((r) => [r.format, r.indication, r.subIndication])).toEqual([
			['cms', 'TOTAL_PASSED', null],
			['pdf', 'TOTAL_PASSED', null],
			['cms', 'TOTAL_FAILED', 'FORMAT_FAILURE']
		]);
		expect(rows[0]!.signatures[0]!.signer.subject).toContain('CN=Nguyễn Thị Hồng Nhung, T=Phó Giám đốc');
		expect(rows[2]!.error).toBeTruthy();
	});

	it('prints usage for --help (exit 0) and rejects bad usage (exit 2)', async () => {
		const out: string[] = [];
		const log = vi.spyOn(console, 'log').mockImplementation((s: string) => void out.push(s));
		const err = vi.spyOn(console, 'error').mockImplementation(() => undefined);
		expect(await verifyCommand.run(['--help'])).toBe(0);
		expect(await verifyCommand.run([])).toBe(2);
		expect(await verifyCommand.run(['--at', 'hôm qua', 'x.pdf'])).toBe(2);
		log.mockRestore();
		err.mockRestore();
		expect(out.join('\n')).toMatch(/kiem-ky verify/);
	});
});

describe('independent cross-checks', () => {
	it('OpenSSL verifies our CMS and rejects the tampered one, as we do', async () => {
		const p7s = await signCms({
			content,
			signer: pki.org,
			chain: [pki.sub],
			detached: true,
			signingTime: T.signed
		});
		writeFileSync(join(dir, 'x.p7s'), p7s);
		writeFileSync(join(dir, 'x.txt'), content);
		writeFileSync(join(dir, 'y.txt'), Buffer.concat([content, Buffer.from('!')]));
		writeFileSync(join(dir, 'root.pem'), pki.root.pem);
		const run = (file: string) => {
			try {
				execFileSync(
					'openssl',
					[
						'cms',
						'-verify',
						'-binary',
						'-inform',
						'DER',
						'-in',
						join(dir, 'x.p7s'),
						'-content',
						join(dir, file),
						'-CAfile',
						join(dir, 'root.pem'),
						'-purpose',
						'any',
						'-attime',
						String(T.now.getTime() / 1000),
						'-out',
						'/dev/null'
					],
					{ stdio: 'pipe' }
				);
				return true;
			} catch {
				return false;
			}
		};
		const v = createVerifier({
			trustAnchors: [pki.root.der],
			revocation: { policy: 'none' },
			clock: () => T.now
		});
		expect(run('x.txt')).toBe(true);
		expect((await v.verifyFile(p7s, { detachedContent: content })).indication).toBe('TOTAL_PASSED');
		expect(run('y.txt')).toBe(false);
		expect(
			(await v.verifyFile(p7s, { detachedContent: Buffer.concat([content, Buffer.from('!')]) })).subIndication
		).toBe('HASH_FAILURE');
	});

	it('pdfsig agrees on signature validity and whole-document coverage', async () => {
		const pdf = await createSignedPdf({ signer: pki.org, chain: [pki.sub], signingTime: T.signed });
		writeFileSync(join(dir, 'p.pdf'), pdf);
		const out = execFileSync('pdfsig', [join(dir, 'p.pdf')], { encoding: 'utf8' });
		expect(out).toMatch(/Signature is Valid/);
		expect(out).toMatch(/Total document signed/);
		expect(out).toContain('Sở Khoa học và Công nghệ');
	});
});
