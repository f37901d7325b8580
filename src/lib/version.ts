// The software version printed on verification reports: package.json's, kept equal by a unit test
// (tests/unit/pki/verification-report.test.ts) rather than imported, so the browser bundle does not
// carry package.json.
export const APP_VERSION = '0.1.0';
