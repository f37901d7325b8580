// Name constraints beyond PKITS: IPv4 and IPv6 ranges compared as addresses under their masks, and malformed
// names refused: an iPAddress constraint without a mask (or with a non-CIDR one), an IP range or a dotted DNS name
// in a subjectAltName.
import { beforeAll, describe, expect, it } from 'vitest';
import { ipWithin } from '../../../src/lib/pki/name-constraints';
import { generalName, nameConstraints, subjectAltName, type Issued } from '../../../src/lib/pki/testing';
import { ruleKit, validate, verifySigned, type RuleKit } from './rule-fixtures';

let kit: RuleKit;
beforeAll(async () => {
	kit = await ruleKit();
});

const v6 = (text: string): number[] => {
	const [head, tail] = text.split('::') as [string, string | undefined];
	const groups = (s: string | undefined) => (s ? s.split(':').map((g) => parseInt(g, 16)) : []);
	const h = groups(head);
	const t = groups(tail);
	const all = [...h, ...new Array(8 - h.length - t.length).fill(0), ...t];
	return all.flatMap((g) => [g >> 8, g & 0xff]);
};
const mask = (bits: number, octets: number) =>
	Array.from({ length: octets }, (_, i) => Math.max(0, Math.min(8, bits - 8 * i))).map(
		(b) => (0xff << (8 - b)) & 0xff
	);

async function constrainedCa(o: { permitted?: Uint8Array[]; excluded?: Uint8Array[] }): Promise<Issued> {
	return kit.ca({ extra: [nameConstraints(o)] });
}
const leafWithIp = (ca: Issued, ip: number[]) =>
	kit.leaf({ issuer: ca, extra: [subjectAltName([generalName.ip(ip)])] });

describe('iPAddress constraints (RFC 5280 4.2.1.10)', () => {
	it('an IPv6 permitted range admits its addresses and refuses others, whatever their text form', async () => {
		const ca = await constrainedCa({ permitted: [generalName.ip([...v6('2001:db8::'), ...mask(32, 16)])] });
		expect((await validate(await leafWithIp(ca, v6('2001:db8:0:0:0:0:0:1')), [kit.root], [ca])).status).toBe(
			'valid'
		);
		expect((await validate(await leafWithIp(ca, v6('2001:db8:ffff::1')), [kit.root], [ca])).status).toBe(
			'valid'
		);
		const out = await validate(await leafWithIp(ca, v6('2001:db9::1')), [kit.root], [ca]);
		expect(out.failure).toMatchObject({ code: 'NAME_CONSTRAINTS', index: 2 });
		expect(out.reason).toMatch(/ip:2001:db9:0:0:0:0:0:1 vi phạm ràng buộc tên/);
		// An IPv4 address is not inside an IPv6 range.
		const v4 = await validate(await leafWithIp(ca, [10, 0, 0, 1]), [kit.root], [ca]);
		expect(v4.failure?.code).toBe('NAME_CONSTRAINTS');
	});

	it('an IPv6 excluded range refuses its addresses (a string comparison let them through)', async () => {
		const ca = await constrainedCa({
			excluded: [generalName.ip([...v6('2001:db8:dead::'), ...mask(48, 16)])]
		});
		const r = await validate(await leafWithIp(ca, v6('2001:db8:dead::5')), [kit.root], [ca]);
		expect(r.failure?.code).toBe('NAME_CONSTRAINTS');
		expect((await validate(await leafWithIp(ca, v6('2001:db8:beef::5')), [kit.root], [ca])).status).toBe(
			'valid'
		);
	});

	it('IPv4 ranges keep working', async () => {
		const ca = await constrainedCa({ permitted: [generalName.ip([192, 168, 0, 0, 255, 255, 0, 0])] });
		expect((await validate(await leafWithIp(ca, [192, 168, 5, 5]), [kit.root], [ca])).status).toBe('valid');
		expect((await validate(await leafWithIp(ca, [192, 169, 0, 1]), [kit.root], [ca])).failure?.code).toBe(
			'NAME_CONSTRAINTS'
		);
	});

	it('compares bytes under the mask', () => {
		const base = new Uint8Array(v6('fd00::'));
		const m = new Uint8Array(mask(8, 16));
		expect(ipWithin(new Uint8Array(v6('fdff::1')), base, m)).toBe(true);
		expect(ipWithin(new Uint8Array(v6('fe00::1')), base, m)).toBe(false);
		expect(ipWithin(new Uint8Array([253, 0, 0, 1]), base, m)).toBe(false);
	});
});

describe('malformed names are refused', () => {
	it.each([
		['an IPv4 constraint without a mask', [10, 0, 0, 0], /không có mặt nạ/],
		['an IPv6 constraint without a mask', v6('2001:db8::'), /không có mặt nạ/],
		['an IP constraint of 5 octets', [10, 0, 0, 0, 255], /dài 5 octet/],
		['a non-CIDR mask', [10, 0, 0, 0, 255, 0, 255, 0], /không liên tục/]
	])('%s, even when no certificate below has an IP address', async (_what, octets, reason) => {
		const ca = await constrainedCa({ permitted: [generalName.ip(octets)] });
		const r = await validate(await kit.leaf({ issuer: ca }), [kit.root], [ca]);
		expect(r.failure).toMatchObject({ code: 'NAME_CONSTRAINTS', index: 1 });
		expect(r.reason).toMatch(reason);
	});

	it.each([
		['an IPv4 range', [generalName.ip([10, 0, 0, 0, 255, 0, 0, 0])], /dải địa chỉ IP/],
		['an IPv6 range', [generalName.ip([...v6('2001:db8::'), ...mask(32, 16)])], /dải địa chỉ IP/],
		['an IP address of 6 octets', [generalName.ip([1, 2, 3, 4, 5, 6])], /dài 6 octet/],
		['a DNS name with a leading dot', [generalName.dns('.dongthap.gov.vn')], /bắt đầu bằng dấu chấm/],
		['an empty DNS name', [generalName.dns('')], /rỗng/]
	])('a subjectAltName with %s, with or without constraints above', async (_what, names, reason) => {
		const leaf = await kit.leaf({ extra: [subjectAltName(names)] });
		const r = await validate(leaf, [kit.root], [kit.sub]);
		expect(r.failure).toMatchObject({ code: 'MALFORMED_NAME', index: 2 });
		expect(r.reason).toMatch(reason);
		const report = await verifySigned(leaf, [kit.sub], [kit.root]);
		expect([report.indication, report.subIndication]).toEqual(['INDETERMINATE', 'CHAIN_CONSTRAINTS_FAILURE']);
		expect(report.signatures[0]!.reasons[0]).toMatch(reason);
	});

	it('a name of a form the engine cannot check, under a constraint on that form, is refused', async () => {
		// registeredID ([8]) constraints are not processed: RFC 5280 4.2.1.10 then requires refusing such names.
		const rid = new Uint8Array([0x88, 0x03, 0x2a, 0x03, 0x04]);
		const ca = await constrainedCa({ excluded: [rid] });
		const leaf = await kit.leaf({ issuer: ca, extra: [subjectAltName([rid])] });
		expect((await validate(leaf, [kit.root], [ca])).failure?.code).toBe('NAME_CONSTRAINTS');
		expect((await validate(await kit.leaf({ issuer: ca }), [kit.root], [ca])).status).toBe('valid');
	});
});
