// The application's vocabulary: the enumerated values of the schema as client-safe constants and
// types. Imports nothing from the server, the database or SvelteKit, so pages, components,
// services, jobs, workbooks and the CLI all read the same lists.
export * from './certificates';
export * from './devices';
export * from './findings';
export * from './inspections';
export * from './notifications';
export * from './organisation';
export * from './reports';
export * from './requests';
export * from './roles';
export * from './signing';
export * from './vocabulary';
