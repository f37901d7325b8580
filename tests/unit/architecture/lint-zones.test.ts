// The architecture's edges are ESLint zones (eslint.architecture.js): this proves that the project's
// config applies them, that each zone fails on a planted violation and lets the allowed imports
// through, and that the real tree keeps to them. The zones are linted here without type
// information (they need none), so the whole of src takes seconds, not the minutes of a typed run.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint, type Linter } from 'eslint';
import ts from 'typescript-eslint';
import svelteParser from 'svelte-eslint-parser';
import { describe, expect, it } from 'vitest';
import { architectureZones } from '../../../eslint.architecture.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const ZONE_RULES = new Set(['no-restricted-imports', 'no-restricted-syntax']);

const PARSERS: Linter.Config[] = [
	// Other rules' disable comments are not this test's business.
	{ linterOptions: { reportUnusedDisableDirectives: 'off' } },
	{ files: ['**/*.{ts,js}'], languageOptions: { parser: ts.parser } },
	{
		files: ['**/*.svelte'],
		languageOptions: { parser: svelteParser, parserOptions: { parser: ts.parser } }
	}
];

function zonesOnly(zones: Linter.Config[] = architectureZones as unknown as Linter.Config[]): ESLint {
	return new ESLint({ cwd: ROOT, overrideConfigFile: true, overrideConfig: [...PARSERS, ...zones] });
}

/** The zone errors of `code` as if it were the file at `filePath`: "line:rule". */
async function zoneErrors(filePath: string, code: string): Promise<string[]> {
	const [result] = await zonesOnly().lintText(code, { filePath: path.join(ROOT, filePath) });
	expect(result!.messages.filter((m) => m.fatal)).toEqual([]);
	return result!.messages.filter((m) => ZONE_RULES.has(m.ruleId ?? '')).map((m) => `${m.line}:${m.ruleId}`);
}

describe('architecture zones', () => {
	it("are the project's ESLint config for every kind of file, and nothing replaces them", async () => {
		const eslint = new ESLint({ cwd: ROOT });
		const zone = (name: string) => architectureZones.find((z) => z.name === `architecture/${name}`)!;
		const cases: [string, string][] = [
			['src/lib/pki/verifier.ts', 'libraries'],
			['src/lib/reports/usage-workbook.ts', 'libraries'],
			['src/lib/components/export-href.ts', 'client'],
			['src/routes/bao-cao/+page.svelte', 'client'],
			['src/routes/+layout.svelte', 'client'],
			['src/routes/bao-cao/+page.server.ts', 'routes'],
			['src/routes/bao-cao/xuat/+server.ts', 'routes']
		];
		for (const [file, name] of cases) {
			const config = await eslint.calculateConfigForFile(path.join(ROOT, file));
			for (const rule of Object.keys(zone(name).rules)) {
				const applied = config.rules[rule] as unknown[];
				expect(applied?.[0], `${file}: ${rule}`).toBe(2);
				expect(applied.slice(1), `${file}: ${rule}`).toEqual(
					(zone(name).rules as Record<string, unknown[]>)[rule]!.slice(1)
				);
			}
		}
	});

	it('keep pki and reports free of server code, the database and SvelteKit', async () => {
		const planted = [
			"import { getDb } from '../server/db';",
			"import { sql } from 'kysely';",
			"import { Pool } from 'pg';",
			"import { PGlite } from '@electric-sql/pglite';",
			"import { error } from '@sveltejs/kit';",
			"import { browser } from '$app/environment';",
			"import type { Role } from '$lib/server/auth/roles';",
			"import { enqueueJob } from '$lib/jobs/enqueue';",
			"import { AppError } from '../../errors';",
			"import { vietnamDay } from '$lib/time/vietnam';",
			'export const all = [getDb, sql, Pool, PGlite, error, browser, enqueueJob, AppError, vietnamDay];',
			'export type R = Role;'
		].join('\n');
		const expected = [1, 2, 3, 4, 5, 6, 7, 8].map((l) => `${l}:no-restricted-imports`);
		expect(await zoneErrors('src/lib/pki/planted.ts', planted)).toEqual(expected);
		expect(await zoneErrors('src/lib/reports/planted.ts', planted)).toEqual(expected);
	});

	it('keep components, .svelte files and universal loads free of server code', async () => {
		const ts = [
			"import type { Role } from '$lib/server/auth/roles';",
			"import { listReports } from '../server/reports/report-archive';",
			"import { sql } from 'kysely';",
			"import { t } from '$lib/i18n';",
			'export const all = [listReports, sql, t];',
			'export type R = Role;'
		].join('\n');
		const expected = ['1:no-restricted-imports', '2:no-restricted-imports', '3:no-restricted-imports'];
		expect(await zoneErrors('src/lib/components/planted.ts', ts)).toEqual(expected);
		expect(await zoneErrors('src/routes/bao-cao/+page.ts', ts)).toEqual(expected);
		expect(await zoneErrors('src/lib/components/planted.svelte.ts', ts)).toEqual(expected);
		const svelte = [
			'<script lang="ts">',
			"\timport type { StoredReport } from '$lib/server/reports/report-archive';",
			"\timport { t } from '$lib/i18n';",
			'\tlet { reports }: { reports: StoredReport[] } = $props();',
			'</script>',
			'<p>{t.length} {reports.length}</p>'
		].join('\n');
		expect(await zoneErrors('src/routes/bao-cao/Planted.svelte', svelte)).toEqual([
			'2:no-restricted-imports'
		]);
		expect(await zoneErrors('src/lib/components/Planted.svelte', svelte)).toEqual([
			'2:no-restricted-imports'
		]);
	});

	it('let routes reach the database only through services', async () => {
		const planted = [
			"import { getDb, closeDb } from '$lib/server/db';",
			"import type { Database } from '$lib/server/db/schema';",
			"import { sql } from 'kysely';",
			"import { listReports } from '$lib/server/reports/report-archive';",
			'export const load = async () => {',
			'\tconst db = await getDb();',
			"\tawait db.selectFrom('users').selectAll().execute();",
			'\tawait sql`select 1`.execute(db);',
			'\treturn { reports: await listReports(db, { kind: "all" }), closeDb };',
			'};',
			'export type D = Database;'
		].join('\n');
		const expected = [
			'1:no-restricted-imports', // closeDb: only the handle (getDb) is a route's
			'2:no-restricted-imports',
			'3:no-restricted-imports',
			'7:no-restricted-syntax',
			'8:no-restricted-syntax'
		];
		expect(await zoneErrors('src/routes/bao-cao/+page.server.ts', planted)).toEqual(expected);
		expect(await zoneErrors('src/routes/bao-cao/xuat/+server.ts', planted)).toEqual(expected);
		expect(await zoneErrors('src/routes/+layout.server.ts', planted)).toEqual(expected);
	});

	it('hold for every zoned folder, with no exception', async () => {
		// Every file a zone covers (a .svelte or .svelte.ts file elsewhere would be a new place to add).
		const zoned = ['src/lib/pki', 'src/lib/reports', 'src/lib/components', 'src/routes'];
		const results = await zonesOnly().lintFiles(zoned);
		expect(results.length).toBeGreaterThan(200);
		const broken = results.flatMap((r) =>
			r.messages.map((m) => `${path.relative(ROOT, r.filePath)}:${m.line} ${m.ruleId}: ${m.message}`)
		);
		expect(broken).toEqual([]);
	}, 300_000);
});
