import type { Metadata } from 'next';
import Link from 'next/link';
import { AcceptInvitationForm } from '@/components/dashboard/accept-invitation-form';
import { AuthCard } from '@/components/dashboard/auth-card';
import { findOpenInvitation, ROLE_LABELS } from '@/lib/accounts';
import { isRole } from '@/lib/accounts/roles';
import { getDb } from '@/lib/db/client';
import '../../site.css';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Accept invitation · Auth Journey' };

export default async function InvitationPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const invitation = id.length <= 100 ? await findOpenInvitation(await getDb(), id) : null;
  if (!invitation) {
    return (
      <AuthCard title="Invitation not valid">
        <p className="text-slate-700">
          This invitation was used, withdrawn or has expired. Ask the person who invited you for a
          new link.
        </p>
        <Link href="/login" className="font-semibold text-brand underline">
          Sign in
        </Link>
      </AuthCard>
    );
  }
  const role = isRole(invitation.role) ? ROLE_LABELS[invitation.role] : invitation.role;
  return (
    <AuthCard title={`Join ${invitation.companyName}`}>
      <p className="text-slate-700">
        You are invited as <strong>{role}</strong> with <strong>{invitation.email}</strong>.
      </p>
      <AcceptInvitationForm invitationId={invitation.id} hasAccount={invitation.hasAccount} />
    </AuthCard>
  );
}
