// The OpenAPI document matches what the server does: real HTTP requests to every operation the
// document lists (examples in api-examples.ts), each answer checked against the document's schema
// for that status. An operation without an example, or an answer with an undocumented status,
// fails the spec. The API key is made the way an administrator makes one, on /quan-tri/khoa-api.
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { test, expect, signInAs } from './fixtures';
import { API_EXAMPLES } from './api-examples';

type Doc = {
	paths: Record<
		string,
		Record<string, { responses: Record<string, { content?: Record<string, { schema?: object }> }> }>
	>;
	components: { schemas: Record<string, object> };
};

test('every /api operation answers as its OpenAPI document says', async ({ page, request }) => {
	await signInAs(page, 'admin');
	await page.goto('/quan-tri/khoa-api');
	const name = `hop dong ${Date.now()}`;
	await page.getByLabel('Tên khóa').fill(name);
	await page.getByLabel('Hệ thống nguồn').fill('QLVB-E2E');
	await page.getByRole('button', { name: 'Tạo khóa API' }).click();
	const key = (await page.locator('pre code').textContent())!.trim();
	expect(key).toMatch(/^kk_[0-9a-f]{8}_/);

	const docResponse = await request.get('/api/v1/openapi.json');
	expect(docResponse.status()).toBe(200);
	const doc = (await docResponse.json()) as Doc;
	expect(doc).toMatchObject({ openapi: '3.1.0' });

	const ajv = new Ajv2020({ strict: false, allErrors: true });
	addFormats(ajv);
	ajv.addSchema({ $id: 'doc', components: doc.components });
	const validatorFor = (schema: object) =>
		ajv.compile({ $ref: `doc#/components/schemas/${(schema as { $ref: string }).$ref.split('/').pop()}` });

	const operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
		Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`)
	);
	const exercised = new Set(API_EXAMPLES.map((e) => `${e.method} ${e.path}`));
	expect(
		operations.filter((o) => !exercised.has(o)),
		'operations without an example'
	).toEqual([]);

	for (const example of API_EXAMPLES) {
		const headers: Record<string, string> = { ...(example.headers ?? {}) };
		if (example.auth === 'key') headers.authorization = `Bearer ${key}`;
		if (example.auth === 'bad-key') headers.authorization = 'Bearer kk_00000000_' + 'A'.repeat(43);
		const response = await request.fetch(example.url ?? example.path, {
			method: example.method,
			headers,
			data: example.body,
			multipart: example.multipart
		});
		const label = `${example.method} ${example.path} (${example.title})`;
		expect(response.status(), label).toBe(example.expectStatus);
		const documented =
			doc.paths[example.path]![example.method.toLowerCase()]!.responses[String(response.status())];
		expect(documented, `${label}: status ${response.status()} is documented`).toBeDefined();
		const schema = documented!.content?.['application/json']?.schema;
		if (!schema) continue;
		const validate = validatorFor(schema);
		const body = await response.json();
		expect(validate(body) ? [] : validate.errors, `${label}: body matches the document`).toEqual([]);
	}
});

test('the API reference page lists every operation of the document, without signing in', async ({
	page,
	request
}) => {
	const doc = (await (await request.get('/api/v1/openapi.json')).json()) as Doc;
	await page.goto('/api/docs');
	await expect(page.getByRole('heading', { level: 1, name: 'Tài liệu API' })).toBeVisible();
	for (const [path, ops] of Object.entries(doc.paths))
		for (const method of Object.keys(ops))
			await expect(page.getByRole('heading', { name: `${method.toUpperCase()} ${path}` })).toBeVisible();
});
