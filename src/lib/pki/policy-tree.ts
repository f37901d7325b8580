// The valid_policy_tree of RFC 5280 section 6.1.2 (a), 6.1.3 (d)-(f), 6.1.4 (a)-(b) and 6.1.5 (g): certificate
// policy processing across the path, with policy mapping and anyPolicy inhibition.
export const ANY_POLICY = '2.5.29.32.0';

interface Node {
	validPolicy: string;
	expected: Set<string>;
	children: Node[];
	parent: Node | null;
	depth: number;
}

const node = (validPolicy: string, expected: Iterable<string>, parent: Node | null, depth: number): Node => {
	const n: Node = { validPolicy, expected: new Set(expected), children: [], parent, depth };
	parent?.children.push(n);
	return n;
};

export class PolicyTree {
	private root: Node | null = node(ANY_POLICY, [ANY_POLICY], null, 0);

	get isNull(): boolean {
		return this.root === null;
	}

	private level(depth: number): Node[] {
		if (!this.root) return [];
		let nodes = [this.root];
		for (let d = 0; d < depth; d++) nodes = nodes.flatMap((n) => n.children);
		return nodes;
	}

	/** 6.1.3 (d): `policies` of certificate i; `anyAllowed` is inhibit_anyPolicy > 0 or (i < n and self-issued). */
	processCertificate(i: number, policies: readonly string[], anyAllowed: boolean): void {
		if (!this.root) return;
		const parents = this.level(i - 1);
		for (const p of policies) {
			if (p === ANY_POLICY) continue;
			const matches = parents.filter((n) => n.expected.has(p));
			if (matches.length) for (const m of matches) node(p, [p], m, i);
			else for (const a of parents.filter((n) => n.validPolicy === ANY_POLICY)) node(p, [p], a, i);
		}
		if (policies.includes(ANY_POLICY) && anyAllowed) {
			for (const n of parents) {
				const present = new Set(n.children.map((c) => c.validPolicy));
				for (const e of n.expected) if (!present.has(e)) node(e, [e], n, i);
			}
		}
		this.prune(i);
	}

	/** 6.1.3 (e): no certificatePolicies extension. */
	clear(): void {
		this.root = null;
	}

	/** 6.1.4 (b): apply policy mappings of certificate i (issuer policy → subject policies). */
	applyMappings(i: number, mappings: ReadonlyMap<string, string[]>, mappingAllowed: boolean): void {
		if (!this.root) return;
		for (const [issuerPolicy, subjectPolicies] of mappings) {
			const nodes = this.level(i).filter((n) => n.validPolicy === issuerPolicy);
			if (mappingAllowed) {
				if (nodes.length) for (const n of nodes) n.expected = new Set(subjectPolicies);
				else {
					const any = this.level(i).find((n) => n.validPolicy === ANY_POLICY);
					if (any?.parent) node(issuerPolicy, subjectPolicies, any.parent, i);
				}
			} else {
				for (const n of nodes) n.parent!.children.splice(n.parent!.children.indexOf(n), 1);
				this.prune(i);
			}
		}
	}

	/** Removes nodes above `depth` left without children (and the tree when the root goes). */
	private prune(depth: number): void {
		for (let d = depth - 1; d >= 0; d--) {
			for (const n of this.level(d)) {
				if (n.children.length === 0) {
					if (n.parent) n.parent.children.splice(n.parent.children.indexOf(n), 1);
					else this.root = null;
				}
			}
		}
	}

	/** 6.1.5 (g): intersect with the user-initial-policy-set; the default {anyPolicy} keeps the tree. */
	intersect(n: number, initial: ReadonlySet<string>): void {
		if (!this.root || initial.has(ANY_POLICY)) return;
		const leaves = this.level(n);
		// Nodes whose parent is an anyPolicy node form the valid_policy_node_set boundary.
		const boundary: Node[] = [];
		const walk = (x: Node) => {
			for (const c of x.children) {
				if (x.validPolicy === ANY_POLICY) boundary.push(c);
				if (c.validPolicy === ANY_POLICY || x.validPolicy === ANY_POLICY) walk(c);
			}
		};
		walk(this.root);
		for (const b of boundary) {
			if (b.validPolicy !== ANY_POLICY && !initial.has(b.validPolicy) && b.parent) {
				b.parent.children.splice(b.parent.children.indexOf(b), 1);
			}
		}
		const anyLeaf = leaves.find((l) => l.validPolicy === ANY_POLICY);
		if (anyLeaf?.parent) {
			const present = new Set(this.level(n).map((l) => l.validPolicy));
			for (const p of initial) if (!present.has(p)) node(p, [p], anyLeaf.parent, n);
			anyLeaf.parent.children.splice(anyLeaf.parent.children.indexOf(anyLeaf), 1);
		}
		this.prune(n);
	}

	/** The policies the path is valid for (leaf valid_policy values), for reporting. */
	policies(n: number): string[] {
		return [...new Set(this.level(n).map((l) => l.validPolicy))];
	}
}
