import type { Metadata } from 'next';
import { ActionButton } from '@/components/dashboard/action-button';
import { DashboardFrame, Section } from '@/components/dashboard/dashboard-frame';
import { ScrollTable } from '@/components/dashboard/scroll-table';
import { InviteForm } from '@/components/dashboard/invite-form';
import { RoleSelect } from '@/components/dashboard/role-select';
import { TwoFactorForm } from '@/components/dashboard/two-factor-form';
import { ROLE_LABELS, roleAllows } from '@/lib/accounts/roles';
import { isRole } from '@/lib/accounts/roles';
import { getDb } from '@/lib/db/client';
import { listTeam } from '@/lib/dashboard/reads';
import { removeMemberAction } from '../actions';
import { environmentOf, formatDate, type SearchParams } from '../_lib/page';
import { requireActor } from '../_lib/session';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Team · Auth Journey dashboard' };

export default async function TeamPage({ searchParams }: { searchParams: SearchParams }) {
  const actor = await requireActor();
  const environment = await environmentOf(searchParams);
  const { members, invitations } = await listTeam(await getDb(), actor.organizationId);
  const manages = roleAllows(actor.role, 'team:manage');
  return (
    <DashboardFrame
      actor={actor}
      path="/dashboard/team"
      environment={environment}
      title="Team"
      environmental={false}
    >
      <Section id="invite" title="Invite member">
        {manages ? (
          <InviteForm />
        ) : (
          <p className="text-slate-700">Owners and Admins invite members.</p>
        )}
      </Section>
      <Section id="members" title="Members">
        <ScrollTable label="Members table">
          <table className="w-full min-w-[40rem] text-left text-sm">
            <thead>
              <tr className="border-b border-slate-300">
                {['Email', 'Role', 'Two-factor', 'Joined', ''].map((h, i) => (
                  <th key={i} scope="col" className="py-2 pr-3">
                    {h || <span className="sr-only">Actions</span>}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {members.map((m) => {
                const editable = manages && m.role !== 'owner' && m.memberId !== actor.memberId;
                return (
                  <tr key={m.memberId} className="border-b border-slate-200 align-top">
                    <td className="py-2 pr-3 break-all">{m.email}</td>
                    <td className="py-2 pr-3">
                      {editable ? (
                        <RoleSelect memberId={m.memberId} role={m.role} email={m.email} />
                      ) : isRole(m.role) ? (
                        ROLE_LABELS[m.role]
                      ) : (
                        m.role
                      )}
                    </td>
                    <td className="py-2 pr-3">{m.twoFactor ? 'On' : 'Off'}</td>
                    <td className="py-2 pr-3">{formatDate(m.joinedAt)}</td>
                    <td className="py-2">
                      {editable ? (
                        <ActionButton
                          action={removeMemberAction}
                          label="Remove"
                          confirm="Remove member"
                          tone="danger"
                          fields={{ memberId: m.memberId }}
                        />
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </ScrollTable>
      </Section>
      <Section id="account" title="Your account">
        {members.find((m) => m.memberId === actor.memberId)?.twoFactor ? (
          <p className="text-slate-700">
            Two-factor authentication is on: sign-in asks for a code from your app.
          </p>
        ) : (
          <>
            <p className="text-slate-700">
              Two-factor authentication is off. Turn it on to be asked for a code from an
              authenticator app at sign-in.
            </p>
            <TwoFactorForm />
          </>
        )}
      </Section>
      {invitations.length > 0 ? (
        <Section id="pending" title="Pending invitations">
          <ul className="flex flex-col gap-1 text-sm">
            {invitations.map((i) => (
              <li key={i.id}>
                {i.email} as {i.role && isRole(i.role) ? ROLE_LABELS[i.role] : i.role}, until{' '}
                {formatDate(i.expiresAt)}
              </li>
            ))}
          </ul>
        </Section>
      ) : null}
    </DashboardFrame>
  );
}
