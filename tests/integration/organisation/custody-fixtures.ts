// A small province for the custody tests: Sở Y tế with a hospital, Sở KH&CN, people with dated
// posts and statuses, and the users who record (an officer of Sở Y tế, an inspector, a leader).
import type { Kysely } from 'kysely';
import type { Database } from '../../../src/lib/server/db/schema';
import type { AuthUser } from '../../../src/lib/server/auth/roles';

export const who = { userId: null, actor: 'test', ip: null };
/** Tuesday 30 June 2026, 10:00 in Vietnam: every event of the tests happens before. */
export const NOW = new Date('2026-06-30T03:00:00Z');

export interface CustodyWorld {
	agencies: { root: number; syt: number; hospital: number; skhcn: number };
	people: Record<'nurse' | 'doctor' | 'scientist' | 'retiree' | 'newcomer' | 'legacy', number>;
	users: Record<'inspector' | 'officer' | 'leader', AuthUser>;
}

export async function buildCustodyWorld(db: Kysely<Database>): Promise<CustodyWorld> {
	const agency = async (
		code: string,
		name: string,
		kind: 'province' | 'department' | 'unit',
		parent?: { id: number; path: string }
	) => {
		const row = await db
			.insertInto('agencies')
			.values({ code, name, kind, parent_id: parent?.id ?? null, path: '' })
			.returning('id')
			.executeTakeFirstOrThrow();
		const path = `${parent?.path ?? '/'}${row.id}/`;
		await db.updateTable('agencies').set({ path }).where('id', '=', row.id).execute();
		return { id: row.id, path };
	};
	const root = await agency('C_UBND', 'UBND tỉnh thử', 'province');
	const syt = await agency('C_SYT', 'Sở Y tế thử', 'department', root);
	const hospital = await agency('C_BV', 'Bệnh viện thử', 'unit', syt);
	const skhcn = await agency('C_SKHCN', 'Sở KH&CN thử', 'department', root);

	const person = async (
		agencyId: number,
		full_name: string,
		opts: { postFrom?: string | null; statuses?: [string, string][]; status?: string; since?: string } = {}
	) => {
		const { id } = await db
			.insertInto('people')
			.values({
				agency_id: agencyId,
				full_name,
				title: 'Chuyên viên',
				status: (opts.status ?? 'active') as 'active',
				status_since: opts.since ?? null
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		if (opts.postFrom !== null)
			await db
				.insertInto('person_positions')
				.values({
					person_id: id,
					agency_id: agencyId,
					title: 'Chuyên viên',
					valid_from: opts.postFrom ?? '2024-01-01',
					recorded_by: 'test'
				})
				.execute();
		for (const [status, since] of opts.statuses ?? (opts.postFrom === null ? [] : [['active', '2024-01-01']]))
			await db
				.insertInto('person_status_history')
				.values({ person_id: id, status: status as 'active', since, recorded_by: 'test' })
				.execute();
		return id;
	};
	const people = {
		nurse: await person(syt.id, 'Nguyễn Thị Y Tá'),
		doctor: await person(hospital.id, 'Lê Văn Bác Sĩ'),
		scientist: await person(skhcn.id, 'Phạm Văn Khoa Học'),
		// Retired from 1 February 2026.
		retiree: await person(syt.id, 'Trần Văn Hưu', {
			statuses: [
				['active', '2020-01-01'],
				['retired', '2026-02-01']
			]
		}),
		// Takes up a post on 1 June 2026.
		newcomer: await person(syt.id, 'Võ Thị Mới', {
			postFrom: '2026-06-01',
			statuses: [['active', '2026-06-01']]
		}),
		// Recorded before the histories existed: the current row decides.
		legacy: await person(syt.id, 'Đặng Văn Cũ', { postFrom: null })
	};
	const base: AuthUser = {
		id: 1,
		username: 'thanhtra',
		displayName: 'Thanh tra',
		roles: ['inspector'],
		agencyId: null,
		scope: { kind: 'all' },
		sessionId: 's'
	};
	return {
		agencies: { root: root.id, syt: syt.id, hospital: hospital.id, skhcn: skhcn.id },
		people,
		users: {
			inspector: base,
			officer: {
				...base,
				id: 2,
				username: 'coquan',
				roles: ['agency_officer'],
				agencyId: syt.id,
				scope: { kind: 'subtree', agencyId: syt.id, path: syt.path }
			},
			leader: { ...base, id: 3, username: 'lanhdao', roles: ['leader'] }
		}
	};
}
