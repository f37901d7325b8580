// A PKI for the intake tests, dated around the real clock (the API verifies "now"): a trusted
// root, a sub-CA, two signers and fresh CRLs stored in the database; signed PDFs, .p7m and .p7s
// built with the project's test signers; and a way to call the API through the real request
// pipeline (identity, access rule, then the handler) on a test database.
import type { Handle, RequestEvent } from '@sveltejs/kit';
import type { Kysely } from 'kysely';
import type { Database } from '../../../src/lib/server/db/schema';
import {
	createCrl,
	createSignedPdf,
	generateKeyPair,
	issueCertificate,
	signCms,
	type Issued
} from '../../../src/lib/pki/testing';
import { insertCaCertificate } from '../../helpers/ca-certificates';
import { importCrlFiles } from '../../../src/lib/server/import/crls';
import { requestHandles } from '../../../src/lib/server/http/pipeline';
import { postDocuments } from '../../../src/lib/server/api/documents';

export interface IntakePki {
	root: Issued;
	sub: Issued;
	signer: Issued;
	person: Issued;
	signedAt: Date;
	receivedAt: Date;
}

const DAY = 86400_000;

export async function buildIntakePki(db: Kysely<Database>, now = Date.now()): Promise<IntakePki> {
	const keys = await generateKeyPair();
	const from = new Date(now - 365 * DAY);
	const to = new Date(now + 3 * 365 * DAY);
	const root = await issueCertificate({
		subject: { cn: 'RootCA tiếp nhận thử nghiệm', o: 'Ban Cơ yếu Chính phủ', c: 'VN' },
		keys,
		notBefore: from,
		notAfter: to,
		serial: '7a01'
	});
	const sub = await issueCertificate({
		issuer: root,
		profile: 'ca',
		pathLength: 0,
		subject: { cn: 'CA tiếp nhận các cơ quan Nhà nước', o: 'Ban Cơ yếu Chính phủ', c: 'VN' },
		keys,
		notBefore: from,
		notAfter: to,
		serial: '7a02'
	});
	const leaf = (serial: string, subject: Parameters<typeof issueCertificate>[0]['subject']) =>
		issueCertificate({ issuer: sub, subject, keys, notBefore: from, notAfter: to, serial });
	const signer = await leaf('7a03', { cn: 'Sở Y tế', o: 'UBND tỉnh Đồng Tháp', l: 'Đồng Tháp', c: 'VN' });
	const person = await leaf('7a04', { cn: 'Trần Thị Lan', title: 'Giám đốc', ou: 'Sở Y tế', c: 'VN' });
	await insertCaCertificate(db, root.der, true);
	await insertCaCertificate(db, sub.der, false);
	const thisUpdate = new Date(now - 60_000);
	const nextUpdate = new Date(now + 30 * DAY);
	const crls = await Promise.all(
		[root, sub].map((issuer) => createCrl({ issuer, thisUpdate, nextUpdate, crlNumber: 1 }))
	);
	await importCrlFiles(
		db,
		crls.map((c, i) => ({ name: `intake-${i}.crl`, bytes: c.der })),
		{ userId: null, actor: 'test', ip: null }
	);
	return {
		root,
		sub,
		signer,
		person,
		signedAt: new Date(now - 2 * 3600_000),
		receivedAt: new Date(now - 3600_000)
	};
}

export async function signedPdf(pki: IntakePki, text: string, signer = pki.signer): Promise<Uint8Array> {
	return createSignedPdf({ signer, chain: [pki.sub], signingTime: pki.signedAt, text });
}

export async function signedP7m(pki: IntakePki, text: string): Promise<Uint8Array> {
	return signCms({
		content: new TextEncoder().encode(text),
		signer: pki.person,
		chain: [pki.sub],
		signingTime: pki.signedAt
	});
}

export async function detachedP7s(pki: IntakePki, content: Uint8Array): Promise<Uint8Array> {
	return signCms({
		content,
		signer: pki.person,
		chain: [pki.sub],
		detached: true,
		signingTime: pki.signedAt
	});
}

/** The same PDF with one byte of its signed text changed: HASH_FAILURE. */
export function tampered(pdf: Uint8Array, marker: string): Uint8Array {
	const copy = new Uint8Array(pdf);
	const at = Buffer.from(copy).indexOf(marker);
	if (at < 0) throw new Error(`marker ${marker} not in the PDF`);
	copy[at] = 'X'.charCodeAt(0);
	return copy;
}

export interface Part {
	name: string;
	bytes: Uint8Array;
	type?: string;
}

/** A multipart body as a document system sends it: file, optional content, metadata JSON. */
export function intakeForm(file: Part, metadata: unknown, content?: Part): FormData {
	const form = new FormData();
	const blob = (p: Part) =>
		new Blob([p.bytes as Uint8Array<ArrayBuffer>], { type: p.type ?? 'application/octet-stream' });
	form.append('file', blob(file), file.name);
	if (content) form.append('content', blob(content), content.name);
	form.append('metadata', typeof metadata === 'string' ? metadata : JSON.stringify(metadata));
	return form;
}

function fakeEvent(request: Request): RequestEvent {
	const url = new URL(request.url);
	const jar = new Map<string, string>();
	for (const part of (request.headers.get('cookie') ?? '').split(';').filter(Boolean))
		jar.set(part.split('=')[0]!.trim(), part.slice(part.indexOf('=') + 1));
	return {
		request,
		url,
		route: { id: '/api/v1/documents' },
		params: {},
		locals: { user: null, apiKey: null, lang: 'vi' },
		cookies: {
			get: (n: string) => jar.get(n),
			getAll: () => [...jar].map(([name, value]) => ({ name, value })),
			set: (n: string, v: string) => void jar.set(n, v),
			delete: (n: string) => void jar.delete(n),
			serialize: (n: string, v: string) => `${n}=${v}; Path=/; Max-Age=0`
		},
		getClientAddress: () => '10.1.2.3',
		setHeaders: () => {},
		fetch,
		platform: undefined,
		isDataRequest: false,
		isSubRequest: false,
		isRemoteRequest: false
	} as unknown as RequestEvent;
}

/** POST /api/v1/documents through the request pipeline of hooks.server.ts, then the handler. */
export async function postThroughPipeline(
	db: Kysely<Database>,
	init: { body: BodyInit; headers?: Record<string, string> }
): Promise<Response> {
	const request = new Request('http://localhost/api/v1/documents', {
		method: 'POST',
		body: init.body,
		headers: { accept: 'application/json', ...init.headers },
		duplex: 'half'
	} as RequestInit);
	const handles: Handle[] = requestHandles(async () => db);
	const at = (i: number, event: RequestEvent): Promise<Response> =>
		Promise.resolve(
			i === handles.length ? postDocuments(db, event) : handles[i]!({ event, resolve: (e) => at(i + 1, e) })
		);
	return at(0, fakeEvent(request));
}
