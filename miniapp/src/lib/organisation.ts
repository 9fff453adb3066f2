import { z } from 'zod';
import { apiRequest } from './api-client';

/** A unit or a person as the server names it in a record: its id and name. */
export const namedSchema = z.object({ id: z.string(), name: z.string() });

/** A person as the address book lists them; each list adds their unit and roles in its own form. */
export const personSchema = namedSchema.extend({ title: z.string().nullable() });

const organisationSchema = z.object({
  departments: z.array(
    z.object({ id: z.string(), name: z.string(), kind: z.string(), parentId: z.string().nullable() }),
  ),
  users: z.array(personSchema.extend({ departmentId: z.string().nullable(), roles: z.array(z.string()) })),
});
export type Organisation = z.infer<typeof organisationSchema>;
export type Person = Organisation['users'][number];

/** The address book the forms pick from: units, and the active users with their unit and roles. */
export const getOrganisation = (signal?: AbortSignal) => apiRequest('/organisation', organisationSchema, { signal });

/** The units a matter or a meeting can name: everything below the government itself, except its leadership. */
export const unitOptions = (org: Organisation) =>
  org.departments
    .filter((d) => d.parentId !== null && d.kind !== 'leadership')
    .map((d) => ({ label: d.name, value: d.id }));
