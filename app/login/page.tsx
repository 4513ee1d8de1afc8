import type { Metadata } from 'next';
import Link from 'next/link';
import { AuthCard } from '@/components/dashboard/auth-card';
import { SignInForm } from '@/components/dashboard/sign-in-form';
import '../site.css';

export const metadata: Metadata = { title: 'Sign in · Auth Journey' };

export default function SignInPage() {
  return (
    <AuthCard
      title="Sign in"
      footer={
        <>
          New here?{' '}
          <Link href="/signup" className="font-semibold text-brand underline">
            Create an account
          </Link>
        </>
      }
    >
      <SignInForm />
    </AuthCard>
  );
}
