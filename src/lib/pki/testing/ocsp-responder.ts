// A real OCSP responder for tests (RFC 6960 4.2): answers requests for one CA, signed by the CA or a delegated
// responder certificate, echoing the nonce; `startOcspServer` serves it over node:http on 127.0.0.1.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sign as nodeSign } from 'node:crypto';
import * as asn1js from 'asn1js';
import { pkijs } from '../x509';
import { toArrayBuffer, toHex } from '../bytes';
import type { Issued } from './ca';
import { nodePrivateKey } from './cms-sign';

export type OcspAnswer =
	{ status: 'good' } | { status: 'revoked'; revokedAt: Date; reason?: number } | { status: 'unknown' };

export interface OcspResponderOptions {
	/** The CA whose certificates are answered for. */
	issuer: Issued;
	/** Signs the responses: the CA itself or a certificate with id-kp-OCSPSigning it issued. */
	responder: Issued;
	/** Status by serial (hex as in the certificate's DER, e.g. Issued.serialHex). */
	statusOf(serialHex: string): OcspAnswer;
	thisUpdate?: () => Date;
	validityMs?: number;
	/** Test hook: do not echo the request nonce / sign garbage. */
	omitNonce?: boolean;
}

/** DER OCSPResponse for a DER OCSPRequest (malformedRequest when it cannot be parsed). */
export function answerOcspRequest(requestDer: Uint8Array, o: OcspResponderOptions): Uint8Array {
	let req: pkijs.OCSPRequest;
	try {
		req = pkijs.OCSPRequest.fromBER(toArrayBuffer(requestDer));
	} catch {
		return new Uint8Array(
			new pkijs.OCSPResponse({ responseStatus: new asn1js.Enumerated({ value: 1 }) }).toSchema().toBER()
		);
	}
	const thisUpdate = o.thisUpdate?.() ?? new Date();
	const nextUpdate = new Date(thisUpdate.getTime() + (o.validityMs ?? 3600_000));
	const responses = req.tbsRequest.requestList.map((r) => {
		const serial = toHex(r.reqCert.serialNumber.valueBlock.valueHexView).replace(/^00(?=[89a-f])/, '');
		const a = o.statusOf(serial);
		const certStatus =
			a.status === 'good'
				? new asn1js.Primitive({ idBlock: { tagClass: 3, tagNumber: 0 } })
				: a.status === 'revoked'
					? new asn1js.Constructed({
							idBlock: { tagClass: 3, tagNumber: 1 },
							value: [
								new asn1js.GeneralizedTime({ valueDate: a.revokedAt }),
								...(a.reason !== undefined
									? [
											new asn1js.Constructed({
												idBlock: { tagClass: 3, tagNumber: 0 },
												value: [new asn1js.Enumerated({ value: a.reason })]
											})
										]
									: [])
							]
						})
					: new asn1js.Primitive({ idBlock: { tagClass: 3, tagNumber: 2 } });
		return new pkijs.SingleResponse({ certID: r.reqCert, certStatus, thisUpdate, nextUpdate });
	});
	const responderCert = pkijs.Certificate.fromBER(toArrayBuffer(o.responder.der));
	const basic = new pkijs.BasicOCSPResponse();
	basic.tbsResponseData.responderID = responderCert.subject;
	basic.tbsResponseData.producedAt = thisUpdate;
	basic.tbsResponseData.responses = responses;
	const nonce = req.tbsRequest.requestExtensions?.find((e) => e.extnID === '1.3.6.1.5.5.7.48.1.2');
	if (nonce && !o.omitNonce) basic.tbsResponseData.responseExtensions = [nonce];
	const tbs = new Uint8Array(basic.tbsResponseData.toSchema(true).toBER());
	basic.tbsResponseData.tbsView = tbs;
	basic.signatureAlgorithm = new pkijs.AlgorithmIdentifier({
		algorithmId: '1.2.840.113549.1.1.11',
		algorithmParams: new asn1js.Null()
	});
	basic.signature = new asn1js.BitString({
		valueHex: toArrayBuffer(
			new Uint8Array(nodeSign('sha256', tbs, nodePrivateKey(o.responder.keys.privateKey)))
		)
	});
	if (o.responder.der !== o.issuer.der) basic.certs = [responderCert];
	const resp = new pkijs.OCSPResponse({
		responseStatus: new asn1js.Enumerated({ value: 0 }),
		responseBytes: new pkijs.ResponseBytes({
			responseType: '1.3.6.1.5.5.7.48.1.1',
			response: new asn1js.OctetString({ valueHex: basic.toSchema().toBER() })
		})
	});
	return new Uint8Array(resp.toSchema().toBER());
}

/** Serves `answerOcspRequest` (POST body or GET base64 path) on 127.0.0.1 and a free port. */
export async function startOcspServer(
	o: OcspResponderOptions
): Promise<{ url: string; requests: () => number; close: () => Promise<void> }> {
	let count = 0;
	const server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			count++;
			const body =
				req.method === 'GET'
					? Buffer.from(decodeURIComponent((req.url ?? '/').slice(1)), 'base64')
					: Buffer.concat(chunks);
			res.writeHead(200, { 'content-type': 'application/ocsp-response' });
			res.end(Buffer.from(answerOcspRequest(new Uint8Array(body), o)));
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}/`,
		requests: () => count,
		close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())))
	};
}
