// Distinguished names: display strings with Vietnamese text intact (UTF8String, BMPString) and the RFC 5280
// section 7.1 comparison form ("case-insensitive, insignificant whitespace removed", per RFC 4518 in spirit).
import { AsnConvert } from '@peculiar/asn1-schema';
import { Name, type AttributeTypeAndValue } from '@peculiar/asn1-x509';
import { toHex } from './bytes';

export const ATTR_SHORT: Record<string, string> = {
	'2.5.4.3': 'CN',
	'2.5.4.4': 'SN',
	'2.5.4.42': 'G',
	'2.5.4.5': 'SERIALNUMBER',
	'2.5.4.6': 'C',
	'2.5.4.7': 'L',
	'2.5.4.8': 'ST',
	'2.5.4.9': 'STREET',
	'2.5.4.10': 'O',
	'2.5.4.11': 'OU',
	'2.5.4.12': 'T',
	'2.5.4.46': 'DNQ',
	'2.5.4.65': 'PSEUDONYM',
	'0.9.2342.19200300.100.1.1': 'UID',
	'0.9.2342.19200300.100.1.25': 'DC',
	'1.2.840.113549.1.9.1': 'E'
};

/** The text of an attribute value, whatever string type encodes it; hex for non-string values. */
export function attrText(atv: AttributeTypeAndValue): string {
	const v = atv.value;
	const s =
		v.utf8String ?? v.printableString ?? v.bmpString ?? v.universalString ?? v.teletexString ?? v.ia5String;
	if (s !== undefined) return s;
	return v.anyValue ? '#' + toHex(v.anyValue) : '';
}

const escapeRdn = (s: string) =>
	s
		.replace(/([,+"\\<>;=])/g, '\\$1')
		.replace(/^([ #])/, '\\$1')
		.replace(/ $/, '\\ ');

/** RFC 4514 order (most specific first): "CN=…, O=…, C=VN". */
export function nameToString(name: Name): string {
	return [...name]
		.reverse()
		.map((rdn) =>
			[...rdn].map((a) => `${ATTR_SHORT[a.type] ?? a.type}=${escapeRdn(attrText(a))}`).join(' + ')
		)
		.join(', ');
}

/** First value of an attribute (by OID) in a name, or null. */
export function nameAttr(name: Name, oid: string): string | null {
	for (const rdn of name) for (const a of rdn) if (a.type === oid) return attrText(a);
	return null;
}

const isStringValue = (atv: AttributeTypeAndValue) => attrText(atv).charAt(0) !== '#' || !atv.value.anyValue;

/** Comparison key: RDN order kept, attributes within an RDN sorted, strings folded (RFC 5280 7.1). */
export function canonicalName(name: Name): string {
	return [...name]
		.map((rdn) =>
			[...rdn]
				.map((a) => {
					const text = isStringValue(a)
						? attrText(a).normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase()
						: attrText(a);
					return `${a.type}=${JSON.stringify(text)}`;
				})
				.sort()
				.join('+')
		)
		.join(',');
}

export const nameDer = (name: Name): Uint8Array => new Uint8Array(AsnConvert.serialize(name));
export const parseName = (der: ArrayBuffer | Uint8Array): Name => AsnConvert.parse(der, Name);
