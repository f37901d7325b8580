// Reads the CA's subscriber list ("Thuê bao" sheet) into checked rows: a certificate serial in
// hex, its holder, managing agency and key device. Problems of the file alone (a serial listed
// twice, one device given two kinds or two holders) are named with sheet, row and column here.
import type ExcelJS from 'exceljs';
import { DEVICE_KIND_WORDS, SUBSCRIBER_SHEET, fold, lookupWord } from './templates';
import { asDate, asText } from './cells';
import { formatDay } from '../../time/vietnam';
import { IssueList, readSheet, ref, type ReadSheet } from './sheet-reader';
import { normaliseNationalId, type SheetInfo } from './organisation-rows';
import type { DeviceKindCode } from './types';

export interface SubscriberRow {
	row: number;
	/** Lower-case hex without separators or leading zeros: how serials are compared. */
	serial: string;
	serialAsTyped: string;
	issuer: string | null;
	holderName: string | null;
	holderNationalId: string | null;
	agencyCode: string;
	deviceSerial: string;
	deviceKind: DeviceKindCode;
	handedOverOn: string | null;
}

export interface SubscriberFile {
	rows: SubscriberRow[];
	sheet: SheetInfo;
}

export function serialKey(s: string): string {
	return s.toLowerCase().replace(/^0+(?=.)/, '');
}
/** Device serials are compared without case or surrounding spaces. */
export const deviceKey = (s: string) => s.toUpperCase();

function readRows(sheet: ReadSheet, issues: IssueList, today: string): SubscriberRow[] {
	const out: SubscriberRow[] = [];
	const seenSerial = new Map<string, number>();
	const seenDevice = new Map<
		string,
		{ row: number; kind: DeviceKindCode | undefined; holder: string | null }
	>();
	for (const { row, cells } of sheet.rows) {
		let failed = false;
		const fail = (key: string, message: string) => {
			issues.error(sheet.sheet, row, ref(sheet, SUBSCRIBER_SHEET, key), message);
			failed = true;
		};
		const text = (key: string, required: boolean, max = 200): string | null => {
			const t = asText(cells[key]!);
			let problem: string | null = null;
			if (!t.ok) problem = t.message;
			else if (t.value === null && required) problem = `Thiếu "${ref(sheet, SUBSCRIBER_SHEET, key).header}".`;
			else if (t.value && t.value.length > max) problem = `Quá dài (tối đa ${max} ký tự).`;
			if (problem) fail(key, problem);
			return problem || !t.ok ? null : t.value;
		};
		const serialText = text('serial', true, 100);
		const serial = serialText ? serialText.replace(/[\s:-]/g, '') : null;
		if (serialText && !/^[0-9a-fA-F]{1,64}$/.test(serial!))
			fail('serial', `Số hiệu "${serialText}" không phải số hệ 16 (0-9, A-F).`);
		const issuer = text('issuer', false);
		const holderName = text('holderName', false);
		const id = normaliseNationalId(cells.holderNationalId!);
		if (!id.ok) fail('holderNationalId', id.message);
		const holderNationalId = id.ok ? id.value : null;
		if (holderName && !holderNationalId && id.ok)
			fail('holderNationalId', 'Thiếu số định danh của người giữ.');
		const agencyCode = text('agencyCode', true, 40);
		const deviceSerial = text('deviceSerial', true, 100);
		const kindText = text('deviceKind', true);
		const deviceKind = kindText ? lookupWord(DEVICE_KIND_WORDS, kindText) : undefined;
		if (kindText && !deviceKind)
			fail(
				'deviceKind',
				`Loại thiết bị "${kindText}" không có trong danh mục (${DEVICE_KIND_WORDS.map((d) => d.label).join(', ')}).`
			);
		const date = asDate(cells.handedOverOn!);
		if (!date.ok) fail('handedOverOn', date.message);
		const handedOverOn = date.ok ? date.value : null;
		if (handedOverOn && handedOverOn > today)
			fail('handedOverOn', `Ngày ${formatDay(handedOverOn)} ở tương lai.`);

		if (serial && !failed) {
			const key = `${serialKey(serial)}|${fold(issuer ?? '')}`;
			const first = seenSerial.get(key);
			if (first !== undefined) fail('serial', `Số hiệu chứng thư ${serialText} trùng với dòng ${first}.`);
			else seenSerial.set(key, row);
		}
		if (deviceSerial) {
			const first = seenDevice.get(deviceKey(deviceSerial));
			if (!first)
				seenDevice.set(deviceKey(deviceSerial), { row, kind: deviceKind, holder: holderNationalId });
			else if (deviceKind && first.kind && first.kind !== deviceKind)
				fail('deviceKind', `Thiết bị ${deviceSerial} đã ghi loại khác ở dòng ${first.row}.`);
			else if (first.holder !== holderNationalId)
				fail('holderNationalId', `Thiết bị ${deviceSerial} được giao cho người khác ở dòng ${first.row}.`);
		}
		if (failed || !serial || !agencyCode || !deviceSerial || !deviceKind) continue;
		out.push({
			row,
			serial: serialKey(serial),
			serialAsTyped: serialText!,
			issuer,
			holderName,
			holderNationalId,
			agencyCode,
			deviceSerial,
			deviceKind,
			handedOverOn
		});
	}
	return out;
}

export function readSubscriberWorkbook(
	wb: ExcelJS.Workbook,
	issues: IssueList,
	today: string
): SubscriberFile {
	const sheet = readSheet(wb, SUBSCRIBER_SHEET, issues);
	return {
		rows: sheet ? readRows(sheet, issues, today) : [],
		sheet: {
			name: sheet?.sheet ?? SUBSCRIBER_SHEET.name,
			spec: SUBSCRIBER_SHEET,
			letters: sheet?.letters ?? {}
		}
	};
}
