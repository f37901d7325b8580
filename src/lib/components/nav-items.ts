// The sidebar, in order. Which items a user sees is decided on the server by can() over the route
// rules (src/routes/+layout.server.ts), so the sidebar never offers a page the guard would refuse.
export interface NavItem {
	/** The page's address, which for these pages is also its route id (what can() takes). */
	href: '/' | `/${string}`;
	key: string;
}

export const NAV_ITEMS = [
	{ href: '/', key: 'nav.overview' },
	{ href: '/chung-thu', key: 'nav.certificates' },
	{ href: '/thiet-bi', key: 'nav.tokens' },
	{ href: '/co-quan', key: 'nav.agencies' },
	{ href: '/nhan-su', key: 'nav.people' },
	{ href: '/ky-so', key: 'nav.signing' },
	{ href: '/bao-cao', key: 'nav.reports' },
	{ href: '/luu-tru', key: 'nav.archive' },
	{ href: '/kiem-tra-chu-ky', key: 'nav.verify' },
	{ href: '/yeu-cau', key: 'nav.requests' },
	{ href: '/canh-bao', key: 'nav.findings' },
	{ href: '/thanh-tra', key: 'nav.inspections' },
	{ href: '/tac-vu', key: 'nav.jobs' },
	{ href: '/chung-thu/nhap', key: 'nav.import' },
	{ href: '/to-chuc/nhap', key: 'nav.orgImport' },
	{ href: '/nhat-ky', key: 'nav.audit' },
	{ href: '/quan-tri', key: 'nav.admin' }
] as const satisfies readonly NavItem[];
