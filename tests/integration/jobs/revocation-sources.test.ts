// Where revocation-scan takes its CRLs from: only CRLs signed by a CA certificate of the trust store
// mark certificates revoked (a forged CRL under the CA's name is ignored and logged), and with the
// setting pki.online_revocation a scheduled run downloads the CRL from the certificates'
// distribution point (a real HTTP server on 127.0.0.1) and keeps it for later verifications.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DbHandle } from '../../../src/lib/server/db/connection';
import { openTestDb } from '../../helpers/db';
import { insertCaCertificate } from '../../helpers/ca-certificates';
import { ManualClock } from '../../../src/lib/jobs/clock';
import { JobRunner } from '../../../src/lib/jobs/runner';
import { revocationScan } from '../../../src/lib/jobs/definitions/revocation-scan';
import { createCrl, generateKeyPair, issueCertificate, type Issued } from '../../../src/lib/pki/testing';
import { parseCertificate } from '../../../src/lib/pki/certificate';
import { ONLINE_REVOCATION_SETTING } from '../../../src/lib/server/verification/settings';
import { buildWorld, type World } from './fixtures';

let h: DbHandle;
let w: World;
let root: Issued;
let server: Server;
let served: Uint8Array = new Uint8Array();
let hits = 0;
const clock = new ManualClock('2026-06-01T10:00:00+07:00');
let runner: JobRunner;
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const rootName = { cn: 'CA thử nghiệm CRL', o: 'Ban Cơ yếu Chính phủ' };

async function run(payload?: unknown) {
	clock.advance(3_600_000);
	await runner.enqueue('revocation-scan', { trigger: 'manual', payload });
	const [r] = await runner.pollOnce();
	expect(r?.status, r?.error ?? '').toBe('succeeded');
	return r!;
}

async function addLeaf(serial: string, crlUrl: string): Promise<number> {
	const leaf = await issueCertificate({
		subject: { cn: `Người ký ${serial}`, o: 'Cơ quan A' },
		issuer: root,
		keys: await generateKeyPair(),
		notBefore: new Date('2025-01-01'),
		notAfter: new Date('2028-01-01'),
		serial,
		crlUrl
	});
	const c = parseCertificate(leaf.der);
	return (
		await h.db
			.insertInto('certificates')
			.values({
				fingerprint_sha256: c.fingerprint,
				serial_number: c.serialHex,
				issuer_dn: c.issuer,
				subject_dn: c.subject,
				subject_cn: `Người ký ${serial}`,
				kind: 'individual',
				agency_id: w.agencies.A.id,
				person_id: w.people.head,
				not_before: c.notBefore,
				not_after: c.notAfter,
				der: leaf.der
			})
			.returning('id')
			.executeTakeFirstOrThrow()
	).id;
}

const statusOf = async (id: number) =>
	(await h.db.selectFrom('certificates').select('status').where('id', '=', id).executeTakeFirstOrThrow())
		.status;

beforeAll(async () => {
	h = await openTestDb();
	w = await buildWorld(h.db);
	const logs: string[] = [];
	runner = new JobRunner({
		db: h.db,
		jobs: [revocationScan],
		clock,
		instanceId: 'T',
		log: (m) => void logs.push(m)
	});
	server = createServer((_req, res) => {
		hits += 1;
		res.writeHead(200, { 'content-type': 'application/pkix-crl' });
		res.end(Buffer.from(served));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	root = await issueCertificate({
		subject: rootName,
		keys: await generateKeyPair(),
		notBefore: new Date('2020-01-01'),
		notAfter: new Date('2040-01-01')
	});
	await insertCaCertificate(h.db, root.der);
});
afterAll(async () => {
	server?.close();
	await h?.close();
});

describe('revocation-scan CRL sources', () => {
	it('ignores a CRL under the CA name that the CA did not sign, and says so in the log', async () => {
		const id = await addLeaf('0f0f01', 'http://127.0.0.1:9/khong-dung.crl');
		const impostor = await issueCertificate({
			subject: rootName,
			keys: await generateKeyPair(),
			notBefore: new Date('2020-01-01'),
			notAfter: new Date('2040-01-01')
		});
		const forged = await createCrl({
			issuer: impostor,
			thisUpdate: new Date('2026-05-01'),
			nextUpdate: new Date('2027-05-01'),
			crlNumber: 7,
			revoked: [{ serialHex: '0f0f01', date: new Date('2026-04-01T00:00:00Z') }]
		});
		await h.db
			.insertInto('crls')
			.values({
				issuer_dn: parseCertificate(root.der).subject,
				this_update: new Date('2026-05-01'),
				der_sha256: sha(forged.der),
				der: forged.der
			})
			.execute();
		const r = await run({ online: false });
		expect(r.counts).toMatchObject({ crls: 0, crlsUnverified: 1, markedRevoked: 0 });
		expect(await statusOf(id)).not.toBe('revoked');
		const lines = await h.db
			.selectFrom('job_run_logs')
			.select(['level', 'message'])
			.where('run_id', '=', r.id)
			.execute();
		expect(lines.find((l) => l.level === 'warn')?.message).toContain('chữ ký không khớp');
	});

	it('downloads from the distribution point when the setting allows it, keeps the CRL, and marks the certificate', async () => {
		const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/ca.crl`;
		const id = await addLeaf('0f0f02', url);
		const real = await createCrl({
			issuer: root,
			thisUpdate: new Date('2026-05-25'),
			nextUpdate: new Date('2026-06-25'),
			crlNumber: 8,
			revoked: [{ serialHex: '0f0f02', date: new Date('2026-05-20T00:00:00Z') }]
		});
		served = real.der;

		// Offline by default: a scheduled run without the setting fetches nothing.
		const offline = await run();
		expect(hits).toBe(0);
		expect(offline.counts).toMatchObject({ crlsDownloaded: 0, markedRevoked: 0 });

		await h.db
			.insertInto('settings')
			.values({ key: ONLINE_REVOCATION_SETTING, value: JSON.stringify(true) })
			.onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(true) }))
			.execute();
		const online = await run();
		expect(hits).toBe(1);
		expect(online.counts).toMatchObject({ crlsDownloaded: 1, markedRevoked: 1 });
		expect(await statusOf(id)).toBe('revoked');
		const kept = await h.db
			.selectFrom('crls')
			.select(['crl_number', 'is_delta'])
			.where('der_sha256', '=', sha(real.der))
			.execute();
		expect(kept).toEqual([{ crl_number: '8', is_delta: false }]);
	});
});
