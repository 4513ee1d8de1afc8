import type { Metadata } from 'next';
import Link from 'next/link';
import { AuthCard } from '@/components/dashboard/auth-card';
import { SignUpForm } from '@/components/dashboard/sign-up-form';
import '../site.css';

export const metadata: Metadata = { title: 'Create your account · Auth Journey' };

export default function SignUpPage() {
  return (
    <AuthCard
      title="Create your account"
      footer={
        <>
          Already have an account?{' '}
          <Link href="/login" className="font-semibold text-brand underline">
            Sign in
          </Link>
        </>
      }
    >
      <p className="text-slate-700">
        You get a sandbox right away: an app, keys and simulated devices. Live access follows on
        request.
      </p>
      <SignUpForm />
    </AuthCard>
  );
}
