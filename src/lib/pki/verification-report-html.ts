// The human verification report: one self-contained HTML page in Vietnamese (inline styles, no scripts, no
// external resources) that an inspector can file, mail or print to PDF from the browser. It carries what the
// verdict rests on: the document's hash, each signature's signer, certificate path (serials, validity), the
// revocation answers used with their times, time-stamps, the indication and sub-indication explained, the
// policy levels applied, the validation time and the software version. Pure and client-safe.
import { formatDateTime } from '../time/vietnam';
import type { RevocationFact, SignatureFacts } from './signature-facts';
import type { SignatureReport } from './signature-verdict';
import { PROFILE_RULES, PROFILE_RULE_IDS } from './profile-rules';
import { POLICY_CHECKS, POLICY_CHECK_IDS, POLICY_LEVEL_VI, type ValidationPolicy } from './validation-policy';
import { INDICATION_VI, SUB_INDICATIONS } from './verdicts';
import { escapeMarkup as e, type VerificationReportInput } from './verification-report';

const when = (iso: string | null | undefined) =>
	iso ? `${formatDateTime(iso)} <small>(${e(iso)})</small>` : '—';

const BST_SOURCE_VI: Record<SignatureFacts['bestSignatureTimeSource'], string> = {
	'validation-time': 'thời điểm kiểm tra (không có bằng chứng tồn tại sớm hơn)',
	poe: 'thời điểm lưu trữ (bằng chứng tồn tại)',
	timestamp: 'dấu thời gian RFC 3161 đã xác minh',
	'document-timestamp': 'dấu thời gian tài liệu PDF (RFC 3161) đã xác minh'
};
const CLAIMED_SOURCE_VI = {
	'cms-signing-time': 'thuộc tính signingTime trong chữ ký (được ký)',
	'pdf-m': 'mục /M của từ điển chữ ký PDF (không được ký)'
} as const;
const REVOCATION_VI: Record<RevocationFact['status'], string> = {
	good: 'Chưa bị thu hồi',
	revoked: 'Đã bị thu hồi',
	unknown: 'Không có thông tin thu hồi'
};

const STYLE = `body{font-family:"Times New Roman",serif;max-width:60rem;margin:1.5rem auto;padding:0 1rem;color:#111;line-height:1.4}
h1{font-size:1.5rem;text-align:center;margin-bottom:.2rem}h2{font-size:1.2rem;border-bottom:1px solid #999;margin-top:1.6rem}
h3{font-size:1.05rem;margin-bottom:.3rem}table{border-collapse:collapse;width:100%;margin:.4rem 0;font-size:.92rem}
th,td{border:1px solid #999;padding:.25rem .4rem;text-align:left;vertical-align:top}th{background:#eee}
.verdict{font-weight:bold;padding:.1rem .4rem;border:1px solid}.TOTAL_PASSED{color:#05610e}.INDETERMINATE{color:#8a5300}
.TOTAL_FAILED{color:#a00}code,.mono{font-family:monospace;word-break:break-all}small{color:#444}
.sub{text-align:center;margin-top:0}footer{margin-top:2rem;font-size:.85rem;color:#444;border-top:1px solid #999}
@media print{body{margin:0;max-width:none}h2{page-break-after:avoid}table{page-break-inside:auto}tr{page-break-inside:avoid}}`;

function row(label: string, valueHtml: string): string {
	return `<tr><th scope="row">${e(label)}</th><td>${valueHtml}</td></tr>`;
}

function verdictHtml(v: {
	indication: SignatureReport['indication'];
	subIndication: SignatureReport['subIndication'];
}) {
	const sub = v.subIndication
		? ` / <code>${e(v.subIndication)}</code><br>${e(SUB_INDICATIONS[v.subIndication])}`
		: '';
	return `<span class="verdict ${v.indication}">${e(INDICATION_VI[v.indication])}</span> <code>${v.indication}</code>${sub}`;
}

function pathTable(f: SignatureFacts): string {
	if (!f.path.length) return '<p>Không có đường dẫn chứng thực.</p>';
	const rows = [...f.path]
		.reverse()
		.map((c, i, all) => {
			const role =
				i === 0
					? 'Người ký'
					: i === all.length - 1 && f.chain.status !== 'no-chain'
						? 'CA gốc tin cậy'
						: 'CA trung gian';
			return `<tr><td>${e(role)}</td><td>${e(c.subject)}${c.issuer ? `<br><small>Bên cấp: ${e(c.issuer)}</small>` : ''}</td><td class="mono">${e(c.serial ?? '—')}</td><td>${formatDateTime(c.notBefore)} → ${formatDateTime(c.notAfter)}</td><td class="mono">${e(c.fingerprint)}</td></tr>`;
		})
		.join('');
	return `<table><thead><tr><th>Vai trò</th><th>Chủ thể</th><th>Số hiệu</th><th>Hiệu lực (giờ Việt Nam)</th><th>SHA-256 của chứng thư</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function revocationTable(f: SignatureFacts): string {
	if (!f.revocationChecked) return '<p>Thông tin thu hồi không được kiểm tra (theo cấu hình).</p>';
	if (!f.revocation.length) return '<p>Không có chứng thư nào cần kiểm tra thu hồi.</p>';
	const rows = f.revocation
		.map(
			(r) =>
				`<tr><td>${e(r.subject)}</td><td>${e(REVOCATION_VI[r.status])}${r.revokedAt ? `<br>lúc ${when(r.revokedAt)}` : ''}</td><td>${r.source ? r.source.toUpperCase() : '—'}</td><td>${when(r.issuedAt)}</td><td>${when(r.nextUpdate)}</td><td>${r.answers}</td><td>${e(r.reason || '—')}</td></tr>`
		)
		.join('');
	return `<table><thead><tr><th>Chứng thư</th><th>Trạng thái</th><th>Nguồn</th><th>Phát hành</th><th>Cập nhật tiếp theo</th><th>Số câu trả lời đã xét</th><th>Ghi chú</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function checkName(check: string): string {
	if (check.startsWith('profile.'))
		return PROFILE_RULES[check.slice(8) as keyof typeof PROFILE_RULES]?.vi ?? check;
	return POLICY_CHECKS[check as keyof typeof POLICY_CHECKS]?.vi ?? check;
}

function signatureSection(s: SignatureReport, i: number): string {
	const f = s.facts;
	const head = `<h3>Chữ ký ${i + 1}${s.fieldName ? ` (trường ${e(s.fieldName)})` : ''}</h3>`;
	const info = [
		row('Kết quả', verdictHtml(s)),
		row(
			'Người ký',
			s.signer
				? `${e(s.signer.subject)}<br><small>Số hiệu: <span class="mono">${e(s.signer.serial)}</span> · Bên cấp: ${e(s.signer.issuer)}</small>`
				: 'Không tìm thấy chứng thư người ký'
		),
		row(
			'Thời điểm ký (khai báo)',
			s.signingTime
				? `${when(s.signingTime)}${f?.claimedSigningTimeSource ? `<br><small>${e(CLAIMED_SOURCE_VI[f.claimedSigningTimeSource])}</small>` : ''}`
				: 'Không khai báo'
		),
		row(
			'Dấu thời gian',
			s.timestampTime
				? `${when(s.timestampTime)}${f ? ` <small>(${f.verifiedTimestamps} dấu thời gian đã xác minh)</small>` : ''}`
				: 'Không có dấu thời gian hợp lệ'
		),
		row(
			'Thời điểm tồn tại được chứng minh',
			`${when(s.bestSignatureTime)}${f ? `<br><small>${e(BST_SOURCE_VI[f.bestSignatureTimeSource])}</small>` : ''}`
		),
		row(
			'Phạm vi',
			s.coversWholeDocument ? 'Toàn bộ tài liệu' : 'Một phần tài liệu (có nội dung thêm sau khi ký)'
		)
	].join('');
	const parts = [head, `<table><tbody>${info}</tbody></table>`];
	if (f) {
		parts.push('<h4>Đường dẫn chứng thực</h4>', pathTable(f));
		if (f.chain.reason) parts.push(`<p><small>Kết quả kiểm tra đường dẫn: ${e(f.chain.reason)}</small></p>`);
		parts.push('<h4>Thông tin thu hồi đã dùng</h4>', revocationTable(f));
	}
	if (s.findings?.length)
		parts.push(
			'<h4>Phát hiện theo chính sách kiểm tra</h4><table><thead><tr><th>Kiểm tra</th><th>Mức áp dụng</th><th>Chi tiết</th></tr></thead><tbody>',
			...s.findings.map(
				(x) =>
					`<tr><td>${e(checkName(x.check))}</td><td>${e(POLICY_LEVEL_VI[x.level])}</td><td>${e(x.reason)}</td></tr>`
			),
			'</tbody></table>'
		);
	if (s.reasons.length)
		parts.push('<h4>Lý do và ghi chú</h4><ul>', ...s.reasons.map((r) => `<li>${e(r)}</li>`), '</ul>');
	return `<section>${parts.join('')}</section>`;
}

function policySection(p: ValidationPolicy | undefined): string {
	if (!p)
		return '<p>Báo cáo này không ghi chính sách kiểm tra (kết quả được lưu trước khi có chính sách theo mức).</p>';
	const rows = [
		...POLICY_CHECK_IDS.map((c) => [POLICY_CHECKS[c].vi, POLICY_CHECKS[c].source, p[c]] as const),
		...PROFILE_RULE_IDS.map((r) => [PROFILE_RULES[r].vi, PROFILE_RULES[r].source, p.profile[r]] as const)
	]
		.map(
			([vi, source, level]) =>
				`<tr><td>${e(vi)}</td><td>${e(source)}</td><td>${e(POLICY_LEVEL_VI[level])} <code>${level}</code></td></tr>`
		)
		.join('');
	const maxAge =
		p.revocationMaxAgeSeconds === null
			? 'theo chu kỳ cập nhật của từng CRL/OCSP (nextUpdate − thisUpdate)'
			: `${Math.round(p.revocationMaxAgeSeconds / 3600)} giờ`;
	return `<table><thead><tr><th>Kiểm tra</th><th>Căn cứ</th><th>Mức áp dụng</th></tr></thead><tbody>${rows}</tbody></table><p>Tuổi tối đa của thông tin thu hồi: ${e(maxAge)}.</p>`;
}

/** The report as a complete HTML document (UTF-8). */
export function renderVerificationReportHtml(input: VerificationReportInput): string {
	const { document: d, report: r } = input;
	const docRows = [
		row('Tên tệp', e(d.fileName) + (d.contentName ? ` + nội dung tách rời ${e(d.contentName)}` : '')),
		row('SHA-256 của tệp', `<span class="mono">${e(d.sha256)}</span>`),
		...(d.sizeBytes != null ? [row('Kích thước', `${d.sizeBytes.toLocaleString('vi-VN')} byte`)] : []),
		row('Định dạng', r.format === 'pdf' ? 'PDF (PAdES)' : 'CMS (.p7m/.p7s)'),
		...(input.context ? [row('Nguồn', e(input.context))] : [])
	].join('');
	const resultRows = [
		row('Kết quả của tệp', verdictHtml(r)),
		row('Diễn giải', e(r.explanation)),
		row(
			'Thời điểm kiểm tra',
			`${when(input.validationTime)}<br><small>${input.validationTimeChosen ? 'do người kiểm tra chọn' : 'thời điểm thực hiện kiểm tra'}</small>`
		),
		row('Số chữ ký', String(r.signatures.length)),
		...(r.error ? [row('Lỗi', e(r.error))] : [])
	].join('');
	const list = (title: string, items: readonly string[] | undefined) =>
		items?.length ? `<h3>${e(title)}</h3><ul>${items.map((x) => `<li>${e(x)}</li>`).join('')}</ul>` : '';
	return `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>Báo cáo kiểm tra chữ ký số — ${e(d.fileName)}</title>
<meta name="generator" content="Kiểm Ký ${e(input.softwareVersion)}"><style>${STYLE}</style></head>
<body>
<h1>BÁO CÁO KIỂM TRA CHỮ KÝ SỐ</h1>
<p class="sub">Theo ETSI EN 319 102-1; Nghị định 68/2024/NĐ-CP</p>
<h2>1. Tài liệu</h2><table><tbody>${docRows}</tbody></table>
<h2>2. Kết quả</h2><table><tbody>${resultRows}</tbody></table>
${list('Cảnh báo', r.warnings)}${list('Ghi chú của tệp', r.notes)}
<h2>3. Từng chữ ký</h2>
${r.signatures.length ? r.signatures.map(signatureSection).join('\n') : '<p>Tệp không có chữ ký số nào đọc được.</p>'}
<h2>4. Chính sách kiểm tra đã áp dụng</h2>
${policySection(r.policy)}
<footer><p>Báo cáo do Kiểm Ký phiên bản ${e(input.softwareVersion)} tạo lúc ${when(input.generatedAt)}. Thời gian theo giờ Việt Nam (UTC+7); trong ngoặc là thời điểm UTC theo ISO 8601. Báo cáo chỉ có giá trị cùng tệp có mã SHA-256 nêu trên.</p></footer>
</body></html>
`;
}
