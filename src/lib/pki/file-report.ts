// A file's report: the worst of its signatures' verdicts (TOTAL_FAILED > INDETERMINATE > TOTAL_PASSED) explained
// in Vietnamese, with every warning of a passing signature surfaced at the file level. `applyPolicy` judges a
// stored report's facts again under another validation policy, fetching nothing. Pure and client-safe.
import type { SignatureReport } from './signature-verdict';
import { judgeSignatureFacts } from './signature-judge';
import {
	resolveValidationPolicy,
	type ValidationPolicy,
	type ValidationPolicyInput
} from './validation-policy';
import { explain, failed, worstOf, type Indication, type SubIndication } from './verdicts';

export interface FileReport {
	format: 'pdf' | 'cms';
	indication: Indication;
	subIndication: SubIndication | null;
	/** Vietnamese sentence for the file's verdict. */
	explanation: string;
	signatures: SignatureReport[];
	/** Set when the file could not be read as a signed document. */
	error?: string;
	/** File-level notes (e.g. changes after the last signature). */
	notes: string[];
	/** Warnings of the signatures ("Chữ ký 1: …"): a file can pass with warnings, never silently. */
	warnings?: string[];
	/** The validation policy the verdicts were judged under. */
	policy?: ValidationPolicy;
}

export function formatFailureReport(format: 'pdf' | 'cms', reason: string): FileReport {
	const v = failed('FORMAT_FAILURE', reason);
	return {
		format,
		indication: v.indication,
		subIndication: v.subIndication,
		explanation: explain(v),
		signatures: [],
		error: reason,
		notes: []
	};
}

export function fileReport(
	format: 'pdf' | 'cms',
	signatures: SignatureReport[],
	notes: string[] = [],
	policy?: ValidationPolicy
): FileReport {
	const worst = worstOf(signatures);
	if (!worst) return { ...formatFailureReport(format, 'tệp không có chữ ký số nào'), notes };
	let warnings: string[] | undefined;
	for (let i = 0; i < signatures.length; i++)
		for (const w of signatures[i]!.warnings ?? []) (warnings ??= []).push(`Chữ ký ${i + 1}: ${w}`);
	return {
		format,
		indication: worst.indication,
		subIndication: worst.subIndication,
		explanation:
			worst.indication === 'TOTAL_PASSED' && warnings
				? `${explain(worst)}, có ${warnings.length} cảnh báo: ${warnings[0]}`
				: explain(worst),
		signatures,
		notes,
		warnings,
		policy
	};
}

export function applyPolicy(
	report: FileReport,
	policy: ValidationPolicy | ValidationPolicyInput
): FileReport {
	if (report.error || !report.signatures.length) return report;
	const p = resolveValidationPolicy(policy);
	const signatures = report.signatures.map((s): SignatureReport => {
		if (!s.facts) return s;
		const v = judgeSignatureFacts(s.facts, p);
		return {
			...s,
			indication: v.indication,
			subIndication: v.subIndication,
			reasons: v.reasons,
			warnings: v.warnings,
			findings: v.findings
		};
	});
	return fileReport(report.format, signatures, report.notes, p);
}
