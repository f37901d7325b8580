// The intended edges between the layers (docs/ARCHITECTURE.md), as ESLint `no-restricted-imports`
// zones: the libraries (pki, reports) take bytes and rows and import no server code, database or
// SvelteKit; whatever may run in a browser (components, .svelte files, universal loads) imports no
// server code; routes reach the database only through services. `no-restricted-imports` of a later
// block replaces an earlier one's, so each file kind is matched by exactly one zone, which lists
// everything that kind may not import. tests/unit/architecture/lint-zones.test.ts plants a
// violation in each zone and checks that the real tree keeps to them.

const serverCode = [
	{
		group: ['$lib/server', '$lib/server/**', '**/server', '**/server/**', '!svelte/server'],
		message: 'Server code ($lib/server) stays on the server: move what is shared to a client-safe module.'
	}
];

const database = {
	paths: ['kysely', 'pg', '@electric-sql/pglite', 'kysely-pglite-dialect'].map((name) => ({
		name,
		message: 'The database is reached only through services in $lib/server/<domain>.'
	})),
	patterns: [
		{
			group: ['kysely/*', 'pg/*', '@electric-sql/pglite/*'],
			message: 'The database is reached only through services in $lib/server/<domain>.'
		}
	]
};

const sveltekit = [
	{
		group: ['$app/*', '@sveltejs/kit', '@sveltejs/kit/*', '$env/*'],
		message: 'pki and reports are libraries: they import nothing from SvelteKit.'
	}
];

const jobs = [
	{
		group: ['$lib/jobs', '$lib/jobs/**', '**/jobs', '**/jobs/**'],
		message: 'pki and reports are libraries: the jobs reach the database, so a library does not import them.'
	}
];

/** Query-builder calls that would put SQL in a route. */
const QUERY_CALLS = 'selectFrom|insertInto|updateTable|deleteFrom|replaceInto|mergeInto|selectNoFrom';

export const architectureZones = [
	{
		name: 'architecture/libraries',
		files: ['src/lib/pki/**/*.{ts,js}', 'src/lib/reports/**/*.{ts,js}'],
		rules: {
			'no-restricted-imports': [
				'error',
				{ paths: database.paths, patterns: [...serverCode, ...database.patterns, ...sveltekit, ...jobs] }
			]
		}
	},
	{
		name: 'architecture/client',
		files: [
			'src/lib/components/**/*.{ts,js,svelte}',
			'**/*.svelte',
			'**/*.svelte.{ts,js}',
			'src/routes/**/+page.{ts,js}',
			'src/routes/**/+layout.{ts,js}'
		],
		rules: {
			'no-restricted-imports': [
				'error',
				{ paths: database.paths, patterns: [...serverCode, ...database.patterns] }
			]
		}
	},
	{
		name: 'architecture/routes',
		files: ['src/routes/**/*.server.{ts,js}', 'src/routes/**/+server.{ts,js}'],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					paths: [
						...database.paths,
						{
							name: '$lib/server/db',
							allowImportNames: ['getDb'],
							message:
								'A route takes the handle (getDb) and passes it to a service; queries live in services.'
						}
					],
					patterns: [
						...database.patterns,
						{
							group: ['$lib/server/db/*'],
							message:
								'A route takes the handle (getDb) and passes it to a service; queries live in services.'
						}
					]
				}
			],
			'no-restricted-syntax': [
				'error',
				{
					selector: `CallExpression[callee.property.name=/^(${QUERY_CALLS})$/]`,
					message: 'Routes hold no SQL: move the query into a service in $lib/server/<domain>.'
				},
				{
					selector: "TaggedTemplateExpression[tag.name='sql']",
					message: 'Routes hold no SQL: move the query into a service in $lib/server/<domain>.'
				}
			]
		}
	}
];
