// Forms (issue 14): a new issuance names its person, picked by typing "nguyen" without accents; a
// refused request keeps what was typed; the report form keeps what a report was made with; the jobs
// page in English names its jobs and schedules in English.
import { test, expect, signInAs } from './fixtures';

test('an officer picks the person of a new issuance by typing without accents; a refusal keeps the form', async ({
	page
}) => {
	await signInAs(page, 'coquan');
	await page.goto('/yeu-cau/moi');
	await page.getByLabel('Loại yêu cầu').selectOption('issue');
	await page.getByLabel('Số, ký hiệu văn bản đề nghị').fill('77/SYT-TCCB');
	// Without the person the server refuses, naming the field, and keeps what was typed.
	await page
		.getByRole('combobox', { name: /Người được cấp/ })
		.evaluate((el) => el.removeAttribute('required'));
	await page.getByRole('button', { name: 'Gửi yêu cầu' }).click();
	await expect(page.getByRole('alert')).toContainText('phải ghi người được cấp');
	await expect(page.getByLabel('Loại yêu cầu')).toHaveValue('issue');
	await expect(page.getByLabel('Số, ký hiệu văn bản đề nghị')).toHaveValue('77/SYT-TCCB');

	const person = page.getByRole('combobox', { name: /Người được cấp/ });
	await person.fill('nguyen');
	const first = page
		.getByRole('listbox', { name: /Người được cấp/ })
		.getByRole('option')
		.first();
	await expect(first).toContainText('Nguyễn');
	await first.click();
	await expect(person).toHaveValue(/^Nguyễn .+ \(#\d+\)$/);
	const picked = (await person.inputValue()).replace(/ \(#\d+\)$/, '');
	await page.getByRole('button', { name: 'Gửi yêu cầu' }).click();
	await expect(page.getByRole('heading', { name: /Cấp mới #\d+/ })).toBeVisible();
	await expect(page.getByText(picked).first()).toBeVisible();
	await expect(page.getByText('Mẫu 01').first()).toBeVisible();
});

test('the report form keeps what the report was made with', async ({ page }) => {
	test.setTimeout(180_000);
	await signInAs(page, 'baocao');
	await page.goto('/bao-cao');
	await page.getByLabel('Loại báo cáo').selectOption('expiry');
	await page.getByLabel('Cơ quan, đơn vị').selectOption({ label: 'Sở Y tế' });
	const period = await page.getByLabel('Kỳ báo cáo').inputValue();
	await page.getByRole('button', { name: 'Tạo báo cáo' }).click();
	await expect(page.getByRole('status').getByRole('link')).toBeVisible({ timeout: 120_000 });
	await expect(page.getByLabel('Loại báo cáo')).toHaveValue('expiry');
	await expect(page.getByLabel('Kỳ báo cáo')).toHaveValue(period);
	await expect(page.getByLabel('Cơ quan, đơn vị').locator('option:checked')).toHaveText(/Sở Y tế/);
	// The same after a reload: what the report was made with is in the address.
	await page.reload();
	await expect(page.getByLabel('Loại báo cáo')).toHaveValue('expiry');
	await expect(page.getByLabel('Cơ quan, đơn vị').locator('option:checked')).toHaveText(/Sở Y tế/);
});

test('the jobs page in English names jobs and schedules in English', async ({ page }) => {
	await signInAs(page, 'lanhdao');
	await page.goto('/tac-vu');
	await page.getByRole('button', { name: 'EN', exact: true }).click();
	try {
		// The job list and, once it has run, the history name it.
		await expect(page.getByText('Expiring certificates scan', { exact: true }).first()).toBeVisible();
		await expect(page.getByText('Quét chứng thư sắp hết hạn')).toHaveCount(0);
		await expect(page.getByText(/daily at \d\d:\d\d/).first()).toBeVisible();
	} finally {
		await page.getByRole('button', { name: 'VI', exact: true }).click();
		await expect(page.getByText('Quét chứng thư sắp hết hạn', { exact: true }).first()).toBeVisible();
	}
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('a revocation takes a typed serial, and a refusal keeps the form', async ({ page }) => {
		await signInAs(page, 'coquan');
		// A serial of the officer's own agency, as the picker's endpoint offers it.
		const choices = (await (await page.request.get('/api/chon/chung-thu?q=')).json()) as { value: string }[];
		expect(choices.length).toBeGreaterThan(0);
		await page.goto('/yeu-cau/moi');
		await page.getByLabel('Loại yêu cầu').selectOption('revoke');
		await page.getByLabel('Số, ký hiệu văn bản đề nghị').fill('78/SYT-VP');
		await page.getByRole('combobox', { name: /^Chứng thư/ }).fill('khong-co-so-nay');
		await page.getByRole('button', { name: 'Gửi yêu cầu' }).click();
		await expect(page.getByRole('alert')).toContainText('Không tìm thấy chứng thư');
		await expect(page.getByLabel('Số, ký hiệu văn bản đề nghị')).toHaveValue('78/SYT-VP');
		await expect(page.getByRole('combobox', { name: /^Chứng thư/ })).toHaveValue('khong-co-so-nay');
		await page.getByRole('combobox', { name: /^Chứng thư/ }).fill(choices[0]!.value.toUpperCase());
		await page.getByRole('button', { name: 'Gửi yêu cầu' }).click();
		await expect(page.getByRole('heading', { name: /Thu hồi #\d+/ })).toBeVisible();
	});
});
