// Archived signed documents: real CMS (.p7s detached, .p7m attached) and PDF signatures made with the demo keys
// of currently valid certificates, received by the document system minutes after signing; and the planted
// tampered ones (content changed after archiving), one of them with an earlier passing verification on record; and
// four visibly signed PDFs for Điều 13: an issued document whose seal sits on the right of the person's signature
// and an electronic copy signed bottom left with an image, each beside a correctly formed control.
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import {
	copyDocumentPdf,
	createPdf,
	createSignedPdf,
	issuedDocumentPdf,
	signCms
} from '../../pki/testing/index';
import { Prng } from './prng';
import { HolidayCalendar, addDays, atTime } from './calendar';
import { DAY_MS, VIETNAM_UTC_OFFSET_MS } from '../../time/vietnam';
import { certAt, type DocumentNumbers } from './build-events';
import { issuedOf, type DemoPki } from './demo-pki';
import { placeCode } from './agencies-data';
import { agencyByCode, type WAgency, type WCertificate, type World } from './world';

const enc = new TextEncoder();
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

interface Doc {
	sourceId: string;
	agency: WAgency;
	cert: WCertificate;
	signedAt: Date;
	format: 'pdf' | 'p7s' | 'p7m';
	tamper: boolean;
	priorPass: boolean;
	/** A visibly signed PDF (Điều 13): its layout, and the competent person's certificate for an issued one. */
	look?:
		| { kind: 'issued'; layout: 'right' | 'seal-on-right' | 'signature-misplaced'; person: WCertificate }
		| { kind: 'copy'; layout: 'right' | 'wrong' };
}

/** Flips one letter inside `needle`'s first occurrence: same length, different bytes. */
function flip(bytes: Uint8Array, needle: string): Uint8Array {
	const out = Buffer.from(bytes);
	const at = out.indexOf(Buffer.from(needle, 'latin1'));
	if (at < 0) throw new Error(`tamper target "${needle}" not found`);
	out[at] = out[at] === 0x4e ? 0x4d : 0x4e; // 'N' <-> 'M'
	return new Uint8Array(out);
}

export async function seedArchive(
	db: Kysely<Database>,
	world: World,
	pki: DemoPki,
	cal: HolidayCalendar,
	numbers: DocumentNumbers,
	scale: number,
	seed: number
): Promise<number> {
	const prng = Prng.derive(seed, 'archive');
	const horizon = addDays(world.today, 120).getTime();
	const orgCerts = new Map<number, WCertificate[]>();
	for (const c of world.certificates)
		if (c.kind === 'organisation' && c.status === 'active' && c.notAfter.getTime() > horizon)
			orgCerts.set(c.agencyId, [...(orgCerts.get(c.agencyId) ?? []), c]);
	const docs: Doc[] = [];
	const pickTime = (c: WCertificate) => {
		const from = Math.max(c.useFrom.getTime(), world.windowStart.getTime()) + 86_400_000;
		for (let i = 0; i < 20; i++) {
			const day = cal.workingDayOnOrAfter(
				// Vietnam midnight of a random day's date.
				new Date(
					Math.floor((from + prng.next() * (world.today.getTime() - from)) / DAY_MS) * DAY_MS -
						VIETNAM_UTC_OFFSET_MS
				)
			);
			const t = atTime(day, prng.int(8, 16), prng.int(0, 59), prng.int(0, 59));
			if (t.getTime() < world.today.getTime() - 3_600_000 && certAt([c], t)) return t;
		}
		return null;
	};
	const agencies = world.agencies.filter((a) => orgCerts.has(a.id));
	const total = Math.max(12, Math.round(300 * Math.min(scale, 3)));
	for (let i = 0; i < total && agencies.length; i++) {
		const agency = prng.pick(agencies);
		const cert = prng.pick(orgCerts.get(agency.id)!);
		const signedAt = pickTime(cert);
		if (!signedAt) continue;
		const format = prng.weighted([
			['pdf', 0.4],
			['p7s', 0.3],
			['p7m', 0.3]
		] as const);
		docs.push({
			sourceId: `LT-${String(i + 1).padStart(6, '0')}`,
			agency,
			cert,
			signedAt,
			format,
			tamper: false,
			priorPass: false
		});
	}
	for (const [n, code, format, priorPass] of [
		[1, 'SYT', 'p7m', false],
		[2, 'SKHCN', 'p7s', false],
		[3, 'VPUBND', 'pdf', false],
		[4, 'UBND', 'p7s', true]
	] as const) {
		const agency = agencyByCode(world, code);
		const day = cal.workingDayOnOrAfter(addDays(world.today, -40 - 7 * n));
		const signedAt = atTime(day, 10, 12, 30);
		const cert = certAt(
			world.certificates.filter((c) => c.kind === 'organisation' && c.agencyId === agency.id),
			signedAt
		);
		if (cert)
			docs.push({
				sourceId: `LTP-${String(n).padStart(4, '0')}`,
				agency,
				cert,
				signedAt,
				format,
				tamper: true,
				priorPass
			});
	}

	// Điều 13: LTP-0005/0006 issued documents (wrong, control), LTP-0007/0008 electronic copies (wrong, control),
	// LTP-0009 an issued document whose signature image is not between the title and the name (control LTP-0006).
	for (const [n, code, look] of [
		[5, 'SKHCN', 'issued-seal-on-right'],
		[6, 'SKHCN', 'issued-right'],
		[7, 'SYT', 'copy-wrong'],
		[8, 'SYT', 'copy-right'],
		[9, 'SKHCN', 'issued-signature-misplaced']
	] as const) {
		const agency = agencyByCode(world, code);
		const signedAt = atTime(cal.workingDayOnOrAfter(addDays(world.today, -20 - n)), 9, 15, 3);
		const usable = (c: WCertificate) =>
			c.agencyId === agency.id &&
			c.status === 'active' &&
			c.notAfter.getTime() > horizon &&
			c.useFrom.getTime() < signedAt.getTime();
		const cert = world.certificates.find((c) => c.kind === 'organisation' && usable(c));
		const person = world.certificates.find((c) => c.kind === 'individual' && usable(c));
		if (!cert || (look.startsWith('issued') && !person)) continue;
		docs.push({
			sourceId: `LTP-${String(n).padStart(4, '0')}`,
			agency,
			cert,
			signedAt,
			format: 'pdf',
			tamper: false,
			priorPass: false,
			look: look.startsWith('issued')
				? {
						kind: 'issued',
						layout:
							look === 'issued-right'
								? 'right'
								: look === 'issued-signature-misplaced'
									? 'signature-misplaced'
									: 'seal-on-right',
						person: person!
					}
				: { kind: 'copy', layout: look === 'copy-right' ? 'right' : 'wrong' }
		});
	}

	const contents = new Map<string, Uint8Array>();
	const rows = [];
	const verifications: { sourceId: string; at: Date; fingerprint: string }[] = [];
	for (const d of docs) {
		const number = numbers.next(d.agency, d.signedAt, prng, 'org');
		const text = `${placeCode(d.agency.name)} - So: ${number
			.normalize('NFD')
			.replace(/[\u0300-\u036f]/g, '')
			.replace(/Đ/g, 'D')} - Noi dung van ban ${d.sourceId}`;
		const signer = issuedOf(pki, d.cert);
		const chain = [pki.subCa];
		let content: Uint8Array;
		let signature: Uint8Array | null = null;
		if (d.look?.kind === 'issued')
			content = await issuedDocumentPdf({
				person: issuedOf(pki, d.look.person),
				organisation: signer,
				chain,
				layout: d.look.layout,
				signingTime: d.signedAt
			});
		else if (d.look?.kind === 'copy')
			content = await copyDocumentPdf({
				organisation: signer,
				chain,
				layout: d.look.layout,
				signingTime: d.signedAt
			});
		else if (d.format === 'pdf') {
			content = await createSignedPdf({
				text,
				signer,
				chain,
				signingTime: d.signedAt,
				contentsSize: 12_000,
				reason: 'Ky so van ban'
			});
			if (d.tamper) content = flip(content, 'Noi dung');
		} else if (d.format === 'p7m') {
			content = await signCms({ content: enc.encode(text), signer, chain, signingTime: d.signedAt });
			if (d.tamper) content = flip(content, 'Noi dung');
		} else {
			const original = createPdf({ text });
			signature = await signCms({
				content: original,
				signer,
				chain,
				detached: true,
				signingTime: d.signedAt
			});
			content = d.tamper ? flip(original, 'Noi dung') : original;
		}
		const contentSha = sha256(content);
		contents.set(contentSha, content);
		const signatureSha = signature ? sha256(signature) : null;
		if (signature && signatureSha) contents.set(signatureSha, signature);
		const base = number.replace(/\//g, '_');
		const receivedAt = new Date(d.signedAt.getTime() + prng.int(120, 2400) * 1000);
		rows.push({
			content_sha256: contentSha,
			signature_sha256: signatureSha,
			format: (d.format === 'pdf' ? 'pdf' : 'cms') as 'pdf' | 'cms',
			file_name: d.format === 'p7m' ? `${base}.txt.p7m` : `${base}.pdf`,
			document_number: number,
			issuing_agency_id: d.agency.id,
			received_at: receivedAt,
			source_system: 'QLVBDH',
			source_id: d.sourceId
		});
		if (d.priorPass)
			verifications.push({ sourceId: d.sourceId, at: receivedAt, fingerprint: sha256(d.cert.der!) });
	}
	const contentRows = [...contents].map(([sha, content]) => ({
		sha256: sha,
		size_bytes: content.length,
		content
	}));
	for (let i = 0; i < contentRows.length; i += 200)
		await db
			.insertInto('document_contents')
			.values(contentRows.slice(i, i + 200))
			.execute();
	for (let i = 0; i < rows.length; i += 500)
		await db
			.insertInto('archived_documents')
			.values(rows.slice(i, i + 500))
			.execute();
	for (const v of verifications) {
		const doc = await db
			.selectFrom('archived_documents')
			.select('id')
			.where('source_id', '=', v.sourceId)
			.executeTakeFirstOrThrow();
		await db
			.insertInto('document_verifications')
			.values({
				document_id: doc.id,
				verified_at: new Date(v.at.getTime() + 60_000),
				validation_time: v.at,
				poe_time: v.at,
				indication: 'TOTAL_PASSED',
				sub_indication: null,
				signer_fingerprints: [v.fingerprint],
				report: JSON.stringify({ source: 'kiểm tra khi tiếp nhận (dữ liệu mẫu)', indication: 'TOTAL_PASSED' })
			})
			.execute();
	}
	return rows.length;
}
