// The difference between a subscriber list and the inventory, per certificate: which holder,
// managing agency and key device it gets, what the device's custody gains (its first issue, or a
// hand-over to a new holder), and what is unknown. A serial the inventory lacks is reported on its
// row and skipped (certificates come from the certificate import, never from this list).
import { DEVICE_KIND_WORDS, fold, labelOf } from './templates';
import { formatDate, formatDay, startOfVietnamDay, vietnamDay } from '../../time/vietnam';
import { codeKey, columnOf } from './organisation-rows';
import { deviceKey, type SubscriberFile, type SubscriberRow } from './subscriber-rows';
import type { DbCertificate, DeviceState, SubscriberState } from './subscriber-state';
import type { IssueList } from './sheet-reader';
import { statusText } from './organisation-diff';
import type { DeviceKindCode, FieldChange, MissingEntry } from './types';
import { viLabel } from '../../i18n/values';

export interface CustodyPlan {
	event: 'issued' | 'handed_over';
	fromPersonId: number | null;
	toPersonId: number | null;
	agencyId: number;
	occurredAt: Date;
}

export interface SubscriberPlan {
	row: SubscriberRow;
	action: 'new' | 'changed' | 'unchanged';
	certificate: DbCertificate;
	/** What the certificate row gets; a key is absent when that column stays as it is. */
	link: { person_id?: number | null; agency_id?: number; token?: true };
	personId: number | null;
	agencyId: number;
	/** The device: its id when it exists already, its kind when that changes, null when it is new. */
	device: { id: number | null; serial: string; kind: DeviceKindCode; create: boolean; setKind: boolean };
	custody: CustodyPlan | null;
	changes: FieldChange[];
}

export interface SubscriberPlanResult {
	plans: SubscriberPlan[];
	missing: MissingEntry[];
}

interface PlannedDevice {
	id: number | null;
	kind: DeviceKindCode;
	holder: number | null;
	state: DeviceState;
	lastEventAt: Date | null;
}

export function planSubscribers(
	file: SubscriberFile,
	state: SubscriberState,
	issues: IssueList,
	now: Date
): SubscriberPlanResult {
	const sheet = file.sheet.name;
	const col = (key: string) => columnOf(file.sheet, key);
	const nameOf = (id: number | null) =>
		id === null ? null : (state.personById.get(id)?.full_name ?? `#${id}`);
	const serialOf = (id: number | null) =>
		id === null ? null : (state.deviceById.get(id)?.serial ?? `#${id}`);
	// Rows are applied in order: a later row for the same device sees what an earlier one planned.
	const planned = new Map<string, PlannedDevice>();
	const plans: SubscriberPlan[] = [];
	const matched = new Set<number>();
	const rowOfCertificate = new Map<number, number>();
	for (const r of file.rows) {
		const all = state.certificatesBySerial.get(r.serial) ?? [];
		const candidates = r.issuer ? all.filter((c) => fold(c.issuer_dn).includes(fold(r.issuer!))) : all;
		if (!candidates.length) {
			issues.warning(
				sheet,
				r.row,
				col('serial'),
				`Chứng thư số hiệu ${r.serialAsTyped}${r.issuer ? ` của "${r.issuer}"` : ''} chưa có trong kho; dòng này bỏ qua (nhập chứng thư trước).`
			);
			continue;
		}
		if (candidates.length > 1) {
			issues.error(
				sheet,
				r.row,
				col('serial'),
				`Có ${candidates.length} chứng thư cùng số hiệu ${r.serialAsTyped}; ghi cột "CA phát hành" để chọn.`
			);
			continue;
		}
		const cert = candidates[0]!;
		const first = rowOfCertificate.get(cert.id);
		if (first !== undefined) {
			issues.error(sheet, r.row, col('serial'), `Chứng thư này đã có ở dòng ${first}.`);
			continue;
		}
		rowOfCertificate.set(cert.id, r.row);
		matched.add(cert.id);
		let failed = false;
		const fail = (key: string, message: string) => {
			issues.error(sheet, r.row, col(key), message);
			failed = true;
		};
		const agency = state.agencyByCode.get(codeKey(r.agencyCode));
		if (!agency) fail('agencyCode', `Mã cơ quan "${r.agencyCode}" không có trong hệ thống.`);
		else if (!agency.active)
			fail('agencyCode', `Cơ quan "${r.agencyCode}" đã kết thúc hoạt động (sáp nhập hoặc giải thể).`);
		const person = r.holderNationalId ? state.personByNationalId.get(r.holderNationalId) : undefined;
		if (r.holderNationalId && !person)
			fail(
				'holderNationalId',
				`Không có cán bộ số định danh ${r.holderNationalId} trong hệ thống; nhập sơ đồ tổ chức trước.`
			);
		if (person && r.holderName && r.holderName.toLowerCase() !== person.full_name.toLowerCase())
			fail(
				'holderName',
				`"${r.holderName}" khác tên cán bộ có số định danh này trong hệ thống ("${person.full_name}").`
			);
		if (cert.kind === 'individual' && !r.holderNationalId)
			fail('holderNationalId', 'Chứng thư cá nhân cần số định danh người giữ.');
		if (person && person.status !== 'active')
			issues.warning(
				sheet,
				r.row,
				col('holderNationalId'),
				`Người giữ ${person.full_name}: ${statusText(person.status, person.status_since)}.`
			);

		const key = deviceKey(r.deviceSerial);
		const known = state.deviceBySerial.get(key);
		const before: PlannedDevice = planned.get(key) ?? {
			id: known?.id ?? null,
			kind: known?.device_type ?? r.deviceKind,
			holder: known?.holderPersonId ?? null,
			state: known?.state ?? 'in_stock',
			lastEventAt: known?.lastEventAt ?? null
		};
		const isNewDevice = !known && !planned.has(key);
		const toPerson = person?.id ?? null;
		let custody: CustodyPlan | null = null;
		// A device in stock is issued to the holder; an issued one is handed over to a new holder.
		const needsHolder = before.state === 'in_stock' || (toPerson !== null && toPerson !== before.holder);
		if (agency && needsHolder) {
			const at = r.handedOverOn
				? startOfVietnamDay(r.handedOverOn)
				: before.lastEventAt
					? now
					: cert.not_before;
			if (before.state !== 'in_stock' && before.state !== 'issued')
				fail(
					'deviceSerial',
					`Thiết bị ${r.deviceSerial} đang ở tình trạng "${viLabel('tokenStatus', before.state)}"; không giao lại bằng nhập tệp.`
				);
			else if (before.lastEventAt && at < before.lastEventAt)
				fail(
					'handedOverOn',
					`Ngày bàn giao ${formatDate(r.handedOverOn)} trước sự kiện gần nhất của thiết bị (${formatDay(vietnamDay(before.lastEventAt))}).`
				);
			custody = {
				event: before.state === 'in_stock' ? 'issued' : 'handed_over',
				fromPersonId: before.state === 'in_stock' ? null : before.holder,
				toPersonId: toPerson,
				agencyId: agency.id,
				occurredAt: at
			};
		}
		if (failed || !agency) continue;

		const changes: FieldChange[] = [];
		const add = (field: string, b: string | null, a: string | null) => {
			if ((b ?? '') !== (a ?? '')) changes.push({ field, before: b, after: a });
		};
		const link: SubscriberPlan['link'] = {};
		if (cert.kind === 'individual' && cert.person_id !== toPerson) {
			link.person_id = toPerson;
			add('Người giữ chứng thư', nameOf(cert.person_id), person!.full_name);
		}
		if (cert.agency_id !== agency.id) {
			link.agency_id = agency.id;
			add(
				'Cơ quan',
				cert.agency_id === null ? null : (state.agencyCodeById.get(cert.agency_id) ?? null),
				agency.code
			);
		}
		if (cert.token_id === null || cert.token_id !== before.id) {
			link.token = true;
			add('Thiết bị', serialOf(cert.token_id), isNewDevice ? `${r.deviceSerial} (mới)` : r.deviceSerial);
		}
		const setKind = !isNewDevice && before.kind !== r.deviceKind;
		if (setKind || isNewDevice)
			add(
				'Loại thiết bị',
				isNewDevice ? null : labelOf(DEVICE_KIND_WORDS, before.kind),
				labelOf(DEVICE_KIND_WORDS, r.deviceKind)
			);
		if (custody)
			add(
				'Người giữ thiết bị',
				nameOf(custody.fromPersonId),
				custody.toPersonId === null ? `(${agency.code})` : nameOf(custody.toPersonId)
			);
		planned.set(key, {
			id: before.id,
			kind: r.deviceKind,
			holder: custody ? custody.toPersonId : before.holder,
			state: custody ? 'issued' : before.state,
			lastEventAt: custody ? custody.occurredAt : before.lastEventAt
		});
		plans.push({
			row: r,
			action: cert.token_id === null ? 'new' : changes.length ? 'changed' : 'unchanged',
			certificate: cert,
			link,
			personId: toPerson,
			agencyId: agency.id,
			device: { id: before.id, serial: r.deviceSerial, kind: r.deviceKind, create: isNewDevice, setKind },
			custody,
			changes
		});
	}
	const missing: MissingEntry[] = state.activeCertificates
		.filter((c) => !matched.has(c.id))
		.map((c) => ({
			entity: 'subscriber',
			key: c.serial_number,
			label: c.subject_cn,
			detail: c.agency_id === null ? null : (state.agencyCodeById.get(c.agency_id) ?? null)
		}));
	return { plans, missing };
}
