// The demo world as plain objects with their final ids, built in memory first (deterministic from the seed), then
// written in bulk. Ids are assigned here so rows can reference each other without round trips.

export interface WAgency {
	id: number;
	code: string;
	name: string;
	shortName: string | null;
	kind: 'province' | 'department' | 'commune' | 'ward' | 'unit';
	parentId: number | null;
	path: string;
	/** Documents per working day (before the global factor). */
	volume: number;
	/** The agency part of document symbols (Decree 30): "UBND", "SYT", "SGDĐT". */
	docCode: string;
	/** The superior body named in O= of the organisation certificate. */
	superior: string;
}

export type SignerRole = 'head' | 'deputy' | 'office_chief' | 'section_head' | 'staff' | 'clerk' | 'planted';

export interface WPerson {
	id: number;
	agencyId: number;
	fullName: string;
	title: string;
	role: SignerRole;
	email: string;
	nationalId: string;
	status: 'active' | 'transferred' | 'retired' | 'resigned' | 'deceased';
	/** Vietnam date 'YYYY-MM-DD' of the status change. */
	statusSince: string | null;
}

export interface WCertificate {
	id: number;
	kind: 'organisation' | 'individual';
	agencyId: number;
	personId: number | null;
	tokenId: number | null;
	subject: { cn: string; o: string; ou?: string; l: string; title?: string; email?: string; uid?: string };
	serial: string;
	keyIndex: number;
	issuer: 'government' | 'public';
	notBefore: Date;
	notAfter: Date;
	status: 'active' | 'expired' | 'revoked' | 'replaced';
	revokedAt: Date | null;
	revocationReason: string | null;
	renewalOfId: number | null;
	/** Clean signing happens in [useFrom, useUntil). */
	useFrom: Date;
	useUntil: Date;
	/** Intervals when the token was locked: no signing. */
	blackouts: [Date, Date][];
	der?: Uint8Array;
}

/** A key device; its state and holder are its custody events' (the database derives them the same way). */
export interface WToken {
	id: number;
	serial: string;
	model: string;
	maxPinRetries: number;
	/** Default 'pki_token'; another kind (SIM PKI, HSM, remote signing) is outside Điều 11.2's deadline. */
	deviceType?: 'pki_token' | 'sim_pki' | 'hsm' | 'remote';
	/** The first custody event, handing the device to its first holder. */
	issue: WCustody;
}

export interface WCustody {
	tokenId: number;
	event: 'issued' | 'handed_over' | 'locked' | 'lost' | 'recovered' | 'returned_to_ca' | 'damaged';
	occurredAt: Date;
	fromPersonId: number | null;
	toPersonId: number | null;
	agencyId: number;
	form: string | null;
	note: string | null;
}

export interface WRequest {
	id: number;
	kind: 'issue' | 'renew' | 'change' | 'revoke' | 'recover';
	form: string;
	agencyId: number;
	personId: number | null;
	certificateId: number | null;
	tokenId: number | null;
	referenceNumber: string;
	submittedAt: Date;
	validAt: Date | null;
	dueAt: Date | null;
	decidedAt: Date | null;
	status: 'submitted' | 'in_progress' | 'approved' | 'rejected' | 'completed' | 'cancelled';
	reason: string | null;
}

export interface WClerk {
	agencyId: number;
	personId: number;
	certificateId: number | null;
	decisionNumber: string;
	/** 'YYYY-MM-DD' */
	appointedOn: string;
	endedOn: string | null;
}

/** A dated change of an agency recorded in agency_events (the demo plants a rename). */
export interface WAgencyEvent {
	agencyId: number;
	kind: 'renamed';
	/** 'YYYY-MM-DD' */
	effectiveOn: string;
	details: Record<string, [string | null, string | null]>;
	decisionNumber: string;
}

/** A person's earlier title, held up to the day before `on` (their current title from `on`). */
export interface WPositionChange {
	personId: number;
	/** 'YYYY-MM-DD' */
	on: string;
	previousTitle: string;
}

export interface World {
	today: Date;
	windowStart: Date;
	agencies: WAgency[];
	people: WPerson[];
	certificates: WCertificate[];
	tokens: WToken[];
	custody: WCustody[];
	requests: WRequest[];
	clerks: WClerk[];
	agencyEvents: WAgencyEvent[];
	positionChanges: WPositionChange[];
	next: { person: number; certificate: number; token: number; request: number; serial: number };
}

export function agencyByCode(world: World, code: string): WAgency {
	const a = world.agencies.find((x) => x.code === code);
	if (!a) throw new Error(`demo agency ${code} missing`);
	return a;
}
