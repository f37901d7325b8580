// `kiem-ky verify --report html|xml --out FILE`: the same reports as the pages, written for one file, and
// refused with a Vietnamese message (exit 2) when the options do not fit together.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { command } from '../../../src/cli/commands/verify';
import { signCms } from '../../../src/lib/pki/testing';
import { buildTestPki, T } from '../pki/fixtures';
import { validateEtsiReport } from '../../helpers/etsi-schema';

const dir = mkdtempSync(path.join(tmpdir(), 'kiemky-verify-report-'));
const file = path.join(dir, 'quyet-dinh.p7m');
const p = (name: string) => path.join(dir, name);

beforeAll(async () => {
	const pki = await buildTestPki();
	writeFileSync(p('root.cer'), pki.root.der);
	writeFileSync(p('root.crl'), pki.rootCrl);
	writeFileSync(p('sub.crl'), pki.subCrl);
	const signed = await signCms({
		content: new TextEncoder().encode('Quyết định số 9/QĐ-UBND'),
		signer: pki.person,
		chain: [pki.sub],
		signingTime: T.signed
	});
	writeFileSync(file, signed);
});
afterEach(() => vi.restoreAllMocks());
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(...argv: string[]) {
	const err: string[] = [];
	vi.spyOn(console, 'log').mockImplementation(() => {});
	vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
	return { code: await command.run(argv), err };
}

const base = () => ['--trust', p('root.cer'), '--crl', p('root.crl'), '--crl', p('sub.crl')];

describe('kiem-ky verify --report', () => {
	it('writes the HTML and the ETSI XML report of the file, at the --at time', async () => {
		const at = T.now.toISOString();
		const html = await run(...base(), '--at', at, '--report', 'html', '--out', p('r.html'), file);
		expect(html.code).toBe(0);
		expect(html.err).toContain(`Đã ghi báo cáo HTML vào ${p('r.html')}`);
		const page = readFileSync(p('r.html'), 'utf8');
		expect(page).toContain('BÁO CÁO KIỂM TRA CHỮ KÝ SỐ');
		expect(page).toContain('quyet-dinh.p7m');
		expect(page).toContain('do người kiểm tra chọn');
		const xml = await run(...base(), '--at', at, '--report', 'xml', '--out', p('r.xml'), file);
		expect(xml.code).toBe(0);
		const doc = readFileSync(p('r.xml'), 'utf8');
		expect(doc).toContain('<vr:ValidationReport xmlns:vr="http://uri.etsi.org/19102/v1.4.1#"');
		// The file the command wrote is valid against the standard's schema.
		expect(await validateEtsiReport(doc)).toEqual({ valid: true, errors: [] });
		expect(doc).toContain(`<vr:ValidationTime>${at}</vr:ValidationTime>`);
		expect(doc).toContain('urn:etsi:019102:mainindication:total-passed');
	});

	it('refuses options that do not fit together', async () => {
		for (const [argv, message] of [
			[['--report', 'html', file], '--report cần --out TỆP để ghi báo cáo'],
			[['--out', p('x.html'), file], '--out chỉ dùng cùng --report html|xml'],
			[['--report', 'pdf', '--out', p('x.pdf'), file], '--report phải là html hoặc xml'],
			[
				['--report', 'xml', '--out', p('x.xml'), file, file],
				'--report chỉ dùng với đúng một tệp cần kiểm tra'
			]
		] as const) {
			const r = await run(...argv);
			expect(r.code).toBe(2);
			expect(r.err[0]).toContain(`kiem-ky verify: ${message}`);
		}
	});

	it('exits 2 when the report cannot be written', async () => {
		const r = await run(...base(), '--report', 'xml', '--out', path.join(dir, 'khong-co', 'r.xml'), file);
		expect(r.code).toBe(2);
		expect(r.err.at(-1)).toMatch(/không ghi được báo cáo vào .*: không tìm thấy tệp/);
	});
});
