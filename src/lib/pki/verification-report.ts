// What a downloadable verification report is made of: the document verified (name, SHA-256), the file's report
// with its signatures' facts, the validation time and whether the inspector chose it, and who made the report.
// The HTML (verification-report-html.ts) and ETSI TS 119 102-2 XML (etsi-validation-report.ts) renderers take
// this and nothing else, so the upload page (in the browser), the archive page and the CLI print the same
// report from the same verification. Pure and client-safe.
import type { FileReport } from './file-report';

export interface VerificationReportInput {
	document: {
		fileName: string;
		/** SHA-256 of the signed file, hex. */
		sha256: string;
		sizeBytes?: number | null;
		/** The detached content's name (a .p7s verified over another file). */
		contentName?: string | null;
	};
	report: FileReport;
	/** The validation time the verifier used, ISO 8601. */
	validationTime: string;
	/** True when an inspector chose the validation time (the page's field, the CLI's --at). */
	validationTimeChosen: boolean;
	/** When the report was made, ISO 8601. */
	generatedAt: string;
	softwareVersion: string;
	/** Where the verification comes from, in Vietnamese (e.g. "Văn bản lưu trữ số 12, lần kiểm tra ngày …"). */
	context?: string;
}

/** Report files are named after the document: "bao-cao-kiem-tra-<name>.html". */
export function reportFileName(documentName: string, ext: 'html' | 'xml'): string {
	const base = documentName
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/đ/g, 'd')
		.replace(/Đ/g, 'D')
		.replace(/\.[A-Za-z0-9]{1,5}$/, '')
		.replace(/[^A-Za-z0-9._-]+/g, '-')
		.replace(/^-+|-+$/g, '')
		.slice(0, 80);
	return `bao-cao-kiem-tra-${base || 'tai-lieu'}.${ext}`;
}

/** Hex to base64 without Node's Buffer (the upload page renders reports in the browser). */
export function hexToBase64(hex: string): string {
	let bin = '';
	for (let i = 0; i + 1 < hex.length; i += 2) bin += String.fromCharCode(parseInt(hex.slice(i, i + 2), 16));
	return btoa(bin);
}

// eslint-disable-next-line no-control-regex
const NOT_XML_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/**
 * Escapes text for XML and HTML (element content and double-quoted attributes); control characters XML 1.0
 * forbids (a certificate name may carry one) become U+FFFD, so the report stays well-formed.
 */
export function escapeMarkup(s: string): string {
	return s
		.replace(NOT_XML_CHARS, '\uFFFD')
		.replace(
			/[&<>"']/g,
			(c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!
		);
}

/** The validation time of a file's report: its signatures' recorded time, else the time given. */
export function validationTimeOf(report: FileReport, fallback: Date): string {
	return report.signatures.find((s) => s.facts)?.facts?.validationTime ?? fallback.toISOString();
}
