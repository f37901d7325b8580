// The inputs of next year's demand plan, per reporting unit, read from the inventory as of
// `asOf`. The method (also printed on the workbook's method sheet):
// - posts without a certificate: active people with no active individual certificate still valid
//   on 1 January of the plan year;
// - organisation certificates missing: active agencies with no such organisation certificate;
// - expected new staff: active people × the new-staff rate, rounded up (a setting);
// - to renew: active certificates whose validity ends during the plan year;
// - devices to replace: key devices recorded lost or damaged;
// - training: every future holder (the three issue lines) is trained once.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { AgencyScope } from '../auth/roles';
import type { DemandPlanData, DemandPlanRow } from '../../reports/demand-plan-workbook';
import { startOfVietnamMonth, vietnamDay } from '../../time/vietnam';
import { rootScopeName, type ReportRoot } from './report-root';
import { countByUnit, listUnits, type UnitCount } from './unit-counts';

export const DEFAULT_NEW_STAFF_RATE = 0.05;

export async function fetchDemandPlanData(
	db: Kysely<Database>,
	scope: AgencyScope,
	root: ReportRoot,
	year: number,
	opts: { newStaffRate?: number; now?: Date } = {}
): Promise<DemandPlanData> {
	const rate = opts.newStaffRate ?? DEFAULT_NEW_STAFF_RATE;
	const yearStart = startOfVietnamMonth(year, 1);
	const yearEnd = startOfVietnamMonth(year + 1, 1);
	const ref = sql.ref;
	const [units, people, withoutCert, orgMissing, renew, tokens] = await Promise.all([
		listUnits(db, scope, root),
		countByUnit(db, scope, root, {
			from: sql`people p`,
			agency: ref('p.agency_id'),
			where: sql`p.status = 'active'`
		}),
		countByUnit(db, scope, root, {
			from: sql`people p`,
			agency: ref('p.agency_id'),
			where: sql`p.status = 'active' and not exists (
				select 1 from certificates c where c.person_id = p.id and c.kind = 'individual'
					and c.status = 'active' and c.not_after >= ${yearStart})`
		}),
		countByUnit(db, scope, root, {
			from: sql`agencies g`,
			agency: ref('g.id'),
			where: sql`g.active and g.kind <> 'external' and not exists (
				select 1 from certificates c where c.agency_id = g.id and c.kind = 'organisation'
					and c.status = 'active' and c.not_after >= ${yearStart})`
		}),
		countByUnit(db, scope, root, {
			from: sql`certificates c`,
			agency: ref('c.agency_id'),
			where: sql`c.status = 'active' and c.not_after >= ${yearStart} and c.not_after < ${yearEnd}`
		}),
		countByUnit(db, scope, root, {
			from: sql`token_holdings h`,
			agency: ref('h.holder_agency_id'),
			where: sql`h.status in ('lost', 'damaged')`
		})
	]);
	const byUnit = (counts: UnitCount[]) => new Map(counts.map((c) => [c.unit_id, c.n]));
	const [p, w, o, r, t] = [people, withoutCert, orgMissing, renew, tokens].map(byUnit) as Map<
		number,
		number
	>[];
	const rows: DemandPlanRow[] = units.map((u) => {
		const activePeople = p!.get(u.id) ?? 0;
		const postsWithoutCert = w!.get(u.id) ?? 0;
		const orgWithoutCert = o!.get(u.id) ?? 0;
		const expectedNewStaff = Math.ceil(activePeople * rate);
		return {
			code: u.code,
			name: u.name,
			activePeople,
			postsWithoutCert,
			orgWithoutCert,
			expectedNewStaff,
			toRenew: r!.get(u.id) ?? 0,
			tokensToReplace: t!.get(u.id) ?? 0,
			trainingNeed: postsWithoutCert + orgWithoutCert + expectedNewStaff
		};
	});
	const asOf = vietnamDay(opts.now ?? new Date());
	const pct = `${(rate * 100).toLocaleString('vi-VN')}%`;
	return {
		year,
		scopeName: rootScopeName(root),
		rows,
		method: {
			asOf,
			newStaffRate: rate,
			lines: [
				{
					item: 'Chức danh chưa có chứng thư số',
					method: `Cán bộ đang công tác chưa có chứng thư số cá nhân còn hiệu lực đến ngày 01/01/${year}`,
					input: `Danh mục cán bộ, chứng thư số đến ngày ${asOf.split('-').reverse().join('/')}`
				},
				{
					item: 'Chứng thư số tổ chức còn thiếu',
					method: `Cơ quan, đơn vị đang hoạt động chưa có chứng thư số tổ chức còn hiệu lực đến ngày 01/01/${year}`,
					input: 'Danh mục cơ quan, đơn vị'
				},
				{
					item: 'Dự kiến tuyển mới',
					method: 'Số cán bộ đang công tác × tỷ lệ tuyển mới dự kiến, làm tròn lên',
					input: `Tỷ lệ tuyển mới: ${pct}`
				},
				{
					item: 'Gia hạn',
					method: `Chứng thư số đang sử dụng hết hạn trong năm ${year} (Điều 10)`,
					input: 'Ngày hết hạn trong danh mục chứng thư số'
				},
				{
					item: 'Thiết bị cần thay thế',
					method: 'Thiết bị lưu khóa bí mật ghi nhận bị mất hoặc hỏng',
					input: 'Tình trạng thiết bị'
				},
				{
					item: 'Nhu cầu tập huấn',
					method: 'Mỗi người nhận chứng thư số mới (ba chỉ tiêu cấp mới) được tập huấn một lượt (Điều 14)',
					input: 'Tổng ba chỉ tiêu cấp mới'
				}
			]
		}
	};
}
