// A tiny province for the scan tests, built in an empty migrated database: two departments (A
// with a unit A1, and B), A's clerk and leaders, a retired holder, certificates of each kind and
// fate (lost token, revoked, expired, public CA), and helpers to add signing events.
import { expect } from 'vitest';
import type { Kysely } from 'kysely';
import type { Database } from '../../../src/lib/server/db/schema';
import type { ManualClock } from '../../../src/lib/jobs/clock';
import type { JobRunner } from '../../../src/lib/jobs/runner';
import { insertToken } from '../../helpers/tokens';

export type World = Awaited<ReturnType<typeof buildWorld>>;

let seq = 0;
export async function buildWorld(db: Kysely<Database>) {
	const agency = async (
		code: string,
		kind: 'province' | 'department' | 'unit',
		parentId: number | null,
		parentPath: string
	) => {
		const a = await db
			.insertInto('agencies')
			.values({ code, name: `Cơ quan ${code}`, kind, parent_id: parentId, path: '' })
			.returning('id')
			.executeTakeFirstOrThrow();
		const path = `${parentPath}${a.id}/`;
		await db.updateTable('agencies').set({ path }).where('id', '=', a.id).execute();
		return { id: a.id, path };
	};
	const P = await agency('P', 'province', null, '/');
	const A = await agency('A', 'department', P.id, P.path);
	const A1 = await agency('A1', 'unit', A.id, A.path);
	const B = await agency('B', 'department', P.id, P.path);
	const person = async (
		name: string,
		title: string,
		agencyId: number,
		status: 'active' | 'retired' = 'active',
		since: string | null = null
	) =>
		(
			await db
				.insertInto('people')
				.values({ full_name: name, title, agency_id: agencyId, status, status_since: since })
				.returning('id')
				.executeTakeFirstOrThrow()
		).id;
	const clerk = await person('Văn Thư', 'Văn thư', A.id);
	const head = await person('Trưởng A', 'Giám đốc', A.id);
	const deputy = await person('Phó A', 'Phó Giám đốc', A.id);
	const retired = await person('Hưu A', 'Chánh Văn phòng', A.id, 'retired', '2026-03-01');
	const token = (serial: string) => insertToken(db, { serial, agencyId: A.id });
	const lostToken = await token('T-LOST');
	const cert = async (o: {
		cn: string;
		kind: 'organisation' | 'individual';
		personId?: number | null;
		notBefore?: string;
		notAfter?: string;
		revokedAt?: string;
		tokenId?: number;
		publicCa?: boolean;
		title?: string;
	}) => {
		seq += 1;
		const fp = `fp${String(seq).padStart(6, '0')}${'0'.repeat(56)}`.slice(0, 64);
		const row = await db
			.insertInto('certificates')
			.values({
				fingerprint_sha256: fp,
				serial_number: `0a${seq.toString(16).padStart(4, '0')}`,
				issuer_dn: 'CN=CA phục vụ các cơ quan Nhà nước G2',
				subject_dn: `CN=${o.cn}`,
				subject_cn: o.cn,
				kind: o.kind,
				agency_id: A.id,
				person_id: o.personId ?? null,
				stated_title: o.title ?? null,
				not_before: new Date(o.notBefore ?? '2025-01-01T00:00:00+07:00'),
				not_after: new Date(o.notAfter ?? '2029-01-01T00:00:00+07:00'),
				status: o.revokedAt ? 'revoked' : 'active',
				revoked_at: o.revokedAt ? new Date(o.revokedAt) : null,
				revocation_reason: o.revokedAt ? 'lộ khóa' : null,
				token_id: o.tokenId ?? null,
				public_ca: o.publicCa ?? false,
				der: new Uint8Array([seq & 255, 1, 2])
			})
			.returning(['id', 'fingerprint_sha256'])
			.executeTakeFirstOrThrow();
		return { id: row.id, fp: row.fingerprint_sha256 };
	};
	const certs = {
		org: await cert({ cn: 'Cơ quan A', kind: 'organisation' }),
		head: await cert({ cn: 'Trưởng A', kind: 'individual', personId: head }),
		deputy: await cert({ cn: 'Phó A', kind: 'individual', personId: deputy }),
		retired: await cert({ cn: 'Hưu A', kind: 'individual', personId: retired }),
		lost: await cert({ cn: 'Mất token A', kind: 'individual', personId: deputy, tokenId: lostToken }),
		revoked: await cert({
			cn: 'Thu hồi A',
			kind: 'individual',
			personId: head,
			revokedAt: '2026-05-01T00:00:00+07:00'
		}),
		expired: await cert({
			cn: 'Hết hạn A',
			kind: 'individual',
			personId: head,
			notBefore: '2024-01-01T00:00:00+07:00',
			notAfter: '2026-02-01T00:00:00+07:00'
		}),
		publicCa: await cert({ cn: 'VNPT A', kind: 'individual', personId: head, publicCa: true })
	};
	await db
		.insertInto('clerk_appointments')
		.values({ agency_id: A.id, person_id: clerk, appointed_on: '2025-01-01' })
		.execute();
	await db
		.insertInto('token_custody_events')
		.values({
			token_id: lostToken,
			event: 'lost',
			occurred_at: new Date('2026-04-01T09:00:00+07:00'),
			agency_id: A.id,
			form: 'Mẫu 09'
		})
		.execute();
	return {
		agencies: { P, A, A1, B },
		people: { clerk, head, deputy, retired },
		tokens: { lostToken },
		certs
	};
}

export interface EventInput {
	at: string;
	cert: { id: number };
	person: number | null;
	title?: string | null;
	form?: 'own' | 'kt' | 'tl' | 'tuq' | 'tm' | 'q' | 'org';
	docAgency?: number;
	classification?: 'normal' | 'secret' | 'confidential';
	direction?: 'outgoing' | 'incoming';
	/** null: recorded with no verification result. */
	indication?: 'TOTAL_PASSED' | 'TOTAL_FAILED' | 'INDETERMINATE' | null;
	accepted?: boolean;
	sourceId?: string;
}

let eventSeq = 0;
export async function addEvent(db: Kysely<Database>, w: World, e: EventInput): Promise<string> {
	eventSeq += 1;
	const sourceId = e.sourceId ?? `EV${eventSeq}`;
	const incoming = e.direction === 'incoming';
	await db
		.insertInto('signing_events')
		.values({
			signed_at: new Date(e.at),
			certificate_id: e.cert.id,
			acting_person_id: e.person,
			acting_title: e.title === undefined ? null : e.title,
			signing_form: e.form ?? 'own',
			// Decree 30 numbers (two digits at least), one per event: the document rules stay silent on them.
			document_number: `${String(eventSeq).padStart(2, '0')}/QĐ-A`,
			document_agency_id: e.docAgency ?? w.agencies.A.id,
			classification: e.classification ?? 'normal',
			channel: 'qlvb',
			direction: e.direction ?? 'outgoing',
			incoming_indication: incoming ? (e.indication === undefined ? 'TOTAL_PASSED' : e.indication) : null,
			accepted: incoming ? (e.accepted ?? true) : null,
			source_system: 'test',
			source_id: sourceId
		})
		.execute();
	return sourceId;
}

/** Runs misuse-scan once through the runner, an hour later on `clock`; the run must succeed. Its log, one line a message. */
export async function runMisuseScan(
	db: Kysely<Database>,
	runner: JobRunner,
	clock: ManualClock,
	payload: Record<string, unknown> = {}
) {
	clock.advance(3_600_000);
	await runner.enqueue('misuse-scan', { trigger: 'manual', payload });
	const [run] = await runner.pollOnce();
	expect(run?.status, run?.error ?? '').toBe('succeeded');
	const logs = await db
		.selectFrom('job_run_logs')
		.select('message')
		.where('run_id', '=', run!.id)
		.orderBy('id')
		.execute();
	return { run: run!, logs: logs.map((l) => l.message).join('\n') };
}

/** The id of the signing event with this source id. */
export async function eventIdOf(db: Kysely<Database>, sourceId: string): Promise<number> {
	const row = await db
		.selectFrom('signing_events')
		.select('id')
		.where('source_id', '=', sourceId)
		.executeTakeFirstOrThrow();
	return row.id;
}
