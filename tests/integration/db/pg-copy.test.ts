// COPY … FROM STDIN over the app's own `pg` pool (src/lib/server/db/pg-copy.ts) inside one held session
// (own-session.ts): rows arrive as written, escapes included; a row the server refuses fails the copy with the
// server's message and leaves the session usable; an abandoned copy writes nothing. PostgreSQL only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openTestDb } from '../../helpers/db';
import { testDbKind } from '../../helpers/test-db-config';
import type { DbHandle } from '../../../src/lib/server/db/connection';
import { copyFrom, copyText } from '../../../src/lib/server/db/pg-copy';
import { withOwnSession } from '../../../src/lib/server/db/own-session';

const onPostgres = testDbKind() === 'postgres';
let h: DbHandle;

beforeAll(async () => {
	if (!onPostgres) return;
	h = await openTestDb();
	await sql`create table copy_probe (n int, t text)`.execute(h.db);
});
afterAll(async () => {
	await h?.close();
});

const rows = async () =>
	(await sql<{ n: number; t: string | null }>`select n, t from copy_probe order by n`.execute(h.db)).rows;

describe.skipIf(!onPostgres)(
	`COPY FROM STDIN on a held session (${onPostgres ? 'PostgreSQL' : 'needs TEST_DB=postgres'})`,
	() => {
		it('copies rows in chunks, with tabs, newlines, backslashes and nulls intact', async () => {
			const odd = ['a\tb', 'line\nbreak', 'back\\slash\\N', 'cr\rhere', 'Sở Y tế'];
			const copied = await withOwnSession(h.db, async ({ db, client }) => {
				// The session is one: a setting made through db holds for the COPY on client.
				await sql`set application_name = 'copy-probe'`.execute(db);
				const copy = await copyFrom(client!, `copy copy_probe (n, t) from stdin`);
				for (let i = 0; i < 60_000; i++) {
					const t = i < odd.length ? odd[i] : i % 7 === 0 ? null : `row ${i}`;
					copy.write(`${i}\t${copyText(t)}\n`);
					if (i % 10_000 === 0) await copy.drain();
				}
				const n = await copy.end();
				const app = await sql<{ name: string }>`select current_setting('application_name') as name`.execute(
					db
				);
				expect(app.rows[0]!.name).toBe('copy-probe');
				return n;
			});
			expect(copied).toBe(60_000);
			const got = await rows();
			expect(got).toHaveLength(60_000);
			expect(got.slice(0, odd.length).map((r) => r.t)).toEqual(odd);
			expect(got[7]!.t).toBeNull();
			expect(got[59_999]!.t).toBe('row 59999');
			await sql`truncate copy_probe`.execute(h.db);
		});

		it("fails with the server's message on a refused row and leaves the session usable", async () => {
			await withOwnSession(h.db, async ({ db, client }) => {
				const copy = await copyFrom(client!, `copy copy_probe (n, t) from stdin`);
				copy.write(`1\tok\n`);
				copy.write(`not a number\tbad\n`);
				await expect(copy.end()).rejects.toThrow(/invalid input syntax for type integer/);
				const after = await sql<{ one: number }>`select 1 as one`.execute(db);
				expect(after.rows[0]!.one).toBe(1);
			});
			expect(await rows()).toEqual([]);
		});

		it('writes nothing when abandoned, and a statement naming a missing table fails before any row', async () => {
			await withOwnSession(h.db, async ({ db, client }) => {
				const copy = await copyFrom(client!, `copy copy_probe (n, t) from stdin`);
				copy.write(`1\tkept?\n`);
				await copy.abort('test');
				await expect(copyFrom(client!, `copy no_such_table from stdin`)).rejects.toThrow(/no_such_table/);
				const after = await sql<{ one: number }>`select 1 as one`.execute(db);
				expect(after.rows[0]!.one).toBe(1);
			});
			expect(await rows()).toEqual([]);
		});
	}
);
