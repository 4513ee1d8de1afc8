/** Dashboard accounts: sign-up, sign-in (budgeted, optional TOTP), companies, members and roles. */
export type { AccountsContext, Actor } from './accounts';
export type { SignInInput, SignUpInput } from './schemas';
export { signInSchema, signUpSchema, totpSchema } from './schemas';
export {
  acceptInvitation,
  cookieHeader,
  currentActor,
  findOpenInvitation,
  signIn,
  signUpCompany,
  verifySignInCode,
} from './accounts';
export type { Auth, AuthDeps } from './auth';
export { MIN_PASSWORD_LENGTH, createAuth, invitationUrl } from './auth';
export { memberActor, recordDashboardAudit } from './audit';
export { authorize } from './guard';
export type { Mail, Mailer } from './mail';
export { createMailer } from './mail';
export type { Failure, Result } from './result';
export type { Capability, Role } from './roles';
export { CAPABILITIES, INVITABLE_ROLES, ROLES, ROLE_LABELS, roleAllows } from './roles';
export type { SignInLimiter, SignInLimits } from './sign-in-limiter';
export { DEFAULT_SIGN_IN_LIMITS, createSignInLimiter } from './sign-in-limiter';
