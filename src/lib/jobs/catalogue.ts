// What the jobs are, apart from what they do: names, Vietnamese titles and descriptions, default
// schedules and payload schemas. The jobs page, the enqueue path and `kiem-ky job list` read this
// module only, so none of them loads a job's handler (and through it the PKI engine, the report
// builders or the holiday tables); the handlers in definitions/ spread their entry from here.
import { z } from 'zod';

export interface JobMeta<P = unknown> {
	name: string;
	/** Vietnamese title and one-line description for the UI and `job list`. */
	title: string;
	description: string;
	defaultCron: string;
	/** Catch up a tick missed while every instance was down (once, at start). */
	catchUp: boolean;
	payloadSchema: z.ZodType<P, z.ZodTypeDef, unknown>;
}

const none = () => z.object({}).strict();

export const EXPIRY_SCAN: JobMeta<Record<string, never>> = {
	name: 'expiry-scan',
	title: 'Quét chứng thư sắp hết hạn',
	description:
		'Chứng thư sắp hết hạn chưa có yêu cầu gia hạn, đã hết hạn vẫn ghi đang dùng, thời hạn quá 5 năm hoặc gia hạn quá 3 năm, lẽ ra phải thu hồi, thiếu đề nghị thay đổi thông tin, chứng thư tổ chức thiếu văn thư hoặc bàn giao.',
	defaultCron: '0 1 * * *',
	catchUp: true,
	payloadSchema: none()
};

export const REVOCATION_SCAN: JobMeta<{ online?: boolean }> = {
	name: 'revocation-scan',
	title: 'Quét thu hồi chứng thư (CRL)',
	description:
		'Đối chiếu CRL của các CA với danh mục chứng thư, đánh dấu chứng thư bị thu hồi, tìm chữ ký sau thu hồi hoặc hết hạn.',
	defaultCron: '0 0 * * *',
	catchUp: true,
	payloadSchema: z.object({ online: z.boolean().optional() })
};

export const MISUSE_SCAN: JobMeta<{ full?: boolean }> = {
	name: 'misuse-scan',
	title: 'Quét sử dụng chữ ký sai quy định',
	description:
		'Chứng thư tổ chức không do văn thư dùng, sai chức danh, ký thay sai chứng thư, dùng chứng thư của người khác, văn bản mật, dùng cho cơ quan khác, văn bản đến không kiểm tra chữ ký, ký sau thu hồi/hết hạn/mất thiết bị, dấu hiệu bất thường.',
	defaultCron: '30 1 * * *',
	catchUp: true,
	payloadSchema: z.object({ full: z.boolean().optional() }).strict()
};

export const ARCHIVE_REVERIFY: JobMeta<{ full: boolean }> = {
	name: 'archive-reverify',
	title: 'Kiểm tra lại văn bản lưu trữ',
	description:
		'Xác thực lại chữ ký của văn bản lưu trữ (thời điểm tiếp nhận là bằng chứng tồn tại); cảnh báo khi kết quả xấu đi.',
	defaultCron: '0 3 * * *',
	catchUp: true,
	payloadSchema: z.object({ full: z.boolean().default(false) })
};

export const DEADLINE_WATCH: JobMeta<Record<string, never>> = {
	name: 'deadline-watch',
	title: 'Theo dõi thời hạn xử lý',
	description:
		'Khôi phục thiết bị trong 01 ngày làm việc (Điều 11.2), nộp lại thiết bị trong 5 ngày làm việc sau thu hồi/hết hạn.',
	defaultCron: '0 7 * * 1-5',
	catchUp: true,
	payloadSchema: none()
};

export const PERIODIC_REPORTS: JobMeta<{ period?: string; demandPlanYear?: number }> = {
	name: 'periodic-reports',
	title: 'Báo cáo định kỳ',
	description:
		'Báo cáo quý sau mỗi quý; báo cáo năm và kế hoạch nhu cầu năm vào tháng 1; lưu vào kho báo cáo.',
	defaultCron: '0 6 2 1,4,7,10 *',
	catchUp: true,
	payloadSchema: z.object({ period: z.string().optional(), demandPlanYear: z.number().int().optional() })
};

export const AUDIT_VERIFY: JobMeta<Record<string, never>> = {
	name: 'audit-verify',
	title: 'Kiểm tra toàn vẹn nhật ký hệ thống',
	description:
		'Kiểm tra chuỗi băm, số thứ tự và mã xác thực của nhật ký; ghi điểm kiểm tra hằng ngày (Điều 3.4).',
	defaultCron: '30 1 * * *',
	catchUp: true,
	payloadSchema: none()
};

export const MAIL_DIGEST: JobMeta<Record<string, never>> = {
	name: 'mail-digest',
	title: 'Gửi thư tổng hợp hằng ngày',
	description:
		'Mỗi người dùng một thư mỗi ngày liệt kê các việc cần xử lý chưa đọc, theo cơ quan; giờ gửi do quản trị đặt.',
	defaultCron: '0 7 * * *',
	catchUp: true,
	payloadSchema: none()
};

export const NOTIFICATIONS_REFRESH: JobMeta<Record<string, never>> = {
	name: 'notifications-refresh',
	title: 'Cập nhật thông báo',
	description:
		'Tạo thông báo cho từng người dùng trong phạm vi của họ (cảnh báo mới, chứng thư sắp hết hạn, thời hạn, quyết định về yêu cầu, tác vụ lỗi); gỡ thông báo đã hết lý do; chuyển thanh tra mục lâu chưa xem.',
	defaultCron: '15 * * * *',
	catchUp: true,
	payloadSchema: none()
};

/** Every job this build knows, in the order the jobs page lists them. */
export const JOB_CATALOGUE: readonly JobMeta<any>[] = [
	EXPIRY_SCAN,
	REVOCATION_SCAN,
	MISUSE_SCAN,
	ARCHIVE_REVERIFY,
	DEADLINE_WATCH,
	PERIODIC_REPORTS,
	AUDIT_VERIFY,
	MAIL_DIGEST,
	NOTIFICATIONS_REFRESH
];

export function findJobMeta(name: string): JobMeta<any> | undefined {
	return JOB_CATALOGUE.find((j) => j.name === name);
}
