// `kiem-ky import certificates|events|crl|organisation|subscribers|template`: fills the inventory
// from files. Certificates are previewed then imported in one transaction; events go through the
// upload's readers and pipeline (src/cli/import-events.ts); CRLs feed the verifier; the organisation chart and the
// subscriber list come from XLSX templates (src/cli/import-workbooks.ts). Every import is written
// to the audit log as the CLI operator.
import { stat } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { EXIT, wantsHelp, type CliCommand } from '../command';
import { parseCliArgs, UsageError } from '../args';
import { openDatabaseFromEnv } from '../../lib/server/db/connection';
import { readImportFolder } from '../../lib/pki/certificate-folder';
import type { ImportInput } from '../../lib/pki/certificate-import';
import {
	commitCertificateImport,
	previewCertificateImport,
	type CertificateImportPreview
} from '../../lib/server/import/certificates';
import { importCrlFiles } from '../../lib/server/import/crls';
import { importWorkbook, WORKBOOK_USAGE, writeTemplate } from '../import-workbooks';
import { EVENTS_USAGE, importEventsFile } from '../import-events';

const USAGE = `Cách dùng:
  kiem-ky import certificates [--dry-run] [--trust-roots] PATH...
      Nhập chứng thư từ tệp hoặc thư mục (PEM, DER, .cer/.crt, .p7b/.p7c, .zip); trùng dấu vân tay SHA-256 thì bỏ qua.
      Chứng thư CA vào danh mục CA (chưa tin cậy); --trust-roots đánh dấu tin cậy các CA gốc tự ký trong lần nhập này.
      --dry-run chỉ xem trước, không ghi.
${EVENTS_USAGE}
  kiem-ky import crl FILE...
      Nhập danh sách thu hồi (CRL: PEM, DER, .zip) cho việc kiểm tra chữ ký.
${WORKBOOK_USAGE}

Cơ sở dữ liệu: DATABASE_URL (PostgreSQL) nếu có, nếu không là PGlite trong KIEMKY_DATA_DIR (mặc định ./data).
Mã thoát: 0 thành công, 1 khi có lỗi dữ liệu, 2 khi sai cú pháp.`;

const who = () => ({ userId: null, actor: `cli:${safeUser()}`, ip: null });
function safeUser(): string {
	try {
		return userInfo().username;
	} catch {
		return 'unknown';
	}
}

async function readInputs(paths: string[]): Promise<ImportInput[]> {
	const out: ImportInput[] = [];
	for (const p of paths) {
		try {
			await stat(p);
		} catch {
			throw new UsageError(`không tìm thấy tệp hoặc thư mục: ${p}`);
		}
		out.push(...(await readImportFolder(p)));
	}
	return out;
}

function printPreview(p: CertificateImportPreview): void {
	for (const r of p.rows) {
		const what = { new: 'mới', existing: 'đã có', ca_new: 'CA mới', ca_existing: 'CA đã có' }[r.action];
		const link = r.isCa
			? ''
			: r.linkProblem
				? ` — CHƯA LIÊN KẾT: ${r.linkProblem}`
				: ` — ${r.personName ? `${r.personName}, ` : ''}${r.agencyName ?? ''}`;
		console.log(`[${what}] ${r.kind} ${r.subjectCn ?? r.subjectDn} (${r.fingerprint.slice(0, 16)}…)${link}`);
	}
	for (const x of p.problems) console.log(`[lỗi] ${x.source}: ${x.reason}`);
	const t = p.totals;
	console.log(
		`Tổng: ${t.new} mới (${t.unlinked} chưa liên kết), ${t.existing} đã có, ${t.caNew} CA mới, ${t.caExisting} CA đã có, ${p.duplicates} bản trùng trong tệp, ${t.crlsNew} CRL mới, ${p.problems.length} lỗi.`
	);
}

async function certificates(argv: string[]): Promise<number> {
	const { values, positionals } = parseCliArgs(argv, {
		'dry-run': { type: 'boolean' },
		'trust-roots': { type: 'boolean' }
	});
	if (!positionals.length) throw new UsageError('cần ít nhất một tệp hoặc thư mục chứng thư');
	const inputs = await readInputs(positionals);
	const handle = await openDatabaseFromEnv();
	try {
		if (values['dry-run']) {
			printPreview(await previewCertificateImport(handle.db, inputs));
			console.log('(xem trước: chưa ghi gì)');
			return EXIT.OK;
		}
		const { summary, preview } = await commitCertificateImport(handle.db, inputs, {
			...who(),
			trustSelfSignedRoots: !!values['trust-roots']
		});
		printPreview(preview);
		console.log(
			`Đã nhập ${summary.inserted} chứng thư, ${summary.caInserted} chứng thư CA (${summary.caTrusted} tin cậy), ${summary.crlsInserted} CRL; bỏ qua ${summary.skippedExisting} đã có.`
		);
		return summary.problems ? EXIT.FAILED : EXIT.OK;
	} finally {
		await handle.close();
	}
}

async function crl(argv: string[]): Promise<number> {
	const { positionals } = parseCliArgs(argv, {});
	if (!positionals.length) throw new UsageError('cần ít nhất một tệp CRL');
	const inputs = await readInputs(positionals);
	const handle = await openDatabaseFromEnv();
	try {
		const r = await importCrlFiles(handle.db, inputs, who());
		for (const p of r.problems) console.error(`[lỗi] ${p.source}: ${p.reason}`);
		console.log(`Đã nhập ${r.inserted} CRL; ${r.alreadyPresent} đã có.`);
		return r.problems.length ? EXIT.FAILED : EXIT.OK;
	} finally {
		await handle.close();
	}
}

export const command: CliCommand = {
	name: 'import',
	summary:
		'Nhập chứng thư, sự kiện ký số (CSV/XLSX/JSONL), CRL, sơ đồ tổ chức hoặc danh sách thuê bao (XLSX)',
	usage: USAGE,
	async run(argv) {
		const [sub, ...rest] = argv;
		if (!sub || wantsHelp(argv)) {
			console.log(USAGE);
			return sub ? EXIT.OK : EXIT.USAGE;
		}
		const subcommands = {
			certificates,
			events: (a: string[]) => importEventsFile(a, who()),
			crl,
			organisation: (a: string[]) => importWorkbook('organisation', a, who()),
			subscribers: (a: string[]) => importWorkbook('subscribers', a, who()),
			template: writeTemplate
		};
		const run = Object.hasOwn(subcommands, sub) ? subcommands[sub as keyof typeof subcommands] : undefined;
		try {
			if (!run)
				throw new UsageError(
					`không có lệnh con "${sub}" (certificates, events, crl, organisation, subscribers, template)`
				);
			return await run(rest);
		} catch (e) {
			if (!(e instanceof UsageError)) throw e;
			console.error(`kiem-ky import: ${e.message}`);
			return EXIT.USAGE;
		}
	}
};
