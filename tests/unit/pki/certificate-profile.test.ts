// The RFC 5280 section 4 profile on hand-built certificates: each rule found on the certificate that breaks it,
// judged at its policy level (FAIL: INDETERMINATE/CHAIN_CONSTRAINTS_FAILURE with a Vietnamese reason naming the
// rule's section; WARN: passes with the warning), and none found on conforming or real certificates.
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCertificate } from '../../../src/lib/pki';
import { certificateProfileFindings, serialProblem } from '../../../src/lib/pki/certificate-profile';
import { DEFAULT_VALIDATION_POLICY } from '../../../src/lib/pki/validation-policy';
import type { ProfileRule } from '../../../src/lib/pki/profile-rules';
import { x509 } from '../../../src/lib/pki/x509';
import {
	generalName,
	nameConstraints,
	profileExtensions,
	rawExtension,
	subjectAltName,
	type Issued,
	type RawExtension
} from '../../../src/lib/pki/testing';
import { realCa, ruleKit, validate, verifySigned, type RuleKit } from './rule-fixtures';

let kit: RuleKit;
beforeAll(async () => {
	kit = await ruleKit();
});

const OID = { aki: '2.5.29.35', ski: '2.5.29.14', bc: '2.5.29.19', ku: '2.5.29.15', san: '2.5.29.17' };
const critical = (list: RawExtension[], oid: string, c: boolean) =>
	list.map((e) => (e.oid === oid ? { ...e, critical: c } : e));
const without = (list: RawExtension[], oid: string) => list.filter((e) => e.oid !== oid);
const leafExt = () => profileExtensions({ keys: kit.keys, issuer: kit.sub, ca: false });
const caExt = () => profileExtensions({ keys: kit.keys, issuer: kit.root, ca: true, pathLength: 0 });

/** Each case: the rule, how to build the chain breaking it: [leaf, intermediates]. */
const CASES: [ProfileRule, string, () => Promise<[Issued, Issued[]]>][] = [
	[
		'akiPresent',
		'a leaf without authorityKeyIdentifier',
		async () => [await kit.leaf({ extensions: without(await leafExt(), OID.aki) }), [kit.sub]]
	],
	[
		'akiNonCritical',
		'a critical authorityKeyIdentifier',
		async () => [await kit.leaf({ extensions: critical(await leafExt(), OID.aki, true) }), [kit.sub]]
	],
	[
		'skiPresent',
		'a CA without subjectKeyIdentifier',
		async () => {
			const ca = await kit.ca({ extensions: without(await caExt(), OID.ski) });
			return [await kit.leaf({ issuer: ca }), [ca]];
		}
	],
	[
		'skiNonCritical',
		'a critical subjectKeyIdentifier',
		async () => [await kit.leaf({ extensions: critical(await leafExt(), OID.ski, true) }), [kit.sub]]
	],
	[
		'sanCriticalWhenSubjectEmpty',
		'an empty subject with a non-critical subjectAltName',
		async () => [
			await kit.leaf({
				subject: null,
				extra: [subjectAltName([generalName.email('vanthu@dongthap.gov.vn')], false)]
			}),
			[kit.sub]
		]
	],
	[
		'caSubjectNonEmpty',
		'a CA with an empty subject',
		async () => {
			const ca = await kit.ca({ subject: null });
			return [await kit.leaf({ issuer: ca }), [ca]];
		}
	],
	[
		'issuerNonEmpty',
		'a certificate with an empty issuer',
		async () => {
			const ca = await kit.ca({ subject: null });
			return [await kit.leaf({ issuer: ca }), [ca]];
		}
	],
	[
		'serialNumber',
		'a negative serial number',
		async () => [await kit.leaf({ serial: new Uint8Array([0xff, 0x01]) }), [kit.sub]]
	],
	[
		'serialNumber',
		'a zero serial number',
		async () => [await kit.leaf({ serial: new Uint8Array([0]) }), [kit.sub]]
	],
	[
		'serialNumber',
		'a serial number of 21 octets',
		async () => [await kit.leaf({ serial: new Uint8Array(21).fill(0x11) }), [kit.sub]]
	],
	[
		'nameConstraintsCaOnly',
		'nameConstraints in an end-entity certificate',
		async () => [
			await kit.leaf({ extra: [nameConstraints({ permitted: [generalName.dns('dongthap.gov.vn')] })] }),
			[kit.sub]
		]
	],
	[
		'nameConstraintsCritical',
		'a non-critical nameConstraints',
		async () => {
			const ca = await kit.ca({
				extra: [nameConstraints({ permitted: [generalName.dn({ cn: '', o: 'UBND tỉnh Đồng Tháp' })] }, false)]
			});
			return [await kit.leaf({ issuer: ca }), [ca]];
		}
	],
	[
		'keyCertSignCaOnly',
		'keyCertSign in an end-entity certificate',
		async () => [
			await kit.leaf({
				extensions: [
					...without(await leafExt(), OID.ku),
					rawExtension(
						new x509.KeyUsagesExtension(
							x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyCertSign,
							true
						)
					)
				]
			}),
			[kit.sub]
		]
	],
	[
		'aiaNonCritical',
		'a critical authorityInfoAccess',
		async () => [
			await kit.leaf({
				extra: [rawExtension(new x509.AuthorityInfoAccessExtension({ ocsp: ['http://ocsp.invalid/'] }), true)]
			}),
			[kit.sub]
		]
	],
	[
		'basicConstraintsCritical',
		'a CA whose basicConstraints is not critical',
		async () => {
			const ca = await kit.ca({ extensions: critical(await caExt(), OID.bc, false) });
			return [await kit.leaf({ issuer: ca }), [ca]];
		}
	]
];

describe('RFC 5280 section 4 profile', () => {
	it.each(CASES)(
		'%s: %s is found, judged at its level, and passes with a warning under WARN',
		async (rule, _what, build) => {
			const [leaf, chain] = await build();
			const r = await validate(leaf, [kit.root], chain);
			expect(r.status).toBe('valid');
			expect(r.profile.map((f) => f.rule)).toContain(rule);
			const level = DEFAULT_VALIDATION_POLICY.profile[rule];
			const strict = await verifySigned(leaf, chain, [kit.root], { policy: { profile: { [rule]: 'FAIL' } } });
			expect([strict.indication, strict.subIndication]).toEqual([
				'INDETERMINATE',
				'CHAIN_CONSTRAINTS_FAILURE'
			]);
			const reason = strict.signatures[0]!.reasons[0]!;
			expect(reason).toMatch(/RFC 5280 §4/);
			expect(strict.signatures[0]!.findings?.some((f) => f.check === `profile.${rule}`)).toBe(true);
			// Every other rule the fixture breaks on the way is warned about too, so only this rule's level decides.
			const others = Object.fromEntries(r.profile.map((f) => [f.rule, 'WARN' as const]));
			const lenient = await verifySigned(leaf, chain, [kit.root], {
				policy: { profile: { ...others, [rule]: 'WARN' } }
			});
			expect(lenient.indication).toBe('TOTAL_PASSED');
			expect(lenient.warnings?.join(' ')).toContain(r.profile.find((f) => f.rule === rule)!.reason);
			expect(lenient.explanation).toMatch(/cảnh báo/);
			const byDefault = await verifySigned(leaf, chain, [kit.root], {
				policy: { profile: { ...others, [rule]: level } }
			});
			expect(byDefault.indication).toBe(level === 'FAIL' ? 'INDETERMINATE' : 'TOTAL_PASSED');
		}
	);

	it('finds nothing on the conforming test hierarchy, the demo-style leaves, or the real G2 certificates', async () => {
		const leaf = await kit.leaf();
		expect((await validate(leaf, [kit.root], [kit.sub])).profile).toEqual([]);
		const real = realCa();
		expect(certificateProfileFindings(parseCertificate(real.root))).toEqual([]);
		expect(certificateProfileFindings(parseCertificate(real.ca))).toEqual([]);
	});

	it('an empty subject with a critical subjectAltName is conforming; without any subjectAltName it is not', async () => {
		const ok = await kit.leaf({
			subject: null,
			extra: [subjectAltName([generalName.email('a@dongthap.gov.vn')], true)]
		});
		expect((await validate(ok, [kit.root], [kit.sub])).profile).toEqual([]);
		const bare = await kit.leaf({ subject: null });
		const r = await validate(bare, [kit.root], [kit.sub]);
		expect(r.profile).toMatchObject([{ rule: 'sanCriticalWhenSubjectEmpty', index: 2 }]);
		expect(r.profile[0]!.reason).toMatch(/không có subjectAltName/);
	});

	it('counts serial octets without the sign octet: 20 value octets are fine, 21 are not', () => {
		expect(serialProblem(new Uint8Array([0x00, ...new Array(20).fill(0x80)]))).toBeNull();
		expect(serialProblem(new Uint8Array(20).fill(0x7f))).toBeNull();
		expect(serialProblem(new Uint8Array(21).fill(0x7f))).toMatch(/21 octet/);
		expect(serialProblem(new Uint8Array([0x80]))).toMatch(/âm/);
		expect(serialProblem(new Uint8Array([0x00]))).toMatch(/bằng 0/);
	});

	it('a revoked or expired path is judged on that, not on its profile findings', async () => {
		const leaf = await kit.leaf({
			serial: new Uint8Array([0xfe]),
			notAfter: new Date('2025-01-01T00:00:00Z')
		});
		const r = await verifySigned(leaf, [kit.sub], [kit.root]);
		expect([r.indication, r.subIndication]).toEqual(['INDETERMINATE', 'OUT_OF_BOUNDS_NO_POE']);
	});
});
