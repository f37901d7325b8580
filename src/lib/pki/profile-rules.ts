// The RFC 5280 section 4 certificate profile rules the path check records as facts, each with its source and a
// Vietnamese sentence. Client-safe (no Node imports): the settings page lists them with their levels.

export const PROFILE_RULES = {
	akiPresent: {
		source: 'RFC 5280 §4.2.1.1',
		vi: 'chứng thư (trừ chứng thư tự ký) phải có phần mở rộng authorityKeyIdentifier'
	},
	akiNonCritical: {
		source: 'RFC 5280 §4.2.1.1',
		vi: 'phần mở rộng authorityKeyIdentifier không được đánh dấu critical'
	},
	skiPresent: {
		source: 'RFC 5280 §4.2.1.2',
		vi: 'chứng thư CA phải có phần mở rộng subjectKeyIdentifier'
	},
	skiNonCritical: {
		source: 'RFC 5280 §4.2.1.2',
		vi: 'phần mở rộng subjectKeyIdentifier không được đánh dấu critical'
	},
	basicConstraintsCritical: {
		source: 'RFC 5280 §4.2.1.9',
		vi: 'chứng thư CA phải có basicConstraints đánh dấu critical'
	},
	sanCriticalWhenSubjectEmpty: {
		source: 'RFC 5280 §4.1.2.6, §4.2.1.6',
		vi: 'chủ thể rỗng thì phải có subjectAltName đánh dấu critical'
	},
	issuerNonEmpty: { source: 'RFC 5280 §4.1.2.4', vi: 'tên bên cấp (issuer) không được rỗng' },
	caSubjectNonEmpty: { source: 'RFC 5280 §4.1.2.6', vi: 'chủ thể của chứng thư CA không được rỗng' },
	serialNumber: {
		source: 'RFC 5280 §4.1.2.2',
		vi: 'số hiệu chứng thư phải là số nguyên dương, khác 0, không quá 20 octet'
	},
	nameConstraintsCaOnly: {
		source: 'RFC 5280 §4.2.1.10',
		vi: 'phần mở rộng nameConstraints chỉ được có trong chứng thư CA'
	},
	nameConstraintsCritical: {
		source: 'RFC 5280 §4.2.1.10',
		vi: 'phần mở rộng nameConstraints phải đánh dấu critical'
	},
	keyCertSignCaOnly: {
		source: 'RFC 5280 §4.2.1.3, §4.2.1.9',
		vi: 'mục đích keyCertSign chỉ được có trong chứng thư CA (basicConstraints cA=TRUE)'
	},
	aiaNonCritical: {
		source: 'RFC 5280 §4.2.2.1',
		vi: 'phần mở rộng authorityInfoAccess không được đánh dấu critical'
	}
} as const satisfies Record<string, { source: string; vi: string }>;

export type ProfileRule = keyof typeof PROFILE_RULES;
export const PROFILE_RULE_IDS = Object.keys(PROFILE_RULES) as ProfileRule[];

/** One profile rule broken by one certificate of a path (index 0 is the trust anchor). */
export interface ProfileFinding {
	rule: ProfileRule;
	index: number;
	subject: string;
	/** Vietnamese: what is wrong with this certificate. */
	reason: string;
}
