// A small province for the people and clerk tests: P → A (with unit A1), B, and X, an agency merged
// away (inactive, ended). Users: an administrator, an officer of A, an officer of B, a leader.
import type { Kysely } from 'kysely';
import type { Database } from '../../../src/lib/server/db/schema';
import type { Editor } from '../../../src/lib/server/organisation/people-access';
import type { AgencyScope } from '../../../src/lib/server/auth/roles';
import { isAppError } from '../../../src/lib/errors';
import {
	newPersonSchema,
	parseInput,
	type NewPersonInput
} from '../../../src/lib/server/organisation/people-input';

export type Org = Awaited<ReturnType<typeof buildOrg>>;

export const who = { userId: null, actor: 'thanhtra', ip: null };

export async function buildOrg(db: Kysely<Database>) {
	const agency = async (
		code: string,
		kind: 'province' | 'department' | 'unit',
		parent: { id: number; path: string } | null,
		ended = false
	) => {
		const a = await db
			.insertInto('agencies')
			.values({
				code,
				name: `Cơ quan ${code}`,
				kind,
				parent_id: parent?.id ?? null,
				path: '',
				active: !ended,
				ended_on: ended ? '2025-12-31' : null
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		const path = `${parent?.path ?? '/'}${a.id}/`;
		await db.updateTable('agencies').set({ path }).where('id', '=', a.id).execute();
		return { id: a.id, path };
	};
	const P = await agency('P', 'province', null);
	const A = await agency('A', 'department', P);
	const A1 = await agency('A1', 'unit', A);
	const B = await agency('B', 'department', P);
	const X = await agency('X', 'department', P, true);
	const officer = (a: { id: number; path: string }): Editor => ({
		roles: ['agency_officer'],
		agencyId: a.id,
		scope: { kind: 'subtree', agencyId: a.id, path: a.path }
	});
	const all: AgencyScope = { kind: 'all' };
	return {
		agencies: { P, A, A1, B, X },
		users: {
			admin: { roles: ['admin'], agencyId: null, scope: all } as Editor,
			inspector: { roles: ['inspector'], agencyId: null, scope: all } as Editor,
			leader: { roles: ['leader'], agencyId: null, scope: all } as Editor,
			officerA: officer(A),
			officerB: officer(B)
		}
	};
}

/** Rejects with an AppError of `code` whose message matches and whose details name `field`. */
export async function refusal(
	p: Promise<unknown>
): Promise<{ code: string; message: string; field: string | null }> {
	try {
		await p;
	} catch (e) {
		if (!isAppError(e)) throw e;
		const field = e.details?.field;
		return { code: e.code, message: e.message, field: typeof field === 'string' ? field : null };
	}
	throw new Error('expected a refusal, got success');
}

/** The create form's values for a person of A (overridable), parsed as the page parses them. */
export function personInput(o: Org, over: Partial<Record<string, string>> = {}): NewPersonInput {
	return parseInput(newPersonSchema, {
		fullName: 'Nguyễn Văn An',
		agencyId: String(o.agencies.A.id),
		title: 'Phó Giám đốc',
		startDate: '01/01/2025',
		email: '',
		nationalId: '',
		...over
	});
}

/** Reading helpers over one test database. */
export function readers(db: Kysely<Database>) {
	return {
		posts: (personId: number) =>
			db
				.selectFrom('person_positions')
				.select(['agency_id', 'title', 'valid_from', 'valid_to'])
				.where('person_id', '=', personId)
				.orderBy('valid_from')
				.execute(),
		person: (id: number) =>
			db.selectFrom('people').selectAll().where('id', '=', id).executeTakeFirstOrThrow(),
		lastAudit: () =>
			db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow(),
		count: async (table: 'people' | 'person_positions' | 'person_status_history' | 'audit_log') =>
			Number(
				(
					await db
						.selectFrom(table)
						.select((eb) => eb.fn.countAll().as('n'))
						.executeTakeFirstOrThrow()
				).n
			)
	};
}

/**
 * A unit under `parent`, inserted with an empty path and given its path after, as a new agency's path
 * (which ends with its own id) can only be written: the roll-ups must count it once the path is there.
 */
export async function addUnitPathAfter(
	db: Kysely<Database>,
	parent: { id: number; path: string },
	code: string
): Promise<{ id: number }> {
	const unit = await db
		.insertInto('agencies')
		.values({ code, name: `Đơn vị ${code}`, kind: 'unit', parent_id: parent.id, path: '' })
		.returning('id')
		.executeTakeFirstOrThrow();
	await db
		.updateTable('agencies')
		.set({ path: `${parent.path}${unit.id}/` })
		.where('id', '=', unit.id)
		.execute();
	return unit;
}
