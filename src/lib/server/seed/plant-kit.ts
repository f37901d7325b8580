// What build-planted.ts hands the builders of the planted cases (build-planted-obligations.ts,
// build-planted-documents.ts): the certificate context, the seeded random source, the working-day
// and issue-date helpers, and the two writers of a planted holder and a planted signing event.
import type { CertContext } from './issuance';
import type { EventRow } from './event-sink';
import type { Prng } from './prng';
import type { WCertificate, WPerson } from './world';

export interface PlantKit {
	ctx: CertContext;
	prng: Prng;
	/** The last working day on or before `daysAgo` days before today. */
	wd: (daysAgo: number) => Date;
	issuedAgo: (days: number) => Date;
	holder: (
		code: string,
		name: string,
		title: string,
		nb: Date,
		validityDays: number
	) => { p: WPerson; c: WCertificate };
	ev: (
		sourceId: string,
		c: WCertificate,
		p: WPerson,
		at: Date,
		form: EventRow['signingForm'],
		extra?: Partial<EventRow>
	) => void;
}
