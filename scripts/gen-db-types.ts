// Writes src/lib/server/db/schema.generated.ts from a freshly migrated in-memory database.
import { writeFileSync } from 'node:fs';
import { openPglite } from '../src/lib/server/db/connection';
import { migrateToLatest } from '../src/lib/server/db/migrate';
import { generateDatabaseTypes } from '../src/lib/server/db/type-generator';

const handle = await openPglite();
const outcome = await migrateToLatest(handle.db);
if (outcome.error) throw outcome.error;
const text = await generateDatabaseTypes(handle.db);
writeFileSync(new URL('../src/lib/server/db/schema.generated.ts', import.meta.url), text);
await handle.close();
console.log('schema.generated.ts written');
