// Verdicts in ETSI EN 319 102-1 terms (section 5.1.3, Table 5: indications and sub-indications), as EU DSS reports
// them, each with a plain Vietnamese explanation for the clerk who must accept or refuse a document (Điều 17.3).

export const INDICATIONS = ['TOTAL_PASSED', 'INDETERMINATE', 'TOTAL_FAILED'] as const;
export type Indication = (typeof INDICATIONS)[number];

export const SUB_INDICATIONS = {
	FORMAT_FAILURE: 'Tệp hoặc chữ ký không đúng định dạng (CMS/PDF) nên không thể kiểm tra.',
	HASH_FAILURE: 'Nội dung tài liệu đã bị thay đổi sau khi ký: giá trị băm không khớp với giá trị đã ký.',
	SIG_CRYPTO_FAILURE: 'Giá trị chữ ký không đúng với khóa công khai của chứng thư người ký.',
	REVOKED: 'Chứng thư của người ký đã bị thu hồi trước thời điểm ký.',
	REVOKED_NO_POE:
		'Chứng thư của người ký đã bị thu hồi và không có bằng chứng tài liệu đã tồn tại trước thời điểm thu hồi.',
	REVOKED_CA_NO_POE:
		'Chứng thư của một CA trong chuỗi đã bị thu hồi và không có bằng chứng tài liệu đã tồn tại trước thời điểm thu hồi.',
	OUT_OF_BOUNDS_NO_POE:
		'Chứng thư đã hết hạn (hoặc chưa có hiệu lực) tại thời điểm kiểm tra và không có bằng chứng tài liệu đã tồn tại khi chứng thư còn hiệu lực.',
	OUT_OF_BOUNDS_NOT_REVOKED:
		'Chứng thư đã hết hạn tại thời điểm kiểm tra, chưa bị thu hồi, nhưng không có bằng chứng tài liệu đã tồn tại khi chứng thư còn hiệu lực.',
	NO_CERTIFICATE_CHAIN_FOUND:
		'Không xây dựng được chuỗi chứng thư từ chứng thư người ký đến một CA gốc tin cậy.',
	NO_SIGNING_CERTIFICATE_FOUND:
		'Không tìm thấy chứng thư của người ký, hoặc chứng thư không khớp với thông tin đã ký.',
	CHAIN_CONSTRAINTS_FAILURE:
		'Chuỗi chứng thư vi phạm ràng buộc theo RFC 5280 (ràng buộc cơ bản, độ dài đường dẫn, mục đích sử dụng khóa, ràng buộc tên hoặc chính sách).',
	SIG_CONSTRAINTS_FAILURE:
		'Chữ ký không đáp ứng ràng buộc về thuộc tính đã ký (loại nội dung, thời điểm ký, thuộc tính bắt buộc).',
	CRYPTO_CONSTRAINTS_FAILURE:
		'Thuật toán hoặc độ dài khóa không còn được chấp nhận (ví dụ SHA-1 hoặc RSA dưới 2048 bit) tại thời điểm ký.',
	CRYPTO_CONSTRAINTS_FAILURE_NO_POE:
		'Thuật toán hoặc độ dài khóa không còn được chấp nhận và không có bằng chứng chữ ký được tạo trước thời hạn cho phép.',
	NOT_YET_VALID: 'Chứng thư của người ký chưa có hiệu lực tại thời điểm ký.',
	EXPIRED: 'Chứng thư của người ký đã hết hạn trước thời điểm ký.',
	TRY_LATER:
		'Chưa có thông tin thu hồi (CRL/OCSP) hợp lệ, còn hạn cho chứng thư; cần kiểm tra lại khi có thông tin.',
	CERTIFICATE_CHAIN_GENERAL_FAILURE: 'Không kiểm tra được chuỗi chứng thư vì lỗi không xác định.',
	TIMESTAMP_ORDER_FAILURE: 'Dấu thời gian không hợp lệ hoặc không khớp với chữ ký.',
	SIGNED_DATA_NOT_FOUND: 'Không tìm thấy dữ liệu đã ký (thiếu tệp nội dung của chữ ký tách rời).'
} as const satisfies Record<string, string>;
export type SubIndication = keyof typeof SUB_INDICATIONS;

export const INDICATION_VI: Record<Indication, string> = {
	TOTAL_PASSED: 'Hợp lệ',
	INDETERMINATE: 'Chưa xác định được',
	TOTAL_FAILED: 'Không hợp lệ'
};

export interface Verdict {
	indication: Indication;
	subIndication: SubIndication | null;
	reasons: string[];
}

export const passed = (reasons: string[] = []): Verdict => ({
	indication: 'TOTAL_PASSED',
	subIndication: null,
	reasons
});
export const failed = (sub: SubIndication, ...reasons: string[]): Verdict => ({
	indication: 'TOTAL_FAILED',
	subIndication: sub,
	reasons
});
export const indeterminate = (sub: SubIndication, ...reasons: string[]): Verdict => ({
	indication: 'INDETERMINATE',
	subIndication: sub,
	reasons
});

const RANK: Record<Indication, number> = { TOTAL_PASSED: 0, INDETERMINATE: 1, TOTAL_FAILED: 2 };

/** The worse of verdicts: TOTAL_FAILED over INDETERMINATE over TOTAL_PASSED; the first of equals wins. */
export function worstOf<T extends { indication: Indication }>(items: readonly T[]): T | undefined {
	let worst: T | undefined;
	for (const v of items) if (!worst || RANK[v.indication] > RANK[worst.indication]) worst = v;
	return worst;
}

/** One Vietnamese sentence for a verdict: indication, then the sub-indication's explanation. */
export function explain(v: { indication: Indication; subIndication: SubIndication | null }): string {
	return v.subIndication
		? `${INDICATION_VI[v.indication]}: ${SUB_INDICATIONS[v.subIndication]}`
		: INDICATION_VI[v.indication];
}
