import { InitialSchema1795625662830 } from './1795625662830-InitialSchema';

/** Every migration, in order. Explicit on purpose: nothing is found by glob. */
export const MIGRATIONS: (new () => unknown)[] = [InitialSchema1795625662830];
