// Signing events: where a signed document travelled (regulation Điều 4, 15.1), in what form it
// was signed (Decree 30 Art. 13 and the regulation's Điều 13), its classification and direction.
export const CHANNELS = ['qlvb', 'dvc', 'email', 'portal', 'other'] as const;
export type Channel = (typeof CHANNELS)[number];

export const SIGNING_FORMS = ['own', 'kt', 'tl', 'tuq', 'tm', 'q', 'org', 'copy', 'attachment'] as const;
export type SigningForm = (typeof SIGNING_FORMS)[number];

export const CLASSIFICATIONS = ['normal', 'confidential', 'secret', 'top_secret'] as const;
export type Classification = (typeof CLASSIFICATIONS)[number];

export const DIRECTIONS = ['outgoing', 'incoming'] as const;
export type Direction = (typeof DIRECTIONS)[number];
