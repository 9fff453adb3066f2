/**
 * Who is signed in (`/me`, the mini-app's 我的) and the organisation as the mini-app's forms need it
 * (`/organisation`), with an administrator ending someone's sessions.
 */
export { meRoutes } from './me';
export { organisationRoutes } from './organisation';
