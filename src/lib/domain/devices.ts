// Private-key devices: the kinds Decree 68 names, the states a device is in, and the custody
// events that move it between them (the state machine itself is server code: custody-state.ts).
export const DEVICE_KINDS = ['pki_token', 'sim_pki', 'hsm', 'remote'] as const;
export type DeviceKind = (typeof DEVICE_KINDS)[number];

export const TOKEN_STATUSES = ['in_stock', 'issued', 'locked', 'lost', 'damaged', 'returned'] as const;
export type TokenStatus = (typeof TOKEN_STATUSES)[number];

/** Every event a device's history may hold, `received` (into the agency's store) included. */
export const CUSTODY_EVENTS = [
	'received',
	'issued',
	'handed_over',
	'returned',
	'locked',
	'lost',
	'recovered',
	'returned_to_ca',
	'damaged'
] as const;
export type CustodyEvent = (typeof CUSTODY_EVENTS)[number];
