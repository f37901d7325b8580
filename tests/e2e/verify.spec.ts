// Upload-and-verify in the browser: an administrator imports a test CA through the import page
// (preview, trust the root, confirm), then the verify page gives the plain-Vietnamese verdict
// for a valid, a tampered and a malformed file, uploaded with setInputFiles; the valid one is then
// filed into the archive on /luu-tru/nhap and its page shows the verdict. The valid file's report is
// downloaded as HTML and as ETSI TS 119 102-2 XML (from the upload page and the archive page) and read back,
// and the same file verified at a chosen time before its certificate was valid fails.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Download, Page } from '@playwright/test';
import { test, expect, signInAs } from './fixtures';
import { formatDateTimeInput } from '../../src/lib/i18n/date-time-input';
import {
	createCrl,
	createSignedPdf,
	generateKeyPair,
	issueCertificate,
	type Issued
} from '../../src/lib/pki/testing';

let root: Issued;
let sub: Issued;
let signer: Issued;
let crls: Uint8Array[];
const signed = new Date(Date.now() - 3600_000);

/** Clicks what starts a download and returns the file's name and text. */
async function downloaded(page: Page, click: () => Promise<void>): Promise<{ name: string; text: string }> {
	const [d]: [Download, void] = await Promise.all([page.waitForEvent('download'), click()]);
	return { name: d.suggestedFilename(), text: await readFile((await d.path())!, 'utf8') };
}

test.beforeAll(async () => {
	const keys = await generateKeyPair();
	const from = new Date(Date.now() - 365 * 86400_000);
	const to = new Date(Date.now() + 3 * 365 * 86400_000);
	root = await issueCertificate({
		subject: { cn: 'RootCA e2e chuyên dùng Chính phủ', o: 'Ban Cơ yếu Chính phủ' },
		keys,
		notBefore: from,
		notAfter: to,
		serial: '0e01'
	});
	sub = await issueCertificate({
		issuer: root,
		profile: 'ca',
		pathLength: 0,
		subject: { cn: 'CA e2e các cơ quan Nhà nước', o: 'Ban Cơ yếu Chính phủ' },
		keys,
		notBefore: from,
		notAfter: to,
		serial: '0e02'
	});
	signer = await issueCertificate({
		issuer: sub,
		subject: { cn: 'Sở Y tế', o: 'UBND tỉnh Đồng Tháp', l: 'Đồng Tháp' },
		keys,
		notBefore: from,
		notAfter: to,
		serial: '0e03'
	});
	const thisUpdate = new Date(Date.now() - 60_000);
	const nextUpdate = new Date(Date.now() + 30 * 86400_000);
	crls = [
		(await createCrl({ issuer: root, thisUpdate, nextUpdate, crlNumber: 1 })).der,
		(await createCrl({ issuer: sub, thisUpdate, nextUpdate, crlNumber: 1 })).der
	];
});

test('an administrator imports and trusts a root, then valid, tampered and malformed files get their verdicts', async ({
	page
}) => {
	await signInAs(page, 'admin');
	await page.goto('/chung-thu/nhap');
	await page.getByLabel('Tệp chứng thư').setInputFiles([
		{ name: 'root.cer', mimeType: 'application/pkix-cert', buffer: Buffer.from(root.der) },
		{ name: 'sub.pem', mimeType: 'application/x-pem-file', buffer: Buffer.from(sub.pem) },
		{ name: 'so-y-te.cer', mimeType: 'application/pkix-cert', buffer: Buffer.from(signer.der) },
		{ name: 'root.crl', mimeType: 'application/pkix-crl', buffer: Buffer.from(crls[0]!) },
		{ name: 'sub.crl', mimeType: 'application/pkix-crl', buffer: Buffer.from(crls[1]!) }
	]);
	await page.getByRole('button', { name: 'Xem trước' }).click();
	await expect(page.getByRole('heading', { name: /Xem trước lượt nhập/ })).toBeVisible();
	await expect(page.getByRole('cell', { name: /RootCA e2e chuyên dùng Chính phủ/ }).first()).toBeVisible();
	await page.getByLabel('Đánh dấu tin cậy các CA gốc tự ký trong lượt nhập này').check();
	await page.getByRole('button', { name: 'Xác nhận nhập' }).click();
	await expect(page.getByRole('status')).toHaveText('Đã nhập vào danh mục.');

	const pdf = await createSignedPdf({
		signer,
		chain: [sub],
		signingTime: signed,
		text: 'Cong van 05/SYT-VP'
	});
	await page.goto('/kiem-tra-chu-ky');
	await page
		.getByLabel('Tệp đã ký (PDF, .p7m hoặc .p7s)')
		.setInputFiles({ name: 'cong-van.pdf', mimeType: 'application/pdf', buffer: Buffer.from(pdf) });
	await page.getByRole('button', { name: 'Kiểm tra' }).click();
	const result = page.getByRole('region', { name: 'Kết quả kiểm tra' });
	// The first verification after the import parses the demo inventory (2,000 certificates): slow on a busy machine.
	await expect(result.locator('[data-indication]')).toHaveText('Hợp lệ', { timeout: 60_000 });
	await expect(result).toContainText('Sở Y tế');
	await expect(result).toContainText('Toàn bộ tài liệu');
	await expect(page.locator('[data-validation-time]')).toContainText('thời điểm hiện tại');

	// The report, downloaded as HTML and as ETSI XML, stands on its own.
	const sha256 = createHash('sha256').update(pdf).digest('hex');
	const html = await downloaded(page, () =>
		page.getByRole('button', { name: 'Tải báo cáo (HTML, in được)' }).click()
	);
	expect(html.name).toBe('bao-cao-kiem-tra-cong-van.html');
	for (const text of [
		'BÁO CÁO KIỂM TRA CHỮ KÝ SỐ',
		sha256,
		'Sở Y tế',
		'RootCA e2e chuyên dùng Chính phủ',
		'Thông tin thu hồi đã dùng',
		'Chưa bị thu hồi',
		'Hợp lệ',
		'Chính sách kiểm tra đã áp dụng',
		'Kiểm Ký phiên bản'
	])
		expect(html.text).toContain(text);
	const xml = await downloaded(page, () =>
		page.getByRole('button', { name: 'Tải báo cáo ETSI TS 119 102-2 (XML)' }).click()
	);
	expect(xml.name).toBe('bao-cao-kiem-tra-cong-van.xml');
	expect(xml.text).toContain('<vr:ValidationReport xmlns:vr="http://uri.etsi.org/19102/v1.4.1#"');
	expect(xml.text).toContain(
		'<vr:MainIndication>urn:etsi:019102:mainindication:total-passed</vr:MainIndication>'
	);
	expect(xml.text).toContain(Buffer.from(sha256, 'hex').toString('base64'));

	// The check was kept with its evidence: it opens again, is made again as it was made, downloads its report.
	await page.getByRole('link', { name: 'Mở lại lần kiểm tra này' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^Lần kiểm tra đã lưu số \d+$/);
	await expect(page.getByText('cong-van.pdf').first()).toBeVisible();
	await page.getByRole('button', { name: 'Thực hiện lại như khi kiểm tra' }).click();
	await expect(page.getByText('Thực hiện lại bằng dữ liệu đã lưu cho đúng kết quả đã ghi nhận.')).toBeVisible(
		{ timeout: 60_000 }
	);
	const storedXml = await downloaded(page, () =>
		page.getByRole('link', { name: 'Tải báo cáo ETSI TS 119 102-2 (XML)' }).click()
	);
	expect(storedXml.text).toContain(Buffer.from(sha256, 'hex').toString('base64'));
	await page.getByRole('link', { name: /Quay lại trang kiểm tra/ }).click();
	await expect(page.getByRole('heading', { name: 'Các lần kiểm tra đã lưu' })).toBeVisible();

	// At a chosen time: a day that does not exist is refused; two years ago the certificate was not yet valid.
	const fileInput = page.getByLabel('Tệp đã ký (PDF, .p7m hoặc .p7s)');
	const atField = page.getByLabel(/^Thời điểm kiểm tra/);
	await fileInput.setInputFiles({
		name: 'cong-van.pdf',
		mimeType: 'application/pdf',
		buffer: Buffer.from(pdf)
	});
	await atField.fill('31/02/2025 10:00');
	await page.getByRole('button', { name: 'Kiểm tra' }).click();
	await expect(page.getByRole('alert')).toContainText('Thời điểm kiểm tra "31/02/2025 10:00" không hợp lệ');
	const early = formatDateTimeInput(new Date(Date.now() - 2 * 365 * 86400_000));
	await fileInput.setInputFiles({
		name: 'cong-van.pdf',
		mimeType: 'application/pdf',
		buffer: Buffer.from(pdf)
	});
	await atField.fill(early);
	await page.getByRole('button', { name: 'Kiểm tra' }).click();
	await expect(page.locator('[data-validation-time]')).toContainText(`${early}:00`);
	await expect(page.locator('[data-validation-time]')).toContainText('do người kiểm tra chọn');
	await expect(result.locator('[data-indication]')).not.toHaveText('Hợp lệ');

	const tampered = Buffer.from(pdf);
	tampered[tampered.indexOf('Cong van 05')] = 'X'.charCodeAt(0);
	await page
		.getByLabel('Tệp đã ký (PDF, .p7m hoặc .p7s)')
		.setInputFiles({ name: 'sua.pdf', mimeType: 'application/pdf', buffer: tampered });
	await page.getByRole('button', { name: 'Kiểm tra' }).click();
	await expect(result.locator('[data-indication]')).toHaveText('Không hợp lệ');
	await expect(result).toContainText('HASH_FAILURE');
	await expect(result).toContainText('Nội dung tài liệu đã bị thay đổi sau khi ký');

	await page
		.getByLabel('Tệp đã ký (PDF, .p7m hoặc .p7s)')
		.setInputFiles({ name: 'hong.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.7 hỏng') });
	await page.getByRole('button', { name: 'Kiểm tra' }).click();
	await expect(result.locator('[data-indication]')).toHaveText('Không hợp lệ');
	await expect(result).toContainText('FORMAT_FAILURE');

	// The same signed PDF filed into the archive by hand: verified at once, then its page.
	await page.goto('/luu-tru');
	await page.getByRole('link', { name: 'Tiếp nhận văn bản' }).click();
	await expect(page.getByRole('heading', { name: 'Tiếp nhận văn bản đã ký' })).toBeVisible();
	await page
		.getByLabel('Tệp đã ký (PDF, .p7m hoặc .p7s)')
		.setInputFiles({ name: 'cong-van-05.pdf', mimeType: 'application/pdf', buffer: Buffer.from(pdf) });
	const agency = page.getByLabel('Cơ quan lưu văn bản');
	const syt = await agency.locator('option', { hasText: /^\s*Sở Y tế$/ }).getAttribute('value');
	await agency.selectOption(syt!);
	await page.getByLabel('Số và ký hiệu').fill('05/SYT-VP');
	await page.getByRole('radio', { name: 'Văn bản đến' }).check();
	await expect(page.getByLabel('Hệ thống nguồn', { exact: true })).toHaveValue('Tải lên thủ công');
	await page.getByRole('button', { name: 'Kiểm tra và lưu trữ' }).click();
	await expect(page).toHaveURL(/\/luu-tru\/\d+\?tiep-nhan=moi$/);
	await expect(page.getByRole('status')).toHaveText('Đã tiếp nhận văn bản và kiểm tra chữ ký.');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('cong-van-05.pdf');
	await expect(page.getByText('Văn bản đến')).toBeVisible();
	await expect(page.locator('.panel .badge').first()).toHaveText('Hợp lệ');

	// The archive's stored verification, downloaded from its history.
	await page.getByRole('button', { name: 'Chi tiết' }).first().click();
	const archived = await downloaded(page, () =>
		page.getByRole('link', { name: 'Tải báo cáo (HTML, in được)' }).click()
	);
	expect(archived.name).toBe('bao-cao-kiem-tra-cong-van-05.html');
	expect(archived.text).toContain('Văn bản lưu trữ số');
	expect(archived.text).toContain(sha256);
	const archivedXml = await downloaded(page, () =>
		page.getByRole('link', { name: 'Tải báo cáo ETSI TS 119 102-2 (XML)' }).click()
	);
	expect(archivedXml.text).toContain('urn:etsi:019102:mainindication:total-passed');
});

test('an agency officer may verify, but may not open the import page', async ({ page }) => {
	await signInAs(page, 'coquan');
	await page.goto('/kiem-tra-chu-ky');
	await expect(page.getByRole('heading', { name: 'Kiểm tra chữ ký số' })).toBeVisible();
	const response = await page.goto('/chung-thu/nhap');
	expect(response?.status()).toBe(403);
});
