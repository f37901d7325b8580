// The high-level API the CLI, jobs and pages call: createVerifier(sources) → verifyFile(bytes) → a report per file
// with one verdict per signature (ETSI EN 319 102-1 terms), judged under a validation policy from recorded facts
// (applyPolicy judges them again under another). Certificates are interned and chain/revocation results cached,
// so re-verifying thousands of documents from the same signers costs about one hash and one RSA check each.
import { CertificatePool } from './chain-builder';
import { ChainValidator, type ChainResult, type RevocationPolicy } from './chain-validator';
import type { ParsedCert } from './certificate';
import { CertificateInterner } from './certificate-interner';
import { CrlStore, tryParseCrl } from './crl';
import { DEFAULT_CRYPTO_POLICY, type CryptoPolicy } from './crypto-verify';
import type { TimestampCheck, TsaValidator } from './timestamp';
import { formatFailureReport, type FileReport } from './file-report';
import { RevocationService } from './revocation';
import { chainFacts } from './signature-verdict';
import type { VerifyContext } from './verify-context';
import { verifyCmsBytes } from './cms-verifier';
import { isPdf } from './pdf-signatures';
import { verifyPdfBytes } from './pdf-verifier';
import { LastChain, SharedState } from './verifier-state';
import type { SubIndication } from './verdicts';
import {
	cryptoPolicyToJson,
	MaterialCollector,
	type MaterialOrigin,
	type ValidationMaterial
} from './validation-material';
import {
	levelOfRevocationPolicy,
	resolveValidationPolicy,
	type ValidationPolicy,
	type ValidationPolicyInput
} from './validation-policy';

export { applyPolicy, fileReport, formatFailureReport, type FileReport } from './file-report';
export type { VerifyContext } from './verify-context';

export interface VerifierOptions {
	/** Trusted root certificates (DER or parsed). */
	trustAnchors: readonly (Uint8Array | ParsedCert)[];
	/** Known intermediates (the inventory). */
	certificateStore?: readonly (Uint8Array | ParsedCert)[];
	revocation?: {
		crls?: readonly Uint8Array[];
		/** OCSP responses (DER) at hand as if carried by the document (kept evidence being replayed). */
		ocspResponses?: readonly Uint8Array[];
		/** Allow OCSP and CRL downloads (default false: offline). */
		online?: boolean;
		/**
		 * The older form of the revocation-freshness level: 'require' (default) is FAIL, 'warn' and 'if-available'
		 * are WARN, 'none' is IGNORE and looks for no revocation data at all. `policy.revocationFreshness` wins.
		 */
		policy?: RevocationPolicy;
		fetch?: typeof fetch;
		timeoutMs?: number;
	};
	clock?: () => Date;
	cryptoPolicy?: CryptoPolicy;
	/** When true, a PDF changed after its last signature is INDETERMINATE/SIG_CONSTRAINTS_FAILURE instead of flagged. */
	strictIncrementalUpdates?: boolean;
	/** Levels of the checks (validation-policy.ts); what is missing takes DEFAULT_VALIDATION_POLICY's level. */
	policy?: ValidationPolicyInput;
}

export interface VerifyOptions {
	fileName?: string;
	/** Content of a detached CMS signature (.p7s). */
	detachedContent?: Uint8Array;
	/** Validation time (default: the clock). */
	validationTime?: Date;
	/** Proof-of-existence time, e.g. the archive's received time (Điều 13.6). */
	poeTime?: Date;
	/** This file only: levels overriding the verifier's policy. */
	policy?: ValidationPolicyInput;
}

export interface Verifier {
	verifyFile(bytes: Uint8Array, o?: VerifyOptions): Promise<FileReport>;
	/** verifyFile, with the certificates, CRLs, OCSP responses, time-stamps and settings it relied on. */
	verifyFileWithEvidence(
		bytes: Uint8Array,
		o?: VerifyOptions
	): Promise<{ report: FileReport; material: ValidationMaterial }>;
	/** Adds certificates carried by documents or imported later (untrusted intermediates). */
	addCertificates(ders: readonly Uint8Array[]): void;
	addCrls(ders: readonly Uint8Array[]): void;
	/** Interns a certificate: the same DER always yields the same parsed object (and its caches). */
	intern(der: Uint8Array): ParsedCert;
	stats(): { certificates: number; crls: number; chainCacheEntries: number };
}

/** The verifier's policy: its `policy` option over the default, with the older `revocation.policy` mapped in. */
export function verifierPolicy(o: Pick<VerifierOptions, 'policy' | 'revocation'>): ValidationPolicy {
	const legacy = o.revocation?.policy;
	return resolveValidationPolicy({
		...(legacy ? { revocationFreshness: levelOfRevocationPolicy(legacy) } : {}),
		...o.policy
	});
}

export function createVerifier(o: VerifierOptions): Verifier {
	const clock = o.clock ?? (() => new Date());
	const certs = new CertificateInterner();
	const intern = (c: ParsedCert): ParsedCert => certs.intern(c);
	const internDer = (der: Uint8Array): ParsedCert => certs.fromDer(der);
	const asCert = (x: Uint8Array | ParsedCert) => (x instanceof Uint8Array ? internDer(x) : intern(x));
	const anchors = new CertificatePool(o.trustAnchors.map(asCert));
	const pool = new CertificatePool((o.certificateStore ?? []).map(asCert));
	const crls = new CrlStore();
	const crlOrigins = new Map<string, MaterialOrigin>();
	for (const der of o.revocation?.crls ?? []) {
		const c = tryParseCrl(der);
		if (c && crls.add(c)) crlOrigins.set(c.fingerprint, 'store');
	}
	const basePolicy = verifierPolicy(o);
	// Revocation answers are gathered whatever the level (they are facts); only the older 'none' skips them.
	const revocationChecked = o.revocation?.policy !== 'none';
	const maxAgeMs = (p: ValidationPolicy) =>
		p.revocationMaxAgeSeconds === null ? null : p.revocationMaxAgeSeconds * 1000;
	const revocation = new RevocationService(crls, {
		online: o.revocation?.online ?? false,
		fetch: o.revocation?.fetch,
		timeoutMs: o.revocation?.timeoutMs,
		clock
	});
	const validator = new ChainValidator({
		anchors,
		pool,
		crls,
		revocation: revocationChecked ? 'warn' : 'none',
		answers: revocation.answers,
		fetchOcsp: revocation.fetchOcsp,
		fetchCrls: revocation.fetchCrls
	});
	const tsaValidator = new ChainValidator({
		anchors,
		pool,
		crls,
		revocation: 'if-available',
		answers: revocation.answers
	});
	const cache = new Map<string, ChainResult>();
	for (const der of o.revocation?.ocspResponses ?? []) revocation.addOcspResponse(der);
	const materialSources = {
		crls,
		crlOrigin: (fp: string) => {
			const url = revocation.crlUrls.get(fp);
			return url
				? { origin: 'online' as const, url }
				: { origin: crlOrigins.get(fp) ?? ('store' as const), url: null };
		},
		ocspFor: (c: ParsedCert) => revocation.ocspFor(c)
	};

	const shared = new SharedState({
		certs,
		anchors,
		pool,
		crls,
		crlOrigins,
		revocation,
		cache,
		validator,
		tsaValidator,
		cryptoPolicy: o.cryptoPolicy ?? DEFAULT_CRYPTO_POLICY,
		revocationChecked,
		strictIncrementalUpdates: o.strictIncrementalUpdates ?? false
	});
	// The clocks the services pass return one Date for a whole run: its ISO string once, not once per file. Checked by
	// identity and by value (a Date can be changed in place).
	let lastNow: Date | null = null;
	let lastNowMs = NaN;
	let lastNowIso: string | null = null;
	const isoOfNow = (now: Date): string | null => {
		const ms = now.getTime();
		if (now !== lastNow || ms !== lastNowMs) {
			// An invalid date has none: the judge's own toISOString throws, where it threw before.
			lastNowIso = Number.isNaN(ms) ? null : now.toISOString();
			lastNow = now;
			lastNowMs = ms;
		}
		return lastNowIso;
	};
	const makeContext = (v: VerifyOptions, collector?: MaterialCollector): VerifyContext => {
		const policy = v.policy ? resolveValidationPolicy({ ...basePolicy, ...v.policy }) : basePolicy;
		const now = v.validationTime ?? clock();
		return new FileContext(shared, now, isoOfNow(now), v.poeTime, policy, maxAgeMs(policy), collector);
	};

	const run = async (bytes: Uint8Array, v: VerifyOptions, collector?: MaterialCollector) => {
		const looksPdf = isPdf(bytes) || (v.fileName?.toLowerCase().endsWith('.pdf') ?? false);
		try {
			const ctx = makeContext(v, collector);
			return looksPdf
				? await verifyPdfBytes(bytes, ctx)
				: await verifyCmsBytes(bytes, v.detachedContent ?? null, ctx);
		} catch (e) {
			return formatFailureReport(
				looksPdf ? 'pdf' : 'cms',
				`lỗi khi đọc tệp: ${(e as Error)?.message ?? String(e)}`
			);
		}
	};

	return {
		async verifyFileWithEvidence(bytes, v = {}) {
			const now = v.validationTime ?? clock();
			const collector = new MaterialCollector(materialSources, now);
			const report = await run(bytes, v, collector);
			const policy = v.policy ? resolveValidationPolicy({ ...basePolicy, ...v.policy }) : basePolicy;
			const material = collector.finish({
				validationTime: now.toISOString(),
				poeTime: v.poeTime?.toISOString() ?? null,
				settings: {
					policy,
					revocationChecked,
					online: o.revocation?.online ?? false,
					cryptoPolicy: cryptoPolicyToJson(o.cryptoPolicy ?? DEFAULT_CRYPTO_POLICY)
				}
			});
			return { report, material };
		},
		verifyFile: (bytes, v = {}) => run(bytes, v),
		addCertificates(ders) {
			for (const d of ders) pool.add(internDer(d));
		},
		addCrls(ders) {
			shared.addCarried([], ders, []);
		},
		intern: internDer,
		stats: () => ({ certificates: certs.size, crls: crls.size, chainCacheEntries: cache.size })
	};
}

const NONE: readonly Uint8Array[] = [];
const TSA_EKU = ['1.3.6.1.5.5.7.3.8'];

/**
 * One file's verification context: its validation time, policy and evidence collector over the shared state. An
 * object of one class with methods, not a literal of new closures for every document (a 50 KB document verifies in
 * about 100 µs, and each closure and its `name` counted); the TSA validator, handed around as a function, is made
 * only for a file that has a time-stamp.
 */
class FileContext implements VerifyContext {
	readonly cryptoPolicy: CryptoPolicy;
	readonly revocationChecked: boolean;
	readonly strictIncrementalUpdates: boolean;
	readonly recordTimestamp: ((token: Uint8Array, check: TimestampCheck) => void) | undefined;
	private tsa: TsaValidator | null = null;

	constructor(
		private readonly shared: SharedState,
		readonly now: Date,
		readonly nowIso: string | null,
		readonly poeTime: Date | undefined,
		readonly policy: ValidationPolicy,
		private readonly maxAge: number | null,
		private readonly collector: MaterialCollector | undefined
	) {
		this.cryptoPolicy = shared.cryptoPolicy;
		this.revocationChecked = shared.revocationChecked;
		this.strictIncrementalUpdates = shared.strictIncrementalUpdates;
		this.recordTimestamp = collector ? (token, ts) => collector.timestamp(token, ts) : undefined;
	}

	intern(c: ParsedCert): ParsedCert {
		return this.shared.certs.intern(c);
	}

	addCarried(
		certs: readonly ParsedCert[],
		crlDers: readonly Uint8Array[],
		ocsps: readonly Uint8Array[]
	): void {
		this.shared.addCarried(certs, crlDers, ocsps);
	}

	parseCert(der: Uint8Array): ParsedCert | null {
		return this.shared.certs.parseCert(der);
	}

	private knownChain(cert: ParsedCert, extra: readonly ParsedCert[], time: Date): ChainResult | undefined {
		const s = this.shared;
		s.addCarried(extra, NONE, NONE);
		// The certificate's last key, compared as numbers: documents from one signer repeat it. Exact times, not
		// rounded ones: a certificate may expire, or a revocation or CRL update fall, within any minute. The sizes and
		// the OCSP generation change whenever new path or revocation material arrives.
		const last = s.lastChain.get(cert);
		if (
			last === undefined ||
			last.time !== time.getTime() ||
			last.now !== this.now.getTime() ||
			last.pool !== s.pool.size ||
			last.crls !== s.crls.size ||
			last.generation !== s.revocation.generation ||
			last.maxAge !== this.maxAge
		)
			return undefined;
		this.collector?.chain(last.result, 'signer');
		return last.result;
	}

	async validateChain(cert: ParsedCert, extra: readonly ParsedCert[], time: Date): Promise<ChainResult> {
		const known = this.knownChain(cert, extra, time);
		if (known) return known;
		const s = this.shared;
		const t = time.getTime();
		const now = this.now.getTime();
		const pool = s.pool.size;
		const crls = s.crls.size;
		const generation = s.revocation.generation;
		// Then the cache of every key (its string: a 64-digit fingerprint and five numbers).
		const key = `${cert.fingerprint}|${t}|${now}|${pool}|${crls}|${generation}|${this.maxAge}`;
		let r = s.cache.get(key);
		if (!r) {
			r = await s.validator.validate(s.certs.intern(cert), {
				time,
				now: this.now,
				revocationMaxAgeMs: this.maxAge
			});
			if (s.cache.size > 50_000) s.cache.clear();
			s.cache.set(key, r);
			chainFacts(r); // made here, in this small function, not first in the judge: see chainFacts
		}
		s.lastChain.set(cert, new LastChain(t, now, pool, crls, generation, this.maxAge, r));
		this.collector?.chain(r, 'signer');
		return r;
	}

	get validateTsa(): TsaValidator {
		return (this.tsa ??= (tsa, extra, genTime) => this.checkTsa(tsa, extra, genTime));
	}

	private async checkTsa(tsa: ParsedCert, extra: readonly ParsedCert[], genTime: Date) {
		const s = this.shared;
		s.addCarried(extra, NONE, NONE);
		const r = await s.tsaValidator.validate(s.certs.intern(tsa), {
			time: genTime,
			now: this.now,
			targetEku: TSA_EKU
		});
		this.collector?.chain(r, 'tsa');
		return { ok: r.status === 'valid', reason: r.reason, subIndication: tsaSubIndication(r) };
	}
}

/** The sub-indication a TSA path failure gives the time-stamp (ETSI EN 319 102-1 §5.4 via §5.2.6). */
function tsaSubIndication(r: ChainResult): SubIndication | undefined {
	if (r.status === 'valid') return undefined;
	if (r.status === 'no-chain') return 'NO_CERTIFICATE_CHAIN_FOUND';
	if (r.status === 'revoked') return 'REVOKED_NO_POE';
	if (r.failure?.code === 'EXPIRED' || r.failure?.code === 'NOT_YET_VALID') return 'OUT_OF_BOUNDS_NO_POE';
	return 'CHAIN_CONSTRAINTS_FAILURE';
}
