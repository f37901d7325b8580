// The environment checked once at start, so a mistyped DATABASE_URL, PORT, ORIGIN or SMTP URL stops
// the server with one Vietnamese line saying what to fix, instead of a stack trace minutes later.
import { z } from 'zod';
import { isCalendarDay } from '../../time/vietnam';

const url = (protocols: string[], what: string, example: string) =>
	z.string().refine(
		(v) => {
			try {
				const u = new URL(v);
				return protocols.includes(u.protocol) && u.hostname !== '';
			} catch {
				return false;
			}
		},
		{ message: `${what} phải có dạng ${example}` }
	);

/** kiemky@host or Name <kiemky@host>: what nodemailer's address parser takes as one mailbox. */
const MAIL_ADDRESS = /^(?:[^<>@]*<[^\s<>@]+@[^\s<>@]+\.[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+\.[^\s<>@]+)$/;

const SCHEMA = z.object({
	DATABASE_URL: z
		.string()
		.optional()
		.refine(
			(v) => {
				if (!v) return true;
				try {
					const u = new URL(v);
					return (
						['postgres:', 'postgresql:'].includes(u.protocol) &&
						(u.hostname !== '' || u.searchParams.has('host'))
					);
				} catch {
					return false;
				}
			},
			{
				message: 'DATABASE_URL phải có dạng postgres://người_dùng@máy:5432/tên_csdl (để trống để dùng PGlite)'
			}
		),
	PORT: z
		.string()
		.optional()
		.refine((v) => !v || (/^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 65535), {
			message: 'PORT phải là số cổng từ 1 đến 65535'
		}),
	ORIGIN: z
		.string()
		.optional()
		.refine(
			(v) => {
				if (!v) return true;
				try {
					const u = new URL(v);
					return (
						['http:', 'https:'].includes(u.protocol) && (u.pathname === '/' || u.pathname === '') && !u.search
					);
				} catch {
					return false;
				}
			},
			{ message: 'ORIGIN phải là địa chỉ công khai dạng https://kiemky.dongthap.gov.vn (không có đường dẫn)' }
		),
	KIEMKY_SMTP_URL: url(
		['smtp:', 'smtps:'],
		'KIEMKY_SMTP_URL',
		'smtp://người_dùng:mật_khẩu@máy:587 hoặc smtps://…'
	).optional(),
	// The sender of the daily digest: an address, or a name and an address ("Kiểm Ký <kiemky@…>").
	KIEMKY_MAIL_FROM: z
		.string()
		.optional()
		.refine((v) => !v || MAIL_ADDRESS.test(v.trim()), {
			message: 'KIEMKY_MAIL_FROM phải là địa chỉ thư, ví dụ "Kiểm Ký <kiemky@dongthap.gov.vn>"'
		}),
	KIEMKY_DEMO: z.enum(['0', '1'], { message: 'KIEMKY_DEMO phải là 0 hoặc 1' }).optional(),
	KIEMKY_SCHEDULER: z.enum(['on', 'off'], { message: 'KIEMKY_SCHEDULER phải là on hoặc off' }).optional(),
	KIEMKY_LOG_LEVEL: z
		.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
			message: 'KIEMKY_LOG_LEVEL phải là fatal, error, warn, info, debug, trace hoặc silent'
		})
		.optional(),
	KIEMKY_SEED_SCALE: z
		.string()
		.optional()
		.refine((v) => !v || (Number.isFinite(Number(v)) && Number(v) > 0), {
			message: 'KIEMKY_SEED_SCALE phải là số dương (ví dụ 1 hoặc 0.5)'
		}),
	KIEMKY_EVENTS_EARLIEST: z
		.string()
		.optional()
		.refine((v) => !v || isCalendarDay(v), {
			message: 'KIEMKY_EVENTS_EARLIEST phải là ngày dạng YYYY-MM-DD'
		}),
	KIEMKY_AUDIT_KEY: z
		.string()
		.optional()
		.refine((v) => !v || v.trim().length >= 32, { message: 'KIEMKY_AUDIT_KEY phải dài ít nhất 32 ký tự' }),
	BODY_SIZE_LIMIT: z
		.string()
		.optional()
		.refine((v) => !v || /^(\d+[KMG]?|Infinity)$/i.test(v), {
			message: 'BODY_SIZE_LIMIT phải là số byte, có thể kèm K, M, G (ví dụ 25M)'
		}),
	XFF_DEPTH: z
		.string()
		.optional()
		.refine((v) => !v || (/^\d+$/.test(v) && Number(v) >= 1), {
			message: 'XFF_DEPTH phải là số nguyên dương (số proxy phía trước)'
		})
});

/** The problems with `env`, one Vietnamese sentence each; empty when the configuration is usable. */
export function environmentProblems(env: NodeJS.ProcessEnv): string[] {
	// Empty variables count as unset (an empty DATABASE_URL means PGlite, as documented).
	const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
	const parsed = SCHEMA.safeParse(present);
	return parsed.success ? [] : parsed.error.issues.map((i) => i.message);
}

/** One line for the operator, or null when the configuration is usable. */
export function environmentError(env: NodeJS.ProcessEnv): string | null {
	const problems = environmentProblems(env);
	return problems.length ? `Cấu hình không hợp lệ: ${problems.join('; ')}.` : null;
}
