// Minimal Reflect metadata polyfill: @peculiar/x509 (through tsyringe) refuses to load without one, and the project
// has no `reflect-metadata` dependency. Installs only what tsyringe and tslib's __metadata call, only when missing.
type MetaMap = Map<unknown, unknown>;
const store = new WeakMap<object, Map<string | symbol | undefined, MetaMap>>();

function table(target: object, key: string | symbol | undefined, create: boolean): MetaMap | undefined {
	let byKey = store.get(target);
	if (!byKey) {
		if (!create) return undefined;
		byKey = new Map();
		store.set(target, byKey);
	}
	let meta = byKey.get(key);
	if (!meta && create) {
		meta = new Map();
		byKey.set(key, meta);
	}
	return meta;
}

const R = Reflect as unknown as Record<string, unknown>;
if (typeof R.getMetadata !== 'function') {
	const getOwn = (k: unknown, t: object, p?: string | symbol) => table(t, p, false)?.get(k);
	const hasOwn = (k: unknown, t: object, p?: string | symbol) => table(t, p, false)?.has(k) ?? false;
	const get = (k: unknown, t: object, p?: string | symbol): unknown => {
		for (let o: object | null = t; o; o = Object.getPrototypeOf(o) as object | null) {
			if (hasOwn(k, o, p)) return getOwn(k, o, p);
		}
		return undefined;
	};
	const define = (k: unknown, v: unknown, t: object, p?: string | symbol) => {
		table(t, p, true)?.set(k, v);
	};
	Object.assign(R, {
		defineMetadata: define,
		getOwnMetadata: getOwn,
		hasOwnMetadata: hasOwn,
		getMetadata: get,
		hasMetadata: (k: unknown, t: object, p?: string | symbol) => get(k, t, p) !== undefined,
		metadata: (k: unknown, v: unknown) => (t: object, p?: string | symbol) => define(k, v, t, p)
	});
}

export {};
