// `kiem-ky verify`: verifies signed files (PDF, CMS .p7m/.p7s) against given trust anchors, intermediates and CRLs,
// or with --db against the database's trust store, inventory, CRLs and verification settings (the verifier the
// pages and the archive job use, from createDbVerifier), printing a Vietnamese report or one JSON object per file;
// exit 0 only when every file is TOTAL_PASSED. With --db each verification is also kept (upload_verifications, with
// its file and the validation material it relied on), as the upload page keeps its own.
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { userInfo } from 'node:os';
import type { CliCommand } from '../command';
import { readImportFolder } from '../../lib/pki/certificate-folder';
import { extractFromFile, ImportContext, ImportRefusedError } from '../../lib/pki/certificate-import';
import { createVerifier, formatFailureReport, type FileReport, type Verifier } from '../../lib/pki/verifier';
import { explain, INDICATION_VI, SUB_INDICATIONS } from '../../lib/pki/verdicts';
import type { ValidationMaterial } from '../../lib/pki/validation-material';

/** Keeps one verification (with --db); its stored id. */
type Keeper = (v: {
	file: string;
	bytes: Uint8Array;
	content: Uint8Array | null;
	report: FileReport;
	material: ValidationMaterial;
}) => Promise<number>;

const USAGE = `Cách dùng: kiem-ky verify [--trust DIR] [--certs DIR] [--crl DIR] [--online] [--at TIME] [--poe TIME] [--json] FILE...
       kiem-ky verify --db [--at TIME] [--poe TIME] [--json] FILE...
       kiem-ky verify ... --report html|xml --out REPORT FILE
Kiểm tra chữ ký số của tệp PDF và CMS (.p7m có nội dung đính kèm, .p7s tách rời: tệp X.p7s được kiểm tra trên tệp X bên cạnh).
  --db          dùng chứng thư CA tin cậy, danh mục chứng thư, CRL và cài đặt kiểm tra (chính sách thu hồi, tải trực
                tuyến, thuật toán) trong cơ sở dữ liệu, như trang Kiểm tra chữ ký và tác vụ kiểm tra lại văn bản lưu trữ;
                không dùng cùng --trust, --certs, --crl, --online, --revocation. Cơ sở dữ liệu: DATABASE_URL
                (PostgreSQL) nếu có, nếu không là PGlite trong KIEMKY_DATA_DIR (mặc định ./data). Mỗi lần kiểm tra
                được lưu kèm tệp và dữ liệu kiểm tra (chứng thư, CRL, OCSP), mở lại được trên trang Kiểm tra chữ ký
  --trust DIR   chứng thư CA gốc tin cậy (PEM, DER, .p7b, .zip; thư mục hoặc một tệp)
  --certs DIR   chứng thư trung gian bổ sung
  --crl DIR     danh sách thu hồi (CRL)
  --online      cho phép tải CRL và hỏi OCSP qua mạng (mặc định: không dùng mạng)
  --at TIME     thời điểm kiểm tra, ISO 8601 (mặc định: hiện tại)
  --poe TIME    thời điểm có bằng chứng tồn tại (ví dụ thời điểm hệ thống văn bản nhận và lưu trữ)
  --revocation require|if-available|none   chính sách khi thiếu thông tin thu hồi (mặc định require)
  --json        mỗi tệp một dòng JSON: {file, format, indication, subIndication, signatures, error, storedId}
  --report html|xml  ghi báo cáo kiểm tra vào tệp --out: html (tiếng Việt, in được) hoặc xml (ETSI TS 119 102-2);
                chỉ với một FILE
Mã thoát: 0 khi mọi tệp hợp lệ (TOTAL_PASSED), 1 khi có tệp không hợp lệ hoặc chưa xác định, 2 khi sai cú pháp.`;

interface Args {
	trust: string[];
	certs: string[];
	crl: string[];
	online: boolean;
	at?: Date;
	poe?: Date;
	json: boolean;
	/** Unset: 'require', unless --db takes the policy from the settings. */
	revocation?: 'require' | 'if-available' | 'none';
	db: boolean;
	files: string[];
	report?: 'html' | 'xml';
	out?: string;
}

function parseArgs(argv: string[]): Args | string {
	const a: Args = {
		trust: [],
		certs: [],
		crl: [],
		online: false,
		json: false,
		db: false,
		files: []
	};
	for (let i = 0; i < argv.length; i++) {
		const x = argv[i]!;
		const value = () => {
			const v = argv[++i];
			if (v === undefined) throw new Error(`thiếu giá trị cho ${x}`);
			return v;
		};
		const time = () => {
			const d = new Date(value());
			if (Number.isNaN(d.getTime())) throw new Error(`thời điểm ${x} không hợp lệ (cần ISO 8601)`);
			return d;
		};
		try {
			if (x === '--trust') a.trust.push(value());
			else if (x === '--certs') a.certs.push(value());
			else if (x === '--crl') a.crl.push(value());
			else if (x === '--online') a.online = true;
			else if (x === '--json') a.json = true;
			else if (x === '--db') a.db = true;
			else if (x === '--at') a.at = time();
			else if (x === '--poe') a.poe = time();
			else if (x === '--out') a.out = value();
			else if (x === '--report') {
				const v = value();
				if (v !== 'html' && v !== 'xml') return '--report phải là html hoặc xml';
				a.report = v;
			} else if (x === '--revocation') {
				const v = value();
				if (v !== 'require' && v !== 'if-available' && v !== 'none')
					return `--revocation phải là require, if-available hoặc none`;
				a.revocation = v;
			} else if (x === '--') {
				a.files.push(...argv.slice(i + 1));
				break;
			} else if (x.startsWith('-')) return `tùy chọn không hợp lệ: ${x}`;
			else a.files.push(x);
		} catch (e) {
			return (e as Error).message;
		}
	}
	if (!a.files.length) return 'cần ít nhất một tệp để kiểm tra';
	if (a.report && !a.out) return '--report cần --out TỆP để ghi báo cáo';
	if (a.out && !a.report) return '--out chỉ dùng cùng --report html|xml';
	if (a.report && a.files.length !== 1) return '--report chỉ dùng với đúng một tệp cần kiểm tra';
	if (a.db && (a.trust.length || a.certs.length || a.crl.length || a.online || a.revocation))
		return '--db lấy nguồn tin cậy và cài đặt kiểm tra từ cơ sở dữ liệu: không dùng cùng --trust, --certs, --crl, --online, --revocation';
	return a;
}

async function load(
	paths: string[]
): Promise<{ certs: Uint8Array[]; crls: Uint8Array[]; problems: string[] }> {
	const out = { certs: [] as Uint8Array[], crls: [] as Uint8Array[], problems: [] as string[] };
	const ctx = new ImportContext();
	for (const p of paths) {
		for (const input of await readImportFolder(p)) {
			let r;
			try {
				r = await extractFromFile(input, ctx);
			} catch (e) {
				if (!(e instanceof ImportRefusedError)) throw e;
				out.problems.push(`${e.source}: ${e.message}`);
				continue;
			}
			out.certs.push(...r.certs.map((c) => c.der));
			out.crls.push(...r.crls);
			out.problems.push(...r.problems.map((x) => `${x.source}: ${x.reason}`));
		}
	}
	return out;
}

function printReport(file: string, r: FileReport): void {
	const lines = [`${file}: ${explain(r)}`];
	if (r.error) lines.push(`  Lỗi: ${r.error}`);
	r.signatures.forEach((s, i) => {
		lines.push(
			`  Chữ ký ${i + 1}${s.fieldName ? ` (${s.fieldName})` : ''}: ${INDICATION_VI[s.indication]}${s.subIndication ? ` — ${s.subIndication}` : ''}`
		);
		if (s.subIndication) lines.push(`    ${SUB_INDICATIONS[s.subIndication]}`);
		if (s.signer)
			lines.push(
				`    Người ký: ${s.signer.subject}`,
				`    Số hiệu: ${s.signer.serial}; bên cấp: ${s.signer.issuer}`
			);
		if (s.signingTime) lines.push(`    Thời điểm ký (khai báo): ${s.signingTime}`);
		if (s.timestampTime) lines.push(`    Dấu thời gian: ${s.timestampTime}`);
		lines.push(`    Bao phủ toàn bộ tệp: ${s.coversWholeDocument ? 'có' : 'không'}`);
		for (const reason of s.reasons) lines.push(`    - ${reason}`);
	});
	for (const n of r.notes) lines.push(`  Ghi chú: ${n}`);
	console.log(lines.join('\n'));
}

async function run(argv: string[]): Promise<number> {
	if (argv.includes('--help') || argv.includes('-h')) {
		console.log(USAGE);
		return 0;
	}
	const args = parseArgs(argv);
	if (typeof args === 'string') {
		console.error(`kiem-ky verify: ${args}\n${USAGE}`);
		return 2;
	}
	if (args.db) {
		// Loaded only with --db: verifying files against folders needs no database driver.
		const { openDatabaseFromEnv } = await import('../../lib/server/db/connection');
		const { createDbVerifier } = await import('../../lib/server/verification/sources');
		const { storeUploadVerification } = await import('../../lib/server/verification/stored-uploads');
		const { createHash } = await import('node:crypto');
		const handle = await openDatabaseFromEnv();
		try {
			const at = args.at;
			const { verifier } = await createDbVerifier(handle.db, { clock: at ? () => at : undefined });
			const maker = {
				origin: 'cli' as const,
				userId: null,
				agencyId: null,
				who: { userId: null, actor: `cli:${operatorName()}`, ip: null }
			};
			const keep: Keeper = (v) =>
				storeUploadVerification(
					handle.db,
					maker,
					{
						file: { name: basename(v.file), bytes: v.bytes },
						content: v.content ? { name: basename(v.file.slice(0, -4)), bytes: v.content } : null,
						report: v.report,
						material: v.material,
						validationTimeChosen: args.at !== undefined
					},
					createHash('sha256').update(v.bytes).digest('hex')
				);
			return await verifyFiles(verifier, args, keep);
		} finally {
			await handle.close();
		}
	}
	const verifier = await verifierFromFolders(args);
	return verifier ? verifyFiles(verifier, args) : 2;
}

/** A verifier over the trust anchors, intermediates and CRLs given on the command line; null when unreadable. */
async function verifierFromFolders(args: Args): Promise<Verifier | null> {
	let trust, certs, crls;
	try {
		[trust, certs, crls] = await Promise.all([load(args.trust), load(args.certs), load(args.crl)]);
	} catch (e) {
		console.error(`kiem-ky verify: không đọc được thư mục chứng thư/CRL: ${(e as Error).message}`);
		return null;
	}
	for (const p of [...trust.problems, ...certs.problems, ...crls.problems])
		if (!args.json) console.error(`Cảnh báo: ${p}`);
	return createVerifier({
		trustAnchors: trust.certs,
		certificateStore: certs.certs,
		revocation: {
			crls: [...crls.crls, ...trust.crls, ...certs.crls],
			online: args.online,
			policy: args.revocation ?? 'require'
		}
	});
}

async function verifyFiles(verifier: Verifier, args: Args, keep?: Keeper): Promise<number> {
	let allPassed = true;
	for (const file of args.files) {
		let report: FileReport;
		let bytes: Uint8Array | null = null;
		let storedId: number | null = null;
		let kept: Parameters<Keeper>[0] | null = null;
		try {
			bytes = new Uint8Array(await readFile(file));
			let detachedContent: Uint8Array | undefined;
			if (/\.p7s$/i.test(file)) {
				const contentPath = file.slice(0, -4);
				if ((await stat(contentPath).catch(() => null))?.isFile())
					detachedContent = new Uint8Array(await readFile(contentPath));
			}
			const options = {
				fileName: basename(file),
				detachedContent,
				validationTime: args.at,
				poeTime: args.poe
			};
			if (keep) {
				const made = await verifier.verifyFileWithEvidence(bytes, options);
				report = made.report;
				kept = { file, bytes, content: detachedContent ?? null, report, material: made.material };
			} else report = await verifier.verifyFile(bytes, options);
		} catch (e) {
			report = formatFailureReport(
				/\.pdf$/i.test(file) ? 'pdf' : 'cms',
				`không đọc được tệp: ${readErrorVi(e)}`
			);
		}
		// Outside the reading's try: a database failure is not a file that could not be read.
		if (keep && kept) storedId = await keepOrSay(keep, kept);
		if (report.indication !== 'TOTAL_PASSED') allPassed = false;
		if (args.json) {
			console.log(
				JSON.stringify({
					file,
					format: report.format,
					indication: report.indication,
					subIndication: report.subIndication,
					signatures: report.signatures,
					error: report.error ?? null,
					notes: report.notes,
					storedId
				})
			);
		} else {
			printReport(file, report);
			if (storedId !== null) console.log(`  Đã lưu lần kiểm tra số ${storedId} (kèm dữ liệu kiểm tra).`);
		}
		if (args.report && !(await writeReport(args, file, bytes, report))) return 2;
	}
	return allPassed ? 0 : 1;
}

/** Writes the --report file (the same renderers as the pages); false, with a message, when it cannot. */
async function writeReport(args: Args, file: string, bytes: Uint8Array | null, report: FileReport) {
	const [{ createHash }, { writeFile }, html, xml, { APP_VERSION }, { validationTimeOf }] = await Promise.all(
		[
			import('node:crypto'),
			import('node:fs/promises'),
			import('../../lib/pki/verification-report-html'),
			import('../../lib/pki/etsi-validation-report'),
			import('../../lib/version'),
			import('../../lib/pki/verification-report')
		]
	);
	const now = new Date();
	const input = {
		document: {
			fileName: basename(file),
			sha256: createHash('sha256')
				.update(bytes ?? new Uint8Array())
				.digest('hex'),
			sizeBytes: bytes?.byteLength ?? null
		},
		report,
		validationTime: validationTimeOf(report, args.at ?? now),
		validationTimeChosen: args.at !== undefined,
		generatedAt: now.toISOString(),
		softwareVersion: APP_VERSION
	};
	const body =
		args.report === 'html' ? html.renderVerificationReportHtml(input) : xml.renderEtsiValidationReport(input);
	try {
		await writeFile(args.out!, body, 'utf8');
		if (!args.json) console.error(`Đã ghi báo cáo ${args.report!.toUpperCase()} vào ${args.out}`);
		return true;
	} catch (e) {
		console.error(`kiem-ky verify: không ghi được báo cáo vào ${args.out}: ${readErrorVi(e)}`);
		return false;
	}
}

export const command: CliCommand = {
	name: 'verify',
	summary: 'Kiểm tra chữ ký số của tệp PDF, .p7m, .p7s (chuỗi chứng thư, thu hồi, thời điểm)',
	usage: USAGE,
	run
};

/** Keeps a verification; a refusal (a file over the size limit) is said and the verdict still stands. */
async function keepOrSay(keep: Keeper, v: Parameters<Keeper>[0]): Promise<number | null> {
	const { isAppError } = await import('../../lib/errors');
	try {
		return await keep(v);
	} catch (e) {
		if (!isAppError(e)) throw e;
		console.error(`kiem-ky verify: không lưu được lần kiểm tra của ${v.file}: ${e.message}`);
		return null;
	}
}

/** The operating-system user who ran the command, for the audit log. */
function operatorName(): string {
	try {
		return userInfo().username || 'không rõ';
	} catch {
		return 'không rõ';
	}
}

/** A file-system error in words an operator reads: Node's own text is English. */
function readErrorVi(e: unknown): string {
	const code = (e as NodeJS.ErrnoException).code;
	if (code === 'ENOENT') return 'không tìm thấy tệp';
	if (code === 'EISDIR') return 'đây là thư mục, không phải tệp';
	if (code === 'EACCES' || code === 'EPERM') return 'không có quyền đọc tệp';
	return (e as Error).message;
}
