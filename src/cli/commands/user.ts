// `kiem-ky user add|list|passwd|disable|enable`: accounts from the command line. Outside demo mode
// this is how the first admin is made; passwords come from stdin, never from the command line.
import { userInfo } from 'node:os';
import { createInterface } from 'node:readline';
import { EXIT, wantsHelp, type CliCommand } from '../command';
import { parseCliArgs } from '../args';
import { openDatabaseFromEnv } from '../../lib/server/db/connection';
import {
	checkPassword,
	createUser,
	findUserId,
	listUsers,
	setUserActive,
	setUserPassword
} from '../../lib/server/auth/users';
import { ROLES, type Role } from '../../lib/server/auth/roles';
import { AppError, isAppError } from '../../lib/errors';
import type { AuditWho } from '../../lib/server/audit/from-event';

/** Who the audit log names for CLI changes: the operating-system account that ran the command. */
export function cliActor(): string {
	try {
		return `cli:${userInfo().username}`;
	} catch {
		return 'cli';
	}
}

export function cliWho(): AuditWho {
	return { userId: null, actor: cliActor(), ip: null };
}

async function readAllStdin(): Promise<string> {
	const chunks: Buffer[] = [];
	for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks)
		.toString('utf8')
		.replace(/\r?\n$/, '');
}

function askHidden(prompt: string): Promise<string> {
	return new Promise((resolve) => {
		const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
		const out = rl as unknown as { _writeToOutput: (s: string) => void };
		process.stdout.write(prompt);
		out._writeToOutput = () => {}; // do not echo the password
		rl.question('', (answer) => {
			rl.close();
			process.stdout.write('\n');
			resolve(answer);
		});
	});
}

/** The new password: the whole of stdin with --password-stdin or when piped, else asked twice. */
export async function readPassword(fromStdin: boolean): Promise<string> {
	if (fromStdin || !process.stdin.isTTY) return readAllStdin();
	const first = await askHidden('Mật khẩu: ');
	const second = await askHidden('Nhập lại mật khẩu: ');
	if (first !== second) throw new Error('hai lần nhập mật khẩu không khớp');
	return first;
}

const USAGE = `Cách dùng:
  kiem-ky user add --username U --name "Họ và tên" --role VAI_TRÒ [--role …] [--agency MÃ] [--email E] [--password-stdin]
  kiem-ky user list
  kiem-ky user passwd --username U [--password-stdin]
  kiem-ky user disable --username U
  kiem-ky user enable --username U

Vai trò: admin, inspector, leader, report_staff, agency_officer (agency_officer cần --agency).
Mật khẩu (ít nhất 10 ký tự) được hỏi trên bàn phím (không hiện), hoặc đọc từ stdin với --password-stdin:
  printf '%s' "$MAT_KHAU" | kiem-ky user add --username admin --name "Quản trị" --role admin --password-stdin`;

export const command: CliCommand = {
	name: 'user',
	summary: 'Quản lý tài khoản người dùng (thêm, liệt kê, đổi mật khẩu, khóa)',
	usage: USAGE,
	async run(argv) {
		if (wantsHelp(argv)) {
			console.log(this.usage);
			return EXIT.OK;
		}
		const { values, positionals } = parseCliArgs(argv, {
			username: { type: 'string' },
			name: { type: 'string' },
			role: { type: 'string', multiple: true },
			agency: { type: 'string' },
			email: { type: 'string' },
			'password-stdin': { type: 'boolean' }
		});
		const sub = positionals[0];
		const needsUser = sub === 'add' || sub === 'passwd' || sub === 'disable' || sub === 'enable';
		if (!sub || !(needsUser || sub === 'list') || positionals.length > 1) {
			console.error('kiem-ky user: lệnh con phải là add, list, passwd, disable hoặc enable (xem --help)');
			return EXIT.USAGE;
		}
		if (needsUser && !values.username) {
			console.error(`kiem-ky user ${sub}: thiếu --username`);
			return EXIT.USAGE;
		}
		if (sub === 'add' && (!values.name || !values.role?.length)) {
			console.error('kiem-ky user add: cần --name và ít nhất một --role');
			return EXIT.USAGE;
		}
		const unknownRole = values.role?.find((r) => !ROLES.includes(r as Role));
		if (sub === 'add' && unknownRole) {
			console.error(`kiem-ky user add: vai trò không hợp lệ "${unknownRole}" (${ROLES.join(', ')})`);
			return EXIT.USAGE;
		}
		const password = sub === 'add' || sub === 'passwd' ? await readPassword(!!values['password-stdin']) : '';
		// Check what needs no database first: a bad password is a usage error, not a failed command.
		if (password) {
			try {
				checkPassword(password, values.username!);
			} catch (e) {
				if (!isAppError(e)) throw e;
				console.error(`kiem-ky user ${sub}: ${e.message}`);
				return EXIT.USAGE;
			}
		}
		const handle = await openDatabaseFromEnv();
		try {
			const db = handle.db;
			if (sub === 'list') {
				for (const u of await listUsers(db))
					console.log(
						[
							u.username.padEnd(16),
							u.active ? 'hoạt động' : 'đã khóa  ',
							u.roles.join(',').padEnd(24),
							u.agencyCode ?? '-',
							u.displayName
						].join('  ')
					);
				return EXIT.OK;
			}
			if (sub === 'add') {
				const id = await createUser(
					db,
					{
						username: values.username!,
						displayName: values.name!,
						email: values.email,
						password,
						roles: values.role!,
						agencyCode: values.agency
					},
					cliWho()
				);
				console.log(`Đã tạo người dùng ${values.username!.toLowerCase()} (#${id}).`);
				return EXIT.OK;
			}
			const id = await findUserId(db, values.username!);
			if (id === null) throw new AppError('NOT_FOUND', `Không có người dùng "${values.username}".`);
			if (sub === 'passwd') {
				await setUserPassword(db, id, password, cliWho());
				console.log(`Đã đổi mật khẩu của ${values.username}; mọi phiên đăng nhập của tài khoản đã bị đóng.`);
			} else {
				await setUserActive(db, id, sub === 'enable', cliWho());
				console.log(
					sub === 'enable'
						? `Đã mở khóa ${values.username}.`
						: `Đã khóa ${values.username} và đóng mọi phiên đăng nhập.`
				);
			}
			return EXIT.OK;
		} finally {
			await handle.close();
		}
	}
};
