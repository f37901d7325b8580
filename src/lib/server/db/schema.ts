// The database types, grouped by domain: generated from the migrations (schema.generated.ts),
// with Selectable/Insertable/Updateable aliases per table for the query modules.
import type { Insertable, Selectable, Updateable } from 'kysely';
import type * as G from './schema.generated';

export type { Database } from './schema.generated';

// Organisation
export type Agency = Selectable<G.AgenciesTable>;
export type NewAgency = Insertable<G.AgenciesTable>;
export type Person = Selectable<G.PeopleTable>;
export type NewPerson = Insertable<G.PeopleTable>;
export type PersonUpdate = Updateable<G.PeopleTable>;
export type ClerkAppointment = Selectable<G.ClerkAppointmentsTable>;
export type AgencyEvent = Selectable<G.AgencyEventsTable>;
export type PersonPosition = Selectable<G.PersonPositionsTable>;
export type PersonStatusChange = Selectable<G.PersonStatusHistoryTable>;
export type CertificateDelegation = Selectable<G.CertificateDelegationsTable>;

// Certificates and devices
export type Certificate = Selectable<G.CertificatesTable>;
export type NewCertificate = Insertable<G.CertificatesTable>;
export type CertificateUpdate = Updateable<G.CertificatesTable>;
export type CaCertificate = Selectable<G.CaCertificatesTable>;
export type Crl = Selectable<G.CrlsTable>;
export type Token = Selectable<G.TokensTable>;
export type NewToken = Insertable<G.TokensTable>;
export type TokenCustodyEvent = Selectable<G.TokenCustodyEventsTable>;
/** A device's current state, derived from its custody events (view token_holdings). */
export type TokenHolding = Selectable<G.TokenHoldingsTable>;
export type LifecycleRequest = Selectable<G.LifecycleRequestsTable>;
export type NewLifecycleRequest = Insertable<G.LifecycleRequestsTable>;

// Signatures and archive
export type SigningEvent = Selectable<G.SigningEventsTable>;
export type NewSigningEvent = Insertable<G.SigningEventsTable>;
export type ArchivedDocument = Selectable<G.ArchivedDocumentsTable>;
export type DocumentVerification = Selectable<G.DocumentVerificationsTable>;

// Audit work
export type Finding = Selectable<G.FindingsTable>;
export type NewFinding = Insertable<G.FindingsTable>;
export type FindingEvent = Selectable<G.FindingEventsTable>;
export type Inspection = Selectable<G.InspectionsTable>;
export type Training = Selectable<G.TrainingsTable>;

// Jobs and reports
export type JobSchedule = Selectable<G.JobSchedulesTable>;
export type JobRun = Selectable<G.JobRunsTable>;
export type JobRunUpdate = Updateable<G.JobRunsTable>;
export type GeneratedReport = Selectable<G.GeneratedReportsTable>;

// Access
export type User = Selectable<G.UsersTable>;
export type Session = Selectable<G.SessionsTable>;
export type AuditEntry = Selectable<G.AuditLogTable>;
