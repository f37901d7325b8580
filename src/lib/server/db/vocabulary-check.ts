// Compile-time proof that the domain's value lists ($lib/domain) are the schema's: each list's
// type equals, both ways, the union the generated types read from the column's check constraint.
// A migration that changes a constraint, or a list that gains or loses a value, fails `tsc` here
// until both agree (then regenerate the types with `npm run db:types`). Lists whose column has no
// constraint (finding kinds, report recipients) are checked by their writers' types instead.
import type { Selectable } from 'kysely';
import type { Database } from './schema.generated';
import type {
	AgencyKind,
	CertKind,
	CertStatus,
	Channel,
	Classification,
	CustodyEvent,
	DeviceKind,
	Direction,
	FindingStatus,
	InspectionStatus,
	PersonStatus,
	ReportKind,
	RequestKind,
	RequestStatus,
	Role,
	Severity,
	SigningForm,
	TokenStatus
} from '../../domain';

type Column<T extends keyof Database, C extends keyof Selectable<Database[T]>> = Selectable<Database[T]>[C];
type Equal<A, B> = (<X>() => X extends A ? 1 : 2) extends <X>() => X extends B ? 1 : 2 ? true : false;
type Same<List, Db> = Equal<List, Db> extends true ? true : { list: List; schema: Db };
type Check<T extends true> = T;

export type VocabularyMatchesSchema = [
	Check<Same<CertStatus, Column<'certificates', 'status'>>>,
	Check<Same<CertKind, Column<'certificates', 'kind'>>>,
	Check<Same<TokenStatus, Column<'token_holdings', 'status'>>>,
	Check<Same<DeviceKind, Column<'tokens', 'device_type'>>>,
	Check<Same<CustodyEvent, Column<'token_custody_events', 'event'>>>,
	Check<Same<Channel, Column<'signing_events', 'channel'>>>,
	Check<Same<SigningForm, Column<'signing_events', 'signing_form'>>>,
	Check<Same<Classification, Column<'signing_events', 'classification'>>>,
	Check<Same<Direction, Column<'signing_events', 'direction'>>>,
	Check<Same<Direction, Column<'archived_documents', 'direction'>>>,
	Check<Same<Severity, Column<'findings', 'severity'>>>,
	Check<Same<FindingStatus, Column<'findings', 'status'>>>,
	Check<Same<PersonStatus, Column<'people', 'status'>>>,
	Check<Same<PersonStatus, Column<'person_status_history', 'status'>>>,
	Check<Same<AgencyKind, Column<'agencies', 'kind'>>>,
	Check<Same<RequestKind, Column<'lifecycle_requests', 'kind'>>>,
	Check<Same<RequestStatus, Column<'lifecycle_requests', 'status'>>>,
	Check<Same<InspectionStatus, Column<'inspections', 'status'>>>,
	Check<Same<ReportKind, Column<'generated_reports', 'kind'>>>,
	Check<Same<Role, Column<'user_roles', 'role'>>>
];
