// The Vietnamese sentences a signature's verdict carries about the revisions after it (pdf-revisions.ts): one note
// per kind of expected change (later signatures and time-stamps, DSS, form fill, annotations, metadata) and the
// list of content changes, which the judge weighs under the policy's `pdfModifications` level.
import { CHANGE_KIND_VI, type ChangeKind } from './pdf-revisions';
import type { PdfSignatureField } from './pdf-signatures';

const NOTED: ChangeKind[] = ['signature', 'dss', 'formFill', 'annotation', 'metadata'];
const MAX_LISTED = 5;

export function changeNotes(field: PdfSignatureField): { notes: string[]; content: string[] } {
	const notes: string[] = [];
	const content: string[] = [];
	if (field.removedLater) content.push('ô chữ ký này bị xóa khỏi biểu mẫu (/AcroForm) ở bản sửa đổi sau');
	for (const kind of NOTED) {
		const of = (field.changes ?? []).filter((c) => c.kind === kind);
		if (!of.length) continue;
		const listed = of.slice(0, MAX_LISTED).map((c) => c.description);
		if (of.length > MAX_LISTED) listed.push(`và ${of.length - MAX_LISTED} thay đổi khác`);
		notes.push(`sau chữ ký này: ${CHANGE_KIND_VI[kind]} (${listed.join('; ')})`);
	}
	for (const c of field.changes ?? []) if (c.kind === 'content') content.push(c.description);
	return { notes, content };
}
