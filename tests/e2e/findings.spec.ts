import { test, expect, signInAs } from './fixtures';

test.describe.configure({ mode: 'serial' });

test('after the misuse scan an inspector filters, opens, acknowledges and resolves a finding', async ({
	page
}) => {
	test.setTimeout(240_000);
	await signInAs(page, 'thanhtra');
	await page.goto('/tac-vu');
	await page.getByRole('button', { name: 'Chạy ngay: Quét sử dụng chữ ký sai quy định' }).click();
	await expect(
		page
			.getByRole('row', { name: /misuse-scan/ })
			.first()
			.getByText('Thành công')
	).toBeVisible({ timeout: 180_000 });

	await page.getByRole('link', { name: 'Cảnh báo', exact: true }).click();
	await page.getByLabel('Loại').selectOption({ label: 'Ký số văn bản mật' });
	await page.getByRole('button', { name: 'Lọc' }).click();
	await expect(page.getByText('1 cảnh báo')).toBeVisible();
	await page.getByRole('link', { name: /Văn bản (Mật|Tối mật|Tuyệt mật) / }).click();
	await expect(page.getByRole('heading', { name: 'Ký số văn bản mật' })).toBeVisible();
	await expect(page.getByText('Điều 3.1')).toBeVisible();

	await page.getByRole('button', { name: 'Xác nhận đang xử lý' }).click();
	await expect(page.getByRole('cell', { name: 'Đã xác nhận, đang xử lý' })).toBeVisible();
	await page.getByRole('button', { name: 'Đóng cảnh báo' }).click();
	await expect(page.getByRole('alert')).toHaveText('Vui lòng ghi rõ cách xử lý trước khi đóng cảnh báo.');
	await page
		.getByLabel('Cách xử lý')
		.fill('Đã yêu cầu cơ quan thu hồi văn bản và chuyển sang trình ký giấy.');
	await page.getByRole('button', { name: 'Đóng cảnh báo' }).click();
	await expect(page.getByText('Đã yêu cầu cơ quan thu hồi văn bản', { exact: false }).first()).toBeVisible();
	await expect(page.getByRole('button', { name: 'Mở lại' })).toBeVisible();
});

test('an agency officer sees only their own agency findings and may acknowledge, not resolve', async ({
	page
}) => {
	await signInAs(page, 'coquan');
	await page.goto('/canh-bao?trang-thai=all');
	await expect(page.getByRole('link', { name: /Văn bản (Mật|Tối mật|Tuyệt mật) / })).toHaveCount(0);
	const agencies = await page.locator('tbody tr td:nth-child(5)').allTextContents();
	expect(agencies.length).toBeGreaterThan(0);
	for (const a of agencies) expect(a).toMatch(/Y tế|Bệnh viện|Trung tâm|Sở Y tế/);
	await page.locator('tbody tr a').first().click();
	await expect(page.getByRole('button', { name: 'Đóng cảnh báo' })).toHaveCount(0);
});
