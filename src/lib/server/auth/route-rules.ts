// Who may reach each route. Enforced centrally in hooks.server.ts by route id; a route with no
// rule here is denied to everyone (fail closed) and fails the authorisation matrix test.
// Agency scoping (an officer sees only their agency's subtree) is enforced in the services.
import { ROLES, type Role } from './roles';

export interface RouteRule {
	/** Reachable without signing in. */
	public?: boolean;
	/** Roles that may load the route (GET); 'any' is any signed-in user. */
	view?: Role[] | 'any';
	/** Roles per form action ('default' for the unnamed one) or per HTTP method of an endpoint. */
	actions?: Record<string, Role[] | 'any'>;
	/** HTTP methods a machine holding an API key may call (only routes under /api/). */
	apiKey?: string[];
}

const ALL: Role[] = [...ROLES];
const STAFF: Role[] = ['admin', 'inspector', 'leader', 'report_staff'];
/** Who edits the organisation's people, clerks and delegations (officers: their subtree, in the services). */
const ORG_EDITORS: Role[] = ['admin', 'inspector', 'agency_officer'];
/** Sở KH&CN staff who upload document systems' exports of signing events. */
const EVENT_UPLOADERS: Role[] = ['admin', 'inspector', 'report_staff'];

const RULES = {
	'/': { view: 'any' },
	// The overview's figures as a workbook: whoever sees the overview, within their scope.
	'/tong-quan/xuat': { actions: { GET: 'any' } },
	// Dashboard and inventory: read-only for every role; agency officers see their subtree (services).
	'/chung-thu': { view: ALL },
	// Clerks and written delegations of an organisation certificate: officers within their subtree (services).
	'/chung-thu/[id]': {
		view: ALL,
		actions: {
			link: ['admin', 'inspector'],
			appointClerk: ORG_EDITORS,
			endClerk: ORG_EDITORS,
			grantDelegation: ORG_EDITORS,
			endDelegation: ORG_EDITORS
		}
	},
	'/chung-thu/[id]/tai-ve': { actions: { GET: ALL } },
	'/thiet-bi': { view: ALL },
	// Custody: admins and inspectors record for every device, officers for their subtree's (services).
	'/thiet-bi/[id]': { view: ALL, actions: { record: ['admin', 'inspector', 'agency_officer'] } },
	'/thiet-bi/moi': {
		view: ['admin', 'inspector', 'agency_officer'],
		actions: { default: ['admin', 'inspector', 'agency_officer'] }
	},
	'/co-quan': { view: ALL },
	// The organisation: administrators and inspectors create, rename, move, merge and dissolve agencies.
	'/co-quan/moi': { view: ['admin', 'inspector'], actions: { default: ['admin', 'inspector'] } },
	'/co-quan/[id]': {
		view: ALL,
		actions: {
			rename: ['admin', 'inspector'],
			move: ['admin', 'inspector'],
			merge: ['admin', 'inspector'],
			dissolve: ['admin', 'inspector']
		}
	},
	'/ky-so': { view: ALL },
	// Signing-event exports uploaded by Sở KH&CN staff (agency systems post through the API).
	'/ky-so/nhap': { view: EVENT_UPLOADERS, actions: { default: EVENT_UPLOADERS } },
	// An upload's preview, import and progress (its uploader only, in the service), and the runs' results.
	'/ky-so/nhap/[tep]': {
		view: EVENT_UPLOADERS,
		actions: { start: EVENT_UPLOADERS, discard: EVENT_UPLOADERS }
	},
	'/ky-so/nhap/[tep]/tien-do': { actions: { GET: EVENT_UPLOADERS } },
	'/ky-so/nhap/lan/[id]': { view: EVENT_UPLOADERS },
	'/ky-so/nhap/lan/[id]/dong-bi-tu-choi': { actions: { GET: EVENT_UPLOADERS } },
	// People: everyone reads within scope; admins, inspectors and agency officers (their subtree, services) edit.
	'/nhan-su': { view: ALL },
	'/nhan-su/moi': { view: ORG_EDITORS, actions: { default: ORG_EDITORS } },
	'/nhan-su/[id]': {
		view: ALL,
		actions: { update: ORG_EDITORS, move: ORG_EDITORS, title: ORG_EDITORS, status: ORG_EDITORS }
	},
	// Reports: leaders read and download; the others generate within their scope (services).
	'/bao-cao': {
		view: ALL,
		actions: { preview: ALL, generate: ['admin', 'inspector', 'report_staff', 'agency_officer'] }
	},
	'/bao-cao/[id]/tai-ve': { actions: { GET: ALL } },
	'/bao-cao/xuat': { actions: { GET: ALL } },
	// Archive, upload-and-verify, certificate import and trust store, requests, inspections.
	'/kiem-tra-chu-ky': { view: 'any', actions: { default: 'any' } },
	// A stored upload verification: its maker, and the province-wide roles (the services check which).
	'/kiem-tra-chu-ky/[id]': { view: 'any', actions: { replay: 'any', compare: 'any' } },
	'/kiem-tra-chu-ky/[id]/bao-cao': { actions: { GET: 'any' } },
	'/luu-tru': { view: ALL },
	'/luu-tru/[id]': {
		view: ALL,
		actions: { reverify: ['admin', 'inspector'], compare: ['admin', 'inspector'] }
	},
	'/luu-tru/[id]/download': { actions: { GET: ALL } },
	'/luu-tru/[id]/bao-cao': { actions: { GET: ALL } },
	// An inspector's upload of a signed document into the archive (the API's intake, by hand).
	'/luu-tru/nhap': { view: ['admin', 'inspector'], actions: { default: ['admin', 'inspector'] } },
	'/chung-thu/nhap': { view: ['admin', 'inspector'], actions: { preview: ['admin', 'inspector'] } },
	'/chung-thu/nhap/[id]': {
		view: ['admin', 'inspector'],
		actions: { commit: ['admin', 'inspector'], discard: ['admin', 'inspector'] }
	},
	'/chung-thu/nhap/ca': { view: ['admin', 'inspector'], actions: { trust: ['admin'] } },
	// Organisation chart and subscriber list import (XLSX): the same people as the certificate import.
	'/to-chuc/nhap': {
		view: ['admin', 'inspector'],
		actions: { organisation: ['admin', 'inspector'], subscribers: ['admin', 'inspector'] }
	},
	'/to-chuc/nhap/[id]': {
		view: ['admin', 'inspector'],
		actions: { apply: ['admin', 'inspector'], discard: ['admin', 'inspector'] }
	},
	'/to-chuc/nhap/mau/[tep]': { actions: { GET: ['admin', 'inspector'] } },
	'/yeu-cau': { view: ALL },
	'/yeu-cau/moi': {
		view: ['admin', 'inspector', 'agency_officer'],
		actions: { default: ['admin', 'inspector', 'agency_officer'] }
	},
	'/yeu-cau/[id]': {
		view: ALL,
		actions: {
			accept: ['admin', 'inspector'],
			approve: ['admin', 'inspector'],
			reject: ['admin', 'inspector'],
			complete: ['admin', 'inspector'],
			cancel: ['admin', 'inspector', 'agency_officer']
		}
	},
	'/thanh-tra': { view: ALL },
	'/thanh-tra/moi': { view: ['admin', 'inspector'], actions: { default: ['admin', 'inspector'] } },
	'/thanh-tra/[id]': {
		view: ALL,
		actions: { update: ['admin', 'inspector'], findings: ['admin', 'inspector'] }
	},
	// Jobs: leaders view; admins and inspectors run now; only admins edit schedules.
	'/tac-vu': {
		view: ['admin', 'inspector', 'leader'],
		actions: { run: ['admin', 'inspector'], schedule: ['admin'] }
	},
	'/tac-vu/[id]': { view: ['admin', 'inspector', 'leader'] },
	// Findings: everyone views within scope; agency officers acknowledge their own agency's (services check scope).
	'/canh-bao': { view: ALL },
	'/canh-bao/[id]': {
		view: ALL,
		actions: {
			acknowledge: ['admin', 'inspector', 'agency_officer'],
			assign: ['admin', 'inspector'],
			resolve: ['admin', 'inspector'],
			reopen: ['admin', 'inspector']
		}
	},
	// The page picture of a Điều 13 finding: whoever sees the finding (the service checks scope).
	'/canh-bao/[id]/trang.png': { actions: { GET: ALL } },
	'/thanh-tra/dao-tao': { view: ALL, actions: { create: ['admin', 'inspector'] } },
	// Every signed-in user's own notifications (the service never reaches another user's).
	'/thong-bao': { view: ALL, actions: { read: ALL, readAll: ALL } },
	'/dang-nhap': { public: true, actions: { default: 'any' } },
	'/dang-xuat': { public: true, actions: { here: 'any', all: 'any' } },
	// The language switch: anyone, signed in or not (a signed-in user's choice is kept on the account).
	'/ngon-ngu': { public: true, actions: { default: 'any' } },
	'/nhat-ky': { view: ['admin', 'inspector'] },
	'/quan-tri': { view: ['admin'] },
	'/quan-tri/nguoi-dung': { view: ['admin'], actions: { create: ['admin'] } },
	'/quan-tri/nguoi-dung/[id]': {
		view: ['admin'],
		actions: { update: ['admin'], setActive: ['admin'], resetPassword: ['admin'], signOutAll: ['admin'] }
	},
	'/quan-tri/thong-bao': { view: ['admin'], actions: { default: ['admin'] } },
	'/quan-tri/khoa-api': { view: ['admin'], actions: { create: ['admin'], revoke: ['admin'] } },
	'/quan-tri/kiem-tra': { view: ['admin'], actions: { default: ['admin'] } },
	// E-mail: whether SMTP is configured, and the daily digest's time (which moves its job's schedule).
	'/quan-tri/thu-dien-tu': { view: ['admin'], actions: { default: ['admin'] } },
	// Each user chooses, for their own account, which kinds of notification reach them by e-mail.
	'/thong-bao/cai-dat': { view: 'any', actions: { default: 'any' } },
	'/quan-tri/quy-tac': { view: ['admin'], actions: { default: ['admin'] } },
	'/quan-tri/ngay-nghi': { view: ['admin'], actions: { set: ['admin'], remove: ['admin'] } },
	'/api/v1/ping': { actions: { GET: ['admin'] }, apiKey: ['GET'] },
	'/api/v1/openapi.json': { public: true, actions: { GET: 'any' }, apiKey: ['GET'] },
	// Document systems post their signing events with a key; administrators may too (tests, repairs).
	'/api/v1/signing-events': { actions: { POST: ['admin'] }, apiKey: ['POST'] },
	'/api/docs': { public: true },
	// The forms' pickers: any signed-in user, within their scope (services); never an API key.
	'/api/chon/nguoi': { actions: { GET: ALL } },
	'/api/chon/chung-thu': { actions: { GET: ALL } },
	'/api/chon/thiet-bi': { actions: { GET: ALL } },
	// The whole agency list of a filter whose page carried it cut (agency-choices.ts).
	'/api/chon/co-quan': { actions: { GET: ALL } },
	// The units under an agency, for the agencies page's tree (within the viewer's scope: services).
	'/api/co-quan/[id]/don-vi': { actions: { GET: ALL } },
	// Signed documents into the archive: the document systems' keys, and Sở KH&CN's inspectors.
	'/api/v1/documents': { actions: { POST: ['admin', 'inspector'] }, apiKey: ['POST'] },
	// Operations: liveness and readiness for load balancers and orchestrators; they carry no data.
	'/healthz': { public: true, actions: { GET: 'any' } },
	'/readyz': { public: true, actions: { GET: 'any' } }
} satisfies Record<string, RouteRule>;

/** Every route id that has a rule; `can()` takes these, so a typo in a route id fails type-checking. */
export type RouteId = keyof typeof RULES;
/** The form actions and endpoint methods named in a route's rule. */
export type RouteAction<R extends RouteId> = (typeof RULES)[R] extends { actions: infer A }
	? keyof A & string
	: never;

/** The table the guard reads by route id (any string: an unknown id has no rule and is denied). */
export const ROUTE_RULES: Record<string, RouteRule> = RULES;

export const ROLE_GROUPS = { ALL, STAFF } as const;

/** May these roles perform `action` (a form action name or an HTTP method) on `routeId`? */
export function isAllowed(
	rule: RouteRule | undefined,
	roles: readonly Role[] | null,
	action: string | null
): 'allowed' | 'unauthenticated' | 'forbidden' {
	if (!rule) return 'forbidden';
	const allowedRoles = action === null ? rule.view : rule.actions?.[action];
	if (rule.public && (action === null || allowedRoles !== undefined)) return 'allowed';
	if (!roles) return 'unauthenticated';
	if (allowedRoles === undefined) return 'forbidden';
	if (allowedRoles === 'any') return 'allowed';
	return roles.some((r) => allowedRoles.includes(r)) ? 'allowed' : 'forbidden';
}
