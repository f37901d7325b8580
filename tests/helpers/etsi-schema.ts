// Validates an XML report against the ETSI TS 119 102-2 v1.4.1 schema and the schemas it imports, kept unchanged
// under tests/fixtures/etsi-119102-2 (see its README), with libxml2 compiled to WebAssembly (xmllint-wasm, a
// devDependency: a missing validator fails the import, so the tests fail rather than skip). The ETSI files import
// each other by their web addresses; nothing is fetched here: a small set schema of ours imports every namespace
// from the local file first, and libxml2 then skips the same namespace's later imports (it says so as a parser
// warning, which is not an error).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { validateXML } from 'xmllint-wasm';

const DIR = path.join(import.meta.dirname, '..', 'fixtures', 'etsi-119102-2');

/** Each schema file and the namespace it defines, imported in this order. */
export const ETSI_SCHEMA_FILES: [file: string, namespace: string][] = [
	['xml.xsd', 'http://www.w3.org/XML/1998/namespace'],
	['xmldsig-core-schema.xsd', 'http://www.w3.org/2000/09/xmldsig#'],
	['XAdES01903v132-202407.xsd', 'http://uri.etsi.org/01903/v1.3.2#'],
	['ts_119612v020201_201601xsd.xsd', 'http://uri.etsi.org/02231/v2#'],
	['TS119102-2-v141.xsd', 'http://uri.etsi.org/19102/v1.4.1#']
];

const SET = `<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">${ETSI_SCHEMA_FILES.map(
	([file, ns]) => `<xs:import namespace="${ns}" schemaLocation="${file}"/>`
).join('')}</xs:schema>
`;

let preload: { fileName: string; contents: string }[] | null = null;

export interface SchemaVerdict {
	valid: boolean;
	/** libxml2's validity errors (the parser's "skipping import" warnings left out). */
	errors: string[];
}

export async function validateEtsiReport(xml: string): Promise<SchemaVerdict> {
	preload ??= ETSI_SCHEMA_FILES.map(([fileName]) => ({
		fileName,
		contents: readFileSync(path.join(DIR, fileName), 'utf8')
	}));
	const r = await validateXML({
		xml: [{ fileName: 'report.xml', contents: xml }],
		schema: [{ fileName: 'etsi-schema-set.xsd', contents: SET }],
		preload,
		maxMemoryPages: 1024
	});
	return {
		valid: r.valid,
		errors: r.errors.map((e) => e.message).filter((m) => !m.includes('Schemas parser warning'))
	};
}
