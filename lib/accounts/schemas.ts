import { z } from 'zod';

/** Sign-up, sign-in and TOTP input: shared by the forms and the server (zod only). */

export const signUpSchema = z.object({
  companyName: z
    .string()
    .trim()
    .min(1, 'Enter your company name')
    .max(120, 'At most 120 characters'),
  email: z.email('Enter an email address').max(254),
  password: z.string().min(10, 'At least 10 characters').max(128, 'At most 128 characters'),
});
export type SignUpInput = z.infer<typeof signUpSchema>;

export const signInSchema = z.object({
  email: z.email('Enter an email address').max(254),
  password: z.string().min(1, 'Enter your password').max(128),
});
export type SignInInput = z.infer<typeof signInSchema>;

export const totpSchema = z.object({
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/, 'Enter the 6-digit code from your app'),
});
