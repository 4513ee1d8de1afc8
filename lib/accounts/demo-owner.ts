import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import type { Auth } from './auth';
import { authOrganizations, authUsers } from './tables';

export const DEMO_OWNER_EMAIL = 'demo-owner@example.com';

/**
 * Gives the demo customer a dashboard Owner on the first start, so its app, key and webhooks can be seen
 * in the dashboard. Returns the login only when it was created now (the server prints it once); later
 * starts find the company's organization and create nothing.
 */
export async function ensureDemoOwner(
  db: Db,
  auth: Auth,
  demo: { customerId: string; name: string },
): Promise<{ email: string; password: string } | null> {
  const [existing] = await db
    .select({ id: authOrganizations.id })
    .from(authOrganizations)
    .where(eq(authOrganizations.customerId, demo.customerId));
  if (existing) return null;
  const password = randomBytes(12).toString('base64url');
  const { user } = await auth.api.signUpEmail({
    body: { name: 'Demo owner', email: DEMO_OWNER_EMAIL, password },
  });
  try {
    await auth.api.createOrganization({
      body: {
        name: demo.name,
        slug: demo.customerId,
        userId: user.id,
        customerId: demo.customerId,
      },
    });
  } catch (error) {
    await db.delete(authUsers).where(eq(authUsers.id, user.id));
    throw error;
  }
  return { email: DEMO_OWNER_EMAIL, password };
}
