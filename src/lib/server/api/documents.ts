// POST /api/v1/documents (src/routes/api/v1/documents/+server.ts): reads the multipart body under
// its cap, validates it with the contract's schema, and hands it to the archive intake, the same
// service the upload page calls. Contract: src/lib/server/api/contracts/documents.ts.
import type { RequestEvent } from '@sveltejs/kit';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { isAppError } from '../../errors';
import { auditFromEvent } from '../audit/from-event';
import {
	intakeDocument,
	MANUAL_SOURCE_SYSTEM,
	type IntakeActor,
	type IntakeResult
} from '../document-archive/intake';
import { INTAKE_REFUSALS } from '../document-archive/intake-refusals';
import { apiError } from './errors';
import { apiKeyGate, validateBody } from './handler';
import { readMultipartBody } from './multipart';
import { appErrorResponse } from './app-error';
import {
	documentIntakeRequestSchema,
	MAX_DOCUMENT_REQUEST_BYTES,
	type DocumentIntakeResponse
} from './contracts/documents';

type Event = Pick<RequestEvent, 'request' | 'locals' | 'getClientAddress'>;

/** The metadata part: a JSON text sent as a plain field or as a file part (application/json). */
async function metadataPart(
	form: FormData
): Promise<{ ok: true; value: unknown } | { ok: false; response: Response }> {
	const part = form.get('metadata');
	if (part === null) return { ok: true, value: undefined };
	const text = typeof part === 'string' ? part : await part.text();
	try {
		return { ok: true, value: JSON.parse(text) as unknown };
	} catch (e) {
		const where = e instanceof SyntaxError ? ` (${e.message})` : '';
		return {
			ok: false,
			response: apiError(
				400,
				'INVALID_JSON',
				`Phần "metadata" không phải JSON hợp lệ${where}.`,
				`The "metadata" part is not valid JSON${where}.`,
				{ details: { field: 'metadata' } }
			)
		};
	}
}

function responseBody(r: IntakeResult): DocumentIntakeResponse {
	return {
		id: r.id,
		already_present: r.alreadyPresent,
		indication: r.indication,
		sub_indication: r.subIndication,
		signatures: r.signatures.map((s) => ({
			signer: s.signer,
			serial: s.serial,
			fingerprint: s.fingerprint,
			signing_time: s.signingTime,
			indication: s.indication,
			sub_indication: s.subIndication
		})),
		...(r.disagreement
			? {
					disagreement: {
						reported_indication: r.disagreement.reportedIndication,
						reported_message: r.disagreement.reportedMessage,
						indication: r.disagreement.indication,
						sub_indication: r.disagreement.subIndication,
						finding_id: r.disagreement.findingId
					}
				}
			: {})
	};
}

const fileOf = async (f: File) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) });

export async function postDocuments(db: Kysely<Database>, event: Event): Promise<Response> {
	const limited = apiKeyGate(event.locals);
	if (limited) return limited;
	const { apiKey, user } = event.locals;
	if (!apiKey && !user) return apiError(401, 'UNAUTHENTICATED', 'Vui lòng đăng nhập.', 'Sign in first.');
	const body = await readMultipartBody(event.request, MAX_DOCUMENT_REQUEST_BYTES);
	if (!body.ok) return body.response;
	const metadata = await metadataPart(body.value);
	if (!metadata.ok) return metadata.response;
	const parsed = validateBody(documentIntakeRequestSchema, {
		file: body.value.get('file') ?? undefined,
		content: body.value.get('content') ?? undefined,
		metadata: metadata.value
	});
	if (!parsed.ok) return parsed.response;
	const { file, content, metadata: m } = parsed.value;

	if (apiKey && m.source_system !== undefined && m.source_system !== apiKey.sourceSystem)
		return appErrorResponse(INTAKE_REFUSALS.sourceSystemMismatch(apiKey.sourceSystem));
	const actor: IntakeActor = {
		origin: 'api',
		scope: apiKey ? apiKey.scope : user!.scope,
		apiKeyId: apiKey?.id ?? null,
		userId: user?.id ?? null,
		who: auditFromEvent(event)
	};
	try {
		const result = await intakeDocument(
			db,
			{
				file: await fileOf(file),
				content: content ? await fileOf(content) : null,
				agency: { code: m.agency },
				documentNumber: m.document_number,
				direction: m.direction,
				receivedAt: new Date(m.received_or_issued_at),
				sourceSystem: apiKey ? apiKey.sourceSystem : (m.source_system ?? MANUAL_SOURCE_SYSTEM),
				sourceId: m.source_id,
				sourceVerification: m.source_verification
			},
			actor
		);
		return Response.json(responseBody(result), { status: result.alreadyPresent ? 200 : 201 });
	} catch (e) {
		if (isAppError(e)) return appErrorResponse(e);
		throw e;
	}
}
