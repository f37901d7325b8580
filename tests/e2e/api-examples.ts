// One or more real requests for every operation of the OpenAPI document, used by
// api-contract.spec.ts. A new /api endpoint adds its examples here (the spec fails without them).
import { createPdf, createSignedPdf, generateKeyPair, issueCertificate } from '../../src/lib/pki/testing';
export interface ApiExample {
	title: string;
	method: 'GET' | 'POST' | 'PUT' | 'DELETE';
	/** The OpenAPI path (template) the request exercises. */
	path: string;
	/** The concrete URL when the path has parameters. */
	url?: string;
	auth: 'key' | 'bad-key' | 'none';
	headers?: Record<string, string>;
	body?: unknown;
	multipart?: Record<string, string | { name: string; mimeType: string; buffer: Buffer }>;
	expectStatus: number;
}

// A signed PDF from a CA the server does not trust: archived all the same (INDETERMINATE).
const signer = await issueCertificate({
	subject: { cn: 'Sở Y tế (hợp đồng API)', o: 'UBND tỉnh Đồng Tháp' },
	keys: await generateKeyPair(),
	notBefore: new Date(Date.now() - 86400_000),
	notAfter: new Date(Date.now() + 365 * 86400_000)
});
const pdf = (text: string) =>
	createSignedPdf({ signer, signingTime: new Date(Date.now() - 3600_000), text }).then((b) => Buffer.from(b));
const sourceId = `HD-${Date.now()}`;
const documentPart = async (text: string, id = sourceId) => ({
	file: { name: 'cong-van.pdf', mimeType: 'application/pdf', buffer: await pdf(text) },
	metadata: JSON.stringify({
		agency: 'SYT',
		document_number: '01/SYT-VP',
		direction: 'incoming',
		received_or_issued_at: new Date(Date.now() - 1800_000).toISOString(),
		source_id: id,
		source_verification: { indication: 'INDETERMINATE' }
	})
});
const signedDocument = await documentPart('Cong van 01/SYT-VP');
const documents = '/api/v1/documents';

// Signing events: an unknown certificate is kept (and becomes a finding), so any fingerprint will do.
const signingEvents = '/api/v1/signing-events';
const signingEvent = (id: string, o: Record<string, unknown> = {}) => ({
	source_id: id,
	signed_at: new Date(Date.now() - 3600_000).toISOString(),
	certificate_fingerprint: 'ab'.repeat(32),
	document_agency_code: 'SYT',
	channel: 'qlvb',
	...o
});
const eventBatch = { events: [signingEvent(`E2E-${Date.now()}-1`), signingEvent(`E2E-${Date.now()}-2`)] };

export const API_EXAMPLES: ApiExample[] = [
	{ title: 'valid key', method: 'GET', path: '/api/v1/ping', auth: 'key', expectStatus: 200 },
	{ title: 'unknown key', method: 'GET', path: '/api/v1/ping', auth: 'bad-key', expectStatus: 401 },
	{ title: 'public', method: 'GET', path: '/api/v1/openapi.json', auth: 'none', expectStatus: 200 },
	{
		title: 'a signed PDF',
		method: 'POST',
		path: documents,
		auth: 'key',
		multipart: signedDocument,
		expectStatus: 201
	},
	{
		title: 'the same again',
		method: 'POST',
		path: documents,
		auth: 'key',
		multipart: signedDocument,
		expectStatus: 200
	},
	{
		title: 'other bytes, same source id',
		method: 'POST',
		path: documents,
		auth: 'key',
		multipart: await documentPart('Cong van 01/SYT-VP (ban khac)'),
		expectStatus: 409
	},
	{
		title: 'not a signed file',
		method: 'POST',
		path: documents,
		auth: 'key',
		multipart: {
			...(await documentPart('x', `${sourceId}-x`)),
			file: { name: 'ghi-chu.pdf', mimeType: 'application/pdf', buffer: Buffer.from(createPdf()) }
		},
		expectStatus: 400
	},
	{
		title: 'JSON instead of multipart',
		method: 'POST',
		path: documents,
		auth: 'key',
		headers: { 'content-type': 'application/json' },
		body: { metadata: {} },
		expectStatus: 415
	},
	{
		title: 'unknown key',
		method: 'POST',
		path: documents,
		auth: 'bad-key',
		multipart: signedDocument,
		expectStatus: 401
	},
	{
		title: 'a batch of events',
		method: 'POST',
		path: signingEvents,
		auth: 'key',
		body: eventBatch,
		expectStatus: 200
	},
	{
		title: 'the same batch again',
		method: 'POST',
		path: signingEvents,
		auth: 'key',
		body: eventBatch,
		expectStatus: 200
	},
	{
		title: 'a day that does not exist (all-or-nothing)',
		method: 'POST',
		path: signingEvents,
		auth: 'key',
		body: { events: [signingEvent(`E2E-${Date.now()}-3`, { signed_at: '2026-02-30T09:00:00+07:00' })] },
		expectStatus: 422
	},
	{
		title: 'more than 5,000 events',
		method: 'POST',
		path: signingEvents,
		auth: 'key',
		body: { events: Array.from({ length: 5001 }, (_, i) => ({ source_id: i })) },
		expectStatus: 413
	},
	{
		title: 'malformed JSON',
		method: 'POST',
		path: signingEvents,
		auth: 'key',
		headers: { 'content-type': 'application/json' },
		body: '{"events": [',
		expectStatus: 400
	},
	{
		title: 'not JSON',
		method: 'POST',
		path: signingEvents,
		auth: 'key',
		headers: { 'content-type': 'text/plain' },
		body: 'source_id,signed_at',
		expectStatus: 415
	},
	{
		title: 'unknown key',
		method: 'POST',
		path: signingEvents,
		auth: 'bad-key',
		body: eventBatch,
		expectStatus: 401
	}
];
