// The migrations, in order. Listed explicitly (not read from disk) so that the bundled server,
// the CLI and the tests all see the same set; tests/unit/migrations-index.test.ts fails when a
// file in this folder is missing here.
import type { Migration } from 'kysely';
import * as m0900 from './2026_11_25_0900_create_agencies_people';
import * as m0910 from './2026_11_25_0910_create_tokens_certificates';
import * as m0920 from './2026_11_25_0920_create_lifecycle_requests';
import * as m0930 from './2026_11_25_0930_create_signing_events';
import * as m0940 from './2026_11_25_0940_create_archive';
import * as m0950 from './2026_11_25_0950_create_users_sessions_audit';
import * as m1000 from './2026_11_25_1000_create_findings_inspections';
import * as m1010 from './2026_11_25_1010_create_jobs_reports_settings';
import * as m1100 from './2026_11_25_1100_audit_chain_head';
import * as m1101 from './2026_11_25_1101_create_sign_in_attempts';
import * as m1102 from './2026_11_25_1102_create_api_keys';
import * as m1120 from './2026_11_25_1120_job_runner_batches';
import * as m1121 from './2026_11_25_1121_job_run_payload';
import * as m1220 from './2026_11_25_1220_create_signing_daily_summary';
import * as m1240 from './2026_11_25_1240_create_import_batches';
import * as m20261204_0900 from './2026_12_04_0900_organisation_history';
import * as m20261204_1020 from './2026_12_04_1020_token_custody_state';
import * as m20261204_1021 from './2026_12_04_1021_request_outcome';
import * as m20261204_1100 from './2026_12_04_1100_summary_follows_certificate_agency';
import * as m20261204_1110 from './2026_12_04_1110_audit_integrity';
import * as m20261204_1320 from './2026_12_04_1320_job_runs_one_active_owner_lock';
import * as m20261204_1030 from './2026_12_04_1030_import_batches_organisation';
import * as m20261205_0900 from './2026_12_05_0900_import_runs';
import * as m20261205_0910 from './2026_12_05_0910_signing_event_keys';
import * as m20261205_0911 from './2026_12_05_0911_unknown_certificate_events';
import * as m20261205_0920 from './2026_12_05_0920_archive_intake';
import * as m20261205_1000 from './2026_12_05_1000_job_batch_leases';
import * as m20261205_1001 from './2026_12_05_1001_finding_opened_once';
import * as m20261206_0800 from './2026_12_06_0800_signing_rollups';
import * as m20261206_1200 from './2026_12_06_1200_page_read_indexes';
import * as m20261206_1400 from './2026_12_06_1400_search_fold';
import * as m20261206_1500 from './2026_12_06_1500_user_language';
import * as m20261207_0100 from './2026_12_07_0100_notifications';
import * as m20261208_0100 from './2026_12_08_0100_signing_monthly_rollups';
import * as m20261208_0200 from './2026_12_08_0200_upload_verifications';
import * as m20261209_0000 from './2026_12_09_0000_one_rollup_insert_trigger';
import * as m20261209_0200 from './2026_12_09_0200_list_read_indexes';
import * as m20261209_0300 from './2026_12_09_0300_signing_events_document_idx';
import * as m20261209_0400 from './2026_12_09_0400_overview_rollups_in_one_trigger';
import * as m20261210_0000 from './2026_12_10_0000_drop_partitioned_event_unique';
import * as m20261210_0010 from './2026_12_10_0010_event_references_by_statement';
import * as m20261210_0100 from './2026_12_10_0100_certificate_yearly_use';
import * as m20261210_0300 from './2026_12_10_0300_scan_dirty_certificate_states';
import * as m20261211_0100 from './2026_12_11_0100_people_name_folded';
import * as m20261211_0110 from './2026_12_11_0110_agency_counts';
import * as m20261211_0120 from './2026_12_11_0120_agency_list_indexes';
import * as m20261211_0130 from './2026_12_11_0130_certificate_name_folded';
import * as m20261212_0100 from './2026_12_12_0100_agency_first_use';
import * as m20261212_0200 from './2026_12_12_0200_signing_document_state';
import * as m20261212_0210 from './2026_12_12_0210_signing_event_groups';
import * as m20261212_0220 from './2026_12_12_0220_scan_candidate_indexes';
import * as m20261213_0100 from './2026_12_13_0100_agency_certificate_tally';
import * as m20261213_0110 from './2026_12_13_0110_agency_active_certificates';
import * as m20261213_0120 from './2026_12_13_0120_agency_token_tally';
import * as m20261213_0200 from './2026_12_13_0200_agency_name_key';
import * as m20261214_0100 from './2026_12_14_0100_agency_standing';
import * as m20261205_1002 from './2026_12_05_1002_report_period_key';
import * as m20261206_0500 from './2026_12_06_0500_verification_evidence';
import * as m20261209_0100 from './2026_12_09_0100_signing_daily_province';
import * as m20261209_0110 from './2026_12_09_0110_certificate_monthly_use';
import * as m20261209_0120 from './2026_12_09_0120_token_custody_state';
import * as m20261209_0130 from './2026_12_09_0130_overview_read_indexes';
import * as m20261210_0200 from './2026_12_10_0200_agency_name_folded';

export const migrations: Record<string, Migration> = {
	'2026_11_25_0900_create_agencies_people': m0900,
	'2026_11_25_0910_create_tokens_certificates': m0910,
	'2026_11_25_0920_create_lifecycle_requests': m0920,
	'2026_11_25_0930_create_signing_events': m0930,
	'2026_11_25_0940_create_archive': m0940,
	'2026_11_25_0950_create_users_sessions_audit': m0950,
	'2026_11_25_1000_create_findings_inspections': m1000,
	'2026_11_25_1010_create_jobs_reports_settings': m1010,
	'2026_11_25_1100_audit_chain_head': m1100,
	'2026_11_25_1101_create_sign_in_attempts': m1101,
	'2026_11_25_1102_create_api_keys': m1102,
	'2026_11_25_1120_job_runner_batches': m1120,
	'2026_11_25_1121_job_run_payload': m1121,
	'2026_11_25_1220_create_signing_daily_summary': m1220,
	'2026_11_25_1240_create_import_batches': m1240,
	'2026_12_04_0900_organisation_history': m20261204_0900,
	'2026_12_04_1020_token_custody_state': m20261204_1020,
	'2026_12_04_1021_request_outcome': m20261204_1021,
	'2026_12_04_1100_summary_follows_certificate_agency': m20261204_1100,
	'2026_12_04_1110_audit_integrity': m20261204_1110,
	'2026_12_04_1320_job_runs_one_active_owner_lock': m20261204_1320,
	'2026_12_04_1030_import_batches_organisation': m20261204_1030,
	'2026_12_05_0900_import_runs': m20261205_0900,
	'2026_12_05_0910_signing_event_keys': m20261205_0910,
	'2026_12_05_0911_unknown_certificate_events': m20261205_0911,
	'2026_12_05_0920_archive_intake': m20261205_0920,
	'2026_12_05_1000_job_batch_leases': m20261205_1000,
	'2026_12_05_1001_finding_opened_once': m20261205_1001,
	'2026_12_05_1002_report_period_key': m20261205_1002,
	'2026_12_06_0500_verification_evidence': m20261206_0500,
	'2026_12_06_0800_signing_rollups': m20261206_0800,
	'2026_12_06_1200_page_read_indexes': m20261206_1200,
	'2026_12_06_1400_search_fold': m20261206_1400,
	'2026_12_06_1500_user_language': m20261206_1500,
	'2026_12_07_0100_notifications': m20261207_0100,
	'2026_12_08_0100_signing_monthly_rollups': m20261208_0100,
	'2026_12_08_0200_upload_verifications': m20261208_0200,
	'2026_12_09_0000_one_rollup_insert_trigger': m20261209_0000,
	'2026_12_09_0100_signing_daily_province': m20261209_0100,
	'2026_12_09_0110_certificate_monthly_use': m20261209_0110,
	'2026_12_09_0120_token_custody_state': m20261209_0120,
	'2026_12_09_0130_overview_read_indexes': m20261209_0130,
	'2026_12_09_0200_list_read_indexes': m20261209_0200,
	'2026_12_09_0300_signing_events_document_idx': m20261209_0300,
	'2026_12_09_0400_overview_rollups_in_one_trigger': m20261209_0400,
	'2026_12_10_0000_drop_partitioned_event_unique': m20261210_0000,
	'2026_12_10_0010_event_references_by_statement': m20261210_0010,
	'2026_12_10_0100_certificate_yearly_use': m20261210_0100,
	'2026_12_10_0200_agency_name_folded': m20261210_0200,
	'2026_12_10_0300_scan_dirty_certificate_states': m20261210_0300,
	'2026_12_11_0100_people_name_folded': m20261211_0100,
	'2026_12_11_0110_agency_counts': m20261211_0110,
	'2026_12_11_0120_agency_list_indexes': m20261211_0120,
	'2026_12_11_0130_certificate_name_folded': m20261211_0130,
	'2026_12_12_0100_agency_first_use': m20261212_0100,
	'2026_12_12_0200_signing_document_state': m20261212_0200,
	'2026_12_12_0210_signing_event_groups': m20261212_0210,
	'2026_12_12_0220_scan_candidate_indexes': m20261212_0220,
	'2026_12_13_0100_agency_certificate_tally': m20261213_0100,
	'2026_12_13_0110_agency_active_certificates': m20261213_0110,
	'2026_12_13_0120_agency_token_tally': m20261213_0120,
	'2026_12_13_0200_agency_name_key': m20261213_0200,
	'2026_12_14_0100_agency_standing': m20261214_0100
};
