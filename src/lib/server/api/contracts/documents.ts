// POST /api/v1/documents: a signed document (PDF, .p7m, or .p7s with its content) and its
// metadata from a document system, verified at once and archived. The handler validates the parts
// with documentIntakeRequestSchema and answers with documentIntakeResponseSchema.
import { z } from 'zod/v4';
import { apiSchemas, defineEndpoint } from '../registry';
import { apiErrorSchema } from '../errors';

/** Largest request body (the signed file, its content and the metadata together). */
export const MAX_DOCUMENT_REQUEST_BYTES = 24 * 1024 * 1024;

const indicationSchema = z
	.enum(['TOTAL_PASSED', 'TOTAL_FAILED', 'INDETERMINATE'])
	.meta({ description: 'ETSI EN 319 102-1 indication.' });

export const documentMetadataSchema = apiSchemas.add(
	'DocumentMetadata',
	z
		.strictObject({
			agency: z
				.string()
				.trim()
				.min(1)
				.max(50)
				.meta({
					description:
						'Mã cơ quan lưu văn bản: cơ quan ban hành (văn bản đi) hoặc cơ quan nhận (văn bản đến). ' +
						'The code of the agency filing the document: the issuer (outgoing) or the recipient (incoming).',
					examples: ['SYT']
				}),
			document_number: z
				.string()
				.trim()
				.min(1)
				.max(100)
				.meta({
					description: 'Số và ký hiệu văn bản / the document number and symbol.',
					examples: ['123/QĐ-UBND']
				}),
			direction: z.enum(['incoming', 'outgoing']).meta({
				description: 'incoming = văn bản đến, outgoing = văn bản đi.'
			}),
			received_or_issued_at: z.iso.datetime({ offset: true }).meta({
				description:
					'Thời điểm hệ thống nhận (văn bản đến) hoặc ban hành (văn bản đi), ISO 8601 có múi giờ: bằng chứng tồn tại khi kiểm tra lại (Điều 13.6). ' +
					'When the system received or issued the document, ISO 8601 with an offset: the proof of existence used by later re-verification.',
				examples: ['2026-12-05T09:15:03+07:00']
			}),
			source_id: z
				.string()
				.trim()
				.min(1)
				.max(200)
				.meta({
					description:
						'Mã văn bản trong hệ thống gửi; gửi lại cùng mã và cùng tệp không thay đổi gì. ' +
						"The document's id in the sending system: resending the same id with the same bytes changes nothing; other bytes get 409."
				}),
			source_system: z
				.string()
				.trim()
				.min(1)
				.max(100)
				.optional()
				.meta({
					description:
						'Chỉ khi gọi bằng phiên đăng nhập; với khóa API là hệ thống của khóa. ' +
						"Only for signed-in callers; with an API key it is the key's own source system (another value is refused)."
				}),
			source_verification: z
				.strictObject({
					indication: indicationSchema,
					message: z.string().max(2000).optional()
				})
				.meta({
					description:
						'Kết quả kiểm tra chữ ký của chính hệ thống gửi. The sending system’s own verification result; when ours differs, the answer says so and a finding is opened.'
				})
		})
		.meta({ description: 'The metadata part (JSON) of POST /api/v1/documents.' })
);
export type DocumentMetadata = z.output<typeof documentMetadataSchema>;

export const documentIntakeRequestSchema = apiSchemas.add(
	'DocumentIntakeRequest',
	z
		.object({
			file: z.file().meta({
				description:
					'Tệp đã ký: PDF, .p7m (CMS có nội dung) hoặc .p7s (chữ ký tách rời). The signed file: a PDF, a .p7m (enveloping CMS) or a .p7s (detached CMS signature).'
			}),
			content: z.file().optional().meta({
				description: 'Chỉ với .p7s: tệp nội dung đã được ký. Only with a .p7s: the signed content.'
			}),
			metadata: documentMetadataSchema
		})
		.meta({
			description:
				'multipart/form-data: the parts "file", "content" (only with a .p7s) and "metadata" (a JSON text, as a field or as a part of type application/json).'
		})
);

const signatureVerdictSchema = apiSchemas.add(
	'SignatureVerdict',
	z.object({
		signer: z.string().nullable().meta({ description: 'Subject DN of the signer certificate.' }),
		serial: z.string().nullable(),
		fingerprint: z.string().nullable().meta({ description: 'SHA-256 of the signer certificate.' }),
		signing_time: z.string().nullable().meta({ description: 'Claimed signing time, ISO 8601.' }),
		indication: indicationSchema,
		sub_indication: z.string().nullable()
	})
);

export const documentIntakeResponseSchema = apiSchemas.add(
	'DocumentIntakeResponse',
	z.object({
		id: z.number().int().meta({ description: 'The archived document: /luu-tru/{id}.' }),
		already_present: z.boolean().meta({
			description: 'true when this source id was already archived with the same bytes (nothing changed).'
		}),
		indication: indicationSchema.nullable().meta({
			description: 'Our verdict (on a resend: the latest stored one).'
		}),
		sub_indication: z.string().nullable(),
		signatures: z.array(signatureVerdictSchema),
		disagreement: z
			.object({
				reported_indication: indicationSchema,
				reported_message: z.string().nullable(),
				indication: indicationSchema,
				sub_indication: z.string().nullable(),
				finding_id: z.number().int().nullable()
			})
			.optional()
			.meta({
				description:
					'Present when our verdict differs from the one the source system reported; a finding verification_disagreement was opened.'
			})
	})
);
export type DocumentIntakeResponse = z.infer<typeof documentIntakeResponseSchema>;

export const documentsEndpoint = defineEndpoint({
	method: 'post',
	path: '/api/v1/documents',
	operationId: 'postDocument',
	summary: 'Gửi một văn bản đã ký vào kho lưu trữ / archive a signed document',
	description:
		'Kiểm tra chữ ký ngay, lưu văn bản và kết quả kiểm tra lần đầu; tác vụ kiểm tra lại văn bản lưu trữ xác minh lại về sau. ' +
		'Verifies the signature at once, archives the document with that first verification; the archive job re-verifies it from then on. ' +
		'A key scoped to an agency subtree may file documents of that subtree only.',
	tags: ['Văn bản / Documents'],
	auth: true,
	request: {
		contentType: 'multipart/form-data',
		schema: documentIntakeRequestSchema,
		maxBytes: MAX_DOCUMENT_REQUEST_BYTES
	},
	responses: {
		201: { description: 'Đã lưu trữ / archived', schema: documentIntakeResponseSchema },
		200: {
			description: 'Đã có sẵn (gửi lại) / already archived (a resend)',
			schema: documentIntakeResponseSchema
		},
		400: {
			description:
				'Yêu cầu không hợp lệ: tệp không phải PDF/CMS, không có chữ ký, cơ quan không tồn tại… / invalid request (NOT_A_SIGNED_FILE, NO_SIGNATURE, UNKNOWN_AGENCY, INVALID_REQUEST, …)',
			schema: apiErrorSchema
		},
		401: { description: 'Khóa không hợp lệ / invalid or revoked key', schema: apiErrorSchema },
		403: {
			description: 'Cơ quan ngoài phạm vi của khóa / agency outside the key’s scope (OUT_OF_SCOPE)',
			schema: apiErrorSchema
		},
		409: {
			description: 'source_id đã dùng cho tệp khác / source id already used for other bytes',
			schema: apiErrorSchema
		},
		413: { description: 'Quá dung lượng / too large', schema: apiErrorSchema },
		415: { description: 'Không phải multipart/form-data / wrong content type', schema: apiErrorSchema },
		429: { description: 'Quá tần suất / rate limited', schema: apiErrorSchema }
	}
});
