// What CMS SignedData parsing (RFC 5652 section 5) yields, shared by the DER fast path and the asn1js/pkijs path.
import type { AlgorithmIdentifier } from '@peculiar/asn1-x509';
import type { ParsedCert } from './certificate';
import type { ParsedCrl } from './crl';

export const ATTR = {
	contentType: '1.2.840.113549.1.9.3',
	messageDigest: '1.2.840.113549.1.9.4',
	signingTime: '1.2.840.113549.1.9.5',
	signingCertificate: '1.2.840.113549.1.9.16.2.12',
	signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
	signatureTimeStampToken: '1.2.840.113549.1.9.16.2.14',
	revocationValues: '1.2.840.113549.1.9.16.2.24',
	adbeRevocationInfo: '1.2.840.113583.1.1.8'
} as const;

export class CmsFormatError extends Error {}

export interface EssCertRef {
	hashOid: string;
	hash: string;
}

export interface CmsSigner {
	/** Issuer canonical key + serial key, or subject key identifier (hex). */
	sid: { issuerKey: string; serialKey: string } | { keyId: string };
	cert: ParsedCert | null;
	digestOid: string;
	signatureAlg: AlgorithmIdentifier;
	/** `signature` and `messageDigest` are views into the parsed bytes when the DER reader read them (as the content is). */
	signature: Uint8Array;
	signedAttrs: Uint8Array | null;
	contentType: string | null;
	messageDigest: Uint8Array | null;
	signingTime: Date | null;
	essCerts: EssCertRef[] | null;
	timestampTokens: Uint8Array[];
	/** OCSP responses and CRLs carried in the adbe-revocationInfoArchival signed attribute. */
	embeddedOcsp: Uint8Array[];
	embeddedCrls: Uint8Array[];
}

export interface ParsedCms {
	eContentType: string;
	/** Encapsulated content, or null when detached (chunked BER/DER contents are joined on first access). */
	readonly content: Uint8Array | null;
	/** The encapsulated content as its chunks (hash them in order without joining), or null when detached. */
	contentParts: readonly Uint8Array[] | null;
	certificates: ParsedCert[];
	crls: ParsedCrl[];
	ocspResponses: Uint8Array[];
	signers: CmsSigner[];
}
