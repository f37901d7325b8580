// The trust anchor is a certificate too (RFC 5937 section 3, as OpenSSL and EU DSS apply it): its validity, CA flag,
// keyCertSign, unknown critical extensions, name constraints and path length bind the path; the real G2 root still
// anchors the real G2 CA.
import { beforeAll, describe, expect, it } from 'vitest';
import { CertificatePool, ChainValidator, CrlStore, parseCertificate } from '../../../src/lib/pki';
import { x509 } from '../../../src/lib/pki/x509';
import {
	generalName,
	issueRawCertificate,
	nameConstraints,
	profileExtensions,
	type Issued
} from '../../../src/lib/pki/testing';
import { D, realCa, ruleKit, validate, verifySigned, type RuleKit } from './rule-fixtures';

let kit: RuleKit;
beforeAll(async () => {
	kit = await ruleKit();
});

/** A self-signed root built field by field, with the conforming CA extensions unless `extensions` is given. */
async function root(o: Partial<Parameters<typeof issueRawCertificate>[0]> = {}): Promise<Issued> {
	return issueRawCertificate({
		keys: kit.keys,
		subject: { cn: 'Root kiểm thử quy tắc', o: 'Ban Cơ yếu Chính phủ' },
		serial: new Uint8Array([0x01]),
		notBefore: D.from,
		notAfter: D.to,
		extensions: await profileExtensions({ keys: kit.keys, ca: true }),
		...o
	});
}

describe('trust anchor constraints (RFC 5937)', () => {
	it('an anchor expired at the validation time fails the path: OUT_OF_BOUNDS_NO_POE, valid again at a proof of existence', async () => {
		const old = await root({ notAfter: new Date('2025-12-31T00:00:00Z') });
		const leaf = await kit.leaf({ issuer: old });
		const r = await validate(leaf, [old], []);
		expect(r.failure).toMatchObject({ code: 'EXPIRED', index: 0 });
		const report = await verifySigned(leaf, [], [old]);
		expect([report.indication, report.subIndication]).toEqual(['INDETERMINATE', 'OUT_OF_BOUNDS_NO_POE']);
		expect(report.signatures[0]!.reasons[0]).toMatch(/CA gốc tin cậy đã hết hạn/);
		const archived = await verifySigned(leaf, [], [old], {}, { poeTime: D.signed });
		expect(archived.indication).toBe('TOTAL_PASSED');
	});

	it('an anchor not yet valid fails the path', async () => {
		const early = await root({ notBefore: new Date('2027-01-01T00:00:00Z') });
		const r = await validate(await kit.leaf({ issuer: early }), [early], []);
		expect(r.failure).toMatchObject({ code: 'NOT_YET_VALID', index: 0 });
		expect(r.reason).toMatch(/CA gốc tin cậy chưa có hiệu lực/);
	});

	it('an anchor whose basicConstraints says cA=FALSE issues nothing: CHAIN_CONSTRAINTS_FAILURE', async () => {
		const notCa = await root({
			extensions: await profileExtensions({
				keys: kit.keys,
				ca: false,
				keyUsage: x509.KeyUsageFlags.keyCertSign
			})
		});
		const leaf = await kit.leaf({ issuer: notCa });
		expect((await validate(leaf, [notCa], [])).failure).toMatchObject({
			code: 'BASIC_CONSTRAINTS',
			index: 0
		});
		const report = await verifySigned(leaf, [], [notCa]);
		expect([report.indication, report.subIndication]).toEqual(['INDETERMINATE', 'CHAIN_CONSTRAINTS_FAILURE']);
		expect(report.signatures[0]!.reasons[0]).toMatch(/CA gốc tin cậy không phải là chứng thư CA/);
	});

	it('an anchor without keyCertSign in its keyUsage fails; one without keyUsage at all does not', async () => {
		const crlOnly = await root({
			extensions: await profileExtensions({ keys: kit.keys, ca: true, keyUsage: x509.KeyUsageFlags.cRLSign })
		});
		const r = await validate(await kit.leaf({ issuer: crlOnly }), [crlOnly], []);
		expect(r.failure).toMatchObject({ code: 'KEY_USAGE', index: 0 });
		expect(r.reason).toMatch(/keyCertSign/);
		const noKu = await root({
			extensions: (await profileExtensions({ keys: kit.keys, ca: true })).filter((e) => e.oid !== '2.5.29.15')
		});
		expect((await validate(await kit.leaf({ issuer: noKu }), [noKu], [])).status).toBe('valid');
	});

	it('an anchor with an unknown critical extension fails', async () => {
		const odd = await root({
			extensions: [
				...(await profileExtensions({ keys: kit.keys, ca: true })),
				{ oid: '1.3.6.1.4.1.99999.7', critical: true, value: new Uint8Array([0x05, 0x00]) }
			]
		});
		const r = await validate(await kit.leaf({ issuer: odd }), [odd], []);
		expect(r.failure).toMatchObject({ code: 'UNKNOWN_CRITICAL_EXTENSION', index: 0 });
		expect(r.reason).toMatch(/1\.3\.6\.1\.4\.1\.99999\.7/);
	});

	it("the anchor's name constraints bind every certificate below it", async () => {
		const gov = new x509.Name([{ '2.5.4.6': ['VN'] }, { '2.5.4.10': ['UBND tỉnh Đồng Tháp'] }]);
		const constrained = await root({
			extensions: [
				...(await profileExtensions({ keys: kit.keys, ca: true })),
				nameConstraints({ permitted: [generalName.dn(gov)] })
			]
		});
		const inside = await kit.leaf({ issuer: constrained });
		expect((await validate(inside, [constrained], [])).status).toBe('valid');
		const outside = await kit.leaf({
			issuer: constrained,
			subject: { cn: 'Người ngoài', o: 'Công ty khác' }
		});
		const r = await validate(outside, [constrained], []);
		expect(r.failure).toMatchObject({ code: 'NAME_CONSTRAINTS', index: 1 });
		// A malformed constraint on the anchor (an IP address without its mask) is refused outright.
		const malformed = await root({
			extensions: [
				...(await profileExtensions({ keys: kit.keys, ca: true })),
				nameConstraints({ permitted: [generalName.ip([10, 0, 0, 0])] })
			]
		});
		const m = await validate(await kit.leaf({ issuer: malformed }), [malformed], []);
		expect(m.failure).toMatchObject({ code: 'NAME_CONSTRAINTS', index: 0 });
		expect(m.reason).toMatch(/không có mặt nạ/);
	});

	it("the anchor's pathLenConstraint counts the intermediates below it", async () => {
		const short = await root({
			extensions: await profileExtensions({ keys: kit.keys, ca: true, pathLength: 0 })
		});
		const ca = await kit.ca({ issuer: short });
		const r = await validate(await kit.leaf({ issuer: ca }), [short], [ca]);
		expect(r.failure).toMatchObject({ code: 'PATH_LENGTH', index: 1 });
		expect((await validate(await kit.leaf({ issuer: short }), [short], [])).status).toBe('valid');
	});

	it('a trusted end-entity certificate (a path of one) is held to its validity only', async () => {
		const leaf = await kit.leaf({ issuer: kit.root });
		expect((await validate(leaf, [leaf], [])).status).toBe('valid');
		const r = await validate(leaf, [leaf], [], new Date('2030-01-01T00:00:00Z'));
		expect(r.failure).toMatchObject({ code: 'EXPIRED', index: 0 });
	});
});

describe('the real government G2 hierarchy', () => {
	it('the real root anchors the real G2 CA with no profile finding, and binds it by its own validity', async () => {
		const real = realCa();
		const v = new ChainValidator({
			anchors: new CertificatePool([parseCertificate(real.root)]),
			pool: new CertificatePool(),
			crls: new CrlStore(),
			revocation: 'none'
		});
		const ok = await v.validate(parseCertificate(real.ca), { time: D.now });
		expect(ok.status).toBe('valid');
		expect(ok.profile).toEqual([]);
		const late = await v.validate(parseCertificate(real.ca), { time: new Date('2049-01-01T00:00:00Z') });
		expect(late.failure).toMatchObject({ code: 'EXPIRED', index: 0 });
	});
});
